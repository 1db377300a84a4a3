"""Data warehouses, log platforms and streaming: their tokens and keys."""

from veil.detect.base import Rule

RULES: tuple[Rule, ...] = ()
