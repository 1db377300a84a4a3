"""Deny-listed files are withheld, not masked: what a tool read from `.env` never leaves.

A tool result is matched to its tool call by id (Anthropic `tool_use_id`, chat `tool_call_id`,
Responses `call_id`), in the same request, since clients resend the whole history every turn.
When the call read or touched a deny-listed file, the result's content becomes a short notice;
when the call itself carries the file's content (an Edit's strings, a Write's content, a patch, a
shell heredoc), that content becomes the notice too. A result whose call is not in the request is
left alone (the detectors still mask secrets in it). The same body always comes out the same.
"""

from __future__ import annotations

import fnmatch
import json
import posixpath
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from veil.policy.paths import ToolCall, call_paths, tool_base, tool_calls
from veil.policy.shell import patch_paths, shell_writes


@dataclass(frozen=True, slots=True)
class Withheld:
    """One replaced piece: the deny-listed `path` its call named (the caller hashes it), the id
    the result was matched by, and `where`, the JSON path of what was replaced."""

    path: str
    call_id: str
    where: tuple[str | int, ...]


_Result = tuple[str, dict[str, Any], str, tuple[str | int, ...], str]
_CONTENT_KEYS = frozenset({
    "content", "contents", "old_string", "new_string", "new_source", "file_text", "old_str",
    "new_str", "insert_text", "oldText", "newText", "text", "diff", "code_edit", "new_content",
    "search", "replace", "patch", "input",
})  # fmt: skip
_COMMAND_KEYS = ("command", "cmd", "commands", "script")
_GREP_TOOLS = frozenset({"grep", "grep_files", "search_files"})
# Names a glob in a command or a Grep may reach (`cat .env*`, `glob: "**/*.pem"`).
_SAMPLES = (
    ".env", ".env.local", ".env.production", "id_rsa", "id_ed25519", "id_ecdsa", "server.pem",
    "server.key", "terraform.tfstate", "credentials.json", "serviceAccountKey.json", ".netrc",
    ".npmrc", ".pypirc", "kubeconfig", "prod.kubeconfig", "credentials", "config",
)  # fmt: skip


def notice(path: str) -> str:
    """The text that stands where the file's content was; it names the file by its final
    component (and a dot-folder above it: `.ssh/id_rsa`), never a full path."""
    parts = [p for p in path.replace("\\", "/").split("/") if p not in ("", ".", "..")]
    tail = parts[-2:] if len(parts) > 1 and parts[-2].startswith(".") else parts[-1:]
    name = re.sub(r"[^\w.\-@+~*/]", "", "/".join(tail))[:80] or "this file"
    return (
        f"[veil] The content of `{name}` was withheld by policy: the file is on veil's deny list "
        "of files that must never leave this machine. Tell the developer that veil withheld it. "
        "To allow it, add the path to `[policy.files] allow = [...]` in veil.toml."
    )


def withhold(body: Any, route: str, denies: Callable[[str], bool]) -> list[Withheld]:
    """Replace, in place, the content of every tool result whose call (matched by id) read a
    file `denies` says is deny-listed, and the file content a call's own input carries; return
    what was withheld. `route`: `messages`, `chat` or `responses` (others hold no tool calls).
    Never raises on odd shapes."""
    if not isinstance(body, dict):
        return []
    found: list[Withheld] = []
    denied_calls: dict[str, str] = {}
    for call in tool_calls(body, route):
        path = _denied_path(call, denies)
        if path is None:
            continue
        for call_id in call.ids:
            denied_calls[call_id] = path
        if _blank_input(body, call, denies, notice(path)):
            found.append(Withheld(path, call.ids[0] if call.ids else "", call.at))
    if not denied_calls:
        return found
    for call_id, holder, key, at, part in _results(body, route):
        path = denied_calls.get(call_id, "")
        if path and holder.get(key) is not None:
            holder[key] = _replaced(holder[key], notice(path), part)
            found.append(Withheld(path, call_id, at))
    return found


def _denied_path(call: ToolCall, denies: Callable[[str], bool]) -> str | None:
    """The first deny-listed file the call reads or touches, if any."""
    paths = [ref.path for ref in call_paths(call.name, call.arguments)]
    args = call.arguments if isinstance(call.arguments, dict) else {}
    for key in _COMMAND_KEYS:
        for command in _commands(key, args.get(key)):
            paths.extend(shell_writes(command))
    if tool_base(call.name) in _GREP_TOOLS:
        paths.extend(v for k in ("glob", "include") if isinstance(v := args.get(k), str))
    return next((p for p in paths if _may_deny(p, denies)), None)


def _may_deny(path: str, denies: Callable[[str], bool]) -> bool:
    """Whether the file is deny-listed, or a glob (`.env*`, `*.pem`) may reach one that is."""
    if denies(path):
        return True
    if not any(c in path for c in "*?["):
        return False
    folder, base = posixpath.split(path.replace("\\", "/"))
    if not base.strip("*?[]"):
        return False  # `*` alone: too broad to mean a deny-listed file
    return any(
        fnmatch.fnmatchcase(sample, base) and denies(posixpath.join(folder, sample))
        for sample in _SAMPLES
        if base.startswith(".") or not sample.startswith(".")
    )


