"""The finance family against the full default engine: each example is found under its own kind,
and prefixes shared with other services are told apart."""

from __future__ import annotations

import pytest

from veil.detect import default_engine
from veil.detect.base import Rule
from veil.detect.samples import ALNUM, B64, UPPER_ALNUM, fake, fake_uuid
from veil.detect.secrets import FAMILIES, finance

_CASES = [
    pytest.param(rule, text, id=f"{rule.id}-{n}")
    for rule in finance.RULES
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
    mine = {r.kind for r in finance.RULES}
    others = {r.kind for family in FAMILIES if family is not finance for r in family.RULES}
    assert mine.isdisjoint(others), mine & others


def test_gemini_exchange_key_is_not_a_google_gemini_key() -> None:
    exchange = "account-" + fake(20, ALNUM, seed="t-gemini")
    assert _kinds(f"GEMINI_API_KEY={exchange}") == ["gemini_api_key"]
    google = "AIza" + fake(35, ALNUM, seed="t-google")
    assert "gemini_api_key" not in _kinds(f"GEMINI_API_KEY={google}")


def test_binance_key_and_secret_are_told_apart() -> None:
    value = fake(64, ALNUM, seed="t-binance")
    assert _kinds(f"BINANCE_API_KEY={value}") == ["binance_api_key"]
    assert _kinds(f"BINANCE_API_SECRET={value}") == ["binance_api_secret"]
    assert _kinds(f"BINANCE_SECRET_KEY={value}") == ["binance_api_secret"]


def test_alpaca_key_id_needs_alpaca_near() -> None:
    key_id = "PK" + fake(18, UPPER_ALNUM, seed="t-alpaca")
    assert _kinds(f"APCA_API_KEY_ID={key_id}") == ["alpaca_api_key_id"]
    assert "alpaca_api_key_id" not in _kinds(f"SERIAL={key_id}")


def test_wise_is_a_name_of_its_own() -> None:
    value = fake_uuid("t-wise")
    assert _kinds(f"WISE_API_TOKEN={value}") == ["wise_api_token"]
    assert "wise_api_token" not in _kinds(f"LIKEWISE_TOKEN={value}")


def test_mercury_token_with_its_prefix() -> None:
    token = f"secret-token:mercury_sandbox_{fake(50, ALNUM, seed='t-mercury')}"
    assert _found(f"Authorization: Bearer {token}") == [("mercury_api_token", token)]


def test_kraken_private_key_is_64_bytes_of_base64() -> None:
    private = fake(86, B64, seed="t-kraken") + "=="
    assert _kinds(f"KRAKEN_PRIVATE_KEY={private}") == ["kraken_private_key"]
    assert "kraken_private_key" not in _kinds(f"KRAKEN_PRIVATE_KEY={private[:60]}")
