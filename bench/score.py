"""Score findings against the corpus labels.

A finding matches a label of the same category in the same file whose lines it overlaps: one
line for most values; BEGIN..END for a PEM key, plus the line before it, where a YAML `key: |`
or a heredoc starts and some tools report it. Each label is matched at most once. A finding that
only overlaps labels already matched is a duplicate (a second rule on the same value): it counts
neither for nor against precision. Any other finding is a false positive.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from peers import Finding

CATEGORIES = ("secret", "pii")


class Label(NamedTuple):
    path: str
    line: int
    end_line: int
    category: str
    kind: str


def load_labels(path: Path, kinds: Iterable[str] = CATEGORIES) -> list[Label]:
    wanted = set(kinds)
    out: list[Label] = []
    for raw in path.read_text(encoding="utf-8").splitlines():
        if raw.strip():
            d = json.loads(raw)
            if d.get("category") in wanted:
                line = int(d["line"])
                end = int(d.get("end_line", line))
                out.append(Label(d["path"], line, end, d["category"], d["kind"]))
    return out


def load_negatives(path: Path) -> dict[tuple[str, int], str]:
    if not path.exists():
        return {}
    rows = (json.loads(r) for r in path.read_text(encoding="utf-8").splitlines() if r.strip())
    return {(d["path"], int(d["line"])): d["kind"] for d in rows}


@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    dup: int = 0
    found_by_kind: Counter[str] = field(default_factory=Counter)
    total_by_kind: Counter[str] = field(default_factory=Counter)
    false_positives: list[Finding] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def _overlaps(lab: Label, f: Finding) -> bool:
    first = lab.line - 1 if lab.end_line > lab.line else lab.line
    return first <= f.end_line and f.line <= lab.end_line


def score(labels: list[Label], findings: list[Finding], category: str) -> Score:
    """Match one category's findings to its labels (see the module docstring)."""
    by_path: dict[str, list[Label]] = defaultdict(list)
    for lab in labels:
        if lab.category == category:
            by_path[lab.path].append(lab)
    matched: set[Label] = set()
    result = Score()
    mine = sorted(f for f in findings if f.category == category)
    for f in mine:
        near = [lab for lab in by_path.get(f.path, ()) if _overlaps(lab, f)]
        free = [lab for lab in near if lab not in matched]
        if free:
            best = min(free, key=lambda lab: abs(lab.line - f.line))
            matched.add(best)
            result.tp += 1
        elif near:
            result.dup += 1
        else:
            result.fp += 1
            result.false_positives.append(f)
    for group in by_path.values():
        for lab in group:
            result.total_by_kind[lab.kind] += 1
            if lab in matched:
                result.found_by_kind[lab.kind] += 1
    result.fn = sum(result.total_by_kind.values()) - len(matched)
    return result


def restrict(labels: list[Label], paths: set[str]) -> list[Label]:
    """The labels of a subsample of files."""
    return [lab for lab in labels if lab.path in paths]


def fp_rules(
    s: Score, context: dict[tuple[str, int], str], top: int = 8
) -> list[dict[str, object]]:
    """The rules with most false positives and what they hit: a planted hard negative
    ("neg:uuid"), a value labelled with the other category ("pii:email"), or filler (".py")."""
    by_rule: dict[str, list[Finding]] = defaultdict(list)
    for f in s.false_positives:
        by_rule[f.rule].append(f)
    rows: list[dict[str, object]] = []
    for rule, hits in sorted(by_rule.items(), key=lambda kv: (-len(kv[1]), kv[0]))[:top]:
        where = Counter(context.get((f.path, f.line)) or _filler(f.path) for f in hits)
        example = hits[0]
        rows.append(
            {
                "rule": rule,
                "count": len(hits),
                "hit": dict(where.most_common(4)),
                "example": f"{example.path}:{example.line}",
            }
        )
    return rows


def _filler(path: str) -> str:
    name = path.rsplit("/", 1)[-1]
    return "filler " + ("." + name.rsplit(".", 1)[-1] if "." in name else name)


def context_index(
    labels: list[Label], negatives: dict[tuple[str, int], str]
) -> dict[tuple[str, int], str]:
    """What sits on each planted line, for explaining false positives."""
    index = {key: "neg:" + kind for key, kind in negatives.items()}
    for lab in labels:
        for line in range(lab.line, lab.end_line + 1):
            index[(lab.path, line)] = f"{lab.category}:{lab.kind}"
    return index
