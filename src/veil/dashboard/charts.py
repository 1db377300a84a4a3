"""The overview's chart data, in the column form uPlot draws: x as Unix seconds, one list of y
values per series."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

from veil.audit.event import AuditEvent

TIERS = ("Public", "Internal", "Restricted")  # bottom to top of the stack
NO_TIER = "(none)"
MAX_BUCKETS = 4000
_STEP = {"hour": timedelta(hours=1), "day": timedelta(days=1)}
_FORMAT = {"hour": "%Y-%m-%dT%H", "day": "%Y-%m-%d"}


def parse_ts(text: str) -> datetime | None:
    """A stored time as an aware UTC datetime, or None when it is not one."""
    try:
        when = datetime.fromisoformat(text)
    except ValueError:
        return None
    return when.replace(tzinfo=UTC) if when.tzinfo is None else when.astimezone(UTC)


def _floor(when: datetime, bucket: str) -> datetime:
    when = when.replace(minute=0, second=0, microsecond=0)
    return when.replace(hour=0) if bucket == "day" else when


def requests_over_time(
    rows: Sequence[tuple[str, str, int]], *, bucket: str, start: datetime | None, end: datetime
) -> dict[str, Any]:
    """Requests per bucket and tier (the store's `over_time` rows), every bucket from `start`
    (or the first row's) to `end` present, zero where nothing came."""
    counts: dict[str, dict[datetime, int]] = {}
    for label, tier, n in rows:
        try:
            when = datetime.strptime(label, _FORMAT[bucket]).replace(tzinfo=UTC)
        except ValueError:
            continue
        per_tier = counts.setdefault(tier or NO_TIER, {})
        per_tier[when] = per_tier.get(when, 0) + n
    seen = [when for per_tier in counts.values() for when in per_tier]
    if start is None and not seen:
        return {"x": [], "series": []}
    step = _STEP[bucket]
    first = _floor(start, bucket) if start is not None else min(seen)
    last = max([_floor(end, bucket), *seen])
    if (last - first) // step >= MAX_BUCKETS:
        first = last - step * (MAX_BUCKETS - 1)
    times: list[datetime] = []
    when = first
    while when <= last:
        times.append(when)
        when += step
    order = [t for t in TIERS if t in counts] + sorted(t for t in counts if t not in TIERS)
    return {
        "x": [int(t.timestamp()) for t in times],
        "series": [
            {"label": tier, "values": [counts[tier].get(t, 0) for t in times]} for tier in order
        ],
    }


def latency(events: Sequence[AuditEvent]) -> dict[str, list[float]]:
    """veil's own milliseconds on each of `events`, oldest first."""
    points = sorted(
        (round(when.timestamp(), 3), event.veil_ms)
        for event in events
        if (when := parse_ts(event.ts)) is not None
    )
    return {"x": [x for x, _ in points], "y": [y for _, y in points]}
