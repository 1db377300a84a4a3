"""Product analytics, experimentation and feature-flag services: their secret and personal keys.

Keys meant for browsers and apps are left out on purpose: PostHog project keys (`phc_`), Statsig
client keys (`client-`), Amplitude and Mixpanel project keys/tokens, Segment write keys, GrowthBook
and ConfigCat SDK keys, Unleash frontend tokens. LaunchDarkly is in `content`, Segment's public
API tokens (`sgp_`) too.
"""

from veil.detect.base import UUID, Examples, Rule, SecretRule, assigned, token
from veil.detect.filters import LITERAL
from veil.detect.samples import ALNUM, B64, B64URL, DIGITS, HEX, LOWER_ALNUM, fake, fake_uuid
from veil.detect.shapes import prefixed, service_named
from veil.detect.validators import looks_random

# --- PostHog: every key is a prefix and a random number written in base 62 (base 57 since 2025):
# personal API keys `phx_` and project secret keys `phs_` (feature-flag local evaluation) from
# 35 bytes (47-48 characters), OAuth access `pha_` and refresh `phr_` tokens from 32 (43-44).
# Project keys `phc_` are public: they ship in every page's snippet.


def _posthog(kind: str, prefix: str, size: int, env: str, extra: tuple[str, ...] = ()) -> Rule:
    sample = prefix + fake(size, ALNUM, seed=f"posthog-{prefix}")
    return prefixed(
        kind=kind,
        body=prefix + rf"[A-Za-z0-9]{{{size - 1},{size + 1}}}",
        sample=sample,
        keywords=(prefix,),
        env=env,
        entropy=4.0,
        validate=looks_random,
        positives=(
            f"curl https://us.posthog.com/api/projects/ -H 'Authorization: Bearer {sample}'",
            *extra,
        ),
        negatives=(
            f"NEXT_PUBLIC_POSTHOG_KEY=phc_{sample[4:]}",  # a project key, public by design
            f"{env}={prefix}{fake(size, LOWER_ALNUM, seed=f'posthog-lower-{prefix}')}",  # no case
        ),
    )


POSTHOG_PERSONAL_API_KEY = _posthog(
    "posthog_personal_api_key", "phx_", 47, "POSTHOG_PERSONAL_API_KEY"
)
POSTHOG_PROJECT_SECRET_API_KEY = _posthog(
    "posthog_project_secret_api_key",
    "phs_",
    47,
    "POSTHOG_SECRET_API_KEY",
    (
        "posthog = Posthog('phc_public', host='https://eu.i.posthog.com', "
        f"personal_api_key='phs_{fake(48, ALNUM, seed='posthog-phs-2')}')",
    ),
)
POSTHOG_OAUTH_ACCESS_TOKEN = _posthog(
    "posthog_oauth_access_token", "pha_", 43, "POSTHOG_ACCESS_TOKEN"
)
POSTHOG_OAUTH_REFRESH_TOKEN = _posthog(
    "posthog_oauth_refresh_token", "phr_", 43, "POSTHOG_REFRESH_TOKEN"
)

# --- Amplitude: a project's API key (32 hex) ships in browser SDKs; its secret key (32 hex, the
# password of the export and dashboard REST APIs' basic auth) must stay on a server.

_AMPLITUDE = fake(32, HEX, seed="amplitude-secret")

AMPLITUDE_SECRET_KEY = service_named(
    kind="amplitude_secret_key",
    service="amplitude",
    key=r"secret_?(?:key)?",
    value=r"[0-9a-f]{32}",
    sample=_AMPLITUDE,
    env="AMPLITUDE_SECRET_KEY",
    positives=(
        f"amplitude:\n  secret_key: {_AMPLITUDE}\n  api_key: {fake(32, HEX, seed='amplitude-api')}",
    ),
    negatives=(
        f"AMPLITUDE_API_KEY={_AMPLITUDE}",  # the project's API key, public in the browser SDK
    ),
)

# --- Mixpanel: the legacy project API secret (32 hex) and service-account secrets (32
# alphanumerics, the password to a `name.mp-service-account` user). The project token is public.

_MIXPANEL_SECRET = fake(32, HEX, seed="mixpanel-api-secret")

