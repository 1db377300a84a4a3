"""Productivity and design tools: Atlassian, project trackers, documents, design."""

import base64
import re

from veil.detect.base import ASSIGN, UUID, Examples, SecretRule, assigned, named, padded, token
from veil.detect.filters import LITERAL
from veil.detect.samples import (
    ALNUM,
    B64,
    B64URL,
    DIGITS,
    HEX,
    LOWER,
    UPPER,
    b64json,
    fake,
    fake_uuid,
)
from veil.detect.shapes import prefixed, service_named
from veil.detect.validators import looks_random, mixed_case

# --- Atlassian: `ATATT3` API tokens end in `=` and a CRC32 in upper-case hex. (`ATCTT3` access
# tokens are Bitbucket's: see `vcs`.)


_ATATT = (
    "ATATT3xFfG"
    + fake(173, B64URL, seed="atlassian-atatt")
    + "="
    + fake(8, HEX, seed="atlassian-atatt-crc").upper()
)

ATLASSIAN_API_TOKEN = SecretRule(
    id="atlassian-api-token",
    kind="atlassian_api_token",
    regex=padded(r"ATATT3[A-Za-z0-9_\-]{150,250}=[0-9A-F]{8}"),
    keywords=("atatt3",),
    entropy=4.0,
    confidence=0.97,
    max_len=320,
    examples=Examples(
        positives=(
            f"JIRA_API_TOKEN={_ATATT}",
            f"curl -u ops@acme.io:{_ATATT} https://acme.atlassian.net/rest/api/3/myself",
            f"confluence:\n  url: https://acme.atlassian.net/wiki\n  token: '{_ATATT}'",
        ),
        negatives=(
            f"JIRA_API_TOKEN={_ATATT[:-9]}",  # checksum missing
            f"JIRA_API_TOKEN={_ATATT[:60]}={_ATATT[-8:]}",  # too short
            f"JIRA_API_TOKEN={_ATATT[:-8]}{_ATATT[-8:].lower()}",  # checksum not upper-case hex
        ),
    ),
)

_ATLASSIAN_LEGACY = fake(24, ALNUM, seed="atlassian-legacy")

ATLASSIAN_LEGACY_API_TOKEN = SecretRule(
    id="atlassian-legacy-api-token",
    kind="atlassian_legacy_api_token",
    regex=assigned(
        named("atlassian|jira|confluence", r"(?:api_?)?(?:token|key|password|secret)"),
        r"[A-Za-z0-9]{24}",
    ),
    keywords=("atlassian", "jira", "confluence"),
    entropy=3.8,
    validate=looks_random,
    confidence=0.75,
    examples=Examples(
        positives=(
            f"JIRA_API_TOKEN={_ATLASSIAN_LEGACY}",
            f'jira = JIRA(server="https://acme.atlassian.net", token_auth="{_ATLASSIAN_LEGACY}")',
            f"confluence:\n  api_token: {_ATLASSIAN_LEGACY}",
        ),
        negatives=(
            f"JIRA_ISSUE_ID={_ATLASSIAN_LEGACY}",  # an identifier, not a token
            "JIRA_API_TOKEN=JiraCloudApiTokenForCiXy",  # words, not a random token
            f"api_token = {_ATLASSIAN_LEGACY}",  # no Atlassian context
        ),
    ),
)

# --- Productivity and design tools

_LINEAR = "lin_api_" + fake(40, ALNUM, seed="linear")

LINEAR_API_KEY = SecretRule(
    id="linear-api-key",
    kind="linear_api_key",
    regex=token(r"lin_api_[A-Za-z0-9]{40}"),
    keywords=("lin_api_",),
    entropy=4.0,
    confidence=0.98,
    examples=Examples(
        positives=(
            f"LINEAR_API_KEY={_LINEAR}",
            f"const linear = new LinearClient({{ apiKey: '{_LINEAR}' }});",
        ),
        negatives=(
            f"LINEAR_API_KEY={_LINEAR[:-6]}",  # too short
            f"LINEAR_API_KEY={_LINEAR}x",  # inside a longer token
        ),
    ),
)

_NOTION = "ntn_" + fake(11, DIGITS, seed="notion-1") + fake(35, ALNUM, seed="notion-2")

NOTION_INTEGRATION_TOKEN = SecretRule(
    id="notion-integration-token",
    kind="notion_integration_token",
    regex=token(r"ntn_[0-9]{11}[A-Za-z0-9]{35}"),
    keywords=("ntn_",),
    entropy=4.0,
    confidence=0.97,
    examples=Examples(
        positives=(
            f"NOTION_TOKEN={_NOTION}",
            f"const notion = new Client({{ auth: '{_NOTION}' }});",
        ),
        negatives=(
            f"NOTION_TOKEN={_NOTION[:-5]}",  # too short
            f"NOTION_TOKEN=ntn_{fake(46, ALNUM, seed='notion-3')}",  # no leading digits
        ),
    ),
)

