"""The marketing family against the full default engine: each example is found under its own
kind."""

from __future__ import annotations

import pytest

from veil.detect import default_engine
from veil.detect.base import Rule
from veil.detect.samples import ALNUM, HEX, fake, fake_uuid
from veil.detect.secrets import FAMILIES, marketing

_CASES = [
    pytest.param(rule, text, id=f"{rule.id}-{n}")
    for rule in marketing.RULES
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
    mine = {r.kind for r in marketing.RULES}
    others = {r.kind for family in FAMILIES if family is not marketing for r in family.RULES}
    assert mine.isdisjoint(others), mine & others


def test_a_klaviyo_private_key_is_not_a_stripe_publishable_key() -> None:
    body = fake(34, ALNUM, seed="t-klaviyo")
    assert _kinds(f"key = pk_{body}") == ["klaviyo_private_api_key"]
    assert "klaviyo_private_api_key" not in _kinds(f"key = pk_live_{body}")
    assert "klaviyo_private_api_key" not in _kinds(f"key = pk_{body}x")  # 35: too long


def test_a_mailerlite_token_outranks_a_plain_jwt() -> None:
    token = marketing.MAILERLITE_API_TOKEN.examples.positives[0].split("=", 1)[1]
    assert _kinds(f"MAILERLITE_API_KEY={token}") == ["mailerlite_api_token"]
    assert _kinds(f"SESSION_JWT={token}") == ["json_web_token"]


def test_resend_needs_a_random_body() -> None:
    key = f"re_{fake(8, ALNUM, seed='t-re')}_{fake(24, ALNUM, seed='t-re2')}"
    assert _kinds(f"token: {key}") == ["resend_api_key"]
    assert _kinds("re_compile = re_substitutionPatternsForHtml_escapingCharacters") == []


def test_a_kit_secret_is_not_a_toolkit_secret() -> None:
    secret = fake(43, ALNUM, seed="t-kit")
    assert _kinds(f"KIT_API_SECRET={secret}") == ["convertkit_api_secret"]
    assert "convertkit_api_secret" not in _kinds(f"TOOLKIT_SECRET={secret}")
    assert _kinds(f"KIT_API_KEY=kit_{fake(32, HEX, seed='t-kit-key')}") == ["kit_api_key"]


def test_onesignal_app_id_is_public() -> None:
    assert "onesignal_api_key" not in _kinds(f"ONESIGNAL_APP_ID={fake_uuid('t-os')}")
