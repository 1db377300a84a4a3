"""What a shell command sends where: the network calls in a command line, with the host each
goes to and whether it carries data.

A command is parsed into simple commands (its words with quotes removed, which of them hold an
expansion such as `$VAR` or `$(...)`, its redirections and what feeds its standard input) by
shlex, once `${IFS}` and `$'\\x..'` are decoded and here-documents, command substitutions and
comments are lifted out (bench/shell_parse_bench.py sets bashlex against it: as right on the
table, ~4x slower, and it cannot read `[[ ]]`, `$(( ))` or `case`). Each simple command is then
read as the program it runs: `curl -d`, `wget --post-data`, `nc host port < file`, `scp f host:`,
`ssh host cmd`, `git push URL`, `dig $(...).host`, `/dev/tcp/host/port`, interpreter one-liners,
PowerShell's Invoke-WebRequest, and a decoded command piped to a shell. Wrappers (`sudo`,
`env VAR=x`, `timeout`, `xargs`, `find -exec`), `bash -c`, `eval` and here-documents fed to a
shell or an interpreter are read through. Nothing here does I/O; which hosts are allowed is
the caller's.
"""

from __future__ import annotations

import base64
import re
import shlex
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace

from veil.memo import BoundedMemo
from veil.policy.shell import shell_paths

# What reads a command into simple commands, and whether it read it cleanly: `parse` here;
# bench/shell_parse_bench.py sets bashlex against it.
Reader = Callable[[str], tuple[tuple["Simple", ...], bool]]


@dataclass(frozen=True, slots=True)
class Feed:
    """What a simple command's standard input is: `pipe` (the output of `source`, which reads
    `files`; `decoded` when it decodes base64 or hex), `file` (`< source`), `heredoc` or
    `herestring` (`text`)."""

    kind: str
    source: str = ""
    files: tuple[str, ...] = ()
    text: str = ""
    decoded: bool = False


@dataclass(frozen=True, slots=True)
class Simple:
    """One simple command as it would run: its words (quotes removed), whether each holds an
    expansion (`$VAR`, `$(...)`, a backtick), its redirections (operator, target) and its input."""

    words: tuple[str, ...]
    dynamic: tuple[bool, ...]
    redirects: tuple[tuple[str, str], ...] = ()
    feed: Feed | None = None


@dataclass(frozen=True, slots=True)
class Send:
    """One network call: the program, what it does (`uploads .env to`, `posts data to`), the
    host (None when the command does not say), whether it carries data (a plain GET or lookup
    does not, unless the command holds a secret), the files it sends and its words."""

    program: str
    action: str
    host: str | None
    data: bool = True
    files: tuple[str, ...] = ()
    words: tuple[str, ...] = field(default=(), repr=False)
    built: bool = False  # the URL's host is built at run time: `host` is only its known tail


@dataclass(frozen=True, slots=True)
class Analysis:
    """A command's network calls, the files it reads (those `veil.policy.shell` finds in each
    simple command, and those it copies, archives or uploads), and, when it could not be parsed
    cleanly, the network tools it names."""

    sends: tuple[Send, ...] = ()
    reads: tuple[str, ...] = ()
    unparsed_tools: tuple[str, ...] = ()


def analyse(command: str | list[str], reader: Reader | None = None) -> Analysis:
    """A shell command's network calls (a string, or an argv list as Codex sends), read with
    `parse` unless another `reader` is given. Never raises; remembered, as clients resend the
    same commands every turn."""
    if reader is not None:
        return _analysis(command, reader)
    if isinstance(command, list):
        key = "\0".join(a for a in command if isinstance(a, str))
    elif isinstance(command, str):
        key = command
    else:
        return Analysis()
    if len(key) > _MEMO_KEY_MAX:
        return _analysis(command, parse)
    found = _MEMO.get(key)
    if found is None:
        found = _analysis(command, parse)
        _MEMO.put(key, found, len(key) + 200 * (len(found.sends) + len(found.reads)))
    return found


def parse(command: str) -> tuple[tuple[Simple, ...], bool]:
    """A command's simple commands, in order, nested ones (`$(...)`) included, and whether it
    was read cleanly (False: a quote or a `$(` left open, or the command cut at 32 KB)."""
    text, bodies = _prepared(command)
    simples, clean = _shlex_simples(text[:_PARSE_MAX], bodies, 0)
    return simples, clean and len(text) <= _PARSE_MAX


def is_loopback(host: str) -> bool:
    """Whether a host is this machine: localhost, 127.0.0.0/8, ::1, 0.0.0.0."""
    h = host.lower().strip("[]").rstrip(".")
    return (
        h in ("localhost", "::1", "0.0.0.0", "0:0:0:0:0:0:0:1")
        or h.endswith(".localhost")
        or re.fullmatch(r"127(\.\d{1,3}){3}", h) is not None
    )


def host_of(url: str) -> str | None:
    """The host of a URL or a `host:port/path` operand, None when it has none; of a host built
    at run time, what follows the expansion (`https://$(whoami).evil.com` -> `evil.com`)."""
    rest = re.sub(r"^[A-Za-z][A-Za-z0-9+.-]*://", "", url.strip())
    rest = re.split(r"[/?#]", rest, maxsplit=1)[0].rsplit("@", 1)[-1]
    if rest.startswith("["):
        return rest[1:].split("]", 1)[0] or None
    host = _literal_tail(rest.split(":", 1)[0]).strip(".")
    return host if _HOST.fullmatch(host) else None


# -- preparing and parsing -------------------------------------------------------------------

_MEMO_KEY_MAX = 16_384
_MEMO: BoundedMemo[str, Analysis] = BoundedMemo(8_000_000)
# Past this (here-documents aside), a command is read in part, its start: shlex takes ~2 µs a
# character, and more on one long word.
_PARSE_MAX = 32_768
_DEPTH_MAX = 4
_HOST = re.compile(r"[A-Za-z0-9_](?:[A-Za-z0-9_.-]*[A-Za-z0-9_])?|[0-9A-Fa-f:]+")
_IFS = re.compile(r"\$\{IFS[^}]*\}|\$IFS(?![A-Za-z0-9_])")
_ANSI_C = re.compile(r"\$'((?:[^'\\]|\\.)*)'", re.S)
_HEREDOC = re.compile(r"<<(-?)[ \t]*(['\"]?)([\w.-]+)\2")
_HEREDOC_MARK = "VEILHEREDOC"
_SUBST_MARK = "$VEILSUBST"
_LITERAL_DOLLAR = "\ue024"  # a `$` in single quotes while a command is tokenized
_OPERATOR = re.compile(r"&>>|<<<|&&|\|\||>>|<<-?|&>|>&|>\||\|&|;;|<>|[();<>|&\n]")
_SEPARATORS = frozenset({";", "&&", "||", "&", "\n", ";;", "(", ")"})
_REDIRECTS = frozenset({"<", "<>", ">", ">>", ">|", "&>", "&>>", ">&", "<<", "<<-", "<<<"})
_KEYWORDS = frozenset({
    "if", "then", "elif", "else", "fi", "for", "while", "until", "do", "done", "case", "esac",
    "{", "}", "!", "function", "select", "coproc", "time",
})  # fmt: skip


