"""Data platforms: warehouses, lakehouses, search and log stores, pipelines, BI and orchestration.

Connection strings with passwords (`snowflake://`, `clickhouse://`, `rediss://`) are in
`databases`; Databricks (`dapi`) is in `hosting`; Confluent in `content`; Prefect in `devtools`.
"""

import base64
import binascii
import re

from veil.detect.base import UUID, Examples, Rule, SecretRule, assigned, named, padded, token
from veil.detect.filters import LITERAL
from veil.detect.samples import (
    ALNUM,
    B64,
    B64URL,
    DIGITS,
    HEX,
    LOWER_ALNUM,
    b64json,
    fake,
    fake_uuid,
)
from veil.detect.shapes import prefixed, service_named
from veil.detect.validators import looks_random, mixed_case_body

# Where a JWT stands as a value: header and payload are base64url JSON, then a signature.
_JWT_VALUE = r"eyJ[A-Za-z0-9_\-]{10,1000}\.eyJ[A-Za-z0-9_\-]{10,4000}\.[A-Za-z0-9_\-]{20,1000}"


def _jwt(seed: str, claims: dict[str, object]) -> str:
    header = b64json({"alg": "ES256", "kid": fake(8, HEX, seed=f"{seed}-kid")}, url=True)
    body = b64json(claims, url=True)
    return f"{header.rstrip('=')}.{body.rstrip('=')}.{fake(86, B64URL, seed=f'{seed}-sig')}"


def _named_jwt(
    kind: str,
    name: str,
    keywords: tuple[str, ...],
    sample: str,
    positives: tuple[str, ...],
    negatives: tuple[str, ...],
) -> Rule:
    """A JWT known as this service's by the name it is assigned to; above the generic JWT rule."""
    return SecretRule(
        id=kind.replace("_", "-"),
        kind=kind,
        regex=assigned(name, _JWT_VALUE, r"[A-Za-z0-9_\-.]"),
        keywords=keywords,
        entropy=4.0,
        filters=LITERAL,
        confidence=0.92,
        max_len=6200,
        examples=Examples(
            positives=positives,
            negatives=(
                f"JWT={sample}".replace("JWT=", "SESSION_TOKEN="),  # no service named
                *negatives,
            ),
        ),
    )


# --- Snowflake: programmatic access tokens (a JWT) stand in for a password (`password=`) or as
# a Bearer token in the SQL API; known by Snowflake names.

_SNOWFLAKE_PAT = _jwt(
    "snowflake-pat",
    {"p": f"{fake(9, DIGITS, seed='sf-p')}:{fake(9, DIGITS, seed='sf-u')}", "iss": "SF:1048"},
)

SNOWFLAKE_PROGRAMMATIC_ACCESS_TOKEN = _named_jwt(
    "snowflake_programmatic_access_token",
    named("snowflake|snowsql", r"(?:programmatic_?access_?)?token|pat|password|pwd"),
    ("snowflake", "snowsql"),
    _SNOWFLAKE_PAT,
    positives=(
        f"SNOWFLAKE_TOKEN={_SNOWFLAKE_PAT}",
        f'conn = snowflake.connector.connect(user="etl", password="{_SNOWFLAKE_PAT}")',
        f"snowflake:\n  pat: {_SNOWFLAKE_PAT}",
    ),
    negatives=(
        f"SNOWFLAKE_TOKEN={_SNOWFLAKE_PAT.rsplit('.', 1)[0]}",  # no signature
        f"SNOWFLAKE_ACCOUNT={_SNOWFLAKE_PAT[:20]}",  # not a token name, and not a JWT
    ),
)

# --- Splunk: HTTP Event Collector tokens are UUIDs, sent as `Authorization: Splunk <token>`.

_SPLUNK_HEC = fake_uuid("splunk-hec")
_SPLUNK_NAME = named("splunk", r"(?:hec_?)?token|hec_?key|hec")

