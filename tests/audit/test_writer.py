"""The audit writer: batches off the request path, nothing lost on close, a spool when the store
fails that is replayed once it is back, and `healthy` for the refuse policy."""

from __future__ import annotations

import hashlib
import json
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from veil.audit.event import AuditEvent
from veil.audit.store import SqliteStore, Store, StoreError
from veil.audit.writer import AuditWriter


def _event(n: int, tier: str = "Public") -> AuditEvent:
    return AuditEvent("gateway", tier=tier, status=200, data={"n": n, "kinds": {}})


class Flaky:
    """Opens the real store only once `up` is set; until then every open fails as a down
    server does."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.up = threading.Event()
        self.opened: list[Store] = []

    def __call__(self) -> Store:
        if not self.up.is_set():
            raise StoreError("audit store test: connection refused")
        store = SqliteStore(self.path)
        self.opened.append(store)
        return store


def test_every_submitted_event_is_written_on_close_in_order(tmp_path: Path) -> None:
    path = tmp_path / "a.db"
    writer = AuditWriter(lambda: SqliteStore(path), where="t", spool=tmp_path / "spool")
    writer.start()
    for n in range(2500):  # more than one batch's cap
        writer.submit(_event(n))
    writer.close()
    store = SqliteStore(path)
    assert store.count() == 2500
    assert [e.data["n"] for e in store.scan()] == list(range(2500))
    assert store.verify().holds
    assert writer.written == 2500


def test_submit_does_not_wait_for_the_store(tmp_path: Path) -> None:
    gate = threading.Event()
    path = tmp_path / "a.db"

    class Slow(SqliteStore):
        def append(self, events: object) -> None:  # type: ignore[override]
            gate.wait(5)
            super().append(events)  # type: ignore[arg-type]

    writer = AuditWriter(lambda: Slow(path), where="t", spool=tmp_path / "spool")
    writer.start()
    started = time.perf_counter()
    for n in range(200):
        writer.submit(_event(n))
    took = time.perf_counter() - started
    gate.set()
    writer.close()
    assert took < 0.5  # the store held every append for up to 5 s
    assert SqliteStore(path).count() == 200


def test_the_request_as_sent_is_hashed_and_kept_only_when_asked(tmp_path: Path) -> None:
    body = b'{"messages":[{"role":"user","content":"VEIL_SECRET_1A2B3C4D"}]}'
    for keep in (False, True):
        path = tmp_path / f"{keep}.db"
        writer = AuditWriter(
            lambda p=path: SqliteStore(p), where="t", spool=tmp_path / "s", keep_requests=keep
        )
        writer.start()
        writer.submit(_event(1), body)
        writer.close()
        (event,) = SqliteStore(path).events()
        assert event.data["request_sha256"] == hashlib.sha256(body).hexdigest()
        assert event.request == (body if keep else None)
        assert SqliteStore(path).verify().holds


def test_a_store_that_is_down_spools_and_replays_when_back(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    flaky = Flaky(tmp_path / "a.db")
    spool = tmp_path / "data" / "audit-spool.jsonl"
    writer = AuditWriter(flaky, where="test-store", spool=spool, batch_ms=5)
    writer.start()
    for n in range(5):
        writer.submit(_event(n), b"body")
    deadline = time.monotonic() + 5
    while not spool.exists() and time.monotonic() < deadline:
        time.sleep(0.01)
    time.sleep(0.1)
    lines = spool.read_text().splitlines()
    assert len(lines) == 5
    assert json.loads(lines[0])["data"]["n"] == 0
    assert writer.healthy  # spool is the default policy: keep serving
    assert any("AUDIT STORE UNREACHABLE" in r.getMessage() for r in caplog.records)
    flaky.up.set()
    for n in range(5, 8):
        writer.submit(_event(n))
    writer.close()
    store = SqliteStore(tmp_path / "a.db")
    assert [e.data["n"] for e in store.scan()] == list(range(8))  # spooled ones first
    assert store.verify().holds
    assert not spool.exists()  # taken over for the replay, and that file gone once replayed
    assert not list(spool.parent.glob("*.replaying-*"))


def test_refuse_policy_is_unhealthy_while_the_store_is_down(tmp_path: Path) -> None:
    flaky = Flaky(tmp_path / "a.db")
    writer = AuditWriter(
        flaky, where="t", spool=tmp_path / "spool", batch_ms=5, refuse_when_down=True
    )
    writer.start()
    assert writer.healthy  # nothing tried yet
    writer.submit(_event(0))
    deadline = time.monotonic() + 5
    while writer.healthy and time.monotonic() < deadline:
        time.sleep(0.01)
    assert not writer.healthy
    flaky.up.set()
    writer.submit(_event(1))
    deadline = time.monotonic() + 5
    while not writer.healthy and time.monotonic() < deadline:
        time.sleep(0.01)
    assert writer.healthy
    writer.close()
    assert SqliteStore(tmp_path / "a.db").count() == 2


def test_a_store_down_at_start_refuses_at_once_and_recovers(tmp_path: Path) -> None:
    flaky = Flaky(tmp_path / "a.db")
    writer = AuditWriter(
        flaky, down=True, where="t", spool=tmp_path / "s", batch_ms=5, refuse_when_down=True
    )
    writer.start()
    assert not writer.healthy  # before any request is served
    flaky.up.set()
    writer.submit(_event(0))
    deadline = time.monotonic() + 5
    while not writer.healthy and time.monotonic() < deadline:
        time.sleep(0.01)
    writer.close()
    assert writer.healthy


def test_retention_purges_old_events_and_keeps_the_chain(tmp_path: Path) -> None:
    path = tmp_path / "a.db"
    store = SqliteStore(path)
    old = [AuditEvent("gateway", ts="2020-01-01T00:00:00.000000Z") for _ in range(3)]
    store.append(old)
    writer = AuditWriter(
        lambda: SqliteStore(path), where="t", spool=tmp_path / "s", retention_days=30
    )
    writer.start()
    writer.submit(_event(1))
    writer.close()
    events = list(store.scan())
    assert [e.source for e in events] == ["gateway", "purge"]  # the new one, then the purge
    assert events[1].data["purged"] == 3
    verdict = store.verify()
    assert verdict.holds and verdict.checkpoint == 3


def test_a_kept_request_that_is_removed_later_breaks_the_chain(tmp_path: Path) -> None:
    import sqlite3

    path = tmp_path / "a.db"
    writer = AuditWriter(
        lambda: SqliteStore(path), where="t", spool=tmp_path / "s", keep_requests=True
    )
    writer.start()
    writer.submit(_event(1), b'{"kept": true}')
    writer.close()
    with sqlite3.connect(path) as db:
        db.execute("UPDATE audit_events SET request = NULL WHERE seq = 1")
    verdict = SqliteStore(path).verify()
    assert verdict.bad == 1 and verdict.problem == "event 1's stored request was deleted"


def test_close_waits_for_a_slow_store_but_spools_when_it_hangs(tmp_path: Path) -> None:
    hang = threading.Event()
    path = tmp_path / "a.db"

    class Hung(SqliteStore):
        def append(self, events: object) -> None:  # type: ignore[override]
            if hang.is_set():
                threading.Event().wait(60)  # a server that never answers
            super().append(events)  # type: ignore[arg-type]

    spool = tmp_path / "spool.jsonl"
    writer = AuditWriter(lambda: Hung(path), where="t", spool=spool, batch_ms=1)
    writer.start()
    writer.submit(_event(0))
    deadline = time.monotonic() + 5
    while writer.written < 1 and time.monotonic() < deadline:
        time.sleep(0.01)
    hang.set()
    writer.submit(_event(1))  # the batch the thread gets stuck on
    time.sleep(0.2)
    for n in range(2, 12):
        writer.submit(_event(n))
    started = time.monotonic()
    writer.close(stalled=1.0)
    assert time.monotonic() - started < 5
    spooled = [json.loads(line)["data"]["n"] for line in spool.read_text().splitlines()]
    assert spooled == list(range(2, 12))  # everything queued behind the stuck batch
    assert SqliteStore(path).count() == 1


def _wait(condition: Callable[[], bool], seconds: float = 5.0) -> None:
    deadline = time.monotonic() + seconds
    while not condition() and time.monotonic() < deadline:
        time.sleep(0.01)


def test_an_unreadable_spool_line_is_moved_aside_and_blocks_nothing(tmp_path: Path) -> None:
    spool = tmp_path / "spool.jsonl"
    good = AuditWriter(Flaky(tmp_path / "x.db"), where="t", spool=spool)
    good._spool([_event(1)])  # a line as a down store leaves it
    with spool.open("ab") as out:
        out.write(b'{"source": "gateway", "data": {"n": 2\n')  # cut short by a full disk
    good._spool([_event(3)])
    writer = AuditWriter(lambda: SqliteStore(tmp_path / "a.db"), where="t", spool=spool)
    writer.start()
    writer.submit(_event(4))
    writer.close()
    assert [e.data["n"] for e in SqliteStore(tmp_path / "a.db").scan()] == [1, 3, 4]
    assert not spool.exists() and not list(tmp_path.glob("*.replaying-*"))
    assert '"n": 2' in (tmp_path / "spool.jsonl.bad").read_text()


def test_a_spool_that_cannot_be_written_keeps_events_in_memory_until_it_can(
    tmp_path: Path,
) -> None:
    flaky = Flaky(tmp_path / "a.db")
    spool = tmp_path / "spool.jsonl"
    spool.mkdir()  # not a file: every write fails
    writer = AuditWriter(flaky, where="t", spool=spool, batch_ms=5)
    writer.start()
    for n in range(3):
        writer.submit(_event(n))
    _wait(lambda: len(writer._stranded) == 3)
    assert writer._thread.is_alive() and len(writer._stranded) == 3
    spool.rmdir()
    flaky.up.set()
    writer.submit(_event(3))
    writer.close()
    assert [e.data["n"] for e in SqliteStore(tmp_path / "a.db").scan()] == [0, 1, 2, 3]


def test_events_already_stored_are_never_spooled_again(tmp_path: Path) -> None:
    path = tmp_path / "a.db"

    class NoIncidents(SqliteStore):
        def open_incident(self, **kw: object) -> tuple[int, bool]:  # type: ignore[override]
            raise StoreError("audit store t: incidents table is locked")

    writer = AuditWriter(lambda: NoIncidents(path), where="t", spool=tmp_path / "s.jsonl")
    writer.start()
    writer.submit(_event(0, tier="Restricted"))
    monitor = _event(1, tier="Restricted")
    monitor.decision, monitor.applied, monitor.mode = "block", "mask", "monitor"
    writer.submit(monitor)  # opens an incident, which fails
    writer.submit(_event(2))
    writer.close()
    assert [e.data["n"] for e in SqliteStore(path).scan()] == [0, 1, 2]
    assert not (tmp_path / "s.jsonl").exists()


def test_a_replay_cut_short_leaves_only_what_was_not_committed(tmp_path: Path) -> None:
    path = tmp_path / "a.db"
    spool = tmp_path / "spool.jsonl"
    down = AuditWriter(Flaky(path), where="t", spool=spool)
    down._spool([_event(n) for n in range(2500)])  # three batches' worth
    calls = []

    class FailsThird(SqliteStore):
        def append(self, events: object) -> None:  # type: ignore[override]
            calls.append(1)
            if len(calls) == 3:
                raise StoreError("audit store t: connection lost")
            super().append(events)  # type: ignore[arg-type]

    writer = AuditWriter(lambda: FailsThird(path), where="t", spool=spool, batch_ms=1)
    writer.start()
    writer.submit(_event(9999))
    _wait(lambda: len(calls) >= 3)
    time.sleep(0.1)
    (taken,) = tmp_path.glob("spool.jsonl.replaying-*")  # taken over, then cut short
    left = [json.loads(line)["data"]["n"] for line in taken.read_text().splitlines()]
    assert left[:500] == list(range(2000, 2500))  # the first two batches are gone from it
    writer.close()
    stored = [e.data["n"] for e in SqliteStore(path).scan()]
    assert sorted(stored) == sorted([*range(2500), 9999])  # each once
    assert SqliteStore(path).verify().holds


def test_a_request_sent_to_a_local_model_is_hashed_but_never_kept(tmp_path: Path) -> None:
    path = tmp_path / "a.db"
    writer = AuditWriter(
        lambda: SqliteStore(path), where="t", spool=tmp_path / "s", keep_requests=True
    )
    writer.start()
    writer.submit(_event(1), b"unmasked body", keep=False)
    writer.close()
    (event,) = SqliteStore(path).events()
    assert event.request is None and "request_kept" not in event.data
    assert event.data["request_sha256"] == hashlib.sha256(b"unmasked body").hexdigest()


def test_past_the_queue_limit_events_go_straight_to_the_spool(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import veil.audit.writer as module

    monkeypatch.setattr(module, "MAX_QUEUED", 3)
    spool = tmp_path / "spool.jsonl"
    writer = AuditWriter(lambda: SqliteStore(tmp_path / "a.db"), where="t", spool=spool)
    for n in range(5):  # not started: nothing drains the queue
        writer.submit(_event(n))
    assert [json.loads(line)["data"]["n"] for line in spool.read_text().splitlines()] == [3, 4]
    writer.start()
    writer.close()
    assert sorted(e.data["n"] for e in SqliteStore(tmp_path / "a.db").scan()) == list(range(5))


def test_appending_never_waits_on_a_replay_and_never_writes_into_a_taken_file(
    tmp_path: Path,
) -> None:
    import fcntl
    import os

    spool = tmp_path / "spool.jsonl"
    writer = AuditWriter(Flaky(tmp_path / "a.db"), where="t", spool=spool)
    writer._spool([_event(1)])
    writer._take_over()  # what a replay does first
    (taken,) = tmp_path.glob("spool.jsonl.replaying-*")
    fd = os.open(taken, os.O_RDWR)
    fcntl.flock(fd, fcntl.LOCK_EX)  # a long replay holds the taken file
    try:
        started = time.monotonic()
        writer._spool([_event(2)])
        assert time.monotonic() - started < 1
    finally:
        os.close(fd)
    assert '"n":2' in spool.read_text() and '"n":2' not in taken.read_text()


def test_an_unreadable_line_is_moved_aside_once_however_often_the_store_fails(
    tmp_path: Path,
) -> None:
    spool = tmp_path / "spool.jsonl"
    down = AuditWriter(Flaky(tmp_path / "a.db"), where="t", spool=spool)
    down._spool([_event(1)])
    with spool.open("ab") as out:
        out.write(b"{not an event\n")

    class Refuses(SqliteStore):
        def append(self, events: object) -> None:  # type: ignore[override]
            raise StoreError("audit store t: connection lost")

    writer = AuditWriter(lambda: Refuses(tmp_path / "a.db"), where="t", spool=spool)
    for _ in range(3):
        with pytest.raises(StoreError):
            writer._replay(writer._open())
    assert (tmp_path / "spool.jsonl.bad").read_text().count("{not an event") == 1
