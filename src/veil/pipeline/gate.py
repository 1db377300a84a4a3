"""The tool-call gate on answers: each call the model asks for, judged as the client would run it.

The gate sits after restoring, so it sees the very call the client would run. A call is let
through, let through with placeholders kept (a call that sends data off the machine must never
carry the real secrets: the originals restored into it are masked again), or replaced by a text
saying why (a "notice"). Whole answers and streams, in the Anthropic Messages, OpenAI chat and
Responses formats, and the answers of routes veil has no format for, by their shape. An answer
without a tool call costs a few byte searches.

What may hold a call but cannot be read never passes: a whole answer is refused (GateError), a
stream ends (StreamGate.failed). A held call is capped: past 1 MB of arguments or 20,000 events,
it is stopped without being held further; a stream holding more than 256 calls at once ends.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Protocol, TypeGuard

import orjson

from veil.policy.toolcalls import ToolCall, ToolGate
from veil.protocols.neutral import JSON, dump_json, load_response
from veil.protocols.sse import encode_event, parse_event
from veil.protocols.stream import dumps, index_of
from veil.vault.restore import Lookup, json_escape
from veil.vault.shapes import PLACEHOLDERS, Shapes


class GateError(ValueError):
    """An answer that may hold a tool call but that the gate cannot read: it must not reach the
    client. The message says why, never a value."""


class Remembering:
    """A restore lookup that remembers every placeholder it restored, to mask a call again."""

    __slots__ = ("_lookup", "seen", "shapes")

    def __init__(self, lookup: Lookup, shapes: Shapes = PLACEHOLDERS) -> None:
        self._lookup = lookup
        self.shapes = shapes  # what the answer's restorer looks for
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
    late: int = 0  # streamed pieces of a call that came after it was sent, dropped
    oversized: int = 0  # calls stopped unjudged: their arguments were past the caps

    def summary(self) -> list[str]:
        """For the request's log line: `stopped:CLASS` and `recorded:CLASS` per class of each
        call, then `kept:N`, `cut:N`, `late:N` and `oversized:N` when not 0 (empty when no call
        was of any class)."""
        out = [f"stopped:{c}" for c in self.stopped] + [f"recorded:{c}" for c in self.recorded]
        counts = {"kept": self.kept, "cut": self.cut, "late": self.late}
        counts["oversized"] = self.oversized
        return out + [f"{name}:{n}" for name, n in counts.items() if n]


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

    def oversized(self) -> str:
        """The notice of a call stopped for its size, counted."""
        self.log.oversized += 1
        return _OVERSIZED_NOTICE


# What a held call may accumulate: past either cap it is stopped, and nothing more of it held.
_ARGUMENTS_MAX = 1_000_000  # characters of its arguments
_EVENTS_MAX = 20_000  # events of it
# How many calls a stream may hold at once: past it, the stream ends.
_CALLS_HELD_MAX = 256
_TOO_MANY_CALLS = f"a streamed answer holds more than {_CALLS_HELD_MAX} tool calls at once"
_OVERSIZED_NOTICE = (
    "veil stopped this tool call: the call's arguments exceed 1 MB, more than veil holds to "
    "check.\nIt was not run. Ask the developer if it is needed."
)


@dataclass(slots=True)
class _Pieces:
    """The streamed pieces of a held call's text, kept while within the caps."""

    pieces: list[str] = field(default_factory=list)
    size: int = 0
    events: int = 0
    oversized: bool = False

    def add(self, piece: str, *, keep: bool = True) -> None:
        """One more event of the call and its piece; past a cap, no piece is kept any more."""
        self.events += 1
        self.size += len(piece)
        if self.oversized:
            return
        if self.size > _ARGUMENTS_MAX or self.events > _EVENTS_MAX:
            self.oversized = True
            self.pieces.clear()
        elif keep and piece:
            self.pieces.append(piece)

    def text(self) -> str:
        return "".join(self.pieces)


