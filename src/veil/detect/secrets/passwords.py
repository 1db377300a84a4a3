"""Passwords: assigned in code and config, in XML, on command lines, and passphrases that people
chose under `secret` names (`CLIENT_SECRET = "ruby-castle-salmon75"`).

What makes a password a literal, and what is a placeholder, a reference or a default, is decided
by the filters in `generic`.
"""

from __future__ import annotations

import re

from veil.detect.base import Examples, SecretRule
from veil.detect.filters import (
    is_elided,
    is_file_name,
    is_filler,
    is_identifier_like,
    is_named_digest,
    is_uuid,
    is_version,
)
from veil.detect.samples import ALNUM, DIGITS, LOWER, UPPER, fake
from veil.detect.secrets.generic import (
    ASSIGN,
    BARE,
    BARE_END,
    PASSWORD_FILTERS,
    PASSWORD_NAME,
    QUOTED,
    SECRET_WORD_NAME,
    XML_TAGS,
    assigned_literal,
    name_value_pair,
)

# --- test values ----------------------------------------------------------------------------

_PW1 = fake(10, ALNUM, seed="pw-1") + "!"
_PW2 = fake(8, ALNUM, seed="pw-2") + "#" + fake(3, DIGITS, seed="pw-2d")
_PW3 = fake(12, ALNUM, seed="pw-3") + "%"
_PW4 = "x" + fake(9, LOWER, seed="pw-4") + fake(2, DIGITS, seed="pw-4d") + "@"
_PW5 = fake(6, UPPER, seed="pw-5") + "-" + fake(6, LOWER + DIGITS, seed="pw-5b") + "?"
_PW_ESCAPED_QUOTE = _PW2[:4] + '\\"' + _PW2[4:]
_PW_DOUBLED_QUOTE = _PW3[:5] + "''" + _PW3[5:]
_PW_ESCAPED_BACKSLASH = _PW4[:3] + "\\\\" + _PW4[3:]
# Passphrases as people make them: words and a number, a word and a year and a symbol.
_WORDS = ("ruby", "castle", "salmon", "sunset", "storm", "ginger", "lunar", "gateway")
_PP1 = "-".join(_WORDS[:3]) + fake(2, DIGITS, seed="pp-1")
_PP2 = "_".join(_WORDS[6:8]) + "_20" + fake(2, DIGITS, seed="pp-2")
_PP3 = "Zebra19" + fake(2, DIGITS, seed="pp-3") + "!"
_PP4 = fake(5, ALNUM, seed="pp-4") + "%" + fake(7, ALNUM, seed="pp-4b")
_PP5 = "SunsetMarble" + fake(4, "0123456789abcdef", seed="pp-5")
_BUNDLE_USER = fake(8, "0123456789abcdef", seed="bundle-user")
_BUNDLE_PW = fake(8, "0123456789abcdef", seed="bundle-pw")


# --- rules -----------------------------------------------------------------------------------

