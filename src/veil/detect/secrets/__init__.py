"""Built-in secret rules, one module per family, registered explicitly."""

from veil.detect.base import Rule
from veil.detect.secrets import (
    ai,
    azure,
    chat,
    cloud,
    comms,
    databases,
    encoded,
    fields,
    generic,
    hosting,
    keys,
    passwords,
    payments,
    registries,
    saas,
    vcs,
    web,
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
    passwords,
    web,
    generic,
    fields,
    encoded,
)

RULES: tuple[Rule, ...] = tuple(rule for family in FAMILIES for rule in family.RULES)
