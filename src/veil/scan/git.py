"""Added lines from git: the staged change, a diff against a revision, or the whole history."""

from __future__ import annotations

import re
import subprocess
from collections.abc import Callable, Iterator, Sequence
from functools import partial
from pathlib import Path

from veil.errors import UsageError
from veil.scan.sources import Source

_HUNK = re.compile(rb"^@@ -\d+(?:,\d+)? \+(\d+)(?:,\d+)? @@")
_COMMIT_MARK = b"\x00veil-commit "
_DIFF_OPTS = ("-U0", "--no-color", "--no-ext-diff", "--no-renames", "--diff-filter=ACMRT")


def run_git(
    args: Sequence[str], cwd: Path, *, needed_by: str = "--staged/--diff/--history"
) -> bytes:
    """git's output; a UsageError naming what failed (or that git is missing) otherwise."""
    try:
        proc = subprocess.run(
            ["git", "-c", "core.quotepath=off", *args],
            cwd=cwd,
            capture_output=True,
            check=False,
        )
    except FileNotFoundError:
        raise UsageError(f"git is not installed, but {needed_by} need it") from None
    if proc.returncode != 0:
        msg = proc.stderr.decode("utf-8", "replace").strip().splitlines()
        raise UsageError(
            f"git {args[0]} failed: {msg[-1] if msg else 'exit ' + str(proc.returncode)}"
        )
    return proc.stdout


def require_repo(cwd: Path) -> None:
    """A UsageError, with what to do instead, when `cwd` is not inside a git work tree."""
    try:
        run_git(["rev-parse", "--is-inside-work-tree"], cwd)
    except UsageError:
        raise UsageError(
            f"{cwd} is not inside a git work tree; run it in a repository, or give paths instead"
        ) from None


REVISION_FIX = "give a revision git knows: a commit, a branch, HEAD~3 or A..B"


def in_repo(args: Sequence[str], cwd: Path, fix: str) -> bytes:
    """`git args`; when it fails outside a work tree, the error says so (one git call, not two),
    and inside one, git's reason is followed by `fix`."""
    try:
        return run_git(args, cwd)
    except UsageError as exc:
        require_repo(cwd)
        raise UsageError(f"{exc}; {fix}") from None


def staged(cwd: Path) -> list[Source]:
    """The lines `git commit` would add."""
    patch = in_repo(["diff", "--cached", *_DIFF_OPTS], cwd, "see git status")
    return list(parse_patch(patch, whole=partial(_blob, cwd, ":")))


def diff(rev: str, cwd: Path) -> list[Source]:
    """The lines added in the work tree since `rev`."""
    if rev.startswith("-"):
        raise UsageError(f"--diff expects a revision, got {rev!r}")
    patch = in_repo(["diff", *_DIFF_OPTS, rev, "--"], cwd, REVISION_FIX)
    return list(parse_patch(patch, whole=partial(_work_tree_file, cwd)))


def history(cwd: Path) -> Iterator[Source]:
    """The lines each commit reachable from HEAD added, with the commit."""
    log = ["log", "-p", *_DIFF_OPTS, "--format=%x00veil-commit %H", "HEAD", "--"]
    out = in_repo(log, cwd, "--history reads the commits reachable from HEAD: is there one yet?")
    for chunk in out.split(_COMMIT_MARK)[1:]:
        sha, _, patch = chunk.partition(b"\n")
        commit = sha.decode().strip()
        yield from parse_patch(patch, commit=commit, whole=partial(_blob, cwd, f"{commit}:"))


def _blob(cwd: Path, rev: str, path: str) -> str | None:
    """A file as the index (`rev` ":") or a commit (`rev` "SHA:") holds it."""
    try:
        return run_git(["show", f"{rev}{path}"], cwd).decode("utf-8", "replace")
    except UsageError:
        return None


def _work_tree_file(cwd: Path, path: str) -> str | None:
    try:
        top = run_git(["rev-parse", "--show-toplevel"], cwd).decode("utf-8", "replace").strip()
        return (Path(top) / path).read_text(encoding="utf-8", errors="replace")
    except (UsageError, OSError):
        return None


def parse_patch(
    patch: bytes,
    commit: str | None = None,
    whole: Callable[[str], str | None] | None = None,
) -> Iterator[Source]:
    """One Source per file in a `-U0` patch: its added lines, mapped to their line numbers.

    `whole(path)` reads the whole file, when a check needs more than the added lines.
    """

    def source(path: str, lines: list[str], numbers: list[int]) -> Source:
        loader = partial(whole, path) if whole is not None else None
        return Source(path, "\n".join(lines), tuple(numbers), commit, loader)

    path: str | None = None
    lines: list[str] = []
    numbers: list[int] = []
    next_line = 0
    for raw in patch.split(b"\n"):
        if raw.startswith(b"diff --git "):
            if path is not None and lines:
                yield source(path, lines, numbers)
            path, lines, numbers = None, [], []
        elif raw.startswith(b"+++ "):
            name = raw[4:].decode("utf-8", "replace").rstrip("\t")
            path = None if name == "/dev/null" else _unquote(name).removeprefix("b/")
        elif raw.startswith(b"@@"):
            m = _HUNK.match(raw)
            next_line = int(m.group(1)) if m else 0
        elif raw.startswith(b"+") and path is not None:
            lines.append(raw[1:].decode("utf-8", "replace"))
            numbers.append(next_line)
            next_line += 1
    if path is not None and lines:
        yield source(path, lines, numbers)


def _unquote(name: str) -> str:
    if len(name) >= 2 and name[0] == name[-1] == '"':
        body = name[1:-1].encode("latin-1", "backslashreplace").decode("unicode_escape")
        return body.encode("latin-1", "replace").decode("utf-8", "replace")
    return name
