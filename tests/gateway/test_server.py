"""build_gateway: the gateway the settings describe."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.gateway.conftest import client_for
from veil.config import Settings, fingerprint
from veil.gateway.server import build_gateway
from veil.gateway.upstream import resolve_upstreams
from veil.vault.vault import KEY_FILE, Vault


def test_an_empty_vault_given_is_the_one_used_and_no_key_file_is_made(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = tmp_path / "config"
    monkeypatch.setenv("XDG_CONFIG_HOME", str(config))
    monkeypatch.setenv("HOME", str(tmp_path))
    vault = Vault(b"k" * 32)
    assert len(vault) == 0  # an empty vault is falsy: it must still be the one used
    gateway = build_gateway(Settings(), env={}, vault=vault)
    assert gateway.vault is vault
    assert not config.exists()


@pytest.mark.anyio
async def test_a_served_gateway_says_the_fingerprint_of_its_settings_upstreams_and_workspace(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("HOME", str(tmp_path))
    env = {"VEIL_OPENAI_UPSTREAM": "http://127.0.0.1:9/v1", "VEIL_OLLAMA_URL": ""}
    said = []
    for given in (env, {**env, "VEIL_OPENAI_UPSTREAM": "http://127.0.0.1:10/v1"}):
        gateway = build_gateway(Settings(), env=given)
        try:
            async with client_for(gateway) as client:
                said.append((await client.get("/")).json()["config"])
        finally:
            await gateway.aclose()
    key = (tmp_path / "config" / "veil" / KEY_FILE).read_bytes()  # made by the first
    upstreams = resolve_upstreams(Settings(), {}, env).values()
    assert said[0] == fingerprint(Settings(), upstreams, key)
    assert said[1] != said[0]  # another upstream: another fingerprint
