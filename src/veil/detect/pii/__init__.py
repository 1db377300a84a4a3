"""Built-in personal-data rules, one module per kind, registered explicitly."""

from veil.detect.base import Rule
from veil.detect.pii import cards, email, iban, names, national_ids, network, phone

FAMILIES = (email, phone, cards, iban, national_ids, network, names)

RULES: tuple[Rule, ...] = tuple(rule for family in FAMILIES for rule in family.RULES)
