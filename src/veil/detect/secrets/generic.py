"""Catch-alls: secrets assigned to a name, and the names and filter sets every catch-all shares.

A value counts only when it is a literal: quoted in code, or bare in `.env`, YAML, properties and
INI files. References (`os.environ[...]`, `${VAR}`, `{{ .Values.x }}`, `settings.X`), type
annotations (`password: str`), format strings (`"%s"`, `"{}"`), placeholders (`changeme`,
`<password>`) and vendors' default passwords are not secrets. The value filters themselves live
in `veil.detect.filters`; the names, the filter sets and `is_benign_name` (which reads a name with
`SECRET_NAME`) are here, shared with `passwords`, `web`, `encoded`, `fields` and `databases`.
"""

from __future__ import annotations

import base64
import re

from veil.detect.base import Examples, SecretRule
from veil.detect.entropy import shannon_entropy

# The filters are imported from their home; those other modules once took from here stay
# importable from here (`from veil.detect.secrets.generic import is_filler` still works).
from veil.detect.filters import (
    COMMON,
    is_base64_data,
    is_default_password,
    is_documentation_url,
    is_documented_example,
    is_elided,
    is_file_name,
    is_filler,
    is_firebase_web_config,
    is_identifier_like,
    is_inline_data,
    is_interpolation,
    is_name_like,
    is_named_digest,
    is_password_hash,
    is_path,
    is_placeholder,
    is_query_string,
    is_regex,
    is_resource_name,
    is_short,
    is_single_class,
    is_template,
    is_uuid,
    is_validation_spec,
    is_version,
)
from veil.detect.samples import ALNUM, B64, B64URL, DIGITS, HEX, LOWER, fake

# --- value predicates ------------------------------------------------------------------------

_HEX_VALUE = re.compile(r"[0-9a-fA-F]+")


def has_entropy(value: str) -> bool:
    """Random enough for a key: 3.5 bits a character, or 3.0 for hex (16 symbols at most)."""
    return shannon_entropy(value) >= (3.0 if _HEX_VALUE.fullmatch(value) else 3.5)


# --- names -----------------------------------------------------------------------------------

# A Firebase web app's Google API key, followed by the rest of the config the Firebase console hands
# out (`authDomain: "<project>.firebaseapp.com"`, `databaseURL`, `messagingSenderId`, `appId:
# "1:<n>:web:<hex>"`): public by design (Firebase's docs), so no `veil scan` rule reports one
# (`(?!FIREBASE_WEB_KEY_AHEAD)` where a value starts). Within 60 characters, which both backends
# see past a hit (the engine's window reaches 64 beyond it); the gateway's recall rules mask it.
FIREBASE_WEB_KEY_AHEAD = (
    r"""AIza[A-Za-z0-9_\-]{35}["'`]?[\s\S]{0,60}?(?:authDomain|firebaseapp\.com|firebaseio\.com|"""
    r"messagingSenderId|databaseURL|:web:)"
)

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
    is_firebase_web_config,
    is_placeholder,
    is_template,
    is_interpolation,
    is_name_like,
    is_documented_example,
    is_elided,
)
GENERIC_FILTERS = (
    *COMMON,
    is_firebase_web_config,
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
_FIREBASE_KEY = "AIza" + fake(35, B64URL, seed="generic-firebase")
_DJANGO = "django-insecure-" + fake(34, LOWER + DIGITS + "!@#$%^&*(-_=+)", seed="django-key")


def _b64(text: str) -> str:
    return base64.b64encode(text.encode()).decode()


# --- rules -----------------------------------------------------------------------------------

GENERIC_SECRET = SecretRule(
    id="generic-secret",
    kind="generic_secret",
    regex=assigned_literal(
        SECRET_NAME,
        rf"""[bruBRU]{{0,2}}["'`](?:base64:)?(?!{FIREBASE_WEB_KEY_AHEAD})"""
        r"""(?P<secret>[^\s"'`\\,]{16,})["'`]""",
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
            f'  apiKey: "{_FIREBASE_KEY}",\n  authDomain: "shop-7.firebaseapp.com",',  # public
        ),
    ),
)

_BARE_CHARS = r"A-Za-z0-9_\-+/=.~!@#$%^*"
_BARE_VALUE = rf"[{_BARE_CHARS}]"

GENERIC_SECRET_UNQUOTED = SecretRule(
    id="generic-secret-unquoted",
    kind="generic_secret",
    regex=(
        rf"(?:{SECRET_NAME}){ASSIGN}(?:base64:)?(?!{FIREBASE_WEB_KEY_AHEAD})"
        rf"(?P<secret>{_BARE_VALUE}{{16,}}){BARE_END}"
    ),
    # One first-pass hit per value, just past its end (the default hits at every character).
    first_pass=rf"(?:{SECRET_NAME}){ASSIGN}(?:base64:)?{_BARE_VALUE}{{16,}}(?:[^{_BARE_CHARS}]|$)",
    keywords=("key", "secret", "token", "pass", "pwd", "auth", "credential"),
    # The name holding a keyword starts the match (`_LEAD`): tried there, not at every position.
    anchor=(("key", "secret", "token", "pass", "pwd", "auth", "credential"), r"[\w.\-]"),
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
