"""`veil mcp`: the MCP server on stdin and stdout, for agents such as Claude Code."""

from __future__ import annotations

from pathlib import Path

import typer

from veil.cli.errors import usage_errors


def mcp(
    config: Path | None = typer.Option(
        None, "--config", "-c", help="veil.toml to use (default: ./veil.toml if present)."
    ),
) -> None:
    """Serve MCP over stdio: read_file (deny-list aware, masked), scan, sanitize, restore and
    check. Register it with `claude mcp add veil -- veil mcp`.

    Examples:

    ```
    veil mcp
    veil mcp --config veil.toml
    claude mcp add veil -- veil mcp
    ```
    """
    with usage_errors():
        from veil.config import load_settings
        from veil.mcp.server import build_server

        server = build_server(load_settings(config))
    try:
        server.run("stdio")
    except KeyboardInterrupt:  # Ctrl-C in a terminal: no traceback
        raise typer.Exit(130) from None
