"""The tool-call gate on answers: each call the model asks for, judged as the client would run it.

The gate sits after restoring, so it sees the very call the client would run. A call is let
through, let through with placeholders kept (a call that sends data off the machine must never
carry the real secrets: the originals restored into it are masked again), or replaced by a text
saying why (a "notice"). Whole answers and streams, in the Anthropic Messages, OpenAI chat and
Responses formats. An answer without a tool call costs a few byte searches.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Protocol, TypeGuard

import orjson

from veil.policy.toolcalls import ToolCall, ToolGate
from veil.protocols.neutral import JSON, dump_json, load_response
from veil.protocols.sse import encode_event, parse_event
from veil.protocols.stream import dumps, index_of
from veil.vault.restore import Lookup, json_escape


class Remembering:
    """A restore lookup that remembers every placeholder it restored, to mask a call again."""

    __slots__ = ("_lookup", "seen")

    def __init__(self, lookup: Lookup) -> None:
        self._lookup = lookup
        self.seen: dict[str, str] = {}  # placeholder -> original

    def __call__(self, placeholder: str) -> str | None:
        original = self._lookup(placeholder)
        if original is not None:
            self.seen[placeholder] = original
        return original

    def remask(self, text: str) -> str:
        """`text` with each original restored so far (as it is, or JSON-escaped) a placeholder
        again."""
        for placeholder, original in self._longest_first():
            escaped = json_escape(original)
            if escaped != original:
                text = text.replace(escaped, placeholder)
            text = text.replace(original, placeholder)
        return text

    def remask_value(self, value: JSON) -> JSON:
        """A copy of a JSON value with every string re-masked."""
        if isinstance(value, str):
            return self.remask(value)
        if isinstance(value, dict):
            return {k: self.remask_value(v) for k, v in value.items()}
        if isinstance(value, list):
            return [self.remask_value(v) for v in value]
        return value

    def _longest_first(self) -> list[tuple[str, str]]:
        """Longest original first, so that one holding another is masked whole."""
        return sorted(self.seen.items(), key=lambda item: -len(item[1]))


@dataclass(slots=True)
class GateLog:
    """What the gate did in one answer, for the request record: counts and classes, no values."""

    calls: int = 0  # calls judged
    stopped: list[str] = field(default_factory=list)  # the classes of each stopped call
    recorded: list[str] = field(default_factory=list)  # the classes of calls let through
    kept: int = 0  # calls let through with placeholders kept
    cut: int = 0  # calls dropped unjudged: the stream ended before they were whole

    def summary(self) -> list[str]:
        """For the request's log line: `stopped:CLASS` and `recorded:CLASS` per class of each
        call, then `kept:N` and `cut:N` when not 0 (empty when no call was of any class)."""
        out = [f"stopped:{c}" for c in self.stopped] + [f"recorded:{c}" for c in self.recorded]
        out += [f"kept:{self.kept}"] if self.kept else []
        return out + ([f"cut:{self.cut}"] if self.cut else [])


@dataclass(frozen=True, slots=True)
class _Outcome:
    """What becomes of one call: replaced by `notice`, or let through (`keep`: re-masked)."""

    notice: str | None
    keep: bool = False


class _Judge:
    """The gate, the remembered placeholders and the log of one answer, as one callable."""

    __slots__ = ("gate", "log", "seen")

    def __init__(self, gate: ToolGate, seen: Remembering, log: GateLog) -> None:
        self.gate = gate
        self.seen = seen
        self.log = log

    def __call__(self, call: ToolCall) -> _Outcome:
        verdicts = self.gate.judge(call)
        self.log.calls += 1
        if not verdicts:
            return _Outcome(None)
        classes = list(dict.fromkeys(str(v.cls) for v in verdicts))
        if self.gate.stops(verdicts):
            self.log.stopped += classes
            return _Outcome(self.gate.notice(call, verdicts))
        self.log.recorded += classes
        keep = self.gate.keeps_placeholders(verdicts)
        self.log.kept += keep
        return _Outcome(None, keep)


# What the bytes of an answer of each route hold when it may ask for a tool call. A `\u` escape
# could spell any of them, so bytes holding one are parsed too.
_MARKS = {"messages": b"tool_use", "chat": b"tool_calls", "responses": b'_call"'}


def _may_hold_call(raw: bytes, mark: bytes) -> bool:
    return mark in raw or b"\\u" in raw


def _as_text(value: JSON) -> str:
    return value if isinstance(value, str) else ""


def _json_text(value: JSON) -> str:
    return dump_json(value).decode("utf-8")


def _with_notices(content: JSON, notices: list[str]) -> str:
    """A message's text with the notices of its stopped calls after it."""
    text = "\n\n".join(notices)
    return f"{content}\n\n{text}" if isinstance(content, str) and content else text


