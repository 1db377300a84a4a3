"""Observability: metrics, logs, traces, error tracking and incident tools."""

from veil.detect.base import Examples, Rule, SecretRule, assigned, padded, token
from veil.detect.filters import LITERAL
from veil.detect.samples import (
    ALNUM,
    B64,
    B64URL,
    DIGITS,
    HEX,
    LOWER,
    UPPER_ALNUM,
    b64json,
    fake,
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
)
