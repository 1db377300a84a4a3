"""Anthropic Messages (`/v1/messages`, `/v1/messages/count_tokens`): Claude Code, the SDK."""

from __future__ import annotations

import orjson

from veil.protocols import stream
from veil.protocols.neutral import COMMON_STRUCTURAL, JSON, Extraction, Layout, walk
from veil.protocols.sse import Event, encode_event

LAYOUT = Layout(
    structural=COMMON_STRUCTURAL,
    # The encrypted thinking of a redacted block goes back to the provider as it came.
    structural_in=frozenset({("data", "redacted_thinking")}),
    free=frozenset({"input_schema", "metadata"}),
    free_in=frozenset(
        {("input", "tool_use"), ("input", "server_tool_use"), ("input", "mcp_tool_use")}
    ),
    signed=frozenset({("thinking", "thinking")}),
)


def extract(body: JSON) -> Extraction:
    """Every string of a Messages request but its structural fields; thinking is signed."""
    return walk(body, LAYOUT)


_DELTA_FIELDS = {
    "text_delta": "text",
    "thinking_delta": "thinking",
    "input_json_delta": "partial_json",
}


class StreamRewriter(stream.StreamRewriter):
    """Restores `text_delta`, `thinking_delta` and `input_json_delta` per content block."""

    def __init__(self, hook: stream.StreamHook) -> None:
        super().__init__(hook)
        self._delta_type: dict[int, str] = {}

    def feed(self, event: Event) -> list[bytes]:
        if event.data is None:
            return [event.raw]
        if event.name == "content_block_delta":
            return [self._delta(event)]
        if event.name == "content_block_stop":
            return [*self._flush_block(event), event.raw]
        if event.name in ("message_stop", "error"):
            self.complete = True
            return [*self.close(), event.raw]
        return [self.restored(event)]

    def close(self) -> list[bytes]:
        out: list[bytes] = []
        for index in list(self._delta_type):
            out += self._flush(index)
        return out

    def _delta(self, event: Event) -> bytes:
        assert event.data is not None
        try:
            data = orjson.loads(event.data)
        except orjson.JSONDecodeError:
            return event.raw
        delta = data.get("delta") if isinstance(data, dict) else None
        if not isinstance(delta, dict):
            return self.restored(event)
        field = _DELTA_FIELDS.get(delta.get("type", ""))
        if field is None or not isinstance(delta.get(field), str):
            return self.restored(event)
        index = stream.index_of(data)
        self._delta_type[index] = delta["type"]
        text = delta[field]
        new = self.piece(index, text, json_text=field == "partial_json")
        if new == text:
            return event.raw
        delta[field] = new
        return encode_event(event.name, stream.dumps(data))

    def _flush_block(self, event: Event) -> list[bytes]:
        assert event.data is not None
        try:
            data = orjson.loads(event.data)
        except orjson.JSONDecodeError:
            return []
        return self._flush(stream.index_of(data)) if isinstance(data, dict) else []

    def _flush(self, index: int) -> list[bytes]:
        delta_type = self._delta_type.pop(index, None)
        held = self.held(index)
        if delta_type is None or not held:
            return []
        data = {
            "type": "content_block_delta",
            "index": index,
            "delta": {"type": delta_type, _DELTA_FIELDS[delta_type]: held},
        }
        return [encode_event("content_block_delta", stream.dumps(data))]