SPLUNK_HEC_TOKEN = SecretRule(
    id="splunk-hec-token",
    kind="splunk_hec_token",
    regex=(
        rf"(?:{_SPLUNK_NAME}[\w.\-]*[\"'`]?\s*(?:=|:=|:|=>|\s)\s*[\"'`]?"
        rf"|(?i:authorization)[\"'`]?\s*[:=]\s*[\"'`]?Splunk\s+)"
        rf"(?P<secret>{UUID})(?![A-Za-z0-9_\-])"
    ),
    keywords=("splunk",),
    confidence=0.85,
    examples=Examples(
        positives=(
            f"SPLUNK_HEC_TOKEN={_SPLUNK_HEC}",
            "curl https://hec.acme.io:8088/services/collector/event "
            f"-H 'Authorization: Splunk {_SPLUNK_HEC}' -d '{{\"event\": \"hello\"}}'",
            f'splunk:\n  hec_token: "{_SPLUNK_HEC}"\n  hec_url: https://hec.acme.io:8088',
        ),
        negatives=(
            f"SPLUNK_INDEX_ID={_SPLUNK_HEC}",  # an identifier
            f"token = {_SPLUNK_HEC}",  # no Splunk context
            f"Authorization: Splunk {_SPLUNK_HEC[:-4]}",  # too short
        ),
    ),
)

# --- Sumo Logic: access keys are an access id (14 alphanumerics, `su...`) and an access key
# (64 alphanumerics), the user name and password of the API's basic auth.

_SUMO_ID = "su" + fake(12, ALNUM, seed="sumo-id")
_SUMO_KEY = fake(64, ALNUM, seed="sumo-key")
_SUMO = r"sumo_?logic|sumo"

SUMO_LOGIC_ACCESS_ID = service_named(
    kind="sumo_logic_access_id",
    service=_SUMO,
    key=r"access_?id",
    value=r"[A-Za-z0-9]{14}",
    sample=_SUMO_ID,
    env="SUMO_ACCESS_ID",
    keywords=("sumo",),
    validate=looks_random,
    confidence=0.8,
    positives=(
        f'export SUMOLOGIC_ACCESSID="{_SUMO_ID}"',
        f'provider "sumologic" {{\n  access_id = "{_SUMO_ID}"\n}}',
    ),
    negatives=(f"SUMO_COLLECTOR_ID={_SUMO_ID}",),  # a collector, not an access id
)

SUMO_LOGIC_ACCESS_KEY = service_named(
    kind="sumo_logic_access_key",
    service=_SUMO,
    key=r"access_?key",
    value=r"[A-Za-z0-9]{64}",
    sample=_SUMO_KEY,
    env="SUMO_ACCESS_KEY",
    keywords=("sumo",),
    validate=looks_random,
    positives=(
        f'export SUMOLOGIC_ACCESSKEY="{_SUMO_KEY}"',
        f"sumologic:\n  access_key: {_SUMO_KEY}",
    ),
    negatives=(f"SUMO_ACCESS_KEY={_SUMO_KEY.lower()}",),  # one case: not a generated key
)

# --- Elastic: Elastic Cloud (UIAM) API keys start `essu_`; Elasticsearch API keys are the
# base64 of `<id>:<key>` (20 and 22 URL-safe characters), sent as `Authorization: ApiKey ...`.

_ESSU = "essu_" + fake(92, B64, seed="elastic-cloud") + "="

ELASTIC_CLOUD_API_KEY = SecretRule(
    id="elastic-cloud-api-key",
    kind="elastic_cloud_api_key",
    regex=padded(r"essu_[A-Za-z0-9+/]{60,400}={0,2}"),
    keywords=("essu_",),
    entropy=4.0,
    filters=LITERAL,
    confidence=0.97,
    max_len=420,
    examples=Examples(
        positives=(
            f"EC_API_KEY={_ESSU}",
            f"curl -H 'Authorization: ApiKey {_ESSU}' https://api.elastic-cloud.com/api/v1/deployments",
        ),
        negatives=(
            "Authorization: ApiKey essu_internal_key",  # a test value
            f"EC_API_KEY={_ESSU[:50]}",  # too short
            f"EC_API_KEY=x{_ESSU}",  # inside a longer token
        ),
    ),
)

