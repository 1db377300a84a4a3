"""The gateway's audit trail: what a request's event holds, and what it never holds."""

from __future__ import annotations

import logging
from collections import Counter
from pathlib import Path

import pytest

from veil.audit.event import keyed_hash
from veil.audit.store import SqliteStore
from veil.config import AuditSettings
from veil.gateway.record import RequestRecord
from veil.gateway.trail import audit_url, open_trail


def _record() -> RequestRecord:
    record = RequestRecord("POST", "/v1/messages", route="messages", upstream="anthropic")
    record.provider, record.model, record.status = "anthropic", "claude-x", 200
    record.tier, record.decision, record.applied = "Restricted", "mask", "mask"
    record.findings = Counter({"aws_access_key_id": 2, "email_address": 1})
    record.categories = {"aws_access_key_id": "secret", "email_address": "pii"}
    record.rules = Counter({"aws-access-key-id": 2, "email-address": 1, "org-term-initech": 1})
    record.reasons = ("finding:aws_access_key_id x2", "finding:email_address")
    record.withheld_paths = ["/home/dev/project/.env"]
    record.veil_seconds, record.upstream_seconds = 0.0012, 0.25
    record.bytes_in, record.bytes_out = 1234, 567
    record.forwarded = b'{"text": "forwarded-body-marker"}'
    return record


def _scrub(text: str) -> str:
    return text.replace("dev-laptop-7", "[hostname]")


def test_an_event_holds_counts_hashes_and_timings_never_names(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = f"sqlite:///{tmp_path}/a.db"
    monkeypatch.setenv("VEIL_AUDIT_URL", url)
    trail = open_trail(AuditSettings(), {"VEIL_AUDIT_URL": url}, _scrub)
    assert trail is not None and trail.store is not None
    trail.record(_record(), "claude-cli/2.0 dev-laptop-7", "alice", "caller=alice\nsid", 0.3)
    trail.close()
    store = SqliteStore(tmp_path / "a.db")
    (event,) = store.events()
    key = store.caller_key()
    assert event.source == "gateway" and event.tier == "Restricted" and event.mode == "enforce"
    assert (event.provider, event.model, event.status) == ("anthropic", "claude-x", 200)
    assert event.caller == keyed_hash(key, "alice") and event.caller != "alice"
    assert event.client == "claude-cli/2.0 [hostname]"
    assert event.veil_ms == 1.2 and event.upstream_ms == 250.0
    data = event.data
    assert data["kinds"] == {"aws_access_key_id": 2, "email_address": 1}
    assert data["categories"] == {"secret": 2, "pii": 1}
    assert data["rules"] == {"aws-access-key-id": 2, "email-address": 1, "org-term": 1}
    assert data["withheld"] == [keyed_hash(key, "/home/dev/project/.env")]
    assert data["session"] == keyed_hash(key, "caller=alice\nsid")
    assert len(data["request_sha256"]) == 64 and event.request is None
    raw = b"".join(p.read_bytes() for p in tmp_path.iterdir())  # the WAL too
    for name in (b"alice", b".env", b"dev-laptop-7", b"forwarded-body-marker", b"initech"):
        assert name not in raw
    assert store.verify().holds


def test_monitor_mode_is_said_and_opens_an_incident(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path}/a.db"
    trail = open_trail(AuditSettings(), {"VEIL_AUDIT_URL": url}, _scrub)
    assert trail is not None
    record = _record()
    record.decision, record.applied, record.monitor = "block", "mask", True
    trail.record(record, "", "", "", 0.1)
    trail.close()
    store = SqliteStore(tmp_path / "a.db")
    assert store.events()[0].mode == "monitor"
    (incident,) = store.incidents("open")
    assert incident.kinds == ["aws_access_key_id", "email_address"]
    assert incident.place["provider"] == "anthropic"


def test_auditing_off_gives_no_trail() -> None:
    assert open_trail(AuditSettings(enabled=False), {}, _scrub) is None


def test_the_environment_overrides_the_config() -> None:
    settings = AuditSettings(url="sqlite:///from/config.db")
    assert audit_url(settings, {"VEIL_AUDIT_URL": "sqlite:///from/env.db"}).endswith("env.db")
    assert audit_url(settings, {}) == "sqlite:///from/config.db"
    assert audit_url(AuditSettings(), {}) is None


def test_a_store_down_at_start_is_said_loudly_without_its_password(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    url = "postgresql://veil:hunter2-not-real@127.0.0.1:1/veil"  # veil:allow test value
    settings = AuditSettings(on_store_failure="refuse")
    with caplog.at_level(logging.ERROR):
        trail = open_trail(settings, {"VEIL_AUDIT_URL": url}, _scrub)
    assert trail is not None and trail.store is None
    assert not trail.healthy  # refuse: no request is served before the store is back
    assert "hunter2" not in trail.writer.where
    messages = " ".join(r.getMessage() for r in caplog.records)
    assert "AUDIT STORE UNREACHABLE" in messages and "hunter2" not in messages
    trail.record(_record(), "", "", "", 0.1)
    trail.close()
    (spool,) = (tmp_path / "veil").glob("audit-spool-*.jsonl")
    spooled = spool.read_text()
    assert '"tier":"Restricted"' in spooled and ".env" not in spooled
