"""Credentials in HTTP: `Authorization` and API-key headers, `Bearer` values in config, `curl -u`,
and keys and tokens in URL query strings (`?api_key=`, `&access_token=`, `&sig=`).

User and password in a URL's authority (`https://user:pw@host`) are in `databases`.
"""

from __future__ import annotations

import base64
import binascii

from veil.detect.base import Examples, SecretRule
from veil.detect.filters import (
    COMMON,
    is_code_reference,
    is_default_password,
    is_documentation_url,
    is_documented_example,
    is_identifier_like,
    is_interpolation,
    is_path,
    is_placeholder,
    is_short,
    is_single_class,
    is_template,
    is_uuid,
)
from veil.detect.samples import ALNUM, B64, B64URL, DIGITS, HEX, fake
from veil.detect.secrets.generic import (
    FIREBASE_WEB_KEY_AHEAD,
    TOKEN_FILTERS,
    has_entropy,
)

# --- test values ----------------------------------------------------------------------------

_PW1 = fake(10, ALNUM, seed="web-pw-1") + "!"
_PW2 = fake(8, ALNUM, seed="web-pw-2") + "#" + fake(3, DIGITS, seed="web-pw-2d")
_PW3 = fake(12, ALNUM, seed="web-pw-3") + "%"
_TOKEN = fake(40, ALNUM, seed="bearer-1")
_TOKEN2 = fake(32, B64URL, seed="bearer-2")
_APIKEY = fake(32, ALNUM, seed="api-key-header")
_APIKEY2 = fake(40, HEX, seed="api-key-header-hex")
_UUID = "-".join(fake(n, HEX, seed=f"web-uuid-{n}{i}") for i, n in enumerate((8, 4, 4, 4, 12)))


def _b64(text: str) -> str:
    return base64.b64encode(text.encode()).decode()


# --- rules -----------------------------------------------------------------------------------

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
        rf"(?!{FIREBASE_WEB_KEY_AHEAD})"
        r"(?P<secret>[A-Za-z0-9\-._~+/]{16,}=*)(?![A-Za-z0-9\-._~+/=])"
    ),
    keywords=("key", "token", "secret"),
    entropy=3.0,
    filters=TOKEN_FILTERS,
    confidence=0.8,
    generic=True,  # a rule that knows the service (by its name or prefix) says more
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
            f'  apiKey: "AIza{fake(35, B64URL, seed="web-firebase")}",\n'
            '  authDomain: "shop-7.firebaseapp.com",',  # a Firebase web app's key: public
        ),
    ),
)