# ---------------------------------------------------------------- whole answers


def gate_body(route: str, content: bytes, gate: ToolGate, seen: Remembering, log: GateLog) -> bytes:
    """A whole (restored) JSON answer with its tool calls gated; as it came when it has none,
    when nothing changes, or when it is not a JSON object."""
    mark = _MARKS.get(route)
    if mark is None or not _may_hold_call(content, mark):
        return content
    try:
        body = load_response(content)
    except ValueError:
        return content
    if not isinstance(body, dict) or not _GATE_WHOLE[route](body, _Judge(gate, seen, log)):
        return content
    return dump_json(body)


def _gate_message(body: dict[str, JSON], judge: _Judge) -> bool:
    """Anthropic: each `tool_use` block judged; a stopped one becomes a text block."""
    blocks = body.get("content")
    if not isinstance(blocks, list):
        return False
    stopped = left = kept = 0
    for i, block in enumerate(blocks):
        if not isinstance(block, dict) or block.get("type") != "tool_use":
            continue
        given = block.get("input", {})
        outcome = judge(ToolCall(_as_text(block.get("name")), _json_text(given)))
        if outcome.notice is not None:
            blocks[i] = {"type": "text", "text": outcome.notice}
            stopped += 1
            continue
        left += 1
        if outcome.keep:
            block["input"] = judge.seen.remask_value(given)
            kept += 1
    if stopped and not left and body.get("stop_reason") == "tool_use":
        body["stop_reason"] = "end_turn"
    return stopped + kept > 0


def _gate_completion(body: dict[str, JSON], judge: _Judge) -> bool:
    """Chat: each choice's `message.tool_calls` judged; notices go to `message.content`."""
    choices = body.get("choices")
    changed = False
    for choice in choices if isinstance(choices, list) else ():
        message = choice.get("message") if isinstance(choice, dict) else None
        if isinstance(message, dict) and isinstance(message.get("tool_calls"), list):
            changed |= _gate_choice(choice, message, judge)
    return changed


def _gate_choice(choice: dict[str, JSON], message: dict[str, JSON], judge: _Judge) -> bool:
    """One chat choice's calls judged: the stopped ones out, their notices in its content."""
    calls = message["tool_calls"]
    survivors: list[JSON] = []
    notices: list[str] = []
    kept = False
    for call in calls:
        holder, key, kind = _chat_call_parts(call)
        if holder is None:  # not a call any client runs
            survivors.append(call)
            continue
        outcome = judge(ToolCall(_as_text(holder.get("name")), _as_text(holder.get(key)), kind))
        if outcome.notice is not None:
            notices.append(outcome.notice)
            continue
        if outcome.keep:
            holder[key] = judge.seen.remask(_as_text(holder.get(key)))
            kept = True
        survivors.append(call)
    if not notices:
        return kept
    message["content"] = _with_notices(message.get("content"), notices)
    if survivors:
        message["tool_calls"] = survivors
    else:
        del message["tool_calls"]
        if choice.get("finish_reason") == "tool_calls":
            choice["finish_reason"] = "stop"
    return True


def _chat_call_parts(call: JSON) -> tuple[dict[str, JSON] | None, str, str]:
    """A chat tool call's holder of name and arguments, the arguments' key, and its kind."""
    if not isinstance(call, dict):
        return None, "", ""
    if call.get("type") == "custom" and isinstance(call.get("custom"), dict):
        return call["custom"], "input", "custom"
    if isinstance(call.get("function"), dict):
        return call["function"], "arguments", "function"
    return None, "", ""


# Responses output items the client runs: the field holding what it runs, and the call's kind.
_CALL_ITEMS = {
    "function_call": ("arguments", "function"),
    "custom_tool_call": ("input", "custom"),
    "local_shell_call": ("action", "local_shell"),
    "shell_call": ("action", "local_shell"),  # its action's `commands`
}


def _is_call_item(item: JSON) -> TypeGuard[dict[str, JSON]]:
    return isinstance(item, dict) and item.get("type") in _CALL_ITEMS