def _commands(key: str, value: Any) -> list[str | list[str]]:
    """The shell commands under `key`: a string, an argv list, or (`commands`) a list of them."""
    if isinstance(value, str):
        return [value]
    if not isinstance(value, list):
        return []
    if key == "commands":
        return [v for v in value if isinstance(v, str | list)]
    return [value] if all(isinstance(v, str) for v in value) else []


def _blank_input(body: Any, call: ToolCall, denies: Callable[[str], bool], text: str) -> bool:
    """Put `text` in place of the file content the call's own input carries; whether it did."""
    args = call.arguments
    base = tool_base(call.name)
    if isinstance(args, str):  # a custom tool's free-form input: an apply_patch patch
        hit = base == "apply_patch" and any(_may_deny(p, denies) for p in patch_paths(args))
        return hit and _set(body, call.at, text)
    if not isinstance(args, dict):
        return False
    new = dict(args)
    for key in _COMMAND_KEYS:
        if key in new and _command_carries(key, new[key], denies):
            new[key] = [text] if isinstance(new[key], list) else text
    if not any(key in args for key in _COMMAND_KEYS):
        new = _blanked(new, text)
    if new == args:
        return False
    if call.at[-2:] in (("action", "command"), ("action", "commands")):
        return _set(body, call.at, next(iter(new.values())))
    raw = _get(body, call.at)
    return _set(body, call.at, json.dumps(new, ensure_ascii=False) if isinstance(raw, str) else new)


def _command_carries(key: str, value: Any, denies: Callable[[str], bool]) -> bool:
    """Whether a shell command writes a deny-listed file (its content is in the command), or
    holds a patch of one."""
    for command in _commands(key, value):
        text = command if isinstance(command, str) else "\n".join(command)
        if any(_may_deny(p, denies) for p in [*shell_writes(command), *patch_paths(text)]):
            return True
    return False


def _blanked(value: Any, text: str) -> Any:
    if isinstance(value, dict):
        return {
            k: text if k in _CONTENT_KEYS and isinstance(v, str) else _blanked(v, text)
            for k, v in value.items()
        }
    if isinstance(value, list):
        return [_blanked(v, text) for v in value]
    return value


def _results(body: dict[str, Any], route: str) -> Iterator[_Result]:
    """(call id, holder, key, JSON path, text part type) of every tool result in the body."""
    messages = body.get("messages")
    items = body.get("input")
    if route == "messages" and isinstance(messages, list):
        for m, msg in enumerate(messages):
            content = msg.get("content") if isinstance(msg, dict) else None
            for b, block in enumerate(content if isinstance(content, list) else []):
                if isinstance(block, dict) and block.get("type") == "tool_result":
                    at: tuple[str | int, ...] = ("messages", m, "content", b, "content")
                    yield str(block.get("tool_use_id", "")), block, "content", at, "text"
    elif route == "chat" and isinstance(messages, list):
        for m, msg in enumerate(messages):
            if isinstance(msg, dict) and msg.get("role") == "tool":
                yield (
                    str(msg.get("tool_call_id", "")),
                    msg,
                    "content",
                    ("messages", m, "content"),
                    "text",
                )
    elif route == "responses" and isinstance(items, list):
        for i, item in enumerate(items):
            if isinstance(item, dict) and str(item.get("type", "")).endswith("_call_output"):
                call_id = item.get("call_id") or item.get("id") or ""
                yield str(call_id), item, "output", ("input", i, "output"), "input_text"


def _replaced(value: Any, text: str, part: str) -> Any:
    """`value` (a string, content parts, or shell outputs) with `text` as its only content."""
    if isinstance(value, list) and value and isinstance(value[0], dict):
        first = value[0]
        if "stdout" in first or "stderr" in first:
            return [{**first, "stdout": text, "stderr": ""}]
        return [{"type": part, "text": text}]
    if isinstance(value, list):
        return [{"type": part, "text": text}]
    return text


def _get(body: Any, at: tuple[str | int, ...]) -> Any:
    node = body
    for step in at:
        try:
            node = node[step]
        except (KeyError, IndexError, TypeError):
            return None
    return node


def _set(body: Any, at: tuple[str | int, ...], value: Any) -> bool:
    """Put `value` at `at`; whether that changed anything."""
    parent, key = _get(body, at[:-1]), at[-1]
    if isinstance(parent, dict) and isinstance(key, str):
        if key in parent and parent[key] == value:
            return False
        parent[key] = value
        return True
    if isinstance(parent, list) and isinstance(key, int) and 0 <= key < len(parent):
        if parent[key] == value:
            return False
        parent[key] = value
        return True
    return False
