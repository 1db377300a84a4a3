"""Business context in comments: positives and near-miss negatives as data, the docstring bar,
the prefilter's promise, and precision over the comments of real code. The cue data itself is
tested in `test_cues`."""

from __future__ import annotations

import glob
import sysconfig
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.code.test_cues import (
    DOCSTRING_BUSINESS,
    DOCSTRING_KEPT,
    NEGATIVES,
    POSITIVES,
)
from veil.code import business
from veil.code.business import ALL_FORMS, cue_hits, may_hold_business, reads_as_business
from veil.code.comments import comments_in


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("$€%AIQPaceiklnorstu 0123456789-:'.,\n/é"))))
def test_prefilter_never_misses(text: str) -> None:
    if reads_as_business(text):
        assert may_hold_business(text)


@pytest.mark.parametrize(("comment", "cues"), POSITIVES[::5])
def test_prefilter_finds_business_in_multibyte_text(comment: str, cues: set[str]) -> None:
    assert may_hold_business("é😀 " * 100 + comment)


def test_prefilter_is_fast_and_quiet_on_plain_code() -> None:
    source = Path(sysconfig.get_paths()["stdlib"]) / "json" / "decoder.py"
    code = source.read_text(encoding="utf-8")
    big = (code * (200_000 // len(code) + 1))[:200_000]
    assert not may_hold_business(big)
    may_hold_business("warm up")
    start = time.perf_counter()
    for _ in range(20):
        may_hold_business(big)
    assert (time.perf_counter() - start) / 20 < 0.005


def _reference(text: str) -> list[tuple[str, bool]]:
    """The cues as found before any prefilter: every form of every cue tried."""
    return business._cues_of_every_form(text)


EVERY_DATA = [comment for comment, _ in POSITIVES] + NEGATIVES + DOCSTRING_KEPT + DOCSTRING_BUSINESS


@pytest.mark.parametrize("text", EVERY_DATA)
def test_only_the_forms_that_may_match_give_the_same_cues(text: str) -> None:
    assert business._cues(text) == _reference(text)
    assert business._cues(text, ALL_FORMS) == _reference(text)
    whole = f"x = 1\n{text}\ny = 'é😀'\n"
    start = whole.index(text)
    forms = cue_hits(whole).within(start, start + len(text))
    assert business._cues(text, forms) == _reference(text)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("$€%AIQPRSaceiklnorstu 0123456789-:'.,\n/é"))))
def test_pruned_cues_agree_on_any_text(text: str) -> None:
    assert business._cues(text) == _reference(text)
    assert business._cues(text, cue_hits(text).within(0, len(text))) == _reference(text)


def test_hits_are_str_offsets_of_the_last_character() -> None:
    text = "é😀ü " * 50 + "# Acme pays $40k/yr\n" + "日本 " * 20 + "# see PAY-1432 now\n"
    hits = cue_hits(text)
    assert hits
    assert text[: hits.offsets[-1] + 1].endswith("PAY-1432")
    money = text.index("$40k")
    assert any(money < at < money + 4 for at in hits.offsets)
    assert not cue_hits("x = 1\n")
    assert cue_hits("x = 1\n").within(0, 6) == frozenset()


def test_precision_over_standard_library_comments() -> None:
    """The standard library's comments and docstrings are not business context: fewer than one
    in a thousand may read as such (measured: none of about 61,000)."""
    stdlib = sysconfig.get_paths()["stdlib"]
    files = sorted(glob.glob(f"{stdlib}/*.py")) + sorted(glob.glob(f"{stdlib}/*/*.py"))
    total = flagged = 0
    for path in files:
        if "/test" in path or "site-packages" in path:
            continue
        try:
            text = Path(path).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue
        for c in comments_in(text, path):
            total += 1
            flagged += reads_as_business(text[c.start : c.end], docstring=c.docstring)
    assert total > 10_000
    assert flagged / total < 0.001


def test_pruned_cues_agree_over_standard_library_comments() -> None:
    """Each comment of real files (with business comments put among them): the cues from the
    forms the whole text's hits allow there, and from those its own text allows, are the cues
    of every form."""
    stdlib = sysconfig.get_paths()["stdlib"]
    files = sorted(glob.glob(f"{stdlib}/*.py"))[::4]
    checked = 0
    for index, path in enumerate(files):
        try:
            text = Path(path).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue
        comment = POSITIVES[index % len(POSITIVES)][0].lstrip("/-*' ")
        text = text.replace("\n\ndef ", f"\n\n# {comment}\ndef ", 3)
        hits = cue_hits(text)
        for c in comments_in(text, path):
            body = text[c.start : c.end]
            expected = _reference(body)
            assert business._cues(body, hits.within(c.start, c.end)) == expected, body
            assert business._cues(body) == expected, body
            checked += 1
    assert checked > 3_000
