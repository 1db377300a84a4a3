"""What a shell command sends where: the network calls in a command line, with the host each
goes to and whether it carries data.

A command is parsed into simple commands (its words with quotes removed, which of them hold an
expansion such as `$VAR` or `$(...)`, its redirections and what feeds its standard input) by
shlex, once `${IFS}` and `$'\\x..'` are decoded and here-documents, command substitutions and
comments are lifted out (bench/shell_parse_bench.py sets bashlex against it: as right on the
table, ~4x slower, and it cannot read `[[ ]]`, `$(( ))` or `case`). Each simple command is then
read as the program it runs: curl (its config files, proxies, `--connect-to`, headers and
cookies that carry data), wget, `nc host port < file`, `scp f host:`, `ssh host cmd`, git (a
push to a URL or to a remote the line sets, send-email), `dig $(...).host`, `/dev/tcp/host/port`,
interpreter one-liners, PowerShell's Invoke-WebRequest, mail, cloud copies, httpie, and a
decoded command piped to a shell. Wrappers (`sudo`, `env VAR=x`, `env -S`, `timeout`), `bash
-c`, `eval`, here-documents fed to a shell or an interpreter, and the commands other programs
run (`xargs`, `find -exec`, `su -c`, `docker run`, ssh's ProxyCommand, `GIT_SSH_COMMAND`,
`os.system(...)`) are read through; what a line sets for its later commands (variables set
once, aliases, git remotes, `HTTPS_PROXY`) is followed, and a script it writes and then runs
(`echo ... | sh`, `cat > f <<EOF ...; bash f`) is read. Where the program is named at run time
(`$C`, `$(echo curl)`), naming a network tool or a host is enough to be judged as sending data
(the gate asks the same of a command that cannot be parsed and names a network tool). Nothing
here does I/O; which hosts are allowed is the caller's.
"""

from __future__ import annotations

import base64
import re
import shlex
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from itertools import islice

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
    cleanly, the network tools and the hosts it names."""

    sends: tuple[Send, ...] = ()
    reads: tuple[str, ...] = ()
    unparsed_tools: tuple[str, ...] = ()
    hosts: tuple[str, ...] = ()  # when it could not be parsed: the hosts off this machine it names


def analyse(command: str | list[str], reader: Reader | None = None) -> Analysis:
    """A shell command's network calls (a string, or an argv list as Codex sends), read with
    `parse` unless another `reader` is given. Never raises; remembered, as clients resend the
    same commands every turn."""
    if reader is not None:
        return _analysis(command, reader)
    key = _memo_key(command)
    if key is None:
        return Analysis()
    size = sum(map(len, key))
    if size > _MEMO_KEY_MAX:
        return _analysis(command, parse)
    found = _MEMO.get(key)
    if found is None:
        found = _analysis(command, parse)
        _MEMO.put(key, found, size + 200 * (len(found.sends) + len(found.reads)))
    return found


def _memo_key(command: object) -> tuple[str, ...] | None:
    """The memo's key for a command: an argv list and a string tagged apart, so that no string
    (NULs and all) can stand for a list."""
    if isinstance(command, list):
        return ("argv", *(a for a in command if isinstance(a, str)))
    if isinstance(command, str):
        return ("text", command)
    return None


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
_MEMO: BoundedMemo[tuple[str, ...], Analysis] = BoundedMemo(8_000_000)
# Past this (here-documents aside), a command is read in part, its start: shlex takes ~2 µs a
# character, and more on one long word.
_PARSE_MAX = 32_768
_DEPTH_MAX = 4
_MARKS_MAX = 1024  # the here-documents lifted out and the `$'...'` decoded in one command
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
    text = _ANSI_C.sub(_ansi_c_quoted, _IFS.sub(" ", text), count=_MARKS_MAX)
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

        left = _MARKS_MAX - len(bodies)  # past the limit, `<<` is left as it is
        out.append(_HEREDOC.sub(mark, line, count=left) if left > 0 else line)
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


def _ansi_c_quoted(m: re.Match[str]) -> str:
    """A `$'...'` string as the single-quoted string it stands for."""
    return _single_quoted(_ansi_c(m.group(1)))


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
            if tok == "(" or (tok == "{" and self.words[:1] in ([], ["function"])):
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
            out.append(_substitution(text[i + 2 : end]) if c == "$" else "/dev/fd/63")
            i = end + 1
            continue
        if c == "`":
            end = text.find("`", i + 1)
            end = n if end < 0 else end
            clean = clean and end < n
            inner.append(text[i + 1 : end])
            out.append(_substitution(text[i + 1 : end]))
            i = end + 1
            continue
        if c in "'\"" and (not quote or quote == c):
            quote = "" if quote else c
        out.append(c)
        i += 1
    return "".join(out), inner, clean


def _substitution(script: str) -> str:
    """What stands for a command substitution: nothing for an empty one (`cu$()rl` runs curl),
    else a marker that reads as an expansion."""
    return _SUBST_MARK if script.strip() else ""


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
class _State:
    """What the earlier simple commands of a command line set for the later ones: variables
    (only one assigned once has a known value: `x=a; false && x=b` leaves it unknown), aliases,
    git remotes and settings, npm's registry. What it holds only adds to what is judged: a
    value may also come from the shell a call runs in."""

    values: dict[str, str] = field(default_factory=dict)
    assigned: Counter[str] = field(default_factory=Counter)
    aliases: dict[str, str] = field(default_factory=dict)
    remotes: dict[str, str] = field(default_factory=dict)  # git remote -> its URL
    git: dict[str, str] = field(default_factory=dict)  # `git config` settings, keys lowercased
    registry: str = ""  # `npm config set registry URL`

    def assign(self, name: str, value: str) -> None:
        """`name=value`; `name+=more` and `name[i]=x` leave the value unknown."""
        base = name.rstrip("+").split("[", 1)[0]
        if base != name:
            self.forget(base)
            return
        self.values[name] = value
        self.assigned[name] += 1

    def forget(self, name: str) -> None:
        """A variable set in a way veil does not follow (`read x`, `unset x`, `for x in`)."""
        self.assigned[name] += 2

    def value(self, name: str) -> str | None:
        """A variable's value, when it was assigned once, to a value that holds no expansion."""
        value = self.values.get(name)
        if self.assigned[name] != 1 or value is None or "$" in value or "`" in value:
            return None
        return value

    def environment(self, prefix: dict[str, str]) -> dict[str, str]:
        """The variables a program sees: those set before it (known ones) and its own."""
        known = {n: v for n in self.values if (v := self.value(n)) is not None}
        return {**known, **prefix}


@dataclass(slots=True)
class _Found:
    """What the simple commands of one command line do, gathered while they are read: the
    texts it prints or writes (echo, printf, here-documents), whether it runs a script from a
    file or a pipe, whether it runs a program whose name is built at run time, and whether it
    decodes base64 or hex."""

    text: str
    reader: Reader
    sends: list[Send] = field(default_factory=list)
    reads: list[str] = field(default_factory=list)
    state: _State = field(default_factory=_State)
    texts: list[str] = field(default_factory=list)
    runs_unseen: bool = False
    built: bool = False
    decodes: bool = False  # a simple command of a script read so far decodes base64 or hex


def _analysis(command: str | list[str], reader: Reader) -> Analysis:
    if isinstance(command, str) and "\0" in command:
        # No client can pass a NUL to bash (execve ends an argument there); judged both as what
        # runs to the first NUL and as lines.
        head, lines = command.split("\0", 1)[0], command.replace("\0", "\n")
        return _merged(_analysis(head, reader), _analysis(lines, reader))
    found = _Found(command if isinstance(command, str) else " ".join(command), reader)
    clean = True
    if isinstance(command, list):
        argv = tuple(a for a in command if isinstance(a, str))
        _simple(Simple(argv, (False,) * len(argv)), found, 0)
    else:
        clean = _script(command, found, 0)
    _read_written_scripts(found)
    if _POWERSHELL_CMDLET.search(found.text):
        found.sends.extend(_powershell_sends(found.text))
    tools = () if clean else network_tools(found.text)
    hosts = named_hosts(found.text) if found.built or not clean else ()
    if found.built:
        sent = {s.host for s in found.sends if s.data}
        guessed = _built_program(network_tools(found.text), hosts)
        found.sends.extend(s for s in guessed if s.host not in sent)
    sends = tuple(dict.fromkeys(found.sends))
    reads = tuple(dict.fromkeys(r for r in found.reads if r and r != "-"))
    return Analysis(sends, reads, tools, () if clean else hosts)


