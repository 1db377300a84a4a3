"""The generic family against the full default engine: each positive is reported."""

from __future__ import annotations

import pytest

from veil.detect import default_engine
from veil.detect.base import Rule
from veil.detect.secrets import generic

_CASES = [
    pytest.param(rule, text, id=f"{rule.id}-{n}")
    for rule in generic.RULES
    for n, text in enumerate(rule.examples.positives)
]


def _kinds(text: str) -> list[str]:
    return [f.kind for f in default_engine().scan(text)]


# Rules added for the peers' test cases: their positives are theirs, not a neighbour's.
_OWN_KIND = ()


@pytest.mark.parametrize(("rule", "text"), _CASES)
def test_every_positive_is_reported(rule: Rule, text: str) -> None:
    kinds = _kinds(text)
    assert kinds, f"{rule.id}: not reported"
    if rule.id in _OWN_KIND:
        assert rule.kind in kinds, f"{rule.id}: {kinds}"
