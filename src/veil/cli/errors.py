"""How a command reports a VeilError: one clear line on stderr and exit code 2."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import NoReturn

import typer

from veil.errors import VeilError

USAGE_EXIT = 2


@contextmanager
def usage_errors() -> Iterator[None]:
    """Turn a VeilError into `veil: error: ...` and exit code 2 (never a traceback)."""
    try:
        yield
    except VeilError as exc:
        typer.echo(f"veil: error: {exc}", err=True)
        raise typer.Exit(USAGE_EXIT) from None


def fail(message: str) -> NoReturn:
    """Print a usage error and exit 2."""
    typer.echo(f"veil: error: {message}", err=True)
    raise typer.Exit(USAGE_EXIT)
