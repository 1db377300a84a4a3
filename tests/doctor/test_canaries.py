from __future__ import annotations

from veil.detect import scan_text
from veil.doctor.canaries import FRAGMENT, make_canaries, prompt, term_canary


def test_each_run_makes_new_values() -> None:
    first, second = make_canaries(), make_canaries()
    assert [c.kind for c in first] == [c.kind for c in second]
    assert not {c.value for c in first} & {c.value for c in second}


def test_a_canary_never_shows_its_value() -> None:
    for canary in make_canaries():
        assert canary.value not in repr(canary)


def test_the_scanner_finds_every_canary_in_the_prompt() -> None:
    canaries = make_canaries()
    text = prompt(canaries)
    found = {f.value for f in scan_text(text)}
    assert {c.value for c in canaries} <= found


def test_a_made_value_counts_by_any_fragment_a_term_phrase_only_whole() -> None:
    key = make_canaries()[1]
    parts = key.fragments()
    assert len(parts) == len(key.value) - FRAGMENT + 1 and all(len(p) == FRAGMENT for p in parts)
    term = term_canary(["", " Falconridge "])
    assert term is not None and term.fragments() == [term.value]
    assert term.value.startswith("Falconridge build ") and not term.made
    assert term_canary([]) is None


def test_the_prompt_carries_only_the_canaries_given() -> None:
    term = term_canary(["Falconridge"])
    assert term is not None
    text = prompt([term])
    assert f"release: {term.value}" in text and "GITHUB_TOKEN" not in text
