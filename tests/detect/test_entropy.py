"""Shannon entropy: the table-driven form gives the textbook formula's value."""

from __future__ import annotations

import math
from collections import Counter

from hypothesis import given
from hypothesis import strategies as st

from veil.detect.entropy import shannon_entropy


def _textbook(value: str) -> float:
    n = len(value)
    return -sum(c / n * math.log2(c / n) for c in Counter(value).values()) if n else 0.0


@given(st.text(max_size=300))
def test_it_is_the_textbook_value(value: str) -> None:
    assert math.isclose(shannon_entropy(value), _textbook(value), abs_tol=1e-9)


def test_known_values() -> None:
    assert shannon_entropy("") == 0.0
    assert shannon_entropy("aaaa") == 0.0
    assert math.isclose(shannon_entropy("ab"), 1.0)
    assert math.isclose(shannon_entropy("0123456789abcdef"), 4.0)
    assert math.isclose(shannon_entropy("ab" * 5000), 1.0)  # beyond the table
