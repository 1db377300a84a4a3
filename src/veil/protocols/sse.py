"""Server-sent events: split a byte stream into events, keeping each event's raw bytes.

The split is the SSE specification's, as the clients' SDKs make it: a line ends at CRLF, LF or
CR, and an empty line ends an event. An event veil reads is the very event the client reads.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Where an event ends: a line ending right after a line ending (an empty line). A line ending is
# CRLF, LF or CR, a CR followed by LF being one ending (never a CR ending, then a LF one).
_EVENT_END = re.compile(rb"(?:\r\n|\r(?!\n)|\n)(?:\r\n|\r|\n)")
_LONGEST_END = 4  # CRLF CRLF


@dataclass(slots=True)
class Event:
    """One event: its raw bytes (terminator included), its `event:` name and joined `data:`."""

    raw: bytes
    name: str | None
    data: str | None


def parse_event(raw: bytes) -> Event:
    """An event's fields, its lines split at CRLF, LF or CR only (as the SDKs split them; not
    str.splitlines(), which also splits at U+2028, U+0085 and others a JSON string may hold),
    a byte order mark at the start of a line dropped (as a client's TextDecoder drops it)."""
    name: str | None = None
    data: list[str] = []
    text = raw.decode("utf-8", "replace")
    if "\r" in text:  # CRLF, then a lone CR, as LF
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    for line in text.split("\n"):
        line = line.lstrip("\ufeff")  # clients decode each line with a BOM-stripping decoder
        if not line or line.startswith(":"):
            continue
        field, _, value = line.partition(":")
        if value.startswith(" "):
            value = value[1:]
        if field == "event":
            name = value or None  # an empty name is no name, as for the SDKs
        elif field == "data":
            data.append(value)
    return Event(raw, name, "\n".join(data) if data else None)


def encode_event(name: str | None, data: str) -> bytes:
    """An event as `event: name` (when named) and one `data:` line per line of `data`."""
    head = f"event: {name}\n" if name is not None else ""
    body = "".join(f"data: {line}\n" for line in data.split("\n"))
    return (head + body + "\n").encode("utf-8")


def ends_event(raw: bytes) -> bool:
    """Whether bytes end with a line ending and then an empty line (CRLF is one ending)."""
    if raw.endswith(b"\r\n"):
        line = raw[:-2]
    elif raw.endswith((b"\n", b"\r")):
        line = raw[:-1]
    else:
        return False
    return line.endswith((b"\n", b"\r"))


class EventDecoder:
    """`feed(bytes) -> list[Event]` as events complete, then `flush()` for a trailing one.

    Linear in the stream's length however it is split: each byte is searched once, plus the
    3 bytes before each chunk (where a terminator that the chunk completes may begin). An event
    whose empty line is a CR at the end of what came so far waits for the next byte: a LF there
    belongs to its terminator, so that each event's raw bytes are the same however the stream
    is split.
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
            end = m.end()
            if end == len(buf) and buf[-1] == 0x0D:  # a LF may follow: its event waits for it
                break
            events.append(parse_event(bytes(buf[pos:end])))
            pos = end
        if pos:
            del buf[:pos]
        self._searched = len(buf)
        return events

    def flush(self) -> list[Event]:
        """The last event when the stream ended without a blank line (never lost), ended with
        one, so that whatever is sent after it stays an event of its own."""
        rest = bytes(self._buf)
        self._buf.clear()
        self._searched = 0
        if not rest.strip():
            return []
        return [parse_event(rest if ends_event(rest) else rest + b"\n\n")]
