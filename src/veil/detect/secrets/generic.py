"""Catch-alls: passwords and secrets assigned to a name, credentials in HTTP headers.

A value counts only when it is a literal: quoted in code, or bare in `.env`, YAML, properties and
INI files. References (`os.environ[...]`, `${VAR}`, `{{ .Values.x }}`, `settings.X`), type
annotations (`password: str`), format strings (`"%s"`, `"{}"`), placeholders (`changeme`,
`<password>`) and vendors' default passwords are not secrets. The value predicates at the top are
shared with `databases`.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import re

from veil.detect.base import Examples, SecretRule
from veil.detect.filters import (
    COMMON,
    is_base64_data,
    is_path_or_url,
    is_placeholder,
    is_template,
    is_uuid,
)
from veil.detect.samples import ALNUM, B64, B64URL, DIGITS, HEX, LOWER, UPPER, fake

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
_EMBEDDED_TEMPLATE = re.compile(r"\$\{|#\{|\{\{|\{%|<%|%[sd]|\{\d*\}")
_NAME_SEGMENT = re.compile(
    r"(?:[a-z]+\d{1,2})?(?:[a-z]+|[A-Z]+|[A-Z][a-z]+)\d*(?:(?:[A-Z][a-z]+|[A-Z]+)\d*)*"
)
_QUERY_STRING = re.compile(r"(?:^|[?&])\w+=[^&]*&\w+=")
# SHA-256 of example credentials printed in RFCs and copied into every OAuth library's tests:
# RFC 6749 (access token, refresh token, authorization code, client secret), RFC 6750 (bearer
# token), RFC 7617 (the Basic password of "Aladdin").
_DOCUMENTED = frozenset(
    (
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


def is_documented_example(value: str, prefix: str = "") -> bool:
    """A credential printed in a standard (OAuth's RFC 6749 tokens), found in every test suite."""
    return hashlib.sha256(value.encode()).hexdigest() in _DOCUMENTED


def is_query_string(value: str, prefix: str = "") -> bool:
    """Several `name=value` pairs joined by `&`: a URL query, not one secret."""
    return bool(_QUERY_STRING.search(value))


def _is_word(word: str) -> bool:
    if _WORD.match(word):
        return True
    if not word.isalpha():
        return False
    chunks = re.split(r"(?<=[a-z])(?=[A-Z])", word)
    vowels = sum(c in "aeiouAEIOU" for c in word)
    return len(word) / len(chunks) >= 2.5 and vowels / len(word) >= 0.2


def is_identifier_like(value: str, prefix: str = "") -> bool:
    """A name rather than a secret: `str`, `None`, `userPassword`, `DB_PASSWORD`, `db.password`."""
    return all(_is_word(w) for w in re.split(r"[_.\-]", value.lstrip(":@$*&!")) if w)


def _is_name_segment(segment: str) -> bool:
    if re.fullmatch(r"\d+[a-z]{0,3}", segment):  # `2`, `2fa`, `1st`
        return True
    return bool(_NAME_SEGMENT.fullmatch(segment)) and _is_word(re.sub(r"\d", "", segment))


def _segments(value: str) -> list[str]:
    return [s for s in re.split(r"[_.\-/:=*+%#\[\]]+", value.lstrip("@$&!")) if s]


def is_name_like(value: str, prefix: str = "") -> bool:
    """Identifiers and words, joined: `gs_oauth2_refresh_token`, `V1ServiceAccountToken`,
    `projects/my-project/secrets/db/versions/2`, `StreamDescription.Shards[-1].ShardId`."""
    segments = _segments(value)
    return bool(segments) and all(_is_name_segment(s) for s in segments)


_ARN_PREFIX = re.compile(r"\barn:[\w\-*]*:[^\s\"'`]*$")


def is_resource_name(value: str, prefix: str = "") -> bool:
    """An ARN, a cloud resource path or a relative path: `arn:aws:iam::aws:policy/X`,
    `projects/p/secrets/db/versions/2`, `../../std/vec/struct.Vec.html`."""
    if value.startswith(("./", "../", "~/", "/")) or _ARN_PREFIX.search(prefix):
        return True
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


def is_short(value: str, prefix: str = "") -> bool:
    """Shorter than any password worth reporting."""
    return len(value) < 6


def is_single_class(value: str, prefix: str = "") -> bool:
    """Not a token: fewer than two of lowercase, uppercase and digits."""
    classes = (r"[a-z]", r"[A-Z]", r"[0-9]")
    return sum(bool(re.search(c, value)) for c in classes) < 2


# --- names -----------------------------------------------------------------------------------

_LEAD = r"(?<![A-Za-z0-9])[\w.\-]{0,64}?"  # the start of a dotted, snake, kebab or camel name
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
# What joins a name to its value: `=`, `:`, `:=`, `=>`, `"name": `, `["name"] = `, and a type
# annotation between them (`password: str = `).
ASSIGN = (
    r"""(?:["'`]\]?[ \t]*(?:=>|:(?![:=])|=(?![=~>]))"""
    r"""|\]?[ \t]*(?::=|=>|=(?![=~>])|:(?![:=]))"""
    r"""|[ \t]*:[ \t]*[A-Za-z_][\w\[\]., |]*?[ \t]*=(?![=~>]))[ \t]*"""
)


def assigned_literal(name: str, value: str) -> str:
    """`value` assigned to `name`, or passed after it as a call's second argument, where the
    first is the quoted name: `setenv("NAME", value)`, `define( 'NAME', value )`."""
    argument = rf"""(?:(?<=\(["'`])|(?<=\([ \t]["'`]))(?:{name})["'`][ \t]*,[ \t]*"""
    return rf"(?:{argument}|(?:{name}){ASSIGN}){value}"


QUOTED = r"""[bruBRU]{0,2}["'`](?P<secret>[^\s"'`\\]+)["'`]"""
# A bare value ends its line, or comes before a comment, `&next=`, a closing quote or `k=v`.
BARE_END = r"""(?=[&"'`]|[ \t]*(?:[\r\n]|$)|[ \t]+(?:[#;]|//|[\w.\-]+=))"""
BARE = rf"""(?P<secret>[^\s"'`<>&;,(){{}}\[\]\\=|!*%#:][^\s"'`<>&;,(){{}}\[\]\\]*){BARE_END}"""

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
    is_resource_name,
    is_path_or_url,
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
)
GENERIC_FILTERS = (
    *COMMON,
    is_default_password,
    is_resource_name,
    is_name_like,
    is_documented_example,
    is_query_string,
    is_uuid,
    is_base64_data,
    is_path_or_url,
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

_PW1 = fake(10, ALNUM, seed="pw-1") + "!"
_PW2 = fake(8, ALNUM, seed="pw-2") + "#" + fake(3, DIGITS, seed="pw-2d")
_PW3 = fake(12, ALNUM, seed="pw-3") + "%"
_PW4 = "x" + fake(9, LOWER, seed="pw-4") + fake(2, DIGITS, seed="pw-4d") + "@"
_PW5 = fake(6, UPPER, seed="pw-5") + "-" + fake(6, LOWER + DIGITS, seed="pw-5b") + "?"
_TOKEN = fake(40, ALNUM, seed="bearer-1")
_TOKEN2 = fake(32, B64URL, seed="bearer-2")
_APIKEY = fake(32, ALNUM, seed="api-key-header")
_APIKEY2 = fake(40, HEX, seed="api-key-header-hex")
_SECRET1 = fake(32, ALNUM, seed="generic-1")
_SECRET2 = fake(40, B64, seed="generic-2")
_SECRET3 = fake(24, B64URL, seed="generic-3")
_SECRET4 = fake(64, HEX, seed="generic-4")
_DJANGO = "django-insecure-" + fake(34, LOWER + DIGITS + "!@#$%^&*(-_=+)", seed="django-key")


def _b64(text: str) -> str:
    return base64.b64encode(text.encode()).decode()


# --- rules -----------------------------------------------------------------------------------

PASSWORD_ASSIGNMENT = SecretRule(
    id="password-assignment",
    kind="password",
    regex=assigned_literal(PASSWORD_NAME, QUOTED),
    keywords=("pass", "pwd"),
    filters=PASSWORD_FILTERS,
    confidence=0.75,
    generic=True,
    max_len=512,
    examples=Examples(
        positives=(
            f'DB_PASSWORD="{_PW1}"',
            f'{{"username": "admin", "password": "{_PW2}"}}',
            f"    password: '{_PW3}'",
            f'conn = psycopg2.connect(host="db", user="app", password="{_PW4}")',
            f'db_password: str = "{_PW5}"',
            f"define('DB_PASSWORD', '{_PW1}');",
            f'props.setProperty("mail.smtp.password", "{_PW2}");',
            f'config["adminPassword"] = "{_PW3}"',
            f'const dbPass = "{_PW4}";',
            f'password := "{_PW5}"',
            f"$password = '{_PW1}';",
            'login(user="bob", password="hunter2!")',
            'spring.datasource.password = "S3cure#Pass"',
            f'[database]\nhost = "db.internal"\npassword = "{_PW5}"\n',  # TOML
        ),
        negatives=(
            'password = os.environ["DB_PASSWORD"]',  # reference
            'password = get_secret("db-password")',  # a call
            'password: "${DB_PASSWORD}"',  # template
            'password: "{{ .Values.db.password }}"',  # helm template
            'password = ""',  # empty
            'password = "changeme"',  # placeholder
            '"password": "your-password-here"',  # placeholder
            '"password": "%s"',  # log format
            'log.info("password: {}", pw)',  # log format
            '"password": "Password"',  # a label
            'PASSWORD_FIELD = "password"',  # a name, not a value
            '"password": "********"',  # masked
            '"password": "P@ssw0rd123"',  # the default everyone uses
            '"password": "pbkdf2_sha256$260000$' + fake(22, ALNUM, seed="pw-salt") + '$"',  # hash
            "'password' => 'required|min:8|confirmed',",  # validation rules
            'password_hash = "' + fake(20, ALNUM, seed="pw-hash") + '"',  # another name
            'passport = "' + fake(10, ALNUM, seed="passport") + '"',  # not a password
            'if password == "' + fake(10, ALNUM, seed="pw-cmp") + '":',  # a comparison
            'placeholder="Enter your password"',  # prose
        ),
    ),
)

PASSWORD_UNQUOTED = SecretRule(
    id="password-unquoted",
    kind="password",
    regex=rf"(?:{PASSWORD_NAME}){ASSIGN}{BARE}",
    keywords=("pass", "pwd"),
    filters=PASSWORD_FILTERS,
    confidence=0.7,
    generic=True,
    max_len=512,
    examples=Examples(
        positives=(
            f"DB_PASSWORD={_PW1}",
            f"export PGPASSWORD={_PW2}",
            f"      - POSTGRES_PASSWORD={_PW3}",
            f'      - "MYSQL_ROOT_PASSWORD={_PW4}"',
            f"spring.datasource.password={_PW5}",
            f"password = {_PW1}  ; ini comment",
            f"stringData:\n  password: {_PW2}\n",
            f"  ansible_become_pass: {_PW3}",
            f"POST /login?user=bob&password={_PW4}&next=/home",
            f"2024-05-01 INFO auth user=bob password={_PW5} ip=10.0.0.1",
            "redis_password: Tr0ub4dor&3",
            "db.password = S3cure#Pass # prod",
        ),
        negatives=(
            "DB_PASSWORD=${DB_PASSWORD}",  # template
            "password: {{ .Values.password }}",  # helm template
            "password = None",  # no value
            "password: null",  # no value
            "password: str",  # a type annotation
            "    password: string;",  # a TypeScript type
            "token: Optional[str] = None",  # a type annotation
            "password = getpass.getpass()",  # a call
            "password = request.form.password",  # a reference
            "password = settings.DB_PASSWORD",  # a reference
            "password: process.env.DB_PASSWORD",  # a reference
            "password: !vault |",  # an Ansible vault block follows
            "password: *default_password",  # a YAML alias
            "password: <password>",  # template
            "DB_PASSWORD=changeme",  # placeholder
            "DB_PASSWORD=xxxxxxxx",  # placeholder
            "password: ********",  # masked
            "PASSWORD_FILE=/run/secrets/db_password",  # a path, and another name
            "PWD=/home/deploy/app",  # the working directory
            "password: hunter",  # a word, too weak to be anyone's secret
            "password_min_length: 12",  # another name
            "      - POSTGRES_PASSWORD",  # passed through from the environment
            f"password = pwd{fake(4, DIGITS, seed='pw-var')};",  # a variable in code
        ),
    ),
)

_XML_TAGS = r"(?:add|property|param|parameter|entry|setting|env|variable|var|arg|constant|item)"
PASSWORD_XML = SecretRule(
    id="password-xml",
    kind="password",
    regex=(
        rf"""(?:(?<!\?P)<(?:{PASSWORD_NAME})(?:[ \t][^<>]*)?>"""
        rf"""|<{_XML_TAGS}\b[^<>]*?\b(?:key|name)[ \t]*=[ \t]*["'](?:{PASSWORD_NAME})["']"""
        r"""(?:[^<>]*?\bvalue[ \t]*=[ \t]*["']|[^<>]*>))"""
        r"""(?P<secret>[^<>\s"']+)(?=</|["'][ \t]*/?>|["'][ \t]+[\w:\-]+[ \t]*=)"""
    ),
    keywords=("pass", "pwd"),
    filters=PASSWORD_FILTERS,
    confidence=0.75,
    generic=True,
    max_len=512,
    examples=Examples(
        positives=(
            f"<server><id>nexus</id><username>ci</username><password>{_PW1}</password></server>",
            f'<add key="DbPassword" value="{_PW2}" />',
            f'<property name="hibernate.connection.password" value="{_PW3}"/>',
            f'<entry key="password">{_PW4}</entry>',
            f'<env name="DB_PASSWORD" value="{_PW5}"/>',
            f"<jdbc.password>{_PW1}</jdbc.password>",
            f'<Password encrypted="false">{_PW2}</Password>',
        ),
        negatives=(
            "<password>${env.DB_PASSWORD}</password>",  # template
            "<password></password>",  # empty
            '<add key="Password" value="" />',  # empty
            '<xs:element name="password" type="xs:string"/>',  # a schema
            '<input type="password" name="password" value="">',  # a form
            "<PasswordHash>" + fake(20, ALNUM, seed="xml-hash") + "</PasswordHash>",  # a hash
            "<password>changeme</password>",  # placeholder
            '<add key="PasswordPolicy" value="'
            + fake(10, ALNUM, seed="xml-pol")
            + '"/>',  # a policy
        ),
    ),
)

_CLI_PREFIX = r"(?:store|key|src|dest|srcstore|deststore|srckey|destkey|master|admin|root|new|old)"
PASSWORD_ARGUMENT = SecretRule(
    id="password-argument",
    kind="password",
    regex=(
        r"(?:(?<![\w-])-pass(?:in|out|word)?[ \t]+pass:"  # openssl
        rf"|(?<![\w-])--?(?:[a-z0-9]+[-_])*?{_CLI_PREFIX}?(?:password|passwd|passphrase|pass|pwd)"
        r"(?:[ \t]+|=)"  # --password x, --db-password=x, keytool -storepass x
        r"|(?<![\w-])(?:--)?(?:requirepass|masterauth)[ \t]+"  # redis
        r"|(?<![\w-])(?i:identified[ \t]+by|password)[ \t]+(?=')"  # SQL
        r"|(?<![\w$-])[A-Z][A-Z0-9_]*?(?:PASSWORD|PASSWD|PASS|PWD)=(?=[^\s\"']+[ \t]+[a-z./]))"
        r"""["']?(?P<secret>[^\s"'`;&|<>(){}\-][^\s"'`;&|<>(){}]*)(?=["']?(?:[\s;&|]|$))"""
    ),
    keywords=("pass", "pwd", "identified", "masterauth"),
    filters=PASSWORD_FILTERS,
    confidence=0.75,
    generic=True,
    examples=Examples(
        positives=(
            f"mysqldump --user=backup --password={_PW1} shop > shop.sql",
            f"psql-wrapper --db-password '{_PW2}' --host db",
            f"keytool -importkeystore -srckeystore old.jks -srcstorepass {_PW3}",
            f"keytool -genkeypair -alias app -keystore app.p12 -keypass {_PW4}",
            f"openssl pkcs12 -export -in c.pem -out c.p12 -passout pass:{_PW5}",
            f"command: redis-server --requirepass {_PW1}",
            f"requirepass {_PW2}",
            f"CREATE ROLE app WITH LOGIN PASSWORD '{_PW3}';",
            f"CREATE USER 'app'@'%' IDENTIFIED BY '{_PW4}';",
            f"PGPASSWORD={_PW5} psql -h db -U app",
            f"docker login registry.corp --username ci --password {_PW1}",
        ),
        negatives=(
            "mysql -u root -p" + fake(10, ALNUM, seed="cli-p"),  # -p is not spelled out
            "docker login --password-stdin < token.txt",  # from stdin
            "--password PASSWORD   The password to connect with",  # help text
            "  --password TEXT",  # help text
            "app --password <password>",  # template
            "app --password $DB_PASSWORD",  # template
            'app --password "$(cat /run/secrets/db)"',  # command substitution
            "app --no-password --verbose",  # a flag, no value
            "openssl rsa -in k.pem -passin env:KEY_PASS",  # from the environment
            "keytool -list -keystore cacerts -storepass changeit",  # the JDK default
            "Use --password to set it",  # prose
            "ALTER USER app PASSWORD NULL;",  # no password
        ),
    ),
)

_SCHEMES = (
    r"bearer|token|bot|ssws|api-?key|key|splunk|geniekey|deepl-auth-key|zoho-oauthtoken|"
    r"klaviyo-api-key|access[-_]?token"
)
_AUTHORIZATION = r"""(?i:authorization)["'`]?\]?[ \t]*(?::|=>|=|,)?[ \t]*["'`]?"""
AUTHORIZATION_BEARER = SecretRule(
    id="authorization-bearer-token",
    kind="bearer_token",
    regex=(
        rf"(?:{_AUTHORIZATION}(?i:{_SCHEMES})[ \t]+|(?i:--oauth2-bearer)[ \t]+[\"']?)"
        r"(?P<secret>[A-Za-z0-9\-._~+/]{16,}=*)(?![A-Za-z0-9\-._~+/=])"
    ),
    keywords=("authorization", "bearer"),
    entropy=3.0,
    filters=TOKEN_FILTERS,
    confidence=0.8,
    examples=Examples(
        positives=(
            f"Authorization: Bearer {_TOKEN}",
            f'curl -H "Authorization: Bearer {_TOKEN2}" https://api.internal/v1/jobs',
            f'headers = {{"Authorization": "Bearer {_TOKEN}"}}',
            f"authorization: token {_TOKEN2}",
            f'req.Header.Set("Authorization", "Token {_TOKEN}")',
            f'{{"headers": {{"authorization": "Bearer {_TOKEN2}"}}}}',
            f"curl --oauth2-bearer {_TOKEN} https://api.internal",
            f"Authorization: Bot {_TOKEN2}",
            f"send: b'GET /v1/me HTTP/1.1\\r\\nAuthorization: Bearer {_TOKEN}\\r\\n\\r\\n'",
        ),
        negatives=(
            'headers={"Authorization": f"Bearer {token}"}',  # template
            'headers = {"Authorization": "Bearer " + token}',  # concatenation
            "Authorization: Bearer ${API_TOKEN}",  # template
            "Authorization: Bearer <token>",  # template
            "Authorization: Bearer YOUR_ACCESS_TOKEN",  # placeholder
            "Authorization: Bearer ACCESS_TOKEN_GOES_HERE",  # a name
            "Authorization: Bearer xxxxxxxxxxxxxxxxxxxx",  # placeholder
            "Authorization: Bearer abc123",  # too short
            "Authorization: Bearer {{access_token}}",  # template
            "WWW-Authenticate: Bearer realm=" + fake(20, ALNUM, seed="realm"),  # a challenge
        ),
    ),
)


def _is_basic_credentials(value: str) -> bool:
    try:
        decoded = base64.b64decode(value, validate=True).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError):
        return False
    user, sep, password = decoded.partition(":")
    if not sep or not password or not decoded.isprintable():
        return False
    if is_template(password) or is_placeholder(password) or is_documented_example(password):
        return False
    return not is_default_password(password, f"{user}:")


