"""The identity family against the full default engine: each example is found under its own kind."""

from __future__ import annotations

import base64

import pytest

from veil.detect import default_engine
from veil.detect.base import Rule
from veil.detect.samples import ALNUM, UPPER_ALNUM, fake, fake_uuid
from veil.detect.secrets import FAMILIES, identity

_CASES = [
    pytest.param(rule, text, id=f"{rule.id}-{n}")
    for rule in identity.RULES
    for n, text in enumerate(rule.examples.positives)
]


def _kinds(text: str) -> list[str]:
    return [f.kind for f in default_engine().scan(text)]


@pytest.mark.parametrize(("rule", "text"), _CASES)
def test_every_positive_is_found_under_its_own_kind(rule: Rule, text: str) -> None:
    kinds = _kinds(text)
    assert rule.kind in kinds, f"{rule.id}: {kinds}"
    assert set(kinds) == {rule.kind}, f"{rule.id}: another rule won part of it: {kinds}"


def test_the_family_kinds_are_its_own() -> None:
    mine = {r.kind for r in identity.RULES}
    others = {r.kind for family in FAMILIES if family is not identity for r in family.RULES}
    assert mine.isdisjoint(others), mine & others


def _workos(raw: str, mode: str = "live") -> str:
    return f"sk_{mode}_" + base64.b64encode(raw.encode()).decode().rstrip("=")


def test_a_workos_key_is_not_stripe_wherever_it_stands() -> None:
    key = _workos(f"key_01{fake(24, UPPER_ALNUM, seed='t-wos')},{fake(31, ALNUM, seed='t-wos-s')}")
    assert _kinds(f"STRIPE_SECRET_KEY={key}") == ["workos_api_key"]
    assert _kinds(f"api_key: {key}") == ["workos_api_key"]


def test_a_workos_shaped_key_that_does_not_decode_to_a_key_id_is_not_workos() -> None:
    # `a2V5XzAx` then base64 of something not `key_01...,secret`: the Stripe shape stays Stripe.
    key = _workos(f"key_01{fake(24, UPPER_ALNUM, seed='t-wos2')}{fake(31, ALNUM, seed='t-wos2s')}")
    assert _kinds(f"STRIPE_SECRET_KEY={key}") == ["stripe_secret_key"]


def test_a_clerk_key_is_clerk_only_under_the_clerk_name() -> None:
    key = "sk_live_" + fake(42, ALNUM, seed="t-clerk")
    assert _kinds(f"CLERK_SECRET_KEY={key}") == ["clerk_secret_key"]
    assert _kinds(f"STRIPE_SECRET_KEY={key}") == ["stripe_secret_key"]


def test_a_magic_key_is_too_short_for_stripe() -> None:
    key = "sk_test_" + fake(16, "0123456789ABCDEF", seed="t-magic")
    assert _kinds(f"MAGIC_SECRET_KEY={key}") == ["magic_secret_key"]


def test_stytch_identifiers_are_not_secrets() -> None:
    found = _kinds(
        f"STYTCH_PROJECT_ID=project-live-{fake_uuid('t-st')}\n"
        f"STYTCH_PUBLIC_TOKEN=public-token-live-{fake_uuid('t-st2')}"
    )
    assert "stytch_project_secret" not in found


def test_an_auth0_management_token_outranks_a_plain_jwt() -> None:
    token = identity.AUTH0_MANAGEMENT_API_TOKEN.examples.positives[0].split("=", 1)[1]
    assert _kinds(f"AUTH0_API_TOKEN={token}") == ["auth0_management_api_token"]
    assert _kinds(f"ID_TOKEN={token}") == ["json_web_token"]
