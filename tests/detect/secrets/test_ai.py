"""The AI family against the full default engine: each example is found under its own kind."""

from __future__ import annotations

import pytest

from veil.detect import default_engine
from veil.detect.base import Rule
from veil.detect.engine import Engine
from veil.detect.secrets import FAMILIES, ai, ai_tools
from veil.types import Category

_CASES = [
    pytest.param(rule, text, id=f"{rule.id}-{n}")
    for rule in ai.RULES
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
    mine = {r.kind for r in ai.RULES}
    others = {r.kind for family in FAMILIES if family not in (ai, ai_tools) for r in family.RULES}
    assert mine.isdisjoint(others), mine & others