def _merged(first: Analysis, second: Analysis) -> Analysis:
    """Two analyses as one: each field's items of both, once."""
    return Analysis(
        *(
            tuple(dict.fromkeys((*a, *b)))
            for a, b in (
                (first.sends, second.sends),
                (first.reads, second.reads),
                (first.unparsed_tools, second.unparsed_tools),
                (first.hosts, second.hosts),
            )
        )
    )


def _script(text: str, found: _Found, depth: int) -> bool:
    """Read a script's simple commands into `found`; whether it parsed cleanly."""
    if depth > _DEPTH_MAX:
        return True
    simples, clean = found.reader(text)
    found.decodes = found.decodes or any(
        _decodes(_unwrapped(s.words, s.dynamic)[0]) for s in simples
    )
    for simple in simples:
        _simple(simple, found, depth)
    return clean


def _read_written_scripts(found: _Found) -> None:
    """A command that runs a script from a file or a pipe (`sh x.sh`, `echo ... | sh`,
    `source <(...)`): the texts it prints or writes are read as scripts too, one may be it."""
    if not found.runs_unseen:
        return
    texts, found.texts = found.texts, []
    for text in texts[:_TEXTS_MAX]:
        _script(text, found, 1)


def _built_program(tools: tuple[str, ...], hosts: tuple[str, ...]) -> list[Send]:
    """A program named at run time (`$C`, `$(echo curl)`, `cu${x}rl`) in a command that names a
    network tool or a host: judged as if it sent data there."""
    if not tools and not hosts:
        return []
    what = f"next to {', '.join(tools[:3])}" if tools else "and names a host"
    action = f"runs a program named at run time {what}, which may send data to"
    return [Send("the command", action, h) for h in hosts or (None,)]


def _simple(simple: Simple, found: _Found, depth: int) -> None:
    """Read one simple command: its redirections, the files it reads, where it sends data, the
    commands it runs, and what it sets for the commands after it."""
    if depth > _DEPTH_MAX:
        return
    for op, target in simple.redirects:
        verb = "sends output through" if ">" in op else "connects through"
        found.sends.extend(_dev_tcp(target, verb))
        if op in ("<", "<>"):
            found.reads.append(target)
    prefix: dict[str, str] = {}
    words, dynamic = _unwrapped(simple.words, simple.dynamic, prefix)
    if not words:
        for name, value in prefix.items():  # `X=1` alone: set for the commands after it
            found.state.assign(name, value)
        return
    found.built = found.built or dynamic[0]
    _read_aliased(words, simple.feed, found, depth)
    words, dynamic = _resolved(words, dynamic, found.state)
    if not words:
        return
    found.reads.extend(shell_paths(list(words)))
    name = _program(words[0])
    _remember(name, words, simple.feed, found)
    if re.search(r"\s", words[0].strip()):  # `watch 'curl ...'`: a script in one word
        _script(" ".join(words), found, depth + 1)
        return
    if name in _SHELLS or name in _SCRIPT_READERS:
        _shell(name, words, dynamic, simple.feed, found, depth)
        return
    for word in words[1:]:
        found.sends.extend(_dev_tcp(word, "connects through"))
        found.sends.extend(_inet(word))
    reader = _COPIERS.get(name)
    if reader is not None:
        found.reads.extend(reader(list(words[1:])))
    args = Args(name, words, dynamic, simple.feed, found.state.environment(prefix), found.state)
    _run_inner(args, found, depth)
    handler = _HANDLERS.get(_family(name))
    if handler is not None:
        sends = _proxied(handler(args), args)
        found.sends.extend(sends)
        found.reads.extend(f for s in sends for f in s.files)


def _read_aliased(words: tuple[str, ...], feed: Feed | None, found: _Found, depth: int) -> None:
    """A command whose program an alias of the command line names, read as the alias makes
    it too (bash expands aliases only in interactive shells, so it is read as it is as well)."""
    alias = found.state.aliases.get(words[0])
    if alias is not None:
        aliased = (*_split(alias), *words[1:])
        _simple(Simple(aliased, tuple("$" in w for w in aliased), (), feed), found, depth + 1)


def _run_inner(args: Args, found: _Found, depth: int) -> None:
    """Read the commands and scripts a program runs (`xargs cmd`, `su -c`, `ssh -o
    ProxyCommand=`, `os.system(...)`, `docker run image cmd`)."""
    runner = _RUNNERS.get(_family(args.name))
    for inner in runner(args) if runner is not None else ():
        if isinstance(inner, Simple):
            _simple(inner, found, depth + 1)
        else:
            _script(inner, found, depth + 1)


def _remember(name: str, words: tuple[str, ...], feed: Feed | None, found: _Found) -> None:
    """What a simple command sets for the later ones (variables, aliases) and the texts it
    prints or writes."""
    state = found.state
    if name == "alias":
        for word in words[1:]:
            alias, eq, value = word.partition("=")
            if eq:
                state.aliases[alias] = value
    elif name in _DECLARERS:
        for word in words[1:]:
            if _ASSIGNMENT.match(word):
                state.assign(*word.split("=", 1))
    elif name in ("read", "unset", "mapfile", "readarray", "getopts", "let"):
        for word in words[1:]:
            state.forget(word.split("=", 1)[0])
    elif words[1:2] == ("in",):  # `for x in ...` (the keyword is gone)
        state.forget(words[0])
    elif name == "set" and words[1:2] == ("--",):
        state.assign("@", " ".join(words[2:]))
    if name in ("echo", "printf"):
        found.texts.append(_printed(name, words, state))
    elif feed is not None and feed.kind in ("heredoc", "herestring"):
        found.texts.append(feed.text)


_ASSIGNMENT = re.compile(r"^[A-Za-z_]\w*(?:\[[^\]]*\])?\+?=")
_DECLARERS = frozenset({"export", "declare", "typeset", "local", "readonly"})
_TEXTS_MAX = 64  # the printed or written texts of one command read as scripts


def _printed(name: str, words: tuple[str, ...], state: _State) -> str:
    """What echo or printf prints, near enough: echo's operands, printf's format or, when it
    has arguments, them (`printf -v x fmt` sets `x` instead)."""
    operands = list(words[1:])
    while operands and re.fullmatch(r"-[neEv]+", operands[0]):
        flag = operands.pop(0)
        if name == "printf" and flag == "-v" and len(operands) > 1:
            state.assign(operands[0], operands[1])
            return ""
    if name == "printf" and len(operands) > 1:
        return "\n".join(operands[1:])
    return " ".join(operands).replace("\\n", "\n")


def _resolved(
    words: tuple[str, ...], dynamic: tuple[bool, ...], state: _State
) -> tuple[tuple[str, ...], tuple[bool, ...]]:
    """Words with a variable that names the program put in its place (`C=curl; $C ...`,
    `set -- curl ...; "$@"`), split at IFS."""
    m = _VARIABLE.fullmatch(words[0]) if _SUBST_MARK not in words[0] else None
    value = state.value(m.group(1) or m.group(2)) if m else None
    if value is None:
        return words, dynamic
    parts = _ifs_split(value, state.value("IFS"))
    return (*parts, *words[1:]), (*("$" in p for p in parts), *dynamic[1:])


_VARIABLE = re.compile(r"\$(?:\{([A-Za-z_]\w*|[@*])\}|([A-Za-z_]\w*|[@*]))")


def _split(text: str) -> list[str]:
    """A string's words as the shell splits them (quotes taken out), by spaces if it cannot."""
    try:
        return shlex.split(text)
    except ValueError:
        return text.split()


