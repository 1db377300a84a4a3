"""Hostile requests against a real `veil serve`: foreign hosts and web pages, compressed bombs,
JSON that breaks parsers, slow clients, methods, tokens, and values planted where veil writes its
log line. Every answer comes in the client's format, and veil stays up and small."""

from __future__ import annotations

import gzip
import json
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import httpx
import pytest

from tests.e2e.conftest import ROOT, FakeProvider, Service, start, veil_args
from tests.factories import aws_key_id, aws_secret, email

KEY = aws_key_id("edges")
SECRET = aws_secret("edges")
MAIL = email("edges")
MB = 1024 * 1024
CHAT = {"model": "gpt-5", "messages": [{"role": "user", "content": "hi"}]}


def _address(service: Service) -> tuple[str, int]:
    parts = urlsplit(service.url)
    assert parts.hostname is not None and parts.port is not None
    return parts.hostname, parts.port


def _exchange(service: Service, data: bytes, wait: float = 10.0) -> tuple[bytes, float]:
    """Send raw bytes, read until veil closes the connection; what came back, and how long."""
    started = time.monotonic()
    with socket.create_connection(_address(service), timeout=wait) as sock:
        sock.sendall(data)
        received = b""
        try:
            while chunk := sock.recv(65536):
                received += chunk
        except (TimeoutError, ConnectionResetError):
            pass
    return received, time.monotonic() - started


