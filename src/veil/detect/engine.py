"""The detection engine: one Hyperscan pass over the text, `re` confirms the windows that hit.

Where Hyperscan cannot be imported the engine runs each rule's `re` over the whole text, after the
same keyword prefilter, and gives identical findings. Text that a model would read differently
(full-width forms, invisible characters, look-alike letters, percent-encoding) is scanned once more
as the model reads it (`normalize`), and those findings are mapped back to the original text.
veil's own placeholders are never findings.
"""

from __future__ import annotations

import bisect
import hashlib
import re
import threading
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from re import _parser as re_parser  # type: ignore[attr-defined]  # a pattern's width
from typing import Any

from veil.detect import disk_cache
from veil.detect.base import Rule, Validator
from veil.detect.entropy import shannon_entropy
from veil.detect.filters import RECALL_SKIPPED_FILTERS, Filter
from veil.detect.normalize import View, normalized
from veil.types import Category, Finding
from veil.vault.tokens import PLACEHOLDER_RE, STARTS

try:
    import hyperscan
except ImportError:  # pragma: no cover - exercised by forcing use_hyperscan=False in tests
    hyperscan = None  # type: ignore[assignment]

HYPERSCAN_AVAILABLE = hyperscan is not None

# How far before a match its keyword may stand (`AWS_SECRET=...` then the key on the next line).
KEYWORD_LOOKBACK = 80
# How far past a Hyperscan hit the confirming window reaches, so trailing lookaheads see real text.
WINDOW_TAIL = 64
# How far around an edit of the normalised view it is scanned again: a value up to this long,
# with its keyword before it, is found whole.
VIEW_REACH = 2048
# Cached Hyperscan databases of this size or more (a full rule set's) are pruned to the last
# `CACHE_KEEP` used.
CACHE_LARGE_BYTES = 1 << 20
CACHE_KEEP = 8
_CATEGORY_RANK = {Category.SECRET: 3, Category.FILE: 2, Category.PII: 1, Category.ORG: 0}


