"""Productivity and design tools: Atlassian, project trackers, documents, design."""

import re

from veil.detect.base import Examples, SecretRule, assigned, named, padded, token
from veil.detect.filters import LITERAL
from veil.detect.samples import (
    ALNUM,
    B64URL,
    DIGITS,
    HEX,
    LOWER,
    b64json,
    fake,
)
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
    CONTENTFUL_PAT,
    MAPBOX_SECRET_TOKEN,
    PAGERDUTY_API_KEY,
    OKTA_API_TOKEN,
)
