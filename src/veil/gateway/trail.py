"""The gateway's audit trail: one event per request, made from its record and handed to the
audit writer (which never makes the request wait on the store).

What goes in is what the log line holds, plus counts by category and rule, the caller and the
conversation as keyed hashes, withheld files as keyed hashes of their paths, and the SHA-256 of
the request as it left. The user agent is scrubbed like every other text veil logs.
"""

from __future__ import annotations

import hashlib
import logging
import os
import secrets
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import platformdirs

from veil.audit.event import AuditEvent, keyed_hash
from veil.audit.process import AuditProcess
from veil.audit.store import URL_ENV, Store, StoreError, default_url, open_store, where_of
from veil.config import AuditSettings
from veil.detect.org import recordable_rule_id
from veil.gateway.record import RequestRecord

log = logging.getLogger("veil.gateway")

MAX_CLIENT = 200  # characters of the user agent kept

KEY_NAME = "audit-caller.key"


class Trail:
    """Turns request records into audit events for one writer."""

    def __init__(
        self,
        writer: AuditProcess,
        key: bytes,
        scrub: Callable[[str], str],
        store: Store | None = None,
    ) -> None:
        self.writer = writer
        self.store = store  # None when it could not be reached at start
        self._key = key
        self._scrub = scrub

    @property
    def healthy(self) -> bool:
        return self.writer.healthy

    def record(
        self, record: RequestRecord, user_agent: str, caller: str, scope: str, total: float
    ) -> None:
        """Queue the event of one finished request."""
        kinds = dict(record.findings)
        kind_categories = {k: record.categories.get(k, "secret") for k in kinds}
        categories: dict[str, int] = {}
        for kind, n in kinds.items():
            category = kind_categories[kind]
            categories[category] = categories.get(category, 0) + n
        data = {
            "method": record.method,
            "path": record.path,
            "route": record.route,
            "kinds": kinds,
            "kind_categories": kind_categories,
            "categories": categories,
            "rules": _recordable(record.rules),
            "reasons": list(record.reasons),
            "policy_key": record.policy_key,
            "masked": record.masked,
            "withheld": sorted({keyed_hash(self._key, p) for p in record.withheld_paths})
            if record.withheld_paths
            else [],
            "unscannable": record.unscannable,
            "bytes_in": record.bytes_in,
            "bytes_out": record.bytes_out,
            "total_ms": round(total * 1000, 3),
            "session": keyed_hash(self._key, scope),
            "local": record.local,
        }
        for name in ("translated", "note"):
            if getattr(record, name):
                data[name] = getattr(record, name)
        if record.disguised:
            data["disguised"] = dict(record.disguised)
        if record.dropped:
            data["dropped"] = list(record.dropped)
        if record.gated:
            data["gated"] = list(record.gated)
        event = AuditEvent(
            "gateway",
            caller=keyed_hash(self._key, caller),
            client=self._client(user_agent),
            upstream=record.upstream,
            provider=record.provider,
            model=record.model,
            tier=record.tier,
            decision=record.decision,
            applied=record.applied,
            mode="monitor" if record.monitor else "enforce",
            status=record.status,
            veil_ms=round(record.veil_seconds * 1000, 3),
            upstream_ms=round(record.upstream_seconds * 1000, 3),
            data=data,
        )
        # What went to a local model may be unmasked (`forward` there sends it as it is): its
        # copy is never kept, whatever `keep_requests` says.
        self.writer.submit(event, record.forwarded, keep=not record.local)

    def _client(self, user_agent: str) -> str:
        if not user_agent:
            return ""
        try:
            return self._scrub(user_agent)[:MAX_CLIENT]  # cut after: a cut value is not found
        except Exception:  # the event is written even when scanning fails
            return "other"

    def close(self) -> None:
        self.writer.close()


def _recordable(rules: Counter[str]) -> dict[str, int]:
    """Counts by rule, organisation rules by family (their ids spell the term)."""
    out: dict[str, int] = {}
    for rule, n in rules.items():
        name = _RECORDED.get(rule)
        if name is None:
            name = _RECORDED[rule] = recordable_rule_id(rule)  # a few hundred rules at most
        out[name] = out.get(name, 0) + n
    return out


_RECORDED: dict[str, str] = {}


def audit_url(settings: AuditSettings, env: dict[str, str]) -> str | None:
    """`VEIL_AUDIT_URL`, else `[audit] url`, else None (the default SQLite file)."""
    return env.get(URL_ENV) or settings.url


def open_trail(
    settings: AuditSettings, env: dict[str, str], scrub: Callable[[str], str]
) -> Trail | None:
    """The trail `[audit]` describes, its writer started; None when auditing is off. A store
    that cannot be reached at start is said loudly; events are spooled (or requests refused)
    until it answers."""
    if not settings.enabled:
        return None
    url = audit_url(settings, env) or default_url()
    data_dir = Path(platformdirs.user_data_dir("veil"))
    store: Store | None = None
    try:
        store = open_store(url)
        key = store.caller_key()
        where = store.where
    except StoreError as exc:
        where = where_of(url)
        log.error("AUDIT STORE UNREACHABLE at start: %s", exc)
        key = _local_key(data_dir)
    writer = AuditProcess(
        url,
        down=store is None,
        where=where,
        spool=data_dir / spool_name(where),
        batch_ms=settings.batch_ms,
        refuse_when_down=settings.on_store_failure == "refuse",
        keep_requests=settings.keep_requests,
        retention_days=settings.retention_days,
    )
    writer.start()
    return Trail(writer, key, scrub, store)


def spool_name(where: str) -> str:
    """The spool of one store: gateways sharing a data directory but not a store never replay
    each other's events into the wrong one."""
    digest = hashlib.sha256(where.encode("utf-8")).hexdigest()[:12]
    return f"audit-spool-{digest}.jsonl"


def _local_key(folder: Path) -> bytes:
    """A key for callers while the store (which holds the shared one) cannot be reached: the
    events spooled meanwhile hash callers with it, so `--caller` does not find them."""
    path = folder / KEY_NAME
    try:
        return bytes.fromhex(path.read_text(encoding="ascii"))
    except (FileNotFoundError, ValueError):
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        key = secrets.token_bytes(32)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="ascii") as out:
            out.write(key.hex())
        return key
