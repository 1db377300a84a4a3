"""Writing events off the request path: a queue, a thread, batches, a spool when the store fails.

`submit` never waits on the store: it puts the event on a queue. One thread takes what has
queued every `batch_ms`, hashes the requests as sent, and appends the batch in one transaction.
If the store cannot be written, the batch goes to a local spool file (JSON lines, under a file
lock, fsynced) that is replayed first once the store answers again; `healthy` tells the gateway
to refuse requests meanwhile when the policy says so. `close` writes everything still queued: an
event whose answer the client received is never lost on a clean stop or SIGTERM, and a crash
loses at most what was queued in the last `batch_ms`.
"""

from __future__ import annotations

import base64
import contextlib
import fcntl
import hashlib
import json
import logging
import os
import queue
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from veil.audit.event import AuditEvent
from veil.audit.incidents import record_incidents
from veil.audit.store import Store, StoreError

log = logging.getLogger("veil.audit")

MAX_BATCH = 1000  # events per transaction
RETRY_SECONDS = 2.0  # how often a failed store is tried again while events wait in the spool
PURGE_EVERY = 24 * 3600.0
STALLED_SECONDS = 30.0  # close() gives up on a store that takes nothing for this long


class AuditWriter:
    """Batches events into a store from one background thread."""

    def __init__(
        self,
        opener: Callable[[], Store],
        *,
        store: Store | None = None,
        down: bool = False,
        where: str,
        spool: Path,
        batch_ms: int = 50,
        refuse_when_down: bool = False,
        keep_requests: bool = False,
        retention_days: int | None = None,
    ) -> None:
        self._opener = opener
        self.where = where  # the store, as safe to print
        self.spool = spool
        self._interval = batch_ms / 1000
        self._refuse = refuse_when_down
        self._keep = keep_requests
        self._retention = retention_days
        self._queue: queue.SimpleQueue[tuple[AuditEvent, bytes | None] | None] = queue.SimpleQueue()
        self._store = store  # opened by the caller already, or on the first write
        self._down = down  # the last write failed (or the caller's open, already said)
        self._next_purge = 0.0
        self._thread = threading.Thread(target=self._run, name="veil-audit", daemon=True)
        self._started = False
        self.written = 0  # events appended to the store (spooled ones once replayed)
        self._progress = 0  # events written or spooled: what close() watches

    @property
    def healthy(self) -> bool:
        """False while the store cannot be written and the policy is to refuse requests."""
        return not (self._refuse and self._down)

    def start(self) -> None:
        if not self._started:
            self._started = True
            self._thread.start()

    def submit(self, event: AuditEvent, sent: bytes | None = None) -> None:
        """Queue `event`; `sent` is the request as it left (hashed, and kept if configured)."""
        self._queue.put((event, sent))

    def close(self, stalled: float = STALLED_SECONDS) -> None:
        """Write everything queued, however long that takes while the store takes events; if it
        takes none for `stalled` seconds (a hung server), what is still queued goes to the
        spool, and only the batch the thread is stuck on can be lost (said on the log)."""
        if self._started:
            self._queue.put(None)
            progress, since = self._progress, time.monotonic()
            while self._thread.is_alive():
                self._thread.join(0.5)
                if self._progress != progress:
                    progress, since = self._progress, time.monotonic()
                elif time.monotonic() - since > stalled:
                    left = [self._prepared(e, sent) for e, sent in self._drain_nowait()]
                    if left:
                        self._spool(left)
                    log.error(
                        "audit: the store took no events for %d s; %d queued events were spooled"
                        " to %s, and the batch being written may be lost",
                        stalled,
                        len(left),
                        self.spool,
                    )
                    return  # the stuck thread keeps the store; the process is ending
        if self._store is not None:
            with contextlib.suppress(Exception):
                self._store.close()
            self._store = None

    def _drain_nowait(self) -> Iterator[tuple[AuditEvent, bytes | None]]:
        while True:
            try:
                item = self._queue.get_nowait()
            except queue.Empty:
                return
            if item is not None:
                yield item

    def _run(self) -> None:
        stopping = False
        while not stopping:
            try:
                first = self._queue.get(timeout=RETRY_SECONDS if self._down else PURGE_EVERY)
            except queue.Empty:
                self._write([])  # retry the spool, purge when due
                continue
            if first is None:
                stopping = True
                batch = []
            else:
                batch = [first]
                deadline = time.monotonic() + self._interval
                while len(batch) < MAX_BATCH:
                    left = deadline - time.monotonic()
                    if left <= 0:
                        break
                    try:
                        item = self._queue.get(timeout=left)
                    except queue.Empty:
                        break
                    if item is None:
                        stopping = True
                        break
                    batch.append(item)
            if stopping:
                batch.extend(self._drain_nowait())
            self._write(batch)

    def _write(self, batch: Sequence[tuple[AuditEvent, bytes | None]]) -> None:
        events = [self._prepared(event, sent) for event, sent in batch]
        try:
            store = self._open()
            self._replay(store)
            for start in range(0, len(events), MAX_BATCH):
                chunk = events[start : start + MAX_BATCH]
                store.append(chunk)
                self.written += len(chunk)
                self._progress += len(chunk)
                record_incidents(store, chunk)
            self._purge_if_due(store)
        except StoreError as exc:
            self._failed(str(exc))
            if events:
                self._spool(events)
            return
        except Exception as exc:  # never let the thread die: spool and say so
            log.exception("audit: writing events failed")
            self._failed(f"{type(exc).__name__} while writing")
            if events:
                self._spool(events)
            return
        if self._down:
            log.warning("audit store %s is back: spooled events written", self.where)
        self._down = False

    def _prepared(self, event: AuditEvent, sent: bytes | None) -> AuditEvent:
        if sent is not None:
            event.data["request_sha256"] = hashlib.sha256(sent).hexdigest()
            if self._keep:
                event.request = sent
                event.data["request_kept"] = True  # so that verify sees the copy removed
        return event

    def _open(self) -> Store:
        if self._store is None:
            self._store = self._opener()
        return self._store

    def _failed(self, reason: str) -> None:
        if not self._down:
            then = "requests are refused (503)" if self._refuse else "veil keeps serving"
            log.error(
                "AUDIT STORE UNREACHABLE: %s; %s, and events are spooled to %s until it is back",
                reason,
                then,
                self.spool,
            )
        self._down = True

    def _spool(self, events: Sequence[AuditEvent]) -> None:
        self._progress += len(events)  # spooled counts as progress: nothing is stuck
        lines = "".join(json.dumps(_spooled(e), separators=(",", ":")) + "\n" for e in events)
        self.spool.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd = os.open(self.spool, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            os.write(fd, lines.encode("ascii"))
            os.fsync(fd)
        finally:
            os.close(fd)

    def _replay(self, store: Store) -> None:
        """Append what the spool holds, oldest first, then empty it (under its lock, so two
        gateways sharing a data directory do not replay the same events twice)."""
        try:
            fd = os.open(self.spool, os.O_RDWR)
        except FileNotFoundError:
            return
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            with os.fdopen(os.dup(fd), "rb") as spooled:
                events = [_unspooled(json.loads(line)) for line in spooled if line.strip()]
            for start in range(0, len(events), MAX_BATCH):
                store.append(events[start : start + MAX_BATCH])
                record_incidents(store, events[start : start + MAX_BATCH])
            self.written += len(events)
            os.ftruncate(fd, 0)
            os.fsync(fd)
        finally:
            os.close(fd)
        with contextlib.suppress(OSError):
            if self.spool.stat().st_size == 0:
                self.spool.unlink()

    def _purge_if_due(self, store: Store) -> None:
        if self._retention is None or time.monotonic() < self._next_purge:
            return
        self._next_purge = time.monotonic() + PURGE_EVERY
        cutoff = datetime.now(UTC) - timedelta(days=self._retention)
        before = cutoff.strftime("%Y-%m-%dT%H:%M:%S.%fZ")
        purged = store.purge(before, AuditEvent("purge", data={"retention_days": self._retention}))
        if purged:
            log.info("audit: purged %d events older than %d days", purged, self._retention)


def _spooled(event: AuditEvent) -> dict[str, Any]:
    out = {k: v for k, v in event.columns().items() if k != "seq"}
    out["data"] = event.data
    if event.request is not None:
        out["request"] = base64.b64encode(event.request).decode("ascii")
    return out


def _unspooled(raw: dict[str, Any]) -> AuditEvent:
    request = raw.pop("request", None)
    event = AuditEvent(**raw)
    if request is not None:
        event.request = base64.b64decode(request)
    return event
