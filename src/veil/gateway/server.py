"""Building the gateway from settings, and running it on uvicorn."""

from __future__ import annotations

import contextlib
import ipaddress
import logging
import os
import signal
import socket
import sys
from collections.abc import Iterator, Mapping

import aiohttp
import uvicorn

from veil.config import Settings, active_rules
from veil.detect import recall
from veil.detect.engine import Engine
from veil.errors import UsageError
from veil.gateway.app import Gateway
from veil.gateway.disguise import Disguise
from veil.gateway.upstream import resolve_upstreams
from veil.vault.vault import Vault, load_or_create_key

TOKEN_ENV = "VEIL_TOKEN"
log = logging.getLogger("veil.gateway")


def build_gateway(
    settings: Settings,
    *,
    overrides: Mapping[str, str] | None = None,
    env: Mapping[str, str] = os.environ,
    vault: Vault | None = None,
    session: aiohttp.ClientSession | None = None,
) -> Gateway:
    """The gateway these settings describe: engine in recall mode, upstreams, vault, token."""
    upstreams = resolve_upstreams(settings, overrides or {}, env)
    engine = Engine(active_rules(settings) + recall.RULES, recall=True)
    conf = settings.gateway
    return Gateway(
        upstreams=upstreams,
        disguise=Disguise(engine),
        vault=vault or Vault(load_or_create_key()),
        token=env.get(TOKEN_ENV) or None,
        max_body_bytes=conf.max_body_bytes,
        connect_timeout=conf.connect_timeout,
        read_timeout=conf.read_timeout,
        session=session,
    )


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def bind(host: str, port: int) -> socket.socket:
    """A listening socket, so that the real port is known (port 0 picks a free one)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except (OSError, OverflowError) as exc:
        sock.close()
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        raise UsageError(f"cannot listen on {host}:{port}: {reason}") from None
    sock.listen(2048)
    sock.set_inheritable(True)
    return sock


def serve(gateway: Gateway, host: str, port: int) -> None:
    """Listen until Ctrl-C or SIGTERM; print where, and what each client needs."""
    if not is_loopback(host) and gateway.token is None:
        raise UsageError(
            f"listening on {host} needs an access token: set {TOKEN_ENV}, and have clients send"
            " it in a veil-token header"
        )
    sock = bind(host, port)
    real_port = sock.getsockname()[1]
    shown = f"[{host}]" if ":" in host else host
    base = f"http://{shown}:{real_port}"
    print(f"veil listening on {base}", flush=True)
    print(f"  export ANTHROPIC_BASE_URL={base}      # Claude Code, anthropic SDK", flush=True)
    print(f"  export OPENAI_BASE_URL={base}/v1      # openai SDK, Aider, Continue, llm", flush=True)
    print(f'  Codex CLI: base_url = "{base}/v1" in a [model_providers] entry', flush=True)
    for up in gateway.upstreams.values():
        print(f"  upstream {up.name} ({up.kind}) -> {up.where}", flush=True)
    logging.basicConfig(stream=sys.stderr, level=logging.INFO, format="veil: %(message)s")
    logging.getLogger("httpx").setLevel(logging.WARNING)
    config = uvicorn.Config(
        gateway,
        lifespan="on",
        access_log=False,
        log_level="warning",
        timeout_graceful_shutdown=5,
    )
    _Server(config).run(sockets=[sock])
    log.info("stopped")


class _Server(uvicorn.Server):
    """uvicorn, except that Ctrl-C and SIGTERM end it with exit code 0 after a graceful
    shutdown (uvicorn re-raises the signal, which ends in a traceback or a signal status)."""

    @contextlib.contextmanager
    def capture_signals(self) -> Iterator[None]:
        signals = (signal.SIGINT, signal.SIGTERM)
        previous = {s: signal.signal(s, self.handle_exit) for s in signals}
        try:
            yield
        finally:
            for s, handler in previous.items():
                signal.signal(s, handler)
