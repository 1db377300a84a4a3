"""The presets' shape: every tier, a default, only known keys, local never sent away."""

from __future__ import annotations

import itertools
from typing import get_args

from veil.config import PolicySettings, TierPolicySettings
from veil.policy.presets import PRESETS
from veil.policy.tiers import Action, Tier


def test_every_preset_rules_every_tier_with_known_keys() -> None:
    keys = set(TierPolicySettings.model_fields)
    for name, tiers in PRESETS.items():
        assert set(tiers) == set(Tier), name
        for tier, rules in tiers.items():
            assert "default" in rules, (name, tier)
            assert set(rules) <= keys, (name, tier)


def _kept(action: Action) -> Action:
    """How much of a tier a provider gets to see: `local` and `block` both send it nowhere."""
    return min(action, Action.LOCAL)


def test_presets_grow_stricter_in_order() -> None:
    names = ["personal", "startup", "enterprise", "regulated"]
    for weaker, stronger in itertools.pairwise(names):
        for tier in Tier:
            a, b = PRESETS[weaker][tier], PRESETS[stronger][tier]
            for key in set(a) | set(b):
                at_a = _kept(a.get(key, a["default"]))
                assert _kept(b.get(key, b["default"])) >= at_a, (stronger, tier, key)


def test_regulated_keeps_restricted_at_home_and_the_default_is_startup() -> None:
    assert PRESETS["regulated"][Tier.RESTRICTED]["default"] is Action.LOCAL
    assert PolicySettings().preset == "startup"
    # The config offers exactly the presets there are.
    assert get_args(PolicySettings.model_fields["preset"].annotation) == tuple(PRESETS)
