"""Transform: replace what was found in each slot by its placeholder.

Beyond the spans found, every original found anywhere in the request is also replaced wherever
else it appears (a model's reply quoting a secret is resent without the context that made it
detectable), so the same text always masks to the same placeholders. Signed text (thinking)
also looks for every original masked earlier in the conversation.
"""

from __future__ import annotations

import re

from veil.pipeline.find import Span
from veil.protocols.neutral import TextSlot
from veil.types import Category
from veil.vault.restore import json_escape
from veil.vault.vault import VaultMap

# Shorter originals are replaced only where a detector found them: a 4-digit PIN would
# otherwise be masked in every number that contains it.
MIN_PROPAGATED_LEN = 6


def mask(slots: list[TextSlot], found: list[list[Span]], vmap: VaultMap) -> None:
    """Rewrite each slot's text with placeholders for its spans and every known original."""
    labels: dict[str, str] = {}  # original -> label, in order of appearance
    for spans in found:
        for span in spans:
            labels.setdefault(span.original, span.label)
    signed: list[str] = []
    if any(slot.signed for slot in slots):
        signed = [o for o in vmap.known() if o not in labels and len(o) >= MIN_PROPAGATED_LEN]
    if not labels and not signed:
        return
    propagated = [o for o in labels if len(o) >= MIN_PROPAGATED_LEN]
    plain = _finder({o: o for o in propagated})
    in_json = _finder({**{o: o for o in propagated}, **{json_escape(o): o for o in propagated}})
    in_signed = _finder({o: o for o in [*propagated, *signed]})
    for o in signed:
        labels[o] = "SECRET"  # unused: the vault already holds this original's placeholder
    for slot, spans in zip(slots, found, strict=True):
        finder = in_signed if slot.signed else in_json if slot.json else plain
        spans = _with_literals(slot.text, spans, finder, labels)
        if spans:
            slot.text = replace_spans(slot.text, spans, vmap)


_Literal = tuple[re.Pattern[str], dict[str, str]] | None


def _finder(forms: dict[str, str]) -> _Literal:
    """One pattern for every form to look for (longest first), and the original of each."""
    if not forms:
        return None
    alternation = "|".join(re.escape(f) for f in sorted(forms, key=len, reverse=True))
    return re.compile(alternation), forms


def _with_literals(
    text: str, spans: list[Span], finder: _Literal, labels: dict[str, str]
) -> list[Span]:
    """`spans` plus every other occurrence in `text` of a known original, in one pass."""
    if finder is None:
        return spans
    pattern, forms = finder
    extra = []
    for m in pattern.finditer(text):
        at, end = m.span()
        if not any(s.start < end and at < s.end for s in spans):
            original = forms[m.group(0)]
            extra.append(
                Span(at, end, original, "known", Category.SECRET, "known", labels[original])
            )
    if not extra:
        return spans
    return sorted(spans + extra, key=lambda s: (s.start, -s.end))


def replace_spans(text: str, spans: list[Span], vmap: VaultMap) -> str:
    """`text` with each span (in order; overlapping ones skipped) replaced by its placeholder."""
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
