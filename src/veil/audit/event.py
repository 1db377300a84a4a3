"""One audit event, its canonical form, and the hash that chains it to the one before.

An event holds kinds, counts, hashes, names of providers and models, the decision and timings:
never a value that was found. Its hash covers every column and the previous event's hash, so an
edit, a deletion, an insertion or a reordering breaks the chain at the first event it touches.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import orjson

GENESIS = "0" * 64  # the hash "before" the first event of a store
SOURCES = ("gateway", "check", "scan", "purge", "incident")


def now_iso() -> str:
    """The current time as the store writes it: UTC, microseconds, sortable as text."""
    return datetime.now(UTC).isoformat(timespec="microseconds")[:26] + "Z"  # strftime: 5x slower


def canonical(value: Any) -> str:
    """The one JSON text of `value` every gateway and `verify` agree on: keys sorted, no
    spaces (orjson: a tenth of the standard library's time, on the writer's every event)."""
    return orjson.dumps(value, option=orjson.OPT_SORT_KEYS).decode("utf-8")


def keyed_hash(key: bytes, value: str) -> str:
    """A name others can match (`--caller alice`) but not read back from the store: HMAC-SHA256,
    cut to 16 bytes. Empty for an empty name."""
    if not value:
        return ""
    return hmac.new(key, value.encode("utf-8"), hashlib.sha256).hexdigest()[:32]


@dataclass
class AuditEvent:
    """What one request, check or scan left behind. `data` holds the rest: finding counts by
    kind and category, rules hit, reasons, withheld path hashes, sizes, timings, the SHA-256 of
    the request as sent (JSON-able values only, never a value that was found)."""

    source: str
    ts: str = field(default_factory=now_iso)
    caller: str = ""  # keyed hash of the caller the gateway scopes by
    client: str = ""  # the user agent, as safe to log
    upstream: str = ""
    provider: str = ""
    model: str = ""
    tier: str = ""
    decision: str = ""
    applied: str = ""
    mode: str = ""  # enforce or monitor
    status: int = 0
    veil_ms: float = 0.0  # veil's own time on the request
    upstream_ms: float = 0.0  # from sending upstream to the answer's last byte
    data: dict[str, Any] = field(default_factory=dict)
    request: bytes | None = None  # the masked request as sent, kept only when configured
    seq: int = 0  # position in the chain, set when appended
    prev_hash: str = ""
    hash: str = ""

    def columns(self) -> dict[str, Any]:
        """Every hashed column, `data` as its canonical text."""
        return {
            "seq": self.seq,
            "ts": self.ts,
            "source": self.source,
            "caller": self.caller,
            "client": self.client,
            "upstream": self.upstream,
            "provider": self.provider,
            "model": self.model,
            "tier": self.tier,
            "decision": self.decision,
            "applied": self.applied,
            "mode": self.mode,
            "status": self.status,
            # As the database gives them back: a float (an int 5 reads back 5.0), never -0.0.
            "veil_ms": float(self.veil_ms) + 0.0,
            "upstream_ms": float(self.upstream_ms) + 0.0,
            "data": canonical(self.data),
        }

    def to_dict(self) -> dict[str, Any]:
        """The event as `veil audit show` and the JSONL export print it."""
        out = {k: v for k, v in self.columns().items() if k != "data"}
        out["data"] = self.data
        out["prev_hash"], out["hash"] = self.prev_hash, self.hash
        return out


def chain_hash(prev_hash: str, columns: dict[str, Any]) -> str:
    """The hash of an event whose columns are `columns`, following `prev_hash`: the previous
    hash, the columns but `data` as one JSON array (it holds no line break), then `data`'s
    text as it is stored (not escaped a second time)."""
    head = canonical([v for k, v in columns.items() if k != "data"])
    text = prev_hash + "\n" + head + "\n" + columns["data"]
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def seal(event: AuditEvent, seq: int, prev_hash: str) -> AuditEvent:
    """`event` placed at `seq` after `prev_hash`, its own hash set."""
    event.seq, event.prev_hash = seq, prev_hash
    event.hash = chain_hash(prev_hash, event.columns())
    return event


def counts_of(event: AuditEvent) -> list[tuple[str, str, int]]:
    """(what, name, n) rows that make the store's filters and statistics fast: finding kinds
    and rules hit (categories are the kinds', in `data`)."""
    rows: list[tuple[str, str, int]] = []
    for what, key in (("kind", "kinds"), ("rule", "rules")):
        found = event.data.get(key) or {}
        if isinstance(found, dict):
            rows.extend((what, str(name), int(n)) for name, n in found.items())
    return rows
