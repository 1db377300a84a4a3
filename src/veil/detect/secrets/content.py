"""Search, content, feature-flag and support-desk services, headless CMSs, vector databases, and
Kafka platforms."""

import base64
import re

from veil.detect.base import UUID, Examples, SecretRule, assigned, named, token
from veil.detect.filters import LITERAL
from veil.detect.samples import (
    ALNUM,
    B64,
    B64URL,
    HEX,
    LOWER_ALNUM,
    b64json,
    fake,
    fake_uuid,
)
from veil.detect.shapes import prefixed, service_named
from veil.detect.validators import looks_random, mixed_case

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
    validate=looks_random,
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


# --- Headless CMSs.

# Ghost: an Admin API key is `<24-hex id>:<64-hex secret>` (the Content API key, 26 hex, is
# meant for the site's front end).
_GHOST = f"{fake(24, HEX, seed='ghost-id')}:{fake(64, HEX, seed='ghost-secret')}"

GHOST_ADMIN_API_KEY = SecretRule(
    id="ghost-admin-api-key",
    kind="ghost_admin_api_key",
    regex=token(r"[0-9a-f]{24}:[0-9a-f]{64}"),
    keywords=("ghost", "admin_api_key", "adminapikey", "admin-api-key"),
    entropy=3.0,
    confidence=0.9,
    examples=Examples(
        positives=(
            f"GHOST_ADMIN_API_KEY={_GHOST}",
            "const api = new GhostAdminAPI({ url: 'https://blog.acme.io', "
            f"key: '{_GHOST}', version: 'v5.0' }});",
        ),
        negatives=(
            f"pair = {_GHOST}",  # no Ghost context
            f"GHOST_ADMIN_API_KEY={_GHOST[:-8]}",  # too short
        ),
    ),
)

# WordPress application passwords: 24 alphanumerics shown in six groups of four.
_WP = " ".join(fake(4, ALNUM, seed=f"wp-{i}") for i in range(6))

WORDPRESS_APPLICATION_PASSWORD = SecretRule(
    id="wordpress-application-password",
    kind="wordpress_application_password",
    regex=assigned(
        r"(?i:(?:wordpress|wp)[\w.\-]*?(?:app(?:lication)?_?)?pass(?:word)?"
        r"|app(?:lication)?_?password)",
        r"[A-Za-z0-9]{4}(?: [A-Za-z0-9]{4}){5}",
    ),
    keywords=("wordpress", "wp_", "wp-", "application_password", "app_password", "apppassword"),
    entropy=3.5,
    validate=looks_random,
    confidence=0.85,
    examples=Examples(
        positives=(
            f'WP_APP_PASSWORD="{_WP}"',
            f"wordpress:\n  url: https://acme.io\n  application_password: '{_WP}'",
        ),
        negatives=(
            f'PASSWORD="{_WP}"',  # no WordPress or application password named
            f'WP_APP_PASSWORD="{_WP[:19]}"',  # too short
        ),
    ),
)

# Strapi: API tokens are 256 hex (128 random bytes).
STRAPI_API_TOKEN = service_named(
    kind="strapi_api_token",
    service="strapi",
    value=r"[0-9a-f]{256}",
    sample=fake(256, HEX, seed="strapi"),
    env="STRAPI_API_TOKEN",
    confidence=0.85,
    max_len=400,
)

# Sanity: API tokens are `sk` and about 180 alphanumerics.
_SANITY = "sk" + fake(180, ALNUM, seed="sanity")

SANITY_API_TOKEN = SecretRule(
    id="sanity-api-token",
    kind="sanity_api_token",
    regex=assigned(
        named("sanity", r"(?:(?:api_?|auth_?|write_?|read_?|access_?)?token|api_?key)"),
        r"sk[A-Za-z0-9]{150,200}",
    ),
    keywords=("sanity",),
    entropy=4.0,
    confidence=0.9,
    max_len=400,
    examples=Examples(
        positives=(
            f"SANITY_API_TOKEN={_SANITY}",
            f"const sanity = createClient({{ projectId: 'abc123', token: '{_SANITY}' }});",
        ),
        negatives=(
            f"API_TOKEN={_SANITY}",  # no Sanity context
            f"SANITY_API_TOKEN={_SANITY[:100]}",  # too short
            f"SANITY_API_TOKEN=pk{_SANITY[2:]}",  # not a token's prefix
        ),
    ),
)

# Hygraph (formerly GraphCMS): permanent auth tokens are JWTs.
_HYGRAPH = (
    b64json({"alg": "RS256", "typ": "JWT", "kid": "gcms-main-production"}, url=True).rstrip("=")
    + "."
    + b64json(
        {"version": 3, "iss": "https://management.hygraph.com/", "aud": ["x"]}, url=True
    ).rstrip("=")
    + "."
    + fake(342, B64URL, seed="hygraph")
)

