"""Baselines: hashed, sorted, line-number free, and blind to nothing new."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.factories import aws_key_id
from veil.detect import default_engine
from veil.errors import UsageError
from veil.scan import baseline
from veil.scan.runner import Scanner
from veil.scan.sources import Source


def _keys(text: str, path: str = "a.py") -> set[baseline.Key]:
    return {r.key for r in Scanner(default_engine()).scan_source(Source(path, text))}


def test_baseline_entries_hold_hashes_sorted_without_values_or_lines(tmp_path: Path) -> None:
    keys = _keys(f"x = '{aws_key_id('1')}'\n") | _keys(f"y = '{aws_key_id('2')}'", "b.py")
    text = baseline.dump(keys)
    assert aws_key_id("1") not in text and '"line"' not in text
    assert text.splitlines() == sorted(text.splitlines())
    file = tmp_path / "bl"
    file.write_text(text)
    assert baseline.load(file) == keys


def test_baselined_secret_stays_suppressed_when_its_line_moves() -> None:
    before = _keys(f"k = '{aws_key_id()}'\n")
    after = _keys(f"# moved down\n\n\nk = '{aws_key_id()}'\n")
    assert after <= before


def test_new_secret_on_a_baselined_line_is_still_reported() -> None:
    known = _keys(f"k = '{aws_key_id('old')}'\n")
    now = _keys(f"k = '{aws_key_id('old')}'; j = '{aws_key_id('new')}'\n")
    assert len(now - known) == 1


def test_branches_adding_entries_merge_by_union() -> None:
    one = baseline.dump(_keys(f"k = '{aws_key_id('1')}'"))
    two = baseline.dump(_keys(f"k = '{aws_key_id('2')}'"))
    merged = baseline.dump(_keys(f"k = '{aws_key_id('1')}'") | _keys(f"k = '{aws_key_id('2')}'"))
    assert sorted(one.splitlines() + two.splitlines()) == merged.splitlines()


def test_corrupt_baseline_is_a_clear_error(tmp_path: Path) -> None:
    file = tmp_path / "bl"
    file.write_text('{"path": "a"}\n')
    with pytest.raises(UsageError, match=r"bl:1: not a veil baseline entry"):
        baseline.load(file)
