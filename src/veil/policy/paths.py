"""The file paths a request carries, and the `[policy.paths]` tier a path falls under.

Paths sit where clients put them: the inputs of file tools (Claude Code's Read/Edit/Grep, MCP
filesystem tools, Codex's read_file), shell commands that read files and apply_patch headers
(`shell`), Codex's apply_patch calls, paths quoted in the text the developer or the assistant
wrote or in the file names of fenced blocks (`mentions`), and the files a tool's result shows (a
diff's headers, `grep -rn` lines). Nothing here does I/O.
"""

from __future__ import annotations

import json
import os
import posixpath
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pathspec

from veil.policy.mentions import DRIVE, PathRef, looks_like_path, result_paths, text_paths
from veil.policy.shell import command_refs, patch_paths


@dataclass(frozen=True, slots=True)
class ToolCall:
    """A tool call in a request: `ids` it is answered by, its name, its parsed arguments, and
    `at`, the JSON path of its raw input (a dict, a JSON text, a patch, or an argv list)."""

    ids: tuple[str, ...]
    name: str
    arguments: Any
    at: tuple[str | int, ...]


@dataclass(frozen=True, slots=True)
class ToolResult:
    """A tool result in a request: the `call_id` it answers, the dict that holds its content
    under `key`, `at`, the JSON path of that content, and `part`, the type a text part of that
    format has."""

    call_id: str
    holder: dict[str, Any]
    key: str
    at: tuple[str | int, ...]
    part: str


# -- tool calls ------------------------------------------------------------------------------

_SHELL_TOOLS = frozenset({
    "bash", "shell", "exec_command", "shell_command", "local_shell", "container.exec",
    "run_terminal_cmd", "execute_command", "run_command", "run_shell_command", "terminal",
    "powershell", "run_in_terminal", "runterminalcommand", "local_shell_call", "shell_call",
})  # fmt: skip
_FILE_TOOLS = frozenset({
    "read", "edit", "multiedit", "write", "notebookedit", "notebookread", "grep", "glob", "ls",
    "read_file", "read_text_file", "read_media_file", "read_multiple_files", "write_file",
    "edit_file", "view", "view_image", "open_file", "create_file", "str_replace_editor",
    "str_replace_based_edit_tool", "readfile", "editfile", "view_file", "cat_file", "list_dir",
    "grep_files", "search_files", "write_to_file", "replace_in_file", "builtin_read_file",
    "read_currently_open_file", "insert_edit_into_file", "replace_string_in_file",
})  # fmt: skip
_PATH_KEYS = (
    "file_path", "filepath", "notebook_path", "path", "paths", "filename", "file",
    "target_file", "absolute_path", "relative_path", "dir_path", "files",
)  # fmt: skip
COMMAND_KEYS = ("command", "cmd", "commands", "script")  # where shell tools take the command


def call_paths(name: str, arguments: Any) -> list[PathRef]:
    """The files a tool call reads or touches, from its name and its (parsed) arguments."""
    base = tool_base(name)
    refs: list[PathRef] = []
    if isinstance(arguments, str) and base == "apply_patch":
        return [PathRef(p, "patch") for p in patch_paths(arguments)]
    if isinstance(arguments, str | list) and base in _SHELL_TOOLS:
        arguments = {"command": arguments}
    if not isinstance(arguments, dict):
        return refs
    if base == "apply_patch_call":  # the Responses item: {type, path, diff}
        path = arguments.get("path")
        return [PathRef(path.strip(), "patch")] if isinstance(path, str) and path.strip() else []
    if base == "apply_patch":
        patch = arguments.get("input", arguments.get("patch"))
        return [PathRef(p, "patch") for p in patch_paths(patch)] if isinstance(patch, str) else []
    if base in _SHELL_TOOLS:
        for key in COMMAND_KEYS:
            command = arguments.get(key)
            commands = command if key == "commands" and isinstance(command, list) else [command]
            for one in commands:
                refs.extend(command_refs(one))
        return _unique_refs(refs)
    known = base in _FILE_TOOLS
    for key in _PATH_KEYS:
        value = arguments.get(key)
        values = value if isinstance(value, list) else [value]
        for v in values:
            if isinstance(v, str) and v.strip() and (known or looks_like_path(v)):
                refs.append(PathRef(v.strip(), "tool"))
    return _unique_refs(refs)


