"""The Store API, on SQLite and on a real PostgreSQL server alike (`store_url` is parametrized).

Tampering goes through a second, raw connection (sqlite3 or psycopg), the way someone with write
access to the database would; `verify` must name the first event it touches.
"""

from __future__ import annotations

import hashlib
import json
import secrets
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import psycopg
import pytest

from veil.audit.event import GENESIS, AuditEvent, canonical, seal
from veil.audit.store import (
    SCHEMA_VERSION,
    Filters,
    Store,
    StoreError,
    open_store,
    safe_url,
)
from veil.errors import ConfigError

COLUMNS = (
    "seq, ts, source, caller, client, upstream, provider, model, tier, decision, applied, mode,"
    " status, veil_ms, upstream_ms, data, request, prev_hash, hash"
)


class Raw:
    """A second connection straight to the store's tables, `?` placeholders on both."""

    def __init__(self, url: str) -> None:
        self.pg = not url.startswith("sqlite:")
        if self.pg:
            self.db: Any = psycopg.connect(url, autocommit=True)
        else:
            self.db = sqlite3.connect(unquote(urlsplit(url).path), isolation_level=None)

    def __call__(self, sql: str, args: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        cursor = self.db.execute(sql.replace("?", "%s") if self.pg else sql, list(args))
        return list(cursor.fetchall()) if cursor.description is not None else []

    def row(self, seq: int) -> dict[str, Any]:
        names = [c.strip() for c in COLUMNS.split(",")]
        values = self(f"SELECT {COLUMNS} FROM audit_events WHERE seq = ?", [seq])[0]
        return dict(zip(names, values, strict=True))

    def insert(self, event: AuditEvent) -> None:
        self(
            f"INSERT INTO audit_events ({COLUMNS}) VALUES ({', '.join('?' * 19)})",
            [*event.columns().values(), event.request, event.prev_hash, event.hash],
        )

    def close(self) -> None:
        self.db.close()


@pytest.fixture
def raw(store: Store, store_url: str) -> Iterator[Raw]:
    """A raw connection to the (already created) store."""
    connection = Raw(store_url)
    yield connection
    connection.close()


def make(i: int, **fields: Any) -> AuditEvent:
    """A gateway event, the i-th of a test (test values only)."""
    base: dict[str, Any] = {
        "source": "gateway",
        "ts": f"2026-03-01T10:{i // 60 % 60:02d}:{i % 60:02d}.000000Z",
        "caller": f"caller{i % 3}",
        "client": "claude-cli/1.0",
        "upstream": "https://api.example.test",
        "provider": "anthropic",
        "model": "claude-test",
        "tier": "internal",
        "decision": "allow",
        "applied": "none",
        "mode": "enforce",
        "status": 200,
        "veil_ms": 1.5 + i,
        "upstream_ms": 100.25,
        "data": {"kinds": {"email": 1}, "i": i},
    }
    base.update(fields)
    return AuditEvent(**base)


def one(store: Store, seq: int) -> AuditEvent:
    event = store.event(seq)
    assert event is not None, f"no event {seq}"
    return event


def fill(store: Store, n: int) -> list[AuditEvent]:
    events = [make(i) for i in range(1, n + 1)]
    store.append(events)
    return events


# --- append and read back ---


def test_append_numbers_and_chains_events_and_reads_them_back(store: Store) -> None:
    request = b'{"model":"claude-test","messages":[]}\x00\xff'
    first = make(1, request=request, data={"request_sha256": hashlib.sha256(request).hexdigest()})
    events = [first, make(2), make(3, tier="restricted", decision="block", status=403)]
    store.append(events)
    store.append([make(4)])

    assert [e.seq for e in events] == [1, 2, 3]
    assert events[0].prev_hash == GENESIS
    assert events[1].prev_hash == events[0].hash and events[2].prev_hash == events[1].hash
    newest = store.events()
    assert [e.seq for e in newest] == [4, 3, 2, 1]
    assert newest[3].prev_hash == GENESIS and newest[0].prev_hash == events[2].hash
    back = store.event(1)
    assert back is not None
    assert back.to_dict() == first.to_dict()
    assert type(back.request) is bytes and back.request == request
    assert one(store, 3).to_dict() == events[2].to_dict()
    assert one(store, 2).request is None
    assert store.event(99) is None
    assert [e.seq for e in store.events(limit=2, offset=1)] == [3, 2]
    assert [e.seq for e in store.scan()] == [1, 2, 3, 4]
    assert [e.seq for e in store.scan(batch=3)] == [1, 2, 3, 4]
    assert store.count() == 4
    store.append([])
    assert store.count() == 4


def test_floats_and_text_round_trip_exactly(store: Store) -> None:
    floats = [0.1 + 0.2, 1 / 3, 1e-300, 5e-324, 123456.78901234567, 1.7976931348623157e308, 0.0]
    events = [make(i, veil_ms=v, upstream_ms=-v / 7) for i, v in enumerate(floats)]
    events.append(make(9, model="modèle-ünïcode ☃", data={"note": "ü\n\"'%?_"}))
    store.append(events)
    for original, back in zip(events, store.scan(), strict=True):
        assert back.veil_ms == original.veil_ms and back.upstream_ms == original.upstream_ms
        assert back.to_dict() == original.to_dict()
    assert store.verify().holds


def test_caller_key_is_one_per_store_and_kept(store: Store, store_url: str) -> None:
    key = store.caller_key()
    assert len(key) == 32
    again = open_store(store_url)
    try:
        assert again.caller_key() == key
    finally:
        again.close()


# --- verify ---


def test_verify_holds_on_a_fresh_store_and_after_one_event(store: Store) -> None:
    verdict = store.verify()
    assert verdict.holds and (verdict.events, verdict.head, verdict.bad) == (0, GENESIS, 0)
    [event] = fill(store, 1)
    verdict = store.verify()
    assert verdict.holds and (verdict.events, verdict.head) == (1, event.hash)


def test_verify_holds_on_a_long_chain_read_in_several_batches(store: Store) -> None:
    last: AuditEvent | None = None
    for start in range(0, 2300, 460):  # more events than one scan batch (2000)
        batch = [make(i) for i in range(start, start + 460)]
        store.append(batch)
        last = batch[-1]
    assert last is not None
    verdict = store.verify()
    assert verdict.holds, verdict.problem
    assert (verdict.events, verdict.head, verdict.checkpoint) == (2300, last.hash, 0)


def test_verify_reports_its_progress_a_batch_at_a_time(store: Store) -> None:
    fill(store, 25)
    done: list[int] = []
    assert store.verify(batch=10, progress=done.append).holds
    assert done == [10, 10, 5]


EDITS: dict[str, Any] = {
    "ts": "2026-03-01T09:00:00.000000Z",
    "source": "scan",
    "caller": "someone-else",
    "client": "curl/8",
    "upstream": "https://elsewhere.example.test",
    "provider": "openai",
    "model": "other-model",
    "tier": "public",
    "decision": "block",
    "applied": "masked",
    "mode": "monitor",
    "status": 500,
    "veil_ms": 4.5000001,
    "upstream_ms": 0.0,
    "data": canonical({"i": 3, "kinds": {"email": 2}}),
    "hash": "f" * 64,
}


def test_verify_names_an_edited_event_whatever_column_was_edited(store: Store, raw: Raw) -> None:
    fill(store, 5)
    for column, value in EDITS.items():
        original = raw.row(3)[column]
        assert original != value, column
        raw(f"UPDATE audit_events SET {column} = ? WHERE seq = 3", [value])
        verdict = store.verify()
        assert (verdict.bad, verdict.problem, verdict.events) == (3, "event 3 was edited", 3), (
            column
        )
        raw(f"UPDATE audit_events SET {column} = ? WHERE seq = 3", [original])
        assert store.verify().holds, column  # put back as it was, it holds again


def test_verify_names_an_edited_prev_hash_as_out_of_the_chain(store: Store, raw: Raw) -> None:
    events = fill(store, 5)
    raw("UPDATE audit_events SET prev_hash = ? WHERE seq = 4", [events[0].hash])
    verdict = store.verify()
    assert verdict.bad == 4
    assert verdict.problem == (
        "event 4 does not follow the event before it (one was inserted, deleted or moved)"
    )


def test_verify_names_an_edited_stored_request(store: Store, raw: Raw) -> None:
    request = b'{"messages":[{"role":"user","content":"[EMAIL_1]"}]}'
    sha = hashlib.sha256(request).hexdigest()
    store.append([make(1), make(2, request=request, data={"request_sha256": sha}), make(3)])
    assert store.verify().holds
    raw("UPDATE audit_events SET request = ? WHERE seq = 2", [request.replace(b"1", b"2")])
    verdict = store.verify()
    assert (verdict.bad, verdict.problem) == (2, "event 2's stored request was edited")


def test_verify_names_the_first_of_two_edits(store: Store, raw: Raw) -> None:
    fill(store, 6)
    raw("UPDATE audit_events SET model = 'x' WHERE seq IN (2, 5)")
    assert store.verify().bad == 2


def test_verify_names_a_deleted_event_in_the_middle(store: Store, raw: Raw) -> None:
    fill(store, 5)
    raw("DELETE FROM audit_events WHERE seq = 3")
    verdict = store.verify()
    assert (verdict.bad, verdict.problem) == (3, "event 3 is missing (deleted)")


def test_verify_names_deleted_events_in_the_middle(store: Store, raw: Raw) -> None:
    fill(store, 6)
    raw("DELETE FROM audit_events WHERE seq IN (2, 3, 4)")
    verdict = store.verify()
    assert (verdict.bad, verdict.problem) == (2, "events 2-4 are missing (deleted)")


def test_verify_names_deleted_tail_events_from_the_head(store: Store, raw: Raw) -> None:
    events = fill(store, 5)
    raw("DELETE FROM audit_events WHERE seq >= 4")
    verdict = store.verify()
    assert (verdict.bad, verdict.problem) == (4, "events 4-5 are missing (deleted)")
    assert verdict.head == events[-1].hash  # the head still remembers the last one appended


def test_verify_names_the_last_event_deleted(store: Store, raw: Raw) -> None:
    fill(store, 5)
    raw("DELETE FROM audit_events WHERE seq = 5")
    verdict = store.verify()
    assert (verdict.bad, verdict.problem) == (5, "event 5 is missing (deleted)")


def test_verify_names_every_event_deleted(store: Store, raw: Raw) -> None:
    fill(store, 3)
    raw("DELETE FROM audit_events")
    verdict = store.verify()
    assert (verdict.bad, verdict.problem, verdict.events) == (
        1,
        "events 1-3 are missing (deleted)",
        0,
    )


def test_verify_names_an_event_inserted_after_the_head(store: Store, raw: Raw) -> None:
    events = fill(store, 5)
    # A forger who knows the hash: the event chains perfectly, but the head never saw it.
    raw.insert(seal(make(6), 6, events[-1].hash))
    verdict = store.verify()
    assert (verdict.bad, verdict.problem) == (6, "event 6 is after the chain's head (inserted)")


def test_verify_names_a_last_event_replaced_by_a_forged_one(store: Store, raw: Raw) -> None:
    events = fill(store, 5)
    forged = seal(make(5, decision="allow", tier="public"), 5, events[3].hash)
    raw("DELETE FROM audit_events WHERE seq = 5")
    raw.insert(forged)  # chains perfectly after event 4, but the head recorded another
    verdict = store.verify()
    assert verdict.bad == 5
    assert verdict.problem == "event 5 is not the one the chain's head recorded (replaced)"


def test_verify_holds_for_timings_given_as_int_or_negative_zero(store: Store) -> None:
    store.append([make(1, veil_ms=5, upstream_ms=0), make(2, veil_ms=-0.0, upstream_ms=12)])
    verdict = store.verify()
    assert verdict.holds, verdict.problem
    assert [(e.veil_ms, e.upstream_ms) for e in store.scan()] == [(5.0, 0.0), (0.0, 12.0)]


def test_verify_names_an_event_inserted_in_the_middle(store: Store, raw: Raw) -> None:
    events = fill(store, 5)
    for seq in (5, 4, 3):  # make room at 3, one row at a time (seq is the primary key)
        raw("UPDATE audit_events SET seq = seq + 1 WHERE seq = ?", [seq])
    raw.insert(seal(make(99), 3, events[1].hash))  # chains after event 2: the next one won't
    verdict = store.verify()
    assert verdict.bad == 4
    assert verdict.problem == (
        "event 4 does not follow the event before it (one was inserted, deleted or moved)"
    )


def test_verify_names_two_events_swapped(store: Store, raw: Raw) -> None:
    fill(store, 5)
    two, three = raw.row(2), raw.row(3)
    names = [c for c in two if c != "seq"]
    assign = ", ".join(f"{c} = ?" for c in names)
    raw(f"UPDATE audit_events SET {assign} WHERE seq = 2", [three[c] for c in names])
    raw(f"UPDATE audit_events SET {assign} WHERE seq = 3", [two[c] for c in names])
    verdict = store.verify()
    assert verdict.bad == 2
    assert verdict.problem == (
        "event 2 does not follow the event before it (one was inserted, deleted or moved)"
    )


def test_verify_follows_appends_made_while_it_walks(store: Store) -> None:
    fill(store, 2100)  # two batches of the walk: appends land between them
    original = store._counts_between
    calls: list[int] = []

    def counts_and_append(first: int, last: int) -> dict[int, list[tuple[str, str, int]]]:
        calls.append(first)
        if len(calls) == 1:
            store.append([make(5000), make(5001)])
        return original(first, last)

    store._counts_between = counts_and_append  # type: ignore[method-assign]
    verdict = store.verify()
    assert verdict.holds, verdict.problem
    assert verdict.events == 2102


# --- purge ---


def test_purge_deletes_the_old_prefix_records_itself_and_the_chain_verifies(
    store: Store, raw: Raw
) -> None:
    events = [make(i, ts=f"2026-01-{i:02d}T00:00:00.000000Z") for i in range(1, 11)]
    store.append(events)

    record = AuditEvent(source="purge", data={"by": "test"})
    assert store.purge("2026-01-06", record) == 5
    assert [e.seq for e in store.scan()] == [6, 7, 8, 9, 10, 11]
    assert record.seq == 11 and record.prev_hash == events[-1].hash
    assert record.data == {
        "by": "test",
        "purged": 5,
        "before": "2026-01-06",
        "checkpoint_seq": 5,
        "checkpoint_hash": events[4].hash,
    }
    assert raw("SELECT count(*) FROM audit_counts WHERE seq <= 5") == [(0,)]
    verdict = store.verify()
    assert verdict.holds, verdict.problem
    assert (verdict.events, verdict.checkpoint, verdict.head) == (6, 5, record.hash)

    second = AuditEvent(source="purge")
    assert store.purge("2026-01-09", second) == 3
    assert [e.seq for e in store.scan()] == [9, 10, 11, 12]
    verdict = store.verify()
    assert verdict.holds, verdict.problem
    assert (verdict.events, verdict.checkpoint) == (4, 8)

    # Tampering after a purge is still found, against the new start.
    raw("DELETE FROM audit_events WHERE seq = 9")
    verdict = store.verify()
    assert (verdict.bad, verdict.problem) == (9, "event 9 is missing (deleted)")


def test_purge_with_nothing_older_deletes_and_appends_nothing(store: Store) -> None:
    events = fill(store, 3)  # 2026-03-01
    record = AuditEvent(source="purge")
    assert store.purge("2026-01-01", record) == 0
    assert record.seq == 0 and record.hash == ""
    assert store.count() == 3
    verdict = store.verify()
    assert verdict.holds and (verdict.checkpoint, verdict.head) == (0, events[-1].hash)


def test_purge_of_everything_keeps_a_verifiable_chain_of_one(store: Store) -> None:
    fill(store, 4)
    store.purge("2026-03-01T10:00:03", AuditEvent(source="purge"))  # events 1-2 go
    record = AuditEvent(source="purge")
    assert store.purge("9999", record) == 3  # 3, 4 and the first purge's record
    assert [e.seq for e in store.scan()] == [6]
    verdict = store.verify()
    assert verdict.holds, verdict.problem
    assert (verdict.events, verdict.checkpoint) == (1, 5)
    store.append([make(7)])
    assert store.verify().holds


# --- filters and statistics ---


def varied(store: Store) -> None:
    store.append(
        [
            make(1, ts="2026-03-01T10:00:00.000000Z", tier="public", provider="openai",
                 model="gpt-test", caller="alice", data={}),
            make(2, ts="2026-03-01T10:30:00.000000Z", tier="internal", decision="mask",
                 data={"kinds": {"email": 2}, "rules": {"email-rule": 2}}),
            make(3, ts="2026-03-01T11:15:00.000000Z", tier="restricted", decision="block",
                 caller="alice", data={"kinds": {"aws_key": 1, "email": 1},
                                       "rules": {"aws-rule": 1, "email-rule": 1}}),
            make(4, ts="2026-03-02T09:00:00.000000Z", source="scan", tier="restricted",
                 provider="", model="", decision="report", veil_ms=999.0,
                 data={"kinds": {"aws_key": 3}}),
            make(5, ts="2026-03-02T10:00:00.000000Z", provider="OpenAI", model="GPT-Other",
                 client="Codex/2", veil_ms=7.0, data={}),
        ]
    )  # fmt: skip


FILTERS: list[tuple[Filters, list[int]]] = [
    (Filters(), [1, 2, 3, 4, 5]),
    (Filters(since="2026-03-01T10:30:00.000000Z"), [2, 3, 4, 5]),
    (Filters(until="2026-03-01T11:15:00.000000Z"), [1, 2]),
    (Filters(since="2026-03-01T10:30", until="2026-03-02"), [2, 3]),
    (Filters(tier="restricted"), [3, 4]),
    (Filters(tier="RESTRICTED"), [3, 4]),
    (Filters(provider="openai"), [1, 5]),
    (Filters(decision="block"), [3]),
    (Filters(kind="aws_key"), [3, 4]),
    (Filters(kind="email"), [2, 3]),
    (Filters(kind="nothing"), []),
    (Filters(caller="alice"), [1, 3]),
    (Filters(source="scan"), [4]),
    (Filters(search="gpt"), [1, 5]),
    (Filters(search="codex"), [5]),
    (Filters(search="MASK"), [2]),
    (Filters(search="gpt%_"), [1, 5]),  # LIKE's wildcards are dropped, not obeyed
    (Filters(tier="restricted", source="gateway"), [3]),
    (Filters(provider="anthropic", since="2026-03-02"), []),
]


def test_filters_narrow_events_count_and_stats(store: Store) -> None:
    varied(store)
    for filters, seqs in FILTERS:
        assert [e.seq for e in store.events(filters)] == sorted(seqs, reverse=True), filters
        assert [e.seq for e in store.scan(filters)] == seqs, filters
        assert store.count(filters) == len(seqs), filters
        assert store.stats(filters).events == len(seqs), filters
    assert [e.seq for e in store.events(Filters(tier="internal"), limit=1)] == [5]


def test_stats_counts_everything_the_dashboard_shows(store: Store) -> None:
    varied(store)
    store.open_incident(source="gateway", key="k1", kinds=["aws_key"], place={}, event_seq=3,
                        ts="2026-03-01T11:15:00Z")  # fmt: skip
    second, _ = store.open_incident(source="scan", key="k2", kinds=["aws_key"], place={},
                                    event_seq=4, ts="2026-03-02T09:00:00Z")  # fmt: skip
    assert store.resolve_incident(second, "rotated", "2026-03-02T12:00:00Z")

    stats = store.stats()
    assert stats.events == 5
    assert stats.by_tier == {"restricted": 2, "internal": 2, "public": 1}
    assert stats.by_decision == {"allow": 2, "block": 1, "mask": 1, "report": 1}
    assert stats.by_provider == {"anthropic": 2, "": 1, "OpenAI": 1, "openai": 1}
    assert stats.by_model == {"claude-test": 2, "": 1, "GPT-Other": 1, "gpt-test": 1}
    assert stats.by_kind == {"aws_key": 4, "email": 3}  # summed counts, not events
    assert stats.by_rule == {"email-rule": 3, "aws-rule": 1}
    assert stats.over_time == [
        ("2026-03-01T10", "internal", 1),
        ("2026-03-01T10", "public", 1),
        ("2026-03-01T11", "restricted", 1),
        ("2026-03-02T09", "restricted", 1),
        ("2026-03-02T10", "internal", 1),
    ]
    assert store.stats(bucket="day").over_time == [
        ("2026-03-01", "internal", 1),
        ("2026-03-01", "public", 1),
        ("2026-03-01", "restricted", 1),
        ("2026-03-02", "internal", 1),
        ("2026-03-02", "restricted", 1),
    ]
    # Gateway events only (the scan's 999 ms is not a request's latency): 2.5, 3.5, 4.5, 7.0.
    assert (stats.veil_ms_p50, stats.veil_ms_p99) == (4.5, 7.0)
    assert stats.open_incidents == 1
    assert stats.to_dict()["over_time"][0] == ["2026-03-01T10", "internal", 1]

    narrowed = store.stats(Filters(tier="restricted"))
    assert narrowed.by_kind == {"aws_key": 4, "email": 1}
    assert narrowed.by_rule == {"aws-rule": 1, "email-rule": 1}
    assert (narrowed.veil_ms_p50, narrowed.veil_ms_p99) == (4.5, 4.5)


def test_stats_of_an_empty_store(store: Store) -> None:
    stats = store.stats()
    assert stats.events == 0 and stats.by_tier == {} and stats.over_time == []
    assert (stats.veil_ms_p50, stats.veil_ms_p99, stats.open_incidents) == (0.0, 0.0, 0)


def test_percentiles_over_many_requests(store: Store) -> None:
    store.append([make(i, veil_ms=float(i)) for i in range(1, 101)])
    stats = store.stats()
    assert (stats.veil_ms_p50, stats.veil_ms_p99) == (51.0, 99.0)


# --- incidents ---


def test_incidents_open_dedupe_resolve_and_list(store: Store) -> None:
    place = {"provider": "anthropic", "model": "claude-test"}
    first, new = store.open_incident(source="gateway", key="alice|aws_key|anthropic",
                                     kinds=["aws_key", "email"], place=place, event_seq=7,
                                     ts="2026-03-01T10:00:00Z", note="seen")  # fmt: skip
    assert new
    again, new = store.open_incident(source="gateway", key="alice|aws_key|anthropic",
                                     kinds=["aws_key"], place={}, event_seq=9,
                                     ts="2026-03-01T11:00:00Z")  # fmt: skip
    assert (again, new) == (first, False)
    other, new = store.open_incident(source="scan", key="repo|aws_key", kinds=["email", "aws_key"],
                                     place={"repository": "r"}, event_seq=10,
                                     ts="2026-03-01T12:00:00Z")  # fmt: skip
    assert new and other != first

    incident = store.incident(first)
    assert incident is not None
    assert incident.to_dict() == {
        "id": first,
        "opened": "2026-03-01T10:00:00Z",
        "last_seen": "2026-03-01T11:00:00Z",
        "source": "gateway",
        "kinds": ["aws_key", "email"],
        "place": place,
        "event_seq": 7,
        "events": 2,
        "status": "open",
        "resolved": None,
        "note": "seen",
    }
    assert store.incident(other) is not None
    assert store.incident(other).kinds == ["aws_key", "email"]  # type: ignore[union-attr]
    assert [i.id for i in store.incidents()] == [other, first]

    assert store.resolve_incident(first, "key rotated", "2026-03-02T00:00:00Z")
    assert not store.resolve_incident(first, "twice", "2026-03-03T00:00:00Z")
    assert not store.resolve_incident(12345, "none such", "2026-03-03T00:00:00Z")
    resolved = store.incident(first)
    assert resolved is not None
    assert (resolved.status, resolved.resolved, resolved.note) == (
        "resolved",
        "2026-03-02T00:00:00Z",
        "key rotated",
    )
    assert [i.id for i in store.incidents("open")] == [other]
    assert [i.id for i in store.incidents("resolved")] == [first]

    # The same key after the incident was resolved opens a new one.
    reopened, new = store.open_incident(source="gateway", key="alice|aws_key|anthropic",
                                        kinds=["aws_key"], place=place, event_seq=20,
                                        ts="2026-03-04T00:00:00Z")  # fmt: skip
    assert new and reopened not in (first, other)
    assert store.incident(reopened).events == 1  # type: ignore[union-attr]
    assert store.incident(999) is None
    assert store.stats().open_incidents == 2


# --- schema ---


def test_migrate_twice_is_a_no_op(store: Store, store_url: str, raw: Raw) -> None:
    fill(store, 3)
    key = store.caller_key()
    store.migrate()
    store.migrate()
    reopened = open_store(store_url)
    try:
        reopened.migrate()
        assert reopened.schema_version() == SCHEMA_VERSION == store.schema_version()
        assert reopened.caller_key() == key
        assert reopened.count() == 3 and reopened.verify().holds
    finally:
        reopened.close()
    assert raw("SELECT key, value FROM audit_meta WHERE key = 'schema_version'") == [
        ("schema_version", str(SCHEMA_VERSION))
    ]
    assert raw("SELECT count(*) FROM audit_meta") == [(2,)]
    assert raw("SELECT count(*) FROM audit_head") == [(1,)]


def test_a_store_with_a_newer_schema_is_refused(store: Store, store_url: str, raw: Raw) -> None:
    fill(store, 1)
    raw("UPDATE audit_meta SET value = ? WHERE key = 'schema_version'", [str(SCHEMA_VERSION + 1)])
    with pytest.raises(StoreError) as caught:
        open_store(store_url)
    message = str(caught.value)
    assert f"has schema version {SCHEMA_VERSION + 1}" in message
    assert f"this veil knows up to {SCHEMA_VERSION}: upgrade veil" in message
    assert message.startswith("audit store ")
    with pytest.raises(StoreError, match="upgrade veil"):
        store.migrate()
    assert raw("SELECT count(*) FROM audit_events") == [(1,)]  # nothing was touched


@pytest.mark.parametrize(
    "url",
    ["mysql://veil@db.example.test/audit", "sqlite://", "sqlite:///", "audit.db", "file:///x"],
)
def test_open_store_with_a_bad_url_is_a_config_error(url: str) -> None:
    with pytest.raises(ConfigError, match="audit url"):
        open_store(url)


def test_a_bad_url_error_never_shows_the_password() -> None:
    password = "pw-" + secrets.token_hex(8)
    with pytest.raises(ConfigError) as caught:
        open_store(f"mysql://veil:{password}@db.example.test/audit")
    assert password not in str(caught.value) and "veil:***@" in str(caught.value)


def test_safe_url_hides_the_password() -> None:
    password = "pw-" + secrets.token_hex(8)
    assert safe_url(f"postgresql://veil:{password}@db.example.test:5432/audit") == (
        "postgresql://veil:***@db.example.test:5432/audit"
    )
    assert (
        safe_url(f"postgresql://{password}:{password}@h/db") == f"postgresql://{password}:***@h/db"
    )
    hidden = safe_url(f"postgresql://veil@h/db?sslmode=require&password={password}")
    assert password not in hidden and "sslmode=require" in hidden and "password=***" in hidden
    for plain in ("postgresql://veil@h/db", "sqlite:////var/lib/veil/audit.db"):
        assert safe_url(plain) == plain


def test_sqlite_store_in_a_place_that_cannot_be_created_is_a_store_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    with pytest.raises(StoreError, match=r"^audit store .*file/audit\.db: "):
        open_store(f"sqlite:///{blocker}/audit.db")


# --- several writers ---


def test_a_new_sqlite_store_waits_for_the_lock_that_switching_to_wal_needs(
    tmp_path: Path,
) -> None:
    # Several gateways opening a new store at once: one of them holds the file's write lock
    # while another switches it to WAL, which SQLite refuses at once ("database is locked")
    # instead of waiting. Held here on purpose, and let go after 0.3 s.
    path = tmp_path / "audit.db"
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("CREATE TABLE placeholder (x)")
    holder.execute("BEGIN IMMEDIATE")
    opened: list[Store] = []
    failed: list[BaseException] = []

    def open_it() -> None:
        try:
            opened.append(open_store(f"sqlite:///{path}"))
        except BaseException as exc:
            failed.append(exc)

    thread = threading.Thread(target=open_it)
    thread.start()
    time.sleep(0.3)
    holder.execute("COMMIT")
    holder.close()
    thread.join(30)
    assert not failed, failed
    [store] = opened
    try:
        store.append([make(1)])
        assert store.verify().holds
        assert store._execute("PRAGMA journal_mode") == [("wal",)]  # type: ignore[attr-defined]
    finally:
        store.close()


def test_a_write_transaction_holds_off_appends_from_another_connection(store_url: str) -> None:
    first, second = open_store(store_url), open_store(store_url)
    try:
        first._begin(write=True)  # what append holds while it chains
        done = threading.Event()
        failed: list[BaseException] = []

        def append() -> None:
            try:
                second.append([make(1)])
            except BaseException as exc:  # pragma: no cover - reported below
                failed.append(exc)
            done.set()

        thread = threading.Thread(target=append)
        thread.start()
        assert not done.wait(0.5), "an append ran while another writer held the lock"
        first._commit()
        assert done.wait(20) and not failed
        thread.join()
        assert first.count() == 1 and first.verify().holds
    finally:
        first.close()
        second.close()


WRITER = """
import sys, time
from pathlib import Path
from veil.audit.event import AuditEvent
from veil.audit.store import open_store

url, go = sys.argv[1], Path(sys.argv[5])
proc, batches, size = int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
print("ready", flush=True)
deadline = time.monotonic() + 60
while not go.exists():
    if time.monotonic() > deadline:
        sys.exit("never told to go")
    time.sleep(0.002)
store = open_store(url)  # several first-run migrations at once
for b in range(batches):
    store.append([AuditEvent(source="gateway", data={"proc": proc, "n": b * size + k})
                  for k in range(size)])
print(store.caller_key().hex(), flush=True)
store.close()
"""


def test_concurrent_appenders_in_several_processes_keep_one_chain(
    store_url: str, tmp_path: Path
) -> None:
    procs, batches, size = 4, 15, 5
    go = tmp_path / "go"
    writers = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER, store_url, str(p), str(batches), str(size), str(go)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for p in range(procs)
    ]
    try:
        for writer in writers:
            assert writer.stdout is not None and writer.stdout.readline().strip() == "ready"
        go.touch()
        results = [writer.communicate(timeout=60) for writer in writers]
    finally:
        for writer in writers:
            if writer.poll() is None:
                writer.kill()
                writer.wait()
    for writer, (_out, err) in zip(writers, results, strict=True):
        assert writer.returncode == 0, err
    keys = {out.strip() for out, _ in results}
    assert len(keys) == 1, "the writers migrated the store more than once"

    store = open_store(store_url)
    try:
        total = procs * batches * size
        assert store.count() == total
        verdict = store.verify()
        assert verdict.holds, verdict.problem
        assert verdict.events == total
        assert store.caller_key().hex() in keys
        seen: dict[int, list[int]] = {}
        for event in store.scan():
            seen.setdefault(event.data["proc"], []).append(event.data["n"])
        # Every event there once, and each writer's in the order it appended them.
        assert seen == {p: list(range(batches * size)) for p in range(procs)}
        assert [e.seq for e in store.scan()] == list(range(1, total + 1))
    finally:
        store.close()


