"""Transform: placeholders for what was found, for every other occurrence of a known original
(JSON-escaped inside JSON text), and in signed text for originals masked on earlier turns."""

from __future__ import annotations

import json

from tests.factories import aws_key_id, vault_map
from tests.pipeline.conftest import mask_slots
from veil.pipeline.find import Finder, Span
from veil.pipeline.literals import LiteralIndex
from veil.pipeline.transform import mask, replace_spans
from veil.protocols.neutral import TextSlot
from veil.types import Category
from veil.vault.restore import restore_text


def test_escaped_secret_in_json_text_keeps_json_valid(finder: Finder) -> None:
    url = "postgresql://app:Pa55\\w0rd-9xQ@db.internal:5432/app"  # veil:allow test value
    raw = json.dumps({"cmd": f"psql {url}"})
    slot = TextSlot(("args",), raw, json=True)
    vmap = vault_map()
    mask_slots(finder, [slot], vmap)
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
    mask_slots(finder, slots, vault_map())
    assert all(key not in s.text for s in slots)
    assert len({s.text.split("VEIL_SECRET_")[1][:8] for s in slots}) == 1


def test_text_without_findings_is_untouched(finder: Finder) -> None:
    code = "def add(a, b):\n    return a + b\n"
    slot = TextSlot(("a",), code)
    vmap = vault_map()
    assert not mask_slots(finder, [slot], vmap)
    assert slot.text == code and not vmap.reverse


def test_signed_text_masks_originals_known_from_earlier_turns() -> None:
    key = aws_key_id("signed")
    vmap = vault_map()
    token = vmap.mask(key, "SECRET")  # masked on an earlier turn of this conversation
    slot = TextSlot(("t",), f"I recall the key {key} from before", signed=True)
    mask([slot], [[]], vmap, LiteralIndex())
    assert slot.text == f"I recall the key {token} from before"


def test_a_known_original_overlapping_a_detector_span_leaves_that_span_whole() -> None:
    vmap = vault_map()
    here = TextSlot(("a",), "xx abcdef123456 yy")
    there = TextSlot(("b",), "abcdef1")
    found_here = [Span(6, 15, "def123456", "k", Category.SECRET, "r", "SECRET")]
    found_there = [Span(0, 7, "abcdef1", "k", Category.SECRET, "r", "SECRET")]
    mask([here, there], [found_here, found_there], vmap, LiteralIndex())
    assert here.text == "xx abc" + vmap.mask("def123456", "SECRET") + " yy"


def test_replace_spans_skips_a_span_that_overlaps_the_one_before() -> None:
    vmap = vault_map()
    spans = [
        Span(0, 6, "abcdef", "k", Category.SECRET, "r", "SECRET"),
        Span(3, 9, "defghi", "k", Category.SECRET, "r", "SECRET"),
    ]
    out = replace_spans("abcdefghi!", spans, vmap)
    assert out == vmap.mask("abcdef", "SECRET") + "ghi!"
