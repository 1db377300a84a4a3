"""Small shared value types: categories and findings."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


class Category(StrEnum):
    """What a finding is: a credential, personal data, an organisation term, or a forbidden file."""

    SECRET = "secret"
    PII = "pii"
    ORG = "org"
    FILE = "file"


def value_hash(value: str) -> str:
    """The stable, one-way digest used wherever a value must be referred to (never the value)."""
    return hashlib.sha256(b"veil-v1\x00" + value.encode("utf-8", "surrogatepass")).hexdigest()


@dataclass(frozen=True, slots=True)
class Finding:
    """One detected span. `value` stays in memory: repr and to_dict show only its hash."""

    rule_id: str
    kind: str
    category: Category
    start: int
    end: int
    line: int
    column: int
    confidence: float
    value: str = field(repr=False, compare=False)

    @property
    def value_hash(self) -> str:
        return value_hash(self.value)

    def __repr__(self) -> str:
        return (
            f"Finding(rule_id={self.rule_id!r}, kind={self.kind!r},"
            f" category={self.category.value!r}, start={self.start}, end={self.end},"
            f" line={self.line}, column={self.column},"
            f" confidence={self.confidence}, value_hash={self.value_hash[:16]!r})"
        )

    def to_dict(self) -> dict[str, Any]:
        """A serialisable view without the matched value."""
        return {
            "rule": self.rule_id,
            "kind": self.kind,
            "category": self.category.value,
            "start": self.start,
            "end": self.end,
            "line": self.line,
            "column": self.column,
            "confidence": self.confidence,
            "value_hash": self.value_hash,
        }
