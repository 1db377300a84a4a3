"""Built-in personal-data rules, one module per kind, registered explicitly."""

from veil.detect.base import Rule

FAMILIES: tuple[object, ...] = ()

RULES: tuple[Rule, ...] = ()
