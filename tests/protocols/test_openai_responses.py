"""OpenAI Responses (Codex): input items, and streamed restoration with sequence numbers."""

from __future__ import annotations

import copy
import json

import pytest

from tests import fake_provider
from tests.factories import aws_key_id, email, rewrite_stream, sse_data, vault_map
from veil.pipeline.restore import RestoreHook
from veil.protocols import openai_responses
from veil.protocols.neutral import apply
from veil.protocols.stream import StreamFormatError

VMAP = vault_map()
KEY = aws_key_id("responses")
MAIL = email("responses")
KEY_TOKEN = VMAP.mask(KEY, "SECRET")
MAIL_TOKEN = VMAP.mask(MAIL, "EMAIL")

REQUEST = {
    "model": "gpt-5-codex",
    "instructions": "You are Codex.",
    "stream": True,
    "include": ["reasoning.encrypted_content"],
    "prompt_cache_key": "abc",
    "input": [
        {
            "type": "message",
            "role": "developer",
            "content": [{"type": "input_text", "text": "rules"}],
        },
        {
            "type": "message",
            "role": "user",
            "content": [{"type": "input_text", "text": "read .env"}],
        },
        {
            "type": "reasoning",
            "summary": [{"type": "summary_text", "text": "plan"}],
            "encrypted_content": "opaque",
        },
        {
            "type": "function_call",
            "call_id": "c1",
            "name": "exec_command",
            "arguments": '{"cmd":"cat .env"}',
        },
        {"type": "function_call_output", "call_id": "c1", "output": "TOKEN=abc"},
        {
            "type": "custom_tool_call",
            "call_id": "c2",
            "name": "apply_patch",
            "input": "*** Begin Patch",
        },
        {"type": "custom_tool_call_output", "call_id": "c2", "output": "Done"},
        {
            "type": "message",
            "role": "assistant",
            "content": [{"type": "output_text", "text": "ok"}],
        },
    ],
}


def test_extract_finds_instructions_and_every_item_text() -> None:
    slots = openai_responses.extract(REQUEST).slots
    assert [(s.text, s.json) for s in slots] == [
        ("You are Codex.", False),
        ("reasoning.encrypted_content", False),  # harmless: every non-structural string
        ("rules", False),
        ("read .env", False),
        ("plan", False),
        ('{"cmd":"cat .env"}', True),
        ("TOKEN=abc", False),
        ("*** Begin Patch", False),
        ("Done", False),
        ("ok", False),
    ]


def test_apply_of_extract_is_identity() -> None:
    body = copy.deepcopy(REQUEST)
    apply(body, openai_responses.extract(body).slots)
    assert body == REQUEST


def _collect(raw: bytes) -> tuple[str, list[str], str, list[int]]:
    deltas, dones, completed, seqs = "", [], "", []
    for _, data in sse_data(raw):
        seqs.append(data["sequence_number"])
        kind = data["type"]
        if kind.endswith(".delta"):
            deltas += data["delta"]
        elif kind in ("response.output_text.done",):
            dones.append(data["text"])
        elif kind == "response.function_call_arguments.done":
            dones.append(data["arguments"])
        elif kind == "response.custom_tool_call_input.done":
            dones.append(data["input"])
        elif kind == "response.completed":
            item = data["response"]["output"][0]
            completed = item.get("arguments") or item.get("input") or item["content"][0]["text"]
    return deltas, dones, completed, seqs


REPLY = f"key {KEY_TOKEN} mail {MAIL_TOKEN} end veil-"
RESTORED = f"key {KEY} mail {MAIL} end veil-"