class Engine:
    """A compiled set of rules. Build once, call `scan` many times; safe to share across threads
    (each thread scans with its own Hyperscan scratch space)."""

    def __init__(
        self, rules: Sequence[Rule], *, use_hyperscan: bool = True, recall: bool = False
    ) -> None:
        self.rules: tuple[Rule, ...] = tuple(rules)
        self.recall = recall
        self._keywords = [tuple(k.lower() for k in r.keywords) for r in self.rules]
        self._checks = [_checks_for(r, recall) for r in self.rules]
        self._db: Any = None
        self._reaches: dict[int, int] = {}
        self._local = threading.local()
        self._re_only: tuple[int, ...] = ()
        if use_hyperscan and HYPERSCAN_AVAILABLE and self.rules:
            self._db, self._re_only = _compile(self.rules)
        elif not self.rules:
            self._re_only = ()
        else:
            self._re_only = tuple(range(len(self.rules)))

    @property
    def uses_hyperscan(self) -> bool:
        return self._db is not None

    def scan(self, text: str) -> list[Finding]:
        """All findings in `text`, overlaps resolved, in order of position."""
        if not text or not self.rules:
            return []
        candidates = self._candidates(text)
        view = normalized(text)
        if view is not None:
            seen = set(candidates)
            candidates += (c for c in self._view_candidates(view) if c not in seen)
        if any(s in text for s in STARTS):
            candidates = _without_placeholders(text, candidates)
        return _resolve(self.rules, text, candidates)

    def _view_candidates(self, view: View) -> set[tuple[int, int, int]]:
        """Candidates in the normalised view that involve one of its edits, in original offsets.

        Only the text around the edits is scanned again; a candidate cut by the edge of such a
        window is not one.
        """
        found = set()
        size = len(view.text)
        for lo, hi in view.windows(VIEW_REACH):
            for idx, start, end in self._candidates(view.text[lo:hi]):
                if (start == 0 < lo) or (end == hi - lo and hi < size):
                    continue
                start, end = start + lo, end + lo
                if view.touches(start - KEYWORD_LOOKBACK, end):
                    found.add((idx, *view.span(start, end)))
        return found

    def _candidates(self, text: str) -> list[tuple[int, int, int]]:
        """(rule index, start, end) of every value that passes its rule's checks."""
        lowered: str | None = None
        candidates: list[tuple[int, int, int]] = []  # (rule index, start, end) of the secret
        windows = self._hyperscan_windows(text) if self._db is not None else {}
        for idx in self._re_only:
            kws = self._keywords[idx]
            if kws:
                if lowered is None:
                    lowered = text.lower()
                if not any(k in lowered for k in kws):
                    continue
            windows[idx] = [(0, len(text))]
        for idx, spans in windows.items():
            candidates.extend(self._confirm(idx, text, spans))
        return candidates

    def _hyperscan_windows(self, text: str) -> dict[int, list[tuple[int, int]]]:
        data = text.encode("utf-8", "replace")
        hits: dict[int, list[int]] = {}

        def on_match(idx: int, _from: int, to: int, _flags: int, _ctx: object) -> None:
            ends = hits.get(idx)
            if ends is None:
                hits[idx] = [to]
            elif ends[-1] != to:
                ends.append(to)

        self._db.scan(data, match_event_handler=on_match, scratch=self._scratch())
        ascii_text = len(data) == len(text)
        windows: dict[int, list[tuple[int, int]]] = {}
        size = len(data)
        for idx, ends in hits.items():
            back = self._reach(idx) * (1 if ascii_text else 4)
            ends.sort()
            merged: list[tuple[int, int]] = []
            cur_lo = cur_hi = -1
            for end in ends:
                lo = end - back if end > back else 0
                if lo <= cur_hi:
                    cur_hi = end + WINDOW_TAIL
                    continue
                if cur_hi >= 0:
                    merged.append((cur_lo, cur_hi if cur_hi < size else size))
                cur_lo, cur_hi = lo, end + WINDOW_TAIL
            merged.append((cur_lo, cur_hi if cur_hi < size else size))
            windows[idx] = merged
        if not ascii_text:
            to_char = _byte_to_char(
                data, [b for spans in windows.values() for w in spans for b in w]
            )
            for idx, spans in windows.items():
                windows[idx] = [(to_char[lo], to_char[hi]) for lo, hi in spans]
        return windows

    def _scratch(self) -> Any:
        """This thread's Hyperscan scratch space (a scan releases the GIL, and one scratch
        space serves one scan at a time)."""
        scratch = getattr(self._local, "scratch", None)
        if scratch is None:
            assert hyperscan is not None
            scratch = self._local.scratch = hyperscan.Scratch(self._db)
        return scratch

    def _reach(self, idx: int) -> int:
        """How far back from a hit a match of rule `idx` can start: its `max_len`, or the
        longest match its pattern allows (and a look-ahead's worth) when that is shorter
        (worked out on first use)."""
        reach = self._reaches.get(idx)
        if reach is None:
            rule = self.rules[idx]
            # Hyperscan's first pass may count a look-ahead's text as matched, so its hit can lie
            # up to WINDOW_TAIL past the end of what the pattern consumes.
            reach = min(rule.max_len, _longest_match(rule.compiled.pattern) + WINDOW_TAIL)
            self._reaches[idx] = reach
        return reach

    def _confirm(
        self, idx: int, text: str, spans: Iterable[tuple[int, int]]
    ) -> Iterable[tuple[int, int, int]]:
        rule = self.rules[idx]
        kws = self._keywords[idx]
        entropy, validate, filters = self._checks[idx]
        pattern = rule.compiled
        group = "secret" if "secret" in pattern.groupindex else 0
        seen: set[tuple[int, int]] = set()
        for lo, hi in spans:
            matches = (
                pattern.finditer(text, lo, hi)
                if rule.anchor is None
                else self._anchored(idx, text, lo, hi)
            )
            for m in matches:
                start, end = m.span(group)
                if start < 0 or start == end or (start, end) in seen:
                    continue
                seen.add((start, end))
                if kws:
                    near = text[max(0, m.start() - KEYWORD_LOOKBACK) : max(m.end(), end)].lower()
                    if not any(k in near for k in kws):
                        continue
                value = text[start:end]
                if not _accept(entropy, validate, filters, value, text, start):
                    continue
                if rule.validate_at is not None and not rule.validate_at(value, text, start):
                    continue
                yield idx, start, end

    def _anchored(self, idx: int, text: str, lo: int, hi: int) -> Iterator[re.Match[str]]:
        """Matches of an anchored rule in [lo, hi): the pattern tried once per run of its
        characters that holds one of its literals, from where the run starts."""
        rule = self.rules[idx]
        assert rule.anchor is not None
        literals, chars = rule.anchor
        run = _RUNS.get(chars)
        if run is None:
            run = _RUNS.setdefault(chars, re.compile(f"{chars}*", re.ASCII))
        pattern, reach = rule.compiled, self._reach(idx)
        hay = text[lo:hi].translate(_ASCII_LOWER)  # offsets kept, unlike str.lower()
        places = sorted(lo + at for literal in literals for at in _occurrences(hay, literal))
        tried = done = -1  # the last start tried; the end of the last match
        for at in places:
            if at < done:
                continue
            back = max(lo, at - reach)
            before = run.match(text[back:at][::-1])  # `*`: always matches
            start = at - (before.end() if before else 0)
            if start == tried:
                continue
            tried = start
            m = pattern.match(text, start, hi)
            if m is not None and m.end() > at:
                done = m.end()
                yield m


