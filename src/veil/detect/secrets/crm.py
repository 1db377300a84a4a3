"""CRM and sales platforms: their API keys and tokens.

Freshdesk and Zendesk Support tokens are in `productivity`, Intercom's in `content`; Dynamics 365
authenticates with Microsoft Entra client secrets (`azure`).
"""

from __future__ import annotations

from veil.detect.base import UUID, Examples, Rule, SecretRule, assigned, token
from veil.detect.filters import LITERAL
from veil.detect.samples import (
    ALNUM,
    B64URL,
    DIGITS,
    HEX,
    LOWER_ALNUM,
    UPPER,
    fake,
    fake_uuid,
)
from veil.detect.shapes import prefixed, service_named
from veil.detect.validators import looks_random

# A UUID in either case (some SDKs and consoles show them upper-case).
_UUID_ANY_CASE = UUID.replace("0-9a-f", "0-9A-Fa-f")
_HEX_UPPER = "0123456789ABCDEF"

# --- Salesforce

# Salesforce: an OAuth access (session) token is the 15- or 18-character org ID (`00D...`), `!`,
# and an opaque part of letters, digits, `.` and `_`.
_SF_ORG = "00D" + fake(12, ALNUM, seed="sf-org")
_SF_ACCESS = (
    f"{_SF_ORG}!AQ{fake(34, ALNUM, seed='sf-at-1')}.{fake(60, ALNUM + '._', seed='sf-at-2')}"
)

SALESFORCE_ACCESS_TOKEN = SecretRule(
    id="salesforce-access-token",
    kind="salesforce_access_token",
    regex=(
        r"(?<![A-Za-z0-9_\-])(?P<secret>00D[A-Za-z0-9]{12}(?:[A-Za-z0-9]{3})?!"
        r"[A-Za-z0-9._]{60,200})(?![A-Za-z0-9._\-])"
    ),
    keywords=("00d",),
    entropy=4.0,
    filters=LITERAL,
    confidence=0.96,
    examples=Examples(
        positives=(
            f"SALESFORCE_ACCESS_TOKEN={_SF_ACCESS}",
            f"=== Org Description\nAccess Token      {_SF_ACCESS}\n"
            "Instance Url      https://acme.my.salesforce.com",
            f"curl https://acme.my.salesforce.com/services/data/v61.0/ "
            f"-H 'Authorization: Bearer {_SF_ACCESS}'",
        ),
        negatives=(
            f"SALESFORCE_ORG_ID={_SF_ORG}",  # the org ID alone is an identifier
            f"SALESFORCE_ACCESS_TOKEN={_SF_ACCESS[:50]}",  # too short
            f"SALESFORCE_ACCESS_TOKEN=x{_SF_ACCESS}",  # inside a longer token
        ),
    ),
)

# Salesforce: OAuth refresh tokens begin `5Aep861` and run on with letters, digits, `.` and `_`.
_SF_REFRESH = "5Aep861" + fake(80, ALNUM + "._", seed="sf-refresh")

SALESFORCE_REFRESH_TOKEN = SecretRule(
    id="salesforce-refresh-token",
    kind="salesforce_refresh_token",
    regex=r"(?<![A-Za-z0-9_\-])(?P<secret>5Aep861[A-Za-z0-9._]{60,120})(?![A-Za-z0-9._\-])",
    keywords=("5aep861",),
    entropy=4.0,
    filters=LITERAL,
    confidence=0.93,
    examples=Examples(
        positives=(
            f"SALESFORCE_REFRESH_TOKEN={_SF_REFRESH}",
            f'{{"refresh_token": "{_SF_REFRESH}", "instance_url": "https://acme.my.salesforce.com"}}',
        ),
        negatives=(
            f"SALESFORCE_REFRESH_TOKEN={_SF_REFRESH[:40]}",  # too short
            f"SALESFORCE_REFRESH_TOKEN=5Aep862{_SF_REFRESH[7:]}",  # another prefix
        ),
    ),
)

# Salesforce CLI: an SFDX auth URL (`sf org display --verbose`, `SFDX_AUTH_URL`) is
# `force://<client id>:<client secret>:<refresh token>@<instance>`: it logs in on its own.
_SFDX = f"force://PlatformCLI::{_SF_REFRESH}@acme.my.salesforce.com"

