"""Where known originals occur in a text, remembered per text.

Every original found anywhere in a request is looked for in every slot, in one pass of an
Aho-Corasick automaton over the slot (`str.find` per original was quadratic: 3,000 originals in
a 200 KB export took about 150 ms; the automaton about 10 ms, building it included). Clients
resend the same history each turn, so for a text seen before only the originals not yet looked
for in it are searched.
"""

from __future__ import annotations

import ahocorasick

from veil.memo import BoundedMemo

Hit = tuple[int, int, str]  # start, end, the form found
# Texts remembered, in characters: enough for the history of the conversations in flight (it
# only spares searches; the memo of findings is what spares scans).
MEMO_MAX_CHARS = 16_000_000
# Forms remembered as searched in one text, at most (then it starts again from those wanted).
MAX_FORMS_PER_TEXT = 16_384


class LiteralIndex:
    """The occurrences of literal forms in texts, cached per text (bounded by characters)."""

    def __init__(self, *, memo_chars: int = MEMO_MAX_CHARS) -> None:
        self._memo: BoundedMemo[str, tuple[frozenset[str], tuple[Hit, ...]]] = BoundedMemo(
            memo_chars
        )
        self._last: tuple[frozenset[str], ahocorasick.Automaton] | None = None

    def occurrences(self, text: str, forms: set[str]) -> list[Hit]:
        """Where each of `forms` occurs in `text` (possibly overlapping), in no set order.

        An entry is replaced, never changed, so threads may share the index: two searching the
        same text at once each store a correct entry, and the last one stays.
        """
        searched, hits = self._memo.get(text) or (frozenset(), ())
        new = forms - searched
        if len(searched) + len(new) > MAX_FORMS_PER_TEXT:  # a text in every request (a system
            searched, hits, new = frozenset(), (), forms  # prompt) would otherwise remember
            # every original ever seen
        if new:
            automaton = self._automaton(frozenset(new))
            found = [(end + 1 - len(form), end + 1, form) for end, form in automaton.iter(text)]
            searched, hits = searched | new, (*hits, *found)
            self._memo.put(text, (searched, hits), len(text))
        return [h for h in hits if h[2] in forms]

    def _automaton(self, forms: frozenset[str]) -> ahocorasick.Automaton:
        """The automaton of `forms`: the last one is kept, since a request's slots mostly ask for
        the same forms (those of the request, none of them searched yet)."""
        if self._last is not None and self._last[0] == forms:
            return self._last[1]
        automaton = ahocorasick.Automaton()
        for form in forms:
            automaton.add_word(form, form)
        automaton.make_automaton()
        self._last = (forms, automaton)
        return automaton
