"""False-positive filters: small named predicates over a candidate value.

Each takes the value and the text before it on its line, and returns True when the value is not
a real secret (a placeholder, a variable reference, a hash, ...).
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Callable
from typing import TypeVar

Filter = Callable[[str, str], bool]
F = TypeVar("F", bound=Filter)

# Filters that recall mode (the gateway) skips: they drop values that are key-shaped but look
# like examples, tests or filler, which `veil scan` need not report but a gateway still masks.
RECALL_SKIPPED_FILTERS: set[Filter] = set()


def documentation_filter(f: F) -> F:
    """Marks `f` as dropping documented, test or placeholder values: recall mode skips it."""
    RECALL_SKIPPED_FILTERS.add(f)
    return f


_PLACEHOLDER_WORDS = (
    "example",
    "your_",
    "your-",
    "yourapikey",
    "yourkey",
    "yoursecret",
    "yourpassword",
    "yourtoken",
    "changeme",
    "change_me",
    "change-me",
    "placeholder",
    "redacted",
    "dummy",
    "replace_me",
    "replaceme",
    "insert_",
    "insert-",
    "<your",
    "notarealkey",
    "not_a_real",
    "not-a-real",
    "fake_",
    "fakekey",
    "secretgoeshere",
    "sample_",
)
_PLACEHOLDER_RE = re.compile("|".join(re.escape(w) for w in _PLACEHOLDER_WORDS))
_NON_ALNUM = re.compile(r"[\W_]")
# Runs of masking characters (`xxxx`, `****`, `....`): a placeholder when they are a quarter of the
# value or more, so that `xxxx` by chance inside a long random key does not hide it.
_MASK_RUN = re.compile(r"x{4,}|\*{3,}|\.{3,}|#{4,}|_{4,}|0{8,}")
# Interpolation anywhere in a value makes it an expression, not a literal: `x-${env}`, `{name}`.
_INTERPOLATION = re.compile(r"\$\{[^}]*\}|\{\{.*?\}\}|#\{[^}]*\}|^\{\w*\}$|%[sd](?![A-Za-z0-9])")
_TEMPLATE = re.compile(
    r"""^(?:\$\{[^}]*\}|\$\([^)]*\)|\$[A-Za-z_]\w*|\{\{.*\}\}|\{%.*%\}|<%.*%>|%\([\w.]+\)[sd]|"""
    r"""<[^<>]*>|\[[A-Z_ ]+\]|%[A-Z_]+%|#\{[^}]*\})$"""
)
_REFERENCE_PREFIXES = (
    "os.environ",
    "os.getenv",
    "process.env",
    "env(",
    "env.",
    "getenv(",
    "system.getenv",
    "environment.getenvironmentvariable",
    "secrets.",
    "vars.",
    "config.",
    "settings.",
    "self.",
    "this.",
    "request.",
    "params.",
    "args.",
    "props.",
)
# An identifier as people write them: snake_case, UPPER_CASE, PascalCase or camelCase words;
# random tokens (`SG.xY9q...`) mix case in ways these do not.
_IDENT = (
    r"(?:[a-z_$][a-z0-9_$]*|[A-Z][A-Z0-9_]*|(?:[A-Z][a-z]+[0-9]*)+|[a-z]+(?:[A-Z][a-z]+[0-9]*)+)"
)
_CODE_REFERENCE = re.compile(
    rf"^{_IDENT}(?:(?:\.|->|::){_IDENT})+(?:\(.*\))?$|^{_IDENT}\(.*\)$|^{_IDENT}\[.*\]$"
)
_UUID = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")
_SEQUENCES = ("01234567890", "abcdefghijklmnopqrstuvwxyz", "qwertyuiop", "asdfghjkl")
# Ten characters of an alphabet, digit or keyboard run anywhere in a value mark it as typed filler.
_SEQUENCE_RUN = re.compile(
    "|".join(sorted({seq[i : i + 10] for seq in _SEQUENCES for i in range(len(seq) - 9)}))
)

# SHA-256 of documented example credentials from vendors' own docs (AWS, Stripe, GitHub, ...).
# Stored as digests so that the repository holds no key-shaped strings.
_DOCUMENTED_EXAMPLES = frozenset(
    {
        hashlib.sha256(v.encode()).hexdigest()
        for v in (
            "AKIA" + "IOSFODNN7" + "EXAMPLE",
            "wJalrXUtnFEMI/K7MDENG/bPxRfiCY" + "EXAMPLEKEY",
            "sk_test_" + "4eC39HqLyjWDarjtT1zdp7dc",
            "pk_test_" + "TYooMQauvdEDq54NiTphI7jx",
        )
    }
)


@documentation_filter
def is_placeholder(value: str, prefix: str = "") -> bool:
    """A placeholder or documented example: `your-api-key-here`, `xxxx`, `changeme`."""
    low = value.lower()
    if _PLACEHOLDER_RE.search(low):
        return True
    masked = sum(len(run) for run in _MASK_RUN.findall(low))
    if masked and masked * 4 >= len(value):
        return True
    if value.isupper() and "EXAMPLE" in value:
        return True
    if hashlib.sha256(value.encode()).hexdigest() in _DOCUMENTED_EXAMPLES:
        return True
    return is_repetitive(value)


@documentation_filter
def is_repetitive(value: str, prefix: str = "") -> bool:
    """Mostly one repeated character, or a keyboard/alphabet/digit run (`12345678`, `abcdefgh`)."""
    core = _NON_ALNUM.sub("", value)
    if len(core) >= 6 and Counter(core).most_common(1)[0][1] / len(core) > 0.6:
        return True
    low = core.lower()
    if len(low) >= 6 and any(low in seq for seq in _SEQUENCES):
        return True
    return bool(_SEQUENCE_RUN.search(low))


def is_template(value: str, prefix: str = "") -> bool:
    """A variable reference or template: `${VAR}`, `$VAR`, `{{ var }}`, `<token>`, `%(x)s`."""
    value = value.strip("\"'`")
    return bool(_TEMPLATE.match(value) or _INTERPOLATION.search(value))


def is_code_reference(value: str, prefix: str = "") -> bool:
    """An expression, not a literal: `os.environ[...]`, `process.env.X`, `config.db_password`."""
    low = value.lower()
    if any(low.startswith(p) for p in _REFERENCE_PREFIXES):
        return True
    if prefix.rstrip(" \"'`").endswith(("os.environ[", "getenv(", "ENV[", "env[", "environ.get(")):
        return True
    return bool(_CODE_REFERENCE.match(value))


def is_uuid(value: str, prefix: str = "") -> bool:
    """A UUID: an identifier, not a credential (when no specific rule says otherwise)."""
    return bool(_UUID.match(value))


def is_base64_data(value: str, prefix: str = "") -> bool:
    """Inline binary data (`data:image/png;base64,...`, SRI `sha384-...`), not a secret."""
    tail = prefix[-64:].lower()
    return "base64," in tail or tail.endswith(("sha256-", "sha384-", "sha512-"))


def is_path_or_url(value: str, prefix: str = "") -> bool:
    """A file path or plain URL without credentials (`/usr/local/bin`, `https://x.io/a`)."""
    if "://" in value:
        return "@" not in value
    return value.count("/") >= 2 and bool(re.fullmatch(r"[\w./\-~]+", value)) and value[0] in "/.~"


COMMON: tuple[Filter, ...] = (is_placeholder, is_template, is_code_reference)
# For literal-led tokens: dotted ones (`dp.st.x`, `hvs.x`) look like attribute access to
# `is_code_reference`.
LITERAL: tuple[Filter, ...] = (is_placeholder, is_template)
