"""`veil run`: being built (issue 13); this module is replaced by the real command."""

from __future__ import annotations

from veil.cli.errors import fail


def run() -> None:
    """Not built yet."""
    fail("veil run is not built yet")
