"""Neutral types shared by the wire formats: text slots, paths, and whole-value restoration."""

from __future__ import annotations

import json as _json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import orjson

from veil.vault.restore import Lookup, restore_text

Path = tuple[str | int, ...]
JSON = Any

# Keys whose string values hold JSON text (tool-call arguments): placeholders inside them are
# restored JSON-escaped.
JSON_TEXT_KEYS = frozenset({"arguments", "partial_json"})


@dataclass(slots=True)
class TextSlot:
    """One string in a request that is sent to the model.

    `json` marks a string holding JSON (tool-call arguments); `context` is the object key the
    value sits under (`password` in `{"password": "..."}`), which detection reads as its name;
    `signed` marks text the model signed (thinking), which must mask back to exactly what the
    model wrote, so every original known in the conversation is looked for in it.
    """

    path: Path
    text: str
    json: bool = False
    context: str = ""
    signed: bool = False


def get_at(body: JSON, path: Path) -> JSON:
    for part in path:
        body = body[part]
    return body


def set_at(body: JSON, path: Path, value: JSON) -> None:
    get_at(body, path[:-1])[path[-1]] = value


def apply(body: JSON, slots: list[TextSlot]) -> None:
    """Write each slot's text back into `body` (in place)."""
    for slot in slots:
        set_at(body, slot.path, slot.text)


def string_leaves(value: JSON, path: Path, context: str = "") -> Iterator[TextSlot]:
    """Every string inside a JSON value (tool-use inputs), each with the key it sits under."""
    if isinstance(value, str):
        yield TextSlot(path, value, context=context)
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from string_leaves(item, (*path, key), str(key))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from string_leaves(item, (*path, i), context)


def text_slot(
    container: JSON, key: str | int, path: Path, *, json: bool = False, signed: bool = False
) -> list[TextSlot]:
    """A slot for `container[key]` when it is a non-empty string, else none."""
    try:
        value = container[key]
    except (KeyError, IndexError, TypeError):
        return []
    if isinstance(value, str) and value:
        return [TextSlot((*path, key), value, json=json, signed=signed)]
    return []


def restore_value(value: JSON, lookup: Lookup, key: str | int | None = None) -> JSON:
    """A copy of a JSON value with every placeholder in every string restored."""
    if isinstance(value, str):
        return restore_text(value, lookup, json_escaped=key in JSON_TEXT_KEYS)
    if isinstance(value, dict):
        return {k: restore_value(v, lookup, k) for k, v in value.items()}
    if isinstance(value, list):
        return [restore_value(v, lookup, key) for v in value]
    return value


def load_json(data: bytes) -> JSON:
    """JSON from bytes: orjson, or the standard library for what orjson refuses (integers
    beyond 64 bits). Raises ValueError when the data is not JSON."""
    try:
        return orjson.loads(data)
    except orjson.JSONDecodeError as exc:
        first = exc
    try:
        return _json.loads(data)
    except ValueError:
        raise first from None


def dump_json(value: JSON) -> bytes:
    """Compact JSON bytes, with the same fallback as `load_json`."""
    try:
        return orjson.dumps(value)
    except TypeError:
        return _json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
