"""Query strings read strictly: one value each, filters, dates, pages, windows, statuses."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from veil.audit.store import Filters
from veil.dashboard import query
from veil.dashboard.query import QueryError


def test_parse_keeps_the_first_value_and_blank_ones() -> None:
    assert query.parse(b"tier=Public&tier=Internal&search=&q=a%20b") == {
        "tier": "Public",
        "search": "",
        "q": "a b",
    }


def test_parse_refuses_long_values_and_many_fields() -> None:
    with pytest.raises(QueryError, match="'search' is too long"):
        query.parse(b"search=" + b"a" * (query.MAX_VALUE + 1))
    with pytest.raises(QueryError, match="too many"):
        query.parse(b"&".join(b"f%d=1" % i for i in range(query.MAX_FIELDS + 1)))


def test_filters_name_every_column_the_table_filters_by() -> None:
    params = {
        "tier": "Restricted",
        "provider": "openai",
        "decision": "mask",
        "kind": "email",
        "source": "gateway",
        "search": "gpt",
        "since": "2026-01-31",
        "until": "2026-02-01T12:30",
    }
    assert query.filters(params) == Filters(
        since="2026-01-31T00:00:00.000000Z",
        until="2026-02-01T12:30:00.000000Z",
        tier="Restricted",
        provider="openai",
        decision="mask",
        kind="email",
        source="gateway",
        search="gpt",
    )
    assert query.filters({}) == Filters()


def test_timestamps_are_read_as_utc_unless_they_say_otherwise() -> None:
    assert query.timestamp({"since": "2026-01-31T14:00+02:00"}, "since") == (
        "2026-01-31T12:00:00.000000Z"
    )
    assert query.timestamp({}, "since") == ""
    with pytest.raises(QueryError, match="'until' takes a date or time"):
        query.timestamp({"until": "yesterday"}, "until")


def test_iso_is_the_stores_form() -> None:
    when = datetime(2026, 1, 31, 14, 0, 1, 5, tzinfo=timezone(timedelta(hours=1)))
    assert query.iso(when) == "2026-01-31T13:00:01.000005Z"
    assert query.iso(datetime(2026, 1, 1, tzinfo=UTC)) == "2026-01-01T00:00:00.000000Z"


@pytest.mark.parametrize("bad", ["0", "-1", "x", "1.5", "١", str(query.MAX_PAGE + 1)])
def test_page_is_a_number_from_one(bad: str) -> None:
    assert query.page({}) == 1 and query.page({"page": "3"}) == 3
    with pytest.raises(QueryError, match="'page' takes a number"):
        query.page({"page": bad})


def test_window_and_status_take_known_values() -> None:
    assert query.window({}).name == query.DEFAULT_WINDOW
    assert query.window({"window": "30d"}).bucket == "day"
    with pytest.raises(QueryError, match="'window' takes one of 24h, 7d, 30d, all"):
        query.window({"window": "1y"})
    assert query.status({}) == "" and query.status({"status": "open"}) == "open"
    with pytest.raises(QueryError, match="'status' takes open or resolved"):
        query.status({"status": "closed"})
