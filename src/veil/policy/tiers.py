"""Tiers, actions and reasons: the words a policy is written in."""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum


class Tier(IntEnum):
    """How sensitive a request is; a request's tier is that of its most sensitive part."""

    PUBLIC = 0
    INTERNAL = 1
    RESTRICTED = 2

    @property
    def label(self) -> str:
        """`Public`, `Internal`, `Restricted`: the word headers and messages use."""
        return self.name.title()

    @property
    def key(self) -> str:
        """`public`, `internal`, `restricted`: the word config keys use."""
        return self.name.lower()


class Action(IntEnum):
    """What happens to a request, from the least to the most restrictive.

    `forward`: as it is, except that secrets and personal data are masked before any provider
    that is not local (in every mode, whatever the policy says). `mask`: secrets and personal
    data masked, before every provider. `pseudonymize`: that, and organisation terms and
    internal hosts become neutral placeholders. `local`: sent to a local upstream instead.
    `block`: not sent; the client gets veil's message.
    """

    FORWARD = 0
    MASK = 1
    PSEUDONYMIZE = 2
    LOCAL = 3
    BLOCK = 4

    @property
    def key(self) -> str:
        return self.name.lower()


@dataclass(frozen=True, slots=True)
class Reason:
    """Why a request has its tier: what was found, never the value itself.

    `source` is `finding` (a detector's kind, with its rule), `path` (a file the request
    carries, under a `[policy.paths]` pattern), `file` (a deny-listed file), or `rule` (a user
    rule's id). `detail` names the kind, the pattern or the rule; never a value or a path.
    """

    tier: Tier
    source: str
    detail: str
    count: int = 1

    def __str__(self) -> str:
        times = f" x{self.count}" if self.count > 1 else ""
        return f"{self.source}:{self.detail}{times}"