# What the bytes of an answer of each route hold when it may ask for a tool call. A `\u` escape
# could spell any of them, so bytes holding one are parsed too.
_MARKS = {
    "messages": (b"tool_use",),
    "chat": (b"tool_calls", b"function_call"),
    "responses": (b'_call"',),
}
_ANY_MARK = tuple(mark for marks in _MARKS.values() for mark in marks)


def _may_hold_call(raw: bytes, marks: tuple[bytes, ...]) -> bool:
    return b"\\u" in raw or any(mark in raw for mark in marks)


def _as_text(value: JSON) -> str:
    return value if isinstance(value, str) else ""


def _json_text(value: JSON) -> str:
    return dump_json(value).decode("utf-8")


def _call_text(value: JSON) -> str:
    """A call's arguments as the judge reads them: the text itself, or the JSON of any other
    value (arguments sent as an object are run as that object)."""
    if value is None:
        return ""
    return value if isinstance(value, str) else _json_text(value)


def _with_notices(content: JSON, notices: list[str]) -> str:
    """A message's text with the notices of its stopped calls after it."""
    text = "\n\n".join(notices)
    return f"{content}\n\n{text}" if isinstance(content, str) and content else text


# ---------------------------------------------------------------- whole answers


def gate_body(route: str, content: bytes, gate: ToolGate, seen: Remembering, log: GateLog) -> bytes:
    """A whole (restored) JSON answer with its tool calls gated; as it came when it has none or
    when nothing changes. A route veil has no format for is gated as the format its answer has
    (`route_by_shape`). GateError when it may hold a call but cannot be read: not JSON (an event
    stream sent as a whole answer, say), nested too deep, or not valid Unicode."""
    if route not in _GATE_WHOLE:
        route = route_by_shape(content) or ""
    if route not in _GATE_WHOLE or not _may_hold_call(content, _MARKS[route]):
        return content
    try:
        body = load_response(content)
    except ValueError:
        raise GateError(_unreadable(content)) from None
    if not isinstance(body, dict) or not _GATE_WHOLE[route](body, _Judge(gate, seen, log)):
        return content
    try:
        return dump_json(body)
    except ValueError:
        raise GateError("an answer with a tool call holds text that is not valid Unicode") from None


def _unreadable(content: bytes) -> str:
    """Why an answer that may hold a tool call cannot be read, in words without its values."""
    if content.lstrip().startswith((b"data:", b"event:", b":")):
        return "an answer that may hold a tool call is an event stream sent as a whole answer"
    return "an answer that may hold a tool call is not JSON veil can read"


def route_by_shape(content: bytes) -> str | None:
    """The format ("messages", "chat" or "responses") of a whole answer on a route veil has no
    format for, such as a passthrough path; None when it may hold no call or has none of their
    shapes. An answer that may hold a call but is not JSON gets the format its mark names, so
    that gate_body refuses it; JSON lines (a batch's results) are no one answer, and get None."""
    if not any(mark in content for mark in _ANY_MARK) and b"\\u" not in content:
        return None
    try:
        body = json.loads(content)
    except json.JSONDecodeError as exc:
        return None if exc.msg == "Extra data" else _route_by_mark(content)
    except (ValueError, RecursionError):  # not UTF-8, or nested too deep
        return _route_by_mark(content)
    return _route_of(body) if isinstance(body, dict) else None


def _route_by_mark(content: bytes) -> str | None:
    return next((r for r, marks in _MARKS.items() if any(m in content for m in marks)), None)


def _route_of(body: dict[str, JSON]) -> str | None:
    """The format a whole answer's fields say it has."""
    if isinstance(body.get("choices"), list):
        return "chat"
    if body.get("type") == "message" or isinstance(body.get("content"), list):
        return "messages"
    if body.get("object") == "response" or isinstance(body.get("output"), list):
        return "responses"
    return None


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
    """Chat: each choice's `message.tool_calls` and legacy `message.function_call` judged;
    notices go to `message.content`."""
    choices = body.get("choices")
    changed = False
    for choice in choices if isinstance(choices, list) else ():
        message = choice.get("message") if isinstance(choice, dict) else None
        if isinstance(message, dict):
            changed |= _gate_choice(choice, message, judge)
    return changed


