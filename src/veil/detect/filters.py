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
# A template or interpolation anywhere in a value makes it an expression, not a literal:
# `x-${env}`, `{{ var }}`, `#{x}`, `{% x %}`, `<%= x %>`, `%s`, `{0}`.
_EMBEDDED_TEMPLATE = re.compile(
    r"\$\{|#\{|\{\{|\{%|<%|%[sd](?![A-Za-z0-9])|\{\d*\}"
    # a Python f-string's replacement field: `{token}`, `{key.upper()}`, `{key[4:]}`
    r"|\{[A-Za-z_][\w.]*(?:\([^(){}]*\)|\[[^\[\]{}]*\])*(?:![rsa])?\}"
    # ... and one cut at a quote in its call: `{key.replace(` of `{key.replace("a", "b")}`
    r"|\{[A-Za-z_][\w.]*\($"
)
# A whole value that is a reference or a template: `${VAR}`, `$VAR`, `<token>`, `%(x)s`, `{name}`.
_TEMPLATE = re.compile(
    r"""^(?:\$\{[^}]*\}|\$\([^)]*\)|\$[A-Za-z_]\w*|\{\{.*\}\}|\{%.*%\}|<%.*%>|%\([\w.]+\)[sd]|"""
    r"""<[^<>]*>|\[[A-Z_ ]+\]|%[A-Z_]+%|#\{[^}]*\}|\{\w*\})$"""
)
# A whole value that is a format field or a bind parameter, as in log lines and SQL: `%-5s`,
# `{}`, `{password}`, `$1`, `:name`, `@name`, `?`, `%VAR%`.
_FORMAT_FIELD = re.compile(
    r"""^(?:%[-+ #0]*\d*(?:\.\d+)?[sdifvqrx]|\{[\w.\[\]'":!]*\}|\$\d+|:\w+|@\w+|\?|%\w+%)$"""
)
_PATH_CHARS = re.compile(r"[\w./\-~]+")
_COUNTED = re.compile(r"\d+[a-z]{0,3}")
_LONG_HEX = re.compile(r"[0-9a-fA-F]{32,}")
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

# SHA-256 of credentials printed in standards and vendors' docs, copied into every test suite;
# stored as digests so that the repository holds no key-shaped strings: AWS's example access key
# id and secret key, Stripe's documented test secret and publishable keys; RFC 6749 (access token,
# refresh token, authorization code, client secret), RFC 6750 (bearer token), RFC 7617 (the Basic
# password of "Aladdin"); the Kubernetes docs' Secret password, plain and base64-encoded.
_DOCUMENTED_EXAMPLES = frozenset(
    (
        "1a5d44a2dca19669d72edf4c4f1c27c4c1ca4b4408fbb17f6ce4ad452d78ddb3",
        "78314b11be2e581549ac1c4f616563fad3fdf0c3b71678f6e2299182080e0598",
        "2cafc0970149a84f3b9e62eaf169f36f59907a3b3e31f7b82e68c69cd27f7326",
        "b1471f544ceeea31333bde7e1ecbaad6eac0d4a749412ad29bd66ef895b81c6b",
        "13fe7a38a57c46053ee3a4716358619ff37ebc5674976f1a09fc189be5a3e5dd",
        "a7b580d711ef2807c7f11d881a1e7ff8a68c7e7d4e7c14e217bc9c522e3678ba",
        "6c96130f130ab0d6d158397e24d2bcc1c9a5e73ae081f6e983f1c7b545d24a4c",
        "00cf4c781dc37003f7c7dd7d4c9a6ef1e0f4c62d9a291aa8bc398774e3fefd32",
        "a35b81a7d7927b70ec99270dd2362b88580a28574af812f2c02f56469579186f",
        "53f5da0aaa93d64cd5772c554cbf940f0539e689dddbeb8f923eec3f72c02ea9",
        "b8e148545b13c78bc74da2f1a7275dd71e56ddece129d7d2f7b3ecc06f7994da",
        "41ef4bb0b23661e66301aac36066912dac037827b4ae63a7b1165a5aa93ed4eb",
    )
)


@documentation_filter
def is_documented_example(value: str, prefix: str = "") -> bool:
    """A credential printed in a standard or a vendor's docs (OAuth's RFC 6749 tokens, AWS's
    example key), found in every test suite."""
    return hashlib.sha256(value.encode()).hexdigest() in _DOCUMENTED_EXAMPLES


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
    if is_documented_example(value):
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
    return bool(_TEMPLATE.match(value) or _EMBEDDED_TEMPLATE.search(value))