SALESFORCE_SFDX_AUTH_URL = SecretRule(
    id="salesforce-sfdx-auth-url",
    kind="salesforce_sfdx_auth_url",
    regex=(
        r"(?P<secret>force://[A-Za-z0-9._]{1,100}:[A-Za-z0-9._]{0,100}:"
        r"[A-Za-z0-9._]{40,200}@[A-Za-z0-9.\-]{3,100})"
    ),
    keywords=("force://",),
    entropy=4.0,
    filters=LITERAL,
    confidence=0.98,
    max_len=512,
    examples=Examples(
        positives=(
            f"SFDX_AUTH_URL={_SFDX}",
            f'echo "{_SFDX}" > auth.txt && sf org login sfdx-url --sfdx-url-file auth.txt',
        ),
        negatives=(
            "SFDX_AUTH_URL=force://PlatformCLI::short@acme.my.salesforce.com",  # no token
            "see force://docs for details",  # not an auth URL
        ),
    ),
)

# Salesforce: a connected app's consumer secret is 64 upper-case hex digits (older apps: 19
# digits); the consumer key (`3MVG9...`) is its public half.
_SF_SECRET = fake(64, _HEX_UPPER, seed="sf-consumer-secret")

SALESFORCE_CONSUMER_SECRET = service_named(
    kind="salesforce_consumer_secret",
    service=r"salesforce|sfdc|force_?com",
    keywords=("salesforce", "sfdc", "force"),
    key=r"(?:(?:consumer|client)[_\-]?secret)",
    value=r"(?:[0-9A-F]{64}|[0-9]{19})",
    sample=_SF_SECRET,
    env="SALESFORCE_CONSUMER_SECRET",
    entropy=2.5,  # the older secrets are digits only
    positives=(
        f"SFDC_CLIENT_SECRET={fake(19, DIGITS, seed='sf-old-secret')}",
        f'salesforce:\n  consumer_secret: "{_SF_SECRET}"',
    ),
    negatives=(f"SALESFORCE_CONSUMER_KEY=3MVG9{fake(80, ALNUM, seed='sf-ck')}",),
)

# --- HubSpot

# HubSpot: private app (and service key) access tokens are `pat-`, the data-center region
# (`na1`, `eu1`, ...) and a UUID.
_HUBSPOT_PAT = "pat-na1-" + fake_uuid("hubspot-pat")

HUBSPOT_PRIVATE_APP_TOKEN = prefixed(
    kind="hubspot_private_app_token",
    body=rf"pat-(?:na|eu|ap)\d-{UUID}",
    sample=_HUBSPOT_PAT,
    keywords=("pat-na", "pat-eu", "pat-ap"),
    env="HUBSPOT_ACCESS_TOKEN",
    confidence=0.97,
    positives=(
        f"curl https://api.hubapi.com/crm/v3/objects/contacts -H 'Authorization: Bearer "
        f"{_HUBSPOT_PAT.replace('na1', 'eu1')}'",
        f"client = HubSpot(access_token='{_HUBSPOT_PAT}')",
    ),
    negatives=(f"HUBSPOT_ACCESS_TOKEN=pat-xx1-{fake_uuid('hubspot-pat')}",),  # no such region
)

# HubSpot: legacy API keys (`hapikey=` in the query string) were UUIDs.
_HAPIKEY = fake_uuid("hubspot-hapikey")

HUBSPOT_API_KEY = SecretRule(
    id="hubspot-api-key",
    kind="hubspot_api_key",
    regex=assigned(
        r"(?i:hubspot[\w.\-]*?(?:api_?key|key|token)|hubspot\b[^\n]{0,40}?\b(?:api_?key|apiKey)"
        r"|\bhapikey)",
        _UUID_ANY_CASE,
    ),
    keywords=("hubspot", "hapikey"),
    confidence=0.85,
    examples=Examples(
        positives=(
            f"HUBSPOT_API_KEY={_HAPIKEY}",
            f"curl 'https://api.hubapi.com/contacts/v1/lists/all/contacts/all?hapikey={_HAPIKEY}'",
            f'const hubspotKey = "{_HAPIKEY.upper()}";',
        ),
        negatives=(
            f"HUBSPOT_CLIENT_ID={_HAPIKEY}",  # the app's public ID
            f"api_key = {_HAPIKEY}",  # no HubSpot named
        ),
    ),
)

