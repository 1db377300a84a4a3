"""`veil dashboard`: the dashboard alone over an audit store, on 127.0.0.1:8788 by default."""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

import typer

from veil.cli.audit import store_failure
from veil.cli.errors import fail, usage_errors

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8788


def dashboard(
    url: str | None = typer.Option(
        None,
        "--url",
        help="Audit store: sqlite:///PATH or postgresql://... (VEIL_AUDIT_URL, [audit] url).",
    ),
    host: str = typer.Option(DEFAULT_HOST, "--host", help="Address to listen on."),
    port: int = typer.Option(
        DEFAULT_PORT, "--port", "-p", min=0, max=65535, help="Port to listen on (0: any free)."
    ),
    config: Path | None = typer.Option(None, "--config", "-c", help="veil.toml to use."),
) -> None:
    """Serve the dashboard over an audit store; beyond loopback, only with an access token.

    Examples:

    ```
    veil dashboard
    veil dashboard --port 9000
    veil dashboard --url sqlite:///ci-audit.db
    ```
    """
    with usage_errors():
        import uvicorn

        from veil.audit.store import URL_ENV, StoreError, open_store
        from veil.config import load_settings
        from veil.dashboard.app import Dashboard
        from veil.gateway.admission import TOKEN_ENV, load_tokens
        from veil.gateway.hosts import is_loopback
        from veil.gateway.server import GracefulServer, bind

        settings = load_settings(config)
        tokens = load_tokens(settings.gateway.tokens_file, os.environ.get(TOKEN_ENV))
        if not is_loopback(host) and not tokens:
            fail(
                f"listening on {host} needs an access token: set {TOKEN_ENV} or [gateway]"
                " tokens_file; browsers then open the dashboard once with ?token=..."
            )
        try:
            store = open_store(url or os.environ.get(URL_ENV) or settings.audit.url)
        except StoreError as exc:
            fail(store_failure(exc))
        sock = bind(host, port)
    shown = f"[{host}]" if ":" in host else host
    print(f"veil dashboard listening on http://{shown}:{sock.getsockname()[1]}/_veil/", flush=True)
    print(f"  audit store: {store.where}", flush=True)
    server = GracefulServer(  # Ctrl-C and SIGTERM: exit code 0
        uvicorn.Config(
            Dashboard(store, tokens=tokens),
            lifespan="off",
            access_log=False,  # a ?token= would be in the access log
            log_level="warning",
        )
    )
    try:
        with contextlib.suppress(KeyboardInterrupt):
            server.run(sockets=[sock])
    finally:
        store.close()