def test_threads_sharing_one_store_keep_one_chain(store: Store) -> None:
    def work(t: int) -> None:
        for b in range(10):
            store.append([make(t * 100 + b * 3 + k) for k in range(3)])

    threads = [threading.Thread(target=work, args=(t,)) for t in range(4)]
    began = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert time.monotonic() - began < 30
    assert store.count() == 120
    assert store.verify().holds


def test_append_writes_the_count_rows_filters_use(store: Store, raw: Raw) -> None:
    store.append(
        [make(1, data={"kinds": {"email": 2}, "rules": {"r": 1}, "categories": {"pii": 2}})]
    )
    rows = raw("SELECT what, name, n FROM audit_counts WHERE seq = 1 ORDER BY what, name")
    assert rows == [("kind", "email", 2), ("rule", "r", 1)]
    assert json.loads(raw.row(1)["data"]) == {
        "categories": {"pii": 2},
        "kinds": {"email": 2},
        "rules": {"r": 1},
    }


def test_choices_are_the_values_seen(store: Store) -> None:
    store.append(
        [
            AuditEvent(
                "gateway",
                tier="Restricted",
                provider="openai",
                decision="mask",
                data={"kinds": {"email_address": 1}},
            ),
            AuditEvent("gateway", tier="Public", provider="anthropic", decision="forward"),
            AuditEvent("scan", data={"kinds": {"aws_access_key_id": 2}}),
        ]
    )
    assert store.choices() == {
        "tier": ["Public", "Restricted"],
        "provider": ["anthropic", "openai"],
        "decision": ["forward", "mask"],
        "kind": ["aws_access_key_id", "email_address"],
    }


