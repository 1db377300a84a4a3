"""The audit worker on its own: lines in, events written, `up`/`down` out."""

from __future__ import annotations

import io
from pathlib import Path

from veil.audit.event import AuditEvent
from veil.audit.store import SqliteStore
from veil.audit.worker import run
from veil.audit.writer import encode_event


def _settings(url: str, spool: Path) -> dict[str, object]:
    return {
        "url": url,
        "where": "t",
        "spool": str(spool),
        "batch_ms": 5,
        "refuse": False,
        "retention_days": None,
        "down": False,
    }


def test_lines_become_events_and_a_bad_line_is_skipped(tmp_path: Path) -> None:
    events = [AuditEvent("gateway", data={"n": n}) for n in range(3)]
    lines = [encode_event(events[0]), b'{"not": "an event"}\n', *map(encode_event, events[1:])]
    out = io.BytesIO()
    assert run(_settings(f"sqlite:///{tmp_path}/a.db", tmp_path / "s"), lines, out) == 0
    store = SqliteStore(tmp_path / "a.db")
    assert [e.data["n"] for e in store.scan()] == [0, 1, 2]
    assert out.getvalue() == b"ready\n"  # set up, and never down


def test_a_store_that_is_down_is_said_then_spooled(tmp_path: Path) -> None:
    out = io.BytesIO()
    spool = tmp_path / "spool.jsonl"
    settings = _settings("postgresql://veil@127.0.0.1:1/veil", spool)
    assert run(settings, [encode_event(AuditEvent("gateway", data={"n": 1}))], out) == 0
    assert out.getvalue() == b"ready\ndown\n"
    assert '"n":1' in spool.read_text()


def test_a_gateway_that_is_gone_costs_no_event(tmp_path: Path) -> None:
    class Closed(io.BytesIO):
        def write(self, data: object) -> int:  # type: ignore[override]
            raise BrokenPipeError(32, "Broken pipe")

    spool = tmp_path / "spool.jsonl"
    settings = _settings("postgresql://veil@127.0.0.1:1/veil", spool)
    events = [encode_event(AuditEvent("gateway", data={"n": n})) for n in range(5)]
    assert run(settings, events, Closed()) == 0
    assert spool.read_text().count('"n":') == 5  # spooled though `down` could not be said
