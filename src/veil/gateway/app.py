"""The gateway as a pure ASGI app: decide on the request, mask it, forward it, restore the
response.

Order, once for every request: authenticate -> read (size, content type, JSON) -> withhold
deny-listed files, detect, classify and decide (fail closed) -> block (400), or mask and forward
to the upstream or to a local one -> restore (whole body or stream) -> one log line. Every answer
carries `veil-tier` and `veil-decision`.
"""

from __future__ import annotations

import asyncio
import dataclasses
import logging
import re
import time
from concurrent.futures import ThreadPoolExecutor

import aiohttp
import orjson

from veil import __version__
from veil.gateway.admission import (
    METHODS,
    Admission,
    check_method,
    options_allow,
    require_json,
)
from veil.gateway.asgi import ASGIApp, Message, Receive, Scope, Send
from veil.gateway.body import ClientGoneError, read_body
from veil.gateway.conversations import KeptLocal, conversation_key
from veil.gateway.local import LocalRoute, local_route, model_names
from veil.gateway.record import (
    GatewayError,
    RequestRecord,
    loggable_method,
    loggable_model,
    loggable_path,
)
from veil.gateway.relay import Way, make_session, relay
from veil.gateway.routes import Target, resolve
from veil.gateway.trail import Trail
from veil.gateway.translation import estimate_tokens, start_translation
from veil.gateway.upstream import (
    SESSION_HEADERS,
    Upstream,
    is_credential,
    local_upstreams,
    provider_of,
    request_headers,
)
from veil.pipeline.decide import Destination
from veil.pipeline.request import Pipeline, Prepared, RequestError
from veil.policy.engine import explain
from veil.policy.registry import Registry, load_registry
from veil.policy.tiers import Action, Tier
from veil.policy.toolcalls import ToolGate
from veil.protocols.errors import error_body
from veil.protocols.neutral import JSON, dump_json
from veil.vault.vault import Vault, VaultMap

log = logging.getLogger("veil.gateway")

_JSON = [(b"content-type", b"application/json")]
# Bodies from this size on are prepared on a worker thread (16 KB of new text costs about 1-3 ms
# to scan, a thread hop about 0.1 ms); at most this many are prepared at once.
OFF_LOOP_BYTES = 16 * 1024
SCAN_THREADS = 2
BLOCKED_CODE = "veil_policy_blocked"
DASHBOARD = "/_veil"  # where the dashboard is served
AUDIT_DOWN_TEXT = (
    "veil's audit store cannot be written and the policy is to refuse requests until it is"
    ' back ([audit] on_store_failure = "refuse"); nothing was sent'
)  # `error.code` of a request the policy blocks (OpenAI)