_NOTION_LEGACY = "secret_" + fake(43, ALNUM, seed="notion-legacy")

NOTION_LEGACY_INTEGRATION_TOKEN = SecretRule(
    id="notion-legacy-integration-token",
    kind="notion_integration_token",
    regex=token(r"secret_[A-Za-z0-9]{43}"),
    keywords=("notion",),
    entropy=4.0,
    confidence=0.9,
    examples=Examples(
        positives=(
            f"NOTION_API_KEY={_NOTION_LEGACY}",
            f'notion = Client(auth="{_NOTION_LEGACY}")',
        ),
        negatives=(
            f"API_SECRET={_NOTION_LEGACY}",  # no Notion context
            f"NOTION_API_KEY={_NOTION_LEGACY[:-3]}",  # too short
        ),
    ),
)

_POSTMAN = f"PMAK-{fake(24, HEX, seed='postman-1')}-{fake(34, HEX, seed='postman-2')}"

POSTMAN_API_KEY = SecretRule(
    id="postman-api-key",
    kind="postman_api_key",
    regex=token(r"PMAK-[0-9a-f]{24}-[0-9a-f]{34}"),
    keywords=("pmak-",),
    entropy=3.0,
    confidence=0.98,
    examples=Examples(
        positives=(
            f"POSTMAN_API_KEY={_POSTMAN}",
            f"curl https://api.getpostman.com/me -H 'X-Api-Key: {_POSTMAN}'",
        ),
        negatives=(
            f"POSTMAN_API_KEY={_POSTMAN[:-4]}",  # too short
            f"POSTMAN_API_KEY={_POSTMAN.replace('-', '_')}",  # wrong separators
        ),
    ),
)

_FIGMA = "figd_" + fake(40, B64URL, seed="figma")

FIGMA_PAT = SecretRule(
    id="figma-pat",
    kind="figma_pat",
    regex=token(r"figd_[A-Za-z0-9_\-]{40}"),
    keywords=("figd_",),
    entropy=4.0,
    confidence=0.97,
    examples=Examples(
        positives=(
            f"FIGMA_TOKEN={_FIGMA}",
            f"curl -H 'X-Figma-Token: {_FIGMA}' https://api.figma.com/v1/me",
        ),
        negatives=(
            f"FIGMA_TOKEN={_FIGMA[:-6]}",  # too short
            f"FIGMA_TOKEN=x{_FIGMA}",  # inside a longer token
        ),
    ),
)


# Figma's older personal access tokens: 4 hex, `-`, and a UUID-like 8-4-4-4-12 hex.
_FIGMA_LEGACY = f"{fake(4, HEX, seed='figma-legacy')}-" + "-".join(
    fake(n, HEX, seed=f"figma-legacy-{n}-{i}") for i, n in enumerate((8, 4, 4, 4, 12))
)

FIGMA_LEGACY_PAT = SecretRule(
    id="figma-legacy-pat",
    kind="figma_pat",
    regex=token(r"[0-9a-f]{4}-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"),
    keywords=("figma",),
    entropy=3.0,
    confidence=0.9,
    examples=Examples(
        positives=(
            f"FIGMA_TOKEN={_FIGMA_LEGACY}",
            f"curl -H 'X-Figma-Token: {_FIGMA_LEGACY}' https://api.figma.com/v1/me",
        ),
        negatives=(
            f"trace = {_FIGMA_LEGACY}",  # no Figma context
            f"FIGMA_FILE_ID={_FIGMA_LEGACY[5:]}",  # a UUID alone
        ),
    ),
)


def _airtable_id_ok(value: str) -> bool:
    """The 14 characters after `pat` are random, not the rest of a word (`patternMatchersV2`)."""
    return not re.fullmatch(r"[a-z]*(?:[A-Z][a-z]+)*[A-Z]?[0-9]*", value[3:17])


_AIRTABLE = f"pat{fake(14, ALNUM, seed='airtable-1')}.{fake(64, HEX, seed='airtable-2')}"

AIRTABLE_PAT = SecretRule(
    id="airtable-pat",
    kind="airtable_pat",
    regex=token(r"pat[A-Za-z0-9]{14}\.[0-9a-f]{64}"),
    keywords=("pat",),
    entropy=3.5,
    validate=_airtable_id_ok,
    filters=LITERAL,
    confidence=0.95,
    examples=Examples(
        positives=(
            f"AIRTABLE_API_KEY={_AIRTABLE}",
            f"const base = new Airtable({{ apiKey: '{_AIRTABLE}' }}).base('appX');",
        ),
        negatives=(
            f"AIRTABLE_API_KEY={_AIRTABLE[:-8]}",  # too short
            f"path = patternMatchersV2.{fake(64, HEX, seed='airtable-3')}",  # not a token id
        ),
    ),
)

