"""Anthropic Messages (`/v1/messages`, `/v1/messages/count_tokens`): Claude Code, the SDK."""

from __future__ import annotations

import orjson

from veil.protocols import stream
from veil.protocols.neutral import JSON, Path, TextSlot, string_leaves, text_slot
from veil.protocols.sse import Event, encode_event
from veil.vault.restore import Lookup


def extract(body: JSON) -> list[TextSlot]:
    """The text slots of a Messages request: system, every message block, tool inputs/results."""
    slots: list[TextSlot] = []
    if not isinstance(body, dict):
        return slots
    system = body.get("system")
    if isinstance(system, str):
        slots += text_slot(body, "system", ())
    elif isinstance(system, list):
        slots += _blocks(system, ("system",))
    messages = body.get("messages")
    if isinstance(messages, list):
        for i, message in enumerate(messages):
            if not isinstance(message, dict):
                continue
            content = message.get("content")
            if isinstance(content, str):
                slots += text_slot(message, "content", ("messages", i))
            elif isinstance(content, list):
                slots += _blocks(content, ("messages", i, "content"))
    return slots


def _blocks(blocks: list[JSON], path: Path) -> list[TextSlot]:
    slots: list[TextSlot] = []
    for i, block in enumerate(blocks):
        if not isinstance(block, dict):
            continue
        here = (*path, i)
        kind = block.get("type")
        if kind == "thinking":
            # Signed by the model: masking what the client restored gives back what it wrote.
            slots += text_slot(block, "thinking", here, signed=True)
        elif kind in ("tool_use", "server_tool_use") and "input" in block:
            slots += string_leaves(block["input"], (*here, "input"))
        elif kind == "document" and isinstance(block.get("source"), dict):
            source = block["source"]
            if source.get("type") == "text":
                slots += text_slot(source, "data", (*here, "source"))
            elif isinstance(source.get("content"), list):
                slots += _blocks(source["content"], (*here, "source", "content"))
            slots += text_slot(block, "context", here)
            slots += text_slot(block, "title", here)
        else:
            slots += text_slot(block, "text", here)
            content = block.get("content")
            if isinstance(content, str):
                slots += text_slot(block, "content", here)
            elif isinstance(content, list):
                slots += _blocks(content, (*here, "content"))
    return slots


_DELTA_FIELDS = {
    "text_delta": "text",
    "thinking_delta": "thinking",
    "input_json_delta": "partial_json",
}


class StreamRewriter(stream.StreamRewriter):
    """Restores `text_delta`, `thinking_delta` and `input_json_delta` per content block."""

    def __init__(self, lookup: Lookup) -> None:
        super().__init__(lookup)
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
        index = data.get("index", 0)
        self._delta_type[index] = delta["type"]
        text = delta[field]
        new = self.channel(index, json_escaped=field == "partial_json").feed(text)
        if new == text:
            return event.raw
        delta[field] = new
        return encode_event(event.name, stream.dumps(data))

    def _flush_block(self, event: Event) -> list[bytes]:
        assert event.data is not None
        try:
            index = orjson.loads(event.data).get("index", 0)
        except (orjson.JSONDecodeError, AttributeError):
            return []
        return self._flush(index)

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