class Gateway:
    """The ASGI application behind `veil serve`."""

    def __init__(
        self,
        *,
        upstreams: dict[str, Upstream],
        pipeline: Pipeline,
        vault: Vault,
        admission: Admission | None = None,
        max_body_bytes: int = 32 * 1024 * 1024,
        client_timeout: float = 60.0,
        connect_timeout: float = 10.0,
        read_timeout: float = 600.0,
        session: aiohttp.ClientSession | None = None,
        registry: Registry | None = None,
        local_upstream: str | None = None,
        sticky: bool = True,
        gate: ToolGate | None = None,
        trail: Trail | None = None,
        dashboard: ASGIApp | None = None,
        fingerprint: str | None = None,
    ) -> None:
        self.upstreams = upstreams
        self.trail = trail
        self.dashboard = dashboard  # the pages over the audit log, under /_veil/
        self.registry = registry or load_registry()
        self._local = local_upstreams(upstreams, local_upstream)
        self._destinations: dict[tuple[str, str, str], Destination] = {}
        self._kept = KeptLocal() if sticky else None
        self._local_models: dict[str, list[str]] = {}  # what each local upstream lists
        self.gate = gate
        self._way = Way(gate, pipeline.scrub)  # how answers come back unless kept local
        self.pipeline = pipeline
        self.vault = vault
        self.admission = admission or Admission()
        self.max_body_bytes = max_body_bytes
        self.client_timeout = client_timeout
        self._timeouts = (connect_timeout, read_timeout)
        self._session = session
        self._scanners = ThreadPoolExecutor(SCAN_THREADS, thread_name_prefix="veil-scan")
        # `GET /`: healthy, the version, and the settings' fingerprint (`veil run` reuses a
        # gateway only when it runs the settings it would start one with).
        health: dict[str, str] = {"veil": __version__, "status": "ok"}
        self._health = orjson.dumps({**health, "config": fingerprint} if fingerprint else health)

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
        self._scanners.shutdown(wait=False, cancel_futures=True)
        if self.trail is not None:  # every event of an answered request is written first
            await asyncio.to_thread(self.trail.close)

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
        headers = {k.decode("latin-1"): v.decode("latin-1") for k, v in scope["headers"]}
        if self.dashboard is not None and (path == DASHBOARD or path.startswith(DASHBOARD + "/")):
            await self._dashboard(scope, receive, send, headers)
            return
        target = resolve(path, headers, self.upstreams) if path != "/" else None
        record = RequestRecord(
            loggable_method(method), loggable_path(target.path if target else path, METHODS)
        )
        flavour = target.route.flavour if target else "openai"
        answered = False
        caller = ""

        async def tracked(message: Message) -> None:
            nonlocal answered
            answered = True
            await send(message)

        try:
            self.admission.check(headers, (scope.get("server") or ("",))[0])
            if method == "OPTIONS":  # answered here, never forwarded; no CORS headers
                record.status = 204
                allow = options_allow(target.path if target else path)
                await _respond(send, 204, b"", allow + record.headers())
                return
            if path == "/":  # Claude Code's preflight; a health check
                check_method(method, path)
                record.status = 200
                await _respond(send, 200, self._health, record.headers())
                return
            if headers.get("upgrade", "").lower() == "websocket":  # no WebSocket library here
                raise GatewayError(426, _WEBSOCKET_REFUSAL_TEXT)
            if target is None:
                raise GatewayError(404, "no upstream is configured for this path")
            record.route, record.upstream = target.route.name, target.upstream.name
            check_method(method, target.path)
            caller = self.admission.identify(headers)
            if self.trail is not None and not self.trail.healthy:
                raise GatewayError(503, AUDIT_DOWN_TEXT)
            require_json(headers)
            body = await read_body(
                receive,
                headers,
                record,
                limit=self.max_body_bytes,
                timeout=self.client_timeout,
            )
            vmap = VaultMap(self.vault, _scope_of(caller, headers))
            way = self._way
            if body:
                body, target, way = await self._mask(body, target, vmap, record, (caller, headers))
            else:  # nothing of the client's leaves (a GET of the model list)
                record.tier, record.decision, record.applied = "Public", "forward", "forward"
            if way.answer is not None:  # answered here (a token count kept local)
                record.status = 200
                await _respond(tracked, 200, way.answer, record.headers())
                return
            await self._forward(scope, receive, tracked, target, body, vmap, record, way)
        except ClientGoneError:
            record.status, record.note = 499, "client_disconnected"
        except GatewayError as exc:
            record.status = exc.status
            record.note = re.split(r"[:;(]", exc.message)[0].strip().replace(" ", "_")
            if not answered:
                extra = [(k.encode(), v.encode()) for k, v in exc.headers] + record.headers()
                body = error_body(flavour, exc.status, exc.message, exc.code)
                await _respond(send, exc.status, body, extra)
        except Exception:
            log.exception("internal error")
            record.status, record.note = 500, "internal_error"
            if not answered:
                message = "veil failed on this request (internal error); see veil's log"
                await _respond(send, 500, error_body(flavour, 500, message), record.headers())
        finally:
            if record.model != "-":
                record.model = loggable_model(record.model, self.pipeline.scrub)
            total = time.perf_counter() - started
            log.info(record.line(total))
            if self.trail is not None:
                try:
                    agent, scope_text = headers.get("user-agent", ""), _scope_of(caller, headers)
                    self.trail.record(record, agent, caller, scope_text, total)
                except Exception:
                    log.exception("audit: the event of a request could not be queued")

    async def _dashboard(
        self, scope: Scope, receive: Receive, send: Send, headers: dict[str, str]
    ) -> None:
        """The dashboard's pages: a foreign Host or another site's page is refused as for
        every request (DNS rebinding, CSRF); the dashboard itself checks who may see it."""
        assert self.dashboard is not None
        try:
            self.admission.check(headers, (scope.get("server") or ("",))[0])
        except GatewayError as exc:
            await _respond(send, exc.status, error_body("openai", exc.status, exc.message))
            return
        await self.dashboard(scope, receive, send)

    def _destination(self, target: Target) -> Destination:
        """Where `target` goes, as the policy sees it (one per route and upstream)."""
        key = (target.route.name, target.route.flavour, target.upstream.name)
        dest = self._destinations.get(key)
        if dest is None:
            upstream = target.upstream
            local = local_route(target.route, target.path, self._local)
            dest = Destination(
                target.route.name,
                provider_of(upstream, self.registry),
                upstream.local,
                local is not None and not upstream.local,
            )
            self._destinations[key] = dest
        return dest

    async def _mask(
        self,
        body: bytes,
        target: Target,
        vmap: VaultMap,
        record: RequestRecord,
        who: tuple[str, dict[str, str]],
    ) -> tuple[bytes, Target, Way]:
        """The body to forward, where, and how its answer comes back: parsed, scanned,
        decided, masked and serialised (fail closed); a GatewayError when the policy blocks it.

        A body of `OFF_LOOP_BYTES` or more is prepared on a worker thread, so that one large
        request does not hold up the event loop (and the streams of every other request) while
        it is scanned; a smaller one costs less to prepare than the trip to a thread.
        """
        started = time.perf_counter()
        dest = self._destination(target)
        record.provider, record.local = dest.provider.id, dest.local
        conversation: list[str | None] = []

        def earlier(parsed: JSON) -> Tier | None:
            if self._kept is None or not dest.local_available:
                return None
            conversation.append(conversation_key(*who, parsed))
            return self._kept.tier(conversation[0])

        args = (body, target.route.extract, vmap, dest, target.path, earlier)
        try:
            if len(body) >= OFF_LOOP_BYTES:
                loop = asyncio.get_running_loop()
                prepared = await loop.run_in_executor(self._scanners, self.pipeline.prepare, *args)
            else:
                prepared = self.pipeline.prepare(*args)
        except RequestError as exc:
            raise GatewayError(400, f"request body is not valid JSON: {exc}") from None
        except Exception as exc:  # fail closed: nothing unscanned is forwarded
            log.exception("scanning failed")
            raise GatewayError(
                500, f"veil could not scan this request ({type(exc).__name__}); it was not sent"
            ) from None
        finally:
            record.veil_seconds += time.perf_counter() - started
        model = prepared.parsed.get("model") if isinstance(prepared.parsed, dict) else None
        if isinstance(model, str):
            record.model = model
        record.findings = prepared.findings
        record.masked = prepared.masked
        record.disguised = prepared.disguised
        record.unscannable = len(prepared.unscannable)
        _record_decision(record, prepared)
        decision = prepared.decision
        if decision.applied is Action.BLOCK:
            message = explain(decision, dest.provider.name, self.pipeline.policy.policy.preset)
            if decision.note and self._local:
                message += (
                    " The local upstreams configured cannot take this endpoint"
                    f" ({target.route.name})."
                )
            # A 400, not a 403: clients retry nothing on it (Codex retries a 403 five times)
            # and show it as it is (Claude Code calls every 403 an authentication failure).
            raise GatewayError(400, message, code=BLOCKED_CODE)
        way = self._way
        if not prepared.outcome.rerouted:
            return prepared.body, target, way
        if self._kept is not None and conversation:
            self._kept.keep(conversation[0], decision.tier)
        local = local_route(target.route, target.path, self._local)
        assert local is not None  # the policy reroutes only where a local upstream can take it
        record.upstream, record.provider = local.upstream.name, local.upstream.provider
        record.local = True
        kept = _kept_local_text(decision.tier, record.reasons)
        parsed = prepared.parsed
        if local.translation is not None and target.path.endswith("/count_tokens"):
            answer = orjson.dumps({"input_tokens": estimate_tokens(parsed)})
            return b"", target, dataclasses.replace(way, local=kept, answer=answer)
        if isinstance(parsed, dict) and prepared.outcome.local_model is None:
            await self._pick_local_model(local, parsed)
        target = dataclasses.replace(target, upstream=local.upstream, path=local.path)
        if local.translation is None:
            return dump_json(parsed), target, dataclasses.replace(way, local=kept)
        started = time.perf_counter()
        translator = start_translation(local.translation, parsed, self.pipeline.scrub)
        record.veil_seconds += time.perf_counter() - started
        record.translated = f"{local.translation}>chat"
        record.dropped = [self.pipeline.scrub(note) for note in translator.dropped]
        started = time.perf_counter()
        out = dump_json(translator.body)
        record.veil_seconds += time.perf_counter() - started
        return out, target, dataclasses.replace(way, local=kept, translator=translator)

    async def _pick_local_model(self, local: LocalRoute, parsed: dict[str, JSON]) -> None:
        """Ask a chat-speaking local upstream for a model it has, when the configuration names
        none: the requested one if it lists it, else the first it lists."""
        if local.upstream.kind != "openai":
            return
        name = local.upstream.name
        if name not in self._local_models:
            loop = asyncio.get_running_loop()
            listed = await loop.run_in_executor(self._scanners, model_names, local.upstream)
            if listed is None:  # not answering now: ask again next time
                return
            self._local_models[name] = listed
        listed = self._local_models[name]
        if listed and parsed.get("model") not in listed:
            parsed["model"] = listed[0]

    def _query(self, scope: Scope, vmap: VaultMap, record: RequestRecord) -> str:
        """The query string to forward, with what is found in it masked like the body."""
        query: str = scope["query_string"].decode("latin-1")
        if not query:
            return query
        started = time.perf_counter()
        masked = self.pipeline.mask_text(query, vmap)
        record.veil_seconds += time.perf_counter() - started
        return masked

    async def _forward(
        self,
        scope: Scope,
        receive: Receive,
        send: Send,
        target: Target,
        body: bytes,
        vmap: VaultMap,
        record: RequestRecord,
        way: Way,
    ) -> None:
        """Send upstream and relay the answer; a client that goes away cancels the upstream."""
        task = asyncio.current_task()
        assert task is not None
        watch = asyncio.ensure_future(_disconnected(receive))
        # Once the last byte is sent the server reports a disconnect too: that one is no cancel.
        watch.add_done_callback(lambda w: None if w.cancelled() or record.sent else task.cancel())
        record.forwarded = body
        started = time.perf_counter()
        try:
            upstream = target.upstream
            await relay(
                self.session,
                scope["method"],
                upstream.url(target.path, self._query(scope, vmap, record)),
                request_headers(
                    _credentials_kept(scope["headers"], rerouted=record.applied == "local"),
                    upstream,
                    lambda v: self.pipeline.mask_text(v, vmap),
                ),
                body,
                send,
                target,
                vmap,
                record,
                way,
            )
        except asyncio.CancelledError:
            if not watch.done() or watch.cancelled():
                raise  # cancelled from outside (shutdown), not by the client leaving
            task.uncancel()
            record.status = record.status or 499
            record.note = "client_disconnected"
        finally:
            watch.cancel()
            record.upstream_seconds = time.perf_counter() - started


