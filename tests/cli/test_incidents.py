"""`veil incidents report|list|show|resolve` over a SQLite store per test.

Reports and resolutions scrub their text with the detection engine (about a second each), so
incidents that need no text are put in the store directly.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from tests.factories import aws_key_id, email
from veil.audit.event import AuditEvent
from veil.audit.incidents import record_incidents
from veil.audit.rotation import rotation_for
from veil.audit.store import open_store
from veil.cli.main import app


def incidents(*args: str) -> Result:
    return CliRunner().invoke(app.typer, ["incidents", *args])


@pytest.fixture
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The store's file (in a folder of its own), named by VEIL_AUDIT_URL."""
    path = tmp_path / "store" / "audit.db"
    monkeypatch.setenv("VEIL_AUDIT_URL", f"sqlite:///{path}")
    return path


def reported(db: Path, kinds: list[str], where: str, note: str = "") -> int:
    """An incident as `veil incidents report` opens it, without the CLI (no scrubbing)."""
    store = open_store(f"sqlite:///{db}")
    try:
        event = AuditEvent(
            "incident",
            data={"kinds": dict.fromkeys(kinds, 1), "place": {"where": where}, "note": note},
        )
        store.append([event])
        (number,) = record_incidents(store, [event])
        return number
    finally:
        store.close()


def listed(*args: str) -> list[dict[str, object]]:
    res = incidents("list", "-f", "json", *args)
    assert res.exit_code == 0, res.output
    out: list[dict[str, object]] = json.loads(res.stdout)
    return out


def test_report_opens_an_incident_then_counts_the_same_one(db: Path) -> None:
    res = incidents("report", "--kind", "aws_access_key_id", "--where", "chatgpt.com")
    assert res.exit_code == 0, res.output
    assert res.stdout.strip() == "incident #1 opened; see `veil incidents show 1`"
    again = incidents("report", "-k", "aws_access_key_id", "--where", "chatgpt.com")
    assert again.exit_code == 0, again.output
    assert "counted on the open incident" in again.stdout
    (one,) = listed()
    assert one["id"] == 1 and one["events"] == 2 and one["source"] == "report"
    assert one["kinds"] == ["aws_access_key_id"] and one["place"] == {"where": "chatgpt.com"}
    text = incidents("list")
    assert text.stdout.startswith("#1 open ")
    assert "aws_access_key_id -> where chatgpt.com  (2 events)" in text.stdout
    # each report is an event of the log too
    store = open_store(f"sqlite:///{db}")
    try:
        assert [e.source for e in store.scan()] == ["incident", "incident"]
    finally:
        store.close()


def test_an_unknown_kind_suggests_the_right_one(db: Path) -> None:
    res = incidents("report", "--kind", "aws_access_key", "--where", "chatgpt.com")
    assert res.exit_code == 2
    assert "--kind 'aws_access_key': not a kind veil knows" in res.stderr
    assert "did you mean 'aws_access_key_id'?" in res.stderr
    nothing = incidents("report", "--kind", "qqqqqqqq", "--where", "x")
    assert nothing.exit_code == 2 and "see `veil rules list`" in nothing.stderr
    assert not db.exists() or listed("--all") == []


def test_report_needs_a_place(db: Path) -> None:
    res = incidents("report", "--kind", "aws_access_key_id", "--where", "  ")
    assert res.exit_code == 2 and "--where" in res.stderr


def test_values_in_where_and_note_are_scrubbed_before_they_are_stored(db: Path) -> None:
    key, address = aws_key_id("incident-report"), email("incident-report")
    res = incidents(
        "report",
        "--kind",
        "aws_access_key_id",
        "--where",
        f"a chat, pasted {key}",
        "--note",
        f"ask {address} about {key}",
    )
    assert res.exit_code == 0, res.output
    stored = b"".join(p.read_bytes() for p in db.parent.iterdir())
    assert key.encode() not in stored and address.encode() not in stored
    assert b"[aws_access_key_id]" in stored  # the bytes searched do hold the report
    (one,) = listed()
    assert one["place"] == {"where": "a chat, pasted [aws_access_key_id]"}
    assert one["note"] == "ask [email_address] about [aws_access_key_id]"
    everything = incidents("list", "-f", "json").output + incidents("show", "1").output
    assert key not in everything and address not in everything


