"""The shape every streamed-response rewriter has: `feed(event) -> list[bytes]`, `close()`.

Each wire format knows which fields of which events carry streamed text (a content block, a
choice, a tool call: a channel each). What happens to that text is not its business: every
piece goes through one `StreamHook` (the pipeline's, which restores placeholders and holds back
a tail that may still grow into one). Events the hook has nothing to do with pass through byte
for byte.
"""

from __future__ import annotations

from collections.abc import Hashable
from typing import Protocol

import orjson

from veil.protocols.neutral import JSON
from veil.protocols.sse import Event, encode_event


class StreamHook(Protocol):
    """What a rewriter hands streamed text and whole events to."""

    def text(self, channel: Hashable, piece: str, *, json_text: bool = False) -> str:
        """The text to send now for `piece` of `channel` (some may be held back)."""
        ...

    def flush(self, channel: Hashable) -> str:
        """The text `channel` still holds, released at the end of its block ("" when none)."""
        ...

    def wants(self, raw: bytes) -> bool:
        """Whether an event's raw bytes may hold anything to rewrite."""
        ...

    def value(self, data: JSON) -> JSON:
        """A whole JSON value (an event's data) rewritten."""
        ...


class StreamFormatError(ValueError):
    """An upstream event that breaks its format's shape (an index that is not an integer)."""


def index_of(data: dict[str, JSON], key: str = "index") -> int:
    """The integer at `data[key]` (0 when absent); anything else is a StreamFormatError."""
    value = data.get(key, 0)
    if not isinstance(value, int) or isinstance(value, bool):
        raise StreamFormatError(f"{key} is not an integer")
    return value


def dumps(value: object) -> str:
    return orjson.dumps(value).decode("utf-8")


class StreamRewriter:
    """Base of the per-format rewriters: channels of streamed text, and whole events."""

    def __init__(self, hook: StreamHook) -> None:
        self.hook = hook
        self.channels: dict[Hashable, None] = {}  # channels that got text, in order
        self.complete = False  # whether the stream's own last event has been seen

    def feed(self, event: Event) -> list[bytes]:
        raise NotImplementedError

    def close(self) -> list[bytes]:
        """Events for whatever text is still held when the upstream stream ends."""
        return []

    def piece(self, channel: Hashable, text: str, *, json_text: bool = False) -> str:
        """`text` of `channel` as it should be sent now."""
        self.channels[channel] = None
        return self.hook.text(channel, text, json_text=json_text)

    def held(self, channel: Hashable) -> str:
        """Flush one channel: the text it still holds ("" when none)."""
        if channel not in self.channels:
            return ""
        del self.channels[channel]
        return self.hook.flush(channel)

    def restored(self, event: Event) -> bytes:
        """The event rewritten whole, or its raw bytes if the hook has nothing to do with it."""
        if event.data is None or not self.hook.wants(event.raw):
            return event.raw
        try:
            data = orjson.loads(event.data)
        except orjson.JSONDecodeError:
            return event.raw
        return encode_event(event.name, dumps(self.hook.value(data)))


class WholeEventRewriter(StreamRewriter):
    """Streams of formats veil has no module for: each event rewritten on its own."""

    def __init__(self, hook: StreamHook) -> None:
        super().__init__(hook)
        self.complete = True

    def feed(self, event: Event) -> list[bytes]:
        return [self.restored(event)]