_ES_KEY = base64.b64encode(
    f"{fake(20, B64URL, seed='es-id')}:{fake(22, B64URL, seed='es-key')}".encode()
).decode()
_ES_ID_KEY = re.compile(r"[A-Za-z0-9_\-]{16,40}:[A-Za-z0-9_\-]{16,80}")


def _is_es_api_key(value: str) -> bool:
    try:
        decoded = base64.b64decode(value, validate=True).decode("ascii")
    except (binascii.Error, UnicodeDecodeError, ValueError):
        return False
    return bool(_ES_ID_KEY.fullmatch(decoded))


_ES_NO_COLON = base64.b64encode(fake(44, ALNUM, seed="es-nocolon").encode()).decode()

ELASTICSEARCH_API_KEY = SecretRule(
    id="elasticsearch-api-key",
    kind="elasticsearch_api_key",
    regex=(
        r"(?:(?i:(?:elastic(?:search)?|kibana|(?<![A-Za-z0-9])es)[\w.\-]*?api_?key"
        r"|elastic(?:search)?\b[^\n]{0,40}?(?:\n[ \t]+[^\n]{0,40}?)?\bapi_?key)"
        r"[\w.\-]*[\"'`]?\s*(?:=|:=|:|=>|\s)\s*[\"'`]?"
        r"|ApiKey\s+)"
        r"(?P<secret>[A-Za-z0-9+/]{40,120}={0,2})(?![A-Za-z0-9_+/=\-])"
    ),
    keywords=("elastic", "kibana", "es_", "es-", "apikey "),
    entropy=3.5,
    validate=_is_es_api_key,
    confidence=0.9,
    examples=Examples(
        positives=(
            f"ELASTIC_API_KEY={_ES_KEY}",
            f'es = Elasticsearch("https://localhost:9200", api_key="{_ES_KEY}")',
            f"curl -H 'Authorization: ApiKey {_ES_KEY}' https://es.acme.io:9200/_cat/indices",
            f"output.elasticsearch:\n  api_key: {_ES_KEY}",
        ),
        negatives=(
            f"ELASTIC_API_KEY={_ES_NO_COLON}",  # base64, but not of `id:key`
            f"api_key = {_ES_KEY}",  # no Elastic context
            f"ELASTIC_API_KEY={_ES_KEY[:36]}",  # too short
        ),
    ),
)

# --- Aiven: API tokens (long base64) for the console API, CLI (`avn`) and Terraform provider.

_AIVEN = fake(372, B64, seed="aiven")

AIVEN_API_TOKEN = SecretRule(
    id="aiven-api-token",
    kind="aiven_api_token",
    regex=assigned(
        named("aiven|avn", r"(?:api_?|auth_?)?token"),
        r"[A-Za-z0-9+/]{100,600}={0,2}",
        r"[A-Za-z0-9_+/=\-]",
    ),
    keywords=("aiven", "avn"),
    entropy=4.5,
    confidence=0.85,
    max_len=700,
    examples=Examples(
        positives=(
            f"AIVEN_TOKEN={_AIVEN}",
            f'provider "aiven" {{\n  api_token = "{_AIVEN}"\n}}',
            f"avn --auth-token {_AIVEN} project list",
        ),
        negatives=(
            f"AIVEN_TOKEN={_AIVEN[:80]}",  # too short
            f"token = {_AIVEN}",  # no Aiven context
        ),
    ),
)

# --- ClickHouse Cloud: API keys are a key id (20 alphanumerics) and a key secret that starts
# `4b1d` (42 characters), used as basic auth.

_CLICKHOUSE = "4b1d" + fake(38, ALNUM, seed="clickhouse-secret")

CLICKHOUSE_CLOUD_API_SECRET = prefixed(
    kind="clickhouse_cloud_api_secret",
    body=r"4b1d[A-Za-z0-9]{38}",
    sample=_CLICKHOUSE,
    keywords=("4b1d",),
    env="CLICKHOUSE_KEY_SECRET",
    entropy=4.0,
    validate=lambda v: looks_random(v[4:]),
    positives=(f"curl --user $KEY_ID:{_CLICKHOUSE} https://api.clickhouse.cloud/v1/organizations",),
    negatives=(
        f"sha = 4b1d{fake(38, HEX, seed='clickhouse-hex')}",  # a hex digest, not a key
    ),
)