def _prepared(command: str) -> tuple[str, list[str]]:
    """The command with `${IFS}` read as a space, `$'\\x63url'` decoded, line continuations
    joined, and here-document bodies lifted out (returned in order; each `<<` now names its body
    by index, and its closing line stays, so that a parser that reads here-documents itself,
    as bashlex in the bench, finds an empty one)."""
    text = command.replace("\\\r\n", "").replace("\\\n", "")
    text = _ANSI_C.sub(lambda m: _single_quoted(_ansi_c(m.group(1))), _IFS.sub(" ", text))
    if "<<" not in text:
        return text, []
    bodies: list[str] = []
    out: list[str] = []
    lines = text.split("\n")
    i = 0
    while i < len(lines):
        line = lines[i]
        pending: list[tuple[bool, str]] = []

        def mark(
            m: re.Match[str], pending: list[tuple[bool, str]] = pending, line: str = line
        ) -> str:
            if m.start() > 0 and line[m.start() - 1] == "<":
                return m.group(0)  # `<<<`: a here-string
            pending.append((m.group(1) == "-", m.group(3)))
            return f"<<{m.group(1)}{_HEREDOC_MARK}{len(bodies) + len(pending) - 1}"

        out.append(_HEREDOC.sub(mark, line))
        i += 1
        for strip_tabs, delimiter in pending:
            body: list[str] = []
            while i < len(lines):
                candidate = lines[i].lstrip("\t") if strip_tabs else lines[i]
                i += 1
                if candidate == delimiter:
                    break
                body.append(lines[i - 1])
            bodies.append("\n".join(body))
            out.append(f"{_HEREDOC_MARK}{len(bodies) - 1}")
    return "\n".join(out), bodies


def _ansi_c(body: str) -> str:
    """The text of a `$'...'` string: its backslash escapes decoded."""
    try:
        return body.encode("latin-1", "backslashreplace").decode("unicode_escape")
    except (UnicodeDecodeError, ValueError):
        return body


def _single_quoted(text: str) -> str:
    return "'" + text.replace("'", "'\\''") + "'"


def _redirect_feed(op: str, target: str, feed: Feed | None, bodies: list[str]) -> Feed | None:
    """The input a redirection gives a command (`< file`, `<<EOF`, `<<< text`), else `feed`."""
    if op in ("<", "<>"):
        return None if target == "/dev/null" else Feed("file", target)
    if op in ("<<", "<<-"):
        index = target.removeprefix(_HEREDOC_MARK)
        body = bodies[int(index)] if index.isdigit() and int(index) < len(bodies) else ""
        return Feed("heredoc", text=body)
    if op == "<<<":
        return Feed("herestring", text=target)
    return feed


def _pipe_feed(producers: Sequence[Simple]) -> Feed | None:
    """The input of the command after a pipe: what the commands before it run and read."""
    if not producers:
        return None
    programs: list[str] = []
    files: list[str] = []
    for simple in producers:
        words = _unwrapped(simple.words, simple.dynamic)[0] or simple.words[:1]
        if words:
            programs.append(_program(words[0]))
            files.extend(shell_paths(list(words)))
            copier = _COPIERS.get(_program(words[0]))
            files.extend(copier(list(words[1:])) if copier else ())
        files.extend(t for op, t in simple.redirects if op in ("<", "<>"))
    last = _unwrapped(producers[-1].words, producers[-1].dynamic)[0]
    source = ", ".join(dict.fromkeys(programs))
    return Feed("pipe", source, tuple(dict.fromkeys(files)), decoded=_decodes(last))


def _shlex_simples(text: str, bodies: list[str], depth: int) -> tuple[tuple[Simple, ...], bool]:
    """A command's simple commands by shlex, command substitutions parsed on their own."""
    lifted, inner, clean = _lift_substitutions(text)
    tokens, tokenized = _tokens(lifted)
    out: list[Simple] = []
    for script in inner:
        if depth < _DEPTH_MAX:
            nested, nested_clean = _shlex_simples(script, bodies, depth + 1)
            out.extend(nested)
            clean = clean and nested_clean
    _Pipelines(out, bodies).read([*tokens, "\n"])
    return tuple(out), clean and tokenized


class _Pipelines:
    """Tokens to simple commands: pipes feed the next command, `( )` and `{ }` group commands
    whose output a pipe takes as a whole (`(cat .env; echo) | nc host 1`)."""

    def __init__(self, out: list[Simple], bodies: list[str]) -> None:
        self.out = out
        self.bodies = bodies
        self.words: list[str] = []
        self.redirects: list[tuple[str, str]] = []
        self.feed: Feed | None = None
        self.groups: list[tuple[int, Feed | None]] = []
        self.element: list[Simple] = []

    def read(self, tokens: list[str]) -> None:
        i = 0
        while i < len(tokens):
            tok = tokens[i]
            if tok in _REDIRECTS and i + 1 < len(tokens) and tokens[i + 1] not in _SEPARATORS:
                self.redirect(tok, tokens[i + 1])
                i += 2
                continue
            if tok == "(" or (tok == "{" and not self.words):
                self.flush()
                self.groups.append((len(self.out), self.feed))
            elif tok == ")" or (tok == "}" and not self.words):
                self.flush()
                start = self.groups.pop()[0] if self.groups else len(self.out)
                self.element = self.out[start:]
                self.feed = None
            elif tok in ("|", "|&"):
                self.flush()
                self.feed = _pipe_feed(self.element)
            elif tok in _SEPARATORS:
                self.flush()
                self.feed = self.groups[-1][1] if self.groups else None
            else:
                self.words.append(tok)
            i += 1

    def redirect(self, op: str, target: str) -> None:
        if self.words and self.words[-1].isdigit():
            self.words.pop()  # `2>&1`: the descriptor
        target = target.replace(_LITERAL_DOLLAR, "$")
        self.redirects.append((op, target))
        self.feed = _redirect_feed(op, target, self.feed, self.bodies)

    def flush(self) -> None:
        words = _after_keywords(self.words)
        if words or self.redirects:
            dynamic = tuple("$" in w for w in words)
            literal = tuple(w.replace(_LITERAL_DOLLAR, "$") for w in words)
            simple = Simple(literal, dynamic, tuple(self.redirects), self.feed)
            self.out.append(simple)
            self.element = [simple]
        self.words, self.redirects = [], []


