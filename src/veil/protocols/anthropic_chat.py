"""Anthropic Messages to OpenAI chat completions and back: the request one way, the answer
(whole or streamed) the other.

A Claude Code request the policy keeps on this machine may go to a local server that speaks only
chat completions (Ollama, llama.cpp, vLLM, LM Studio); Claude Code still expects an Anthropic
answer. What chat completions cannot carry is left out and named in `Translated.dropped`:
thinking blocks (their signatures mean nothing to another model), server tools, images inside
tool results, documents that are not text.

Tool-call arguments that are not a JSON object (invalid JSON, a bare string, a list) cannot be a
`tool_use` input: they come back as `{"_raw_arguments": <the text>}`, so that the client's own
input validation tells the model what went wrong. Blank arguments are the empty object.
"""

from __future__ import annotations

import re
import uuid
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import orjson

from veil.protocols.neutral import JSON
from veil.protocols.sse import Event
from veil.protocols.stream import dumps
from veil.protocols.translate import (
    MAX_CALLS,
    SERVER_ERROR,
    TOO_MANY,
    HeldArguments,
    TooMuchHeldError,
    Translated,
    make_event,
)

RAW_ARGUMENTS = "_raw_arguments"
_ERROR_MAX = 300
_JOIN = "\n\n"

# What was dropped, by kind: (singular, plural).
_Kind = tuple[str, str]
_THINKING: _Kind = ("thinking block", "thinking blocks")
_REDACTED: _Kind = ("redacted thinking block", "redacted thinking blocks")
_RESULT_IMAGE: _Kind = ("image in a tool result", "images in tool results")
_ASSISTANT_IMAGE: _Kind = ("image in an assistant message", "images in assistant messages")
_IMAGE_SOURCE: _Kind = ("image without inline data or URL", "images without inline data or URL")
_DOCUMENT: _Kind = ("non-text document", "non-text documents")
_DOCUMENT_IMAGE: _Kind = ("image in a document", "images in documents")
_BLOCK: _Kind = ("unsupported content block", "unsupported content blocks")
_SERVER_TOOL: _Kind = ("server tool", "server tools")
_TOOL_CHOICE: _Kind = ("tool choice naming a dropped tool", "tool choices naming a dropped tool")
_THINKING_SETTING: _Kind = ("extended thinking setting", "extended thinking settings")

_STOP_REASONS = {
    "stop": "end_turn",
    "length": "max_tokens",
    "tool_calls": "tool_use",
    "function_call": "tool_use",
    "content_filter": "refusal",
}


# ---------------------------------------------------------------- the request


def to_chat(body: dict[str, JSON], model: str | None = None) -> Translated:
    """A Messages request as a chat completions one; `model`, when given, replaces the body's."""
    dropped: Counter[_Kind] = Counter()
    messages = _system(body.get("system"))
    for message in _dicts(body.get("messages")):
        messages += _messages(message, dropped)
    out: dict[str, JSON] = {
        "model": model if model is not None else body.get("model"),
        "messages": _merged(messages),
    }
    out.update(_options(body))
    out.update(_tools(body, dropped))
    thinking = body.get("thinking")
    if isinstance(thinking, dict) and thinking.get("type", "disabled") != "disabled":
        dropped[_THINKING_SETTING] += 1
    return Translated(out, _notes(dropped))


def _merged(messages: list[JSON]) -> list[JSON]:
    """Consecutive user (or assistant) messages as one, as Anthropic reads them (Claude Code
    sends several user turns in a row): many local chat templates need the roles to alternate."""
    out: list[JSON] = []
    for message in messages:
        last = out[-1] if out else None
        if (
            last is not None
            and message["role"] == last["role"]
            and message["role"] in ("user", "assistant")
            and not last.get("tool_calls")
        ):
            out[-1] = {**message, "content": _joined(last["content"], message["content"])}
        else:
            out.append(message)
    return out


def _joined(first: JSON, second: JSON) -> JSON:
    """Two messages' contents as one: strings joined, else one list of parts."""
    if isinstance(first, str) and isinstance(second, str):
        return _JOIN.join(text for text in (first, second) if text)
    return _content([*_as_parts(first), *_as_parts(second)])


