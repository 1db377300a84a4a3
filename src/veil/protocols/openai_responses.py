"""OpenAI Responses (`/v1/responses`): Codex CLI."""

from __future__ import annotations

import orjson

from veil.protocols import stream
from veil.protocols.neutral import COMMON_STRUCTURAL, JSON, Extraction, Layout, walk
from veil.protocols.sse import Event, encode_event

LAYOUT = Layout(
    structural=COMMON_STRUCTURAL,
    free=frozenset({"parameters", "metadata", "schema", "arguments", "variables", "action"}),
)


def extract(body: JSON) -> Extraction:
    """Every string of a Responses request but its structural fields: `instructions`, every
    `input` item of every type (known or not), tool definitions, `prompt.variables`..."""
    return walk(body, LAYOUT)


# Streamed text events: the field holding the piece, and whether it is JSON text.
_DELTAS = {
    "response.output_text.delta": False,
    "response.refusal.delta": False,
    "response.function_call_arguments.delta": True,
    "response.mcp_call_arguments.delta": True,
    "response.code_interpreter_call_code.delta": False,
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

    def __init__(self, hook: stream.StreamHook) -> None:
        super().__init__(hook)
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
            key = (name, *_place(data))
            text = data["delta"]
            new = self.piece(key, text, json_text=_DELTAS[str(name)])
            if new != text:
                data["delta"] = new
                changed = True
        elif name in _DONES:
            delta_name = _DONES[name]
            held = self.held((delta_name, *_place(data)))
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
        payload = data if is_delta else self.hook.value(data)
        return [*out, encode_event(event.name, stream.dumps(payload))]


def _place(data: dict[str, JSON]) -> tuple[str | int | None, ...]:
    """Where an event's text goes: item, output, content and summary indexes."""
    place = tuple(data.get(p) for p in _PLACE)
    if not all(v is None or isinstance(v, str | int) for v in place):
        raise stream.StreamFormatError("an item id or index is neither a string nor an integer")
    return place
