"""`veil serve`: the gateway, on 127.0.0.1:8787 by default."""

from __future__ import annotations

from pathlib import Path

import typer

from veil.cli.errors import fail, usage_errors


def serve(
    host: str | None = typer.Option(None, "--host", help="Address to listen on (127.0.0.1)."),
    port: int | None = typer.Option(
        None, "--port", "-p", min=0, max=65535, help="Port to listen on (8787)."
    ),
    config: Path | None = typer.Option(None, "--config", "-c", help="veil.toml to use."),
    upstream: list[str] = typer.Option(
        None,
        "--upstream",
        metavar="NAME=URL",
        help="Base URL of an upstream (openai=, anthropic=).",
    ),
) -> None:
    """Run the gateway: mask what clients send, restore what providers answer.

    Examples:

    ```
    veil serve
    veil serve --port 9000 --config veil.toml
    veil serve --upstream openai=http://127.0.0.1:11434/v1
    ```
    """
    overrides: dict[str, str] = {}
    for item in upstream or []:
        name, sep, url = item.partition("=")
        if not sep or not name or not url:
            fail(f"--upstream {item!r}: expected NAME=URL, e.g. openai=http://127.0.0.1:9000/v1")
        overrides[name.strip()] = url.strip()
    with usage_errors():
        from veil.config import load_settings
        from veil.gateway.server import build_gateway
        from veil.gateway.server import serve as run_gateway

        settings = load_settings(config)
        gateway = build_gateway(settings, overrides=overrides, audit=True)
        run_gateway(
            gateway,
            host if host is not None else settings.gateway.host,
            port if port is not None else settings.gateway.port,
        )
