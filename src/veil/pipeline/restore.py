"""The way back: tokens in an answer become the originals again, whole or streamed.

A string that holds JSON text (tool-call arguments, wherever they sit) gets each original
JSON-escaped, so that a quote or a newline in a secret keeps it valid JSON; any other string
gets the original as it is. What is looked for is the request's `Shapes`: placeholders, and
neutral names and hosts where the request was given some.
"""

from __future__ import annotations

from collections.abc import Hashable

from veil.protocols.neutral import JSON, dump_json, is_json_text, load_response
from veil.vault.restore import Lookup, Restorer, restore_text
from veil.vault.shapes import PLACEHOLDERS, Shapes


def may_hold_placeholder(raw: bytes, shapes: Shapes = PLACEHOLDERS) -> bool:
    """Whether bytes could hold a token (a cheap test before any parsing)."""
    return any(start.encode("ascii") in raw for start in shapes.starts)


def restore_value(value: JSON, lookup: Lookup, shapes: Shapes = PLACEHOLDERS) -> JSON:
    """A copy of a JSON value with every token in every string restored."""
    if isinstance(value, str):
        if not any(start in value for start in shapes.starts):
            return value
        return restore_text(value, lookup, json_escaped=is_json_text(value), shapes=shapes)
    if isinstance(value, dict):
        return {k: restore_value(v, lookup, shapes) for k, v in value.items()}
    if isinstance(value, list):
        return [restore_value(v, lookup, shapes) for v in value]
    return value


def restore_body(content: bytes, lookup: Lookup, shapes: Shapes = PLACEHOLDERS) -> bytes:
    """A whole JSON answer restored; anything that is not JSON is passed on as it came."""
    if not may_hold_placeholder(content, shapes):
        return content
    try:
        return dump_json(restore_value(load_response(content), lookup, shapes))
    except ValueError:
        return content


class RestoreHook:
    """The stream hook of one answer: a `Restorer` per channel of streamed text."""

    __slots__ = ("_channels", "_lookup", "_shapes")

    def __init__(self, lookup: Lookup, shapes: Shapes = PLACEHOLDERS) -> None:
        self._lookup = lookup
        self._shapes = shapes
        self._channels: dict[Hashable, Restorer] = {}

    def text(self, channel: Hashable, piece: str, *, json_text: bool = False) -> str:
        found = self._channels.get(channel)
        if found is None:
            found = self._channels[channel] = Restorer(
                self._lookup, json_escaped=json_text, shapes=self._shapes
            )
        return found.feed(piece)

    def flush(self, channel: Hashable) -> str:
        found = self._channels.get(channel)
        return found.flush() if found is not None else ""

    def wants(self, raw: bytes) -> bool:
        return may_hold_placeholder(raw, self._shapes)

    def value(self, data: JSON) -> JSON:
        return restore_value(data, self._lookup, self._shapes)
