"""Writing events off the request path: a queue, a thread, batches, a spool when the store fails.

`submit` never waits on the store: it hashes the request as sent and puts the event on a queue.
One thread takes what has queued every `batch_ms` and appends it in one transaction. If the
store cannot be written, the events go to a local spool file (JSON lines, under a file lock,
fsynced) that is replayed first once the store answers again; `healthy` tells the gateway to
refuse requests meanwhile when the policy says so. `close` writes everything still queued: an
event whose answer the client received is not lost on a clean stop or SIGTERM. A crash loses
what was queued: the last `batch_ms` while the store keeps up, at most `MAX_QUEUED` events when
it does not (past that, events are spooled at once).
"""

from __future__ import annotations

import base64
import contextlib
import fcntl
import hashlib
import logging
import os
import queue
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path

import orjson

from veil.audit.event import AuditEvent
from veil.audit.incidents import record_incidents
from veil.audit.store import Store, StoreError

log = logging.getLogger("veil.audit")

MAX_BATCH = 1000  # events per transaction
RETRY_SECONDS = 2.0  # how often a failed store is tried again while events wait in the spool
PURGE_EVERY = 24 * 3600.0
STALLED_SECONDS = 30.0  # close() gives up on a store that takes nothing for this long
MAX_QUEUED = 50_000  # events waiting for the writer before new ones go straight to the spool


