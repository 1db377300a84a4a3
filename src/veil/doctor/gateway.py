"""The gateway's check: is veil answering where `[gateway]` says it listens?"""

from __future__ import annotations

from veil.config import Settings
from veil.doctor.report import Check, Status
from veil.doctor.tools import Veils

_WILDCARDS = ("0.0.0.0", "::", "")


def gateway_url(settings: Settings) -> str:
    """Where clients on this machine reach the configured gateway."""
    host = settings.gateway.host
    host = "127.0.0.1" if host in _WILDCARDS else host
    shown = f"[{host}]" if ":" in host else host
    return f"http://{shown}:{settings.gateway.port}"


def gateway_check(settings: Settings, veils: Veils) -> Check:
    url = gateway_url(settings)
    is_veil, words = veils.judge(url)
    title = "the gateway is up"
    if is_veil and not words.startswith("veil's port"):
        return Check("gateway.up", title, Status.GREEN, words)
    return Check(
        "gateway.up",
        title,
        Status.YELLOW,
        f"no veil answers at {url}",
        "start it with `veil serve`, or run a client with `veil run -- <client>`",
    )
