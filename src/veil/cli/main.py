"""`veil`: the entry point and its sub-commands.

Start-up is kept short: `veil --version` answers without importing the command-line framework,
and each command imports what it needs only when it runs (`veil scan --staged` in a pre-commit
hook never loads the gateway).
"""

from __future__ import annotations

import sys

from veil import __version__

TYPE_CHECKING = False  # not `typing`'s: `veil --version` imports nothing it need not
if TYPE_CHECKING:
    from typing import Any

    import typer


def build() -> typer.Typer:
    """The Typer application with every sub-command."""
    import typer

    from veil.cli import (
        audit,
        check,
        dashboard,
        doctor,
        errors,
        incidents,
        init,
        mcp,
        providers,
        rules,
        run,
        sanitize,
        scan,
        serve,
    )
    from veil.cli import help as help_text

    app = typer.Typer(
        name="veil",
        cls=errors.VeilGroup,  # usage errors are one `veil: error:` line
        # Rich panels on a terminal (paragraphs reflow; examples are ``` code blocks), else
        # Click's plain layout (veil.cli.help)
        rich_markup_mode="markdown" if help_text.rich_help() else None,
        no_args_is_help=True,
        add_completion=False,
        pretty_exceptions_enable=False,
    )
    # In the order a newcomer meets them: set up, run a client, check the machine; then the rest.
    app.command(name="init")(init.init)
    app.command(
        name="run",
        context_settings={"allow_interspersed_args": False},
    )(run.run)
    app.command(name="doctor")(doctor.doctor)
    app.command(name="serve")(serve.serve)
    app.command(name="scan")(scan.scan)
    app.command(name="check")(check.check)
    app.command(name="sanitize")(sanitize.sanitize)
    app.command(name="restore")(sanitize.restore)
    app.command(name="mcp")(mcp.mcp)
    app.command(name="providers")(providers.providers)
    app.command(name="dashboard")(dashboard.dashboard)
    app.add_typer(rules.app, name="rules")
    app.add_typer(audit.app, name="audit")
    app.add_typer(incidents.app, name="incidents")

    def version(value: bool) -> None:
        if value:
            typer.echo(f"veil {__version__}")
            raise typer.Exit()

    @app.callback()
    def main(
        version: bool = typer.Option(
            False, "--version", callback=version, is_eager=True, help="Print the version and exit."
        ),
    ) -> None:
        """A local privacy gateway for AI coding assistants, and the scanner behind it: secrets,
        personal data and organisation terms are masked on the way out and restored in answers.

        Examples:

        ```
        veil init
        veil run -- claude
        veil doctor
        veil scan --staged
        ```
        """

    return app


class Veil:
    """The `veil` command. Called as the program, `veil --version` is answered at once; anything
    else goes to the Typer application, built on first use. Its attributes are the application's,
    so it can be handed to Typer's test runner and `typer.main.get_command`.
    """

    def __init__(self) -> None:
        self._app: typer.Typer | None = None

    @property
    def typer(self) -> typer.Typer:
        if self._app is None:
            self._app = build()
        return self._app

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        if not args and not kwargs and sys.argv[1:] == ["--version"]:
            sys.stdout.write(f"veil {__version__}\n")
            return 0
        return self.typer(*args, **kwargs)

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__") or name == "_app":
            raise AttributeError(name)
        return getattr(self.typer, name)


app = Veil()
