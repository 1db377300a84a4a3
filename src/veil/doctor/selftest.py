"""The self-test: a masked round trip through every route, against the capture upstream.

A gateway is built from the user's own settings (rules, policy, organisation terms, upstreams)
as `veil serve` builds it, so the policy judges each upstream by its real provider and
location; only the address its bytes go to changes: every upstream sends to the capture on
127.0.0.1 (which records which upstream sent what). Each route of the default upstreams, and
one route of every other configured upstream (`/NAME/v1/...`), gets a request carrying
canaries made on the spot. A route passes when the capture never saw a canary (nor any
fragment of one; every byte it received is searched), saw veil's placeholders instead, and,
where the capture echoes, the answer the client got has the canaries back. A request the
policy sends unmasked to a model server on this machine is skipped, by design; one sent to an
upstream elsewhere is red. Nothing reaches a provider; the gateway writes no audit events and
uses a vault key of its own, so no canary is kept anywhere.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import json
import os
import secrets
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

import aiohttp
import uvicorn

from veil.config import Settings
from veil.detect.org import org_rules
from veil.doctor.canaries import TERM, Canary, make_canaries, prompt, term_canary
from veil.doctor.capture import Capture, Captured
from veil.doctor.report import Check, Status
from veil.gateway.admission import TOKEN_ENV, Admission
from veil.gateway.app import BLOCKED_CODE, Gateway
from veil.gateway.local import OLLAMA_ENV
from veil.gateway.server import bind, build_gateway
from veil.gateway.upstream import DEFAULT_BASE_URLS, Upstream
from veil.policy.engine import masks
from veil.policy.tiers import Action, Tier
from veil.protocols.sse import EventDecoder
from veil.types import Category
from veil.vault.tokens import PLACEHOLDER_RE
from veil.vault.vault import Vault

Json = dict[str, Any]
TIMEOUT = 10.0  # seconds a probe may take (the capture answers at once)


@dataclass(frozen=True, slots=True)
class Probe:
    """One request of the self-test: its route, path, whether streamed, whether the answer
    echoes the request (so the canaries must come back restored), and the configured upstream
    it names with its `/NAME` prefix (None: the route's default upstream)."""

    name: str
    path: str
    stream: bool
    echoes: bool = True
    upstream: str | None = None
    term: bool = False  # carries the organisation term canary alone (its own tier)

    @property
    def anthropic(self) -> bool:
        return self.path.startswith("/v1/messages")

    @property
    def id(self) -> str:
        """`selftest.<route>`, or `selftest.<upstream>.<route>` through a named upstream."""
        return f"selftest.{self.upstream}.{self.name}" if self.upstream else f"selftest.{self.name}"

    @property
    def label(self) -> str:
        return f"{self.upstream}.{self.name}" if self.upstream else self.name

    @property
    def sent_to(self) -> str:
        """The path the client asks the gateway for."""
        return f"/{self.upstream}{self.path}" if self.upstream else self.path


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


# An organisation term alone (with secrets, a request is Restricted and masks them only).
TERM_PROBE = Probe("org_terms", "/v1/chat/completions", stream=False, term=True)


def probes(settings: Settings) -> list[Probe]:
    """Every route through the default upstreams, then one request through each other
    configured upstream in its own format (Messages or chat completions), then, with
    `[org] terms`, one with a term."""
    named = [
        Probe("messages", "/v1/messages", stream=False, upstream=name)
        if conf.kind == "anthropic"
        else Probe("chat", "/v1/chat/completions", stream=False, upstream=name)
        for name, conf in settings.upstreams.items()
        if name not in DEFAULT_BASE_URLS
    ]
    terms = [TERM_PROBE] if term_canary(settings.org.terms) else []
    return [*PROBES, *named, *terms]


@dataclass(frozen=True, slots=True)
class Answer:
    """What the client got back, with veil's headers on it."""

    status: int
    decision: str
    body: bytes
    monitor: bool = False


def run_selftest(
    settings: Settings,
    step: Callable[[str], None] | None = None,
    env: Mapping[str, str] | None = None,
) -> list[Check]:
    """One check per probe (`Probe.id`); `env` is what `veil serve` would start with."""
    return asyncio.run(_run(settings, step or (lambda _: None), os.environ if env is None else env))


async def _run(
    settings: Settings, step: Callable[[str], None], env: Mapping[str, str]
) -> list[Check]:
    capture = Capture()
    await capture.start()
    try:
        gateway, served = _gateway(settings, capture, env)
        term_tier = _term_tier(settings, served)
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
                checks = []
                for probe in probes(settings):
                    step(probe.label)
                    term = term_canary(settings.org.terms)
                    canaries = [term] if probe.term and term else make_canaries()
                    sent = await _send(client, base, probe, canaries, capture)
                    if isinstance(sent, Check):
                        checks.append(sent)
                        continue
                    received, answer = sent
                    checks.append(
                        judge(probe, canaries, received, answer, served.upstreams, term_tier)
                    )
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


@dataclass(frozen=True, slots=True)
class _Redirected(Upstream):
    """An upstream as `veil serve` resolves it (the policy judges its real provider and
    location by it), whose requests go to `capture` instead of its base URL."""

    capture: str = ""

    def url(self, path: str, query: str) -> str:
        base = self.capture + ("/v1" if self.kind == "openai" else "")
        return Upstream(self.name, self.kind, base).url(path, query)


def _gateway(
    settings: Settings, capture: Capture, env: Mapping[str, str]
) -> tuple[Gateway, Gateway]:
    """A gateway of the user's settings whose every upstream sends to the capture, and the
    one `veil serve` would run (whose upstreams say where each really is); no access tokens
    (the self-test is its only caller), no audit trail, a vault key of its own."""
    conf = settings.gateway.model_copy(update={"tokens_file": None})
    settings = settings.model_copy(update={"gateway": conf})
    vault = Vault(
        secrets.token_bytes(32),
        terms=settings.org.terms,
        names=settings.disguise.names,
        hosts=settings.disguise.hosts,
    )
    env = {k: v for k, v in env.items() if k != TOKEN_ENV}
    served = build_gateway(settings, env=env, vault=vault, audit=False)
    upstreams = {
        name: _Redirected(
            **{**dataclasses.asdict(up), "api_key": None}, capture=capture.base_for(name)
        )
        for name, up in served.upstreams.items()
    }
    gateway = Gateway(
        upstreams=dict(upstreams),
        pipeline=served.pipeline,
        vault=vault,
        admission=Admission(),
        registry=served.registry,
        local_upstream=settings.policy.local.upstream,
        sticky=settings.policy.local.sticky,
        gate=served.gate,
        max_body_bytes=conf.max_body_bytes,
    )
    return gateway, served


def _term_tier(settings: Settings, gateway: Gateway) -> Tier:
    """The tier the organisation term canary's finding gives (a user rule may say another)."""
    terms = [t for t in settings.org.terms if t.strip()]
    if not terms:
        return Tier.INTERNAL
    rule = org_rules(terms[:1])[0].id
    return gateway.pipeline.policy.classifier.finding_tier(rule, Category.ORG)


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


async def _send(
    client: aiohttp.ClientSession,
    base: str,
    probe: Probe,
    canaries: list[Canary],
    capture: Capture,
) -> tuple[list[Captured], Answer] | Check:
    """What the capture received for the probe's request and what the client got (a red check
    when the gateway did not answer)."""
    seen = len(capture.requests)
    headers = {"content-type": "application/json"}
    if probe.anthropic:
        headers["anthropic-version"] = "2023-06-01"
    body = json.dumps(request_body(probe, prompt(canaries)))
    try:
        async with client.post(base + probe.sent_to, data=body, headers=headers) as response:
            answer = Answer(
                response.status,
                response.headers.get("veil-decision", ""),
                await response.read(),
                response.headers.get("veil-mode") == "monitor",
            )
    except (aiohttp.ClientError, TimeoutError) as exc:
        return _check(probe, Status.RED, f"no answer from the gateway ({type(exc).__name__})")
    return capture.requests[seen:], answer


def judge(
    probe: Probe,
    canaries: list[Canary],
    received: list[Captured],
    answer: Answer,
    upstreams: Mapping[str, Upstream] | None = None,
    term_tier: Tier = Tier.INTERNAL,
) -> Check:
    """The probe's check, from what the capture received (and from which upstream) and what
    the client got; `upstreams` are where each really is, as `veil serve` resolves them, and
    `term_tier` the tier an organisation term's finding gives."""
    upstreams = upstreams or {}
    term_masked = _term_masked(answer, term_tier)
    leaks = _leaks(canaries, received, term_masked)
    kept = answer.decision == "local"
    for name, kinds in leaks.items():
        upstream = upstreams.get(name)
        if upstream is None or not (upstream.local and upstream.on_this_machine):
            return _leaked(probe, kinds, upstream, kept)
    if leaks or kept:
        took = next(iter(leaks), None) or next((r.upstream for r in received), None)
        upstream = upstreams.get(took or "")
        why = (
            "the policy keeps requests like this on this machine"
            if kept
            else "the upstream is a model server on this machine (local = true)"
        )
        if upstream is None:
            return _check(probe, Status.SKIP, f"{why}: veil answered it itself, nothing was sent")
        at = f"upstream {upstream.name} ({upstream.where})"
        return _check(probe, Status.SKIP, f"{why}: {at} took it as it is, by design")
    if _blocked(answer):
        return _check(
            probe, Status.GREEN, "blocked by your policy before anything was sent (protected)"
        )
    if not term_masked and all(c.kind == TERM for c in canaries):
        detail = f"your policy sends organisation terms as they are here ({answer.decision})"
        return _check(probe, Status.SKIP, detail)
    if answer.status != 200:
        return _check(probe, Status.RED, f"the gateway answered HTTP {answer.status}")
    if not received:
        return _check(probe, Status.RED, "nothing reached the upstream")
    placeholders = {p for r in received for p in PLACEHOLDER_RE.findall(r.raw)}
    made = sum(c.made for c in canaries)
    if len(placeholders) < made:
        return _check(
            probe,
            Status.RED,
            f"the upstream saw {len(placeholders)} of veil's placeholders for {made} canaries",
        )
    done = (
        "the organisation term disguised upstream"
        if all(c.kind == TERM for c in canaries)
        else f"{len(canaries)} canaries masked upstream"
    )
    if probe.echoes:
        text = answer_text(probe, answer.body)
        missing = [c.kind for c in canaries if c.value not in text]
        if missing:
            return _check(
                probe, Status.RED, f"the answer came back without originals: {', '.join(missing)}"
            )
        return _check(probe, Status.GREEN, f"{done}, restored in the answer")
    return _check(probe, Status.GREEN, done)


def _leaks(
    canaries: list[Canary], received: list[Captured], terms_masked: bool
) -> dict[str, list[str]]:
    """The canaries each upstream received in clear, whole or in part (an organisation term
    only where the decision masks terms)."""
    found: dict[str, list[str]] = {}
    for request in received:
        for canary in canaries:
            if canary.kind == TERM and not terms_masked:
                continue
            if any(_holds(request, part) for part in canary.fragments()):
                kinds = found.setdefault(request.upstream, [])
                if canary.kind not in kinds:
                    kinds.append(canary.kind)
    return found


def _term_masked(answer: Answer, tier: Tier) -> bool:
    """Whether the decision `veil serve` made (its `veil-decision`, applied no further than
    `mask` in monitor mode) masks an organisation term of `tier` before a provider; yes when
    the answer does not say."""
    try:
        action = Action[answer.decision.upper()]
    except KeyError:
        return True
    applied = min(action, Action.MASK) if answer.monitor else action
    return masks(applied, tier, Category.ORG, local=False)


def _leaked(probe: Probe, kinds: list[str], upstream: Upstream | None, kept: bool) -> Check:
    """Red: canaries reached an upstream that is not on this machine."""
    what = ", ".join(kinds)
    if upstream is not None and upstream.local:
        name = upstream.name
        how = "the policy keeps requests like this local, but " if kept else ""
        unset = f" (or unset {OLLAMA_ENV})" if name == "ollama" else ""
        return _check(
            probe,
            Status.RED,
            f"{how}upstream {name} is marked local = true and is at {upstream.where}, not on"
            f" this machine: it received canaries unmasked ({what})",
            f"remove `local = true` from [upstreams.{name}] in veil.toml{unset}",
        )
    return _check(
        probe,
        Status.RED,
        f"the upstream received canaries unmasked: {what}",
        "check [detect] disable, [policy] and [[rules]] in veil.toml (`veil check` shows"
        " what is found and decided)",
    )


def _check(probe: Probe, status: Status, detail: str, fix: str | None = None) -> Check:
    mode = "streamed" if probe.stream else "whole"
    return Check(probe.id, f"{probe.sent_to} ({mode})", status, detail, fix)


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
