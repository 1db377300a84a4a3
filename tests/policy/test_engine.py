"""The decision table: every preset x tier x provider trait, written out by hand (not derived
from the presets' own data), and how requests, monitor mode and user keys change it."""

from __future__ import annotations

import pytest

from veil.config import PolicySettings, TierPolicySettings
from veil.policy.engine import FLOOR_KEY, Policy, explain, masks
from veil.policy.registry import Traits
from veil.policy.tiers import Action, Reason, Tier
from veil.types import Category

F, M, P, L, B = "forward", "mask", "pseudonymize", "local", "block"
TRAITS = ("trains", "retains", "outside_eu", "no_dpa", "no_zdr", "local")


def traits(*held: str, unsure: tuple[str, ...] = ()) -> Traits:
    return Traits(**{t: t in held for t in TRAITS}, unsure=unsure)


# preset -> provider -> (Public, Internal, Restricted)
TABLE = {
    "personal": {
        "clean": (F, F, M),
        "trains": (F, F, M),
        "retains": (F, F, M),
        "outside_eu": (F, F, M),
        "no_dpa": (F, F, M),
        "no_zdr": (F, F, M),
        "local": (F, F, F),
    },
    "startup": {
        "clean": (F, P, M),
        "trains": (F, P, B),
        "retains": (F, P, M),
        "outside_eu": (F, P, M),
        "no_dpa": (F, P, M),
        "no_zdr": (F, P, M),
        "local": (F, F, F),
    },
    "enterprise": {
        "clean": (F, P, M),
        "trains": (B, L, L),
        "retains": (F, P, M),
        "outside_eu": (F, P, M),
        "no_dpa": (F, L, L),
        "no_zdr": (F, P, L),
        "local": (F, F, F),
    },
    "regulated": {
        "clean": (F, P, L),
        "trains": (B, L, L),
        "retains": (F, P, L),
        "outside_eu": (F, L, L),
        "no_dpa": (F, L, L),
        "no_zdr": (F, P, L),
        "local": (F, F, F),
    },
}
CASES = [
    (preset, provider, tier, expected[tier])
    for preset, rows in TABLE.items()
    for provider, expected in rows.items()
    for tier in Tier
]


def reasons_for(tier: Tier) -> list[Reason]:
    return [] if tier is Tier.PUBLIC else [Reason(tier, "finding", "x")]


@pytest.mark.parametrize(("preset", "provider", "tier", "expected"), CASES)
def test_every_preset_tier_and_trait(preset: str, provider: str, tier: Tier, expected: str) -> None:
    policy = Policy(PolicySettings(preset=preset))  # type: ignore[arg-type]
    held = () if provider == "clean" else (provider,)
    decision = policy.decide(reasons_for(tier), traits(*held))
    assert decision.tier is tier
    assert decision.action.key == expected
    assert decision.applied.key == expected


def test_the_default_preset_is_startup() -> None:
    assert Policy().preset == "startup"


def test_a_request_gets_the_strictest_action_of_its_tiers() -> None:
    policy = Policy()  # startup: Restricted -> mask, Internal -> pseudonymize
    both = [Reason(Tier.RESTRICTED, "finding", "aws"), Reason(Tier.INTERNAL, "finding", "org")]
    decision = policy.decide(both, traits())
    assert (decision.tier, decision.action) == (Tier.RESTRICTED, Action.PSEUDONYMIZE)
    assert decision.key == "policy.internal.default"


def test_several_traits_take_the_strictest_and_name_its_key() -> None:
    policy = Policy(PolicySettings(preset="enterprise"))
    decision = policy.decide(reasons_for(Tier.PUBLIC), traits("no_zdr", "trains", "retains"))
    assert decision.action is Action.BLOCK
    assert decision.key == "policy.public.trains"
    assert decision.traits == ("trains", "retains", "no_zdr")


def test_monitor_mode_records_the_decision_and_applies_only_masking() -> None:
    policy = Policy(PolicySettings(preset="regulated", mode="monitor"))
    for tier, decided, applied in (
        (Tier.RESTRICTED, Action.LOCAL, Action.MASK),
        (Tier.INTERNAL, Action.LOCAL, Action.MASK),
        (Tier.PUBLIC, Action.BLOCK, Action.MASK),
    ):
        decision = policy.decide(reasons_for(tier), traits("trains"))
        assert (decision.action, decision.applied, decision.monitor) == (decided, applied, True)
    clean = policy.decide([], traits())
    assert (clean.action, clean.applied) == (Action.FORWARD, Action.FORWARD)