def _item_call(item: dict[str, JSON]) -> ToolCall:
    key, kind = _CALL_ITEMS[item["type"]]
    value = item.get(key)
    if kind == "local_shell":
        return ToolCall(item["type"], _json_text(value), kind)
    return ToolCall(_as_text(item.get("name")), _as_text(value), kind)


def _judged_item(item: dict[str, JSON], judge: _Judge) -> dict[str, JSON]:
    """A call item as the client gets it: a message with the notice, re-masked, or as it is."""
    outcome = judge(_item_call(item))
    if outcome.notice is not None:
        return _notice_item(item, outcome.notice)
    if outcome.keep:
        key = _CALL_ITEMS[item["type"]][0]
        return {**item, key: judge.seen.remask_value(item.get(key))}
    return item


def _notice_item(call: dict[str, JSON], notice: str) -> dict[str, JSON]:
    part = {"type": "output_text", "text": notice, "annotations": []}
    return {
        "type": "message",
        "id": f"msg_veil_{call.get('id') or call.get('call_id') or 'call'}",
        "role": "assistant",
        "status": "completed",
        "content": [part],
    }


def _gate_output(output: list[JSON], judge: _Judge, given: dict[str, dict[str, JSON]]) -> bool:
    """Each call item of a Responses `output` judged in place, or replaced by what the client
    was `given` for it (by item id) when it was streamed."""
    changed = False
    for i, item in enumerate(output):
        if _is_call_item(item):
            new = given.get(_as_text(item.get("id"))) or _judged_item(item, judge)
            changed |= new is not item
            output[i] = new
    return changed


def _gate_response(body: dict[str, JSON], judge: _Judge) -> bool:
    """Responses: each call item of `output` judged; a stopped one becomes a message item."""
    output = body.get("output")
    return isinstance(output, list) and _gate_output(output, judge, {})


_GATE_WHOLE: dict[str, Callable[[dict[str, JSON], _Judge], bool]] = {
    "messages": _gate_message,
    "chat": _gate_completion,
    "responses": _gate_response,
}


# ---------------------------------------------------------------- streams


def _event_data(raw: bytes) -> tuple[str | None, dict[str, JSON]] | None:
    """An SSE event's name and JSON object data (None when it has no JSON object)."""
    event = parse_event(raw)
    if event.data is None:
        return None
    try:
        data = orjson.loads(event.data)
    except orjson.JSONDecodeError:
        return None
    return (event.name, data) if isinstance(data, dict) else None


class _Stream(Protocol):
    def feed(self, raw: bytes) -> list[bytes]: ...

    def drop(self) -> int:
        """Forget the calls still held; how many there were."""
        ...


class StreamGate:
    """Gates the tool calls of a streamed answer: `feed` the restoring rewriter's events (each
    one whole SSE event), then `close()` at the end of the upstream stream.

    Text flows as it comes; a call's events are held only until the call is whole, then judged
    and sent as one call, or as a text in its place. A call the stream never finished is dropped.
    """

    __slots__ = ("_log", "_stream")

    def __init__(self, route: str, gate: ToolGate, seen: Remembering, log: GateLog) -> None:
        self._stream = _STREAMS[route](_Judge(gate, seen, log))
        self._log = log

    def feed(self, events: list[bytes]) -> list[bytes]:
        out: list[bytes] = []
        for raw in events:
            out += self._stream.feed(raw)
        return out

    def close(self) -> list[bytes]:
        """Nothing more to send: a call still held is incomplete, and dropped."""
        self._log.cut += self._stream.drop()
        return []


@dataclass(slots=True)
class _HeldBlock:
    start: dict[str, JSON]  # the tool_use block of `content_block_start`
    pieces: list[str] = field(default_factory=list)  # its `partial_json`s


