"""Error tracking, incident response, on-call and uptime monitoring: their API keys."""

from veil.detect.base import (
    ASSIGN,
    UUID,
    Examples,
    Rule,
    SecretRule,
    assigned,
    named,
    token,
)
from veil.detect.filters import LITERAL
from veil.detect.samples import (
    ALNUM,
    B64URL,
    DIGITS,
    HEX,
    LOWER,
    fake,
    fake_uuid,
)
from veil.detect.shapes import prefixed, service_named
from veil.detect.validators import looks_random

# --- Error tracking: Bugsnag, Rollbar, Raygun, AppSignal

# Bugsnag: personal auth tokens (Data Access API, `Authorization: token ...`) are UUIDs; the
# notifier API key (32 hex) ships in apps, so it is not a secret kind.

_BUGSNAG = fake_uuid("bugsnag-auth")

BUGSNAG_AUTH_TOKEN = service_named(
    kind="bugsnag_auth_token",
    service="bugsnag",
    key=r"(?:personal_?|data_?access_?)?(?:auth_?)?token",
    value=UUID,
    sample=_BUGSNAG,
    env="BUGSNAG_AUTH_TOKEN",
    positives=(f"bugsnag-cli upload js --auth-token {_BUGSNAG} # bugsnag token",),
    negatives=(f"BUGSNAG_API_KEY={fake(32, HEX, seed='bugsnag-notifier')}",),  # notifier key
)

# Rollbar: project access tokens are 32 hex; `post_client_item` tokens ship in browsers, the
# server, read and write scopes (and account tokens) do not.

_ROLLBAR = fake(32, HEX, seed="rollbar")

ROLLBAR_ACCESS_TOKEN = SecretRule(
    id="rollbar-access-token",
    kind="rollbar_access_token",
    regex=assigned(
        r"(?i:rollbar(?![\w.\-]*client)[\w.\-]*?token"
        r"|rollbar\b[^\n]{0,40}?(?:\n[ \t]+[^\n]{0,40}?)?\b(?:access_?|server_?)?token)",
        r"[0-9a-f]{32}",
    ),
    keywords=("rollbar",),
    entropy=3.0,
    confidence=0.85,
    examples=Examples(
        positives=(
            f"ROLLBAR_ACCESS_TOKEN={_ROLLBAR}",
            f"curl https://api.rollbar.com/api/1/items -H 'X-Rollbar-Access-Token: {_ROLLBAR}'",
            f"rollbar:\n  access_token: {_ROLLBAR}\n  environment: production",
        ),
        negatives=(
            f"ROLLBAR_CLIENT_TOKEN={_ROLLBAR}",  # post_client_item: public by design
            f"token = {_ROLLBAR}",  # no Rollbar context
            f"ROLLBAR_ACCESS_TOKEN={_ROLLBAR[:24]}",  # too short
        ),
    ),
)

# Raygun: personal access tokens for the REST API; an application's API key ships in apps.

_RAYGUN = fake(40, ALNUM, seed="raygun-pat")

RAYGUN_PERSONAL_ACCESS_TOKEN = service_named(
    kind="raygun_personal_access_token",
    service="raygun",
    key=r"(?:personal_?)?access_?token|pat|api_?token",
    value=r"[A-Za-z0-9_\-]{27,45}",
    sample=_RAYGUN,
    env="RAYGUN_PERSONAL_ACCESS_TOKEN",
    validate=looks_random,
    positives=(f"RAYGUN_PAT='{_RAYGUN}'",),
    negatives=(f"RAYGUN_API_KEY={_RAYGUN[:22]}",),  # an application's key, public in apps
)

# AppSignal: the push API key (a UUID) is the backend agent's; the front-end key is public.

_APPSIGNAL = fake_uuid("appsignal-push")

APPSIGNAL_PUSH_API_KEY = SecretRule(
    id="appsignal-push-api-key",
    kind="appsignal_push_api_key",
    regex=assigned(
        r"(?i:appsignal(?![\w.\-]*front)[\w.\-]*?(?:push_?)?api_?key"
        r"|appsignal\b[^\n]{0,40}?(?:\n[ \t]+[^\n]{0,40}?)?\bpush_?api_?key)",
        UUID,
    ),
    keywords=("appsignal",),
    confidence=0.8,
    examples=Examples(
        positives=(
            f"APPSIGNAL_PUSH_API_KEY={_APPSIGNAL}",
            f'production:\n  <<: *defaults\n  # appsignal\n  push_api_key: "{_APPSIGNAL}"',
        ),
        negatives=(
            f"APPSIGNAL_FRONTEND_API_KEY={_APPSIGNAL}",  # the front-end key, public
            f"push_api_key = {_APPSIGNAL}",  # no AppSignal context
        ),
    ),
)

