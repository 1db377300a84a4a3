"""The gateway as a pure ASGI app: mask the request, forward it, restore the response.

Order, once for every request: authenticate -> read (size, content type, JSON) -> detect and
mask (fail closed) -> forward -> restore (whole body or stream) -> one log line.
"""

from __future__ import annotations

import asyncio
import gzip
import hmac
import logging
import time
import zlib
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

import aiohttp
import orjson

from veil import __version__
from veil.gateway.disguise import Disguise
from veil.gateway.record import GatewayError, RequestRecord
from veil.gateway.relay import make_session, relay
from veil.gateway.routes import Target, resolve
from veil.gateway.upstream import TOKEN_HEADER, Upstream, request_headers
from veil.protocols.errors import error_body
from veil.protocols.neutral import apply, dump_json, load_json
from veil.vault.vault import Vault, VaultMap

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]

log = logging.getLogger("veil.gateway")

# Headers by which clients name a conversation; its placeholders are scoped to it.
SESSION_HEADERS = (
    "x-claude-code-session-id",
    "session_id",
    "session-id",
    "x-session-id",
    "conversation_id",
    "conversation-id",
    "thread-id",
)
_JSON = [(b"content-type", b"application/json")]


class _ClientGoneError(Exception):
    """The client disconnected before its request was read."""


class Gateway:
    """The ASGI application behind `veil serve`."""

    def __init__(
        self,
        *,
        upstreams: dict[str, Upstream],
        disguise: Disguise,
        vault: Vault,
        token: str | None = None,
        max_body_bytes: int = 32 * 1024 * 1024,
        connect_timeout: float = 10.0,
        read_timeout: float = 600.0,
        session: aiohttp.ClientSession | None = None,
    ) -> None:
        self.upstreams = upstreams
        self.disguise = disguise
        self.vault = vault
        self.token = token.encode() if token else None
        self.max_body_bytes = max_body_bytes
        self._timeouts = (connect_timeout, read_timeout)
        self._session = session

    @property
    def session(self) -> aiohttp.ClientSession:
        """The upstream session, made on first use (it needs the running event loop)."""
        if self._session is None:
            self._session = make_session(*self._timeouts)
        return self._session

    async def aclose(self) -> None:
        if self._session is not None:
            await self._session.close()
            self._session = None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            await self._http(scope, receive, send)
        elif scope["type"] == "websocket":
            await _refuse_websocket(scope, receive, send)
        elif scope["type"] == "lifespan":
            await self._lifespan(receive, send)

    async def _lifespan(self, receive: Receive, send: Send) -> None:
        while True:
            message = await receive()
            if message["type"] == "lifespan.startup":
                await send({"type": "lifespan.startup.complete"})
            elif message["type"] == "lifespan.shutdown":
                await self.aclose()
                await send({"type": "lifespan.shutdown.complete"})
                return

    async def _http(self, scope: Scope, receive: Receive, send: Send) -> None:
        started = time.perf_counter()
        method, path = scope["method"], scope["path"]
        record = RequestRecord(method, path)
        headers = {k.decode("latin-1"): v.decode("latin-1") for k, v in scope["headers"]}
        if path == "/" and method in ("GET", "HEAD"):  # Claude Code's preflight; a health check
            record.status = 200
            await _respond(send, 200, orjson.dumps({"veil": __version__, "status": "ok"}))
            return
        target = resolve(path, headers, self.upstreams)
        flavour = target.route.flavour if target else "openai"
        answered = False

        async def tracked(message: Message) -> None:
            nonlocal answered
            answered = True
            await send(message)

        try:
            if headers.get("upgrade", "").lower() == "websocket":  # no WebSocket library here
                raise GatewayError(426, _WEBSOCKET_REFUSAL_TEXT)
            if target is None:
                raise GatewayError(404, f"no upstream is configured for {path}")
            record.route, record.upstream = target.route.name, target.upstream.name
            self._authenticate(headers)
            body = await self._read_body(receive, headers, record)
            vmap = VaultMap(self.vault, _scope_of(headers))
            if body:
                body = self._mask(body, target, vmap, record)
            await self._forward(scope, receive, tracked, target, body, vmap, record)
        except _ClientGoneError:
            record.status, record.note = 499, "client_disconnected"
        except GatewayError as exc:
            record.status = exc.status
            record.note = exc.message.split(":")[0].split("(")[0].strip().replace(" ", "_")
            if not answered:
                await _respond(send, exc.status, error_body(flavour, exc.status, exc.message))
        except Exception:
            log.exception("internal error")
            record.status, record.note = 500, "internal_error"
            if not answered:
                message = "veil failed on this request (internal error); see veil's log"
                await _respond(send, 500, error_body(flavour, 500, message))
        finally:
            log.info(record.line(time.perf_counter() - started))

    def _authenticate(self, headers: dict[str, str]) -> None:
        if self.token is None:
            return
        given = headers.get(TOKEN_HEADER, "").encode()
        if not hmac.compare_digest(given, self.token):
            raise GatewayError(401, f"missing or wrong {TOKEN_HEADER} header")

    async def _read_body(
        self, receive: Receive, headers: dict[str, str], record: RequestRecord
    ) -> bytes:
        declared = headers.get("content-length")
        too_large = (
            declared is not None and declared.isdigit() and int(declared) > self.max_body_bytes
        )
        chunks: list[bytes] = []
        size = 0
        more = True
        while more:
            message = await receive()
            if message["type"] == "http.disconnect":
                raise _ClientGoneError
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.max_body_bytes:
                too_large = True
            if not too_large:
                chunks.append(chunk)
            more = message.get("more_body", False)
        record.bytes_in = size
        if too_large:
            raise GatewayError(
                413, f"request body is larger than the limit of {self.max_body_bytes} bytes"
            )
        body = _decoded_body(b"".join(chunks), headers.get("content-encoding", ""))
        ctype = headers.get("content-type", "").split(";")[0].strip().lower()
        if body and ctype and ctype != "application/json" and not ctype.endswith("+json"):
            raise GatewayError(
                415, f"content type {ctype!r} is not supported: send application/json"
            )
        return body

    def _mask(self, body: bytes, target: Target, vmap: VaultMap, record: RequestRecord) -> bytes:
        started = time.perf_counter()
        parsed = _parse_json(body)
        if isinstance(parsed, dict) and isinstance(parsed.get("model"), str):
            record.model = parsed["model"][:80]
        try:
            slots = target.route.extract(parsed)
            record.findings = self.disguise.mask(slots, vmap)
        except Exception as exc:  # fail closed: nothing unscanned is forwarded
            log.exception("scanning failed")
            raise GatewayError(
                500, f"veil could not scan this request ({type(exc).__name__}); it was not sent"
            ) from None
        if vmap.reverse:
            apply(parsed, slots)
            body = dump_json(parsed)
        record.veil_seconds += time.perf_counter() - started
        return body

    async def _forward(
        self,
        scope: Scope,
        receive: Receive,
        send: Send,
        target: Target,
        body: bytes,
        vmap: VaultMap,
        record: RequestRecord,
    ) -> None:
        """Send upstream and relay the answer; a client that goes away cancels the upstream."""
        task = asyncio.current_task()
        assert task is not None
        watch = asyncio.ensure_future(_disconnected(receive))
        # Once the last byte is sent the server reports a disconnect too: that one is no cancel.
        watch.add_done_callback(lambda w: None if w.cancelled() or record.sent else task.cancel())
        try:
            upstream = target.upstream
            await relay(
                self.session,
                scope["method"],
                upstream.url(target.path, scope["query_string"].decode("latin-1")),
                request_headers(scope["headers"], upstream),
                body,
                send,
                target,
                vmap,
                record,
            )
        except asyncio.CancelledError:
            if not watch.done() or watch.cancelled():
                raise  # cancelled from outside (shutdown), not by the client leaving
            task.uncancel()
            record.status = record.status or 499
            record.note = "client_disconnected"
        finally:
            watch.cancel()