# --- MotherDuck: access tokens are JWTs, in `motherduck_token` (the env var and the
# `md:?motherduck_token=` connection parameter).

_MOTHERDUCK = _jwt(
    "motherduck",
    {"session": "etl.acme.io", "email": "etl@acme.io", "iat": 1718000000, "readOnly": False},
)

MOTHERDUCK_TOKEN = _named_jwt(
    "motherduck_token",
    named("motherduck|md", r"token|service_?token"),
    ("motherduck", "md_"),
    _MOTHERDUCK,
    positives=(
        f"motherduck_token={_MOTHERDUCK}",
        f"con = duckdb.connect('md:analytics?motherduck_token={_MOTHERDUCK}')",
    ),
    negatives=(f"motherduck_token={_MOTHERDUCK.rsplit('.', 1)[0]}",),  # no signature
)

# --- Upstash: Redis REST tokens (base64, `UPSTASH_REDIS_REST_TOKEN`), QStash tokens (base64 of
# a `{"UserID": ...}` JSON, so they start `eyJVc2VySUQiOi`), QStash signing keys (`sig_`), and
# management API keys (UUIDs).

_UPSTASH_REST = "A" + fake(99, B64, seed="upstash-rest") + "="

UPSTASH_REDIS_REST_TOKEN = service_named(
    kind="upstash_redis_rest_token",
    service="upstash|kv_rest|kv_rest_api",
    key=r"(?:redis_?)?(?:rest_?)?(?:api_?)?token",
    value=r"A[A-Za-z0-9+/_\-]{70,104}={0,2}",
    sample=_UPSTASH_REST,
    env="UPSTASH_REDIS_REST_TOKEN",
    keywords=("upstash", "kv_rest"),
    entropy=4.0,
    positives=(
        "const redis = new Redis({ url: 'https://eu1-fancy-owl.upstash.io',"
        f" token: '{_UPSTASH_REST}' }})",
        f"KV_REST_API_TOKEN={_UPSTASH_REST}",
    ),
    negatives=(f"UPSTASH_REDIS_REST_URL={_UPSTASH_REST}",),  # not a token name
)

_QSTASH = b64json({"UserID": fake_uuid("qstash-user"), "Password": fake(32, HEX, seed="qstash")})

UPSTASH_QSTASH_TOKEN = SecretRule(
    id="upstash-qstash-token",
    kind="upstash_qstash_token",
    regex=padded(r"eyJVc2VySUQiOi[A-Za-z0-9+/]{40,300}={0,2}"),
    keywords=("eyjvc2vysuqioi",),
    entropy=4.0,
    filters=LITERAL,
    confidence=0.95,
    max_len=320,
    examples=Examples(
        positives=(
            f"QSTASH_TOKEN={_QSTASH}",
            "curl -XPOST https://qstash.upstash.io/v2/publish/https://acme.io"
            f" -H 'Authorization: Bearer {_QSTASH}'",
        ),
        negatives=(
            f"QSTASH_TOKEN={_QSTASH[:40]}",  # too short
            f"QSTASH_TOKEN=x{_QSTASH}",  # inside a longer token
        ),
    ),
)

_QSTASH_SIG = "sig_" + fake(28, ALNUM, seed="qstash-signing")

UPSTASH_QSTASH_SIGNING_KEY = service_named(
    kind="upstash_qstash_signing_key",
    service="qstash",
    key=r"(?:current_?|next_?)?signing_?key",
    value=r"sig_[A-Za-z0-9]{24,32}",
    sample=_QSTASH_SIG,
    env="QSTASH_CURRENT_SIGNING_KEY",
    validate=lambda v: looks_random(v[4:]),
    positives=(f"QSTASH_NEXT_SIGNING_KEY='{_QSTASH_SIG}'",),
    negatives=(f"SIGNING_KEY={_QSTASH_SIG}",),  # no QStash context
)

