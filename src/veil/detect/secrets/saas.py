"""Developer SaaS: commerce, observability, secrets managers, CI, productivity and social APIs."""

import base64
import json
import re

from veil.detect.base import UUID, Examples, Rule, SecretRule, assigned, named, token
from veil.detect.filters import is_placeholder, is_template
from veil.detect.samples import ALNUM, B64, B64URL, DIGITS, HEX, LOWER, UPPER_ALNUM, fake, fake_uuid
from veil.detect.validators import mixed_case

# Dotted tokens (`dp.st.x`, `hvs.x`) look like attribute access to `is_code_reference`.
_LITERAL_FILTERS = (is_placeholder, is_template)


def _looks_random(value: str) -> bool:
    """Mixed case and at least one digit, as random alphanumeric keys have."""
    return mixed_case(value) and any(c.isdigit() for c in value)


def _padded(body: str, before: str = r"[A-Za-z0-9_+/\-]") -> str:
    """A base64 token that may end in `=` padding: `token()` with `=` a boundary only after it,
    since `=` before it is an assignment."""
    return rf"(?<!{before})(?P<secret>{body})(?![A-Za-z0-9_+/=\-])"


def _b64json(obj: object, *, url: bool = False) -> str:
    raw = json.dumps(obj, separators=(",", ":")).encode()
    return (base64.urlsafe_b64encode(raw) if url else base64.b64encode(raw)).decode()


# --- Shopify: `shp<type>_` and 32 hex.


def _shopify(kind: str, prefix: str) -> Rule:
    value = prefix + fake(32, HEX, seed=f"shopify-{prefix}")
    return SecretRule(
        id=kind.replace("_", "-"),
        kind=kind,
        regex=token(prefix + r"[a-fA-F0-9]{32}"),
        keywords=(prefix,),
        entropy=3.0,
        confidence=0.98,
        examples=Examples(
            positives=(
                f"SHOPIFY_ACCESS_TOKEN={value}",
                f"curl -H 'X-Shopify-Access-Token: {value}' "
                "https://acme.myshopify.com/admin/api/2024-01/shop.json",
                f'session = ShopifyAPI::Auth::Session.new(shop: "acme.myshopify.com", '
                f'access_token: "{value}")',
            ),
            negatives=(
                f"SHOPIFY_ACCESS_TOKEN={value[:-4]}",  # too short
                f"SHOPIFY_ACCESS_TOKEN={value}0",  # inside a longer token
            ),
            documented=(
                f"SHOPIFY_ACCESS_TOKEN={prefix}{'0' * 32}",  # placeholder
            ),
        ),
    )


SHOPIFY_ACCESS_TOKEN = _shopify("shopify_access_token", "shpat_")
SHOPIFY_CUSTOM_APP_TOKEN = _shopify("shopify_custom_app_token", "shpca_")
SHOPIFY_PRIVATE_APP_TOKEN = _shopify("shopify_private_app_token", "shppa_")
SHOPIFY_SHARED_SECRET = _shopify("shopify_shared_secret", "shpss_")

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
    regex=_padded(r"ATATT3[A-Za-z0-9_\-]{150,250}=[0-9A-F]{8}"),
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
    validate=_looks_random,
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

# --- Datadog: a 32-hex API key and a 40-hex application key, known only by their names.

_DD_API = fake(32, HEX, seed="datadog-api")
_DD_APP = fake(40, HEX, seed="datadog-app")

DATADOG_API_KEY = SecretRule(
    id="datadog-api-key",
    kind="datadog_api_key",
    regex=assigned(
        r"(?i:datadog[\w.\-]*?api_?key|(?<![A-Za-z0-9])dd[_\-]?api[_\-]?key"
        r"|datadog\b[^\n]{0,40}?(?:\n[ \t]+[^\n]{0,40}?)?\bapi_?key)",
        r"[0-9a-f]{32}",
    ),
    keywords=("datadog", "dd_api", "dd-api"),
    entropy=3.0,
    confidence=0.85,
    examples=Examples(
        positives=(
            f"DD_API_KEY={_DD_API}",
            f"datadog:\n  apiKey: {_DD_API}\n  site: datadoghq.eu",
            f"curl -X POST https://api.datadoghq.com/api/v2/series -H 'DD-API-KEY: {_DD_API}'",
        ),
        negatives=(
            f"DD_TRACE_ID={_DD_API}",  # an identifier, not a key
            f"api_key = {_DD_API}",  # no Datadog context
            "DD_API_KEY=${DATADOG_API_KEY}",  # reference
        ),
    ),
)

DATADOG_APP_KEY = SecretRule(
    id="datadog-app-key",
    kind="datadog_app_key",
    regex=assigned(
        r"(?i:datadog[\w.\-]*?app(?:lication)?_?key"
        r"|(?<![A-Za-z0-9])dd[_\-]?app(?:lication)?[_\-]?key"
        r"|datadog\b[^\n]{0,40}?(?:\n[ \t]+[^\n]{0,40}?)?\bapp(?:lication)?_?key)",
        r"[0-9a-f]{40}",
    ),
    keywords=("datadog", "dd_app", "dd-app"),
    entropy=3.0,
    confidence=0.85,
    examples=Examples(
        positives=(
            f"DD_APP_KEY={_DD_APP}",
            f"curl https://api.datadoghq.com/api/v1/monitor -H 'DD-APPLICATION-KEY: {_DD_APP}'",
            f'provider "datadog" {{\n  app_key = "{_DD_APP}"\n}}',
        ),
        negatives=(
            f"DD_GIT_COMMIT_SHA={_DD_APP}",  # a commit, not a key
            f"DD_APP_KEY={_DD_APP[:32]}",  # too short
        ),
    ),
)

# --- New Relic: `NRAK-` user keys, `NRII-`/`NRIQ-` Insights keys, `NRJS-` browser keys, and
# license keys ending in `NRAL`.


def _newrelic(kind: str, body: str, value: str, env: str, keyword: str) -> Rule:
    return SecretRule(
        id=kind.replace("_", "-"),
        kind=kind,
        regex=token(body),
        keywords=(keyword,),
        entropy=3.0,
        confidence=0.95,
        examples=Examples(
            positives=(
                f"{env}={value}",
                f'newrelic:\n  {env.lower()}: "{value}"',
            ),
            negatives=(
                f"{env}={value[:-4]}",  # too short
                f"{env}=x{value}",  # inside a longer token
            ),
        ),
    )


