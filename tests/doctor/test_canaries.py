from __future__ import annotations

from veil.detect import scan_text
from veil.doctor.canaries import make_canaries, prompt


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
