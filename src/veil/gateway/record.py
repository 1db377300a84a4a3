"""What one request leaves behind: its log line, and the errors veil answers itself.

Nothing from a request is written unless it is known to be safe: a method or path veil does not
know is logged as `other`, and a model name only when it has a model name's shape and the
detectors find nothing in it.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Container, Sequence
from dataclasses import dataclass, field

_METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})
_MODEL = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:/@+-]{0,79}")
OTHER = "other"


class GatewayError(Exception):
    """A request veil answers itself, with a status and a message safe to show (it names what
    was wrong, never a value from the request)."""

    def __init__(
        self,
        status: int,
        message: str,
        headers: Sequence[tuple[str, str]] = (),
        code: str | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.headers = headers
        self.code = code  # OpenAI's `error.code`, for clients that script against it


def loggable_method(method: str) -> str:
    return method if method in _METHODS else OTHER


def loggable_path(path: str, known: Container[str]) -> str:
    """`path` if it is one of veil's own routes, else `other`."""
    path = path.rstrip("/") or "/"
    return path if path in known else OTHER


def loggable_model(model: str, scrub: Callable[[str], str]) -> str:
    """`model` if it looks like a model name and the detectors find nothing in it (`other`
    when they cannot tell: the log line is written even when scanning fails)."""
    try:
        safe = _MODEL.fullmatch(model) is not None and scrub(model) == model
    except Exception:
        safe = False
    return model if safe else OTHER


@dataclass
class RequestRecord:
    """What one request's log line says: never a value, never a key."""

    method: str
    path: str
    route: str = "-"
    upstream: str = "-"
    model: str = "-"
    status: int = 0
    findings: Counter[str] = field(default_factory=Counter)
    unscannable: int = 0  # parts of the body no detector can read (images, token ids)
    bytes_in: int = 0
    bytes_out: int = 0
    veil_seconds: float = 0.0
    note: str = ""
    sent: bool = False  # the whole answer has been handed to the server
    provider: str = "-"
    tier: str = "unknown"  # Public, Internal, Restricted; unknown before classification
    decision: str = "none"  # forward, mask, pseudonymize, local, block; none before deciding
    applied: str = "none"  # what was done (monitor mode, or no local upstream, differ)
    monitor: bool = False
    reasons: tuple[str, ...] = ()  # kinds, rule ids, config patterns: never a value or a path
    policy_key: str = ""  # the config key that set the decision
    masked: int = 0
    disguised: Counter[str] = field(default_factory=Counter)  # names, hosts, comments: counts
    translated: str = ""  # `messages>chat`: the wire formats of a request kept local
    dropped: list[str] = field(default_factory=list)  # parts a translation could not carry
    gated: list[str] = field(default_factory=list)  # `stopped:exfiltration`, per tool call
    # For the audit event only, never the log line:
    rules: Counter[str] = field(default_factory=Counter)  # findings by rule id
    categories: dict[str, str] = field(default_factory=dict)  # kind -> category
    # Tool results of deny-listed files replaced by a notice: the paths their calls named, for
    # the audit event only (hashed before they are written), never the log line.
    withheld_paths: list[str] = field(default_factory=list)
    upstream_seconds: float = 0.0  # from sending upstream to the answer's last byte
    forwarded: bytes | None = None  # the request as it left, hashed when its event is queued
    local: bool = False  # sent to a model on this machine (unmasked where the policy allows)

    @property
    def withheld(self) -> int:
        return len(self.withheld_paths)

    def headers(self) -> list[tuple[bytes, bytes]]:
        """`veil-tier` and `veil-decision` (and `veil-mode` in monitor mode), on every answer."""
        out = [(b"veil-tier", self.tier.encode()), (b"veil-decision", self.decision.encode())]
        if self.monitor:
            out.append((b"veil-mode", b"monitor"))
        return out

    def line(self, total: float) -> str:
        found = ",".join(f"{k}:{n}" for k, n in sorted(self.findings.items())) or "none"
        note = f" unscannable={self.unscannable}" if self.unscannable else ""
        note += f" withheld={self.withheld}" if self.withheld else ""
        if self.monitor or self.applied not in (self.decision, "none"):
            note += f" applied={self.applied}" + (" mode=monitor" if self.monitor else "")
        if self.disguised:
            note += " disguised=" + ",".join(f"{k}:{n}" for k, n in sorted(self.disguised.items()))
        if self.translated:
            note += f" translated={self.translated}"
        if self.dropped:
            note += " dropped=" + ",".join(d.replace(" ", "_") for d in self.dropped)
        note += " gate=" + ",".join(self.gated) if self.gated else ""
        note += f" note={self.note}" if self.note else ""
        return (
            f"{self.method} {self.path} route={self.route} upstream={self.upstream}"
            f" model={self.model} status={self.status} tier={self.tier}"
            f" decision={self.decision} findings={found} in={self.bytes_in}B"
            f" out={self.bytes_out}B veil_ms={self.veil_seconds * 1000:.2f}"
            f" total_ms={total * 1000:.1f}{note}"
        )