PASSWORD_ASSIGNMENT = SecretRule(
    id="password-assignment",
    kind="password",
    regex=assigned_literal(PASSWORD_NAME, QUOTED),
    keywords=("pass", "pwd"),
    filters=PASSWORD_FILTERS,
    # In the gateway a quoted literal under a password's name is masked even when its letters
    # read like a word (`"LkzaaEYnLpsuTgkr"`): random letters pass for words too often.
    recall_skips=(is_identifier_like,),
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
            f'process.env.DB_PASSWORD = process.env.DB_PASSWORD || "{_PW1}";',
            f'smtp_password = os.environ.get("SMTP_PASSWORD", "{_PW2}")',
            f'const adminPassword = process.env.ADMIN_PASSWORD ?? "{_PW3}";',
            f'connect({{ user: "app", pass: process.env.DB_PASSWORD || "{_PW4}" }})',
            f'pw = os.getenv("SMTP_PASSWORD") or "{_PW5}"',
            f'db_password = "{_PW_ESCAPED_QUOTE}"',  # an escaped quote inside
            f"pwd: '{_PW_DOUBLED_QUOTE}'",  # a doubled quote (SQL, YAML)
            f"$password = '{_PW_ESCAPED_BACKSLASH}';",
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
        documented=(
            'DB_PASSWORD = "LkzaaEYnLpsuTgkr"',  # random letters that read like a word (test value)
            '{"password": "TgkrLkzaaEYnLpsu"}',
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
            f'10.0.0.9 - - "GET /login?user=bob&password={_PW1} HTTP/1.1" 302 0',
            "redis_password: Tr0ub4dor&3",
            "db.password = S3cure#Pass # prod",
            "POSTGRES_PASSWORD=%Nz" + fake(10, ALNUM, seed="pw-percent"),
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

PASSWORD_XML = SecretRule(
    id="password-xml",
    kind="password",
    regex=(
        rf"""(?:(?<!\?P)<(?:{PASSWORD_NAME})(?:[ \t][^<>]*)?>"""
        rf"""|<{XML_TAGS}\b[^<>]*?\b(?:key|name)[ \t]*=[ \t]*["'](?:{PASSWORD_NAME})["']"""
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
            f"<dbPassword>{_PW5[:5]}%sa{_PW1[:5]}</dbPassword>",  # `%s` inside, not a format
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

# Words that make a value the name of a secret (`db-secret-v2`, `tls_cert_2024`), not the secret.
_NAMING_WORDS = frozenset(
    (  # noqa: SIM905 - a list of words reads better as words
        "secret secrets token tokens key keys cred creds credential credentials cert certs crt tls "
        "ssl vault kms arn"
    ).split()
)


def is_passphrase(value: str) -> bool:
    """Chosen by a person but not a name: letters with digits or symbols (`Zebra1998!`,
    `lunar_gateway_2026`, not `more-custom-CAs` or `release-name-pg-2`), and no word that names a
    secret (`db-secret-v2`)."""
    words = re.findall(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])", value)
    mixed = re.search(r"\d|[^\w.\-]", value)  # `-`, `_` and `.` join words in names too
    if not words or not mixed or any(w.lower() in _NAMING_WORDS for w in words):
        return False
    if len(value) >= 16 and re.fullmatch(r"[0-9a-fA-F]+", value):
        return False  # a digest or a key: random, for `generic-secret` to judge
    # A resource name (`release-name-postgresql-2`) numbers itself with one digit; people pick more.
    return not (
        re.fullmatch(r"[a-z0-9]+(?:[-_.][a-z0-9]+)+", value) and len(re.findall(r"\d", value)) < 2
    )


PASSPHRASE_FILTERS = (
    *PASSWORD_FILTERS,
    is_version,
    is_file_name,
    is_uuid,
    is_elided,
    is_filler,
    is_identifier_like,
    is_named_digest,
)
_PASSPHRASE = r"""[^\s"'`<>\\,;(){}\[\]|]{8,128}"""
_PASSPHRASE_END = rf"""(?:["'`]|(?=</)|{BARE_END})"""

SECRET_PASSPHRASE = SecretRule(
    id="secret-passphrase",
    kind="password",
    regex=(
        rf"""(?:{assigned_literal(SECRET_WORD_NAME, "")}"""
        rf"""|(?<!\?P)<(?:{SECRET_WORD_NAME})(?:[ \t][^<>]*)?>"""
        rf"""|<{XML_TAGS}\b[^<>]*?\b(?:key|name)[ \t]*=[ \t]*["'](?:{SECRET_WORD_NAME})["']"""
        r"""(?:[^<>]*?\bvalue[ \t]*=[ \t]*["']|[^<>]*>))"""
        rf"""(?:[bruBRU]{{0,2}}["'`])?(?P<secret>{_PASSPHRASE}){_PASSPHRASE_END}"""
    ),
    keywords=("secret",),
    validate=is_passphrase,
    filters=PASSPHRASE_FILTERS,
    confidence=0.55,  # below `generic-secret`, which keeps the random values it also finds
    generic=True,
    max_len=512,
    examples=Examples(
        positives=(
            f'secret = "{_PP2}"',
            f"      - CLIENT_SECRET={_PP1}",
            f'    api_secret="{_PP3}",',
            f'CLIENT_SECRET = "{_PP4}"',
            f"process.env.SECRET = process.env.SECRET || '{_PP1}';",
            f'os.environ.setdefault("API_SECRET", "{_PP3}")',
            f"    <apiSecret>{_PP5}</apiSecret>",
            f'<add key="ClientSecret" value="{_PP3}" />',
            f"  api_secret: {_PP2}",
            f'export const API_SECRET = "{_PP4}";',
        ),
        negatives=(
            'client_secret = "tiger-castle-panda"',  # words: a name as much as a phrase
            "secret: true",  # a flag
            'secret = "db-secret-v2"',  # names a secret
            'secret: "tlsCert2024"',  # names a secret
            'secret = os.environ["APP_SECRET"]',  # a reference
            "secret: ${APP_SECRET}",  # template
            'client_secret = "changeme123"',  # placeholder
            'secret = "' + "Ab1!" + '"',  # too short
            "SECRET=/run/secrets/app_2",  # a path
            'webhook_secret = get_secret("prod", 2)',  # a call
            'SECRET_NAME = "prod_db_2024"',  # another name
            "secret = config.app_secret_2",  # a reference
            "# - secret: more-custom-CAs",  # names joined: no digit, no symbol
            "clientSecret: aabbccddeeff00112233",  # runs, doubled
            "  secret: release-name-postgresql-2",  # a resource's name, numbered
            "checksum/secret: " + fake(64, "0123456789abcdef", seed="pp-digest"),  # a digest
        ),
        documented=(
            "secret = 'XYZ12345'",  # runs of the alphabet and digits
        ),
    ),
)

PASSWORD_NAME_VALUE_PAIR = SecretRule(
    id="password-name-value-pair",
    kind="password",
    regex=name_value_pair(
        rf"{PASSWORD_NAME}|{SECRET_WORD_NAME}",
        rf"""["'`]?(?P<secret>{_PASSPHRASE})(?=["'`]|[ \t]*(?:[\r\n,}}]|$))""",
    ),
    keywords=("pass", "pwd", "secret"),
    validate=is_passphrase,
    filters=PASSPHRASE_FILTERS,
    confidence=0.7,
    generic=True,
    max_len=512,
    examples=Examples(
        positives=(
            f"          env:\n            - name: DB_PASSWORD\n              value: {_PP2}\n",
            f'            - name: API_SECRET\n              value: "{_PP3}"',
            f'{{"name": "MYSQL_ROOT_PASSWORD", "value": "{_PW1}"}}',
            f'env {{\n  name  = "SMTP_PASS"\n  value = "{_PW2}"\n}}',
        ),
        negatives=(
            "- name: DB_PASSWORD\n  valueFrom:\n    secretKeyRef: {name: db, key: password}",  # ref
            "- name: DB_PASSWORD\n  value: $(DB_PASSWORD)",  # template
            "- name: DB_PASSWORD_FILE\n  value: /run/secrets/db-password",  # another name, a path
            "- name: DB_USER\n  value: " + _PP2,  # not a password's name
            '- name: DB_PASSWORD\n  value: "changeme"',  # placeholder
        ),
    ),
)

# `~/.netrc` (curl, git, ftp, Heroku): `machine HOST login USER password PASS`, on one line or
# several, `default` for any host.
NETRC_PASSWORD = SecretRule(
    id="netrc-password",
    kind="password",
    regex=(
        r"(?<![\w-])(?:machine[ \t]+[^\s]+|default)"
        r"(?:\s+(?:login|account|port)[ \t]+[^\s]+)*\s+password[ \t]+"
        r"""["']?(?P<secret>[^\s"']+)["']?(?=\s|$)"""
    ),
    keywords=("machine", "default"),
    filters=PASSWORD_FILTERS,
    confidence=0.8,
    max_len=1024,
    examples=Examples(
        positives=(
            f"machine api.internal login deploy password {_PW1}",
            f"machine git.internal\n  login ci\n  password {_PW2}\n",
            f"default login anonymous password {_PW3}",
            f'machine ftp.internal login backup password "{_PW4}"',
        ),
        negatives=(
            "machine api.internal login deploy password $NETRC_PASSWORD",  # template
            "machine api.internal login deploy password changeme",  # placeholder
            "machine api.internal login deploy",  # no password
            "the machine learning model, password reset flow",  # prose
        ),
    ),
)


def _bundler_credentials_ok(value: str) -> bool:
    """`user:password`, or GitHub's `token:x-oauth-basic`: the part that is the secret is neither a
    placeholder, a template nor a default."""
    user, sep, password = value.partition(":")
    is_token = password.lower() in ("x-oauth-basic", "x-access-token", "")
    secret, prefix = (user, "") if is_token else (password, f"{user}:")
    if not sep or len(secret) < 6:
        return False
    return not any(f(secret, prefix) for f in PASSWORD_FILTERS)


# Bundler keeps a gem source's credentials in `BUNDLE_<HOST>` (dots as `__`: Sidekiq Pro's
# `BUNDLE_GEMS__CONTRIBSYS__COM=user:password`, `BUNDLE_GITHUB__COM=token:x-oauth-basic`), in the
# environment or `.bundle/config`. The whole `user:password` is reported.
BUNDLER_SOURCE_CREDENTIALS = SecretRule(
    id="bundler-source-credentials",
    kind="basic_auth_credentials",
    regex=(
        r"(?<![\w-])BUNDLE_(?:[A-Z0-9_]+?__)+[A-Z0-9]+[\"']?[ \t]*[:=][ \t]*[\"']?"
        r"(?P<secret>[^\s:\"'`;&|]+:[^\s\"'`;&|]*)(?=[\"']|[ \t;&|]|$|\n)"
    ),
    keywords=("bundle_",),
    validate=_bundler_credentials_ok,
    filters=(),
    confidence=0.85,
    examples=Examples(
        positives=(
            f"export BUNDLE_GEMS__CONTRIBSYS__COM={_BUNDLE_USER}:{_BUNDLE_PW}",
            f'BUNDLE_ENTERPRISE__CONTRIBSYS__COM: "{_BUNDLE_USER}:{_BUNDLE_PW}"',
            f"BUNDLE_GITHUB__COM={_PW1[:-1]}{_BUNDLE_PW}:x-oauth-basic",
            f"export BUNDLE_GEMS__CONTRIBSYS__COM = {_BUNDLE_USER}:{_BUNDLE_PW} && bundle install",
            f'---\nBUNDLE_RUBYGEMS__PKG__GITHUB__COM: "ci:{_PW2}"\n',
        ),
        negatives=(
            "BUNDLE_GEMS__CONTRIBSYS__COM=${SIDEKIQ_USER}:${SIDEKIQ_PASS}",  # template
            "BUNDLE_GEMS__CONTRIBSYS__COM=user:password",  # documentation default
            "BUNDLE_WITHOUT=development:test",  # a setting, not a host
            f"BUNDLE_GEMS__CONTRIBSYS__COM={_BUNDLE_USER}",  # no colon
            "BUNDLE_GITHUB__COM=x-oauth-basic:x-oauth-basic",  # no token
        ),
    ),
)

RULES = (
    PASSWORD_ASSIGNMENT,
    PASSWORD_UNQUOTED,
    PASSWORD_XML,
    PASSWORD_ARGUMENT,
    SECRET_PASSPHRASE,
    PASSWORD_NAME_VALUE_PAIR,
    NETRC_PASSWORD,
    BUNDLER_SOURCE_CREDENTIALS,
)
