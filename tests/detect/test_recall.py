"""The gateway-only recall rule: random-looking tokens with no name beside them."""

from __future__ import annotations

import pytest

from veil.detect.engine import Engine
from veil.detect.filters import lacks_a_class
from veil.detect.recall import HIGH_ENTROPY_TOKEN, is_hex_or_words
from veil.detect.samples import ALNUM, B64, fake


@pytest.mark.parametrize(
    "value", ["getUserById2024", "HTTPServerFactory_V2", "src/app/client.py", "0123abcdef" * 4]
)
def test_words_and_hex_are_not_tokens(value: str) -> None:
    assert is_hex_or_words(value)


@pytest.mark.parametrize("value", [fake(32, ALNUM, seed="r1"), fake(40, B64, seed="r2")])
def test_random_tokens_are_not_words(value: str) -> None:
    assert not is_hex_or_words(value) and not lacks_a_class(value)


def test_capital_runs_do_not_backtrack_exponentially() -> None:
    # Overlapping word alternatives once took seconds on tokens like this one.
    value = "ABCDEFGHIJKLMNOPQRSTUVWXYZ" * 3 + "x1"
    assert is_hex_or_words(value) is False


@pytest.mark.parametrize("recall", [True, False])
def test_rule_finds_a_bare_token_in_either_mode(recall: bool) -> None:
    token = fake(40, B64, seed="r3")
    found = Engine([HIGH_ENTROPY_TOKEN], recall=recall).scan(f"the value {token} here")
    assert [f.value for f in found] == [token]
