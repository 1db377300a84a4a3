"""The payments family against the full default engine: each example is found under its own kind,
and the `sk_live_` keys of other issuers are not Stripe's."""

from __future__ import annotations

import pytest

from veil.detect import default_engine
from veil.detect.base import Rule
from veil.detect.samples import ALNUM, B64URL, HEX, fake
from veil.detect.secrets import FAMILIES, payments

_CASES = [
    pytest.param(rule, text, id=f"{rule.id}-{n}")
    for rule in payments.RULES
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
    mine = {r.kind for r in payments.RULES}
    others = {r.kind for family in FAMILIES if family is not payments for r in family.RULES}
    assert mine.isdisjoint(others), mine & others


def test_stripe_does_not_claim_hex_sk_live_keys() -> None:
    engine = default_engine()
    stripe = next(r for r in engine.rules if r.id == "stripe-secret-key")
    paystack = "sk_live_" + fake(40, HEX, seed="t-paystack")
    assert not stripe.validate or not stripe.validate(paystack)
    assert _kinds(f"KEY={paystack}") == ["paystack_secret_key"]
    key = "sk_live_" + fake(40, ALNUM, seed="t-stripe-40")
    assert _kinds(f"KEY={key}") == ["stripe_secret_key"]


def test_mollie_and_gocardless_share_live_but_not_length() -> None:
    mollie = "live_" + fake(30, ALNUM, seed="t-mollie")
    assert _kinds(f"MOLLIE_API_KEY={mollie}") == ["mollie_api_key"]
    gocardless = "live_" + fake(40, B64URL, seed="t-gc")
    assert _kinds(f"GOCARDLESS_ACCESS_TOKEN={gocardless}") == ["gocardless_access_token"]
    assert "mollie_api_key" not in _kinds(f"MOLLIE_API_KEY={gocardless}")


def test_paypal_access_token_is_not_upper_hex() -> None:
    token = "A21AA" + fake(92, B64URL, seed="t-paypal")
    assert _found(f"Authorization: Bearer {token}") == [("paypal_access_token", token)]
    hex_run = "A21AA" + fake(80, HEX, seed="t-paypal-hex").upper()
    assert "paypal_access_token" not in _kinds(f"digest = {hex_run}")


def test_checkout_secret_key_prefixes() -> None:
    body = fake(27, "abcdefghijklmnopqrstuvwxyz234567", seed="t-cko")
    assert _kinds(f"SECRET=sk_sbox_{body}") == ["checkout_com_secret_key"]
    assert _kinds(f"CHECKOUT_SECRET_KEY=sk_{body}") == ["checkout_com_secret_key"]
    assert "checkout_com_secret_key" not in _kinds(f"CKO_PUBLIC_KEY=pk_sbox_{body}")
