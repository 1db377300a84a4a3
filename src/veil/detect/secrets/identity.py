"""Identity and authentication platforms: their management and API keys."""

from veil.detect.base import Rule

RULES: tuple[Rule, ...] = ()