def test_show_prints_what_where_and_how_to_rotate(db: Path) -> None:
    number = reported(db, ["aws_access_key_id"], "chatgpt.com", "pasted in a chat")
    res = incidents("show", str(number))
    assert res.exit_code == 0, res.output
    lines = res.stdout.splitlines()
    assert lines[0] == f"incident #{number} (open)"
    assert "  what:  aws_access_key_id" in lines
    assert "  where: where chatgpt.com" in lines
    assert "  note:  pasted in a chat" in lines
    at = lines.index("what to do now:")
    aws = rotation_for("aws_access_key_id")
    assert aws.provider == "AWS" and aws.steps  # the kind's own steps, not the fallback's
    assert lines[at + 1] == "  aws_access_key_id (AWS):"
    assert lines[at + 2] == f"    1. {aws.steps[0]}"
    docs = [line for line in lines[at:] if line.startswith("    docs: ")]
    assert docs == [f"    docs: {aws.url}"] and aws.url.startswith("https://")
    shown = json.loads(incidents("show", str(number), "-f", "json").stdout)
    (rotation,) = shown["rotation"]
    assert rotation["kind"] == "aws_access_key_id" and rotation["steps"]
    assert rotation["url"] == docs[0].removeprefix("    docs: ")
    assert [f"    {n}. {step}" for n, step in enumerate(rotation["steps"], 1)] == [
        line for line in lines[at + 2 :] if line[4:5].isdigit()
    ]


def test_show_gives_steps_for_every_kind_even_one_without_its_own(db: Path) -> None:
    number = reported(db, ["aws_access_key_id", "path:secrets/**"], "openai")
    res = incidents("show", str(number), "-f", "json")
    assert res.exit_code == 0, res.output
    shown = json.loads(res.stdout)
    aws, path = shown["rotation"]
    assert (aws["kind"], path["kind"]) == ("aws_access_key_id", "path:secrets/**")
    assert path["steps"] and path["url"].startswith("https://")
    assert path["steps"] != aws["steps"]  # the generic steps, for a kind without its own


def test_show_a_missing_incident_exits_two(db: Path) -> None:
    res = incidents("show", "7")
    assert res.exit_code == 2
    assert res.stderr.strip() == "veil: error: no incident 7; see veil incidents list --all"


def test_resolve_closes_it_and_keeps_what_it_said(db: Path) -> None:
    first = reported(db, ["aws_access_key_id"], "chatgpt.com", "pasted in a chat")
    second = reported(db, ["email_address"], "gemini")
    res = incidents("resolve", str(first), "--note", "key rotated")
    assert res.exit_code == 0, res.output
    assert res.stdout.strip() == f"incident #{first} resolved"
    assert [i["id"] for i in listed()] == [second]
    assert f"#{first} " not in incidents("list").stdout
    every = {i["id"]: i for i in listed("--all")}
    assert every[first]["status"] == "resolved" and every[first]["resolved"]
    assert every[first]["note"] == "pasted in a chat; resolved: key rotated"
    assert every[second]["status"] == "open"
    assert f"#{first} resolved" in incidents("list", "--all").stdout
    # without a note, the incident's own note stays
    assert incidents("resolve", str(second)).exit_code == 0
    assert listed() == [] and incidents("list").stdout.strip() == "no open incidents"


def test_resolve_of_a_missing_or_resolved_incident_exits_two(db: Path) -> None:
    res = incidents("resolve", "9")
    assert res.exit_code == 2 and res.stderr.strip() == (
        "veil: error: no open incident 9; see veil incidents list"
    )
    number = reported(db, ["aws_access_key_id"], "x")
    assert incidents("resolve", str(number)).exit_code == 0
    again = incidents("resolve", str(number))
    assert again.exit_code == 2 and f"no open incident {number}" in again.stderr


def test_a_report_after_resolving_opens_a_new_incident(db: Path) -> None:
    number = reported(db, ["aws_access_key_id"], "chatgpt.com")
    assert incidents("resolve", str(number)).exit_code == 0
    assert reported(db, ["aws_access_key_id"], "chatgpt.com") == number + 1
