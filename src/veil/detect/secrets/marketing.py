"""Marketing, e-mail delivery, forms and site builders: their API keys."""

from veil.detect.base import Rule

RULES: tuple[Rule, ...] = ()
