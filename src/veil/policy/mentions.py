"""Where a request mentions a file (`PathRef`), and the paths a text names.

A word reads as a path when it has path-like segments, is a dotfile, has a known extension or is
a known file name, and is no URL; a text names paths in its prose (`prompt`), in the names of
its fenced blocks (`fence`) and in its diff headers (`diff`); a tool's result shows the files of
its diff headers and of its `grep -rn` lines (`result`). Nothing here does I/O.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class PathRef:
    """One path a request carries. `where`: `tool` (a file tool's input), `shell` (a command that
    reads it), `patch` (apply_patch), `prompt` (quoted in text), `fence` (a fenced block's name),
    `diff` (a diff header in text: `+++ b/src/x.py`), `result` (a tool's result shows the file:
    a diff header, a `grep -rn` line)."""

    path: str
    where: str


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
# The characters a path-like word is made of; a word with none of `.`, `/`, `\` in it is a path
# only when it is a known file name (each holds `file`, `id_` or `kubeconfig`).
_CANDIDATE = re.compile(r"[\w.~@$%+\-/\\:*]+")
_DOTFILE_START = re.compile(r"(?<![\w.])\.[A-Za-z_]")
_DOT_EXTENSION = re.compile(r"\.([A-Za-z0-9]+)")
DRIVE = re.compile(r"^[A-Za-z]:[\\/]")  # `C:\` or `C:/`: an absolute Windows path
_SEGMENT = re.compile(r"[\w.~@$%+\-]+")
_SLASHES = re.compile(r"[\\/]")
_PLAIN_SEGMENT = re.compile(r"[a-z0-9_][\w.\-]*")
_DOTFILE = re.compile(r"\.[A-Za-z_][\w.\-]*")
_NAMED = re.compile(r"[\w@+~$%\-][\w.@+~$%\-]*\.[A-Za-z0-9]+")
_FENCE_LINE = re.compile(r"^ {0,3}(`{3,}|~{3,})[ \t]*([^`\n]*)$", re.MULTILINE)
_FENCE_ATTR = re.compile(r"""\b(?:title|file|filename|path|name)\s*=\s*["']?([^"'\s]+)""")
# The header lines of `git diff` and `git show`, and the file names before a line number that
# begin the lines of `grep -rn`, `rg -n` and compilers' output (`src/x.py:12:`), at a line's
# start: searched from the newline before them (a pattern that starts with a literal is found
# several times faster than `^`), and at the text's start.
_DIFF_LINE = r"diff --git a/(\S+) b/(\S+)|--- a/(\S+)|\+\+\+ b/(\S+)|--- /dev/null|\+\+\+ /dev/null"
_DIFF_FIRST = re.compile(f"(?:{_DIFF_LINE})")
_DIFF_HEADER = re.compile(f"\n(?:{_DIFF_LINE})")
_NUMBERED_LINE = r"((?:[A-Za-z]:)?[^\s:]{1,1024}+):\d+:"
_NUMBERED_FIRST = re.compile(_NUMBERED_LINE)
_NUMBERED = re.compile("\n" + _NUMBERED_LINE)
_RESULT_PATH_MAX = 1024


def looks_like_path(token: str) -> bool:
    """Whether a word reads as a file path: a slash with path-like segments, a dotfile, a name
    with a known extension, or a known file name (`Dockerfile`, `id_rsa`); never a URL."""
    t = token.strip()
    if not t or "*" in t or "?" in t:
        return False
    if "/" not in t and "\\" not in t:
        return _file_name(t)
    if "://" in t or t.lower() in _NOT_PATHS:
        return False
    drive = DRIVE.match(t) is not None
    segments = [s for s in _SLASHES.split(t[2:] if drive else t) if s]
    if not segments or not all(_SEGMENT.fullmatch(s) for s in segments):
        return False
    if all(s.isdigit() for s in segments):
        return False  # a date or a fraction
    if drive or t.startswith(("/", "./", "../", "~/", "$", ".\\", "~\\")):
        return True
    if len(segments) >= 3 or any(_file_name(s) for s in segments):
        return True
    return all(_PLAIN_SEGMENT.fullmatch(s) for s in segments) and not t.isdigit()


def _file_name(word: str) -> bool:
    """A dotfile (`.env`), a name with a known extension (`app.py`), or a known file name."""
    if word in _NAMES:
        return True
    if word.startswith("."):
        return _DOTFILE.fullmatch(word) is not None and word.lower() not in _NOT_PATHS
    stem, dot, extension = word.rpartition(".")
    if not dot or not stem or extension.lower() not in _EXTENSIONS:
        return False  # most words of code (`self.method`) end here
    return _NAMED.fullmatch(word) is not None and word.lower() not in _NOT_PATHS


def text_paths(text: str, *, prose: bool = True) -> list[PathRef]:
    """The paths quoted in a text (`prompt`), the file names of its fenced blocks (`fence`): on
    the opening fence (```` ```py src/x.py ````, ```` ```ts:src/x.ts ````, `title="x.py"`) or
    alone on the line before it (Aider's style), and the files of its diff headers (`diff`:
    `diff --git a/X b/X`, `+++ b/X`, without git's `a/` and `b/`). Splitting on white space
    finds the words that could be paths; only those are looked at one by one. Without `prose`
    only fences and diff headers are read (what carries a file's content): the paths quoted in
    prose matter only to `[policy.paths]` patterns, and cost most of the time."""
    found: list[tuple[int, PathRef]] = []
    skip: list[tuple[int, int]] = []  # fence, name and diff header lines: no prompt paths there
    if "```" in text or "~~~" in text:
        found, skip = _fences(text)
    for start, end, paths in _diff_headers(text):
        found.extend((start, PathRef(p, "diff")) for p in paths)
        skip.append((start, end))
    skip.sort()
    ranges = iter(skip)
    current = next(ranges, None)
    for at, path in _prompt_paths(text) if prose else ():
        while current is not None and current[1] <= at:
            current = next(ranges, None)
        if current is None or at < current[0]:
            found.append((at, PathRef(path, "prompt")))
    found.sort(key=lambda item: item[0])
    return list(dict.fromkeys(ref for _, ref in found))


def _fences(text: str) -> tuple[list[tuple[int, PathRef]], list[tuple[int, int]]]:
    """The fence names of a text's blocks, and the ranges of the lines that named them (an
    opening fence, or the name line before it), in order."""
    found: list[tuple[int, PathRef]] = []
    skip: list[tuple[int, int]] = []
    fence = ""
    for m in _FENCE_LINE.finditer(text):
        marker, info = m.group(1), m.group(2)
        if fence:
            if marker.startswith(fence) and not info.strip():
                fence = ""
                skip.append((m.start(), m.end()))
            continue
        fence = marker
        skip.append((m.start(), m.end()))
        names = _fence_names(info)
        found.extend((m.start(), PathRef(n, "fence")) for n in names)
        if names:
            continue
        # Aider: the file name alone on the line before the fence.
        before = text.rfind("\n", 0, max(m.start() - 1, 0)) + 1
        line = text[before : max(m.start() - 1, before)]
        name = line.strip().strip("`*").rstrip(":").strip()
        if name and " " not in name and looks_like_path(name):
            found.append((before, PathRef(name.removeprefix("@"), "fence")))
            skip.append((before, m.start()))
    skip.sort()
    return found, skip


def result_paths(text: str) -> list[PathRef]:
    """The files a tool's result shows (`result`): those of its diff headers (`git diff`, `git
    show`: `diff --git a/X b/X`, `+++ b/X`) and those that begin its lines before a line number
    (`grep -rn`, `rg -n`: `src/x.py:12:...`); not the paths its text merely mentions."""
    found = [p for _, _, paths in _diff_headers(text) for p in paths]
    found.extend(_numbered_lines(text))
    return [PathRef(p, "result") for p in dict.fromkeys(found)]


def _diff_headers(text: str) -> Iterator[tuple[int, int, list[str]]]:
    """(start, end, files) of each diff header line of a text."""
    first = _DIFF_FIRST.match(text)
    if first is not None:
        yield first.start(), first.end(), _diff_files(first)
    for m in _DIFF_HEADER.finditer(text):
        yield m.start() + 1, m.end(), _diff_files(m)


def _diff_files(m: re.Match[str]) -> list[str]:
    return list(dict.fromkeys(p for p in m.groups() if p and len(p) <= _RESULT_PATH_MAX))


def _numbered_lines(text: str) -> Iterator[str]:
    """The file names before a line number that begin lines (`src/x.py:12:`), each once."""
    first = _NUMBERED_FIRST.match(text)
    heads = _NUMBERED.findall(text)
    seen: set[str] = set()
    for head in [first.group(1), *heads] if first else heads:
        if head not in seen:
            seen.add(head)
            if looks_like_path(head):
                yield head.removeprefix("./")


def _fence_names(info: str) -> list[str]:
    attr = _FENCE_ATTR.search(info)
    if attr:
        return [attr.group(1)]
    return [p for word in info.split() for p in word.split(":") if looks_like_path(p)][:1]


def _prompt_paths(text: str) -> Iterator[tuple[int, str]]:
    """(where, path) for each path-like word of `text`. Splitting on white space and keeping the
    words with a separator in them is several times faster than a regular expression over the
    whole text (code is full of words); each kept word is then taken apart on its own."""
    pos = 0
    for word in text.split():
        if "/" in word or "\\" in word or "file" in word or "id_" in word or "kubeconfig" in word:
            pass
        elif "." not in word:
            continue  # no separator and no part of a known file name: most words
        elif not _dotted_name(word):
            # `self.method(x)`: dots, but no dotfile or known extension. Its place is still
            # passed, so that a later word is never looked for inside it.
            pos = text.find(word, pos) + len(word)
            continue
        # Every word skipped before has no separator, or was passed: this word's first
        # occurrence from there is where it stands.
        pos = text.find(word, pos)
        for m in _CANDIDATE.finditer(word):
            token = m.group(0)
            if "://" in token or (m.start() > 0 and word[m.start() - 1] in "=&?#"):
                continue
            if DRIVE.match(token):
                parts = [token[:2] + token[2:].split(":", 1)[0]]
            else:
                parts = token.split(":")
            for part in parts:
                part = part.rstrip(".-").removeprefix("@")
                if "@" not in part and looks_like_path(part):
                    yield pos + m.start(), part.rstrip("/\\") or part
        pos += len(word)


def _dotted_name(word: str) -> bool:
    """Whether a word with dots (and no slash) may hold a dotfile or a name with a known
    extension: a quick superset of what `looks_like_path` takes there."""
    if _DOTFILE_START.search(word):
        return True
    return any(ext.lower() in _EXTENSIONS for ext in _DOT_EXTENSION.findall(word))
