"""The file paths a request carries, and the `[policy.paths]` tier a path falls under.

Paths sit where clients put them: the inputs of file tools (Claude Code's Read/Edit/Grep, MCP
filesystem tools, Codex's read_file), shell commands that read files (`cat`, `sed -n`, `head`,
through pipes, `cd DIR &&` and `bash -lc "..."`), apply_patch headers, paths quoted in the text the
developer or the assistant wrote, and the file names of fenced blocks. Nothing here does I/O.
"""

from __future__ import annotations

import json
import os
import posixpath
import re
import shlex
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pathspec


@dataclass(frozen=True, slots=True)
class PathRef:
    """One path a request carries. `where`: `tool` (a file tool's input), `shell` (a command that
    reads it), `patch` (apply_patch), `prompt` (quoted in text), `fence` (a fenced block's name)."""

    path: str
    where: str


@dataclass(frozen=True, slots=True)
class ToolCall:
    """A tool call in a request: `ids` it is answered by, its name, its parsed arguments, and
    `at`, the JSON path of its raw input (a dict, a JSON text, a patch, or an argv list)."""

    ids: tuple[str, ...]
    name: str
    arguments: Any
    at: tuple[str | int, ...]


# -- shell commands -------------------------------------------------------------------------

_SEPARATORS = frozenset({"|", "||", "&&", ";", "&", "\n", "(", ")", "|&", ";;"})
_WRITES = frozenset({">", ">>", ">|", "&>", "&>>", ">&"})
_WRAPPERS = {  # command -> its options that take a value
    "sudo": {"-u", "-g", "-C", "-h", "-p", "-U"},
    "doas": {"-u", "-C"},
    "env": {"-u", "-C", "-S"},
    "nice": {"-n"},
    "timeout": {"-s", "-k"},
    "stdbuf": {"-i", "-o", "-e"},
    "time": set(),
    "nohup": set(),
    "command": set(),
    "exec": set(),
    "builtin": set(),
}
_OPERATOR = re.compile(r"&>>|<<<|&&|\|\||>>|<<-?|&>|>&|>\||\|&|;;|<>|[();<>|&\n]")
_SHELLS = frozenset({"bash", "sh", "zsh", "dash", "ksh", "fish", "ash"})
_POWERSHELLS = frozenset({"powershell", "pwsh"})


@dataclass(frozen=True, slots=True)
class _Reader:
    """How a command names the files it reads: its options that take a value (`paths`: those
    whose value is the file), whether its first operand is a program or a pattern rather than a
    file (unless an option in `given_by` supplies it), and whether options ignore case."""

    values: frozenset[str] = frozenset()
    program_first: bool = False
    given_by: frozenset[str] = frozenset()
    only_first: bool = False
    paths: frozenset[str] = frozenset()
    fold: bool = False


def _reader(values: str = "", first: bool = False, given_by: str = "", **kw: Any) -> _Reader:
    paths = frozenset(kw.pop("paths", "").split())
    return _Reader(
        frozenset(values.split()) | paths, first, frozenset(given_by.split()), paths=paths, **kw
    )