def tool_base(name: str) -> str:
    """`mcp__filesystem__read_file` -> `read_file`; `functions.Read` -> `read`."""
    base = name.rsplit("__", 1)[-1].lower()
    return base.removeprefix("functions.")


def parse_arguments(raw: Any) -> Any:
    """A function call's arguments: JSON text parsed, anything else as it is."""
    if isinstance(raw, str):
        try:
            return json.loads(raw)
        except ValueError:
            return raw
    return raw


# A prompt text, or a tool call with the files it reads or touches.
Piece = str | tuple[ToolCall, list[PathRef]]


def walk(body: Any, route: str) -> list[Piece]:
    """A request's prompt texts and tool calls, each call with its paths, in order: read once,
    for withholding (`withhold.withhold`) and for classifying (`request_paths`)."""
    return [
        p if isinstance(p, str) else (p, call_paths(p.name, p.arguments))
        for p in _walk(body, route)
    ]


def _walk(body: Any, route: str) -> Iterator[str | ToolCall]:
    """The prompt texts (what the developer, the client or the assistant wrote; never a tool's
    result) and the tool calls of a request, in order of appearance."""
    if not isinstance(body, dict):
        return
    if route == "messages":
        yield from message_texts(body.get("system"))
        for m, msg in _items(body.get("messages")):
            content = msg.get("content")
            yield from message_texts(content)
            for b, block in _items(content):
                if block.get("type") in ("tool_use", "server_tool_use"):
                    at = ("messages", m, "content", b, "input")
                    name = str(block.get("name", ""))
                    yield ToolCall(_ids(block.get("id")), name, block.get("input"), at)
    elif route == "chat":
        for m, msg in _items(body.get("messages")):
            if msg.get("role") not in ("tool", "function"):
                yield from message_texts(msg.get("content"))
            for c, call in _items(msg.get("tool_calls")):
                fn = call.get("function")
                if isinstance(fn, dict):
                    args = parse_arguments(fn.get("arguments"))
                    yield ToolCall(
                        _ids(call.get("id")),
                        str(fn.get("name", "")),
                        args,
                        ("messages", m, "tool_calls", c, "function", "arguments"),
                    )
    elif route == "responses":
        yield from message_texts(body.get("instructions"))
        if isinstance(body.get("input"), str):
            yield body["input"]
        for i, item in _items(body.get("input")):
            yield from _response_item(i, item)
    elif route in ("completions", "embeddings"):
        for key in ("prompt", "suffix", "input"):
            value = body.get(key)
            yield from [value] if isinstance(value, str) else _strings(value)


def _response_item(i: int, item: dict[str, Any]) -> Iterator[str | ToolCall]:
    kind = item.get("type", "message" if "role" in item else None)
    ids = _ids(item.get("call_id"), item.get("id"))
    name = str(item.get("name", ""))
    if kind == "message":
        yield from message_texts(item.get("content"))
    elif kind == "function_call":
        yield ToolCall(ids, name, parse_arguments(item.get("arguments")), ("input", i, "arguments"))
    elif kind == "custom_tool_call":
        yield ToolCall(ids, name, item.get("input"), ("input", i, "input"))
    elif kind == "apply_patch_call":
        operation = item.get("operation")
        if isinstance(operation, dict):
            yield ToolCall(ids, kind, operation, ("input", i, "operation"))
    elif kind in ("local_shell_call", "shell_call"):
        action = item.get("action")
        key = "command" if kind == "local_shell_call" else "commands"
        if isinstance(action, dict):
            yield ToolCall(ids, kind, {key: action.get(key)}, ("input", i, "action", key))