_ASANA = f"2/{fake(16, DIGITS, seed='asana-1')}/{fake(16, DIGITS, seed='asana-2')}:" + fake(
    32, HEX, seed="asana-3"
)

ASANA_PAT = SecretRule(
    id="asana-pat",
    kind="asana_pat",
    regex=token(r"[0-9]/[0-9]{13,20}(?:/[0-9]{13,20})?:[0-9a-f]{32}"),
    keywords=("asana",),
    entropy=3.0,
    confidence=0.9,
    examples=Examples(
        positives=(
            f"ASANA_ACCESS_TOKEN={_ASANA}",
            f"curl https://app.asana.com/api/1.0/users/me -H 'Authorization: Bearer {_ASANA}'",
        ),
        negatives=(
            f"ratio = {_ASANA}",  # no Asana context
            f"ASANA_ACCESS_TOKEN={_ASANA[:-4]}",  # too short
        ),
    ),
)

_CONTENTFUL = "CFPAT-" + fake(43, B64URL, seed="contentful")

CONTENTFUL_PAT = SecretRule(
    id="contentful-pat",
    kind="contentful_pat",
    regex=token(r"CFPAT-[A-Za-z0-9_\-]{43}"),
    keywords=("cfpat-",),
    entropy=4.0,
    confidence=0.98,
    examples=Examples(
        positives=(
            f"CONTENTFUL_MANAGEMENT_TOKEN={_CONTENTFUL}",
            f"contentful login --management-token {_CONTENTFUL}",
        ),
        negatives=(
            f"CONTENTFUL_MANAGEMENT_TOKEN={_CONTENTFUL[:-5]}",  # too short
            f"CONTENTFUL_MANAGEMENT_TOKEN=x{_CONTENTFUL}",  # inside a longer token
        ),
    ),
)

_MAPBOX_PAYLOAD = b64json(
    {"u": "acme", "a": fake(25, LOWER + DIGITS, seed="mapbox-a")}, url=True
).rstrip("=")
_MAPBOX = f"sk.{_MAPBOX_PAYLOAD}.{fake(22, B64URL, seed='mapbox-sig')}"

MAPBOX_SECRET_TOKEN = SecretRule(
    id="mapbox-secret-token",
    kind="mapbox_secret_token",
    regex=token(r"sk\.eyJ[A-Za-z0-9_\-]{30,300}\.[A-Za-z0-9_\-]{20,30}"),
    keywords=("sk.eyj",),
    entropy=4.0,
    filters=LITERAL,
    confidence=0.97,
    examples=Examples(
        positives=(
            f"MAPBOX_DOWNLOADS_TOKEN={_MAPBOX}",
            f"mapbox_secret_token: {_MAPBOX}",
        ),
        negatives=(
            f"MAPBOX_ACCESS_TOKEN=pk.{_MAPBOX[3:]}",  # a public token
            f"MAPBOX_DOWNLOADS_TOKEN={_MAPBOX[:-12]}",  # signature too short
        ),
    ),
)

_PAGERDUTY = fake(20, ALNUM, seed="pagerduty")

PAGERDUTY_API_KEY = SecretRule(
    id="pagerduty-api-key",
    kind="pagerduty_api_key",
    regex=assigned(
        named("pagerduty|pager_duty", r"(?:api_?)?(?:token|key)"),
        r"[A-Za-z0-9_+\-]{20}",
        r"[A-Za-z0-9_+\-]",
    ),
    keywords=("pagerduty", "pager_duty"),
    entropy=3.8,
    validate=lambda v: mixed_case(v, 10),
    confidence=0.75,
    examples=Examples(
        positives=(
            f"PAGERDUTY_TOKEN={_PAGERDUTY}",
            f'provider "pagerduty" {{\n  token = "{_PAGERDUTY}"\n}}',
            f"PAGERDUTY_USER_TOKEN=u+{_PAGERDUTY[:18]}",
        ),
        negatives=(
            f"PAGERDUTY_SERVICE_ID={_PAGERDUTY}",  # an identifier, not a key
            f"token = {_PAGERDUTY}",  # no PagerDuty context
        ),
    ),
)

_OKTA = "00" + fake(40, B64URL, seed="okta")

