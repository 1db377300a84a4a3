"""The walk over a body (scan by default, skip by exception), base64 payloads, strict JSON."""

from __future__ import annotations

import base64
import copy

import pytest

from veil.protocols.neutral import (
    COMMON_STRUCTURAL,
    MAX_DEPTH,
    Layout,
    apply,
    dump_json,
    load_json,
    walk,
)

LAYOUT = Layout(
    structural=COMMON_STRUCTURAL,
    structural_in=frozenset({("data", "redacted")}),
    free=frozenset({"metadata"}),
    free_in=frozenset({("input", "tool_use")}),
    signed=frozenset({("thinking", "thinking")}),
    tokens=frozenset({"prompt"}),
)


def _texts(body: object) -> list[str]:
    return [s.text for s in walk(body, LAYOUT).slots]


def test_every_string_is_a_slot_but_structural_ones() -> None:
    body = {
        "model": "m",
        "id": "x1",
        "future_field": "scanned",
        "blocks": [{"type": "never_seen", "deep": {"er": ["scanned too"]}}],
    }
    assert _texts(body) == ["scanned", "scanned too"]


AUTHOR = "Jane Roe"  # veil:allow test value


def test_names_are_structural_except_a_message_author() -> None:
    body = {
        "tools": [{"name": "Bash", "description": "runs"}],
        "messages": [{"role": "user", "name": AUTHOR, "content": "hi"}],
    }
    assert _texts(body) == ["runs", AUTHOR, "hi"]


def test_free_subtrees_scan_structural_looking_keys_too() -> None:
    body = {
        "metadata": {"id": "user-key", "type": "t"},
        "content": [{"type": "tool_use", "id": "t1", "name": "f", "input": {"name": "n"}}],
        "other": {"type": "redacted", "data": "opaque"},
    }
    assert _texts(body) == ["user-key", "t", "n"]


def test_signed_text_and_context_keys() -> None:
    body = {"content": [{"type": "thinking", "thinking": "hm", "signature": "s"}]}
    (slot,) = walk(body, LAYOUT).slots
    assert slot.signed and slot.text == "hm"
    (keyed,) = walk({"metadata": {"password": "pw-value"}}, LAYOUT).slots
    assert keyed.context == "password"


def test_json_text_is_marked_wherever_it_sits() -> None:
    slots = walk({"a": '{"k": 1}', "b": "[1, 2]", "c": "{not json}"}, LAYOUT).slots
    assert [s.json for s in slots] == [True, True, False]


def test_textual_base64_is_decoded_and_written_back_encoded_only_when_changed() -> None:
    text = "DB_PASSWORD=hunter2-but-longer\n" * 3
    encoded = base64.b64encode(text.encode()).decode()
    body = {
        "source": {"type": "base64", "media_type": "text/plain", "data": encoded},
        "file": f"data:application/json;base64,{encoded}",
        "bare": encoded,
    }
    extraction = walk(body, LAYOUT)
    assert [s.text for s in extraction.slots] == [text, text, text]
    same = copy.deepcopy(body)
    apply(same, extraction.slots)
    assert same == body
    for slot in extraction.slots:
        slot.text = slot.text.replace("hunter2", "MASKED!")
    apply(body, extraction.slots)
    decoded = base64.b64decode(body["source"]["data"]).decode()
    assert decoded.startswith("DB_PASSWORD=MASKED!")  # veil:allow test value
    assert body["file"].startswith("data:application/json;base64,")
    assert "MASKED!" in base64.b64decode(body["bare"]).decode()


def test_images_pdfs_binary_data_and_token_ids_are_unscannable() -> None:
    png = base64.b64encode(b"\x89PNG\r\n\x1a\n" + bytes(range(200))).decode()
    body = {
        "image": {"type": "base64", "media_type": "image/png", "data": png},
        "pdf": f"data:application/pdf;base64,{png}",
        "blob": {"type": "base64", "media_type": "application/x-unknown", "data": png},
        "prompt": [[1, 2], [3]],
    }
    extraction = walk(body, LAYOUT)
    assert extraction.slots == []
    assert [(u.path, u.reason) for u in extraction.unscannable] == [
        (("image", "data"), "image/png data"),
        (("pdf",), "application/pdf data"),
        (("blob", "data"), "application/x-unknown data that is not text"),
        (("prompt",), "token ids"),
    ]


def test_nesting_deeper_than_the_limit_is_refused() -> None:
    body: object = "x"
    for _ in range(MAX_DEPTH + 5):
        body = {"a": body}
    with pytest.raises(ValueError, match="levels deep"):
        walk(body, LAYOUT)


@pytest.mark.parametrize(
    "raw",
    [
        b'{"a": 1, "a": 2}',
        b'{"a" : 1, "a" : 2}',
        b'{"x": {"k\\\\": 1, "k\\\\": 2}}',
        b'[{"a": 1}, {"b": 2, "b": 3}]',
    ],
)
def test_a_duplicate_key_anywhere_is_refused(raw: bytes) -> None:
    with pytest.raises(ValueError, match="same key twice"):
        load_json(raw)


def test_duplicates_inside_json_text_are_its_own_business() -> None:
    assert load_json(b'{"args": "{\\"a\\": 1, \\"a\\": 2}"}') == {"args": '{"a": 1, "a": 2}'}


def test_big_integers_survive_and_lone_surrogates_are_refused() -> None:
    raw = b'{"n": 123456789012345678901234567890, "f": 1.5}'
    assert dump_json(load_json(raw)) == b'{"n":123456789012345678901234567890,"f":1.5}'
    with pytest.raises(ValueError, match="surrogate"):
        dump_json(load_json(b'{"a": "\\ud800"}'))