class _MessagesStream:
    """Anthropic: a `tool_use` block is held from its `content_block_start` to its stop."""

    def __init__(self, judge: _Judge) -> None:
        self._judge = judge
        self._held: dict[int, _HeldBlock] = {}
        self._passed = 0  # tool_use blocks let through
        self._stopped = 0

    def feed(self, raw: bytes) -> list[bytes]:
        if not self._held and not _may_hold_call(raw, _MARKS["messages"]):
            return [raw]
        parsed = _event_data(raw)
        if parsed is None:
            return [raw]
        data = parsed[1]
        kind = data.get("type", parsed[0])
        if kind == "message_delta":
            return [self._stop_reason(raw, data)]
        if kind in ("content_block_start", "content_block_delta", "content_block_stop"):
            return self._block_event(raw, kind, data)
        return [raw]

    def _block_event(self, raw: bytes, kind: str, data: dict[str, JSON]) -> list[bytes]:
        """A content block's event: held when of a tool_use block, which its stop releases."""
        index = index_of(data)
        if kind == "content_block_start":
            block = data.get("content_block")
            if not isinstance(block, dict) or block.get("type") != "tool_use":
                return [raw]
            self._held[index] = _HeldBlock(block)
            return []
        held = self._held.get(index)
        if held is None:
            return [raw]
        if kind == "content_block_stop":
            del self._held[index]
            return self._release(index, held, raw)
        delta = data.get("delta")
        if isinstance(delta, dict) and isinstance(delta.get("partial_json"), str):
            held.pieces.append(delta["partial_json"])
        return []

    def drop(self) -> int:
        dropped = len(self._held)
        self._held.clear()
        return dropped

    def _release(self, index: int, held: _HeldBlock, stop: bytes) -> list[bytes]:
        block = held.start
        given = block.get("input")
        arguments = "".join(held.pieces) or _json_text(given if given else {})
        outcome = self._judge(ToolCall(_as_text(block.get("name")), arguments))
        if outcome.notice is not None:
            self._stopped += 1
            return _text_block(index, outcome.notice, stop)
        self._passed += 1
        if outcome.keep:
            arguments = self._judge.seen.remask(arguments)
        start = {
            "type": "content_block_start",
            "index": index,
            "content_block": {**block, "input": {}},
        }
        delta = {"type": "input_json_delta", "partial_json": arguments}
        return [_event(start), _event(_block_delta(index, delta)), stop]

    def _stop_reason(self, raw: bytes, data: dict[str, JSON]) -> bytes:
        """`message_delta` with stop_reason `end_turn` when every tool_use block was stopped."""
        delta = data.get("delta")
        if not self._stopped or self._passed or not isinstance(delta, dict):
            return raw
        if delta.get("stop_reason") != "tool_use":
            return raw
        delta["stop_reason"] = "end_turn"
        return _event(data)


def _event(data: dict[str, JSON]) -> bytes:
    """An event named after its type, as Anthropic's and the Responses API's are."""
    return encode_event(str(data["type"]), dumps(data))


def _block_delta(index: int, delta: dict[str, JSON]) -> dict[str, JSON]:
    return {"type": "content_block_delta", "index": index, "delta": delta}


def _text_block(index: int, text: str, stop: bytes) -> list[bytes]:
    block = {"type": "text", "text": ""}
    start = {"type": "content_block_start", "index": index, "content_block": block}
    delta = {"type": "text_delta", "text": text}
    return [_event(start), _event(_block_delta(index, delta)), stop]


@dataclass(slots=True)
class _ChatCall:
    """One streamed chat tool call, put together from its deltas."""

    id: str = ""
    name: str = ""
    pieces: list[str] = field(default_factory=list)

    def add(self, delta: dict[str, JSON]) -> None:
        self.id = self.id or _as_text(delta.get("id"))
        fn = delta.get("function")
        if isinstance(fn, dict):
            self.name += _as_text(fn.get("name"))
            self.pieces.append(_as_text(fn.get("arguments")))


