"""A page's query string, read strictly: filters, page numbers, time windows.

Anything malformed is a `QueryError` whose message names the parameter and what it takes, so the
dashboard answers 400 with it (and never echoes the value).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qs

from veil.audit.store import Filters

MAX_FIELDS = 32
MAX_VALUE = 200  # characters of one value
MAX_PAGE = 100_000
FILTER_KEYS = ("tier", "provider", "decision", "kind", "source", "search", "since", "until")


class QueryError(ValueError):
    """A query parameter the dashboard cannot read; the message is safe to show."""


@dataclass(frozen=True)
class Window:
    """How far back the overview looks, and the width of its buckets."""

    name: str
    label: str
    span: timedelta | None  # None: everything
    bucket: str  # hour or day


WINDOWS = {
    w.name: w
    for w in (
        Window("24h", "last 24 hours", timedelta(hours=24), "hour"),
        Window("7d", "last 7 days", timedelta(days=7), "hour"),
        Window("30d", "last 30 days", timedelta(days=30), "day"),
        Window("all", "all time", None, "day"),
    )
}
DEFAULT_WINDOW = "24h"
STATUSES = ("", "open", "resolved")


def parse(query_string: bytes) -> dict[str, str]:
    """The parameters of a query string, one value each (the first)."""
    try:
        pairs = parse_qs(
            query_string.decode("latin-1"), keep_blank_values=True, max_num_fields=MAX_FIELDS
        )
    except ValueError:
        raise QueryError(f"too many query parameters (at most {MAX_FIELDS})") from None
    params: dict[str, str] = {}
    for name, values in pairs.items():
        if len(values[0]) > MAX_VALUE:
            raise QueryError(f"the value of {name!r} is too long (at most {MAX_VALUE} characters)")
        params[name] = values[0].strip()
    return params


def filters(params: Mapping[str, str]) -> Filters:
    """The event filters a page's parameters name."""
    return Filters(
        since=timestamp(params, "since"),
        until=timestamp(params, "until"),
        tier=params.get("tier", ""),
        provider=params.get("provider", ""),
        decision=params.get("decision", ""),
        kind=params.get("kind", ""),
        source=params.get("source", ""),
        search=params.get("search", ""),
    )


def timestamp(params: Mapping[str, str], name: str) -> str:
    """An ISO 8601 date or time (UTC unless it says otherwise) in the store's form, or ""."""
    text = params.get(name, "")
    if not text:
        return ""
    try:
        when = datetime.fromisoformat(text)
    except ValueError:
        raise QueryError(
            f"{name!r} takes a date or time, e.g. 2026-01-31 or 2026-01-31T14:00"
        ) from None
    return iso(when.replace(tzinfo=UTC) if when.tzinfo is None else when)


def iso(when: datetime) -> str:
    """An aware `when` as the store writes times (UTC, microseconds, sortable as text)."""
    return when.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def page(params: Mapping[str, str]) -> int:
    """The page number, from 1."""
    text = params.get("page", "") or "1"
    if not text.isascii() or not text.isdigit() or not 1 <= int(text) <= MAX_PAGE:
        raise QueryError(f"'page' takes a number from 1 to {MAX_PAGE}")
    return int(text)


def window(params: Mapping[str, str]) -> Window:
    """The overview's time window."""
    name = params.get("window", "") or DEFAULT_WINDOW
    if name not in WINDOWS:
        raise QueryError("'window' takes one of " + ", ".join(WINDOWS))
    return WINDOWS[name]


def status(params: Mapping[str, str]) -> str:
    """An incident status to list: open, resolved, or "" for both."""
    value = params.get("status", "")
    if value not in STATUSES:
        raise QueryError("'status' takes open or resolved")
    return value