def _ifs_split(value: str, ifs: str | None) -> list[str]:
    """An unquoted variable's value as the shell splits it: at IFS's characters."""
    if not ifs:
        return value.split()
    return [p for p in re.split(f"[{re.escape(ifs)}]", value) if p]


def _shell(
    name: str,
    words: tuple[str, ...],
    dynamic: tuple[bool, ...],
    feed: Feed | None,
    found: _Found,
    depth: int,
) -> None:
    """`bash -c "..."`, `eval ...`, `sh < script`, `... | base64 -d | sh`, `bash x.sh`,
    `source <(...)`, `at now <<< "..."`."""
    queued = name in ("at", "batch")  # their operands are a time; `-f file` is the script
    script, script_dynamic = (None, False) if queued else _shell_script(name, words, dynamic)
    if script is None:
        runs_file = "-f" in words if queued else bool(_operands(words[1:]))
        runs_file = runs_file or name in ("source", ".")
        if feed is not None and feed.decoded and not runs_file:
            found.sends.append(
                Send(name, "runs a decoded command, which veil cannot check", None, words=words)
            )
            return
        if runs_file or feed is None or feed.kind in ("pipe", "file"):
            found.runs_unseen = found.runs_unseen or runs_file or feed is not None
            return
        script, script_dynamic = feed.text, "$" in feed.text
    if not script:
        return
    if script_dynamic and found.decodes:
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


def _inet(word: str) -> list[Send]:
    """gawk's network files: `/inet/tcp/0/host/80`."""
    m = _INET.search(word)
    if m is None:
        return []
    return [Send("awk", f"sends data through /inet/{m.group(1)} to", host_of(m.group(2)))]


_DEV_TCP = re.compile(r"/dev/(tcp|udp)/([^/\s]+)/")
_INET = re.compile(r"/inet[46]?/(tcp|udp)/\w*/([^/\s\"']+)/")

_PLAIN_WRAPPERS = (
    "time", "nohup", "command", "builtin", "busybox", "torsocks", "setsid", "unbuffer",
    "fakeroot", "unshare", "xvfb-run", "catchsegv",
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
    "exec": frozenset({"-a"}),
    "strace": frozenset({"-o", "-e", "-p", "-s", "-u", "-E", "-P", "-b", "-I", "-X"}),
    "ltrace": frozenset({"-o", "-e", "-p", "-s", "-u", "-n", "-a", "-A", "-D", "-l", "-F"}),
    "screen": frozenset({"-S", "-c", "-e", "-h", "-p", "-s", "-T", "-t", "-X"}),
    "firejail": frozenset(),
    "chroot": frozenset({"--userspec", "--groups"}),
    "xterm": frozenset({"-T", "-title", "-geometry", "-fg", "-bg", "-fn"}),
    **dict.fromkeys(_PLAIN_WRAPPERS, frozenset[str]()),
}
# Wrappers whose first operand is theirs, not the command's: `timeout 10`, `chroot /srv`.
_WRAPPER_OPERAND = frozenset({"timeout", "chroot"})


def _unwrapped(
    words: tuple[str, ...], dynamic: tuple[bool, ...], prefix: dict[str, str] | None = None
) -> tuple[tuple[str, ...], tuple[bool, ...]]:
    """Words without `VAR=value` prefixes (put in `prefix`) and wrappers such as `sudo -u x`,
    `env`, `timeout 10`; `env -S 'cmd args'` split."""
    i = splits = 0
    while i < len(words):
        if _ASSIGNMENT.match(words[i]):
            if prefix is not None:
                prefix.setdefault(*words[i].split("=", 1))
            i += 1
            continue
        name = _program(words[i])
        if name not in _WRAPPERS:
            break
        i, split = _wrapper_options(name, words, i + 1, prefix)
        if split is not None and splits < _DEPTH_MAX:
            words, dynamic, i = split, tuple("$" in w for w in split), 0
            splits += 1
        elif name in _WRAPPER_OPERAND and i < len(words):
            i += 1
    return words[i:], dynamic[i:]


def _wrapper_options(
    name: str, words: tuple[str, ...], i: int, prefix: dict[str, str] | None
) -> tuple[int, tuple[str, ...] | None]:
    """Where a wrapper's options end (`env`'s `VAR=x` put in `prefix`), or the words its
    `env -S` string splits into."""
    values = _WRAPPERS[name]
    while i < len(words) and (words[i].startswith("-") or (name == "env" and "=" in words[i])):
        split = _split_string(words, i) if name == "env" else None
        if split is not None:
            return i, split
        if prefix is not None and name == "env" and _ASSIGNMENT.match(words[i]):
            prefix.setdefault(*words[i].split("=", 1))
        i += 2 if words[i] in values else 1
    return i, None


def _split_string(words: tuple[str, ...], i: int) -> tuple[str, ...] | None:
    """`env -S 'curl -d @f host' more`: the words it runs, None when `words[i]` is no `-S`."""
    arg = words[i]
    if arg in ("-S", "--split-string") and i + 1 < len(words):
        return (*_split(words[i + 1]), *words[i + 2 :])
    if arg.startswith("--split-string="):
        return (*_split(arg.split("=", 1)[1]), *words[i + 1 :])
    if arg.startswith("-S") and len(arg) > 2:
        return (*_split(arg[2:]), *words[i + 1 :])
    return None


def _program(word: str) -> str:
    """`/usr/bin/curl` -> `curl`, `CURL.EXE` -> `curl`."""
    name = word.replace("\\", "/").rsplit("/", 1)[-1].lower()
    return name.removesuffix(".exe")


def _family(name: str) -> str:
    """The handler a program's name selects: `python3.12` -> `python`, `nodejs` -> `node`."""
    if re.fullmatch(r"(python|pypy)[\d.]*[wm]?", name):
        return "python"
    if re.fullmatch(r"pip[\d.]*", name):
        return "pip"
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
    if _family(name) in _SCRIPT_OPTIONS:
        return any(call in word for word in words[1:] for call in _SCRIPT_DECODERS)
    return name in ("uudecode", "rev", "zcat", "gunzip")


# What decodes base64 or hex in a python, node, perl, ruby or php script.
_SCRIPT_DECODERS = ("b64decode", "atob(", "unhexlify", "fromhex", "decode_base64", "decode64")
_SHELLS = frozenset({"bash", "sh", "zsh", "dash", "ksh", "ash", "fish", "mksh"})
_SCRIPT_READERS = frozenset({"eval", "source", ".", "at", "batch"})


def _xargs(args: Args) -> list[Simple | str]:
    """The command `xargs` runs; with `-I R`, the words holding R are built at run time."""
    words = args.words
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


def _find_exec(args: Args) -> list[Simple | str]:
    """The commands of `find ... -exec cmd {} \\;` (and `-execdir`, `-ok`)."""
    words = args.words
    found: list[Simple | str] = []
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
    """One program's call: its name, words (the program first), their expansions, its input,
    the variables it sees and what the commands before it set."""

    name: str
    words: tuple[str, ...]
    dynamic: tuple[bool, ...]
    feed: Feed | None
    env: Mapping[str, str] = field(default_factory=dict, compare=False)  # the variables it sees
    state: _State = field(default_factory=_State, compare=False)

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
    "--stderr --dump-header --aws-sigv4 --pass --cert-type --key-type --ciphers --ftp-port "
    "--preproxy --socks4 --socks4a --socks5 --socks5-hostname --proxy1.0 --proxy-header "
    "--doh-url --haproxy-clientip"
)
_CURL_DATA = _flags("-d --data --data-ascii --data-binary --data-raw --data-urlencode --json")
_CURL_FORMS = frozenset({"-F", "--form", "--form-string"})
_CURL_UPLOADS = frozenset({"-T", "--upload-file"})
_CURL_SENDS = _CURL_DATA | _CURL_FORMS | _CURL_UPLOADS
_CURL_HEADERS = frozenset({"-H", "--header", "--proxy-header"})
_CURL_PROXIES = _flags(
    "-x --proxy --preproxy --socks4 --socks4a --socks5 --socks5-hostname --proxy1.0"
)
# Options whose value reaches the host (headers, user agent, referer, credentials, cookies).
_CURL_CARRIERS = _flags(
    "-H --header -A --user-agent -e --referer -u --user -b --cookie --oauth2-bearer "
    "--proxy-user -U --proxy-header --aws-sigv4"
)


