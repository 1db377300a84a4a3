"""Does a comment read as business context: what would an assistant learn about the company
from it, as opposed to what the code does? The cues, each with strong and weak forms, are
declared in `veil.code.cues`.

A plain comment reads as business with one strong cue or two weak cues of different names; a
docstring (it states what the code does, and is kept unless there is more) only with a strong
cue. In a license or copyright header only `secrecy` counts, so `Copyright (c) 2010 Google
Inc.` or the MIT License's "CONTRACT, TORT" is not business but "Acme Confidential" is.
`may_hold_business` runs every cue's forms at once (one Hyperscan database in prefilter mode,
about 0.4 ms for 200 KB; one `re` alternation without Hyperscan): False means no comment of the
text can read as business, and parsing can be skipped. `cue_hits` says where in a text a form
may match and which (a second database, of the forms less their lookarounds and word
boundaries, so that a match inside a comment is a match in the whole text too): only the
comments holding a hit need parsing out, and in each only the forms hit there are tried (the
cues are those every form gives; a comment's own text is scanned so when no hits are given)."""

from __future__ import annotations

import bisect
import contextlib
import re
import threading
from collections.abc import Collection
from dataclasses import dataclass
from typing import Any

from veil.code.cues import ALL_FORMS, BOILERPLATE, CUES, FORM_OF, FORMS, LOOSE_FORMS, Cue

try:
    import hyperscan
except ImportError:  # pragma: no cover - hyperscan is a dependency
    hyperscan = None  # type: ignore[assignment]

__all__ = [
    "ALL_FORMS",
    "CueHits",
    "business_cues",
    "cue_hits",
    "may_hold_business",
    "reads_as_business",
]


@dataclass(frozen=True, slots=True)
class CueHits:
    """Where a cue form may match in a text: for each possible match, the str offset of its
    last character and the form, in order of offset (a superset: a form that matches inside
    a comment has a hit there). `everywhere`: not known (no Hyperscan), any form anywhere."""

    offsets: tuple[int, ...] = ()
    forms: tuple[int, ...] = ()
    everywhere: bool = False

    def __bool__(self) -> bool:
        return self.everywhere or bool(self.offsets)

    def within(self, start: int, end: int) -> frozenset[int]:
        """The forms that may match inside text[start:end]."""
        if self.everywhere:
            return ALL_FORMS
        lo = bisect.bisect_left(self.offsets, start)
        hi = bisect.bisect_left(self.offsets, end, lo)
        return frozenset(self.forms[lo:hi])


def _char_offsets(source: bytes, ends: list[int]) -> list[int]:
    """For match ends in UTF-8 bytes (ascending), the str offset of each match's last
    character."""
    out: list[int] = []
    byte = char = 0
    for end in ends:
        last = max(end - 1, 0)
        while last > 0 and source[last] & 0xC0 == 0x80:
            last -= 1
        if last > byte:
            char += len(source[byte:last].decode("utf-8", "replace"))
            byte = last
        out.append(char)
    return out