@pytest.mark.parametrize("size", [1, 4, 100])
def test_text_deltas_done_and_completed_agree(size: int) -> None:
    raw = b"".join(fake_provider.responses_events({}, {"text": REPLY}, size))
    for cut in range(0, len(raw), max(9, len(raw) // 50)):
        rewriter = openai_responses.StreamRewriter(RestoreHook(VMAP.lookup))
        deltas, dones, completed, seqs = _collect(rewrite_stream(rewriter, raw, [cut]))
        assert deltas == RESTORED
        assert dones == [RESTORED]
        assert completed == RESTORED
        assert seqs == list(range(len(seqs)))
        assert rewriter.complete


def test_function_call_arguments_restore_json_escaped() -> None:
    secret = 'q"uote\\d-secret-value'
    token = VMAP.mask(secret, "SECRET")
    arguments = json.dumps({"cmd": f"use {token}"})
    raw = b"".join(
        fake_provider.responses_events({}, {"tool": "exec_command", "arguments": arguments}, 1)
    )
    deltas, dones, completed, _ = _collect(
        rewrite_stream(openai_responses.StreamRewriter(RestoreHook(VMAP.lookup)), raw, [])
    )
    for text in (deltas, dones[0], completed):
        assert json.loads(text) == {"cmd": f"use {secret}"}


def test_apply_patch_input_restores_as_plain_text() -> None:
    patch = f"*** Begin Patch\n+key = {KEY_TOKEN}\n*** End Patch"
    raw = b"".join(fake_provider.responses_events({}, {"custom": "apply_patch", "input": patch}, 2))
    deltas, dones, completed, _ = _collect(
        rewrite_stream(openai_responses.StreamRewriter(RestoreHook(VMAP.lookup)), raw, [])
    )
    expected = f"*** Begin Patch\n+key = {KEY}\n*** End Patch"
    assert deltas == dones[0] == completed == expected


def test_flushed_tail_shifts_later_sequence_numbers() -> None:
    raw = b"".join(fake_provider.responses_events({}, {"text": "ends VEIL_SEC"}, 20))
    deltas, dones, _, seqs = _collect(
        rewrite_stream(openai_responses.StreamRewriter(RestoreHook(VMAP.lookup)), raw, [])
    )
    assert deltas == dones[0] == "ends VEIL_SEC"
    assert seqs == list(range(len(seqs)))


def test_events_without_placeholders_pass_byte_for_byte() -> None:
    raw = b"".join(fake_provider.responses_events({}, {"text": "nothing secret"}, 3))
    assert (
        rewrite_stream(openai_responses.StreamRewriter(RestoreHook(VMAP.lookup)), raw, [101]) == raw
    )


def test_an_item_place_that_is_a_list_is_a_format_error() -> None:
    event = {"type": "response.output_text.delta", "item_id": ["x"], "delta": "hi"}
    raw = f"event: response.output_text.delta\ndata: {json.dumps(event)}\n\n".encode()
    with pytest.raises(StreamFormatError):
        rewrite_stream(openai_responses.StreamRewriter(RestoreHook(VMAP.lookup)), raw, [])


def test_mcp_call_arguments_split_one_character_per_event_restore_json_escaped() -> None:
    secret = 'q"uote\\d-secret-value'
    token = VMAP.mask(secret, "SECRET")
    arguments = json.dumps({"q": f"use {token}"})
    events = [
        {"type": "response.mcp_call_arguments.delta", "item_id": "m1", "delta": c}
        for c in arguments
    ]
    events.append(
        {"type": "response.mcp_call_arguments.done", "item_id": "m1", "arguments": arguments}
    )
    for n, event in enumerate(events):
        event["sequence_number"] = n
    raw = b"".join(f"event: {e['type']}\ndata: {json.dumps(e)}\n\n".encode() for e in events)
    out = sse_data(
        rewrite_stream(openai_responses.StreamRewriter(RestoreHook(VMAP.lookup)), raw, [])
    )
    deltas = "".join(d["delta"] for _, d in out if d["type"].endswith(".delta"))
    done = next(d["arguments"] for _, d in out if d["type"].endswith(".done"))
    assert json.loads(deltas) == json.loads(done) == {"q": f"use {secret}"}
    assert [d["sequence_number"] for _, d in out] == list(range(len(out)))