# --- Incident response and on-call

# Opsgenie: API keys are UUIDs, sent as `Authorization: GenieKey <key>`.

_OPSGENIE = fake_uuid("opsgenie")

OPSGENIE_API_KEY = SecretRule(
    id="opsgenie-api-key",
    kind="opsgenie_api_key",
    regex=(
        rf"(?:{named('opsgenie|ops_genie', r'(?:api_?|integration_?)?key|token')}{ASSIGN}"
        r"|GenieKey\s+)"
        rf"(?P<secret>{UUID})(?![A-Za-z0-9_\-])"
    ),
    keywords=("opsgenie", "ops_genie", "geniekey"),
    confidence=0.85,
    examples=Examples(
        positives=(
            f"OPSGENIE_API_KEY={_OPSGENIE}",
            f"curl https://api.opsgenie.com/v2/alerts -H 'Authorization: GenieKey {_OPSGENIE}'",
            f'provider "opsgenie" {{\n  api_key = "{_OPSGENIE}"\n}}',
        ),
        negatives=(
            f"OPSGENIE_TEAM_ID={_OPSGENIE}",  # an identifier
            f"api_key = {_OPSGENIE}",  # no Opsgenie context
            f"Authorization: GenieKey {_OPSGENIE[:-6]}",  # too short
        ),
    ),
)

# PagerDuty: Events API integration (routing) keys are 32 hex; REST API keys are in
# `productivity`.

_PD_ROUTING = fake(32, HEX, seed="pagerduty-routing")

PAGERDUTY_INTEGRATION_KEY = service_named(
    kind="pagerduty_integration_key",
    service="pagerduty|pager_duty",
    key=r"(?:integration|routing|service|events?)_?key",
    value=r"[0-9a-f]{32}",
    sample=_PD_ROUTING,
    env="PAGERDUTY_INTEGRATION_KEY",
    keywords=("pagerduty", "pager_duty"),
    positives=(f"PAGERDUTY_ROUTING_KEY='{_PD_ROUTING}'",),
    negatives=(f"PAGERDUTY_SERVICE_ID={_PD_ROUTING}",),  # an identifier
)

# Splunk On-Call (VictorOps): the REST endpoint carries its key in the URL path.

_VICTOROPS = fake_uuid("victorops")

SPLUNK_ONCALL_REST_KEY = SecretRule(
    id="splunk-oncall-rest-key",
    kind="splunk_oncall_rest_key",
    regex=(
        r"alert\.victorops\.com/integrations/generic/[0-9]{8}/alert/"
        rf"(?P<secret>{UUID})(?![A-Za-z0-9_\-])"
    ),
    keywords=("victorops",),
    confidence=0.95,
    examples=Examples(
        positives=(
            "VICTOROPS_URL=https://alert.victorops.com/integrations/generic/20131114/alert/"
            f"{_VICTOROPS}/db-team",
            "url: 'https://alert.victorops.com/integrations/generic/20131114/alert/"
            f"{_VICTOROPS}/$routing_key'",
        ),
        negatives=(
            "https://alert.victorops.com/integrations/generic/20131114/alert/$API_KEY/x",
            f"https://alert.example.com/integrations/generic/20131114/alert/{_VICTOROPS}/x",
        ),
    ),
)

# Statuspage: API keys (the `Authorization: OAuth <key>` of the REST API).

_STATUSPAGE = fake_uuid("statuspage")

STATUSPAGE_API_KEY = service_named(
    kind="statuspage_api_key",
    service="statuspage|status_page_io|statuspageio",
    key=r"(?:api_?|oauth_?)?(?:key|token)",
    value=rf"{UUID}|[0-9a-f]{{32}}",
    sample=_STATUSPAGE,
    env="STATUSPAGE_API_KEY",
    keywords=("statuspage", "status_page_io"),
    positives=(f'provider "statuspage" {{\n  api_key = "{fake(32, HEX, seed="spg")}"\n}}',),
    negatives=(f"STATUSPAGE_PAGE_ID={_STATUSPAGE}",),  # a page id
)

