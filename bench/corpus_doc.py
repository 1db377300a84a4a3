"""A file under construction: its lines, and where each planted value landed."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from html import escape
from random import Random

from corpus_filler import Pool, docs_pool, python_pool
from corpus_negatives import negative
from corpus_pii import PiiMaker
from corpus_values import Value, secret


@dataclass(frozen=True)
class Mark:
    """A planted value's place: 0-based first and last line, and what it is."""

    line: int
    end: int
    category: str  # "" for a hard negative
    kind: str


def _variants(text: str) -> tuple[str, ...]:
    return (text, escape(text), json.dumps(text)[1:-1])


def _find(lines: list[str], start: int, text: str) -> int:
    for i in range(start, len(lines)):
        if any(v in lines[i] for v in _variants(text)):
            return i
    return -1


@dataclass
class Doc:
    lines: list[str] = field(default_factory=list)
    marks: list[Mark] = field(default_factory=list)
    size: int = 0

    def add(self, lines: list[str]) -> None:
        for line in lines:
            parts = line.split("\n")
            self.lines.extend(parts)
            self.size += sum(len(p) + 1 for p in parts)

    def plant(self, lines: list[str], values: list[Value]) -> None:
        """Add lines holding values, and mark where each value starts and ends."""
        start = len(self.lines)
        self.add(lines)
        self.locate(start, values)

    def locate(self, start: int, values: list[Value]) -> None:
        cursor = start
        for v in values:
            first = v.text.split("\n", 1)[0]
            if not first:
                self.marks.append(Mark(start, start, v.category, v.kind))
                continue
            at = _find(self.lines, cursor, first)
            if at < 0:
                if v.category:
                    raise AssertionError(f"planted {v.kind} not found in {lines_preview(self)}")
                at = start
            last = v.text.rstrip("\n").rsplit("\n", 1)[-1]
            end = _find(self.lines, at, last) if "\n" in v.text.strip() else at
            self.marks.append(Mark(at, max(at, end), v.category, v.kind))
            cursor = at

    def text(self) -> str:
        return "\n".join(self.lines) + "\n"


def lines_preview(doc: Doc) -> str:
    return repr(doc.lines[-3:])[:300]


class Ctx:
    """Everything a file builder draws from: one seeded RNG, personal data, filler pools."""

    def __init__(self, seed: int) -> None:
        self.rng = Random(seed)
        self.pii = PiiMaker(seed)
        self._python: Pool | None = None
        self._docs: Pool | None = None

    @property
    def python(self) -> Pool:
        if self._python is None:
            self._python = python_pool()
        return self._python

    @property
    def docs(self) -> Pool:
        if self._docs is None:
            self._docs = docs_pool()
        return self._docs

    def secret(self) -> list[Value]:
        return secret(self.rng)

    def negative(self) -> Value:
        return negative(self.rng)

    def gap(self, density: float = 1.0) -> float:
        """Bytes until the next planted item: 2-5 KB, scaled by a style's density."""
        return self.rng.uniform(2000, 5000) / density