MIXPANEL_API_SECRET = service_named(
    kind="mixpanel_api_secret",
    service="mixpanel",
    key=r"(?:api_?|project_?)?secret",
    value=r"[0-9a-f]{32}",
    sample=_MIXPANEL_SECRET,
    env="MIXPANEL_API_SECRET",
    positives=(f"mixpanel_client = Mixpanel(token=PROJECT_TOKEN, secret='{_MIXPANEL_SECRET}')",),
    negatives=(f"MIXPANEL_TOKEN={_MIXPANEL_SECRET}",),  # the project token, public by design
)

_MIXPANEL_SA = fake(32, ALNUM, seed="mixpanel-service-account")

MIXPANEL_SERVICE_ACCOUNT_SECRET = service_named(
    kind="mixpanel_service_account_secret",
    service="mixpanel",
    key=r"(?:service_?account|sa)_?(?:secret|password)",
    value=r"[A-Za-z0-9]{32}",
    sample=_MIXPANEL_SA,
    env="MIXPANEL_SERVICE_ACCOUNT_SECRET",
    validate=looks_random,
    confidence=0.8,
    positives=(
        f'mixpanel:\n  service_account_secret: "{_MIXPANEL_SA}"\n'
        '  service_account_username: "etl.mp-service-account"',
    ),
    negatives=(f"MIXPANEL_SERVICE_ACCOUNT_USERNAME={_MIXPANEL_SA}",),  # the user name
)

# --- Snowplow: Console API keys are UUIDs, sent as `X-API-Key` with their key id.

SNOWPLOW_CONSOLE_API_KEY = service_named(
    kind="snowplow_console_api_key",
    service="snowplow",
    key=r"(?:console_?)?api_?key",
    value=UUID,
    sample=fake_uuid("snowplow-console"),
    env="SNOWPLOW_CONSOLE_API_KEY",
    positives=(f"snowplow:\n  console_api_key: {fake_uuid('snowplow-yaml')}",),
    negatives=(f"SNOWPLOW_ORGANIZATION_ID={fake_uuid('snowplow-org')}",),  # an identifier
)

# --- Plausible: Stats and Sites API keys are 64 URL-safe base64 characters (a Bearer token).

_PLAUSIBLE = fake(64, B64URL, seed="plausible")

PLAUSIBLE_API_KEY = service_named(
    kind="plausible_api_key",
    service="plausible",
    value=r"[A-Za-z0-9_\-]{64}",
    sample=_PLAUSIBLE,
    env="PLAUSIBLE_API_KEY",
    validate=looks_random,
    positives=(f"PLAUSIBLE_TOKEN='{_PLAUSIBLE}'",),
    negatives=(f"PLAUSIBLE_SITE_ID={_PLAUSIBLE}",),  # a site, not a key
)

# --- Fathom Analytics: API tokens are `<id>|<40 alphanumerics>` (Laravel Sanctum), a Bearer token.

_FATHOM = f"{fake(4, DIGITS, seed='fathom-id')}|{fake(40, ALNUM, seed='fathom')}"

FATHOM_API_KEY = service_named(
    kind="fathom_api_key",
    service="fathom",
    key=r"(?:api_?)?(?:key|token)",
    value=r"[0-9]{1,9}\|[A-Za-z0-9]{40}",
    sample=_FATHOM,
    env="FATHOM_API_KEY",
    validate=looks_random,
    positives=(f'FATHOM_API_TOKEN="{_FATHOM}"',),
    negatives=(f"FATHOM_SITE_ID={_FATHOM}",),  # not a key name
)

# --- Pendo: integration keys (the `x-pendo-integration-key` header) are UUIDs, sometimes with a
# region suffix (`.us`, `.eu`, `.jpn`).

_PENDO = fake_uuid("pendo-integration")

PENDO_INTEGRATION_KEY = service_named(
    kind="pendo_integration_key",
    service="pendo",
    key=r"(?:integration|api)?[_\-]?key",
    value=UUID + r"(?:\.(?:us|eu|jpn|au|us1))?",
    sample=_PENDO,
    env="PENDO_INTEGRATION_KEY",
    confidence=0.85,  # above the generic API-key header rule
    positives=(f"curl https://app.pendo.io/api/v1/page -H 'x-pendo-integration-key: {_PENDO}.us'",),
    negatives=(f"PENDO_VISITOR_ID={_PENDO}",),  # an identifier
)

# --- FullStory: server API keys start with their data region (`na1.`, `eu1.`) and carry a long
# base64 body; sent as `Authorization: Basic <key>`.

_FULLSTORY = "na1." + fake(96, B64, seed="fullstory")