NEW_RELIC_USER_API_KEY = _newrelic(
    "new_relic_user_api_key",
    r"NRAK-[A-Z0-9]{27}",
    "NRAK-" + fake(27, UPPER_ALNUM, seed="newrelic-nrak"),
    "NEW_RELIC_API_KEY",
    "nrak-",
)
NEW_RELIC_INSERT_KEY = _newrelic(
    "new_relic_insert_key",
    r"NRII-[A-Za-z0-9_\-]{32}",
    "NRII-" + fake(32, B64URL, seed="newrelic-nrii"),
    "NEW_RELIC_INSERT_KEY",
    "nrii-",
)
NEW_RELIC_QUERY_KEY = _newrelic(
    "new_relic_query_key",
    r"NRIQ-[A-Za-z0-9_\-]{32}",
    "NRIQ-" + fake(32, B64URL, seed="newrelic-nriq"),
    "NEW_RELIC_QUERY_KEY",
    "nriq-",
)
NEW_RELIC_BROWSER_KEY = _newrelic(
    "new_relic_browser_key",
    r"NRJS-[0-9a-f]{19}",
    "NRJS-" + fake(19, HEX, seed="newrelic-nrjs"),
    "NEW_RELIC_BROWSER_KEY",
    "nrjs-",
)
NEW_RELIC_LICENSE_KEY = _newrelic(
    "new_relic_license_key",
    r"(?:[0-9a-f]{32}|eu01xx[0-9a-f]{26})FFFFNRAL",
    fake(32, HEX, seed="newrelic-license") + "FFFFNRAL",
    "NEW_RELIC_LICENSE_KEY",
    "nral",
)

# --- Sentry

_SENTRY_KEY = fake(32, HEX, seed="sentry-dsn")
_SENTRY_SECRET = fake(32, HEX, seed="sentry-dsn-secret")

SENTRY_DSN = SecretRule(
    id="sentry-dsn",
    kind="sentry_dsn",
    regex=(
        r"https?://(?P<secret>[0-9a-f]{32}(?::[0-9a-f]{32})?)"
        r"@[A-Za-z0-9.\-]*sentry[A-Za-z0-9.\-]*(?::[0-9]{2,5})?/(?:[\w.\-]+/)*[0-9]+"
    ),
    keywords=("sentry",),
    entropy=3.0,
    confidence=0.85,
    examples=Examples(
        positives=(
            f"SENTRY_DSN=https://{_SENTRY_KEY}@o4504123.ingest.us.sentry.io/4507891234",
            f'Sentry.init({{ dsn: "https://{_SENTRY_KEY}@sentry.acme.io/12" }});',
            f"dsn: https://{_SENTRY_KEY}:{_SENTRY_SECRET}@app.getsentry.com/1234",
        ),
        negatives=(
            "SENTRY_DSN=https://examplePublicKey@o0.ingest.sentry.io/0",  # documented example
            f"SENTRY_DSN=https://{_SENTRY_KEY}@o4504123.ingest.sentry.io/",  # no project
            f"url = https://{_SENTRY_KEY}@git.acme.io/12",  # not a Sentry host
        ),
    ),
)

_SENTRY_ORG_PAYLOAD = _b64json(
    {
        "iat": 1718000000.123,
        "url": "https://acme.sentry.io",
        "region_url": "https://us.sentry.io",
        "org": "acme-" + fake(6, LOWER, seed="sentry-org"),
    }
)
_SENTRY_ORG = f"sntrys_{_SENTRY_ORG_PAYLOAD}_{fake(43, B64, seed='sentry-org-secret')}"

SENTRY_ORG_TOKEN = SecretRule(
    id="sentry-org-token",
    kind="sentry_org_token",
    regex=_padded(r"sntrys_eyJ[A-Za-z0-9+/]{40,400}={0,2}_[A-Za-z0-9+/]{43}"),
    keywords=("sntrys_",),
    entropy=4.0,
    confidence=0.98,
    max_len=600,
    examples=Examples(
        positives=(
            f"SENTRY_AUTH_TOKEN={_SENTRY_ORG}",
            f"[auth]\ntoken={_SENTRY_ORG}",
        ),
        negatives=(
            f"SENTRY_AUTH_TOKEN={_SENTRY_ORG[:-10]}",  # secret part too short
            f"SENTRY_AUTH_TOKEN=sntrys_{_SENTRY_ORG_PAYLOAD}",  # payload only, no secret
        ),
    ),
)

_SENTRY_USER = "sntryu_" + fake(64, HEX, seed="sentry-user")

SENTRY_USER_TOKEN = SecretRule(
    id="sentry-user-token",
    kind="sentry_user_token",
    regex=token(r"sntryu_[0-9a-f]{64}"),
    keywords=("sntryu_",),
    entropy=3.0,
    confidence=0.98,
    examples=Examples(
        positives=(
            f"SENTRY_AUTH_TOKEN={_SENTRY_USER}",
            f"sentry-cli --auth-token {_SENTRY_USER} releases list",
        ),
        negatives=(
            f"SENTRY_AUTH_TOKEN={_SENTRY_USER[:-6]}",  # too short
            f"SENTRY_AUTH_TOKEN={_SENTRY_USER}0",  # inside a longer token
        ),
    ),
)

# --- HashiCorp: Vault tokens (`hvs.`, `hvb.`, `hvr.`, legacy `s.`) and Terraform Cloud tokens.

_VAULT_SERVICE = "hvs.CAESI" + fake(90, B64URL, seed="vault-hvs")

VAULT_SERVICE_TOKEN = SecretRule(
    id="vault-service-token",
    kind="vault_service_token",
    regex=token(r"hvs\.[A-Za-z0-9_\-]{90,120}"),
    keywords=("hvs.",),
    entropy=4.0,
    filters=_LITERAL_FILTERS,
    confidence=0.97,
    examples=Examples(
        positives=(
            f"VAULT_TOKEN={_VAULT_SERVICE}",
            f"curl -H 'X-Vault-Token: {_VAULT_SERVICE}' https://vault.acme.io/v1/secret/data/app",
        ),
        negatives=(
            f"VAULT_TOKEN={_VAULT_SERVICE[:60]}",  # too short
            f"VAULT_TOKEN=x{_VAULT_SERVICE}",  # inside a longer token
        ),
    ),
)

