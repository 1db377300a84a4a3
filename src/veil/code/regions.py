"""Where the code is in a text: a whole file, markdown fenced blocks, the new side of unified
diffs, numbered listings (Claude Code's `     1→line`, `cat -n`), or text that sniffs as code.
Listings, diffs and fences are found together, in one text (a message with a diff and a fenced
file, a listing followed by a fence), none inside another: what starts first holds what is
within it (a diff's context line that looks like a fence is the diff's).

A region is the code as the parser should see it (prefixes such as a diff's `+` or a listing's
line number removed) with the map from its offsets back to the offsets of the given text."""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass

from veil.code.languages import Language, language_for_fence, language_for_path, sniff


class Region:
    """Code to parse, and where each of its segments starts in the given text.

    Segments are kept as pieces and joined once, when `text` is first read after an `add`
    (a listing adds one segment per line: appending to one string would be quadratic)."""

    __slots__ = ("_joined", "_pieces", "_size", "language", "origins", "sniffed", "starts")

    def __init__(
        self, language: Language, text: str = "", origin: int = 0, *, sniffed: bool = False
    ) -> None:
        self.language = language
        self.sniffed = sniffed  # the language is a guess (`sniff`): no path, no fence info
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
        cls,
        language: Language,
        text: str,
        pieces: list[str],
        origins: list[int],
        *,
        sniffed: bool = False,
    ) -> Region:
        """A region of one segment per piece, the piece at its origin in the given text
        (`text`: the pieces joined); built at once, as `add` would piece by piece (but for
        merging a segment that follows the one before: a listing's never do)."""
        region = cls(language, sniffed=sniffed)
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


def _whole(language: Language, text: str, base: int = 0, *, sniffed: bool = False) -> Region:
    return Region(language, text, base, sniffed=sniffed)


def _line_start(text: str, at: int) -> bool:
    """Whether text[at] opens a line, after at most three spaces."""
    start = text.rfind("\n", 0, at) + 1
    return at - start <= 3 and text[start:at] == " " * (at - start)


# --- numbered listings ------------------------------------------------------------------------

_LISTING_LINE = re.compile(r"^ *(\d{1,7})(?:→|\t)([^\n]*\n?)", re.MULTILINE)
_FIRST_LINE = re.compile(r"\s*?^ *\d{1,7}(?:→|\t)", re.MULTILINE)
_ANY_LISTING_LINE = re.compile(r"\n *\d{1,7}(?:→|\t)")


@dataclass(slots=True)
class _Run:
    """A numbered listing's run of lines, numbered one by one: text[start:end], its code
    pieces and where each stands."""

    start: int
    end: int
    origins: list[int]
    pieces: list[str]


def _listing_runs(text: str) -> list[_Run]:
    if not _FIRST_LINE.match(text) and not _ANY_LISTING_LINE.search(text):
        return []
    runs: list[_Run] = []
    origins: list[int] = []
    pieces: list[str] = []
    last, start, end = -2, -1, -1
    for m in _LISTING_LINE.finditer(text):
        number = int(m[1])
        if m.start() != end or number != last + 1 or not runs:
            if runs:
                runs[-1].end = end
            start = m.start()
            origins, pieces = [], []
            runs.append(_Run(start, start, origins, pieces))
        origins.append(m.start(2))
        pieces.append(m[2])
        last, end = number, m.end()
    if runs:
        runs[-1].end = end
    return runs


def _listing_region(run: _Run, by_path: Language | None) -> Region | None:
    code = "".join(run.pieces)
    language = by_path or sniff(code)
    if language is None:
        return None
    return Region.of_segments(language, code, run.pieces, run.origins, sniffed=by_path is None)


# --- unified diffs ----------------------------------------------------------------------------

_DIFF = re.compile(r"^(?:diff --git |\+\+\+ [^\n]*\n@@ )", re.MULTILINE)
# Lines between a diff's hunks: git's headers and extended headers.
_DIFF_HEADERS = (
    "diff --git ",
    "index ",
    "--- ",
    "+++ ",
    "new file mode",
    "deleted file mode",
    "old mode",
    "new mode",
    "similarity index",
    "dissimilarity index",
    "rename from",
    "rename to",
    "copy from",
    "copy to",
    "Binary files ",
)


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