def _gate_choice(choice: dict[str, JSON], message: dict[str, JSON], judge: _Judge) -> bool:
    """One chat choice's calls judged: the stopped ones out, their notices in its content."""
    notices: list[str] = []
    kept = _gate_tool_calls(message, judge, notices)
    kept |= _gate_function_call(message, judge, notices)
    if not notices:
        return kept
    message["content"] = _with_notices(message.get("content"), notices)
    left = message.get("tool_calls") or message.get("function_call")
    if not left and choice.get("finish_reason") in ("tool_calls", "function_call"):
        choice["finish_reason"] = "stop"
    return True


def _gate_tool_calls(message: dict[str, JSON], judge: _Judge, notices: list[str]) -> bool:
    """A chat message's `tool_calls` judged, the stopped ones out (their notices added to
    `notices`); whether any kept its placeholders."""
    calls = message.get("tool_calls")
    if not isinstance(calls, list):
        return False
    survivors: list[JSON] = []
    kept = False
    for call in calls:
        holder, key, kind = _chat_call_parts(call)
        outcome = _judged_in_place(holder, key, kind, judge) if holder else _Outcome(None)
        if outcome.notice is not None:
            notices.append(outcome.notice)
            continue
        kept |= outcome.keep
        survivors.append(call)
    if calls and not survivors:
        del message["tool_calls"]
    elif len(survivors) < len(calls):
        message["tool_calls"] = survivors
    return kept


def _gate_function_call(message: dict[str, JSON], judge: _Judge, notices: list[str]) -> bool:
    """A chat message's legacy `function_call` judged, out when stopped (its notice added to
    `notices`); whether it kept its placeholders."""
    call = message.get("function_call")
    if not isinstance(call, dict):
        return False
    outcome = _judged_in_place(call, "arguments", "function", judge)
    if outcome.notice is not None:
        notices.append(outcome.notice)
        del message["function_call"]
    return outcome.keep


def _judged_in_place(holder: dict[str, JSON], key: str, kind: str, judge: _Judge) -> _Outcome:
    """A call (its `name` and `holder[key]`) judged; re-masked in place when it keeps its
    placeholders."""
    given = holder.get(key)
    outcome = judge(ToolCall(_as_text(holder.get("name")), _call_text(given), kind))
    if outcome.notice is None and outcome.keep:
        holder[key] = judge.seen.remask_value(given)
    return outcome


def _chat_call_parts(call: JSON) -> tuple[dict[str, JSON] | None, str, str]:
    """A chat tool call's holder of name and arguments, the arguments' key, and its kind."""
    if not isinstance(call, dict):
        return None, "", ""
    if call.get("type") == "custom" and isinstance(call.get("custom"), dict):
        return call["custom"], "input", "custom"
    if isinstance(call.get("function"), dict):
        return call["function"], "arguments", "function"
    return None, "", ""


@dataclass(frozen=True, slots=True)
class _ItemKind:
    """A Responses output item the client runs: the fields holding what it runs, the kind of its
    call, and whether it is called by its `name` (else by its type, its fields as JSON)."""

    fields: tuple[str, ...]
    kind: str
    named: bool = True


_CALL_ITEMS = {
    "function_call": _ItemKind(("arguments",), "function"),
    "custom_tool_call": _ItemKind(("input",), "custom"),
    "local_shell_call": _ItemKind(("action",), "local_shell", named=False),
    "shell_call": _ItemKind(("action",), "local_shell", named=False),  # its action's `commands`
    "apply_patch_call": _ItemKind(("operation",), "function", named=False),
    "computer_call": _ItemKind(("action", "actions"), "function", named=False),
}


def _is_call_item(item: JSON) -> TypeGuard[dict[str, JSON]]:
    return isinstance(item, dict) and item.get("type") in _CALL_ITEMS


def _item_call(item: dict[str, JSON]) -> ToolCall:
    shape = _CALL_ITEMS[str(item["type"])]
    if shape.named:
        arguments = _call_text(item.get(shape.fields[0]))
        return ToolCall(_as_text(item.get("name")), arguments, shape.kind)
    return ToolCall(str(item["type"]), _json_text(_runs(item, shape.fields)), shape.kind)


