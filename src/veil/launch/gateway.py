"""The gateway a `veil run` uses: a healthy veil already listening on the configured port, or a
private one started for the call (on loopback, a free port) and stopped with it."""

from __future__ import annotations

import contextlib
import os
import re
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, TYPE_CHECKING

from veil.config import Settings
from veil.errors import VeilError
from veil.launch.probe import health, probe

if TYPE_CHECKING:
    from veil.gateway.upstream import Upstream

START_SECONDS = 30.0  # how long a private gateway may take to say where it listens
STOP_SECONDS = 10.0  # how long it has to stop after SIGTERM before it is killed
KEPT_LOGS = 20  # private gateways' logs kept in the state directory, newest first
_LISTENING = re.compile(r"listening on (http://\S+)")


class GatewayStartError(VeilError):
    """A private gateway did not start."""


@dataclass
class Gateway:
    """A veil gateway a client is pointed at: `url` is its root, without `/v1`."""

    url: str
    version: str
    config: str | None = None  # its settings' fingerprint, when it gives one
    process: subprocess.Popen[bytes] | None = None  # set when this run started it
    log: Path | None = None
    _reader: threading.Thread | None = field(default=None, repr=False)

    @property
    def started(self) -> bool:
        """Whether this run started it (and so stops it)."""
        return self.process is not None

    def stop(self) -> None:
        """Stop a private gateway: SIGTERM, a grace period, then SIGKILL. A reused one is left."""
        if self.process is None:
            return
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(STOP_SECONDS)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        if self._reader is not None:
            self._reader.join(STOP_SECONDS)


def local_url(host: str, port: int) -> str:
    """The URL a client on this machine reaches a gateway bound to `host:port` at (a wildcard
    address is reached on loopback)."""
    if host in ("", "0.0.0.0"):
        host = "127.0.0.1"
    elif host == "::":
        host = "::1"
    shown = f"[{host}]" if ":" in host else host
    return f"http://{shown}:{port}"


def find(host: str, port: int) -> Gateway | None:
    """The healthy veil listening at `host:port`, if one is."""
    url = local_url(host, port)
    found = health(url)
    return Gateway(url, found.version, found.config) if found is not None else None


def served_upstreams(settings: Settings, env: Mapping[str, str]) -> list[Upstream]:
    """The upstreams `veil serve` (no `--upstream`) resolves from `settings` and `env`, as
    build_gateway does: Ollama's added when it answers and none is configured local."""
    from veil.gateway.local import with_ollama
    from veil.gateway.upstream import resolve_upstreams

    return list(with_ollama(resolve_upstreams(settings, {}, env), env).values())


def read_key(path: Path | None) -> bytes | None:
    """The vault key a gateway's fingerprint is keyed with; never created here (None when there
    is none: then no fingerprint can be checked)."""
    if path is None:
        return None
    try:
        return path.read_bytes() or None
    except OSError:
        return None


def start(
    config: Path | None, env: Mapping[str, str], logs: Path, python: str = sys.executable
) -> Gateway:
    """Start `veil serve` on 127.0.0.1 and a free port, its output going to a log in `logs`;
    return once it listens. Its upstreams come from the config and VEIL_*_UPSTREAM as usual."""
    logs.mkdir(parents=True, exist_ok=True)
    _prune(logs)
    log = logs / f"gateway-{time.strftime('%Y%m%d-%H%M%S')}-{os.getpid()}.log"
    args = [python, "-m", "veil", "serve", "--host", "127.0.0.1", "--port", "0"]
    if config is not None:
        args += ["--config", str(config.resolve())]
    with log.open("ab") as out:
        process = subprocess.Popen(
            args,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=out,
            env=dict(env),
            # Its own session: a Ctrl-C meant for the client never stops it; it stops when the
            # client is done.
            start_new_session=True,
            preexec_fn=_die_with_parent if sys.platform == "linux" else None,
        )
    assert process.stdout is not None
    found: list[str] = []
    listening = threading.Event()
    reader = threading.Thread(
        target=_read, args=(process.stdout, log, found, listening), daemon=True
    )
    reader.start()
    deadline = time.monotonic() + START_SECONDS
    while not listening.wait(0.05):
        if process.poll() is not None or time.monotonic() > deadline:
            Gateway("", "", process=process, log=log, _reader=reader).stop()
            raise GatewayStartError(_failure(log, process.returncode))
    return Gateway(found[0], probe(found[0]) or "", process=process, log=log, _reader=reader)


def _read(stream: IO[bytes], log: Path, found: list[str], listening: threading.Event) -> None:
    """Copy what the gateway prints to its log, noting where it listens."""
    with contextlib.suppress(OSError, ValueError), log.open("ab") as out, stream:
        for line in stream:
            out.write(line)
            out.flush()
            if not listening.is_set():
                m = _LISTENING.search(line.decode(errors="replace"))
                if m:
                    found.append(m.group(1))
                    listening.set()


def _failure(log: Path, code: int | None) -> str:
    """One line: the gateway did not start, why (its log's last lines), and where to read more."""
    try:
        lines = [ln.strip() for ln in log.read_text(errors="replace").splitlines() if ln.strip()]
    except OSError:
        lines = []
    said = " | ".join(lines[-3:])[-600:] or "it printed nothing"
    how = f"it exited with code {code}" if code is not None else "it did not answer in time"
    return f"the gateway for this run did not start ({how}): {said}; the whole log: {log}"


def _prune(logs: Path) -> None:
    """Keep the newest logs only."""
    old = sorted(logs.glob("gateway-*.log"), key=lambda p: p.stat().st_mtime, reverse=True)
    for path in old[KEPT_LOGS - 1 :]:
        with contextlib.suppress(OSError):
            path.unlink()


def _die_with_parent() -> None:
    """In the child, before exec: be sent SIGTERM if `veil run` dies without stopping it."""
    import ctypes

    pr_set_pdeathsig = 1
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None, use_errno=True).prctl(pr_set_pdeathsig, signal.SIGTERM)