class AuditWriter:
    """Batches events into a store from one background thread."""

    def __init__(
        self,
        opener: Callable[[], Store],
        *,
        down: bool = False,
        where: str,
        spool: Path,
        batch_ms: int = 50,
        refuse_when_down: bool = False,
        keep_requests: bool = False,
        retention_days: int | None = None,
        on_health: Callable[[bool], None] | None = None,
    ) -> None:
        self._opener = opener
        self._on_health = on_health  # told each time the store goes down or comes back
        self.where = where  # the store, as safe to print
        self.spool = spool
        self._interval = batch_ms / 1000
        self._refuse = refuse_when_down
        self._keep = keep_requests
        self._retention = retention_days
        self._queue: queue.SimpleQueue[AuditEvent | None] = queue.SimpleQueue()
        self._store: Store | None = None  # opened on the first write
        self._down = down  # the last write failed (or the caller's open, already said)
        self._stranded: list[AuditEvent] = []  # neither stored nor spooled (the disk failed)
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

    def submit(self, event: AuditEvent, sent: bytes | None = None, *, keep: bool = True) -> None:
        """Queue `event`; `sent` is the request as it left: hashed here, so that the queue
        holds no request bodies, and kept on the event when configured and `keep` allows (a
        request sent unmasked to a local model never is). Past `MAX_QUEUED` events waiting
        (a store far slower than the requests), the event goes straight to the spool."""
        prepare(event, sent, keep=self._keep and keep)
        if self._queue.qsize() >= MAX_QUEUED:
            self._spool_or_strand([event])
            return
        self._queue.put(event)

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
                    left = list(self._drain_nowait())
                    self._spool_or_strand(left)
                    log.error(
                        "audit: the store took no events for %d s; %d queued events were spooled"
                        " to %s, and the batch being written may be lost",
                        stalled,
                        len(left),
                        self.spool,
                    )
                    return  # the stuck thread keeps the store; the process is ending
        if self._stranded:
            log.error(
                "audit: %d events could be neither stored nor spooled and are lost",
                len(self._stranded),
            )
        if self._store is not None:
            with contextlib.suppress(Exception):
                self._store.close()
            self._store = None

    def _drain_nowait(self) -> Iterator[AuditEvent]:
        while True:
            try:
                item = self._queue.get_nowait()
            except queue.Empty:
                return
            if item is not None:
                yield item

    def _run(self) -> None:
        while True:
            try:
                first = self._queue.get(timeout=RETRY_SECONDS if self._down else PURGE_EVERY)
            except queue.Empty:
                self._write([])  # retry the spool, purge when due
                continue
            if first is not None:
                # Sleep, then take what queued meanwhile: one wake-up a batch, not one an event
                # (each would take Python's lock from the event loop).
                time.sleep(self._interval)
            batch, stopping = take(self._queue, first)
            self._write(batch)
            if stopping:
                return

    def _write(self, batch: Sequence[AuditEvent]) -> None:
        """Append `batch` (after what the spool and memory hold); on failure, spool what was
        not committed. Opening incidents and purging are separate: their failure is logged and
        never puts events already stored back in the spool."""
        events = [*self._stranded, *batch]
        self._stranded = []
        try:
            store = self._open()
            self._replay(store)
        except Exception as exc:
            self._spool_or_strand(events)  # first: saying so can fail (a closed pipe)
            self._failed(exc)
            return
        for start in range(0, len(events), MAX_BATCH):
            chunk = events[start : start + MAX_BATCH]
            try:
                store.append(chunk)
            except Exception as exc:
                self._spool_or_strand(events[start:])
                self._failed(exc)
                return
            self.written += len(chunk)
            self._progress += len(chunk)
            self._incidents(store, chunk)
        try:
            self._purge_if_due(store)
        except Exception:
            log.exception("audit: the retention purge failed; it is tried again tomorrow")
        if self._down:
            log.warning("audit store %s is back: spooled events written", self.where)
        self._mark(down=False)

    def _incidents(self, store: Store, events: Sequence[AuditEvent]) -> None:
        try:
            record_incidents(store, events)
        except Exception:
            log.exception("audit: opening incidents failed (the events are stored)")

    def _open(self) -> Store:
        if self._store is None:
            self._store = self._opener()
        return self._store

    def _failed(self, exc: Exception) -> None:
        if not isinstance(exc, StoreError):
            log.error("audit: writing events failed (%s)", type(exc).__name__, exc_info=exc)
        if not self._down:
            then = "requests are refused (503)" if self._refuse else "veil keeps serving"
            reason = str(exc) if isinstance(exc, StoreError) else type(exc).__name__
            log.error(
                "AUDIT STORE UNREACHABLE: %s; %s, and events are spooled to %s until it is back",
                reason,
                then,
                self.spool,
            )
        self._mark(down=True)

    def _mark(self, *, down: bool) -> None:
        changed = down != self._down
        self._down = down
        if changed and self._on_health is not None:
            self._on_health(not down)

    def _spool_or_strand(self, events: Sequence[AuditEvent]) -> None:
        """Spool `events`; if the disk refuses, keep them in memory for the next try."""
        if not events:
            return
        try:
            self._spool(events)
        except OSError as exc:
            if not self._stranded:
                log.error(
                    "AUDIT EVENTS NOT WRITTEN: the spool %s cannot be written (%s); they are"
                    " kept in memory and tried again",
                    self.spool,
                    exc.strerror or type(exc).__name__,
                )
            self._stranded.extend(events)
            self._mark(down=True)

    def _spool(self, events: Sequence[AuditEvent]) -> None:
        spool_events(self.spool, events)
        self._progress += len(events)  # spooled counts as progress: nothing is stuck

    def _replay(self, store: Store) -> None:
        """Append what the spool holds, oldest first, a batch at a time. The spool is first
        taken over (renamed, under its lock, at once), so that appending to a new one never
        waits on a long replay; a taken-over file keeps only what is not committed yet, and
        one left by a replay cut short is taken up again (under its own lock, so that two
        writers sharing a data directory never replay an event twice). A line that cannot be
        read is moved aside to `<spool>.bad`, said on the log, and never blocks the rest."""
        self._take_over()
        for taken in sorted(self.spool.parent.glob(self.spool.name + ".replaying-*")):
            try:
                fd = os.open(taken, os.O_RDWR)
            except FileNotFoundError:
                continue  # another writer finished it
            try:
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                except BlockingIOError:
                    continue  # another writer is replaying it
                self._replay_file(store, fd)
                taken.unlink()
            finally:
                os.close(fd)

    def _take_over(self) -> None:
        try:
            fd = os.open(self.spool, os.O_RDONLY)
        except FileNotFoundError:
            return
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            if os.fstat(fd).st_size:
                os.rename(self.spool, f"{self.spool}.replaying-{os.getpid()}-{time.time_ns()}")
        finally:
            os.close(fd)

    def _replay_file(self, store: Store, fd: int) -> None:
        with os.fdopen(os.dup(fd), "rb") as spooled:
            lines = [line for line in spooled if line.strip()]
        events: list[AuditEvent] = []
        kept: list[bytes] = []  # the lines of `events`, one each
        bad: list[bytes] = []
        for line in lines:
            try:
                events.append(decode_event(line))
                kept.append(line)
            except (ValueError, TypeError, KeyError):
                bad.append(line)
        if bad:
            self._quarantine(bad)
            _rewrite(fd, kept)  # moved aside once, not again at every retry
        for start in range(0, len(events), MAX_BATCH):
            chunk = events[start : start + MAX_BATCH]
            store.append(chunk)
            self.written += len(chunk)
            _rewrite(fd, kept[start + len(chunk) :])
            self._incidents(store, chunk)

    def _quarantine(self, lines: Sequence[bytes]) -> None:
        aside = self.spool.with_name(self.spool.name + ".bad")
        fd = os.open(aside, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        try:
            _write_all(
                fd, b"".join(line if line.endswith(b"\n") else line + b"\n" for line in lines)
            )
            os.fsync(fd)
        finally:
            os.close(fd)
        log.error("audit: %d unreadable lines of the spool were moved to %s", len(lines), aside)

    def _purge_if_due(self, store: Store) -> None:
        if self._retention is None or time.monotonic() < self._next_purge:
            return
        self._next_purge = time.monotonic() + PURGE_EVERY
        cutoff = datetime.now(UTC) - timedelta(days=self._retention)
        before = cutoff.strftime("%Y-%m-%dT%H:%M:%S.%fZ")
        purged = store.purge(before, AuditEvent("purge", data={"retention_days": self._retention}))
        if purged:
            log.info("audit: purged %d events older than %d days", purged, self._retention)


def take(
    waiting: queue.SimpleQueue[AuditEvent | None], first: AuditEvent | None
) -> tuple[list[AuditEvent], bool]:
    """`first` and every event waiting behind it; whether the end (None) was among them."""
    batch: list[AuditEvent] = []
    item = first
    while True:
        if item is None:
            return batch, True
        batch.append(item)
        try:
            item = waiting.get_nowait()
        except queue.Empty:
            return batch, False


def prepare(event: AuditEvent, sent: bytes | None, *, keep: bool) -> None:
    """The request as it left, on its event: hashed, and kept when `keep`."""
    if sent is not None:
        event.data["request_sha256"] = hashlib.sha256(sent).hexdigest()
        if keep:
            event.request = sent
            event.data["request_kept"] = True  # so that verify sees the copy removed


def spool_events(spool: Path, events: Sequence[AuditEvent]) -> None:
    """Append `events` to the spool file, under its lock, fsynced (OSError if the disk says
    no)."""
    data = b"".join(encode_event(e) for e in events)
    spool.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    while True:
        fd = os.open(spool, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            try:
                same = os.stat(spool).st_ino == os.fstat(fd).st_ino
            except FileNotFoundError:
                same = False
            if same:  # not taken over for a replay while this waited for the lock
                _write_all(fd, data)
                os.fsync(fd)
                return
        finally:
            os.close(fd)


def _rewrite(fd: int, lines: Sequence[bytes]) -> None:
    """The file of `fd` holding only `lines`, on disk."""
    os.ftruncate(fd, 0)
    os.lseek(fd, 0, os.SEEK_SET)
    _write_all(fd, b"".join(lines))
    os.fsync(fd)


def _write_all(fd: int, data: bytes) -> None:
    """All of `data` (os.write may write less, on a full disk or a signal)."""
    view = memoryview(data)
    while view:
        written = os.write(fd, view)
        view = view[written:]


def encode_event(event: AuditEvent) -> bytes:
    """One event as a line of the spool (and of the pipe to a writer process): its columns but
    `seq`, `data` as a value, a kept request in base64."""
    out = {k: v for k, v in event.columns().items() if k != "seq"}
    out["data"] = event.data
    if event.request is not None:
        out["request"] = base64.b64encode(event.request).decode("ascii")
    return orjson.dumps(out) + b"\n"


def decode_event(line: bytes) -> AuditEvent:
    """The event of one line `encode_event` made (ValueError, TypeError or KeyError if not)."""
    raw = orjson.loads(line)
    request = raw.pop("request", None)
    event = AuditEvent(**raw)
    if request is not None:
        event.request = base64.b64decode(request)
    return event