UPSTASH_MANAGEMENT_API_KEY = service_named(
    kind="upstash_management_api_key",
    service="upstash",
    key=r"(?:management_?)?api_?key",
    value=UUID,
    sample=fake_uuid("upstash-management"),
    env="UPSTASH_API_KEY",
    positives=(f'provider "upstash" {{\n  api_key = "{fake_uuid("upstash-tf")}"\n}}',),
    negatives=(f"UPSTASH_DATABASE_ID={fake_uuid('upstash-db')}",),  # an identifier
)

# --- Redis Cloud: the REST API takes an account key (`x-api-key`) and a user secret key
# (`x-api-secret-key`), each about 50 alphanumerics.

_REDIS_CLOUD = fake(50, LOWER_ALNUM, seed="redis-cloud")

REDIS_CLOUD_API_KEY = service_named(
    kind="redis_cloud_api_key",
    service=r"redis_?cloud|rediscloud|redis_?labs|rediscloud_?access|rediscloud_?secret",
    key=r"(?:api_?|access_?|secret_?|account_?|user_?)*key|secret",
    value=r"[A-Za-z0-9]{34,54}",
    sample=_REDIS_CLOUD,
    env="REDISCLOUD_SECRET_KEY",
    keywords=("rediscloud", "redis_cloud", "redislabs", "redis_labs"),
    positives=(f"export REDISCLOUD_ACCESS_KEY={_REDIS_CLOUD}",),
    negatives=(f"REDIS_CLOUD_SUBSCRIPTION_ID={_REDIS_CLOUD}",),
)

# --- Fivetran: REST API basic auth with an API key (16 alphanumerics) and secret (32).

_FIVETRAN_KEY = fake(16, ALNUM, seed="fivetran-key")
_FIVETRAN_SECRET = fake(32, ALNUM, seed="fivetran-api-secret")

FIVETRAN_API_KEY = service_named(
    kind="fivetran_api_key",
    service="fivetran",
    key=r"api_?key",
    value=r"[A-Za-z0-9]{16}",
    sample=_FIVETRAN_KEY,
    env="FIVETRAN_API_KEY",
    validate=looks_random,
    positives=(f'provider "fivetran" {{\n  api_key = "{_FIVETRAN_KEY}"\n}}',),
    negatives=(f"FIVETRAN_GROUP_ID={_FIVETRAN_KEY}",),  # an identifier
)

FIVETRAN_API_SECRET = service_named(
    kind="fivetran_api_secret",
    service="fivetran",
    key=r"(?:api_?)?secret",
    value=r"[A-Za-z0-9]{32}",
    sample=_FIVETRAN_SECRET,
    env="FIVETRAN_API_SECRET",
    validate=looks_random,
    positives=(f'provider "fivetran" {{\n  api_secret = "{_FIVETRAN_SECRET}"\n}}',),
    negatives=(f"FIVETRAN_CONNECTOR_ID={_FIVETRAN_SECRET}",),  # an identifier
)

# --- Airbyte: API applications have a client id (UUID) and a client secret.

_AIRBYTE = fake(36, ALNUM, seed="airbyte")

AIRBYTE_CLIENT_SECRET = service_named(
    kind="airbyte_client_secret",
    service="airbyte",
    key=r"client_?secret",
    value=r"[A-Za-z0-9_\-]{28,40}",
    sample=_AIRBYTE,
    env="AIRBYTE_CLIENT_SECRET",
    validate=looks_random,
    positives=(f"airbyte = AirbyteAPI(client_id=CLIENT_ID, client_secret='{_AIRBYTE}')",),
    negatives=(f"AIRBYTE_CLIENT_ID={_AIRBYTE}",),  # the id
)

# --- dbt Cloud: service tokens `dbtc_` and personal access tokens `dbtu_`, then 50 URL-safe
# base64 characters.


