"""Search, content, feature-flag and support-desk services, and Kafka platforms."""

import base64

from veil.detect.base import UUID, Examples, SecretRule, assigned, named, token
from veil.detect.samples import (
    ALNUM,
    B64,
    HEX,
    fake,
    fake_uuid,
)
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


RULES = (
    ALGOLIA_ADMIN_KEY,
    LAUNCHDARKLY_SDK_KEY,
    LAUNCHDARKLY_API_KEY,
    SEGMENT_PUBLIC_API_TOKEN,
    INTERCOM_ACCESS_TOKEN,
    ZENDESK_API_TOKEN,
    FRESHDESK_API_KEY,
    CONFLUENT_API_SECRET,
)
