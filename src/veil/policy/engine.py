"""The decision for a request: its tier, the provider's traits, and the policy's rules.

A request gets the strictest of the actions its tiers get at the provider (a Restricted request
that also names internal hosts gets what Internal gets there too, if stricter). Facts the
registry does not know count as the unfavourable value (`registry.Traits`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from veil.config import PolicySettings
from veil.policy.presets import PRESETS
from veil.policy.registry import Traits
from veil.policy.tiers import Action, Reason, Tier
from veil.types import Category

# What is masked before any provider that is not local, whatever the policy says.
ALWAYS_MASKED = frozenset({Category.SECRET, Category.PII, Category.FILE})
FLOOR_KEY = "secrets and personal data are always masked before a remote provider"


@dataclass(frozen=True, slots=True)
class Ruling:
    """The action one tier gets at one provider, and the config key that says so."""

    action: Action
    key: str  # `policy.restricted.trains`


@dataclass(frozen=True, slots=True)
class Decision:
    """What the policy decided for a request, and what veil does about it.

    `action` is the decision (in the `veil-decision` header and on the record): `block` when
    the key that decided (`key`) says `local` and no local upstream can take the request
    (`note` says so). `applied` is what is done: the same when enforcing, never more than
    `mask` in monitor mode.
    """

    tier: Tier
    action: Action
    applied: Action
    key: str
    reasons: tuple[Reason, ...] = ()
    traits: tuple[str, ...] = ()
    unsure: tuple[str, ...] = ()  # traits read from unknown or conflicting facts
    monitor: bool = False
    note: str = ""


class Policy:
    """A preset refined by the user's keys; decides for a tier at a provider."""

    def __init__(self, settings: PolicySettings | None = None) -> None:
        settings = settings or PolicySettings()
        self.preset = settings.preset
        self.monitor = settings.mode == "monitor"
        rules: dict[Tier, dict[str, Action]] = {}
        warnings: list[str] = []
        for tier, preset_rules in PRESETS[self.preset].items():
            mine = dict(preset_rules)
            own = getattr(settings, tier.key).model_dump(exclude_none=True)
            default = Action[own.get("default", mine["default"].key).upper()]
            for name, value in own.items():
                action = Action[value.upper()]
                before = mine.get(name, mine["default"] if name != "local" else Action.FORWARD)
                idle = name not in ("default", "local") and action < default  # said below
                if action < before and not idle:
                    warnings.append(
                        f"policy.{tier.key}.{name} = {action.key!r} relaxes the {self.preset}"
                        f" preset, which says {before.key!r}"
                    )
                mine[name] = action
            for name in own.keys() - {"default", "local"}:
                if mine[name] < mine["default"]:
                    warnings.append(
                        f"policy.{tier.key}.{name} = {mine[name].key!r} has no effect: a trait"
                        f" only makes policy.{tier.key}.default ({mine['default'].key!r})"
                        " stricter"
                    )
            rules[tier] = mine
        self.rules: Mapping[Tier, Mapping[str, Action]] = rules
        self.contradictions = tuple(warnings)

    def ruling(self, tier: Tier, traits: Traits) -> Ruling:
        """The action `tier` gets at a provider with `traits` (before monitor mode)."""
        rules = self.rules[tier]
        if traits.local:
            here = rules.get("local", Action.FORWARD)
            # Already on this machine: "keep it local" is met by sending it as it is.
            return Ruling(Action.FORWARD if here is Action.LOCAL else here, _key(tier, "local"))
        best = Ruling(rules["default"], _key(tier, "default"))
        for trait in traits.held():
            action = rules.get(trait)
            if action is not None and action > best.action:
                best = Ruling(action, _key(tier, trait))
        if tier is Tier.RESTRICTED and best.action is Action.FORWARD:
            best = Ruling(Action.MASK, FLOOR_KEY)
        return best

    def _strictest(self, tiers: Sequence[Tier], traits: Traits) -> Ruling:
        """The strictest ruling of a request's tiers and of Public (what every request holds
        besides), except that a tier kept on this machine stays there: Public's `block` at a
        provider is met by not sending it to that provider."""
        public = self.ruling(Tier.PUBLIC, traits)
        if not tiers:
            return public
        top = max((self.ruling(t, traits) for t in reversed(tiers)), key=lambda r: r.action)
        if top.action is Action.LOCAL:
            return top
        return top if top.action >= public.action else public

    def decide(
        self, reasons: Sequence[Reason], traits: Traits, *, local_available: bool = True
    ) -> Decision:
        """The decision for a request with these reasons, at a provider with these traits."""
        tier = max((r.tier for r in reasons), default=Tier.PUBLIC)
        ruling = self._strictest(sorted({r.tier for r in reasons} - {Tier.PUBLIC}), traits)
        action, note = ruling.action, ""
        if action is Action.LOCAL and not local_available:
            action, note = Action.BLOCK, "no local upstream can take this request"
        applied = min(action, Action.MASK) if self.monitor else action
        return Decision(
            tier,
            action,
            applied,
            ruling.key,
            tuple(reasons),
            traits.held(),
            traits.unsure,
            self.monitor,
            note,
        )


def _key(tier: Tier, name: str) -> str:
    return f"policy.{tier.key}.{name}"


def masks(applied: Action, tier: Tier, category: Category, *, local: bool) -> bool:
    """Whether a finding of `category`, which makes a request `tier`, is masked when `applied`
    is done at a provider (`local` or not)."""
    if not local and category in ALWAYS_MASKED:
        return True
    if applied is Action.PSEUDONYMIZE:
        return True
    return applied is Action.MASK and tier is Tier.RESTRICTED


_TRAIT_WORDS = {
    "trains": "trains on API data",
    "retains": "keeps API data",
    "outside_eu": "processes data outside the EU",
    "no_dpa": "offers no DPA",
    "no_zdr": "offers no zero data retention",
    "local": "is on this machine",
}


def explain(decision: Decision, provider: str, preset: str) -> str:
    """The message a blocked request gets: the tier, the reasons, the key, how to proceed.
    It names kinds, rule ids and config patterns, never a value or a path."""
    reasons = ", ".join(str(r) for r in decision.reasons if r.tier == decision.tier)
    why = f" ({reasons})" if reasons else ""
    head = f"veil blocked this request by policy: it is {decision.tier.label}{why}"
    change = f"change {decision.key} in veil.toml (preset {preset!r})"
    if decision.note:
        return (
            f"{head}, and {decision.key} = 'local' keeps it on this machine, but"
            f" {decision.note}. To proceed: add an upstream with `local = true` to veil.toml"
            f" (and name it in [policy.local] upstream), or {change}."
        )
    trait = decision.key.rsplit(".", 1)[-1]
    if trait in _TRAIT_WORDS:
        provider = f"{provider}, which {_TRAIT_WORDS[trait]}"
        if trait in decision.unsure:
            provider += " (or may: veil's provider registry does not know that it does not)"
    remove = (
        "" if decision.tier is Tier.PUBLIC else f"take out what makes it {decision.tier.label}, "
    )
    return (
        f"{head}, and {decision.key} = 'block' at {provider}."
        f" To proceed: {remove}use another provider, or {change}."
    )
