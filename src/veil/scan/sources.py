"""What gets scanned: a named text, optionally mapped onto the lines of a file in a commit."""

from __future__ import annotations

from dataclasses import dataclass

BINARY_SNIFF = 8192


@dataclass(frozen=True, slots=True)
class Source:
    """A text to scan. `line_numbers[i]` is the real line of the text's line i+1 (diffs)."""

    path: str
    text: str
    line_numbers: tuple[int, ...] | None = None
    commit: str | None = None

    def real_line(self, line: int) -> int:
        if self.line_numbers is None or not 0 < line <= len(self.line_numbers):
            return line
        return self.line_numbers[line - 1]


def decode(data: bytes) -> str | None:
    """Text of a file's bytes, or None when the bytes look binary."""
    if b"\x00" in data[:BINARY_SNIFF]:
        return None
    return data.decode("utf-8", "replace")