OKTA_API_TOKEN = SecretRule(
    id="okta-api-token",
    kind="okta_api_token",
    regex=assigned(
        r"(?i:okta[\w.\-]*?(?:api_?)?(?:token|key)"
        r"|okta\b[^\n]{0,40}?(?:\n[ \t]+[^\n]{0,40}?)?\b(?:api_?)?token)|SSWS",
        r"00[A-Za-z0-9_\-]{40}",
    ),
    keywords=("okta", "ssws"),
    entropy=4.0,
    confidence=0.85,
    examples=Examples(
        positives=(
            f"OKTA_API_TOKEN={_OKTA}",
            f"curl https://acme.okta.com/api/v1/users -H 'Authorization: SSWS {_OKTA}'",
            f"okta.client.token={_OKTA}",
        ),
        negatives=(
            f"token = {_OKTA}",  # no Okta context
            f"OKTA_API_TOKEN={_OKTA[:-6]}",  # too short
            f"OKTA_CLIENT_ID=0oa{fake(17, ALNUM, seed='okta-client')}",  # a client id
        ),
    ),
)


# --- More trackers, documents and automation. A JWT with an HMAC (HS256, HS512) or RSA-2048
# signature, as a named value (the signature's exact length keeps the value from running on).
_JWT_VALUE = (
    r"eyJ[A-Za-z0-9_\-]{10,200}\.eyJ[A-Za-z0-9_\-]{10,2000}\."
    r"(?:[A-Za-z0-9_\-]{43}|[A-Za-z0-9_\-]{86}|[A-Za-z0-9_\-]{342})"
)


def _jwt(header: dict[str, str], claims: dict[str, object], seed: str, sig: int = 43) -> str:
    """A JWT-shaped test value: `header.claims.signature` (43 characters sign HS256)."""
    head = b64json(header, url=True).rstrip("=")
    body = b64json(claims, url=True).rstrip("=")
    return f"{head}.{body}.{fake(sig, B64URL, seed=seed)}"


def _b64(text: str) -> str:
    return base64.b64encode(text.encode()).decode()


# Trello: user tokens are `ATTA`, 64 hex and an upper-case hex checksum; older tokens are 64 hex
# under a Trello name. (The 32-hex API key is public by design: not a secret.)
_TRELLO = "ATTA" + fake(64, HEX, seed="trello") + fake(8, HEX, seed="trello-crc").upper()

TRELLO_API_TOKEN = prefixed(
    kind="trello_api_token",
    body=r"ATTA[0-9a-f]{64}[0-9A-F]{8}",
    sample=_TRELLO,
    keywords=("atta",),
    env="TRELLO_TOKEN",
    confidence=0.97,
    positives=(f'trello = TrelloClient(api_key=TRELLO_KEY, token="{_TRELLO}")',),
    negatives=(f"TRELLO_TOKEN=ATTA{fake(72, HEX, seed='trello-lower')}",),  # no checksum
)

TRELLO_LEGACY_API_TOKEN = SecretRule(
    id="trello-legacy-api-token",
    kind="trello_api_token",
    regex=assigned(named("trello", r"(?:api_?|access_?)?token"), r"[0-9a-f]{64}"),
    keywords=("trello",),
    entropy=3.0,
    confidence=0.8,
    examples=Examples(
        positives=(
            f"TRELLO_TOKEN={fake(64, HEX, seed='trello-legacy')}",
            f"trello:\n  token: {fake(64, HEX, seed='trello-legacy-2')}",
        ),
        negatives=(
            f"TRELLO_BOARD_ID={fake(64, HEX, seed='trello-legacy')}",  # not a token name
            f"token: {fake(64, HEX, seed='trello-legacy')}",  # no Trello context
        ),
    ),
)

# Trello's OAuth secret: 64 hex (the key is public, the secret signs OAuth 1 requests).
TRELLO_API_SECRET = service_named(
    kind="trello_api_secret",
    service="trello",
    key=r"(?:api_?|oauth_?|app_?)?secret",
    value=r"[0-9a-f]{64}",
    sample=fake(64, HEX, seed="trello-secret"),
    env="TRELLO_API_SECRET",
    confidence=0.8,
    positives=(f'{{"trello": {{"secret": "{fake(64, HEX, seed="trello-secret-2")}"}}}}',),
)

# Linear OAuth access tokens: `lin_oauth_` and 64 hex.
LINEAR_OAUTH_TOKEN = prefixed(
    kind="linear_oauth_token",
    body=r"lin_oauth_[0-9a-f]{64}",
    sample="lin_oauth_" + fake(64, HEX, seed="linear-oauth"),
    keywords=("lin_oauth_",),
    env="LINEAR_ACCESS_TOKEN",
    confidence=0.98,
    positives=(
        "curl https://api.linear.app/graphql -H 'Authorization: Bearer lin_oauth_"
        + fake(64, HEX, seed="linear-oauth-2")
        + "'",
    ),
)

