"""`veil audit list|show|stats|export|verify` over a SQLite store seeded per test.

Most calls run in process (Typer's runner), the store named by `VEIL_AUDIT_URL`; the error
cases that must never show a traceback run as real processes.
"""

from __future__ import annotations

import csv
import io
import json
import sqlite3
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner, Result

from veil.audit.event import AuditEvent, keyed_hash
from veil.audit.store import open_store
from veil.cli.main import app

OLD = "2020-01-0{}T10:00:00.000000Z"  # long before any "24h ago"


def _ago(hours: int) -> str:
    return (datetime.now(UTC) - timedelta(hours=hours)).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def audit(*args: str) -> Result:
    return CliRunner().invoke(app.typer, ["audit", *args])


def veil_process(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "veil", *args], cwd=cwd, capture_output=True, text=True, check=False
    )


def seqs(result: Result) -> list[int]:
    assert result.exit_code == 0, result.output
    return [e["seq"] for e in json.loads(result.stdout)]


@pytest.fixture
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A store of five events (seq 1-5, oldest first), named by VEIL_AUDIT_URL."""
    path = tmp_path / "audit.db"
    monkeypatch.setenv("VEIL_AUDIT_URL", f"sqlite:///{path}")
    store = open_store(f"sqlite:///{path}")
    key = store.caller_key()
    alice, bob = keyed_hash(key, "alice"), keyed_hash(key, "bob")

    def gateway(ts: str, caller: str, provider: str, model: str, **kw: Any) -> AuditEvent:
        return AuditEvent("gateway", ts=ts, caller=caller, provider=provider, model=model, **kw)

    store.append(
        [
            gateway(
                OLD.format(1),
                alice,
                "openai",
                "gpt-4o",
                tier="Restricted",
                decision="mask",
                applied="mask",
                veil_ms=2.0,
                data={
                    "kinds": {"aws_access_key_id": 2},
                    "rules": {"aws-access-key-id": 2},
                    "reasons": ["finding:aws_access_key_id x2"],
                },
            ),
            gateway(
                OLD.format(2),
                bob,
                "anthropic",
                "claude",
                tier="Internal",
                decision="pseudonymize",
                applied="pseudonymize",
                veil_ms=4.0,
                data={"kinds": {"email_address": 1}, "rules": {"email": 1}},
            ),
            AuditEvent("check", ts=OLD.format(3), tier="Public", decision="forward"),
            AuditEvent(
                "scan",
                ts=_ago(2),
                tier="Restricted",
                status=1,
                data={
                    "kinds": {"aws_access_key_id": 1, "aws_secret_access_key": 1},
                    "git": "",
                },
            ),
            gateway(
                _ago(1), alice, "openai", "gpt-4o", tier="Public", decision="forward", veil_ms=6
            ),
        ]
    )
    store.close()
    return path


# --- list ---------------------------------------------------------------------------------


def test_list_is_newest_first_and_limited(db: Path) -> None:
    assert seqs(audit("list", "-f", "json")) == [5, 4, 3, 2, 1]
    assert seqs(audit("list", "-f", "json", "--limit", "2")) == [5, 4]
    text = audit("list")
    assert text.exit_code == 0
    lines = text.stdout.splitlines()
    assert lines[0].split()[:4] == ["#", "time", "source", "tier"]
    assert [line.split()[0] for line in lines[1:]] == ["5", "4", "3", "2", "1"]
    assert "aws_access_key_id:2" in lines[-1] and "2020-01-01 10:00:00" in lines[-1]
    assert audit("list", "--limit", "0").exit_code == 2


def test_list_since_relative_and_dates(db: Path) -> None:
    assert seqs(audit("list", "-f", "json", "--since", "24h")) == [5, 4]
    assert seqs(audit("list", "-f", "json", "--since", "90m")) == [5]
    assert seqs(audit("list", "-f", "json", "--since", "2020-01-02", "--until", "2020-01-03")) == [
        2
    ]
    assert seqs(audit("list", "-f", "json", "--since", "2020-01-02T12:00")) == [5, 4, 3]
    # a zone is honoured: 12:00 at +02:00 is 10:00 UTC, the time of event 2 (inclusive)
    assert seqs(audit("list", "-f", "json", "--since", "2020-01-02T12:00+02:00")) == [5, 4, 3, 2]
    assert seqs(audit("list", "-f", "json", "--until", "2020-01-01T10:00")) == []


@pytest.mark.parametrize("value", ["yesterday", "2020-13-45", "99999999999d"])
def test_a_bad_time_is_one_line_and_exit_two(db: Path, value: str) -> None:
    res = audit("list", "--since", value)
    assert res.exit_code == 2, res.output
    assert isinstance(res.exception, SystemExit)  # not an uncaught error
    (line,) = res.stderr.strip().splitlines()
    assert line.startswith(f"veil: error: --since {value!r}")


@pytest.mark.parametrize(
    ("option", "value", "expected"),
    [
        ("--tier", "Restricted", [4, 1]),
        ("--tier", "restricted", [4, 1]),
        ("--provider", "openai", [5, 1]),
        ("--decision", "mask", [1]),
        ("--kind", "aws_access_key_id", [4, 1]),
        ("--kind", "email_address", [2]),
        ("--caller", "alice", [5, 1]),
        ("--caller", "bob", [2]),
        ("--caller", "mallory", []),
        ("--source", "scan", [4]),
        ("--source", "gateway", [5, 2, 1]),
    ],
)
def test_list_filters(db: Path, option: str, value: str, expected: list[int]) -> None:
    assert seqs(audit("list", "-f", "json", option, value)) == expected


def test_caller_matches_through_the_store_s_keyed_hash(db: Path) -> None:
    (first,) = json.loads(audit("list", "-f", "json", "--caller", "bob").stdout)
    hashed = first["caller"]
    assert hashed and "bob" not in hashed  # the name itself is never stored
    assert seqs(audit("list", "-f", "json", "--caller", hashed)) == [2]
    # the key is the store's: the same name under another key does not match
    assert keyed_hash(b"another key", "bob") != hashed


def test_filters_combine(db: Path) -> None:
    got = seqs(audit("list", "-f", "json", "--provider", "openai", "--tier", "Public"))
    assert got == [5]
    assert seqs(audit("list", "-f", "json", "--kind", "aws_access_key_id", "--since", "7d")) == [4]


@pytest.mark.parametrize(
    ("option", "value", "hint"),
    [("--tier", "Restriced", "'Restricted'"), ("--source", "gatway", "'gateway'")],
)
def test_a_misspelt_filter_is_an_error_not_an_empty_list(
    db: Path, option: str, value: str, hint: str
) -> None:
    res = audit("list", option, value)
    assert res.exit_code == 2
    assert f"did you mean {hint}?" in res.stderr


def test_list_says_when_nothing_matches(db: Path) -> None:
    res = audit("list", "--provider", "mistral")
    assert res.exit_code == 0 and "no events match" in res.stderr


# --- show ---------------------------------------------------------------------------------


def test_show_prints_the_event_with_its_hash(db: Path) -> None:
    res = audit("show", "2")
    assert res.exit_code == 0, res.output
    shown = json.loads(res.stdout)
    assert shown["seq"] == 2 and shown["provider"] == "anthropic"
    assert shown["data"]["kinds"] == {"email_address": 1}
    raw = sqlite3.connect(db)
    (stored_hash,) = raw.execute("SELECT hash FROM audit_events WHERE seq = 2").fetchone()
    raw.close()
    assert shown["hash"] == stored_hash and len(stored_hash) == 64
    assert shown["prev_hash"] == json.loads(audit("show", "1").stdout)["hash"]


def test_show_a_missing_event_exits_two(db: Path) -> None:
    res = audit("show", "99")
    assert res.exit_code == 2
    assert res.stderr.strip() == (
        "veil: error: no event 99 in the audit store; see veil audit list for the numbers"
    )


# --- stats --------------------------------------------------------------------------------


def test_stats_json_counts_the_seeded_events(db: Path) -> None:
    res = audit("stats", "-f", "json")
    assert res.exit_code == 0, res.output
    got = json.loads(res.stdout)
    assert got["events"] == 5
    assert got["by_tier"] == {"Public": 2, "Restricted": 2, "Internal": 1}
    assert got["by_provider"] == {"": 2, "openai": 2, "anthropic": 1}
    assert got["by_kind"] == {
        "aws_access_key_id": 3,
        "aws_secret_access_key": 1,
        "email_address": 1,
    }
    assert got["by_rule"] == {"aws-access-key-id": 2, "email": 1}
    # veil's time is over gateway requests only: 2, 4 and 6 ms
    assert (got["veil_ms_p50"], got["veil_ms_p99"]) == (4.0, 6.0)
    assert got["open_incidents"] == 0
    narrowed = json.loads(audit("stats", "-f", "json", "--since", "24h").stdout)
    assert narrowed["events"] == 2 and narrowed["by_tier"] == {"Public": 1, "Restricted": 1}


def test_stats_text(db: Path) -> None:
    res = audit("stats", "--source", "gateway")
    assert res.exit_code == 0, res.output
    lines = res.stdout.splitlines()
    assert lines[0].split() == ["events:", "3", "open", "incidents:", "0"]
    assert "p50 4.0 ms, p99 6.0 ms" in lines[1]
    assert "by tier: Internal 1, Public 1, Restricted 1" in lines
    assert "by finding kind: aws_access_key_id 2, email_address 1" in lines


# --- export -------------------------------------------------------------------------------


def test_export_jsonl_is_oldest_first_one_event_a_line(db: Path, tmp_path: Path) -> None:
    res = audit("export")
    assert res.exit_code == 0, res.output
    lines = res.stdout.splitlines()
    events = [json.loads(line) for line in lines]
    assert [e["seq"] for e in events] == [1, 2, 3, 4, 5]
    assert events[0]["data"]["kinds"] == {"aws_access_key_id": 2}
    assert all(len(e["hash"]) == 64 for e in events)
    assert events[1]["prev_hash"] == events[0]["hash"]
    out = tmp_path / "restricted.jsonl"
    res = audit("export", "--tier", "Restricted", "-o", str(out))
    assert res.exit_code == 0 and "wrote 2 events" in res.stderr
    assert [json.loads(line)["seq"] for line in out.read_text().splitlines()] == [1, 4]


def test_export_csv_flattens_findings(db: Path) -> None:
    res = audit("export", "--format", "csv")
    assert res.exit_code == 0, res.output
    rows = list(csv.DictReader(io.StringIO(res.stdout)))
    assert res.stdout.splitlines()[0].startswith("seq,ts,source,caller,client,upstream,provider")
    assert [r["seq"] for r in rows] == ["1", "2", "3", "4", "5"]
    assert rows[0]["findings"] == "aws_access_key_id:2"
    assert rows[0]["rules"] == "aws-access-key-id:2"
    assert rows[0]["reasons"] == "finding:aws_access_key_id x2"
    assert rows[3]["findings"] == "aws_access_key_id:1;aws_secret_access_key:1"
    assert rows[2]["findings"] == "" and rows[2]["source"] == "check"
    assert "data" not in rows[0]


def test_export_to_a_path_that_cannot_be_written_is_a_clean_error(db: Path, tmp_path: Path) -> None:
    res = audit("export", "-o", str(tmp_path / "no" / "such" / "dir" / "x.csv"))
    assert res.exit_code == 2 and isinstance(res.exception, SystemExit)
    assert "cannot write" in res.stderr


# --- verify -------------------------------------------------------------------------------


def test_verify_a_good_chain(db: Path) -> None:
    res = audit("verify")
    assert res.exit_code == 0, res.output
    assert res.stdout.startswith("chain holds: 5 events; head ")


def _tamper(db: Path, sql: str) -> None:
    raw = sqlite3.connect(db, isolation_level=None)
    raw.execute(sql)
    raw.close()


def test_verify_names_an_edited_event(db: Path) -> None:
    _tamper(db, "UPDATE audit_events SET tier = 'Restricted' WHERE seq = 3")
    _tamper(db, "UPDATE audit_events SET provider = 'nobody' WHERE seq = 4")
    res = audit("verify")
    assert res.exit_code == 1
    assert "chain broken at event 3: event 3 was edited" in res.stderr


def test_verify_names_a_deleted_event(db: Path) -> None:
    _tamper(db, "DELETE FROM audit_events WHERE seq = 3")
    res = audit("verify")
    assert res.exit_code == 1
    assert "chain broken at event 3" in res.stderr and "missing" in res.stderr


@pytest.mark.parametrize(
    "edit", ["data = '{not json'", "status = 'abc'", "request = 'text, not bytes'"]
)
def test_verify_of_a_row_that_cannot_be_read_is_broken_not_a_traceback(db: Path, edit: str) -> None:
    _tamper(db, f"UPDATE audit_events SET {edit} WHERE seq = 3")
    res = audit("verify")
    assert res.exit_code == 1, res.output
    assert isinstance(res.exception, SystemExit)  # a clean exit, not an uncaught error
    assert res.stderr.startswith("chain broken at event 3: event 3 cannot be read")
    listed = audit("export")
    assert listed.exit_code == 2 and isinstance(listed.exception, SystemExit)
    assert "an event cannot be read" in listed.stderr and "veil audit verify" in listed.stderr


def test_verify_of_a_store_that_is_not_there_says_so(tmp_path: Path) -> None:
    missing = tmp_path / "typo.db"
    res = audit("verify", "--url", f"sqlite:///{missing}")
    assert res.exit_code == 2
    assert f"no audit store at {missing}" in res.stderr
    assert not missing.exists()  # and none was made


# --- bad stores ---------------------------------------------------------------------------


def test_an_unknown_url_scheme_is_a_clean_error(tmp_path: Path) -> None:
    res = veil_process("audit", "list", "--url", "mysql://x", cwd=tmp_path)
    assert res.returncode == 2
    assert "Traceback" not in res.stderr
    (line,) = res.stderr.strip().splitlines()
    assert line.startswith("veil: error: audit url 'mysql://x'")


@pytest.mark.parametrize(
    "url",
    [
        "postgresql://u:SECRETPW@127.0.0.1:1/db",  # veil:allow test value
        "postgresql://u@127.0.0.1:1/db?password=SECRETPW",
    ],
)
def test_an_unreachable_postgres_never_shows_its_password(url: str) -> None:
    for command in (("audit", "list"), ("audit", "verify"), ("incidents", "list")):
        res = CliRunner().invoke(app.typer, [*command, "--url", url])
        assert res.exit_code == 2, res.output
        assert isinstance(res.exception, SystemExit)  # a clean exit, not an uncaught error
        assert "veil: error: audit store postgresql://u" in res.stderr
        assert "SECRETPW" not in res.output


def test_an_unreachable_postgres_as_a_process(tmp_path: Path) -> None:
    url = "postgresql://u:SECRETPW@127.0.0.1:1/db"  # veil:allow test value
    res = veil_process("audit", "verify", "--url", url, cwd=tmp_path)
    assert res.returncode == 2
    assert "Traceback" not in res.stderr and "SECRETPW" not in res.stdout + res.stderr
    (line,) = res.stderr.strip().splitlines()
    assert line.startswith("veil: error: audit store postgresql://u:***@127.0.0.1:1/db")


def test_csv_cells_a_spreadsheet_would_run_are_made_inert() -> None:
    from veil.audit.event import AuditEvent
    from veil.cli.audit import csv_row

    row = csv_row(AuditEvent("gateway", client='=HYPERLINK("http://x")', model="-x", tier="Public"))
    assert row["client"] == '\'=HYPERLINK("http://x")'
    assert row["model"] == "'-x" and row["tier"] == "Public" and row["status"] == 0
    assert csv_row(AuditEvent("gateway", upstream="-"))["upstream"] == "-"  # veil's "none"
