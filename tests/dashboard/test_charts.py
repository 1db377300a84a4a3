"""Chart data: every bucket present, tiers stacked in order, latency oldest first."""

from __future__ import annotations

from datetime import UTC, datetime

from veil.audit.event import AuditEvent
from veil.dashboard import charts

T0 = datetime(2026, 1, 31, 10, 0, tzinfo=UTC)
H = 3600


def test_requests_fill_every_hour_with_zeros_and_order_tiers() -> None:
    rows = [
        ("2026-01-31T10", "Restricted", 1),
        ("2026-01-31T10", "Public", 4),
        ("2026-01-31T12", "Public", 2),
        ("2026-01-31T12", "", 1),
        ("2026-01-31T12", "Custom", 3),
    ]
    end = datetime(2026, 1, 31, 13, 59, tzinfo=UTC)
    chart = charts.requests_over_time(rows, bucket="hour", start=T0, end=end)
    t0 = int(T0.timestamp())
    assert chart["x"] == [t0, t0 + H, t0 + 2 * H, t0 + 3 * H]
    assert [(s["label"], s["values"]) for s in chart["series"]] == [
        ("Public", [4, 0, 2, 0]),
        ("Restricted", [1, 0, 0, 0]),
        ("(none)", [0, 0, 1, 0]),
        ("Custom", [0, 0, 3, 0]),
    ]


def test_requests_without_a_start_begin_at_the_first_day_seen() -> None:
    rows = [("2026-01-29", "Public", 2), ("not a day", "Public", 9)]
    end = datetime(2026, 1, 31, 23, tzinfo=UTC)
    chart = charts.requests_over_time(rows, bucket="day", start=None, end=end)
    assert len(chart["x"]) == 3 and chart["x"][1] - chart["x"][0] == 24 * H
    assert chart["series"] == [{"label": "Public", "values": [2, 0, 0]}]
    assert charts.requests_over_time([], bucket="day", start=None, end=end) == {
        "x": [],
        "series": [],
    }


def test_requests_keep_at_most_max_buckets() -> None:
    rows = [("2000-01-01", "Public", 1), ("2026-01-31", "Public", 1)]
    end = datetime(2026, 1, 31, tzinfo=UTC)
    chart = charts.requests_over_time(rows, bucket="day", start=None, end=end)
    assert len(chart["x"]) == charts.MAX_BUCKETS
    assert chart["series"][0]["values"][-1] == 1 and sum(chart["series"][0]["values"]) == 1


def test_latency_is_oldest_first_and_skips_unreadable_times() -> None:
    events = [
        AuditEvent(source="gateway", ts="2026-01-31T10:00:02.000000Z", veil_ms=2.5),
        AuditEvent(source="gateway", ts="garbled", veil_ms=9.0),
        AuditEvent(source="gateway", ts="2026-01-31T10:00:01.000000Z", veil_ms=1.5),
    ]
    t0 = T0.timestamp()
    assert charts.latency(events) == {"x": [t0 + 1, t0 + 2], "y": [1.5, 2.5]}


def test_parse_ts_reads_stored_and_naive_times_as_utc() -> None:
    assert charts.parse_ts("2026-01-31T10:00:00.000000Z") == T0
    assert charts.parse_ts("2026-01-31T10:00:00") == T0
    assert charts.parse_ts("") is None
