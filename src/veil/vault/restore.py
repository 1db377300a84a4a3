"""Placeholders back to originals, in whole texts and in streams split anywhere."""

from __future__ import annotations

import json
import re
from collections.abc import Callable

from veil.vault.tokens import MAX_LEN, PLACEHOLDER_RE, STARTS, could_start

Lookup = Callable[[str], "str | None"]


_NEEDS_ESCAPE = re.compile(r'["\\\x00-\x1f\x7f\u2028\u2029]')


def json_escape(text: str) -> str:
    """`text` as it stands inside a JSON string (quotes, backslashes, controls escaped)."""
    if _NEEDS_ESCAPE.search(text) is None:  # most originals: nothing to escape
        return text
    return json.dumps(text, ensure_ascii=False)[1:-1]


def restore_text(text: str, lookup: Lookup, *, json_escaped: bool = False) -> str:
    """`text` with every known placeholder replaced by its original.

    With `json_escaped`, `text` is the inside of a JSON string (tool-call arguments), and each
    original is written JSON-escaped so that a quote or backslash in a secret keeps it valid.
    """
    if not any(start in text for start in STARTS):
        return text

    def swap(m: object) -> str:
        token = m.group(0)  # type: ignore[attr-defined]
        original = lookup(token)
        if original is None:
            return str(token)
        return json_escape(original) if json_escaped else original

    return PLACEHOLDER_RE.sub(swap, text)


class Restorer:
    """A streaming restorer: `feed(text) -> str` for each piece, then `flush() -> str`.

    It holds back only the shortest tail that could still grow into a placeholder, so text that
    cannot be part of one is passed on at once.
    """

    __slots__ = ("_held", "_json", "_lookup")

    def __init__(self, lookup: Lookup, *, json_escaped: bool = False) -> None:
        self._lookup = lookup
        self._json = json_escaped
        self._held = ""

    def feed(self, text: str) -> str:
        buf = self._held + text if self._held else text
        cut = _hold_from(buf)
        self._held = buf[cut:]
        return restore_text(buf[:cut], self._lookup, json_escaped=self._json)

    def flush(self) -> str:
        """What is still held (never a whole placeholder: those are restored as they complete)."""
        held, self._held = self._held, ""
        return restore_text(held, self._lookup, json_escaped=self._json)

    @property
    def holding(self) -> bool:
        return bool(self._held)


def _hold_from(buf: str) -> int:
    """Where the tail that could still begin a placeholder starts (len(buf) when none)."""
    floor = max(0, len(buf) - MAX_LEN)
    best = len(buf)
    for start_char in ("V", "v"):
        i = buf.rfind(start_char, floor)
        while i >= floor:
            tail = buf[i:]
            if could_start(tail) and PLACEHOLDER_RE.fullmatch(tail) is None:
                best = min(best, i)
            i = buf.rfind(start_char, floor, i)
    return best
