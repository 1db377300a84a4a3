"""Find: a request's text slots -> what is in each, memoised per text.

Each slot is scanned on its own; then every junction of two neighbouring slots is scanned too
(the end of one joined to the start of the next), so that a value split across two text blocks,
parts or messages is found, in two pieces, one in each.
"""

from __future__ import annotations

import bisect
import itertools
import json
from dataclasses import dataclass, replace

from veil.code.reserved import in_reserved_word
from veil.detect.engine import Engine
from veil.memo import BoundedMemo
from veil.protocols.neutral import TextSlot
from veil.types import Category
from veil.vault.tokens import label_for

# Clients resend the whole conversation every turn, so most of a request's text was scanned
# on an earlier turn: findings are kept per text, up to this many characters of text in all.
MEMO_MAX_CHARS = 64_000_000
# How much of each side of a junction is scanned together, at most: longer than any split value
# that matters (keys and tokens are shorter; a PEM block split in two is not sought).
JUNCTION_CHARS = 160
# Between junction texts scanned together: more than any rule's keyword look-back, so that no
# junction lends its words to the next.
_GAP = "\n" * 100
# Junctions remembered by identity at most (then forgotten at once; they are cheap to redo).
_MAX_PAIRS = 20_000
# Spans on one side of a junction count only if they reach this close to it.
_NEAR = 8


@dataclass(frozen=True, slots=True)
class Span:
    """A finding in one slot's text: where, the original value, and what it is."""

    start: int
    end: int
    original: str
    kind: str
    category: Category
    rule: str
    label: str  # what its placeholder says: SECRET, EMAIL, ...
    replacement: str | None = None  # what it becomes when not a token (a stripped comment)


_Pair = tuple[list[Span], list[Span], list[Span], str, str]  # left, right, spans, tail, head


class Finder:
    """Finds spans in text slots with one engine, remembering the findings of each text.

    Safe to share across threads: the memo is locked, and the junction pairs are replaced whole.
    """

    def __init__(self, engine: Engine, *, memo_chars: int = MEMO_MAX_CHARS) -> None:
        self.engine = engine
        self._memo: BoundedMemo[tuple[str, bool, str], list[Span]] = BoundedMemo(memo_chars)
        # Junctions of two memo entries, by the entries' identity (checked on every hit).
        self._pairs: dict[tuple[int, int], _Pair] = {}

    def find(self, slots: list[TextSlot]) -> list[list[Span]]:
        """The spans of every slot (one list per slot, in order of position)."""
        entries = [self._entry(slot) for slot in slots]
        found = [list(spans) for spans in entries]
        joins: list[tuple[int, str, str]] = []
        for i in range(len(slots) - 1):
            left, right = slots[i], slots[i + 1]
            if left.signed or right.signed or left.json or right.json:
                continue
            # The same two texts side by side (history resent) are looked up by identity.
            pair = self._pairs.get((id(entries[i]), id(entries[i + 1])))
            if pair is not None and pair[0] is entries[i] and pair[1] is entries[i + 1]:
                if pair[2]:
                    _place(pair[2], pair[3], pair[4], left.text, found[i], found[i + 1])
                continue
            tail, head = _window(left.text, right.text)
            if tail and head:
                joins.append((i, tail, head))
            else:
                self._pair(entries[i], entries[i + 1], [], "", "")
        spans_of = self._junctions([(tail, head) for _, tail, head in joins])
        for (i, tail, head), spans in zip(joins, spans_of, strict=True):
            self._pair(entries[i], entries[i + 1], spans, tail, head)
            _place(spans, tail, head, slots[i].text, found[i], found[i + 1])
        return found

    def _pair(
        self, left: list[Span], right: list[Span], spans: list[Span], tail: str, head: str
    ) -> None:
        if len(self._pairs) >= _MAX_PAIRS:
            self._pairs.clear()
        self._pairs[(id(left), id(right))] = (left, right, spans, tail, head)

    def spans_in(self, text: str) -> list[Span]:
        """The spans of one free-standing text (a query string, a value for a log line)."""
        return list(self._entry(TextSlot((), text)))

    def _entry(self, slot: TextSlot) -> list[Span]:
        """The memo's own list of a slot's spans (never to be changed)."""
        key = (slot.context, slot.json, slot.text)
        spans = self._memo.get(key)
        if spans is None:
            spans = self._scan(slot.text, slot.context, json_text=slot.json)
            self._memo.put(key, spans, len(slot.text))
        return spans

    def _scan(self, text: str, context: str, *, json_text: bool) -> list[Span]:
        # A value under a key is scanned as `"key": "value"`, so that `{"password": "..."}`
        # reads as the assignment it is.
        prefix = f'"{context}": "' if context else ""
        lo, hi = len(prefix), len(prefix) + len(text)
        spans = []
        for f in self.engine.scan(f'{prefix}{text}"' if prefix else text):
            if f.start < lo or f.end > hi:
                continue
            start, end, original = f.start - lo, f.end - lo, f.value
            if json_text and "\\" in original:
                start, end, original = _decoded(text, start, end)
            if f.kind == "org_term" and in_reserved_word(text, start, end):
                continue  # `type` in `typedef`: the language's word, not the company's
            label = label_for(f.kind, f.category)
            spans.append(Span(start, end, original, f.kind, f.category, f.rule_id, label))
        return spans

    def _junctions(self, windows: list[tuple[str, str]]) -> list[list[Span]]:
        """The spans of each junction's text (a slot's end joined to the next one's start),
        those not seen before scanned together in one pass."""
        keys = [("\x00junction", False, f"{tail}\x00{head}") for tail, head in windows]
        out = [self._memo.get(key) for key in keys]
        todo = [i for i, spans in enumerate(out) if spans is None]
        if todo:
            texts = [windows[i][0] + windows[i][1] for i in todo]
            starts = list(itertools.accumulate((len(t) + len(_GAP) for t in texts), initial=0))
            fresh: list[list[Span]] = [[] for _ in todo]
            for span in self._scan(_GAP.join(texts), "", json_text=False):
                k = bisect.bisect_right(starts, span.start) - 1
                if span.end - starts[k] <= len(texts[k]):  # within one junction's text
                    fresh[k].append(_shifted(span, -starts[k]))
            for k, i in enumerate(todo):
                out[i] = fresh[k]
                self._memo.put(keys[i], fresh[k], len(keys[i][2]))
        return [spans or [] for spans in out]