def _after_keywords(words: list[str]) -> list[str]:
    i = 0
    while i < len(words) and words[i] in _KEYWORDS:
        i += 1
    return words[i:]


def _tokens(text: str) -> tuple[list[str], bool]:
    """A command's words and operators, and whether it tokenized without mending an open quote."""
    for attempt, clean in ((text, True), (text + '"', False), (text + "'", False)):
        lexer = shlex.shlex(attempt, posix=True, punctuation_chars="();<>|&\n")
        lexer.whitespace = " \t\r"
        lexer.whitespace_split = True
        lexer.commenters = ""
        try:
            return [op for token in lexer for op in _operators(token)], clean
        except ValueError:
            continue
    return text.split(), False


def _operators(token: str) -> list[str]:
    """shlex joins neighbouring punctuation (`;\\n`, `)|`): split it into shell operators."""
    if not token or token.strip("();<>|&\n"):
        return [token]
    return _OPERATOR.findall(token)


def _lift_substitutions(text: str) -> tuple[str, list[str], bool]:
    """`$(...)`, backticks, `<(...)` and `>(...)` replaced by a marker that reads as an
    expansion, with the scripts inside them, and whether every one was closed; comments taken
    out, and a `$` in single quotes kept from reading as an expansion."""
    out: list[str] = []
    inner: list[str] = []
    clean = True
    quote = ""
    i = 0
    n = len(text)
    while i < n:
        c = text[i]
        if quote == "'":
            quote = "" if c == "'" else quote
            out.append(_LITERAL_DOLLAR if c == "$" else c)
            i += 1
            continue
        if c == "#" and not quote and (i == 0 or text[i - 1] in " \t\n;|&()"):
            end = text.find("\n", i)
            i = n if end < 0 else end
            continue
        if c == "\\":
            out.append(text[i : i + 2])
            i += 2
            continue
        opens = c == "$" or (c in "<>" and not quote)
        if opens and text.startswith("(", i + 1):
            end = _closing(text, i + 2)
            clean = clean and end < n
            if not text.startswith("((", i + 1):  # `$((1+2))`: arithmetic, no command
                inner.append(text[i + 2 : end])
            out.append(_SUBST_MARK if c == "$" else "/dev/fd/63")
            i = end + 1
            continue
        if c == "`":
            end = text.find("`", i + 1)
            end = n if end < 0 else end
            clean = clean and end < n
            inner.append(text[i + 1 : end])
            out.append(_SUBST_MARK)
            i = end + 1
            continue
        if c in "'\"" and (not quote or quote == c):
            quote = "" if quote else c
        out.append(c)
        i += 1
    return "".join(out), inner, clean


def _closing(text: str, start: int) -> int:
    """The index of the `)` that closes a `$(` whose script starts at `start` (len when none)."""
    depth = 1
    quote = ""
    i = start
    while i < len(text):
        c = text[i]
        if quote:
            if c == quote:
                quote = ""
            elif c == "\\" and quote == '"':
                i += 1
        elif c == "\\":
            i += 1
        elif c in "'\"":
            quote = c
        elif c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
            if depth == 0:
                return i
        i += 1
    return len(text)


# -- reading what commands do ----------------------------------------------------------------


@dataclass(slots=True)
class _Found:
    """What the simple commands of one command line do, gathered while they are read."""

    text: str
    reader: Reader
    sends: list[Send] = field(default_factory=list)
    reads: list[str] = field(default_factory=list)


def _analysis(command: str | list[str], reader: Reader) -> Analysis:
    found = _Found(command if isinstance(command, str) else " ".join(command), reader)
    clean = True
    if isinstance(command, list):
        argv = tuple(a for a in command if isinstance(a, str))
        _simple(Simple(argv, (False,) * len(argv)), found, 0)
    else:
        clean = _script(command, found, 0)
    if _POWERSHELL_CMDLET.search(found.text):
        found.sends.extend(_powershell_sends(found.text))
    sends = tuple(dict.fromkeys(found.sends))
    reads = tuple(dict.fromkeys(r for r in found.reads if r and r != "-"))
    tools = () if clean else _named_tools(found.text)
    return Analysis(sends, reads, tools)


def _script(text: str, found: _Found, depth: int) -> bool:
    """Read a script's simple commands into `found`; whether it parsed cleanly."""
    if depth > _DEPTH_MAX:
        return True
    simples, clean = found.reader(text)
    for simple in simples:
        _simple(simple, found, depth)
    return clean


def _simple(simple: Simple, found: _Found, depth: int) -> None:
    """Read one simple command: its redirections, the files it reads, where it sends data."""
    for op, target in simple.redirects:
        verb = "sends output through" if ">" in op else "connects through"
        found.sends.extend(_dev_tcp(target, verb))
        if op in ("<", "<>"):
            found.reads.append(target)
    words, dynamic = _unwrapped(simple.words, simple.dynamic)
    if not words:
        return
    found.reads.extend(shell_paths(list(words)))
    name = _program(words[0])
    if name in _SHELLS or name == "eval":
        _shell(name, words, dynamic, simple.feed, found, depth)
        return
    if name in ("xargs", "find"):
        for inner in _xargs(words) if name == "xargs" else _find_exec(words):
            _simple(inner, found, depth)
        return
    for word in words[1:]:
        found.sends.extend(_dev_tcp(word, "connects through"))
    reader = _COPIERS.get(name)
    if reader is not None:
        found.reads.extend(reader(list(words[1:])))
    handler = _HANDLERS.get(_family(name))
    if handler is not None:
        sends = handler(Args(name, words, dynamic, simple.feed))
        found.sends.extend(sends)
        found.reads.extend(f for s in sends for f in s.files)


