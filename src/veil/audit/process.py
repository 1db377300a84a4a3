"""The gateway's end of the audit worker (`veil.audit.worker`): the writer's interface, the
writing done in a process of its own.

A writer thread in the gateway's own process holds Python's global lock beside the event loop
(encoding, hashing, SQL, psycopg's waits); in a process of its own it costs the gateway only the
queueing and one line per event on a pipe (figures in the README, `make bench-audit`).

`submit` hashes the request and queues the event; a thread sends what queued down the pipe, a
batch at a time; another reads `up`/`down` from the worker (for `healthy`). A worker that dies
is started again and the batch being sent goes to the new one. Past `MAX_QUEUED` events waiting
(the worker or its store far behind), events go straight to the spool, which the worker
replays. `close` ends the worker's input and waits for it to write everything it has.
"""

from __future__ import annotations

import contextlib
import logging
import queue
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import IO

import orjson

from veil.audit.event import AuditEvent
from veil.audit.writer import MAX_BATCH, MAX_QUEUED, encode_event, prepare, spool_events, take

log = logging.getLogger("veil.audit")

READY_SECONDS = 30.0  # for a new worker to import and open its store
RESTART_SECONDS = 1.0  # between starts of a worker that keeps dying
WAIT_SECONDS = 120.0  # for the worker to finish on close (it gives up on a hung store at 30 s)