def _runs(item: dict[str, JSON], fields: tuple[str, ...]) -> JSON:
    """What an item called by its type runs: its first field, or, when others are there too
    (a computer call's batched `actions`), all of them."""
    present = {k: item[k] for k in fields if item.get(k) is not None}
    return present if present.keys() - {fields[0]} else item.get(fields[0])


def _judged_item(item: dict[str, JSON], judge: _Judge) -> dict[str, JSON]:
    """A call item as the client gets it: a message with the notice, re-masked, or as it is."""
    outcome = judge(_item_call(item))
    if outcome.notice is not None:
        return _notice_item(item, outcome.notice)
    if outcome.keep:
        fields = _CALL_ITEMS[str(item["type"])].fields
        return {**item, **{k: judge.seen.remask_value(item[k]) for k in fields if k in item}}
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


def _read_event(raw: bytes, *, strict: bool) -> tuple[str | None, dict[str, JSON]] | None:
    """An SSE event's name and JSON object data; None when it has none (no data, `[DONE]`).
    Data that is no JSON object veil can read is a GateError when `strict` (the event may hold
    a call, or comes where one is at stake), else None."""
    event = parse_event(raw)
    if event.data is None and strict and _may_hold_call(raw, _ANY_MARK):  # no data field read
        raise GateError("a stream event that may hold a tool call has no data veil can read")
    if event.data is None or event.data == "[DONE]":
        return None
    data = _json_object(event.data)
    if data is None and strict:
        raise GateError("a stream event that may hold a tool call is not JSON veil can read")
    return (event.name, data) if data is not None else None


def _json_object(text: str) -> dict[str, JSON] | None:
    """The JSON object `text` holds (orjson, then json for what only it reads: a lone
    surrogate, a number past a double); None when it holds none or cannot be read."""
    try:
        data = orjson.loads(text)
    except orjson.JSONDecodeError:
        try:
            data = json.loads(text)
        except (ValueError, RecursionError):
            return None
    return data if isinstance(data, dict) else None


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
    A route veil has no format for ("other", "completions") is gated as the format of its first
    event of a known shape. When an event that may hold a call cannot be read, the gate fails:
    `failed` says why (no values), and nothing more is sent; the caller ends the stream with an
    error event.
    """

    __slots__ = ("_log", "_stream", "failed")

    def __init__(self, route: str, gate: ToolGate, seen: Remembering, log: GateLog) -> None:
        self._stream = _STREAMS.get(route, _SniffedStream)(_Judge(gate, seen, log))
        self._log = log
        self.failed: str | None = None

    def feed(self, events: list[bytes]) -> list[bytes]:
        """What to send for `events`: nothing once the gate has failed."""
        out: list[bytes] = []
        for raw in events if self.failed is None else ():
            try:
                out += self._stream.feed(raw)
            except GateError as exc:
                self.failed = str(exc)
                self._log.cut += self._stream.drop()
                break
        return out

    def close(self) -> list[bytes]:
        """Nothing more to send: a call still held is incomplete, and dropped."""
        self._log.cut += self._stream.drop()
        return []


class _SniffedStream:
    """A stream of a route veil has no format for: its events pass until one has a known shape
    (`choices`: chat; a `response.` type: Responses; a message or content block type:
    Messages), and from that one on, it is gated as that format."""

    def __init__(self, judge: _Judge) -> None:
        self._judge = judge
        self._stream: _Stream | None = None

    def feed(self, raw: bytes) -> list[bytes]:
        if self._stream is None:
            route = _stream_route(raw)
            if route is None:
                return [raw]
            self._stream = _STREAMS[route](self._judge)
        return self._stream.feed(raw)

    def drop(self) -> int:
        return self._stream.drop() if self._stream is not None else 0


_MESSAGES_EVENTS = frozenset(
    {
        "message_start",
        "message_delta",
        "message_stop",
        "content_block_start",
        "content_block_delta",
        "content_block_stop",
    }
)


def _stream_route(raw: bytes) -> str | None:
    """The format an event's shape says its stream has (None when it says none)."""
    parsed = _read_event(raw, strict=_may_hold_call(raw, _ANY_MARK))
    if parsed is None:
        return None
    name, data = parsed
    kind = data.get("type", name)
    if isinstance(data.get("choices"), list):
        return "chat"
    if isinstance(kind, str) and kind.startswith("response."):
        return "responses"
    return "messages" if kind in _MESSAGES_EVENTS else None