def _shell(
    name: str,
    words: tuple[str, ...],
    dynamic: tuple[bool, ...],
    feed: Feed | None,
    found: _Found,
    depth: int,
) -> None:
    """`bash -c "..."`, `eval ...`, `sh < script`, `... | base64 -d | sh`."""
    script, script_dynamic = _shell_script(name, words, dynamic)
    if script is None and not _operands(words[1:]) and feed is not None:
        if feed.decoded:
            found.sends.append(
                Send(name, "runs a decoded command, which veil cannot check", None, words=words)
            )
            return
        script, script_dynamic = feed.text, "$" in feed.text
    if not script:
        return
    if script_dynamic and _DECODER.search(found.text):
        found.sends.append(
            Send(name, "runs a decoded command, which veil cannot check", None, words=words)
        )
    _script(script, found, depth + 1)


def _shell_script(
    name: str, words: tuple[str, ...], dynamic: tuple[bool, ...]
) -> tuple[str | None, bool]:
    """The script of `bash -lc "..."` or `eval ...`, and whether it is built at run time."""
    if name == "eval":
        return " ".join(words[1:]), any(dynamic[1:])
    for i, arg in enumerate(words[1:-1], 1):
        if arg.startswith("-") and not arg.startswith("--") and "c" in arg:
            return words[i + 1], dynamic[i + 1]
    return None, False


def _operands(args: Sequence[str]) -> list[str]:
    return [a for a in args if not a.startswith("-") and not a.startswith("+")]


def _dev_tcp(word: str, verb: str) -> list[Send]:
    m = _DEV_TCP.search(word)
    if m is None:
        return []
    return [Send("bash", f"{verb} /dev/{m.group(1)} to", host_of(m.group(2)))]


_DEV_TCP = re.compile(r"/dev/(tcp|udp)/([^/\s]+)/")

_PLAIN_WRAPPERS = (
    "time", "nohup", "command", "exec", "builtin", "busybox", "torsocks", "setsid", "unbuffer",
)  # fmt: skip
_WRAPPERS: dict[str, frozenset[str]] = {  # command -> its options that take a value
    "sudo": frozenset({"-u", "-g", "-C", "-h", "-p", "-U", "-D", "-r", "-t"}),
    "doas": frozenset({"-u", "-C"}),
    "env": frozenset({"-u", "-C", "--unset", "--chdir"}),
    "nice": frozenset({"-n"}),
    "ionice": frozenset({"-c", "-n", "-p"}),
    "timeout": frozenset({"-s", "-k", "--signal", "--kill-after"}),
    "stdbuf": frozenset({"-i", "-o", "-e"}),
    "proxychains": frozenset({"-f"}),
    "proxychains4": frozenset({"-f"}),
    "watch": frozenset({"-n", "-d"}),
    **dict.fromkeys(_PLAIN_WRAPPERS, frozenset[str]()),
}


def _unwrapped(
    words: tuple[str, ...], dynamic: tuple[bool, ...]
) -> tuple[tuple[str, ...], tuple[bool, ...]]:
    """Words without `VAR=value` prefixes and wrappers such as `sudo -u x`, `env`, `timeout 10`."""
    i = 0
    while i < len(words):
        if re.match(r"^[A-Za-z_]\w*=", words[i]):
            i += 1
            continue
        name = _program(words[i])
        values = _WRAPPERS.get(name)
        if values is None:
            break
        i += 1
        while i < len(words) and (words[i].startswith("-") or (name == "env" and "=" in words[i])):
            i += 2 if words[i] in values else 1
        if name == "timeout" and i < len(words):
            i += 1  # the duration
    return words[i:], dynamic[i:]


def _program(word: str) -> str:
    """`/usr/bin/curl` -> `curl`, `CURL.EXE` -> `curl`."""
    name = word.replace("\\", "/").rsplit("/", 1)[-1].lower()
    return name.removesuffix(".exe")


def _family(name: str) -> str:
    """The handler a program's name selects: `python3.12` -> `python`, `nodejs` -> `node`."""
    if re.fullmatch(r"(python|pypy)[\d.]*[wm]?", name):
        return "python"
    if name in ("nodejs", "deno", "bun"):
        return "node"
    return name


def _decodes(words: Sequence[str]) -> bool:
    """Whether a command decodes base64 or hex (`base64 -d`, `xxd -r`, `openssl enc -d`)."""
    if not words:
        return False
    name = _program(words[0])
    flags = set(words[1:])
    if name in ("base64", "base32", "basenc", "gbase64"):
        return bool(flags & {"-d", "--decode", "-D"}) or any(
            f.startswith("-") and not f.startswith("--") and "d" in f for f in flags
        )
    if name == "xxd":
        return any(f.startswith("-") and "r" in f for f in flags)
    if name == "openssl":
        return "-d" in flags
    return name in ("uudecode", "rev", "zcat", "gunzip")


_DECODER = re.compile(
    r"base(?:64|32)\s+(?:-\w*d|--decode|-D)|xxd\s+-r|openssl\s+(?:enc\s+)?[^|;]*-d\b|b64decode"
)
_SHELLS = frozenset({"bash", "sh", "zsh", "dash", "ksh", "ash", "fish", "mksh"})


def _xargs(words: tuple[str, ...]) -> list[Simple]:
    """The command `xargs` runs; with `-I R`, the words holding R are built at run time."""
    values = frozenset({"-I", "-L", "-l", "-n", "-P", "-s", "-d", "-E", "-e", "-a"})
    replace = ""
    i = 1
    while i < len(words) and words[i].startswith("-"):
        arg = words[i]
        if arg in ("-I", "--replace") and i + 1 < len(words):
            replace = words[i + 1]
        elif arg.startswith(("-I", "--replace=")) and len(arg) > 2:
            replace = arg.split("=", 1)[1] if "=" in arg else arg[2:]
        elif arg == "-i" or arg.startswith("-i"):
            replace = arg[2:] or "{}"
        i += 2 if arg in values else 1
    inner = words[i:]
    if not inner:
        return []
    dynamic = tuple(bool(replace) and replace in w for w in inner)
    return [Simple(inner, dynamic)]


def _find_exec(words: tuple[str, ...]) -> list[Simple]:
    """The commands of `find ... -exec cmd {} \\;` (and `-execdir`, `-ok`)."""
    found: list[Simple] = []
    i = 1
    while i < len(words):
        if words[i] in ("-exec", "-execdir", "-ok", "-okdir"):
            j = i + 1
            while j < len(words) and words[j] not in (";", "+", "\\;"):
                j += 1
            inner = words[i + 1 : j]
            if inner:
                found.append(Simple(inner, tuple("{}" in w for w in inner)))
            i = j
        i += 1
    return found


