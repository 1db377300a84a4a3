"""Where `veil run` sends a client: the gateway of the run, the upstreams veil knows by name, and
how a base URL on this machine is told apart: another veil (sent to this run's instead) or a
model server (left alone: nothing leaves the machine)."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

from veil.gateway.hosts import is_loopback
from veil.gateway.upstream import DEFAULT_BASE_URLS
from veil.launch.probe import probe


@dataclass(frozen=True)
class Target:
    """The gateway a client is pointed at."""

    root: str  # its URL, without `/v1`
    upstreams: frozenset[str] = frozenset(DEFAULT_BASE_URLS)  # a path `/NAME/...` reaches NAME
    veil_port: int | None = None  # where veil is configured to listen: a loopback URL there is one
    token: bool = False  # clients that can send VEIL_TOKEN's value in a veil-token header do

    def is_veil(self, url: str) -> bool:
        """Whether `url` (on this machine) is a veil: on veil's port, or answering as one."""
        if self.veil_port is not None and _port(url) == self.veil_port:
            return True
        parts = urlsplit(url)
        return probe(f"{parts.scheme}://{parts.netloc}") is not None


def is_local(url: str) -> bool:
    """Whether `url` names this machine (localhost, 127/8, ::1)."""
    try:
        host = urlsplit(url if "//" in url else "//" + url).hostname
    except ValueError:
        return False
    return host is not None and is_loopback(host)


def rebase(url: str, root: str) -> str:
    """`url`'s path (and query) on `root` instead of its own scheme, host and port."""
    parts = urlsplit(url)
    query = f"?{parts.query}" if parts.query else ""
    return root + parts.path.rstrip("/") + query


def _port(url: str) -> int | None:
    try:
        parts = urlsplit(url)
        return parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError:
        return None
