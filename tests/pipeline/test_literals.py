"""Known originals in a text: every occurrence, and a text seen before searched only for what is
new."""

from __future__ import annotations

from pytest import MonkeyPatch

from veil.memo import ENTRY_COST
from veil.pipeline import literals
from veil.pipeline.literals import LiteralIndex


def test_every_occurrence_of_every_form_is_found() -> None:
    index = LiteralIndex()
    hits = index.occurrences("a-secret and a-secret, also b-secret", {"a-secret", "b-secret"})
    assert sorted(hits) == [(0, 8, "a-secret"), (13, 21, "a-secret"), (28, 36, "b-secret")]
    assert index.occurrences("nothing here", {"a-secret"}) == []


def test_a_text_seen_before_is_searched_only_for_new_forms(monkeypatch: MonkeyPatch) -> None:
    index = LiteralIndex()
    searched: list[frozenset[str]] = []
    build = index._automaton
    monkeypatch.setattr(index, "_automaton", lambda forms: searched.append(forms) or build(forms))
    text = "history with one-secret and two-secret"
    index.occurrences(text, {"one-secret"})
    hits = index.occurrences(text, {"one-secret", "two-secret"})
    assert searched == [frozenset({"one-secret"}), frozenset({"two-secret"})]
    assert sorted(h[2] for h in hits) == ["one-secret", "two-secret"]
    assert index.occurrences(text, {"two-secret"}) == [(28, 38, "two-secret")]
    assert len(searched) == 2  # nothing new: nothing searched


def test_overlapping_and_nested_forms_are_all_found() -> None:
    index = LiteralIndex()
    hits = index.occurrences("x abc-secret-xyz y", {"abc-secret", "secret-xyz", "c-secret"})
    assert sorted(hits) == [(2, 12, "abc-secret"), (4, 12, "c-secret"), (6, 16, "secret-xyz")]


def test_the_memo_is_bounded() -> None:
    index = LiteralIndex(memo_chars=2 * (40 + ENTRY_COST))
    for i in range(10):
        index.occurrences(f"{i:02d}" + "x" * 38, {"secret"})
    assert len(index._memo) == 2


def test_a_text_in_every_request_does_not_remember_every_original_ever_seen(
    monkeypatch: MonkeyPatch,
) -> None:
    monkeypatch.setattr(literals, "MAX_FORMS_PER_TEXT", 64)
    index = LiteralIndex()
    prompt = "You are a careful assistant; the key is in-prompt-secret."
    for i in range(3 * 64):
        hits = index.occurrences(prompt, {f"original-{i}", "in-prompt-secret"})
        assert [h[2] for h in hits] == ["in-prompt-secret"]
    searched, _ = index._memo.get(prompt)  # type: ignore[misc]
    assert len(searched) <= 64
