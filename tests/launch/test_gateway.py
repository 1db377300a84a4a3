"""Finding a running veil and starting a private one: real `veil serve` processes."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from tests.e2e.conftest import start as start_service
from tests.e2e.conftest import veil_args
from tests.launch.test_probe import _Server
from veil import __version__
from veil.config import Settings, UpstreamSettings
from veil.gateway.server import build_gateway
from veil.launch.gateway import (
    KEPT_LOGS,
    GatewayStartError,
    find,
    local_url,
    read_key,
    served_upstreams,
    start,
)
from veil.launch.probe import probe
from veil.vault.vault import Vault


@pytest.mark.parametrize(
    ("host", "url"),
    [
        ("127.0.0.1", "http://127.0.0.1:8787"),
        ("0.0.0.0", "http://127.0.0.1:8787"),
        ("::", "http://[::1]:8787"),
        ("::1", "http://[::1]:8787"),
        ("gateway.corp.example", "http://gateway.corp.example:8787"),
    ],
)
def test_local_url(host: str, url: str) -> None:
    assert local_url(host, 8787) == url


def _port(url: str) -> int:
    return int(url.rsplit(":", 1)[1])


def _own(tmp_path: Path) -> dict[str, str]:
    """A config folder and home of the test's own: the user's are never read."""
    return {"XDG_CONFIG_HOME": str(tmp_path), "HOME": str(tmp_path)}


def test_a_running_veil_is_found(tmp_path: Path) -> None:
    service = start_service(veil_args(), tmp_path / "veil.log", _own(tmp_path))
    try:
        found = find("127.0.0.1", _port(service.url))
        assert found is not None and found.url == service.url and found.version == __version__
        assert not found.started
        found.stop()  # a reused gateway is not ours to stop
        assert probe(service.url) == __version__
    finally:
        service.stop()


def test_a_veil_giving_its_settings_fingerprint_is_found_with_it() -> None:
    server = _Server(200, b'{"veil": "9.9.9", "status": "ok", "config": "c0ffee"}')
    try:
        found = find("127.0.0.1", _port(server.url))
    finally:
        server.close()
    assert found is not None and (found.version, found.config) == ("9.9.9", "c0ffee")


def test_another_server_is_not_found() -> None:
    server = _Server(200, b'{"status": "ok"}')
    try:
        assert find("127.0.0.1", _port(server.url)) is None
    finally:
        server.close()


def test_a_private_gateway_starts_and_stops(tmp_path: Path) -> None:
    env = {**os.environ, **_own(tmp_path)}
    gateway = start(None, env, tmp_path / "logs")
    try:
        assert gateway.started and gateway.url.startswith("http://127.0.0.1:")
        assert gateway.version == __version__ == probe(gateway.url)
        assert gateway.log is not None and gateway.log.parent == tmp_path / "logs"
    finally:
        gateway.stop()
    assert gateway.process is not None and gateway.process.poll() is not None
    assert probe(gateway.url) is None
    assert "listening on" in gateway.log.read_text()


def test_a_gateway_that_cannot_start_says_why_and_where(tmp_path: Path) -> None:
    config = tmp_path / "veil.toml"
    config.write_text('[gateway]\nport = "many"\n')
    with pytest.raises(GatewayStartError) as err:
        start(config, {**os.environ, **_own(tmp_path)}, tmp_path / "logs")
    message = str(err.value)
    assert "exited with code 2" in message and "gateway.port" in message
    assert str(tmp_path / "logs") in message and "\n" not in message


def test_old_logs_are_pruned(tmp_path: Path) -> None:
    logs = tmp_path / "logs"
    logs.mkdir()
    for i in range(KEPT_LOGS + 5):
        path = logs / f"gateway-old-{i:02d}.log"
        path.write_text("old")
        os.utime(path, (i, i))
    config = tmp_path / "veil.toml"
    config.write_text("[gateway]\nport = -1\n")  # fails at once: only the pruning matters here
    with pytest.raises(GatewayStartError):
        start(config, {**os.environ, **_own(tmp_path)}, logs, python=sys.executable)
    names = sorted(p.name for p in logs.iterdir())
    assert len(names) == KEPT_LOGS
    assert "gateway-old-24.log" in names and "gateway-old-05.log" not in names


_MODELS = b'{"data": [{"id": "llama3"}]}'


@pytest.mark.parametrize("local", [False, True])
def test_served_upstreams_are_those_the_gateway_builds(local: bool) -> None:
    ollama = _Server(200, _MODELS)  # answers /v1/models as Ollama does
    settings = Settings(
        upstreams={
            "vllm": UpstreamSettings(kind="openai", base_url="http://127.0.0.1:1/v1", local=local)
        }
    )
    env = {"VEIL_OPENAI_UPSTREAM": "http://127.0.0.1:2/v1", "VEIL_OLLAMA_URL": ollama.url}
    try:
        gateway = build_gateway(settings, env=env, vault=Vault(b"k" * 32))
        served = served_upstreams(settings, env)
    finally:
        ollama.close()
    assert sorted(served, key=lambda up: up.name) == sorted(
        gateway.upstreams.values(), key=lambda up: up.name
    )
    assert ("ollama" in {up.name for up in served}) is not local  # only when none is local
    assert {up.name: up.base_url for up in served}["openai"] == "http://127.0.0.1:2/v1"


def test_the_vault_key_is_read_never_made(tmp_path: Path) -> None:
    key = tmp_path / "veil" / "vault.key"
    assert read_key(key) is None and read_key(None) is None
    assert not key.parent.exists()
    key.parent.mkdir()
    key.write_bytes(b"k" * 32)
    assert read_key(key) == b"k" * 32
