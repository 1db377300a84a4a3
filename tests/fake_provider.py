"""A fake model provider: a real HTTP server on 127.0.0.1 speaking Anthropic's and OpenAI's formats.

Run it as a process: `python -m tests.fake_provider --port 0 [--record FILE] [--keep N]`; it
prints `fake provider listening on http://127.0.0.1:PORT`. Every request it gets is recorded
(method, path, headers, body text) and can be read back from `GET /_fake/requests`; with
`--keep N` only the last N stay in memory (for long runs such as bench/soak.py; `n` still counts
every request).

What it answers is scripted by the request itself:
- By default it echoes: the reply is `echo: ` + the last user text (or tool result), so whatever
  placeholders veil sent come back in the reply and must be restored for the client.
- `[[tool NAME {json}]]` in the last user text: the reply is a call of tool NAME with those
  arguments; `[[echo-tool NAME]]`: a call of NAME whose `value` argument is the last user text.
  `[[patch]]`: a Responses custom tool call (`apply_patch`) whose input is the last user text.
- When the last message is a tool result, the reply is `tool said: ` + that result.
- Headers: `x-fake-chunk: N` streams N characters per event (default 3); `x-fake-status: CODE`
  answers that error in the provider's format; `x-fake-cut: N` closes the stream abruptly after
  N events; `x-fake-delay: SECONDS` waits between events; `x-fake-reply: TEXT` replaces the echo.
- A request with `"thinking"` (Anthropic) streams a signed thinking block before the text.
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import json
import re
import socket
import sys
from typing import Any

import uvicorn

from veil.gateway.asgi import Receive, Scope, Send

_TOOL = re.compile(r"\[\[tool (\S+) (\{.*?\})\]\]", re.S)
_ECHO_TOOL = re.compile(r"\[\[echo-tool (\S+)\]\]")


class Recorder:
    """Every request received, in order, and which streams the client cut short."""

    def __init__(self, path: str | None, keep: int | None = None) -> None:
        self.entries: list[dict[str, Any]] = []
        self.path = path
        self.keep = keep  # how many of the latest entries stay in memory (None: all)
        self.count = 0

    def add(self, entry: dict[str, Any]) -> int:
        entry["n"] = self.count
        self.count += 1
        self.entries.append(entry)
        if self.keep is not None and len(self.entries) > 2 * self.keep + 64:
            del self.entries[: len(self.entries) - self.keep]  # amortised: trimmed in batches
        if self.path:
            with open(self.path, "a", encoding="utf-8") as out:
                out.write(json.dumps(entry) + "\n")
        return entry["n"]


# ---------------------------------------------------------------- what the request asks for


def _text_of(content: Any) -> str:
    if isinstance(content, str):
        return content
    if isinstance(content, list):
        parts = []
        for block in content:
            if isinstance(block, dict):
                for key in ("text", "content", "output"):
                    if key in block:
                        parts.append(_text_of(block[key]))
            elif isinstance(block, str):
                parts.append(block)
        return "\n".join(p for p in parts if p)
    return ""


def _last_turn(body: dict[str, Any], fmt: str) -> tuple[str, bool]:
    """The last user text and whether it is a tool result."""
    if fmt == "responses":
        items = body.get("input")
        if isinstance(items, str):
            return items, False
        for item in reversed(items or []):
            kind = item.get("type", "message")
            if kind in ("function_call_output", "custom_tool_call_output"):
                return _text_of(item.get("output")), True
            if kind == "message" and item.get("role") == "user":
                return _text_of(item.get("content")), False
        return "", False
    if fmt in ("completions", "embeddings"):
        value = body.get("prompt" if fmt == "completions" else "input")
        return (value if isinstance(value, str) else " ".join(map(str, value or []))), False
    for message in reversed(body.get("messages") or []):
        role = message.get("role")
        content = message.get("content")
        if role == "tool":
            return _text_of(content), True
        if role == "user":
            if isinstance(content, list) and any(
                isinstance(b, dict) and b.get("type") == "tool_result" for b in content
            ):
                results = [b for b in content if b.get("type") == "tool_result"]
                return _text_of([{"content": b.get("content")} for b in results]), True
            return _text_of(content), False
    return "", False


def _plan(body: dict[str, Any], fmt: str, headers: dict[str, str]) -> dict[str, Any]:
    text, is_result = _last_turn(body, fmt)
    if "x-fake-reply" in headers:
        return {"text": headers["x-fake-reply"]}
    if is_result:
        return {"text": "tool said: " + text}
    m = _TOOL.search(text)
    if m:
        return {"tool": m.group(1), "arguments": m.group(2)}
    m = _ECHO_TOOL.search(text)
    if m:
        return {"tool": m.group(1), "arguments": json.dumps({"value": text})}
    if "[[patch]]" in text:
        return {"custom": "apply_patch", "input": text}
    return {"text": "echo: " + text}


def _pieces(text: str, size: int) -> list[str]:
    return [text[i : i + size] for i in range(0, len(text), size)] or [""]


def _sse(name: str | None, data: Any) -> bytes:
    head = f"event: {name}\n" if name else ""
    payload = data if isinstance(data, str) else json.dumps(data)
    return f"{head}data: {payload}\n\n".encode()


# ---------------------------------------------------------------- Anthropic Messages


def anthropic_events(body: dict[str, Any], plan: dict[str, Any], size: int) -> list[bytes]:
    model = body.get("model", "fake-model")
    usage = {"input_tokens": 10, "output_tokens": 1}
    message = {
        "id": "msg_fake",
        "type": "message",
        "role": "assistant",
        "model": model,
        "content": [],
        "stop_reason": None,
        "stop_sequence": None,
        "usage": usage,
    }
    out = [_sse("message_start", {"type": "message_start", "message": message})]
    out.append(_sse("ping", {"type": "ping"}))
    index = 0
    if body.get("thinking") and "text" in plan:
        start = {"type": "thinking", "thinking": "", "signature": ""}
        out.append(_sse("content_block_start", _block_start(index, start)))
        for piece in _pieces("Thinking about " + plan["text"], size):
            out.append(
                _sse("content_block_delta", _delta(index, "thinking_delta", "thinking", piece))
            )
        signature = {"type": "signature_delta", "signature": _signature(plan["text"])}
        out.append(
            _sse(
                "content_block_delta",
                {"type": "content_block_delta", "index": index, "delta": signature},
            )
        )
        out.append(_sse("content_block_stop", {"type": "content_block_stop", "index": index}))
        index += 1
    if "tool" in plan:
        block = {"type": "tool_use", "id": "toolu_fake_1", "name": plan["tool"], "input": {}}
        out.append(_sse("content_block_start", _block_start(index, block)))
        for piece in _pieces(plan["arguments"], size):
            out.append(
                _sse(
                    "content_block_delta", _delta(index, "input_json_delta", "partial_json", piece)
                )
            )
        stop_reason = "tool_use"
    else:
        out.append(_sse("content_block_start", _block_start(index, {"type": "text", "text": ""})))
        for piece in _pieces(plan["text"], size):
            out.append(_sse("content_block_delta", _delta(index, "text_delta", "text", piece)))
        stop_reason = "end_turn"
    out.append(_sse("content_block_stop", {"type": "content_block_stop", "index": index}))
    final = {"type": "message_delta", "delta": {"stop_reason": stop_reason, "stop_sequence": None}}
    final["usage"] = {"output_tokens": 5}
    out.append(_sse("message_delta", final))
    out.append(_sse("message_stop", {"type": "message_stop"}))
    return out


def _block_start(index: int, block: dict[str, Any]) -> dict[str, Any]:
    return {"type": "content_block_start", "index": index, "content_block": block}


def _delta(index: int, kind: str, field: str, piece: str) -> dict[str, Any]:
    return {"type": "content_block_delta", "index": index, "delta": {"type": kind, field: piece}}


def _signature(text: str) -> str:
    return hashlib.sha256(("Thinking about " + text).encode()).hexdigest()


def anthropic_message(body: dict[str, Any], plan: dict[str, Any]) -> dict[str, Any]:
    content: list[dict[str, Any]] = []
    if body.get("thinking") and "text" in plan:
        thinking = "Thinking about " + plan["text"]
        content.append(
            {"type": "thinking", "thinking": thinking, "signature": _signature(plan["text"])}
        )
    if "tool" in plan:
        content.append(
            {
                "type": "tool_use",
                "id": "toolu_fake_1",
                "name": plan["tool"],
                "input": json.loads(plan["arguments"]),
            }
        )
    else:
        content.append({"type": "text", "text": plan["text"]})
    return {
        "id": "msg_fake",
        "type": "message",
        "role": "assistant",
        "model": body.get("model", "fake-model"),
        "content": content,
        "stop_reason": "tool_use" if "tool" in plan else "end_turn",
        "stop_sequence": None,
        "usage": {"input_tokens": 10, "output_tokens": 5},
    }


# ---------------------------------------------------------------- OpenAI chat and completions


def chat_events(body: dict[str, Any], plan: dict[str, Any], size: int) -> list[bytes]:
    base = {
        "id": "chatcmpl-fake",
        "object": "chat.completion.chunk",
        "created": 1,
        "model": body.get("model", "fake"),
    }

    def chunk(delta: dict[str, Any], finish: str | None = None) -> bytes:
        return _sse(
            None, {**base, "choices": [{"index": 0, "delta": delta, "finish_reason": finish}]}
        )

    out = [chunk({"role": "assistant", "content": ""})]
    if "tool" in plan:
        call = {
            "index": 0,
            "id": "call_fake_1",
            "type": "function",
            "function": {"name": plan["tool"], "arguments": ""},
        }
        out.append(chunk({"tool_calls": [call]}))
        for piece in _pieces(plan["arguments"], size):
            out.append(chunk({"tool_calls": [{"index": 0, "function": {"arguments": piece}}]}))
        out.append(chunk({}, "tool_calls"))
    else:
        for piece in _pieces(plan["text"], size):
            out.append(chunk({"content": piece}))
        out.append(chunk({}, "stop"))
    if (body.get("stream_options") or {}).get("include_usage"):
        usage = {"prompt_tokens": 10, "completion_tokens": 5, "total_tokens": 15}
        out.append(_sse(None, {**base, "choices": [], "usage": usage}))
    out.append(_sse(None, "[DONE]"))
    return out


def chat_completion(body: dict[str, Any], plan: dict[str, Any]) -> dict[str, Any]:
    message: dict[str, Any] = {"role": "assistant", "content": None}
    if "tool" in plan:
        fn = {"name": plan["tool"], "arguments": plan["arguments"]}
        message["tool_calls"] = [{"id": "call_fake_1", "type": "function", "function": fn}]
    else:
        message["content"] = plan["text"]
    return {
        "id": "chatcmpl-fake",
        "object": "chat.completion",
        "created": 1,
        "model": body.get("model", "fake"),
        "choices": [
            {
                "index": 0,
                "message": message,
                "finish_reason": "tool_calls" if "tool" in plan else "stop",
            }
        ],
        "usage": {"prompt_tokens": 10, "completion_tokens": 5, "total_tokens": 15},
    }


def completion_events(body: dict[str, Any], text: str, size: int) -> list[bytes]:
    base = {
        "id": "cmpl-fake",
        "object": "text_completion",
        "created": 1,
        "model": body.get("model", "fake"),
    }
    out = [
        _sse(None, {**base, "choices": [{"index": 0, "text": p, "finish_reason": None}]})
        for p in _pieces(text, size)
    ]
    out.append(_sse(None, {**base, "choices": [{"index": 0, "text": "", "finish_reason": "stop"}]}))
    out.append(_sse(None, "[DONE]"))
    return out


def completion(body: dict[str, Any], text: str) -> dict[str, Any]:
    return {
        "id": "cmpl-fake",
        "object": "text_completion",
        "created": 1,
        "model": body.get("model", "fake"),
        "choices": [{"index": 0, "text": text, "finish_reason": "stop", "logprobs": None}],
        "usage": {"prompt_tokens": 10, "completion_tokens": 5, "total_tokens": 15},
    }


def embeddings(body: dict[str, Any]) -> dict[str, Any]:
    inputs = body.get("input")
    inputs = inputs if isinstance(inputs, list) else [inputs]
    data = []
    for i, item in enumerate(inputs):
        digest = hashlib.sha256(str(item).encode()).digest()
        data.append({"object": "embedding", "index": i, "embedding": [b / 255 for b in digest[:8]]})
    return {
        "object": "list",
        "data": data,
        "model": body.get("model", "fake"),
        "usage": {"prompt_tokens": 1, "total_tokens": 1},
    }


# ---------------------------------------------------------------- OpenAI Responses


def _output_item(plan: dict[str, Any]) -> dict[str, Any]:
    if "tool" in plan:
        return {
            "type": "function_call",
            "id": "fc_fake_1",
            "call_id": "call_fake_1",
            "name": plan["tool"],
            "arguments": plan["arguments"],
            "status": "completed",
        }
    if "custom" in plan:
        return {
            "type": "custom_tool_call",
            "id": "ctc_fake_1",
            "call_id": "call_fake_1",
            "name": plan["custom"],
            "input": plan["input"],
            "status": "completed",
        }
    part = {"type": "output_text", "text": plan["text"], "annotations": []}
    return {
        "type": "message",
        "id": "msg_fake_1",
        "role": "assistant",
        "status": "completed",
        "content": [part],
    }


def _response(body: dict[str, Any], output: list[dict[str, Any]], status: str) -> dict[str, Any]:
    return {
        "id": "resp_fake",
        "object": "response",
        "created_at": 1,
        "status": status,
        "model": body.get("model", "fake"),
        "output": output,
        "usage": {"input_tokens": 10, "output_tokens": 5, "total_tokens": 15},
    }


def responses_events(body: dict[str, Any], plan: dict[str, Any], size: int) -> list[bytes]:
    seq = 0
    out: list[bytes] = []

    def emit(data: dict[str, Any]) -> None:
        nonlocal seq
        data["sequence_number"] = seq
        seq += 1
        out.append(_sse(data["type"], data))

    emit({"type": "response.created", "response": _response(body, [], "in_progress")})
    emit({"type": "response.in_progress", "response": _response(body, [], "in_progress")})
    item = _output_item(plan)
    where = {"item_id": item["id"], "output_index": 0}
    if "tool" in plan or "custom" in plan:
        field = "arguments" if "tool" in plan else "input"
        kind = "function_call_arguments" if "tool" in plan else "custom_tool_call_input"
        emit({"type": "response.output_item.added", "output_index": 0, "item": {**item, field: ""}})
        for piece in _pieces(item[field], size):
            emit({"type": f"response.{kind}.delta", **where, "delta": piece})
        emit({"type": f"response.{kind}.done", **where, field: item[field]})
    else:
        text = plan["text"]
        emit(
            {
                "type": "response.output_item.added",
                "output_index": 0,
                "item": {**item, "content": [], "status": "in_progress"},
            }
        )
        part = {"type": "output_text", "text": "", "annotations": []}
        emit({"type": "response.content_part.added", **where, "content_index": 0, "part": part})
        for piece in _pieces(text, size):
            emit(
                {"type": "response.output_text.delta", **where, "content_index": 0, "delta": piece}
            )
        emit({"type": "response.output_text.done", **where, "content_index": 0, "text": text})
        emit(
            {
                "type": "response.content_part.done",
                **where,
                "content_index": 0,
                "part": {**part, "text": text},
            }
        )
    emit({"type": "response.output_item.done", "output_index": 0, "item": item})
    emit({"type": "response.completed", "response": _response(body, [item], "completed")})
    return out


# ---------------------------------------------------------------- errors


def _error(fmt: str, status: int) -> dict[str, Any]:
    message = f"fake provider error {status}"
    if fmt == "anthropic":
        kind = {429: "rate_limit_error", 401: "authentication_error"}.get(status, "api_error")
        return {"type": "error", "error": {"type": kind, "message": message}}
    return {"error": {"message": message, "type": "fake_error", "param": None, "code": str(status)}}


# ---------------------------------------------------------------- the server


class FakeProvider:
    def __init__(self, recorder: Recorder) -> None:
        self.recorder = recorder

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            while True:
                message = await receive()
                if message["type"] == "lifespan.startup":
                    await send({"type": "lifespan.startup.complete"})
                else:
                    await send({"type": "lifespan.shutdown.complete"})
                    return
        if scope["type"] != "http":
            return
        chunks = []
        while True:
            message = await receive()
            chunks.append(message.get("body", b""))
            if not message.get("more_body"):
                break
        raw = b"".join(chunks)
        headers = {k.decode(): v.decode() for k, v in scope["headers"]}
        path = scope["path"]
        if path == "/_fake/requests":
            entries = self.recorder.entries
            if self.recorder.keep is not None:
                entries = entries[-self.recorder.keep :] if self.recorder.keep else []
            await _send_json(send, 200, entries)
            return
        entry = {
            "method": scope["method"],
            "path": path,
            "query": scope["query_string"].decode(),
            "headers": headers,
            "body": raw.decode("utf-8", "replace"),
            "completed": None,
        }
        n = self.recorder.add(entry)
        try:
            await self._answer(scope, receive, send, raw, headers, path)
            entry["completed"] = True
        except _DisconnectedError:
            entry["completed"] = False
        if self.recorder.path:
            self.recorder.add({"n_done": n, "completed": entry["completed"]})

    async def _answer(
        self,
        scope: Scope,
        receive: Receive,
        send: Send,
        raw: bytes,
        headers: dict[str, str],
        path: str,
    ) -> None:
        route = path.removeprefix("/v1")
        fmt = {
            "/messages": "anthropic",
            "/messages/count_tokens": "count_tokens",
            "/chat/completions": "chat",
            "/responses": "responses",
            "/completions": "completions",
            "/embeddings": "embeddings",
        }.get(route)
        if scope["method"] == "GET" and route == "/models":
            models = [
                {
                    "id": "fake-model",
                    "object": "model",
                    "type": "model",
                    "display_name": "Fake",
                    "created": 1,
                    "created_at": "2026-01-01T00:00:00Z",
                }
            ]
            await _send_json(
                send,
                200,
                {
                    "object": "list",
                    "data": models,
                    "has_more": False,
                    "first_id": "fake-model",
                    "last_id": "fake-model",
                },
            )
            return
        if fmt is None:
            await _send_json(send, 404, _error("openai", 404))
            return
        body = json.loads(raw or b"{}")
        if "x-fake-status" in headers:
            status = int(headers["x-fake-status"])
            await _send_json(
                send,
                status,
                _error("anthropic" if fmt in ("anthropic", "count_tokens") else "openai", status),
            )
            return
        if fmt == "count_tokens":
            await _send_json(send, 200, {"input_tokens": len(raw) // 4})
            return
        if fmt == "embeddings":
            await _send_json(send, 200, embeddings(body))
            return
        plan = _plan(body, fmt, headers)
        size = int(headers.get("x-fake-chunk", "3"))
        if not body.get("stream"):
            if fmt == "anthropic":
                result = anthropic_message(body, plan)
            elif fmt == "chat":
                result = chat_completion(body, plan)
            elif fmt == "completions":
                result = completion(body, plan.get("text", ""))
            else:
                item = _output_item(plan)
                result = _response(body, [item], "completed")
            await _send_json(send, 200, result)
            return
        if fmt == "anthropic":
            events = anthropic_events(body, plan, size)
        elif fmt == "chat":
            events = chat_events(body, plan, size)
        elif fmt == "completions":
            events = completion_events(body, plan.get("text", ""), size)
        else:
            events = responses_events(body, plan, size)
        await self._stream(receive, send, events, headers)

    async def _stream(
        self, receive: Receive, send: Send, events: list[bytes], headers: dict[str, str]
    ) -> None:
        cut = int(headers["x-fake-cut"]) if "x-fake-cut" in headers else None
        delay = float(headers.get("x-fake-delay", "0"))
        await send(
            {
                "type": "http.response.start",
                "status": 200,
                "headers": [
                    (b"content-type", b"text/event-stream"),
                    (b"cache-control", b"no-cache"),
                ],
            }
        )
        gone = asyncio.ensure_future(_wait_disconnect(receive))
        try:
            for i, event in enumerate(events):
                if cut is not None and i >= cut:
                    raise _CutError
                if delay:
                    await asyncio.wait({gone}, timeout=delay)
                if gone.done():
                    raise _DisconnectedError
                await send({"type": "http.response.body", "body": event, "more_body": True})
            await send({"type": "http.response.body", "body": b"", "more_body": False})
        finally:
            gone.cancel()


class _DisconnectedError(Exception):
    pass


class _CutError(Exception):
    """Raised to drop the connection mid-stream (uvicorn closes it without ending the body)."""


async def _wait_disconnect(receive: Receive) -> None:
    while (await receive())["type"] != "http.disconnect":
        pass


async def _send_json(send: Send, status: int, data: Any) -> None:
    body = json.dumps(data).encode()
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [(b"content-type", b"application/json")],
        }
    )
    await send({"type": "http.response.body", "body": body})


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--record", default=None)
    parser.add_argument(
        "--keep", type=int, default=None, help="keep only the last N requests in memory"
    )
    args = parser.parse_args()
    sock = socket.socket()
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", args.port))
    sock.listen(1024)
    print(f"fake provider listening on http://127.0.0.1:{sock.getsockname()[1]}", flush=True)
    config = uvicorn.Config(
        FakeProvider(Recorder(args.record, args.keep)),
        log_level="critical",
        access_log=False,
        lifespan="on",
    )
    uvicorn.Server(config).run(sockets=[sock])


if __name__ == "__main__":
    sys.exit(main())
