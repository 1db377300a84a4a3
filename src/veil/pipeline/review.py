"""Review a change: the lines added since a git revision, file by file, through the same check
as `veil check`, and the comments and docstrings among them that read as business context.

A file's comments are found in the whole file as it now stands (so a docstring is known as one
even when only a line of it is new); what is judged is the part of each comment on added lines.
The checked text is the file with every line that was not added emptied: line numbers stay."""

from __future__ import annotations

import bisect
import copy
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

from veil.code.business import business_cues, may_hold_business, reads_as_business
from veil.code.comments import comments_in
from veil.errors import UsageError
from veil.pipeline.check import CheckResult, check
from veil.pipeline.decide import Destination
from veil.pipeline.disguise import BUSINESS_KIND, BUSINESS_RULE, CommentStage
from veil.pipeline.find import Span
from veil.pipeline.request import Pipeline
from veil.protocols.neutral import TextSlot
from veil.scan.git import REVISION_FIX, in_repo, parse_patch, run_git
from veil.scan.runner import line_starts
from veil.scan.sources import Source
from veil.types import Category

EXCERPT_CHARS = 60


@dataclass(frozen=True, slots=True)
class AddedComment:
    """A comment or docstring on added lines that reads as business context."""

    path: str
    line: int
    cues: tuple[str, ...]
    docstring: bool
    excerpt: str = field(repr=False)

    def to_dict(self) -> dict[str, Any]:
        return {"path": self.path, "line": self.line, "cues": list(self.cues)}


@dataclass(frozen=True, slots=True)
class Reviewed:
    """One changed file: the check of its added lines, and their business comments."""

    result: CheckResult
    comments: tuple[AddedComment, ...]

    def to_dict(self) -> dict[str, Any]:
        return {**self.result.to_dict(), "comments": [c.to_dict() for c in self.comments]}


def _git(repo: Path, *args: str) -> bytes:
    return run_git(args, repo, needed_by="--diff")


def _blob(repo: Path, rev: str, path: str) -> str | None:
    try:
        return _git(repo, "show", f"{rev}:{path}").decode("utf-8", "replace")
    except UsageError:
        return None


def _work_tree_file(top: Path, path: str) -> str | None:
    try:
        return (top / path).read_text(encoding="utf-8", errors="replace")
    except OSError:
        return None


def changes(repo: Path, rev: str) -> list[Source]:
    """The files with lines added since `rev`: the work tree against it, or the end of a range
    (`A..B`, `A...B`; an empty end is HEAD) against its start."""
    if not rev or rev.startswith("-"):
        raise UsageError(f"--diff expects a revision, got {rev!r}")
    options = ["--no-color", "--unified=0", "--no-ext-diff", "--src-prefix=a/", "--dst-prefix=b/"]
    patch = in_repo(["diff", *options, rev, "--"], repo, REVISION_FIX)
    if ".." in rev:
        end = rev.split("..", 1)[1].lstrip(".") or "HEAD"
        return list(parse_patch(patch, whole=partial(_blob, repo, end)))
    return list(parse_patch(patch, whole=partial(_work_tree_file, top_level(repo))))


def top_level(repo: Path) -> Path:
    """The root of the work tree `repo` is in (the paths of a diff are relative to it)."""
    return Path(_git(repo, "rev-parse", "--show-toplevel").decode("utf-8", "replace").strip())


def _starts(text: str) -> list[int]:
    """The offset where each line starts (index 0 is line 1), and the end of the text."""
    return [*line_starts(text), len(text) + 1]


def added_only(text: str, added: set[int]) -> str:
    """The text with every line that was not added emptied (line numbers kept)."""
    lines = text.split("\n")
    return "\n".join(line if n in added else "" for n, line in enumerate(lines, 1))


def business_added(path: str, whole: str, added: set[int]) -> tuple[list[AddedComment], list[Span]]:
    """The business comments on added lines of a file: as findings, and as spans in
    `added_only(whole, added)`."""
    kept = added_only(whole, added)
    if not may_hold_business(kept):
        return [], []
    full, mine = _starts(whole), _starts(kept)
    found: list[AddedComment] = []
    spans: list[Span] = []
    for c in comments_in(whole, path):
        first = _line_of(full, c.start)
        last = _line_of(full, max(c.start, c.end - 1))
        lines = [n for n in range(first, last + 1) if n in added]
        if not lines:
            continue
        start = mine[lines[0] - 1] + (c.start - full[first - 1] if lines[0] == first else 0)
        end_line = lines[-1]
        end = (
            mine[end_line - 1] + c.end - full[end_line - 1]
            if end_line == last
            else mine[end_line] - 1
        )
        part = kept[start:end]
        if not part.strip() or not reads_as_business(part, docstring=c.docstring):
            continue
        excerpt = " ".join(part.split())
        if len(excerpt) > EXCERPT_CHARS:
            excerpt = excerpt[: EXCERPT_CHARS - 1] + "…"
        found.append(AddedComment(path, lines[0], business_cues(part), c.docstring, excerpt))
        spans.append(Span(start, end, part, BUSINESS_KIND, Category.ORG, BUSINESS_RULE, "COMMENT"))
    return found, spans


def _line_of(starts: list[int], offset: int) -> int:
    return bisect.bisect_right(starts, offset)


class _Known(CommentStage):
    """The business comments of the checked text, found beforehand in the whole file."""

    def __init__(self, mode: str, text: str, spans: list[Span]) -> None:
        super().__init__(mode)
        self._text, self._spans = text, spans

    def business(self, slots: Sequence[TextSlot], path: str | None = None) -> list[list[Span]]:
        """The spans found beforehand, for the checked text (in `business` mode)."""
        if self.mode != "business":
            return [[] for _ in slots]
        return [list(self._spans) if s.text == self._text else [] for s in slots]


def review(
    pipeline: Pipeline,
    source: Source,
    providers: Sequence[Destination],
    upstreams: Sequence[tuple[str, Destination]] = (),
    *,
    root: Path,
) -> Reviewed:
    """The check of a changed file's added lines (named by its path; the policy's path rules
    see it under `root`), with the business comments among them."""
    added = set(source.line_numbers or ())
    whole = source.whole() if source.whole is not None else None
    if whole is None:
        lines = dict(zip(source.line_numbers or (), source.text.split("\n"), strict=False))
        whole = "\n".join(lines.get(n, "") for n in range(1, max(lines, default=0) + 1))
    text = added_only(whole, added)
    comments, spans = business_added(source.path, whole, added)
    reviewing = copy.copy(pipeline)
    reviewing.comments = _Known(pipeline.comments.mode, text, spans)
    path = str(root / source.path)
    result = check(reviewing, source.path, text, providers, upstreams, path=path)
    return Reviewed(result, tuple(comments))