# ClickUp personal tokens: `pk_`, the user's numeric id, `_` and 32 upper-case alphanumerics.
_CLICKUP = f"pk_{fake(1, '123456789', seed='cu')}{fake(7, DIGITS, seed='cu-id')}_" + fake(
    32, UPPER + DIGITS, seed="clickup"
)

CLICKUP_API_TOKEN = prefixed(
    kind="clickup_api_token",
    body=r"pk_[0-9]{4,12}_[A-Z0-9]{32}",
    sample=_CLICKUP,
    keywords=("pk_",),
    env="CLICKUP_API_TOKEN",
    confidence=0.97,
    positives=(f"curl https://api.clickup.com/api/v2/user -H 'Authorization: {_CLICKUP}'",),
    negatives=(f"STRIPE_KEY=pk_live_{fake(32, UPPER + DIGITS, seed='cu-stripe')}",),  # not ClickUp
)

# YouTrack and Hub permanent tokens: `perm:`, the base64 user name, `.`, the base64 token name,
# `.` and the secret.
_YOUTRACK = f"perm:{_b64(fake(8, LOWER, seed='yt-user'))}.{_b64('ci-bot')}." + fake(
    30, ALNUM, seed="youtrack"
)

YOUTRACK_PERMANENT_TOKEN = prefixed(
    kind="youtrack_permanent_token",
    body=r"perm:[A-Za-z0-9+/]{2,80}={0,2}\.[A-Za-z0-9+/]{2,80}={0,2}\.[A-Za-z0-9]{20,40}",
    sample=_YOUTRACK,
    keywords=("perm:",),
    env="YOUTRACK_TOKEN",
    confidence=0.97,
    chars=r"[A-Za-z0-9_\-+/]",
    positives=(
        f"curl https://acme.youtrack.cloud/api/issues -H 'Authorization: Bearer {_YOUTRACK}'",
    ),
    negatives=("chmod perm:rw.owner.group",),  # not a token
)

# monday.com, Wrike, Productboard, n8n: API tokens are JWTs, known by the name they
# are kept under (the generic JWT rule finds them without a service).
_MONDAY = _jwt(
    {"alg": "HS256"},
    {
        "tid": 301234567,
        "aai": 11,
        "uid": 5123456,
        "iad": "2024-01-01T00:00:00.000Z",
        "per": "me:write",
    },
    "monday",
)

MONDAY_API_TOKEN = service_named(
    kind="monday_api_token",
    service=r"monday(?:_?com)?",
    keywords=("monday",),
    value=_JWT_VALUE,
    sample=_MONDAY,
    env="MONDAY_API_TOKEN",
    entropy=4.0,
    confidence=0.92,
    max_len=2800,
    positives=(f'{{"mondayApiToken": "{_MONDAY}"}}',),
)

WRIKE_PERMANENT_TOKEN = service_named(
    kind="wrike_permanent_token",
    service="wrike",
    value=_JWT_VALUE,
    sample=_jwt(
        {"tt": "p", "alg": "HS256", "tv": "1"},
        {"d": '{"a":1234567,"i":7654321,"c":4612345,"u":12345678,"r":"USA1","s":["W","F"]}'},
        "wrike",
    ),
    env="WRIKE_ACCESS_TOKEN",
    entropy=4.0,
    confidence=0.92,
    max_len=2800,
)

PRODUCTBOARD_API_TOKEN = service_named(
    kind="productboard_api_token",
    service="productboard",
    value=_JWT_VALUE,
    sample=_jwt({"typ": "JWT", "alg": "HS256"}, {"iss": fake_uuid("pb-iss"), "sub": "101"}, "pb"),
    env="PRODUCTBOARD_API_TOKEN",
    entropy=4.0,
    confidence=0.92,
    max_len=2800,
)

N8N_API_KEY = service_named(
    kind="n8n_api_key",
    service="n8n",
    value=_JWT_VALUE,
    sample=_jwt(
        {"alg": "HS256", "typ": "JWT"},
        {"sub": fake_uuid("n8n-sub"), "iss": "n8n", "aud": "public-api", "iat": 1700000000},
        "n8n",
    ),
    env="N8N_API_KEY",
    entropy=4.0,
    confidence=0.92,
    max_len=2800,
    positives=(
        "curl https://n8n.acme.io/api/v1/workflows -H 'X-N8N-API-KEY: "
        + _jwt({"alg": "HS256", "typ": "JWT"}, {"sub": fake_uuid("n8n-2")}, "n8n-2")
        + "'",
    ),
)

# Miro: access tokens (OAuth, or a developer team's non-expiring one) under a Miro name.
_MIRO = fake(27, B64URL, seed="miro-a") + "_" + fake(27, B64URL, seed="miro-b")

