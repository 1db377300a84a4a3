"""Ask before you send: a file or a prompt through detection, classification and the policy,
decided for each provider, without sending anything anywhere."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from veil.pipeline.decide import Destination
from veil.pipeline.request import Pipeline
from veil.policy.engine import Decision
from veil.policy.mentions import PathRef
from veil.policy.paths import request_paths
from veil.policy.registry import Provider
from veil.policy.tiers import Action, Reason, Tier
from veil.protocols.neutral import TextSlot


@dataclass(frozen=True, slots=True)
class Verdict:
    """The decision for one input at one destination: a provider of the registry, or one of
    the configured upstreams (`name`: its name, else the provider's id)."""

    name: str
    provider: Provider
    decision: Decision

    @property
    def blocked(self) -> bool:
        """Refused there: blocked, or kept local with no local upstream (whatever the mode)."""
        return self.decision.action is Action.BLOCK

    def to_dict(self) -> dict[str, Any]:
        d = self.decision
        return {
            "provider": self.provider.id,
            "decision": d.action.key,
            "applied": d.applied.key,
            "key": d.key,
            "traits": list(d.traits),
            "unsure": list(d.unsure),
            **({"note": d.note} if d.note else {}),
        }


@dataclass(frozen=True, slots=True)
class CheckResult:
    """One input's tier, its reasons, the decision at each registry provider asked about, and
    at each upstream it would be sent to."""

    name: str
    tier: Tier
    reasons: tuple[Reason, ...]
    verdicts: tuple[Verdict, ...]
    upstreams: tuple[Verdict, ...] = ()

    @property
    def blocked(self) -> bool:
        """Blocked where it would go: at an upstream, or at the providers asked about when no
        upstream is."""
        return any(v.blocked for v in self.upstreams or self.verdicts)

    def to_dict(self) -> dict[str, Any]:
        return {
            "input": self.name,
            "tier": self.tier.label,
            "reasons": [
                {"tier": r.tier.label, "source": r.source, "detail": r.detail, "count": r.count}
                for r in self.reasons
            ],
            "decisions": {v.name: v.to_dict() for v in self.verdicts},
            "upstreams": {v.name: v.to_dict() for v in self.upstreams},
        }


def check(
    pipeline: Pipeline,
    name: str,
    text: str,
    providers: Sequence[Destination],
    upstreams: Sequence[tuple[str, Destination]] = (),
    *,
    path: str | None = None,
) -> CheckResult:
    """`text` (the content of the file at `path`, or a prompt) decided at each of `providers`
    (registry entries) and `upstreams` (named destinations)."""
    stage = pipeline.policy
    spans = pipeline.finder.spans_in(text)
    spans += pipeline.comments.business([TextSlot((), text)], path=path)[0]
    prompt = {"messages": [{"role": "user", "content": text}]}
    paths = request_paths(prompt, "chat")
    if path is not None:  # its content is what is checked
        paths.insert(0, PathRef(path, "fence"))
    reasons = stage.reasons(spans, paths)
    tier = max((r.tier for r in reasons), default=Tier.PUBLIC)

    def verdict(label: str, dest: Destination) -> Verdict:
        decision = stage.policy.decide(
            reasons, dest.traits(None), local_available=dest.local_available
        )
        return Verdict(label, dest.provider, decision)

    return CheckResult(
        name,
        tier,
        reasons,
        tuple(verdict(d.provider.id, d) for d in providers),
        tuple(verdict(label, d) for label, d in upstreams),
    )
