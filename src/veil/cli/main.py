"""`veil`: the entry point and its sub-commands."""

from __future__ import annotations

import typer

from veil import __version__
from veil.cli import rules, scan, serve

app = typer.Typer(
    name="veil",
    help="A local privacy gateway for AI coding assistants, and the scanner behind it.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
app.command(name="scan")(scan.scan)
app.command(name="serve")(serve.serve)
app.add_typer(rules.app, name="rules")


def _version(value: bool) -> None:
    if value:
        typer.echo(f"veil {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Print the version and exit."
    ),
) -> None:
    """veil: detect, mask and restore secrets and personal data."""
