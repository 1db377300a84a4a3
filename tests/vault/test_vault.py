"""The vault: deterministic per scope and key, bounded, safe under concurrent use, key on disk."""

from __future__ import annotations

import os
import stat
import threading
from pathlib import Path

from veil.vault.vault import Vault, VaultMap, load_or_create_key

KEY = b"k" * 32


def test_same_original_same_placeholder_across_vaults_with_one_key() -> None:
    first = Vault(KEY).placeholder("s", "hunter2-secret", "SECRET")
    again = Vault(KEY).placeholder("s", "hunter2-secret", "SECRET")
    assert first == again


def test_scope_and_key_change_the_placeholder() -> None:
    base = Vault(KEY).placeholder("s", "hunter2-secret", "SECRET")
    assert Vault(KEY).placeholder("other", "hunter2-secret", "SECRET") != base
    assert Vault(b"j" * 32).placeholder("s", "hunter2-secret", "SECRET") != base


def test_original_is_found_by_placeholder_in_its_scope_only() -> None:
    vault = Vault(KEY)
    token = vault.placeholder("s", "value-one", "SECRET")
    assert vault.original("s", token) == "value-one"
    assert vault.original("t", token) is None


def test_lru_bound_evicts_oldest_both_ways() -> None:
    vault = Vault(KEY, max_entries=3)
    tokens = [vault.placeholder("s", f"value-{i}", "SECRET") for i in range(4)]
    assert len(vault) == 3
    assert vault.original("s", tokens[0]) is None
    assert vault.original("s", tokens[3]) == "value-3"


def test_digest_collision_gets_another_placeholder() -> None:
    vault = Vault(KEY)

    def digest(scope: str, original: str, salt: int) -> str:
        return f"{salt:08x}".ljust(64, "0")  # every original collides at salt 0

    vault._digest = digest  # type: ignore[method-assign]
    a = vault.placeholder("s", "first-value", "SECRET")
    b = vault.placeholder("s", "second-value", "SECRET")
    assert a != b
    assert vault.original("s", a) == "first-value"
    assert vault.original("s", b) == "second-value"


def test_concurrent_threads_agree_on_every_placeholder() -> None:
    vault = Vault(KEY, max_entries=10_000)
    results: list[dict[str, str]] = [{} for _ in range(8)]

    def work(n: int) -> None:
        for i in range(500):
            value = f"value-{(i * 7 + n) % 300}"
            results[n][value] = vault.placeholder("s", value, "SECRET")

    threads = [threading.Thread(target=work, args=(n,)) for n in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    merged: dict[str, str] = {}
    for result in results:
        for value, token in result.items():
            assert merged.setdefault(value, token) == token
    assert len(set(merged.values())) == len(merged) == 300
    assert all(vault.original("s", t) == v for v, t in merged.items())


def test_vault_map_restores_from_request_then_vault() -> None:
    vault = Vault(KEY)
    earlier = vault.placeholder("s", "from-an-earlier-turn", "SECRET")
    vmap = VaultMap(vault, "s")
    token = vmap.mask("this-request-value", "SECRET")
    assert vmap.lookup(token) == "this-request-value"
    assert vmap.lookup(earlier) == "from-an-earlier-turn"
    assert vmap.lookup("VEIL_SECRET_00000000") is None


def test_key_is_created_once_with_owner_only_permissions(tmp_path: Path) -> None:
    key = load_or_create_key(tmp_path / "cfg")
    path = tmp_path / "cfg" / "vault.key"
    assert len(key) == 32
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert load_or_create_key(tmp_path / "cfg") == key


def test_originals_of_a_scope_newest_first_and_forgotten_on_eviction() -> None:
    vault = Vault(KEY, max_entries=3)
    for i in range(4):
        vault.placeholder("s", f"value-{i}", "SECRET")
    vault.placeholder("t", "other-scope", "SECRET")
    assert vault.originals("s") == ["value-3", "value-2"]
    assert vault.originals("t") == ["other-scope"]
    assert vault.originals("s", limit=1) == ["value-3"]