class _ChatStream:
    """Chat: a choice's tool-call deltas are held from their first one to its `finish_reason`."""

    def __init__(self, judge: _Judge) -> None:
        self._judge = judge
        self._held: dict[int, dict[int, _ChatCall]] = {}  # choice -> call index -> call

    def feed(self, raw: bytes) -> list[bytes]:
        if not self._held and not _may_hold_call(raw, _MARKS["chat"]):
            return [raw]
        parsed = _event_data(raw)
        choices = parsed[1].get("choices") if parsed is not None else None
        if parsed is None or not isinstance(choices, list):
            return [raw]
        name, data = parsed
        gated = self._gate_choices(data, choices)
        if gated is None:
            return [raw]
        before, left = gated
        if choices and not left and data.get("usage") is None:
            return before
        data["choices"] = left
        return [*before, encode_event(name, dumps(data))]

    def _gate_choices(
        self, data: dict[str, JSON], choices: list[JSON]
    ) -> tuple[list[bytes], list[JSON]] | None:
        """Tool-call deltas taken out and held, and finishing choices' calls released: the
        chunks to send before this one, and the choices left in it (None when unchanged)."""
        before: list[bytes] = []
        left: list[JSON] = []
        changed = False
        for choice in choices:
            took = isinstance(choice, dict) and self._take_calls(choice)
            if isinstance(choice, dict) and self._finishes_held(choice):
                before += self._release(data, choice)
                changed = True
            changed |= took
            if not (took and _is_empty(choice)):
                left.append(choice)
        return (before, left) if changed else None

    def drop(self) -> int:
        dropped = sum(len(calls) for calls in self._held.values())
        self._held.clear()
        return dropped

    def _take_calls(self, choice: dict[str, JSON]) -> bool:
        """Hold the tool-call deltas of a choice (taken out of it); whether it had any."""
        delta = choice.get("delta")
        calls = delta.get("tool_calls") if isinstance(delta, dict) else None
        if not isinstance(calls, list) or not calls:
            return False
        held = self._held.setdefault(index_of(choice), {})
        for call in calls:
            if isinstance(call, dict):
                held.setdefault(index_of(call), _ChatCall()).add(call)
        del choice["delta"]["tool_calls"]
        return True

    def _finishes_held(self, choice: dict[str, JSON]) -> bool:
        return choice.get("finish_reason") is not None and index_of(choice) in self._held

    def _release(self, data: dict[str, JSON], choice: dict[str, JSON]) -> list[bytes]:
        """The held calls of a finishing choice, judged: survivors whole, notices as text."""
        k = index_of(choice)
        survivors: list[JSON] = []
        notices: list[str] = []
        for call in self._held.pop(k).values():
            arguments = "".join(call.pieces)
            outcome = self._judge(ToolCall(call.name, arguments))
            if outcome.notice is not None:
                notices.append(outcome.notice)
                continue
            if outcome.keep:
                arguments = self._judge.seen.remask(arguments)
            fn = {"name": call.name, "arguments": arguments}
            survivors.append(
                {"index": len(survivors), "id": call.id, "type": "function", "function": fn}
            )
        envelope = {key: v for key, v in data.items() if key not in ("choices", "usage")}
        out: list[bytes] = []
        if notices:
            out.append(_chunk(envelope, k, {"content": "\n\n" + "\n\n".join(notices)}))
        if survivors:
            out.append(_chunk(envelope, k, {"tool_calls": survivors}))
        elif choice.get("finish_reason") == "tool_calls":
            choice["finish_reason"] = "stop"
        return out


def _is_empty(choice: JSON) -> bool:
    """Whether a chat choice says nothing once its tool-call deltas are taken out."""
    if not isinstance(choice, dict):
        return False
    ended = choice.get("finish_reason") is not None or choice.get("logprobs") is not None
    return not choice.get("delta") and not ended


def _chunk(envelope: dict[str, JSON], index: int, delta: dict[str, JSON]) -> bytes:
    choice = {"index": index, "delta": delta, "finish_reason": None}
    return encode_event(None, dumps({**envelope, "choices": [choice]}))


_FINAL = frozenset({"response.completed", "response.incomplete", "response.failed"})
# The streamed events of the call items that stream what they run.
_STREAMED = {
    "function_call": "response.function_call_arguments",
    "custom_tool_call": "response.custom_tool_call_input",
}