# A user and password given to an HTTP client: `curl -u user:pw` / `--user`, HTTPie's and xh's
# `-a user:pw` / `--auth`. Either part may be quoted on its own (`--user kevin:'pw'`,
# `--user "id":"pw"`); with no password (`curl -u key:`) the key before the colon is the secret.
# What continues a command: anything on its line, a `\`-continued line, or an indented next line
# that starts with an option (a command pasted without its backslashes).
_COMMAND_REST = r"(?:[^\n\\]|\\[\s\S]|\n[ \t]+(?=-))"
_CLIENT_USER_FLAG = (
    rf"""(?:(?<![\w-])curl\b{_COMMAND_REST}{{0,400}}?[ \t](?:-u|--user)"""
    rf"""|(?<![\w./:-])(?:https?|xhs?)\b(?=[ \t]){_COMMAND_REST}{{0,400}}?[ \t](?:-a|--auth))"""
)
CURL_USER = SecretRule(
    id="curl-user-credentials",
    kind="basic_auth_credentials",
    regex=(
        rf"""{_CLIENT_USER_FLAG}(?:[ \t]+|=)["']?"""
        r"""(?:[^\s:"']*["']?:["']?|(?=[^\s:"']+:["']?(?:\s|$)))"""
        r"""(?P<secret>[^\s:"']+)(?=:?["']?(?:\s|$))"""
    ),
    keywords=("curl", "http", "xh"),
    filters=(*COMMON, is_short, is_interpolation, is_identifier_like, is_default_password),
    confidence=0.8,
    examples=Examples(
        positives=(
            f"curl -u admin:{_PW1} https://jenkins.internal/api/json",
            f'curl --user "deploy:{_PW2}" -X POST https://nexus.internal/upload',
            f"curl https://api.stripe.com/v1/charges -u {_APIKEY}:",
            f"curl -s \\\n  -u ci:{_TOKEN2} \\\n  https://registry.internal/v2/_catalog",
            f"curl --user ops:'{_PW3}' -X PATCH https://api.internal/v1/items/7",
            f'curl -X POST --user "ops":"{_PW1}" https://api.internal/v1/items',
            f"curl --user=deploy:{_PW2} https://nexus.internal/upload",
            f"http -a ops:{_PW3} GET https://api.internal/v1/items",
            f"xh --auth deploy:{_PW1} https://api.internal/v1/items",
        ),
        negatives=(
            "curl -u $USER:$PASS https://x.internal",  # template
            'curl -u "${API_KEY}:" https://x.internal',  # template
            "curl -u admin https://x.internal",  # curl asks for the password
            "curl -u user:password https://x.internal",  # documentation default
            "docker run -u 1000:1000 img",  # not curl: uid:gid
            'curl --user "$(cat user.txt):$(cat pass.txt)" https://x.internal',  # commands
            "curl -u '{{ user }}:{{ password }}' https://x.internal",  # template
            "http -a ops https://api.internal/v1",  # HTTPie asks for the password
            "see https://docs.internal -a " + _PW1,  # a URL in prose, not a command
        ),
    ),
)

# Credentials in a header an HTTP client sends: `curl -H 'Name: value'` / `--header`, `wget
# --header=`, HTTPie's and xh's bare `Name:value` items. The header is `Authorization` with a value
# and no scheme or an unusual one (`Authorization: Api-Token ...`; Bearer, Basic and the common
# schemes have their rules), or one whose name says it carries a key or a token (`Api-Token:`,
# `X-Octopus-ApiKey:`, `Token:`), less those that carry none (`Idempotency-Key`,
# `Sec-WebSocket-Key`, `X-CSRF-Token`).
_CLIENT = r"(?<![\w./:-])(?:curl|wget|https?|xhs?)\b(?=[ \t])"
_HEADER_FLAG = r"""(?:-H|--header)(?:[ \t]*=?[ \t]*)["']|[ \t]["']?(?=[\w-]+:[^\s/])"""
_SCHEMES_ELSEWHERE = r"(?!(?i:basic|bearer|token|bot|digest|negotiate|ntlm|aws4-hmac-sha256)\b)"
_KEY_HEADER_NAME = (
    r"(?!(?i:[\w-]*(?:idempotency|websocket|csrf|xsrf|request|trace|correlation|cache|public|"
    r"publishable|sort|page|cursor|next)))"
    r"(?i:(?:[a-z0-9]+-)*(?:api-?key|api-?token|apikey|access-?key|access-?token|auth-?token|"
    r"auth-?key|secret|secret-?key|token|key|password))"
)
COMMAND_HEADER_CREDENTIAL = SecretRule(
    id="command-header-credential",
    kind="api_key",
    regex=(
        rf"""{_CLIENT}{_COMMAND_REST}{{0,600}}?(?:{_HEADER_FLAG})"""
        rf"""(?:(?i:authorization)[ \t]*:[ \t]*{_SCHEMES_ELSEWHERE}(?:[A-Za-z][\w-]*[ \t]+)?"""
        rf"""|{_KEY_HEADER_NAME}[ \t]*:[ \t]*)"""
        r"""(?P<secret>[A-Za-z0-9\-._~+/=@!$%*]{10,})(?=["']|\s|$)"""
    ),
    keywords=("curl", "wget", "http", "xh"),
    entropy=3.0,
    filters=(*TOKEN_FILTERS, is_code_reference, is_path, is_default_password, is_single_class),
    confidence=0.8,
    generic=True,  # a rule that knows the service (by its name or prefix) says more
    max_len=1024,
    examples=Examples(
        positives=(
            f"curl --header 'Authorization: {_UUID}' https://api.internal/v1/jobs",
            f'curl -H "Authorization: Api-Token {_APIKEY2}" https://api.internal/v1/use',
            f'curl -X POST --header "Api-Token: {_PW1}"',
            f'curl -XPOST http://api.internal/tasks -H "Token: {_APIKEY2[:16]}" -d "x=1"',
            f'curl -X GET https://deploy.internal/\n     -H "X-Octopus-ApiKey: {_UUID}" \\',
            f"wget --header='X-Service-Key: {_APIKEY}' https://api.internal/v1/export",
            f"http GET https://api.internal/v1/items X-Api-Token:{_TOKEN}",
            f"curl -H 'Authorization: {_TOKEN2}' https://api.internal/v1/me",
        ),
        negatives=(
            'curl -H "Authorization: $TOKEN" https://api.internal',  # template
            'curl -H "Api-Token: ${API_TOKEN}" https://api.internal',  # template
            'curl -H "Idempotency-Key: ' + _UUID + '" https://api.internal',  # not a credential
            'curl -H "X-Request-Key: ' + _APIKEY + '" https://api.internal',  # a request id
            'curl -H "Content-Type: application/json" https://api.internal',  # no credential
            'curl -H "Token: your-token-here" https://api.internal',  # placeholder
            'curl -H "Api-Key: abc123" https://api.internal',  # too short
            'curl -H "Authorization: Basic ' + _b64("user:password") + '"',  # Basic's own rule
            'echo "Api-Token: ' + _PW1 + '"',  # no HTTP client
            'curl -H "X-Api-Key: process.env.API_KEY"',  # a reference
        ),
    ),
)


