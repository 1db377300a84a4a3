"""What gets scanned: a named text, optionally mapped onto the lines of a file in a commit."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

BINARY_SNIFF = 8192


@dataclass(frozen=True, slots=True)
class Source:
    """A text to scan. `line_numbers[i]` is the real line of the text's line i+1 (diffs).

    `whole`, for a diff, reads the whole file the added lines belong to (the version they were
    added in), for the rare checks that need their context: None when it cannot be read.
    """

    path: str
    text: str
    line_numbers: tuple[int, ...] | None = None
    commit: str | None = None
    whole: Callable[[], str | None] | None = field(default=None, repr=False, compare=False)

    def real_line(self, line: int) -> int:
        if self.line_numbers is None or not 0 < line <= len(self.line_numbers):
            return line
        return self.line_numbers[line - 1]


def decode(data: bytes) -> str | None:
    """Text of a file's bytes, or None when the bytes look binary."""
    if b"\x00" in data[:BINARY_SNIFF]:
        return None
    return data.decode("utf-8", "replace")