def _curl(args: Args) -> list[Send]:
    opts, operands = _options(args, _CURL_VALUES, long_equals=False)
    urls = operands + [(v, d) for o, v, d in opts if o in ("--url", "--expand-url")]
    files: list[str] = []
    stdin = False
    sends_data = False
    for opt, value, _ in opts:
        path = _curl_file(opt, value)
        if path in ("-", "."):
            stdin = True
        elif path:
            files.append(path)
        sends_data = sends_data or bool(path) or opt in _CURL_SENDS
    carried = any(o in _CURL_CARRIERS and _carries_data(v) for o, v, _ in opts)
    if sends_data:
        action = _upload_action(args, files, stdin, "posts data to")
    elif any(d for _, d in urls) or carried or any(o.startswith("--expand-") for o, _, _ in opts):
        action = "puts command output or a variable in a request to"
        sends_data = True
    else:
        action = "makes a request to"
    sends = [_to_url(args.send(action, None, sends_data, files), u) for u, _ in urls] or [
        args.send(action, None, sends_data, files)
    ]
    return sends + _curl_elsewhere(sends, opts) + _curl_configs(args, opts)


def _carries_data(value: str) -> bool:
    """Whether an option's value holds a command's output or a credential-named variable
    (`$(cat .env)`, `$GITHUB_TOKEN`, `${API_KEY}`)."""
    return _substituted(value) or _CREDENTIAL_VARIABLE.search(value) is not None


_CREDENTIAL_VARIABLE = re.compile(
    r"(?i)\$\{?(?:\w*_)?(?:token|key|secret|password|passwd|pass|pat|credentials?|auth)"
    r"(?:_\w*)?\}?(?!\w)"
)


def _curl_elsewhere(sends: list[Send], opts: list[tuple[str, str, bool]]) -> list[Send]:
    """Where curl's requests go besides their URLs' hosts: a proxy (`-x`), the host
    `--connect-to` connects to instead, the address `--resolve` gives a name."""
    extra: list[Send] = []
    for opt, value, _ in opts:
        if opt in _CURL_PROXIES:
            extra += [_via_proxy(s, value) for s in sends]
        elif opt in ("--connect-to", "--resolve"):
            parts = value.split(":", 2 if opt == "--resolve" else 3)
            targets = parts[2].split(",") if len(parts) > 2 else []
            extra += [replace(s, host=host_of(t)) for s in sends for t in targets if t.strip()]
    return extra


def _via_proxy(send: Send, proxy: str) -> Send:
    """`send` as it reaches a proxy: the proxy gets what the request carries."""
    action = f"{send.action.removesuffix(' to')} through a proxy at"
    return replace(send, action=action, host=host_of(proxy), built="$" in proxy)


def _curl_configs(args: Args, opts: list[tuple[str, str, bool]]) -> list[Send]:
    """`curl -K file`: the options of a config file in a here-document, read as curl's; any
    other config file may send anything anywhere."""
    sends: list[Send] = []
    for opt, value, _ in opts:
        if opt not in ("-K", "--config") or value == "/dev/null":
            continue
        feed = args.feed
        if value == "-" and feed is not None and feed.kind in ("heredoc", "herestring"):
            words = ("curl", *_curl_config_words(feed.text))
            inner = replace(args, words=words, dynamic=tuple("$" in w for w in words), feed=None)
            sends.extend(_curl(inner))
        else:
            action = f"takes its options from {value}, which veil cannot read, and may send data to"
            sends.append(args.send(action, None, files=[value]))
    return sends


def _curl_config_words(text: str) -> list[str]:
    """A curl config file's lines as command-line words: `url = "x"` -> `--url x`."""
    words: list[str] = []
    for line in text.splitlines()[:_CONFIG_LINES_MAX]:
        m = _CONFIG_LINE.match(line)
        if m is None:
            continue
        key, value = m.group(1), m.group(2).strip()
        words.append(key if key.startswith("-") else ("-" if len(key) == 1 else "--") + key)
        if value:
            quoted = len(value) > 1 and value[0] == value[-1] == '"'
            words.append(value[1:-1] if quoted else value)
    return words


_CONFIG_LINE = re.compile(r"\s*(-{0,2}[A-Za-z0-9][\w.-]*)(?:\s*[=:]\s*|\s+|$)(.*)")
_CONFIG_LINES_MAX = 256


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
    """The file a curl option sends: `-d @f`, `-F k=@f`, `-F k=<f`, `-T f` ('-': stdin),
    headers from a file (`-H @f`), cookies from a file (`-b f`)."""
    if opt in _CURL_UPLOADS:
        return value
    if opt in _CURL_FORMS:
        m = re.search(r"=[@<]([^;]+)", value)
        return m.group(1) if m else ""
    if (opt in _CURL_DATA or opt in _CURL_HEADERS) and value.startswith("@"):
        return value[1:]
    if opt == "--data-urlencode" and "@" in value:
        return value.split("@", 1)[1]
    if opt in ("-b", "--cookie") and value and "=" not in value:
        return value
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
    "--user-agent --input-file --referer --load-cookies --save-cookies --execute "
    "--http-user --http-password"
)
_WGET_CARRIERS = _flags(
    "--header -U --user-agent --referer --user --password --http-user --http-password"
)


def _wget(args: Args) -> list[Send]:
    opts, operands = _options(args, _WGET_VALUES)
    files = [v for o, v, _ in opts if o in ("--post-file", "--body-file", "--load-cookies")]
    data = any(o in ("--post-data", "--body-data") for o, _, _ in opts)
    method = next((v.upper() for o, v, _ in opts if o == "--method"), "")
    stdin = "-" in files or "/dev/stdin" in files
    files = [f for f in files if f not in ("-", "/dev/stdin")]
    sends_data = bool(files or data or stdin or method in ("POST", "PUT", "PATCH"))
    carried = any(o in _WGET_CARRIERS and _carries_data(v) for o, v, _ in opts)
    if sends_data:
        action = _upload_action(args, files, stdin, "posts data to")
    elif any(d for _, d in operands) or carried:
        action, sends_data = "puts command output or a variable in a request to", True
    else:
        action = "makes a request to"
    urls = operands + _listed_urls(args, opts)
    sends = [_to_url(args.send(action, None, sends_data, files), u) for u, _ in urls] or [
        args.send(action, None, sends_data, files)
    ]
    proxies = [
        m.group(1) for o, v, _ in opts if o in ("-e", "--execute") and (m := _SET_PROXY.match(v))
    ]
    return sends + [_via_proxy(s, p) for s in sends for p in proxies] + _unread_lists(args, opts)


_SET_PROXY = re.compile(r"(?i)\s*(?:https?|ftp)_proxy\s*=\s*(\S+)")


def _listed_urls(args: Args, opts: list[tuple[str, str, bool]]) -> list[tuple[str, bool]]:
    """The URLs `wget -i -` reads from a here-document, as operands."""
    feed = args.feed
    if feed is None or feed.kind not in ("heredoc", "herestring"):
        return []
    if not any(o in ("-i", "--input-file") and v == "-" for o, v, _ in opts):
        return []
    return [(u, "$" in u) for u in feed.text.split()[:_CONFIG_LINES_MAX]]


def _unread_lists(args: Args, opts: list[tuple[str, str, bool]]) -> list[Send]:
    """`wget -i file`, `aria2c -i file`: URLs veil cannot see, which may carry anything."""
    lists = [v for o, v, _ in opts if o in ("-i", "--input-file") and v != "-"]
    action = "requests the URLs listed in {}, which veil cannot read, and may send data to"
    return [args.send(action.format(f), None, files=[f]) for f in lists]


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
    jump = _jump_host(opts)
    if jump is not None and (host is None or is_loopback(host)):
        host = jump  # `ssh -J evil.example localhost`: the jump host's own machine
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