# -- programs --------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Args:
    """One program's call: its name, words (the program first), their expansions and input."""

    name: str
    words: tuple[str, ...]
    dynamic: tuple[bool, ...]
    feed: Feed | None

    def send(
        self, action: str, host: str | None, data: bool = True, files: Sequence[str] = ()
    ) -> Send:
        return Send(self.name, action, host, data, tuple(files), self.words)

    def fed(self) -> str:
        """What its standard input carries, as a phrase (`the output of env`), "" when none."""
        feed = self.feed
        if feed is None:
            return ""
        if feed.kind == "file":
            return feed.source
        if feed.kind == "pipe":
            files = f" ({', '.join(feed.files)})" if feed.files else ""
            return f"the output of {feed.source or 'a command'}{files}"
        return "a here-document" if feed.kind == "heredoc" else "a here-string"


def _options(
    args: Args, values: frozenset[str], long_equals: bool = True
) -> tuple[list[tuple[str, str, bool]], list[tuple[str, bool]]]:
    """A program's options with their values (option, value, value built at run time) and its
    operands (word, built at run time); short options may be clustered (`-sSd @f`, `-XPOST`)."""
    opts: list[tuple[str, str, bool]] = []
    operands: list[tuple[str, bool]] = []
    words, dynamic = args.words, args.dynamic
    i = 1
    while i < len(words):
        arg = words[i]
        nxt, nxt_dyn = (words[i + 1], dynamic[i + 1]) if i + 1 < len(words) else ("", False)
        if arg == "--":
            operands.extend(zip(words[i + 1 :], dynamic[i + 1 :], strict=True))
            break
        if arg.startswith("--"):
            name, eq, value = arg.partition("=")
            if eq and long_equals:
                opts.append((name, value, dynamic[i]))
            elif name in values:
                opts.append((name, nxt, nxt_dyn))
                i += 1
            else:
                opts.append((name, "", False))
        elif arg.startswith("-") and len(arg) > 1:
            for j, ch in enumerate(arg[1:], 1):
                flag = "-" + ch
                if flag in values:
                    rest = arg[j + 1 :]
                    opts.append((flag, rest or nxt, dynamic[i] if rest else nxt_dyn))
                    i += 0 if rest else 1
                    break
                opts.append((flag, "", False))
        else:
            operands.append((arg, dynamic[i]))
        i += 1
    return opts, operands


def _flags(text: str) -> frozenset[str]:
    return frozenset(text.split())


_CURL_VALUES = _flags(
    "-d -F -T -H -X -u -A -e -b -c -o -K -m -w -x -E -r -U -Y -y -z -C -D -P -Q -t "
    "--data --data-ascii --data-binary --data-raw --data-urlencode --json --form --form-string "
    "--upload-file --header --request --user --user-agent --referer --cookie --cookie-jar "
    "--output --config --max-time --write-out --proxy --cert --key --range --url --cacert "
    "--connect-timeout --retry --retry-delay --resolve --connect-to --output-dir --proxy-user "
    "--limit-rate --max-filesize --interface --dns-servers --oauth2-bearer --variable --expand-url "
    "--retry-max-time --keepalive-time --local-port --noproxy --unix-socket --trace --trace-ascii "
    "--stderr --dump-header --aws-sigv4 --pass --cert-type --key-type --ciphers --ftp-port"
)
_CURL_DATA = _flags("-d --data --data-ascii --data-binary --data-raw --data-urlencode --json")
_CURL_FORMS = frozenset({"-F", "--form", "--form-string"})
_CURL_UPLOADS = frozenset({"-T", "--upload-file"})


def _curl(args: Args) -> list[Send]:
    opts, operands = _options(args, _CURL_VALUES, long_equals=False)
    urls = operands + [(v, d) for o, v, d in opts if o == "--url"]
    files: list[str] = []
    stdin = False
    sends_data = False
    for opt, value, _ in opts:
        if opt in _CURL_DATA or opt in _CURL_FORMS or opt in _CURL_UPLOADS:
            sends_data = True
            path = _curl_file(opt, value)
            if path in ("-", "."):
                stdin = True
            elif path:
                files.append(path)
    headers_dynamic = any(o in ("-H", "--header") and _substituted(v) for o, v, _ in opts)
    if sends_data:
        action = _upload_action(args, files, stdin, "posts data to")
    elif any(d for _, d in urls) or headers_dynamic:
        action = "puts command output or a variable in a request to"
        sends_data = True
    else:
        action = "makes a request to"
    return [_to_url(args.send(action, None, sends_data, files), u) for u, _ in urls] or [
        args.send(action, None, sends_data, files)
    ]


def _to_url(send: Send, url: str) -> Send:
    """`send` to a URL's host; a host with an expansion in it is built at run time, and no
    allowlist can hold for it (`https://$(x).api.example` may end up anywhere)."""
    authority = re.sub(r"^[A-Za-z][A-Za-z0-9+.-]*://", "", url.strip())
    built = "$" in re.split(r"[/?#]", authority, maxsplit=1)[0]
    return replace(send, host=host_of(url), built=built)


def _substituted(word: str) -> bool:
    """Whether a word holds a command's output (`$(...)`, a backtick), not just a variable."""
    return "$(" in word or "`" in word or _SUBST_MARK in word


def _curl_file(opt: str, value: str) -> str:
    """The file a curl data option sends: `-d @f`, `-F k=@f`, `-F k=<f`, `-T f` ('-': stdin)."""
    if opt in _CURL_UPLOADS:
        return value
    if opt in _CURL_FORMS:
        m = re.search(r"=[@<]([^;]+)", value)
        return m.group(1) if m else ""
    if value.startswith("@"):
        return value[1:]
    if opt == "--data-urlencode" and "@" in value:
        return value.split("@", 1)[1]
    return ""


def _upload_action(args: Args, files: Sequence[str], stdin: bool, otherwise: str) -> str:
    if files:
        return f"uploads {', '.join(files)} to"
    if stdin and args.fed():
        return f"sends {args.fed()} to"
    return "sends its input to" if stdin else otherwise


_WGET_VALUES = _flags(
    "-O -o -a -e -t -T -w -P -U -i -B -Q -l -A -R -D -I -X --post-data --post-file "
    "--body-data --body-file --method --header --output-document --user --password "
    "--user-agent --input-file --referer --load-cookies --save-cookies"
)


