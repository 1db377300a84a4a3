"""Built-in secret rules, one module per family, registered explicitly."""

from veil.detect.base import Rule
from veil.detect.secrets import (
    ai,
    azure,
    chat,
    cloud,
    comms,
    databases,
    generic,
    hosting,
    keys,
    payments,
    registries,
    saas,
    vcs,
)

FAMILIES = (
    cloud,
    azure,
    vcs,
    chat,
    payments,
    comms,
    ai,
    registries,
    hosting,
    saas,
    keys,
    databases,
    generic,
)

RULES: tuple[Rule, ...] = tuple(rule for family in FAMILIES for rule in family.RULES)
