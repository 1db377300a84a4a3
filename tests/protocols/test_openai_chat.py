"""OpenAI chat completions and completions: text slots, and streamed restoration per choice."""

from __future__ import annotations

import copy
import json

import pytest

from tests import fake_provider
from tests.factories import aws_key_id, email, rewrite_stream, sse_data, vault_map
from veil.pipeline.restore import RestoreHook
from veil.protocols import openai_chat
from veil.protocols.neutral import apply

VMAP = vault_map()
KEY = aws_key_id("chat")
MAIL = email("chat")
KEY_TOKEN = VMAP.mask(KEY, "SECRET")
MAIL_TOKEN = VMAP.mask(MAIL, "EMAIL")
QUOTED = 'back\\slash"quote-secret'
QUOTED_TOKEN = VMAP.mask(QUOTED, "SECRET")

REQUEST = {
    "model": "gpt-5",
    "stream": True,
    "stream_options": {"include_usage": True},
    "messages": [
        {"role": "system", "content": "be brief"},
        {
            "role": "user",
            "content": [
                {"type": "text", "text": "look"},
                {"type": "image_url", "image_url": {"url": "data:x"}},
            ],
        },
        {
            "role": "assistant",
            "content": None,
            "tool_calls": [
                {
                    "id": "c1",
                    "type": "function",
                    "function": {"name": "sh", "arguments": '{"cmd": "env"}'},
                }
            ],
        },
        {"role": "tool", "tool_call_id": "c1", "content": "HOME=/root"},
    ],
    "tools": [{"type": "function", "function": {"name": "sh", "parameters": {}}}],
}


def test_extract_finds_contents_parts_tool_arguments_and_results() -> None:
    slots = openai_chat.extract(REQUEST).slots
    assert [(s.text, s.json) for s in slots] == [
        ("be brief", False),
        ("look", False),
        ("data:x", False),
        ('{"cmd": "env"}', True),
        ("HOME=/root", False),
    ]


def test_apply_of_extract_is_identity() -> None:
    body = copy.deepcopy(REQUEST)
    apply(body, openai_chat.extract(body).slots)
    assert body == REQUEST


def test_completions_extract_prompt_and_suffix() -> None:
    body = {"model": "m", "prompt": ["def f(", "x"], "suffix": "return y"}
    assert [s.text for s in openai_chat.extract(body).slots] == ["def f(", "x", "return y"]
    assert [s.text for s in openai_chat.extract({"input": "one"}).slots] == ["one"]
    tokens = openai_chat.extract({"input": [[1, 2, 3]], "prompt": [4, 5]})
    assert tokens.slots == []
    assert [(u.path, u.reason) for u in tokens.unscannable] == [
        (("input",), "token ids"),
        (("prompt",), "token ids"),
    ]


def _content(raw: bytes) -> tuple[str, str, bool]:
    text, args, done = "", "", False
    for _, data in sse_data(raw):
        if data == "[DONE]":
            done = True
            continue
        for choice in data["choices"]:
            if "delta" in choice:
                text += choice["delta"].get("content") or ""
                for call in choice["delta"].get("tool_calls") or []:
                    args += call["function"].get("arguments", "")
            else:
                text += choice.get("text", "")
    return text, args, done


REPLY = f"key {KEY_TOKEN}, mail {MAIL_TOKEN}, tail VEIL_SECRET_"
RESTORED = f"key {KEY}, mail {MAIL}, tail VEIL_SECRET_"


@pytest.mark.parametrize("size", [1, 3, 50])
def test_content_restores_split_anywhere(size: int) -> None:
    raw = b"".join(
        fake_provider.chat_events(
            {"stream_options": {"include_usage": True}}, {"text": REPLY}, size
        )
    )
    for cut in range(0, len(raw), max(5, len(raw) // 60)):
        rewriter = openai_chat.StreamRewriter(RestoreHook(VMAP.lookup))
        text, _, done = _content(rewrite_stream(rewriter, raw, [cut]))
        assert (text, done, rewriter.complete) == (RESTORED, True, True)


def test_tool_call_arguments_restore_json_escaped() -> None:
    arguments = json.dumps({"cmd": f"echo {QUOTED_TOKEN} {MAIL_TOKEN}"})
    raw = b"".join(fake_provider.chat_events({}, {"tool": "sh", "arguments": arguments}, 1))
    _, args, _ = _content(
        rewrite_stream(openai_chat.StreamRewriter(RestoreHook(VMAP.lookup)), raw, [])
    )
    assert json.loads(args) == {"cmd": f"echo {QUOTED} {MAIL}"}


def test_completion_text_stream_restores() -> None:
    raw = b"".join(fake_provider.completion_events({}, REPLY, 2))
    text, _, done = _content(
        rewrite_stream(openai_chat.StreamRewriter(RestoreHook(VMAP.lookup)), raw, [])
    )
    assert (text, done) == (RESTORED, True)


def test_chunks_without_placeholders_pass_byte_for_byte() -> None:
    raw = b"".join(fake_provider.chat_events({}, {"text": "plain words only"}, 4))
    assert rewrite_stream(openai_chat.StreamRewriter(RestoreHook(VMAP.lookup)), raw, [33]) == raw