def _record_decision(record: RequestRecord, prepared: Prepared) -> None:
    decision = prepared.decision
    record.tier = decision.tier.label
    record.decision = decision.action.key
    record.applied = "local" if prepared.outcome.rerouted else decision.applied.key
    record.monitor = decision.monitor
    record.reasons = tuple(str(r) for r in decision.reasons)
    record.policy_key = decision.key
    record.withheld_paths = [w.path for w in prepared.outcome.withheld]
    record.rules = prepared.rules
    record.categories = prepared.categories


def _kept_local_text(tier: Tier, reasons: tuple[str, ...]) -> str:
    """What an error of the local upstream says first: that veil kept the request local."""
    why = f" ({', '.join(reasons)})" if reasons else ""
    return f"veil kept this request on this machine by policy: it is {tier.label}{why}"


def _credentials_kept(
    headers: list[tuple[bytes, bytes]], *, rerouted: bool
) -> list[tuple[bytes, bytes]]:
    """The client's headers, less every credential when the request was rerouted to a local
    upstream (they are meant for the provider, not for a server veil chose)."""
    if not rerouted:
        return headers
    return [(k, v) for k, v in headers if not is_credential(k.decode("latin-1").lower())]


def _scope_of(caller: str, headers: dict[str, str]) -> str:
    """Whose placeholders these are: the caller (when veil has tokens) and the conversation the
    client names; never the provider credentials, which a client may refresh mid-conversation."""
    session = ""
    for name in SESSION_HEADERS:
        value = headers.get(name)
        if value:
            session = f"{name}:{value}"
            break
    return f"caller={caller}\n{session}" if caller else session