_GREP = _reader(
    "-e -f -m -A -B -C -d -D --regexp --file --max-count --after-context --before-context "
    "--context --include --exclude --exclude-dir --label",
    first=True,
    given_by="-e -f --regexp --file",
)
_RG = _reader(
    "-e -f -g -t -T -m -A -B -C -r -j -M -E --regexp --file --glob --iglob --type --type-not "
    "--max-count --after-context --before-context --context --replace --threads --max-columns "
    "--encoding --type-add --sort --sortr --max-depth --max-filesize --color --colors",
    first=True,
    given_by="-e -f --regexp --file --files",
)
_AWK = _reader("-F -v -f --field-separator --assign --file", True, "-f --file")
_GET_CONTENT = _reader(
    "-totalcount -head -tail -first -last -encoding -delimiter -readcount",
    paths="-path -literalpath",
    fold=True,
)
_SELECT_STRING = _reader(
    "-pattern -encoding -context", True, "-pattern", paths="-path -literalpath", fold=True
)
_READERS: dict[str, _Reader] = {
    **dict.fromkeys(("cat", "less", "more", "wc"), _reader()),
    "tac": _reader("-s --separator"),
    "nl": _reader("-b -d -f -h -i -l -n -s -v -w"),
    "strings": _reader("-n -t -e --bytes --radix --encoding"),
    "xxd": _reader("-c -g -l -s -o -n --cols --groupsize --len --seek"),
    "od": _reader("-A -j -N -t -w -S --address-radix --skip-bytes --read-bytes --format"),
    "head": _reader("-n -c --lines --bytes"),
    "tail": _reader("-n -c -s --lines --bytes --sleep-interval --pid"),
    "bat": _reader(
        "-l -r -H -m --language --line-range --highlight-line --style --theme "
        "--map-syntax --tabs --wrap --terminal-width --file-name"
    ),
    "batcat": _reader("-l -r -H -m --language --line-range --highlight-line --style --theme"),
    "base64": _reader("-w -b --wrap --break", paths="-i --input"),
    "cut": _reader("-d -f -c -b --delimiter --fields --characters --bytes --output-delimiter"),
    "sort": _reader("-k -t -o -S -T --key --field-separator --output --buffer-size"),
    "uniq": _reader("-f -s -w --skip-fields --skip-chars --check-chars"),
    "diff": _reader("-C -U -x -X -I -L --label --exclude --ignore-matching-lines"),
    **dict.fromkeys(("grep", "egrep", "fgrep", "zgrep"), _GREP),
    "rg": _RG,
    "ag": _reader("-G -A -B -C -m --file-search-regex --context", first=True),
    "sed": _reader("-e -f -l --expression --file --line-length", True, "-e -f --expression --file"),
    "awk": _AWK,
    "gawk": _AWK,
    "jq": _reader("-f --from-file --indent --arg --argjson --slurpfile --rawfile", True, "-f"),
    "yq": _reader("-I -o -p --indent --output-format --input-format", first=True),
    "source": _reader(only_first=True),
    ".": _reader(only_first=True),
    # PowerShell and cmd.exe: Get-Content and its aliases; `-Path`/`-LiteralPath` name the file.
    "get-content": _GET_CONTENT,
    "gc": _GET_CONTENT,
    "type": _GET_CONTENT,
    "select-string": _SELECT_STRING,
    "sls": _SELECT_STRING,
}
_TWO_VALUES = frozenset({"--arg", "--argjson", "--slurpfile", "--rawfile"})
_GIT_SHOWS = frozenset({"show", "diff", "log", "blame", "cat-file", "annotate"})
_HEREDOC = re.compile(
    r"<<-?[ \t]*(['\"]?)([\w.-]+)\1[^\n]*\n(.*?)(?:^[ \t]*\2[ \t]*$|\Z)", re.S | re.M
)
_PATCH_FILE = re.compile(r"^\*\*\* (?:(?:Update|Add|Delete) File|Move to): *(.+?) *$", re.M)


def shell_paths(command: str | list[str]) -> list[str]:
    """The files a shell command reads: the file operands of cat/head/tail/less/sed/awk/grep/rg
    and kin, `< file` redirections, PowerShell's Get-Content/type, through pipes, `&&`, `;`,
    `bash -lc "..."` wrappers and `cd DIR &&` prefixes (paths then joined to DIR). Never raises."""
    reads, _ = _shell(command)
    return reads


def shell_writes(command: str | list[str]) -> list[str]:
    """The files a shell command writes through `>`/`>>` redirections and `tee`."""
    _, writes = _shell(command)
    return writes


def patch_paths(patch: str) -> list[str]:
    """The files an apply_patch patch adds, updates, deletes or moves to (`*** Update File: p`)."""
    return _unique(m.group(1) for m in _PATCH_FILE.finditer(patch))


