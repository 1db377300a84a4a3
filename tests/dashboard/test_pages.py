"""What each page shows, from a seeded store: windows, filters, pages, details, incidents."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from tests.dashboard.conftest import HOSTILE, gateway_event
from veil.audit.event import AuditEvent
from veil.audit.rotation import rotation_for
from veil.audit.store import Store
from veil.dashboard import pages, query


def test_overview_over_the_last_day(store: Store) -> None:
    view = pages.overview(store, query.WINDOWS["24h"])
    stats = view["stats"]
    assert stats.events == 6  # the event of 40 days ago is out of the window
    assert stats.by_tier == {"Public": 2, "Restricted": 2, "Internal": 1, "": 1}
    rankings = {r.title: r for r in view["rankings"]}
    assert rankings["Findings by kind"].rows[0] == ("aws_access_key_id", 4)
    assert rankings["Findings by kind"].param == "kind" and rankings["Top rules"].param == ""
    assert rankings["Findings by kind"].most == 4
    requests = view["charts"]["requests"]
    assert len(requests["x"]) == 25  # every hour of the day, the current one included
    assert sum(sum(s["values"]) for s in requests["series"]) == 6
    assert [s["label"] for s in requests["series"]][:3] == ["Public", "Internal", "Restricted"]
    latency = view["charts"]["latency"]
    assert latency["y"] == [2.0, 3.0, 1.0, 1.0, 1.0]  # gateway events only, oldest first
    assert [i.id for i in view["incidents"]] == [1]


def test_overview_over_all_time_includes_old_events(store: Store) -> None:
    view = pages.overview(store, query.WINDOWS["all"])
    assert view["stats"].events == 7
    assert len(view["charts"]["requests"]["x"]) == 41  # days from the first event to today
    assert ("old-model", 1) in {r.title: r for r in view["rankings"]}["Models"].rows


def test_events_filtered_paged_with_choices(store: Store) -> None:
    view = pages.events(store, {"tier": "Restricted"})
    assert [e.seq for e in view["rows"]] == [5, 3]
    assert view["total"] == 2 and view["filtered"] and view["pages"] == 1
    assert view["params"]["tier"] == "Restricted" and view["params"]["search"] == ""
    assert view["choices"]["tier"] == ["Internal", "Public", "Restricted"]
    assert "scan" in view["choices"]["source"] and "aws_access_key_id" in view["choices"]["kind"]
    assert pages.events(store, {"search": "claude"})["total"] == 1
    assert pages.events(store, {"kind": "internal_host"})["rows"][0].seq == 4
    assert pages.events(store, {"provider": "nobody"})["choices"]["provider"][-1] == "nobody"


def test_events_pages_past_the_first(store: Store) -> None:
    store.append([gateway_event() for _ in range(pages.PER_PAGE)])
    first = pages.events(store, {})
    assert (first["first"], first["last"], first["pages"]) == (1, pages.PER_PAGE, 2)
    second = pages.events(store, {"page": "2"})
    assert [e.seq for e in second["rows"]] == list(range(7, 0, -1))
    assert (second["first"], second["last"]) == (pages.PER_PAGE + 1, pages.PER_PAGE + 7)
    empty = pages.events(store, {"page": "9"})
    assert empty["rows"] == [] and empty["first"] == 0


def test_event_shows_every_column_and_its_neighbours(store: Store) -> None:
    view = pages.event(store, 3)
    assert view is not None
    columns = dict(view["columns"])
    assert columns["tier"] == "Restricted" and columns["seq"] == 3 and "data" not in columns
    assert view["kinds"] == [("aws_access_key_id", 2)]
    assert '"aws_access_key_id": 2' in view["data"] and "\n  " in view["data"]
    assert (view["previous"], view["next"]) == (2, 4) and view["request"] is None
    first, last = pages.event(store, 1), pages.event(store, 7)
    assert first is not None and first["previous"] is None
    assert last is not None and last["next"] is None
    assert pages.event(store, 99) is None


def test_event_shows_a_kept_request_cut_to_length(store: Store) -> None:
    sent = b'{"messages": "' + b"x" * pages.REQUEST_SHOWN + b'"}'
    store.append([gateway_event(request=sent)])
    view = pages.event(store, 8)
    assert view is not None and view["request"]["size"] == len(sent)
    assert view["request"]["cut"] and len(view["request"]["text"]) == pages.REQUEST_SHOWN


def test_incidents_and_one_incident(store: Store) -> None:
    assert [i.id for i in pages.incidents(store, "open")["incidents"]] == [1]
    assert pages.incidents(store, "resolved")["incidents"] == []
    view = pages.incident(store, 1)
    assert view is not None and view["incident"].kinds == ["aws_access_key_id"]
    assert view["event_exists"]
    (aws,) = view["rotations"]
    assert aws == rotation_for("aws_access_key_id") and aws.provider == "AWS"
    assert pages.incident(store, 2) is None


def test_a_kind_without_steps_of_its_own_gets_the_fallback(store: Store) -> None:
    number, _ = store.open_incident(
        source="report",
        key="k2",
        kinds=["no_such_kind"],
        place={"where": "chat"},
        event_seq=1,
        ts=query.iso(datetime.now(UTC)),
    )
    view = pages.incident(store, number)
    assert view is not None and view["rotations"][0].kind == "no_such_kind"
    assert "veil has no specific steps" in view["rotations"][0].steps[0]


def test_code_spans_split_a_step_at_its_backticks() -> None:
    assert pages.code_spans("Run `aws iam x` then `y`.") == [
        ("Run ", False),
        ("aws iam x", True),
        (" then ", False),
        ("y", True),
        (".", False),
    ]
    assert pages.code_spans("plain") == [("plain", False)]


def test_counts_read_untrusted_data() -> None:
    assert pages.counts({"b": 1, "a": 1, "c": 3}) == [("c", 3), ("a", 1), ("b", 1)]
    assert pages.counts({"x": "3", "y": True, "z": None, 4: 2}) == [("4", 2)]
    assert pages.counts(["a"]) == [] and pages.counts(None) == []


def test_kinds_of_and_shown_time() -> None:
    event = AuditEvent(source="gateway", data={"kinds": {"email": 1, HOSTILE: 2}})
    assert pages.kinds_of(event) == f"{HOSTILE} ×2, email"
    when = datetime(2026, 1, 31, 14, 5, 9, tzinfo=UTC) + timedelta(microseconds=7)
    assert pages.shown_time(query.iso(when)) == "2026-01-31 14:05:09 UTC"
    assert pages.shown_time("garbled") == "garbled"