class _Prefilter:
    """Every cue form in one Hyperscan database (prefilter mode: it may match more, never
    less); one `re` alternation where Hyperscan is missing. Compiled on first use. A second
    database of the forms without their assertions tells where and which form may match."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._local = threading.local()
        self._db: Any = None
        self._loose: Any = None
        self._fallback: re.Pattern[str] | None = None

    def _compile(self) -> None:
        with self._lock:
            if self._db is not None or self._fallback is not None:
                return
            if hyperscan is None:  # pragma: no cover - hyperscan is a dependency
                self._fallback = re.compile("|".join(f"(?:{f})" for f in FORMS), re.ASCII)
                return
            flags = hyperscan.HS_FLAG_PREFILTER | hyperscan.HS_FLAG_UTF8
            loose = hyperscan.Database()
            loose.compile(
                expressions=[form.encode() for form in LOOSE_FORMS],
                ids=list(range(len(LOOSE_FORMS))),
                flags=[flags] * len(LOOSE_FORMS),
            )
            db = hyperscan.Database()
            db.compile(
                expressions=[form.encode() for form in FORMS],
                ids=list(range(len(FORMS))),
                flags=[flags | hyperscan.HS_FLAG_SINGLEMATCH] * len(FORMS),
            )
            self._loose = loose
            self._db = db

    def _scratch(self, name: str, db: Any) -> Any:
        scratch = getattr(self._local, name, None)
        if scratch is None:
            scratch = hyperscan.Scratch(db)
            setattr(self._local, name, scratch)
        return scratch

    def search(self, text: str) -> bool:
        """Whether some cue form may match somewhere in the text."""
        if self._db is None and self._fallback is None:
            self._compile()
        if self._fallback is not None:  # pragma: no cover - hyperscan is a dependency
            return self._fallback.search(text) is not None
        hits: list[int] = []

        def on_match(idx: int, _start: int, _end: int, _flags: int, _ctx: object) -> bool:
            hits.append(idx)
            return True

        with contextlib.suppress(hyperscan.ScanTerminated):
            self._db.scan(
                text.encode("utf-8", "replace"),
                match_event_handler=on_match,
                scratch=self._scratch("scratch", self._db),
            )
        return bool(hits)

    def hits(self, text: str) -> CueHits:
        """Where each form may match in the text (every possible match, by its end)."""
        if self._db is None and self._fallback is None:
            self._compile()
        if self._fallback is not None:  # pragma: no cover - hyperscan is a dependency
            return CueHits(everywhere=True)
        found: list[tuple[int, int]] = []
        add = found.append

        def on_match(idx: int, _start: int, end: int, _flags: int, _ctx: object) -> None:
            add((end, idx))

        source = text.encode("utf-8", "replace")
        self._loose.scan(
            source, match_event_handler=on_match, scratch=self._scratch("loose", self._loose)
        )
        if not found:
            return CueHits()
        found = sorted(set(found))
        ends = [end for end, _ in found]
        offsets = [end - 1 for end in ends] if len(source) == len(text) else None
        return CueHits(
            tuple(offsets if offsets is not None else _char_offsets(source, ends)),
            tuple(idx for _, idx in found),
        )

    def forms(self, text: str) -> frozenset[int]:
        """The forms that may match somewhere in the text."""
        if self._db is None and self._fallback is None:
            self._compile()
        if self._fallback is not None:  # pragma: no cover - hyperscan is a dependency
            return ALL_FORMS
        found: set[int] = set()

        def on_match(idx: int, _start: int, _end: int, _flags: int, _ctx: object) -> None:
            found.add(idx)

        self._loose.scan(
            text.encode("utf-8", "replace"),
            match_event_handler=on_match,
            scratch=self._scratch("loose", self._loose),
        )
        return frozenset(found)


_PREFILTER = _Prefilter()


def _found(pattern: re.Pattern[str] | None, cue: Cue, text: str) -> bool:
    return pattern is not None and any(cue.valid(m) for m in pattern.finditer(text))


def _cues_of_every_form(text: str) -> list[tuple[str, bool]]:
    """(name, strong) for each cue found, every form tried (the reference `_cues` keeps)."""
    boilerplate = BOILERPLATE.search(text) is not None
    found = []
    for cue in CUES:
        if boilerplate and cue.name != "secrecy":
            continue
        if _found(cue.strong, cue, text):
            found.append((cue.name, True))
        elif _found(cue.weak, cue, text):
            found.append((cue.name, False))
    return found


def _cues(text: str, forms: Collection[int] | None = None) -> list[tuple[str, bool]]:
    """(name, strong) for each cue found, strong when a strong form of it is there; only the
    `forms` that may match are tried (all that Hyperscan says may match in the text, if None)."""
    if forms is None:
        forms = _PREFILTER.forms(text)
    if not forms:
        return []
    if len(forms) == len(FORMS):
        return _cues_of_every_form(text)
    tried = sorted((FORM_OF[form] for form in forms), key=lambda f: (f[0], not f[1]))
    boilerplate = BOILERPLATE.search(text) is not None
    found: list[tuple[str, bool]] = []
    for index, strong in tried:
        cue = CUES[index]
        if boilerplate and cue.name != "secrecy":
            continue
        if found and found[-1][0] == cue.name:
            continue  # its strong form is there
        if _found(cue.strong if strong else cue.weak, cue, text):
            found.append((cue.name, strong))
    return found


def business_cues(text: str, *, forms: Collection[int] | None = None) -> tuple[str, ...]:
    """The names of the business cues in a comment's text (`forms`: as for
    `reads_as_business`)."""
    return tuple(name for name, _ in _cues(text, forms))


def reads_as_business(
    text: str, *, docstring: bool = False, forms: Collection[int] | None = None
) -> bool:
    """One strong cue, or for a plain comment two weak ones: it tells about the company.
    `forms`: the only cue forms that may match in the text (from `cue_hits(...).within`)."""
    found = _cues(text, forms)
    if any(strong for _, strong in found):
        return True
    return not docstring and len(found) >= 2


def may_hold_business(text: str) -> bool:
    """False only when no comment in the text can read as business (skip parsing it)."""
    return _PREFILTER.search(text)


def cue_hits(text: str) -> CueHits:
    """Where in the text a cue form may match, and which: a comment with no hit inside it
    does not read as business, and one with hits needs only those forms tried."""
    return _PREFILTER.hits(text)
