"""Classify: what a request holds -> its tier, with the reasons (kinds, patterns, rules).

Secrets, personal data and deny-listed files make a request Restricted; organisation terms and
internal hosts make it Internal; a user rule or a `[policy.paths]` pattern says its own tier.
Reasons name kinds, rule ids and the config's own patterns, never a value or a path.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path

from veil.policy.mentions import PathRef
from veil.policy.paths import PathPolicy
from veil.policy.tiers import Reason, Tier
from veil.types import Category

_BY_CATEGORY = {
    Category.SECRET: Tier.RESTRICTED,
    Category.PII: Tier.RESTRICTED,
    Category.FILE: Tier.RESTRICTED,
    Category.ORG: Tier.INTERNAL,
}
_TIER_NAMES = {"restricted": Tier.RESTRICTED, "internal": Tier.INTERNAL}
# Where a path's file content is in the request: a fenced block named after it, a diff of it, or
# the lines a search printed from it (`path:12:...`).
_CONTENT = frozenset({"fence", "diff", "result"})


class Classifier:
    """Tiers for findings and paths, under one configuration."""

    def __init__(
        self,
        paths: PathPolicy | None = None,
        rule_tiers: Mapping[str, str] | None = None,
        denies: Callable[[str], bool] | None = None,
    ) -> None:
        self.paths = paths or PathPolicy()
        self.rule_tiers = {rule: _TIER_NAMES[t] for rule, t in (rule_tiers or {}).items()}
        self.denies = denies

    def finding_tier(self, rule: str, category: Category) -> Tier:
        """The tier a finding gives: its user rule's, else its category's."""
        return self.rule_tiers.get(rule) or _BY_CATEGORY[category]

    def reasons(
        self,
        findings: Iterable[tuple[str, Category, str]],
        paths: Iterable[PathRef] = (),
        *,
        workspace: Path | None = None,
        withheld: int = 0,
    ) -> tuple[Reason, ...]:
        """The reasons of a request's tier: findings as (kind, category, rule), the paths it
        carries, and how many tool results were withheld (content that no longer leaves)."""
        counts: Counter[tuple[Tier, str, str]] = Counter()
        for (kind, category, rule), n in Counter(findings).items():
            tier = self.finding_tier(rule, category)
            if rule in self.rule_tiers:
                counts[(tier, "rule", rule)] += n
            else:
                counts[(tier, "finding", kind)] += n
        for ref in paths:
            if self.denies is not None and ref.where in _CONTENT and self.denies(ref.path):
                counts[(Tier.RESTRICTED, "file", "deny-listed")] += 1
                continue
            hit = self.paths.tier_of(ref.path, workspace)
            if hit is not None:
                counts[(_TIER_NAMES[hit[0]], "path", hit[1])] += 1
        reasons = [Reason(tier, source, detail, n) for (tier, source, detail), n in counts.items()]
        if withheld:  # recorded; what is withheld does not leave, so it sets no tier
            reasons.append(Reason(Tier.PUBLIC, "withheld", "deny-listed file", withheld))
        reasons.sort(key=lambda r: (-r.tier, r.source, r.detail))
        return tuple(reasons)
