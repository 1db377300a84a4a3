"""Server-sent events: split a byte stream into events, keeping each event's raw bytes."""

from __future__ import annotations

import re
from dataclasses import dataclass

# An event ends at a blank line, whichever line ending the server uses.
_EVENT_END = re.compile(rb"\r\n\r\n|\n\n|\r\r")
_LONGEST_END = 4


@dataclass(slots=True)
class Event:
    """One event: its raw bytes (terminator included), its `event:` name and joined `data:`."""

    raw: bytes
    name: str | None
    data: str | None


def parse_event(raw: bytes) -> Event:
    name: str | None = None
    data: list[str] = []
    for line in raw.decode("utf-8", "replace").splitlines():
        if not line or line.startswith(":"):
            continue
        field, _, value = line.partition(":")
        if value.startswith(" "):
            value = value[1:]
        if field == "event":
            name = value
        elif field == "data":
            data.append(value)
    return Event(raw, name, "\n".join(data) if data else None)


def encode_event(name: str | None, data: str) -> bytes:
    """An event as `event: name` (when named) and one `data:` line per line of `data`."""
    head = f"event: {name}\n" if name is not None else ""
    body = "".join(f"data: {line}\n" for line in data.split("\n"))
    return (head + body + "\n").encode("utf-8")


class EventDecoder:
    """`feed(bytes) -> list[Event]` as events complete, then `flush()` for a trailing one.

    Linear in the stream's length however it is split: each byte is searched once, plus the
    3 bytes before each chunk (where a terminator that the chunk completes may begin).
    """

    __slots__ = ("_buf", "_searched")

    def __init__(self) -> None:
        self._buf = bytearray()
        self._searched = 0  # bytes of the buffer already searched for a terminator

    def feed(self, chunk: bytes) -> list[Event]:
        buf = self._buf
        buf += chunk
        events: list[Event] = []
        pos = 0
        for m in _EVENT_END.finditer(buf, max(0, self._searched - _LONGEST_END + 1)):
            events.append(parse_event(bytes(buf[pos : m.end()])))
            pos = m.end()
        if pos:
            del buf[:pos]
        self._searched = len(buf)
        return events

    def flush(self) -> list[Event]:
        """The last event when the stream ended without a blank line (never lost)."""
        rest = bytes(self._buf)
        self._buf.clear()
        self._searched = 0
        return [parse_event(rest)] if rest.strip() else []