def _occurrences(hay: str, literal: str) -> Iterator[int]:
    at = hay.find(literal)
    while at >= 0:
        yield at
        at = hay.find(literal, at + 1)


_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")
# Compiled runs of an anchor's characters, by character class.
_RUNS: dict[str, re.Pattern[str]] = {}

Checks = tuple[float | None, Validator | None, tuple[Filter, ...]]


def _checks_for(rule: Rule, recall: bool) -> Checks:
    """The entropy minimum, validator and filters a rule's values must pass.

    In recall mode (the gateway, where a false positive is restored and costs almost nothing) a
    key-shaped value is kept even when it looks like a placeholder, a documented example or a test
    value (the rule's `recall_validate`, filters without those marked as documentation filters),
    and specific rules need no minimum entropy; generic rules keep theirs, since without a shape of
    their own entropy is what tells a credential from a word.
    """
    if not recall:
        return rule.entropy, rule.validate, rule.filters
    skipped = RECALL_SKIPPED_FILTERS.union(rule.recall_skips)
    filters = tuple(f for f in rule.filters if f not in skipped)
    validate = rule.recall_validate or rule.validate
    return (rule.entropy if rule.generic else None), validate, filters


def _accept(
    entropy: float | None,
    validate: Validator | None,
    filters: tuple[Filter, ...],
    value: str,
    text: str,
    start: int,
) -> bool:
    if entropy is not None and shannon_entropy(value) < entropy:
        return False
    if validate is not None and not validate(value):
        return False
    if filters:
        line_start = text.rfind("\n", max(0, start - 160), start) + 1
        prefix = text[max(line_start, start - 160) : start]
        if any(f(value, prefix) for f in filters):
            return False
    return True


def _without_placeholders(
    text: str, candidates: list[tuple[int, int, int]]
) -> list[tuple[int, int, int]]:
    """Candidates less those that are veil's own placeholders (nothing else alphanumeric)."""
    spans = [m.span() for m in PLACEHOLDER_RE.finditer(text)]
    if not spans:
        return candidates
    starts = [s for s, _ in spans]
    kept = []
    for cand in candidates:
        _, start, end = cand
        i = max(bisect.bisect_right(starts, start) - 1, 0)
        rest, pos = [], start
        while i < len(spans) and spans[i][0] < end:
            lo, hi = spans[i]
            if hi > pos:
                rest.append(text[pos:lo] if lo > pos else "")
                pos = max(pos, hi)
            i += 1
        if pos == start:
            kept.append(cand)
            continue
        rest.append(text[pos:end])
        if any(c.isalnum() for part in rest for c in part):
            kept.append(cand)
    return kept


def _resolve(
    rules: Sequence[Rule], text: str, candidates: list[tuple[int, int, int]]
) -> list[Finding]:
    """Keep one finding per overlapping group: specific before generic, then longest."""

    ranks = {
        idx: (_CATEGORY_RANK[rules[idx].category], not rules[idx].generic, rules[idx].confidence)
        for idx in {c[0] for c in candidates}
    }

    def strength(c: tuple[int, int, int]) -> tuple[tuple[int, bool, float], int, int, int]:
        # Ties go to the earlier rule, then the earlier span, so both backends agree.
        return (ranks[c[0]], c[2] - c[1], -c[0], -c[1])

    # Kept spans never overlap, so sorted by start they are sorted by end too: a candidate
    # overlaps a kept span only if it overlaps the last kept span starting before its end.
    kept: list[tuple[int, int, int]] = []
    starts: list[int] = []
    for cand in sorted(candidates, key=strength, reverse=True):
        s, e = cand[1], cand[2]
        i = bisect.bisect_left(starts, e)
        if i and kept[i - 1][2] > s:
            continue
        starts.insert(i, s)
        kept.insert(i, cand)
    findings = []
    line, line_at = 1, 0  # the line number of offset `line_at`
    for idx, s, e in kept:
        rule = rules[idx]
        line += text.count("\n", line_at, s)
        line_at = s
        col = s - text.rfind("\n", 0, s)
        # Positional: thousands are made for a dense text, and keywords cost a third more.
        findings.append(
            Finding(rule.id, rule.kind, rule.category, s, e, line, col, rule.confidence, text[s:e])
        )
    return findings


def _longest_match(pattern: str) -> int:
    """The most characters a match of `pattern` can span (a large number when unbounded)."""
    try:
        return int(re_parser.parse(pattern, re.ASCII).getwidth()[1])
    except (re.error, RecursionError, OverflowError):  # pragma: no cover - compiled already
        return 1 << 30