def _shell(command: object, cwd: str = "", depth: int = 0) -> tuple[list[str], list[str]]:
    reads: list[str] = []
    writes: list[str] = []
    if depth > 4:
        return reads, writes
    if isinstance(command, list):
        argv = [a for a in command if isinstance(a, str)]
        script = _script_of(argv)
        if script is not None:
            return _shell(script, cwd, depth + 1)
        _command(argv, cwd, reads, writes, depth)
        return _unique(reads), _unique(writes)
    if not isinstance(command, str):
        return reads, writes
    tokens = _tokens(_HEREDOC.sub(lambda m: m.group(0)[: m.start(3) - m.start(0)], command))
    words: list[str] = []
    for token in [*tokens, "\n"]:
        if token not in _SEPARATORS:
            words.append(token)
            continue
        if words[:1] == ["cd"]:
            target = next((a for a in words[1:] if not a.startswith("-")), "")
            cwd = _join(cwd, target) if target not in ("", "-", "~") else ""
        elif words:
            _command(words, cwd, reads, writes, depth)
        words = []
    return _unique(reads), _unique(writes)


def _tokens(command: str) -> list[str]:
    for attempt in (command, command + '"', command + "'"):
        lexer = shlex.shlex(attempt.replace("`", " ; "), posix=True, punctuation_chars="();<>|&\n")
        lexer.whitespace = " \t\r"
        lexer.whitespace_split = True
        try:
            return [op for token in lexer for op in _operators(token)]
        except ValueError:
            continue
    return command.split()


def _operators(token: str) -> list[str]:
    """shlex joins neighbouring punctuation (`;\n`, `)|`): split it into shell operators."""
    if token.strip("();<>|&\n"):
        return [token]
    return _OPERATOR.findall(token)


def _script_of(argv: list[str]) -> str | None:
    """The script of `bash -lc "..."`, `sh -c`, `pwsh -Command ...`, `cmd /c ...`."""
    name = _name(argv[0]) if argv else ""
    if name in _SHELLS:
        for i, arg in enumerate(argv[1:-1], 1):
            if arg.startswith("-") and not arg.startswith("--") and "c" in arg:
                return argv[i + 1]
    elif name in _POWERSHELLS:
        for i, arg in enumerate(argv[1:], 1):
            if arg.lower() in ("-c", "-command"):
                return " ".join(argv[i + 1 :])
    elif name == "cmd":
        for i, arg in enumerate(argv[1:], 1):
            if arg.lower() in ("/c", "/k"):
                return " ".join(argv[i + 1 :])
    return None


def _command(argv: list[str], cwd: str, reads: list[str], writes: list[str], depth: int) -> None:
    """One simple command: its redirections, then its file operands if it is a reader."""
    words: list[str] = []
    i = 0
    while i < len(argv):
        tok = argv[i]
        if tok.isdigit() and i + 1 < len(argv) and argv[i + 1] in ("<", *_WRITES):
            i += 1  # `2>` and `2>&1`: the descriptor is no operand
            continue
        if tok in ("<", "<>") and i + 1 < len(argv):
            reads.append(_join(cwd, argv[i + 1]))
            i += 2
            continue
        if tok in _WRITES or tok in ("<<", "<<<", "<<-"):
            target = argv[i + 1] if i + 1 < len(argv) else ""
            if tok in _WRITES and not (tok == ">&" and target.isdigit()) and target:
                writes.append(_join(cwd, target))
            i += 2
            continue
        words.append(tok)
        i += 1
    words = _unwrap(words)
    if not words:
        return
    script = _script_of(words)
    if script is not None:
        more_reads, more_writes = _shell(script, cwd, depth + 1)
        reads.extend(more_reads)
        writes.extend(more_writes)
        return
    name = _name(words[0])
    if name == "tee":
        writes.extend(_join(cwd, w) for w in words[1:] if not w.startswith("-"))
    elif name == "git":
        j = 1
        while j < len(words) and words[j].startswith("-"):  # `git --no-pager -C dir show`
            j += 2 if words[j] in ("-C", "-c") else 1
        if j < len(words) and words[j] in _GIT_SHOWS:
            reads.extend(_join(cwd, p) for p in _git_paths(words[j + 1 :]))
    elif name in _READERS:
        reads.extend(_join(cwd, p) for p in _operands(_READERS[name], words[1:]))


