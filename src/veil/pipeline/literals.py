"""Where known originals occur in a text, remembered per text.

Every original found anywhere in a request is looked for in every slot. Clients resend the same
history each turn, so for a text seen before only the originals not yet looked for in it are
searched (one `str.find` scan each, which measured 3-4x faster than one alternation of them all).
"""

from __future__ import annotations

from veil.pipeline.memo import BoundedMemo

Hit = tuple[int, int, str]  # start, end, the form found
# Texts remembered, in characters: enough for the history of the conversations in flight (it
# only spares searches; the memo of findings is what spares scans).
MEMO_MAX_CHARS = 16_000_000
# Forms remembered as searched in one text, at most (then it starts again from those wanted).
MAX_FORMS_PER_TEXT = 2048


class LiteralIndex:
    """The occurrences of literal forms in texts, cached per text (bounded by characters)."""

    def __init__(self, *, memo_chars: int = MEMO_MAX_CHARS) -> None:
        self._memo: BoundedMemo[str, tuple[set[str], list[Hit]]] = BoundedMemo(memo_chars)

    def occurrences(self, text: str, forms: set[str]) -> list[Hit]:
        """Where each of `forms` occurs in `text` (possibly overlapping), in no set order."""
        known = self._memo.get(text)
        if known is None:
            known = (set(), [])
            self._memo.put(text, known, len(text))
        searched, hits = known
        new = forms - searched
        if len(searched) + len(new) > MAX_FORMS_PER_TEXT:  # a text in every request (a system
            searched.clear()  # prompt) would otherwise remember every original ever seen
            hits.clear()
            new = forms
        for form in new:
            at = text.find(form)
            while at >= 0:
                hits.append((at, at + len(form), form))
                at = text.find(form, at + len(form))
            searched.add(form)
        return [h for h in hits if h[2] in forms]
