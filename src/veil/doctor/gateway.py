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
    """Green when veil answers where `[gateway]` says it listens (even asking for a token)."""
    url = gateway_url(settings)
    verdict = veils.judge(url)
    title = "the gateway is up"
    if verdict.routed:
        return Check("gateway.up", title, Status.GREEN, verdict.words)
    if verdict.answer is not None and verdict.answer.answered:
        return Check(
            "gateway.up",
            title,
            Status.YELLOW,
            f"something other than veil answers at {url}",
            "stop it, or set [gateway] port in veil.toml to a free port",
        )
    return Check(
        "gateway.up",
        title,
        Status.YELLOW,
        f"veil is not running at {url}",
        "start it with `veil serve`, or run a client with `veil run -- <client>`",
    )
