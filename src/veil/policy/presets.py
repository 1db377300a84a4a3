"""The four presets: a policy chosen with one line, refined by the user's own keys.

Each gives, per tier, the action at any provider (`default`) and the stricter ones at providers
with a trait (`trains`, `retains`, `outside_eu`, `no_dpa`, `no_zdr`); `local` is the action at a
local upstream. A provider gets the strictest action among its default and its traits'.
"""

from __future__ import annotations

from collections.abc import Mapping

from veil.policy.tiers import Action, Tier

TierRules = Mapping[str, Action]  # "default" and trait names -> action

F, M, P, L, B = Action.FORWARD, Action.MASK, Action.PSEUDONYMIZE, Action.LOCAL, Action.BLOCK

PRESETS: Mapping[str, Mapping[Tier, TierRules]] = {
    # One developer: nothing leaves unmasked, nothing else is held back.
    "personal": {
        Tier.PUBLIC: {"default": F, "local": F},
        Tier.INTERNAL: {"default": F, "local": F},
        Tier.RESTRICTED: {"default": M, "local": F},
    },
    # The default: organisation terms disguised; nothing Restricted to a provider that trains.
    "startup": {
        Tier.PUBLIC: {"default": F, "local": F},
        Tier.INTERNAL: {"default": P, "local": F},
        Tier.RESTRICTED: {"default": M, "trains": B, "local": F},
    },
    # Internal only to providers that do not train and sign a DPA, Restricted only where data
    # can also be kept from being stored; else on this machine. Nothing to a provider that
    # trains.
    "enterprise": {
        Tier.PUBLIC: {"default": F, "trains": B, "local": F},
        Tier.INTERNAL: {"default": P, "trains": L, "no_dpa": L, "local": F},
        Tier.RESTRICTED: {"default": M, "trains": L, "no_dpa": L, "no_zdr": L, "local": F},
    },
    # Restricted never leaves the machine; Internal only to EU processing with a DPA and no
    # training.
    "regulated": {
        Tier.PUBLIC: {"default": F, "trains": B, "local": F},
        Tier.INTERNAL: {"default": P, "trains": L, "no_dpa": L, "outside_eu": L, "local": F},
        Tier.RESTRICTED: {"default": L, "local": F},
    },
}
