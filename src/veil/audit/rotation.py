"""How to revoke and replace a leaked secret, and what to do when personal data leaked.

The steps are data, `veil/detect/secrets/rotation.toml`, one table per kind a rule reports:
`[secret.<kind>]` and `[pii.<kind>]`, and `[fallback]` for a kind with no table. It is read once,
from the installed package, and never names a value that was found.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, replace
from functools import cache
from importlib import resources
from typing import Any

_PACKAGE = "veil.detect.secrets"
_FILE = "rotation.toml"
_SECTIONS = ("secret", "pii")
_NO_PROVIDER = "—"


@dataclass(frozen=True)
class Rotation:
    """What to do about one kind of leaked value: who issued it, the steps, and their page."""

    kind: str
    provider: str
    steps: tuple[str, ...]
    url: str


def _entry(kind: str, table: dict[str, Any]) -> Rotation:
    return Rotation(
        kind=kind,
        provider=str(table.get("provider", _NO_PROVIDER)),
        steps=tuple(str(step) for step in table["steps"]),
        url=str(table["url"]),
    )


@cache
def _load() -> tuple[dict[str, Rotation], Rotation, Rotation]:
    """Every kind's entry (secret and personal data), the one for Restricted content (a path
    pattern), and the fallback; read once."""
    data = tomllib.loads(resources.files(_PACKAGE).joinpath(_FILE).read_text(encoding="utf-8"))
    entries: dict[str, Rotation] = {}
    for section in _SECTIONS:
        for kind, table in data.get(section, {}).items():
            entries[kind] = _entry(kind, table)
    return entries, _entry("", data["restricted_content"]), _entry("", data["fallback"])


def rotation_for(kind: str) -> Rotation:
    """The entry for `kind`; for content Restricted by a path (`path:<pattern>`) what to do
    about the files; for a kind with none, the generic steps, which say so."""
    entries, content, fallback = _load()
    found = entries.get(kind)
    if found is not None:
        return found
    if kind.startswith("path:") or kind == "restricted_content":
        return replace(content, kind=kind)
    return replace(fallback, kind=kind)


def rotation_kinds() -> frozenset[str]:
    """Every kind with an entry of its own."""
    return frozenset(_load()[0])