# --- what verify sees besides each event's own hash ---


def test_a_deleted_prefix_with_a_forged_checkpoint_is_found(store: Store, raw: Raw) -> None:
    events = fill(store, 6)
    raw("DELETE FROM audit_counts WHERE seq <= 3")
    raw("DELETE FROM audit_events WHERE seq <= 3")
    raw(
        "UPDATE audit_head SET checkpoint_seq = 3, checkpoint_hash = ? WHERE id = 1",
        [events[2].hash],
    )
    verdict = store.verify()
    assert not verdict.holds and verdict.bad == 3
    assert verdict.problem == (
        "the chain starts after event 3, but no purge recorded that: events 1-3 were deleted"
    )


def test_a_real_purge_still_verifies_after_a_second_one(store: Store) -> None:
    store.append([make(i, ts="2020-01-01T00:00:00.000000Z") for i in range(3)])
    assert store.purge("2021-01-01", AuditEvent("purge")) == 3
    store.append([make(i, ts="2020-06-01T00:00:00.000000Z") for i in range(2)])
    # Everything up to now: the first purge's own event goes too, and its checkpoint with it.
    assert store.purge("2100-01-01", AuditEvent("purge")) == 3
    fill(store, 2)
    verdict = store.verify()
    assert verdict.holds, verdict.problem
    assert verdict.checkpoint == 6