_VAULT_LEGACY = "s." + fake(24, ALNUM, seed="vault-legacy")

VAULT_LEGACY_SERVICE_TOKEN = SecretRule(
    id="vault-legacy-service-token",
    kind="vault_service_token",
    regex=assigned(r"(?i:vault[\w.\-]*?token|x-vault-token)", r"s\.[A-Za-z0-9]{24}"),
    keywords=("vault",),
    entropy=3.8,
    filters=_LITERAL_FILTERS,
    confidence=0.85,
    examples=Examples(
        positives=(
            f"export VAULT_TOKEN={_VAULT_LEGACY}",
            f"X-Vault-Token: {_VAULT_LEGACY}",
        ),
        negatives=(
            f"token = {_VAULT_LEGACY}",  # no Vault context
            f"VAULT_TOKEN={_VAULT_LEGACY[:-6]}",  # too short
        ),
    ),
)

_VAULT_BATCH = "hvb.AAAAAQ" + fake(160, B64URL, seed="vault-hvb")

VAULT_BATCH_TOKEN = SecretRule(
    id="vault-batch-token",
    kind="vault_batch_token",
    regex=token(r"hvb\.[A-Za-z0-9_\-]{100,300}"),
    keywords=("hvb.",),
    entropy=4.0,
    filters=_LITERAL_FILTERS,
    confidence=0.97,
    max_len=320,
    examples=Examples(
        positives=(
            f"VAULT_TOKEN={_VAULT_BATCH}",
            f'{{"auth": {{"client_token": "{_VAULT_BATCH}", "renewable": false}}}}',
        ),
        negatives=(
            f"VAULT_TOKEN={_VAULT_BATCH[:80]}",  # too short
            f"VAULT_TOKEN=hvx.{_VAULT_BATCH[4:]}",  # unknown token type
        ),
    ),
)

_VAULT_RECOVERY = "hvr." + fake(92, B64URL, seed="vault-hvr")

VAULT_RECOVERY_TOKEN = SecretRule(
    id="vault-recovery-token",
    kind="vault_recovery_token",
    regex=token(r"hvr\.[A-Za-z0-9_\-]{60,300}"),
    keywords=("hvr.",),
    entropy=4.0,
    filters=_LITERAL_FILTERS,
    confidence=0.95,
    max_len=320,
    examples=Examples(
        positives=(
            f"VAULT_TOKEN={_VAULT_RECOVERY}",
            f"vault operator generate-root -decode={_VAULT_RECOVERY}",
        ),
        negatives=(
            f"VAULT_TOKEN={_VAULT_RECOVERY[:40]}",  # too short
            f"VAULT_TOKEN=x{_VAULT_RECOVERY}",  # inside a longer token
        ),
    ),
)

_TFC = f"{fake(14, ALNUM, seed='tfc-1')}.atlasv1.{fake(67, ALNUM, seed='tfc-2')}"

TERRAFORM_CLOUD_TOKEN = SecretRule(
    id="terraform-cloud-token",
    kind="terraform_cloud_token",
    regex=token(r"[A-Za-z0-9]{14}\.atlasv1\.[A-Za-z0-9_=\-]{60,70}"),
    keywords=("atlasv1",),
    entropy=4.0,
    filters=_LITERAL_FILTERS,
    confidence=0.97,
    examples=Examples(
        positives=(
            f'credentials "app.terraform.io" {{\n  token = "{_TFC}"\n}}',
            f"TF_TOKEN_app_terraform_io={_TFC}",
            f'{{"credentials": {{"app.terraform.io": {{"token": "{_TFC}"}}}}}}',
        ),
        negatives=(
            f"TF_TOKEN_app_terraform_io={_TFC[:-20]}",  # too short
            f"TF_TOKEN_app_terraform_io={_TFC.replace('atlasv1', 'atlasv2')}",  # unknown version
        ),
    ),
)

# --- Doppler: `dp.<type>.` and 40-44 characters; service tokens may name their config.


def _doppler(kind: str, code: str, env: str, slug: str = "") -> Rule:
    value = f"dp.{code}.{slug}" + fake(43, ALNUM, seed=f"doppler-{code}")
    config = r"(?:[a-z0-9_\-]{2,35}\.)?" if code == "st" else ""
    return SecretRule(
        id=kind.replace("_", "-"),
        kind=kind,
        regex=token(rf"dp\.{code}\.{config}[A-Za-z0-9]{{40,44}}"),
        keywords=(f"dp.{code}.",),
        entropy=4.0,
        filters=_LITERAL_FILTERS,
        confidence=0.97,
        examples=Examples(
            positives=(
                f"{env}={value}",
                f"doppler configure set token {value} --scope /srv/app",
                f'curl -H "Authorization: Bearer {value}" https://api.doppler.com/v3/me',
            ),
            negatives=(
                f"{env}={value[:-10]}",  # too short
            ),
            documented=(
                f"{env}=dp.{code}.{'x' * 43}",  # placeholder
            ),
        ),
    )


DOPPLER_PERSONAL_TOKEN = _doppler("doppler_personal_token", "pt", "DOPPLER_TOKEN")
DOPPLER_SERVICE_TOKEN = _doppler("doppler_service_token", "st", "DOPPLER_TOKEN", "prd.")
DOPPLER_SERVICE_ACCOUNT_TOKEN = _doppler("doppler_service_account_token", "sa", "DOPPLER_TOKEN")
DOPPLER_CLI_TOKEN = _doppler("doppler_cli_token", "ct", "DOPPLER_TOKEN")
DOPPLER_SCIM_TOKEN = _doppler("doppler_scim_token", "scim", "SCIM_BEARER_TOKEN")
DOPPLER_AUDIT_TOKEN = _doppler("doppler_audit_token", "audit", "DOPPLER_AUDIT_TOKEN")

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
    filters=_LITERAL_FILTERS,
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