# Names of credentials in a query string. `sig` and `signature` stand alone: `oauth_signature` is
# derived from a secret, not one. Pagination and CSRF tokens and public keys are no credentials.
_QUERY_NAMES = (
    r"(?:[a-z]+[_\-]?)?(?:api[_\-]?key|apikey|access[_\-]?token|auth[_\-]?token|id[_\-]?token|"
    r"refresh[_\-]?token|private[_\-]?token|token|client[_\-]?secret|secret|password|passwd|pwd)"
    r"|sig|signature|key"
)
_QUERY_BENIGN = (
    r"(?!(?i:[a-z]*[_\-]?(?:page|next|csrf|xsrf|cursor|continuation|sync|resume|public|"
    r"publishable|anon)))"
)

URL_QUERY_SECRET = SecretRule(
    id="url-query-secret",
    kind="url_token",
    regex=(
        rf"[?&](?:amp;)?{_QUERY_BENIGN}(?i:{_QUERY_NAMES})="
        r"(?P<secret>[A-Za-z0-9\-._~%+/]{16,}={0,2})(?![A-Za-z0-9\-._~%+/=$\{\[<(])"
    ),
    keywords=("key=", "token=", "secret=", "sig=", "signature=", "password=", "passwd=", "pwd="),
    validate=has_entropy,
    filters=(*TOKEN_FILTERS, is_uuid, is_path, is_single_class, is_documentation_url),
    confidence=0.7,
    generic=True,
    max_len=512,
    examples=Examples(
        positives=(
            f'10.0.0.7 - - [01/Jan/2024:00:00:01 +0000] "GET /v1/orders?api_key={_APIKEY} '
            'HTTP/1.1" 200 512',
            f"curl 'https://api.internal/v2/export?format=csv&access_token={_TOKEN2}'",
            f"fetch(`https://hooks.internal/notify?token={_APIKEY2}`)",
            f"https://auth.internal/oauth/token?grant_type=client_credentials&client_secret="
            f"{_TOKEN}&client_id=web",
            f'<a href="https://files.internal/d/report.pdf?expires=1700000000&amp;sig={_TOKEN2}">',
            f"GET /reset?user=42&password={_TOKEN} HTTP/1.1",
            f"wss://stream.internal/v1/ws?apiKey={_APIKEY}",
        ),
        negatives=(
            "https://api.internal/v1/orders?api_key=${API_KEY}",  # template
            "https://api.internal/v1/orders?api_key=YOUR_API_KEY_HERE",  # placeholder
            "https://api.internal/v1/orders?api_key={{api_key}}",  # template
            "https://api.internal/v1/orders?token=" + fake(8, ALNUM, seed="q-short"),  # too short
            "GET /v1/items?pageToken=" + fake(32, B64URL, seed="q-page"),  # pagination
            "POST /form?csrf_token=" + fake(32, ALNUM, seed="q-csrf"),  # a CSRF token
            "/v1/init?publishable_api_key=" + fake(32, ALNUM, seed="q-pub"),  # public by design
            "https://api.internal/v1/orders?token=3f2a9c1e-8b4d-4e6f-9a0b-1c2d3e4f5a6b",  # a UUID
            "https://cdn.internal/get?key=assets/img/logo-dark.png",  # an object key
            "https://api.internal/v1/orders?token=abcdefghijklmnopqrstuvwx",  # an alphabet
            "https://x.internal/cb?oauth_signature=" + fake(28, B64, seed="q-oauth"),  # derived
            "/search?api_key=" + "a" * 20,  # no entropy
        ),
        documented=(
            "https://api.example.com/v1/items?api_key=" + fake(32, ALNUM, seed="q-doc"),  # docs
            "https://s3.amazonaws.com/b/f?AWSAccessKeyId=AKIAIOSFODNN7EXAMPLE&Signature="
            + fake(28, B64, seed="q-aws-doc"),  # AWS's documented example
        ),
    ),
)