@dataclass(slots=True)
class _HeldBlock:
    index: int
    start: dict[str, JSON]  # the tool_use block of `content_block_start`
    arguments: _Pieces = field(default_factory=_Pieces)  # its `partial_json`s


# Events a Messages stream reads before its first tool_use block: that block's start, and every
# block's start, counted so that each block's place is known.
_MESSAGES_READ = (b"tool_use", b"content_block_start")


class _MessagesStream:
    """Anthropic: a `tool_use` block is held from its `content_block_start` to its stop.

    The SDKs find a delta's block by its place in the message (`content[index]`, -1 the last),
    so blocks must come one after another, each start's `index` its place. From the first
    tool_use block on, every event is read; a start out of place, or a delta or stop of no
    block started before it, ends the stream, and a delta of a tool_use block already sent is
    dropped.
    """

    def __init__(self, judge: _Judge) -> None:
        self._judge = judge
        self._held: _HeldBlock | None = None
        self._blocks = 0  # content blocks started so far
        self._sent: set[int] = set()  # places of the tool_use blocks sent (or stopped)
        self._watching = False  # a tool_use block was seen: every event is read
        self._passed = 0  # tool_use blocks let through
        self._stopped = 0

    def feed(self, raw: bytes) -> list[bytes]:
        if not self._watching and not _may_hold_call(raw, _MESSAGES_READ):
            return [raw]
        parsed = _read_event(raw, strict=True)
        if parsed is None:
            return [raw]
        data = parsed[1]
        kind = data.get("type", parsed[0])
        if kind == "message_delta":
            return [self._stop_reason(raw, data)]
        if kind == "message_start":
            return [self._message_start(raw, data)]
        if kind == "content_block_start":
            return self._start(raw, data)
        if kind in ("content_block_delta", "content_block_stop"):
            return self._block_event(raw, kind, data)
        return [raw]

    def drop(self) -> int:
        dropped = self._held is not None
        self._held = None
        return int(dropped)

    def _message_start(self, raw: bytes, data: dict[str, JSON]) -> bytes:
        """A message that starts with blocks (never Anthropic's, but the SDKs take them): its
        tool_use blocks judged as a whole answer's, and its blocks counted in place."""
        message = data.get("message")
        content = message.get("content") if isinstance(message, dict) else None
        if not isinstance(message, dict) or not isinstance(content, list) or not content:
            return raw
        self._watching = True
        self._blocks = len(content)
        self._sent.update(range(len(content)))
        return _event(data) if _gate_message(message, self._judge) else raw

    def _start(self, raw: bytes, data: dict[str, JSON]) -> list[bytes]:
        """A block's start: a tool_use block is held (and the stream watched from then on)."""
        index = index_of(data)
        block = data.get("content_block")
        is_call = isinstance(block, dict) and block.get("type") == "tool_use"
        if (self._watching or is_call) and (index != self._blocks or self._held is not None):
            raise GateError("a content block of a streamed answer with a tool call is out of place")
        self._blocks += 1
        if not isinstance(block, dict) or not is_call:
            return [raw]
        self._watching = True
        self._held = _HeldBlock(index, block)
        return []

    def _block_event(self, raw: bytes, kind: str, data: dict[str, JSON]) -> list[bytes]:
        """A block's delta or stop: the held block's are held, and its stop releases it."""
        index = index_of(data)
        held = self._held
        if held is not None and index == held.index:
            if kind == "content_block_stop":
                self._held = None
                self._sent.add(index)
                return self._release(held, raw)
            held.arguments.add(_partial_json(data))
            return []
        if index in self._sent:  # after its stop: the judged call is what the client runs
            self._judge.log.late += 1
            return []
        if self._watching and not 0 <= index < self._blocks:
            raise GateError("a content block event of a streamed answer names no block")
        return [raw]

    def _release(self, held: _HeldBlock, stop: bytes) -> list[bytes]:
        index, block = held.index, held.start
        if held.arguments.oversized:
            self._stopped += 1
            return _text_block(index, self._judge.oversized(), stop)
        given = block.get("input")
        arguments = held.arguments.text() or _json_text(given if given else {})
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


