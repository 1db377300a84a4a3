"""Masking text slots: detector findings, keyed values, JSON text, and known originals."""

from __future__ import annotations

import json

import pytest

from tests.factories import aws_key_id, email, vault_map
from veil.detect import builtin_rules, recall
from veil.detect.engine import Engine
from veil.gateway.disguise import Disguise
from veil.protocols.neutral import TextSlot
from veil.vault.restore import restore_text


@pytest.fixture(scope="module")
def disguise() -> Disguise:
    return Disguise(Engine(builtin_rules() + recall.RULES, recall=True))


def test_findings_become_placeholders_and_counts_by_kind(disguise: Disguise) -> None:
    vmap = vault_map()
    slot = TextSlot(("x",), f"key {aws_key_id('d')} mail {email('d')}")
    counts = disguise.mask([slot], vmap)
    assert counts == {"aws_access_key_id": 1, "email_address": 1}
    assert (
        aws_key_id("d") not in slot.text
        and "VEIL_SECRET_" in slot.text
        and "@example.com" in slot.text
    )
    assert restore_text(slot.text, vmap.lookup) == f"key {aws_key_id('d')} mail {email('d')}"


def test_documented_example_key_is_masked_in_the_gateway(disguise: Disguise) -> None:
    example = "AKIA" + "IOSFODNN7" + "EXAMPLE"
    slot = TextSlot(("x",), f"aws_access_key_id = {example}")
    disguise.mask([slot], vault_map())
    assert example not in slot.text


def test_value_under_a_secret_key_is_read_as_an_assignment(disguise: Disguise) -> None:
    password = "Zq8-walrus-Lamp-41"  # veil:allow test value
    bare = TextSlot(("a",), password)
    keyed = TextSlot(("b",), password, context="password")
    counts = Disguise(disguise.engine).mask([bare], vault_map())
    assert not counts
    disguise.mask([keyed], vault_map())
    assert password not in keyed.text


def test_escaped_secret_in_json_text_keeps_json_valid(disguise: Disguise) -> None:
    url = "postgresql://app:Pa55\\w0rd-9xQ@db.internal:5432/app"  # veil:allow test value
    raw = json.dumps({"cmd": f"psql {url}"})
    slot = TextSlot(("args",), raw, json=True)
    vmap = vault_map()
    disguise.mask([slot], vmap)
    assert "Pa55" not in slot.text
    assert json.loads(slot.text)["cmd"].startswith("psql postgresql://app:VEIL_SECRET_")
    assert json.loads(restore_text(slot.text, vmap.lookup, json_escaped=True)) == {
        "cmd": f"psql {url}"
    }


def test_original_found_once_is_masked_in_every_slot(disguise: Disguise) -> None:
    key = aws_key_id("spread")
    slots = [
        TextSlot(("a",), f"AWS_ACCESS_KEY_ID={key}"),
        TextSlot(("b",), f"the value was {key[4:]}{key[:4]}... no: {key}"),
        TextSlot(("c",), json.dumps({"v": key}), json=True),
    ]
    disguise.mask(slots, vault_map())
    assert all(key not in s.text for s in slots)
    tokens = {s.text.split("VEIL_SECRET_")[1][:8] for s in slots}
    assert len(tokens) == 1


def test_text_without_findings_is_untouched(disguise: Disguise) -> None:
    slot = TextSlot(("a",), "def add(a, b):\n    return a + b\n")
    vmap = vault_map()
    assert not disguise.mask([slot], vmap)
    assert slot.text == "def add(a, b):\n    return a + b\n" and not vmap.reverse


def test_resent_history_is_not_scanned_again_and_masks_the_same(disguise: Disguise) -> None:
    memo = Disguise(disguise.engine, memo_chars=10_000)
    calls: list[str] = []
    scan = memo.engine.scan

    def counting(text: str) -> list[object]:
        calls.append(text)
        return scan(text)  # type: ignore[return-value]

    memo.engine = type("E", (), {"scan": staticmethod(counting)})()  # type: ignore[assignment]
    history = f"AWS_ACCESS_KEY_ID={aws_key_id('memo')}"
    first = [TextSlot(("a",), history)]
    second = [TextSlot(("a",), history), TextSlot(("b",), "a new turn")]
    memo.mask(first, vault_map())
    counts = memo.mask(second, vault_map())
    assert calls == [history, "a new turn"]
    assert first[0].text == second[0].text and counts == {"aws_access_key_id": 1}


def test_memo_is_bounded_by_characters(disguise: Disguise) -> None:
    memo = Disguise(disguise.engine, memo_chars=100)
    for i in range(10):
        memo.mask([TextSlot(("a",), f"{i:02d}" + "x" * 38)], vault_map())
    assert memo._memo_chars <= 100 and len(memo._memo) == 2
