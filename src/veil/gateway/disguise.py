"""Masking a request's text slots: detect, give each original its placeholder, replace.

Beyond what the detectors find, every original found anywhere in the request is also replaced
wherever else it appears (a model's reply quoting a secret is resent without the context that
made it detectable), so the same text always masks to the same placeholders.
"""

from __future__ import annotations

import json
from collections import Counter, OrderedDict
from dataclasses import dataclass

from veil.detect.engine import Engine
from veil.protocols.neutral import TextSlot
from veil.vault.restore import json_escape
from veil.vault.tokens import label_for
from veil.vault.vault import VaultMap

# Shorter originals are replaced only where a detector found them: a 4-digit PIN would
# otherwise be masked in every number that contains it.
MIN_PROPAGATED_LEN = 6


# Clients resend the whole conversation every turn, so most of a request's text was scanned
# on an earlier turn: findings are kept per text, up to this many characters of text in all.
MEMO_MAX_CHARS = 64_000_000


@dataclass(frozen=True, slots=True)
class _Span:
    start: int
    end: int
    original: str
    label: str
    kind: str


class Disguise:
    """Masks text slots in place with one engine and a request's vault map.

    Used from the gateway's event loop only (its memo of findings is not locked).
    """

    def __init__(self, engine: Engine, *, memo_chars: int = MEMO_MAX_CHARS) -> None:
        self.engine = engine
        self._memo: OrderedDict[tuple[str, bool, str], list[_Span]] = OrderedDict()
        self._memo_chars = 0
        self._memo_max = memo_chars

    def mask(self, slots: list[TextSlot], vmap: VaultMap) -> Counter[str]:
        """Replace every finding in `slots` by its placeholder; the counts of findings by kind."""
        counts: Counter[str] = Counter()
        found: list[list[_Span]] = []
        labels: dict[str, str] = {}  # original -> label, in order of appearance
        for slot in slots:
            spans = self._detect(slot, counts)
            for span in spans:
                labels.setdefault(span.original, span.label)
            found.append(spans)
        signed = []
        if any(slot.signed for slot in slots):
            signed = [o for o in vmap.known() if o not in labels]
        if not labels and not signed:
            return counts
        propagated = [o for o in labels if len(o) >= MIN_PROPAGATED_LEN]
        plain = [(o, o) for o in propagated]
        escaped = [(json_escape(o), o) for o in propagated]
        in_json = plain + [(e, o) for e, o in escaped if e != o]
        # Signed text also looks for originals masked on earlier turns of the conversation.
        in_signed = plain + [(o, o) for o in signed if len(o) >= MIN_PROPAGATED_LEN]
        for o in signed:
            labels[o] = "SECRET"  # unused: the vault already holds this original's placeholder
        for slot, spans in zip(slots, found, strict=True):
            forms = in_signed if slot.signed else in_json if slot.json else plain
            spans = _with_literals(slot.text, spans, forms, labels)
            if spans:
                slot.text = _replace(slot.text, spans, vmap)
        return counts

    def _detect(self, slot: TextSlot, counts: Counter[str]) -> list[_Span]:
        key = (slot.context, slot.json, slot.text)
        spans = self._memo.get(key)
        if spans is None:
            spans = self._scan(slot)
            self._remember(key, spans)
        else:
            self._memo.move_to_end(key)
        for span in spans:
            counts[span.kind] += 1
        return spans

    def _remember(self, key: tuple[str, bool, str], spans: list[_Span]) -> None:
        self._memo[key] = spans
        self._memo_chars += len(key[2])
        while self._memo_chars > self._memo_max and self._memo:
            (_, _, old), _ = self._memo.popitem(last=False)
            self._memo_chars -= len(old)

    def _scan(self, slot: TextSlot) -> list[_Span]:
        text = slot.text
        # A value under a key is scanned as `"key": "value"`, so that `{"password": "..."}`
        # reads as the assignment it is.
        prefix = f'"{slot.context}": "' if slot.context else ""
        lo, hi = len(prefix), len(prefix) + len(text)
        spans = []
        for f in self.engine.scan(f'{prefix}{text}"' if prefix else text):
            if f.start < lo or f.end > hi:
                continue
            start, end, original = f.start - lo, f.end - lo, f.value
            if slot.json and "\\" in original:
                start, end, original = _decoded(text, start, end)
            spans.append(_Span(start, end, original, label_for(f.kind, f.category), f.kind))
        return spans


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


def _with_literals(
    text: str, spans: list[_Span], forms: list[tuple[str, str]], labels: dict[str, str]
) -> list[_Span]:
    """`spans` plus every other occurrence in `text` of a known original.

    `forms` pairs each form to look for (the original, or its JSON-escaped form inside JSON
    text) with the original it stands for.
    """
    extra = []
    for form, original in forms:
        at = text.find(form)
        while at >= 0:
            end = at + len(form)
            if not any(s.start < end and at < s.end for s in spans):
                extra.append(_Span(at, end, original, labels[original], "known"))
            at = text.find(form, end)
    if not extra:
        return spans
    merged = sorted(spans + extra, key=lambda s: (s.start, -s.end))
    return merged


def _replace(text: str, spans: list[_Span], vmap: VaultMap) -> str:
    out = []
    pos = 0
    for span in spans:
        if span.start < pos:
            continue
        out.append(text[pos : span.start])
        out.append(vmap.mask(span.original, span.label))
        pos = span.end
    out.append(text[pos:])
    return "".join(out)
