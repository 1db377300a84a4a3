"""Base URLs on this machine: a veil (on its port or answering as one) or a model server."""

from __future__ import annotations

import json
import socket

import pytest

from tests.launch.test_probe import _Server
from veil.launch.target import Target, is_local, rebase


@pytest.mark.parametrize(
    ("url", "local"),
    [
        ("http://localhost:11434/v1", True),
        ("http://127.0.0.1:8787/v1", True),
        ("http://127.1.2.3/v1", True),
        ("http://[::1]:8787", True),
        ("localhost:1234", True),
        ("https://api.openai.com/v1", False),
        ("https://127.0.0.1.example.com/v1", False),
        ("http://10.0.0.5:8000/v1", False),
        ("", False),
        ("http://[::1", False),
    ],
)
def test_is_local(url: str, local: bool) -> None:
    assert is_local(url) is local


def test_rebase_keeps_path_and_query() -> None:
    root = "http://127.0.0.1:5000"
    assert rebase("http://127.0.0.1:8787/v1", root) == root + "/v1"
    assert rebase("http://localhost:8787/mistral/v1/", root) == root + "/mistral/v1"
    assert rebase("http://[::1]:8787/v1?api-version=1", root) == root + "/v1?api-version=1"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_a_veil_is_told_by_its_port_or_its_answer() -> None:
    veil = _Server(200, json.dumps({"veil": "1.0", "status": "ok"}).encode())
    model = _Server(200, b"Ollama is running")
    try:
        target = Target("http://127.0.0.1:1", veil_port=_free_port())
        assert target.is_veil(f"http://127.0.0.1:{target.veil_port}/v1")  # nothing runs there
        assert target.is_veil(veil.url + "/v1")
        assert not target.is_veil(model.url + "/v1")
        assert not target.is_veil(f"http://127.0.0.1:{_free_port()}/v1")
    finally:
        veil.close()
        model.close()