HYGRAPH_AUTH_TOKEN = service_named(
    kind="hygraph_auth_token",
    service=r"hygraph|graph_?cms",
    keywords=("hygraph", "graphcms", "graph_cms"),
    value=r"eyJ[A-Za-z0-9_\-]{10,200}\.eyJ[A-Za-z0-9_\-]{10,2000}\.[A-Za-z0-9_\-]{342}",
    sample=_HYGRAPH,
    env="HYGRAPH_TOKEN",
    entropy=4.0,
    confidence=0.92,
    max_len=2800,
)

# DatoCMS: API tokens are 30 hex.
DATOCMS_API_TOKEN = service_named(
    kind="datocms_api_token",
    service=r"dato_?cms",
    keywords=("datocms", "dato_cms"),
    value=r"[0-9a-f]{30}",
    sample=fake(30, HEX, seed="datocms"),
    env="DATOCMS_API_TOKEN",
    confidence=0.8,
)

# Builder.io: private keys are `bpk-` and 32 hex (the public API key ships in pages).
BUILDER_PRIVATE_KEY = prefixed(
    kind="builder_private_key",
    body=r"bpk-[0-9a-f]{32}",
    sample="bpk-" + fake(32, HEX, seed="builder"),
    keywords=("bpk-",),
    env="BUILDER_PRIVATE_KEY",
    confidence=0.97,
    positives=(
        "curl https://builder.io/api/v1/write/page -H 'Authorization: Bearer bpk-"
        + fake(32, HEX, seed="builder-2")
        + "'",
    ),
)

# Contentful: the Content Preview API token (43 base64url characters) reads unpublished entries.
CONTENTFUL_PREVIEW_TOKEN = service_named(
    kind="contentful_preview_token",
    service="contentful",
    key=r"preview_?(?:access_?)?token",
    value=r"[A-Za-z0-9_\-]{43}",
    sample=fake(43, B64URL, seed="contentful-preview"),
    env="CONTENTFUL_PREVIEW_ACCESS_TOKEN",
    entropy=4.0,
    validate=looks_random,
    positives=(f"contentful:\n  preview_token: {fake(43, B64URL, seed='cp-2')}",),
    negatives=(
        f"CONTENTFUL_SPACE_ID={fake(12, 'abcdefghijklmnopqrstuvwxyz0123456789', seed='cs')}",
    ),
)

# --- Search engines and vector databases.

# Meilisearch: the master key (`MEILI_MASTER_KEY`, 16 bytes or more) and the API keys derived
# from it (64 hex).
_MEILI = fake(43, B64URL, seed="meili")

MEILISEARCH_KEY = SecretRule(
    id="meilisearch-key",
    kind="meilisearch_key",
    regex=assigned(
        r"(?i:meili(?:search)?[\w.\-]*?(?:master_?|admin_?|api_?)?key"
        r"|meili(?:search)?\b[^\n]{0,40}?(?:\n[ \t]+[^\n]{0,40}?)?\b(?:master_?|admin_?|api_?)key)",
        r"[A-Za-z0-9_\-]{16,128}",
    ),
    keywords=("meili",),
    entropy=3.8,
    validate=lambda v: looks_random(v) or bool(re.fullmatch(r"[0-9a-f]{64}", v)),
    confidence=0.8,
    examples=Examples(
        positives=(
            f"MEILI_MASTER_KEY={_MEILI}",
            f"client = meilisearch.Client(MEILI_URL, api_key='{fake(64, HEX, seed='m2')}')",
            f"meilisearch:\n  api_key: {fake(64, HEX, seed='meili-3')}",
        ),
        negatives=(
            f"MASTER_KEY={_MEILI}",  # no Meilisearch context
            "MEILI_MASTER_KEY=aSampleMasterKey",  # words
            f"MEILI_MASTER_KEY={_MEILI[:12]}",  # shorter than Meilisearch accepts
        ),
    ),
)

# Typesense: API keys (the bootstrap admin key and generated ones) under a Typesense name.
_TYPESENSE = fake(32, ALNUM, seed="typesense")

TYPESENSE_API_KEY = SecretRule(
    id="typesense-api-key",
    kind="typesense_api_key",
    regex=assigned(named("typesense", r"(?:admin_?|api_?|bootstrap_?)?key"), r"[A-Za-z0-9]{20,64}"),
    keywords=("typesense",),
    entropy=3.8,
    validate=looks_random,
    confidence=0.8,
    examples=Examples(
        positives=(
            f"TYPESENSE_API_KEY={_TYPESENSE}",
            f"typesense-server --data-dir /data --api-key={_TYPESENSE}",
        ),
        negatives=(
            f"API_KEY={_TYPESENSE}",  # no Typesense context
            "TYPESENSE_API_KEY=TypesenseSearchOnlyKey",  # words
            f"TYPESENSE_API_KEY={_TYPESENSE[:12]}",  # too short
        ),
    ),
)

