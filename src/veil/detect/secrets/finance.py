"""Finance, banking and crypto exchanges: their API keys and secrets."""

from veil.detect.base import Rule

RULES: tuple[Rule, ...] = ()
