"""The audit store: append-only, hash-chained events and incidents, in SQL.

One class holds the SQL both databases share; `SqliteStore` and `PostgresStore` (in
`postgres.py`) differ only in how they connect, their column types, and how they take the lock
that serialises appends (so that several gateways writing to one store keep one chain). Every
statement is parametrised; no value is ever formatted into SQL.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import secrets
import sqlite3
import threading
import time
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, ClassVar
from urllib.parse import unquote, urlsplit

import platformdirs

from veil.audit.event import GENESIS, AuditEvent, chain_hash, counts_of, seal
from veil.errors import ConfigError

SCHEMA_VERSION = 1
URL_ENV = "VEIL_AUDIT_URL"  # overrides `[audit] url` (tests, one-off runs)

# The tables, in each dialect's types: {int} a 64-bit integer, {real} a double, {blob} bytes,
# {serial} an auto-numbered primary key.
_MIGRATIONS: tuple[tuple[int, tuple[str, ...]], ...] = (
    (
        1,
        (
            """CREATE TABLE audit_events (
                seq {int} PRIMARY KEY, ts TEXT NOT NULL, source TEXT NOT NULL,
                caller TEXT NOT NULL, client TEXT NOT NULL, upstream TEXT NOT NULL,
                provider TEXT NOT NULL, model TEXT NOT NULL, tier TEXT NOT NULL,
                decision TEXT NOT NULL, applied TEXT NOT NULL, mode TEXT NOT NULL,
                status {int} NOT NULL, veil_ms {real} NOT NULL, upstream_ms {real} NOT NULL,
                data TEXT NOT NULL, request {blob}, prev_hash TEXT NOT NULL, hash TEXT NOT NULL)""",
            "CREATE INDEX audit_events_ts ON audit_events (ts)",
            """CREATE TABLE audit_counts (
                seq {int} NOT NULL, what TEXT NOT NULL, name TEXT NOT NULL, n {int} NOT NULL)""",
            "CREATE INDEX audit_counts_seq ON audit_counts (seq)",
            "CREATE INDEX audit_counts_name ON audit_counts (what, name)",
            # The last event appended (tail truncation shows) and the last one purged.
            """CREATE TABLE audit_head (
                id {int} PRIMARY KEY, seq {int} NOT NULL, hash TEXT NOT NULL,
                checkpoint_seq {int} NOT NULL, checkpoint_hash TEXT NOT NULL)""",
            f"""INSERT INTO audit_head VALUES (1, 0, '{GENESIS}', 0, '{GENESIS}')""",
            """CREATE TABLE incidents (
                id {serial}, opened TEXT NOT NULL, last_seen TEXT NOT NULL,
                source TEXT NOT NULL, key TEXT NOT NULL, kinds TEXT NOT NULL,
                place TEXT NOT NULL, event_seq {int} NOT NULL, events {int} NOT NULL,
                status TEXT NOT NULL, resolved TEXT, note TEXT NOT NULL)""",
            "CREATE INDEX incidents_open ON incidents (status, key)",
        ),
    ),
)

_EVENT_COLUMNS = (
    "seq, ts, source, caller, client, upstream, provider, model, tier, decision, applied, mode,"
    " status, veil_ms, upstream_ms, data, request, prev_hash, hash"
)


@dataclass(frozen=True)
class Filters:
    """Which events: every field left empty matches everything."""

    since: str = ""  # ISO 8601 UTC, inclusive
    until: str = ""  # exclusive
    tier: str = ""
    provider: str = ""
    decision: str = ""
    kind: str = ""  # a finding kind
    caller: str = ""  # the caller's keyed hash
    source: str = ""
    search: str = ""  # a word in the model, client, upstream, provider or decision

    def where(self) -> tuple[str, list[Any]]:
        """The SQL condition and its parameters."""
        parts: list[str] = []
        args: list[Any] = []
        if self.since:
            parts.append("ts >= ?")
            args.append(self.since)
        if self.until:
            parts.append("ts < ?")
            args.append(self.until)
        for column in ("tier", "provider", "decision", "caller", "source"):
            value = getattr(self, column)
            if value:
                parts.append(f"lower({column}) = lower(?)")
                args.append(value)
        if self.kind:
            parts.append("seq IN (SELECT seq FROM audit_counts WHERE what = 'kind' AND name = ?)")
            args.append(self.kind)
        if self.search:
            like = "%" + self.search.lower().replace("%", "").replace("_", "") + "%"
            parts.append(
                "(lower(model) LIKE ? OR lower(client) LIKE ? OR lower(upstream) LIKE ?"
                " OR lower(provider) LIKE ? OR lower(decision) LIKE ? OR lower(tier) LIKE ?)"
            )
            args.extend([like] * 6)
        return (" AND ".join(parts) or "1 = 1"), args


@dataclass
class Incident:
    """Something Restricted that got out, and what to do about it."""

    id: int
    opened: str
    last_seen: str
    source: str  # gateway, scan, check, report
    kinds: list[str]
    place: dict[str, str]  # where it went: provider, upstream, model; or repository, commit
    event_seq: int
    events: int
    status: str  # open or resolved
    resolved: str | None
    note: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "opened": self.opened,
            "last_seen": self.last_seen,
            "source": self.source,
            "kinds": self.kinds,
            "place": self.place,
            "event_seq": self.event_seq,
            "events": self.events,
            "status": self.status,
            "resolved": self.resolved,
            "note": self.note,
        }


@dataclass
class Verdict:
    """What `verify` found: `bad` is the first event that breaks the chain (0 when it holds)."""

    events: int
    head: str
    bad: int = 0
    problem: str = ""
    checkpoint: int = 0

    @property
    def holds(self) -> bool:
        return not self.problem


@dataclass
class Stats:
    """What the dashboard and `veil audit stats` show."""

    events: int = 0
    by_tier: dict[str, int] = field(default_factory=dict)
    by_decision: dict[str, int] = field(default_factory=dict)
    by_provider: dict[str, int] = field(default_factory=dict)
    by_model: dict[str, int] = field(default_factory=dict)
    by_kind: dict[str, int] = field(default_factory=dict)
    by_rule: dict[str, int] = field(default_factory=dict)
    # (bucket, tier, count), bucket an ISO prefix: an hour `2026-12-01T22` or a day `2026-12-01`
    over_time: list[tuple[str, str, int]] = field(default_factory=list)
    veil_ms_p50: float = 0.0
    veil_ms_p99: float = 0.0
    open_incidents: int = 0

    def to_dict(self) -> dict[str, Any]:
        return {
            "events": self.events,
            "by_tier": self.by_tier,
            "by_decision": self.by_decision,
            "by_provider": self.by_provider,
            "by_model": self.by_model,
            "by_kind": self.by_kind,
            "by_rule": self.by_rule,
            "over_time": [list(row) for row in self.over_time],
            "veil_ms_p50": self.veil_ms_p50,
            "veil_ms_p99": self.veil_ms_p99,
            "open_incidents": self.open_incidents,
        }


class StoreError(Exception):
    """The store cannot be reached or written; the message names the store, never a value."""


class Store(ABC):
    """The audit store. Safe to share between threads (one connection, one lock)."""

    types: ClassVar[dict[str, str]]
    where: str  # the store, as safe to print (no password)

    def __init__(self) -> None:
        self._lock = threading.Lock()

    # --- dialect ---

    @abstractmethod
    def _execute(self, sql: str, args: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        """Run one statement in the current transaction; its rows."""

    @abstractmethod
    def _execute_many(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        """Run one statement for each of `rows` in the current transaction, in as few round
        trips as the database allows."""

    @abstractmethod
    def _begin(self, *, write: bool) -> None:
        """Start a transaction; `write` takes the lock that serialises appends."""

    @abstractmethod
    def _commit(self) -> None: ...

    @abstractmethod
    def _rollback(self) -> None: ...

    @abstractmethod
    def close(self) -> None: ...

    def _head_for_update(self) -> tuple[int, str, int, str]:
        row = self._execute(
            "SELECT seq, hash, checkpoint_seq, checkpoint_hash FROM audit_head WHERE id = 1"
        )[0]
        return int(row[0]), str(row[1]), int(row[2]), str(row[3])

    # --- shared ---

    def _transaction(self, fn: Any, *, write: bool) -> Any:
        with self._lock:
            try:
                self._begin(write=write)
                result = fn()
                self._commit()
                return result
            except Exception as exc:
                with contextlib.suppress(Exception):
                    self._rollback()
                if isinstance(exc, StoreError):
                    raise
                raise StoreError(f"audit store {self.where}: {_reason(exc)}") from exc

    def migrate(self) -> None:
        """Create the tables on first use and bring an older schema up to date."""

        def run() -> None:
            self._execute(
                "CREATE TABLE IF NOT EXISTS audit_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)"
            )
            rows = self._execute("SELECT value FROM audit_meta WHERE key = 'schema_version'")
            version = int(rows[0][0]) if rows else 0
            if version > SCHEMA_VERSION:
                raise StoreError(
                    f"audit store {self.where} has schema version {version}; this veil knows"
                    f" up to {SCHEMA_VERSION}: upgrade veil"
                )
            for number, statements in _MIGRATIONS:
                if number <= version:
                    continue
                for statement in statements:
                    self._execute(statement.format(**self.types))
            if version < SCHEMA_VERSION:
                self._execute("DELETE FROM audit_meta WHERE key = 'schema_version'")
                self._execute(
                    "INSERT INTO audit_meta VALUES ('schema_version', ?)", [str(SCHEMA_VERSION)]
                )
            if not self._execute("SELECT value FROM audit_meta WHERE key = 'caller_key'"):
                self._execute(
                    "INSERT INTO audit_meta VALUES ('caller_key', ?)", [secrets.token_hex(32)]
                )

        self._transaction(run, write=True)

    def caller_key(self) -> bytes:
        """The key callers are hashed with: one per store, so every gateway writing to it
        hashes a caller the same way."""
        rows = self._transaction(
            lambda: self._execute("SELECT value FROM audit_meta WHERE key = 'caller_key'"),
            write=False,
        )
        return bytes.fromhex(rows[0][0])

    def schema_version(self) -> int:
        rows = self._transaction(
            lambda: self._execute("SELECT value FROM audit_meta WHERE key = 'schema_version'"),
            write=False,
        )
        return int(rows[0][0]) if rows else 0

    def append(self, events: Sequence[AuditEvent]) -> None:
        """Chain `events` after the last one, in one transaction under the store's lock: two
        batched statements for the events and their counts, each event encoded once."""
        if not events:
            return

        def run() -> None:
            seq, head, _, _ = self._head_for_update()
            rows: list[list[Any]] = []
            counts: list[tuple[int, str, str, int]] = []
            for event in events:
                seq += 1
                event.seq, event.prev_hash = seq, head
                columns = event.columns()
                event.hash = head = chain_hash(event.prev_hash, columns)
                rows.append([*columns.values(), event.request, event.prev_hash, event.hash])
                counts.extend((seq, what, name, n) for what, name, n in counts_of(event))
            self._execute_many(_INSERT_EVENT, rows)
            if counts:
                self._execute_many(_INSERT_COUNT, counts)
            self._execute("UPDATE audit_head SET seq = ?, hash = ? WHERE id = 1", [seq, head])

        self._transaction(run, write=True)

    def _insert(self, event: AuditEvent) -> None:
        columns = event.columns()
        self._execute(
            _INSERT_EVENT, [*columns.values(), event.request, event.prev_hash, event.hash]
        )
        for what, name, n in counts_of(event):
            self._execute(_INSERT_COUNT, [event.seq, what, name, n])

    def events(
        self, filters: Filters = Filters(), *, limit: int = 100, offset: int = 0
    ) -> list[AuditEvent]:
        """The newest events that match, newest first."""
        where, args = filters.where()
        sql = (
            f"SELECT {_EVENT_COLUMNS} FROM audit_events WHERE {where}"
            " ORDER BY seq DESC LIMIT ? OFFSET ?"
        )
        rows = self._transaction(lambda: self._execute(sql, [*args, limit, offset]), write=False)
        return [_event(row) for row in rows]

    def count(self, filters: Filters = Filters()) -> int:
        where, args = filters.where()
        rows = self._transaction(
            lambda: self._execute(f"SELECT count(*) FROM audit_events WHERE {where}", args),
            write=False,
        )
        return int(rows[0][0])

    def event(self, seq: int) -> AuditEvent | None:
        rows = self._transaction(
            lambda: self._execute(
                f"SELECT {_EVENT_COLUMNS} FROM audit_events WHERE seq = ?", [seq]
            ),
            write=False,
        )
        return _event(rows[0]) if rows else None

    def scan(self, filters: Filters = Filters(), *, batch: int = 2000) -> Iterator[AuditEvent]:
        """Every matching event, oldest first, a batch at a time (for export and verify)."""
        where, args = filters.where()
        sql = (
            f"SELECT {_EVENT_COLUMNS} FROM audit_events WHERE seq > ? AND {where}"
            " ORDER BY seq LIMIT ?"
        )
        after = -1
        while True:
            rows = self._transaction(
                lambda a=after: self._execute(sql, [a, *args, batch]), write=False
            )
            for row in rows:
                yield _event(row)
            if len(rows) < batch:
                return
            after = int(rows[-1][0])

    def verify(
        self, *, batch: int = 2000, progress: Callable[[int], None] | None = None
    ) -> Verdict:
        """Walk the chain from the last purge's checkpoint to the head; name the first event
        that breaks it. Besides each event's hash and link: every row is walked (none hides
        below the checkpoint), the checkpoint must be the one the newest purge event recorded,
        and each event's counts (what `--kind` and the statistics read) must be its own.
        `progress` is called with the number of rows of each batch once it is checked."""
        head_seq, head, checkpoint_seq, checkpoint_hash = self._transaction(
            self._head_for_update, write=False
        )
        expected_seq, prev = checkpoint_seq, checkpoint_hash
        purged_to: tuple[int, str] = (0, GENESIS)  # what the newest purge event says
        n = 0
        after = -(2**62)
        select = f"SELECT {_EVENT_COLUMNS} FROM audit_events WHERE seq > ? ORDER BY seq LIMIT ?"
        while True:
            rows = self._transaction(lambda a=after: self._execute(select, [a, batch]), write=False)
            if not rows:
                break
            after = int(rows[-1][0])
            counts = self._counts_between(int(rows[0][0]), int(rows[-1][0]))
            for row in rows:
                n += 1
                expected_seq += 1
                seq = int(row[0])
                try:
                    event = _event(row)
                except (ValueError, TypeError):
                    return _broken(
                        n, head, seq, f"event {seq} cannot be read (edited)", checkpoint_seq
                    )
                problem = self._problem(event, expected_seq, prev)
                if problem is None and event.seq > head_seq:  # appended since, or forged
                    head_seq, head, _, _ = self._transaction(self._head_for_update, write=False)
                    if event.seq > head_seq:
                        problem = f"event {event.seq} is after the chain's head (inserted)"
                if problem is None and sorted(counts_of(event)) != counts.get(event.seq, []):
                    problem = f"event {event.seq}'s counts were edited (filters would miss it)"
                if problem is not None:
                    bad = expected_seq if "missing" in problem else event.seq
                    return _broken(n, head, bad, problem, checkpoint_seq)
                if event.source == "purge" and "checkpoint_seq" in event.data:
                    purged_to = (
                        int(event.data["checkpoint_seq"]),
                        str(event.data["checkpoint_hash"]),
                    )
                prev = event.hash
            if progress is not None:
                progress(len(rows))
        if expected_seq < head_seq:
            gone = expected_seq + 1
            what = (
                f"events {gone}-{head_seq} are missing (deleted)"
                if head_seq > gone
                else f"event {gone} is missing (deleted)"
            )
            return _broken(n, head, gone, what, checkpoint_seq)
        if prev != head:
            what = f"event {head_seq} is not the one the chain's head recorded (replaced)"
            return _broken(n, head, head_seq, what, checkpoint_seq)
        if (checkpoint_seq, checkpoint_hash) != purged_to:
            what = (
                f"the chain starts after event {checkpoint_seq}, but no purge recorded that:"
                f" events 1-{checkpoint_seq} were deleted"
            )
            return _broken(n, head, max(checkpoint_seq, 1), what, checkpoint_seq)
        orphans = self._transaction(
            lambda: self._execute(
                "SELECT min(seq) FROM audit_counts WHERE seq <= ? OR seq > ?",
                [checkpoint_seq, head_seq],
            ),
            write=False,
        )
        if orphans and orphans[0][0] is not None:
            seq = int(orphans[0][0])
            return _broken(n, head, seq, f"counts for no event ({seq}) were added", checkpoint_seq)
        return Verdict(n, head, checkpoint=checkpoint_seq)

    def _problem(self, event: AuditEvent, expected_seq: int, prev: str) -> str | None:
        """What is wrong with `event` at this place in the chain, if anything."""
        if event.seq < expected_seq:
            return f"event {event.seq} is out of order"
        if event.seq > expected_seq:
            if event.seq > expected_seq + 1:
                return f"events {expected_seq}-{event.seq - 1} are missing (deleted)"
            return f"event {expected_seq} is missing (deleted)"
        if event.prev_hash != prev:
            return (
                f"event {event.seq} does not follow the event before it (one was inserted,"
                " deleted or moved)"
            )
        if seal(replace(event), event.seq, prev).hash != event.hash:
            return f"event {event.seq} was edited"
        if event.request is not None and (
            hashlib.sha256(event.request).hexdigest() != event.data.get("request_sha256")
        ):
            return f"event {event.seq}'s stored request was edited"
        if event.request is None and event.data.get("request_kept"):
            return f"event {event.seq}'s stored request was deleted"
        return None

    def _counts_between(self, first: int, last: int) -> dict[int, list[tuple[str, str, int]]]:
        rows = self._transaction(
            lambda: self._execute(
                "SELECT seq, what, name, n FROM audit_counts WHERE seq >= ? AND seq <= ?",
                [first, last],
            ),
            write=False,
        )
        found: dict[int, list[tuple[str, str, int]]] = {}
        for seq, what, name, count in rows:
            found.setdefault(int(seq), []).append((str(what), str(name), int(count)))
        return {seq: sorted(items) for seq, items in found.items()}

    def purge(self, before: str, event: AuditEvent) -> int:
        """Delete the oldest events, up to the first one at or after `before` (ISO time), keep
        the hash of the last one deleted as the chain's new start, and append `event` (the
        purge's own record, told what was deleted) in the same transaction. Nothing older:
        nothing is deleted or appended. The number of events deleted."""

        def run() -> int:
            seq, head, checkpoint_seq, _ = self._head_for_update()
            rows = self._execute("SELECT min(seq) FROM audit_events WHERE ts >= ?", [before])
            keep_from = rows[0][0] if rows and rows[0][0] is not None else seq + 1
            last = self._execute(
                "SELECT seq, hash FROM audit_events WHERE seq < ? ORDER BY seq DESC LIMIT 1",
                [keep_from],
            )
            if not last:
                return 0  # nothing older: no event, the chain is as it was
            cut_seq, cut_hash = int(last[0][0]), str(last[0][1])
            purged = cut_seq - checkpoint_seq
            self._execute("DELETE FROM audit_counts WHERE seq <= ?", [cut_seq])
            self._execute("DELETE FROM audit_events WHERE seq <= ?", [cut_seq])
            self._execute(
                "UPDATE audit_head SET checkpoint_seq = ?, checkpoint_hash = ? WHERE id = 1",
                [cut_seq, cut_hash],
            )
            event.data = {
                **event.data,
                "purged": purged,
                "before": before,
                "checkpoint_seq": cut_seq,
                "checkpoint_hash": cut_hash,
            }
            seal(event, seq + 1, head)
            self._insert(event)
            self._execute(
                "UPDATE audit_head SET seq = ?, hash = ? WHERE id = 1", [seq + 1, event.hash]
            )
            return purged

        return int(self._transaction(run, write=True))

    def choices(self) -> dict[str, list[str]]:
        """The values each filter can take (tiers, providers, decisions, finding kinds seen),
        without counting every event as `stats` does."""

        def run() -> dict[str, list[str]]:
            out = {
                column: sorted(
                    str(r[0])
                    for r in self._execute(f"SELECT DISTINCT {column} FROM audit_events")
                    if r[0]
                )
                for column in ("tier", "provider", "decision")
            }
            kinds = self._execute("SELECT DISTINCT name FROM audit_counts WHERE what = 'kind'")
            out["kind"] = sorted(str(r[0]) for r in kinds)
            return out

        result: dict[str, list[str]] = self._transaction(run, write=False)
        return result

    def stats(self, filters: Filters = Filters(), *, bucket: str = "hour") -> Stats:
        """Counts for the dashboard; `bucket` is `hour` or `day` for requests over time."""
        where, args = filters.where()
        width = 13 if bucket == "hour" else 10

        def grouped(column: str) -> dict[str, int]:
            rows = self._execute(
                f"SELECT {column}, count(*) FROM audit_events WHERE {where}"
                f" GROUP BY {column} ORDER BY count(*) DESC, {column}",
                args,
            )
            return {str(k): int(n) for k, n in rows}

        def counted(what: str) -> dict[str, int]:
            rows = self._execute(
                "SELECT name, sum(n) FROM audit_counts WHERE what = ? AND seq IN"
                f" (SELECT seq FROM audit_events WHERE {where})"
                " GROUP BY name ORDER BY sum(n) DESC, name",
                [what, *args],
            )
            return {str(k): int(n) for k, n in rows}

        def run() -> Stats:
            stats = Stats(
                events=int(
                    self._execute(f"SELECT count(*) FROM audit_events WHERE {where}", args)[0][0]
                )
            )
            stats.by_tier = grouped("tier")
            stats.by_decision = grouped("decision")
            stats.by_provider = grouped("provider")
            stats.by_model = grouped("model")
            stats.by_kind = counted("kind")
            stats.by_rule = counted("rule")
            rows = self._execute(
                f"SELECT substr(ts, 1, {width}), tier, count(*) FROM audit_events"
                f" WHERE {where} GROUP BY substr(ts, 1, {width}), tier"
                f" ORDER BY substr(ts, 1, {width}), tier",
                args,
            )
            stats.over_time = [(str(b), str(t), int(n)) for b, t, n in rows]
            times = [
                float(r[0])
                for r in self._execute(
                    f"SELECT veil_ms FROM audit_events WHERE {where} AND source = 'gateway'"
                    " AND upstream <> '-'"
                    " ORDER BY seq DESC LIMIT 20000",
                    args,
                )
            ]
            stats.veil_ms_p50, stats.veil_ms_p99 = _percentile(times, 50), _percentile(times, 99)
            stats.open_incidents = int(
                self._execute("SELECT count(*) FROM incidents WHERE status = 'open'")[0][0]
            )
            return stats

        result: Stats = self._transaction(run, write=False)
        return result

    # --- incidents ---

    def open_incident(
        self,
        *,
        source: str,
        key: str,
        kinds: Sequence[str],
        place: dict[str, str],
        event_seq: int,
        ts: str,
        note: str = "",
    ) -> tuple[int, bool]:
        """Open an incident, or count one more event on the open one with the same `key` (the
        same kinds going to the same place from the same caller). (id, whether it is new)."""

        def run() -> tuple[int, bool]:
            rows = self._execute(
                "SELECT id FROM incidents WHERE status = 'open' AND key = ? ORDER BY id LIMIT 1",
                [key],
            )
            if rows:
                self._execute(
                    "UPDATE incidents SET events = events + 1, last_seen = ? WHERE id = ?",
                    [ts, rows[0][0]],
                )
                return int(rows[0][0]), False
            self._execute(
                "INSERT INTO incidents (opened, last_seen, source, key, kinds, place, event_seq,"
                " events, status, resolved, note) VALUES (?, ?, ?, ?, ?, ?, ?, 1, 'open', NULL, ?)",
                [
                    ts,
                    ts,
                    source,
                    key,
                    json.dumps(sorted(kinds)),
                    json.dumps(place),
                    event_seq,
                    note,
                ],
            )
            new = self._execute(
                "SELECT id FROM incidents WHERE status = 'open' AND key = ? ORDER BY id DESC"
                " LIMIT 1",
                [key],
            )
            return int(new[0][0]), True

        result: tuple[int, bool] = self._transaction(run, write=True)
        return result

    def incidents(self, status: str = "", *, limit: int = 1000) -> list[Incident]:
        """The newest incidents, at most `limit`; `status` `open` or `resolved` narrows them."""
        sql = f"SELECT {_INCIDENT_COLUMNS} FROM incidents"
        args: list[Any] = []
        if status:
            sql += " WHERE status = ?"
            args.append(status)
        rows = self._transaction(
            lambda: self._execute(sql + " ORDER BY id DESC LIMIT ?", [*args, limit]), write=False
        )
        return [_incident(row) for row in rows]

    def count_incidents(self, status: str = "") -> int:
        sql = "SELECT count(*) FROM incidents" + (" WHERE status = ?" if status else "")
        rows = self._transaction(
            lambda: self._execute(sql, [status] if status else []), write=False
        )
        return int(rows[0][0])

    def incident(self, number: int) -> Incident | None:
        rows = self._transaction(
            lambda: self._execute(
                f"SELECT {_INCIDENT_COLUMNS} FROM incidents WHERE id = ?", [number]
            ),
            write=False,
        )
        return _incident(rows[0]) if rows else None

    def resolve_incident(self, number: int, note: str, ts: str) -> bool:
        """Mark an open incident resolved; False when there is no such open incident."""

        def run() -> bool:
            rows = self._execute(
                "SELECT id FROM incidents WHERE id = ? AND status = 'open'", [number]
            )
            if not rows:
                return False
            self._execute(
                "UPDATE incidents SET status = 'resolved', resolved = ?, note = ? WHERE id = ?",
                [ts, note, number],
            )
            return True

        return bool(self._transaction(run, write=True))


_INSERT_EVENT = (
    f"INSERT INTO audit_events ({_EVENT_COLUMNS})"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)
_INSERT_COUNT = "INSERT INTO audit_counts (seq, what, name, n) VALUES (?, ?, ?, ?)"

_INCIDENT_COLUMNS = (
    "id, opened, last_seen, source, kinds, place, event_seq, events, status, resolved, note"
)


def _incident(row: tuple[Any, ...]) -> Incident:
    return Incident(
        id=int(row[0]),
        opened=str(row[1]),
        last_seen=str(row[2]),
        source=str(row[3]),
        kinds=json.loads(row[4]),
        place=json.loads(row[5]),
        event_seq=int(row[6]),
        events=int(row[7]),
        status=str(row[8]),
        resolved=row[9],
        note=str(row[10]),
    )


def _event(row: tuple[Any, ...]) -> AuditEvent:
    return AuditEvent(
        seq=int(row[0]),
        ts=row[1],
        source=row[2],
        caller=row[3],
        client=row[4],
        upstream=row[5],
        provider=row[6],
        model=row[7],
        tier=row[8],
        decision=row[9],
        applied=row[10],
        mode=row[11],
        status=int(row[12]),
        veil_ms=float(row[13]),
        upstream_ms=float(row[14]),
        data=json.loads(row[15]),
        request=bytes(row[16]) if row[16] is not None else None,
        prev_hash=row[17],
        hash=row[18],
    )


def _broken(n: int, head: str, seq: int, problem: str, checkpoint: int) -> Verdict:
    return Verdict(n, head, bad=seq, problem=problem, checkpoint=checkpoint)


def _percentile(values: list[float], p: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(p / 100 * (len(ordered) - 1))))
    return round(ordered[index], 3)


def _reason(exc: BaseException) -> str:
    """What went wrong, in one line, without the statement or its values."""
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return text[:200]


class SqliteStore(Store):
    """SQLite in WAL mode: several processes may write; `BEGIN IMMEDIATE` serialises appends."""

    types: ClassVar[dict[str, str]] = {
        "int": "INTEGER",
        "real": "REAL",
        "blob": "BLOB",
        "serial": "INTEGER PRIMARY KEY AUTOINCREMENT",
    }

    def __init__(self, path: Path) -> None:
        super().__init__()
        self.path = path
        self.where = str(path)
        try:
            path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            # Readable by its owner only; SQLite gives its -wal and -shm files the same mode.
            os.close(os.open(path, os.O_RDWR | os.O_CREAT, 0o600))
            self._db = sqlite3.connect(
                path, timeout=30.0, isolation_level=None, check_same_thread=False
            )
            _wal(self._db)
            self._db.execute("PRAGMA synchronous=NORMAL")
            self._db.execute("PRAGMA busy_timeout=30000")
        except (OSError, sqlite3.Error) as exc:
            raise StoreError(f"audit store {path}: {_reason(exc)}") from None
        self.migrate()

    def _execute(self, sql: str, args: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        return self._db.execute(sql, args).fetchall()

    def _execute_many(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        self._db.executemany(sql, rows)

    def _begin(self, *, write: bool) -> None:
        self._db.execute("BEGIN IMMEDIATE" if write else "BEGIN")

    def _commit(self) -> None:
        self._db.execute("COMMIT")

    def _rollback(self) -> None:
        if self._db.in_transaction:
            self._db.execute("ROLLBACK")

    def close(self) -> None:
        with self._lock:
            self._db.close()


def _wal(db: sqlite3.Connection, patience: float = 30.0) -> None:
    """WAL mode. SQLite does not wait (no busy handler) for the lock that switching a new file
    takes, so when several processes open a new store at once, those that lose try again."""
    deadline = time.monotonic() + patience
    while True:
        try:
            db.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() > deadline:
                raise
            time.sleep(0.005)


def default_url() -> str:
    """SQLite in the user's data directory."""
    return "sqlite:///" + str(Path(platformdirs.user_data_dir("veil")) / "audit.db")


