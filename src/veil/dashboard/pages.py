"""What each page shows: the store's answers shaped for the templates (blocking; the app runs
these off the event loop)."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import Any

from veil.audit.event import SOURCES, AuditEvent
from veil.audit.rotation import rotation_for
from veil.audit.store import Filters, Store
from veil.dashboard import charts, query

PER_PAGE = 50
TOP = 10  # rows of each ranking on the overview
RECENT = 500  # gateway events whose latency the overview plots
OPEN_SHOWN = 10  # open incidents listed on the overview
REQUEST_SHOWN = 100_000  # characters of a stored request shown on its event's page


@dataclass(frozen=True)
class Ranking:
    """One "by ..." table of the overview; `param` filters the events table by a row's name."""

    title: str
    param: str
    rows: list[tuple[str, int]]

    @property
    def most(self) -> int:
        return max((n for _, n in self.rows), default=0)


def overview(store: Store, window: query.Window, now: datetime | None = None) -> dict[str, Any]:
    """The overview over `window`: figures, charts' data, rankings, open incidents."""
    now = now or datetime.now(UTC)
    start = now - window.span if window.span is not None else None
    scope = Filters(since=query.iso(start)) if start is not None else Filters()
    stats = store.stats(scope, bucket=window.bucket)
    recent = store.events(replace(scope, source="gateway"), limit=RECENT)
    rankings = [
        Ranking("Findings by kind", "kind", _top(stats.by_kind)),
        Ranking("Decisions", "decision", _top(stats.by_decision)),
        Ranking("Top rules", "", _top(stats.by_rule)),
        Ranking("Providers", "provider", _top(stats.by_provider)),
        Ranking("Models", "search", _top(stats.by_model)),
        Ranking("Tiers", "tier", _top(stats.by_tier)),
    ]
    requests = charts.requests_over_time(
        stats.over_time, bucket=window.bucket, start=start, end=now
    )
    return {
        "window": window,
        "windows": list(query.WINDOWS.values()),
        "stats": stats,
        "rankings": rankings,
        "charts": {"requests": requests, "latency": charts.latency(recent)},
        "incidents": store.incidents("open")[:OPEN_SHOWN],
    }


def events(store: Store, params: Mapping[str, str]) -> dict[str, Any]:
    """One page of the events that match the filters, with the choices each filter offers."""
    filters = query.filters(params)
    number = query.page(params)
    total = store.count(filters)
    rows = store.events(filters, limit=PER_PAGE, offset=(number - 1) * PER_PAGE)
    known = store.choices()
    return {
        "rows": rows,
        "total": total,
        "page": number,
        "pages": max(1, -(-total // PER_PAGE)),
        "first": (number - 1) * PER_PAGE + 1 if rows else 0,
        "last": (number - 1) * PER_PAGE + len(rows),
        "params": {key: params.get(key, "") for key in query.FILTER_KEYS},
        "filtered": filters != Filters(),
        "choices": {
            name: _choices(values, params.get(name, ""))
            for name, values in (
                ("tier", known["tier"]),
                ("provider", known["provider"]),
                ("decision", known["decision"]),
                ("kind", known["kind"]),
                ("source", SOURCES),
            )
        },
    }


def event(store: Store, seq: int) -> dict[str, Any] | None:
    """One event, every column; None when there is no such event."""
    found = store.event(seq)
    if found is None:
        return None
    request = None
    if found.request is not None:
        text = found.request.decode("utf-8", "replace")
        request = {
            "size": len(found.request),
            "text": text[:REQUEST_SHOWN],
            "cut": len(text) > REQUEST_SHOWN,
        }
    return {
        "event": found,
        "columns": [(k, v) for k, v in found.columns().items() if k != "data"],
        "data": json.dumps(found.data, indent=2, sort_keys=True, ensure_ascii=False),
        "kinds": counts(found.data.get("kinds")),
        "request": request,
        "previous": seq - 1 if seq > 1 and store.event(seq - 1) is not None else None,
        "next": seq + 1 if store.event(seq + 1) is not None else None,
    }


def incidents(store: Store, status: str) -> dict[str, Any]:
    """Incidents, newest first, `status` narrowing them."""
    return {"incidents": store.incidents(status), "status": status}


def incident(store: Store, number: int) -> dict[str, Any] | None:
    """One incident and what to do about each kind that got out; None when there is none."""
    found = store.incident(number)
    if found is None:
        return None
    return {
        "incident": found,
        "event_exists": store.event(found.event_seq) is not None,
        "rotations": [rotation_for(kind) for kind in found.kinds],
    }


def shown_time(ts: str) -> str:
    """A stored time as people read it: `2026-01-31 14:05:09 UTC`."""
    when = charts.parse_ts(ts)
    return when.strftime("%Y-%m-%d %H:%M:%S UTC") if when is not None else ts


def counts(value: object) -> list[tuple[str, int]]:
    """The (name, n) pairs of a `{name: n}` count in an event's data, largest first; nothing
    for anything else (data is read as untrusted)."""
    if not isinstance(value, dict):
        return []
    pairs = [
        (str(k), n) for k, n in value.items() if isinstance(n, int) and not isinstance(n, bool)
    ]
    return sorted(pairs, key=lambda p: (-p[1], p[0]))


def code_spans(step: str) -> list[tuple[str, bool]]:
    """A rotation step's text in pieces, each marked whether it was `quoted` as code."""
    return [(part, i % 2 == 1) for i, part in enumerate(step.split("`")) if part]


def kinds_of(event: AuditEvent) -> str:
    """An event's finding kinds in a few words: `aws_access_key_id ×2, email`."""
    return ", ".join(f"{k} ×{n}" if n > 1 else k for k, n in counts(event.data.get("kinds")))


def _choices(values: Iterable[str], chosen: str) -> list[str]:
    """A select's options: the values seen (an empty one matches everything: left out), and
    the one chosen even if no event has it."""
    options = sorted(v for v in values if v)
    return options if not chosen or chosen in options else [*options, chosen]


def _top(by: dict[str, int]) -> list[tuple[str, int]]:
    return list(by.items())[:TOP]