# HubSpot: a public app's client secret is a UUID (the client ID, also a UUID, is public).
_HUBSPOT_SECRET = fake_uuid("hubspot-client-secret")

HUBSPOT_CLIENT_SECRET = service_named(
    kind="hubspot_client_secret",
    service="hubspot|hub_spot",
    keywords=("hubspot", "hub_spot"),
    key=r"(?:(?:client|app)[_\-]?secret)",
    value=_UUID_ANY_CASE,
    sample=_HUBSPOT_SECRET,
    env="HUBSPOT_CLIENT_SECRET",
    confidence=0.8,
    positives=(f'hubspot:\n  client_secret: "{_HUBSPOT_SECRET}"',),
    negatives=(f"HUBSPOT_CLIENT_ID={_HUBSPOT_SECRET}",),
)

# --- Zoho: OAuth access and refresh tokens are `1000.` and two runs of 32 hex digits; a client's
# ID is `1000.` and 30 upper-case alphanumerics (public), its secret 42 alphanumerics.
_ZOHO = f"1000.{fake(32, HEX, seed='zoho-1')}.{fake(32, HEX, seed='zoho-2')}"

ZOHO_OAUTH_TOKEN = prefixed(
    kind="zoho_oauth_token",
    body=r"1000\.[0-9a-f]{32}\.[0-9a-f]{32}",
    sample=_ZOHO,
    keywords=("1000.",),
    env="ZOHO_REFRESH_TOKEN",
    confidence=0.95,
    positives=(
        f"curl https://www.zohoapis.com/crm/v6/Leads -H 'Authorization: Zoho-oauthtoken {_ZOHO}'",
    ),
    negatives=(f"ZOHO_CLIENT_ID=1000.{fake(30, UPPER + DIGITS, seed='zoho-id')}",),
)

_ZOHO_SECRET = fake(42, LOWER_ALNUM, seed="zoho-secret")

ZOHO_CLIENT_SECRET = service_named(
    kind="zoho_client_secret",
    service="zoho",
    key=r"(?:client[_\-]?secret)",
    value=r"[0-9a-z]{42}",
    sample=_ZOHO_SECRET,
    env="ZOHO_CLIENT_SECRET",
    positives=(f'zoho:\n  client_secret: "{_ZOHO_SECRET}"',),
    negatives=(f"ZOHO_CLIENT_ID={_ZOHO_SECRET}",),
)

# --- Sales tools with prefixed keys.

# Close: API keys are `api_`, 22 alphanumerics, `.` and 22 more (HTTP Basic user name).
_CLOSE = f"api_{fake(22, ALNUM, seed='close-1')}.{fake(22, ALNUM, seed='close-2')}"

CLOSE_API_KEY = prefixed(
    kind="close_api_key",
    body=r"api_[A-Za-z0-9]{20,26}\.[A-Za-z0-9]{20,26}",
    sample=_CLOSE,
    keywords=("api_",),
    env="CLOSE_API_KEY",
    entropy=4.0,
    validate=lambda v: looks_random(v[4:]),  # not `api_someModuleName.attribute`
    confidence=0.9,
    positives=(f"curl https://api.close.com/api/v1/me/ -u {_CLOSE}:",),
    negatives=(
        f"handler = api_{fake(22, LOWER_ALNUM, seed='close-x')}.run",  # code
        "from api_authenticationProviders.registryConfigurations import x",  # a module path
    ),
)

# Salesloft: API keys are `v2_ak_`, the user ID, `_` and 64 hex digits.
_SALESLOFT = f"v2_ak_{fake(6, DIGITS, seed='sl-id')}_{fake(64, HEX, seed='salesloft')}"

SALESLOFT_API_KEY = prefixed(
    kind="salesloft_api_key",
    body=r"v2_ak_[0-9]{1,12}_[0-9a-f]{64}",
    sample=_SALESLOFT,
    keywords=("v2_ak_",),
    env="SALESLOFT_API_KEY",
    confidence=0.97,
    positives=(
        f"curl https://api.salesloft.com/v2/people -H 'Authorization: Bearer {_SALESLOFT}'",
    ),
    negatives=(f"SALESLOFT_API_KEY=v2_ak_{fake(64, HEX, seed='salesloft')}",),  # no user ID
)