def _as_parts(content: JSON) -> list[dict[str, Any]]:
    if isinstance(content, str):
        return [{"type": "text", "text": content}] if content else []
    return list(content)


def _notes(dropped: Counter[_Kind]) -> list[str]:
    return [f"{n} {kind[0] if n == 1 else kind[1]}" for kind, n in dropped.items()]


def _dicts(value: JSON) -> list[dict[str, JSON]]:
    """The objects of a JSON array (nothing when `value` is not one)."""
    return [item for item in value if isinstance(item, dict)] if isinstance(value, list) else []


def _system(system: JSON) -> list[JSON]:
    if isinstance(system, list):
        system = _JOIN.join(b["text"] for b in _dicts(system) if isinstance(b.get("text"), str))
    return [{"role": "system", "content": system}] if isinstance(system, str) and system else []


def _options(body: dict[str, JSON]) -> dict[str, JSON]:
    out = {
        key: body[key]
        for key in ("max_tokens", "temperature", "top_p")
        if body.get(key) is not None
    }
    if body.get("stop_sequences"):
        out["stop"] = body["stop_sequences"]
    if body.get("stream") is True:
        out["stream"] = True
        out["stream_options"] = {"include_usage": True}
    return out


def _messages(message: dict[str, JSON], dropped: Counter[_Kind]) -> list[JSON]:
    """One Messages message as chat messages (a user turn's tool results come first)."""
    content = message.get("content")
    role = "assistant" if message.get("role") == "assistant" else "user"
    if isinstance(content, str):
        return [{"role": role, "content": content}]
    blocks = _dicts(content)
    return [_assistant(blocks, dropped)] if role == "assistant" else _user(blocks, dropped)


def _assistant(blocks: list[dict[str, JSON]], dropped: Counter[_Kind]) -> JSON:
    calls = [_tool_call(block) for block in blocks if block.get("type") == "tool_use"]
    rest = [block for block in blocks if block.get("type") != "tool_use"]
    text = _JOIN.join(_texts(rest, dropped, _ASSISTANT_IMAGE))
    message: dict[str, JSON] = {"role": "assistant", "content": text}
    if calls:
        message["tool_calls"] = calls
    return message


def _texts(blocks: list[dict[str, JSON]], dropped: Counter[_Kind], image: _Kind) -> list[str]:
    """The text of blocks where chat takes text only: images are dropped as kind `image`."""
    texts: list[str] = []
    for block in blocks:
        part = _part(block, dropped)
        if part is not None and part["type"] == "text":
            texts.append(part["text"])
        elif part is not None:
            dropped[image] += 1
    return texts


def _tool_call(block: dict[str, JSON]) -> JSON:
    arguments = dumps(block.get("input") if block.get("input") is not None else {})
    function = {"name": block.get("name"), "arguments": arguments}
    return {"id": block.get("id"), "type": "function", "function": function}


def _user(blocks: list[dict[str, JSON]], dropped: Counter[_Kind]) -> list[JSON]:
    """Tool messages for the tool results, then one user message for the rest (if any)."""
    out: list[JSON] = []
    parts: list[dict[str, Any]] = []
    for block in blocks:
        if block.get("type") == "tool_result":
            out.append(_tool_message(block, dropped))
        elif (part := _part(block, dropped)) is not None:
            parts.append(part)
    if parts or not out:
        out.append({"role": "user", "content": _content(parts)})
    return out


def _content(parts: list[dict[str, Any]]) -> JSON:
    """Text alone as one string (what every server takes), else the list of parts."""
    if all(part["type"] == "text" for part in parts):
        return _JOIN.join(part["text"] for part in parts)
    return parts


def _tool_message(block: dict[str, JSON], dropped: Counter[_Kind]) -> JSON:
    content = block.get("content")
    texts = [content] if isinstance(content, str) else []
    text = _JOIN.join(texts + _texts(_dicts(content), dropped, _RESULT_IMAGE))
    if block.get("is_error") is True:
        text = f"Error: {text}" if text else "Error"
    return {"role": "tool", "tool_call_id": block.get("tool_use_id"), "content": text}