def _wget(args: Args) -> list[Send]:
    opts, operands = _options(args, _WGET_VALUES)
    files = [v for o, v, _ in opts if o in ("--post-file", "--body-file")]
    data = any(o in ("--post-data", "--body-data") for o, _, _ in opts)
    method = next((v.upper() for o, v, _ in opts if o == "--method"), "")
    stdin = "-" in files or "/dev/stdin" in files
    files = [f for f in files if f not in ("-", "/dev/stdin")]
    sends_data = bool(files or data or stdin or method in ("POST", "PUT", "PATCH"))
    if sends_data:
        action = _upload_action(args, files, stdin, "posts data to")
    elif any(d for _, d in operands):
        action, sends_data = "puts command output or a variable in a request to", True
    else:
        action = "makes a request to"
    return [_to_url(args.send(action, None, sends_data, files), u) for u, _ in operands] or [
        args.send(action, None, sends_data, files)
    ]


_NC_VALUES = _flags(
    "-p -s -w -i -q -x -X -e -c -I -O -T -P -W -M -m --exec --sh-exec --lua-exec --source "
    "--source-port --wait --proxy --proxy-type --idle-timeout"
)


def _netcat(args: Args) -> list[Send]:
    opts, operands = _options(args, _NC_VALUES)
    flags = {o for o, _, _ in opts}
    if flags & {"-l", "--listen"}:
        return []
    host = host_of(operands[0][0]) if operands else None
    if flags & {"-e", "-c", "--exec", "--sh-exec", "--lua-exec"}:
        return [args.send("opens a remote shell to", host)]
    if "-z" in flags or args.feed is None:
        return [args.send("connects to", host, data=False)]
    files = [args.feed.source] if args.feed.kind == "file" else list(args.feed.files)
    return [args.send(f"sends {args.fed()} to", host, files=files)]


def _openssl(args: Args) -> list[Send]:
    """`openssl s_client -connect host:port`, fed: sends its input over TLS."""
    if args.words[1:2] != ("s_client",) or "-connect" not in args.words[:-1]:
        return []
    host = host_of(args.words[args.words.index("-connect") + 1])
    if args.feed is None:
        return [args.send("connects to", host, data=False)]
    return [args.send(f"sends {args.fed()} to", host)]


_SOCAT_REMOTE = re.compile(
    r"(?i)^(?:(tcp[46]?|udp[46]?|tcp[46]?-connect|udp[46]?-(?:connect|sendto|datagram)|"
    r"openssl(?:-connect)?|ssl|sctp(?:-connect)?|dccp(?:-connect)?)|"
    r"(socks4a?|socks5(?:-connect)?|proxy(?:-connect)?)):"
)


def _socat(args: Args) -> list[Send]:
    _, operands = _options(args, frozenset({"-b", "-T", "-t", "-lf", "-lp"}))
    sends: list[Send] = []
    files = [a.split(":", 1)[1].split(",", 1)[0] for a, _ in operands if _SOCAT_FILE.match(a)]
    shell = any(re.match(r"(?i)(exec|system):", a) for a, _ in operands)
    for address, _ in operands:
        m = _SOCAT_REMOTE.match(address)
        if m is None:
            continue
        fields = address.split(",", 1)[0].split(":")
        host = host_of(fields[2 if m.group(2) else 1]) if len(fields) > 2 else None
        action = _upload_action(args, files, True, "relays data to")
        action = "opens a remote shell to" if shell else action
        sends.append(args.send(action, host, files=files))
    return sends


_SOCAT_FILE = re.compile(r"(?i)^(?:file|open|gopen|create):")
_SSH_VALUES = _flags("-b -c -D -E -e -F -I -i -J -L -l -m -O -o -p -Q -R -S -W -w -B")


def _ssh(args: Args) -> list[Send]:
    opts, operands = _options(args, _SSH_VALUES)
    if not operands:
        return []
    host = host_of(operands[0][0])
    if args.feed is not None:
        action = f"sends {args.fed()} to"
    elif len(operands) > 1:
        action = "runs a command on"
    elif any(o == "-R" for o, _, _ in opts):
        action = "opens a reverse tunnel to"
    else:
        return [args.send("connects to", host, data=False)]
    files = [args.feed.source] if args.feed and args.feed.kind == "file" else []
    return [args.send(action, host, files=files)]


_REMOTE = re.compile(r"^(?:[A-Za-z][\w+.-]*://)?(?:[^@/:\s]+@)?(\[[^\]]+\]|[^@/:\s]{2,}):")
_SCP_VALUES = _flags("-c -F -i -J -l -o -P -S -D -X")
_RSYNC_VALUES = _flags(
    "-e -f -T -B -M --rsh --exclude --include --filter --files-from --rsync-path "
    "--password-file --temp-dir --partial-dir --backup-dir --suffix --chmod --chown "
    "--block-size --port --remote-option --log-file --compare-dest --copy-dest --link-dest "
    "--timeout --bwlimit --max-size --min-size --out-format --info --debug --exclude-from "
    "--include-from"
)


def _copy_to_remote(args: Args) -> list[Send]:
    """scp and rsync: the last operand is where the files go."""
    values = _SCP_VALUES if args.name == "scp" else _RSYNC_VALUES
    _, operands = _options(args, values)
    if len(operands) < 2:
        return []
    destination = operands[-1][0]
    if not _is_remote(destination):
        return []
    files = [w for w, _ in operands[:-1] if not _is_remote(w)]
    return [
        args.send(f"copies {', '.join(files) or 'files'} to", host_of(destination), files=files)
    ]


def _is_remote(operand: str) -> bool:
    return (
        operand.startswith(("rsync://", "scp://", "sftp://")) or _REMOTE.match(operand) is not None
    )


def _transfer_session(args: Args) -> list[Send]:
    """sftp, ftp, tftp: a session that sends what its input or its words say (`put f`, `-b`)."""
    _, operands = _options(args, frozenset({"-P", "-i", "-o", "-F", "-l", "-r", "-B", "-R"}))
    host = next((host_of(w) for w, _ in operands if w not in _TRANSFER_WORDS), None)
    words = list(args.words)
    puts = re.findall(r"(?m)^\s*m?put\s+(\S+)", args.feed.text if args.feed else "")
    puts += [words[i + 1] for i, w in enumerate(words[:-1]) if w in ("put", "mput")]
    uploads = puts or args.feed is not None or any(w in _TRANSFER_WORDS for w in words[1:])
    if not uploads:
        return [args.send("connects to", host, data=False)]
    return [args.send(_upload_action(args, puts, False, "transfers files to"), host, files=puts)]