MIRO_ACCESS_TOKEN = SecretRule(
    id="miro-access-token",
    kind="miro_access_token",
    regex=assigned(named("miro", r"(?:access_?|oauth_?|api_?)?token"), r"[A-Za-z0-9_\-]{27,160}"),
    keywords=("miro",),
    entropy=4.0,
    validate=looks_random,
    confidence=0.8,
    examples=Examples(
        positives=(
            f"MIRO_ACCESS_TOKEN={_MIRO}",
            f"const miro = new Miro({{ accessToken: '{_MIRO}' }});",
            f"miro:\n  access_token: {_MIRO}",
        ),
        negatives=(
            f"MIRO_BOARD_ID={_MIRO}",  # an identifier, not a token
            f"access_token: {_MIRO}",  # no Miro context
            "MIRO_ACCESS_TOKEN=miroAccessTokenForTheDesignTeam",  # words
        ),
    ),
)

# Coda: API tokens are UUIDs (`CODA_API_TOKEN`, `Coda(api_token)`).
CODA_API_TOKEN = service_named(
    kind="coda_api_token",
    service=r"(?<![a-z])coda(?![a-z])",
    keywords=("coda",),
    value=UUID,
    sample=fake_uuid("coda"),
    env="CODA_API_TOKEN",
    negatives=(f"CODAC_TOKEN={fake_uuid('coda-2')}",),  # another word
)

# Smartsheet: access tokens are 37 alphanumerics (older ones 26 lower-case alphanumerics).
SMARTSHEET_ACCESS_TOKEN = service_named(
    kind="smartsheet_access_token",
    service="smartsheet",
    value=r"[A-Za-z0-9]{37}|[a-z0-9]{26}",
    sample=fake(37, ALNUM, seed="smartsheet"),
    key=r"(?:access_?|api_?)?(?:token|key)",
    env="SMARTSHEET_ACCESS_TOKEN",
    entropy=3.5,
    positives=(
        f"smart = smartsheet.Smartsheet(access_token='{fake(26, LOWER + DIGITS, seed='ss-2')}')",
    ),
)

# Basecamp: OAuth tokens are Rails-signed messages, base64 `BAh...`, `--` and a 40-hex digest.
_BASECAMP = "BAhbB0kiAbB7" + fake(120, B64, seed="basecamp") + "--" + fake(40, HEX, seed="bc-sig")

BASECAMP_ACCESS_TOKEN = service_named(
    kind="basecamp_access_token",
    service="basecamp|(?<![a-z])bc3",
    keywords=("basecamp", "bc3"),
    value=r"BAh[A-Za-z0-9+/]{20,800}={0,2}--[0-9a-f]{40}",
    sample=_BASECAMP,
    env="BASECAMP_ACCESS_TOKEN",
    entropy=4.0,
    confidence=0.85,
    max_len=1000,
)

# Todoist: API tokens are 40 hex.
TODOIST_API_TOKEN = service_named(
    kind="todoist_api_token",
    service="todoist",
    value=r"[0-9a-f]{40}",
    sample=fake(40, HEX, seed="todoist"),
    env="TODOIST_API_TOKEN",
    confidence=0.8,
    positives=(f'{{"todoist_token": "{fake(40, HEX, seed="todoist-2")}"}}',),
)

# DocuSign: an integration's secret key is a UUID (the integration key, also a UUID, is its id).
DOCUSIGN_SECRET_KEY = service_named(
    kind="docusign_secret_key",
    service="docusign",
    keywords=("docusign",),
    key=r"(?:client_?|oauth_?)?secret(?:_?key)?",
    value=UUID,
    sample=fake_uuid("docusign"),
    env="DOCUSIGN_CLIENT_SECRET",
    positives=(f"docusign:\n  secret_key: {fake_uuid('docusign-2')}",),
    negatives=(f"DOCUSIGN_INTEGRATION_KEY={fake_uuid('docusign')}",),  # the id
)

# Dropbox Sign (formerly HelloSign): API keys are 64 hex.
DROPBOX_SIGN_API_KEY = service_named(
    kind="dropbox_sign_api_key",
    service=r"hello_?sign|dropbox_?sign",
    keywords=("hellosign", "hello_sign", "dropbox_sign", "dropboxsign"),
    value=r"[0-9a-f]{64}",
    sample=fake(64, HEX, seed="hellosign"),
    env="HELLOSIGN_API_KEY",
    confidence=0.8,
    positives=(f"DROPBOX_SIGN_API_KEY={fake(64, HEX, seed='hellosign-2')}",),
)

# PandaDoc: API keys are 40 hex (`Authorization: API-Key ...`).
PANDADOC_API_KEY = service_named(
    kind="pandadoc_api_key",
    service="pandadoc",
    value=r"[0-9a-f]{40}",
    sample=fake(40, HEX, seed="pandadoc"),
    env="PANDADOC_API_KEY",
    confidence=0.8,
)

