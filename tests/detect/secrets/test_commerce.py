"""The commerce family against the full default engine: each example is found under its own kind,
and the formats that share a shape with a neighbour are told apart."""

from __future__ import annotations

import pytest

from veil.detect import default_engine
from veil.detect.base import Rule
from veil.detect.samples import ALNUM, B64URL, HEX, b64json, fake
from veil.detect.secrets import FAMILIES, commerce

_CASES = [
    pytest.param(rule, text, id=f"{rule.id}-{n}")
    for rule in commerce.RULES
    for n, text in enumerate(rule.examples.positives)
]


def _found(text: str) -> list[tuple[str, str]]:
    return [(f.kind, f.value) for f in default_engine().scan(text)]


def _kinds(text: str) -> list[str]:
    return [kind for kind, _ in _found(text)]


@pytest.mark.parametrize(("rule", "text"), _CASES)
def test_every_positive_is_found_under_its_own_kind(rule: Rule, text: str) -> None:
    kinds = _kinds(text)
    assert rule.kind in kinds, f"{rule.id}: {kinds}"
    assert set(kinds) == {rule.kind}, f"{rule.id}: another rule won part of it: {kinds}"


def test_the_family_kinds_are_its_own() -> None:
    mine = {r.kind for r in commerce.RULES}
    others = {r.kind for family in FAMILIES if family is not commerce for r in family.RULES}
    assert mine.isdisjoint(others), mine & others


def test_woocommerce_key_pair_in_one_basic_auth() -> None:
    ck, cs = "ck_" + fake(40, HEX, seed="t-woo-ck"), "cs_" + fake(40, HEX, seed="t-woo-cs")
    found = _found(f"curl https://shop.acme.io/wp-json/wc/v3/orders -u {ck}:{cs}")
    kinds = {kind for kind, _ in found}
    assert "woocommerce_consumer_secret" in kinds, found


def test_lemon_squeezy_key_is_a_jwt_under_its_name() -> None:
    jwt = ".".join(
        (
            b64json({"typ": "JWT", "alg": "RS256"}, url=True).rstrip("="),
            b64json({"aud": "1", "jti": fake(64, HEX, seed="t-ls")}, url=True).rstrip("="),
            fake(342, B64URL, seed="t-ls-sig"),
        )
    )
    assert _kinds(f"LEMONSQUEEZY_API_KEY={jwt}") == ["lemon_squeezy_api_key"]
    assert _kinds(f"SESSION_JWT={jwt}") == ["json_web_token"]


def test_medusa_secret_key_is_not_an_elevenlabs_key() -> None:
    assert _kinds(f"KEY=sk_{fake(64, HEX, seed='t-medusa')}") == ["medusa_secret_api_key"]
    assert "medusa_secret_api_key" not in _kinds(f"KEY=sk_{fake(48, HEX, seed='t-11labs')}")


def test_amazon_lwa_refresh_and_access_tokens() -> None:
    body = fake(400, B64URL, seed="t-lwa")
    assert _kinds(f'"refresh_token": "Atzr|{body}"') == ["amazon_lwa_refresh_token"]
    assert _kinds(f"Authorization: Bearer Atza|{body}") == ["amazon_lwa_access_token"]


def test_paddle_key_and_client_token() -> None:
    ulid, mid, tail = fake(26, "0123456789abcdefghjkmnpqrstvwxyz", seed="t-pdl"), fake(22), "AQO"
    key = f"pdl_sdbx_apikey_{ulid}_{mid}_{tail}"
    assert _found(f"PADDLE_API_KEY={key}") == [("paddle_api_key", key)]
    # client-side tokens are meant for Paddle.js in the browser
    assert "paddle_api_key" not in _kinds(f"PADDLE_CLIENT_TOKEN=test_{fake(27, ALNUM)}")