def _jump_host(opts: list[tuple[str, str, bool]]) -> str | None:
    """The first host of `-J a,b` or `-o ProxyJump=a`."""
    for opt, value, _ in opts:
        m = _SSH_JUMP.match(value) if opt == "-o" else None
        jumps = value if opt == "-J" else m.group(1) if m else ""
        if jumps:
            return host_of(jumps.split(",", 1)[0])
    return None


_SSH_JUMP = re.compile(r"(?i)\s*proxyjump\s*[= ]\s*(\S+)")
_SSH_COMMAND = re.compile(r"(?i)\s*(?:proxycommand|localcommand)\s*[= ]\s*(.+)", re.S)


def _ssh_commands(args: Args) -> list[Simple | str]:
    """The commands ssh, scp and sftp run here: `-o ProxyCommand=...`, `-o LocalCommand=...`."""
    words = args.words
    scripts: list[Simple | str] = []
    for i, word in enumerate(words):
        option = word[2:] if word.startswith("-o") else ""
        if word == "-o" and i + 1 < len(words):
            option = words[i + 1]
        m = _SSH_COMMAND.match(option)
        if m is not None and m.group(1).strip().lower() != "none":
            scripts.append(m.group(1))
    return scripts


def _rsync_shell(args: Args) -> list[Simple | str]:
    """The remote shell `rsync -e CMD` runs here (`--rsh=CMD`)."""
    opts, _ = _options(args, _RSYNC_VALUES)
    return [v for o, v, _ in opts if o in ("-e", "--rsh") and v]


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
_GIT_VALUES = frozenset({"-C", "-c", "--git-dir", "--work-tree", "--namespace", "--config-env"})


def _git(args: Args) -> list[Send]:
    """git push (to a URL, or to a remote this command line sets or `-c` names) and git
    send-email; `git remote add/set-url` and `git config` remembered for the pushes after
    them."""
    settings, words = _git_settings(args)
    sub, rest = (words[0], words[1:]) if words else ("", ())
    if sub == "remote":
        _git_remote(rest, args.state)
    elif sub == "config":
        _git_config(rest, args.state)
    elif sub == "send-email":
        return _git_send_email(args, rest)
    elif sub == "push":
        return _git_push(args, rest, settings)
    return []


def _git_settings(args: Args) -> tuple[dict[str, str], tuple[str, ...]]:
    """The settings a git command runs with (`git config`'s earlier in the line, then its own
    `-c key=value`, keys lowercased), and its words from the subcommand on."""
    settings = dict(args.state.git)
    words = args.words
    i = 1
    while i < len(words) and words[i].startswith("-"):
        if words[i] == "-c" and i + 1 < len(words):
            key, _, value = words[i + 1].partition("=")
            settings[key.lower()] = value
        i += 2 if words[i] in _GIT_VALUES else 1
    return settings, words[i:]


def _git_remote(rest: tuple[str, ...], state: _State) -> None:
    """`git remote add NAME URL`, `git remote set-url [--push] NAME URL`."""
    operands = _operands_after(rest, frozenset({"-t", "-m"}))
    if len(operands) >= 3 and operands[0] in ("add", "set-url"):
        state.remotes[operands[1]] = operands[2]


def _git_config(rest: tuple[str, ...], state: _State) -> None:
    """`git config [--global] key value` (and `git config set key value`)."""
    operands = _operands_after(rest, frozenset({"-f", "--file", "--blob", "--type"}))
    if operands[:1] == ["set"]:
        operands = operands[1:]
    if len(operands) < 2:
        return
    key = operands[0].lower()
    state.git[key] = operands[1]
    m = re.fullmatch(r"remote\.(.+)\.(?:push)?url", key)
    if m is not None:
        state.remotes[m.group(1)] = operands[1]


def _operands_after(words: Sequence[str], values: frozenset[str]) -> list[str]:
    """The operands among `words`, without options and the values of those in `values`."""
    operands: list[str] = []
    skip = False
    for word in words:
        if skip:
            skip = False
        elif word.startswith("-"):
            skip = word in values
        else:
            operands.append(word)
    return operands


def _git_push(args: Args, rest: tuple[str, ...], settings: dict[str, str]) -> list[Send]:
    """Where `git push` sends: `--repo`, a URL, or a remote whose URL the command line sets;
    a remote it does not set is the developer's own (as `origin` is)."""
    repo = next((w.split("=", 1)[1] for w in rest if w.startswith("--repo=")), None)
    operands = _operands_after(rest, frozenset({"--repo", "-o", "--push-option", "--exec"}))
    if repo is None and "--repo" in rest[:-1]:
        repo = rest[rest.index("--repo") + 1]
    target = repo or (operands[0] if operands else "origin")
    if "$" in target:
        return [replace(args.send("pushes to", host_of(target)), built=True)]
    url = (
        settings.get(f"remote.{target}.pushurl")
        or settings.get(f"remote.{target}.url")
        or args.state.remotes.get(target)
        or (target if "://" in target or _REMOTE.match(target) else None)
    )
    rewrites = [k.split(".", 1)[1].rsplit(".", 1)[0] for k in settings if _REWRITE.match(k)]
    return [args.send("pushes to", host_of(u)) for u in dict.fromkeys([url, *rewrites]) if u]


_REWRITE = re.compile(r"url\..+\.(?:push)?insteadof$")


def _git_send_email(args: Args, rest: tuple[str, ...]) -> list[Send]:
    """`git send-email --to=a@host`: patches mailed to the recipients' hosts, or through
    `--smtp-server`."""
    recipients: list[str] = []
    server = ""
    for i, word in enumerate(rest):
        name, eq, value = word.partition("=")
        if not eq:
            value = rest[i + 1] if i + 1 < len(rest) else ""
        if name == "--smtp-server":
            server = value
        elif name in ("--to", "--cc", "--bcc"):
            recipients.append(value)
    hosts = [host_of(server)] if server else [_mail_host(r) for r in recipients if "@" in r]
    return [args.send("mails patches to", h) for h in dict.fromkeys(hosts or [None])]


def _git_commands(args: Args) -> list[Simple | str]:
    """The commands git runs here to reach a remote: `GIT_SSH_COMMAND`, `core.sshCommand`,
    `GIT_PROXY_COMMAND`, `core.gitProxy`."""
    settings, _ = _git_settings(args)
    scripts = [
        args.env.get("GIT_SSH_COMMAND"),
        args.env.get("GIT_PROXY_COMMAND"),
        settings.get("core.sshcommand"),
        settings.get("core.gitproxy"),
    ]
    return [s for s in scripts if s]


_DNS_VALUES = frozenset({"-t", "-c", "-p", "-f", "-k", "-y", "-b", "-q", "-x", "-W", "-R", "-N"})
_PING_VALUES = frozenset({"-c", "-i", "-I", "-s", "-t", "-w", "-W", "-l", "-p", "-Q", "-m"})


