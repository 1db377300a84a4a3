"""The content family against the full default engine: each example is found under its own kind,
and the public keys of these services are left alone."""

from __future__ import annotations

import pytest

from veil.detect import default_engine
from veil.detect.base import Rule
from veil.detect.engine import Engine
from veil.detect.samples import ALNUM, HEX, LOWER_ALNUM, fake, fake_uuid
from veil.detect.secrets import FAMILIES, content
from veil.types import Category

_CASES = [
    pytest.param(rule, text, id=f"{rule.id}-{n}")
    for rule in content.RULES
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
    mine = {r.kind for r in content.RULES}
    others = {r.kind for family in FAMILIES if family is not content for r in family.RULES}
    assert mine.isdisjoint(others), mine & others


def test_ghost_admin_key_is_found_whole_and_the_content_key_is_not_one() -> None:
    key = f"{fake(24, HEX, seed='t-ghost-id')}:{fake(64, HEX, seed='t-ghost')}"
    found = default_engine().scan(f"GHOST_ADMIN_API_KEY={key}")
    assert [(f.kind, f.value) for f in found] == [("ghost_admin_api_key", key)]
    assert "ghost_admin_api_key" not in _kinds(f"GHOST_CONTENT_API_KEY={fake(26, HEX, seed='t')}")


def test_public_search_keys_are_not_private_keys() -> None:
    body = fake(24, LOWER_ALNUM, seed="t-swiftype")
    assert _kinds(f"APP_SEARCH_KEY=private-{body}") == ["swiftype_private_key"]
    assert "swiftype_private_key" not in _kinds(f"APP_SEARCH_KEY=search-{body}")


def test_wordpress_application_password_keeps_its_spaces() -> None:
    password = " ".join(fake(4, ALNUM, seed=f"t-wp-{i}") for i in range(6))
    found = default_engine().scan(f"WP_APPLICATION_PASSWORD='{password}'")
    assert [(f.kind, f.value) for f in found] == [("wordpress_application_password", password)]


def test_coveo_key_needs_both_xs() -> None:
    uuid = fake_uuid("t-coveo")
    assert _kinds(f"COVEO_API_KEY=xx{uuid}") == ["coveo_api_key"]
    assert "coveo_api_key" not in _kinds(f"trace_id = x{uuid}")