async def _disconnected(receive: Receive) -> None:
    while (await receive())["type"] != "http.disconnect":
        pass


async def _respond(
    send: Send, status: int, body: bytes, headers: list[tuple[bytes, bytes]] | None = None
) -> None:
    start = {"type": "http.response.start", "status": status}
    await send({**start, "headers": [*_JSON, *(headers or [])] if body else headers or []})
    await send({"type": "http.response.body", "body": body})


_WEBSOCKET_REFUSAL_TEXT = "veil does not proxy WebSockets: send this request as an HTTP POST"
_WEBSOCKET_REFUSAL = error_body("openai", 426, _WEBSOCKET_REFUSAL_TEXT)


async def _refuse_websocket(scope: Scope, receive: Receive, send: Send) -> None:
    """veil speaks HTTP only. A 426 answer to the upgrade makes Codex fall back to POST at once
    (a close or a 404 costs it seven retries first)."""
    message = await receive()
    if message["type"] != "websocket.connect":
        return
    path = loggable_path(scope["path"], METHODS)
    log.info(RequestRecord("GET", path, status=426, note="websocket_refused").line(0.0))
    if "websocket.http.response" in scope.get("extensions", {}):
        headers = [*_JSON, *RequestRecord("GET", path).headers()]
        start = {"type": "websocket.http.response.start", "status": 426, "headers": headers}
        await send(start)
        await send({"type": "websocket.http.response.body", "body": _WEBSOCKET_REFUSAL})
    else:
        await send({"type": "websocket.close", "code": 1008})