def _window(left: str, right: str) -> tuple[str, str]:
    """The text either side of a junction that a value or its name could span: the last line
    of one slot and the first line of the next, each at most `JUNCTION_CHARS` long ("" when a
    slot ends or starts with a line break: it has nothing to lend)."""
    tail = left[left.rfind("\n") + 1 :][-JUNCTION_CHARS:]
    end = right.find("\n")
    head = right[: end if end >= 0 else len(right)][:JUNCTION_CHARS]
    return (tail, head) if tail.strip() and head.strip() else ("", "")


def _place(
    spans: list[Span], tail: str, head: str, left: str, ls: list[Span], rs: list[Span]
) -> None:
    """Add to each side of a junction the spans only the joined text shows."""
    cut, base = len(tail), len(left) - len(tail)
    for s in spans:
        if s.end < cut - _NEAR or s.start > cut + _NEAR:
            continue  # one slot's own business (and far from where the join could matter)
        # A value one slot already shows whole is not made longer by the other's text.
        if _overlaps(ls, base + s.start, base + s.end) or _overlaps(rs, s.start - cut, s.end - cut):
            continue
        if s.start < cut < s.end:  # split: one piece on each side
            ls.append(replace(s, start=base + s.start, end=len(left), original=tail[s.start :]))
            rs.insert(0, replace(s, start=0, end=s.end - cut, original=head[: s.end - cut]))
        elif s.end <= cut:  # found only with the next slot's text after it
            _insert(ls, _shifted(s, base))
        else:  # found only with the previous slot's text before it (`password:` | `x`)
            _insert(rs, _shifted(s, -cut))


def _shifted(span: Span, by: int) -> Span:
    return replace(span, start=span.start + by, end=span.end + by)


def _overlaps(spans: list[Span], start: int, end: int) -> bool:
    return any(s.start < end and start < s.end for s in spans)


def _insert(spans: list[Span], new: Span) -> None:
    spans.append(new)
    spans.sort(key=lambda s: s.start)


def _decoded(text: str, start: int, end: int) -> tuple[int, int, str]:
    """A span of JSON text widened to whole escape sequences, and the value it stands for."""
    while start > 0 and _escaped_at(text, start):
        start -= 1
    while end < len(text) and _escaped_at(text, end):
        end += 1
    raw = text[start:end]
    try:
        return start, end, str(json.loads(f'"{raw}"'))
    except ValueError:
        return start, end, raw


def _escaped_at(text: str, i: int) -> bool:
    """Whether position `i` is just after an escaping backslash (no span starts or ends there)."""
    run = 0
    j = i - 1
    while j >= 0 and text[j] == "\\":
        run += 1
        j -= 1
    return run % 2 == 1