# Keap (Infusionsoft): personal access tokens and service account keys begin `KeapAK-`.
_KEAP = "KeapAK-" + fake(64, ALNUM, seed="keap")

KEAP_API_KEY = SecretRule(
    id="keap-api-key",
    kind="keap_api_key",
    regex=token(r"KeapAK-[A-Za-z0-9]{32,128}"),
    keywords=("keapak-",),
    entropy=4.0,
    confidence=0.97,
    examples=Examples(
        positives=(
            f"KEAP_API_KEY={_KEAP}",
            f"curl https://api.infusionsoft.com/crm/rest/v1/contacts -H 'X-Keap-API-Key: {_KEAP}'",
        ),
        negatives=(
            f"KEAP_API_KEY={_KEAP[:30]}",  # too short
            f"KEAP_API_KEY=xKeapAK-{_KEAP[7:]}",  # inside a longer token
        ),
    ),
)

# HighLevel (GoHighLevel): private integration tokens are `pit-` and a UUID.
_HIGHLEVEL = "pit-" + fake_uuid("highlevel")

HIGHLEVEL_PRIVATE_INTEGRATION_TOKEN = prefixed(
    kind="highlevel_private_integration_token",
    body=rf"pit-{UUID}",
    sample=_HIGHLEVEL,
    keywords=("pit-",),
    env="GHL_PRIVATE_INTEGRATION_TOKEN",
    confidence=0.9,
    positives=(
        f"curl https://services.leadconnectorhq.com/contacts/ -H 'Authorization: Bearer "
        f"{_HIGHLEVEL}'",
    ),
    negatives=(f"cockpit-{fake_uuid('highlevel')}",),  # inside a longer word
)

# --- Unprefixed keys, known by the service's name.

# Pipedrive: personal API tokens (`api_token=`) are 40 hex digits.
_PIPEDRIVE = fake(40, HEX, seed="pipedrive")

PIPEDRIVE_API_TOKEN = service_named(
    kind="pipedrive_api_token",
    service="pipedrive",
    key=r"(?:api_?token|api_?key|token|key)",
    value=r"[0-9a-f]{40}",
    sample=_PIPEDRIVE,
    env="PIPEDRIVE_API_TOKEN",
    positives=(
        f"curl 'https://acme.pipedrive.com/api/v1/deals?api_token={_PIPEDRIVE}'",
        f'pipedrive:\n  api_token: "{_PIPEDRIVE}"',
    ),
)

# Freshworks CRM (Freshsales): API keys are 22 base64url characters (`Authorization: Token
# token=...`).
_FRESHSALES = fake(22, B64URL, seed="freshsales")

FRESHSALES_API_KEY = service_named(
    kind="freshsales_api_key",
    service=r"freshsales|freshworks|fresh_sales",
    keywords=("freshsales", "freshworks", "fresh_sales"),
    value=r"[A-Za-z0-9_\-]{22}",
    sample=_FRESHSALES,
    env="FRESHSALES_API_KEY",
    entropy=3.5,
    positives=(f"FRESHWORKS_CRM_API_KEY={_FRESHSALES}",),
    negatives=(f"FRESHSALES_DOMAIN={_FRESHSALES}",),
)

# Copper: API keys are 32 hex digits (`X-PW-AccessToken`, with the user's e-mail).
_COPPER = fake(32, HEX, seed="copper")

COPPER_API_KEY = service_named(
    kind="copper_api_key",
    service=r"copper|prosperworks",
    keywords=("copper", "prosperworks"),
    key=r"(?:api_?key|access_?token|token)",
    value=r"[0-9a-f]{32}",
    sample=_COPPER,
    env="COPPER_API_KEY",
    positives=(f'client = Copper(token="{_COPPER}", email=user_email)',),
)

# Zendesk Sell (formerly Base CRM): personal access tokens are 64 hex digits.
_ZENDESK_SELL = fake(64, HEX, seed="zendesk-sell")

