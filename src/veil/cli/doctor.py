"""`veil doctor`: being built (issue 13); this module is replaced by the real command."""

from __future__ import annotations

from veil.cli.errors import fail


def doctor() -> None:
    """Not built yet."""
    fail("veil doctor is not built yet")
