"""`veil init`: being built (issue 13); this module is replaced by the real command."""

from __future__ import annotations

from veil.cli.errors import fail


def init() -> None:
    """Not built yet."""
    fail("veil init is not built yet")
