"""The gateway's end of the audit worker: events reach the store through a real worker process,
health comes back from it, a worker that dies is replaced, and an overflow is spooled."""

from __future__ import annotations

import json
import os
import signal
import time
from pathlib import Path

import pytest

import veil.audit.process as module
from veil.audit.event import AuditEvent
from veil.audit.process import AuditProcess
from veil.audit.store import SqliteStore


def _event(n: int) -> AuditEvent:
    return AuditEvent("gateway", tier="Public", status=200, data={"n": n, "kinds": {}})


def _wait(condition: object, seconds: float = 10.0) -> None:
    deadline = time.monotonic() + seconds
    while not condition() and time.monotonic() < deadline:  # type: ignore[operator]
        time.sleep(0.02)


def test_events_go_through_the_worker_into_the_store(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path}/a.db"
    writer = AuditProcess(url, where="t", spool=tmp_path / "spool.jsonl", keep_requests=True)
    writer.start()
    for n in range(300):
        writer.submit(_event(n), b"as sent" if n == 0 else None)
    writer.close()
    store = SqliteStore(tmp_path / "a.db")
    events = list(store.scan())
    assert [e.data["n"] for e in events] == list(range(300))
    assert events[0].request == b"as sent" and events[0].data["request_kept"] is True
    assert store.verify().holds
    assert writer.written == 300


def test_a_store_that_is_down_is_said_by_the_worker_and_refused_on(tmp_path: Path) -> None:
    url = "postgresql://veil@127.0.0.1:1/veil"  # nothing listens there
    spool = tmp_path / "spool.jsonl"
    writer = AuditProcess(url, where="t", spool=spool, refuse_when_down=True, batch_ms=5)
    writer.start()
    assert writer.healthy  # not tried yet
    writer.submit(_event(1))
    _wait(lambda: not writer.healthy)
    assert not writer.healthy
    writer.close()
    assert [json.loads(line)["data"]["n"] for line in spool.read_text().splitlines()] == [1]


def test_a_worker_that_dies_is_replaced(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path}/a.db"
    writer = AuditProcess(url, where="t", spool=tmp_path / "spool.jsonl", batch_ms=5)
    writer.start()
    writer.submit(_event(0))
    _wait(lambda: SqliteStore(tmp_path / "a.db").count() == 1)
    first = writer._worker
    assert first is not None
    os.kill(first.pid, signal.SIGKILL)
    first.wait()
    for n in range(1, 4):
        writer.submit(_event(n))
        time.sleep(0.05)
    writer.close()
    assert writer._worker is not first
    stored = sorted(e.data["n"] for e in SqliteStore(tmp_path / "a.db").scan())
    assert stored[0] == 0 and stored[-1] == 3  # what the dead one had read may be lost


def test_past_the_queue_limit_events_are_spooled_for_the_worker(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(module, "MAX_QUEUED", 2)
    url = f"sqlite:///{tmp_path}/a.db"
    spool = tmp_path / "spool.jsonl"
    writer = AuditProcess(url, where="t", spool=spool)
    for n in range(4):  # not started: nothing is sent yet
        writer.submit(_event(n))
    assert [json.loads(line)["data"]["n"] for line in spool.read_text().splitlines()] == [2, 3]
    writer.start()
    writer.close()  # the worker replays the spool before it writes
    assert sorted(e.data["n"] for e in SqliteStore(tmp_path / "a.db").scan()) == [0, 1, 2, 3]


def test_the_store_url_is_never_on_the_workers_command_line(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path}/with-a-name-of-its-own.db"
    writer = AuditProcess(url, where="t", spool=tmp_path / "spool.jsonl")
    writer.start()
    try:
        assert writer._worker is not None
        argv = Path(f"/proc/{writer._worker.pid}/cmdline").read_bytes()
        assert b"veil.audit.worker" in argv and b"with-a-name" not in argv
    finally:
        writer.close()


def test_a_project_file_in_the_current_directory_is_never_imported_by_the_worker(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = tmp_path / "project"
    project.mkdir()
    for name in ("veil.py", "logging.py", "orjson.py"):
        (project / name).write_text("raise SystemExit('a project file was imported')\n")
    monkeypatch.chdir(project)
    url = f"sqlite:///{tmp_path}/a.db"
    writer = AuditProcess(url, where="t", spool=tmp_path / "spool.jsonl")
    writer.start()
    writer.submit(_event(1))
    writer.close()
    assert [e.data["n"] for e in SqliteStore(tmp_path / "a.db").scan()] == [1]


def test_a_worker_that_never_gets_ready_spools_and_refuses(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(module, "READY_SECONDS", 0.5)
    monkeypatch.setattr(module, "RESTART_SECONDS", 0.05)
    monkeypatch.setattr(module.sys, "executable", "/bin/true")  # starts, says nothing, ends
    spool = tmp_path / "spool.jsonl"
    writer = AuditProcess(
        f"sqlite:///{tmp_path}/a.db", where="t", spool=spool, refuse_when_down=True, batch_ms=5
    )
    writer.start()
    writer.submit(_event(1))
    _wait(lambda: spool.exists())
    assert not writer.healthy
    writer.close()
    assert [json.loads(line)["data"]["n"] for line in spool.read_text().splitlines()] == [1]
    assert writer.written == 0
