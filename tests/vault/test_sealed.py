"""The sealed file: AES-GCM under a key derived from the vault key; 0600; altered -> refused."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from veil.vault.sealed import SealedError, read_sealed, seal, unseal, write_sealed

KEY = b"k" * 32


def test_sealed_round_trip_and_nothing_in_clear(tmp_path: Path) -> None:
    path = tmp_path / "d" / "vault.sealed"
    write_sealed(path, KEY, b'{"original": "Acme billing"}')
    assert b"Acme" not in path.read_bytes()
    assert read_sealed(path, KEY) == b'{"original": "Acme billing"}'
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_missing_file_reads_as_none(tmp_path: Path) -> None:
    assert read_sealed(tmp_path / "none", KEY) is None


def test_another_key_or_an_altered_byte_is_refused() -> None:
    blob = seal(KEY, b"text")
    with pytest.raises(SealedError, match="another key"):
        unseal(b"j" * 32, blob)
    altered = blob[:-1] + bytes([blob[-1] ^ 1])
    with pytest.raises(SealedError):
        unseal(KEY, altered)
    with pytest.raises(SealedError, match="not a sealed"):
        unseal(KEY, b"plain text")


def test_each_seal_uses_a_fresh_nonce() -> None:
    assert seal(KEY, b"same") != seal(KEY, b"same")
