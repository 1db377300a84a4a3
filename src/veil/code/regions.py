"""Where the code is in a text: a whole file, markdown fenced blocks, the new side of unified
diffs, numbered listings (Claude Code's `     1→line`, `cat -n`), or text that sniffs as code.

A region is the code as the parser should see it (prefixes such as a diff's `+` or a listing's
line number removed) with the map from its offsets back to the offsets of the given text."""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Iterator

from veil.code.languages import Language, language_for_fence, language_for_path, sniff


class Region:
    """Code to parse, and where each of its segments starts in the given text.

    Segments are kept as pieces and joined once, when `text` is first read after an `add`
    (a listing adds one segment per line: appending to one string would be quadratic)."""

    __slots__ = ("_joined", "_pieces", "_size", "language", "origins", "starts")

    def __init__(self, language: Language, text: str = "", origin: int = 0) -> None:
        self.language = language
        self.starts: list[int] = []
        self.origins: list[int] = []
        self._pieces: list[str] = []
        self._size = 0
        self._joined: str | None = ""
        if text:
            self.add(text, origin)

    def __repr__(self) -> str:
        return f"Region({self.language.name}, {len(self)} chars, {len(self.starts)} segments)"

    def __len__(self) -> int:
        return self._size

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Region):
            return NotImplemented
        return (self.language, self.text, self.starts, self.origins) == (
            other.language,
            other.text,
            other.starts,
            other.origins,
        )

    __hash__ = None  # type: ignore[assignment]

    @property
    def text(self) -> str:
        """The code, as the parser sees it."""
        if self._joined is None:
            self._joined = "".join(self._pieces)
            self._pieces = [self._joined] if self._joined else []
        return self._joined

    @property
    def span(self) -> tuple[int, int]:
        """Where the region stands in the given text: from its first character to after its
        last (what lies between, a listing's line numbers or a diff's removed lines, too)."""
        if not self._size:
            return (self.origins[0], self.origins[0]) if self.origins else (0, 0)
        return self.origins[0], self.origin(self._size - 1) + 1

    def add(self, content: str, origin: int) -> None:
        """Append a segment of code that stands at `origin` in the given text."""
        if not (self.starts and origin == self.origins[-1] + self._size - self.starts[-1]):
            self.starts.append(self._size)
            self.origins.append(origin)
        self._pieces.append(content)
        self._size += len(content)
        self._joined = None

    @classmethod
    def of_segments(
        cls, language: Language, text: str, pieces: list[str], origins: list[int]
    ) -> Region:
        """A region of one segment per piece, the piece at its origin in the given text
        (`text`: the pieces joined); built at once, as `add` would piece by piece (but for
        merging a segment that follows the one before: a listing's never do)."""
        region = cls(language)
        region.starts = [0, *itertools.accumulate(map(len, pieces[:-1]))] if pieces else []
        region.origins = origins
        region._pieces = [text] if text else []
        region._size = len(text)
        region._joined = text
        return region

    def offset_of(self, origin: int, *, onward: bool = False) -> int | None:
        """Where the character at `origin` of the given text is in the code; None where the
        code does not hold it (a listing's line number, a diff's removed line), or with
        `onward`, the code's next character (None past its end)."""
        index = bisect.bisect_right(self.origins, origin) - 1
        if index < 0:
            return (0 if self._size else None) if onward else None
        offset = self.starts[index] + origin - self.origins[index]
        end = self.starts[index + 1] if index + 1 < len(self.starts) else self._size
        if offset < end:
            return offset
        return end if onward and end < self._size else None

    def origin(self, offset: int) -> int:
        """Where the character at `offset` of the code stands in the given text."""
        index = bisect.bisect_right(self.starts, offset) - 1
        return self.origins[index] + offset - self.starts[index]


def _lines(text: str, base: int = 0) -> Iterator[tuple[int, str]]:
    """Each line with its newline and its offset (split on "\\n" only)."""
    start = 0
    while start < len(text):
        end = text.find("\n", start)
        end = len(text) if end < 0 else end + 1
        yield base + start, text[start:end]
        start = end


def _whole(language: Language, text: str, base: int = 0) -> Region:
    return Region(language, text, base)


# --- numbered listings ------------------------------------------------------------------------

