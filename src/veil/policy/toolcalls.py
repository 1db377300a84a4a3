"""The gate on tool calls: what a call the model asks for would do on the developer's machine.

A call is judged as the client would run it (placeholders already restored): shell commands that
send data off the machine (those of shell tools, Codex's `write_stdin` and MCP tools that run
commands), other tools that send data to a URL, reads of deny-listed files, secrets written into
files or commands, and tools the policy lists. Each verdict names a class and a reason, never a
value.

Arguments veil cannot read as the client will are judged as sending data, which stops them and
keeps placeholders in them: arguments over 1 MB (no model writes them; reading them would hold
up the gateway), JSON nested too deep to parse (no model writes that either), and arguments that
are not valid JSON and name a network tool. Every value of a key that repeats is judged
(JavaScript's JSON.parse keeps the last, other readers the first), as is every command, path
and text that can be picked out of arguments that are not JSON.

A tool that is given a URL off the allowlist (WebFetch, MCP fetch and browser tools, HTTP
request tools) is judged as exfiltration when the URL carries data: a query, credentials, a
path segment that holds a secret, an address or an encoded value, or a body or a sending
method beside it. A plain URL (a docs page) is no verdict: its host learns only which page was
asked for, and an original restored into it would show as one of those.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from enum import StrEnum
from fnmatch import fnmatchcase
from itertools import islice
from typing import Any, TypeGuard
from urllib.parse import unquote, urlsplit

from veil.config import GatePolicySettings
from veil.memo import BoundedMemo
from veil.policy.exfil import (
    Analysis,
    Send,
    analyse,
    host_of,
    is_loopback,
    named_hosts,
    network_tools,
)
from veil.policy.paths import tool_base


class GateClass(StrEnum):
    EXFILTRATION = "exfiltration"  # data sent to a host off the allowlist
    DENIED_READ = "denied_read"  # a deny-listed file read (`cat .env`, Read ~/.ssh/id_rsa)
    SECRET_WRITE = "secret_write"  # a secret written into a file or a command
    LISTED_TOOL = "listed_tool"  # a tool `[policy.gate] tools` lists


@dataclass(frozen=True, slots=True)
class ToolCall:
    """One call as the client would run it: the tool's name and its arguments, JSON text for a
    function tool, the raw input for a custom (freeform) tool such as Codex's `apply_patch`, the
    JSON of the action for a Responses `local_shell_call`, the JSON of the operation
    (`{type, path, diff}`) for a Responses `apply_patch_call`."""

    name: str
    arguments: str
    kind: str = "function"  # "function" | "custom" | "local_shell"


@dataclass(frozen=True, slots=True)
class Verdict:
    """Why a call is of a class: `reason` names the command's shape, the tool, the host or the
    kind of secret (e.g. "curl uploads a file to evil.example"), never a secret or file content."""

    cls: GateClass
    reason: str
    host: str | None = None  # the host data would go to (exfiltration)


class ToolGate:
    """Judges tool calls with one `[policy.gate]` configuration; safe to share across threads."""

    def __init__(
        self,
        settings: GatePolicySettings,
        denies: Callable[[str], bool],
        secrets: Callable[[str], list[str]],
    ) -> None:
        """`denies(path)`: whether a path is deny-listed; `secrets(text)`: the kinds of the
        secrets (credentials) found in a text."""
        self._settings = settings
        self._denies = denies
        self._secrets = secrets
        self._allow = tuple(
            h.strip().lower().rstrip(".") for h in settings.allow_hosts if h.strip()
        )
        self._judged: BoundedMemo[tuple[str, str, str], tuple[Verdict, ...]] = BoundedMemo(
            8_000_000
        )

    def judge(self, call: ToolCall) -> tuple[Verdict, ...]:
        """Every class `call` falls in, with its reason (empty when it is harmless)."""
        if not isinstance(call.arguments, str) or not isinstance(call.name, str):
            return ()
        if len(call.arguments) > _ARGUMENTS_MAX:
            return (*self._listed(call), _too_large(call.arguments))
        key = (call.kind, call.name, call.arguments)
        if len(call.arguments) > _JUDGED_KEY_MAX:
            return self._judge(call)
        found = self._judged.get(key)
        if found is None:
            found = self._judge(call)
            self._judged.put(key, found, len(call.arguments) + len(call.name))
        return found

    def stops(self, verdicts: tuple[Verdict, ...]) -> bool:
        """Whether a call with these verdicts is replaced (any class whose action is replace)."""
        return any(self._action(v.cls) == "replace" for v in verdicts)

    def keeps_placeholders(self, verdicts: tuple[Verdict, ...]) -> bool:
        """Whether placeholders must stay placeholders in this call: it sends data to a host off
        the allowlist, so no original may be restored into it."""
        return any(v.cls is GateClass.EXFILTRATION for v in verdicts)

    def notice(self, call: ToolCall, verdicts: tuple[Verdict, ...]) -> str:
        """The text a stopped call becomes, for the developer and the model: what was stopped,
        why, and the configuration that would allow it."""
        shown = [v for v in verdicts if self._action(v.cls) == "replace"] or list(verdicts)
        reasons = "; ".join(dict.fromkeys(v.reason for v in shown)) or "the policy lists it"
        name = self._shown(_printable(call.name)[:64], "tool") or "tool"
        lines = [
            f"veil stopped this {name} call: {_cut(reasons, _REASONS_MAX)}.",
            "It was not run. Do not retry it or reach the same result another way; "
            "ask the developer if it is needed.",
        ]
        hints = [_hint(cls, shown) for cls in dict.fromkeys(v.cls for v in shown)]
        if hints:
            lines.append(f"To allow it, {'; or '.join(hints)} in veil.toml.")
        return "\n".join(lines)

    # -- judging -----------------------------------------------------------------------------

    def _action(self, cls: GateClass) -> str:
        return self._settings.actions.get(cls.value, self._settings.mode)

    def _judge(self, call: ToolCall) -> tuple[Verdict, ...]:
        verdicts = list(self._listed(call))
        base = tool_base(call.name)
        arguments, unreadable = _arguments(call)
        if call.kind == "local_shell" or base in _SHELL_TOOLS or _runs_commands(base, arguments):
            for command in _commands(arguments):
                verdicts.extend(self._command(command))
        elif base in _PATCH_TOOLS:
            for patch in _patches(arguments):
                verdicts.extend(self._patch(patch))
        else:
            verdicts.extend(self._file_tool(base, arguments))
            verdicts.extend(self._urls(call.name, arguments))
        if unreadable:
            verdicts.extend(self._unreadable(call.arguments, unreadable, verdicts))
        return tuple(dict.fromkeys(verdicts))

    def _listed(self, call: ToolCall) -> tuple[Verdict, ...]:
        if any(fnmatchcase(call.name, glob) for glob in self._settings.tools):
            return (Verdict(GateClass.LISTED_TOOL, "[policy.gate] tools lists this tool"),)
        return ()

    def _unreadable(self, text: str, why: str, found: list[Verdict]) -> Iterator[Verdict]:
        """Arguments veil could not read whole: nested too deep, always judged as sending data
        (no model writes them); not valid JSON, when they name a network tool and nothing
        found in them already sends data."""
        if why == _TOO_DEEP:
            yield Verdict(GateClass.EXFILTRATION, f"veil cannot read its arguments whole: {why}")
            return
        if any(v.cls is GateClass.EXFILTRATION for v in found):
            return
        tools = network_tools(text[:_UNPARSED_MAX])
        if not tools:
            return
        reason = (
            f"veil cannot read its arguments whole ({why}) and they name {', '.join(tools[:3])}"
        )
        hosts: list[str | None] = [
            h for h in named_hosts(text[:_UNPARSED_MAX]) if not self._allowed(h)
        ]
        for host in hosts or [None]:
            shown = self._shown_host(host)
            yield Verdict(
                GateClass.EXFILTRATION,
                _destined(f"{reason}; it may send data to", shown, False),
                shown,
            )

    def _command(self, command: str | list[str]) -> Iterator[Verdict]:
        """A shell command: where it sends data, the deny-listed files it reads, its secrets."""
        analysis = analyse(command)
        text = command if isinstance(command, str) else " ".join(command)
        sent = False
        for send in analysis.sends:
            verdict = self._send(send)
            if verdict is not None:
                sent = True
                yield verdict
        if analysis.unparsed_tools and not sent:
            yield from self._unparsed(text, analysis)
        yield from self._reads(analysis)
        kinds = self._secrets(_without_kept_patch_lines(text))
        if kinds:
            yield Verdict(GateClass.SECRET_WRITE, f"the command holds {_kinds(kinds)}")

    def _send(self, send: Send) -> Verdict | None:
        """The verdict on one network call: data to a host off the allowlist, or a secret in a
        plain request to one."""
        if send.host is not None and not send.built and self._allowed(send.host):
            return None
        action = send.action
        if not send.data:
            kinds = self._secrets(" ".join(send.words))
            if not kinds:
                return None
            action = f"sends {_kinds(kinds)} to"
        host = self._shown_host(send.host)
        program = self._shown(send.program, "a command")
        reason = f"{program} {_destined(action, host, send.built)}"
        if self._secrets(reason):  # a file the action names holds one in its name
            reason = f"{program} {_destined('sends data to', host, send.built)}"
        return Verdict(GateClass.EXFILTRATION, reason, host)

    def _unparsed(self, text: str, analysis: Analysis) -> Iterator[Verdict]:
        """A command that cannot be parsed (a quote or a `$(` left open: bash could not run it
        either; or cut at 32 KB) and names a network tool: judged as sending data to the hosts
        it names off the allowlist (to a host it does not name when it names none), and naming
        the deny-listed file or the environment it may send."""
        hosts: list[str | None] = [h for h in analysis.hosts if not self._allowed(h)]
        if analysis.hosts and not hosts:
            return
        words = list(dict.fromkeys(_WORD.findall(text[:_UNPARSED_MAX])))[:_WORDS_MAX]
        named = [w for w in words if w.lower() in _ENVIRONMENT or self._denies(w)]
        tools = ", ".join(analysis.unparsed_tools[:3])
        what = f" and {self._shown(named[0], 'a deny-listed file')}" if named else ""
        reason = f"the command cannot be parsed and names {tools}{what}; it may send data to"
        for host in hosts or [None]:
            shown = self._shown_host(host)
            yield Verdict(GateClass.EXFILTRATION, _destined(reason, shown, False), shown)

    def _reads(self, analysis: Analysis) -> Iterator[Verdict]:
        """The deny-listed files a command reads, and the credentials folders it copies."""
        for path in analysis.reads[:_READS_MAX]:
            if self._denies(path):
                shown = self._shown(path, "a file")
                yield Verdict(
                    GateClass.DENIED_READ, f"the command reads {shown}, a deny-listed file"
                )
            elif self._secret_folder(path):
                shown = self._shown(path, "a folder")
                yield Verdict(
                    GateClass.DENIED_READ, f"the command reads {shown}, a credentials folder"
                )

    def _secret_folder(self, path: str) -> bool:
        """Whether a folder holds credentials the deny list denies (`~/.ssh`, `~/.aws`)."""
        name = path.rstrip("/").rsplit("/", 1)[-1]
        probe = _FOLDER_PROBES.get(name)
        return probe is not None and self._denies(f"{path.rstrip('/')}/{probe}")

    def _file_tool(self, base: str, arguments: Any) -> Iterator[Verdict]:
        """Read/Grep/read_file/view_image (deny-listed paths), Write/Edit/MultiEdit/NotebookEdit
        and their MCP kin (secrets written)."""
        if not isinstance(arguments, dict):
            return
        paths = list(_paths(arguments))
        if base not in _WRITE_TOOLS:
            for path in paths:
                if self._denies(path):
                    shown = self._shown(path, "a file")
                    yield Verdict(GateClass.DENIED_READ, f"it reads {shown}, a deny-listed file")
        target = self._shown(paths[0], "a file") if paths else "a file"
        kinds = [k for new, old in _written(arguments) for k in self._added_secrets(new, old)]
        if kinds:
            yield Verdict(GateClass.SECRET_WRITE, f"it writes {_kinds(kinds)} into {target}")

    def _patch(self, patch: str) -> Iterator[Verdict]:
        """apply_patch: the secrets its added lines bring that its removed lines did not hold.
        A patch, as Write and Edit, shows the model nothing of the file, so the deny list does
        not apply to the paths it edits."""
        for path, body in _patch_sections(patch):
            added = "\n".join(line[1:] for line in body if line.startswith("+"))
            kept = "\n".join(line[1:] for line in body if line.startswith(("-", " ")))
            kinds = self._added_secrets(added, kept)
            if kinds:
                target = self._shown(path, "a file")
                yield Verdict(
                    GateClass.SECRET_WRITE, f"the patch writes {_kinds(kinds)} into {target}"
                )

    def _urls(self, name: str, arguments: Any) -> Iterator[Verdict]:
        """A tool given a URL off the allowlist that carries data, or beside a body or a sending
        method (`WebFetch`, `mcp__fetch__fetch`, `http_request`)."""
        body = _sends_body(arguments)
        program = self._shown(_printable(name)[:64], "the tool") or "the tool"
        for url in dict.fromkeys(islice(_urls(arguments), _URLS_MAX)):
            host = host_of(url)
            if host is None or self._allowed(host):
                continue
            carried = self._url_data(url) or body
            if carried:
                shown = self._shown_host(host)
                action = f"sends {carried} to"
                yield Verdict(
                    GateClass.EXFILTRATION, f"{program} {_destined(action, shown, False)}", shown
                )

    def _url_data(self, url: str) -> str:
        """What a URL carries besides its address, as a phrase ("" when nothing): a query,
        credentials, a path segment holding a secret, an address or an encoded value."""
        try:
            parts = urlsplit(url if "://" in url else f"https://{url}")
        except ValueError:
            return "data in a URL veil cannot read"
        if parts.query:
            return "data in the URL's query"
        if parts.username or parts.password:
            return "credentials in the URL"
        if self._secrets(url):
            return "a secret in the URL"
        if any(_data_like(unquote(s)) for s in parts.path.split("/")):
            return "data in the URL's path"
        return ""

    def _added_secrets(self, new: str, old: str) -> list[str]:
        """The kinds of the secrets `new` brings that `old` did not hold: its lines not in `old`,
        with the value-like words `old` holds too taken out."""
        if not new:
            return []
        if not old:
            return self._secrets(new)
        added = _added_lines(new, old)
        if not added or not self._secrets(added):
            return []
        return self._secrets(_without_shared_values(added, old))

    # -- what a reason may show --------------------------------------------------------------

    def _allowed(self, host: str) -> bool:
        host = host.lower().rstrip(".")
        return is_loopback(host) or any(fnmatchcase(host, pattern) for pattern in self._allow)

    def _shown(self, text: str, instead: str) -> str:
        """`text` as a reason may show it: printable, short, and `instead` when it holds a
        secret (a command's name, a path or a host could)."""
        text = _printable(text)
        return instead if not text or self._secrets(text) else _cut(text, _SHOWN_MAX)

    def _shown_host(self, host: str | None) -> str | None:
        """A host as a reason may show it: without its leftmost labels while they hold a secret
        (`<key>.evil.example` -> `evil.example`)."""
        if host is None:
            return None
        labels = host.split(".")
        while len(labels) > 1 and self._secrets(".".join(labels)):
            labels = labels[1:]
        return self._shown(".".join(labels), "a host").lower()


_JUDGED_KEY_MAX = 65_536
_ARGUMENTS_MAX = 1_048_576  # past this, a call is not read: no model writes one so large
_TOO_DEEP = "they nest too deep"
_NOT_JSON = "they are not valid JSON"
_URLS_MAX = 32  # the URLs of one call that are judged
_WALK_DEPTH = 16
_REASONS_MAX = 400
_SHOWN_MAX = 120
_UNPARSED_MAX = 65_536
_READS_MAX = 256  # the files of one command that are checked against the deny list
_WORDS_MAX = 2048  # the words of a command that cannot be parsed that are checked
_SHELL_TOOLS = frozenset({
    "bash", "shell", "exec_command", "shell_command", "local_shell", "container.exec",
    "run_terminal_cmd", "execute_command", "run_command", "run_shell_command", "terminal",
    "powershell", "run_in_terminal", "runterminalcommand", "local_shell_call", "shell_call",
    "write_stdin", "start_process", "interact_with_process", "executecode", "execute_code",
    "run_code",
})  # fmt: skip
# An MCP tool whose name holds one of these and that takes a string under one of those keys runs
# commands (`mcp__desktop__start_process`, `mcp__x__exec`).
_COMMAND_TOOL_PARTS = ("exec", "shell", "terminal", "command", "process")
_PATCH_TOOLS = frozenset({"apply_patch", "apply_patch_call"})
_WRITE_TOOLS = frozenset({
    "write", "edit", "multiedit", "notebookedit", "write_file", "edit_file", "create_file",
    "str_replace_editor", "str_replace_based_edit_tool", "write_to_file", "replace_in_file",
    "insert_edit_into_file", "replace_string_in_file", "editfile", "edit_notebook",
})  # fmt: skip
_PATH_KEYS = (
    "file_path", "filepath", "notebook_path", "path", "paths", "filename", "file",
    "target_file", "absolute_path", "relative_path", "files",
)  # fmt: skip
_COMMAND_KEYS = ("command", "cmd", "commands", "script", "chars", "code", "input")
# (written text, replaced text) keys of file tools: Write, Edit, str_replace_editor, MCP's.
_TEXT_KEYS = (
    ("content", ""), ("file_text", ""), ("new_string", "old_string"), ("new_str", "old_str"),
    ("newText", "oldText"), ("new_source", ""), ("code_edit", ""), ("contents", ""),
)  # fmt: skip
_FOLDER_PROBES = {
    ".ssh": "id_rsa",
    ".aws": "credentials",
    ".kube": "config",
    ".docker": "config.json",
    ".azure": "accessTokens.json",
    "gcloud": "credentials.db",
}
_ENVIRONMENT = frozenset({"env", "printenv", "set", "export", "/proc/self/environ", "$env"})
_WORD = re.compile(r"[^\s'\"`;|&<>()=@]+")
# The values that can be picked out of arguments that are not JSON: strings, and lists of them.
_SALVAGED_KEYS = (
    "command|cmd|commands|script|chars|code|input|patch|diff|type|file_path|filepath|"
    "notebook_path|path|paths|filename|file|target_file|absolute_path|relative_path|content|"
    "file_text|new_string|old_string|new_str|old_str|newText|oldText|new_source|code_edit|"
    "contents|url|uri|endpoint|href|method|body|data"
)
_SALVAGE = re.compile(r'"(' + _SALVAGED_KEYS + r')"\s*:\s*"((?:[^"\\]|\\.)*)')
_SALVAGE_LIST = re.compile(r'"(' + _SALVAGED_KEYS + r')"\s*:\s*\[')
_JSON_STRING = re.compile(r'"((?:[^"\\]|\\.)*)"')
_SALVAGED_MAX = 256
_URL_KEYS = frozenset({"url", "uri", "urls", "uris", "endpoint", "href", "link", "links"})
_WEB_URL = re.compile(r"(?i)(?:https?|wss?|ftp)://\S+")
_BODY_KEYS = ("body", "data", "json", "payload", "form", "content")
_SENDING_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
_ADDRESS = re.compile(r"[^@\s/]+@[^@\s/]+\.[A-Za-z]{2,}")
# A long run of base64url with upper and lower case letters and digits (no slug, word or hex).
_ENCODED = re.compile(r"(?=[\w+=-]*[A-Z])(?=[\w+=-]*[a-z])(?=[\w+=-]*\d)[\w+=-]{24,}")
_HINTS = {
    GateClass.DENIED_READ: (
        'add the file to [policy.files] allow, or set [policy.gate] actions.denied_read = "record"'
    ),
    GateClass.SECRET_WRITE: 'set [policy.gate] actions.secret_write = "record"',
    GateClass.LISTED_TOOL: "remove its pattern from [policy.gate] tools",
}


def _too_large(text: str) -> Verdict:
    size = f"{len(text) / 1_048_576:.1f} MB"
    return Verdict(
        GateClass.EXFILTRATION, f"veil cannot read its arguments whole: they are {size}, past 1 MB"
    )


class _Pairs(dict[str, Any]):
    """A JSON object whose keys repeat, or one pieced together from text that is not JSON: the
    last value of each key, as json.loads keeps, and `pairs`, every value."""

    pairs: list[tuple[str, Any]]

    @classmethod
    def of(cls, pairs: list[tuple[str, Any]]) -> _Pairs:
        held = cls(pairs)
        held.pairs = pairs
        return held


def _object(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """A JSON object as json.loads builds it, or, when its keys repeat, one keeping all."""
    held = dict(pairs)
    return held if len(held) == len(pairs) else _Pairs.of(pairs)


def _values(holder: dict[str, Any], key: str) -> list[Any]:
    """Every value `key` has in a JSON object (more than one when its keys repeat)."""
    if isinstance(holder, _Pairs):
        return [v for k, v in holder.pairs if k == key]
    return [holder[key]] if key in holder else []


def _arguments(call: ToolCall) -> tuple[Any, str]:
    """A call's arguments (the raw text of a custom tool, else JSON parsed; a local_shell
    action's `command`), and why they could not be read whole ("" when they could): then what
    can be picked out of them, or the text itself."""
    if call.kind == "custom":
        return call.arguments, ""
    try:
        parsed = json.loads(call.arguments, object_pairs_hook=_object)
    except RecursionError:
        return _salvaged(call.arguments), _TOO_DEEP
    except ValueError:
        return _salvaged(call.arguments), _NOT_JSON if call.arguments.strip() else ""
    if call.kind == "local_shell" and isinstance(parsed, dict):
        action = parsed.get("action", parsed)
        return (action if isinstance(action, dict) else parsed), ""
    return parsed, ""


def _salvaged(text: str) -> Any:
    """The strings (and lists of strings) under the keys veil reads, picked out of text that is
    not JSON, every one of them; the text itself when there are none."""
    pairs: list[tuple[str, Any]] = [
        (m.group(1), _unescaped(m.group(2))) for m in islice(_SALVAGE.finditer(text), _SALVAGED_MAX)
    ]
    for m in islice(_SALVAGE_LIST.finditer(text), _SALVAGED_MAX):
        end = text.find("]", m.end(), m.end() + _UNPARSED_MAX)
        items = _JSON_STRING.findall(text, m.end(), end if end >= 0 else m.end() + _UNPARSED_MAX)
        pairs.append((m.group(1), [_unescaped(i) for i in items]))
    return _Pairs.of(pairs) if pairs else text


def _runs_commands(base: str, arguments: Any) -> bool:
    """An MCP tool that runs commands: its name says so (`exec`, `shell`, `terminal`,
    `command`, `process`) and it takes a string under a command key (`command`, `code`)."""
    if not isinstance(arguments, dict) or not any(p in base for p in _COMMAND_TOOL_PARTS):
        return False
    return any(isinstance(v, str) for k in _COMMAND_KEYS for v in _values(arguments, k))


def _commands(arguments: Any) -> Iterator[str | list[str]]:
    """The commands a shell tool's arguments hold: `command` (a string or an argv list), `cmd`,
    `commands`, `chars` (Codex's write_stdin), `code` (also read as a Python and a JavaScript
    script), `input`; text that is not JSON as a command."""
    if isinstance(arguments, str):
        yield arguments
        return
    if isinstance(arguments, list):
        arguments = {"command": arguments}
    if not isinstance(arguments, dict):
        return
    for key in _COMMAND_KEYS:
        for value in _values(arguments, key):
            values = value if key == "commands" and isinstance(value, list) else [value]
            for one in values:
                if _is_command(one):
                    yield one
                    if key == "code" and isinstance(one, str):
                        yield ["python", "-c", one]
                        yield ["node", "-e", one]


def _is_command(value: object) -> TypeGuard[str | list[str]]:
    """A command string, or an argv list of strings."""
    if isinstance(value, list):
        return bool(value) and all(isinstance(a, str) for a in value)
    return isinstance(value, str) and bool(value)


def _unescaped(text: str) -> str:
    try:
        value = json.loads(f'"{text}"')
    except ValueError:
        return text.replace('\\"', '"')
    return value if isinstance(value, str) else text


def _patches(arguments: Any) -> Iterator[str]:
    """An apply_patch call's patches: the raw input, `input`/`patch`, a Responses
    `apply_patch_call` operation (`{type, path, diff}`)."""
    if isinstance(arguments, str):
        yield arguments
        return
    if not isinstance(arguments, dict):
        return
    paths = [p for p in _values(arguments, "path") if isinstance(p, str)]
    kinds = [k for k in _values(arguments, "type") if isinstance(k, str)]
    for key in ("input", "patch", "diff"):
        for value in _values(arguments, key):
            if not isinstance(value, str):
                continue
            if key == "diff" and paths:
                yield from (_operation_patch(k, p, value) for k in kinds or [""] for p in paths)
            else:
                yield value


def _operation_patch(kind: str, path: str, diff: str) -> str:
    """A Responses apply_patch operation as a patch: every line of a new file added."""
    if kind == "create_file":
        lines = (line if line.startswith("+") else f"+{line}" for line in diff.splitlines())
        return f"*** Add File: {path}\n" + "\n".join(lines)
    if kind == "delete_file":
        return f"*** Delete File: {path}\n"
    return f"*** Update File: {path}\n{diff}"


_PATCH_FILE = re.compile(r"^\*\*\* (?:Add|Update|Delete) File:(.*)$", re.M)


def _patch_sections(patch: str) -> Iterator[tuple[str, list[str]]]:
    """(path, lines) of each file a patch touches; a patch without headers as one section."""
    marks = list(_PATCH_FILE.finditer(patch))
    if not marks:
        yield "", patch.splitlines()
        return
    for mark, following in zip(marks, [*marks[1:], None], strict=True):
        end = following.start() if following else len(patch)
        yield mark.group(1).strip(" "), patch[mark.end() : end].splitlines()


def _without_kept_patch_lines(command: str) -> str:
    """A command with the context and removed lines of a patch it carries taken out: a secret a
    patch keeps is not one it writes."""
    if "*** Begin Patch" not in command:
        return command
    lines = command.splitlines()
    return "\n".join(line for line in lines if not line.startswith((" ", "-")))


def _paths(arguments: dict[str, Any]) -> Iterator[str]:
    for key in _PATH_KEYS:
        for value in _values(arguments, key):
            for one in value if isinstance(value, list) else [value]:
                if isinstance(one, str) and one.strip():
                    yield one.strip()


def _written(arguments: dict[str, Any]) -> Iterator[tuple[str, str]]:
    """(new text, the text it replaces) of a file tool: Write's content, Edit's strings,
    MultiEdit's and MCP edit_file's edits."""
    holders = [arguments]
    for edits in _values(arguments, "edits"):
        holders += [e for e in edits if isinstance(e, dict)] if isinstance(edits, list) else []
    for holder in holders:
        for new_key, old_key in _TEXT_KEYS:
            old = holder.get(old_key) if old_key else ""
            for new in _values(holder, new_key):
                if isinstance(new, str) and new:
                    yield new, old if isinstance(old, str) else ""


def _urls(value: Any, key: str = "", depth: int = 0) -> Iterator[str]:
    """The URLs a call's arguments hold: a string under a URL key (`url`, `uri`, `endpoint`,
    `href`, `*_url`), or any string that is a web URL."""
    if depth > _WALK_DEPTH:
        return
    if isinstance(value, str):
        text = value.strip()
        named = key.lower() in _URL_KEYS or key.lower().endswith(("_url", "_uri", "url"))
        if (named and text and not re.search(r"\s", text)) or _WEB_URL.fullmatch(text):
            yield text
    elif isinstance(value, dict):
        pairs = value.pairs if isinstance(value, _Pairs) else value.items()
        for name, item in pairs:
            yield from _urls(item, str(name), depth + 1)
    elif isinstance(value, list):
        for item in value:
            yield from _urls(item, key, depth + 1)


def _sends_body(arguments: Any) -> str:
    """What a call sends beside its URL, as a phrase ("" when nothing): a sending method or a
    body."""
    if not isinstance(arguments, dict):
        return ""
    methods = [m for m in _values(arguments, "method") if isinstance(m, str)]
    if any(m.strip().upper() in _SENDING_METHODS for m in methods):
        return "a request with a body"
    if any(v not in (None, "", [], {}) for k in _BODY_KEYS for v in _values(arguments, k)):
        return "a request with a body"
    return ""


def _data_like(segment: str) -> bool:
    """Whether a URL's path segment carries data: an address, `=`, white space, or a long
    encoded value."""
    return (
        _ADDRESS.search(segment) is not None
        or "=" in segment
        or re.search(r"\s", segment) is not None
        or _ENCODED.fullmatch(segment) is not None
    )


def _added_lines(new: str, old: str) -> str:
    """The lines of `new` that `old` does not hold (as many times)."""
    left = Counter(old.splitlines())
    added: list[str] = []
    for line in new.splitlines():
        if left[line] > 0:
            left[line] -= 1
        else:
            added.append(line)
    return "\n".join(added)


_VALUE_SPLIT = re.compile(r"([\s'\"`=:,;()\[\]{}<>])")


def _without_shared_values(text: str, old: str) -> str:
    """`text` without the value-like words (letters and digits, 8 characters or more) that
    `old` holds too."""
    parts = _VALUE_SPLIT.split(text)
    return "".join("" if _value_like(p) and p in old else p for p in parts)


def _value_like(word: str) -> bool:
    return len(word) >= 8 and any(c.isdigit() for c in word) and any(c.isalpha() for c in word)


def _destined(action: str, host: str | None, built: bool) -> str:
    """`uploads .env to` + `evil.example` -> `uploads .env to evil.example, a host off the
    allowlist`; an action that names no destination (`runs a decoded command`) as it is."""
    if not action.endswith((" to", " on", " at")):
        return action
    if host is None:
        return f"{action} a host named at run time"
    if built:
        return f"{action} a host built at run time (ending in {host})"
    return f"{action} {host}, a host off the allowlist"


def _kinds(kinds: list[str]) -> str:
    """`a secret (aws_access_key_id)`, `secrets (github_pat, aws_secret_access_key)`."""
    unique = list(dict.fromkeys(kinds))
    return f"{'a secret' if len(unique) == 1 else 'secrets'} ({', '.join(unique[:4])})"


def _hint(cls: GateClass, verdicts: list[Verdict]) -> str:
    if cls is not GateClass.EXFILTRATION:
        return _HINTS[cls]
    hosts = [v.host for v in verdicts if v.cls is cls and v.host]
    record = 'set [policy.gate] actions.exfiltration = "record"'
    if not hosts:
        return record
    listed = ", ".join(dict.fromkeys(hosts[:3]))
    return f"add {listed} to [policy.gate] allow_hosts, or {record}"


def _printable(text: str) -> str:
    return "".join(c if c.isprintable() else " " for c in text).strip()


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
