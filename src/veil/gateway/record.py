"""What one request leaves behind: its log line, and the errors veil answers itself."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field


class GatewayError(Exception):
    """A request veil answers itself, with a status and a message safe to show."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


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
    bytes_in: int = 0
    bytes_out: int = 0
    veil_seconds: float = 0.0
    note: str = ""
    sent: bool = False  # the whole answer has been handed to the server

    def line(self, total: float) -> str:
        found = ",".join(f"{k}:{n}" for k, n in sorted(self.findings.items())) or "none"
        note = f" note={self.note}" if self.note else ""
        return (
            f"{self.method} {self.path} route={self.route} upstream={self.upstream}"
            f" model={self.model} status={self.status} findings={found} in={self.bytes_in}B"
            f" out={self.bytes_out}B veil_ms={self.veil_seconds * 1000:.2f}"
            f" total_ms={total * 1000:.1f}{note}"
        )