AUTHORIZATION_BASIC = SecretRule(
    id="authorization-basic",
    kind="basic_auth_credentials",
    regex=(
        rf"{_AUTHORIZATION}(?i:basic)[ \t]+"
        r"(?P<secret>[A-Za-z0-9+/]{6,}={0,2})(?![A-Za-z0-9+/=])"
    ),
    keywords=("basic",),
    validate=_is_basic_credentials,
    filters=(),
    confidence=0.85,
    examples=Examples(
        positives=(
            "Authorization: Basic " + _b64(f"deploy:{_PW1}"),
            'curl -H "Authorization: Basic ' + _b64(f"ci-bot:{_TOKEN2}") + '" https://ci.internal',
            'headers = {"Authorization": "Basic ' + _b64(f"admin:{_PW2}") + '"}',
            "proxy-authorization: basic " + _b64(f"proxy:{_PW3}"),
            'conn.setRequestProperty("Authorization", "Basic ' + _b64(f":{_APIKEY}") + '");',
        ),
        negatives=(
            "Authorization: Basic " + _b64("user:password"),  # documentation default
            "Authorization: Basic " + _b64("admin:admin"),  # user = password
            "Authorization: Basic " + _b64(fake(20, ALNUM, seed="basic-nocolon")),  # no colon
            "Authorization: Basic " + _b64("deploy:"),  # no password
            "Authorization: Basic " + fake(24, ALNUM, seed="basic-junk") + "!",  # not base64
            "Authorization: Basic ${CREDENTIALS}",  # template
            "Authorization: Basic " + _b64("Aladdin:open sesame"),  # RFC 7617's example
            'headers={"Authorization": f"Basic {creds}"}',  # template
        ),
    ),
)