def open_store(url: str | None) -> Store:
    """The store `url` names (`sqlite:///PATH`, `postgresql://...`), or the default; created
    and migrated on first use."""
    url = url or default_url()
    try:
        parts = urlsplit(url)
    except ValueError as exc:  # a malformed host, such as an unclosed [
        raise ConfigError(f"audit url: not a valid URL ({exc})") from None
    if parts.scheme == "sqlite":
        return SqliteStore(_sqlite_path(url))
    if parts.scheme in ("postgresql", "postgres"):
        from veil.audit.postgres import PostgresStore

        return PostgresStore(url)
    raise ConfigError(
        f"audit url {safe_url(url)!r}: use sqlite:///PATH or postgresql://USER@HOST/DB"
    )


def _sqlite_path(url: str) -> Path:
    path = unquote(url.partition("sqlite:///")[2]) if url.startswith("sqlite:///") else ""
    if not path:
        raise ConfigError(f"audit url {safe_url(url)!r}: name a file (sqlite:///PATH)")
    return Path(path).expanduser()


def where_of(url: str | None) -> str:
    """The store `url` names as its `where` says it (a file's path; a URL without password),
    whether or not it can be opened."""
    url = url or default_url()
    if url.startswith("sqlite:"):
        return str(_sqlite_path(url))
    return safe_url(url)


def safe_url(url: str) -> str:
    """`url` without its password, for messages and logs."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return "(not a valid URL)"
    netloc = parts.netloc
    if parts.password is not None:
        netloc = netloc.replace(":" + parts.password + "@", ":***@", 1)
    # libpq also takes it as a parameter: postgresql://veil@host/db?password=...
    query = re.sub(r"(?i)(^|&)password=[^&]*", r"\1password=***", parts.query)
    if (netloc, query) == (parts.netloc, parts.query):
        return url
    return parts._replace(netloc=netloc, query=query).geturl()
