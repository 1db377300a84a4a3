"""The probe tells a healthy veil from nothing listening and from another server."""

from __future__ import annotations

import json
import socket
import sys
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from tests.e2e.conftest import start, veil_args
from veil import __version__
from veil.launch.probe import Health, health, probe


class _Server:
    """A plain HTTP server on 127.0.0.1 answering every GET with a fixed answer."""

    def __init__(self, status: int, body: bytes, headers: dict[str, str] | None = None) -> None:
        self.paths: list[str] = []
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                outer.paths.append(self.path)
                self.send_response(status)
                for name, value in (headers or {}).items():
                    self.send_header(name, value)
                self.send_header("content-length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: object) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        threading.Thread(target=self.httpd.serve_forever, args=(0.05,), daemon=True).start()

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def serve_answer() -> Iterator[list[_Server]]:
    servers: list[_Server] = []
    yield servers
    for server in servers:
        server.close()


def _answering(servers: list[_Server], status: int, body: object, **headers: str) -> _Server:
    raw = body if isinstance(body, bytes) else json.dumps(body).encode()
    server = _Server(status, raw, headers)
    servers.append(server)
    return server


def test_real_veil_gateway_answers_with_its_version(tmp_path: Path) -> None:
    own = {"XDG_CONFIG_HOME": str(tmp_path), "HOME": str(tmp_path)}
    service = start(veil_args(), tmp_path / "veil.log", own)
    try:
        assert probe(service.url) == __version__
        assert probe(service.url + "/") == __version__
    finally:
        service.stop()
    assert probe(service.url) is None  # stopped: nothing listens


def test_veil_shaped_answer_is_read_at_the_root(serve_answer: list[_Server]) -> None:
    server = _answering(serve_answer, 200, {"veil": "9.9.9", "status": "ok"})
    assert probe(server.url) == "9.9.9"
    assert server.paths == ["/"]


def test_the_settings_fingerprint_is_read_when_given(serve_answer: list[_Server]) -> None:
    given = _answering(serve_answer, 200, {"veil": "9.9.9", "status": "ok", "config": "ab12"})
    assert health(given.url) == Health("9.9.9", "ab12")
    assert probe(given.url) == "9.9.9"
    for config in ("", 12, None):
        odd = _answering(serve_answer, 200, {"veil": "9.9.9", "status": "ok", "config": config})
        assert health(odd.url) == Health("9.9.9", None)


@pytest.mark.parametrize(
    ("status", "body"),
    [
        (200, {"status": "ok"}),  # healthy, but not veil
        (200, {"veil": "0.1.0", "status": "degraded"}),
        (200, {"veil": 1, "status": "ok"}),
        (200, {"veil": "", "status": "ok"}),
        (200, ["veil", "ok"]),
        (200, b"<html>It works!</html>"),
        (200, b'{"veil": "0.1.0", "status": "ok"' + b" " * 70_000 + b"}"),  # far too long
        (404, {"detail": "Not Found"}),
        (500, {"veil": "0.1.0", "status": "ok"}),
    ],
)
def test_other_servers_are_not_veil(serve_answer: list[_Server], status: int, body: object) -> None:
    assert probe(_answering(serve_answer, status, body).url) is None


def test_a_redirect_is_not_followed(serve_answer: list[_Server]) -> None:
    veil = _answering(serve_answer, 200, {"veil": "0.1.0", "status": "ok"})
    redirect = _answering(serve_answer, 302, b"", location=veil.url + "/")
    assert probe(redirect.url) is None
    assert veil.paths == []


def test_nothing_listening_is_none() -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]  # bound, never listening: refused
        assert probe(f"http://127.0.0.1:{port}") is None


def test_a_silent_listener_times_out_to_none() -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen(1)  # accepts (in the backlog) but never answers
        assert probe(f"http://127.0.0.1:{sock.getsockname()[1]}", timeout=0.2) is None


def test_a_not_http_server_is_none() -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen(1)

        def babble() -> None:
            conn, _ = sock.accept()
            with conn:
                conn.recv(1024)
                conn.sendall(b"SSH-2.0-OpenSSH_9.6\r\n")

        thread = threading.Thread(target=babble, daemon=True)
        thread.start()
        assert probe(f"http://127.0.0.1:{sock.getsockname()[1]}") is None
        thread.join(5)


def test_proxy_environment_is_never_used(
    serve_answer: list[_Server], monkeypatch: pytest.MonkeyPatch
) -> None:
    proxy = _answering(serve_answer, 200, {"veil": "6.6.6", "status": "ok"})
    veil = _answering(serve_answer, 200, {"veil": "1.2.3", "status": "ok"})
    for name in ("HTTP_PROXY", "http_proxy", "ALL_PROXY", "all_proxy"):
        monkeypatch.setenv(name, proxy.url)
    monkeypatch.delenv("NO_PROXY", raising=False)
    monkeypatch.delenv("no_proxy", raising=False)
    assert probe(veil.url) == "1.2.3"
    assert proxy.paths == []


def test_a_bad_url_is_none() -> None:
    assert probe("not a url") is None
    assert probe("http://127.0.0.1:99999") is None


def test_probe_runs_without_dev_extras() -> None:
    """Only the standard library: no httpx in an install without the dev extras."""
    import subprocess

    code = (
        "import sys; sys.modules['httpx'] = None; sys.modules['aiohttp'] = None;"
        " from veil.launch.probe import probe; print(probe('http://127.0.0.1:1'))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "None"
