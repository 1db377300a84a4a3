"""`veil doctor`: audit this machine and repository, and say what to fix."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from veil.cli.errors import usage_errors

if TYPE_CHECKING:
    from rich.console import Console

    from veil.doctor.report import Report


class Format(StrEnum):
    text = "text"
    json = "json"


def doctor(
    fmt: Format = typer.Option(Format.text, "--format", "-f", help="Report format."),
    fix: bool = typer.Option(
        False,
        "--fix",
        help="Apply the safe fixes (append to .gitignore, install the hook) after showing them.",
    ),
    yes: bool = typer.Option(False, "--yes", "-y", help="With --fix: apply without asking."),
    config: Path | None = typer.Option(
        None, "--config", "-c", help="veil.toml to use (default: the repository's, else none)."
    ),
    repo: Path | None = typer.Option(
        None, "--repo", metavar="PATH", help="The repository to check (default: the current one)."
    ),
    selftest: bool = typer.Option(
        True,
        "--selftest/--no-selftest",
        help="Run the self-test: canaries through every route against a built-in capture.",
    ),
) -> None:
    """Check that this machine and repository are protected; exit 1 when a check is red.

    The AI tools (do they go through veil? is their telemetry off?), the repository
    (.gitignore, tracked secret files, veil's pre-commit hook), the gateway, and a self-test
    that sends canary secrets through every route of a gateway built from your settings to a
    built-in capture upstream (nothing reaches a provider).

    Examples:

    ```
    veil doctor
    veil doctor --format json > doctor.json
    veil doctor --fix --yes
    veil doctor --repo ~/src/app --no-selftest
    ```
    """
    from rich.console import Console

    from veil.doctor.checkup import Options, examine
    from veil.doctor.report import render

    out = Console(highlight=False)
    err = Console(stderr=True, highlight=False)
    options = Options(config=config, repo=repo, selftest=selftest)
    with usage_errors():
        if err.is_terminal and fmt is Format.text:
            with err.status("veil doctor: checking...") as status:
                report = examine(options, lambda step: status.update(f"checking {step}..."))
        else:
            report = examine(options)
        if fix:
            _fix(report, yes, err)
    if fmt is Format.json:
        sys.stdout.write(report.as_json() + "\n")
    else:
        render(report, out)
    raise typer.Exit(0 if report.ok else 1)


def _fix(report: Report, yes: bool, err: Console) -> None:
    """Show the safe fixes, ask on a terminal (unless --yes), apply, re-run their checks."""
    from rich.prompt import Confirm

    from veil.doctor.fixes import plan_fixes

    root = Path(report.repo) if report.repo else None
    fixes = plan_fixes(report, root)
    if not fixes:
        err.print("veil doctor --fix: nothing to fix automatically", highlight=False)
        return
    err.print("veil doctor --fix would:", highlight=False)
    for planned in fixes:
        err.print(f"  - {planned.description}", highlight=False, markup=False, soft_wrap=True)
    if not yes:
        if not (sys.stdin.isatty() and err.is_terminal):
            err.print("not a terminal: nothing changed (run with --yes to apply)", highlight=False)
            return
        if not Confirm.ask("Apply these changes?", default=False, console=err):
            err.print("nothing changed", highlight=False)
            return
    for planned in fixes:
        err.print(f"  {planned.apply()}", highlight=False, markup=False, soft_wrap=True)
        report.replace([planned.recheck()])
