"""Finding what is in text slots: detector findings, keyed values, values split across
neighbouring slots, and the memo that keeps resent history from being scanned again."""

from __future__ import annotations

import pytest

from tests.factories import aws_key_id, email, vault_map
from tests.pipeline.conftest import mask_slots
from veil.detect.engine import Engine
from veil.memo import ENTRY_COST
from veil.pipeline.find import Finder
from veil.protocols.neutral import TextSlot
from veil.types import Finding
from veil.vault.restore import restore_text
from veil.vault.tokens import PLACEHOLDER_RE


def test_findings_become_placeholders_and_counts_by_kind(finder: Finder) -> None:
    vmap = vault_map()
    text = f"key {aws_key_id('d')} mail {email('d')}"
    slot = TextSlot(("x",), text)
    assert mask_slots(finder, [slot], vmap) == {"aws_access_key_id": 1, "email_address": 1}
    assert aws_key_id("d") not in slot.text and "VEIL_SECRET_" in slot.text
    assert "@example.com" in slot.text
    assert restore_text(slot.text, vmap.lookup) == text


def test_documented_example_key_is_masked_in_the_gateway(finder: Finder) -> None:
    example = "AKIA" + "IOSFODNN7" + "EXAMPLE"
    slot = TextSlot(("x",), f"aws_access_key_id = {example}")
    mask_slots(finder, [slot], vault_map())
    assert example not in slot.text


def test_value_under_a_secret_key_is_read_as_an_assignment(finder: Finder) -> None:
    password = "Zq8-walrus-Lamp-41"  # veil:allow test value
    bare = TextSlot(("a",), password)
    keyed = TextSlot(("b",), password, context="password")
    assert not mask_slots(Finder(finder.engine), [bare], vault_map())
    mask_slots(finder, [keyed], vault_map())
    assert password not in keyed.text


@pytest.mark.parametrize("cut", [1, 4, 10, 19])
def test_a_value_split_across_two_slots_is_found_in_both_halves(finder: Finder, cut: int) -> None:
    key = aws_key_id("split")
    slots = [TextSlot(("a",), f"my key is {key[:cut]}"), TextSlot(("b",), f"{key[cut:]} ok")]
    vmap = vault_map()
    mask_slots(finder, slots, vmap)
    joined = slots[0].text + slots[1].text
    assert PLACEHOLDER_RE.fullmatch(slots[0].text.removeprefix("my key is "))
    assert PLACEHOLDER_RE.fullmatch(slots[1].text.removesuffix(" ok"))
    assert restore_text(joined, vmap.lookup) == f"my key is {key} ok"


def test_a_keyword_in_one_slot_names_the_value_in_the_next(finder: Finder) -> None:
    password = "Zq8-walrus-Lamp-41"  # veil:allow test value
    slots = [TextSlot(("a",), "the database password: "), TextSlot(("b",), password)]
    mask_slots(finder, slots, vault_map())
    assert password not in slots[1].text


def test_resent_history_is_not_scanned_again_and_masks_the_same(engine: Engine) -> None:
    calls: list[str] = []

    class Counting:
        def scan(self, text: str) -> list[Finding]:
            calls.append(text)
            return engine.scan(text)

    memo = Finder(Counting(), memo_chars=10_000)  # type: ignore[arg-type]
    history = f"AWS_ACCESS_KEY_ID={aws_key_id('memo')}"
    first = [TextSlot(("a",), history)]
    second = [TextSlot(("a",), history), TextSlot(("b",), "a new turn")]
    mask_slots(memo, first, vault_map())
    counts = mask_slots(memo, second, vault_map())
    assert calls.count(history) == 1 and "a new turn" in calls
    assert first[0].text == second[0].text and counts == {"aws_access_key_id": 1}


def test_memo_is_bounded_by_characters_and_entries(engine: Engine) -> None:
    memo = Finder(engine, memo_chars=2 * (40 + ENTRY_COST))
    for i in range(10):
        memo.find([TextSlot(("a",), f"{i:02d}" + "x" * 38)])
    assert memo._memo.weight <= memo._memo.max_weight and len(memo._memo) == 2