def _peak_rss(service: Service) -> int:
    """The most memory the veil process has held so far (VmHWM), in bytes."""
    for line in Path(f"/proc/{service.process.pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) * 1024
    raise AssertionError("no VmHWM")


def _count(fake: FakeProvider) -> int:
    return len(fake.requests())


def test_foreign_host_and_web_pages_are_refused(veil: Service, fake: FakeProvider) -> None:
    before = _count(fake)
    rebinding = httpx.post(
        veil.url + "/v1/chat/completions", json=CHAT, headers={"host": "evil.test:8787"}
    )
    page = httpx.post(
        veil.url + "/v1/messages",
        json={"model": "m", "max_tokens": 5, "messages": []},
        headers={"origin": "https://evil.test"},
    )
    form = httpx.post(
        veil.url + "/v1/chat/completions",
        content=json.dumps(CHAT).encode(),
        headers={"content-type": "text/plain"},
    )
    preflight = httpx.options(
        veil.url + "/v1/chat/completions",
        headers={"access-control-request-method": "POST"},
    )
    assert rebinding.status_code == 403 and page.status_code == 403
    assert page.json()["type"] == "error"  # Anthropic's format on an Anthropic route
    assert form.status_code == 415
    assert preflight.status_code == 204
    assert preflight.headers["allow"] == "POST, OPTIONS"
    for r in (rebinding, page, form, preflight):
        assert not [k for k in r.headers if k.lower().startswith("access-control-")]
    assert _count(fake) == before


def test_methods_a_route_does_not_accept_are_405(veil: Service) -> None:
    r = httpx.get(veil.url + "/v1/messages")
    assert r.status_code == 405 and r.headers["allow"] == "POST"
    r = httpx.delete(veil.url + "/v1/models")
    assert r.status_code == 405 and r.headers["allow"] == "GET, HEAD"


def test_compressed_bombs_are_413_and_veil_stays_small(veil: Service, fake: FakeProvider) -> None:
    before = _count(fake)
    headers = {"content-type": "application/json", "content-encoding": "gzip"}
    member = gzip.compress(bytes(64 * MB))
    bombs = [gzip.compress(bytes(40 * MB)), member * (1_900_000 // len(member))]
    peak = _peak_rss(veil)
    for bomb in bombs:
        r = httpx.post(veil.url + "/v1/messages", content=bomb, headers=headers, timeout=30)
        assert r.status_code == 413
        assert r.json()["error"]["type"] == "request_too_large"
    # A 32 MB limit holds at most about that much decoded: far from 40 MB or 1.9 GB.
    assert _peak_rss(veil) - peak < 160 * MB
    assert _count(fake) == before
    assert httpx.get(veil.url + "/").status_code == 200


@pytest.mark.parametrize(
    ("path", "body"),
    [
        ("/v1/messages", b'{"model": "m", "messages": [{"role": "user", "content": "a\\ud800b"}]}'),
        ("/v1/chat/completions", b'{"model": "m", "messages": "\\udfff"}'),
        ("/v1/messages", b'{"messages": ' + b"[" * 100_000 + b"]" * 100_000 + b"}"),
        ("/v1/chat/completions", b'{"x": ' + b'{"a": ' * 100_000 + b"1" + b"}" * 100_001),
        ("/v1/chat/completions", b'{"messages": [], "messages": []}'),
    ],
    ids=["surrogate-anthropic", "surrogate-openai", "deep-lists", "deep-objects", "dup-keys"],
)
def test_json_that_breaks_parsers_is_a_400_in_the_clients_format(
    veil: Service, fake: FakeProvider, path: str, body: bytes
) -> None:
    before = _count(fake)
    r = httpx.post(
        veil.url + path, content=body, headers={"content-type": "application/json"}, timeout=30
    )
    assert r.status_code == 400
    answer = r.json()
    if path == "/v1/messages":
        assert answer["type"] == "error"
        assert answer["error"]["type"] == "invalid_request_error"
    else:
        assert answer["error"]["type"] == "invalid_request_error"
    assert "Traceback" not in r.text
    assert _count(fake) == before
    assert "Traceback" not in veil.log.read_text()


def test_log_holds_no_value_planted_in_model_path_or_query(veil: Service) -> None:
    chat = {**CHAT, "model": KEY}
    httpx.post(veil.url + f"/v1/chat/completions?key={SECRET}", json=chat, timeout=30)
    httpx.post(veil.url + f"/v1/{MAIL}/x?token={KEY}", json=CHAT, timeout=30)
    httpx.post(veil.url + "/v1/chat/completions", json={**CHAT, "model": f"m {MAIL}"})
    httpx.get(veil.url + f"/v1/models/{SECRET}")
    time.sleep(0.2)
    log = veil.log.read_text()
    for value in (KEY, SECRET, MAIL, MAIL.split("@")[0]):
        assert value not in log
    assert "model=other" in log


@pytest.fixture(scope="module")
def strict_veil(fake: FakeProvider, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Service]:
    """veil with a one-second client timeout and two callers with tokens of their own."""
    home = tmp_path_factory.mktemp("strict")
    (home / "tokens").write_text("alice:alice-pass-1\nbob:bob-pass-2\n")
    (home / "veil.toml").write_text(
        f'[gateway]\nclient_timeout = 1\ntokens_file = "{home / "tokens"}"\n'
    )
    args = veil_args(
        "--config",
        str(home / "veil.toml"),
        "--upstream",
        f"openai={fake.url}/v1",
        "--upstream",
        f"anthropic={fake.url}",
    )
    service = start(args, home / "veil.log", {"XDG_CONFIG_HOME": str(home)})
    yield service
    service.stop()


def test_a_client_that_stalls_in_its_headers_is_dropped(strict_veil: Service) -> None:
    received, took = _exchange(
        strict_veil, b"POST /v1/messages HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Le"
    )
    assert received == b""
    assert took < 5
    received, took = _exchange(strict_veil, b"")  # connects and sends nothing
    assert received == b"" and took < 5


def test_a_client_that_stalls_in_its_body_gets_408(strict_veil: Service) -> None:
    body = json.dumps(CHAT).encode()
    head = (
        b"POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\nveil-token: alice-pass-1\r\n"
        b"Content-Type: application/json\r\nContent-Length: "
        + str(len(body)).encode()
        + b"\r\n\r\n"
    )
    received, took = _exchange(strict_veil, head + body[:10])
    assert received.startswith(b"HTTP/1.1 408 ")
    assert b'"error"' in received and b"connection: close" in received.lower()
    assert took < 5
    assert "status=408" in strict_veil.log.read_text()


def test_each_caller_needs_a_token_of_their_own(strict_veil: Service) -> None:
    url = strict_veil.url + "/v1/chat/completions"
    assert httpx.post(url, json=CHAT).status_code == 401
    assert httpx.post(url, json=CHAT, headers={"veil-token": "carol"}).status_code == 401
    for token in ("alice-pass-1", "bob-pass-2"):
        assert httpx.post(url, json=CHAT, headers={"veil-token": token}).status_code == 200
    log = strict_veil.log.read_text()
    assert "alice-pass-1" not in log and "bob-pass-2" not in log


@pytest.mark.parametrize("token", ["", "   "])
def test_an_empty_veil_token_stops_veil_at_start(tmp_path: Path, token: str) -> None:
    r = subprocess.run(
        [sys.executable, "-m", "veil", "serve", "--port", "0"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        env={"PATH": "", "XDG_CONFIG_HOME": str(tmp_path), "VEIL_TOKEN": token},
    )
    assert r.returncode == 2
    assert r.stderr.strip().splitlines() == [
        "veil: error: VEIL_TOKEN is set but empty: give it a token, or unset it"
    ]


def test_a_key_that_relaxes_the_preset_is_reported_at_start(tmp_path: Path) -> None:
    config = tmp_path / "veil.toml"
    config.write_text(
        '[policy]\npreset = "regulated"\n[policy.restricted]\ndefault = "mask"\n'
        '[upstreams.eu]\nkind = "openai"\nbase_url = "https://llm.eu.test/v1"\n'
    )
    service = start(veil_args("--config", str(config)), tmp_path / "veil.log")
    said = "policy: preset regulated, mode enforce"
    deadline = time.monotonic() + 10  # printed after `listening on`, read by another thread
    try:
        while not any(said in line for line in service.printed) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert any(said in line for line in service.printed), service.printed
    finally:
        service.stop()
    warning = "warning: veil.toml: policy.restricted.default = 'mask' relaxes the regulated preset"
    log = service.log.read_text()
    assert warning in log
    assert "warning: upstream eu: provider 'unknown' is not in the registry" in log


@pytest.mark.parametrize(
    ("toml", "message"),
    [
        ('[policy]\npreset = "strict"\n', "policy.preset: 'strict' is not one of personal,"),
        (
            '[policy.restricted]\ntrain = "block"\n',
            "policy.restricted.train: unknown key (did you mean 'trains'?)",
        ),
        ('[policy.internal]\ndefault = "drop"\n', "policy.internal.default: 'drop' is not one of"),
        ('[policy.local]\nupstream = "ollama"\n', "policy.local.upstream: no upstream named"),
    ],
)
def test_policy_typos_stop_veil_at_start_naming_the_key(
    tmp_path: Path, toml: str, message: str
) -> None:
    (tmp_path / "veil.toml").write_text(toml)
    r = subprocess.run(
        [sys.executable, "-m", "veil", "serve", "--port", "0", "--config", "veil.toml"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
        env={"PATH": "", "XDG_CONFIG_HOME": str(tmp_path), "PYTHONPATH": str(ROOT / "src")},
    )
    assert r.returncode == 2, r.stderr
    assert message in r.stderr and "Traceback" not in r.stderr
