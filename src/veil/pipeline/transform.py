"""Transform: replace what was found in each slot by its placeholder.

Beyond the spans found, every original found anywhere in the request is also replaced wherever
else it appears (a model's reply quoting a secret is resent without the context that made it
detectable), so the same text always masks to the same placeholders. Signed text (thinking)
also looks for every original masked earlier in the conversation.
"""

from __future__ import annotations

import bisect
import itertools
import re

from veil.pipeline.find import Span
from veil.protocols.neutral import TextSlot
from veil.types import Category
from veil.vault.restore import json_escape
from veil.vault.vault import VaultMap

# Shorter originals are replaced only where a detector found them: a 4-digit PIN would
# otherwise be masked in every number that contains it.
MIN_PROPAGATED_LEN = 6
# Joins the texts searched for known originals, for one pass; no original holding it is sought.
_SEP = "\x00"
# Up to this many forms, one `str.find` scan each beats one pass of their alternation.
_FIND_MAX = 12


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
    plain = {o: o for o in propagated}
    forms = (  # what to look for, in plain text, in JSON text, in signed text
        plain,
        {**plain, **{json_escape(o): o for o in propagated}},
        {**plain, **{o: o for o in signed}},
    )
    for o in signed:
        labels[o] = "SECRET"  # unused: the vault already holds this original's placeholder
    groups: dict[int, list[int]] = {}  # slot indexes by the forms they use
    for i, slot in enumerate(slots):
        groups.setdefault(2 if slot.signed else 1 if slot.json else 0, []).append(i)
    for which, members in groups.items():
        extra = _literals([slots[i].text for i in members], forms[which], labels)
        for i, more in zip(members, extra, strict=True):
            spans = found[i]
            # Where a detector found a span, that span is replaced, not a literal overlapping it.
            more = [m for m in more if not any(s.start < m.end and m.start < s.end for s in spans)]
            if more:
                spans = sorted(spans + more, key=lambda s: (s.start, -s.end))
            if spans:
                slots[i].text = replace_spans(slots[i].text, spans, vmap)


def _literals(texts: list[str], forms: dict[str, str], labels: dict[str, str]) -> list[list[Span]]:
    """For each text, where the forms of known originals occur, found in one pass over all."""
    out: list[list[Span]] = [[] for _ in texts]
    forms = {f: o for f, o in forms.items() if _SEP not in f}
    if not forms:
        return out
    starts = list(itertools.accumulate((len(t) + 1 for t in texts), initial=0))
    for at, end, form in _occurrences(_SEP.join(texts), forms):
        k = bisect.bisect_right(starts, at) - 1
        original = forms[form]
        at, end = at - starts[k], end - starts[k]
        out[k].append(Span(at, end, original, "known", Category.SECRET, "", labels[original]))
    return out


def _occurrences(text: str, forms: dict[str, str]) -> list[tuple[int, int, str]]:
    """Where each form occurs in `text`: (start, end, form)."""
    if len(forms) > _FIND_MAX:
        alternation = "|".join(re.escape(f) for f in sorted(forms, key=len, reverse=True))
        return [(m.start(), m.end(), m.group(0)) for m in re.finditer(alternation, text)]
    hits = []
    for form in forms:
        at = text.find(form)
        while at >= 0:
            hits.append((at, at + len(form), form))
            at = text.find(form, at + len(form))
    return hits


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