def _unwrap(words: list[str]) -> list[str]:
    """Drop `VAR=value` prefixes and wrappers such as `sudo -u x`, `env`, `timeout 10`."""
    while words:
        if re.match(r"^[A-Za-z_]\w*=", words[0]):
            words = words[1:]
            continue
        name = _name(words[0])
        if name not in _WRAPPERS:
            return words
        values = _WRAPPERS[name]
        i = 1
        while i < len(words) and (words[i].startswith("-") or "=" in words[i]):
            i += 2 if words[i] in values else 1
        if name == "timeout" and i < len(words):
            i += 1  # the duration
        words = words[i:]
    return words


def _operands(reader: _Reader, args: list[str]) -> list[str]:
    operands: list[str] = []
    given = False
    i = 0
    while i < len(args):
        arg = args[i]
        if arg == "--":
            operands.extend(args[i + 1 :])
            break
        if arg.startswith("-") and len(arg) > 1:
            flag = arg.lower() if reader.fold else arg
            given = given or flag.split("=")[0] in reader.given_by
            if flag in reader.paths and i + 1 < len(args):
                operands.append(args[i + 1])
            i += 3 if flag in _TWO_VALUES else 2 if flag in reader.values else 1
            continue
        if not arg.startswith("+"):  # `less +G`, `more +10`: commands, not files
            operands.append(arg)
        i += 1
    if reader.program_first and not given:
        operands = operands[1:]
    return operands[:1] if reader.only_first else operands


def _git_paths(args: list[str]) -> list[str]:
    """`git show REV:path`, `git diff -- path`, `git log -p path`: the paths, not the revisions."""
    found: list[str] = []
    after_dashes = False
    for arg in args:
        if arg == "--":
            after_dashes = True
        elif after_dashes:
            found.append(arg)
        elif not arg.startswith("-"):
            candidate = arg.split(":", 1)[1] if ":" in arg else arg
            if candidate and looks_like_path(candidate):
                found.append(candidate)
    return found


def _name(word: str) -> str:
    name = word.replace("\\", "/").rsplit("/", 1)[-1].lower()
    return name.removesuffix(".exe")


def _join(cwd: str, path: str) -> str:
    if not cwd or not path or path.startswith(("/", "~", "$")) or re.match(r"^[A-Za-z]:", path):
        return path
    return posixpath.normpath(posixpath.join(cwd, path))


def _unique(items: Iterator[str] | list[str]) -> list[str]:
    return list(dict.fromkeys(i for i in items if i))


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
_COMMAND_KEYS = ("command", "cmd", "commands", "script")


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
    if base == "apply_patch":
        patch = arguments.get("input", arguments.get("patch"))
        return [PathRef(p, "patch") for p in patch_paths(patch)] if isinstance(patch, str) else []
    if base in _SHELL_TOOLS:
        for key in _COMMAND_KEYS:
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


def command_refs(command: object) -> list[PathRef]:
    """The paths of one shell command (a string or an argv list), with apply_patch inside it."""
    if not isinstance(command, str | list):
        return []
    refs = [PathRef(p, "shell") for p in _shell(command)[0]]
    text = command if isinstance(command, str) else "\n".join(str(a) for a in command)
    if "*** Begin Patch" in text:
        refs.extend(PathRef(p, "patch") for p in patch_paths(text))
    return refs


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


def tool_calls(body: Any, route: str) -> Iterator[ToolCall]:
    """Every tool call in a request body, in order (Anthropic, chat, Responses shapes)."""
    return (piece for piece in _walk(body, route) if isinstance(piece, ToolCall))


def _walk(body: Any, route: str) -> Iterator[str | ToolCall]:
    """The prompt texts (what the developer, the client or the assistant wrote; never a tool's
    result) and the tool calls of a request, in order of appearance."""
    if not isinstance(body, dict):
        return
    if route == "messages":
        yield from _texts(body.get("system"))
        for m, msg in _items(body.get("messages")):
            content = msg.get("content")
            yield from _texts(content)
            for b, block in _items(content):
                if block.get("type") in ("tool_use", "server_tool_use"):
                    at = ("messages", m, "content", b, "input")
                    name = str(block.get("name", ""))
                    yield ToolCall(_ids(block.get("id")), name, block.get("input"), at)
    elif route == "chat":
        for m, msg in _items(body.get("messages")):
            if msg.get("role") not in ("tool", "function"):
                yield from _texts(msg.get("content"))
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
        yield from _texts(body.get("instructions"))
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
        yield from _texts(item.get("content"))
    elif kind == "function_call":
        yield ToolCall(ids, name, parse_arguments(item.get("arguments")), ("input", i, "arguments"))
    elif kind == "custom_tool_call":
        yield ToolCall(ids, name, item.get("input"), ("input", i, "input"))
    elif kind in ("local_shell_call", "shell_call"):
        action = item.get("action")
        key = "command" if kind == "local_shell_call" else "commands"
        if isinstance(action, dict):
            yield ToolCall(ids, kind, {key: action.get(key)}, ("input", i, "action", key))


