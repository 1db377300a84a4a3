"""Built-in secret rules, one module per family, registered explicitly."""

from veil.detect.base import Rule
from veil.detect.secrets import (
    ai,
    azure,
    chat,
    cloud,
    comms,
    hosting,
    payments,
    registries,
    saas,
    vcs,
)

FAMILIES = (cloud, azure, vcs, chat, payments, comms, ai, registries, hosting, saas)

RULES: tuple[Rule, ...] = tuple(rule for family in FAMILIES for rule in family.RULES)
