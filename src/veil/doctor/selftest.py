"""The self-test: a masked round trip through every route, against the capture upstream.

A gateway is built from the user's own settings (rules, policy, organisation terms), its every
upstream pointed at the capture on 127.0.0.1, and served on a free loopback port; each route
gets a request carrying canaries made on the spot. A route passes when the capture never saw a
canary (every byte it received is searched), saw veil's placeholders instead, and, where the
capture echoes, the answer the client got has the canaries back. Nothing reaches a provider; the
gateway writes no audit events and uses a vault key of its own, so no canary is kept anywhere.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import secrets
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import aiohttp
import uvicorn

from veil.config import Settings
from veil.doctor.canaries import Canary, make_canaries, prompt
from veil.doctor.capture import Capture, Captured
from veil.doctor.report import Check, Status
from veil.gateway.admission import Admission
from veil.gateway.app import BLOCKED_CODE
from veil.gateway.local import OLLAMA_ENV
from veil.gateway.server import bind, build_gateway
from veil.gateway.upstream import Upstream, resolve_upstreams
from veil.protocols.sse import EventDecoder
from veil.vault.tokens import PLACEHOLDER_RE
from veil.vault.vault import Vault

Json = dict[str, Any]
TIMEOUT = 10.0  # seconds a probe may take (the capture answers at once)


@dataclass(frozen=True, slots=True)
class Probe:
    """One request of the self-test: its route, path, whether streamed, and whether the answer
    echoes the request (so the canaries must come back restored)."""

    name: str
    path: str
    stream: bool
    echoes: bool = True

    @property
    def anthropic(self) -> bool:
        return self.path.startswith("/v1/messages")


PROBES = (
    Probe("messages", "/v1/messages", stream=False),
    Probe("messages.stream", "/v1/messages", stream=True),
    Probe("count_tokens", "/v1/messages/count_tokens", stream=False, echoes=False),
    Probe("chat", "/v1/chat/completions", stream=False),
    Probe("chat.stream", "/v1/chat/completions", stream=True),
    Probe("responses", "/v1/responses", stream=False),
    Probe("responses.stream", "/v1/responses", stream=True),
    Probe("completions", "/v1/completions", stream=False),
    Probe("embeddings", "/v1/embeddings", stream=False, echoes=False),
)


@dataclass(frozen=True, slots=True)
class Answer:
    """What the client got back."""

    status: int
    decision: str
    body: bytes


def run_selftest(settings: Settings, step: Callable[[str], None] | None = None) -> list[Check]:
    """One check per probe (`selftest.<route>`)."""
    return asyncio.run(_run(settings, step or (lambda _: None)))


async def _run(settings: Settings, step: Callable[[str], None]) -> list[Check]:
    capture = Capture()
    await capture.start()
    try:
        gateway = _gateway(settings, capture.base)
        sock = bind("127.0.0.1", 0)
        port = sock.getsockname()[1]
        config = uvicorn.Config(
            gateway, lifespan="on", access_log=False, log_config=None, log_level="error"
        )
        server = _QuietServer(config)
        serving = asyncio.create_task(server.serve(sockets=[sock]))
        try:
            while not server.started and not serving.done():
                await asyncio.sleep(0.005)
            if serving.done():
                serving.result()  # raises what stopped it
            base = f"http://127.0.0.1:{port}"
            async with aiohttp.ClientSession(
                timeout=aiohttp.ClientTimeout(total=TIMEOUT), trust_env=False
            ) as client:
                real = resolve_upstreams(settings, {}, {})
                checks = []
                for probe in PROBES:
                    step(probe.name)
                    upstream = real.get("anthropic" if probe.anthropic else "openai")
                    checks.append(await _probe(client, base, probe, capture, upstream))
                return checks
        finally:
            server.should_exit = True
            await serving
            sock.close()
    finally:
        await capture.stop()


class _QuietServer(uvicorn.Server):
    """uvicorn, leaving the signal handlers to the command that runs the self-test."""

    @contextlib.contextmanager
    def capture_signals(self) -> Iterator[None]:
        yield


def _gateway(settings: Settings, capture: str) -> Any:
    """A gateway of the user's settings whose every upstream is the capture; no access tokens
    (the self-test is its only caller), no audit trail, a vault key of its own."""
    conf = settings.gateway.model_copy(update={"tokens_file": None})
    settings = settings.model_copy(update={"gateway": conf})
    overrides = {"anthropic": capture, "openai": f"{capture}/v1"}
    for name, upstream in settings.upstreams.items():
        overrides[name] = capture if upstream.kind == "anthropic" else f"{capture}/v1"
    vault = Vault(
        secrets.token_bytes(32),
        terms=settings.org.terms,
        names=settings.disguise.names,
        hosts=settings.disguise.hosts,
    )
    env = {OLLAMA_ENV: ""}  # look for no local model server: the capture is the only upstream
    gateway = build_gateway(settings, overrides=overrides, env=env, vault=vault, audit=False)
    gateway.admission = Admission()
    return gateway


def request_body(probe: Probe, text: str) -> Json:
    """The request a client of the probe's format would send with `text` as the user's."""
    model = "claude-selftest" if probe.anthropic else "gpt-selftest"
    messages = [{"role": "user", "content": text}]
    if probe.path == "/v1/messages":
        return {"model": model, "max_tokens": 64, "messages": messages, "stream": probe.stream}
    if probe.path == "/v1/messages/count_tokens":
        return {"model": model, "messages": messages}
    if probe.path == "/v1/chat/completions":
        return {"model": model, "messages": messages, "stream": probe.stream}
    if probe.path == "/v1/responses":
        content = [{"type": "input_text", "text": text}]
        return {
            "model": model,
            "input": [{"role": "user", "content": content}],
            "stream": probe.stream,
        }
    if probe.path == "/v1/completions":
        return {"model": model, "prompt": text}
    return {"model": model, "input": text}


async def _probe(
    client: aiohttp.ClientSession,
    base: str,
    probe: Probe,
    capture: Capture,
    upstream: Upstream | None,
) -> Check:
    canaries = make_canaries()
    seen = len(capture.requests)
    headers = {"content-type": "application/json"}
    if probe.anthropic:
        headers["anthropic-version"] = "2023-06-01"
    body = json.dumps(request_body(probe, prompt(canaries)))
    try:
        async with client.post(base + probe.path, data=body, headers=headers) as response:
            answer = Answer(
                response.status, response.headers.get("veil-decision", ""), await response.read()
            )
    except (aiohttp.ClientError, TimeoutError) as exc:
        return _check(probe, Status.RED, f"no answer from the gateway ({type(exc).__name__})")
    return judge(probe, canaries, capture.requests[seen:], answer, upstream)


def judge(
    probe: Probe,
    canaries: list[Canary],
    received: list[Captured],
    answer: Answer,
    upstream: Upstream | None = None,
) -> Check:
    """The probe's check, from what the capture received and what the client got; `upstream`
    is where the route really goes (one marked `local = true` is sent everything as it is)."""
    leaked = [c.kind for c in canaries if any(_holds(r, c.value) for r in received)]
    if answer.decision == "local":
        return _check(
            probe,
            Status.SKIP,
            "the policy keeps requests with secrets on this machine (a local upstream);"
            " that route is not a masked round trip",
        )
    if leaked and upstream is not None and upstream.local:
        return _local(probe, upstream)
    if leaked:
        return _check(
            probe,
            Status.RED,
            f"the upstream received canaries unmasked: {', '.join(leaked)}",
            "check [detect] disable, [policy] and [[rules]] in veil.toml (`veil check` shows"
            " what is found and decided)",
        )
    if _blocked(answer):
        return _check(
            probe, Status.GREEN, "blocked by your policy before anything was sent (protected)"
        )
    if answer.status != 200:
        return _check(probe, Status.RED, f"the gateway answered HTTP {answer.status}")
    if not received:
        return _check(probe, Status.RED, "nothing reached the upstream")
    placeholders = {p for r in received for p in PLACEHOLDER_RE.findall(r.raw)}
    if len(placeholders) < len(canaries):
        return _check(
            probe,
            Status.RED,
            f"the upstream saw {len(placeholders)} of veil's placeholders for"
            f" {len(canaries)} canaries",
        )
    if probe.echoes:
        text = answer_text(probe, answer.body)
        missing = [c.kind for c in canaries if c.value not in text]
        if missing:
            return _check(
                probe, Status.RED, f"the answer came back without originals: {', '.join(missing)}"
            )
        return _check(
            probe, Status.GREEN, f"{len(canaries)} canaries masked upstream, restored in the answer"
        )
    return _check(probe, Status.GREEN, f"{len(canaries)} canaries masked upstream")


def _local(probe: Probe, upstream: Upstream) -> Check:
    """A route whose upstream is marked local: requests go to it as they are, by design; red
    when that upstream is not on this machine."""
    name = upstream.name
    if upstream.on_this_machine:
        detail = f"upstream {name} is a model server on this machine (local = true): veil sends it"
        return _check(probe, Status.SKIP, detail + " requests unmasked, by design")
    return _check(
        probe,
        Status.RED,
        f"upstream {name} is marked local = true but is at {upstream.where}, not on this"
        " machine: the upstream received canaries unmasked",
        f"remove `local = true` from [upstreams.{name}] in veil.toml",
    )


def _check(probe: Probe, status: Status, detail: str, fix: str | None = None) -> Check:
    mode = "streamed" if probe.stream else "whole"
    return Check(f"selftest.{probe.name}", f"{probe.path} ({mode})", status, detail, fix)


def _holds(request: Captured, value: str) -> bool:
    """Whether a request holds a value, as it is or JSON-escaped (`/` as `\\/`)."""
    raw = request.raw
    return value in raw or json.dumps(value)[1:-1] in raw or value.replace("/", "\\/") in raw


def _blocked(answer: Answer) -> bool:
    if answer.status != 400:
        return False
    with contextlib.suppress(ValueError):
        error = json.loads(answer.body).get("error")
        return isinstance(error, dict) and (
            error.get("code") == BLOCKED_CODE or answer.decision == "block"
        )
    return False


def answer_text(probe: Probe, body: bytes) -> str:
    """The text of an answer as the client reads it: a whole body's, or a stream's deltas."""
    if not probe.stream:
        return _whole_text(json.loads(body))
    decoder = EventDecoder()
    parts = []
    for event in [*decoder.feed(body), *decoder.flush()]:
        if event.data is None or event.data == "[DONE]":
            continue
        data = json.loads(event.data)
        parts.append(_delta_text(data))
    return "".join(parts)


def _whole_text(data: Json) -> str:
    if data.get("type") == "message":
        return "".join(b.get("text", "") for b in data.get("content", []))
    if data.get("object") == "response":
        return "".join(
            part.get("text", "")
            for item in data.get("output", [])
            for part in item.get("content", [])
        )
    choice = (data.get("choices") or [{}])[0]
    return str(choice.get("text") or (choice.get("message") or {}).get("content") or "")


def _delta_text(data: Json) -> str:
    kind = data.get("type")
    if kind == "content_block_delta":
        return str(data.get("delta", {}).get("text", ""))
    if kind == "response.output_text.delta":
        return str(data.get("delta", ""))
    if kind is not None:
        return ""
    choice = (data.get("choices") or [{}])[0]
    return str(choice.get("text") or (choice.get("delta") or {}).get("content") or "")
