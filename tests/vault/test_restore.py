"""The restorer: whole texts, streams split anywhere, JSON-escaped originals."""

from __future__ import annotations

import itertools
import json

from hypothesis import given, settings
from hypothesis import strategies as st

from veil.vault.restore import Restorer, json_escape, restore_text
from veil.vault.vault import Vault, VaultMap

VMAP = VaultMap(Vault(b"k" * 32), "s")
SECRET = VMAP.mask('p@ss"wo\\rd-3x9', "SECRET")
EMAIL = VMAP.mask("jane.doe@corp.test", "EMAIL")
TEXT = f"key={SECRET}; mail {EMAIL}, again {SECRET}. VEIL_ and veil- and V end"
EXPECTED = (
    'key=p@ss"wo\\rd-3x9; mail jane.doe@corp.test, again p@ss"wo\\rd-3x9. VEIL_ and veil- and V end'
)


def _stream(pieces: list[str], *, json_escaped: bool = False) -> str:
    restorer = Restorer(VMAP.lookup, json_escaped=json_escaped)
    return "".join(restorer.feed(p) for p in pieces) + restorer.flush()


def test_whole_text_restores_every_placeholder() -> None:
    assert restore_text(TEXT, VMAP.lookup) == EXPECTED


def test_unknown_placeholder_is_left_alone() -> None:
    assert restore_text("x VEIL_SECRET_00000000 y", VMAP.lookup) == "x VEIL_SECRET_00000000 y"


def test_restore_placeholder_split_one_character_per_event() -> None:
    assert _stream(list(TEXT)) == EXPECTED


def test_restore_split_at_every_offset() -> None:
    for i in range(len(TEXT) + 1):
        assert _stream([TEXT[:i], TEXT[i:]]) == EXPECTED


def test_only_a_possible_placeholder_prefix_is_held_back() -> None:
    restorer = Restorer(VMAP.lookup)
    assert restorer.feed("hello wor") == "hello wor"
    assert restorer.feed("ld VEIL_SEC") == "ld "
    assert restorer.holding
    assert restorer.feed("ond") == "VEIL_SECond"
    assert not restorer.holding


def test_json_escaped_original_keeps_arguments_valid() -> None:
    args = json.dumps({"command": f"login --password {SECRET}"})
    restored = _stream(list(args), json_escaped=True)
    assert json.loads(restored) == {"command": 'login --password p@ss"wo\\rd-3x9'}


@settings(max_examples=300, deadline=None)
@given(st.lists(st.integers(min_value=0, max_value=len(TEXT)), max_size=12))
def test_any_split_restores_to_the_same_text(cuts: list[int]) -> None:
    bounds = [0, *sorted(cuts), len(TEXT)]
    pieces = [TEXT[a:b] for a, b in itertools.pairwise(bounds)]
    assert _stream(pieces) == restore_text(TEXT, VMAP.lookup) == EXPECTED


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.one_of(
            st.sampled_from([SECRET, EMAIL, "V", "VEIL_", "veil-3", "\\", '"']), st.text(max_size=8)
        ),
        max_size=10,
    ),
    st.data(),
)
def test_any_text_any_split_matches_whole_restore(parts: list[str], data: st.DataObject) -> None:
    text = "".join(parts)
    cuts = data.draw(st.lists(st.integers(min_value=0, max_value=len(text)), max_size=8))
    bounds = [0, *sorted(cuts), len(text)]
    pieces = [text[a:b] for a, b in itertools.pairwise(bounds)]
    assert _stream(pieces) == restore_text(text, VMAP.lookup)


@given(st.text(max_size=60))
def test_json_escape_is_what_json_writes_inside_a_string(text: str) -> None:
    assert json_escape(text) == json.dumps(text, ensure_ascii=False)[1:-1]
