"""Keywords and builtins: words no organisation term may rename."""

from __future__ import annotations

import pytest

from veil.code.reserved import _GLOBALS, in_reserved_word, reserved_words


def _grammar_words() -> set[str]:
    import builtins

    return set(reserved_words()) - _GLOBALS - set(dir(builtins))


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


def test_no_grammar_internal_name_is_reserved() -> None:
    assert not any("repeat" in w or any(c.isdigit() for c in w) for w in _grammar_words())


@pytest.mark.parametrize("word", ["AcmeClient", "billing", "Org1", "customer_id", "Initech"])
def test_ordinary_identifiers_are_not(word: str) -> None:
    assert word not in reserved_words()


@pytest.mark.parametrize(
    ("text", "start", "end", "reserved"),
    [
        ("typedef int x;", 0, 4, True),  # `type` in `typedef`
        ("raise ValueError()", 6, 11, True),  # `Value` in `ValueError`
        ("x = AcmeValue()", 8, 13, False),  # `Value` in the company's own class
        ("type = 3", 0, 4, False),  # the whole word: it may be the company's name
        ("We at Box are migrating", 6, 9, False),  # `Box` is Rust's, and a company's
        ("deploy to meta-prod", 10, 14, False),
        ("typeAcme", 0, 4, False),
    ],
)
def test_a_span_inside_a_reserved_word(text: str, start: int, end: int, reserved: bool) -> None:
    assert in_reserved_word(text, start, end) is reserved
