"""Transform: replace what was found in each slot by its placeholder.

Beyond the spans found, every original found anywhere in the request is also replaced wherever
else it appears (a model's reply quoting a secret is resent without the context that made it
detectable), so the same text always masks to the same placeholders. Signed text (thinking)
also looks for every original masked earlier in the conversation.
"""

from __future__ import annotations

import bisect

from veil.pipeline.find import Span
from veil.pipeline.literals import LiteralIndex
from veil.protocols.neutral import TextSlot
from veil.types import Category
from veil.vault.restore import json_escape
from veil.vault.vault import VaultMap

# Shorter originals are replaced only where a detector found them: a 4-digit PIN would
# otherwise be masked in every number that contains it.
MIN_PROPAGATED_LEN = 6


def mask(
    slots: list[TextSlot], found: list[list[Span]], vmap: VaultMap, index: LiteralIndex
) -> None:
    """Rewrite each slot's text with placeholders for its spans and every known original."""
    labels: dict[str, str] = {}  # original -> label, in order of appearance
    for spans in found:
        for span in spans:
            if span.replacement is None:  # a stripped comment is not looked for elsewhere
                labels.setdefault(span.original, span.label)
    signed: list[str] = []
    if any(slot.signed for slot in slots):
        signed = [o for o in vmap.known() if o not in labels and len(o) >= MIN_PROPAGATED_LEN]
    if not labels and not signed:
        for slot, spans in zip(slots, found, strict=True):
            if spans:  # stripped comments only
                slot.text = replace_spans(slot.text, spans, vmap)
        return
    propagated = [o for o in labels if len(o) >= MIN_PROPAGATED_LEN]
    plain = {o: o for o in propagated}
    forms = (  # what to look for, in plain text, in JSON text, in signed text
        plain,
        {**plain, **{json_escape(o): o for o in propagated}},
        {**plain, **{o: o for o in signed}},
    )
    for o in signed:
        labels[o] = "SECRET"  # unused: the vault already holds this original's placeholder
    wanted = tuple(set(f) for f in forms)
    for slot, spans in zip(slots, found, strict=True):
        which = 2 if slot.signed else 1 if slot.json else 0
        hits = index.occurrences(slot.text, wanted[which])
        if hits:
            # Where a detector found a span, that span is replaced, not a literal overlapping it.
            starts = [s.start for s in spans]
            originals = forms[which]
            more = [
                Span(
                    at, end, originals[form], "known", Category.SECRET, "", labels[originals[form]]
                )
                for at, end, form in hits
                if not _overlaps(spans, starts, at, end)
            ]
            if more:
                spans = sorted(spans + more, key=lambda s: (s.start, -s.end))
        if spans:
            slot.text = replace_spans(slot.text, spans, vmap)


def _overlaps(spans: list[Span], starts: list[int], at: int, end: int) -> bool:
    """Whether [at, end) overlaps one of `spans` (in order of start, not overlapping)."""
    i = bisect.bisect_left(starts, end)
    return i > 0 and spans[i - 1].end > at


def replace_spans(text: str, spans: list[Span], vmap: VaultMap) -> str:
    """`text` with each span (in order; overlapping ones skipped) replaced by its placeholder."""
    out = []
    pos = 0
    for span in spans:
        if span.start < pos:
            continue
        out.append(text[pos : span.start])
        replacement = span.replacement
        if replacement is None:
            digit_after = text[span.end : span.end + 1].isdigit()
            replacement = vmap.mask(span.original, span.label, digit_after=digit_after)
        out.append(replacement)
        pos = span.end
    out.append(text[pos:])
    return "".join(out)
