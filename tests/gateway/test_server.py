"""build_gateway: the gateway the settings describe."""

from __future__ import annotations

from pathlib import Path

import pytest

from veil.config import Settings
from veil.gateway.server import build_gateway
from veil.vault.vault import Vault


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
