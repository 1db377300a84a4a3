"""Server-sent events: split a byte stream into events, keeping each event's raw bytes."""

from __future__ import annotations

import re
from dataclasses import dataclass

# An event ends at a blank line, whichever line ending the server uses.
_EVENT_END = re.compile(rb"\r\n\r\n|\n\n|\r\r")


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
    """`feed(bytes) -> list[Event]` as events complete, then `flush()` for a trailing one."""

    __slots__ = ("_buf",)

    def __init__(self) -> None:
        self._buf = b""

    def feed(self, chunk: bytes) -> list[Event]:
        buf = self._buf + chunk if self._buf else chunk
        events: list[Event] = []
        pos = 0
        for m in _EVENT_END.finditer(buf):
            if m.start() < pos:
                continue
            events.append(parse_event(buf[pos : m.end()]))
            pos = m.end()
        self._buf = buf[pos:]
        return events

    def flush(self) -> list[Event]:
        """The last event when the stream ended without a blank line (never lost)."""
        rest, self._buf = self._buf, b""
        return [parse_event(rest)] if rest.strip() else []