def _texts(content: Any) -> Iterator[str]:
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


# -- paths in text ---------------------------------------------------------------------------

_EXTENSION_WORDS = (
    "py pyi ipynb ts tsx js jsx mjs cjs go rs java kt kts rb php c h cc cpp hpp cs swift m mm "
    "scala sql sh bash zsh fish ps1 bat yml yaml toml json jsonc ini cfg conf env md mdx rst txt "
    "csv tsv xml html htm css scss sass less vue svelte lock pem key crt cer der csr p12 pfx jks "
    "kdbx pub ppk tfstate tf tfvars hcl proto graphql gql gradle properties dockerfile mk cmake r "
    "jl lua pl pm ex exs erl hrl dart zig nim sol log db sqlite sqlite3 parquet pdf png jpg jpeg "
    "gif svg webp kubeconfig backup bak old orig"
)
_EXTENSIONS = frozenset(_EXTENSION_WORDS.split())
_NAMES = frozenset({
    "Dockerfile", "Makefile", "Procfile", "Gemfile", "Rakefile", "Jenkinsfile", "Vagrantfile",
    "Justfile", "Containerfile", "id_rsa", "id_dsa", "id_ecdsa", "id_ed25519", "kubeconfig",
})  # fmt: skip
_NOT_PATHS = frozenset({
    "node.js", "vue.js", "next.js", "nuxt.js", "express.js", "three.js", "chart.js", "d3.js",
    "react.js", "angular.js", "ember.js", "backbone.js", "deno.js", ".net", "asp.net", "e.g",
    "and/or", "either/or", "w/o", "w/", "i/o", "n/a", "yes/no", "on/off", "true/false",
    "he/she", "his/her", "him/her", "km/h", "read/write", "input/output", "client/server",
    "pros/cons", "and/or/not", "tcp/ip", "ci/cd", "a/b", "s/he", "today/tomorrow",
})  # fmt: skip
_CANDIDATE = re.compile(r"[\w.~@$%+\-/\\:*]+")
_DRIVE = re.compile(r"^[A-Za-z]:[\\/]")
_SEGMENT = re.compile(r"[\w.~@$%+\-]+")
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})[ \t]*([^`\n]*)$")
_FENCE_ATTR = re.compile(r"""\b(?:title|file|filename|path|name)\s*=\s*["']?([^"'\s]+)""")


def looks_like_path(token: str) -> bool:
    """Whether a word reads as a file path: a slash with path-like segments, a dotfile, a name
    with a known extension, or a known file name (`Dockerfile`, `id_rsa`); never a URL."""
    t = token.strip()
    if not t or "://" in t or "*" in t or "?" in t or t.lower() in _NOT_PATHS:
        return False
    segments = [s for s in re.split(r"[\\/]", t[2:] if _DRIVE.match(t) else t) if s]
    if "/" in t or "\\" in t:
        if not segments or not all(_SEGMENT.fullmatch(s) for s in segments):
            return False
        if all(s.isdigit() for s in segments):
            return False  # a date or a fraction
        if t.startswith(("/", "./", "../", "~/", "$", ".\\", "~\\")) or _DRIVE.match(t):
            return True
        if len(segments) >= 3 or any(_file_name(s) for s in segments):
            return True
        return all(re.fullmatch(r"[a-z0-9_][\w.\-]*", s) for s in segments) and not t.isdigit()
    return _file_name(t)


def _file_name(word: str) -> bool:
    if word in _NAMES:
        return True
    if re.fullmatch(r"\.[A-Za-z_][\w.\-]*", word):
        return word.lower() not in _NOT_PATHS  # a dotfile: `.env`, `.npmrc`
    m = re.fullmatch(r"[\w@+~$%\-][\w.@+~$%\-]*\.([A-Za-z0-9]+)", word)
    return m is not None and m.group(1).lower() in _EXTENSIONS and word.lower() not in _NOT_PATHS


def text_paths(text: str) -> list[PathRef]:
    """The paths quoted in a text (`prompt`) and the file names of its fenced blocks (`fence`):
    on the opening fence (```` ```py src/x.py ````, ```` ```ts:src/x.ts ````, `title="x.py"`) or
    alone on the line before it (Aider's style)."""
    refs: list[PathRef] = []
    lines = text.split("\n")
    fence = ""
    for n, line in enumerate(lines):
        m = _FENCE.match(line)
        if fence:
            if m and m.group(1).startswith(fence) and not m.group(2).strip():
                fence = ""
            else:
                refs.extend(PathRef(p, "prompt") for p in _prompt_paths(line))
            continue
        if m:
            fence = m.group(1)
            refs.extend(PathRef(p, "fence") for p in _fence_names(m.group(2)))
            continue
        following = lines[n + 1] if n + 1 < len(lines) else ""
        name = line.strip().strip("`*").rstrip(":").strip()
        if _FENCE.match(following) and " " not in name and looks_like_path(name):
            refs.append(PathRef(name.removeprefix("@"), "fence"))
        else:
            refs.extend(PathRef(p, "prompt") for p in _prompt_paths(line))
    return _unique_refs(refs)


def _fence_names(info: str) -> list[str]:
    attr = _FENCE_ATTR.search(info)
    if attr:
        return [attr.group(1)]
    return [p for word in info.split() for p in word.split(":") if looks_like_path(p)][:1]


def _prompt_paths(text: str) -> Iterator[str]:
    for m in _CANDIDATE.finditer(text):
        token = m.group(0)
        if not ("." in token or "/" in token or "\\" in token or token in _NAMES):
            continue  # a plain word: most of any text
        if "://" in token or (m.start() > 0 and text[m.start() - 1] in "=&?#"):
            continue
        if _DRIVE.match(token):
            parts = [token[:2] + token[2:].split(":", 1)[0]]
        else:
            parts = token.split(":")
        for part in parts:
            part = part.rstrip(".-").removeprefix("@")
            if "@" not in part and looks_like_path(part):
                yield part.rstrip("/\\") or part


# -- the request -----------------------------------------------------------------------------


def request_paths(body: Any, route: str) -> list[PathRef]:
    """Every file path the request carries, deduplicated (by path and where), in order of
    appearance. `route`: `messages`, `chat`, `responses`, `completions`, `embeddings`, `other`
    (every string is then searched). Never raises on odd shapes."""
    refs: list[PathRef] = []
    if route not in ("messages", "chat", "responses", "completions", "embeddings"):
        _anything(body, refs, 0)
        return _unique_refs(refs)
    for piece in _walk(body, route):
        if isinstance(piece, str):
            refs.extend(text_paths(piece))
        else:
            refs.extend(call_paths(piece.name, piece.arguments))
    return _unique_refs(refs)


def _anything(value: Any, refs: list[PathRef], depth: int) -> None:
    if depth > 64:
        return
    if isinstance(value, str):
        refs.extend(text_paths(value))
    elif isinstance(value, list):
        for item in value:
            _anything(item, refs, depth + 1)
    elif isinstance(value, dict):
        for key, item in value.items():
            if key in _PATH_KEYS and isinstance(item, str) and looks_like_path(item):
                refs.append(PathRef(item, "tool"))
            else:
                _anything(item, refs, depth + 1)


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
        if not (p.startswith("/") or _DRIVE.match(p)):
            rel = posixpath.normpath(p) if p else "."
            return None if rel == "." else rel
        p = posixpath.normpath(p)
        for root in (workspace, self.workspace):
            if root is None:
                continue
            base = posixpath.normpath(str(root).replace("\\", "/"))
            if p.lower().startswith(base.lower().rstrip("/") + "/") and (
                p.startswith(base) or _DRIVE.match(p)
            ):
                return p[len(base.rstrip("/")) + 1 :]
        return None
