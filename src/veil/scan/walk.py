"""Files under the given paths, honouring `.gitignore` and `.veilignore` at every level."""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from pathlib import Path

import pathspec

IGNORE_FILES = (".gitignore", ".veilignore")
ALWAYS_SKIPPED = frozenset({".git", ".hg", ".svn"})


def _spec_for(directory: str) -> pathspec.GitIgnoreSpec | None:
    lines: list[str] = []
    for name in IGNORE_FILES:
        try:
            with open(os.path.join(directory, name), encoding="utf-8", errors="replace") as fh:
                lines.extend(fh.read().splitlines())
        except OSError:
            continue
    return pathspec.GitIgnoreSpec.from_lines(lines, backend="simple") if lines else None


def iter_files(
    roots: Sequence[Path], *, exclude: Sequence[str] = (), max_size: int
) -> Iterator[tuple[str, str]]:
    """(absolute path, display path) of each regular file to scan, in a stable order."""
    extra = pathspec.GitIgnoreSpec.from_lines(exclude, backend="simple") if exclude else None
    for root in roots:
        if root.is_file():
            if root.stat().st_size <= max_size:
                yield str(root), str(root)
            continue
        yield from _walk(str(root), extra, max_size)


def _walk(
    root: str, extra: pathspec.GitIgnoreSpec | None, max_size: int
) -> Iterator[tuple[str, str]]:
    # Each entry of the stack: a directory and the ignore specs in force there, with their base.
    base_specs: list[tuple[str, pathspec.GitIgnoreSpec]] = []
    spec = _spec_for(root)
    if spec is not None:
        base_specs.append((root, spec))
    stack: list[tuple[str, list[tuple[str, pathspec.GitIgnoreSpec]]]] = [(root, base_specs)]
    while stack:
        directory, specs = stack.pop()
        try:
            entries = sorted(os.scandir(directory), key=lambda e: e.name, reverse=True)
        except OSError:
            continue
        subdirs = []
        for entry in entries:
            if entry.name in ALWAYS_SKIPPED:
                continue
            is_dir = entry.is_dir(follow_symlinks=False)
            if not is_dir and not entry.is_file(follow_symlinks=False):
                continue
            if _ignored(entry.path, is_dir, specs, extra, root):
                continue
            if is_dir:
                subdirs.append(entry.path)
                continue
            try:
                if entry.stat(follow_symlinks=False).st_size > max_size:
                    continue
            except OSError:
                continue
            yield entry.path, _display(entry.path, root)
        for sub in subdirs:
            spec = _spec_for(sub)
            stack.append((sub, [*specs, (sub, spec)] if spec is not None else specs))


def _ignored(
    path: str,
    is_dir: bool,
    specs: list[tuple[str, pathspec.GitIgnoreSpec]],
    extra: pathspec.GitIgnoreSpec | None,
    root: str,
) -> bool:
    suffix = "/" if is_dir else ""
    for base, spec in specs:
        if spec.match_file(os.path.relpath(path, base) + suffix):
            return True
    return extra is not None and extra.match_file(os.path.relpath(path, root) + suffix)


def _display(path: str, root: str) -> str:
    rel = os.path.relpath(path, root)
    return rel if root in (".", "./") else os.path.join(root, rel)
