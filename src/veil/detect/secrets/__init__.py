"""Built-in secret rules, one module per family, registered explicitly."""

from veil.detect.base import Rule
from veil.detect.secrets import azure, chat, cloud, comms, payments, vcs

FAMILIES = (cloud, azure, vcs, chat, payments, comms)

RULES: tuple[Rule, ...] = tuple(rule for family in FAMILIES for rule in family.RULES)
