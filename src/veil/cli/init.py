"""`veil init`: a commented veil.toml from a preset, organisation terms and internal domains
suggested from the repository, and the pre-commit hook."""

from __future__ import annotations

import sys
from contextlib import nullcontext
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from veil.cli.errors import fail, usage_errors

if TYPE_CHECKING:
    from rich.console import Console

    from veil.setup.suggest import Suggestion

PRESETS = ("personal", "startup", "enterprise", "regulated")  # checked against the policy's


def init(
    directory: Path = typer.Argument(
        Path("."), metavar="DIR", help="Where to write veil.toml (the current directory)."
    ),
    preset: str | None = typer.Option(
        None,
        "--preset",
        metavar="NAME",
        help=f"Ask nothing and start from this preset ({', '.join(PRESETS)}); suggestions are"
        " written commented out.",
    ),
    yes: bool = typer.Option(
        False,
        "--yes",
        "-y",
        help="Ask nothing: keep every suggestion but those marked (a person?), and add the hook.",
    ),
    no_hook: bool = typer.Option(False, "--no-hook", help="Do not add the pre-commit hook."),
    force: bool = typer.Option(False, "--force", help="Write over an existing veil.toml."),
) -> None:
    """Write a commented veil.toml and add the pre-commit hook that blocks secrets.

    On a terminal it asks for the preset and confirms each organisation term and internal
    domain suggested from the repository (git remotes, package names, hosts in config files);
    with --preset, --yes or no terminal it asks nothing.

    Examples:

    ```
    veil init
    veil init --preset enterprise
    veil init --yes --no-hook services/billing
    ```
    """
    from rich.console import Console

    from veil.setup.hooks import HookError, install_hook, plan_hook
    from veil.setup.suggest import suggest
    from veil.setup.template import DEFAULT_PRESET, render, target, write

    if preset is not None and preset not in PRESETS:
        fail(f"unknown preset {preset!r}; choose one of {', '.join(PRESETS)}")
    if not directory.is_dir():
        fail(f"{directory} is not a directory; create it first, or name another DIR")
    console = Console(highlight=False, soft_wrap=not sys.stdout.isatty())
    interactive = preset is None and not yes and sys.stdin.isatty() and sys.stdout.isatty()
    with usage_errors():
        target(directory, force=force)
        reading = console.status("Reading the repository...") if interactive else nullcontext()
        with reading:
            found = suggest(directory)
        hook_plan, hook_problem = None, None
        if not no_hook:
            try:
                hook_plan = plan_hook(directory)
            except HookError as exc:
                if not interactive:
                    raise HookError(f"{exc} (or pass --no-hook)") from None
                hook_problem = str(exc)
    try:
        if interactive:
            chosen, accepted, add_hook = _ask(console, found, hook_plan, hook_problem)
        else:
            accepted = [s for s in found if s.keep] if yes else []
            chosen, add_hook = preset or DEFAULT_PRESET, True
            if preset is None and not yes:
                typer.echo(
                    f"veil: no terminal to ask on: using --preset {chosen}; suggestions are"
                    " written commented out",
                    err=True,
                )
    except (EOFError, KeyboardInterrupt):
        typer.echo("\nveil: init cancelled; nothing was written", err=True)
        raise typer.Exit(130) from None
    review = [s for s in found if s not in accepted]
    with usage_errors():
        path = write(directory, render(chosen, accepted, review), force=force)
        if no_hook:
            hook = "not added (--no-hook)"
        elif hook_problem is not None:
            hook = f"not added: {hook_problem}"
        elif hook_plan is None:
            hook = "veil's pre-commit hook was already installed"
        else:
            hook = install_hook(directory) if add_hook else "not added (`veil doctor` checks it)"
    _report(console, path, chosen, accepted, review, hook)


def _ask(
    console: Console, found: list[Suggestion], hook_plan: str | None, hook_problem: str | None
) -> tuple[str, list[Suggestion], bool]:
    """The preset, the suggestions kept and whether to add the hook, asked on the terminal."""
    from rich.markup import escape
    from rich.prompt import Confirm, Prompt

    from veil.setup.template import DEFAULT_PRESET, PRESET_HELP

    console.print("[bold]Presets[/bold] (what each tier of data gets at each provider):")
    for name in PRESETS:
        console.print(f"  [cyan]{name:<11}[/cyan] {PRESET_HELP[name]}")
    chosen = Prompt.ask("Preset", choices=list(PRESETS), default=DEFAULT_PRESET, console=console)
    accepted = []
    if found:
        console.print(
            "\n[bold]Suggested from this repository[/bold] for \\[org] (disguised where the"
            " policy pseudonymizes); one declined is written commented out:"
        )
    for item in found:
        question = (
            f"{item.kind} [bold]{escape(item.value)}[/bold] [dim]— {escape(item.source)}[/dim]"
        )
        if Confirm.ask(f"  Keep {question}", default=item.keep, console=console):
            accepted.append(item)
    add_hook = False
    if hook_problem is not None:
        console.print(
            f"\n[yellow]The pre-commit hook cannot be added:[/yellow] {escape(hook_problem)}"
        )
    elif hook_plan is not None:
        question = f"\nPre-commit hook: {escape(hook_plan)}?"
        add_hook = Confirm.ask(question, default=True, console=console)
    return chosen, accepted, add_hook


def _report(
    console: Console,
    path: Path,
    preset: str,
    accepted: list[Suggestion],
    review: list[Suggestion],
    hook: str,
) -> None:
    from rich.markup import escape

    terms = sum(s.kind == "term" for s in accepted)
    parts = [f"preset {preset}", f"{terms} term(s)", f"{len(accepted) - terms} domain(s)"]
    if review:
        parts.append(f"{len(review)} suggestion(s) commented out to review")
    console.print(f"[green]wrote[/green] {escape(str(path))} ({', '.join(parts)})")
    console.print(f"[green]hook:[/green] {escape(hook)}")
    console.print("next: [bold]veil doctor[/bold]  checks this machine and repository")
    console.print("      [bold]veil run -- claude[/bold]  runs Claude Code through veil")