_TRANSFER_WORDS = frozenset({"put", "mput", "-b", "-u", "-p", "-T"})
_GIT_VALUES = frozenset({"-C", "-c", "--git-dir", "--work-tree", "--namespace"})


def _git(args: Args) -> list[Send]:
    i = 1
    words = args.words
    while i < len(words) and words[i].startswith("-"):
        i += 2 if words[i] in _GIT_VALUES else 1
    if i >= len(words) or words[i] != "push":
        return []
    target = next((w for w in words[i + 1 :] if not w.startswith("-")), "")
    if "://" not in target and not _REMOTE.match(target):
        return []
    return [args.send("pushes to", host_of(target))]


_DNS_VALUES = frozenset({"-t", "-c", "-p", "-f", "-k", "-y", "-b", "-q", "-x", "-W", "-R", "-N"})
_PING_VALUES = frozenset({"-c", "-i", "-I", "-s", "-t", "-w", "-W", "-l", "-p", "-Q", "-m"})


def _lookup(args: Args) -> list[Send]:
    """dig, nslookup, host, drill, ping: a name built at run time carries data in the query."""
    _, operands = _options(args, _PING_VALUES if args.name.startswith("ping") else _DNS_VALUES)
    names = [(w, d) for w, d in operands if not w.startswith(("@", "+")) and w.upper() not in _RR]
    sends: list[Send] = []
    for name, dynamic in names[: 1 if args.name != "dig" else None]:
        host = _literal_tail(name).strip(".") or None
        if dynamic:
            sends.append(args.send("sends command output or a variable in a DNS query to", host))
        elif host:
            sends.append(args.send("looks up a name at", host, data=False))
    return sends


_RR = _flags("A AAAA ANY MX NS TXT CNAME SOA PTR SRV CAA DS DNSKEY IN CH AXFR")


def _literal_tail(word: str) -> str:
    """What follows the last expansion in a word: `$(cat .env|base64).evil.com` -> `.evil.com`."""
    cut = max(word.rfind(")"), word.rfind("`"), word.rfind("}"))
    tail = word[cut + 1 :] if cut >= 0 else word
    tail = re.split(r"\$[A-Za-z_]\w*|\$[0-9@*#?$!-]", tail)[-1]
    return tail.replace("{}", "")


_SCRIPT_OPTIONS = {  # interpreter -> its options whose value is a script
    "python": ("-c",),
    "node": ("-e", "--eval", "-p", "--print"),
    "perl": ("-e", "-E"),
    "ruby": ("-e",),
    "php": ("-r",),
}
_SENDERS = {  # interpreter -> the calls of its scripts that send data
    "python": re.compile(
        r"requests\.(?:post|put|patch)|httpx\.(?:post|put|patch)|\.(?:post|put|patch)\(|"
        r"urlopen\([^)]*data|Request\([^)]*(?:data|method)|\.request\(\s*['\"](?:POST|PUT|PATCH)|"
        r"socket\.socket\(|socket\.create_connection|smtplib|ftplib|paramiko"
    ),
    "node": re.compile(
        r"https?\.request\(|axios\.(?:post|put|patch)|net\.(?:connect|createConnection)|"
        r"new\s+net\.Socket|dgram|method:\s*['\"](?:POST|PUT|PATCH)|\bbody:|\.(?:post|put)\("
    ),
    "perl": re.compile(r"IO::Socket|HTTP::Request->new\(\s*['\"]?(?:POST|PUT)|->post\(|Net::SMTP"),
    "ruby": re.compile(r"Net::HTTP::Post|Net::HTTP\.post|TCPSocket|UDPSocket|\.post\("),
    "php": re.compile(r"CURLOPT_POSTFIELDS|fsockopen|stream_socket_client|'method'\s*=>\s*'POST'"),
}
_FETCHERS = {  # interpreter -> the calls of its scripts that make a plain request
    "python": re.compile(r"urlopen|urllib\.request|requests\.get|httpx\.get|http\.client"),
    "node": re.compile(r"fetch\(|https?\.get\(|axios\.get"),
    "perl": re.compile(r"LWP|HTTP::Tiny|HTTP::Request"),
    "ruby": re.compile(r"Net::HTTP|open-uri|URI\.open|HTTParty|RestClient"),
    "php": re.compile(r"curl_exec|file_get_contents\(\s*['\"]https?:"),
}
_READS_SECRETS = {  # interpreter -> what reads the environment or a file in its scripts
    "python": re.compile(r"os\.environ|getenv|open\(|read_text\(|read_bytes\("),
    "node": re.compile(r"process\.env|readFileSync|fs\.read"),
    "perl": re.compile(r"\$ENV\{|%ENV|open\(|<STDIN>"),
    "ruby": re.compile(r"ENV\[|ENV\.|File\.read|IO\.read"),
    "php": re.compile(r"getenv|\$_ENV|file_get_contents\(\s*['\"](?!https?:)"),
}
_URL = re.compile(r"\b[a-zA-Z][\w+.-]*://[^\s'\"`)<>]+")
# Hosts a script names outside URLs: `("evil.com", 443)`, `host: "evil.com"`, `"evil.com:80"`.
_SCRIPT_HOST = re.compile(
    r"\(\s*\(?\s*['\"]([\w.-]+)['\"]\s*,\s*\d+|\bhost(?:name)?['\"]?\s*[:=]>?\s*['\"]([\w.-]+)['\"]|"
    r"['\"]([\w-]+(?:\.[\w-]+)+):\d+['\"]"
)


def _interpreter(args: Args) -> list[Send]:
    """python/node/perl/ruby/php with a script on the command line or in a here-document."""
    family = _family(args.name)
    script = _inline_script(args.words, _SCRIPT_OPTIONS[family])
    if script is None and args.feed is not None and args.feed.kind in ("heredoc", "herestring"):
        script = args.feed.text
    if not script:
        return []
    if family == "python" and re.search(r"exec\([^)]*b64decode", script):
        return [args.send("runs a decoded command, which veil cannot check", None)]
    call = _SENDERS[family].search(script) or _FETCHERS[family].search(script)
    if call is None:
        return []
    # A request from a script that reads the environment or a file may carry what it read.
    data = _SENDERS[family].search(script) is not None or bool(
        _READS_SECRETS[family].search(script)
    )
    api = re.match(r"[\w.:>-]*\w", call.group(0).lstrip("."))
    action = f"sends data with {api.group(0) if api else 'a network call'} to"
    named = [next(g for g in h.groups() if g) for h in _SCRIPT_HOST.finditer(script)]
    hosts = [host_of(u) for u in _URL.findall(script)] + named
    return [args.send(action, h, data) for h in dict.fromkeys(hosts or [None])]


