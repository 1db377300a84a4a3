"""Ask before you send: a file or a prompt through detection, classification and the policy,
decided for each provider, without sending anything anywhere."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from veil.pipeline.decide import counts_for_tier
from veil.pipeline.request import Pipeline
from veil.policy.engine import Decision
from veil.policy.mentions import PathRef
from veil.policy.paths import request_paths
from veil.policy.registry import Provider
from veil.policy.tiers import Action, Reason, Tier


@dataclass(frozen=True, slots=True)
class Verdict:
    """The decision for one input at one provider."""

    provider: Provider
    decision: Decision

    @property
    def blocked(self) -> bool:
        """Refused there: blocked, or kept local with no local upstream (whatever the mode)."""
        return self.decision.action is Action.BLOCK

    def to_dict(self) -> dict[str, Any]:
        d = self.decision
        return {
            "decision": d.action.key,
            "applied": d.applied.key,
            "key": d.key,
            "traits": list(d.traits),
            "unsure": list(d.unsure),
            **({"note": d.note} if d.note else {}),
        }


@dataclass(frozen=True, slots=True)
class CheckResult:
    """One input's tier, its reasons, and the decision at each provider asked about."""

    name: str
    tier: Tier
    reasons: tuple[Reason, ...]
    verdicts: tuple[Verdict, ...]

    @property
    def blocked(self) -> bool:
        return any(v.blocked for v in self.verdicts)

    def to_dict(self) -> dict[str, Any]:
        return {
            "input": self.name,
            "tier": self.tier.label,
            "reasons": [
                {"tier": r.tier.label, "source": r.source, "detail": r.detail, "count": r.count}
                for r in self.reasons
            ],
            "decisions": {v.provider.id: v.to_dict() for v in self.verdicts},
        }


def check(
    pipeline: Pipeline,
    name: str,
    text: str,
    providers: Sequence[Provider],
    *,
    path: str | None = None,
    local_available: bool = False,
) -> CheckResult:
    """`text` (the content of the file at `path`, or a prompt) decided at each provider."""
    stage = pipeline.policy
    spans = pipeline.finder.spans_in(text)
    prompt = {"messages": [{"role": "user", "content": text}]}
    paths = request_paths(prompt, "chat")
    if path is not None:  # its content is what is checked
        paths.insert(0, PathRef(path, "fence"))
    reasons = stage.classifier.reasons(
        ((s.kind, s.category, s.rule) for s in spans if counts_for_tier(s)),
        paths,
        workspace=stage.workspace,
    )
    tier = max((r.tier for r in reasons), default=Tier.PUBLIC)
    verdicts = tuple(
        Verdict(p, stage.policy.decide(reasons, p.traits(), local_available=local_available))
        for p in providers
    )
    return CheckResult(name, tier, reasons, verdicts)
