"""The comms family against the full default engine: each example is found under its own kind,
and the ids beside these services' secrets are not secrets."""

from __future__ import annotations

import pytest

from veil.detect import default_engine
from veil.detect.base import Rule
from veil.detect.engine import Engine
from veil.detect.samples import ALNUM, HEX, UPPER, fake, fake_uuid
from veil.detect.secrets import FAMILIES, comms
from veil.types import Category

_CASES = [
    pytest.param(rule, text, id=f"{rule.id}-{n}")
    for rule in comms.RULES
    for n, text in enumerate(rule.examples.positives)
]


def _kinds(text: str) -> list[str]:
    """Kinds of the secrets the full engine finds (personal data beside them is another matter)."""
    return [f.kind for f in default_engine().scan(text) if f.category is Category.SECRET]


@pytest.mark.parametrize(("rule", "text"), _CASES)
def test_every_positive_is_found_under_its_own_kind(rule: Rule, text: str) -> None:
    """What the rule finds alone, the full engine reports at the same span under the rule's kind:
    no other rule (generic, or another service's with a like shape) wins it."""
    own = [(f.start, f.end) for f in Engine([rule], use_hyperscan=False).scan(text)]
    full = {(f.start, f.end): f.kind for f in default_engine().scan(text)}
    assert own, f"{rule.id} missed its example"
    assert all(full.get(span) == rule.kind for span in own), f"{rule.id}: {full}"


def test_the_family_kinds_are_its_own() -> None:
    mine = {r.kind for r in comms.RULES}
    others = {r.kind for family in FAMILIES if family is not comms for r in family.RULES}
    assert mine.isdisjoint(others), mine & others


def test_telnyx_key_is_upper_case_hex_then_its_secret() -> None:
    head = fake(32, HEX, seed="t-telnyx")
    tail = fake(22, ALNUM, seed="t-telnyx-2")
    assert _kinds(f"TELNYX_API_KEY=KEY{head.upper()}_{tail}") == ["telnyx_api_key"]
    assert "telnyx_api_key" not in _kinds(f"TELNYX_API_KEY=KEY{head}-{tail}")


def test_infobip_key_needs_infobip_or_its_app_scheme() -> None:
    key = f"{fake(32, HEX, seed='t-infobip')}-{fake_uuid('t-infobip')}"
    assert _kinds(f"Authorization: App {key}") == ["infobip_api_key"]
    assert "infobip_api_key" not in _kinds(f"request = {key}")


def test_ids_are_not_auth_tokens() -> None:
    assert _kinds(f"PLIVO_AUTH_ID=MA{fake(18, UPPER, seed='t-plivo')}") == []
    assert "sinch_api_token" not in _kinds(f"SINCH_SERVICE_PLAN_ID={fake(32, HEX, seed='t-s')}")
