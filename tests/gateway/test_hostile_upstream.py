"""An upstream that sends events of shapes its format does not allow: the client's stream ends
with an `error` event in its own format, never a traceback or a connection cut with nothing."""

from __future__ import annotations

import json
import logging
from typing import Any

import pytest
from aiohttp import web

from tests.factories import sse_data
from tests.gateway.conftest import Upstream, client_for
from veil.gateway.app import Gateway

pytestmark = pytest.mark.anyio


def _sse(name: str | None, data: Any) -> bytes:
    head = f"event: {name}\n" if name else ""
    return f"{head}data: {json.dumps(data)}\n\n".encode()


_MESSAGE_START = _sse(
    "message_start",
    {"type": "message_start", "message": {"id": "m", "role": "assistant", "content": []}},
)
_TEXT_START = _sse(
    "content_block_start",
    {"type": "content_block_start", "index": 0, "content_block": {"type": "text", "text": ""}},
)


def _delta(index: Any, delta: Any) -> bytes:
    return _sse(
        "content_block_delta", {"type": "content_block_delta", "index": index, "delta": delta}
    )


def _chat_chunk(choice: Any) -> bytes:
    return _sse(None, {"id": "c", "object": "chat.completion.chunk", "choices": [choice]})


HOSTILE = {
    "anthropic index is a list": (
        "/v1/messages",
        [_MESSAGE_START, _TEXT_START, _delta([1], {"type": "text_delta", "text": "hi"})],
    ),
    "anthropic index is a string": (
        "/v1/messages",
        [_MESSAGE_START, _TEXT_START, _delta("0", {"type": "text_delta", "text": "hi"})],
    ),
    "anthropic text is a number": (
        "/v1/messages",
        [_MESSAGE_START, _TEXT_START, _delta(0, {"type": "text_delta", "text": 5})],
    ),
    "anthropic delta is a list": ("/v1/messages", [_MESSAGE_START, _TEXT_START, _delta(0, [1])]),
    "chat choice index is a list": (
        "/v1/chat/completions",
        [_chat_chunk({"index": [0], "delta": {"content": "VEIL_"}})],
    ),
    "chat tool call index is a dict": (
        "/v1/chat/completions",
        [_chat_chunk({"index": 0, "delta": {"tool_calls": [{"index": {}, "function": {}}]}})],
    ),
    "chat choices is a string": ("/v1/chat/completions", [_sse(None, {"choices": "x"})]),
    "responses output index is a list": (
        "/v1/responses",
        [
            _sse(
                "response.output_text.delta",
                {
                    "type": "response.output_text.delta",
                    "output_index": [0],
                    "content_index": [0],
                    "item_id": ["x"],
                    "delta": "VEIL_",
                    "sequence_number": 1,
                },
            )
        ],
    ),
    "responses delta is an object": (
        "/v1/responses",
        [
            _sse(
                "response.output_text.delta",
                {
                    "type": "response.output_text.delta",
                    "output_index": 0,
                    "content_index": 0,
                    "item_id": "x",
                    "delta": {"a": 1},
                    "sequence_number": 1,
                },
            )
        ],
    ),
}


@pytest.mark.parametrize("case", sorted(HOSTILE))
async def test_a_malformed_stream_event_ends_the_stream_with_an_error_event(
    gateway: Gateway, upstream: Upstream, caplog: pytest.LogCaptureFixture, case: str
) -> None:
    path, events = HOSTILE[case]

    async def hostile(request: web.BaseRequest) -> web.StreamResponse:
        response = web.StreamResponse(headers={"content-type": "text/event-stream"})
        await response.prepare(request)
        for event in events:
            await response.write(event)
        await response.write_eof()
        return response

    upstream.handler = hostile
    body = {"model": "m", "stream": True, "messages": [{"role": "user", "content": "hi"}]}
    with caplog.at_level(logging.INFO, logger="veil.gateway"):
        async with client_for(gateway) as client:
            r = await client.post(path, json=body)
    assert r.status_code == 200
    events_out = sse_data(r.content)
    assert events_out, "the client got an empty body"
    name, data = events_out[-1]
    if path == "/v1/chat/completions":
        assert data["error"]["message"]
    else:
        assert name == "error"
        assert data["type"] == "error"
    assert "Traceback" not in r.text
    lines = [rec.getMessage() for rec in caplog.records if rec.name == "veil.gateway"]
    assert len(lines) == 1 and "status=200" in lines[0]
    assert not [rec for rec in caplog.records if rec.exc_info]