def _lookup(args: Args) -> list[Send]:
    """dig, nslookup, host, drill, ping: a name built at run time carries data in the query,
    as does ping's padding (`-p`) built at run time."""
    ping = args.name.startswith("ping")
    opts, operands = _options(args, _PING_VALUES if ping else _DNS_VALUES)
    names = [(w, d) for w, d in operands if not w.startswith(("@", "+")) and w.upper() not in _RR]
    padded = ping and any(o == "-p" and d for o, _, d in opts)
    sends: list[Send] = []
    for name, dynamic in names[: 1 if args.name != "dig" else None]:
        host = _literal_tail(name).strip(".") or None
        if dynamic:
            sends.append(args.send("sends command output or a variable in a DNS query to", host))
        elif padded:
            sends.append(args.send("sends command output in the padding of pings to", host))
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
        r"urlopen\([^)]{0,512}data|Request\([^)]{0,512}(?:data|method)|\.request\(\s*['\"](?:POST|PUT|PATCH)|"
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
    "node": re.compile(r"process\.env|readFileSync|fs\.read|Deno\.(?:env|read)|Bun\.(?:env|file)"),
    "perl": re.compile(r"\$ENV\{|%ENV|open\(|<STDIN>"),
    "ruby": re.compile(r"ENV\[|ENV\.|File\.read|IO\.read"),
    "php": re.compile(r"getenv|\$_ENV|file_get_contents\(\s*['\"](?!https?:)"),
}
# The scheme bounded and not started inside a word: linear however many dots a word holds.
_URL = re.compile(r"(?<![\w+.-])[a-zA-Z][\w+.-]{0,31}://[^\s'\"`)<>;|&]+")
# Hosts a script names outside URLs: `("evil.com", 443)`, `host: "evil.com"`, `"evil.com:80"`.
_SCRIPT_HOST = re.compile(
    r"\(\s*\(?\s*['\"]([\w.-]+)['\"]\s*,\s*\d+|\bhost(?:name)?['\"]?\s*[:=]>?\s*['\"]([\w.-]+)['\"]|"
    r"['\"]([\w-]+(?:\.[\w-]+)+):\d+['\"]"
)


def _interpreter(args: Args) -> list[Send]:
    """python/node/perl/ruby/php with a script on the command line or in a here-document."""
    family = _family(args.name)
    script = _interpreter_script(args)
    if not script:
        return []
    if family == "python" and re.search(r"exec\([^)]{0,512}b64decode", script):
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


def _interpreter_script(args: Args) -> str | None:
    """The script of an interpreter's call: on its command line (`deno eval CODE` too), or in a
    here-document."""
    script = _inline_script(_deno_eval(args.words), _SCRIPT_OPTIONS[_family(args.name)])
    if script is None and args.feed is not None and args.feed.kind in ("heredoc", "herestring"):
        return args.feed.text
    return script


def _deno_eval(words: tuple[str, ...]) -> tuple[str, ...]:
    """`deno eval [options] CODE` as `deno -e CODE`; other words as they are."""
    if len(words) < 3 or _program(words[0]) != "deno" or words[1] != "eval":
        return words
    code = next((w for w in words[2:] if not w.startswith("-")), None)
    return (words[0], "-e", code) if code is not None else words


def _interpreter_commands(args: Args) -> list[Simple | str]:
    """The commands a script runs (`os.system("...")`, `subprocess.run([...])`,
    `execSync("...")`, perl's `system` and backticks)."""
    script = _interpreter_script(args)
    return (
        _run_calls(script, backticks=_family(args.name) in ("perl", "ruby", "php"))
        if script
        else []
    )


def _awk_commands(args: Args) -> list[Simple | str]:
    """The commands an awk program runs: `system("...")`, `"cmd" | getline`, `print | "cmd"`."""
    _, operands = _options(args, frozenset({"-f", "-v", "-F", "-i", "-l", "-E"}))
    if not operands:
        return []
    program = operands[0][0]
    piped = [m.group(1) or m.group(2) for m in _AWK_PIPE.finditer(program[:_SCRIPT_SCAN_MAX])]
    return [*_run_calls(program, backticks=False), *piped]


_AWK_PIPE = re.compile(r"\|&?\s*\"([^\"]{1,4096})\"|\"([^\"]{1,4096})\"\s*\|&?\s*getline")
# Calls that run a command, each followed by its first argument: a string or a list of them.
_RUN_CALL = re.compile(
    r"(?:\bos\.(?:system|popen|exec\w*|spawn\w*)|\bsubprocess\.\w+|\bcommands\.getoutput|"
    r"\bpty\.spawn|\b(?:execSync|execFileSync|execFile|exec|spawnSync|spawn|system|popen|"
    r"shell_exec|passthru|proc_open)|\bIO\.popen|\bOpen3\.\w+)\s{0,8}\(?\s{0,8}"
)
_LITERAL = re.compile(r"""(['"`])((?:(?!\1)[^\\]|\\.){0,4096})\1""", re.S)
_BACKTICKS = re.compile(r"`([^`]{1,4096})`")
_RUN_CALLS_MAX = 32
_SCRIPT_SCAN_MAX = 65_536


def _run_calls(script: str, backticks: bool) -> list[Simple | str]:
    """The commands in a script's calls that run one: a string as a shell script, a list of
    strings as a command's words; backticks too for perl, ruby and php."""
    script = script[:_SCRIPT_SCAN_MAX]
    found: list[Simple | str] = []
    for call in islice(_RUN_CALL.finditer(script), _RUN_CALLS_MAX):
        found.extend(_literal_command(script, call.end()))
    if backticks:
        found.extend(m.group(1) for m in islice(_BACKTICKS.finditer(script), _RUN_CALLS_MAX))
    return found


def _literal_command(script: str, start: int) -> list[Simple | str]:
    """The string literal at `start` (its escapes undone), or the words of a list of them."""
    if script.startswith("[", start):
        end = script.find("]", start, start + 4096)
        items = [_unescaped(m.group(2)) for m in _LITERAL.finditer(script, start, max(end, start))]
        return [Simple(tuple(items), tuple("$" in i for i in items))] if items else []
    m = _LITERAL.match(script, start)
    return [_unescaped(m.group(2))] if m else []


def _unescaped(literal: str) -> str:
    """A string literal's text: `\\"` -> `"`, `\\@` -> `@` (perl), `\\n` -> a new line."""
    return re.sub(r"\\(.)", lambda m: "\n" if m.group(1) == "n" else m.group(1), literal)


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


# -- other senders ---------------------------------------------------------------------------

_MAIL_VALUES = _flags("-s -a -A -c -b -r -S -f -q -F -i -H -o --host --from --attach")


def _mail(args: Args) -> list[Send]:
    """mail, sendmail, mutt, msmtp: what they mail (their input, attachments) to the
    recipients' hosts, or to `--host`."""
    opts, operands = _options(args, _MAIL_VALUES)
    recipients = [w for w, _ in operands if "@" in w]
    recipients += [v for o, v, _ in opts if o in ("-c", "-b") and "@" in v]
    server = next((v for o, v, _ in opts if o == "--host"), "")
    if not recipients and not server:
        return []
    files = [v for o, v, _ in opts if o in ("-a", "-A", "--attach", "-i", "-q")]
    files = [f for f in files if ":" not in f]  # not a header (`-a 'From: x'`)
    action = _upload_action(args, files, args.feed is not None, "sends mail to")
    hosts = [host_of(server)] if server else [_mail_host(r) for r in recipients]
    return [args.send(action, h, files=files) for h in dict.fromkeys(hosts)]


def _mail_host(address: str) -> str | None:
    """`Name <a@evil.example>` -> `evil.example`."""
    return host_of(address.rsplit("@", 1)[-1].strip("<>\"' "))


_CLOUD_VALUES = _flags(
    "--profile --region --endpoint-url --output --query --acl --storage-class --exclude "
    "--include --content-type --cache-control --sse --sse-kms-key-id --metadata --expires "
    "-o -h -p -z -x"
)


def _aws(args: Args) -> list[Send]:
    """`aws s3 cp|mv|sync file s3://bucket`: uploads, to the bucket or `--endpoint-url`."""
    opts, operands = _options(args, _CLOUD_VALUES)
    words = [w for w, _ in operands]
    if words[:1] != ["s3"] or words[1:2] not in (["cp"], ["mv"], ["sync"]):
        return []
    endpoint = next((v for o, v, _ in opts if o == "--endpoint-url"), "")
    return _bucket_upload(args, words[2:], "s3://", endpoint or "{}.s3.amazonaws.com")


def _gsutil(args: Args) -> list[Send]:
    """`gsutil cp file gs://bucket` (and `mv`, `rsync`), `gcloud storage cp`."""
    _, operands = _options(args, _CLOUD_VALUES)
    words = [w for w, _ in operands]
    if words[:1] == ["storage"]:
        words = words[1:]
    if words[:1] not in (["cp"], ["mv"], ["rsync"]):
        return []
    return _bucket_upload(args, words[1:], "gs://", "storage.googleapis.com")


