"""The gate on tool calls: what a call the model asks for would do on the developer's machine.

A call is judged as the client would run it (placeholders already restored): shell commands that
send data off the machine (those of shell tools, Codex's `write_stdin` and MCP tools that run
commands, named so by tool or by server, given a command or an argv list), the JavaScript of
Codex's code-mode tools (`exec`, `js_repl`: read as `node -e`, and each `tools.<name>(...)` it
calls judged as a call of its own), other tools that send data to a URL, reads of deny-listed
files, secrets written into files or commands, and tools the policy lists. Each verdict names a
class and a reason, never a value.

Arguments veil cannot read as the client will are judged as sending data, which stops them and
keeps placeholders in them: arguments over 1 MB (no model writes them; reading them would hold
up the gateway), JSON nested too deep to parse (no model writes that either), arguments that
are not valid JSON and name a network tool, and the raw input of a custom tool veil does not
know that names a network tool and a deny-listed file or the environment. Every value of a key
that repeats is judged (JavaScript's JSON.parse keeps the last, other readers the first), as is
every command, path and text that can be picked out of arguments that are not JSON.

A tool that is given a URL off the allowlist (WebFetch, MCP fetch and browser tools, HTTP
request tools) is judged as exfiltration when the URL carries data: a query, credentials, a
secret or any finding, a host label, path segment or fragment that holds an address, digits
shaped as a card, an SSN, an IBAN or a phone number, an encoded or long hex value, white space
anywhere (a URL is judged whole, whatever white space it holds), or a body or a sending method
beside it. URLs are found however deep the arguments nest and in strings that hold JSON; a host
is read as clients read it (a backslash as a slash too). A plain URL (a docs page) is no
verdict: its host learns only which page was asked for, and an original restored into it would
show as one of those.
"""

from __future__ import annotations

import ipaddress
import json
import re
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from enum import StrEnum
from fnmatch import fnmatchcase
from itertools import islice
from typing import Any, TypeGuard
from urllib.parse import parse_qsl, unquote, urlsplit