# Zoom: OAuth (Server-to-Server and user apps), Meeting SDK and webhook secrets are 32
# alphanumerics under a Zoom name. (Client ids and SDK keys are identifiers.)
ZOOM_CLIENT_SECRET = service_named(
    kind="zoom_client_secret",
    service=r"(?<![a-z])zoom(?![a-z])",
    keywords=("zoom",),
    key=r"(?:client_?|sdk_?|api_?|app_?|oauth_?)?secret(?:_?token)?",
    value=r"[A-Za-z0-9]{32}",
    sample=fake(32, ALNUM, seed="zoom"),
    env="ZOOM_CLIENT_SECRET",
    entropy=4.0,
    validate=looks_random,
    positives=(f"ZOOM_SDK_SECRET={fake(32, ALNUM, seed='zoom-2')}",),
    negatives=(f"ZOOM_CLIENT_ID={fake(32, ALNUM, seed='zoom')}",),  # the id
)

# Toggl Track: API tokens are 32 hex.
TOGGL_API_TOKEN = service_named(
    kind="toggl_api_token",
    service="toggl",
    value=r"[0-9a-f]{32}",
    sample=fake(32, HEX, seed="toggl"),
    env="TOGGL_API_TOKEN",
    confidence=0.8,
    positives=(f'{{"toggl_api_token": "{fake(32, HEX, seed="toggl-2")}"}}',),
)

# Aha!: API keys are 64 hex.
AHA_API_KEY = service_named(
    kind="aha_api_key",
    service=r"(?<![a-z])aha(?![a-z])",
    keywords=("aha",),
    value=r"[0-9a-f]{64}",
    sample=fake(64, HEX, seed="aha"),
    env="AHA_API_KEY",
    confidence=0.8,
)

# Shortcut (formerly Clubhouse): API tokens are UUIDs (`SHORTCUT_API_TOKEN`, `Shortcut-Token`).
SHORTCUT_API_TOKEN = service_named(
    kind="shortcut_api_token",
    service=r"shortcut|clubhouse",
    key=r"(?:api_?)?token",
    value=UUID,
    sample=fake_uuid("shortcut"),
    # Above the generic header-credential rule: the header names the service.
    confidence=0.85,
    env="SHORTCUT_API_TOKEN",
    positives=(
        "curl https://api.app.shortcut.com/api/v3/member -H "
        f"'Shortcut-Token: {fake_uuid('shortcut-2')}'",
        f"CLUBHOUSE_API_TOKEN={fake_uuid('shortcut-3')}",
    ),
)

# Airtable's legacy API keys: `key` and 14 alphanumerics, under an Airtable name.
AIRTABLE_LEGACY_API_KEY = service_named(
    kind="airtable_api_key",
    service="airtable",
    value=r"key[A-Za-z0-9]{14}",
    sample="key" + fake(14, ALNUM, seed="airtable-legacy"),
    env="AIRTABLE_API_KEY",
    entropy=3.5,
    validate=lambda v: mixed_case(v[3:], 5),
    positives=(f"const base = new Airtable({{ apiKey: 'key{fake(14, ALNUM, seed='at-2')}' }});",),
)

# Airtable OAuth access tokens: an id, `.v1.`, a base64url part and a hex signature.
_AIRTABLE_OAUTH = (
    f"{fake(16, UPPER + DIGITS, seed='at-oauth-1')}.v1.{fake(40, B64URL, seed='at-oauth-2')}."
    + fake(64, HEX, seed="at-oauth-3")
)

AIRTABLE_OAUTH_TOKEN = service_named(
    kind="airtable_oauth_token",
    service="airtable",
    key=r"(?:oauth_?|access_?)?token",
    value=r"[A-Za-z0-9]{8,40}\.v1\.[A-Za-z0-9_\-]{10,200}\.[0-9a-f]{64}",
    sample=_AIRTABLE_OAUTH,
    env="AIRTABLE_OAUTH_TOKEN",
    entropy=4.0,
    confidence=0.9,
    max_len=400,
    positives=(f'airtable:\n  access_token: "{_AIRTABLE_OAUTH}"',),
)

# Zapier catch hooks: `hooks.zapier.com/hooks/catch/<account>/<hook>/` takes data from anyone
# who has the URL.
_ZAPIER = f"https://hooks.zapier.com/hooks/catch/{fake(7, DIGITS, seed='zap-a')}/" + fake(
    7, LOWER + DIGITS, seed="zap-h"
)

