"""Where a request mentions a file (`PathRef`), and the paths a text names.

A word reads as a path when it has path-like segments, is a dotfile, has a known extension or is
a known file name, and is no URL; a text names paths in its prose (`prompt`) and in the names of
its fenced blocks (`fence`). Nothing here does I/O.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class PathRef:
    """One path a request carries. `where`: `tool` (a file tool's input), `shell` (a command that
    reads it), `patch` (apply_patch), `prompt` (quoted in text), `fence` (a fenced block's name)."""

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
    return list(dict.fromkeys(refs))


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