_LISTING_LINE = re.compile(r"^ *(\d{1,7})(?:→|\t)([^\n]*\n?)", re.MULTILINE)
_FIRST_LINE = re.compile(r"\s*?^ *\d{1,7}(?:→|\t)", re.MULTILINE)


def _listing_regions(text: str, path: str | None) -> list[Region]:
    runs: list[tuple[list[int], list[str]]] = []
    origins: list[int] = []
    pieces: list[str] = []
    last, last_end = -2, -1
    for m in _LISTING_LINE.finditer(text):
        number = int(m[1])
        if m.start() != last_end or number != last + 1 or not runs:
            origins, pieces = [], []
            runs.append((origins, pieces))
        origins.append(m.start(2))
        pieces.append(m[2])
        last, last_end = number, m.end()
    by_path = language_for_path(path) if path else None
    regions = []
    for origins, pieces in runs:
        code = "".join(pieces)
        language = by_path or sniff(code)
        if language is not None:
            regions.append(Region.of_segments(language, code, pieces, origins))
    return regions


# --- unified diffs ----------------------------------------------------------------------------

_DIFF = re.compile(r"^(?:diff --git |\+\+\+ [^\n]*\n@@ )", re.MULTILINE)


def _diff_path(line: str) -> str:
    path = line.rstrip("\r\n").split("\t", 1)[0].strip().strip('"')
    return path[2:] if path.startswith(("a/", "b/")) else path


def diff_regions(text: str, base: int = 0) -> list[Region]:
    """The new side of each hunk of a unified diff, one region per hunk."""
    regions: list[Region] = []
    language: Language | None = None
    hunk: Region | None = None
    lines = list(_lines(text, base))
    for index, (offset, line) in enumerate(lines):
        header = line.startswith(("diff --git ", "+++ ", "@@")) or (
            line.startswith("--- ")
            and index + 1 < len(lines)
            and lines[index + 1][1].startswith("+++ ")
        )
        if header:
            if hunk is not None and len(hunk):
                regions.append(hunk)
            hunk = None
            if line.startswith("diff --git "):
                language = language_for_path(_diff_path(line.rsplit(" ", 1)[-1]))
            elif line.startswith("+++ "):
                language = language_for_path(_diff_path(line[4:]))
            elif line.startswith("@@") and language is not None:
                hunk = Region(language)
            continue
        if hunk is None:
            continue
        if line[:1] in ("+", " "):
            hunk.add(line[1:], offset + 1)
        elif line.strip("\r\n") == "":
            hunk.add(line, offset)
        elif line[:1] not in ("-", "\\"):
            if len(hunk):
                regions.append(hunk)
            hunk = None
    if hunk is not None and len(hunk):
        regions.append(hunk)
    return regions


# --- markdown fences --------------------------------------------------------------------------

_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})([^\n]*)\n", re.MULTILINE)


def _fence_regions(text: str) -> list[Region]:
    regions: list[Region] = []
    position = 0
    while (opener := _FENCE.search(text, position)) is not None:
        fence, info = opener.group(1), opener.group(2)
        if fence[0] == "`" and "`" in info:
            position = opener.end()
            continue
        closer = re.compile(rf"^ {{0,3}}{fence[0]}{{{len(fence)},}}[ \t]*(?:\n|\Z)", re.MULTILINE)
        end = closer.search(text, opener.end())
        body_end = end.start() if end else len(text)
        body = text[opener.end() : body_end]
        word = info.strip().split(maxsplit=1)[0].lower() if info.strip() else ""
        if word in ("diff", "patch", "udiff"):
            regions.extend(diff_regions(body, opener.end()))
        else:
            language = language_for_fence(info) if word else sniff(body)
            if language is not None and body:
                regions.append(_whole(language, body, opener.end()))
        position = end.end() if end else len(text)
    return regions


def code_regions(text: str, path: str | None = None) -> list[Region]:
    """Every piece of code in a text, in order; [] for prose."""
    if _FIRST_LINE.match(text):
        return _listing_regions(text, path)
    language = language_for_path(path) if path else None
    if language is not None:
        return [_whole(language, text)] if text else []
    if _DIFF.search(text):
        return diff_regions(text)
    if _FENCE.search(text):
        return _fence_regions(text)
    language = sniff(text)
    return [_whole(language, text)] if language is not None else []
