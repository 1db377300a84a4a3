"""Observability: metrics, logs, traces and APM."""

from veil.detect.base import (
    ASSIGN,
    UUID,
    Examples,
    Rule,
    SecretRule,
    assigned,
    named,
    padded,
    token,
)
from veil.detect.filters import LITERAL
from veil.detect.samples import (
    ALNUM,
    B64,
    B64URL,
    DIGITS,
    HEX,
    LOWER,
    LOWER_ALNUM,
    UPPER_ALNUM,
    b64json,
    fake,
    fake_uuid,
)
from veil.detect.shapes import prefixed, service_named
from veil.detect.validators import looks_random, mixed_case

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

_SENTRY_ORG_PAYLOAD = b64json(
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
    regex=padded(r"sntrys_eyJ[A-Za-z0-9+/]{40,400}={0,2}_[A-Za-z0-9+/]{43}"),
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

# --- Observability and infrastructure tools

_GRAFANA_CLOUD = "glc_" + b64json(
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
    regex=padded(r"glc_[A-Za-z0-9+/]{32,400}={0,3}"),
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

_GRAFANA_KEY = b64json({"k": fake(32, ALNUM, seed="grafana-legacy"), "n": "ci-deploy", "id": 1})

GRAFANA_API_KEY = SecretRule(
    id="grafana-api-key",
    kind="grafana_api_key",
    regex=padded(r"eyJrIjoi[A-Za-z0-9+/]{50,400}={0,3}"),
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
    filters=LITERAL,
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


# --- Logs, traces and APM

# Honeycomb: ingest keys `hc<x>ik_` (classic `hc<x>ic_`) are a 26-character key id and a
# 32-character secret run together, lower-case alphanumerics; management keys `hc<x>mk_` pair
# an id and a secret with `:`; configuration keys (22 alphanumerics) and classic keys (32 hex)
# are known by Honeycomb names (`X-Honeycomb-Team`).

_HONEYCOMB_INGEST = "hcxik_" + fake(58, LOWER_ALNUM, seed="honeycomb-ingest")

HONEYCOMB_INGEST_KEY = prefixed(
    kind="honeycomb_ingest_key",
    body=r"hc[a-z]i[kc]_[a-z0-9]{58}",
    sample=_HONEYCOMB_INGEST,
    keywords=("ik_", "ic_"),
    env="HONEYCOMB_API_KEY",
    entropy=3.5,
    positives=(
        "OTEL_EXPORTER_OTLP_HEADERS=x-honeycomb-team="
        + _HONEYCOMB_INGEST.replace("hcxik", "hcaic"),
    ),
    negatives=(f"HONEYCOMB_API_KEY=hcxzz_{_HONEYCOMB_INGEST[6:]}",),  # not a key type
)

_HONEYCOMB_MGMT = (
    f"hcamk_{fake(26, LOWER_ALNUM, seed='hc-mk-id')}:{fake(32, LOWER_ALNUM, seed='hc-mk-s')}"
)

HONEYCOMB_MANAGEMENT_KEY = SecretRule(
    id="honeycomb-management-key",
    kind="honeycomb_management_key",
    regex=token(r"hc[a-z]mk_[a-z0-9]{20,32}:[A-Za-z0-9]{24,48}"),
    keywords=("mk_",),
    entropy=3.5,
    filters=LITERAL,
    confidence=0.95,
    examples=Examples(
        positives=(
            f"HONEYCOMB_MANAGEMENT_KEY={_HONEYCOMB_MGMT}",
            "curl https://api.honeycomb.io/2/teams/acme/environments"
            f" -H 'Authorization: Bearer {_HONEYCOMB_MGMT}'",
        ),
        negatives=(
            f"HONEYCOMB_KEY_ID={_HONEYCOMB_MGMT.split(':')[0]}",  # the key id alone
            f"HONEYCOMB_MANAGEMENT_KEY={_HONEYCOMB_MGMT[:-16]}",  # secret too short
        ),
    ),
)

_HONEYCOMB_CONFIG = fake(22, ALNUM, seed="honeycomb-config")

HONEYCOMB_API_KEY = service_named(
    kind="honeycomb_api_key",
    service="honeycomb|libhoney",
    key=r"(?:api_?|write_?|config(?:uration)?_?)?key|team",
    value=r"[A-Za-z0-9]{22}|[0-9a-f]{32}",
    sample=_HONEYCOMB_CONFIG,
    env="HONEYCOMB_API_KEY",
    validate=lambda v: looks_random(v) or len(v) == 32,
    confidence=0.85,  # above the generic API-key header rule
    positives=(
        f"curl https://api.honeycomb.io/1/auth -H 'X-Honeycomb-Team: {_HONEYCOMB_CONFIG}'",
        f"libhoney.init(writekey='{fake(32, HEX, seed='honeycomb-classic')}', dataset='app')",
    ),
    negatives=(f"HONEYCOMB_DATASET={_HONEYCOMB_CONFIG}",),  # a dataset name slot
)

# Lightstep / ServiceNow Cloud Observability: access tokens (the `lightstep-access-token` header).

_LIGHTSTEP = fake(84, B64, seed="lightstep")

LIGHTSTEP_ACCESS_TOKEN = SecretRule(
    id="lightstep-access-token",
    kind="lightstep_access_token",
    regex=assigned(
        named(r"lightstep|(?<![A-Za-z0-9])ls|cloud_?observability", r"access[_\-]?token"),
        r"[A-Za-z0-9+/]{32,200}={0,2}",
        r"[A-Za-z0-9_+/=\-]",
    ),
    keywords=("lightstep", "ls_access", "ls-access", "cloud_observability"),
    entropy=4.0,
    validate=looks_random,
    confidence=0.8,
    examples=Examples(
        positives=(
            f"LS_ACCESS_TOKEN={_LIGHTSTEP}",
            f"OTEL_EXPORTER_OTLP_HEADERS=lightstep-access-token={_LIGHTSTEP}",
            f"LIGHTSTEP_ACCESS_TOKEN={_LIGHTSTEP[:32]}",
        ),
        negatives=(
            f"access_token = {_LIGHTSTEP}",  # no Lightstep context
            f"LS_ACCESS_TOKEN={_LIGHTSTEP[:24]}",  # too short
        ),
    ),
)

# Logz.io: log shipping tokens are 32 letters; API tokens are UUIDs.

_LOGZIO_SHIPPING = fake(32, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz", seed="logzio")
_LOGZIO = r"logz_?io|logz|logzio"

LOGZIO_SHIPPING_TOKEN = service_named(
    kind="logzio_shipping_token",
    service=_LOGZIO,
    key=r"(?:shipping_?|logs_?|metrics_?|traces_?|listener_?)?token",
    value=r"[A-Za-z]{32}",
    sample=_LOGZIO_SHIPPING,
    env="LOGZIO_SHIPPING_TOKEN",
    keywords=("logz",),
    validate=mixed_case,
    positives=(
        "curl -X POST 'https://listener.logz.io:8071/?token="
        f"{_LOGZIO_SHIPPING}&type=http' # logzio token",
        f"LOGZIO_LOGS_TOKEN: {_LOGZIO_SHIPPING}",
    ),
    negatives=(f"LOGZIO_TOKEN={_LOGZIO_SHIPPING.lower()}",),  # one case: a word, not a token
)

LOGZIO_API_TOKEN = service_named(
    kind="logzio_api_token",
    service=_LOGZIO,
    key=r"api[_\-]?token|api[_\-]?key",
    value=UUID,
    sample=fake_uuid("logzio-api"),
    env="LOGZIO_API_TOKEN",
    confidence=0.85,  # above the generic API-key header rule
    keywords=("logz",),
    positives=(
        f"curl https://api.logz.io/v1/account-management -H 'X-API-TOKEN: {fake_uuid('lz')}'"
        " # logzio api_token",
    ),
    negatives=(f"LOGZIO_ACCOUNT_ID={fake_uuid('logzio-acct')}",),
)

# Loggly: customer tokens (UUIDs) in the token names or the inputs URL.

_LOGGLY = fake_uuid("loggly")

LOGGLY_TOKEN = SecretRule(
    id="loggly-token",
    kind="loggly_token",
    regex=(
        rf"(?:{named('loggly', r'(?:customer_?|api_?|input_?)?token')}{ASSIGN}"
        r"|loggly\.com/(?:inputs|bulk)/)"
        rf"(?P<secret>{UUID})(?![A-Za-z0-9_\-])"
    ),
    keywords=("loggly",),
    confidence=0.85,
    examples=Examples(
        positives=(
            f"LOGGLY_TOKEN={_LOGGLY}",
            f"curl -d 'hello' http://logs-01.loggly.com/inputs/{_LOGGLY}/tag/http/",
        ),
        negatives=(
            f"token = {_LOGGLY}",  # no Loggly context
            "http://logs-01.loggly.com/inputs/TOKEN/tag/http/",  # placeholder
        ),
    ),
)

# Papertrail: API tokens (`X-Papertrail-Token`) are 20 alphanumerics.

_PAPERTRAIL = fake(20, ALNUM, seed="papertrail-token")

PAPERTRAIL_API_TOKEN = service_named(
    kind="papertrail_api_token",
    service="papertrail",
    key=r"(?:api_?)?token",
    value=r"[A-Za-z0-9]{20}",
    sample=_PAPERTRAIL,
    env="PAPERTRAIL_API_TOKEN",
    validate=looks_random,
    confidence=0.85,  # above the generic API-key header rule
    positives=(
        f"curl -H 'X-Papertrail-Token: {_PAPERTRAIL}' https://papertrailapp.com/api/v1/events/search.json",
    ),
    negatives=(f"PAPERTRAIL_SYSTEM_ID={_PAPERTRAIL}",),
)

# Coralogix: Send-Your-Data keys `cxtp_` (ingest) and personal API keys `cxup_` (query and
# management), each then 30 alphanumerics.


def _coralogix(kind: str, prefix: str, env: str, extra: str) -> Rule:
    sample = prefix + fake(30, ALNUM, seed=f"coralogix-{prefix}")
    return prefixed(
        kind=kind,
        body=prefix + r"[A-Za-z0-9]{30}",
        sample=sample,
        keywords=(prefix,),
        env=env,
        entropy=3.5,
        validate=lambda v: looks_random(v[5:]),
        positives=(extra.format(sample),),
        negatives=(f"{env}={prefix}faketestkey_0123456789",),  # a test value
    )


CORALOGIX_SEND_YOUR_DATA_KEY = _coralogix(
    "coralogix_send_your_data_key",
    "cxtp_",
    "CORALOGIX_PRIVATE_KEY",
    'exporters:\n  coralogix:\n    private_key: "{}"',
)
CORALOGIX_PERSONAL_API_KEY = _coralogix(
    "coralogix_personal_api_key",
    "cxup_",
    "CORALOGIX_API_KEY",
    "curl -H 'Authorization: Bearer {}' https://ng-api-http.eu2.coralogix.com/api/v1/dataprime/query",
)

# Better Stack (Logtail, Better Uptime): source tokens and API tokens, 24 alphanumerics.

_BETTER_STACK = r"better_?stack|betterstack|better_?uptime|betteruptime|logtail"
_BETTER_STACK_WORDS = ("betterstack", "better_stack", "betteruptime", "better_uptime", "logtail")
_BS_SOURCE = fake(24, ALNUM, seed="betterstack-source")
_BS_API = fake(24, ALNUM, seed="betterstack-api")

BETTER_STACK_SOURCE_TOKEN = service_named(
    kind="better_stack_source_token",
    service=_BETTER_STACK,
    key=r"(?:source_?|ingesting_?|logs_?)?token",
    value=r"[A-Za-z0-9]{24}",
    sample=_BS_SOURCE,
    env="LOGTAIL_SOURCE_TOKEN",
    keywords=_BETTER_STACK_WORDS,
    validate=looks_random,
    positives=(
        f"logtail:\n  source_token: {_BS_SOURCE}",
        f"BETTER_STACK_SOURCE_TOKEN={_BS_SOURCE}",
    ),
    negatives=(f"LOGTAIL_SOURCE_ID={_BS_SOURCE}",),
)

BETTER_STACK_API_TOKEN = service_named(
    kind="better_stack_api_token",
    service=_BETTER_STACK,
    key=r"api_?(?:token|key)",
    value=r"[A-Za-z0-9]{24}",
    sample=_BS_API,
    env="BETTERSTACK_API_TOKEN",
    keywords=_BETTER_STACK_WORDS,
    validate=looks_random,
    confidence=0.8,
    positives=(f'provider "betteruptime" {{\n  api_token = "{_BS_API}"\n}}',),
    negatives=(f"BETTERSTACK_TEAM_ID={_BS_API}",),
)

# Axiom: API tokens `xaat-` and personal access tokens `xapt-`, each then a UUID.


def _axiom(kind: str, prefix: str, env: str) -> Rule:
    sample = prefix + fake_uuid(f"axiom-{prefix}")
    return prefixed(
        kind=kind,
        body=prefix + UUID,
        sample=sample,
        keywords=(prefix,),
        env=env,
        positives=(
            f"OTEL_EXPORTER_OTLP_HEADERS=Authorization=Bearer {sample},X-Axiom-Dataset=traces",
        ),
        negatives=(f"{env}={prefix}your-token-here",),  # a placeholder
    )


AXIOM_API_TOKEN = _axiom("axiom_api_token", "xaat-", "AXIOM_TOKEN")
AXIOM_PERSONAL_ACCESS_TOKEN = _axiom("axiom_personal_access_token", "xapt-", "AXIOM_PAT")

# Splunk Observability Cloud (SignalFx): org access tokens (22 URL-safe characters), the
# `X-SF-Token` header.

_SIGNALFX = fake(22, B64URL, seed="signalfx")

SPLUNK_OBSERVABILITY_ACCESS_TOKEN = service_named(
    kind="splunk_observability_access_token",
    service=r"signalfx|sfx|splunk_?o11y|splunk_?observability|splunk_?access|x-sf",
    key=r"(?:access_?|auth_?|api_?|ingest_?)?token",
    value=r"[A-Za-z0-9_\-]{22}",
    sample=_SIGNALFX,
    env="SPLUNK_ACCESS_TOKEN",
    keywords=("signalfx", "sfx", "splunk_o11y", "splunk_observability", "splunk_access", "x-sf"),
    validate=looks_random,
    confidence=0.85,  # above the generic API-key header rule
    positives=(
        f"curl -X POST https://ingest.us1.signalfx.com/v2/datapoint -H 'X-SF-Token: {_SIGNALFX}'",
        f"SFX_TOKEN={_SIGNALFX}",
    ),
    negatives=(f"SPLUNK_REALM={_SIGNALFX}",),
)

# Mezmo (LogDNA): ingestion and service keys are 32 hex.

_MEZMO = fake(32, HEX, seed="mezmo")

MEZMO_INGESTION_KEY = service_named(
    kind="mezmo_ingestion_key",
    service="mezmo|logdna",
    key=r"(?:ingestion_?|service_?|api_?)?key",
    value=r"[0-9a-f]{32}",
    sample=_MEZMO,
    env="MEZMO_INGESTION_KEY",
    positives=(f"LOGDNA_INGESTION_KEY={_MEZMO}",),
    negatives=(f"MEZMO_ACCOUNT_ID={_MEZMO}",),
)

# Sematext: Logs, Monitoring and Infra App tokens are UUIDs.

SEMATEXT_APP_TOKEN = service_named(
    kind="sematext_app_token",
    service="sematext",
    key=r"(?:app_?|logs_?|monitoring_?|infra_?)?token",
    value=UUID,
    sample=fake_uuid("sematext"),
    env="SEMATEXT_LOGS_TOKEN",
    positives=(f"sematext:\n  logs_token: {fake_uuid('sematext-yaml')}",),
    negatives=(f"SEMATEXT_APP_ID={fake_uuid('sematext-id')}",),
)

# Instana: API tokens (`Authorization: apiToken ...`) and agent keys, 22 URL-safe characters.

_INSTANA_API = fake(22, B64URL, seed="instana-api")
_INSTANA_AGENT = fake(22, B64URL, seed="instana-agent")

INSTANA_API_TOKEN = service_named(
    kind="instana_api_token",
    service="instana",
    key=r"api_?token",
    value=r"[A-Za-z0-9_\-]{22}",
    sample=_INSTANA_API,
    env="INSTANA_API_TOKEN",
    validate=looks_random,
    positives=(f'provider "instana" {{\n  api_token = "{_INSTANA_API}"\n}}',),
    negatives=(f"INSTANA_TENANT={_INSTANA_API}",),
)

INSTANA_AGENT_KEY = service_named(
    kind="instana_agent_key",
    service="instana",
    key=r"agent[_.\-]?(?:download[_.\-]?)?key",
    value=r"[A-Za-z0-9_\-]{22}",
    sample=_INSTANA_AGENT,
    env="INSTANA_AGENT_KEY",
    validate=looks_random,
    positives=(f"helm install instana-agent --set agent.key={_INSTANA_AGENT} # instana",),
    negatives=(f"INSTANA_AGENT_ZONE={_INSTANA_AGENT}",),
)

# AppDynamics: an account's access key (12 lower-case alphanumerics on SaaS, or a UUID) and
# API client secrets (UUIDs).

_APPD_ACCESS = fake(12, LOWER_ALNUM, seed="appdynamics-access")
_APPD = r"appdynamics|appd"

APPDYNAMICS_ACCESS_KEY = service_named(
    kind="appdynamics_access_key",
    service=_APPD,
    key=r"(?:agent_?)?(?:account_?)?access_?key",
    value=rf"[a-z0-9]{{12}}|{UUID}",
    sample=_APPD_ACCESS,
    env="APPDYNAMICS_AGENT_ACCOUNT_ACCESS_KEY",
    keywords=("appdynamics", "appd"),
    entropy=2.8,
    positives=(f"appdynamics:\n  account_access_key: {fake_uuid('appd-onprem')}",),
    negatives=(f"APPDYNAMICS_AGENT_ACCOUNT_NAME={_APPD_ACCESS}",),
)

APPDYNAMICS_CLIENT_SECRET = service_named(
    kind="appdynamics_client_secret",
    service=_APPD,
    key=r"(?:api_?)?client_?secret",
    value=UUID,
    sample=fake_uuid("appdynamics-secret"),
    env="APPDYNAMICS_CLIENT_SECRET",
    keywords=("appdynamics", "appd"),
    positives=(f'appdynamics:\n  client_secret: "{fake_uuid("appd-yaml")}"',),
    negatives=(f"APPDYNAMICS_CLIENT_NAME={fake_uuid('appd-name')}",),
)

# Elastic APM: the APM Server's secret token (`ELASTIC_APM_SECRET_TOKEN`, `secret_token`).

_APM = fake(24, ALNUM, seed="elastic-apm")

ELASTIC_APM_SECRET_TOKEN = SecretRule(
    id="elastic-apm-secret-token",
    kind="elastic_apm_secret_token",
    regex=assigned(named(r"elastic_?apm|apm", r"secret_?token"), r"[A-Za-z0-9_\-]{16,64}"),
    keywords=("apm",),
    entropy=3.5,
    validate=looks_random,
    confidence=0.8,
    examples=Examples(
        positives=(
            f"ELASTIC_APM_SECRET_TOKEN={_APM}",
            f"apm-server:\n  secret_token: '{_APM}'",
            f"ELASTIC_APM = {{'SERVICE_NAME': 'shop', 'SECRET_TOKEN': '{_APM}'}}",
        ),
        negatives=(
            f"secret_token = {_APM}",  # no APM context
            f"ELASTIC_APM_SECRET_TOKEN={_APM[:12]}",  # too short
        ),
    ),
)

# Lumigo: tracer tokens are `t_` and a short random id.

_LUMIGO = "t_" + fake(20, HEX, seed="lumigo")

LUMIGO_TRACER_TOKEN = service_named(
    kind="lumigo_tracer_token",
    service="lumigo",
    key=r"(?:tracer_?)?token",
    value=r"t_[A-Za-z0-9]{16,24}",
    sample=_LUMIGO,
    env="LUMIGO_TRACER_TOKEN",
    positives=(f"const lumigo = require('@lumigo/tracer')({{ token: '{_LUMIGO}' }})",),
    negatives=(f"LUMIGO_TRACER_TOKEN=t_{fake(20, HEX, seed='lumigo')[:8]}",),  # too short
)

# SigNoz Cloud: ingestion keys (the `signoz-ingestion-key` header).

_SIGNOZ = fake(36, B64URL, seed="signoz")

SIGNOZ_INGESTION_KEY = service_named(
    kind="signoz_ingestion_key",
    service="signoz",
    key=r"(?:ingestion_?|access_?|api_?)?(?:key|token)",
    value=r"[A-Za-z0-9_\-]{25,40}",
    sample=_SIGNOZ,
    env="SIGNOZ_INGESTION_KEY",
    validate=looks_random,
    positives=(f"OTEL_EXPORTER_OTLP_HEADERS=signoz-ingestion-key={_SIGNOZ}",),
    negatives=(f"SIGNOZ_REGION={_SIGNOZ}",),
)

# Uptrace: a DSN carries the project token as its user: `https://<token>@api.uptrace.dev/<id>`.

_UPTRACE = fake(22, B64URL, seed="uptrace")

UPTRACE_DSN = SecretRule(
    id="uptrace-dsn",
    kind="uptrace_dsn",
    regex=(
        r"https?://(?P<secret>[A-Za-z0-9_\-]{16,64})"
        r"@[A-Za-z0-9.\-]*uptrace[A-Za-z0-9.\-]*(?::[0-9]{2,5})?/[0-9]+"
    ),
    keywords=("uptrace",),
    entropy=3.5,
    confidence=0.9,
    examples=Examples(
        positives=(
            f"UPTRACE_DSN=https://{_UPTRACE}@api.uptrace.dev/1234",
            f"uptrace.configure_opentelemetry(dsn='https://{_UPTRACE}@uptrace.acme.io:14318/2')",
        ),
        negatives=(
            "UPTRACE_DSN=https://<token>@api.uptrace.dev/<project_id>",  # placeholder
            f"UPTRACE_DSN=https://{_UPTRACE}@api.uptrace.dev/",  # no project
        ),
    ),
)

# HyperDX (ClickStack cloud): ingestion API keys are UUIDs.

HYPERDX_API_KEY = service_named(
    kind="hyperdx_api_key",
    service="hyperdx|hdx",
    key=r"(?:ingestion_?)?api_?key",
    value=UUID,
    sample=fake_uuid("hyperdx"),
    env="HYPERDX_API_KEY",
    keywords=("hyperdx", "hdx"),
    positives=(f"HYPERDX_INGESTION_API_KEY='{fake_uuid('hyperdx-2')}'",),
    negatives=(f"HYPERDX_TEAM_ID={fake_uuid('hyperdx-team')}",),
)


RULES = (
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
    GRAFANA_CLOUD_TOKEN,
    GRAFANA_SERVICE_ACCOUNT_TOKEN,
    GRAFANA_API_KEY,
    DYNATRACE_API_TOKEN,
    PULUMI_ACCESS_TOKEN,
    HONEYCOMB_INGEST_KEY,
    HONEYCOMB_MANAGEMENT_KEY,
    HONEYCOMB_API_KEY,
    LIGHTSTEP_ACCESS_TOKEN,
    LOGZIO_SHIPPING_TOKEN,
    LOGZIO_API_TOKEN,
    LOGGLY_TOKEN,
    PAPERTRAIL_API_TOKEN,
    CORALOGIX_SEND_YOUR_DATA_KEY,
    CORALOGIX_PERSONAL_API_KEY,
    BETTER_STACK_SOURCE_TOKEN,
    BETTER_STACK_API_TOKEN,
    AXIOM_API_TOKEN,
    AXIOM_PERSONAL_ACCESS_TOKEN,
    SPLUNK_OBSERVABILITY_ACCESS_TOKEN,
    MEZMO_INGESTION_KEY,
    SEMATEXT_APP_TOKEN,
    INSTANA_API_TOKEN,
    INSTANA_AGENT_KEY,
    APPDYNAMICS_ACCESS_KEY,
    APPDYNAMICS_CLIENT_SECRET,
    ELASTIC_APM_SECRET_TOKEN,
    LUMIGO_TRACER_TOKEN,
    SIGNOZ_INGESTION_KEY,
    UPTRACE_DSN,
    HYPERDX_API_KEY,
)
