"""Placeholders back to originals, in whole texts and in streams split anywhere."""

from __future__ import annotations

import json
import re
from collections.abc import Callable

from veil.vault.shapes import PLACEHOLDERS, Shapes

Lookup = Callable[[str], "str | None"]


_NEEDS_ESCAPE = re.compile(r'["\\\x00-\x1f\x7f\u2028\u2029]')


def json_escape(text: str) -> str:
    """`text` as it stands inside a JSON string (quotes, backslashes, controls escaped)."""
    if _NEEDS_ESCAPE.search(text) is None:  # most originals: nothing to escape
        return text
    return json.dumps(text, ensure_ascii=False)[1:-1]


def restore_text(
    text: str, lookup: Lookup, *, json_escaped: bool = False, shapes: Shapes = PLACEHOLDERS
) -> str:
    """`text` with every known token (of `shapes`) replaced by its original.

    With `json_escaped`, `text` is the inside of a JSON string (tool-call arguments), and each
    original is written JSON-escaped so that a quote or backslash in a secret keeps it valid.
    A neutral name followed by digits (`Org12` for `Acme2`) is looked up without them too.
    """
    if not any(start in text for start in shapes.starts):
        return text
    growing = shapes.growing

    def swap(m: re.Match[str]) -> str:
        token = m.group(0)
        original = lookup(token)
        rest = ""
        if original is None and growing is not None and growing.fullmatch(token):
            cut = len(token) - 1
            while original is None and token[cut - 1].isdigit():
                original, rest = lookup(token[:cut]), token[cut:]
                cut -= 1
        if original is None:
            return token
        return (json_escape(original) if json_escaped else original) + rest

    return shapes.pattern.sub(swap, text)


class Restorer:
    """A streaming restorer: `feed(text) -> str` for each piece, then `flush() -> str`.

    It holds back only the shortest tail that could still grow into a token, so text that
    cannot be part of one is passed on at once.
    """

    __slots__ = ("_held", "_json", "_lookup", "_shapes")

    def __init__(
        self, lookup: Lookup, *, json_escaped: bool = False, shapes: Shapes = PLACEHOLDERS
    ) -> None:
        self._lookup = lookup
        self._json = json_escaped
        self._shapes = shapes
        self._held = ""

    def feed(self, text: str) -> str:
        buf = self._held + text if self._held else text
        cut = _hold_from(buf, self._shapes)
        self._held = buf[cut:]
        return restore_text(buf[:cut], self._lookup, json_escaped=self._json, shapes=self._shapes)

    def flush(self) -> str:
        """What is still held (never a whole token that cannot grow: those are restored as they
        complete)."""
        held, self._held = self._held, ""
        return restore_text(held, self._lookup, json_escaped=self._json, shapes=self._shapes)

    @property
    def holding(self) -> bool:
        return bool(self._held)


def _hold_from(buf: str, shapes: Shapes) -> int:
    """Where the tail that could still grow into a token starts (len(buf) when none)."""
    floor = max(0, len(buf) - shapes.max_len)
    best = len(buf)
    for start_char in shapes.first:
        i = buf.rfind(start_char, floor)
        while i >= floor:
            tail = buf[i:]
            if shapes.prefix.fullmatch(tail) is not None and (
                shapes.pattern.fullmatch(tail) is None
                or (shapes.growing is not None and shapes.growing.fullmatch(tail) is not None)
            ):
                best = min(best, i)
            i = buf.rfind(start_char, floor, i)
    return best
