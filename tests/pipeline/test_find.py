"""Finding and masking text slots: detector findings, keyed values, JSON text, known originals,
values split across neighbouring slots, and the memo that keeps resent history from being
scanned again."""

from __future__ import annotations

import json
from collections import Counter

import pytest

from tests.factories import aws_key_id, email, vault_map
from veil.detect import builtin_rules, recall
from veil.detect.engine import Engine
from veil.pipeline.find import Finder
from veil.pipeline.literals import LiteralIndex
from veil.pipeline.memo import ENTRY_COST
from veil.pipeline.transform import mask
from veil.protocols.neutral import TextSlot
from veil.types import Finding
from veil.vault.restore import restore_text
from veil.vault.tokens import PLACEHOLDER_RE
from veil.vault.vault import VaultMap


@pytest.fixture(scope="module")
def engine() -> Engine:
    return Engine(builtin_rules() + recall.RULES, recall=True)


@pytest.fixture
def finder(engine: Engine) -> Finder:
    return Finder(engine)


def _mask(finder: Finder, slots: list[TextSlot], vmap: VaultMap) -> Counter[str]:
    found = finder.find(slots)
    mask(slots, found, vmap, LiteralIndex())
    return Counter(span.kind for spans in found for span in spans)


def test_findings_become_placeholders_and_counts_by_kind(finder: Finder) -> None:
    vmap = vault_map()
    text = f"key {aws_key_id('d')} mail {email('d')}"
    slot = TextSlot(("x",), text)
    assert _mask(finder, [slot], vmap) == {"aws_access_key_id": 1, "email_address": 1}
    assert aws_key_id("d") not in slot.text and "VEIL_SECRET_" in slot.text
    assert "@example.com" in slot.text
    assert restore_text(slot.text, vmap.lookup) == text


def test_documented_example_key_is_masked_in_the_gateway(finder: Finder) -> None:
    example = "AKIA" + "IOSFODNN7" + "EXAMPLE"
    slot = TextSlot(("x",), f"aws_access_key_id = {example}")
    _mask(finder, [slot], vault_map())
    assert example not in slot.text


def test_value_under_a_secret_key_is_read_as_an_assignment(finder: Finder) -> None:
    password = "Zq8-walrus-Lamp-41"  # veil:allow test value
    bare = TextSlot(("a",), password)
    keyed = TextSlot(("b",), password, context="password")
    assert not _mask(Finder(finder.engine), [bare], vault_map())
    _mask(finder, [keyed], vault_map())
    assert password not in keyed.text


def test_escaped_secret_in_json_text_keeps_json_valid(finder: Finder) -> None:
    url = "postgresql://app:Pa55\\w0rd-9xQ@db.internal:5432/app"  # veil:allow test value
    raw = json.dumps({"cmd": f"psql {url}"})
    slot = TextSlot(("args",), raw, json=True)
    vmap = vault_map()
    _mask(finder, [slot], vmap)
    assert "Pa55" not in slot.text
    assert json.loads(slot.text)["cmd"].startswith("psql postgresql://app:VEIL_SECRET_")
    restored = restore_text(slot.text, vmap.lookup, json_escaped=True)
    assert json.loads(restored) == {"cmd": f"psql {url}"}


def test_original_found_once_is_masked_in_every_slot(finder: Finder) -> None:
    key = aws_key_id("spread")
    slots = [
        TextSlot(("a",), f"AWS_ACCESS_KEY_ID={key}"),
        TextSlot(("b",), f"the value was {key[4:]}{key[:4]}... no: {key}"),
        TextSlot(("c",), json.dumps({"v": key}), json=True),
    ]
    _mask(finder, slots, vault_map())
    assert all(key not in s.text for s in slots)
    assert len({s.text.split("VEIL_SECRET_")[1][:8] for s in slots}) == 1


def test_text_without_findings_is_untouched(finder: Finder) -> None:
    code = "def add(a, b):\n    return a + b\n"
    slot = TextSlot(("a",), code)
    vmap = vault_map()
    assert not _mask(finder, [slot], vmap)
    assert slot.text == code and not vmap.reverse


@pytest.mark.parametrize("cut", [1, 4, 10, 19])
def test_a_value_split_across_two_slots_is_found_in_both_halves(finder: Finder, cut: int) -> None:
    key = aws_key_id("split")
    slots = [TextSlot(("a",), f"my key is {key[:cut]}"), TextSlot(("b",), f"{key[cut:]} ok")]
    vmap = vault_map()
    _mask(finder, slots, vmap)
    joined = slots[0].text + slots[1].text
    assert PLACEHOLDER_RE.fullmatch(slots[0].text.removeprefix("my key is "))
    assert PLACEHOLDER_RE.fullmatch(slots[1].text.removesuffix(" ok"))
    assert restore_text(joined, vmap.lookup) == f"my key is {key} ok"


def test_a_keyword_in_one_slot_names_the_value_in_the_next(finder: Finder) -> None:
    password = "Zq8-walrus-Lamp-41"  # veil:allow test value
    slots = [TextSlot(("a",), "the database password: "), TextSlot(("b",), password)]
    _mask(finder, slots, vault_map())
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
    _mask(memo, first, vault_map())
    counts = _mask(memo, second, vault_map())
    assert calls.count(history) == 1 and "a new turn" in calls
    assert first[0].text == second[0].text and counts == {"aws_access_key_id": 1}


def test_memo_is_bounded_by_characters_and_entries(engine: Engine) -> None:
    memo = Finder(engine, memo_chars=2 * (40 + ENTRY_COST))
    for i in range(10):
        memo.find([TextSlot(("a",), f"{i:02d}" + "x" * 38)])
    assert memo._memo.weight <= memo._memo.max_weight and len(memo._memo) == 2
