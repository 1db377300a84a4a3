"""Built-in secret rules, one module per family, registered explicitly."""

from veil.detect.base import Rule
from veil.detect.secrets import cloud

FAMILIES = (cloud,)

RULES: tuple[Rule, ...] = tuple(rule for family in FAMILIES for rule in family.RULES)
