"""The gateway speaks plain ASGI (the types in veil.gateway.asgi): lifespan, WebSocket refusal,
and an HTTP exchange driven by hand-made messages, with no server in between."""

from __future__ import annotations

from collections.abc import Callable

import orjson
import pytest

from veil.gateway.app import Gateway
from veil.gateway.asgi import Message, Receive, Scope, Send

pytestmark = pytest.mark.anyio


def _channel(*incoming: Message) -> tuple[Receive, Send, list[Message]]:
    inbox, sent = list(incoming), []

    async def receive() -> Message:
        return inbox.pop(0)

    async def send(message: Message) -> None:
        sent.append(message)

    return receive, send, sent


async def test_lifespan_starts_and_stops(gateway: Gateway) -> None:
    receive, send, sent = _channel({"type": "lifespan.startup"}, {"type": "lifespan.shutdown"})
    await gateway({"type": "lifespan"}, receive, send)
    assert [m["type"] for m in sent] == [
        "lifespan.startup.complete",
        "lifespan.shutdown.complete",
    ]


async def test_a_websocket_is_refused_with_a_426_codex_understands(gateway: Gateway) -> None:
    scope: Scope = {
        "type": "websocket",
        "path": "/v1/responses",
        "headers": [],
        "extensions": {"websocket.http.response": {}},
    }
    receive, send, sent = _channel({"type": "websocket.connect"})
    await gateway(scope, receive, send)
    assert sent[0] == {
        "type": "websocket.http.response.start",
        "status": 426,
        "headers": [
            (b"content-type", b"application/json"),
            (b"veil-tier", b"unknown"),
            (b"veil-decision", b"none"),
        ],
    }
    assert "HTTP POST" in orjson.loads(sent[1]["body"])["error"]["message"]


async def test_an_http_request_is_answered_in_messages(
    make_gateway: Callable[..., Gateway],
) -> None:
    scope: Scope = {
        "type": "http",
        "method": "GET",
        "path": "/",
        "query_string": b"",
        "headers": [(b"host", b"127.0.0.1:8787")],
        "server": ("127.0.0.1", 8787),
    }
    receive, send, sent = _channel({"type": "http.request", "body": b"", "more_body": False})
    await make_gateway()(scope, receive, send)
    assert sent[0]["type"] == "http.response.start" and sent[0]["status"] == 200
    assert orjson.loads(sent[1]["body"])["status"] == "ok"
