"""Every example of every built-in rule, through the real engine with only that rule loaded."""

from __future__ import annotations

import importlib
import pkgutil

import pytest

from veil.detect import builtin_rules, pii, secrets
from veil.detect.base import Rule
from veil.detect.engine import HYPERSCAN_AVAILABLE, Engine

RULES = builtin_rules()
BACKENDS = [pytest.param(True, id="hyperscan"), pytest.param(False, id="re")]
if not HYPERSCAN_AVAILABLE:  # pragma: no cover - hyperscan is a hard dependency
    BACKENDS = BACKENDS[1:]


def _cases(kind: str) -> list[object]:
    cases = []
    for rule in RULES:
        examples = (
            rule.examples.positives
            if kind == "pos"
            else rule.examples.negatives + rule.examples.documented
        )
        for n, text in enumerate(examples):
            cases.append(pytest.param(rule, text, id=f"{rule.id}-{kind}{n}"))
    return cases


_ENGINES: dict[tuple[str, bool], Engine] = {}


def _engine(rule: Rule, hs: bool) -> Engine:
    key = (rule.id, hs)
    if key not in _ENGINES:
        _ENGINES[key] = Engine([rule], use_hyperscan=hs)
    return _ENGINES[key]


@pytest.mark.parametrize("hs", BACKENDS)
@pytest.mark.parametrize(("rule", "text"), _cases("pos"))
def test_rule_finds_its_positive_example(rule: Rule, text: str, hs: bool) -> None:
    found = _engine(rule, hs).scan(text)
    assert [f.rule_id for f in found] == [rule.id], f"{rule.id} missed its example"


@pytest.mark.parametrize("hs", BACKENDS)
@pytest.mark.parametrize(("rule", "text"), _cases("neg"))
def test_rule_ignores_its_negative_example(rule: Rule, text: str, hs: bool) -> None:
    assert _engine(rule, hs).scan(text) == [], f"{rule.id} matched a near miss"


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.id)
def test_rule_is_well_formed(rule: Rule) -> None:
    assert rule.id == rule.id.lower() and " " not in rule.id and "_" not in rule.id
    assert len(rule.examples.positives) >= 2, "at least two positives"
    assert len(rule.examples.negatives) >= 1, "at least one negative"
    for text in rule.examples.positives:
        low = text.lower()
        assert not rule.keywords or any(k.lower() in low for k in rule.keywords)


def test_rule_ids_are_unique() -> None:
    ids = [r.id for r in RULES]
    assert len(ids) == len(set(ids))


@pytest.mark.parametrize("package", [secrets, pii], ids=lambda p: p.__name__)
def test_every_family_module_is_registered(package: object) -> None:
    modules = {
        importlib.import_module(f"{package.__name__}.{m.name}")  # type: ignore[attr-defined]
        for m in pkgutil.iter_modules(package.__path__)  # type: ignore[attr-defined]
    }
    assert modules == set(package.FAMILIES)  # type: ignore[attr-defined]


def test_backends_agree_on_all_examples_together() -> None:
    text = "\n".join(t for r in RULES for t in r.examples.positives + r.examples.negatives)
    with_hs = [(f.rule_id, f.start, f.end) for f in Engine(RULES, use_hyperscan=True).scan(text)]
    with_re = [(f.rule_id, f.start, f.end) for f in Engine(RULES, use_hyperscan=False).scan(text)]
    assert with_hs == with_re
    assert len(with_hs) >= len(RULES)