def _partial_json(data: dict[str, JSON]) -> str:
    """A content block delta's piece of tool input ("" when it has none)."""
    delta = data.get("delta")
    return _as_text(delta.get("partial_json")) if isinstance(delta, dict) else ""


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
    """One streamed chat tool call (or legacy function call), put together from its deltas."""

    id: str = ""
    name: _Pieces = field(default_factory=_Pieces)
    arguments: _Pieces = field(default_factory=_Pieces)

    def add(self, delta: dict[str, JSON]) -> None:
        """A `tool_calls` delta."""
        self.id = self.id or _as_text(delta.get("id"))
        fn = delta.get("function")
        self.add_function(fn if isinstance(fn, dict) else {})

    def add_function(self, fn: dict[str, JSON]) -> None:
        """A `function` of a `tool_calls` delta, or a legacy `function_call` delta."""
        self.name.add(_as_text(fn.get("name")))
        self.arguments.add(_as_text(fn.get("arguments")))

    @property
    def oversized(self) -> bool:
        return self.name.oversized or self.arguments.oversized


_LEGACY = "function_call"  # the key of a choice's legacy function call among its held calls


class _ChatStream:
    """Chat: a choice's tool-call (and legacy function-call) deltas are held from their first
    one to its `finish_reason`; any that come for the choice after that are dropped."""

    def __init__(self, judge: _Judge) -> None:
        self._judge = judge
        self._held: dict[int, dict[int | str, _ChatCall]] = {}  # choice -> call index -> call
        self._finished: set[int] = set()  # choices whose finish_reason came

    def feed(self, raw: bytes) -> list[bytes]:
        marked = _may_hold_call(raw, _MARKS["chat"])
        if not self._held and not marked:
            return [raw]
        parsed = _read_event(raw, strict=marked)
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
            if isinstance(choice, dict) and self._finishes(choice):
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
        """Take a choice's call deltas out of it: held, or dropped when it has finished;
        whether it had any."""
        delta = choice.get("delta")
        if not isinstance(delta, dict):
            return False
        calls = delta.get("tool_calls")
        calls = calls if isinstance(calls, list) and calls else None
        legacy = delta.get(_LEGACY)
        legacy = legacy if isinstance(legacy, dict) else None
        if calls is None and legacy is None:
            return False
        k = index_of(choice)
        if k in self._finished:
            self._judge.log.late += len(calls or ()) + (legacy is not None)
        else:
            self._hold(self._held.setdefault(k, {}), calls or [], legacy)
            if sum(len(held) for held in self._held.values()) > _CALLS_HELD_MAX:
                raise GateError(_TOO_MANY_CALLS)
        if calls is not None:
            del delta["tool_calls"]
        if legacy is not None:
            del delta[_LEGACY]
        return True

    @staticmethod
    def _hold(
        held: dict[int | str, _ChatCall], calls: list[JSON], legacy: dict[str, JSON] | None
    ) -> None:
        for call in calls:
            if isinstance(call, dict):
                held.setdefault(index_of(call), _ChatCall()).add(call)
        if legacy is not None:
            held.setdefault(_LEGACY, _ChatCall()).add_function(legacy)

    def _finishes(self, choice: dict[str, JSON]) -> bool:
        """Whether a choice finishes here with calls held (later call deltas are dropped)."""
        if choice.get("finish_reason") is None:
            return False
        k = index_of(choice)
        self._finished.add(k)
        return k in self._held

    def _release(self, data: dict[str, JSON], choice: dict[str, JSON]) -> list[bytes]:
        """The held calls of a finishing choice, judged: survivors whole, notices as text."""
        k = index_of(choice)
        survivors: list[JSON] = []
        legacy: dict[str, JSON] | None = None
        notices: list[str] = []
        for key, call in self._held.pop(k).items():
            notice, arguments = self._judged(call)
            if notice is not None:
                notices.append(notice)
                continue
            fn: dict[str, JSON] = {"name": call.name.text(), "arguments": arguments}
            if key == _LEGACY:
                legacy = fn
                continue
            survivors.append(
                {"index": len(survivors), "id": call.id, "type": "function", "function": fn}
            )
        envelope = {key: v for key, v in data.items() if key not in ("choices", "usage")}
        out: list[bytes] = []
        if notices:
            out.append(_chunk(envelope, k, {"content": "\n\n" + "\n\n".join(notices)}))
        if survivors:
            out.append(_chunk(envelope, k, {"tool_calls": survivors}))
        if legacy is not None:
            out.append(_chunk(envelope, k, {_LEGACY: legacy}))
        elif not survivors and choice.get("finish_reason") in ("tool_calls", _LEGACY):
            choice["finish_reason"] = "stop"
        return out

    def _judged(self, call: _ChatCall) -> tuple[str | None, str]:
        """A held call's notice (None when it passes) and the arguments to send."""
        if call.oversized:
            return self._judge.oversized(), ""
        arguments = call.arguments.text()
        outcome = self._judge(ToolCall(call.name.text(), arguments))
        if outcome.keep:
            arguments = self._judge.seen.remask(arguments)
        return outcome.notice, arguments


