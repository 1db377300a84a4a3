"""What files a shell command reads and writes.

The file operands of readers (`cat`, `sed -n`, `head`, `grep`, `rg`, PowerShell's Get-Content and
kin), `<` and `>` redirections and `tee`, through pipes, `&&`, `;`, `if`/`for`/`while` bodies and
`{ }`/`( )` groups, wrappers (`sudo`, `env`, `timeout`), `bash -lc "..."`, `pwsh -Command`,
`cmd /c`, and `cd DIR &&` prefixes; `git show REV:path` and its kin; and apply_patch headers.
Nothing here does I/O.
"""

from __future__ import annotations

import posixpath
import re
import shlex
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from veil.memo import BoundedMemo
from veil.policy.mentions import PathRef, looks_like_path

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
# Reserved words and grouping that may open a command (`if [ -f x ]; then cat x; fi`, `{ cat x; }`,
# `! cat x`): the command is what follows them.
_KEYWORDS = frozenset({
    "if", "then", "elif", "else", "fi", "for", "while", "until", "do", "done", "case", "esac",
    "{", "}", "(", ")", "!",
})  # fmt: skip
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
    return list(_parsed(command)[0])


def shell_writes(command: str | list[str]) -> list[str]:
    """The files a shell command writes through `>`/`>>` redirections and `tee`."""
    return list(_parsed(command)[1])


def patch_paths(patch: str) -> list[str]:
    """The files an apply_patch patch adds, updates, deletes or moves to (`*** Update File: p`)."""
    return _unique(m.group(1) for m in _PATCH_FILE.finditer(patch))


def command_refs(command: object) -> list[PathRef]:
    """The paths of one shell command (a string or an argv list), with apply_patch inside it."""
    if not isinstance(command, str | list):
        return []
    refs = [PathRef(p, "shell") for p in _parsed(command)[0]]
    text = command if isinstance(command, str) else "\n".join(str(a) for a in command)
    if "*** Begin Patch" in text:
        refs.extend(PathRef(p, "patch") for p in patch_paths(text))
    return refs


def _parsed(command: object) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(reads, writes) of a command, remembered: the history resent every turn repeats its
    commands, and reading one (shlex is pure Python) costs tens of microseconds. Only commands
    of up to 4 KB are kept, weighed by the memory they and their paths take, so that hostile ones
    cannot grow the memo past ~16 MB."""
    if isinstance(command, str):
        key = command
    elif isinstance(command, list) and all(isinstance(a, str) for a in command):
        key = "\0".join(command)  # no argument holds a NUL
    else:
        key = ""
    if not key or len(key) > _PARSED_KEY_MAX:
        reads, writes = _shell(command)
        return tuple(reads), tuple(writes)
    found = _PARSED.get(key)
    if found is None:
        reads, writes = _shell(command)
        found = (tuple(reads), tuple(writes))
        # A path costs ~57 bytes beyond its characters (the str object and its slot).
        _PARSED.put(key, found, len(key) + sum(len(p) + 57 for p in (*reads, *writes)))
    return found


_PARSED_KEY_MAX = 4096
_PARSED: BoundedMemo[str, tuple[tuple[str, ...], tuple[str, ...]]] = BoundedMemo(16_000_000)


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
        words = _after_keywords(words)
        if words[:1] == ["cd"]:
            target = next((a for a in words[1:] if not a.startswith("-")), "")
            cwd = _join(cwd, target) if target not in ("", "-", "~") else ""
        elif words:
            _command(words, cwd, reads, writes, depth)
        words = []
    return _unique(reads), _unique(writes)


def _tokens(command: str) -> tuple[str, ...]:
    """A command's words and operators."""
    for attempt in (command, command + '"', command + "'"):
        lexer = shlex.shlex(attempt.replace("`", " ; "), posix=True, punctuation_chars="();<>|&\n")
        lexer.whitespace = " \t\r"
        lexer.whitespace_split = True
        try:
            return tuple(op for token in lexer for op in _operators(token))
        except ValueError:
            continue
    return tuple(command.split())


def _operators(token: str) -> list[str]:
    """shlex joins neighbouring punctuation (`;\n`, `)|`): split it into shell operators. An
    empty word (`grep -rn '' .env`) is a word: the pattern."""
    if not token or token.strip("();<>|&\n"):
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


def _after_keywords(words: list[str]) -> list[str]:
    """A command without the reserved words and grouping before it (`then cat x` -> `cat x`)."""
    i = 0
    while i < len(words) and words[i] in _KEYWORDS:
        i += 1
    return words[i:] if i else words


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