def tool_results(body: Any, route: str) -> Iterator[ToolResult]:
    """Every tool result in a request body (Anthropic `tool_result` blocks, chat `tool`
    messages, Responses `*_call_output` items), in order."""
    if not isinstance(body, dict):
        return
    if route == "messages":
        for m, msg in _items(body.get("messages")):
            for b, block in _items(msg.get("content")):
                if block.get("type") == "tool_result":
                    call_id = str(block.get("tool_use_id", ""))
                    at: tuple[str | int, ...] = ("messages", m, "content", b, "content")
                    yield ToolResult(call_id, block, "content", at, "text")
    elif route == "chat":
        for m, msg in _items(body.get("messages")):
            if msg.get("role") == "tool":
                call_id = str(msg.get("tool_call_id", ""))
                yield ToolResult(call_id, msg, "content", ("messages", m, "content"), "text")
    elif route == "responses":
        for i, item in _items(body.get("input")):
            if str(item.get("type", "")).endswith("_call_output"):
                call_id = str(item.get("call_id") or item.get("id") or "")
                yield ToolResult(call_id, item, "output", ("input", i, "output"), "input_text")


def nested_bodies(body: Any) -> Iterator[tuple[tuple[str | int, ...], dict[str, Any], str]]:
    """(JSON path, body, route) of the request bodies inside a body of no known format (a
    message batch's `requests[].params`): a dict with a `messages` list is read as an Anthropic
    and as a chat request, one with an `input` list as a Responses request. Looks no deeper
    than `_NESTED_DEPTH` containers, and not inside the conversations it finds."""
    stack: list[tuple[tuple[str | int, ...], Any]] = [((), body)]
    while stack:
        at, node = stack.pop()
        if isinstance(node, list):
            if len(at) < _NESTED_DEPTH:
                stack.extend(((*at, i), v) for i, v in reversed(list(enumerate(node))))
            continue
        if not isinstance(node, dict):
            continue
        found: set[str] = set()
        if isinstance(node.get("messages"), list):
            found.add("messages")
            yield at, node, "messages"
            yield at, node, "chat"
        if isinstance(node.get("input"), list):
            found.add("input")
            yield at, node, "responses"
        if len(at) < _NESTED_DEPTH:
            stack.extend(
                ((*at, k), v)
                for k, v in reversed(node.items())
                if isinstance(v, dict | list) and k not in found
            )


_NESTED_DEPTH = 16


def message_texts(content: Any) -> Iterator[str]:
    """A message's text: a string, or the `text` of its text parts (`text`, `input_text`...)."""
    if isinstance(content, str):
        yield content
    for _, part in _items(content):
        if part.get("type") in (None, "text", "input_text", "output_text") and isinstance(
            part.get("text"), str
        ):
            yield part["text"]


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def _items(value: Any) -> Iterator[tuple[int, dict[str, Any]]]:
    if isinstance(value, list):
        for i, item in enumerate(value):
            if isinstance(item, dict):
                yield i, item


def _ids(*values: Any) -> tuple[str, ...]:
    return tuple(dict.fromkeys(v for v in values if isinstance(v, str) and v))


def _unique_refs(refs: list[PathRef]) -> list[PathRef]:
    return list(dict.fromkeys(refs))


# -- the request -----------------------------------------------------------------------------


TextPaths = Callable[[str], list[PathRef]]


def request_paths(
    body: Any,
    route: str,
    texts: TextPaths = text_paths,
    pieces: list[Piece] | None = None,
    shown: TextPaths = result_paths,
) -> list[PathRef]:
    """Every file path the request carries, deduplicated (by path and where): in its prompt
    texts (by `texts`) and its tool calls, in order of appearance, then the files its tool
    results show (diff headers, `grep -rn` lines). `route`: `messages`, `chat`, `responses`,
    `completions`, `embeddings`, `other` (every string is then searched, and the requests nested
    in it are read: a message batch); `texts` finds the paths of one text and `shown` those a
    tool result shows (the gateway passes ones that remember them); `pieces`, the request's
    `walk` when it was read already. Never raises on odd shapes."""
    refs: list[PathRef] = []
    if route not in ("messages", "chat", "responses", "completions", "embeddings"):
        _anything(body, refs, 0, texts)
        for _, nested, kind in nested_bodies(body):
            _calls_and_results(nested, kind, refs, shown)
        return _unique_refs(refs)
    for piece in walk(body, route) if pieces is None else pieces:
        refs.extend(texts(piece) if isinstance(piece, str) else piece[1])
    refs.extend(_results_paths(body, route, shown))
    return _unique_refs(refs)