FULLSTORY_API_KEY = service_named(
    kind="fullstory_api_key",
    service="fullstory|full_story",
    key=r"(?:api_?)?key|token",
    value=r"(?:na1|eu1)\.[A-Za-z0-9+/_\-]{64,100}={0,2}(?![.:])",
    sample=_FULLSTORY,
    env="FULLSTORY_API_KEY",
    entropy=4.0,
    confidence=0.85,
    keywords=("fullstory", "full_story"),
    positives=(f"fullstory:\n  api_key: eu1.{_FULLSTORY[4:]}==",),
    negatives=("FULLSTORY_API_KEY=na1.short",),  # too short
)

# --- Hotjar: API credentials are a client id and a client secret (OAuth client credentials).

_HOTJAR = fake(64, ALNUM, seed="hotjar-secret")

HOTJAR_CLIENT_SECRET = service_named(
    kind="hotjar_client_secret",
    service="hotjar",
    key=r"client_?secret|api_?secret",
    value=r"[A-Za-z0-9_\-]{43,68}",
    sample=_HOTJAR,
    env="HOTJAR_CLIENT_SECRET",
    validate=looks_random,
    positives=(f'{{"hotjar": {{"client_id": "abc", "client_secret": "{_HOTJAR}"}}}}',),
    negatives=(f"HOTJAR_CLIENT_ID={_HOTJAR}",),  # the id
)

# --- Optimizely: personal access tokens (REST API) are `<version>:` and a URL-safe body.

_OPTIMIZELY = "2:" + fake(46, B64URL, seed="optimizely")

OPTIMIZELY_PERSONAL_ACCESS_TOKEN = service_named(
    kind="optimizely_personal_access_token",
    service="optimizely",
    key=r"(?:personal_?)?(?:access_?|api_?)?token",
    value=r"[0-9]:[A-Za-z0-9_\-]{40,50}(?![.:])",
    sample=_OPTIMIZELY,
    env="OPTIMIZELY_API_TOKEN",
    positives=(f"optimizely:\n  personal_access_token: '{_OPTIMIZELY}'",),
    negatives=(f"OPTIMIZELY_SDK_KEY={_OPTIMIZELY[2:24]}",),  # an SDK key (datafile), public
)

# --- Statsig: server secret keys `secret-` and console API keys `console-`, each then 43
# base-62 characters; client keys `client-` are meant for browsers.


def _statsig(kind: str, prefix: str, env: str, extra: str) -> Rule:
    sample = prefix + fake(43, ALNUM, seed=f"statsig-{prefix}")
    return prefixed(
        kind=kind,
        body=prefix + r"[A-Za-z0-9]{40,46}",
        sample=sample,
        keywords=(prefix,),
        env=env,
        entropy=4.0,
        validate=looks_random,
        positives=(extra.format(sample),),
        negatives=(
            f"NEXT_PUBLIC_STATSIG_CLIENT_KEY=client-{sample[len(prefix) :]}",  # public
            f"name: {prefix}{fake(43, LOWER_ALNUM, seed='statsig-lower')}",  # a name, no case
        ),
    )


STATSIG_SERVER_SECRET_KEY = _statsig(
    "statsig_server_secret_key",
    "secret-",
    "STATSIG_SERVER_SECRET",
    "await Statsig.initialize('{}', {{ environment: {{ tier: 'production' }} }});",
)
STATSIG_CONSOLE_API_KEY = _statsig(
    "statsig_console_api_key",
    "console-",
    "STATSIG_CONSOLE_API_KEY",
    "curl https://statsigapi.net/console/v1/gates -H 'STATSIG-API-KEY: {}'",
)

# --- Eppo: REST API keys (the `X-Eppo-Token` header) and server SDK keys, known by their names.

_EPPO = fake(48, B64URL, seed="eppo")

EPPO_API_KEY = service_named(
    kind="eppo_api_key",
    service="eppo",
    key=r"(?:api_?|sdk_?|server_?sdk_?)?(?:key|token)",
    value=r"[A-Za-z0-9_\-.]{33,52}",
    sample=_EPPO,
    env="EPPO_API_KEY",
    validate=looks_random,
    confidence=0.85,  # above the generic API-key header rule
    positives=(f"curl https://eppo.cloud/api/v1/feature-flags -H 'X-Eppo-Token: {_EPPO}'",),
    negatives=(f"EPPO_PROJECT_ID={_EPPO}",),
)

# --- GrowthBook: REST API secret keys start `secret_` (admin, readonly and personal ones);
# SDK client keys (`sdk-`) ship in apps.

