"""Baselines: known findings to skip, keyed by a hash of the value plus rule and path.

One JSON object a line, sorted, so two branches' baselines merge without conflicts. An entry
never holds the value, a line number or a time.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path

from veil.errors import UsageError

Key = tuple[str, str, str]  # (path, rule, value hash)


def load(path: Path) -> frozenset[Key]:
    """Entries of a baseline file; a clear error if it is not one."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise UsageError(f"cannot read baseline {path}: {exc.strerror}") from None
    keys = set()
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            entry = json.loads(line)
            keys.add((str(entry["path"]), str(entry["rule"]), str(entry["hash"])))
        except (ValueError, KeyError, TypeError):
            raise UsageError(f"{path}:{n}: not a veil baseline entry") from None
    return frozenset(keys)


def dump(keys: Iterable[Key]) -> str:
    """The baseline file text for these entries."""
    lines = {json.dumps({"path": p, "rule": r, "hash": h}, sort_keys=True) for p, r, h in keys}
    return "".join(line + "\n" for line in sorted(lines))
