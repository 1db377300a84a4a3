"""Decide: what to do with a request, given what was found in it.

There is one answer until the policy layer lands: forward it with every finding masked.
"""

from __future__ import annotations

from dataclasses import dataclass

from veil.pipeline.find import Span
from veil.protocols.neutral import Unscannable


@dataclass(frozen=True, slots=True)
class Decision:
    """The action for a request and the reasons for it, for its record."""

    action: str = "mask"
    reasons: tuple[str, ...] = ()


def decide(found: list[list[Span]], unscannable: list[Unscannable]) -> Decision:
    """Mask what was found and forward the rest."""
    return Decision()