def test_local_without_a_local_upstream_is_blocked_with_a_note() -> None:
    policy = Policy(PolicySettings(preset="regulated"))
    decision = policy.decide(reasons_for(Tier.RESTRICTED), traits(), local_available=False)
    assert (decision.action, decision.applied) == (Action.BLOCK, Action.BLOCK)
    assert "no local upstream" in decision.note
    message = explain(decision, "Anthropic API", policy.preset)
    assert "Restricted" in message and "policy.restricted.default" in message
    assert "[policy.local] upstream" in message


def test_user_keys_refine_the_preset_and_relaxing_ones_are_reported() -> None:
    settings = PolicySettings(
        preset="startup",
        restricted=TierPolicySettings(trains="local", retains="block"),
        internal=TierPolicySettings(default="forward"),
    )
    policy = Policy(settings)
    assert policy.decide(reasons_for(Tier.RESTRICTED), traits("trains")).action is Action.LOCAL
    assert policy.decide(reasons_for(Tier.RESTRICTED), traits("retains")).action is Action.BLOCK
    assert policy.decide(reasons_for(Tier.INTERNAL), traits()).action is Action.FORWARD
    assert (
        len(policy.contradictions) == 2
    )  # trains: block -> local; internal: pseudonymize -> forward
    assert any("policy.internal.default" in w and "startup" in w for w in policy.contradictions)
    assert any("policy.restricted.trains" in w for w in policy.contradictions)
    assert not Policy(PolicySettings(preset="regulated")).contradictions
    idle = Policy(PolicySettings(internal=TierPolicySettings(trains="forward")))
    assert any("policy.internal.trains = 'forward' has no effect" in w for w in idle.contradictions)


def test_restricted_is_never_forwarded_unmasked_to_a_remote_provider() -> None:
    policy = Policy(PolicySettings(restricted=TierPolicySettings(default="forward")))
    remote = policy.decide(reasons_for(Tier.RESTRICTED), traits())
    assert (remote.action, remote.key) == (Action.MASK, FLOOR_KEY)
    at_home = policy.decide(reasons_for(Tier.RESTRICTED), traits("local"))
    assert at_home.action is Action.FORWARD


@pytest.mark.parametrize(
    ("applied", "tier", "category", "local", "expected"),
    [
        (Action.FORWARD, Tier.RESTRICTED, Category.SECRET, False, True),  # the floor
        (Action.FORWARD, Tier.RESTRICTED, Category.PII, False, True),
        (Action.FORWARD, Tier.INTERNAL, Category.ORG, False, False),
        (Action.FORWARD, Tier.RESTRICTED, Category.SECRET, True, False),  # on this machine
        (Action.MASK, Tier.RESTRICTED, Category.SECRET, True, True),
        (Action.MASK, Tier.INTERNAL, Category.ORG, False, False),
        (Action.MASK, Tier.RESTRICTED, Category.ORG, False, True),  # a user rule said restricted
        (Action.PSEUDONYMIZE, Tier.INTERNAL, Category.ORG, False, True),
        (Action.PSEUDONYMIZE, Tier.INTERNAL, Category.ORG, True, True),
    ],
)
def test_what_is_masked(
    applied: Action, tier: Tier, category: Category, local: bool, expected: bool
) -> None:
    assert masks(applied, tier, category, local=local) is expected


def test_a_block_message_names_tier_reasons_provider_trait_and_key() -> None:
    policy = Policy()
    reasons = [Reason(Tier.RESTRICTED, "finding", "aws_access_key_id", 2)]
    decision = policy.decide(reasons, traits("trains", unsure=("trains",)))
    message = explain(decision, "DeepSeek API", policy.preset)
    for part in (
        "Restricted",
        "finding:aws_access_key_id x2",
        "DeepSeek API",
        "trains on API data",
    ):
        assert part in message
    assert "policy.restricted.trains" in message and "'startup'" in message
