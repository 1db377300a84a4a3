"""The self-test's capture upstream: a provider double on 127.0.0.1 that records every byte.

It speaks each route's wire format (Anthropic Messages and token counts; OpenAI chat
completions, Responses, completions and embeddings), whole and streamed, and answers with the
request's last user text echoed back (`echo: ...`), so whatever the gateway sent comes back and
must be restored. Streams go out a few characters an event, so placeholders are split across
events as real providers split them. Each upstream of the self-test's gateway is given a base
URL of its own here (`/_up/N`), so every request is recorded with the upstream that sent it.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from aiohttp import web

CHUNK = 3  # characters an event carries
_TAG = "/_up/"  # a path's start that names the upstream it was sent to

Json = dict[str, Any]


@dataclass(frozen=True, slots=True)
class Captured:
    """One request as the capture received it: the upstream it was sent to (the name given
    to `Capture.base_for`; "" for none), path, headers and body, every byte."""

    path: str
    headers: tuple[tuple[str, str], ...]
    body: bytes
    upstream: str = ""

    @property
    def raw(self) -> str:
        """Everything received, as one text to search (path, headers and body)."""
        head = "\n".join(f"{k}: {v}" for k, v in self.headers)
        return f"{self.path}\n{head}\n\n" + self.body.decode("utf-8", "replace")


class Capture:
    """The upstream double. `start()` listens on a free loopback port; `requests` fills up."""

    def __init__(self) -> None:
        self.requests: list[Captured] = []
        self._runner: web.ServerRunner | None = None
        self._names: list[str] = []
        self.port = 0

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def base_for(self, upstream: str) -> str:
        """A base URL here for `upstream`: what is sent to it is recorded with its name."""
        if upstream not in self._names:
            self._names.append(upstream)
        return f"{self.base}{_TAG}{self._names.index(upstream)}"

    async def start(self) -> None:
        self._runner = web.ServerRunner(web.Server(self._handle), access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.port = self._runner.addresses[0][1]

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    def _untag(self, path: str) -> tuple[str, str]:
        """The upstream a path was sent to, and the path without its tag."""
        if not path.startswith(_TAG):
            return "", path
        number, _, rest = path.removeprefix(_TAG).partition("/")
        if not number.isdigit() or int(number) >= len(self._names):
            return "", path
        return self._names[int(number)], "/" + rest

    async def _handle(self, request: web.BaseRequest) -> web.StreamResponse:
        body = await request.read()
        upstream, path = self._untag(request.path_qs)
        headers = tuple(request.headers.items())
        self.requests.append(Captured(path, headers, body, upstream))
        try:
            parsed = json.loads(body) if body else {}
        except ValueError:
            return web.json_response({"error": {"message": "not JSON"}}, status=400)
        if not isinstance(parsed, dict):
            return web.json_response({"error": {"message": "not an object"}}, status=400)
        answer = _ANSWERS.get(path.partition("?")[0].removeprefix("/v1"))
        if answer is None:
            return web.json_response({"error": {"message": "no such route"}}, status=404)
        whole, events = answer
        if not parsed.get("stream") or events is None:
            return web.json_response(whole(parsed))
        response = web.StreamResponse(headers={"content-type": "text/event-stream"})
        await response.prepare(request)
        for event in events(parsed):
            await response.write(event)
        await response.write_eof()
        return response


# ---------------------------------------------------------------- what was asked


def _text(content: Any) -> str:
    if isinstance(content, str):
        return content
    if isinstance(content, list):
        return "\n".join(
            _text(block.get("text", "")) if isinstance(block, dict) else _text(block)
            for block in content
        )
    return ""


def last_user_text(body: Json) -> str:
    """The last user text of a request in any of the formats (what the capture echoes)."""
    for key in ("prompt", "input"):
        value = body.get(key)
        if isinstance(value, str):
            return value
    items = body.get("messages") or body.get("input") or []
    for item in reversed(items if isinstance(items, list) else []):
        if isinstance(item, dict) and item.get("role") == "user":
            return _text(item.get("content"))
    return ""


def _reply(body: Json) -> str:
    return "echo: " + last_user_text(body)


def _pieces(text: str) -> list[str]:
    return [text[i : i + CHUNK] for i in range(0, len(text), CHUNK)] or [""]


def _sse(name: str | None, data: Json | str) -> bytes:
    head = f"event: {name}\n" if name else ""
    payload = data if isinstance(data, str) else json.dumps(data)
    return f"{head}data: {payload}\n\n".encode()


# ---------------------------------------------------------------- Anthropic


def _message(body: Json) -> Json:
    return {
        "id": "msg_capture",
        "type": "message",
        "role": "assistant",
        "model": body.get("model", "capture"),
        "content": [{"type": "text", "text": _reply(body)}],
        "stop_reason": "end_turn",
        "stop_sequence": None,
        "usage": {"input_tokens": 1, "output_tokens": 1},
    }


def _message_events(body: Json) -> list[bytes]:
    start = {**_message(body), "content": [], "stop_reason": None}
    out = [_sse("message_start", {"type": "message_start", "message": start})]
    block = {"type": "text", "text": ""}
    out.append(
        _sse(
            "content_block_start",
            {"type": "content_block_start", "index": 0, "content_block": block},
        )
    )
    for piece in _pieces(_reply(body)):
        delta = {"type": "text_delta", "text": piece}
        out.append(
            _sse("content_block_delta", {"type": "content_block_delta", "index": 0, "delta": delta})
        )
    out.append(_sse("content_block_stop", {"type": "content_block_stop", "index": 0}))
    end = {"stop_reason": "end_turn", "stop_sequence": None}
    out.append(
        _sse(
            "message_delta", {"type": "message_delta", "delta": end, "usage": {"output_tokens": 1}}
        )
    )
    out.append(_sse("message_stop", {"type": "message_stop"}))
    return out


def _count(body: Json) -> Json:
    return {"input_tokens": max(1, len(json.dumps(body)) // 4)}


# ---------------------------------------------------------------- OpenAI


def _chat(body: Json) -> Json:
    message = {"role": "assistant", "content": _reply(body)}
    return {
        "id": "chatcmpl-capture",
        "object": "chat.completion",
        "created": 1,
        "model": body.get("model", "capture"),
        "choices": [{"index": 0, "message": message, "finish_reason": "stop"}],
    }


def _chat_events(body: Json) -> list[bytes]:
    base = {"id": "chatcmpl-capture", "object": "chat.completion.chunk", "created": 1}

    def chunk(delta: Json, finish: str | None = None) -> bytes:
        choice = {"index": 0, "delta": delta, "finish_reason": finish}
        return _sse(None, {**base, "model": body.get("model", "capture"), "choices": [choice]})

    out = [chunk({"role": "assistant", "content": ""})]
    out += [chunk({"content": piece}) for piece in _pieces(_reply(body))]
    return [*out, chunk({}, "stop"), _sse(None, "[DONE]")]


def _completion(body: Json) -> Json:
    choice = {"index": 0, "text": _reply(body), "finish_reason": "stop", "logprobs": None}
    return {"id": "cmpl-capture", "object": "text_completion", "created": 1, "choices": [choice]}


def _completion_events(body: Json) -> list[bytes]:
    base = {"id": "cmpl-capture", "object": "text_completion", "created": 1}
    out = [
        _sse(None, {**base, "choices": [{"index": 0, "text": p, "finish_reason": None}]})
        for p in _pieces(_reply(body))
    ]
    return [*out, _sse(None, "[DONE]")]


def _embeddings(body: Json) -> Json:
    vector = {"object": "embedding", "index": 0, "embedding": [0.0, 0.5, 1.0]}
    return {"object": "list", "data": [vector], "model": body.get("model", "capture")}


def _response(body: Json, status: str, text: str | None) -> Json:
    output = []
    if text is not None:
        part = {"type": "output_text", "text": text, "annotations": []}
        item = {"type": "message", "id": "msg_capture", "role": "assistant", "status": status}
        output.append({**item, "content": [part]})
    return {
        "id": "resp_capture",
        "object": "response",
        "created_at": 1,
        "status": status,
        "model": body.get("model", "capture"),
        "output": output,
    }


def _responses(body: Json) -> Json:
    return _response(body, "completed", _reply(body))


def _responses_events(body: Json) -> list[bytes]:
    text = _reply(body)
    where = {"item_id": "msg_capture", "output_index": 0, "content_index": 0}
    item = {"type": "message", "id": "msg_capture", "role": "assistant", "content": []}
    events: list[Json] = [
        {"type": "response.created", "response": _response(body, "in_progress", None)},
        {"type": "response.output_item.added", "output_index": 0, "item": item},
    ]
    events += [{"type": "response.output_text.delta", **where, "delta": p} for p in _pieces(text)]
    events.append({"type": "response.output_text.done", **where, "text": text})
    events.append({"type": "response.completed", "response": _response(body, "completed", text)})
    return [_sse(e["type"], {**e, "sequence_number": n}) for n, e in enumerate(events)]


Whole = Callable[[Json], Json]
Events = Callable[[Json], list[bytes]]
_ANSWERS: dict[str, tuple[Whole, Events | None]] = {
    "/messages": (_message, _message_events),
    "/messages/count_tokens": (_count, None),
    "/chat/completions": (_chat, _chat_events),
    "/responses": (_responses, _responses_events),
    "/completions": (_completion, _completion_events),
    "/embeddings": (_embeddings, None),
}
