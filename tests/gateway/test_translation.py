"""One request's translation for a chat-speaking local server, and its answer's way back."""

from __future__ import annotations

import json

import pytest

from veil.gateway.translation import estimate_tokens, start_translation
from veil.protocols.sse import EventDecoder

CHAT_ANSWER = {
    "id": "c-1",
    "model": "qwen",
    "choices": [
        {"index": 0, "message": {"role": "assistant", "content": "hi"}, "finish_reason": "stop"}
    ],
    "usage": {"prompt_tokens": 3, "completion_tokens": 1, "total_tokens": 4},
}
ERROR_CHUNK = b'data: {"error": {"message": "boom SECRET-VALUE"}}\n\n'


def _scrub(text: str) -> str:
    return text.replace("SECRET-VALUE", "[secret]")


def test_messages_go_as_chat_and_come_back_as_a_message() -> None:
    parsed = {
        "model": "qwen",
        "max_tokens": 9,
        "messages": [
            {"role": "user", "content": "hi"},
            {"role": "assistant", "content": [{"type": "thinking", "thinking": "t"}]},
        ],
    }
    done = start_translation("messages", parsed, _scrub)
    assert done.body["messages"][0] == {"role": "user", "content": "hi"}
    assert "thinking" not in json.dumps(done.body) and done.dropped == ["1 thinking block"]
    message = done.whole(CHAT_ANSWER)
    assert message["type"] == "message" and message["model"] == "qwen"
    assert message["content"] == [{"type": "text", "text": "hi"}]


def test_responses_go_as_chat_and_come_back_as_a_response_with_its_custom_tools() -> None:
    tool = {"type": "custom", "name": "apply_patch", "description": "patch"}
    parsed = {"model": "qwen", "input": "hi", "tools": [tool], "stream": True}
    done = start_translation("responses", parsed, _scrub)
    assert done.body["messages"] == [{"role": "user", "content": "hi"}]
    call = {"id": "call_1", "type": "function"}
    call["function"] = {"name": "apply_patch", "arguments": json.dumps({"input": "*** Begin"})}
    answer = {**CHAT_ANSWER, "choices": [{"index": 0, "finish_reason": "tool_calls"}]}
    answer["choices"][0]["message"] = {"role": "assistant", "content": "", "tool_calls": [call]}
    (item,) = done.whole(answer)["output"]
    assert (item["type"], item["input"]) == ("custom_tool_call", "*** Begin")


@pytest.mark.parametrize("name", ["messages", "responses"])
def test_each_stream_is_a_fresh_translator_whose_errors_are_scrubbed(name: str) -> None:
    parsed = {"model": "qwen", "max_tokens": 9, "messages": [], "input": "hi", "stream": True}
    done = start_translation(name, parsed, _scrub)
    first, second = done.stream(), done.stream()
    assert first is not second
    (event,) = EventDecoder().feed(ERROR_CHUNK)
    out = b"".join(e.raw for e in first.feed(event))
    assert b"[secret]" in out and b"SECRET-VALUE" not in out and first.complete
    assert not second.complete


def test_no_translation_for_other_formats() -> None:
    with pytest.raises(ValueError, match="no translation for 'chat'"):
        start_translation("chat", {}, _scrub)


def test_a_token_count_is_a_quarter_of_the_json_and_never_zero() -> None:
    assert estimate_tokens({}) == 1
    body = {"messages": [{"role": "user", "content": "x" * 400}]}
    assert estimate_tokens(body) == len(json.dumps(body, separators=(",", ":"))) // 4
