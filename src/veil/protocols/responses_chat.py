"""OpenAI Responses (Codex CLI) <-> OpenAI chat completions, for a local chat-only server.

Codex's own tools survive the trip: a `custom` (freeform) tool such as `apply_patch` is offered
to the chat model as a function whose one string argument `input` holds the raw text, and a
`local_shell` tool as a function `local_shell` whose arguments are the exec action; calls of
either come back as `custom_tool_call` and `local_shell_call` items. So `from_chat` and
`ChatToResponsesStream` take the original Responses request (`request=`) to know those tools.
Item ids derive from the chat answer's id and the item's place, so the streamed and the whole
translation of one answer are equal.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, TypeGuard

import orjson

from veil.protocols.anthropic_chat import error_message
from veil.protocols.neutral import JSON
from veil.protocols.sse import Event
from veil.protocols.stream import StreamFormatError, dumps
from veil.protocols.translate import (
    MAX_CALLS,
    SERVER_ERROR,
    TOO_MANY,
    HeldArguments,
    TooMuchHeldError,
    Translated,
    make_event,
)

LOCAL_SHELL = "local_shell"  # the function a `local_shell` tool becomes

_ROLES = {"user": "user", "assistant": "assistant", "system": "system", "developer": "system"}
_CHOICES = frozenset({"auto", "none", "required"})
_DETAILS = frozenset({"auto", "low", "high"})
_TEXT_PARTS = frozenset({"input_text", "output_text"})
_RESULTS = frozenset({"function_call_output", "custom_tool_call_output", "local_shell_call_output"})
# The Responses API's item, tool and content part types (openai 3.57): the only types from a
# request that a note may name (notes end up in a log line); any other is "unknown".
_ITEM_TYPES = frozenset(
    {
        "additional_tools",
        "apply_patch_call",
        "apply_patch_call_output",
        "code_interpreter_call",
        "compaction",
        "compaction_trigger",
        "computer_call",
        "computer_call_output",
        "configuration_update",
        "custom_tool_call",
        "custom_tool_call_output",
        "file_search_call",
        "function_call",
        "function_call_output",
        "image_generation_call",
        "item_reference",
        "local_shell_call",
        "local_shell_call_output",
        "mcp_approval_request",
        "mcp_approval_response",
        "mcp_call",
        "mcp_list_tools",
        "message",
        "program",
        "program_output",
        "reasoning",
        "shell_call",
        "shell_call_output",
        "tool_search_call",
        "tool_search_output",
        "web_search_call",
    }
)
_TOOL_TYPES = frozenset(
    {
        "apply_patch",
        "code_interpreter",
        "computer",
        "computer_use_preview",
        "custom",
        "file_search",
        "function",
        "image_generation",
        "local_shell",
        "mcp",
        "namespace",
        "programmatic_tool_calling",
        "shell",
        "tool_search",
        "web_search",
        "web_search_2025_08_26",
        "web_search_preview",
        "web_search_preview_2025_03_11",
    }
)
_PART_TYPES = frozenset(
    {
        "input_audio",
        "input_file",
        "input_image",
        "input_text",
        "output_text",
        "reasoning_text",
        "refusal",
        "summary_text",
    }
)
_ENDINGS = {"length": "max_output_tokens", "content_filter": "content_filter"}

_CUSTOM_NOTE = (
    "Call this tool with one argument, `input`: a JSON string holding the raw text the tool "
    "takes. Whatever is said above about the tool's freeform input applies to that text."
)
_INPUT_SCHEMA = {
    "type": "object",
    "properties": {"input": {"type": "string", "description": "The tool's raw input."}},
    "required": ["input"],
    "additionalProperties": False,
}
_SHELL_DESCRIPTION = "Runs a command on the user's machine and returns its output."
_SHELL_SCHEMA = {
    "type": "object",
    "properties": {
        "command": {
            "type": "array",
            "items": {"type": "string"},
            "description": 'The program and its arguments, e.g. ["bash", "-lc", "ls"].',
        },
        "working_directory": {"type": "string"},
        "timeout_ms": {"type": "integer"},
    },
    "required": ["command"],
}


# ---------------------------------------------------------------- request: Responses -> chat


def to_chat(body: dict[str, JSON], model: str | None = None) -> Translated:
    """A Responses request as a chat-completions request (`model` replaces the request's)."""
    notes = _Notes()
    messages = _Messages()
    if isinstance(body.get("instructions"), str):
        messages.system(body["instructions"])
    _input(body.get("input"), messages, notes)
    chat: dict[str, JSON] = {
        "model": model if model is not None else body.get("model"),
        "messages": messages.result(),
    }
    chat.update(_tooling(body, notes))
    chat.update(_settings(body))
    if body.get("previous_response_id") is not None:
        notes.say("previous_response_id (the local server keeps no state)")
    return Translated(chat, notes.lines())


class _Notes:
    """What a translation leaves out, counted per kind; never a value."""

    def __init__(self) -> None:
        self._counts: dict[tuple[str, str], int] = {}
        self._lines: list[str] = []

    def add(self, noun: str, where: str = "") -> None:
        """One more `noun` left out (`where`: e.g. " in tool outputs")."""
        self._counts[noun, where] = self._counts.get((noun, where), 0) + 1

    def say(self, line: str) -> None:
        self._lines.append(line)

    def lines(self) -> list[str]:
        counted = [
            f"{n} {noun}{'' if n == 1 else 's'}{where}" for (noun, where), n in self._counts.items()
        ]
        return counted + self._lines


def _named(kind: JSON, known: frozenset[str]) -> str:
    """A type name for a note: the name when it is one of the `known`, else "unknown"."""
    return kind if isinstance(kind, str) and kind in known else "unknown"


class _Messages:
    """Chat messages in order: leading system texts joined into one message, and neighbours of
    one role (user, assistant) merged, since many local chat templates want roles to alternate."""

    def __init__(self) -> None:
        self._system: list[str] = []
        self._out: list[dict[str, Any]] = []

    def system(self, text: str) -> None:
        if not text:
            return
        if self._out:
            self._out.append({"role": "system", "content": text})
        else:
            self._system.append(text)

    def user(self, parts: list[dict[str, JSON]]) -> None:
        if not parts:
            return
        last = self._last("user")
        if last is None:
            self._out.append({"role": "user", "content": parts})
        else:
            last["content"].extend(parts)

    def assistant(self, text: str = "", call: dict[str, JSON] | None = None) -> None:
        if not text and call is None:
            return
        last = self._last("assistant")
        if last is None:
            last = {"role": "assistant", "content": None}
            self._out.append(last)
        if text:
            last["content"] = text if last["content"] is None else f"{last['content']}\n\n{text}"
        if call is not None:
            last.setdefault("tool_calls", []).append(call)

    def tool(self, call_id: str, text: str) -> None:
        self._out.append({"role": "tool", "tool_call_id": call_id, "content": text})

    def result(self) -> list[JSON]:
        head = [{"role": "system", "content": "\n\n".join(self._system)}] if self._system else []
        return [*head, *(_joined(m) for m in self._out)]

    def _last(self, role: str) -> dict[str, Any] | None:
        return self._out[-1] if self._out and self._out[-1]["role"] == role else None


def _joined(message: dict[str, Any]) -> dict[str, Any]:
    """A user message's parts as one string when they are all text (what every server takes)."""
    parts = message["content"]
    if message["role"] != "user" or any(p["type"] != "text" for p in parts):
        return message
    return {**message, "content": "\n\n".join(p["text"] for p in parts)}


def _input(value: JSON, messages: _Messages, notes: _Notes) -> None:
    if isinstance(value, str):
        messages.user([{"type": "text", "text": value}])
        return
    for item in value if isinstance(value, list) else ():
        if isinstance(item, dict):
            _item(item, messages, notes)
        else:
            notes.add("unknown item")


def _item(item: dict[str, JSON], messages: _Messages, notes: _Notes) -> None:
    kind = item.get("type", "message")
    call = _call(item)
    if kind == "message":
        _message(item, messages, notes)
    elif call is not None:
        messages.assistant(call=call)
    elif kind in _RESULTS:
        messages.tool(_call_id(item), _output_text(item.get("output"), notes))
    elif kind == "reasoning":
        notes.add("reasoning item")
    else:
        notes.add(f"{_named(kind, _ITEM_TYPES)} item")


def _call_id(item: dict[str, JSON]) -> str:
    """A call's id: `call_id`, or `id` where the item has no other (`local_shell_call_output`)."""
    value = item.get("call_id") or item.get("id")
    return value if isinstance(value, str) else ""


def _call(item: dict[str, JSON]) -> dict[str, JSON] | None:
    """The chat tool call a call item becomes (None for any other item)."""
    kind = item.get("type")
    if kind == "function_call":
        name, arguments = item.get("name"), item.get("arguments", "")
    elif kind == "custom_tool_call":
        name, arguments = item.get("name"), dumps({"input": item.get("input", "")})
    elif kind == "local_shell_call":
        name, arguments = LOCAL_SHELL, dumps(item.get("action", {}))
    else:
        return None
    if not isinstance(arguments, str):
        arguments = dumps(arguments)
    function = {"name": name if isinstance(name, str) else "", "arguments": arguments}
    return {"id": _call_id(item), "type": "function", "function": function}


def _message(item: dict[str, JSON], messages: _Messages, notes: _Notes) -> None:
    role = _ROLES.get(str(item.get("role")))
    content = item.get("content")
    parts = [{"type": "input_text", "text": content}] if isinstance(content, str) else content
    parts = [p for p in parts if isinstance(p, dict)] if isinstance(parts, list) else []
    if role == "user":
        messages.user(_user_parts(parts, notes))
    elif role == "assistant":
        messages.assistant(_text_of(parts, notes, " in assistant messages"))
    elif role == "system":
        messages.system(_text_of(parts, notes, " in system messages"))
    else:
        notes.add("message", " of an unknown role")


def _user_parts(parts: list[dict[str, JSON]], notes: _Notes) -> list[dict[str, JSON]]:
    out: list[dict[str, JSON]] = []
    for part in parts:
        kind, text = part.get("type"), part.get("text")
        if kind in _TEXT_PARTS and isinstance(text, str):
            out.append({"type": "text", "text": text})
        elif kind == "input_image" and isinstance(part.get("image_url"), str):
            out.append({"type": "image_url", "image_url": _image_url(part)})
        elif kind == "input_image":
            notes.add("image", " given by file id")
        else:
            notes.add(f"{_named(kind, _PART_TYPES)} part")
    return out


def _image_url(part: dict[str, JSON]) -> dict[str, JSON]:
    url: dict[str, JSON] = {"url": part["image_url"]}
    if part.get("detail") in _DETAILS:
        url["detail"] = part["detail"]
    return url


def _text_of(parts: list[dict[str, JSON]], notes: _Notes, where: str) -> str:
    """The text parts of a message joined; any other part is noted."""
    texts: list[str] = []
    for part in parts:
        kind = part.get("type")
        text = part.get("refusal" if kind == "refusal" else "text")
        if (kind in _TEXT_PARTS or kind == "refusal") and isinstance(text, str):
            texts.append(text)
        else:
            notes.add(f"{_named(kind, _PART_TYPES)} part", where)
    return "\n\n".join(texts)


def _output_text(output: JSON, notes: _Notes) -> str:
    """A tool's output as text: the string, or the text parts of a list joined."""
    if isinstance(output, str):
        return output
    parts = [p for p in output if isinstance(p, dict)] if isinstance(output, list) else []
    return _text_of(parts, notes, " in tool outputs")


def _tooling(body: dict[str, JSON], notes: _Notes) -> dict[str, JSON]:
    """`tools`, `tool_choice` and `parallel_tool_calls` (none of them when no tool is left)."""
    raw = body.get("tools")
    tools = [t for t in (_tool(t, notes) for t in raw or ()) if t is not None]
    if not tools:
        return {}
    out: dict[str, JSON] = {"tools": tools}
    names = {t["function"]["name"] for t in tools}
    choice = _tool_choice(body.get("tool_choice"), names, notes)
    if choice is not None:
        out["tool_choice"] = choice
    if isinstance(body.get("parallel_tool_calls"), bool):
        out["parallel_tool_calls"] = body["parallel_tool_calls"]
    return out


def _tool(tool: JSON, notes: _Notes) -> dict[str, Any] | None:
    """The chat function a tool becomes (None for a hosted tool, such as `web_search`)."""
    tool = _object(tool)
    kind, name = tool.get("type"), tool.get("name")
    if kind == "local_shell":
        return _function(LOCAL_SHELL, _SHELL_DESCRIPTION, _SHELL_SCHEMA)
    if kind == "custom" and isinstance(name, str):
        return _function(name, _custom_description(tool), _INPUT_SCHEMA)
    if kind == "function" and isinstance(name, str):
        return _function(name, tool.get("description"), tool.get("parameters"), tool.get("strict"))
    notes.add(f"{_named(kind, _TOOL_TYPES)} tool")
    return None


def _function(
    name: str, description: JSON, parameters: JSON, strict: JSON = None
) -> dict[str, Any]:
    function: dict[str, JSON] = {"name": name}
    if isinstance(description, str):
        function["description"] = description
    if isinstance(parameters, dict):
        function["parameters"] = parameters
    if isinstance(strict, bool):
        function["strict"] = strict
    return {"type": "function", "function": function}


def _custom_description(tool: dict[str, JSON]) -> str:
    """A custom tool's description, with how to pass its input and its grammar, if any."""
    lines = [tool["description"]] if isinstance(tool.get("description"), str) else []
    lines.append(_CUSTOM_NOTE)
    fmt = tool.get("format")
    if isinstance(fmt, dict) and isinstance(fmt.get("definition"), str):
        syntax = fmt.get("syntax") if isinstance(fmt.get("syntax"), str) else "given"
        lines.append(
            f"The text must follow this {syntax} grammar (not enforced here):\n{fmt['definition']}"
        )
    return "\n\n".join(lines)


def _tool_choice(choice: JSON, names: set[str], notes: _Notes) -> JSON:
    """The chat form of `tool_choice`; None (not sent) when it names no tool the chat has."""
    if not isinstance(choice, dict):
        return choice if choice in _CHOICES else None
    kind = choice.get("type")
    name = LOCAL_SHELL if kind == "local_shell" else choice.get("name")
    if kind in ("function", "custom", "local_shell") and name in names:
        return {"type": "function", "function": {"name": name}}
    if kind == "allowed_tools" and choice.get("mode") in _CHOICES:
        notes.say("the tool list of tool_choice allowed_tools (its mode is kept)")
        return choice["mode"]
    notes.say("tool_choice (it names a tool the chat request does not have)")
    return None


def _settings(body: dict[str, JSON]) -> dict[str, JSON]:
    """Sampling, length, output format and streaming."""
    out: dict[str, JSON] = {}
    for key in ("temperature", "top_p"):
        if isinstance(body.get(key), int | float) and not isinstance(body[key], bool):
            out[key] = body[key]
    if _is_int(body.get("max_output_tokens")):
        out["max_tokens"] = body["max_output_tokens"]
    text = body.get("text")
    fmt = _response_format(text.get("format") if isinstance(text, dict) else None)
    if fmt is not None:
        out["response_format"] = fmt
    out["stream"] = body.get("stream") is True
    if out["stream"]:
        out["stream_options"] = {"include_usage": True}
    return out


def _response_format(fmt: JSON) -> JSON:
    kind = fmt.get("type") if isinstance(fmt, dict) else None
    if kind == "json_object":
        return {"type": "json_object"}
    if kind != "json_schema":
        return None
    keys = ("name", "schema", "strict", "description")
    return {"type": "json_schema", "json_schema": {k: fmt[k] for k in keys if k in fmt}}


def _is_int(value: JSON) -> TypeGuard[int]:
    return isinstance(value, int) and not isinstance(value, bool)


# ---------------------------------------------------------------- answer: chat -> Responses


def from_chat(
    body: dict[str, JSON], model: str | None = None, *, request: Mapping[str, JSON] | None = None
) -> dict[str, JSON]:
    """A chat completion as a Responses `response` object.

    `request`: the Responses request it answers, whose `custom` and `local_shell` tools turn
    calls back into their own items, and whose tool settings the response echoes. `model`: the
    model the response names (default: the completion's).
    """
    context = _Context.of(request)
    head = _Head.of(body, model, request)
    choices = body.get("choices")
    choice = _object(choices[0] if isinstance(choices, list) and choices else None)
    message = _object(choice.get("message"))
    status, details = _ending(choice.get("finish_reason"))
    output: list[dict[str, JSON]] = []
    if isinstance(message.get("content"), str) and message["content"]:
        output.append(_text_item(f"msg_{head.base}_0", message["content"], "completed"))
    calls = message.get("tool_calls")
    for i, call in enumerate(_object(c) for c in (calls if isinstance(calls, list) else ())):
        function = _object(call.get("function"))
        name, arguments = _str(function.get("name")), _str(function.get("arguments"))
        call_id = _str(call.get("id")) or f"call_{head.base}_{i}"
        place = f"{head.base}_{len(output)}"
        output.append(context.call_item(place, call_id, name, arguments, "completed"))
    if output and status == "incomplete":
        output[-1]["status"] = "incomplete"
    return context.response(head, output, status, _usage(body.get("usage")), details)


def _str(value: JSON) -> str:
    return value if isinstance(value, str) else ""


def _object(value: JSON) -> dict[str, JSON]:
    return value if isinstance(value, dict) else {}


@dataclass(frozen=True, slots=True)
class _Head:
    """The response's id stem (the chat id), creation time and model."""

    base: str
    created: int
    model: str

    @classmethod
    def of(cls, chat: JSON, model: str | None, request: Mapping[str, JSON] | None) -> _Head:
        chat = _object(chat)
        base = _str(chat.get("id")) or uuid.uuid4().hex
        created = chat["created"] if _is_int(chat.get("created")) else int(time.time())
        named = model or _str(chat.get("model")) or _str((request or {}).get("model"))
        return cls(base, created, named)


@dataclass(frozen=True, slots=True)
class _Context:
    """What the answer's Responses form takes from the request: which tools were `custom` or
    `local_shell`, and the tool settings a response echoes."""

    custom: frozenset[str]
    local_shell: bool
    echo: dict[str, JSON]

    @classmethod
    def of(cls, request: Mapping[str, JSON] | None) -> _Context:
        request = request or {}
        raw = request.get("tools")
        tools = [t for t in raw if isinstance(t, dict)] if isinstance(raw, list) else []
        custom = frozenset(
            t["name"] for t in tools if t.get("type") == "custom" and isinstance(t.get("name"), str)
        )
        choice = request.get("tool_choice")
        parallel = request.get("parallel_tool_calls")
        echo = {
            "tools": tools,
            "tool_choice": choice if isinstance(choice, str | dict) else "auto",
            "parallel_tool_calls": parallel if isinstance(parallel, bool) else True,
        }
        local_shell = any(t.get("type") == "local_shell" for t in tools)
        return cls(custom, local_shell, echo)

    def call_item(
        self, place: str, call_id: str, name: str, arguments: str, status: str
    ) -> dict[str, JSON]:
        """The output item of one chat tool call (`place`: the stem of its id)."""
        item: dict[str, JSON]
        if name in self.custom:
            item = {"type": "custom_tool_call", "id": f"ctc_{place}", "input": _input_of(arguments)}
        elif self.local_shell and name == LOCAL_SHELL:
            item = {"type": "local_shell_call", "id": f"lsc_{place}", "action": _action(arguments)}
        else:
            item = {"type": "function_call", "id": f"fc_{place}", "arguments": arguments}
        if item["type"] != "local_shell_call":
            item["name"] = name
        return {**item, "call_id": call_id, "status": status}

    def response(
        self,
        head: _Head,
        output: list[dict[str, JSON]],
        status: str,
        usage: JSON,
        details: JSON = None,
        error: JSON = None,
    ) -> dict[str, JSON]:
        return {
            "id": f"resp_{head.base}",
            "object": "response",
            "created_at": head.created,
            "status": status,
            "model": head.model,
            "output": output,
            "error": error,
            "incomplete_details": details,
            "usage": usage,
            **self.echo,
        }


def _loads(text: str) -> JSON:
    try:
        return orjson.loads(text)
    except orjson.JSONDecodeError:
        return None


def _input_of(arguments: str) -> str:
    """A custom tool's raw input from its function arguments: `{"input": ...}`; failing that,
    the only string of a one-key object, a bare JSON string, or the arguments as they are."""
    value = _loads(arguments)
    if isinstance(value, str):
        return value
    if isinstance(value, dict):
        if isinstance(value.get("input"), str):
            return str(value["input"])
        strings = [v for v in value.values() if isinstance(v, str)]
        if len(value) == 1 and strings:
            return strings[0]
    return arguments


def _action(arguments: str) -> dict[str, JSON]:
    """A local shell exec action from `local_shell` arguments (an empty command when they hold
    none, which the client reports back to the model)."""
    args = _object(_loads(arguments))
    command = args.get("command")
    env = args.get("env")
    action: dict[str, JSON] = {
        "type": "exec",
        "command": command if _strings(command) else [],
        "env": env if isinstance(env, dict) and _strings(list(env.values())) else {},
    }
    if _is_int(args.get("timeout_ms")):
        action["timeout_ms"] = args["timeout_ms"]
    for key in ("working_directory", "user"):
        if isinstance(args.get(key), str):
            action[key] = args[key]
    return action


def _strings(value: JSON) -> bool:
    return isinstance(value, list) and all(isinstance(v, str) for v in value)


def _ending(finish: JSON) -> tuple[str, JSON]:
    """The response's status and `incomplete_details` for a chat `finish_reason`."""
    reason = _ENDINGS.get(finish) if isinstance(finish, str) else None
    return ("completed", None) if reason is None else ("incomplete", {"reason": reason})


def _text_item(item_id: str, text: str, status: str) -> dict[str, JSON]:
    part = {"type": "output_text", "text": text, "annotations": []}
    return {
        "type": "message",
        "id": item_id,
        "role": "assistant",
        "status": status,
        "content": [part],
    }


def _usage(usage: JSON) -> JSON:
    """Chat usage in Responses form (None when the server sent none)."""
    if not isinstance(usage, dict):
        return None
    prompt, completion = _count(usage, "prompt_tokens"), _count(usage, "completion_tokens")
    total = _count(usage, "total_tokens") or prompt + completion
    cached = _count(usage.get("prompt_tokens_details"), "cached_tokens")
    reasoning = _count(usage.get("completion_tokens_details"), "reasoning_tokens")
    return {
        "input_tokens": prompt,
        "input_tokens_details": {"cached_tokens": cached, "cache_write_tokens": 0},
        "output_tokens": completion,
        "output_tokens_details": {"reasoning_tokens": reasoning},
        "total_tokens": total,
    }


def _count(value: JSON, key: str) -> int:
    count = value.get(key) if isinstance(value, dict) else None
    return count if _is_int(count) else 0


# ---------------------------------------------------------------- streamed answer


@dataclass(slots=True)
class _Call:
    """A streamed tool call, held until its choice finishes: its place among the answer's calls,
    its id and name once given, and its arguments so far."""

    position: int
    call_id: str = ""
    name: str = ""
    arguments: HeldArguments = field(default_factory=HeldArguments)


class ChatToResponsesStream:
    """Chat-completions stream events in, Responses stream events out.

    Text opens a message item and streams as it comes. Tool calls are held until the choice's
    `finish_reason` and then sent whole, in order, each as its item added, its arguments (or a
    custom call's input) in one delta, and done: nothing of a call ever follows its item's end,
    even from a server that interleaves the pieces of parallel calls. More than `MAX_CALLS`
    calls, or more than `MAX_CALL_ARGUMENTS` characters of one call's arguments, end the stream
    in `response.failed`. `response.completed` (or `.incomplete`) follows with the usage chunk,
    `[DONE]` or `close()`. `request`: the Responses request, as for `from_chat`; `scrub` makes
    an error message from the server safe to pass on.
    """

    def __init__(
        self,
        model: str | None = None,
        *,
        request: Mapping[str, JSON] | None = None,
        scrub: Callable[[str], str] = lambda text: text,
    ) -> None:
        self.complete = False
        self._model = model
        self._request = request
        self._scrub = scrub
        self._context = _Context.of(request)
        self._head: _Head | None = None
        self._seq = 0
        self._output: list[dict[str, JSON]] = []
        self._text: list[str] | None = None  # the open message's text
        self._text_at = -1  # its output index
        self._calls: list[_Call] = []
        self._by_index: dict[int, _Call] = {}  # the latest call of each chat tool-call index
        self._finish: str | None = None
        self._usage: JSON = None

    def feed(self, event: Event) -> list[Event]:
        if self.complete or event.data is None:
            return []
        if event.data.strip() == "[DONE]":
            return self._completed()
        data = _loads(event.data)
        if not isinstance(data, dict):
            return []
        out = self._start(data)
        choices = data.get("choices")
        if data.get("error") is not None and not choices:
            return [*out, *self._failed(error_message(data["error"], self._scrub) or SERVER_ERROR)]
        for choice in choices if isinstance(choices, list) else ():
            if isinstance(choice, dict) and choice.get("index", 0) == 0:
                out += self._choice(choice)
        if isinstance(data.get("usage"), dict):
            self._usage = _usage(data["usage"])
            if self._finish is not None:
                out += self._completed()
        return out

    def close(self) -> list[Event]:
        return [] if self.complete else self._completed()

    def _event(self, name: str, data: dict[str, JSON]) -> Event:
        event = make_event(name, {"type": name, **data, "sequence_number": self._seq})
        self._seq += 1
        return event

    def _response(self, status: str, details: JSON = None, error: JSON = None) -> JSON:
        assert self._head is not None
        output = list(self._output)
        return self._context.response(self._head, output, status, self._usage, details, error)

    def _start(self, chunk: dict[str, JSON]) -> list[Event]:
        if self._head is not None:
            return []
        self._head = _Head.of(chunk, self._model, self._request)
        response = self._response("in_progress")
        return [
            self._event("response.created", {"response": response}),
            self._event("response.in_progress", {"response": response}),
        ]

    def _choice(self, choice: dict[str, JSON]) -> list[Event]:
        if self._finish is not None or self.complete:
            return []
        delta = _object(choice.get("delta"))
        out: list[Event] = []
        if isinstance(delta.get("content"), str) and delta["content"]:
            out += self._text_delta(delta["content"])
        calls = delta.get("tool_calls")
        try:
            for position, call in enumerate(calls if isinstance(calls, list) else ()):
                if isinstance(call, dict):
                    self._hold(call, position)
        except TooMuchHeldError as error:
            return [*out, *self._failed(str(error))]
        finish = choice.get("finish_reason")
        if isinstance(finish, str):
            out += self._finished(finish)
        return out

    def _text_delta(self, piece: str) -> list[Event]:
        out: list[Event] = []
        if self._text is None:
            self._text, self._text_at = [], len(self._output)
            out.append(self._add({"type": "message", "role": "assistant", "content": []}, "msg"))
            part = {"type": "output_text", "text": "", "annotations": []}
            added = {**self._at(self._text_at), "part": part}
            out.append(self._event("response.content_part.added", added))
        self._text.append(piece)
        delta = {**self._at(self._text_at), "delta": piece, "logprobs": []}
        return [*out, self._event("response.output_text.delta", delta)]

    def _at(self, index: int) -> dict[str, JSON]:
        """Where an event's item is: its id, output index and (for a message) content index."""
        item = self._output[index]
        where = {"item_id": item["id"], "output_index": index}
        return where if item["type"] != "message" else {**where, "content_index": 0}

    def _add(self, item: dict[str, JSON], prefix: str) -> Event:
        assert self._head is not None
        index = len(self._output)
        item = {"id": f"{prefix}_{self._head.base}_{index}", **item, "status": "in_progress"}
        self._output.append(item)
        return self._event("response.output_item.added", {"output_index": index, "item": item})

    def _close_text(self, status: str) -> list[Event]:
        if self._text is None:
            return []
        index = self._text_at
        where = self._at(index)
        item = _text_item(str(where["item_id"]), "".join(self._text), status)
        self._output[index] = item
        self._text = None
        part = item["content"][0]
        return [
            self._event(
                "response.output_text.done", {**where, "text": part["text"], "logprobs": []}
            ),
            self._event("response.content_part.done", {**where, "part": part}),
            self._event("response.output_item.done", {"output_index": index, "item": item}),
        ]

    def _hold(self, delta: dict[str, JSON], position: int) -> None:
        """Holds one tool-call delta: a new call, or more of a held call's arguments."""
        call = self._call_of(delta, position)
        function = _object(delta.get("function"))
        call.name = call.name or _str(function.get("name"))
        call.arguments.add(_str(function.get("arguments")))

    def _call_of(self, delta: dict[str, JSON], position: int) -> _Call:
        """The call a tool-call delta continues, or a new one: at a new index, or with an id
        other than the call's at its index (some servers number every call 0)."""
        index = delta.get("index", position)
        if not _is_int(index):
            raise StreamFormatError("a tool call's index is not an integer")
        call_id = _str(delta.get("id"))
        call = self._by_index.get(index)
        if call is None or (call_id and call.call_id and call_id != call.call_id):
            if len(self._calls) == MAX_CALLS:
                raise TooMuchHeldError(TOO_MANY)
            call = self._by_index[index] = _Call(len(self._calls))
            self._calls.append(call)
        call.call_id = call.call_id or call_id
        return call

    def _finished(self, finish: str) -> list[Event]:
        """Closes the message and sends each held call whole, the last item incomplete when the
        answer was cut short."""
        self._finish = finish
        status, _ = _ending(finish)
        out = self._close_text("completed" if self._calls else status)
        for call in self._calls:
            out += self._send(call, status if call is self._calls[-1] else "completed")
        return out

    def _send(self, call: _Call, status: str) -> list[Event]:
        """One held call, whole: its item added, then its arguments or input, and done."""
        assert self._head is not None
        call_id = call.call_id or f"call_{self._head.base}_{call.position}"
        index = len(self._output)
        place = f"{self._head.base}_{index}"
        item = self._context.call_item(place, call_id, call.name, "", "in_progress")
        self._output.append(item)
        added = self._event("response.output_item.added", {"output_index": index, "item": item})
        arguments = call.arguments.text
        self._output[index] = self._context.call_item(place, call_id, call.name, arguments, status)
        return [added, *self._call_done(index)]

    def _call_done(self, index: int) -> list[Event]:
        """A call item's content in one delta (none when empty), its done event, its end."""
        item = self._output[index]
        where = self._at(index)
        out: list[Event] = []
        if item["type"] == "function_call":
            out += self._whole(where, "function_call_arguments", "arguments", item["arguments"])
        elif item["type"] == "custom_tool_call":
            out += self._whole(where, "custom_tool_call_input", "input", item["input"])
        item_done = {"output_index": index, "item": item}
        return [*out, self._event("response.output_item.done", item_done)]

    def _whole(self, where: dict[str, JSON], kind: str, key: str, text: JSON) -> list[Event]:
        """`response.<kind>.delta` with all of `text` (when there is any), then `.done`."""
        delta = [self._event(f"response.{kind}.delta", {**where, "delta": text})] if text else []
        return [*delta, self._event(f"response.{kind}.done", {**where, key: text})]

    def _completed(self) -> list[Event]:
        """`response.completed` or `.incomplete`, once the choice has finished."""
        if self._finish is None or self.complete:
            return []
        self.complete = True
        status, details = _ending(self._finish)
        name = "response.completed" if status == "completed" else "response.incomplete"
        return [self._event(name, {"response": self._response(status, details)})]

    def _failed(self, message: str) -> list[Event]:
        """Ends the stream in `response.failed` with `message`."""
        self.complete = True
        failure = {"code": "server_error", "message": message}
        return [
            self._event("response.failed", {"response": self._response("failed", None, failure)})
        ]
