"""The text as a provider's model reads it, with a map back to the original offsets.

A value can be disguised from a pattern and still be read by a model: written in full-width
forms (`ＡＫＩＡ`, `＠` for `@`), split by invisible characters (zero-width space, soft
hyphen, word joiner), spelled with look-alike letters (a Cyrillic `А` in `АKIA`), or
percent-encoded in a URL (`p%40ss`). `normalized(text)` undoes these in one view of the text;
`View.span` maps a span of the view back to the original characters it came from.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from dataclasses import dataclass
from functools import cache

# Letters that look like ASCII ones in common fonts (Cyrillic, Greek, Armenian, Cherokee-free
# subset of Unicode's confusables), and dashes that read as a hyphen-minus.
_LOOKALIKES = str.maketrans(
    "АВЕЅІЈКМНОРСТХУаеіјорсуѕхԁһԛԝ"  # Cyrillic
    "ΑΒΕΖΗΙΚΜΝΟΡΤΥΧοιν"  # Greek
    "ՕօսհոցԼ"  # Armenian
    "\u2010\u2011\u2012\u2013\u2212\ufe63\uff0d",  # dashes and minus signs
    "ABESIJKMHOPCTXYaeijopcysxdhqwABEZHIKMNOPTYXoivOouhnqL-------",
)
_LOOKALIKE_SET = frozenset(chr(c) for c in _LOOKALIKES)
# Invisible characters a model ignores that are not format characters (category Cf):
# variation selectors, the combining grapheme joiner, Hangul fillers.
_INVISIBLE = frozenset(
    [chr(c) for c in range(0xFE00, 0xFE10)] + ["\u034f", "\u115f", "\u1160", "\u3164", "\uffa0"]
)
# Code points that may fold to ASCII: the Basic and Supplementary Multilingual Planes (full-width
# forms, mathematical letters, look-alikes) and the tag characters.
_PLANES = (range(0x80, 0x20000), range(0xE0000, 0xE1000))


def fold(char: str) -> str:
    """What a model reads for one character: NFKC, look-alikes as ASCII, invisibles as nothing."""
    if char in _INVISIBLE or unicodedata.category(char) == "Cf":
        return ""
    return unicodedata.normalize("NFKC", char).translate(_LOOKALIKES)


# Percent-encoded printable ASCII (`%40` is `@`), as in URLs and query strings.
_PERCENT = re.compile("%([2-7][0-9A-Fa-f])")
# Non-ASCII text is searched for folding characters in chunks of this size; ASCII chunks are not.
_CHUNK = 2048


@cache
def _folds() -> tuple[re.Pattern[str], dict[str, str]]:
    """A pattern for the characters that fold to ASCII (or to nothing), and what each folds to.

    Computed on the first text that is not plain ASCII (about 0.1 s), once per process.
    """
    folds: dict[str, str] = {}
    for plane in _PLANES:
        for code in plane:
            char = chr(code)
            if unicodedata.decomposition(char) or char in _INVISIBLE or char in _LOOKALIKE_SET:
                folded = fold(char)
            elif unicodedata.category(char) == "Cf":
                folded = ""
            else:
                continue
            if folded != char and folded.isascii():
                folds[char] = folded
    ranges: list[str] = []
    codes = sorted(ord(c) for c in folds if c < "\U00010000")
    run_start = prev = codes[0]
    for code in [*codes[1:], -1]:
        if code != prev + 1:
            ranges.append(re.escape(chr(run_start)) + "-" + re.escape(chr(prev)))
            run_start = code
        prev = code
    # Outside the BMP a range per plane: `re` tests a BMP class as a bitmap but a long list of
    # astral ranges one by one, so astral candidates are checked against `folds` afterwards.
    return re.compile(f"[{''.join(ranges)}\U00010000-\U000e0fff]"), folds


@dataclass(frozen=True, slots=True)
class View:
    """A normalised text and, per edit, where it sits in the view and in the original."""

    text: str
    # Parallel lists, one entry per edit: the edit's start and end in the view and the original.
    view_starts: list[int]
    view_ends: list[int]
    orig_starts: list[int]
    orig_ends: list[int]
    # The view spans of the edits that can change what a pattern sees (`significant`).
    anchors: list[tuple[int, int]]

    def start(self, pos: int) -> int:
        """The original offset of the view character at `pos`."""
        i = bisect.bisect_right(self.view_starts, pos) - 1
        if i < 0:
            return pos
        if pos < self.view_ends[i]:
            return self.orig_starts[i]
        return self.orig_ends[i] + pos - self.view_ends[i]

    def end(self, pos: int) -> int:
        """The original offset just past the view character before `pos`."""
        i = bisect.bisect_left(self.view_ends, pos)
        if i < len(self.view_ends) and self.view_starts[i] < pos:
            return self.orig_ends[i]
        if i == 0:
            return pos
        return self.orig_ends[i - 1] + pos - self.view_ends[i - 1]

    def touches(self, start: int, end: int) -> bool:
        """Whether an edit lies within or at the edges of the view span `start:end`."""
        i = bisect.bisect_left(self.view_ends, start)
        return i < len(self.view_ends) and self.view_starts[i] <= end

    def windows(self, reach: int) -> list[tuple[int, int]]:
        """Spans of the view that reach `reach` characters either side of each anchor, merged."""
        merged: list[tuple[int, int]] = []
        size = len(self.text)
        for vs, ve in self.anchors:
            lo, hi = max(0, vs - reach), min(size, ve + reach)
            if merged and lo <= merged[-1][1]:
                merged[-1] = (merged[-1][0], hi)
            else:
                merged.append((lo, hi))
        return merged

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The original span of the view span `start:end`."""
        return self.start(start), self.end(end)


