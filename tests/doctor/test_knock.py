"""knock: what answers at a root URL, asked of real servers."""

from __future__ import annotations

import asyncio
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from aiohttp import web

from tests.e2e.conftest import start, veil_args
from veil import __version__
from veil.doctor.knock import NOTHING, Knock, knock


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_nothing_listening_is_nothing() -> None:
    assert knock(f"http://127.0.0.1:{_free_port()}") == NOTHING
    assert knock("http://[::1:8787") == NOTHING  # not even a URL


def test_a_real_veil_answers_with_its_version(tmp_path: Path) -> None:
    service = start(veil_args(), tmp_path / "veil.log", {"XDG_CONFIG_HOME": str(tmp_path)})
    try:
        assert knock(service.url) == Knock(True, __version__)
    finally:
        service.stop()


@pytest.fixture
def http_server(tmp_path: Path) -> Iterator[str]:
    """Python's own file server: an HTTP server that is not veil."""
    port = _free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1"],
        cwd=tmp_path,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        for _ in range(400):
            with socket.socket() as sock:
                if sock.connect_ex(("127.0.0.1", port)) == 0:
                    break
            threading.Event().wait(0.025)
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait()


def test_another_server_answers_but_is_not_veil(http_server: str) -> None:
    assert knock(http_server) == Knock(True)


def test_a_refusal_with_veils_headers_is_veil_wanting_a_token() -> None:
    async def refuse(request: web.BaseRequest) -> web.Response:
        headers = {"veil-tier": "Public", "veil-decision": "none"}
        return web.json_response({"error": {"message": "no"}}, status=401, headers=headers)

    async def run() -> Knock:
        runner = web.ServerRunner(web.Server(refuse), access_log=None)
        await runner.setup()
        await web.TCPSite(runner, "127.0.0.1", 0).start()
        root = f"http://127.0.0.1:{runner.addresses[0][1]}"
        try:
            return await asyncio.to_thread(knock, root)
        finally:
            await runner.cleanup()

    assert asyncio.run(run()) == Knock(True, refused=True)