class _ResponsesStream:
    """Responses: a call item's events are held from `output_item.added` to its
    `output_item.done`. Once one is held, every event sent gets a sequence number of our own."""

    def __init__(self, judge: _Judge) -> None:
        self._judge = judge
        self._held: dict[int, list[dict[str, JSON]]] = {}  # output index -> its events' data
        self._ids: dict[str, int] = {}  # item id -> output index, of held items
        self._given: dict[str, dict[str, JSON]] = {}  # item id -> the item the client got
        self._seq: int | None = None  # the next sequence number, once renumbering

    def feed(self, raw: bytes) -> list[bytes]:
        if self._seq is None and not self._held and not _may_hold_call(raw, _MARKS["responses"]):
            return [raw]
        parsed = _event_data(raw)
        if parsed is None:
            return [raw]
        name, data = parsed
        kind = data.get("type", name)
        if kind == "response.output_item.added" and _is_call_item(data.get("item")):
            self._hold(data)
            return []
        index = self._held_index(data)
        if index is not None:
            self._held[index].append(data)
            return self._release(index) if kind == "response.output_item.done" else []
        changed = kind in _FINAL and self._fix_final(data)
        if self._seq is None and not changed:
            return [raw]
        return [self._numbered(data, name)]

    def drop(self) -> int:
        dropped = len(self._held)
        self._held.clear()
        self._ids.clear()
        return dropped

    def _hold(self, added: dict[str, JSON]) -> None:
        index = index_of(added, "output_index")
        self._held[index] = [added]
        self._ids[str(added["item"].get("id"))] = index
        if self._seq is None and isinstance(added.get("sequence_number"), int):
            self._seq = added["sequence_number"]

    def _held_index(self, data: dict[str, JSON]) -> int | None:
        """The output index of the held item an event is about (None when it is of none)."""
        index = data.get("output_index")
        if isinstance(index, int) and index in self._held:
            return index
        item_id = data.get("item_id")
        return self._ids.get(item_id) if isinstance(item_id, str) else None

    def _release(self, index: int) -> list[bytes]:
        """A held item, whole: judged, and sent as a call or as a message with the notice."""
        events = self._held.pop(index)
        self._ids = {k: v for k, v in self._ids.items() if v != index}
        item = events[-1].get("item")
        if not _is_call_item(item):  # done as no call: nothing of the call was ever whole
            self._judge.log.cut += 1
            return [self._numbered(events[-1])]
        new = _judged_item(item, self._judge)
        if item.get("id"):
            self._given[_as_text(item["id"])] = new
        if new["type"] == "message":
            out = _message_events(index, new)
        else:
            out = _call_events(index, new, events[0]["item"].get("status", "in_progress"))
        return [self._numbered(data) for data in out]

    def _fix_final(self, data: dict[str, JSON]) -> bool:
        """The final response's `output` as the client got it; calls it never got whole out."""
        response = data.get("response")
        output = response.get("output") if isinstance(response, dict) else None
        if not isinstance(output, list):
            return False
        whole = [item for item in output if not self._is_held(item)]
        changed = len(whole) != len(output)
        changed |= _gate_output(whole, self._judge, self._given)
        output[:] = whole
        return changed

    def _is_held(self, item: JSON) -> bool:
        return isinstance(item, dict) and _is_call_item(item) and item.get("id") in self._ids

    def _numbered(self, data: dict[str, JSON], name: str | None = None) -> bytes:
        if self._seq is not None:
            data["sequence_number"] = self._seq
            self._seq += 1
        return encode_event(name or str(data["type"]), dumps(data))


def _call_events(index: int, item: dict[str, JSON], status: JSON) -> list[dict[str, JSON]]:
    """A call item's events: added, what it runs as one delta and its done, the item done."""
    started = {**item, "status": status}
    done = {"type": "response.output_item.done", "output_index": index, "item": item}
    prefix = _STREAMED.get(str(item["type"]))
    if prefix is None:  # a shell call is sent as its item alone
        return [_added(index, started), done]
    key = _CALL_ITEMS[item["type"]][0]
    text = item.get(key)
    added = _added(index, {**started, key: ""})
    where = {"item_id": item.get("id"), "output_index": index}
    delta = {"type": f"{prefix}.delta", **where, "delta": text}
    return [added, delta, {"type": f"{prefix}.done", **where, key: text}, done]


def _message_events(index: int, item: dict[str, JSON]) -> list[dict[str, JSON]]:
    """A message item's events, its one text part streamed as one delta."""
    text = item["content"][0]["text"]
    where = {"item_id": item["id"], "output_index": index, "content_index": 0}
    part = {"type": "output_text", "text": "", "annotations": []}
    started = {**item, "status": "in_progress", "content": []}
    return [
        _added(index, started),
        {"type": "response.content_part.added", **where, "part": part},
        {"type": "response.output_text.delta", **where, "delta": text, "logprobs": []},
        {"type": "response.output_text.done", **where, "text": text, "logprobs": []},
        {"type": "response.content_part.done", **where, "part": {**part, "text": text}},
        {"type": "response.output_item.done", "output_index": index, "item": item},
    ]


def _added(index: int, item: dict[str, JSON]) -> dict[str, JSON]:
    return {"type": "response.output_item.added", "output_index": index, "item": item}


_STREAMS: dict[str, Callable[[_Judge], _Stream]] = {
    "messages": _MessagesStream,
    "chat": _ChatStream,
    "responses": _ResponsesStream,
}
