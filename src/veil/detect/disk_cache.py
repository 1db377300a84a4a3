"""Files veil builds once and keeps in the user's cache directory for later runs (Hyperscan
databases, name word sets): read back when they match, written atomically, pruned by kind."""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

import platformdirs


def cache_file(name: str) -> Path:
    """Where a cache file called `name` lives (`hs-<digest>.db`, `names-<digest>.bin`)."""
    return Path(platformdirs.user_cache_dir("veil")) / name


def read(path: Path) -> bytes | None:
    """The file's bytes, or None when there is none; a file read counts as used now."""
    try:
        data = path.read_bytes()
    except OSError:
        return None
    with contextlib.suppress(OSError):
        os.utime(path)  # used now: the last of its kind to be pruned
    return data


def write(path: Path, data: bytes, *, keep: int, large: int = 0) -> None:
    """Write `data` to `path` atomically (a reader never sees half a file); then, if it is of
    `large` bytes or more, keep only the `keep` such files of its kind (those whose names share
    the part before the first `-`) used last. A cache that cannot be written is no error."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_bytes(data)
        tmp.replace(path)
        if len(data) < large:
            return
        kind = path.name.split("-", 1)[0]
        sized = [
            (p.stat().st_mtime, p)
            for p in path.parent.glob(f"{kind}-*{path.suffix}")
            if p.stat().st_size >= large
        ]
        for _, old in sorted(sized, reverse=True)[keep:]:
            old.unlink(missing_ok=True)
    except OSError:
        return
