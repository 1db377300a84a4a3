"""The active rule set: built-in rules, plus user rules, minus disabled ones, plus org terms."""

from __future__ import annotations

import re
from collections.abc import Sequence

from veil.detect.base import Examples, Rule
from veil.detect.engine import Engine
from veil.detect.filters import COMMON
from veil.errors import RuleError
from veil.types import Category


def user_rule(
    *,
    id: str,
    kind: str,
    regex: str,
    category: str = "secret",
    keywords: Sequence[str] = (),
    entropy: float | None = None,
    confidence: float = 0.8,
    max_len: int = 256,
    positives: Sequence[str] = (),
    negatives: Sequence[str] = (),
) -> Rule:
    """A rule declared in `veil.toml`, of the same shape as the built-in ones."""
    try:
        re.compile(regex)
    except re.error as exc:
        raise RuleError(f"rule {id!r}: invalid regex: {exc}") from None
    return Rule(
        id=id,
        kind=kind,
        regex=regex,
        category=Category(category),
        keywords=tuple(k.lower() for k in keywords),
        entropy=entropy,
        confidence=confidence,
        max_len=max_len,
        filters=COMMON if category == "secret" else (),
        examples=Examples(positives=tuple(positives), negatives=tuple(negatives)),
    )


def example_failures(rule: Rule) -> list[str]:
    """What is wrong with a rule's examples, run through the real engine (empty when all pass)."""
    problems: list[str] = []
    if not rule.examples.positives:
        problems.append(f"rule {rule.id!r}: needs at least one positive example")
    for hs in (True, False):
        engine = Engine([rule], use_hyperscan=hs)
        backend = "hyperscan" if engine.uses_hyperscan else "re"
        for n, text in enumerate(rule.examples.positives, 1):
            if not any(f.rule_id == rule.id for f in engine.scan(text)):
                problems.append(f"rule {rule.id!r}: positive example {n} not found ({backend})")
        for n, text in enumerate(rule.examples.negatives, 1):
            if engine.scan(text):
                problems.append(f"rule {rule.id!r}: negative example {n} matched ({backend})")
        if not engine.uses_hyperscan:
            break
    return sorted(set(problems))


def select_rules(
    builtin: Sequence[Rule],
    user: Sequence[Rule] = (),
    disabled: Sequence[str] = (),
    org: Sequence[Rule] = (),
) -> tuple[Rule, ...]:
    """Built-in + user + org rules, less the disabled ones; user rules never replace built-ins."""
    known = {r.id for r in builtin}
    for rule in user:
        if rule.id in known:
            raise RuleError(
                f"rule {rule.id!r} is a built-in rule id: user rules extend the built-in set and"
                " cannot replace a rule; choose another id (or disable the built-in one)"
            )
        known.add(rule.id)
        problems = example_failures(rule)
        if problems:
            raise RuleError("; ".join(problems))
    unknown = sorted(set(disabled) - known)
    if unknown:
        raise RuleError(f"cannot disable unknown rule(s): {', '.join(unknown)}")
    off = set(disabled)
    active = tuple(r for r in (*builtin, *user) if r.id not in off) + tuple(org)
    if not active:
        raise RuleError("no rule is active: the configuration disables every rule")
    return active