_MAPBOX_PAYLOAD = _b64json(
    {"u": "acme", "a": fake(25, LOWER + DIGITS, seed="mapbox-a")}, url=True
).rstrip("=")
_MAPBOX = f"sk.{_MAPBOX_PAYLOAD}.{fake(22, B64URL, seed='mapbox-sig')}"

MAPBOX_SECRET_TOKEN = SecretRule(
    id="mapbox-secret-token",
    kind="mapbox_secret_token",
    regex=token(r"sk\.eyJ[A-Za-z0-9_\-]{30,300}\.[A-Za-z0-9_\-]{20,30}"),
    keywords=("sk.eyj",),
    entropy=4.0,
    filters=_LITERAL_FILTERS,
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

# --- Social platforms

_TWITTER = (
    "A" * 22
    + fake(30, ALNUM, seed="twitter-1")
    + "%2B"
    + fake(30, ALNUM, seed="twitter-2")
    + "%3D"
    + fake(40, ALNUM, seed="twitter-3")
)

TWITTER_BEARER_TOKEN = SecretRule(
    id="twitter-bearer-token",
    kind="twitter_bearer_token",
    regex=_padded(r"A{20,24}[A-Za-z0-9%]{70,120}", r"[A-Za-z0-9%+/_\-]"),
    keywords=("a" * 20,),
    entropy=4.0,
    confidence=0.9,
    examples=Examples(
        positives=(
            f"TWITTER_BEARER_TOKEN={_TWITTER}",
            f"curl https://api.x.com/2/users/me -H 'Authorization: Bearer {_TWITTER}'",
        ),
        negatives=(
            f"TWITTER_BEARER_TOKEN={_TWITTER[:60]}",  # too short
            f"data = {'A' * 22}{fake(300, B64, seed='twitter-blob')}",  # a base64 blob
        ),
    ),
)

_FACEBOOK = "EAAB" + fake(180, ALNUM, seed="facebook")

FACEBOOK_ACCESS_TOKEN = SecretRule(
    id="facebook-access-token",
    kind="facebook_access_token",
    regex=_padded(r"EAA[A-Za-z0-9]{100,400}", r"[A-Za-z0-9%+/_\-]"),
    keywords=("eaa",),
    entropy=4.5,
    confidence=0.9,
    examples=Examples(
        positives=(
            f"FB_PAGE_ACCESS_TOKEN={_FACEBOOK}",
            f"https://graph.facebook.com/v19.0/me?fields=id&access_token={_FACEBOOK}",
        ),
        negatives=(
            f"FB_PAGE_ACCESS_TOKEN={_FACEBOOK[:60]}",  # too short
            f"blob = x{_FACEBOOK}",  # inside a longer token
        ),
    ),
)

# --- Observability and infrastructure tools

_GRAFANA_CLOUD = "glc_" + _b64json(
    {
        "o": fake(6, DIGITS, seed="grafana-o"),
        "n": "stack-" + fake(6, DIGITS, seed="grafana-n") + "-hm-read",
        "k": fake(24, ALNUM, seed="grafana-k"),
        "m": {"r": "prod-us-east-0"},
    }
)

GRAFANA_CLOUD_TOKEN = SecretRule(
    id="grafana-cloud-token",
    kind="grafana_cloud_token",
    regex=_padded(r"glc_[A-Za-z0-9+/]{32,400}={0,3}"),
    keywords=("glc_",),
    entropy=4.0,
    confidence=0.97,
    max_len=420,
    examples=Examples(
        positives=(
            f"GRAFANA_CLOUD_TOKEN={_GRAFANA_CLOUD}",
            f"basic_auth:\n  username: 123456\n  password: {_GRAFANA_CLOUD}",
        ),
        negatives=(
            "GRAFANA_CLOUD_TOKEN=glc_short",  # too short
            f"GRAFANA_CLOUD_TOKEN=x{_GRAFANA_CLOUD}",  # inside a longer token
        ),
    ),
)

_GLSA = f"glsa_{fake(32, ALNUM, seed='grafana-sa')}_{fake(8, HEX, seed='grafana-sa-crc')}"

GRAFANA_SERVICE_ACCOUNT_TOKEN = SecretRule(
    id="grafana-service-account-token",
    kind="grafana_service_account_token",
    regex=token(r"glsa_[A-Za-z0-9]{32}_[0-9a-f]{8}"),
    keywords=("glsa_",),
    entropy=4.0,
    confidence=0.98,
    examples=Examples(
        positives=(
            f"GRAFANA_SERVICE_ACCOUNT_TOKEN={_GLSA}",
            f'provider "grafana" {{\n  auth = "{_GLSA}"\n}}',
        ),
        negatives=(
            f"GRAFANA_TOKEN={_GLSA[:-8]}",  # checksum missing
            f"GRAFANA_TOKEN={_GLSA[:-8]}XYZ12345",  # checksum not hex
        ),
    ),
)

_GRAFANA_KEY = _b64json({"k": fake(32, ALNUM, seed="grafana-legacy"), "n": "ci-deploy", "id": 1})

GRAFANA_API_KEY = SecretRule(
    id="grafana-api-key",
    kind="grafana_api_key",
    regex=_padded(r"eyJrIjoi[A-Za-z0-9+/]{50,400}={0,3}"),
    keywords=("eyjrijoi",),
    entropy=4.0,
    confidence=0.95,
    max_len=420,
    examples=Examples(
        positives=(
            f"GRAFANA_API_KEY={_GRAFANA_KEY}",
            f'curl -H "Authorization: Bearer {_GRAFANA_KEY}" https://grafana.acme.io/api/dashboards',
        ),
        negatives=(
            f"GRAFANA_API_KEY={_GRAFANA_KEY[:40]}",  # too short
            f"GRAFANA_API_KEY=x{_GRAFANA_KEY}",  # inside a longer token
        ),
    ),
)

_DYNATRACE = (
    f"dt0c01.{fake(24, UPPER_ALNUM, seed='dynatrace-1')}.{fake(64, UPPER_ALNUM, seed='dt-2')}"
)

DYNATRACE_API_TOKEN = SecretRule(
    id="dynatrace-api-token",
    kind="dynatrace_api_token",
    regex=token(r"dt0[a-z][0-9]{2}\.[A-Z0-9]{24}\.[A-Z0-9]{64}"),
    keywords=("dt0",),
    entropy=4.0,
    filters=_LITERAL_FILTERS,
    confidence=0.98,
    examples=Examples(
        positives=(
            f"DT_API_TOKEN={_DYNATRACE}",
            f"curl -H 'Authorization: Api-Token {_DYNATRACE}' https://abc.live.dynatrace.com/api",
        ),
        negatives=(
            f"DT_API_TOKEN={_DYNATRACE[:-10]}",  # too short
            f"DT_API_TOKEN={_DYNATRACE.lower()}",  # lower case: not a token
        ),
    ),
)

_PULUMI = "pul-" + fake(40, HEX, seed="pulumi")

PULUMI_ACCESS_TOKEN = SecretRule(
    id="pulumi-access-token",
    kind="pulumi_access_token",
    regex=token(r"pul-[0-9a-f]{40}"),
    keywords=("pul-",),
    entropy=3.0,
    confidence=0.97,
    examples=Examples(
        positives=(
            f"PULUMI_ACCESS_TOKEN={_PULUMI}",
            f'{{"accessTokens": {{"https://api.pulumi.com": "{_PULUMI}"}}}}',
        ),
        negatives=(
            f"PULUMI_ACCESS_TOKEN={_PULUMI[:-4]}",  # too short
            f"PULUMI_ACCESS_TOKEN={_PULUMI}0",  # inside a longer token
        ),
    ),
)

# --- Password managers and encryption tools

_OP_SERVICE = "ops_" + _b64json(
    {
        "signInAddress": "acme.1password.com",
        "userAuth": {"method": "SRPg-4096", "alg": "PBES2g-HS256", "iterations": 650000},
        "email": fake(12, LOWER, seed="op-email") + "@1passwordserviceaccounts.com",
        "srpX": fake(64, HEX, seed="op-srpx"),
        "muk": {"alg": "A256GCM", "k": fake(43, B64URL, seed="op-muk"), "kty": "oct"},
        "deviceUuid": fake(26, LOWER + DIGITS, seed="op-device"),
    }
)

ONEPASSWORD_SERVICE_ACCOUNT_TOKEN = SecretRule(
    id="1password-service-account-token",
    kind="onepassword_service_account_token",
    regex=_padded(r"ops_eyJ[A-Za-z0-9+/]{250,}={0,3}"),
    keywords=("ops_eyj",),
    entropy=4.5,
    confidence=0.98,
    max_len=4096,
    examples=Examples(
        positives=(
            f"OP_SERVICE_ACCOUNT_TOKEN={_OP_SERVICE}",
            f"      - uses: 1password/load-secrets-action@v2\n        env:\n"
            f"          OP_SERVICE_ACCOUNT_TOKEN: {_OP_SERVICE}",
        ),
        negatives=(
            f"OP_SERVICE_ACCOUNT_TOKEN={_OP_SERVICE[:120]}",  # truncated
            f"OP_SERVICE_ACCOUNT_TOKEN=x{_OP_SERVICE}",  # inside a longer token
        ),
    ),
)

_OP_SECRET_KEY = "-".join(
    ["A3", *(fake(n, UPPER_ALNUM, seed=f"op-sk-{i}") for i, n in enumerate((6, 11, 5, 5, 5)))]
)

ONEPASSWORD_SECRET_KEY = SecretRule(
    id="1password-secret-key",
    kind="onepassword_secret_key",
    regex=token(
        r"A3-[A-Z0-9]{6}-(?:[A-Z0-9]{11}|[A-Z0-9]{6}-[A-Z0-9]{5})-[A-Z0-9]{5}-[A-Z0-9]{5}-[A-Z0-9]{5}"
    ),
    keywords=("a3-",),
    entropy=3.5,
    confidence=0.95,
    examples=Examples(
        positives=(
            f"OP_SECRET_KEY={_OP_SECRET_KEY}",
            f'{{"accountKey": "{_OP_SECRET_KEY}", "email": "ops@acme.io"}}',
        ),
        negatives=(
            f"OP_SECRET_KEY={_OP_SECRET_KEY.lower()}",  # lower case: not a secret key
            f"OP_SECRET_KEY={_OP_SECRET_KEY[:-6]}",  # a group missing
        ),
    ),
)

# age secret keys are Bech32 (BIP 173) with the human-readable part `age-secret-key-`.
_BECH32 = "qpzry9x8gf2tvdw0s3jn54khce6mua7l"
_BECH32_GEN = (0x3B6A57B2, 0x26508E6D, 0x1EA119FA, 0x3D4233DD, 0x2A1462B3)


def _bech32_polymod(values: list[int]) -> int:
    chk = 1
    for v in values:
        top = chk >> 25
        chk = (chk & 0x1FFFFFF) << 5 ^ v
        for i, g in enumerate(_BECH32_GEN):
            if (top >> i) & 1:
                chk ^= g
    return chk


def _bech32_hrp(hrp: str) -> list[int]:
    return [ord(c) >> 5 for c in hrp] + [0] + [ord(c) & 31 for c in hrp]


def _age_checksum_ok(value: str) -> bool:
    hrp, _, data = value.lower().rpartition("1")
    return _bech32_polymod(_bech32_hrp(hrp) + [_BECH32.index(c) for c in data]) == 1


def _age_key(seed: str) -> str:
    data = [_BECH32.index(c) for c in fake(52, _BECH32, seed=seed)]
    mod = _bech32_polymod([*_bech32_hrp("age-secret-key-"), *data, 0, 0, 0, 0, 0, 0]) ^ 1
    data += [(mod >> 5 * (5 - i)) & 31 for i in range(6)]
    return ("age-secret-key-1" + "".join(_BECH32[d] for d in data)).upper()


_AGE = _age_key("age")

AGE_SECRET_KEY = SecretRule(
    id="age-secret-key",
    kind="age_secret_key",
    regex=token(r"AGE-SECRET-KEY-1[QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L]{58}"),
    keywords=("age-secret-key-1",),
    validate=_age_checksum_ok,
    confidence=0.99,
    examples=Examples(
        positives=(
            f"# created: 2024-05-01T10:00:00Z\n# public key: age1qqq\n{_AGE}",
            f"SOPS_AGE_KEY={_AGE}",
        ),
        negatives=(
            f"SOPS_AGE_KEY={_AGE[:-1]}{'Q' if _AGE[-1] != 'Q' else 'P'}",  # checksum fails
            f"SOPS_AGE_KEY={_AGE[:-4]}",  # too short
        ),
    ),
)

# --- Search, content and feature-flag services

_ALGOLIA = fake(32, HEX, seed="algolia")

ALGOLIA_ADMIN_KEY = SecretRule(
    id="algolia-admin-key",
    kind="algolia_admin_key",
    regex=assigned(
        r"(?i:algolia(?![\w.\-]*search)[\w.\-]*?(?:admin|write|api)_?(?:api_?)?key"
        r"|algolia\b[^\n]{0,40}?(?:\n[ \t]+[^\n]{0,40}?)?\b(?:admin|write)_?(?:api_?)?key)",
        r"[0-9a-f]{32}",
    ),
    keywords=("algolia",),
    entropy=3.0,
    confidence=0.8,
    examples=Examples(
        positives=(
            f"ALGOLIA_ADMIN_KEY={_ALGOLIA}",
            f"algolia:\n  admin_api_key: {_ALGOLIA}\n  application_id: ABCD1234EF",
            f"ALGOLIA_API_KEY: '{_ALGOLIA}'",
        ),
        negatives=(
            f"ALGOLIA_SEARCH_API_KEY={_ALGOLIA}",  # a search-only key, public by design
            f"api_key = {_ALGOLIA}",  # no Algolia context
        ),
    ),
)

_LD_SDK = "sdk-" + fake_uuid("launchdarkly-sdk")
_LD_API = "api-" + fake_uuid("launchdarkly-api")
_LD_KEYWORDS = ("launchdarkly", "launch_darkly", "ldclient", "ld_sdk_key", "ld_api_key")

LAUNCHDARKLY_SDK_KEY = SecretRule(
    id="launchdarkly-sdk-key",
    kind="launchdarkly_sdk_key",
    regex=token(r"sdk-" + UUID),
    keywords=_LD_KEYWORDS,
    confidence=0.9,
    examples=Examples(
        positives=(
            f"LAUNCHDARKLY_SDK_KEY={_LD_SDK}",
            f'ldclient.set_config(Config("{_LD_SDK}"))',
        ),
        negatives=(
            f"request_id = {_LD_SDK}",  # no LaunchDarkly context
            f"LAUNCHDARKLY_SDK_KEY={_LD_SDK[:-4]}",  # too short
        ),
    ),
)

LAUNCHDARKLY_API_KEY = SecretRule(
    id="launchdarkly-api-key",
    kind="launchdarkly_api_key",
    regex=token(r"api-" + UUID),
    keywords=_LD_KEYWORDS,
    confidence=0.9,
    examples=Examples(
        positives=(
            f"LAUNCHDARKLY_ACCESS_TOKEN={_LD_API}",
            f'provider "launchdarkly" {{\n  access_token = "{_LD_API}"\n}}',
        ),
        negatives=(
            f"trace = {_LD_API}",  # no LaunchDarkly context
            f"LAUNCHDARKLY_ACCESS_TOKEN=mob-{_LD_API[4:]}",  # a mobile key, public by design
        ),
    ),
)

_SEGMENT = "sgp_" + fake(64, ALNUM, seed="segment")

SEGMENT_PUBLIC_API_TOKEN = SecretRule(
    id="segment-public-api-token",
    kind="segment_public_api_token",
    regex=token(r"sgp_[A-Za-z0-9]{64}"),
    keywords=("sgp_",),
    entropy=4.0,
    confidence=0.9,
    examples=Examples(
        positives=(
            f"SEGMENT_PUBLIC_API_TOKEN={_SEGMENT}",
            f"curl https://api.segmentapis.com/workspaces -H 'Authorization: Bearer {_SEGMENT}'",
        ),
        negatives=(
            f"SRC_ACCESS_TOKEN=sgp_{fake(40, HEX, seed='sourcegraph')}",  # a Sourcegraph token
            f"SEGMENT_PUBLIC_API_TOKEN={_SEGMENT[:-10]}",  # too short
        ),
    ),
)

_INTERCOM = base64.b64encode(f"tok:{fake_uuid('intercom').replace('-', '_')}:1:0".encode()).decode()

INTERCOM_ACCESS_TOKEN = SecretRule(
    id="intercom-access-token",
    kind="intercom_access_token",
    regex=assigned(named("intercom"), r"dG9rO[A-Za-z0-9+/]{50,60}={0,2}", r"[A-Za-z0-9+/=]"),
    keywords=("intercom",),
    entropy=4.0,
    confidence=0.9,
    examples=Examples(
        positives=(
            f"INTERCOM_ACCESS_TOKEN={_INTERCOM}",
            f'intercom = Intercom::Client.new(token: "{_INTERCOM}")',
        ),
        negatives=(
            f"token = {_INTERCOM}",  # no Intercom context
            f"INTERCOM_ACCESS_TOKEN={_INTERCOM[:30]}",  # too short
        ),
    ),
)

# --- Support desks and Kafka: keys known only by their names.

_ZENDESK = fake(40, ALNUM, seed="zendesk")

ZENDESK_API_TOKEN = SecretRule(
    id="zendesk-api-token",
    kind="zendesk_api_token",
    regex=assigned(named("zendesk"), r"[A-Za-z0-9]{40}"),
    keywords=("zendesk",),
    entropy=4.0,
    validate=_looks_random,
    confidence=0.8,
    examples=Examples(
        positives=(
            f"ZENDESK_API_TOKEN={_ZENDESK}",
            f"curl https://acme.zendesk.com/api/v2/users.json -u ops@acme.io/token:{_ZENDESK}",
            f"zendesk:\n  token: '{_ZENDESK}'",
        ),
        negatives=(
            f"token = {_ZENDESK}",  # no Zendesk context
            f"ZENDESK_API_TOKEN={_ZENDESK[:32]}",  # too short
        ),
    ),
)

_FRESHDESK = fake(20, ALNUM, seed="freshdesk")

FRESHDESK_API_KEY = SecretRule(
    id="freshdesk-api-key",
    kind="freshdesk_api_key",
    regex=assigned(named("freshdesk"), r"[A-Za-z0-9]{20}"),
    keywords=("freshdesk",),
    entropy=3.5,
    validate=lambda v: mixed_case(v, 10),
    confidence=0.75,
    examples=Examples(
        positives=(
            f"FRESHDESK_API_KEY={_FRESHDESK}",
            f"freshdesk:\n  api_key: {_FRESHDESK}\n  domain: acme.freshdesk.com",
        ),
        negatives=(
            f"FRESHDESK_TICKET_ID={_FRESHDESK}",  # an identifier, not a key
            f"api_key = {_FRESHDESK}",  # no Freshdesk context
        ),
    ),
)

_CONFLUENT = fake(64, B64, seed="confluent")

CONFLUENT_API_SECRET = SecretRule(
    id="confluent-api-secret",
    kind="confluent_api_secret",
    regex=assigned(
        r"(?i:confluent[\w.\-]*?(?:api_?)?secret|(?:confluent|sasl)[^\n]{0,120}?password)",
        r"[A-Za-z0-9+/]{64}",
        r"[A-Za-z0-9+/=]",
    ),
    keywords=("confluent",),
    entropy=4.5,
    confidence=0.85,
    examples=Examples(
        positives=(
            f"CONFLUENT_CLOUD_API_SECRET={_CONFLUENT}",
            "bootstrap.servers=pkc-4r297.europe-west1.gcp.confluent.cloud:9092\n"
            "sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required "
            f'username="ABCDEFGH12345678" password="{_CONFLUENT}";',
        ),
        negatives=(
            f"password = {_CONFLUENT}",  # no Confluent context
            f"CONFLUENT_CLOUD_API_SECRET={_CONFLUENT[:48]}",  # too short
        ),
    ),
)

# --- Developer tooling and CI

_SNYK = fake_uuid("snyk")

SNYK_API_TOKEN = SecretRule(
    id="snyk-api-token",
    kind="snyk_api_token",
    regex=assigned(
        r"(?i:snyk[\w.\-]*?(?:api_?|oauth_?)?(?:key|token)|snyk\s+auth|snyk\s+config\s+set\s+api)",
        UUID,
    ),
    keywords=("snyk",),
    confidence=0.85,
    examples=Examples(
        positives=(
            f"SNYK_TOKEN={_SNYK}",
            f"snyk auth {_SNYK}",
            f"snyk config set api={_SNYK}",
        ),
        negatives=(
            f"SNYK_ORG_ID={_SNYK}",  # an identifier, not a token
            f"token = {_SNYK}",  # no Snyk context
        ),
    ),
)

_SONAR = "sqp_" + fake(40, HEX, seed="sonarqube")

SONARQUBE_TOKEN = SecretRule(
    id="sonarqube-token",
    kind="sonarqube_token",
    regex=token(r"sq[pua]_[0-9a-f]{40}"),
    keywords=("sqp_", "squ_", "sqa_"),
    entropy=3.0,
    confidence=0.97,
    examples=Examples(
        positives=(
            f"SONAR_TOKEN={_SONAR}",
            f"mvn sonar:sonar -Dsonar.token={_SONAR.replace('sqp_', 'squ_')}",
            f"sonar.login={_SONAR.replace('sqp_', 'sqa_')}",
        ),
        negatives=(
            f"SONAR_TOKEN={_SONAR[:-4]}",  # too short
            f"SONAR_TOKEN={_SONAR.replace('sqp_', 'sqx_')}",  # unknown token type
        ),
    ),
)

_CODECOV = fake_uuid("codecov")

CODECOV_TOKEN = SecretRule(
    id="codecov-token",
    kind="codecov_token",
    regex=assigned(named("codecov", r"(?:upload_?)?token"), UUID),
    keywords=("codecov",),
    confidence=0.85,
    examples=Examples(
        positives=(
            f"CODECOV_TOKEN={_CODECOV}",
            f"codecov:\n  token: {_CODECOV}",
        ),
        negatives=(
            f"CODECOV_REPO_ID={_CODECOV}",  # an identifier, not a token
            f"token: {_CODECOV}",  # no Codecov context
        ),
    ),
)


def _circleci(kind: str, prefix: str, env: str) -> Rule:
    value = f"{prefix}_{fake(22, ALNUM, seed=f'circleci-{prefix}')}_" + fake(
        40, HEX, seed=f"circleci-{prefix}-2"
    )
    return SecretRule(
        id=kind.replace("_", "-"),
        kind=kind,
        regex=token(prefix + r"_[A-Za-z0-9]{22}_[0-9a-f]{40}"),
        keywords=(prefix.lower() + "_",),
        entropy=4.0,
        confidence=0.98,
        examples=Examples(
            positives=(
                f"{env}={value}",
                f"curl https://circleci.com/api/v2/me -H 'Circle-Token: {value}'",
            ),
            negatives=(
                f"{env}={value[:-4]}",  # too short
                f"{env}={value}f",  # inside a longer token
            ),
        ),
    )


CIRCLECI_PERSONAL_TOKEN = _circleci("circleci_personal_token", "CCIPAT", "CIRCLECI_TOKEN")
CIRCLECI_PROJECT_TOKEN = _circleci("circleci_project_token", "CCIPRJ", "CIRCLE_PROJECT_TOKEN")

_TRAVIS = fake(22, B64URL, seed="travis")

TRAVIS_CI_TOKEN = SecretRule(
    id="travis-ci-token",
    kind="travis_ci_token",
    regex=assigned(named("travis", r"(?:api_?|access_?)?token"), r"[A-Za-z0-9_\-]{22}"),
    keywords=("travis",),
    entropy=3.8,
    validate=lambda v: mixed_case(v, 10),
    confidence=0.75,
    examples=Examples(
        positives=(
            f"TRAVIS_API_TOKEN={_TRAVIS}",
            f"travis login --pro --github-token x --api-token {_TRAVIS}",
        ),
        negatives=(
            f"TRAVIS_BUILD_ID={_TRAVIS}",  # an identifier, not a token
            f"token = {_TRAVIS}",  # no Travis context
        ),
    ),
)

_BUILDKITE = "bkua_" + fake(40, LOWER + DIGITS, seed="buildkite")

BUILDKITE_API_TOKEN = SecretRule(
    id="buildkite-api-token",
    kind="buildkite_api_token",
    regex=token(r"bkua_[a-z0-9]{40}"),
    keywords=("bkua_",),
    entropy=3.5,
    confidence=0.98,
    examples=Examples(
        positives=(
            f"BUILDKITE_API_TOKEN={_BUILDKITE}",
            f"curl -H 'Authorization: Bearer {_BUILDKITE}' https://api.buildkite.com/v2/user",
        ),
        negatives=(
            f"BUILDKITE_API_TOKEN={_BUILDKITE[:-4]}",  # too short
            f"BUILDKITE_API_TOKEN={_BUILDKITE}a",  # inside a longer token
        ),
    ),
)

_PREFECT = "pnu_" + fake(36, ALNUM, seed="prefect")

PREFECT_API_KEY = SecretRule(
    id="prefect-api-key",
    kind="prefect_api_key",
    regex=token(r"pnu_[A-Za-z0-9]{36}"),
    keywords=("pnu_",),
    entropy=4.0,
    confidence=0.97,
    examples=Examples(
        positives=(
            f"PREFECT_API_KEY={_PREFECT}",
            f"prefect cloud login --key {_PREFECT}",
        ),
        negatives=(
            f"PREFECT_API_KEY={_PREFECT[:-6]}",  # too short
            f"PREFECT_API_KEY={_PREFECT}x",  # inside a longer token
        ),
    ),
)

_HARNESS = f"pat.{fake(22, B64URL, seed='harness-1')}.{fake(24, ALNUM, seed='harness-2')}." + fake(
    20, ALNUM, seed="harness-3"
)

HARNESS_API_KEY = SecretRule(
    id="harness-api-key",
    kind="harness_api_key",
    regex=token(r"(?:pat|sat)\.[A-Za-z0-9_\-]{22}\.[A-Za-z0-9]{24}\.[A-Za-z0-9]{20}"),
    keywords=("pat.", "sat."),
    entropy=4.0,
    filters=_LITERAL_FILTERS,
    confidence=0.95,
    examples=Examples(
        positives=(
            f"HARNESS_API_KEY={_HARNESS}",
            f"curl -H 'x-api-key: {_HARNESS}' https://app.harness.io/ng/api/user/currentUser",
        ),
        negatives=(
            f"HARNESS_API_KEY={_HARNESS[:-5]}",  # too short
            f"HARNESS_API_KEY=tok.{_HARNESS[4:]}",  # unknown key type
        ),
    ),
)

_INFRACOST = "ico-" + fake(32, ALNUM, seed="infracost")

INFRACOST_API_KEY = SecretRule(
    id="infracost-api-key",
    kind="infracost_api_key",
    regex=token(r"ico-[A-Za-z0-9]{32}"),
    keywords=("ico-",),
    entropy=4.0,
    confidence=0.95,
    examples=Examples(
        positives=(
            f"INFRACOST_API_KEY={_INFRACOST}",
            f"infracost configure set api_key {_INFRACOST}",
        ),
        negatives=(
            f"INFRACOST_API_KEY={_INFRACOST[:-6]}",  # too short
            f"icon = favicon-{_INFRACOST[4:]}",  # inside a longer token
        ),
    ),
)

RULES = (
    SHOPIFY_ACCESS_TOKEN,
    SHOPIFY_CUSTOM_APP_TOKEN,
    SHOPIFY_PRIVATE_APP_TOKEN,
    SHOPIFY_SHARED_SECRET,
    ATLASSIAN_API_TOKEN,
    ATLASSIAN_LEGACY_API_TOKEN,
    DATADOG_API_KEY,
    DATADOG_APP_KEY,
    NEW_RELIC_USER_API_KEY,
    NEW_RELIC_INSERT_KEY,
    NEW_RELIC_QUERY_KEY,
    NEW_RELIC_BROWSER_KEY,
    NEW_RELIC_LICENSE_KEY,
    SENTRY_DSN,
    SENTRY_ORG_TOKEN,
    SENTRY_USER_TOKEN,
    VAULT_SERVICE_TOKEN,
    VAULT_LEGACY_SERVICE_TOKEN,
    VAULT_BATCH_TOKEN,
    VAULT_RECOVERY_TOKEN,
    TERRAFORM_CLOUD_TOKEN,
    DOPPLER_PERSONAL_TOKEN,
    DOPPLER_SERVICE_TOKEN,
    DOPPLER_SERVICE_ACCOUNT_TOKEN,
    DOPPLER_CLI_TOKEN,
    DOPPLER_SCIM_TOKEN,
    DOPPLER_AUDIT_TOKEN,
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
    TWITTER_BEARER_TOKEN,
    FACEBOOK_ACCESS_TOKEN,
    GRAFANA_CLOUD_TOKEN,
    GRAFANA_SERVICE_ACCOUNT_TOKEN,
    GRAFANA_API_KEY,
    DYNATRACE_API_TOKEN,
    PULUMI_ACCESS_TOKEN,
    ONEPASSWORD_SERVICE_ACCOUNT_TOKEN,
    ONEPASSWORD_SECRET_KEY,
    AGE_SECRET_KEY,
    ALGOLIA_ADMIN_KEY,
    LAUNCHDARKLY_SDK_KEY,
    LAUNCHDARKLY_API_KEY,
    SEGMENT_PUBLIC_API_TOKEN,
    INTERCOM_ACCESS_TOKEN,
    ZENDESK_API_TOKEN,
    FRESHDESK_API_KEY,
    CONFLUENT_API_SECRET,
    SNYK_API_TOKEN,
    SONARQUBE_TOKEN,
    CODECOV_TOKEN,
    CIRCLECI_PERSONAL_TOKEN,
    CIRCLECI_PROJECT_TOKEN,
    TRAVIS_CI_TOKEN,
    BUILDKITE_API_TOKEN,
    PREFECT_API_KEY,
    HARNESS_API_KEY,
    INFRACOST_API_KEY,
)