ZAPIER_WEBHOOK_URL = SecretRule(
    id="zapier-webhook-url",
    kind="zapier_webhook_url",
    regex=token(r"https://hooks\.zapier\.com/hooks/catch/\d{3,12}/[a-z0-9]{5,12}/?"),
    keywords=("hooks.zapier.com",),
    confidence=0.95,
    examples=Examples(
        positives=(
            f"ZAPIER_WEBHOOK_URL={_ZAPIER}/",
            f"requests.post('{_ZAPIER}/', json=payload)",
        ),
        negatives=(
            "https://hooks.zapier.com/hooks/catch/",  # no hook
            "https://hooks.zapier.com/hooks/catch/123456/",  # no hook id
        ),
    ),
)

# Make (formerly Integromat) webhooks: `hook.<zone>.make.com/` and 32 lower-case alphanumerics.
_MAKE = f"https://hook.eu1.make.com/{fake(32, LOWER + DIGITS, seed='make')}"

MAKE_WEBHOOK_URL = SecretRule(
    id="make-webhook-url",
    kind="make_webhook_url",
    regex=token(
        r"https://hook\.(?:(?:eu|us)[0-9]\.make\.com|integromat\.com)/[a-z0-9]{32}",
    ),
    keywords=("make.com", "integromat.com"),
    entropy=3.5,
    confidence=0.95,
    examples=Examples(
        positives=(
            f"MAKE_WEBHOOK_URL={_MAKE}",
            f"curl -X POST {_MAKE.replace('hook.eu1.make.com', 'hook.integromat.com')} -d @x.json",
        ),
        negatives=(
            f"{_MAKE[:-8]}",  # too short
            "https://hook.eu1.make.com/",  # no hook
        ),
    ),
)

# IFTTT Webhooks: the Maker key, 22 base64url characters, in `maker.ifttt.com/.../with/key/`.
_IFTTT_KEY = fake(22, B64URL, seed="ifttt")

IFTTT_WEBHOOK_KEY = SecretRule(
    id="ifttt-webhook-key",
    kind="ifttt_webhook_key",
    regex=(
        r"(?:maker\.ifttt\.com/trigger/[\w\-]{1,80}/(?:json/)?with/key/"
        rf"|(?i:ifttt[\w.\-]*?(?:webhook_?|maker_?)?key){ASSIGN})"
        r"(?P<secret>[A-Za-z0-9_\-]{22})(?![A-Za-z0-9_\-])"
    ),
    keywords=("ifttt",),
    entropy=3.5,
    confidence=0.9,
    examples=Examples(
        positives=(
            f"curl -X POST https://maker.ifttt.com/trigger/door_open/with/key/{_IFTTT_KEY}",
            f"IFTTT_WEBHOOK_KEY={_IFTTT_KEY}",
        ),
        negatives=(
            f"curl https://maker.ifttt.com/trigger/door_open/with/key/{_IFTTT_KEY[:12]}",  # short
            f"key = {_IFTTT_KEY}",  # no IFTTT context
        ),
    ),
)


RULES = (
    ATLASSIAN_API_TOKEN,
    ATLASSIAN_LEGACY_API_TOKEN,
    LINEAR_API_KEY,
    NOTION_INTEGRATION_TOKEN,
    NOTION_LEGACY_INTEGRATION_TOKEN,
    POSTMAN_API_KEY,
    FIGMA_PAT,
    AIRTABLE_PAT,
    ASANA_PAT,
    FIGMA_LEGACY_PAT,
    CONTENTFUL_PAT,
    MAPBOX_SECRET_TOKEN,
    PAGERDUTY_API_KEY,
    OKTA_API_TOKEN,
    TRELLO_API_TOKEN,
    TRELLO_LEGACY_API_TOKEN,
    TRELLO_API_SECRET,
    LINEAR_OAUTH_TOKEN,
    CLICKUP_API_TOKEN,
    YOUTRACK_PERMANENT_TOKEN,
    MONDAY_API_TOKEN,
    WRIKE_PERMANENT_TOKEN,
    PRODUCTBOARD_API_TOKEN,
    N8N_API_KEY,
    MIRO_ACCESS_TOKEN,
    CODA_API_TOKEN,
    SMARTSHEET_ACCESS_TOKEN,
    BASECAMP_ACCESS_TOKEN,
    TODOIST_API_TOKEN,
    DOCUSIGN_SECRET_KEY,
    DROPBOX_SIGN_API_KEY,
    PANDADOC_API_KEY,
    ZOOM_CLIENT_SECRET,
    TOGGL_API_TOKEN,
    AHA_API_KEY,
    SHORTCUT_API_TOKEN,
    AIRTABLE_LEGACY_API_KEY,
    AIRTABLE_OAUTH_TOKEN,
    ZAPIER_WEBHOOK_URL,
    MAKE_WEBHOOK_URL,
    IFTTT_WEBHOOK_KEY,
)