def _bucket_upload(args: Args, operands: list[str], scheme: str, host: str) -> list[Send]:
    """Local files copied to the last bucket URL among `operands`."""
    buckets = [i for i, w in enumerate(operands) if w.startswith(scheme)]
    files = [w for w in operands[: buckets[-1]] if not w.startswith(scheme)] if buckets else []
    if not files:
        return []
    bucket = operands[buckets[-1]][len(scheme) :].split("/", 1)[0]
    send = args.send(f"uploads {', '.join(files)} to", host_of(host.format(bucket)), files=files)
    return [replace(send, built="$" in bucket)]


def _gh(args: Args) -> list[Send]:
    """`gh gist create files`: the files, or its input, posted to GitHub."""
    _, operands = _options(args, _flags("-d --desc -f --filename -R --repo"))
    words = [w for w, _ in operands]
    if words[:2] != ["gist", "create"]:
        return []
    files = [w for w in words[2:] if w != "-"]
    stdin = "-" in words[2:] or (not files and args.feed is not None)
    return [
        args.send(
            _upload_action(args, files, stdin, "creates a gist on"), "api.github.com", files=files
        )
    ]


def _rclone(args: Args) -> list[Send]:
    """`rclone copy file remote:path`: the files copied to a remote its configuration places."""
    _, operands = _options(args, _flags("--config --include --exclude --filter --log-file"))
    words = [w for w, _ in operands]
    if len(words) < 3 or words[0] not in ("copy", "copyto", "sync", "move", "moveto", "rcat"):
        return []
    remote = re.match(r"([\w.-]{2,}):", words[-1])
    if remote is None:
        return []
    files = [w for w in words[1:-1] if not re.match(r"[\w.-]{2,}:", w)]
    action = f"copies {', '.join(files) or 'files'} to the rclone remote {remote.group(1)}, at"
    return [args.send(action, None, files=files)]


_HTTP_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "POST", "PUT", "PATCH", "DELETE"})
_HTTPIE_VALUES = _flags(
    "-a --auth -A --auth-type --session --session-read-only -o --output --verify --cert "
    "--cert-key --proxy --timeout --max-redirects --pretty -s --style -p --print --boundary"
)
# A data item (`a=b`, `a:=1`, `a==q`, `a@file`, `@file`), not a header (`Name:value`).
_HTTPIE_DATA = re.compile(r"^[^:=@]*(?:==|:=|=|@)")


def _httpie(args: Args) -> list[Send]:
    """httpie (`http`, `https`) and xh: `[METHOD] URL [items]`; data items, a file or its
    input make it send data."""
    opts, operands = _options(args, _HTTPIE_VALUES)
    words = list(operands)
    method = words.pop(0)[0].upper() if words and words[0][0].upper() in _HTTP_METHODS else ""
    if not words:
        return []
    url, dynamic = words.pop(0)
    url = "localhost" + url if url.startswith(":") else url
    items = [w for w, _ in words]
    files = [i.split("@", 1)[1] for i in items if _HTTPIE_DATA.match(i) and "@" in i]
    data = (
        method in ("POST", "PUT", "PATCH", "DELETE")
        or args.feed is not None
        or dynamic
        or any(_HTTPIE_DATA.match(i) or _carries_data(i) for i in items)
        or any(o in ("-f", "--form") for o, _, _ in opts)
    )
    action = _upload_action(args, files, args.feed is not None, "sends data to")
    return [_to_url(args.send(action if data else "makes a request to", None, data, files), url)]


def _lwp_request(args: Args) -> list[Send]:
    """`lwp-request -m POST url` (and its `POST url`): sends its input."""
    opts, operands = _options(args, _flags("-m -c -b -C -t -i -P -H"))
    method = next((v.upper() for o, v, _ in opts if o == "-m"), args.name.upper())
    data = method in ("POST", "PUT", "PATCH")
    action = _upload_action(args, [], data, "sends data to") if data else "makes a request to"
    return [_to_url(args.send(action, None, data), u) for u, _ in operands]


_ARIA2_VALUES = _flags(
    "-i --input-file -d --dir -o --out -x -s -j --header -U --user-agent --referer --http-user "
    "--http-passwd --all-proxy --http-proxy --https-proxy"
)


def _aria2c(args: Args) -> list[Send]:
    """aria2c: URLs built at run time or headers carrying data, its proxies, `-i` lists."""
    opts, operands = _options(args, _ARIA2_VALUES)
    carried = any(o in _ARIA2_VALUES and o != "-i" and _carries_data(v) for o, v, _ in opts)
    sends: list[Send] = []
    for url, dynamic in operands:
        data = dynamic or carried
        action = (
            "puts command output or a variable in a request to" if data else "makes a request to"
        )
        sends.append(_to_url(args.send(action, None, data), url))
    proxies = [v for o, v, _ in opts if o.endswith("-proxy")]
    return sends + [_via_proxy(s, p) for s in sends for p in proxies] + _unread_lists(args, opts)


def _smbclient(args: Args) -> list[Send]:
    """`smbclient //host/share -c 'put file'`: the files it puts on the host."""
    opts, operands = _options(
        args, _flags("-c --command -U --user -W -p --port -I -A -n -m -O -s -D -b")
    )
    share = next((w for w, _ in operands if w.startswith(("//", "\\\\"))), None)
    if share is None:
        return []
    host = host_of(share.replace("\\", "/").lstrip("/").split("/", 1)[0])
    commands = " ; ".join(v for o, v, _ in opts if o in ("-c", "--command"))
    if args.feed is not None:
        commands += "\n" + args.feed.text
    puts = re.findall(r"\bm?put\s+(\S+)", commands)
    if not puts and (args.feed is None or args.feed.kind in ("heredoc", "herestring")):
        return [args.send("connects to", host, data=False)]
    return [args.send(_upload_action(args, puts, True, "sends files to"), host, files=puts)]


_PIP_INDEXES = _flags("-i --index-url --extra-index-url -f --find-links")


def _pip(args: Args) -> list[Send]:
    """pip and uv with a package index URL: the URL carries data when built at run time (or a
    secret, which the gate looks for in every request's words)."""
    sends: list[Send] = []
    words = args.words
    for i, word in enumerate(words):
        name, eq, value = word.partition("=")
        if eq and name in _PIP_INDEXES:
            url, dynamic = value, args.dynamic[i]
        elif word in _PIP_INDEXES and i + 1 < len(words):
            url, dynamic = words[i + 1], args.dynamic[i + 1]
        else:
            continue
        action = "puts command output or a variable in the index URL of a request to"
        sends.append(
            _to_url(
                args.send(action if dynamic else "reads a package index at", None, dynamic), url
            )
        )
    return sends


def _npm(args: Args) -> list[Send]:
    """`npm publish` to a registry that `--registry` or an earlier `npm config set registry`
    names (to the configured one, it is the developer's own, as `git push` to origin is)."""
    words = args.words[1:]
    operands = [w for w in words if not w.startswith("-")]
    _remember_registry(operands, args.state)
    if operands[:1] != ["publish"]:
        return []
    registry = (
        _option_value(words, "--registry")
        or args.state.registry
        or args.env.get("NPM_CONFIG_REGISTRY")
        or args.env.get("npm_config_registry")
    )
    return [_to_url(args.send("publishes the package to", None), registry)] if registry else []


def _remember_registry(operands: list[str], state: _State) -> None:
    """`npm config set registry URL` (`registry=URL`, `npm set ...`)."""
    if operands[:1] == ["config"]:
        operands = operands[1:]
    if operands[:1] != ["set"] or len(operands) < 2:
        return
    key, _, value = operands[1].partition("=")
    if key == "registry":
        state.registry = value or (operands[2] if len(operands) > 2 else "")


def _option_value(words: Sequence[str], option: str) -> str:
    """The value of `--option value` or `--option=value` among `words`, "" when absent."""
    for i, word in enumerate(words):
        if word == option and i + 1 < len(words):
            return words[i + 1]
        if word.startswith(option + "="):
            return word.split("=", 1)[1]
    return ""


