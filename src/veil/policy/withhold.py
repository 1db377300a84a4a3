"""Deny-listed files are withheld, not masked: what a tool read from `.env` never leaves.

A tool result is matched to its tool call by id (Anthropic `tool_use_id`, chat `tool_call_id`,
Responses `call_id`), in the same request, since clients resend the whole history every turn.
When the call read or touched a deny-listed file, the result's content becomes a short notice;
when the call itself carries the file's content (an Edit's strings, a Write's content, a patch, a
shell heredoc), that content becomes the notice too. A result whose call is not in the request is
left alone (the detectors still mask secrets in it). The same body always comes out the same.
A body of no known format is searched for the requests nested in it (a message batch).
"""

from __future__ import annotations

import fnmatch
import json
import posixpath
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from veil.detect.files import SAMPLE_NAMES
from veil.policy.mentions import PathRef
from veil.policy.paths import (
    COMMAND_KEYS,
    Piece,
    ToolCall,
    nested_bodies,
    tool_base,
    tool_results,
    walk,
)
from veil.policy.shell import patch_paths, shell_writes


@dataclass(frozen=True, slots=True)
class Withheld:
    """One replaced piece: the deny-listed `path` its call named (held in memory only: the caller
    records how many pieces were withheld, never a path), the id the result was matched by, and
    `where`, the JSON path of what was replaced."""

    path: str
    call_id: str
    where: tuple[str | int, ...]


_CONTENT_KEYS = frozenset({
    "content", "contents", "old_string", "new_string", "new_source", "file_text", "old_str",
    "new_str", "insert_text", "oldText", "newText", "text", "diff", "code_edit", "new_content",
    "search", "replace", "patch", "input",
})  # fmt: skip
_GREP_TOOLS = frozenset({"grep", "grep_files", "search_files"})
_BRACES = re.compile(r"\{([^{}]*,[^{}]*)\}")
_GLOBS_MAX = 64  # the globs one `{a,b}` pattern may stand for


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


def withhold(
    body: Any, route: str, denies: Callable[[str], bool], pieces: list[Piece] | None = None
) -> list[Withheld]:
    """Replace, in place, the content of every tool result whose call (matched by id) read a
    file `denies` says is deny-listed, and the file content a call's own input carries; return
    what was withheld. `route`: `messages`, `chat` or `responses`; `other` (a body of no known
    format) is searched for nested requests (`requests[].params` of a message batch); other
    routes hold no tool calls. `pieces`: the request's `paths.walk`, when it was read already.
    Never raises on odd shapes."""
    if route != "other":
        return _withhold(body, route, denies, walk(body, route) if pieces is None else pieces)
    found: list[Withheld] = []
    for at, nested, kind in nested_bodies(body):
        withheld = _withhold(nested, kind, denies, walk(nested, kind))
        found.extend(Withheld(w.path, w.call_id, (*at, *w.where)) for w in withheld)
    return found


def _withhold(
    body: Any, route: str, denies: Callable[[str], bool], pieces: list[Piece]
) -> list[Withheld]:
    if not isinstance(body, dict):
        return []
    found: list[Withheld] = []
    denied_calls: dict[str, str] = {}
    for call, refs in (p for p in pieces if not isinstance(p, str)):
        path = _denied_path(call, refs, denies)
        if path is None:
            continue
        for call_id in call.ids:
            denied_calls[call_id] = path
        if _blank_input(body, call, denies, notice(path)):
            found.append(Withheld(path, call.ids[0] if call.ids else "", call.at))
    if not denied_calls:
        return found
    for result in tool_results(body, route):
        path = denied_calls.get(result.call_id, "")
        holder, key = result.holder, result.key
        if path and holder.get(key) is not None:
            holder[key] = _replaced(holder[key], notice(path), result.part)
            found.append(Withheld(path, result.call_id, result.at))
    return found


def _denied_path(call: ToolCall, refs: list[PathRef], denies: Callable[[str], bool]) -> str | None:
    """The first deny-listed file the call reads or touches (`refs`, and what its shell
    commands write), if any."""
    paths = [ref.path for ref in refs]
    args = call.arguments if isinstance(call.arguments, dict) else {}
    for key in COMMAND_KEYS:
        for command in _commands(key, args.get(key)):
            paths.extend(shell_writes(command))
    found = next((p for p in paths if _may_deny(p, denies)), None)
    if found is None and tool_base(call.name) in _GREP_TOOLS:
        globs = [v for k in ("glob", "include") if isinstance(v := args.get(k), str)]
        found = next((g for g in globs if _may_deny_glob(g, denies)), None)
    return found


def _may_deny(path: str, denies: Callable[[str], bool], shell: bool = True) -> bool:
    """Whether the file is deny-listed, or a glob (`.env*`, `*.pem`, `~/.aws/*`) may reach one
    that is. A shell's `*` does not match a leading dot (`*.env` is not `.env` in a shell, but
    is in a Grep tool's glob); a bare `*` counts only in a folder whose files are deny-listed
    for being in it (`~/.aws/*`, `.ssh/*`), not in any folder (`cat *`, `cat src/*`)."""
    if denies(path):
        return True
    if not any(c in path for c in "*?["):
        return False
    folder, base = posixpath.split(path.replace("\\", "/"))
    glob = base.lower()
    names = {n for n in SAMPLE_NAMES if fnmatch.fnmatchcase(n, glob)}
    if "[" not in glob:  # the glob itself, its wildcards read as nothing and as `x`
        names.update(glob.replace("*", fill).replace("?", "x") for fill in ("", "x"))
    if shell and not glob.startswith("."):
        names = {n for n in names if not n.startswith(".")}
    bare = not glob.strip("*?[]")
    return any(denies(posixpath.join(folder, n)) and not (bare and denies(n)) for n in names if n)


def _may_deny_glob(glob: str, denies: Callable[[str], bool]) -> bool:
    """Whether a Grep tool's `glob` (ripgrep's: `*.env`, `**/*.{pem,key}`) may reach a
    deny-listed file."""
    return any(_may_deny(g, denies, shell=False) for g in _expanded(glob))


def _expanded(glob: str) -> list[str]:
    """The globs `{a,b}` stands for (`*.{pem,key}` -> `*.pem`, `*.key`), at most `_GLOBS_MAX`."""
    globs = [glob]
    done: list[str] = []
    while globs and len(done) + len(globs) <= _GLOBS_MAX:
        g = globs.pop()
        m = _BRACES.search(g)
        if m is None:
            done.append(g)
        else:
            globs.extend(g[: m.start()] + alt + g[m.end() :] for alt in m.group(1).split(","))
    return done + globs


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
    for key in COMMAND_KEYS:
        if key in new and _command_carries(key, new[key], denies):
            new[key] = [text] if isinstance(new[key], list) else text
    if not any(key in args for key in COMMAND_KEYS):
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
