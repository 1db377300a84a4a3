"""Anthropic Messages: text slots of a Claude Code-shaped request, and streamed restoration."""

from __future__ import annotations

import copy
import json

import pytest

from tests import fake_provider
from tests.factories import aws_key_id, email, rewrite_stream, sse_data, vault_map
from veil.pipeline.restore import RestoreHook
from veil.protocols import anthropic_messages
from veil.protocols.neutral import apply
from veil.protocols.stream import StreamFormatError

VMAP = vault_map()
KEY = aws_key_id("anthropic")
MAIL = email("anthropic")
KEY_TOKEN = VMAP.mask(KEY, "SECRET")
MAIL_TOKEN = VMAP.mask(MAIL, "EMAIL")
QUOTED = 'pa"ss\\word-with-quote'
QUOTED_TOKEN = VMAP.mask(QUOTED, "SECRET")

REQUEST = {
    "model": "claude-sonnet-4-5",
    "max_tokens": 1024,
    "stream": True,
    "system": [
        {"type": "text", "text": "You are Claude Code.", "cache_control": {"type": "ephemeral"}},
        {"type": "text", "text": "Environment: /home/dev/project"},
    ],
    "tools": [{"name": "Bash", "description": "Run a command", "input_schema": {"type": "object"}}],
    "messages": [
        {"role": "user", "content": "read the config"},
        {
            "role": "assistant",
            "content": [
                {"type": "thinking", "thinking": "I should read it", "signature": "sig=="},
                {"type": "text", "text": "Reading it."},
                {
                    "type": "tool_use",
                    "id": "toolu_1",
                    "name": "Bash",
                    "input": {"command": "cat config.env", "env": {"password": "x"}},
                },
            ],
        },
        {"role": "system", "content": "a system message in the middle"},
        {
            "role": "user",
            "content": [
                {
                    "type": "tool_result",
                    "tool_use_id": "toolu_1",
                    "content": [{"type": "text", "text": "KEY=value"}],
                },
                {"type": "tool_result", "tool_use_id": "toolu_2", "content": "plain result"},
                {"type": "image", "source": {"type": "base64", "data": "iVBORw0KGgo="}},
                {"type": "document", "source": {"type": "text", "data": "doc text"}},
            ],
        },
    ],
    "thinking": {"type": "adaptive"},
    "context_management": {"edits": []},
}


def test_extract_finds_every_text_slot_and_nothing_else() -> None:
    extraction = anthropic_messages.extract(REQUEST)
    slots = extraction.slots
    texts = {s.text for s in slots}
    assert texts == {
        "Run a command",  # tool definitions are scanned: descriptions, schemas
        "object",
        "You are Claude Code.",
        "Environment: /home/dev/project",
        "read the config",
        "I should read it",
        "Reading it.",
        "cat config.env",
        "x",
        "a system message in the middle",
        "KEY=value",
        "plain result",
        "doc text",
    }
    assert {s.context for s in slots if s.text == "x"} == {"password"}
    assert not any(s.text in ("sig==", "iVBORw0KGgo=", "Bash") for s in slots)
    assert [s.signed for s in slots if s.text == "I should read it"] == [True]
    assert [u.path for u in extraction.unscannable] == [
        ("messages", 3, "content", 2, "source", "data")
    ]


def test_apply_of_extract_is_identity() -> None:
    body = copy.deepcopy(REQUEST)
    apply(body, anthropic_messages.extract(body).slots)
    assert body == REQUEST


def test_apply_writes_masked_text_in_place() -> None:
    body = copy.deepcopy(REQUEST)
    slots = anthropic_messages.extract(body).slots
    for slot in slots:
        slot.text = slot.text.upper()
    apply(body, slots)
    assert body["messages"][3]["content"][0]["content"][0]["text"] == "KEY=VALUE"
    assert body["messages"][1]["content"][2]["input"]["env"]["password"] == "X"
    assert body["messages"][1]["content"][0]["signature"] == "sig=="