# incident.io: API keys (Bearer tokens) are long random strings.

_INCIDENT_IO = "inc_" + fake(56, ALNUM, seed="incident-io")

INCIDENT_IO_API_KEY = service_named(
    kind="incident_io_api_key",
    service=r"incident_?io|incidentio|incident\.io",
    key=r"(?:api_?)?(?:key|token)",
    value=r"[A-Za-z0-9_]{41,64}",
    sample=_INCIDENT_IO,
    env="INCIDENT_IO_API_KEY",
    keywords=("incident_io", "incidentio", "incident.io"),
    validate=looks_random,
    positives=(f"incident.io:\n  api_key: {_INCIDENT_IO}",),
    negatives=(f"INCIDENT_IO_WORKFLOW_ID={_INCIDENT_IO}",),
)

# FireHydrant: API keys and bot tokens (Bearer), long URL-safe strings.

_FIREHYDRANT = "fhb-" + fake(60, B64URL, seed="firehydrant")

FIREHYDRANT_API_KEY = service_named(
    kind="firehydrant_api_key",
    service="firehydrant|fire_hydrant",
    key=r"(?:api_?|bot_?)?(?:key|token)",
    value=r"[A-Za-z0-9_\-]{43,69}",
    sample=_FIREHYDRANT,
    env="FIREHYDRANT_API_KEY",
    keywords=("firehydrant", "fire_hydrant"),
    validate=looks_random,
    positives=(f'provider "firehydrant" {{\n  api_key = "{_FIREHYDRANT}"\n}}',),
    negatives=(f"FIREHYDRANT_TEAM_ID={_FIREHYDRANT}",),
)

# Rootly: API tokens start `rootly_`.

_ROOTLY = "rootly_" + fake(64, HEX, seed="rootly")

ROOTLY_API_TOKEN = prefixed(
    kind="rootly_api_token",
    body=r"rootly_[A-Za-z0-9]{48,80}",
    sample=_ROOTLY,
    keywords=("rootly_",),
    env="ROOTLY_API_TOKEN",
    entropy=3.3,
    positives=(f"curl https://api.rootly.com/v1/incidents -H 'Authorization: Bearer {_ROOTLY}'",),
    negatives=("ROOTLY_API_TOKEN=rootly_test_token_abc123",),  # a test value
)

# --- Uptime and synthetic monitoring

# Checkly: user API keys are `cu_` and 32 hex (with the account id in `X-Checkly-Account`).

_CHECKLY = "cu_" + fake(32, HEX, seed="checkly")

CHECKLY_API_KEY = prefixed(
    kind="checkly_api_key",
    body=r"cu_[0-9a-f]{32}",
    sample=_CHECKLY,
    keywords=("cu_",),
    env="CHECKLY_API_KEY",
    positives=(
        f'curl -H "Authorization: Bearer {_CHECKLY}" -H "X-Checkly-Account: $ACCOUNT_ID"'
        " https://api.checklyhq.com/v1/checks",
    ),
    negatives=(f"CHECKLY_API_KEY=cu_{fake(32, LOWER, seed='checkly-letters')}",),  # not hex
)

# UptimeRobot: the main (account) API key is `u<user id>-<hex>`, the read-only one
# `ur<user id>-<hex>`, monitor-specific keys `m<monitor id>-<hex>`: only with UptimeRobot named.

_UPTIMEROBOT_HEX = fake(27, HEX, seed="uptimerobot")
_UPTIMEROBOT_KEYWORDS = ("uptimerobot", "uptime_robot", "uptime-robot")


def _uptimerobot(kind: str, body: str, sample: str, env: str, other: str) -> Rule:
    return SecretRule(
        id=kind.replace("_", "-"),
        kind=kind,
        regex=token(body),
        keywords=_UPTIMEROBOT_KEYWORDS,
        entropy=3.0,
        filters=LITERAL,
        confidence=0.9,
        examples=Examples(
            positives=(
                f"{env}={sample}",
                "curl -X POST https://api.uptimerobot.com/v2/getMonitors "
                f"-d 'api_key={sample}&format=json'",
            ),
            negatives=(
                f"session = {sample}",  # no UptimeRobot context
                f"{env}={sample[:-8]}",  # too short
                f"{env}={other}",  # another kind of key
            ),
        ),
    )