def _part(block: dict[str, JSON], dropped: Counter[_Kind]) -> dict[str, Any] | None:
    """A content block as a chat content part: text or image; None (and a note) otherwise."""
    kind = block.get("type")
    if kind == "text":
        return {"type": "text", "text": block.get("text") or ""}
    if kind == "image":
        return _image(block, dropped)
    if kind == "document":
        return _document(block, dropped)
    dropped[{"thinking": _THINKING, "redacted_thinking": _REDACTED}.get(str(kind), _BLOCK)] += 1
    return None


def _image(block: dict[str, JSON], dropped: Counter[_Kind]) -> dict[str, Any] | None:
    source = block.get("source")
    source = source if isinstance(source, dict) else {}
    if source.get("type") == "base64":
        url = f"data:{source.get('media_type')};base64,{source.get('data')}"
    elif source.get("type") == "url" and isinstance(source.get("url"), str):
        url = source["url"]
    else:
        dropped[_IMAGE_SOURCE] += 1
        return None
    return {"type": "image_url", "image_url": {"url": url}}


def _document(block: dict[str, JSON], dropped: Counter[_Kind]) -> dict[str, Any] | None:
    """A document whose source is text (plain or text blocks) as text, titled when it has one."""
    source = block.get("source")
    source = source if isinstance(source, dict) else {}
    text: str | None = None
    if source.get("type") == "text" and isinstance(source.get("data"), str):
        text = source["data"]
    elif source.get("type") == "content" and isinstance(source.get("content"), str):
        text = source["content"]
    elif source.get("type") == "content":
        text = _JOIN.join(_texts(_dicts(source.get("content")), dropped, _DOCUMENT_IMAGE))
    if text is None:
        dropped[_DOCUMENT] += 1
        return None
    title = block.get("title")
    return {"type": "text", "text": f"{title}{_JOIN}{text}" if title else text}


def _tools(body: dict[str, JSON], dropped: Counter[_Kind]) -> dict[str, JSON]:
    """`tools` (client tools only) and, with them, `tool_choice` and `parallel_tool_calls`."""
    tools: list[JSON] = []
    for tool in _dicts(body.get("tools")):
        if tool.get("type") in (None, "custom") and isinstance(tool.get("input_schema"), dict):
            tools.append(_function(tool))
        else:
            dropped[_SERVER_TOOL] += 1
    if not tools:
        return {}
    out: dict[str, JSON] = {"tools": tools}
    choice = body.get("tool_choice")
    if isinstance(choice, dict):
        names = {tool["function"]["name"] for tool in tools}
        out.update(_tool_choice(choice, names, dropped))
    return out


def _function(tool: dict[str, JSON]) -> JSON:
    function: dict[str, JSON] = {"name": tool.get("name")}
    if isinstance(tool.get("description"), str):
        function["description"] = tool["description"]
    function["parameters"] = tool["input_schema"]
    if isinstance(tool.get("strict"), bool):
        function["strict"] = tool["strict"]
    return {"type": "function", "function": function}


def _tool_choice(
    choice: dict[str, JSON], names: set[JSON], dropped: Counter[_Kind]
) -> dict[str, JSON]:
    kind = choice.get("type")
    out: dict[str, JSON] = {}
    if kind in ("auto", "none"):
        out["tool_choice"] = kind
    elif kind == "any":
        out["tool_choice"] = "required"
    elif kind == "tool" and choice.get("name") in names:
        out["tool_choice"] = {"type": "function", "function": {"name": choice["name"]}}
    elif kind == "tool":
        dropped[_TOOL_CHOICE] += 1
    if choice.get("disable_parallel_tool_use") is True:
        out["parallel_tool_calls"] = False
    return out


# ---------------------------------------------------------------- the whole answer