_KEY_HEADERS = (
    r"x-api-key|api-key|apikey|x-apikey|x-auth-token|x-access-token|x-api-token|private-token|"
    r"x-vault-token|ocp-apim-subscription-key|x-goog-api-key|x-functions-key|x-rapidapi-key|"
    r"x-app-key|x-master-key|x-admin-key|x-client-secret|x-secret-key|x-api-secret|x-auth-key|"
    r"x-token|x-figma-token|x-shopify-access-token|x-postmark-server-token|x-dd-api-key"
)
API_KEY_HEADER = SecretRule(
    id="api-key-header",
    kind="api_key",
    regex=(
        r"""(?:(?<![^\n])[ \t]*|-H[ \t]*["']|--header[ \t=]+["']|["'`])"""
        rf"""(?i:{_KEY_HEADERS})["'`]?\]?[ \t]*(?::|=>|=|,)[ \t]*["'`]?"""
        r"(?P<secret>[A-Za-z0-9\-._~+/]{16,}=*)(?![A-Za-z0-9\-._~+/=])"
    ),
    keywords=("key", "token", "secret"),
    entropy=3.0,
    filters=TOKEN_FILTERS,
    confidence=0.8,
    examples=Examples(
        positives=(
            f"X-API-Key: {_APIKEY}",
            f"curl -H 'x-api-key: {_APIKEY2}' https://api.internal/v2/items",
            f'headers = {{"X-Api-Key": "{_APIKEY}"}}',
            f"PRIVATE-TOKEN: {_TOKEN2}",
            f'request.headers["Ocp-Apim-Subscription-Key"] = "{_APIKEY2}"',
            f'fetch(url, {{ headers: {{ "api-key": "{_APIKEY}" }} }})',
            f"curl --header 'X-Vault-Token: {_TOKEN}' https://vault:8200/v1/secret/app",
        ),
        negatives=(
            'headers = {"X-API-Key": api_key}',  # a variable
            "X-API-Key: ${API_KEY}",  # template
            "X-API-Key: <your-api-key>",  # template
            'headers = {"x-api-key": f"{key}"}',  # template
            "X-API-Key: your-api-key-here",  # placeholder
            "X-API-Key: abc123",  # too short
            "X-Api-Key-Id: " + fake(24, ALNUM, seed="header-id"),  # another header
            "Access-Control-Allow-Headers: X-API-Key, Content-Type",  # a header list
        ),
    ),
)