# -- programs that run other commands --------------------------------------------------------


def _option_script(args: Args) -> list[Simple | str]:
    """The script of `su -c CMD`, `runuser -c`, `script -c`, `flock -c` (`--command`)."""
    words = args.words
    for i, word in enumerate(words[1:], 1):
        if word in ("-c", "--command", "--session-command") and i + 1 < len(words):
            return [words[i + 1]]
        if word.startswith("--command="):
            return [word.split("=", 1)[1]]
    return []


_TMUX_RUNS = frozenset({
    "new", "new-session", "new-window", "neww", "split-window", "splitw", "respawn-pane",
    "respawnp", "respawn-window", "respawnw", "send-keys", "send",
})  # fmt: skip
_TMUX_VALUES = _flags("-s -n -c -t -x -y -F -e -l -L -S -f")


def _tmux(args: Args) -> list[Simple | str]:
    """The command `tmux new -d 'cmd'` starts, or the keys `tmux send-keys 'cmd' Enter` types."""
    words = args.words
    start = next((i for i, w in enumerate(words) if w in _TMUX_RUNS), None)
    if start is None:
        return []
    operands = _operands_after(words[start + 1 :], _TMUX_VALUES)
    typed = [w for w in operands if w not in ("Enter", "C-m", "KPEnter")]
    return [" ".join(typed)] if typed else []


def _cmd(args: Args) -> list[Simple | str]:
    """`cmd /c curl ...`: the rest of the line."""
    words = args.words
    start = next((i for i, w in enumerate(words) if w.lower() in ("/c", "/k", "/r")), None)
    return [" ".join(words[start + 1 :])] if start is not None else []


_PARALLEL_VALUES = _flags(
    "-j --jobs -S --sshlogin -a --arg-file --delay --timeout -n --max-args -d --delimiter "
    "--joblog --results --tmpdir --colsep -I"
)


def _parallel(args: Args) -> list[Simple | str]:
    """GNU parallel: its command (`{}` built at run time), or the commands after `:::`."""
    words = args.words
    i = 1
    while i < len(words) and words[i].startswith("-"):
        i += 2 if words[i] in _PARALLEL_VALUES else 1
    end = next((j for j in range(i, len(words)) if words[j].startswith(":::")), len(words))
    inner = words[i:end]
    if not inner:
        return list(words[end + 1 :])
    if len(inner) == 1:
        return [inner[0]]
    return [Simple(inner, tuple("{" in w or "$" in w for w in inner))]


_CONTAINER_VALUES = _flags(
    "-a -c -e -h -l -m -p -u -v -w --add-host --cpus --device --dns --entrypoint --env "
    "--env-file --expose --gpus --hostname --ip --label --link --log-driver --log-opt --memory "
    "--mount --name --network --net --platform --publish --pull --restart --runtime "
    "--security-opt --shm-size --tmpfs --ulimit --user --volume --volumes-from --workdir "
    "--cidfile --ipc --pid --uts --context -H --host"
)


def _container_command(args: Args) -> list[Simple | str]:
    """`docker run [options] image cmd...` (`exec` with a container; podman, nerdctl): its
    command, the image's name as the program when it names one (`curlimages/curl -d ...`)."""
    words = args.words
    i = 1
    while i < len(words) and words[i].startswith("-"):
        i += 2 if words[i] in _CONTAINER_VALUES else 1
    if words[i : i + 1] == ("container",):
        i += 1
    if i >= len(words) or words[i] not in ("run", "exec", "create"):
        return []
    i += 1
    entrypoint: tuple[str, ...] = ()
    while i < len(words) and words[i].startswith("-"):
        if words[i] == "--entrypoint" and i + 1 < len(words):
            entrypoint = (words[i + 1],)
        elif words[i].startswith("--entrypoint="):
            entrypoint = (words[i].split("=", 1)[1],)
        i += 2 if words[i] in _CONTAINER_VALUES else 1
    if i >= len(words):
        return []
    image, command = words[i], (*entrypoint, *words[i + 1 :])
    program = re.split(r"[:@]", image.rsplit("/", 1)[-1])[0].lower()
    if program in _HANDLERS and (not command or command[0].startswith("-")):
        command = (program, *command)
    return [Simple(command, tuple("$" in w for w in command))] if command else []


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
    **dict.fromkeys(("mail", "mailx", "s-nail", "sendmail", "mutt", "msmtp", "ssmtp"), _mail),
    "aws": _aws,
    **dict.fromkeys(("gsutil", "gcloud"), _gsutil),
    "gh": _gh,
    "rclone": _rclone,
    **dict.fromkeys(("http", "https", "xh", "xhs"), _httpie),
    **dict.fromkeys(("lwp-request", "post"), _lwp_request),
    "aria2c": _aria2c,
    "smbclient": _smbclient,
    **dict.fromkeys(("pip", "uv"), _pip),
    **dict.fromkeys(("npm", "pnpm", "yarn"), _npm),
}
_RUNNERS: dict[str, Callable[[Args], list[Simple | str]]] = {
    "xargs": _xargs,
    "find": _find_exec,
    **dict.fromkeys(("su", "runuser", "script", "flock"), _option_script),
    "cmd": _cmd,
    "tmux": _tmux,
    "parallel": _parallel,
    **dict.fromkeys(("docker", "podman", "nerdctl"), _container_command),
    **dict.fromkeys(("ssh", "scp", "sftp"), _ssh_commands),
    "rsync": _rsync_shell,
    "git": _git_commands,
    **dict.fromkeys(("python", "node", "perl", "ruby", "php"), _interpreter_commands),
    **dict.fromkeys(("awk", "gawk", "mawk", "nawk"), _awk_commands),
}
# Programs that send their requests through the proxy `HTTPS_PROXY` and its kin name.
_PROXY_READERS = frozenset({
    "curl", "wget", "git", "pip", "uv", "npm", "pnpm", "yarn", "http", "https", "xh", "xhs",
    "aria2c", "aws", "gsutil", "gcloud", "gh", "lwp-request", "python", "node", "ruby", "php",
})  # fmt: skip
_PROXY_VARIABLES = frozenset({"http_proxy", "https_proxy", "all_proxy", "ftp_proxy"})


def _proxied(sends: list[Send], args: Args) -> list[Send]:
    """`sends`, and each again to the proxy the environment names (`HTTPS_PROXY=...`)."""
    if not sends or _family(args.name) not in _PROXY_READERS:
        return sends
    proxies = [v for k, v in args.env.items() if k.lower() in _PROXY_VARIABLES and v]
    return sends + [_via_proxy(s, p) for s in sends for p in proxies]


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


# -- commands that could not be parsed, or that build their program --------------------------

# Matched against lower-cased text: Python's `re` is several times slower with (?i) here.
_NETWORK_TOOLS = re.compile(
    r"(?<![\w.-])(curl|wget|nc|ncat|netcat|socat|ssh|scp|sftp|rsync|ftp|tftp|telnet|dig|"
    r"s_client|nslookup|invoke-webrequest|invoke-restmethod|iwr|irm|aria2c|lwp-request|sendmail|"
    r"smbclient|rclone|gsutil|xh)(?![\w-])|/dev/(?:tcp|udp)/|/inet/|requests\.post|urllib|"
    r"http\.client|socket\.|fetch\("
)
_NAMED_HOSTS_MAX = 8


def network_tools(text: str) -> tuple[str, ...]:
    """The network tools a text names, read with quotes and backslashes taken out (`c''url`)."""
    plain = re.sub(r"['\"\\]", "", text).lower()
    return tuple(dict.fromkeys(m.group(0) for m in _NETWORK_TOOLS.finditer(plain)))


def named_hosts(text: str) -> tuple[str, ...]:
    """The hosts off this machine that a text's URLs name (the first few)."""
    hosts = (host_of(url) for url in _URL.findall(text))
    outside = (h for h in hosts if h and not is_loopback(h))
    return tuple(islice(dict.fromkeys(outside), _NAMED_HOSTS_MAX))
