"""`veil rules list` and `veil rules test`: show the active rules and check their examples."""

from __future__ import annotations

import json
from pathlib import Path

import typer

from veil.cli.errors import usage_errors
from veil.cli.progress import progress

app = typer.Typer(
    help="""Show and check detection rules.

    Examples:

    ```
    veil rules list --category secret
    veil rules test --config veil.toml
    ```
    """,
    no_args_is_help=True,
)


@app.command("list")
def list_rules(
    config: Path | None = typer.Option(None, "--config", "-c", help="veil.toml to use."),
    category: str | None = typer.Option(None, "--category", help="Only this category."),
    as_json: bool = typer.Option(False, "--json", help="Print the rule ids as a JSON list."),
) -> None:
    """List the active rules: id, kind, category, keywords.

    Examples:

    ```
    veil rules list
    veil rules list --category pii
    veil rules list --json
    ```
    """
    from rich.console import Console
    from rich.table import Table

    from veil.config import active_rules, load_settings

    with usage_errors():
        rules = active_rules(load_settings(config))
    if as_json:
        typer.echo(json.dumps([r.id for r in rules if category in (None, r.category.value)]))
        return
    table = Table("id", "kind", "category", "confidence", "keywords", box=None)
    shown = [r for r in rules if category is None or r.category.value == category]
    for r in shown:
        table.add_row(r.id, r.kind, r.category.value, f"{r.confidence:.2f}", ", ".join(r.keywords))
    console = Console()
    console.print(table)
    console.print(f"{len(shown)} rule(s), {len({r.kind for r in shown})} kind(s)")


@app.command("test")
def test_rules(
    config: Path | None = typer.Option(None, "--config", "-c", help="veil.toml to use."),
) -> None:
    """Run every active rule's own examples through the engine; exit 1 if any fails.

    Examples:

    ```
    veil rules test
    veil rules test --config veil.toml
    ```
    """
    from veil.config import active_rules, load_settings
    from veil.detect.ruleset import example_failures

    with usage_errors():
        rules = active_rules(load_settings(config))
    problems: list[str] = []
    with progress("checking rules", len(rules)) as advance:
        for rule in rules:
            problems += example_failures(rule)
            advance(1)
    for p in problems:
        typer.echo(p, err=True)
    typer.echo(f"{len(rules)} rule(s) checked, {len(problems)} problem(s)")
    raise typer.Exit(1 if problems else 0)