def _byte_to_char(data: bytes, offsets: list[int]) -> dict[int, int]:
    """Character offsets of UTF-8 byte offsets, in one pass over the sorted offsets.

    An offset inside a multi-byte character moves back to that character's first byte.
    """
    out: dict[int, int] = {}
    prev_b = prev_c = 0
    for b in sorted(set(offsets)):
        start = b
        while 0 < start < len(data) and data[start] & 0xC0 == 0x80:
            start -= 1
        prev_c += len(data[prev_b:start].decode("utf-8", "replace"))
        prev_b = start
        out[b] = prev_c
    return out


def _compile(rules: Sequence[Rule]) -> tuple[Any, tuple[int, ...]]:
    """One Hyperscan database in prefilter mode; rules it rejects fall back to `re`.

    Compiling takes seconds for the built-in rules, so the database is cached on disk, keyed by
    a digest of every pattern and flag and the Hyperscan version.
    """
    assert hyperscan is not None
    ok = list(range(len(rules)))
    cached = _cache_load(rules)
    if cached is not None:
        return cached
    try:
        result: tuple[Any, tuple[int, ...]] = (_database(rules, ok), ())
    except hyperscan.error:
        bad = [i for i in ok if not _hs_accepts(rules[i])]
        good = [i for i in ok if i not in bad]
        result = ((_database(rules, good) if good else None), tuple(bad))
    _cache_store(rules, result)
    return result


def _cache_path(rules: Sequence[Rule]) -> Path:
    digest = hashlib.sha256(str(getattr(hyperscan, "__version__", "")).encode())
    for rule in rules:
        for expression in _hs_expressions(rule):
            digest.update(expression + f"\x00{rule.ignore_case}\x01".encode())
    return disk_cache.cache_file(f"hs-{digest.hexdigest()[:32]}.db")


def _cache_load(rules: Sequence[Rule]) -> tuple[Any, tuple[int, ...]] | None:
    assert hyperscan is not None
    blob = disk_cache.read(_cache_path(rules))
    if blob is None:
        return None
    try:
        bad_len = int.from_bytes(blob[:4], "little")
        bad = tuple(int(i) for i in blob[4 : 4 + bad_len].decode().split(",") if i)
        db = hyperscan.loadb(blob[4 + bad_len :], hyperscan.HS_MODE_BLOCK)
        db.scratch = hyperscan.Scratch(db)
    except (ValueError, hyperscan.error):
        return None
    return db, bad


def _cache_store(rules: Sequence[Rule], result: tuple[Any, tuple[int, ...]]) -> None:
    """Keep the database; only the `CACHE_KEEP` large ones (a full rule set's, several MB each:
    every upgrade, user rule or `--only` makes a new one) used last stay."""
    assert hyperscan is not None
    db, bad = result
    if db is None:
        return
    bad_text = ",".join(map(str, bad)).encode()
    blob = len(bad_text).to_bytes(4, "little") + bad_text + hyperscan.dumpb(db)
    disk_cache.write(_cache_path(rules), blob, keep=CACHE_KEEP, large=CACHE_LARGE_BYTES)


def _database(rules: Sequence[Rule], ids: list[int]) -> Any:
    assert hyperscan is not None
    db = hyperscan.Database()
    pairs = [(i, expression) for i in ids for expression in _hs_expressions(rules[i])]
    db.compile(
        expressions=[expression for _, expression in pairs],
        ids=[i for i, _ in pairs],
        elements=len(pairs),
        flags=[_hs_flags(rules[i]) for i, _ in pairs],
    )
    return db


# Large bounded repeats (`[^\n]{0,400}`) make Hyperscan's compile time explode (minutes). The
# first pass only needs a superset of the matches, so bounds of 12 or more are opened; `re`
# confirms with the real bound, and `max_len` still bounds how far back a window reaches.
_LARGE_REPEAT = re.compile(r"(?<!\\)\{(\d+),(\d+)\}")
_OPEN_FROM = 12


def _hs_expressions(rule: Rule) -> list[bytes]:
    if isinstance(rule.first_pass, str):
        return [rule.first_pass.encode("utf-8")]
    if rule.first_pass is not None:
        return [expression.encode("utf-8") for expression in rule.first_pass]

    def loosen(m: re.Match[str]) -> str:
        return m.group(0) if int(m.group(2)) < _OPEN_FROM else "{" + m.group(1) + ",}"

    return [_LARGE_REPEAT.sub(loosen, rule.regex).encode("utf-8")]


def _hs_flags(rule: Rule) -> int:
    assert hyperscan is not None
    flags = hyperscan.HS_FLAG_PREFILTER | hyperscan.HS_FLAG_ALLOWEMPTY | hyperscan.HS_FLAG_UTF8
    if rule.ignore_case:
        flags |= hyperscan.HS_FLAG_CASELESS
    return flags


def _hs_accepts(rule: Rule) -> bool:
    """Whether Hyperscan can compile this rule's pattern on its own."""
    assert hyperscan is not None
    try:
        _database([rule], [0])
    except hyperscan.error:
        return False
    return True