def _texts(raw: bytes) -> tuple[dict[int, str], dict[int, str], dict[int, str]]:
    text: dict[int, str] = {}
    thinking: dict[int, str] = {}
    args: dict[int, str] = {}
    for name, data in sse_data(raw):
        if name == "content_block_delta":
            delta, i = data["delta"], data["index"]
            if delta["type"] == "text_delta":
                text[i] = text.get(i, "") + delta["text"]
            elif delta["type"] == "thinking_delta":
                thinking[i] = thinking.get(i, "") + delta["thinking"]
            elif delta["type"] == "input_json_delta":
                args[i] = args.get(i, "") + delta["partial_json"]
    return text, thinking, args


REPLY = f"Your key {KEY_TOKEN} and mail {MAIL_TOKEN}; V VEIL_ end"
RESTORED = f"Your key {KEY} and mail {MAIL}; V VEIL_ end"


@pytest.mark.parametrize("size", [1, 2, 5, 40])
def test_text_and_thinking_restore_at_every_chunk_size(size: int) -> None:
    events = fake_provider.anthropic_events(
        {"thinking": {"type": "enabled"}}, {"text": REPLY}, size
    )
    raw = b"".join(events)
    for cut in range(0, len(raw), max(7, len(raw) // 80)):
        rewriter = anthropic_messages.StreamRewriter(RestoreHook(VMAP.lookup))
        out = rewrite_stream(rewriter, raw, [cut])
        text, thinking, _ = _texts(out)
        assert text == {1: RESTORED}
        assert thinking == {0: "Thinking about " + RESTORED}
        assert rewriter.complete


def test_tool_arguments_restore_json_escaped() -> None:
    arguments = json.dumps({"command": f"login {QUOTED_TOKEN} --user {MAIL_TOKEN}"})
    events = fake_provider.anthropic_events({}, {"tool": "Bash", "arguments": arguments}, 1)
    out = rewrite_stream(
        anthropic_messages.StreamRewriter(RestoreHook(VMAP.lookup)), b"".join(events), []
    )
    _, _, args = _texts(out)
    assert json.loads(args[0]) == {"command": f"login {QUOTED} --user {MAIL}"}


def test_events_without_placeholders_pass_byte_for_byte() -> None:
    events = fake_provider.anthropic_events({}, {"text": "nothing to see here"}, 3)
    raw = (
        b"".join(events)
        + b'event: brand_new_event\ndata: {"type": "brand_new_event", "x": 1.50}\n\n'
    )
    out = rewrite_stream(
        anthropic_messages.StreamRewriter(RestoreHook(VMAP.lookup)), raw, [len(raw) // 2]
    )
    assert out == raw


def test_held_prefix_is_flushed_before_block_stop() -> None:
    events = fake_provider.anthropic_events({}, {"text": "ends with VEIL_SEC"}, 4)
    out = rewrite_stream(
        anthropic_messages.StreamRewriter(RestoreHook(VMAP.lookup)), b"".join(events), []
    )
    names = [name for name, _ in sse_data(out)]
    text, _, _ = _texts(out)
    assert text == {0: "ends with VEIL_SEC"}
    last_delta = max(i for i, n in enumerate(names) if n == "content_block_delta")
    assert names[last_delta + 1] == "content_block_stop"


def test_stream_without_message_stop_is_not_complete() -> None:
    events = fake_provider.anthropic_events({}, {"text": "cut"}, 4)[:-1]
    rewriter = anthropic_messages.StreamRewriter(RestoreHook(VMAP.lookup))
    rewrite_stream(rewriter, b"".join(events), [])
    assert not rewriter.complete


@pytest.mark.parametrize("index", [[1], "1", None, True, {"i": 1}])
def test_an_index_that_is_not_an_integer_is_a_format_error(index: object) -> None:
    rewriter = anthropic_messages.StreamRewriter(RestoreHook(VMAP.lookup))
    delta = {"type": "content_block_delta", "index": index}
    delta["delta"] = {"type": "text_delta", "text": "hi"}
    raw = f"event: content_block_delta\ndata: {json.dumps(delta)}\n\n".encode()
    with pytest.raises(StreamFormatError):
        rewrite_stream(rewriter, raw, [])
