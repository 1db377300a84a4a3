"""OpenAI Responses (`/v1/responses`): Codex CLI."""

from __future__ import annotations

import orjson

from veil.protocols import stream
from veil.protocols.neutral import JSON, Path, TextSlot, restore_value, string_leaves, text_slot
from veil.protocols.sse import Event, encode_event
from veil.vault.restore import Lookup


def extract(body: JSON) -> list[TextSlot]:
    """`instructions` and every `input` item: messages, tool calls and their outputs, reasoning."""
    if not isinstance(body, dict):
        return []
    slots = text_slot(body, "instructions", ())
    items = body.get("input")
    if isinstance(items, str):
        slots += text_slot(body, "input", ())
    elif isinstance(items, list):
        for i, item in enumerate(items):
            if isinstance(item, dict):
                slots += _item(item, ("input", i))
    return slots


def _item(item: dict[str, JSON], here: Path) -> list[TextSlot]:
    kind = item.get("type", "message")
    if kind == "function_call":
        return text_slot(item, "arguments", here, json=True)
    if kind in ("custom_tool_call",):
        return text_slot(item, "input", here)
    if kind == "local_shell_call" and "action" in item:
        return list(string_leaves(item["action"], (*here, "action")))
    slots: list[TextSlot] = []
    for key in ("content", "output", "summary"):
        value = item.get(key)
        if isinstance(value, str):
            slots += text_slot(item, key, here)
        elif isinstance(value, list):
            for j, part in enumerate(value):
                if isinstance(part, dict):
                    slots += text_slot(part, "text", (*here, key, j))
                elif isinstance(part, str):
                    slots += text_slot(value, j, (*here, key))
    return slots


# Streamed text events: the field holding the piece, and whether it is JSON text.
_DELTAS = {
    "response.output_text.delta": False,
    "response.refusal.delta": False,
    "response.function_call_arguments.delta": True,
    "response.custom_tool_call_input.delta": False,
    "response.reasoning_text.delta": False,
    "response.reasoning_summary_text.delta": False,
}
# Each `.done` event repeats the whole text of the deltas before it.
_DONES = {name[: -len("delta")] + "done": name for name in _DELTAS}
_FINAL = frozenset({"response.completed", "response.incomplete", "response.failed", "error"})
_PLACE = ("item_id", "output_index", "content_index", "summary_index")


class StreamRewriter(stream.StreamRewriter):
    """Restores every `*.delta` text per item and part, and the whole text in `.done` events.

    When held text must be flushed as an event of its own, later `sequence_number`s shift by one
    so that the client still sees an unbroken sequence.
    """

    def __init__(self, lookup: Lookup) -> None:
        super().__init__(lookup)
        self._shift = 0

    def feed(self, event: Event) -> list[bytes]:
        if event.data is None:
            return [event.raw]
        name = event.name
        if name in _FINAL:
            self.complete = True
        if name not in _DELTAS and name not in _DONES and not self._shift:
            return [self.restored(event)]
        try:
            data = orjson.loads(event.data)
        except orjson.JSONDecodeError:
            return [event.raw]
        if not isinstance(data, dict):
            return [event.raw]
        name = data.get("type", name)
        out: list[bytes] = []
        changed = False
        is_delta = name in _DELTAS and isinstance(data.get("delta"), str)
        if is_delta:
            key = (name, *(data.get(p) for p in _PLACE))
            text = data["delta"]
            new = self.channel(key, json_escaped=_DELTAS[str(name)]).feed(text)
            if new != text:
                data["delta"] = new
                changed = True
        elif name in _DONES:
            delta_name = _DONES[name]
            held = self.held((delta_name, *(data.get(p) for p in _PLACE)))
            if held:
                flushed = {"type": delta_name, **{p: data[p] for p in _PLACE if p in data}}
                flushed["delta"] = held
                if "sequence_number" in data:
                    flushed["sequence_number"] = data["sequence_number"] + self._shift
                    self._shift += 1
                out.append(encode_event(delta_name, stream.dumps(flushed)))
        if self._shift and isinstance(data.get("sequence_number"), int):
            data["sequence_number"] += self._shift
            changed = True
        if not changed:
            return [*out, self.restored(event)]
        # A delta's text is restored by its channel; any other event is restored whole.
        payload = data if is_delta else restore_value(data, self.lookup)
        return [*out, encode_event(event.name, stream.dumps(payload))]
