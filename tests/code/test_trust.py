"""Comments where a region's language is a guess: not taken where the guess may be wrong (a line
that parses with errors, a URL's `//`), taken where the rest of the tree is what is broken."""

from __future__ import annotations

import pytest

from veil.code.comments import CodeComments, comments_in
from veil.code.languages import LANGUAGES, error_count, parse


def found(text: str, path: str | None = None) -> list[tuple[str, bool]]:
    return [(text[c.start : c.end], c.docstring) for c in comments_in(text, path)]


JS_AND_PROSE = (
    "const a = 1;\nconst b = 2;\n"
    "The spec is at https://wiki.acme.io/billing/spec and says b wins.\n"
)


@pytest.mark.parametrize(
    "text",
    [
        JS_AND_PROSE,
        f"Run this:\n```\n{JS_AND_PROSE}```\n",
        "const u = 1;\nconst v = 2;\nlet w = https://api.acme.io/v2;\n",
    ],
)
def test_a_sniffed_line_with_errors_or_a_url_keeps_its_slashes(text: str) -> None:
    assert found(text) == []
    assert CodeComments(text).holding(range(len(text))) == []


def test_a_labelled_block_is_trusted_errors_or_not() -> None:
    text = f"```js\n{JS_AND_PROSE}```\n"
    assert found(text) == [("//wiki.acme.io/billing/spec and says b wins.", False)]


def test_a_sniffed_comment_on_a_clean_line_is_trusted_where_the_tree_has_errors_elsewhere() -> None:
    part = (
        "        'b': 2,\n    }\n    return d\n\n\n"
        "import os\n\ndef f(a):\n    # Acme pays $40k\n    return a\n"
    )
    listing = "".join(f"{n:>6}\u2192{line}\n" for n, line in enumerate(part.split("\n")[:-1], 40))
    assert error_count(parse(LANGUAGES["python"], part)) > 0
    assert [text for text, _ in found(listing)] == ["# Acme pays $40k"]
    trailing = "const a = 1;\nconst b = 2; // Acme pays\nfoo(;\n"
    assert [text for text, _ in found(trailing)] == ["// Acme pays"]
