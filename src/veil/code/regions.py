"""Where the code is in a text: a whole file, markdown fenced blocks, the new side of unified
diffs, numbered listings (Claude Code's `     1→line`, `cat -n`), or text that sniffs as code.

A region is the code as the parser should see it (prefixes such as a diff's `+` or a listing's
line number removed) with the map from its offsets back to the offsets of the given text."""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from veil.code.languages import Language, language_for_fence, language_for_path, sniff


@dataclass(slots=True)
class Region:
    """Code to parse, and where each of its segments starts in the given text."""

    language: Language
    text: str = ""
    starts: list[int] = field(default_factory=list)
    origins: list[int] = field(default_factory=list)

    def add(self, content: str, origin: int) -> None:
        """Append a segment of code that stands at `origin` in the given text."""
        if self.starts and origin == self.origins[-1] + len(self.text) - self.starts[-1]:
            self.text += content
            return
        self.starts.append(len(self.text))
        self.origins.append(origin)
        self.text += content

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
    region = Region(language)
    region.add(text, base)
    return region


# --- numbered listings ------------------------------------------------------------------------

_LISTING_LINE = re.compile(r" *(\d{1,7})(?:→|\t)")
_FIRST_LINE = re.compile(r"\s*?^ *\d{1,7}(?:→|\t)", re.MULTILINE)


def _listing_regions(text: str, path: str | None) -> list[Region]:
    runs: list[list[tuple[int, int, str]]] = []
    last = -2
    for offset, line in _lines(text):
        m = _LISTING_LINE.match(line)
        if m is None:
            last = -2
            continue
        number = int(m.group(1))
        if number != last + 1 or not runs:
            runs.append([])
        runs[-1].append((offset + m.end(), number, line[m.end() :]))
        last = number
    by_path = language_for_path(path) if path else None
    regions = []
    for run in runs:
        code = "".join(content for _, _, content in run)
        language = by_path or sniff(code)
        if language is None:
            continue
        region = Region(language)
        for origin, _, content in run:
            region.add(content, origin)
        regions.append(region)
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
            if hunk is not None and hunk.text:
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
            if hunk.text:
                regions.append(hunk)
            hunk = None
    if hunk is not None and hunk.text:
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