def _fold_edits(text: str) -> list[tuple[int, int, str]]:
    """The characters of `text` that fold, with what they fold to; ASCII chunks are skipped."""
    pattern, folds = _folds()
    edits = []
    for lo in range(0, len(text), _CHUNK):
        hi = lo + _CHUNK
        if text[lo:hi].isascii():
            continue
        for m in pattern.finditer(text, lo, hi):
            folded = folds.get(m[0])
            if folded is not None:
                edits.append((m.start(), m.end(), folded))
    return edits


def normalized(text: str) -> View | None:
    """The view of `text` a model reads, or None when it is `text` itself (the common case)."""
    if text.isascii() and "%" not in text:
        return None
    edits = [(m.start(), m.end(), chr(int(m[1], 16))) for m in _PERCENT.finditer(text)]
    if not text.isascii():
        edits += _fold_edits(text)
        edits.sort()
    if not any(significant(text, *edit) for edit in edits):
        return None
    parts: list[str] = []
    view_starts: list[int] = []
    view_ends: list[int] = []
    anchors: list[tuple[int, int]] = []
    pos = size = 0
    for lo, hi, repl in edits:
        parts.append(text[pos:lo])
        size += lo - pos
        view_starts.append(size)
        parts.append(repl)
        size += len(repl)
        view_ends.append(size)
        if significant(text, lo, hi, repl):
            anchors.append((view_starts[-1], size))
        pos = hi
    parts.append(text[pos:])
    orig_starts = [lo for lo, _, _ in edits]
    orig_ends = [hi for _, hi, _ in edits]
    return View("".join(parts), view_starts, view_ends, orig_starts, orig_ends, anchors)


def significant(text: str, lo: int, hi: int, repl: str) -> bool:
    """Whether replacing `text[lo:hi]` by `repl` can change a match: it yields a letter or digit,
    or it stands beside ASCII text. A full-width comma or a joiner between CJK characters or
    emoji cannot, and costs no second scan."""
    if any(c.isalnum() for c in repl):
        return True
    before = text[lo - 1] if lo else " "
    after = text[hi] if hi < len(text) else " "
    return (before.isascii() and not before.isspace()) or (after.isascii() and not after.isspace())