def from_chat(body: dict[str, JSON], model: str | None = None) -> dict[str, JSON]:
    """A chat completion as a Messages `Message` (named `model` when given, else the chat's).

    Only choice 0 counts; reasoning fields (`reasoning_content`) are dropped: a thinking block
    needs a signature no local model can make.
    """
    choice = _choice(body.get("choices")) or {}
    message = choice.get("message")
    message = message if isinstance(message, dict) else {}
    content: list[JSON] = []
    text = _message_text(message)
    if text:
        content.append({"type": "text", "text": text})
    for call in _dicts(message.get("tool_calls")):
        function = call.get("function")
        function = function if isinstance(function, dict) else {}
        content.append(
            _tool_use(call.get("id"), function.get("name"), tool_input(function.get("arguments")))
        )
    return {
        "id": _message_id(body.get("id")),
        "type": "message",
        "role": "assistant",
        "model": _model(model, body.get("model")),
        "content": content,
        "stop_reason": stop_reason(choice.get("finish_reason")),
        "stop_sequence": None,
        "usage": _usage(body.get("usage")),
    }


def stop_reason(finish_reason: JSON) -> str:
    """The Messages `stop_reason` for a chat `finish_reason` (`end_turn` for anything unknown)."""
    if not isinstance(finish_reason, str):
        return "end_turn"
    return _STOP_REASONS.get(finish_reason, "end_turn")


def tool_input(arguments: JSON) -> dict[str, JSON]:
    """Chat tool-call arguments as a `tool_use` input: the object they hold, `{}` when blank,
    `{"_raw_arguments": text}` when they hold anything but a JSON object."""
    if isinstance(arguments, dict):
        return arguments
    text = _argument_text(arguments)
    if not text.strip():
        return {}
    try:
        value = orjson.loads(text)
    except orjson.JSONDecodeError:
        value = None
    return value if isinstance(value, dict) else {RAW_ARGUMENTS: text}


def _argument_text(arguments: JSON) -> str:
    if arguments is None or isinstance(arguments, str):
        return arguments or ""
    return dumps(arguments)


def _choice(choices: JSON) -> dict[str, JSON] | None:
    """Choice 0 of a chat answer or chunk (an entry without an index counts as 0)."""
    for choice in _dicts(choices):
        if choice.get("index", 0) == 0:
            return choice
    return None


def _message_text(message: dict[str, JSON]) -> str:
    content = message.get("content")
    if isinstance(content, list):
        content = "".join(p["text"] for p in _dicts(content) if isinstance(p.get("text"), str))
    return content if isinstance(content, str) else ""


def _tool_use(call_id: JSON, name: JSON, arguments: dict[str, JSON]) -> dict[str, JSON]:
    """A tool_use block (a fresh id when the call has none)."""
    call_id = call_id if isinstance(call_id, str) and call_id else f"toolu_{uuid.uuid4().hex}"
    name = name if isinstance(name, str) else ""
    return {"type": "tool_use", "id": call_id, "name": name, "input": arguments}


def _message_id(chat_id: JSON) -> str:
    """`msg_` and the chat id's letters, digits, `_` and `-` (a fresh one when that is empty)."""
    kept = re.sub(r"[^A-Za-z0-9_-]", "", chat_id) if isinstance(chat_id, str) else ""
    return f"msg_{kept or uuid.uuid4().hex}"


def _model(model: str | None, chat_model: JSON) -> str:
    if model is not None:
        return model
    return chat_model if isinstance(chat_model, str) and chat_model else "unknown"


def _tokens(usage: JSON, key: str) -> int | None:
    value = usage.get(key) if isinstance(usage, dict) else None
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _usage(usage: JSON) -> dict[str, JSON]:
    return {
        "input_tokens": _tokens(usage, "prompt_tokens") or 0,
        "output_tokens": _tokens(usage, "completion_tokens") or 0,
    }


# ---------------------------------------------------------------- the streamed answer


@dataclass(slots=True)
class _HeldCall:
    """A streamed tool call, held until its choice finishes: its id and name as the server gave
    them ("" until it does) and its arguments so far."""

    call_id: str = ""
    name: str = ""
    arguments: HeldArguments = field(default_factory=HeldArguments)

    def block(self, index: int) -> list[Event]:
        """The call as one whole tool_use block: its start, all its input at once, its stop."""
        start = _tool_use(self.call_id, self.name, {})
        arguments = dumps(tool_input(self.arguments.text))
        return [_block_start(index, start), _json_delta(index, arguments), _block_stop(index)]


