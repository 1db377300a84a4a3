"""Known originals in a text: every occurrence, and a text seen before searched only for what is
new."""

from __future__ import annotations

from veil.pipeline.literals import MAX_FORMS_PER_TEXT, LiteralIndex
from veil.pipeline.memo import ENTRY_COST


class CountingText(str):
    """A str that counts its `find` calls."""

    calls = 0

    def find(self, *args: object) -> int:  # type: ignore[override]
        CountingText.calls += 1
        return super().find(*args)  # type: ignore[arg-type]


def test_every_occurrence_of_every_form_is_found() -> None:
    index = LiteralIndex()
    hits = index.occurrences("a-secret and a-secret, also b-secret", {"a-secret", "b-secret"})
    assert sorted(hits) == [(0, 8, "a-secret"), (13, 21, "a-secret"), (28, 36, "b-secret")]
    assert index.occurrences("nothing here", {"a-secret"}) == []


def test_a_text_seen_before_is_searched_only_for_new_forms() -> None:
    index = LiteralIndex()
    text = CountingText("history with one-secret and two-secret")
    index.occurrences(text, {"one-secret"})
    before = CountingText.calls
    hits = index.occurrences(text, {"one-secret", "two-secret"})
    assert CountingText.calls - before == 2  # two-secret: one hit, then the end
    assert sorted(h[2] for h in hits) == ["one-secret", "two-secret"]
    assert index.occurrences(text, {"two-secret"}) == [(28, 38, "two-secret")]


def test_the_memo_is_bounded() -> None:
    index = LiteralIndex(memo_chars=2 * (40 + ENTRY_COST))
    for i in range(10):
        index.occurrences(f"{i:02d}" + "x" * 38, {"secret"})
    assert len(index._memo) == 2


def test_a_text_in_every_request_does_not_remember_every_original_ever_seen() -> None:
    index = LiteralIndex()
    prompt = "You are a careful assistant; the key is in-prompt-secret."
    for i in range(3 * MAX_FORMS_PER_TEXT):
        hits = index.occurrences(prompt, {f"original-{i}", "in-prompt-secret"})
        assert [h[2] for h in hits] == ["in-prompt-secret"]
    searched, _ = index._memo.get(prompt)  # type: ignore[misc]
    assert len(searched) <= MAX_FORMS_PER_TEXT