BEARER_VALUE = SecretRule(
    id="bearer-token-value",
    kind="bearer_token",
    regex=(
        r"""(?:["'`>]|[:=][ \t]*)(?i:bearer)[ \t]+"""
        r"(?P<secret>[A-Za-z0-9\-._~+/]{20,}=*)(?![A-Za-z0-9\-._~+/=])"
        r"""(?=\\?["'`<]|[ \t]*(?:[\r\n,;}]|$))"""
    ),
    keywords=("bearer",),
    validate=has_entropy,
    filters=TOKEN_FILTERS,
    confidence=0.8,
    examples=Examples(
        positives=(
            f'            - name: UPSTREAM_AUTH\n              value: "Bearer {_TOKEN}"',
            f"    <authorization>Bearer {_TOKEN2}</authorization>",
            f'<add key="Authorization" value="Bearer {_APIKEY2}" />',
            f"upstream_auth: Bearer {_APIKEY}",
            f"const auth = 'Bearer {_TOKEN2}';",
            f'String headers = "{{\\"Authorization\\":\\"Bearer {_APIKEY}\\"}}";',
        ),
        negatives=(
            'value: "Bearer ${API_TOKEN}"',  # template
            'auth = "Bearer " + token',  # concatenation
            "We use Bearer authentication for every endpoint",  # prose
            "<authorization>Bearer {{token}}</authorization>",  # template
            'value: "Bearer ' + "ab" * 12 + '"',  # no entropy
            'value: "Bearer YourAccessTokenGoesHere"',  # words
        ),
    ),
)

RULES = (
    AUTHORIZATION_BEARER,
    AUTHORIZATION_BASIC,
    API_KEY_HEADER,
    CURL_USER,
    COMMAND_HEADER_CREDENTIAL,
    URL_QUERY_SECRET,
    BEARER_VALUE,
)