def _block_start(index: int, block: dict[str, JSON]) -> Event:
    data = {"type": "content_block_start", "index": index, "content_block": block}
    return make_event("content_block_start", data)


def _block_stop(index: int) -> Event:
    return make_event("content_block_stop", {"type": "content_block_stop", "index": index})


def _json_delta(index: int, partial_json: str) -> Event:
    delta = {"type": "input_json_delta", "partial_json": partial_json}
    return make_event(
        "content_block_delta", {"type": "content_block_delta", "index": index, "delta": delta}
    )


class ChatToAnthropicStream:
    """A chat completions stream in, a Messages stream out (choice 0 only).

    Text streams as it comes. Tool calls are held until the choice's finish reason (or `[DONE]`)
    and then sent whole, one tool_use block each, in order: nothing of a call ever follows its
    block's stop, even from a server that interleaves the pieces of parallel calls. More than
    `MAX_CALLS` calls, or more than `MAX_CALL_ARGUMENTS` characters of one call's arguments, end
    the stream in an `error` event. `message_delta` and `message_stop` wait for `[DONE]` (servers
    send usage after the finish reason), or for `close()` when the stream ended after a finish
    reason without it. `scrub` makes an error message from the server safe to pass on.
    """

    def __init__(
        self, model: str | None = None, *, scrub: Callable[[str], str] = lambda text: text
    ) -> None:
        self.complete = False
        self._model = model
        self._scrub = scrub
        self._started = False
        self._blocks = 0  # content blocks opened so far
        self._text: int | None = None  # index of the text block open now
        self._calls: list[_HeldCall] = []  # the calls held, in order
        self._by_key: dict[tuple[str, JSON], _HeldCall] = {}  # the latest call of each key
        self._last_key: tuple[str, JSON] | None = None
        self._finish: str | None = None
        self._usage: JSON = None

    def feed(self, event: Event) -> list[Event]:
        if self.complete or event.data is None:
            return []
        if event.data.strip() == "[DONE]":
            return self._end()
        try:
            chunk = orjson.loads(event.data)
        except orjson.JSONDecodeError:
            return []
        if not isinstance(chunk, dict):
            return []
        if chunk.get("error") is not None:
            return self._fail(error_message(chunk, self._scrub) or SERVER_ERROR)
        if isinstance(chunk.get("usage"), dict):
            self._usage = chunk["usage"]
        out = self._start(chunk)
        choice = _choice(chunk.get("choices"))
        if choice is not None and self._finish is None:
            out += self._choice(choice)
        return out

    def close(self) -> list[Event]:
        if self.complete or self._finish is None:
            return []
        return self._end()

    def _start(self, chunk: dict[str, JSON]) -> list[Event]:
        if self._started:
            return []
        self._started = True
        message: dict[str, JSON] = {
            "id": _message_id(chunk.get("id")),
            "type": "message",
            "role": "assistant",
            "model": _model(self._model, chunk.get("model")),
            "content": [],
            "stop_reason": None,
            "stop_sequence": None,
            "usage": _usage(self._usage),
        }
        return [make_event("message_start", {"type": "message_start", "message": message})]

    def _choice(self, choice: dict[str, JSON]) -> list[Event]:
        delta = choice.get("delta")
        delta = delta if isinstance(delta, dict) else {}
        out: list[Event] = []
        if isinstance(delta.get("content"), str) and delta["content"]:
            out += self._text_delta(delta["content"])
        try:
            for position, call in enumerate(_dicts(delta.get("tool_calls"))):
                self._hold(call, position)
        except TooMuchHeldError as error:
            return [*out, *self._fail(str(error))]
        finish = choice.get("finish_reason")
        if isinstance(finish, str) and finish:
            out += self._release()
            self._finish = finish
        return out

    def _text_delta(self, piece: str) -> list[Event]:
        out: list[Event] = []
        if self._text is None:
            self._text = self._next_index()
            out.append(_block_start(self._text, {"type": "text", "text": ""}))
        delta = {"type": "text_delta", "text": piece}
        data = {"type": "content_block_delta", "index": self._text, "delta": delta}
        return [*out, make_event("content_block_delta", data)]

    def _hold(self, call: dict[str, JSON], position: int) -> None:
        """Holds one tool-call delta: a new call, or more of a held call's arguments."""
        key = self._tool_key(call, position)
        self._last_key = key
        call_id = call["id"] if isinstance(call.get("id"), str) else ""
        held = self._by_key.get(key)
        # Ollama gives every call index 0: a new id at a known index is a new call.
        if held is None or (call_id and held.call_id and call_id != held.call_id):
            if len(self._calls) == MAX_CALLS:
                raise TooMuchHeldError(TOO_MANY)
            held = self._by_key[key] = _HeldCall()
            self._calls.append(held)
        function = call.get("function")
        function = function if isinstance(function, dict) else {}
        name = function.get("name")
        held.call_id = held.call_id or call_id
        held.name = held.name or (name if isinstance(name, str) else "")
        held.arguments.add(_argument_text(function.get("arguments")))

    def _tool_key(self, call: dict[str, JSON], position: int) -> tuple[str, JSON]:
        """Which call a delta belongs to: its index; else its id; else the call before it."""
        index = call.get("index")
        if isinstance(index, int) and not isinstance(index, bool):
            return ("index", index)
        if isinstance(call.get("id"), str) and call["id"]:
            return ("id", call["id"])
        return self._last_key or ("index", position)

    def _next_index(self) -> int:
        """The index of a new content block."""
        self._blocks += 1
        return self._blocks - 1

    def _release(self) -> list[Event]:
        """Closes the text block, then sends each held call whole, in order."""
        out = self._close_text()
        for call in self._calls:
            out += call.block(self._next_index())
        self._calls.clear()
        self._by_key.clear()
        return out

    def _close_text(self) -> list[Event]:
        if self._text is None:
            return []
        index, self._text = self._text, None
        return [_block_stop(index)]

    def _end(self) -> list[Event]:
        """What finishes the message: `message_delta` (stop reason, usage), `message_stop`."""
        out = self._start({}) + self._release()
        usage: dict[str, JSON] = {"output_tokens": _tokens(self._usage, "completion_tokens") or 0}
        input_tokens = _tokens(self._usage, "prompt_tokens")
        if input_tokens is not None:
            usage["input_tokens"] = input_tokens
        delta = {"stop_reason": stop_reason(self._finish), "stop_sequence": None}
        out.append(
            make_event("message_delta", {"type": "message_delta", "delta": delta, "usage": usage})
        )
        out.append(make_event("message_stop", {"type": "message_stop"}))
        self.complete = True
        return out

    def _fail(self, message: str) -> list[Event]:
        """Ends the stream in an `error` event with `message`."""
        self.complete = True
        error = {"type": "error", "error": {"type": "api_error", "message": message}}
        return [make_event("error", error)]