def _dbt(kind: str, prefix: str, env: str) -> Rule:
    sample = prefix + fake(50, B64URL, seed=f"dbt-{prefix}")
    return prefixed(
        kind=kind,
        body=prefix + r"[A-Za-z0-9_\-]{50}",
        sample=sample,
        keywords=(prefix,),
        env=env,
        entropy=4.0,
        validate=mixed_case_body,
        positives=(
            f"curl https://cloud.getdbt.com/api/v2/accounts/ -H 'Authorization: Token {sample}'",
        ),
        negatives=(f"{env}={prefix}test_token",),  # a test value
    )


DBT_CLOUD_SERVICE_TOKEN = _dbt("dbt_cloud_service_token", "dbtc_", "DBT_CLOUD_SERVICE_TOKEN")
DBT_CLOUD_PERSONAL_ACCESS_TOKEN = _dbt(
    "dbt_cloud_personal_access_token", "dbtu_", "DBT_CLOUD_API_TOKEN"
)

# --- Looker: API3 credentials are a client id (20) and a client secret (24 alphanumerics).

_LOOKER = fake(24, ALNUM, seed="looker")

LOOKER_CLIENT_SECRET = service_named(
    kind="looker_client_secret",
    service="looker",
    key=r"(?:api3?_?)?client_?secret|api3?_?secret",
    value=r"[A-Za-z0-9]{24}",
    sample=_LOOKER,
    env="LOOKERSDK_CLIENT_SECRET",
    validate=looks_random,
    positives=(f'provider "looker" {{\n  client_secret = "{_LOOKER}"\n}}',),
    negatives=(f"LOOKERSDK_CLIENT_ID={_LOOKER[:20]}",),  # the client id
)

# --- Metabase: API keys are `mb_` and the base64 of 32 random bytes.

_METABASE = "mb_" + fake(43, B64, seed="metabase") + "="

METABASE_API_KEY = SecretRule(
    id="metabase-api-key",
    kind="metabase_api_key",
    regex=padded(r"mb_[A-Za-z0-9+/]{43}="),
    keywords=("mb_",),
    entropy=4.0,
    validate=lambda v: looks_random(v[3:]),
    filters=LITERAL,
    confidence=0.95,
    examples=Examples(
        positives=(
            f"METABASE_API_KEY={_METABASE}",
            f"curl -H 'x-api-key: {_METABASE}' https://metabase.acme.io/api/card",
        ),
        negatives=(
            f"METABASE_API_KEY={_METABASE[:-8]}=",  # too short
            "MB_DB_PASS=hunter2",  # veil:allow test value: a Metabase setting, not a key
            f"METABASE_API_KEY=x{_METABASE}",  # inside a longer token
        ),
    ),
)

# --- Tableau: a personal access token's secret is 22 base64 characters, `==:`, 32 alphanumerics.

_TABLEAU = f"{fake(22, B64, seed='tableau-1')}==:{fake(32, ALNUM, seed='tableau-2')}"

TABLEAU_PERSONAL_ACCESS_TOKEN = service_named(
    kind="tableau_personal_access_token",
    service="tableau",
    key=r"(?:personal_?access_?)?token(?:_?(?:secret|value))?|pat(?:_?(?:secret|value))?|secret",
    value=r"[A-Za-z0-9+/]{22}==:[A-Za-z0-9]{32}",
    sample=_TABLEAU,
    env="TABLEAU_TOKEN_VALUE",
    entropy=4.0,
    positives=(
        f"tableau:\n  token_secret: '{_TABLEAU}'\n  token_name: ci",
        f"TABLEAU_PAT_SECRET='{_TABLEAU}'",
    ),
    negatives=(f"TABLEAU_TOKEN_NAME={_TABLEAU[:22]}",),  # a token's name
)

# --- Census (reverse ETL): workspace API keys start `secret-token:`.

_CENSUS = "secret-token:" + fake(32, ALNUM, seed="census")

CENSUS_API_KEY = service_named(
    kind="census_api_key",
    service="census|getcensus",
    key=r"(?:api_?|workspace_?)?(?:key|token|secret)",
    value=r"secret-token:[A-Za-z0-9]{28,36}",
    sample=_CENSUS,
    env="CENSUS_API_KEY",
    keywords=("census",),
    positives=(f"CENSUS_SECRET_TOKEN={_CENSUS}",),
    negatives=(f"CENSUS_API_KEY={fake(40, HEX, seed='census-gov')}",),  # api.census.gov key
)