# Weaviate Cloud: API keys under a Weaviate name.
_WEAVIATE = fake(40, ALNUM, seed="weaviate")

WEAVIATE_API_KEY = SecretRule(
    id="weaviate-api-key",
    kind="weaviate_api_key",
    regex=assigned(named("weaviate"), r"[A-Za-z0-9_\-]{32,64}"),
    keywords=("weaviate",),
    entropy=4.0,
    validate=looks_random,
    confidence=0.8,
    examples=Examples(
        positives=(
            f"WEAVIATE_API_KEY={_WEAVIATE}",
            f'auth_config = weaviate.AuthApiKey(api_key="{_WEAVIATE}")',
        ),
        negatives=(
            f"API_KEY={_WEAVIATE}",  # no Weaviate context
            f"WEAVIATE_API_KEY={_WEAVIATE[:20]}",  # too short
        ),
    ),
)

# Zilliz Cloud: API keys are 104 hex (`ZILLIZ_API_KEY`, `MilvusClient(token=...)`).
ZILLIZ_API_KEY = service_named(
    kind="zilliz_api_key",
    service="zilliz",
    value=r"[0-9a-f]{104}",
    sample=fake(104, HEX, seed="zilliz"),
    env="ZILLIZ_API_KEY",
    confidence=0.85,
)

# Chroma Cloud: API keys `ck-` and base64url characters, under a Chroma name.
_CHROMA = "ck-" + fake(44, B64URL, seed="chroma")

CHROMA_API_KEY = SecretRule(
    id="chroma-api-key",
    kind="chroma_api_key",
    regex=token(r"ck-[A-Za-z0-9_\-]{40,64}"),
    keywords=("chroma",),
    entropy=4.0,
    filters=LITERAL,
    confidence=0.9,
    examples=Examples(
        positives=(
            f"CHROMA_API_KEY={_CHROMA}",
            f"client = chromadb.CloudClient(tenant=TENANT, database='docs', api_key='{_CHROMA}')",
        ),
        negatives=(
            f"key = {_CHROMA}",  # no Chroma context
            f"CHROMA_API_KEY={_CHROMA[:30]}",  # too short
        ),
    ),
)

# Swiftype and Elastic App Search: private API keys are `private-` and 24 lower-case
# alphanumerics (`search-` keys are public).
SWIFTYPE_PRIVATE_KEY = prefixed(
    kind="swiftype_private_key",
    body=r"private-[a-z0-9]{24}",
    sample="private-" + fake(24, LOWER_ALNUM, seed="swiftype"),
    keywords=("private-",),
    env="SWIFTYPE_API_KEY",
    confidence=0.9,
    validate=lambda v: any(c.isdigit() for c in v) and sum(c.isalpha() for c in v) > 12,
    negatives=(
        "APP_SEARCH_KEY=search-" + fake(24, LOWER_ALNUM, seed="swiftype"),  # public search key
        "--private-keyfilepath-for-deploys",  # a flag, not a key
    ),
)

# Coveo: API keys are `xx` and a UUID.
COVEO_API_KEY = prefixed(
    kind="coveo_api_key",
    body=r"xx" + UUID,
    sample="xx" + fake_uuid("coveo"),
    keywords=("xx",),
    env="COVEO_API_KEY",
    confidence=0.93,
    positives=(
        "curl https://platform.cloud.coveo.com/rest/search/v2 -H 'Authorization: Bearer xx"
        + fake_uuid("coveo-2")
        + "'",
    ),
    negatives=(f"COVEO_API_KEY=x{fake_uuid('coveo')}",),  # one x
)


RULES = (
    ALGOLIA_ADMIN_KEY,
    LAUNCHDARKLY_SDK_KEY,
    LAUNCHDARKLY_API_KEY,
    SEGMENT_PUBLIC_API_TOKEN,
    INTERCOM_ACCESS_TOKEN,
    ZENDESK_API_TOKEN,
    FRESHDESK_API_KEY,
    CONFLUENT_API_SECRET,
    GHOST_ADMIN_API_KEY,
    WORDPRESS_APPLICATION_PASSWORD,
    STRAPI_API_TOKEN,
    SANITY_API_TOKEN,
    HYGRAPH_AUTH_TOKEN,
    DATOCMS_API_TOKEN,
    BUILDER_PRIVATE_KEY,
    CONTENTFUL_PREVIEW_TOKEN,
    MEILISEARCH_KEY,
    TYPESENSE_API_KEY,
    WEAVIATE_API_KEY,
    ZILLIZ_API_KEY,
    CHROMA_API_KEY,
    SWIFTYPE_PRIVATE_KEY,
    COVEO_API_KEY,
)
