"""Scan sources with one rule set, on both cores for large trees, then suppress and baseline."""

from __future__ import annotations

import os
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass

from veil.detect import scan_text
from veil.detect.engine import Engine
from veil.scan.baseline import Key
from veil.scan.quiet import (
    ATTRIBUTION_KINDS,
    attribution_fields,
    attribution_spans,
    is_attribution,
    is_package_metadata,
    is_quiet,
)
from veil.scan.sources import Source, decode
from veil.types import Category, Finding, value_hash

ALLOW_MARK = "veil:allow"
PARALLEL_MIN_FILES = 64
PARALLEL_MIN_BYTES = 4_000_000


@dataclass(frozen=True, slots=True)
class Reported:
    """A finding placed in its file: real line numbers, byte offsets, commit."""

    finding: Finding
    path: str
    line: int
    column: int
    end_line: int
    end_column: int
    byte_start: int
    byte_end: int
    commit: str | None = None

    @property
    def key(self) -> Key:
        return (self.path, self.finding.rule_id, self.finding.value_hash)

    @property
    def fingerprint(self) -> str:
        return value_hash("\x00".join(self.key))[:32]


class Scanner:
    """Scans sources with one engine; `generic` names the rule ids muted in quiet files.

    With `categories`, only findings of those categories are reported (forbidden files are
    found by path, whatever the engine's rules).
    """

    def __init__(self, engine: Engine, *, categories: Collection[Category] | None = None) -> None:
        self.engine = engine
        self.generic = frozenset(r.id for r in engine.rules if r.generic)
        self.categories = frozenset(categories) if categories is not None else None

    def scan_source(self, source: Source) -> list[Reported]:
        findings = scan_text(source.text, path=source.path, engine=self.engine)
        if findings and self.categories is not None:
            findings = [f for f in findings if f.category in self.categories]
        if not findings:
            return []
        if self.generic and is_quiet(source.path, source.text):
            findings = [f for f in findings if f.rule_id not in self.generic]
        if is_package_metadata(source.path):
            findings = [f for f in findings if f.category is not Category.PII]
        elif is_attribution(source.path):
            findings = [f for f in findings if f.kind not in ATTRIBUTION_KINDS]
        elif attribution_fields(source.path) and any(f.category is Category.PII for f in findings):
            findings = _outside_people_fields(source, findings)
        return _place(source, findings)

    def scan_file(self, task: tuple[str, str]) -> list[Reported]:
        abs_path, display = task
        try:
            with open(abs_path, "rb") as fh:
                data = fh.read()
        except OSError:
            return []
        text = decode(data)
        if text is None:
            return []
        return self.scan_source(Source(display, text))

    def scan_files(
        self,
        tasks: Sequence[tuple[str, str]],
        *,
        jobs: int | None = None,
        progress: Callable[[int], None] | None = None,
    ) -> list[Reported]:
        """Scan files, forking one worker per core when the tree is large enough to gain."""
        jobs = jobs or os.cpu_count() or 1
        out: list[Reported] = []
        if jobs > 1 and _large(tasks):
            import multiprocessing  # only here: a few ms of start-up a small scan need not pay

            global _WORKER
            _WORKER = self
            ctx = multiprocessing.get_context("fork")
            with ctx.Pool(jobs) as pool:
                for batch in pool.imap_unordered(_scan_in_worker, tasks, chunksize=32):
                    out.extend(batch)
                    if progress:
                        progress(1)
            _WORKER = None
        else:
            for task in tasks:
                out.extend(self.scan_file(task))
                if progress:
                    progress(1)
        return out

    def scan_sources(self, sources: Iterable[Source]) -> list[Reported]:
        return [r for s in sources for r in self.scan_source(s)]


_WORKER: Scanner | None = None


def _scan_in_worker(task: tuple[str, str]) -> list[Reported]:
    assert _WORKER is not None
    return _WORKER.scan_file(task)


def _large(tasks: Sequence[tuple[str, str]]) -> bool:
    if len(tasks) < PARALLEL_MIN_FILES:
        return False
    total = 0
    for abs_path, _ in tasks:
        try:
            total += os.path.getsize(abs_path)
        except OSError:
            continue
        if total >= PARALLEL_MIN_BYTES:
            return True
    return False


def _outside_people_fields(source: Source, findings: list[Finding]) -> list[Finding]:
    """Drop the personal data in a manifest's people fields (`"author"`, `authors = `, ...).

    A diff holds only the added lines: their fields are found in the whole file when it can be
    read, else in the added lines themselves (a new file, or a whole field added).
    """
    text, positions = source.text, [f.start for f in findings]
    if source.line_numbers is not None and source.whole is not None:
        whole = source.whole()
        if whole is not None:
            starts = line_starts(whole)
            text = whole
            positions = [_offset(starts, source.real_line(f.line), f.column) for f in findings]
    spans = attribution_spans(source.path, text)
    return [
        f
        for f, pos in zip(findings, positions, strict=True)
        if f.category is not Category.PII or not any(a <= pos < b for a, b in spans)
    ]


def _offset(line_starts: list[int], line: int, column: int) -> int:
    return line_starts[line - 1] + column - 1 if 0 < line <= len(line_starts) else -1


def line_starts(text: str) -> list[int]:
    """The offset where each line of `text` starts (index 0 is line 1)."""
    starts = [0]
    at = text.find("\n")
    while at >= 0:
        starts.append(at + 1)
        at = text.find("\n", at + 1)
    return starts


def _place(source: Source, findings: list[Finding]) -> list[Reported]:
    text = source.text
    out = []
    byte_pos = char_pos = 0
    for f in sorted(findings, key=lambda f: f.start):
        line_start = text.rfind("\n", 0, f.start) + 1
        line_end = text.find("\n", f.start)
        if ALLOW_MARK in text[line_start : len(text) if line_end < 0 else line_end]:
            continue
        byte_pos += len(text[char_pos : f.start].encode("utf-8", "replace"))
        char_pos = f.start
        span = text[f.start : f.end]
        byte_len = len(span.encode("utf-8", "replace"))
        end_line = f.line + span.count("\n")
        last_nl = span.rfind("\n")
        end_column = f.column + len(span) if last_nl < 0 else len(span) - last_nl
        out.append(
            Reported(
                finding=f,
                path=source.path,
                line=source.real_line(f.line),
                column=f.column,
                end_line=source.real_line(end_line),
                end_column=end_column,
                byte_start=byte_pos,
                byte_end=byte_pos + byte_len,
                commit=source.commit,
            )
        )
    return out