CURL_USER = SecretRule(
    id="curl-user-credentials",
    kind="basic_auth_credentials",
    regex=(
        r"""(?<![\w-])curl\b(?:[^\n\\]|\\[\s\S]){0,400}?[ \t](?:-u|--user)[ \t]*["']?"""
        r"""(?:[^\s:"']*:|(?=[^\s:"']+:["']?(?:\s|$)))"""
        r"""(?P<secret>[^\s:"']+)(?=:?["']?(?:\s|$))"""
    ),
    keywords=("curl",),
    filters=(*COMMON, is_short, is_interpolation, is_identifier_like, is_default_password),
    confidence=0.8,
    examples=Examples(
        positives=(
            f"curl -u admin:{_PW1} https://jenkins.internal/api/json",
            f'curl --user "deploy:{_PW2}" -X POST https://nexus.internal/upload',
            f"curl https://api.stripe.com/v1/charges -u {_APIKEY}:",
            f"curl -s \\\n  -u ci:{_TOKEN2} \\\n  https://registry.internal/v2/_catalog",
        ),
        negatives=(
            "curl -u $USER:$PASS https://x.internal",  # template
            'curl -u "${API_KEY}:" https://x.internal',  # template
            "curl -u admin https://x.internal",  # curl asks for the password
            "curl -u user:password https://x.internal",  # documentation default
            "docker run -u 1000:1000 img",  # not curl: uid:gid
        ),
    ),
)

GENERIC_SECRET = SecretRule(
    id="generic-secret",
    kind="generic_secret",
    regex=assigned_literal(
        SECRET_NAME,
        r"""[bruBRU]{0,2}["'`](?:base64:)?(?P<secret>[^\s"'`\\,]{16,})["'`]""",
    ),
    keywords=("key", "secret", "token", "pass", "pwd", "auth", "credential"),
    entropy=3.5,
    filters=GENERIC_FILTERS,
    confidence=0.6,
    generic=True,
    max_len=1024,
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
    entropy=3.5,
    filters=GENERIC_FILTERS,
    confidence=0.6,
    generic=True,
    max_len=1024,
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
        ),
    ),
)

RULES = (
    PASSWORD_ASSIGNMENT,
    PASSWORD_UNQUOTED,
    PASSWORD_XML,
    PASSWORD_ARGUMENT,
    AUTHORIZATION_BEARER,
    AUTHORIZATION_BASIC,
    API_KEY_HEADER,
    CURL_USER,
    GENERIC_SECRET,
    GENERIC_SECRET_UNQUOTED,
)
