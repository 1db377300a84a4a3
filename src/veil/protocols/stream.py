"""The shape every streamed-response rewriter has: `feed(event) -> list[bytes]`, `close()`.

Each wire format knows which fields of which events carry streamed text; a `Restorer` per text
channel (a content block, a choice, a tool call) restores placeholders split across events.
Events that carry no placeholder and no held text pass through byte for byte.
"""

from __future__ import annotations

from collections.abc import Hashable

import orjson

from veil.protocols.neutral import restore_value
from veil.protocols.sse import Event, encode_event
from veil.vault.restore import Lookup, Restorer

_MARKERS = (b"VEIL_", b"veil-")


def dumps(value: object) -> str:
    return orjson.dumps(value).decode("utf-8")


class StreamRewriter:
    """Base of the per-format rewriters: text channels and whole-event restoration."""

    def __init__(self, lookup: Lookup) -> None:
        self.lookup = lookup
        self.channels: dict[Hashable, Restorer] = {}
        self.complete = False  # whether the stream's own last event has been seen

    def feed(self, event: Event) -> list[bytes]:
        raise NotImplementedError

    def close(self) -> list[bytes]:
        """Events for whatever text is still held when the upstream stream ends."""
        return []

    def channel(self, key: Hashable, *, json_escaped: bool = False) -> Restorer:
        found = self.channels.get(key)
        if found is None:
            found = self.channels[key] = Restorer(self.lookup, json_escaped=json_escaped)
        return found

    def held(self, key: Hashable) -> str:
        """Flush one channel: the text it still holds ("" when none)."""
        found = self.channels.get(key)
        return found.flush() if found is not None else ""

    def restored(self, event: Event) -> bytes:
        """The event with placeholders restored in every string, or its raw bytes if it has none."""
        if event.data is None or not any(m in event.raw for m in _MARKERS):
            return event.raw
        try:
            data = orjson.loads(event.data)
        except orjson.JSONDecodeError:
            return event.raw
        return encode_event(event.name, dumps(restore_value(data, self.lookup)))


class WholeEventRewriter(StreamRewriter):
    """Streams of formats veil has no module for: each event restored on its own."""

    def __init__(self, lookup: Lookup) -> None:
        super().__init__(lookup)
        self.complete = True

    def feed(self, event: Event) -> list[bytes]:
        return [self.restored(event)]