UPTIMEROBOT_API_KEY = _uptimerobot(
    "uptimerobot_api_key",
    r"ur?[0-9]{3,10}-[0-9a-f]{24,32}",
    f"u{fake(7, DIGITS, seed='ur-u')}-{_UPTIMEROBOT_HEX}",
    "UPTIMEROBOT_API_KEY",
    f"m{fake(9, DIGITS, seed='ur-m')}-{_UPTIMEROBOT_HEX}",
)
UPTIMEROBOT_MONITOR_API_KEY = _uptimerobot(
    "uptimerobot_monitor_api_key",
    r"m[0-9]{3,10}-[0-9a-f]{24,32}",
    f"m{fake(9, DIGITS, seed='ur-m')}-{_UPTIMEROBOT_HEX}",
    "UPTIMEROBOT_MONITOR_KEY",
    f"ur{fake(7, DIGITS, seed='ur-u')}-{_UPTIMEROBOT_HEX}",
)

# Pingdom: API 3.1 tokens (Bearer), long URL-safe strings.

_PINGDOM = fake(64, B64URL, seed="pingdom")

PINGDOM_API_TOKEN = service_named(
    kind="pingdom_api_token",
    service="pingdom",
    key=r"(?:api_?)?(?:token|key)",
    value=r"[A-Za-z0-9_\-]{43,69}",
    sample=_PINGDOM,
    env="PINGDOM_API_TOKEN",
    validate=looks_random,
    positives=(f"pingdom:\n  api_token: '{_PINGDOM}'",),
    negatives=(f"PINGDOM_CHECK_ID={_PINGDOM}",),
)

# Cronitor: API keys (32 alphanumerics), basic-auth user or `?apikey=`.

_CRONITOR = fake(32, ALNUM, seed="cronitor-key")

CRONITOR_API_KEY = service_named(
    kind="cronitor_api_key",
    service="cronitor",
    value=r"[A-Za-z0-9]{32}",
    sample=_CRONITOR,
    env="CRONITOR_API_KEY",
    validate=looks_random,
    negatives=(f"CRONITOR_MONITOR_ID={_CRONITOR}",),
)

# Healthchecks.io: project API keys (32 URL-safe characters; read-only keys too).

_HEALTHCHECKS = fake(32, B64URL, seed="healthchecks")

HEALTHCHECKS_IO_API_KEY = service_named(
    kind="healthchecks_io_api_key",
    service=r"healthchecks(?:_?io|\.io)?",
    key=r"(?:read_?only_?)?api_?key|key",
    value=r"[A-Za-z0-9_\-]{32}",
    sample=_HEALTHCHECKS,
    env="HEALTHCHECKS_API_KEY",
    keywords=("healthchecks",),
    confidence=0.85,  # above the generic API-key header rule
    validate=looks_random,
    positives=(
        f"curl https://healthchecks.io/api/v3/checks/ -H 'X-Api-Key: {_HEALTHCHECKS}'"
        " # healthchecks key",
    ),
    negatives=(f"HEALTHCHECKS_CHECK_UUID={_HEALTHCHECKS}",),
)


RULES = (
    BUGSNAG_AUTH_TOKEN,
    ROLLBAR_ACCESS_TOKEN,
    RAYGUN_PERSONAL_ACCESS_TOKEN,
    APPSIGNAL_PUSH_API_KEY,
    OPSGENIE_API_KEY,
    PAGERDUTY_INTEGRATION_KEY,
    SPLUNK_ONCALL_REST_KEY,
    STATUSPAGE_API_KEY,
    INCIDENT_IO_API_KEY,
    FIREHYDRANT_API_KEY,
    ROOTLY_API_TOKEN,
    CHECKLY_API_KEY,
    UPTIMEROBOT_API_KEY,
    UPTIMEROBOT_MONITOR_API_KEY,
    PINGDOM_API_TOKEN,
    CRONITOR_API_KEY,
    HEALTHCHECKS_IO_API_KEY,
)
