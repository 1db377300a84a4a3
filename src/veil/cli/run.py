"""`veil run -- CLIENT [ARGS]...`: an AI client run through veil."""

from __future__ import annotations

from pathlib import Path

import typer

from veil.cli.errors import fail, usage_errors


def run(
    command: list[str] = typer.Argument(
        None, metavar="COMMAND", help="The client to run (after --) and its own arguments."
    ),
    config: Path | None = typer.Option(
        None, "--config", "-c", help="veil.toml to use (./veil.toml when present)."
    ),
    port: int | None = typer.Option(
        None,
        "--port",
        "-p",
        min=1,
        max=65535,
        help="Port a running veil is looked for on ([gateway] port, 8787).",
    ),
    new: bool = typer.Option(
        False, "--new", help="Start a gateway for this run even if veil is already running."
    ),
    quiet: bool = typer.Option(
        False, "--quiet", "-q", help="Do not say which gateway is used (warnings still show)."
    ),
) -> None:
    """Run an AI client (claude, codex, aider, llm, cn, any command) through veil.

    The running gateway on the configured port is used when it is a healthy veil with this
    run's settings, upstreams and workspace (its fingerprint says so), else one is started for
    this run and stopped with it. Claude Code, Codex CLI, Aider, llm and Continue CLI are set up
    each its own way (telemetry and auto-update off), also when started through npx, bunx, pnpm
    dlx or env; any other command gets ANTHROPIC_BASE_URL and OPENAI_BASE_URL. Your API keys
    pass through; the exit code and signals are the client's.

    Examples:

    ```
    veil run -- claude
    veil run -- codex exec "why does the build fail?"
    veil run --new -- llm -m gpt-4o-mini "summarise notes.md"
    veil run -- npx @openai/codex exec "fix the failing test"
    veil run -c team/veil.toml -- python my_agent.py
    ```
    """
    if not command:
        fail("name the client to run after --, e.g. veil run -- claude")
    from veil.launch.child import exit_like

    with usage_errors():
        code = _launch(command, config, port, new, quiet)
    exit_like(code)


def _launch(
    command: list[str], config: Path | None, port: int | None, new: bool, quiet: bool
) -> int:
    import platformdirs

    from veil.config import load_settings
    from veil.launch.child import CommandError
    from veil.launch.session import Where, launch
    from veil.vault.vault import KEY_FILE

    where = Where(
        settings=load_settings(config),
        config=config,
        state=Path(platformdirs.user_state_dir("veil")),
        port=port,
        new=new,
        vault_key=Path(platformdirs.user_config_dir("veil")) / KEY_FILE,
    )

    def say(text: str) -> None:
        if not quiet:
            typer.echo(f"veil: {text}", err=True)

    def warn(text: str) -> None:
        typer.echo(f"veil: warning: {text}", err=True)

    try:
        return launch(command, where, say, warn)
    except CommandError as exc:
        typer.echo(f"veil: error: {exc}", err=True)
        raise typer.Exit(exc.code) from None