# ---------------------------------------------------------------- errors


def error_from_chat(
    status: int, body: bytes, *, scrub: Callable[[str], str] = lambda text: text
) -> str:
    """The message of a chat server's error body, scrubbed, then cut to 300 characters ("" when
    it has none).

    Knows OpenAI's and llama.cpp's `{"error": {"message"}}`, Ollama's `{"error": "..."}`, vLLM's
    `{"message"}`, FastAPI's `{"detail"}` and plain text; `status` is the gateway's to report.
    """
    try:
        value: JSON = orjson.loads(body)
    except orjson.JSONDecodeError:
        value = re.sub(r"<[^>]*>", " ", body.decode("utf-8", "replace"))
    return error_message(value, scrub)


def error_message(value: JSON, scrub: Callable[[str], str]) -> str:
    """The message a chat error value holds (an error body, chunk or its `error`), scrubbed,
    then cut to 300 characters ("" when it holds none)."""
    return _shorten(scrub(_error_text(value)))


def _error_text(value: JSON) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, list):
        return "; ".join(text for text in map(_error_text, value[:5]) if text)
    if not isinstance(value, dict):
        return ""
    for key in ("error", "message", "detail", "msg"):
        text = _error_text(value.get(key))
        if text:
            return text
    return ""


def _shorten(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= _ERROR_MAX else text[: _ERROR_MAX - 1] + "…"
