"""OpenAI chat completions (`/v1/chat/completions`): Aider, Continue, Cline, the SDK."""

from __future__ import annotations

import orjson

from veil.protocols import stream
from veil.protocols.neutral import COMMON_STRUCTURAL, JSON, Extraction, Layout, walk
from veil.protocols.sse import Event, encode_event

LAYOUT = Layout(
    structural=COMMON_STRUCTURAL,
    free=frozenset({"parameters", "metadata", "schema", "arguments"}),
    tokens=frozenset({"prompt", "input"}),
)


def extract(body: JSON) -> Extraction:
    """Every string of a chat (or completions, embeddings) request but its structural fields:
    messages, tool calls, `prediction`, tool definitions, `response_format`, `metadata`..."""
    return walk(body, LAYOUT)


_TEXT_FIELDS = ("content", "reasoning_content", "reasoning", "refusal")
_ENVELOPE = ("id", "object", "created", "model", "system_fingerprint", "service_tier")


class StreamRewriter(stream.StreamRewriter):
    """Restores `delta.content`, reasoning and `delta.tool_calls[].function.arguments` per choice
    (and `choices[].text` of `/v1/completions` streams), up to `data: [DONE]`."""

    def __init__(self, hook: stream.StreamHook) -> None:
        super().__init__(hook)
        self._envelope: dict[str, JSON] = {}

    def feed(self, event: Event) -> list[bytes]:
        if event.data is None:
            return [event.raw]
        if event.data.strip() == "[DONE]":
            self.complete = True
            return [*self.close(), event.raw]
        try:
            data = orjson.loads(event.data)
        except orjson.JSONDecodeError:
            return [event.raw]
        choices = data.get("choices") if isinstance(data, dict) else None
        if not isinstance(choices, list):
            return [self.restored(event)]
        self._envelope = {k: data[k] for k in _ENVELOPE if k in data}
        before: list[bytes] = []
        changed = False
        for choice in choices:
            if isinstance(choice, dict):
                changed |= self._choice(choice, before)
        if not changed:
            return [*before, self.restored(event)]
        return [*before, encode_event(event.name, stream.dumps(data))]

    def close(self) -> list[bytes]:
        out: list[bytes] = []
        for key in list(self.channels):
            held = self.held(key)
            if held and isinstance(key, tuple):
                out.append(self._synthetic(key, held))
        return out

    def _choice(self, choice: dict[str, JSON], before: list[bytes]) -> bool:
        k = stream.index_of(choice)
        changed = False
        seen: set[tuple[JSON, ...]] = set()
        delta = choice.get("delta")
        if isinstance(delta, dict):
            for field in _TEXT_FIELDS:
                changed |= self._feed(delta, field, (k, field), seen)
            for call in delta.get("tool_calls") or ():
                fn = call.get("function") if isinstance(call, dict) else None
                if isinstance(fn, dict):
                    key = (k, "tool", stream.index_of(call))
                    changed |= self._feed(fn, "arguments", key, seen, json_escaped=True)
        elif "text" in choice:
            changed |= self._feed(choice, "text", (k, "text"), seen)
        if choice.get("finish_reason") is not None:
            for key in [c for c in self.channels if isinstance(c, tuple) and c[0] == k]:
                held = self.held(key)
                if not held:
                    continue
                if key in seen:  # this chunk carries the channel: the held text goes after
                    self._append(choice, key, held)
                    changed = True
                else:
                    before.append(self._synthetic(key, held))
        return changed

    def _feed(
        self,
        holder: dict[str, JSON],
        field: str,
        key: tuple[JSON, ...],
        seen: set[tuple[JSON, ...]],
        *,
        json_escaped: bool = False,
    ) -> bool:
        text = holder.get(field)
        if not isinstance(text, str):
            return False
        seen.add(key)
        new = self.piece(key, text, json_text=json_escaped)
        if new == text:
            return False
        holder[field] = new
        return True

    @staticmethod
    def _append(choice: dict[str, JSON], key: tuple[JSON, ...], held: str) -> None:
        if key[1] == "text":
            choice["text"] += held
        elif key[1] == "tool":
            for call in choice["delta"]["tool_calls"]:
                if call.get("index", 0) == key[2]:
                    call["function"]["arguments"] += held
        else:
            choice["delta"][key[1]] += held

    def _synthetic(self, key: tuple[JSON, ...], held: str) -> bytes:
        k, field = key[0], key[1]
        choice: dict[str, JSON]
        if field == "text":
            choice = {"index": k, "text": held, "finish_reason": None}
        elif field == "tool":
            call = {"index": key[2], "function": {"arguments": held}}
            choice = {"index": k, "delta": {"tool_calls": [call]}, "finish_reason": None}
        else:
            choice = {"index": k, "delta": {field: held}, "finish_reason": None}
        return encode_event(None, stream.dumps({**self._envelope, "choices": [choice]}))
