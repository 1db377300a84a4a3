"""The way back: placeholders in an answer become the originals again, whole or streamed.

A string that holds JSON text (tool-call arguments, wherever they sit) gets each original
JSON-escaped, so that a quote or a newline in a secret keeps it valid JSON; any other string
gets the original as it is.
"""

from __future__ import annotations

from collections.abc import Hashable

from veil.protocols.neutral import JSON, dump_json, is_json_text, load_response
from veil.vault.restore import Lookup, Restorer, restore_text
from veil.vault.tokens import STARTS

_MARKERS = tuple(s.encode("ascii") for s in STARTS)


def may_hold_placeholder(raw: bytes) -> bool:
    """Whether bytes could hold a placeholder (a cheap test before any parsing)."""
    return any(m in raw for m in _MARKERS)


def restore_value(value: JSON, lookup: Lookup) -> JSON:
    """A copy of a JSON value with every placeholder in every string restored."""
    if isinstance(value, str):
        if not any(start in value for start in STARTS):
            return value
        return restore_text(value, lookup, json_escaped=is_json_text(value))
    if isinstance(value, dict):
        return {k: restore_value(v, lookup) for k, v in value.items()}
    if isinstance(value, list):
        return [restore_value(v, lookup) for v in value]
    return value


def restore_body(content: bytes, lookup: Lookup) -> bytes:
    """A whole JSON answer restored; anything that is not JSON is passed on as it came."""
    if not may_hold_placeholder(content):
        return content
    try:
        return dump_json(restore_value(load_response(content), lookup))
    except ValueError:
        return content


class RestoreHook:
    """The stream hook of one answer: a `Restorer` per channel of streamed text."""

    __slots__ = ("_channels", "_lookup")

    def __init__(self, lookup: Lookup) -> None:
        self._lookup = lookup
        self._channels: dict[Hashable, Restorer] = {}

    def text(self, channel: Hashable, piece: str, *, json_text: bool = False) -> str:
        found = self._channels.get(channel)
        if found is None:
            found = self._channels[channel] = Restorer(self._lookup, json_escaped=json_text)
        return found.feed(piece)

    def flush(self, channel: Hashable) -> str:
        found = self._channels.get(channel)
        return found.flush() if found is not None else ""

    def wants(self, raw: bytes) -> bool:
        return may_hold_placeholder(raw)

    def value(self, data: JSON) -> JSON:
        return restore_value(data, self._lookup)
