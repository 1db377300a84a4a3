"""Tiers and actions order from least to most; reasons print without values."""

from __future__ import annotations

from typing import get_args

from veil.config import TierPolicySettings
from veil.policy.tiers import Action, Reason, Tier


def test_order_and_names() -> None:
    assert Tier.PUBLIC < Tier.INTERNAL < Tier.RESTRICTED
    assert [t.label for t in Tier] == ["Public", "Internal", "Restricted"]
    assert [t.key for t in Tier] == ["public", "internal", "restricted"]
    # The config's words for actions are the actions, in the same order.
    words = get_args(get_args(TierPolicySettings.model_fields["default"].annotation)[0])
    assert list(words) == [a.key for a in Action]
    assert max(Action.MASK, Action.LOCAL) is Action.LOCAL


def test_a_reason_prints_its_source_detail_and_count() -> None:
    assert str(Reason(Tier.RESTRICTED, "finding", "aws_access_key_id", 3)) == (
        "finding:aws_access_key_id x3"
    )
    assert str(Reason(Tier.INTERNAL, "path", "docs/internal/**")) == "path:docs/internal/**"
