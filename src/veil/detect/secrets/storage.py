"""File storage, media and asset services: their tokens and keys."""

from veil.detect.base import Rule

RULES: tuple[Rule, ...] = ()
