"""The way back: whole answers and the stream hook restore placeholders; JSON text gets each
original JSON-escaped wherever it sits, any other string gets it as it is."""

from __future__ import annotations

import json

from tests.factories import vault_map
from veil.pipeline.restore import RestoreHook, restore_body, restore_value

PEM = '-----BEGIN TEST KEY-----\nQUJD"x"\\\n-----END TEST KEY-----'  # veil:allow test value


def test_an_arguments_key_in_a_tool_input_object_comes_back_unescaped() -> None:
    vmap = vault_map()
    token = vmap.mask(PEM, "SECRET")
    answer = {"content": [{"type": "tool_use", "input": {"arguments": f"key: {token}"}}]}
    restored = restore_value(answer, vmap.lookup)
    assert restored["content"][0]["input"]["arguments"] == f"key: {PEM}"


def test_json_text_anywhere_comes_back_escaped_and_valid() -> None:
    vmap = vault_map()
    token = vmap.mask(PEM, "SECRET")
    for key in ("arguments", "input", "payload"):
        answer = {key: json.dumps({"pem": token})}
        restored = restore_value(answer, vmap.lookup)
        assert json.loads(restored[key]) == {"pem": PEM}


def test_whole_body_without_placeholders_is_passed_on_as_it_came() -> None:
    raw = b'{"a":  1, "text": "nothing here"}'
    assert restore_body(raw, vault_map().lookup) is raw
    assert restore_body(b"not json VEIL_SECRET_0000", vault_map().lookup) == (
        b"not json VEIL_SECRET_0000"
    )


def test_whole_body_keeps_integers_beyond_64_bits() -> None:
    vmap = vault_map()
    token = vmap.mask("a-secret-value", "SECRET")
    raw = b'{"n": 123456789012345678901234567890, "t": "' + token.encode() + b'"}'
    assert json.loads(restore_body(raw, vmap.lookup)) == {
        "n": 123456789012345678901234567890,
        "t": "a-secret-value",
    }


def test_hook_restores_per_channel_and_holds_only_a_possible_placeholder() -> None:
    vmap = vault_map()
    token = vmap.mask("hunter2-hunter2", "SECRET")
    hook = RestoreHook(vmap.lookup)
    out = hook.text("a", "x " + token[:7]) + hook.text("b", "other")
    assert out == "x other"
    assert hook.text("a", token[7:] + " y") == "hunter2-hunter2 y"
    assert hook.text("a", " V") == " " and hook.flush("a") == "V"
    assert hook.flush("never-used") == ""
    assert hook.wants(token.encode()) and not hook.wants(b"plain")