# --- Hightouch: workspace API keys are UUIDs, sent as a Bearer token.

HIGHTOUCH_API_KEY = service_named(
    kind="hightouch_api_key",
    service="hightouch",
    key=r"(?:api_?)?(?:key|token)",
    value=UUID,
    sample=fake_uuid("hightouch"),
    env="HIGHTOUCH_API_KEY",
    positives=(f"hightouch:\n  api_token: {fake_uuid('ht-2')}",),
    negatives=(f"HIGHTOUCH_SYNC_ID={fake_uuid('hightouch-sync')}",),
)

# --- Stitch: Connect API and Import API tokens (64 alphanumerics), a Bearer token.

_STITCH = fake(64, HEX, seed="stitch")

STITCH_API_TOKEN = service_named(
    kind="stitch_api_token",
    service="stitch(?:data)?",
    key=r"(?:import_?|connect_?)?(?:api_?|access_?)?token",
    value=r"[A-Za-z0-9]{64}",
    sample=_STITCH,
    env="STITCH_API_TOKEN",
    keywords=("stitch",),
    positives=(f"STITCH_IMPORT_API_TOKEN={_STITCH}",),
    negatives=(f"STITCH_CLIENT_ID={_STITCH}",),
)

# --- Tinybird: tokens are `p.`, a base64url JSON payload (`{"u": ...}`), `.`, a signature.

_TINYBIRD = (
    "p."
    + b64json(
        {"u": fake_uuid("tb-u"), "id": fake_uuid("tb-id"), "host": "gcp-europe-west3"}, url=True
    ).rstrip("=")
    + "."
    + fake(43, B64URL, seed="tinybird-sig")
)

TINYBIRD_TOKEN = SecretRule(
    id="tinybird-token",
    kind="tinybird_token",
    regex=token(r"p\.eyJ[A-Za-z0-9_\-]{40,600}\.[A-Za-z0-9_\-]{30,86}", r"[A-Za-z0-9_\-.]"),
    keywords=("p.eyj",),
    entropy=4.0,
    filters=LITERAL,
    confidence=0.95,
    max_len=720,
    examples=Examples(
        positives=(
            f"TINYBIRD_TOKEN={_TINYBIRD}",
            f"curl -H 'Authorization: Bearer {_TINYBIRD}' https://api.tinybird.co/v0/pipes",
        ),
        negatives=(
            "TINYBIRD_TOKEN=p.eyJ1IjogIj...YOUR_TOKEN_HERE",  # placeholder
            f"TINYBIRD_TOKEN={_TINYBIRD.rsplit('.', 1)[0]}",  # no signature
            f"TINYBIRD_TOKEN=a{_TINYBIRD}",  # inside a longer token
        ),
    ),
)

# --- Astronomer (Astro): organization, workspace and deployment API tokens are JWTs.

_ASTRO = _jwt(
    "astronomer",
    {"https://astronomer.io/jwt/org_id": fake(25, LOWER_ALNUM, seed="astro-org"), "iat": 1},
)

ASTRONOMER_API_TOKEN = _named_jwt(
    "astronomer_api_token",
    named(r"astronomer|astro_api|astro_deployment_api|astro_workspace_api", "token"),
    ("astronomer", "astro_api", "astro_deployment_api", "astro_workspace_api"),
    _ASTRO,
    positives=(
        f"ASTRO_API_TOKEN={_ASTRO}",
        f"astronomer:\n  token: {_ASTRO}",
    ),
    negatives=(f"ASTRO_DB_APP_TOKEN={_ASTRO}",),  # Astro DB (the web framework's), another service
)

# --- Dagster+ (Dagster Cloud): user tokens `user:<32 hex>`, agent tokens `agent:<org>:<32 hex>`.

_DAGSTER = "user:" + fake(32, HEX, seed="dagster-user")