_GROWTHBOOK = "secret_admin_" + fake(43, B64URL, seed="growthbook")

GROWTHBOOK_SECRET_API_KEY = service_named(
    kind="growthbook_secret_api_key",
    service="growthbook|growth_book",
    key=r"(?:secret_?|api_?|admin_?)*(?:key|token|secret)",
    value=r"secret_(?:(?:admin|readonly|user)_)?[A-Za-z0-9_\-]{36,48}",
    sample=_GROWTHBOOK,
    env="GROWTHBOOK_API_KEY",
    keywords=("growthbook", "growth_book"),
    positives=(f"GROWTHBOOK_SECRET_KEY=secret_{fake(40, B64URL, seed='growthbook-2')}",),
    negatives=(f"GROWTHBOOK_CLIENT_KEY=sdk-{_GROWTHBOOK[13:29]}",),  # an SDK key, public
)

# --- Split (Harness FME): server-side SDK keys and Admin API keys are 36 lower-case
# alphanumerics; the browser SDK key looks the same, so only server and admin names count.

_SPLIT = fake(36, LOWER_ALNUM, seed="split-io")

SPLIT_IO_API_KEY = service_named(
    kind="split_io_api_key",
    service=r"split_?io|split\.io",
    key=r"(?:server_?(?:side_?)?|admin_?|sdk_?|api_?)+key",
    value=r"[a-z0-9]{36}",
    sample=_SPLIT,
    env="SPLITIO_SERVER_SDK_KEY",
    keywords=("splitio", "split_io", "split.io"),
    positives=(f"SPLIT_IO_ADMIN_API_KEY='{_SPLIT}'",),
    negatives=(f"SPLIT_API_KEY={_SPLIT}",),  # `split` alone names too much
)

# --- ConfigCat: the Public Management API takes basic auth with a generated user name and a
# base64 password; SDK keys (`configcat-sdk-1/...`) ship in apps.

_CONFIGCAT = fake(43, B64, seed="configcat-password") + "="

CONFIGCAT_MANAGEMENT_API_PASSWORD = service_named(
    kind="configcat_management_api_password",
    service="configcat|config_cat",
    key=r"(?:api_?|management_?|basic_?auth_?)*pass(?:word)?",
    value=r"[A-Za-z0-9+/]{40,46}={0,2}",
    sample=_CONFIGCAT,
    env="CONFIGCAT_API_PASSWORD",
    keywords=("configcat", "config_cat"),
    positives=(
        f'provider "configcat" {{\n  basic_auth_password = "{_CONFIGCAT}"\n'
        '  basic_auth_username = "08d8"\n}',
    ),
    negatives=(f"CONFIGCAT_API_USERNAME={_CONFIGCAT}",),  # the user name slot
)

# --- Flagsmith: server-side environment keys are `ser.` and 22 alphanumerics; client-side
# environment keys (no prefix) are public.

_FLAGSMITH = "ser." + fake(22, ALNUM, seed="flagsmith")

FLAGSMITH_SERVER_SIDE_KEY = SecretRule(
    id="flagsmith-server-side-key",
    kind="flagsmith_server_side_key",
    regex=token(r"ser\.[A-Za-z0-9]{22}", r"[A-Za-z0-9_\-.]"),
    keywords=("ser.",),
    entropy=3.5,
    validate=lambda v: looks_random(v[4:]),
    filters=LITERAL,
    confidence=0.9,
    examples=Examples(
        positives=(
            f"FLAGSMITH_ENVIRONMENT_KEY={_FLAGSMITH}",
            f'flagsmith = Flagsmith(environment_key="{_FLAGSMITH}")',
        ),
        negatives=(
            f"FLAGSMITH_ENVIRONMENT_KEY={_FLAGSMITH[:-4]}",  # too short
            "value = parser.getConfigurationValue1",  # a method call, not a key
            f"FLAGSMITH_ENVIRONMENT_KEY={_FLAGSMITH[4:]}",  # a client-side key, public
        ),
    ),
)

# --- Unleash: API tokens are `<project>:<environment>.<64 hex>`; admin tokens are `*:*.`.
# Frontend tokens share the shape, so beyond admin tokens only server-side names count.

_UNLEASH_HASH = fake(64, HEX, seed="unleash")