ZENDESK_SELL_ACCESS_TOKEN = service_named(
    kind="zendesk_sell_access_token",
    service=r"zendesk_?sell|zendesksell|getbase|base_?crm",
    keywords=("zendesk_sell", "zendesksell", "zendesk-sell", "getbase", "base_crm", "basecrm"),
    key=r"(?:access_?token|api_?token|token|key)",
    value=r"[0-9a-f]{64}",
    sample=_ZENDESK_SELL,
    env="ZENDESK_SELL_ACCESS_TOKEN",
    positives=(f"BASECRM_ACCESS_TOKEN={_ZENDESK_SELL}",),
)

# Apollo.io: API keys are 22 base64url characters (`X-Api-Key`); Apollo GraphQL's keys
# (`service:...`, `user:...`) are another shape.
_APOLLO = fake(22, B64URL, seed="apollo-io")

APOLLO_IO_API_KEY = service_named(
    kind="apollo_io_api_key",
    service=r"apollo(?:_?io)?",
    keywords=("apollo",),
    value=r"[A-Za-z0-9_\-]{22}",
    sample=_APOLLO,
    env="APOLLO_API_KEY",
    entropy=3.5,
    positives=(f"APOLLO_IO_API_KEY={_APOLLO}",),
    negatives=(f"APOLLO_KEY=service:acme-graph:{_APOLLO}",),  # Apollo GraphQL
)

# Clearbit: secret keys are `sk_` and 32 hex digits (publishable keys `pk_` go in browsers).
_CLEARBIT = "sk_" + fake(32, HEX, seed="clearbit")

CLEARBIT_SECRET_KEY = service_named(
    kind="clearbit_secret_key",
    service="clearbit",
    key=r"(?:api_?key|secret_?key|key|secret)",
    value=r"sk_[0-9a-f]{32}",
    sample=_CLEARBIT,
    env="CLEARBIT_API_KEY",
    confidence=0.9,
    positives=(f"Clearbit.key = '{_CLEARBIT}'",),
    negatives=(f"CLEARBIT_PUBLISHABLE_KEY=pk_{fake(32, HEX, seed='clearbit')}",),
)

# Hunter: API keys (`api_key=` on every request) are 40 hex digits.
_HUNTER = fake(40, HEX, seed="hunter")

HUNTER_API_KEY = service_named(
    kind="hunter_api_key",
    service=r"hunter(?:_?io)?",
    keywords=("hunter",),
    value=r"[0-9a-f]{40}",
    sample=_HUNTER,
    env="HUNTER_API_KEY",
    positives=(f"HUNTER_IO_API_KEY={_HUNTER}",),
)

# Lusha: API keys (`api_key` header) are UUIDs.
_LUSHA = fake_uuid("lusha")

LUSHA_API_KEY = service_named(
    kind="lusha_api_key",
    service="lusha",
    value=UUID,
    sample=_LUSHA,
    env="LUSHA_API_KEY",
)

# Insightly: API keys (HTTP Basic user name) are UUIDs.
_INSIGHTLY = fake_uuid("insightly")

INSIGHTLY_API_KEY = service_named(
    kind="insightly_api_key",
    service="insightly",
    value=_UUID_ANY_CASE,
    sample=_INSIGHTLY,
    env="INSIGHTLY_API_KEY",
)

RULES: tuple[Rule, ...] = (
    SALESFORCE_ACCESS_TOKEN,
    SALESFORCE_REFRESH_TOKEN,
    SALESFORCE_SFDX_AUTH_URL,
    SALESFORCE_CONSUMER_SECRET,
    HUBSPOT_PRIVATE_APP_TOKEN,
    HUBSPOT_API_KEY,
    HUBSPOT_CLIENT_SECRET,
    ZOHO_OAUTH_TOKEN,
    ZOHO_CLIENT_SECRET,
    CLOSE_API_KEY,
    SALESLOFT_API_KEY,
    KEAP_API_KEY,
    HIGHLEVEL_PRIVATE_INTEGRATION_TOKEN,
    PIPEDRIVE_API_TOKEN,
    FRESHSALES_API_KEY,
    COPPER_API_KEY,
    ZENDESK_SELL_ACCESS_TOKEN,
    APOLLO_IO_API_KEY,
    CLEARBIT_SECRET_KEY,
    HUNTER_API_KEY,
    LUSHA_API_KEY,
    INSIGHTLY_API_KEY,
)