from veil.config import GatePolicySettings
from veil.memo import BoundedMemo
from veil.policy.exfil import (
    Analysis,
    Send,
    analyse,
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
        *,
        sensitive: Callable[[str], list[str]] | None = None,
    ) -> None:
        """`denies(path)`: whether a path is deny-listed; `secrets(text)`: the kinds of the
        secrets (credentials) found in a text; `sensitive(text)`: the kinds of every finding in
        a text (secrets and personal data), asked of URLs to hosts off the allowlist."""
        self._settings = settings
        self._denies = denies
        self._secrets = secrets
        self._sensitive = sensitive or secrets
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
        arguments, unreadable = _arguments(call)
        verdicts.extend(self._judge_arguments(call.name, call.kind, arguments, 0))
        if unreadable:
            verdicts.extend(self._unreadable(call.arguments, unreadable, verdicts))
        return tuple(dict.fromkeys(verdicts))

    def _judge_arguments(
        self, name: str, kind: str, arguments: Any, depth: int
    ) -> Iterator[Verdict]:
        """The verdicts on a call's arguments, read as its tool reads them; `depth`: how many
        code-mode scripts the call is nested in."""
        base = tool_base(name)
        if kind == "custom" and base in _CODE_TOOLS and isinstance(arguments, str):
            yield from self._script(arguments, depth)
        elif kind == "local_shell" or base in _SHELL_TOOLS or _runs_commands(name, arguments):
            for command in _commands(arguments):
                yield from self._command(command)
            if base in _CODE_TOOLS:
                for script in _code_values(arguments):
                    yield from self._nested_calls(script, depth)
        elif base in _PATCH_TOOLS:
            for patch in _patches(arguments):
                yield from self._patch(patch)
        else:
            yield from self._file_tool(base, arguments)
            yield from self._urls(name, arguments)
            if kind == "custom" and isinstance(arguments, str):
                yield from self._freeform(arguments)

    def _script(self, script: str, depth: int) -> Iterator[Verdict]:
        """JavaScript of Codex's code-mode tools (`exec`, `js_repl`): read as `node -e`, and
        the tools it calls (`tools.exec_command({cmd: ...})`) judged as calls of their own."""
        yield from self._command(["node", "-e", script])
        yield from self._nested_calls(script, depth)

    def _nested_calls(self, script: str, depth: int) -> Iterator[Verdict]:
        """The calls a code-mode script makes through `tools.<name>(...)`, each judged as a call
        of that tool with the arguments it is written with; a tool named at run time
        (`tools[name]`) as one that runs commands."""
        if depth >= _NESTED_DEPTH:
            return
        for name, arguments in islice(_tool_calls(script), _NESTED_MAX):
            yield from self._judge_arguments(name, "function", arguments, depth + 1)

    def _freeform(self, text: str) -> Iterator[Verdict]:
        """The raw input of a custom (freeform) tool veil does not know: judged as sending data
        when it names a network tool and a deny-listed file or the environment."""
        tools = network_tools(text[:_UNPARSED_MAX])
        named = self._secret_words(text)
        if not tools or not named:
            return
        shown = self._shown(named[0], "a deny-listed file")
        reason = f"its input names {', '.join(tools[:3])} and {shown}; it may send data to"
        yield from self._may_send(reason, named_hosts(text[:_UNPARSED_MAX]))

    def _secret_words(self, text: str) -> list[str]:
        """The words of a text that name the environment or a deny-listed file."""
        words = list(dict.fromkeys(_WORD.findall(text[:_UNPARSED_MAX])))[:_WORDS_MAX]
        return [w for w in words if w.lower() in _ENVIRONMENT or self._denies(w)]

    def _may_send(self, reason: str, hosts: tuple[str, ...]) -> Iterator[Verdict]:
        """Exfiltration to each host named off the allowlist (to a host named at run time when
        none is named); nothing when every host named is allowed."""
        off: list[str | None] = [h for h in hosts if not self._allowed(h)]
        if hosts and not off:
            return
        for host in off or [None]:
            shown = self._shown_host(host)
            yield Verdict(GateClass.EXFILTRATION, _destined(reason, shown, False), shown)

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
        named = self._secret_words(text)
        tools = ", ".join(analysis.unparsed_tools[:3])
        what = f" and {self._shown(named[0], 'a deny-listed file')}" if named else ""
        reason = f"the command cannot be parsed and names {tools}{what}; it may send data to"
        yield from self._may_send(reason, analysis.hosts)

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
        method (`WebFetch`, `mcp__fetch__fetch`, `http_request`); past the URLs judged, any
        further one to a host off the allowlist, as sending data."""
        body = _sends_body(arguments)
        program = self._shown(_printable(name)[:64], "the tool") or "the tool"
        urls = iter(dict.fromkeys(_urls(arguments)))
        for url in islice(urls, _URLS_MAX):
            hosts = self._hosts_off(url)
            carried = (self._url_data(url) or body) if hosts else ""
            for host in hosts if carried else []:
                shown = self._shown_host(host, url=True)
                action = f"{program} sends {carried} to"
                yield Verdict(GateClass.EXFILTRATION, _destined(action, shown, False), shown)
        past = dict.fromkeys(h for url in urls for h in self._hosts_off(url))
        if past:
            reason = f"{program} is given more than {_URLS_MAX} URLs; it may send data to"
            yield from self._may_send(reason, tuple(islice(past, _NAMED_HOSTS_MAX)))

    def _hosts_off(self, url: str) -> list[str]:
        """The hosts off the allowlist a client may read in a URL (none when it names none)."""
        return [h for h in _url_hosts(url) if not (_HOSTNAME.fullmatch(h) and self._allowed(h))]

    def _url_data(self, url: str) -> str:
        """What a URL carries besides its address, as a phrase ("" when nothing): a query,
        credentials, a secret or a finding, a host label or a path segment holding data (an
        address, digits shaped as a card, an SSN, an IBAN or a phone number, an encoded or long
        hex value), a fragment holding data, white space."""
        try:
            parts = urlsplit(url if "://" in url else f"https://{url}")
        except ValueError:
            return "data in a URL veil cannot read"
        if _query_data(parts.query):
            return "data in the URL's query"
        if parts.username is not None or parts.password:
            return "credentials in the URL"
        if self._secrets(url):
            return "a secret in the URL"
        found = self._sensitive(_without_address(url))
        if found:
            return f"data ({', '.join(list(dict.fromkeys(found))[:4])}) in the URL"
        if _host_data(_raw_host(url.replace("\\", "/"))):
            return "data in the URL's host"
        if any(_data_like(unquote(s)) for s in parts.path.split("/")):
            return "data in the URL's path"
        if _data_like(unquote(parts.fragment)):
            return "data in the URL's fragment"
        if re.search(r"\s", url):
            return "white space in the URL"
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

    def _shown_host(self, host: str | None, url: bool = False) -> str | None:
        """A host as a reason may show it: without its leftmost labels while they hold a secret
        or data (`<key>.evil.example` -> `evil.example`), or, for a URL's, any finding; nor the
        digits-only labels left of those (the rest of a number); at most the 253 characters DNS
        allows, its rightmost."""
        if host is None:
            return None
        labels = host[-_HOST_MAX:].split(".")
        if len(host) > _HOST_MAX and len(labels) > 1:
            labels = labels[1:]  # cut
        while len(labels) > 1 and self._holds_data(".".join(labels), url):
            labels = labels[1:]
        if len(labels) < host.count(".") + 1:
            while len(labels) > 2 and re.fullmatch(r"[\d\s+()-]+", labels[0]):
                labels = labels[1:]
        shown = ".".join(labels)
        return "a host" if self._holds_data(shown, url) else self._shown(shown, "a host").lower()

    def _holds_data(self, host: str, url: bool) -> bool:
        """Whether a host (not an IP address, which is where data goes) holds data."""
        if _is_address(host):
            return False
        found = self._secrets(host) or (url and self._sensitive(host))
        return bool(found or _host_data(host))


_JUDGED_KEY_MAX = 65_536
_ARGUMENTS_MAX = 1_048_576  # past this, a call is not read: no model writes one so large
_TOO_DEEP = "they nest too deep"
_NOT_JSON = "they are not valid JSON"
_URLS_MAX = 256  # the URLs of one call that are judged whole; past them, only their hosts
_NAMED_HOSTS_MAX = 8
_HOST_MAX = 253  # the longest name DNS allows
_DECODED_MAX = 64  # the string values of one call read as JSON
_NESTED_DEPTH = 2  # code-mode scripts judged inside one another
_NESTED_MAX = 64  # the tool calls of one code-mode script that are judged
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
# A tool whose whole name holds one of these and that takes a string under a command key or an
# argv list runs commands (`mcp__desktop__start_process`, `mcp__x__exec`, `mcp__shell__run`).
_COMMAND_TOOL_WORDS = re.compile(
    r"exec|shell|terminal|command|process|(?<![a-z])run(?:ner|s)?(?![a-z])"
)
# Codex's code-mode tools: their raw input is JavaScript that may call any tool as `tools.x(...)`.
_CODE_TOOLS = frozenset({"exec", "js_repl"})
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
_ARGV_KEYS = ("argv", "args")
_PROGRAM_KEYS = ("program", "executable", "command", "cmd")
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
_WEB_URL = re.compile(r"(?i)(?:https?|wss?|ftp)://")
_URL_IN_TEXT = re.compile(r"(?i)(?:https?|wss?|ftp)://[^\s'\"`<>\\]+")
_HOSTNAME = re.compile(r"[\w.:-]+", re.ASCII)
_BODY_KEYS = ("body", "data", "json", "payload", "form", "content")
_SENDING_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
_ADDRESS = re.compile(r"(?<![^@\s/])[^@\s/]+@[^@\s/]+\.[A-Za-z]{2,}")
# A long run of base64url with upper and lower case letters and digits (no slug, word or hex).
_ENCODED = re.compile(r"(?=[\w+=-]*[A-Z])(?=[\w+=-]*[a-z])(?=[\w+=-]*\d)[\w+=-]{24,}")
_BASE32 = re.compile(r"(?<![A-Z2-7])(?=[A-Z]*[2-7])[A-Z2-7]{32,}")
_HEX = re.compile(r"(?<![0-9A-Fa-f])[0-9A-Fa-f]{64,}(?![0-9A-Fa-f])")  # no git SHA, no PyPI path
_SSN = re.compile(r"(?<![\d-])\d{3}[ .-]\d{2}[ .-]\d{4}(?![\d-])")
_CARD = re.compile(
    r"(?<![\d-])(?:\d{15,16}|\d{4}(?:[ .-]\d{4}){2,3}[ .-]\d{1,4}|\d{4}[ .-]\d{6}[ .-]\d{5})"
    r"(?![\d-])"
)
_IBAN = re.compile(r"(?<![A-Za-z0-9])[A-Za-z]{2}\d{2}(?:[ -]?[A-Za-z0-9]){11,30}(?![A-Za-z0-9])")
_PHONE = re.compile(
    r"(?<![\w+])\+\d{1,3}(?:[ .-]?\(?\d{1,4}\)?){2,5}(?!\d)|"
    r"(?<![\d-])\(?\d{3}\)?[ .-]\d{3}[ .-]\d{4}(?![\d-])"
)
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


def _runs_commands(name: str, arguments: Any) -> bool:
    """An MCP tool that runs commands: its whole name says so (`exec`, `shell`, `terminal`,
    `command`, `process`, `run`: `mcp__shell__run`) and it takes a string under a command key
    (`command`, `code`) or an argv list (`argv`, `args`)."""
    if not isinstance(arguments, dict) or not _COMMAND_TOOL_WORDS.search(name.lower()):
        return False
    return any(_is_command(v) for k in (*_COMMAND_KEYS, *_ARGV_KEYS) for v in _values(arguments, k))


def _commands(arguments: Any) -> Iterator[str | list[str]]:
    """The commands a shell tool's arguments hold: `command` (a string or an argv list), `cmd`,
    `commands`, `chars` (Codex's write_stdin), `code` (also read as a Python and a JavaScript
    script), `input`, `argv`/`args` lists; text that is not JSON as a command."""
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
    yield from _argv_commands(arguments)


def _argv_commands(arguments: dict[str, Any]) -> Iterator[str | list[str]]:
    """The commands of an `argv`/`args` list (a string of arguments too), as it is and after
    the program a key names (`{"program": "curl", "args": [...]}`)."""
    programs = [p for k in _PROGRAM_KEYS for p in _values(arguments, k) if isinstance(p, str)]
    for key in _ARGV_KEYS:
        for value in _values(arguments, key):
            if isinstance(value, str) and value and programs:
                yield from (f"{program} {value}" for program in programs)
            elif isinstance(value, list) and _is_command(value):
                yield value
                yield from ([p, *value] for p in programs if p and p != value[0])


def _code_values(arguments: Any) -> Iterator[str]:
    """The scripts a code-mode tool called as a function is given (`code`, `input`, `script`)."""
    if isinstance(arguments, dict):
        for key in ("code", "input", "script"):
            yield from (v for v in _values(arguments, key) if isinstance(v, str))


# `tools.exec_command(`, `tools["mcp__x__run"](`, `tools[name](` in a code-mode script.
_TOOL_CALL = re.compile(
    r"\btools\s*(?:\??\.\s*([A-Za-z_$][\w$]*)|\[\s*(?:(['\"`])([^'\"`]{1,128})\2\s*|[^\]]{0,128})\])"
    r"\s*\(\s*"
)
_JS_KEY = re.compile(r"""(?:(['"])([^'"]{1,64})\1|(?<![\w$])([A-Za-z_$][\w$]{0,63}))\s*:\s*""")
# A string literal, or one left open running to the end: never failing, so read in linear time.
_JS_STRING = re.compile(r"""(['"`])((?:(?!\1)[^\\]|\\[\s\S]?)*+)(?:\1|\Z)""")
_SCRIPT_MAX = 262_144  # the start of a code-mode script that is read for the tools it calls
_OBJECT_MAX = 16_384  # the start of an object literal read for a call's arguments
_JS_MARKS = re.compile(r"""[{}'"`]""")
_RUN_AT_RUN_TIME = "exec_command"  # a tool named at run time is judged as one running commands


def _tool_calls(script: str) -> Iterator[tuple[str, Any]]:
    """(tool name, arguments) of each `tools.<name>(...)` call in a code-mode script: its
    arguments as JSON when they are, else the strings and lists of strings written under each
    key of the object, else the string it is given; a tool named at run time as one that runs
    commands, given every string the script holds."""
    text = script[:_SCRIPT_MAX]
    strings_given = False
    for call in _TOOL_CALL.finditer(text):
        name = call.group(1) or call.group(3)
        arguments = _js_arguments(text, call.end())
        if not strings_given and (name is None or _commands_unwritten(arguments)):
            strings_given = True
            yield _RUN_AT_RUN_TIME, _Pairs.of([("commands", _js_strings(text))])
        if name is not None:
            yield name, arguments


def _commands_unwritten(arguments: Any) -> bool:
    """Whether a call's arguments give a command (`cmd`, `argv`) as something other than a
    string or a list of them: a variable, an expression."""
    keys = (*_COMMAND_KEYS, *_ARGV_KEYS)
    return isinstance(arguments, _Pairs) and any(
        v is None and k in keys for k, v in arguments.pairs
    )


def _js_arguments(script: str, start: int) -> Any:
    """The first argument of a call in a script: a string, an object (as JSON when it is,
    else as pairs of its keys and their string or list-of-strings values), or None."""
    if script.startswith(("'", '"', "`"), start):
        m = _JS_STRING.match(script, start)
        return _js_unescaped(m.group(2)) if m else None
    if not script.startswith("{", start):
        return None
    end = _closing_brace(script, start, min(len(script), start + _OBJECT_MAX))
    try:
        return json.loads(script[start:end], object_pairs_hook=_object)
    except (ValueError, RecursionError):
        return _Pairs.of(list(_js_pairs(script, start + 1, end)))


def _js_pairs(script: str, start: int, end: int) -> Iterator[tuple[str, Any]]:
    """The keys of a JavaScript object literal, each with its string or list of strings (None
    for any other value)."""
    for key in islice(_JS_KEY.finditer(script, start, end), _SALVAGED_MAX):
        yield key.group(2) or key.group(3), _js_value(script, key.end(), end)


def _js_value(script: str, start: int, end: int) -> str | list[str] | None:
    """The string or list of strings at `start` of an object literal; None for anything else."""
    m = _JS_STRING.match(script, start, end)
    if m is not None:
        return _js_unescaped(m.group(2))
    if not script.startswith("[", start):
        return None
    close = script.find("]", start, end)
    items = _JS_STRING.finditer(script, start, close if close >= 0 else end)
    return [_js_unescaped(i.group(2)) for i in islice(items, _SALVAGED_MAX)]


def _js_strings(script: str) -> list[str]:
    """Every string literal of a script (the first few), each a command it may run."""
    return [_js_unescaped(m.group(2)) for m in islice(_JS_STRING.finditer(script), _SALVAGED_MAX)]


def _js_unescaped(literal: str) -> str:
    """A JavaScript string literal's text, its common escapes undone."""
    return _unescaped(literal.replace("\\'", "'").replace("\\`", "`"))


def _closing_brace(script: str, start: int, limit: int) -> int:
    """The end of the object literal at `start` (past its closing brace, braces inside strings
    not counted), or `limit`."""
    depth = 0
    mark = _JS_MARKS.search(script, start, limit)
    while mark is not None:
        pos = mark.start()
        if script[pos] in "{}":
            depth += 1 if script[pos] == "{" else -1
            if depth == 0:
                return pos + 1
            pos += 1
        else:
            string = _JS_STRING.match(script, pos, limit)
            pos = string.end() if string else pos + 1
        mark = _JS_MARKS.search(script, pos, limit)
    return limit


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


def _urls(arguments: Any) -> Iterator[str]:
    """The URLs a call's arguments hold, however deep: a string under a URL key (`url`, `uri`,
    `endpoint`, `href`, `*_url`) or one that starts with a web URL, stripped and judged whole
    whatever white space it holds; those of strings that are JSON, and the web URLs in those
    past the first few read or that cannot be read."""
    stack: list[tuple[Any, str]] = [(arguments, "")]
    decoded = 0
    while stack:
        value, key = stack.pop()
        if isinstance(value, str):
            yield from _string_urls(value, key)
            inner, decoded = _json_in(value, decoded)
            stack.extend((item, "") for item in reversed(inner))
        elif isinstance(value, dict):
            pairs = value.pairs if isinstance(value, _Pairs) else list(value.items())
            stack.extend((item, str(name)) for name, item in reversed(pairs))
        elif isinstance(value, list):
            stack.extend((item, key) for item in reversed(value))


def _string_urls(value: str, key: str) -> Iterator[str]:
    """A string as a URL, stripped: under a URL key, or starting with a web URL."""
    text = value.strip()
    named = key.lower() in _URL_KEYS or key.lower().endswith(("_url", "_uri", "url"))
    if (named and text) or _WEB_URL.match(text):
        yield text


def _json_in(value: str, decoded: int) -> tuple[list[Any], int]:
    """What a string that is a JSON object or array holds, to be walked for URLs (the web URLs
    it names when it cannot be read, or past the first few read), and the count read."""
    text = value.strip()
    if not text.startswith(("{", "[")):
        return [], decoded
    if decoded < _DECODED_MAX:
        try:
            return [json.loads(text, object_pairs_hook=_object)], decoded + 1
        except (ValueError, RecursionError):
            pass
    return _URL_IN_TEXT.findall(text), decoded


def _url_hosts(url: str) -> list[str]:
    """The hosts a client may read in a URL, as written: with tabs and line breaks taken out
    (as WHATWG's parser does), and a backslash read as a slash (as fetch does) and not."""
    squeezed = re.sub(r"[\t\r\n]", "", url)
    readings = (_raw_host(squeezed.replace("\\", "/")), _raw_host(squeezed))
    return [h for h in dict.fromkeys(readings) if h]


def _is_address(host: str) -> bool:
    """Whether a host is an IP address (`203.0.113.7`, `[2001:db8::1]`)."""
    try:
        ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return False
    return True


def _without_address(url: str) -> str:
    """A URL with the IP address it names as its host put out of it: the address is where the
    URL goes, not data it carries."""
    host = _raw_host(url)
    return url.replace(host, "address.invalid", 1) if host and _is_address(host) else url


def _raw_host(url: str) -> str:
    """The host of a URL as written, white space and all ("" when it names none)."""
    rest = re.sub(r"^[A-Za-z][A-Za-z0-9+.-]*://", "", url.strip())
    rest = re.split(r"[/?#]", rest, maxsplit=1)[0].rsplit("@", 1)[-1]
    if rest.startswith("["):
        return rest[1:].split("]", 1)[0]
    return rest.rsplit(":", 1)[0] if re.search(r":\d*$", rest) else rest


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


_QUERY_VALUE_MAX = 200  # characters: longer than any search a person types


def _data_like(segment: str) -> bool:
    """Whether a part of a URL (a path segment, a host label, a fragment) carries data: an
    address, `=`, white space, a long encoded or hex value, personal data's digits."""
    return (
        _ADDRESS.search(segment) is not None
        or "=" in segment
        or re.search(r"\s", segment) is not None
        or _ENCODED.fullmatch(segment) is not None
        or _BASE32.search(segment) is not None
        or _HEX.search(segment) is not None
        or _personal_digits(segment)
    )


def _query_data(query: str) -> bool:
    """Whether a query string carries data beyond words (`?q=asyncio tutorial&page=2` does
    not): a value that is an address, encoded, long hex, personal data's digits or longer than
    a search; secrets and findings anywhere in the URL are judged apart."""
    if not query:
        return False
    for _, value in parse_qsl(query, keep_blank_values=True):
        if len(value) > _QUERY_VALUE_MAX or _data_like(value.replace(" ", "")):
            return True
    return False


def _host_data(host: str) -> bool:
    """Whether a host carries data: in a label, in digits across labels (`123.45.6789`), or in
    its length past what DNS allows."""
    if len(host) > _HOST_MAX:
        return True
    return _personal_digits(host) or any(_data_like(label) for label in host.split("."))


def _personal_digits(text: str) -> bool:
    """Whether a text holds digits shaped as an SSN, a payment card (Luhn-valid), an IBAN
    (its check digits valid) or a phone number."""
    if _SSN.search(text) or _PHONE.search(text):
        return True
    if any(_luhn(m.group(0)) for m in _CARD.finditer(text)):
        return True
    return any(_iban(m.group(0)) for m in _IBAN.finditer(text))


def _luhn(number: str) -> bool:
    """Whether 13 to 19 digits pass the payment card checksum."""
    digits = [int(c) for c in number if c.isdigit()]
    if not 13 <= len(digits) <= 19:
        return False
    total = sum(
        d if i % 2 == 0 else (d * 2 - 9 if d > 4 else d * 2) for i, d in enumerate(digits[::-1])
    )
    return total % 10 == 0


def _iban(text: str) -> bool:
    """Whether an IBAN-shaped text's check digits are valid (mod 97)."""
    code = re.sub(r"[ -]", "", text).upper()
    if not 15 <= len(code) <= 34:
        return False
    moved = code[4:] + code[:4]
    return int("".join(str(int(c, 36)) for c in moved)) % 97 == 1


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