def _diff_end(text: str, start: int) -> int:
    """Where the diff starting at `start` ends: the first line that is neither a header nor,
    in a hunk, a line of it."""
    in_hunk = False
    for offset, line in _lines(text[start:], start):
        if line.startswith("@@"):
            in_hunk = True
        elif in_hunk and (line[:1] in ("+", "-", " ", "\\") or not line.strip("\r\n")):
            continue
        elif line.startswith(_DIFF_HEADERS):
            in_hunk = False
        else:
            return offset
    return len(text)


def _next_diff(text: str, position: int, limit: int) -> int | None:
    """Where the next diff (`diff --git`, or `+++` above `@@ `) starts in [position, limit)."""
    if text.find("diff --git ", position, limit) < 0 and text.find("+++ ", position, limit) < 0:
        return None
    m = _DIFF.search(text, position, limit)
    return m.start() if m else None


# --- markdown fences --------------------------------------------------------------------------

_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})([^\n]*)\n", re.MULTILINE)


def _next_fence(text: str, position: int, limit: int) -> re.Match[str] | None:
    """The next fence opener in [position, limit) (`position`: a line start), or None."""
    while True:
        ticks = text.find("```", position, limit)
        tildes = text.find("~~~", position, ticks if ticks >= 0 else limit)
        at = tildes if tildes >= 0 else ticks
        if at < 0:
            return None
        start = text.rfind("\n", 0, at) + 1
        if _line_start(text, at):
            opener = _FENCE.match(text, start)
            if opener is not None and not (opener[1][0] == "`" and "`" in opener[2]):
                return opener
        end = text.find("\n", at)
        if end < 0:
            return None
        position = end + 1


def _fence(text: str, opener: re.Match[str]) -> tuple[list[Region], int]:
    """The code of the fenced block `opener` opens, and where the block ends."""
    fence, info = opener.group(1), opener.group(2)
    closer = re.compile(rf"^ {{0,3}}{fence[0]}{{{len(fence)},}}[ \t]*(?:\n|\Z)", re.MULTILINE)
    end = closer.search(text, opener.end())
    body_end = end.start() if end else len(text)
    block_end = end.end() if end else len(text)
    body = text[opener.end() : body_end]
    word = info.strip().split(maxsplit=1)[0].lower() if info.strip() else ""
    if not body:
        return [], block_end
    if word in ("diff", "patch", "udiff"):
        return diff_regions(body, opener.end()), block_end
    language = language_for_fence(info) if word else sniff(body)
    if language is not None:
        return [_whole(language, body, opener.end(), sniffed=not word)], block_end
    if _DIFF.search(body):
        return diff_regions(body, opener.end()), block_end
    return [], block_end


# --- all of them --------------------------------------------------------------------------------


def _pieces(text: str, by_path: Language | None) -> tuple[list[Region], bool]:
    """The listings, diffs and fenced blocks of a text, in order and none inside another
    (what starts first holds what is within it), and whether there was any. Fences and diffs
    are looked for only between a listing's runs (a listing's lines are neither)."""
    runs = _listing_runs(text)
    found = bool(runs)
    out: list[Region] = []
    position = index = 0
    while True:
        while index < len(runs) and runs[index].start < position:
            index += 1
        limit = runs[index].start if index < len(runs) else len(text)
        fence = _next_fence(text, position, limit) if position < limit else None
        diff = _next_diff(text, position, fence.start() if fence else limit)
        if diff is not None:
            end = _diff_end(text, diff)
            out.extend(diff_regions(text[diff:end], diff))
            position = max(end, diff + 1)
        elif fence is not None:
            regions, position = _fence(text, fence)
            out.extend(regions)
        elif index < len(runs):
            region = _listing_region(runs[index], by_path)
            out.extend([region] if region is not None else [])
            position = runs[index].end
            index += 1
            continue
        else:
            return out, found
        found = True


def code_regions(text: str, path: str | None = None) -> list[Region]:
    """Every piece of code in a text, in order, none overlapping another: a file known by its
    path is one piece (its listing's runs, when numbered); otherwise the numbered listings,
    unified diffs and fenced blocks found, or the whole text when it sniffs as code; [] for
    prose."""
    by_path = language_for_path(path) if path else None
    if by_path is not None and not _FIRST_LINE.match(text):
        return [_whole(by_path, text)] if text else []
    regions, found = _pieces(text, by_path)
    if found:
        return regions
    language = sniff(text)
    return [_whole(language, text, sniffed=True)] if language is not None else []