class AuditProcess:
    """An `AuditWriter`'s interface over a worker process."""

    def __init__(
        self,
        url: str | None,
        *,
        where: str,
        spool: Path,
        batch_ms: int = 50,
        refuse_when_down: bool = False,
        keep_requests: bool = False,
        retention_days: int | None = None,
        down: bool = False,
    ) -> None:
        self.where = where
        self.spool = spool
        self._keep = keep_requests
        self._refuse = refuse_when_down
        self._down = down
        self._interval = batch_ms / 1000
        self._settings = {
            "url": url,
            "where": where,
            "spool": str(spool),
            "batch_ms": batch_ms,
            "refuse": refuse_when_down,
            "retention_days": retention_days,
            "down": down,
        }
        self._queue: queue.SimpleQueue[AuditEvent | None] = queue.SimpleQueue()
        self._worker: subprocess.Popen[bytes] | None = None
        self._readers: list[threading.Thread] = []
        self._ready = threading.Event()  # the current worker has said `ready`
        self._closing = False
        self._sender = threading.Thread(target=self._send, name="veil-audit", daemon=True)
        self.written = 0  # events handed to the worker

    @property
    def healthy(self) -> bool:
        """False while the worker says its store is down and the policy is to refuse."""
        return not (self._refuse and self._down)

    def start(self) -> None:
        try:
            self._worker = self._spawn()
        except OSError as exc:  # the sender starts one when it has events to send
            log.error("audit: the writer process could not be started (%s)", exc)
        self._sender.start()

    def submit(self, event: AuditEvent, sent: bytes | None = None, *, keep: bool = True) -> None:
        """Queue `event`, `sent` hashed (and kept when configured and `keep` allows)."""
        prepare(event, sent, keep=self._keep and keep)
        if self._queue.qsize() >= MAX_QUEUED:
            self._spool([event])
            return
        self._queue.put(event)

    def close(self) -> None:
        """Send what is queued, end the worker's input, and wait for it to write it all; a
        worker that takes nothing for `WAIT_SECONDS` is stopped and the rest is spooled."""
        if not self._sender.is_alive():
            return
        self._queue.put(None)
        self._sender.join(WAIT_SECONDS)
        if self._sender.is_alive():  # blocked on a pipe the worker no longer reads
            self._closing = True
            log.error("audit: the writer process took nothing for %d s; stopped", WAIT_SECONDS)
            if self._worker is not None:
                self._worker.kill()
            self._sender.join(WAIT_SECONDS)
        worker = self._worker
        if worker is None:
            return
        try:
            worker.wait(WAIT_SECONDS)
        except subprocess.TimeoutExpired:
            log.error("audit: the writer process did not finish in %d s; stopped", WAIT_SECONDS)
            worker.kill()
            worker.wait()
        for reader in self._readers:
            reader.join(5)

    def _spawn(self) -> subprocess.Popen[bytes]:
        worker = subprocess.Popen(
            # -P: not the current directory first on its path, where a project's own
            # `logging.py` or `veil.py` would be imported instead.
            [sys.executable, "-P", "-m", "veil.audit.worker"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            start_new_session=True,  # Ctrl-C on the terminal is the gateway's to handle
        )
        assert worker.stdin is not None and worker.stdout is not None
        # The settings are its first line, not an argument: `ps` shows arguments to every user,
        # and the store's URL may hold a password.
        try:
            worker.stdin.write(orjson.dumps(self._settings) + b"\n")
            worker.stdin.flush()
        except OSError:  # it ended at once: reap it, close its pipes, say so
            _reap(worker)
            raise
        self._ready = ready = threading.Event()
        reader = threading.Thread(
            target=self._read,
            args=(worker.stdout, ready),
            name="veil-audit-health",
            daemon=True,
        )
        reader.start()
        self._readers.append(reader)
        return worker

    def _read(self, lines: IO[bytes], ready: threading.Event) -> None:
        try:
            with contextlib.suppress(OSError, ValueError):
                for line in lines:
                    said = line.strip()
                    if said == b"ready":
                        ready.set()
                    elif said in (b"up", b"down") and ready is self._ready:  # not a dead one's
                        self._down = said == b"down"
                        self._settings["down"] = self._down  # a restarted worker starts so
        finally:
            lines.close()

    def _send(self) -> None:
        stopping = False
        while not stopping:
            first = self._queue.get()
            if first is not None:
                time.sleep(self._interval)  # one wake-up a batch, not one an event
            batch, stopping = take(self._queue, first)
            for start in range(0, len(batch), MAX_BATCH):
                chunk = batch[start : start + MAX_BATCH]
                self._deliver(_encoded(chunk), chunk)
        if self._worker is not None and self._worker.stdin is not None:
            with contextlib.suppress(OSError):
                self._worker.stdin.close()

    def _deliver(self, lines: bytes, batch: list[AuditEvent]) -> None:
        """Write `lines` to the worker, starting a new one while the pipe is broken; the batch
        goes to the spool if no worker can be started."""
        for attempt in range(3):
            worker = self._worker
            try:
                assert worker is not None and worker.stdin is not None and not self._closing
                if not self._ready.wait(READY_SECONDS):
                    worker.kill()  # started, never ready: it cannot write anything
                    raise OSError("the writer process never said it was ready")
                worker.stdin.write(lines)
                worker.stdin.flush()
                self.written += len(batch)
                return
            except (OSError, ValueError, AssertionError):
                code = None
                if worker is not None:
                    with contextlib.suppress(OSError, ValueError):
                        worker.stdin.close()  # type: ignore[union-attr]
                    with contextlib.suppress(subprocess.TimeoutExpired):
                        code = worker.wait(5)
                if self._closing:
                    break
                log.error(
                    "audit: the writer process ended (exit %s); starting another (what it had"
                    " read and not yet written may be lost)",
                    code,
                )
                if attempt == 2:
                    break  # no fourth start: the batch is spooled
                if attempt:
                    time.sleep(RESTART_SECONDS)
                try:
                    self._worker = self._spawn()
                except OSError as exc:
                    log.error("audit: no writer process could be started (%s)", exc)
        if not self._closing and not self._down:
            log.error("AUDIT WRITER DOWN: events are spooled to %s", self.spool)
        self._down = True  # the refuse policy applies until a worker says `up`
        self._spool(batch)

    def _spool(self, events: list[AuditEvent]) -> None:
        try:
            spool_events(self.spool, events)
        except OSError as exc:
            log.error(
                "AUDIT EVENTS LOST: %d could be neither sent nor spooled (%s)",
                len(events),
                exc.strerror or type(exc).__name__,
            )


def _encoded(events: list[AuditEvent]) -> bytes:
    """The lines of `events`; one that cannot be encoded is left out, said on the log, and
    never stops the rest."""
    try:
        return b"".join(encode_event(e) for e in events)
    except (TypeError, ValueError):
        lines = []
        for event in events:
            try:
                lines.append(encode_event(event))
            except (TypeError, ValueError) as exc:
                log.error("AUDIT EVENT LOST: it cannot be encoded (%s)", type(exc).__name__)
        return b"".join(lines)


def _reap(worker: subprocess.Popen[bytes]) -> None:
    """A worker that is gone: its pipes closed, its exit collected."""
    for pipe in (worker.stdin, worker.stdout):
        if pipe is not None:
            with contextlib.suppress(OSError, ValueError):
                pipe.close()
    with contextlib.suppress(OSError):
        worker.kill()
    worker.wait()