DAGSTER_CLOUD_API_TOKEN = service_named(
    kind="dagster_cloud_api_token",
    service="dagster",
    key=r"(?:cloud_?)?(?:api_?|agent_?|user_?)?token",
    value=r"(?:user|agent:[A-Za-z0-9_\-]{1,64}):[0-9a-f]{32}",
    sample=_DAGSTER,
    env="DAGSTER_CLOUD_API_TOKEN",
    positives=(f"DAGSTER_CLOUD_AGENT_TOKEN=agent:hooli:{fake(32, HEX, seed='dagster-agent')}",),
    negatives=(f"DAGSTER_CLOUD_API_TOKEN=user:{fake(32, HEX, seed='d2').upper()}",),  # not hex
)

# --- Apache Airflow: the Fernet key that encrypts connection passwords in the metadata
# database (32 bytes, URL-safe base64: 43 characters and `=`).

_FERNET = fake(43, B64URL, seed="airflow-fernet") + "="

AIRFLOW_FERNET_KEY = service_named(
    kind="airflow_fernet_key",
    service="airflow",
    key=r"fernet_?key",
    value=r"[A-Za-z0-9_\-]{43}=",
    sample=_FERNET,
    env="AIRFLOW__CORE__FERNET_KEY",
    entropy=4.0,
    positives=(f'environment:\n  AIRFLOW__CORE__FERNET_KEY: "{_FERNET}"',),
    negatives=("AIRFLOW__CORE__FERNET_KEY=",),  # empty
)

# --- Keboola: Storage API tokens are `<project>-<token id>-<40 alphanumerics>`.

_KEBOOLA = f"{fake(4, DIGITS, seed='kbc-p')}-{fake(6, DIGITS, seed='kbc-t')}-" + fake(
    40, ALNUM, seed="keboola"
)

KEBOOLA_STORAGE_API_TOKEN = service_named(
    kind="keboola_storage_api_token",
    service="keboola|kbc",
    key=r"(?:storage_?)?(?:api_?)?token",
    value=r"[0-9]{1,8}-[0-9]{1,10}-[A-Za-z0-9]{40}",
    sample=_KEBOOLA,
    env="KBC_STORAGE_API_TOKEN",
    keywords=("keboola", "kbc"),
    validate=lambda v: looks_random(v.rsplit("-", 1)[1]),
    positives=(f"keboola:\n  storage_api_token: {_KEBOOLA}",),
    negatives=(f"KBC_PROJECT_ID={_KEBOOLA}",),
)


RULES = (
    SNOWFLAKE_PROGRAMMATIC_ACCESS_TOKEN,
    SPLUNK_HEC_TOKEN,
    SUMO_LOGIC_ACCESS_ID,
    SUMO_LOGIC_ACCESS_KEY,
    ELASTIC_CLOUD_API_KEY,
    ELASTICSEARCH_API_KEY,
    AIVEN_API_TOKEN,
    CLICKHOUSE_CLOUD_API_SECRET,
    MOTHERDUCK_TOKEN,
    UPSTASH_REDIS_REST_TOKEN,
    UPSTASH_QSTASH_TOKEN,
    UPSTASH_QSTASH_SIGNING_KEY,
    UPSTASH_MANAGEMENT_API_KEY,
    REDIS_CLOUD_API_KEY,
    FIVETRAN_API_KEY,
    FIVETRAN_API_SECRET,
    AIRBYTE_CLIENT_SECRET,
    DBT_CLOUD_SERVICE_TOKEN,
    DBT_CLOUD_PERSONAL_ACCESS_TOKEN,
    LOOKER_CLIENT_SECRET,
    METABASE_API_KEY,
    TABLEAU_PERSONAL_ACCESS_TOKEN,
    CENSUS_API_KEY,
    HIGHTOUCH_API_KEY,
    STITCH_API_TOKEN,
    TINYBIRD_TOKEN,
    ASTRONOMER_API_TOKEN,
    DAGSTER_CLOUD_API_TOKEN,
    AIRFLOW_FERNET_KEY,
    KEBOOLA_STORAGE_API_TOKEN,
)