def _inline_script(words: tuple[str, ...], options: tuple[str, ...]) -> str | None:
    """The script of `python -c CODE`, `python -cCODE`, `perl -ne CODE`, `node -e CODE`."""
    short = "".join(o[1] for o in options if len(o) == 2)
    for i, arg in enumerate(words[1:], 1):
        following = words[i + 1] if i + 1 < len(words) else None
        if arg in options or (re.fullmatch(r"-[A-Za-z]+", arg) and arg[-1] in short):
            return following
        if len(arg) > 2 and arg[:2] in options:
            return arg[2:]
        if not arg.startswith("-"):
            return None  # a script file: its content is not in the command
    return None


_POWERSHELL_CMDLET = re.compile(
    r"(?i)\b(?:invoke-webrequest|invoke-restmethod|iwr|irm|net\.webclient|send-mailmessage|"
    r"sockets\.tcpclient)\b"
)
_POWERSHELL_SENDS = re.compile(
    r"(?i)-method\s+['\"]?(?:post|put|patch)|-body\b|-infile\b|\.upload(?:string|file|data|"
    r"values)(?:async)?\s*\(|send-mailmessage|tcpclient"
)


def _powershell_sends(script: str) -> list[Send]:
    """Invoke-WebRequest/Invoke-RestMethod with a body or a POST, WebClient uploads."""
    m = _POWERSHELL_CMDLET.search(script)
    if m is None or not _POWERSHELL_SENDS.search(script):
        return []
    hosts = [host_of(u) for u in _URL.findall(script)] or [None]
    return [Send("powershell", f"sends data with {m.group(0)} to", h) for h in dict.fromkeys(hosts)]


def _powershell(args: Args) -> list[Send]:
    words = args.words
    for i, arg in enumerate(words[1:], 1):
        low = arg.lower()
        if low in ("-c", "-command") and i + 1 < len(words):
            return _powershell_sends(" ".join(words[i + 1 :]))
        if low in ("-e", "-enc", "-encodedcommand") and i + 1 < len(words):
            return _powershell_sends(_utf16_base64(words[i + 1])) or [
                Send(
                    "powershell",
                    "runs a decoded command, which veil cannot check",
                    None,
                    words=words,
                )
            ]
    return _powershell_sends(" ".join(words))


def _utf16_base64(text: str) -> str:
    try:
        return base64.b64decode(text, validate=False).decode("utf-16-le", "replace")
    except ValueError:
        return ""


_HANDLERS: dict[str, Callable[[Args], list[Send]]] = {
    "curl": _curl,
    "wget": _wget,
    **dict.fromkeys(("nc", "ncat", "netcat", "telnet"), _netcat),
    "openssl": _openssl,
    "socat": _socat,
    "ssh": _ssh,
    "scp": _copy_to_remote,
    "rsync": _copy_to_remote,
    **dict.fromkeys(("sftp", "ftp", "tftp", "lftp"), _transfer_session),
    "git": _git,
    **dict.fromkeys(("dig", "nslookup", "host", "drill", "ping", "ping6"), _lookup),
    **dict.fromkeys(("python", "node", "perl", "ruby", "php"), _interpreter),
    **dict.fromkeys(("powershell", "pwsh"), _powershell),
    **dict.fromkeys(("invoke-webrequest", "invoke-restmethod", "iwr", "irm"), _powershell),
}


# -- files copied or archived ----------------------------------------------------------------


def _sources(args: list[str]) -> list[str]:
    """cp/mv/install: every operand but the destination (or all of them with `-t DIR`)."""
    operands = [a for a in args if not a.startswith("-")]
    if any(a in ("-t", "--target-directory") or a.startswith("--target-directory=") for a in args):
        return operands[1:] if "-t" in args else operands
    return operands[:-1]


def _archived(args: list[str]) -> list[str]:
    """tar in create mode: its operands but the archive."""
    if not args or not (re.fullmatch(r"-?[A-Za-z]*c[A-Za-z]*", args[0]) or "--create" in args):
        return []
    operands: list[str] = []
    skip = False
    for i, arg in enumerate(args):
        if skip:
            skip = False
            continue
        if i == 0 and not arg.startswith("-"):
            skip = "f" in arg
            continue
        if arg.startswith("-"):
            skip = arg in ("-f", "--file", "-C", "--directory", "-T", "-X", "--exclude") or (
                not arg.startswith("--") and arg.endswith("f")
            )
            continue
        operands.append(arg)
    return operands


def _zipped(args: list[str]) -> list[str]:
    """zip/7z a: the operands after the archive."""
    operands = [a for a in args if not a.startswith("-") and a != "a"]
    return operands[1:]


def _dd(args: list[str]) -> list[str]:
    return [a[3:] for a in args if a.startswith("if=")]


def _all_operands(args: list[str]) -> list[str]:
    return [a for a in args if not a.startswith("-")]


_COPIERS: dict[str, Callable[[list[str]], list[str]]] = {
    **dict.fromkeys(("cp", "mv", "install", "rclone"), _sources),
    "tar": _archived,
    "bsdtar": _archived,
    **dict.fromkeys(("zip", "7z", "7za"), _zipped),
    **dict.fromkeys(("gzip", "bzip2", "xz", "zstd", "gpg", "age"), _all_operands),
    "dd": _dd,
}


# -- commands that could not be parsed -------------------------------------------------------

_NETWORK_TOOLS = re.compile(
    r"(?i)(?<![\w.-])(curl|wget|nc|ncat|netcat|socat|ssh|scp|sftp|rsync|ftp|tftp|telnet|dig|s_client|"
    r"nslookup|invoke-webrequest|invoke-restmethod|iwr|irm)(?![\w-])|/dev/tcp/|requests\.post|"
    r"urllib|http\.client|socket\.|fetch\("
)


def _named_tools(text: str) -> tuple[str, ...]:
    """The network tools a text names, read with quotes and backslashes taken out (`c''url`)."""
    plain = re.sub(r"['\"\\]", "", text)
    return tuple(dict.fromkeys(m.group(0).lower() for m in _NETWORK_TOOLS.finditer(plain)))