def _is_empty(choice: JSON) -> bool:
    """Whether a chat choice says nothing once its tool-call deltas are taken out."""
    if not isinstance(choice, dict):
        return False
    ended = choice.get("finish_reason") is not None or choice.get("logprobs") is not None
    return not choice.get("delta") and not ended


def _chunk(envelope: dict[str, JSON], index: int, delta: dict[str, JSON]) -> bytes:
    choice = {"index": index, "delta": delta, "finish_reason": None}
    return encode_event(None, dumps({**envelope, "choices": [choice]}))


_ITEM_DONE = "response.output_item.done"
# The streamed events of the call items that stream what they run.
_STREAMED = {
    "function_call": "response.function_call_arguments",
    "custom_tool_call": "response.custom_tool_call_input",
}


@dataclass(slots=True)
class _HeldItem:
    """A call item held from its `output_item.added` to its done: what is needed of it, not
    its events (its done item carries all it runs)."""

    id: str
    status: JSON  # its status when added
    streamed: _Pieces = field(default_factory=_Pieces)  # its events, counted, not kept


class _ResponsesStream:
    """Responses: a call item's events are held from `output_item.added` to its
    `output_item.done`. Once one is held, every event sent gets a sequence number of our own,
    and every event is read: a call item done that was never held (never announced, or done
    twice) is judged there, and any other event of an item already sent is dropped."""

    def __init__(self, judge: _Judge) -> None:
        self._judge = judge
        self._held: dict[int, _HeldItem] = {}  # output index -> the held item
        self._ids: dict[str, int] = {}  # item id -> output index, of held items
        self._sent: set[int] = set()  # output indices of call items sent
        self._sent_ids: set[str] = set()
        self._given: dict[str, dict[str, JSON]] = {}  # item id -> the item the client got
        self._seq: int | None = None  # the next sequence number, once renumbering
        self._watching = False  # a call item was seen: every event is read

    def feed(self, raw: bytes) -> list[bytes]:
        if not self._watching and not _may_hold_call(raw, _MARKS["responses"]):
            return [raw]
        parsed = _read_event(raw, strict=True)
        if parsed is None:
            return [raw]
        name, data = parsed
        kind = data.get("type", name)
        item = data.get("item")
        if kind == "response.output_item.added" and _is_call_item(item):
            self._hold(data, item)
            return []
        index = self._held_index(data)
        if index is not None:
            return self._held_event(index, kind, data)
        if kind == _ITEM_DONE and _is_call_item(item):
            return [self._numbered(self._judged_done(data, item))]
        if self._is_sent(data):
            self._judge.log.late += 1
            return []
        changed = self._fix_response(data)
        if self._seq is None and not changed:
            return [raw]
        return [self._numbered(data, name)]

    def drop(self) -> int:
        dropped = len(self._held)
        self._held.clear()
        self._ids.clear()
        return dropped

    def _hold(self, added: dict[str, JSON], item: dict[str, JSON]) -> None:
        index = index_of(added, "output_index")
        if index in self._held:  # announced again: the first one never ends
            self._judge.log.cut += 1
            self._ids.pop(self._held[index].id, None)
        elif len(self._held) >= _CALLS_HELD_MAX:
            raise GateError(_TOO_MANY_CALLS)
        self._watching = True
        self._held[index] = _HeldItem(_as_text(item.get("id")), item.get("status", "in_progress"))
        self._ids[_as_text(item.get("id"))] = index
        if self._seq is None and isinstance(added.get("sequence_number"), int):
            self._seq = added["sequence_number"]

    def _held_index(self, data: dict[str, JSON]) -> int | None:
        """The output index of the held item an event is about (None when it is of none)."""
        index = data.get("output_index")
        if isinstance(index, int) and index in self._held:
            return index
        item_id = data.get("item_id")
        return self._ids.get(item_id) if isinstance(item_id, str) else None

    def _is_sent(self, data: dict[str, JSON]) -> bool:
        """Whether an event is about a call item already sent."""
        index, item_id = data.get("output_index"), data.get("item_id")
        return (isinstance(index, int) and index in self._sent) or item_id in self._sent_ids

    def _held_event(self, index: int, kind: JSON, data: dict[str, JSON]) -> list[bytes]:
        """An event of a held item: counted (its done releases the item)."""
        if kind == _ITEM_DONE:
            return self._release(index, data)
        self._held[index].streamed.add(_as_text(data.get("delta")), keep=False)
        return []

    def _release(self, index: int, done: dict[str, JSON]) -> list[bytes]:
        """A held item, whole: judged, and sent as a call or as a message with the notice."""
        held = self._held.pop(index)
        self._ids.pop(held.id, None)
        self._sent.add(index)
        item = done.get("item")
        if not _is_call_item(item):  # done as no call: nothing of the call was ever whole
            self._judge.log.cut += 1
            return [self._numbered(done)]
        if held.streamed.oversized:
            new = _notice_item(item, self._judge.oversized())
        else:
            new = _judged_item(item, self._judge)
        self._remember(item, new)
        if new["type"] == "message":
            out = _message_events(index, new)
        else:
            out = _call_events(index, new, held.status)
        return [self._numbered(data) for data in out]

    def _judged_done(self, done: dict[str, JSON], item: dict[str, JSON]) -> dict[str, JSON]:
        """A call item's done that was never held (never announced, or done twice), its item
        judged in place."""
        self._watching = True
        new = _judged_item(item, self._judge)
        self._remember(item, new)
        index = done.get("output_index")
        if isinstance(index, int):
            self._sent.add(index)
        return {**done, "item": new}

    def _remember(self, item: dict[str, JSON], new: dict[str, JSON]) -> None:
        """What the client got for a call item: its later events are dropped, and the final
        response gets the same."""
        item_id = _as_text(item.get("id"))
        if item_id:
            self._given[item_id] = new
            self._sent_ids.add(item_id)

    def _fix_response(self, data: dict[str, JSON]) -> bool:
        """A response's `output` (the final one's, or any other's) as the client got it: calls
        it never got whole out, and any other judged."""
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
    done = {"type": _ITEM_DONE, "output_index": index, "item": item}
    prefix = _STREAMED.get(str(item["type"]))
    if prefix is None:  # a shell, patch or computer call is sent as its item alone
        return [_added(index, started), done]
    key = _CALL_ITEMS[str(item["type"])].fields[0]
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
        {"type": _ITEM_DONE, "output_index": index, "item": item},
    ]


def _added(index: int, item: dict[str, JSON]) -> dict[str, JSON]:
    return {"type": "response.output_item.added", "output_index": index, "item": item}


_STREAMS: dict[str, Callable[[_Judge], _Stream]] = {
    "messages": _MessagesStream,
    "chat": _ChatStream,
    "responses": _ResponsesStream,
}