UNLEASH_ADMIN_API_TOKEN = SecretRule(
    id="unleash-admin-api-token",
    kind="unleash_admin_api_token",
    regex=r"(?<![\w*])(?P<secret>\*:\*\.[0-9a-f]{64})(?![A-Za-z0-9_\-])",
    keywords=("*:*.",),
    entropy=3.0,
    filters=LITERAL,
    confidence=0.95,
    examples=Examples(
        positives=(
            f"UNLEASH_ADMIN_TOKEN=*:*.{_UNLEASH_HASH}",
            "curl https://app.unleash-hosted.com/api/admin/features"
            f" -H 'Authorization: *:*.{_UNLEASH_HASH}'",
        ),
        negatives=(
            f"UNLEASH_ADMIN_TOKEN=*:*.{_UNLEASH_HASH[:40]}",  # too short
            f"UNLEASH_ADMIN_TOKEN=*:*.{_UNLEASH_HASH}ab",  # too long
        ),
    ),
)

_UNLEASH = f"default:production.{_UNLEASH_HASH}"
_UNLEASH_KEY = r"(?:api_?|client_?|server_?|backend_?|admin_?)?(?:token|key|authorization)"

UNLEASH_API_TOKEN = SecretRule(
    id="unleash-api-token",
    kind="unleash_api_token",
    regex=assigned(
        rf"(?i:unleash(?![\w.\-]*(?:frontend|proxy))[\w.\-]*?{_UNLEASH_KEY}"
        rf"|unleash\b[^\n]{{0,40}}?(?:\n[ \t]+[^\n]{{0,40}}?)?\b{_UNLEASH_KEY})",
        r"(?:\*|[A-Za-z0-9_\-]{1,64}|\[\][A-Za-z0-9_\-]*):[A-Za-z0-9_\-]{1,64}\.[0-9a-f]{64}",
    ),
    keywords=("unleash",),
    entropy=3.0,
    confidence=0.85,
    examples=Examples(
        positives=(
            f"UNLEASH_API_TOKEN={_UNLEASH}",
            f"unleash:\n  url: https://unleash.acme.io/api\n  api_token: '{_UNLEASH}'",
            f"UNLEASH_SERVER_API_TOKEN=*:development.{_UNLEASH_HASH}",
        ),
        negatives=(
            f"UNLEASH_FRONTEND_TOKEN={_UNLEASH}",  # a frontend token, public by design
            f"token = {_UNLEASH}",  # no Unleash context
            f"UNLEASH_API_TOKEN=default:production.{_UNLEASH_HASH[:50]}",  # hash too short
        ),
    ),
)

# --- Matomo (Piwik): `token_auth` is 32 hex, the key of the Reporting and Tracking APIs.

_MATOMO = fake(32, HEX, seed="matomo")

MATOMO_AUTH_TOKEN = service_named(
    kind="matomo_auth_token",
    service="matomo|piwik",
    key=r"(?:auth_?)?token(?:_?auth)?|api_?key",
    value=r"[0-9a-f]{32}",
    sample=_MATOMO,
    env="MATOMO_TOKEN_AUTH",
    positives=(
        f"matomo:\n  token_auth: {_MATOMO}\n  url: https://stats.acme.io",
        f"PIWIK_AUTH_TOKEN='{_MATOMO}'",
    ),
    negatives=(f"MATOMO_SITE_ID={_MATOMO}",),
)


RULES = (
    POSTHOG_PERSONAL_API_KEY,
    POSTHOG_PROJECT_SECRET_API_KEY,
    POSTHOG_OAUTH_ACCESS_TOKEN,
    POSTHOG_OAUTH_REFRESH_TOKEN,
    AMPLITUDE_SECRET_KEY,
    MIXPANEL_API_SECRET,
    MIXPANEL_SERVICE_ACCOUNT_SECRET,
    SNOWPLOW_CONSOLE_API_KEY,
    PLAUSIBLE_API_KEY,
    FATHOM_API_KEY,
    PENDO_INTEGRATION_KEY,
    FULLSTORY_API_KEY,
    HOTJAR_CLIENT_SECRET,
    OPTIMIZELY_PERSONAL_ACCESS_TOKEN,
    STATSIG_SERVER_SECRET_KEY,
    STATSIG_CONSOLE_API_KEY,
    EPPO_API_KEY,
    GROWTHBOOK_SECRET_API_KEY,
    SPLIT_IO_API_KEY,
    CONFIGCAT_MANAGEMENT_API_PASSWORD,
    FLAGSMITH_SERVER_SIDE_KEY,
    UNLEASH_ADMIN_API_TOKEN,
    UNLEASH_API_TOKEN,
    MATOMO_AUTH_TOKEN,
)
