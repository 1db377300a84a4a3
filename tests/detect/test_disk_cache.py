"""Cache files: written whole, read back, and only the large ones of a kind used last kept."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from veil.detect import disk_cache


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setattr(disk_cache.platformdirs, "user_cache_dir", lambda _app: str(tmp_path))
    return tmp_path


def test_a_file_is_written_whole_and_read_back(cache: Path) -> None:
    path = disk_cache.cache_file("hs-abc.db")
    assert path.parent == cache
    assert disk_cache.read(path) is None
    disk_cache.write(path, b"database", keep=2)
    assert disk_cache.read(path) == b"database"
    assert [p.name for p in cache.iterdir()] == ["hs-abc.db"]  # no temporary file left


def test_only_the_large_files_of_a_kind_used_last_are_kept(cache: Path) -> None:
    small = disk_cache.cache_file("hs-small.db")
    disk_cache.write(small, b"x", keep=2, large=4)
    other = disk_cache.cache_file("names-a.bin")
    disk_cache.write(other, b"other kind", keep=2, large=4)
    for n in range(4):  # written earlier, in this order
        (cache / f"hs-{n}.db").write_bytes(b"large!")
        os.utime(cache / f"hs-{n}.db", (n, n))
    disk_cache.read(cache / "hs-0.db")  # the oldest, used again
    disk_cache.write(cache / "hs-4.db", b"large!", keep=2, large=4)
    assert sorted(p.name for p in cache.iterdir()) == [
        "hs-0.db",
        "hs-4.db",
        "hs-small.db",
        "names-a.bin",
    ]


def test_a_cache_that_cannot_be_written_is_no_error(tmp_path: Path) -> None:
    blocked = tmp_path / "file"
    blocked.write_text("not a directory")
    disk_cache.write(blocked / "hs-x.db", b"data", keep=1)
    assert disk_cache.read(blocked / "hs-x.db") is None
