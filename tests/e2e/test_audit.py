"""The audit log from a real `veil serve` in front of the fake provider, driven by the real SDKs:
an event per request and never a value, every event written when veil is stopped, incidents
shown at start, and requests refused when the store is down and the policy says so."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import anthropic
import openai
import pytest

from tests import factories
from tests.e2e.conftest import ROOT, FakeProvider
from tests.e2e.policy_services import ant, oai, start_fake, start_veil, upstreams
from veil.audit.store import SqliteStore


@pytest.fixture(scope="module")
def provider(tmp_path_factory: pytest.TempPathFactory) -> Iterator[FakeProvider]:
    fake = start_fake(tmp_path_factory.mktemp("fake"))
    yield fake
    fake.stop()


def _toml(provider: FakeProvider, folder: Path, audit: str = "", policy: str = "") -> str:
    return f'[audit]\nurl = "sqlite:///{folder}/audit.db"\n{audit}\n{policy}\n' + upstreams(
        provider.url
    )


def _veil(cmd: list[str], folder: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "veil", *cmd, "--url", f"sqlite:///{folder}/audit.db"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )


def _store_bytes(folder: Path) -> bytes:
    return b"".join(p.read_bytes() for p in folder.glob("audit.db*"))


def test_every_request_is_an_event_and_no_value_is_stored(
    provider: FakeProvider, tmp_path: Path
) -> None:
    key, mail = factories.aws_key_id("audit"), factories.email("audit")
    veil = start_veil(tmp_path, _toml(provider, tmp_path))
    text = f"deploy with {key} and tell {mail}"
    with oai(veil, max_retries=0) as client:
        client.chat.completions.create(model="gpt-4o", messages=[{"role": "user", "content": text}])
        chunks = client.chat.completions.create(
            model="gpt-4o", messages=[{"role": "user", "content": text}], stream=True
        )
        assert "".join(c.choices[0].delta.content or "" for c in chunks if c.choices)
    with ant(veil, max_retries=0) as client:
        client.messages.create(
            model="claude-x", max_tokens=50, messages=[{"role": "user", "content": text}]
        )
    assert veil.service.stop() == 0  # SIGTERM: writes what is queued, exits 0
    store = SqliteStore(tmp_path / "audit.db")
    events = [e for e in store.scan() if e.data.get("route") != "-"]
    assert [e.data["route"] for e in events] == ["chat", "chat", "messages"]
    for event in events:
        assert event.tier == "Restricted" and event.status == 200
        assert event.data["kinds"] == {"aws_access_key_id": 1, "email_address": 1}
        assert len(event.data["request_sha256"]) == 64 and event.request is None
        assert event.veil_ms > 0 and event.upstream_ms > 0
    raw = _store_bytes(tmp_path)
    assert key.encode() not in raw and mail.encode() not in raw
    verify = _veil(["audit", "verify"], tmp_path)
    assert verify.returncode == 0 and "chain holds" in verify.stdout, verify.stderr
    export = _veil(["audit", "export", "--format", "jsonl"], tmp_path)
    assert export.returncode == 0 and export.stdout.count("\n") == store.count()
    assert key not in export.stdout and mail not in export.stdout
    assert key not in veil.log() and mail not in veil.log()


def test_a_stop_right_after_many_requests_loses_no_event(
    provider: FakeProvider, tmp_path: Path
) -> None:
    veil = start_veil(tmp_path, _toml(provider, tmp_path, "batch_ms = 1000"))  # a long batch
    with oai(veil, max_retries=0) as client:
        for n in range(40):
            client.chat.completions.create(
                model="gpt-4o", messages=[{"role": "user", "content": f"question {n}"}]
            )
    assert veil.service.stop() == 0  # within the batch: only the flush on stop writes them
    store = SqliteStore(tmp_path / "audit.db")
    assert sum(1 for e in store.scan() if e.data.get("route") == "chat") == 40
    assert store.verify().holds


def test_kept_requests_are_the_masked_ones(provider: FakeProvider, tmp_path: Path) -> None:
    key = factories.aws_key_id("kept")
    veil = start_veil(tmp_path, _toml(provider, tmp_path, "keep_requests = true"))
    with oai(veil, max_retries=0) as client:
        client.chat.completions.create(
            model="gpt-4o", messages=[{"role": "user", "content": f"use {key}"}]
        )
    veil.service.stop()
    store = SqliteStore(tmp_path / "audit.db")
    (event,) = [e for e in store.scan() if e.data.get("route") == "chat"]
    assert event.request is not None and b"VEIL_" in event.request
    assert key.encode() not in _store_bytes(tmp_path)
    assert store.verify().holds


def test_monitor_mode_opens_an_incident_shown_at_the_next_start(
    provider: FakeProvider, tmp_path: Path
) -> None:
    policy = '[policy]\nmode = "monitor"\n\n[policy.restricted]\ndefault = "block"\n'
    veil = start_veil(tmp_path, _toml(provider, tmp_path, policy=policy))
    with oai(veil, max_retries=0) as client:
        raw = client.chat.completions.with_raw_response.create(
            model="gpt-4o",
            messages=[{"role": "user", "content": f"key {factories.aws_key_id('inc')}"}],
        )
    assert raw.headers["veil-mode"] == "monitor" and raw.headers["veil-decision"] == "block"
    veil.service.stop()
    (incident,) = SqliteStore(tmp_path / "audit.db").incidents("open")
    assert incident.kinds == ["aws_access_key_id"] and incident.place["provider"] == "openai"
    again = start_veil(tmp_path / "again", _toml(provider, tmp_path, policy=policy))
    try:  # said on stderr just after the listening line
        assert again.wait_count(f"INCIDENT #{incident.id} open since", 1) == 1
    finally:
        again.service.stop()
    shown = _veil(["incidents", "show", str(incident.id)], tmp_path)
    assert shown.returncode == 0 and "what to do now" in shown.stdout


def test_a_store_that_is_down_refuses_requests_when_the_policy_says_so(
    provider: FakeProvider, tmp_path: Path
) -> None:
    audit = 'url = "postgresql://veil@127.0.0.1:1/veil"\non_store_failure = "refuse"'
    toml = f"[audit]\n{audit}\n" + upstreams(provider.url)
    before = len(provider.requests())
    veil = start_veil(tmp_path, toml)
    try:
        assert "AUDIT STORE UNREACHABLE" in veil.log()
        with oai(veil, max_retries=0) as client, pytest.raises(openai.APIStatusError) as oerr:
            client.chat.completions.create(
                model="gpt-4o", messages=[{"role": "user", "content": "hello"}]
            )
        assert oerr.value.status_code == 503 and "audit store" in oerr.value.message
        with ant(veil, max_retries=0) as client, pytest.raises(anthropic.APIStatusError) as aerr:
            client.messages.create(
                model="claude-x", max_tokens=5, messages=[{"role": "user", "content": "hi"}]
            )
        assert aerr.value.status_code == 503 and "audit store" in aerr.value.message
        assert len(provider.requests()) == before  # nothing was sent
    finally:
        veil.service.stop()
    (spool,) = (tmp_path / "home" / "data" / "veil").glob("audit-spool-*.jsonl")
    spooled = spool.read_text()
    assert spooled.count('"status":503') == 2  # the refused requests are not lost either


def test_two_gateways_on_one_postgresql_store_keep_one_chain(
    provider: FakeProvider, tmp_path: Path
) -> None:
    from concurrent.futures import ThreadPoolExecutor

    from tests.audit.postgres_server import PostgresServer
    from veil.audit.store import open_store

    with PostgresServer() as server:
        url = server.create_database("veil_e2e")
        toml = f'[audit]\nurl = "{url}"\nbatch_ms = 5\n' + upstreams(provider.url)
        gateways = [start_veil(tmp_path / name, toml) for name in ("one", "two")]

        def ask(n: int) -> int:
            with oai(gateways[n % 2], max_retries=0) as client:
                client.chat.completions.create(
                    model="gpt-4o", messages=[{"role": "user", "content": f"question {n}"}]
                )
            return n

        with ThreadPoolExecutor(8) as pool:
            assert sorted(pool.map(ask, range(60))) == list(range(60))
        assert [g.service.stop() for g in gateways] == [0, 0]
        store = open_store(url)
        try:
            chats = [e for e in store.scan() if e.data.get("route") == "chat"]
            assert len(chats) == 60
            verdict = store.verify()
            assert verdict.holds and verdict.events == store.count()
        finally:
            store.close()
        pg_verify = subprocess.run(
            [sys.executable, "-m", "veil", "audit", "verify", "--url", url],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert pg_verify.returncode == 0 and f"{verdict.events} events" in pg_verify.stdout


def test_a_closed_terminal_stops_veil_gracefully_with_every_event(
    provider: FakeProvider, tmp_path: Path
) -> None:
    import signal

    veil = start_veil(tmp_path, _toml(provider, tmp_path, "batch_ms = 1000"))
    with oai(veil, max_retries=0) as client:
        for n in range(5):
            client.chat.completions.create(
                model="gpt-4o", messages=[{"role": "user", "content": f"question {n}"}]
            )
    veil.service.process.send_signal(signal.SIGHUP)
    assert veil.service.process.wait(30) == 0
    assert veil.service.stop() == 0  # closes what the test read its output from
    store = SqliteStore(tmp_path / "audit.db")
    assert sum(1 for e in store.scan() if e.data.get("route") == "chat") == 5