def is_interpolation(value: str, prefix: str = "") -> bool:
    """A format field or template, whole or inside: `%s`, `{}`, `{password}`, `x-${env}`."""
    return bool(_FORMAT_FIELD.match(value) or _EMBEDDED_TEMPLATE.search(value))


def is_code_reference(value: str, prefix: str = "") -> bool:
    """An expression, not a literal: `os.environ[...]`, `process.env.X`, `config.db_password`."""
    low = value.lower()
    if low.startswith(_REFERENCE_PREFIXES):
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
    return value.count("/") >= 2 and bool(_PATH_CHARS.fullmatch(value)) and value[0] in "/.~"


# --- value shapes that are no secret: names, paths, versions, hashes, defaults ----------------

_CLASSES = (re.compile("[a-z]"), re.compile("[A-Z]"), re.compile("[0-9]"))
_WORD = re.compile(r"^(?:[a-z]+|[A-Z]+|[A-Z][a-z]+)$")
_LEET = str.maketrans("@4310$5!7", "aaeiosslt")
_DEFAULT_PASSWORDS = frozenset(
    (  # noqa: SIM905 - a list of words reads better as words
        "password passwd pass pwd pw secret changeit changeme admin administrator root toor test "
        "testing tester guest user username login default letmein welcome qwerty demo sample "
        "example postgres postgresql mysql mariadb redis mongo mongodb oracle rabbitmq sa master "
        "foo bar foobar abc mypass mypassword mysecret secretpassword dbpass dbpassword temp tmp "
        "dev local docker superuser manager system"
    ).split()
)
_PASSWORD_HASH = re.compile(
    r"^(?:\$(?:2[abxy]?|1|5|6|y|gy|7|argon2(?:id|i|d)|scrypt|pbkdf2(?:-sha\d+)?|sha1)\$|"
    r"(?:pbkdf2_sha\d+|bcrypt(?:_sha256)?|argon2|scrypt|sha1|md5|crypt)\$|\{(?:S?SHA|S?MD5|CRYPT|"
    r"PBKDF2[\w-]*|ARGON2)\}|md5[0-9a-f]{32}$|\*[0-9A-F]{40}$|SCRAM-SHA-256\$)",
    re.IGNORECASE,
)
_VALIDATION_SPEC = re.compile(r"^(?:[a-z_]+(?::[\w,.\-]+)?)(?:\|[a-z_]+(?::[\w,.\-]+)?)+$")
_VERSION = re.compile(r"^[v^~=<>]*\d+(?:\.\d+){1,3}(?:[\-+][\w.\-+]*)?$")
_FILE_NAME = re.compile(
    r"\.(?:pem|key|crt|cer|der|p12|pfx|jks|keystore|json|ya?ml|toml|ini|env|txt|conf|cfg|pub|gpg|"
    r"asc|enc|age|kdbx|sh|py|js|ts|html?|xml|csv|zip|tar|gz|war|jar|log)$|/[\w\-]+\.[a-z]{2,4}$",
    re.IGNORECASE,
)
_IMAGE_BASE64 = ("iVBORw0KGgo", "/9j/", "R0lGOD", "UklGR", "PHN2Zy", "AAABAA")
_HASH_WORDS = re.compile(
    r"(?i)sha\d*|md5|hash|digest|checksum|integrity|commit|revision|\brev\b|etag|fingerprint"
)
_NAME_SEGMENT = re.compile(
    r"(?:[a-z]+\d{1,2})?(?:[a-z]+|[A-Z]+|[A-Z][a-z]+)\d*(?:(?:[A-Z][a-z]+|[A-Z]+)\d*)*"
)
# Camel-case chunks, and the short words and abbreviations that make real ones (`isOk`, `getId`).
_CHUNK = re.compile(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+")
_SHORT_WORDS = frozenset(
    (  # noqa: SIM905 - a list of words reads better as words
        "a an as at be by do go id if in io is it me my no of ok on or os so to up us we "
        "db ui ip js vm"
    ).split()
)
_VOWELS = frozenset("aeiouyAEIOUY")
_INNER_DIGITS = re.compile(r"\d+(?=[A-Za-z])")
_QUERY_STRING = re.compile(r"(?:^|[?&])\w+=[^&]*&\w+=")
_URL_HOST = re.compile(r"//(?:[^/\s?#@]*@)?([\w.\-]+)([^\s\"'`<>]*)$")


@documentation_filter
def is_documentation_url(value: str, prefix: str = "") -> bool:
    """In a URL on a documentation domain (`api.example.com`), or one marked as an example
    (`?AWSAccessKeyId=AKIAIOSFODNN7EXAMPLE&Signature=...`), as in every API's docs."""
    m = _URL_HOST.search(prefix)
    if m is None:
        return False
    return bool(re.search(r"(?:^|\.)example\.(?:com|org|net)$", m.group(1))) or (
        "EXAMPLE" in m.group(2)
    )


def is_query_string(value: str, prefix: str = "") -> bool:
    """Several `name=value` pairs joined by `&`: a URL query, not one secret."""
    return bool(_QUERY_STRING.search(value))


def _is_word(word: str) -> bool:
    if _WORD.match(word):
        return True
    if not word.isalpha():
        return False
    chunks = _CHUNK.findall(word)
    vowels = sum(c in "aeiouAEIOU" for c in word)
    if len(word) / len(chunks) < (3.0 if len(chunks) >= 5 else 2.5) or vowels / len(word) < 0.2:
        return False
    # Random mixed case reads as many short chunks (`Wo`, `Cm`) or long ones without a vowel.
    odd = sum(len(c) <= 2 and not c.isupper() and c.lower() not in _SHORT_WORDS for c in chunks)
    if len(chunks) >= 4 and odd * 3 >= len(chunks):
        return False
    return not any(len(c) >= 5 and not c.isupper() and not set(c) & _VOWELS for c in chunks)


def is_identifier_like(value: str, prefix: str = "") -> bool:
    """A name rather than a secret: `str`, `None`, `userPassword`, `DB_PASSWORD`, `db.password`."""
    return all(_is_word(w) for w in re.split(r"[_.\-]", value.lstrip(":@$*&!")) if w)


def _is_name_segment(segment: str) -> bool:
    if _COUNTED.fullmatch(segment):  # `2`, `2fa`, `1st`
        return True
    if len(_INNER_DIGITS.findall(segment)) > 1:  # `y3hrzvD6Aiu`: digits inside, twice
        return False
    return bool(_NAME_SEGMENT.fullmatch(segment)) and _is_word(re.sub(r"\d", "", segment))


def _segments(value: str) -> list[str]:
    return [s for s in re.split(r"[_.\-/:=*+%#\[\]]+", value.lstrip("@$&!")) if s]


def is_name_like(value: str, prefix: str = "") -> bool:
    """Identifiers and words, joined: `gs_oauth2_refresh_token`, `V1ServiceAccountToken`,
    `projects/my-project/secrets/db/versions/2`, `StreamDescription.Shards[-1].ShardId`."""
    segments = _segments(value)
    return bool(segments) and all(_is_name_segment(s) for s in segments)


_ARN_PREFIX = re.compile(r"\barn:[\w\-*]*:[^\s\"'`]*$")


def _has_random_segment(value: str) -> bool:
    """A segment no path holds: long, mixed case, not a name (base64 with `/` in it)."""
    return any(
        len(seg) >= 16
        and re.search(r"[a-z]", seg)
        and re.search(r"[A-Z]", seg)
        and not is_name_like(seg)
        for seg in value.split("/")
    )


def is_path(value: str, prefix: str = "") -> bool:
    """A file path or a URL without credentials, but not base64 that starts with a `/`."""
    return is_path_or_url(value, prefix) and not _has_random_segment(value)


def is_resource_name(value: str, prefix: str = "") -> bool:
    """An ARN, a cloud resource path or a relative path: `arn:aws:iam::aws:policy/X`,
    `projects/p/secrets/db/versions/2`, `../../std/vec/struct.Vec.html`."""
    if _ARN_PREFIX.search(prefix):
        return True
    if value.startswith(("./", "../", "~/", "/")):
        return not _has_random_segment(value)
    return bool(re.search(r"[/:]", value)) and len(_segments(value)) >= 3 and is_name_like(value)


def is_default_password(value: str, prefix: str = "") -> bool:
    """A default or documentation password: `password`, `changeit`, `P@ssw0rd1`, `admin123`."""
    if re.search(r"(?i)pass(?:wor|w)d", value):  # `MyPassword1!`, `##invalid-password##`
        return True
    stem = re.sub(r"[\d\W_]+$", "", value)
    for candidate in (re.sub(r"[^a-z]", "", stem.lower()), stem.lower().translate(_LEET)):
        if not candidate or candidate in _DEFAULT_PASSWORDS:
            return True
    user = re.search(r"([^\s:/@\"'`]+):$", prefix)  # `user:user@host`, `postgres:postgres`
    return user is not None and user.group(1) == value


def is_password_hash(value: str, prefix: str = "") -> bool:
    """A stored password hash (bcrypt, Django's pbkdf2, LDAP `{SSHA}`): not the password."""
    return bool(_PASSWORD_HASH.match(value))


def is_validation_spec(value: str, prefix: str = "") -> bool:
    """A form validation rule (`required|min:8|confirmed`), not a password."""
    return bool(_VALIDATION_SPEC.match(value))


_REGEX = re.compile(r"\(\?[:=!<P]|\[\^|\|.*\)|\(.*\|")


def is_regex(value: str, prefix: str = "") -> bool:
    """A regular expression (`(?:key|pwd)`, `[^\\s]+`), as in a scanner's own source."""
    return bool(_REGEX.search(value))


def is_version(value: str, prefix: str = "") -> bool:
    """A package version or range: `1.2.3`, `^4.17.21`, `v2.0.0-rc.1+build.5`."""
    return bool(_VERSION.match(value))


def is_file_name(value: str, prefix: str = "") -> bool:
    """A file name or relative path (`certs/server.key`, `service-account.json`)."""
    return bool(_FILE_NAME.search(value))


def is_inline_data(value: str, prefix: str = "") -> bool:
    """A `data:` URI, or base64 of an image (PNG, JPEG, GIF, WebP, SVG, ICO) without one."""
    return value.startswith(("data:", *_IMAGE_BASE64))


def is_named_digest(value: str, prefix: str = "") -> bool:
    """Hex named as a digest on its line (`sha256`, `checksum`, `commit`, `etag`)."""
    return bool(_LONG_HEX.fullmatch(value)) and bool(_HASH_WORDS.search(prefix))


def is_elided(value: str, prefix: str = "") -> bool:
    """Cut short for display: `9cbaf0237...`, `sk-...abcd`."""
    return "..." in value or "\u2026" in value


def _ascending_run(value: str, i: int) -> int:
    """The length of the run of consecutive characters (`abc`, `345`) that starts at `i`."""
    j = i + 1
    while j < len(value) and ord(value[j]) == ord(value[j - 1]) + 1 and value[j].isalnum():
        j += 1
    return j - i


@documentation_filter
def is_filler(value: str, prefix: str = "") -> bool:
    """Typed to fill a field: alphabet and digit runs, doubled or not (`XYZ12345`,
    `aabbccddeeff00112233`), with at most two characters besides."""
    core = re.sub(r"(.)\1+", r"\1", value)
    rest, i = 0, 0
    while i < len(core):
        run = _ascending_run(core, i)
        if run < 3:
            rest += 1
            run = 1
        i += run
    return rest <= 2


def is_short(value: str, prefix: str = "") -> bool:
    """Shorter than any password worth reporting."""
    return len(value) < 6


def is_single_class(value: str, prefix: str = "") -> bool:
    """Not a token: fewer than two of lowercase, uppercase and digits."""
    classes = (r"[a-z]", r"[A-Z]", r"[0-9]")
    return sum(bool(re.search(c, value)) for c in classes) < 2


def lacks_a_class(value: str, prefix: str = "") -> bool:
    """Lacks one of lowercase, uppercase and digits: not a random token of the common alphabets
    (the gateway's test for a bare token; `is_single_class` is the looser one for named values)."""
    return not all(c.search(value) for c in _CLASSES)


def is_port_or_stub(value: str, prefix: str = "") -> bool:
    """`host:8080@...` (or `host:8080#x@...`, `host:%PORT#@...`) reads as a port; `u:p@host` is a
    test stub."""
    return len(value) < 3 or bool(re.fullmatch(r"(?:\d{1,5}|%[A-Z_]+)(?:[?#].*)?", value))


# Where a Firebase key is handed to a web app: its config object, or a variable that the web
# framework bundles into the pages it serves (`NEXT_PUBLIC_`, `VITE_`, `REACT_APP_`, ...).
_PUBLISHED_FIREBASE = re.compile(
    r"(?i)firebaseconfig|initializeapp|(?:next_public|vite|react_app|expo_public|nuxt_public|"
    r"gatsby|public)_[\w.]*firebase"
)


@documentation_filter
def is_firebase_web_config(value: str, prefix: str = "") -> bool:
    """A Google API key (`AIza...`) published with a Firebase web app, on its line
    (`firebase.initializeApp({apiKey: ...`, `NEXT_PUBLIC_FIREBASE_API_KEY=`): public by design
    (Firebase's docs). The same key in a server's config (`FIREBASE_API_KEY=`) is reported,
    and other values under a Firebase name (a `firebase login:ci` token) are secrets."""
    return value.startswith("AIza") and bool(_PUBLISHED_FIREBASE.search(prefix))


COMMON: tuple[Filter, ...] = (is_placeholder, is_template, is_code_reference)
# For literal-led tokens: dotted ones (`dp.st.x`, `hvs.x`) look like attribute access to
# `is_code_reference`.
LITERAL: tuple[Filter, ...] = (is_placeholder, is_template)
