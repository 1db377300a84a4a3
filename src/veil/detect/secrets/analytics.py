"""Product analytics and event pipelines: their project and personal keys."""

from veil.detect.base import Rule

RULES: tuple[Rule, ...] = ()
