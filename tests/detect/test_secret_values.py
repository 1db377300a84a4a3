"""The value predicates behind the catch-all rules, and the shapes they exist for."""

from __future__ import annotations

import base64

import pytest

from veil.detect import default_engine
from veil.detect.samples import ALNUM, B64URL, HEX, fake
from veil.detect.secrets.encoded import holds_password, holds_secret
from veil.detect.secrets.generic import has_entropy, is_filler, is_name_like, is_path
from veil.detect.secrets.passwords import is_passphrase


def _b64(text: str) -> str:
    return base64.b64encode(text.encode()).decode()


def test_random_tokens_are_not_names() -> None:
    tokens = [fake(16 + i % 33, ALNUM if i % 2 else B64URL, seed=f"nl-{i}") for i in range(2000)]
    named = [t for t in tokens if is_name_like(t)]
    assert len(named) <= len(tokens) // 100, named[:5]


@pytest.mark.parametrize(
    "name",
    [
        "V1ServiceAccountToken",
        "gs_oauth2_refresh_token",
        "StreamDescription.Shards[-1].ShardId",
        "isAutoConfigurationOrEnclosedInAutoConfiguration",
        "thisIsNotARealApiKeyValue",
        "getHTTPSConnectionToURL",
        "projects/my-project/secrets/db/versions/2",
    ],
)
def test_identifiers_are_names(name: str) -> None:
    assert is_name_like(name)


def test_hex_keys_have_entropy_enough_for_their_alphabet() -> None:
    assert has_entropy(fake(32, HEX, seed="hex-entropy"))
    assert not has_entropy("0a1b" * 8)
    assert not has_entropy(fake(32, "abcd", seed="low-entropy"))


@pytest.mark.parametrize("value", ["XYZ12345", "aabbccddeeff00112233", "abcdef123456"])
def test_filler_is_typed_runs(value: str) -> None:
    assert is_filler(value)


def test_base64_with_a_slash_is_not_a_path() -> None:
    assert is_path("/home/deploy/.ssh/id_ed25519")
    assert not is_path("/" + fake(20, ALNUM, seed="slash-1") + "/" + fake(19, ALNUM, seed="s-2"))


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("Zebra1998!", True),
        ("lunar_gateway_2026", True),
        ("ruby-castle-salmon75", True),
        ("tiger-castle-panda", False),  # words only
        ("release-name-postgresql-2", False),  # a resource numbered once
        ("db-secret-v2", False),  # names a secret
        ("monkey-castle-river39", True),  # `key` inside a word names nothing
    ],
)
def test_passphrase(value: str, expected: bool) -> None:
    assert is_passphrase(value) is expected


def test_base64_is_decoded_once() -> None:
    url = "postgres://app:" + fake(18, ALNUM, seed="b64-once") + "@db.internal:5432/app"
    assert holds_secret(_b64(url))
    assert not holds_secret(_b64("log_level: debug\n"))
    # Twice encoded, the inner layer is not decoded again: no recursion, no finding.
    assert not holds_secret(_b64(f"url: {_b64(url)}"))


def test_base64_password_needs_a_password_inside() -> None:
    assert holds_password(_b64("Pepper" + fake(3, "0123456789", seed="b64-pw") + "#"))
    assert not holds_password(_b64("changeme"))
    assert not holds_password(_b64("two words"))


_VALUE = fake(40, ALNUM, seed="shapes")


@pytest.mark.parametrize(
    "text",
    [
        f'1.2.3.4 - - [01/Jan/2024:00:00:00 +0000] "GET /v1/x?token={_VALUE} HTTP/1.1" 200 1',
        f"        - name: STRIPE_WEBHOOK_SECRET\n          value: {_VALUE}\n",
        f'process.env.SESSION_SECRET = process.env.SESSION_SECRET || "{_VALUE}";',
        f'<add key="ApiSecret" value="{_VALUE}" />',
        f'String json = "{{\\"auth\\":\\"Bearer {_VALUE}\\"}}";',
        "  token: " + _b64("Bearer " + _VALUE),
    ],
)
def test_the_default_engine_finds_secrets_in_config_shapes(text: str) -> None:
    found = [f for f in default_engine().scan(text) if f.category.value == "secret"]
    assert found, text