def _calls_and_results(
    body: dict[str, Any], route: str, refs: list[PathRef], shown: TextPaths
) -> None:
    for piece in walk(body, route):
        if not isinstance(piece, str):
            refs.extend(piece[1])
    refs.extend(_results_paths(body, route, shown))


def _results_paths(body: Any, route: str, shown: TextPaths) -> Iterator[PathRef]:
    for result in tool_results(body, route):
        for text in _strings_of_result(result.holder.get(result.key)):
            yield from shown(text)


def _strings_of_result(value: Any) -> Iterator[str]:
    """A result's text: a string, or its parts' `text` (or a shell output's `stdout`)."""
    if isinstance(value, str):
        yield value
    for _, part in _items(value):
        for key in ("text", "stdout"):
            if isinstance(part.get(key), str):
                yield part[key]


def _anything(value: Any, refs: list[PathRef], depth: int, texts: TextPaths) -> None:
    if depth > 64:
        return
    if isinstance(value, str):
        refs.extend(texts(value))
    elif isinstance(value, list):
        for item in value:
            _anything(item, refs, depth + 1, texts)
    elif isinstance(value, dict):
        for key, item in value.items():
            if key in _PATH_KEYS and isinstance(item, str) and looks_like_path(item):
                refs.append(PathRef(item, "tool"))
            else:
                _anything(item, refs, depth + 1, texts)


# -- [policy.paths] --------------------------------------------------------------------------


class PathPolicy:
    """`[policy.paths]`: gitignore patterns, relative to the workspace, that make a path
    Restricted or Internal."""

    __slots__ = ("_specs", "workspace")

    def __init__(
        self,
        restricted: Sequence[str] = (),
        internal: Sequence[str] = (),
        workspace: Path | None = None,
    ) -> None:
        self.workspace = workspace
        self._specs = [
            (tier, pathspec.GitIgnoreSpec.from_lines(list(patterns), backend="simple"))
            for tier, patterns in (("restricted", restricted), ("internal", internal))
            if any(p.strip() for p in patterns)
        ]

    @property
    def empty(self) -> bool:
        """No patterns: no path has a tier here."""
        return not self._specs

    def tier_of(self, path: str, workspace: Path | None = None) -> tuple[str, str] | None:
        """(`restricted` | `internal`, the pattern) for a path under a pattern (restricted wins),
        else None. An absolute path counts by its place under the workspace the client reports
        (`workspace`), else the configured one, and not at all outside both; a relative path by
        itself, `..` resolved. A path that may name a folder counts by what is inside it too."""
        rel = self._relative(path, workspace)
        if rel is None:
            return None
        for tier, spec in self._specs:
            for form in (rel, rel + "/"):
                result = spec.check_file(form)
                if result.include and result.index is not None:
                    return tier, str(spec.patterns[result.index].pattern)
                if result.include is False:
                    break
        return None

    def _relative(self, path: str, workspace: Path | None) -> str | None:
        p = path.strip().removeprefix("@").replace("\\", "/")
        if p.startswith("~"):
            p = os.path.expanduser(p).replace("\\", "/")
        if not (p.startswith("/") or DRIVE.match(p)):
            rel = posixpath.normpath(p) if p else "."
            return None if rel == "." else rel
        p = posixpath.normpath(p)
        for root in (workspace, self.workspace):
            if root is None:
                continue
            base = posixpath.normpath(str(root).replace("\\", "/"))
            if p.lower().startswith(base.lower().rstrip("/") + "/") and (
                p.startswith(base) or DRIVE.match(p)
            ):
                return p[len(base.rstrip("/")) + 1 :]
        return None
