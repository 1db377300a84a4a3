"""Keywords and builtins: words no organisation term may rename."""

from __future__ import annotations

import pytest

from veil.code.reserved import in_reserved_word, reserved_words


@pytest.mark.parametrize(
    "word",
    [
        "typedef",
        "typeof",
        "typename",
        "struct",
        "interface",
        "ValueError",
        "TypeError",
        "String",
        "isinstance",
        "println",
        "unsafe",
        "namespace",
        "elsif",
        "__attribute__",
    ],
)
def test_the_languages_own_words_are_reserved(word: str) -> None:
    assert word in reserved_words()


@pytest.mark.parametrize("word", ["AcmeClient", "billing", "Org1", "customer_id", "Initech"])
def test_ordinary_identifiers_are_not(word: str) -> None:
    assert word not in reserved_words()


@pytest.mark.parametrize(
    ("text", "start", "end", "reserved"),
    [
        ("typedef int x;", 0, 4, True),  # `type` in `typedef`
        ("raise ValueError()", 6, 11, True),  # `Value` in `ValueError`
        ("x = AcmeValue()", 8, 13, False),  # `Value` in the company's own class
        ("type = 3", 0, 4, True),  # `type` is Python's builtin
        ("typeAcme", 0, 4, False),
    ],
)
def test_a_span_inside_a_reserved_word(text: str, start: int, end: int, reserved: bool) -> None:
    assert in_reserved_word(text, start, end) is reserved
