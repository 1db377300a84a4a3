"""Catch-alls: secrets assigned to a name, and the value predicates every catch-all shares.

A value counts only when it is a literal: quoted in code, or bare in `.env`, YAML, properties and
INI files. References (`os.environ[...]`, `${VAR}`, `{{ .Values.x }}`, `settings.X`), type
annotations (`password: str`), format strings (`"%s"`, `"{}"`), placeholders (`changeme`,
`<password>`) and vendors' default passwords are not secrets. The value predicates, names and
filter sets at the top are shared with `passwords`, `web`, `encoded` and `databases`.
"""

from __future__ import annotations

import base64
import hashlib
import re

from veil.detect.base import Examples, SecretRule
from veil.detect.entropy import shannon_entropy
from veil.detect.filters import (
    COMMON,
    documentation_filter,
    is_base64_data,
    is_path_or_url,
    is_placeholder,
    is_template,
    is_uuid,
)
from veil.detect.samples import ALNUM, B64, B64URL, DIGITS, HEX, LOWER, fake

# --- value predicates ------------------------------------------------------------------------

_INTERPOLATION = re.compile(
    r"""^(?:%[-+ #0]*\d*(?:\.\d+)?[sdifvqrx]|\{[\w.\[\]'":!]*\}|\$\d+|:\w+|@\w+|\?|%\w+%)$"""
)
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
_EMBEDDED_TEMPLATE = re.compile(r"\$\{|#\{|\{\{|\{%|<%|%[sd](?![A-Za-z0-9])|\{\d*\}")
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
_HEX_VALUE = re.compile(r"[0-9a-fA-F]+")
_QUERY_STRING = re.compile(r"(?:^|[?&])\w+=[^&]*&\w+=")
# SHA-256 of example credentials printed in RFCs and copied into every OAuth library's tests:
# RFC 6749 (access token, refresh token, authorization code, client secret), RFC 6750 (bearer
# token), RFC 7617 (the Basic password of "Aladdin"); and the Kubernetes docs' Secret password,
# plain and base64-encoded.
_DOCUMENTED = frozenset(
    (
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


def is_interpolation(value: str, prefix: str = "") -> bool:
    """A format field or template, whole or inside: `%s`, `{}`, `{password}`, `x-${env}`."""
    return bool(_INTERPOLATION.match(value) or _EMBEDDED_TEMPLATE.search(value))


@documentation_filter
def is_documented_example(value: str, prefix: str = "") -> bool:
    """A credential printed in a standard (OAuth's RFC 6749 tokens), found in every test suite."""
    return hashlib.sha256(value.encode()).hexdigest() in _DOCUMENTED


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
    if re.fullmatch(r"\d+[a-z]{0,3}", segment):  # `2`, `2fa`, `1st`
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
    return bool(re.fullmatch(r"[0-9a-fA-F]{32,}", value)) and bool(_HASH_WORDS.search(prefix))


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


def has_entropy(value: str) -> bool:
    """Random enough for a key: 3.5 bits a character, or 3.0 for hex (16 symbols at most)."""
    return shannon_entropy(value) >= (3.0 if _HEX_VALUE.fullmatch(value) else 3.5)


def is_single_class(value: str, prefix: str = "") -> bool:
    """Not a token: fewer than two of lowercase, uppercase and digits."""
    classes = (r"[a-z]", r"[A-Z]", r"[0-9]")
    return sum(bool(re.search(c, value)) for c in classes) < 2


# --- names -----------------------------------------------------------------------------------

_LEAD = r"(?<![\w.\-])[\w.\-]{0,64}?"  # a dotted, snake, kebab or camel name, from its start
_TAIL = r"\d?(?![A-Za-z0-9_])"  # the name ends here: `password_hash` is another name
PASSWORD_NAME = (
    rf"{_LEAD}(?:(?<![A-Za-z0-9])(?i:password|passwd|passphrase|passwort|pass|pwd)"
    r"|(?<![A-Za-z0-9])(?:db|admin|user|root|smtp|mail|ftp|ssh|sudo|app|master|login|my)pass"
    r"|(?<=[a-z0-9])(?:Password|Passwd|Passphrase|Pass|Pwd|password|passwd|passphrase)"
    rf"|(?<=[A-Z0-9])(?:PASSWORD|PASSWD|PASSPHRASE|PWD)){_TAIL}"
)
_SECRET_WORDS = "secret|token|password|passwd|pwd|pass|passphrase|credentials?|auth"
_COMPOUNDS = r"(?:api|access|secret|private|client|app|auth|refresh|session|master|bearer)"
SECRET_NAME = (
    rf"{_LEAD}(?:(?<=[A-Za-z0-9][_.\-])(?i:key)"
    rf"|(?<![A-Za-z0-9])(?i:{_SECRET_WORDS}|{_COMPOUNDS}(?:key|secret|token)|secret_key_base)"
    r"|(?<=[a-z0-9])(?:Key|Secret|Token|Password|Passwd|Pwd|Pass|Passphrase|Credentials?)"
    rf"|(?<=[A-Z0-9])(?:KEY|SECRET|TOKEN|PASSWORD|PASSWD|PWD|PASSPHRASE|CREDENTIALS?)){_TAIL}"
)
# `secret` as the last word of a name (`CLIENT_SECRET`, `apiSecret`, `jwt.signing.secret`): a
# value people choose, like a password, unlike `*_SECRET_KEY` or `*_TOKEN`.
SECRET_WORD_NAME = (
    rf"{_LEAD}(?:(?<![A-Za-z0-9])(?i:secret)|(?<=[a-z0-9])Secret|(?<=[A-Z0-9])SECRET){_TAIL}"
)
# Names that hold no credential (`cache_key`, `NEXT_PUBLIC_*`, `pageToken`), as a lookahead where
# the name stands on another line than the value, out of a filter's sight.
BENIGN_AHEAD = (
    r"(?![\w.\-]*?(?i:public|publishable|cache|sort|partition|idempotency|dedupe|routing|lookup|"
    r"i18n|translation|csrf|xsrf|page|cursor|continuation|anon|fingerprint|checksum|primary|"
    r"foreign)[\w.\-]*?(?i:key|token)\d?(?![A-Za-z0-9_]))"
)
# What joins a name to its value: `=`, `:`, `:=`, `=>`, `"name": `, `["name"] = `, and a type
# annotation between them (`password: str = `).
ASSIGN = (
    r"""(?:["'`]\]?[ \t]*(?:=>|:(?![:=])|=(?![=~>]))"""
    r"""|\]?[ \t]*(?::=|=>|=(?![=~>])|:(?![:=]))"""
    r"""|[ \t]*:[ \t]*[A-Za-z_][\w\[\]., |]*?[ \t]*=(?![=~>]))[ \t]*"""
)


# A fallback after a reference: `process.env.X || "..."`, `os.environ.get("X") or "..."`,
# `ENV["X"] ?? "..."`: the literal is the value whenever the variable is unset. FALLBACK follows
# the name itself (`process.env.DB_PASSWORD ?? "..."`), DEFAULT a reference assigned to it.
FALLBACK = r"""(?:["'`]?[\])])?[ \t]*(?:\|\||\?\?|\?:|\bor\b)[ \t]*"""
DEFAULT = (
    r"""(?:[\w$.]+(?:\[[^\]\n]{1,64}\]|\([^()\n]{0,64}\))?[ \t]*"""
    r"""(?:\|\||\?\?|\?:|\bor\b)[ \t]*)?"""
)


def assigned_literal(name: str, value: str) -> str:
    """`value` assigned to `name` (or given as its fallback), or passed after it as a call's
    second argument, where the first is the quoted name: `setenv("NAME", value)`,
    `os.getenv("NAME", value)`, `define( 'NAME', value )`."""
    argument = rf"""(?:(?<=\(["'`])|(?<=\([ \t]["'`]))(?:{name})["'`][ \t]*,[ \t]*"""
    return rf"(?:{argument}|(?:{name})(?:{ASSIGN}{DEFAULT}|{FALLBACK})){value}"


# Elements that carry a setting as `key`/`name` and `value` attributes (.NET, Spring, Ant).
XML_TAGS = r"(?:add|property|param|parameter|entry|setting|env|variable|var|arg|constant|item)"
# A name and its value in two fields: Kubernetes `env` (`- name: X` then `value: ...` on the next
# line), ECS task definitions and Terraform (`{"name": "X", "value": "..."}`).
_PAIR_VALUE = r"""["'`]?[ \t]*,?[ \t]*(?:\r?\n[ \t]*)?["']?(?i:value)["']?[ \t]*[:=][ \t]*"""


def name_value_pair(name: str, value: str) -> str:
    """`value` in the `value` field next to a `name` field that matches `name`."""
    return (
        rf"""(?<![\w.\-])["']?(?i:name)["']?[ \t]*[:=][ \t]*["'`]?(?:{name}){_PAIR_VALUE}{value}"""
    )


# A quoted literal; people choose passwords with quotes and backslashes in them, so the value may
# hold escapes (`"a\"b"`, `'a\'b'`) and, in single quotes, a doubled quote (`'it''s'`, SQL, YAML).
QUOTED = (
    r"""[bruBRU]{0,2}["'`](?P<secret>(?<=")(?:[^\s"\\]|\\\S)+(?=")"""
    r"""|(?<=')(?:[^\s'\\]|\\\S|'')+(?=')|(?<=`)[^\s`\\]+(?=`))["'`]"""
)
# A bare value ends its line, or comes before a comment, `&next=`, a closing quote, `k=v` or
# the protocol of an access log's request line (`GET /?k=v HTTP/1.1`).
BARE_END = r"""(?=[&"'`]|[ \t]*(?:[\r\n]|$)|[ \t]+(?:[#;]|//|[\w.\-]+=|HTTP/\d))"""
BARE = rf"""(?P<secret>[^\s"'`<>&;,(){{}}\[\]\\=|!*#:][^\s"'`<>&;,(){{}}\[\]\\]*){BARE_END}"""

_SECRET_NAME_RE = re.compile(SECRET_NAME)
_BENIGN_NAME = re.compile(
    r"(?i)(?:public|publishable|^pub[_.\-]|(?:^|[_.\-])(?:primary|foreign|sort|partition|range|"
    r"cache|idempotency|dedupe?|routing|row|object|lookup|hash|index|map|i18n|translation|"
    r"message|label|unique|composite|natural|next|page|pagination|continuation|cursor|sync|"
    r"resume|csrf|xsrf|cancellation|site|anon|fingerprint|checksum)[_.\-]?(?:key|token)\d?$|"
    r"(?:nextPage|page|continuation|pagination|sync|resume|csrf|xsrf|cache|sort|partition|"
    r"primary|foreign|idempotency|site|anon)(?:Key|Token)\d?$)"
)


_BENIGN_CONTEXT = re.compile(r"(?i)(?:next|page|pagination|continuation|resume)[ _\-]*$")


def is_benign_name(value: str, prefix: str = "") -> bool:
    """A key or token that is no credential: `cache_key`, `nextPageToken`, `NEXT_PUBLIC_*`,
    `Next page token: ...`."""
    names = list(_SECRET_NAME_RE.finditer(prefix))
    if not names:
        return False
    last = names[-1]
    before = prefix[max(0, last.start() - 24) : last.start()]
    return bool(
        _BENIGN_NAME.search(last.group(0).lstrip("$@:.-")) or _BENIGN_CONTEXT.search(before)
    )


PASSWORD_FILTERS = (
    *COMMON,
    is_documented_example,
    is_documentation_url,
    is_resource_name,
    is_path,
    is_short,
    is_interpolation,
    is_identifier_like,
    is_default_password,
    is_password_hash,
    is_validation_spec,
    is_regex,
)
TOKEN_FILTERS = (
    is_placeholder,
    is_template,
    is_interpolation,
    is_name_like,
    is_documented_example,
    is_elided,
)
GENERIC_FILTERS = (
    *COMMON,
    is_elided,
    is_filler,
    is_default_password,
    is_resource_name,
    is_name_like,
    is_documented_example,
    is_query_string,
    is_documentation_url,
    is_uuid,
    is_base64_data,
    is_path,
    is_interpolation,
    is_single_class,
    is_named_digest,
    is_version,
    is_file_name,
    is_inline_data,
    is_benign_name,
    is_password_hash,
    is_regex,
)

# --- test values ----------------------------------------------------------------------------

_SECRET1 = fake(32, ALNUM, seed="generic-1")
_SECRET2 = fake(40, B64, seed="generic-2")
_SECRET3 = fake(24, B64URL, seed="generic-3")
_SECRET4 = fake(64, HEX, seed="generic-4")
_HEX32 = fake(32, HEX, seed="generic-hex32")
_RANDOM_CASE = fake(32, ALNUM, seed="random-case-0")  # reads as camel case to a naive check
_DJANGO = "django-insecure-" + fake(34, LOWER + DIGITS + "!@#$%^&*(-_=+)", seed="django-key")


def _b64(text: str) -> str:
    return base64.b64encode(text.encode()).decode()


# --- rules -----------------------------------------------------------------------------------

GENERIC_SECRET = SecretRule(
    id="generic-secret",
    kind="generic_secret",
    regex=assigned_literal(
        SECRET_NAME,
        r"""[bruBRU]{0,2}["'`](?:base64:)?(?P<secret>[^\s"'`\\,]{16,})["'`]""",
    ),
    keywords=("key", "secret", "token", "pass", "pwd", "auth", "credential"),
    validate=has_entropy,
    filters=GENERIC_FILTERS,
    confidence=0.6,
    generic=True,
    max_len=384,
    examples=Examples(
        positives=(
            f'SECRET_KEY = "{_DJANGO}"',
            f'{{"clientSecret": "{_SECRET1}"}}',
            f"  api_key: '{_SECRET2}'",
            f'const accessToken = "{_SECRET3}";',
            f'FLASK_SECRET_KEY="{_SECRET4}"',
            f'webhook_secret := "{_SECRET1}"',
            f'"auth": "{_b64("ci:" + _SECRET3)}"',
            f'let apikey = "{_SECRET2}"',
            f'client.set("STRIPE_WEBHOOK_SECRET", "{_SECRET3}")',
            f'process.env.APP_TOKEN = process.env.APP_TOKEN || "{_SECRET1}";',
            f'SIGNING_KEY = os.environ.get("SIGNING_KEY") or "{_SECRET2}"',
            f'const twilioAuthToken: string = "{_HEX32}";',
            f'os.Setenv("DD_API_KEY", "{_HEX32}")',
            f'webhook_token="{_RANDOM_CASE}",',
        ),
        negatives=(
            '"api_key": "' + "3f2a9c1e-8b4d-4e6f-9a0b-1c2d3e4f5a6b" + '"',  # a UUID
            '"cache_key": "' + fake(40, HEX, seed="gen-sha") + '"',  # a git SHA as a cache key
            'checksum_secret = "' + fake(64, HEX, seed="gen-digest") + '"',  # a digest
            '"integrity": "sha512-' + fake(86, B64, seed="gen-sri") + '=="',  # SRI hash
            '"secret_image": "iVBORw0KGgoAAAANSUhEUgAA'
            + fake(40, B64, seed="gen-png")
            + '"',  # PNG
            '"token": "data:image/png;base64,' + fake(40, B64, seed="gen-data") + '"',  # image data
            'SSH_KEY = "/home/deploy/.ssh/id_ed25519"',  # a path
            'TLS_KEY = "certs/production-server.key"',  # a file name
            '"token": "https://auth.corp.internal/oauth/token"',  # a URL
            '"auth_token": "v1.22.3-rc.1+build.' + fake(6, DIGITS, seed="gen-ver") + '"',  # version
            'api_key = "thisIsNotARealApiKeyValue"',  # words
            'nextPageToken = "' + fake(32, B64URL, seed="gen-page") + '"',  # pagination
            'NEXT_PUBLIC_SUPABASE_ANON_KEY = "' + fake(40, ALNUM, seed="gen-pub") + '"',  # public
            '"Password": "SomeKindOfPassword123!@#"',  # a documentation password
            'SECRET_KEY = "' + "a" * 16 + "b" * 16 + '"',  # no entropy
            'SECRET_KEY = "${SECRET_KEY}"',  # template
            'token = "{{ vault_token_for_this_environment }}"',  # template
            'token = process.env.TOKEN || "${FALLBACK_TOKEN}"',  # template fallback
            'API_KEY = "' + "0a1b" * 8 + '"',  # hex, but no entropy
        ),
    ),
)

GENERIC_SECRET_UNQUOTED = SecretRule(
    id="generic-secret-unquoted",
    kind="generic_secret",
    regex=(
        rf"(?:{SECRET_NAME}){ASSIGN}(?:base64:)?"
        rf"(?P<secret>[A-Za-z0-9_\-+/=.~!@#$%^*]{{16,}}){BARE_END}"
    ),
    keywords=("key", "secret", "token", "pass", "pwd", "auth", "credential"),
    validate=has_entropy,
    filters=GENERIC_FILTERS,
    confidence=0.6,
    generic=True,
    max_len=384,
    examples=Examples(
        positives=(
            f"OPENWEATHER_API_KEY={_SECRET1}",
            f"  client_secret: {_SECRET2}",
            f"app.jwt.signing-key={_SECRET3}",
            f"export SERVICE_TOKEN={_SECRET4}",
            f"      - SENTRY_AUTH_TOKEN={_SECRET1}",
            f"GET /v1/forecast?city=Paris&apikey={_SECRET3}&units=metric",
            f"[api]\nsecret = {_SECRET2}\n",
            f"APP_KEY=base64:{_SECRET2}",
            f"SECRET_KEY_BASE={_SECRET4}{_SECRET4}",
            f'1.2.3.4 - - "GET /v1/items?api_key={_SECRET3} HTTP/1.1" 200 512',
            f"KEYSTORE_PASSWORD=/{_SECRET2[:20]}+{_SECRET1[:11]}",
        ),
        negatives=(
            "API_KEY=3f2a9c1e-8b4d-4e6f-9a0b-1c2d3e4f5a6b",  # a UUID
            "API_KEY=${API_KEY}",  # template
            "SECRET_KEY=your-secret-key-here-please",  # placeholder
            "GIT_COMMIT_TOKEN_SHA=" + fake(40, HEX, seed="gen-u-sha"),  # another name
            "sort_key: " + fake(20, ALNUM, seed="gen-u-sort"),  # not a credential
            "KEY_FILE_PATH_SECRET=/etc/ssl/private/server.key",  # a path
            "SIGNING_KEY=./keys/signing-key-2024.pem",  # a file name
            "api_key: process.env.WEATHER_API_KEY_VALUE",  # a reference
            "PUBLISHABLE_KEY=" + fake(24, ALNUM, seed="gen-u-pub"),  # public by design
            "token: generateTokenForUser" + fake(3, DIGITS, seed="gen-u-fn") + ",",  # code
            "MAX_TOKENS=4096",  # another name
            "token: Optional[str] = None",  # a type annotation
            '"ARN": "arn:aws:secretsmanager:us-east-1:123456789012:secret:Db-a1b2c3"',  # an ARN
            "CERT_KEY=/var/lib/acme/certificates/ServiceAccountSigningKey",  # a path
        ),
    ),
)

RULES = (
    GENERIC_SECRET,
    GENERIC_SECRET_UNQUOTED,
)
