"""CRM and sales platforms: their API keys and tokens."""

from veil.detect.base import Rule

RULES: tuple[Rule, ...] = ()