def test_a_row_hidden_below_the_chain_is_found(store: Store, raw: Raw) -> None:
    fill(store, 3)
    forged = make(99)
    forged.seq, forged.prev_hash, forged.hash = -1, GENESIS, "0" * 64
    raw.insert(forged)
    verdict = store.verify()
    assert verdict.bad == -1 and verdict.problem == "event -1 is out of order"


@pytest.mark.parametrize(
    ("edit", "bad"),
    [
        ("DELETE FROM audit_counts WHERE seq = 2", 2),
        ("UPDATE audit_counts SET n = 5 WHERE seq = 3", 3),
        ("UPDATE audit_counts SET name = 'other' WHERE seq = 1", 1),
    ],
)
def test_edited_counts_are_found(store: Store, raw: Raw, edit: str, bad: int) -> None:
    fill(store, 4)
    raw(edit)
    verdict = store.verify()
    assert verdict.bad == bad
    assert verdict.problem == f"event {bad}'s counts were edited (filters would miss it)"


def test_counts_for_no_event_are_found(store: Store, raw: Raw) -> None:
    fill(store, 2)
    raw("INSERT INTO audit_counts (seq, what, name, n) VALUES (7, 'kind', 'email', 1)")
    verdict = store.verify()
    assert verdict.bad == 7 and verdict.problem == "counts for no event (7) were added"


def test_a_new_sqlite_store_is_readable_by_its_owner_only(tmp_path: Path) -> None:
    store = open_store(f"sqlite:///{tmp_path}/new.db")
    fill(store, 2)
    for path in tmp_path.glob("new.db*"):
        assert path.stat().st_mode & 0o777 == 0o600, path
    store.close()


def test_incidents_are_listed_newest_first_up_to_a_limit(store: Store) -> None:
    for n in range(5):
        store.open_incident(
            source="report", key=f"k{n}", kinds=["email"], place={}, event_seq=n, ts="t"
        )
    assert [i.id for i in store.incidents("open", limit=2)] == [5, 4]
    assert store.count_incidents("open") == 5 and store.count_incidents("resolved") == 0