def _decoded_body(body: bytes, encoding: str) -> bytes:
    """A compressed request body decoded (it is forwarded plain, so that it can be scanned)."""
    encoding = encoding.strip().lower()
    if not body or encoding in ("", "identity"):
        return body
    if encoding not in ("gzip", "x-gzip", "deflate"):
        raise GatewayError(
            415, f"content encoding {encoding!r} is not supported: send gzip or none"
        )
    try:
        if encoding == "deflate":
            return zlib.decompress(body)
        return gzip.decompress(body)
    except (OSError, EOFError, zlib.error):
        raise GatewayError(400, f"request body is not valid {encoding} data") from None


def _scope_of(headers: dict[str, str]) -> str:
    for name in SESSION_HEADERS:
        value = headers.get(name)
        if value:
            return f"{name}:{value}"
    return ""


def _parse_json(body: bytes) -> Any:
    try:
        return load_json(body)
    except ValueError as exc:
        raise GatewayError(400, f"request body is not valid JSON: {exc}") from None


async def _disconnected(receive: Receive) -> None:
    while (await receive())["type"] != "http.disconnect":
        pass


async def _respond(send: Send, status: int, body: bytes) -> None:
    await send({"type": "http.response.start", "status": status, "headers": _JSON})
    await send({"type": "http.response.body", "body": body})


_WEBSOCKET_REFUSAL_TEXT = "veil does not proxy WebSockets: send this request as an HTTP POST"
_WEBSOCKET_REFUSAL = error_body("openai", 426, _WEBSOCKET_REFUSAL_TEXT)


async def _refuse_websocket(scope: Scope, receive: Receive, send: Send) -> None:
    """veil speaks HTTP only. A 426 answer to the upgrade makes Codex fall back to POST at once
    (a close or a 404 costs it seven retries first)."""
    message = await receive()
    if message["type"] != "websocket.connect":
        return
    log.info(RequestRecord("GET", scope["path"], status=426, note="websocket_refused").line(0.0))
    if "websocket.http.response" in scope.get("extensions", {}):
        start = {"type": "websocket.http.response.start", "status": 426, "headers": _JSON}
        await send(start)
        await send({"type": "websocket.http.response.body", "body": _WEBSOCKET_REFUSAL})
    else:
        await send({"type": "websocket.close", "code": 1008})
