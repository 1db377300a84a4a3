"""Translation benchmark: requests kept local (Messages / Responses -> chat completions and back)
and the tool-call gate on a streamed call, against LiteLLM's proxy and adapters.

    .venv/bin/python bench/translate_bench.py [--quick] [--no-litellm] [--json OUT]

1. End to end, real processes on 127.0.0.1 (the gateway benchmark's machinery): a Claude
   Code-shaped Anthropic Messages request and a Codex-shaped Responses request of ~20 KB and
   ~200 KB (bench/decision_bench.py: tool calls and results of real open-source code, an AWS key
   pair in a staging config, so that the policy finds a secret), non-streamed and streamed, each
   with a fresh mark in every text (nothing seen before). Targets, interleaved request by request:
   - direct: client -> fake provider's /v1/chat/completions, with the chat body veil's own
     translation makes of the request (the upstream's own time, the baseline);
   - veil-chat: that chat body sent to `veil serve` at /v1/chat/completions, kept local to the
     same kind of upstream, not translated: veil's scan, decision and relay without translation;
   - veil: the Messages / Responses body sent to `veil serve` ([policy.restricted] default =
     "local", [upstreams.llama] kind = "openai", local = true, at a fake provider): translated to
     chat and the answer back;
   - litellm: the same body to LiteLLM's proxy (`/v1/messages`, `/v1/responses`), model
     `openai/bench-model` at a fake provider; Messages go to chat completions with
     LITELLM_USE_CHAT_COMPLETIONS_URL_FOR_ANTHROPIC_MESSAGES (else LiteLLM sends an OpenAI model's
     Messages to the Responses API), Responses through its chat-completions bridge (model
     `openai/chat_completions/bench-model`). Each upstream is checked to get /v1/chat/completions.
   Reported: p50 / p95 of the added time, total minus direct's in the same round (paired), and for
   streams the same for the time to the first text delta; veil's `veil_ms` (its own CPU time in
   the request, from its log lines); the ratio of veil's added p50 to LiteLLM's.
2. In process, no network, before the servers start: on the 20 KB bodies, veil's
   `start_translation` + `dump_json` (the request side) and its answer side (a whole chat answer;
   a stream of a ~2 KB answer in 3-character deltas, each its own read) through the relay's own
   steps (`_Answer`: translator -> restoring rewriter -> StreamGate; whole: translate, restore,
   gate) with and without translation; against LiteLLM's own adapters run in its virtual
   environment (AnthropicAdapter's request and response translators, AnthropicStreamWrapper, the
   Responses bridge's request and response transforms), bytes in and bytes out for both.
3. The tool-call gate on a streamed Claude Code answer (text, then a Bash tool_use whose input is
   ~150 B or ~4 KB, in 3-character input_json_delta events): the restoring rewriter alone against
   rewriter + StreamGate with the real ToolGate (default [policy.gate], the built-in deny list,
   the pipeline's secret kinds); added time per answer, its ratio to the rewriter's own, how long
   the call is held (its first event in to its first event out), and the release (its last event
   in to its first out: what the client waits beyond the model). No peer gates tool calls: the
   reference here is veil's own restore step.
Results: a table on stdout, JSON in bench/out/translate.json.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import re
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from random import Random
from typing import Any

import orjson

import gateway_load
from corpus_filler import Filler
from decision_bench import claude_code_body, codex_body
from gateway_bench import (
    LITELLM_ENV,
    LITELLM_VERSION,
    Proc,
    ensure_litellm,
    free_port,
    git_state,
    http_get,
    machine_busy_seconds,
    start,
)
from gateway_load import Connection, Reply, build_request
from stats import pct

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tests.factories import email, vault_map  # noqa: E402
from tests.fake_provider import (  # noqa: E402
    _output_item,
    _response,
    anthropic_events,
    anthropic_message,
    chat_completion,
    chat_events,
    responses_events,
)

from veil.config import GatePolicySettings, Settings, active_rules  # noqa: E402
from veil.detect import recall  # noqa: E402
from veil.detect.engine import Engine  # noqa: E402
from veil.detect.files import DenyList  # noqa: E402
from veil.gateway.relay import Way, _Answer  # noqa: E402
from veil.gateway.routes import MESSAGES, RESPONSES, Route, Target  # noqa: E402
from veil.gateway.translation import Translator, start_translation  # noqa: E402
from veil.gateway.upstream import Upstream  # noqa: E402
from veil.pipeline.gate import GateLog, Remembering, gate_body  # noqa: E402
from veil.pipeline.request import Pipeline  # noqa: E402
from veil.pipeline.restore import restore_body  # noqa: E402
from veil.policy.toolcalls import ToolGate  # noqa: E402
from veil.protocols import anthropic_chat, responses_chat  # noqa: E402
from veil.protocols.neutral import dump_json, load_json, load_response  # noqa: E402
from veil.protocols.sse import EventDecoder  # noqa: E402
from veil.vault.vault import VaultMap  # noqa: E402

MODEL = "bench-model"
RESPONSES_MODEL = "bench-responses"  # LiteLLM's deployment bridged to chat completions
CHAT = "/v1/chat/completions"
APIS = {"messages": "/v1/messages", "responses": "/v1/responses"}
TARGETS = ("direct", "veil-chat", "veil", "litellm")
# LiteLLM: an OpenAI model's /v1/messages go to chat completions, not to the Responses API.
LITELLM_CHAT_ENV = {"LITELLM_USE_CHAT_COMPLETIONS_URL_FOR_ANTHROPIC_MESSAGES": "True"}
KEPT = re.compile(r"decision=local\b")


# ---------------------------------------------------------------- request bodies


def native_body(api: str, size: int, seed: int) -> dict[str, Any]:
    """A Claude Code-shaped Messages body or a Codex-shaped Responses body of ~`size` bytes."""
    body = claude_code_body(size, seed) if api == "messages" else codex_body(size, seed)
    body["model"] = MODEL
    body.pop("stream", None)
    return body


_MARKED = frozenset({"text", "content", "output", "input", "instructions", "system"})


def fresh(value: Any, mark: str) -> Any:
    """A copy of a body with `mark` appended to every text (message texts, tool results, system
    prompt, instructions), so that veil has seen none of it before."""
    if isinstance(value, dict):
        return {
            k: v + mark if k in _MARKED and isinstance(v, str) else fresh(v, mark)
            for k, v in value.items()
        }
    if isinstance(value, list):
        return [fresh(v, mark) for v in value]
    return value


def chat_of(api: str, body: dict[str, Any]) -> dict[str, Any]:
    """The chat completions body veil's translation makes of `body` (the direct baseline)."""
    done = anthropic_chat.to_chat(body) if api == "messages" else responses_chat.to_chat(body)
    return {**done.body, "model": MODEL}


@dataclass
class Plan:
    """The raw HTTP requests of one series: per round, one per target."""

    api: str
    size: str
    stream: bool
    rounds: list[dict[str, bytes]]
    native_bytes: int
    chat_bytes: int

    @property
    def name(self) -> str:
        return f"{self.api} {self.size} {'stream' if self.stream else 'whole'}"


# ---------------------------------------------------------------- answers


def answer_text(chars: int, seed: int) -> str:
    """A model's answer of about `chars` characters: prose and code on one line of ASCII (the fake
    provider takes it in a header), no finding."""
    text = Filler(Random(seed))
    words = f"{text.prose_block(chars)} {text.code_block(chars)}".split()
    line = " ".join(words).encode("ascii", "ignore").decode()
    return line[:chars].rstrip()


def text_of(api: str, reply: Reply, stream: bool) -> str:
    """The answer's text, in the client's format (chat, messages or responses)."""
    if not stream:
        data = orjson.loads(reply.body)
        if api == "chat":
            return str(data["choices"][0]["message"]["content"])
        if api == "messages":
            return "".join(b.get("text", "") for b in data["content"] if b["type"] == "text")
        return "".join(
            part.get("text", "")
            for item in data["output"]
            if item.get("type") == "message"
            for part in item.get("content") or ()
        )
    out = []
    for line in reply.body.split(b"\n"):
        payload = line[5:].strip() if line.startswith(b"data:") else b""
        if not payload or payload == b"[DONE]":
            continue
        out.append(_delta_text(orjson.loads(payload)))
    return "".join(out)


def _delta_text(data: Any) -> str:
    """The text a chat chunk, a Messages event or a Responses event adds ("" for none)."""
    if not isinstance(data, dict):
        return ""
    kind = data.get("type")
    if kind == "content_block_delta":
        return str((data.get("delta") or {}).get("text") or "")
    if kind == "response.output_text.delta":
        return str(data.get("delta") or "")
    return "".join(
        str((choice.get("delta") or {}).get("content") or "")
        for choice in data.get("choices") or ()
        if isinstance(choice, dict)
    )


def first_text(events: bytes) -> bool:
    """Whether these complete SSE events add text, in any of the three formats (the load
    client's probe for the time to the first token)."""
    for line in events.split(b"\n"):
        payload = line[5:].strip() if line.startswith(b"data:") else b""
        if not payload or payload == b"[DONE]":
            continue
        try:
            if _delta_text(orjson.loads(payload)):
                return True
        except orjson.JSONDecodeError:
            continue
    return False


gateway_load.first_content = first_text  # the load client's probe, for all three formats


# ---------------------------------------------------------------- in process: veil


def _ns_ms(ns: list[int]) -> list[float]:
    return [x / 1e6 for x in ns]


def _p(ms: list[float]) -> dict[str, float]:
    return {"n": len(ms), "p50_ms": pct(ms, 50), "p95_ms": pct(ms, 95)}


def build_gate() -> tuple[ToolGate, Pipeline]:
    """The real ToolGate as `veil serve` builds it with the embedded defaults."""
    settings = Settings()
    pipeline = Pipeline(Engine(active_rules(settings) + recall.RULES, recall=True))
    gate = ToolGate(GatePolicySettings(), DenyList().denies, pipeline.secret_kinds)
    return gate, pipeline


def _target(route: Route) -> Target:
    upstream = Upstream("llama", "openai", "http://127.0.0.1:9/v1", local=True)
    return Target(route, upstream, APIS[route.name])


def _feed(answer: _Answer, events: list[bytes]) -> bytes:
    """Every event as its own read from the upstream, as the relay feeds them; then the end."""
    decoder = EventDecoder()
    out = [answer.feed(decoder.feed(raw)) for raw in events]
    out.append(answer.feed(decoder.flush()))
    out.append(answer.close())
    return b"".join(out)


def chat_stream_events(text: str, chunk: int) -> list[bytes]:
    """A chat completions stream of `text` (with usage, as veil asks for it), as the fake sends."""
    return chat_events(
        {"model": MODEL, "stream_options": {"include_usage": True}}, {"text": text}, chunk
    )


def native_stream_events(api: str, text: str, chunk: int) -> list[bytes]:
    """The same answer in the client's own format, as a remote provider streams it."""
    if api == "messages":
        return anthropic_events({"model": MODEL}, {"text": text}, chunk)
    return responses_events({"model": MODEL}, {"text": text}, chunk)


def native_whole(api: str, text: str) -> bytes:
    """The same answer whole, in the client's own format."""
    if api == "messages":
        return orjson.dumps(anthropic_message({"model": MODEL}, {"text": text}))
    return orjson.dumps(_response({"model": MODEL}, [_output_item({"text": text})], "completed"))


def veil_in_process(
    bodies: dict[str, bytes],
    large: dict[str, bytes],
    answer: str,
    chunk: int,
    n: int,
    gate: ToolGate,
    scrub: Callable[[str], str],
) -> dict[str, Any]:
    """veil's translation costs on the 20 KB bodies (ms per request or answer), and the
    request's on the 200 KB ones."""
    chat_whole = orjson.dumps(chat_completion({"model": MODEL}, {"text": answer}))
    chat_stream = chat_stream_events(answer, chunk)
    out: dict[str, Any] = {}
    for api, raw in bodies.items():
        route = MESSAGES if api == "messages" else RESPONSES
        target = _target(route)
        own_whole = native_whole(api, answer)
        own_stream = native_stream_events(api, answer, chunk)
        times: dict[str, list[int]] = {
            k: []
            for k in (
                "request",
                "whole translated",
                "whole native",
                "stream translated",
                "stream native",
            )
        }
        vmap = vault_map()
        for i in range(n + n // 10):
            parsed = load_json(raw)
            assert isinstance(parsed, dict)
            t0 = time.perf_counter_ns()
            translator = start_translation(api, parsed)
            sent = dump_json(translator.body)
            t1 = time.perf_counter_ns()
            steps: list[tuple[str, Callable[..., int], Any, Translator | None]] = [
                ("whole translated", _whole, chat_whole, translator),
                ("whole native", _whole, own_whole, None),
                ("stream translated", _stream, chat_stream, translator),
                ("stream native", _stream, own_stream, None),
            ]
            if i % 2:
                steps.reverse()
            took = {
                name: step(target, given, vmap, gate, scrub, way)
                for name, step, given, way in steps
            }
            if i < n // 10:  # warm-up
                continue
            times["request"].append(t1 - t0)
            for name, ns in took.items():
                times[name].append(ns)
            if i == n // 10:
                _check_translated(
                    api,
                    sent,
                    answer,
                    target,
                    chat_whole,
                    chat_stream,
                    vmap,
                    gate,
                    scrub,
                    translator,
                )
        out[api] = {k: _p(_ns_ms(v)) for k, v in times.items()}
        out[api]["request 200 KB"] = _p(_ns_ms(_request_ns(api, large[api], max(n // 3, 10))))
    return out


def _request_ns(api: str, raw: bytes, n: int) -> list[int]:
    """`start_translation` + `dump_json` of a body parsed afresh each time (parse not timed)."""
    took = []
    for i in range(n + n // 10):
        parsed = load_json(raw)
        assert isinstance(parsed, dict)
        t0 = time.perf_counter_ns()
        dump_json(start_translation(api, parsed).body)
        if i >= n // 10:
            took.append(time.perf_counter_ns() - t0)
    return took


def _whole(
    target: Target,
    content: bytes,
    vmap: VaultMap,
    gate: ToolGate,
    scrub: Callable[[str], str],
    translator: Translator | None,
) -> int:
    """The relay's whole-answer steps (`_relay_whole`): translate, restore, gate."""
    seen, log = Remembering(vmap.lookup), GateLog()
    t0 = time.perf_counter_ns()
    if translator is not None:
        content = dump_json(translator.whole(load_response(content)))
    content = restore_body(content, seen)
    content = gate_body(target.route.name, content, gate, seen, log)
    return time.perf_counter_ns() - t0


def _stream(
    target: Target,
    events: list[bytes],
    vmap: VaultMap,
    gate: ToolGate,
    scrub: Callable[[str], str],
    translator: Translator | None,
) -> int:
    seen, log = Remembering(vmap.lookup), GateLog()
    way = Way(gate, scrub, local="kept local" if translator else None, translator=translator)
    t0 = time.perf_counter_ns()
    answer = _Answer(target, seen, way, gate, log)
    _feed(answer, events)
    return time.perf_counter_ns() - t0


def _check_translated(
    api: str,
    sent: bytes,
    text: str,
    target: Target,
    chat_whole: bytes,
    chat_stream: list[bytes],
    vmap: VaultMap,
    gate: ToolGate,
    scrub: Callable[[str], str],
    translator: Translator,
) -> None:
    """The translations measured are whole and right: a chat request, the answer's text back."""
    if b'"messages"' not in sent:
        raise RuntimeError(f"{api}: the translated request is no chat request")
    whole = dump_json(translator.whole(load_response(chat_whole)))
    answer = _Answer(
        target, Remembering(vmap.lookup), Way(gate, scrub, "kept", translator), gate, GateLog()
    )
    streamed = _feed(answer, chat_stream)
    got_whole = text_of(api, Reply(200, whole, 0.0), False)
    got_stream = text_of(api, Reply(200, streamed, 0.0), True)
    if got_whole != text or got_stream != text or not answer.complete:
        raise RuntimeError(f"{api}: the translated answer is not the chat answer's text")


# ---------------------------------------------------------------- in process: the gate


@dataclass
class GateRun:
    """One streamed answer with a tool call, through the rewriter, with or without the gate."""

    total_ns: int
    held_ns: int  # the call's first event in -> its first event out
    release_ns: int  # the call's last event in -> its first event out
    out: bytes


def tool_answer(arguments: str, chunk: int, text: str) -> tuple[list[bytes], int, int]:
    """A Claude Code answer streamed as Anthropic sends it: a text block, then a Bash tool_use
    whose input arrives in `chunk`-character input_json_delta events; with the positions of the
    tool block's first and last events."""

    def sse(name: str, data: dict[str, Any]) -> bytes:
        return f"event: {name}\ndata: {json.dumps(data)}\n\n".encode()

    def pieces(s: str) -> Iterator[str]:
        return (s[i : i + chunk] for i in range(0, len(s), chunk))

    usage = {"input_tokens": 21000, "output_tokens": 1}
    message: dict[str, Any] = {
        "id": "msg_bench",
        "type": "message",
        "role": "assistant",
        "model": "claude-sonnet-4-5",
    }
    message |= {"content": [], "stop_reason": None, "stop_sequence": None, "usage": usage}
    out = [sse("message_start", {"type": "message_start", "message": message})]
    out.append(
        sse(
            "content_block_start",
            {
                "type": "content_block_start",
                "index": 0,
                "content_block": {"type": "text", "text": ""},
            },
        )
    )
    for piece in pieces(text):
        delta = {"type": "text_delta", "text": piece}
        out.append(
            sse("content_block_delta", {"type": "content_block_delta", "index": 0, "delta": delta})
        )
    out.append(sse("content_block_stop", {"type": "content_block_stop", "index": 0}))
    first = len(out)
    block = {"type": "tool_use", "id": "toolu_01bench", "name": "Bash", "input": {}}
    out.append(
        sse(
            "content_block_start",
            {"type": "content_block_start", "index": 1, "content_block": block},
        )
    )
    for piece in pieces(arguments):
        delta = {"type": "input_json_delta", "partial_json": piece}
        out.append(
            sse("content_block_delta", {"type": "content_block_delta", "index": 1, "delta": delta})
        )
    out.append(sse("content_block_stop", {"type": "content_block_stop", "index": 1}))
    last = len(out) - 1
    final = {"type": "message_delta", "delta": {"stop_reason": "tool_use", "stop_sequence": None}}
    out.append(sse("message_delta", {**final, "usage": {"output_tokens": 90}}))
    out.append(sse("message_stop", {"type": "message_stop"}))
    return out, first, last


def gate_run(
    events: list[bytes],
    first: int,
    last: int,
    vmap: VaultMap,
    gate: ToolGate | None,
    scrub: Callable[[str], str],
) -> GateRun:
    seen, log = Remembering(vmap.lookup), GateLog()
    target = _target(MESSAGES)
    decoder = EventDecoder()
    parts: list[bytes] = []
    t_in = t_last = t_out = 0
    t0 = time.perf_counter_ns()
    answer = _Answer(target, seen, Way(gate, scrub), gate, log)
    for i, raw in enumerate(events):
        if i == first:
            t_in = time.perf_counter_ns()
        elif i == last:
            t_last = time.perf_counter_ns()
        got = answer.feed(decoder.feed(raw))
        if got:
            parts.append(got)
            if i >= first and not t_out and b'"tool_use"' in got:
                t_out = time.perf_counter_ns()
    parts.append(answer.feed(decoder.flush()))
    parts.append(answer.close())
    end = time.perf_counter_ns()
    if gate is not None and (log.calls != 1 or log.stopped):
        raise RuntimeError(f"the gate judged {log.calls} calls, stopped {log.stopped}")
    return GateRun(end - t0, t_out - t_in, t_out - t_last, b"".join(parts))


def called(out: bytes) -> Any:
    """The input of the tool_use block (index 1) a client assembles from a Messages stream."""
    pieces = []
    for line in out.split(b"\n"):
        if line.startswith(b"data:"):
            data = orjson.loads(line[5:])
            delta = data.get("delta") or {}
            if data.get("index") == 1 and delta.get("type") == "input_json_delta":
                pieces.append(delta["partial_json"])
    return json.loads("".join(pieces))


def heredoc(k: int, code: str, limit: int = 4096) -> str:
    """A Bash call writing a file of code, its arguments cut to at most `limit` bytes of JSON."""
    lines = code.split("\n")
    while True:
        body = "\n".join(lines)
        arguments = json.dumps(
            {
                "command": f"cat > src/app/retry_{k}.py <<'EOF'\n{body}\nEOF",
                "description": "Write the retry helper",
            }
        )
        if len(arguments) <= limit or len(lines) == 1:
            return arguments
        lines.pop()


def gate_bench(
    n: int, chunk: int, gate: ToolGate, scrub: Callable[[str], str], seed: int
) -> dict[str, Any]:
    """The gate's cost on a streamed Bash call of ~150 B and of ~4 KB of input."""
    rng = Random(seed)
    text = Filler(rng)
    vmap = vault_map()
    original = email("gate-bench")
    key = vmap.mask(original, "EMAIL")  # a placeholder the model repeats, restored in the call
    cases: dict[str, Callable[[int], str]] = {
        "Bash ~150 B": lambda k: json.dumps(
            {
                "command": f"cd /home/dev/quarkworks-api && git log -5 --format=%s --author={key}"
                f" -- src/app/retry_{k}.py",
                "description": "Recent retry changes",
            }
        ),
        "Bash ~4 KB": lambda k: heredoc(k, text.code_block(4000)),
    }
    said = "I'll run the retry tests to see where the loop fails to stop."
    out: dict[str, Any] = {}
    for name, make in cases.items():
        count = n if "150" in name else max(n // 3, 20)
        rows: dict[str, list[int]] = {
            "rewriter": [],
            "gated": [],
            "added": [],
            "held": [],
            "release": [],
            "held_ungated": [],
        }
        sizes: list[float] = []
        for i in range(count + count // 10):
            arguments = make(i)
            sizes.append(len(arguments))
            events, first, last = tool_answer(arguments, chunk, said)
            runs = [("rewriter", None), ("gated", gate)]
            if i % 2:
                runs.reverse()
            got = {label: gate_run(events, first, last, vmap, g, scrub) for label, g in runs}
            passed = [called(run.out) for run in got.values()]
            if passed[0] != passed[1] or passed[0] != json.loads(arguments.replace(key, original)):
                raise RuntimeError(f"{name}: the call the client gets is not the model's")
            if i < count // 10:
                continue
            rows["rewriter"].append(got["rewriter"].total_ns)
            rows["gated"].append(got["gated"].total_ns)
            rows["added"].append(got["gated"].total_ns - got["rewriter"].total_ns)
            rows["held"].append(got["gated"].held_ns)
            rows["release"].append(got["gated"].release_ns)
            rows["held_ungated"].append(got["rewriter"].held_ns)
        ms = {k: _ns_ms(v) for k, v in rows.items()}
        out[name] = {
            "arguments_bytes": pct(sizes, 50),
            "events": len(events),
            **{k: _p(v) for k, v in ms.items()},
            "added_over_rewriter_p50": pct(ms["added"], 50) / pct(ms["rewriter"], 50),
        }
    return out


# ---------------------------------------------------------------- in process: LiteLLM

LITELLM_INPROC = r"""
import json, sys, time
from litellm.llms.anthropic.pass_through.adapters.transformation import AnthropicAdapter
from litellm.llms.anthropic.pass_through.adapters.streaming_iterator import AnthropicStreamWrapper
from litellm.responses.litellm_completion_transformation.transformation import (
    LiteLLMCompletionResponsesConfig as Bridge,
)
from litellm.types.utils import ModelResponse, ModelResponseStream

job = json.load(open(sys.argv[1]))
n = job["n"]
adapter = AnthropicAdapter()
chat_whole = job["chat_whole"].encode()
chat_stream = [e.encode() for e in job["chat_stream"]]


def messages_request(which="bodies"):
    body = json.loads(job[which]["messages"])
    t0 = time.perf_counter_ns()
    sent, _ = adapter.translate_completion_input_params_with_tool_mapping(
        body, custom_llm_provider="openai"
    )
    json.dumps(sent).encode()
    return time.perf_counter_ns() - t0


def messages_whole():
    t0 = time.perf_counter_ns()
    response = ModelResponse(**json.loads(chat_whole))
    json.dumps(adapter.translate_completion_output_params(response)).encode()
    return time.perf_counter_ns() - t0


def _chunks():
    for raw in chat_stream:
        payload = raw[5:].strip()
        if payload != b"[DONE]":
            yield ModelResponseStream(**json.loads(payload))


def messages_stream():
    t0 = time.perf_counter_ns()
    wrapper = AnthropicStreamWrapper(completion_stream=_chunks(), model="bench-model")
    out = b"".join(wrapper.anthropic_sse_wrapper())
    took = time.perf_counter_ns() - t0
    assert b"message_stop" in out, out[-300:]
    return took


def _responses_parts(which="bodies"):
    body = json.loads(job[which]["responses"])
    model = body.pop("model")
    items = body.pop("input")
    body.pop("stream", None)
    return model, items, body


def responses_request(which="bodies"):
    model, items, body = _responses_parts(which)
    t0 = time.perf_counter_ns()
    sent = Bridge.transform_responses_api_request_to_chat_completion_request(
        model=model, input=items, responses_api_request=body, custom_llm_provider="openai",
        stream=False,
    )
    json.dumps(sent, default=str).encode()
    return time.perf_counter_ns() - t0


def responses_whole():
    _, items, body = _responses_parts()
    t0 = time.perf_counter_ns()
    response = ModelResponse(**json.loads(chat_whole))
    done = Bridge.transform_chat_completion_response_to_responses_api_response(
        request_input=items, responses_api_request=body, chat_completion_response=response
    )
    done.model_dump_json().encode()
    return time.perf_counter_ns() - t0


steps = {
    "messages": {"request": messages_request, "whole translated": messages_whole,
                 "stream translated": messages_stream,
                 "request 200 KB": lambda: messages_request("large")},
    "responses": {"request": responses_request, "whole translated": responses_whole,
                  "request 200 KB": lambda: responses_request("large")},
}
result = {}
for api, fns in steps.items():
    result[api] = {}
    for name, fn in fns.items():
        count = max(n // 3, 10) if name.endswith("200 KB") else n
        for _ in range(max(count // 10, 3)):
            fn()
        result[api][name] = [fn() / 1e6 for _ in range(count)]
json.dump(result, open(sys.argv[2], "w"))
"""


def litellm_in_process(
    venv: Path,
    bodies: dict[str, bytes],
    large: dict[str, bytes],
    answer: str,
    chunk: int,
    n: int,
    tmp: Path,
) -> dict[str, Any]:
    job = {
        "n": n,
        "bodies": {k: v.decode() for k, v in bodies.items()},
        "large": {k: v.decode() for k, v in large.items()},
        "chat_whole": orjson.dumps(chat_completion({"model": MODEL}, {"text": answer})).decode(),
        "chat_stream": [e.decode() for e in chat_stream_events(answer, chunk)],
    }
    (tmp / "job.json").write_text(json.dumps(job))
    (tmp / "litellm_inproc.py").write_text(LITELLM_INPROC)
    env = {**os.environ, **LITELLM_ENV}
    done = subprocess.run(
        [
            str(venv / "bin" / "python"),
            str(tmp / "litellm_inproc.py"),
            str(tmp / "job.json"),
            str(tmp / "out.json"),
        ],
        env=env,
        cwd=tmp,
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:
        raise RuntimeError(f"LiteLLM in process failed: {done.stderr[-2000:]}")
    got = json.loads((tmp / "out.json").read_text())
    return {api: {k: _p(v) for k, v in rows.items()} for api, rows in got.items()}


# ---------------------------------------------------------------- end to end


def veil_toml(fake_url: str) -> str:
    """Restricted requests kept local, at a chat-only local upstream; the remote upstreams are a
    dead port (nothing may reach them: the preflight checks every request is kept local)."""
    return (
        '[policy.restricted]\ndefault = "local"\n\n'
        f'[policy.local]\nupstream = "llama"\nmodel = "{MODEL}"\n\n'
        '[upstreams.anthropic]\nkind = "anthropic"\nbase_url = "http://127.0.0.1:9"\n\n'
        '[upstreams.openai]\nkind = "openai"\nbase_url = "http://127.0.0.1:9/v1"\n\n'
        f'[upstreams.llama]\nkind = "openai"\nbase_url = "{fake_url}/v1"\nlocal = true\n'
    )


def litellm_config(fake_port: int, master_key: str) -> str:
    base = {"api_base": f"http://127.0.0.1:{fake_port}/v1", "api_key": "bench-upstream"}
    return json.dumps(
        {
            "model_list": [
                {"model_name": MODEL, "litellm_params": {"model": f"openai/{MODEL}", **base}},
                {
                    "model_name": RESPONSES_MODEL,
                    "litellm_params": {"model": f"openai/chat_completions/{MODEL}", **base},
                },
            ],
            "litellm_settings": {"drop_params": True, "telemetry": False},
            "general_settings": {
                "master_key": master_key,
                "forward_client_headers_to_llm_api": True,
            },
        },
        indent=2,
    )


@dataclass
class Endpoint:
    name: str
    port: int
    auth: str
    fake: Proc
    conn: Connection = field(init=False)

    def __post_init__(self) -> None:
        self.conn = Connection(self.port)


def plan_series(
    api: str,
    size: str,
    body: dict[str, Any],
    stream: bool,
    rounds: int,
    targets: list[str],
    counter: Iterator[int],
) -> Plan:
    """Every request of a series, built before it runs (the client stays cheap)."""
    built: list[dict[str, bytes]] = []
    native_bytes = chat_bytes = 0
    for _ in range(rounds):
        row: dict[str, bytes] = {}
        for t in targets:
            mine = fresh(body, f"\n(request {next(counter)})")
            if stream:
                mine["stream"] = True
            if t in ("direct", "veil-chat"):
                raw = orjson.dumps(chat_of(api, mine))
                chat_bytes = len(raw)
            else:
                if t == "litellm" and api == "responses":
                    mine["model"] = RESPONSES_MODEL
                raw = orjson.dumps(mine)
                native_bytes = len(raw)
            row[t] = raw
        built.append(row)
    return Plan(api, size, stream, built, native_bytes, chat_bytes)


def path_of(target: str, api: str) -> str:
    return CHAT if target in ("direct", "veil-chat") else APIS[api]


def wire(target: str, api: str) -> str:
    return "chat" if target in ("direct", "veil-chat") else api


async def run_series(
    plan: Plan, endpoints: dict[str, Endpoint], headers: dict[str, str], warmup: int
) -> dict[str, list[Reply]]:
    """One request at a time, interleaved round by round, the order rotated."""
    names = [t for t in TARGETS if t in endpoints]
    got: dict[str, list[Reply]] = {t: [] for t in names}
    for i, row in enumerate(plan.rounds):
        for j in range(len(names)):
            t = names[(i + j) % len(names)]
            ep = endpoints[t]
            raw = build_request(
                ep.port, path_of(t, plan.api), row[t], {"authorization": ep.auth, **headers}
            )
            try:
                reply = await ep.conn.request(raw, probe_stream=plan.stream)
            except (OSError, asyncio.IncompleteReadError) as exc:
                raise RuntimeError(f"{t} {plan.name}: {type(exc).__name__}: {exc}") from None
            if reply.status != 200:
                raise RuntimeError(f"{t} {plan.name}: status {reply.status}: {reply.body[:300]!r}")
            if plan.stream and reply.first_token is None:
                raise RuntimeError(f"{t} {plan.name}: no text delta in {reply.body[:300]!r}")
            if i >= warmup:
                got[t].append(reply)
    return got


def veil_log_times(log: Path, start: int, end: int) -> dict[str, dict[str, float]]:
    """veil's own time per request (`veil_ms`), by path, from its log lines between offsets."""
    with open(log, "rb") as f:
        f.seek(start)
        text = f.read(end - start).decode(errors="replace")
    by: dict[str, list[float]] = {}
    for m in re.finditer(r"POST (\S+) .* veil_ms=([\d.]+)", text):
        by.setdefault(m.group(1), []).append(float(m.group(2)))
    return {k: {"n": len(v), "p50_ms": pct(v, 50), "p95_ms": pct(v, 95)} for k, v in by.items()}


def summarise(
    plan: Plan, got: dict[str, list[Reply]], inside: dict[str, dict[str, float]]
) -> dict[str, Any]:
    block: dict[str, Any] = {
        "native_bytes": plan.native_bytes,
        "chat_bytes": plan.chat_bytes,
        "targets": {},
    }
    direct = got["direct"]
    for t, replies in got.items():
        total = [r.total * 1000 for r in replies]
        s: dict[str, Any] = {"n": len(total), "p50_ms": pct(total, 50), "p95_ms": pct(total, 95)}
        if t != "direct":
            added = [r.total * 1000 - d.total * 1000 for r, d in zip(replies, direct, strict=True)]
            s["added_p50_ms"], s["added_p95_ms"] = pct(added, 50), pct(added, 95)
        if plan.stream:
            first = [(r.first_token or 0.0) * 1000 for r in replies]
            s["ttft_p50_ms"] = pct(first, 50)
            if t != "direct":
                grown = [
                    ((r.first_token or 0.0) - (d.first_token or 0.0)) * 1000
                    for r, d in zip(replies, direct, strict=True)
                ]
                s["ttft_added_p50_ms"], s["ttft_added_p95_ms"] = pct(grown, 50), pct(grown, 95)
        if t.startswith("veil"):
            s["veil_ms"] = inside.get(path_of(t, plan.api))
        block["targets"][t] = s
    targets = block["targets"]
    if "litellm" in targets:
        block["veil_over_litellm_added_p50"] = (
            targets["veil"]["added_p50_ms"] / targets["litellm"]["added_p50_ms"]
        )
    block["translation_in_veil_p50_ms"] = (
        targets["veil"]["added_p50_ms"] - targets["veil-chat"]["added_p50_ms"]
    )
    return block


async def preflight(
    endpoints: dict[str, Endpoint],
    plans: list[Plan],
    headers: dict[str, str],
    reply: str,
    veil_log: Path,
) -> None:
    """Every target answers every kind of request with the fake's text, every upstream gets
    chat completions, and veil keeps every request local (translated when it is not chat)."""
    for plan in plans:
        mark = veil_log.stat().st_size
        for t, ep in endpoints.items():
            raw = build_request(
                ep.port,
                path_of(t, plan.api),
                plan.rounds[0][t],
                {"authorization": ep.auth, **headers},
            )
            got = await ep.conn.request(raw, probe_stream=plan.stream)
            if got.status != 200:
                raise RuntimeError(f"{t} {plan.name}: status {got.status}: {got.body[:400]!r}")
            text = text_of(wire(t, plan.api), got, plan.stream)
            if text != reply:
                raise RuntimeError(f"{t} {plan.name}: answer {text[:200]!r}")
            _, recorded = http_get(ep.fake.port, "/_fake/requests")
            last = orjson.loads(recorded)[-1]
            if last["path"] != CHAT or orjson.loads(last["body"]).get("model") != MODEL:
                raise RuntimeError(f"{t} {plan.name}: the upstream got {last['path']}")
        await asyncio.sleep(0.1)
        with open(veil_log, "rb") as f:
            f.seek(mark)
            lines = [
                ln for ln in f.read().decode(errors="replace").splitlines() if " veil_ms=" in ln
            ]
        if len(lines) != 2 or not all(KEPT.search(ln) for ln in lines):
            raise RuntimeError(f"veil did not keep {plan.name} local: {lines}")
        if f"translated={plan.api}>chat" not in "\n".join(lines):
            raise RuntimeError(f"veil did not translate {plan.name}: {lines}")


def cpu_snapshot(procs: dict[str, Proc]) -> dict[str, float]:
    """CPU seconds of each server process, this client, and the whole machine."""
    seen = {name: p.cpu_seconds() for name, p in procs.items()}
    seen["client"] = time.process_time()
    seen["machine"] = machine_busy_seconds()
    seen["wall"] = time.perf_counter()
    return seen


def cpu_used(before: dict[str, float], after: dict[str, float], rounds: int) -> dict[str, float]:
    """veil's and LiteLLM's CPU ms per round, and the percent of a core that processes outside
    this benchmark used meanwhile (a noise gauge: the machine is shared)."""
    used = {k: after[k] - before[k] for k in after}
    wall = used.pop("wall")
    ours = sum(v for k, v in used.items() if k != "machine")
    out = {"background_percent": max(used["machine"] - ours, 0.0) / wall * 100}
    for name in ("veil", "litellm"):
        if name in used:
            out[f"{name}_cpu_ms_per_round"] = used[name] * 1000 / rounds
    return out


async def end_to_end(
    args: argparse.Namespace,
    endpoints: dict[str, Endpoint],
    procs: dict[str, Proc],
    veil_log: Path,
    reply: str,
) -> dict[str, Any]:
    headers = {"x-fake-reply": reply, "x-fake-chunk": str(args.chunk), "x-fake-delay": "0"}
    names = [t for t in TARGETS if t in endpoints]
    counter = iter(range(1, 1 << 40))
    sizes = {"20 KB": 20_000, "200 KB": 200_000}
    bodies = {
        (api, size): native_body(api, n, args.seed + i)
        for i, (api, (size, n)) in enumerate((api, s) for api in APIS for s in sizes.items())
    }
    checks = [
        plan_series(api, "20 KB", bodies[(api, "20 KB")], stream, 1, names, counter)
        for api in APIS
        for stream in (False, True)
    ]
    await preflight(endpoints, checks, headers, reply, veil_log)
    result: dict[str, Any] = {}
    for (api, size), body in bodies.items():
        for stream in (False, True):
            n = args.n if size == "20 KB" else args.n_large
            plan = plan_series(api, size, body, stream, n + args.warmup, names, counter)
            print(
                f"{plan.name}: {plan.native_bytes} B ({plan.chat_bytes} B as chat), {n} per target",
                flush=True,
            )
            mark = veil_log.stat().st_size
            before = cpu_snapshot(procs)
            got = await run_series(plan, endpoints, headers, args.warmup)
            after = cpu_snapshot(procs)
            await asyncio.sleep(0.1)  # veil writes its log line just after the answer
            inside = veil_log_times(veil_log, mark, veil_log.stat().st_size)
            result[plan.name] = summarise(plan, got, inside)
            result[plan.name]["cpu"] = cpu_used(before, after, len(plan.rounds))
    for ep in endpoints.values():
        await ep.conn.close()
    return result


# ---------------------------------------------------------------- output


def render(result: dict[str, Any]) -> str:
    meta = result["meta"]
    lines = [
        f"translation benchmark: veil {meta['veil_version']} ({meta['veil_commit']}), LiteLLM "
        f"{meta.get('litellm_version')}; {meta['cpus']} CPUs, Python {meta['python']}",
    ]
    if "end_to_end" in result:
        lines += [
            "",
            "1. end to end, kept local: client -> proxy -> fake chat-completions server (ms);",
            "   added = total - direct's in the same round (paired); for streams also the time to",
            "   the first text delta. direct: the chat body straight to the fake; veil-chat: that",
            "   body through veil (kept local, no translation); veil / litellm: the Messages or",
            "   Responses body, translated to chat and back. Answer: "
            f"{meta['answer_chars']} chars, streamed {meta['chunk']} chars an event.",
            f"{'series':25}{'target':10}{'p50':>8}{'p95':>8}{'added p50':>10}{'added p95':>10}"
            f"{'TTFT+ p50':>10}{'TTFT+ p95':>10}{'veil_ms':>9}",
        ]
        for name, block in result["end_to_end"].items():
            for t, s in block["targets"].items():
                added = (
                    f"{s['added_p50_ms']:10.2f}{s['added_p95_ms']:10.2f}"
                    if "added_p50_ms" in s
                    else f"{'-':>10}{'-':>10}"
                )
                ttft = (
                    f"{s['ttft_added_p50_ms']:10.2f}{s['ttft_added_p95_ms']:10.2f}"
                    if "ttft_added_p50_ms" in s
                    else f"{'-':>10}{'-':>10}"
                )
                inner = s.get("veil_ms")
                veil_ms = f"{inner['p50_ms']:9.2f}" if inner else f"{'-':>9}"
                lines.append(
                    f"{name:25}{t:10}{s['p50_ms']:8.2f}{s['p95_ms']:8.2f}{added}{ttft}{veil_ms}"
                )
            ratio = block.get("veil_over_litellm_added_p50")
            extra = f"veil/litellm added p50 {ratio:.2f}x; " if ratio is not None else ""
            lines.append(
                f"{'':25}{extra}veil - veil-chat (added p50) "
                f"{block['translation_in_veil_p50_ms']:.2f} ms"
            )
            cpu = block["cpu"]
            said = (
                f"veil process CPU {cpu['veil_cpu_ms_per_round']:.2f} ms/round (both veil targets)"
            )
            if "litellm_cpu_ms_per_round" in cpu:
                said += f", LiteLLM CPU {cpu['litellm_cpu_ms_per_round']:.2f} ms/request"
            lines.append(f"{'':25}{said}; other load {cpu['background_percent']:.0f}% of a core")
        lines.append("  (veil_ms: veil's own time in the request, p50, from its log lines;")
        lines.append("   veil - veil-chat: translation, and scanning the Messages / Responses")
        lines.append("   layout instead of the chat one)")
    ip = result["in_process"]
    lines += [
        "",
        "2. in process, 20 KB bodies, p50 / p95 ms: request = translate + serialise; answers",
        f"   ({meta['answer_chars']} chars; streams in {meta['inproc_chunk']}-char deltas, each "
        "event its own read) bytes in -> bytes out",
        "   veil: translated = translator -> restore -> gate (the relay's steps); native = the",
        "   answer in the client's own format through restore -> gate (a request not kept local)",
        f"{'api':10}{'step':20}{'veil':>16}{'veil native':>16}{'litellm':>16}{'veil/litellm':>14}"
        f"{'translation':>13}",
    ]
    peer = result.get("litellm_in_process") or {}
    for api, rows in ip.items():
        for step in ("request", "request 200 KB", "whole", "stream"):
            key = step if step.startswith("request") else f"{step} translated"
            mine = rows[key]
            native = rows.get(f"{step} native")
            other = peer.get(api, {}).get(key)
            shown_native = f"{native['p50_ms']:7.3f}/{native['p95_ms']:7.3f}" if native else "-"
            shown_other = f"{other['p50_ms']:7.3f}/{other['p95_ms']:7.3f}" if other else "-"
            ratio = f"{mine['p50_ms'] / other['p50_ms']:13.2f}x" if other else f"{'-':>14}"
            cost = (
                f"{mine['p50_ms'] - native['p50_ms']:13.3f}"
                if native
                else f"{mine['p50_ms']:13.3f}"
            )
            lines.append(
                f"{api:10}{step:20}{mine['p50_ms']:7.3f}/{mine['p95_ms']:7.3f} "
                f"{shown_native:>16}{shown_other:>16}{ratio}{cost}"
            )
    lines.append("  (translation: veil's p50 minus its native p50, or the request's whole p50)")
    if peer:
        lines.append(
            "  (litellm: AnthropicAdapter request / response translators, AnthropicStreamWrapper on"
        )
        lines.append(
            "   ModelResponseStream chunks parsed from the same SSE, the Responses bridge's request"
        )
        lines.append(
            "   and response transforms; its streamed Responses bridge needs a CustomStreamWrapper"
        )
        lines.append("   and is not measured in process)")
    gate = result["gate"]
    lines += [
        "",
        "3. the tool-call gate on a streamed Claude Code answer with a Bash call, in process (ms)",
        "   No peer gates tool calls: the reference is veil's own restoring rewriter on the same",
        f"   answer. Input in {meta['inproc_chunk']}-char input_json_delta events; held = the "
        "call's first event in -> first out;",
        "   release = its last event in -> first out (what the client waits beyond the model).",
        f"{'call':12}{'input B/events':>15}{'rewriter p50':>13}{'+gate p50':>10}{'added p50':>10}"
        f"{'added p95':>10}{'added/rw':>9}{'held p50':>9}{'held p95':>9}{'release p50':>12}"
        f"{'release p95':>12}{'held w/o gate':>14}",
    ]
    for name, g in gate.items():
        size = f"{g['arguments_bytes']:.0f}/{g['events']}"
        lines.append(
            f"{name:12}{size:>15}{g['rewriter']['p50_ms']:13.3f}{g['gated']['p50_ms']:10.3f}"
            f"{g['added']['p50_ms']:10.3f}{g['added']['p95_ms']:10.3f}"
            f"{g['added_over_rewriter_p50']:8.2f}x{g['held']['p50_ms']:9.3f}{g['held']['p95_ms']:9.3f}"
            f"{g['release']['p50_ms']:12.3f}{g['release']['p95_ms']:12.3f}"
            f"{g['held_ungated']['p50_ms']:14.3f}"
        )
    return "\n".join(lines)


# ---------------------------------------------------------------- the run


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer requests (a minute or two)")
    parser.add_argument("--no-litellm", action="store_true", help="veil alone, no peer")
    parser.add_argument("--no-e2e", action="store_true", help="in process only")
    parser.add_argument("--n", type=int, default=200, help="20 KB requests per target and series")
    parser.add_argument("--n-large", type=int, default=60, help="200 KB requests per target")
    parser.add_argument("--warmup", type=int, default=10)
    parser.add_argument("--n-inproc", type=int, default=300, help="in-process repetitions")
    parser.add_argument("--answer-chars", type=int, default=2000)
    parser.add_argument("--chunk", type=int, default=4, help="characters per streamed event, e2e")
    parser.add_argument("--inproc-chunk", type=int, default=3, help="the same, in process")
    parser.add_argument("--litellm-venv", type=Path, default=OUT / "venv-litellm")
    parser.add_argument("--litellm-version", default=LITELLM_VERSION)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--json", type=Path, default=OUT / "translate.json")
    args = parser.parse_args()
    if args.quick:
        args.n, args.n_large, args.warmup, args.n_inproc = 40, 15, 5, 80

    OUT.mkdir(parents=True, exist_ok=True)
    litellm_bin = (
        None if args.no_litellm else ensure_litellm(args.litellm_venv, args.litellm_version)
    )
    tmp = Path(tempfile.mkdtemp(prefix="veil-translate-bench-"))
    result: dict[str, Any] = {}
    started: list[Proc] = []

    def on_signal(signum: int, _frame: object) -> None:
        raise SystemExit(128 + signum)

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGHUP, on_signal)
    try:
        reply = answer_text(args.answer_chars, args.seed + 100)
        bodies20, bodies200 = (  # the end-to-end series' bodies (same seeds)
            {
                api: orjson.dumps(native_body(api, size, args.seed + i * 2 + k))
                for i, api in enumerate(APIS)
            }
            for k, size in enumerate((20_000, 200_000))
        )
        gate, pipeline = build_gate()
        print("in process: veil's translation", flush=True)
        result["in_process"] = veil_in_process(
            bodies20, bodies200, reply, args.inproc_chunk, args.n_inproc, gate, pipeline.scrub
        )
        print("in process: the tool-call gate", flush=True)
        result["gate"] = gate_bench(
            args.n_inproc, args.inproc_chunk, gate, pipeline.scrub, args.seed
        )
        if litellm_bin is not None:
            print("in process: LiteLLM's adapters", flush=True)
            result["litellm_in_process"] = litellm_in_process(
                args.litellm_venv, bodies20, bodies200, reply, args.inproc_chunk, args.n_inproc, tmp
            )
        if not args.no_e2e:
            result["end_to_end"] = serve_and_measure(args, litellm_bin, tmp, reply, started)
        from veil import __version__ as veil_version

        result["meta"] = {
            "veil_version": veil_version,
            "litellm_version": args.litellm_version if litellm_bin else None,
            "python": platform.python_version(),
            "cpus": os.cpu_count(),
            "when": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
            "veil_commit": git_state(),
            "answer_chars": len(reply),
            "chunk": args.chunk,
            "inproc_chunk": args.inproc_chunk,
            "args": {k: str(v) for k, v in vars(args).items()},
        }
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(result, indent=2))
        print()
        print(render(result))
        print(f"\nJSON: {args.json}")
        return 0
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    finally:
        for proc in reversed(started):
            proc.stop()
        shutil.rmtree(tmp, ignore_errors=True)


def serve_and_measure(
    args: argparse.Namespace, litellm_bin: Path | None, tmp: Path, reply: str, started: list[Proc]
) -> dict[str, Any]:
    env = {k: v for k, v in os.environ.items() if not k.upper().endswith("_PROXY")}
    env["XDG_CONFIG_HOME"] = str(tmp / "config")
    python = str(ROOT / ".venv" / "bin" / "python")
    fakes: dict[str, Proc] = {}
    for name in ["direct", "veil"] + ([] if litellm_bin is None else ["litellm"]):
        fakes[name] = start(
            f"fake-{name}",
            [python, "-m", "tests.fake_provider", "--port", "0", "--keep", "4"],
            env=env,
            cwd=ROOT,
            log=OUT / f"translate-fake-{name}.log",
            banner="fake provider listening on",
            procs=started,
        )
    config = tmp / "veil.toml"
    config.write_text(veil_toml(f"http://127.0.0.1:{fakes['veil'].port}"))
    veil = start(
        "veil",
        [str(ROOT / ".venv" / "bin" / "veil"), "serve", "--port", "0", "--config", str(config)],
        env=env,
        cwd=tmp,
        log=OUT / "translate-veil.log",
        banner="veil listening on",
        procs=started,
    )
    auth = "Bearer bench-client"
    endpoints = {
        "direct": Endpoint("direct", fakes["direct"].port, auth, fakes["direct"]),
        "veil-chat": Endpoint("veil-chat", veil.port, auth, fakes["veil"]),
        "veil": Endpoint("veil", veil.port, auth, fakes["veil"]),
    }
    if litellm_bin is not None:
        master = "sk-bench-" + secrets.token_hex(16)
        (tmp / "litellm.yaml").write_text(litellm_config(fakes["litellm"].port, master))
        port = free_port()
        proc = start(
            "litellm",
            [
                *(str(litellm_bin), "--config", str(tmp / "litellm.yaml"), "--host", "127.0.0.1"),
                *("--port", str(port), "--num_workers", "1"),
            ],
            env={**env, **LITELLM_ENV, **LITELLM_CHAT_ENV},
            cwd=tmp,
            log=OUT / "translate-litellm.log",
            banner=None,
            procs=started,
        )
        print("waiting for LiteLLM's proxy to start", flush=True)
        deadline = time.monotonic() + 180
        while True:
            if proc.popen.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"LiteLLM did not start; see {proc.log}")
            try:
                if http_get(port, "/health/liveliness", timeout=2)[0] == 200:
                    break
            except OSError:
                pass
            time.sleep(0.5)
        endpoints["litellm"] = Endpoint("litellm", port, f"Bearer {master}", fakes["litellm"])
    runner_factory: Callable[[], asyncio.AbstractEventLoop] | None = None
    try:
        import uvloop

        runner_factory = uvloop.new_event_loop
    except ImportError:
        pass
    with asyncio.Runner(loop_factory=runner_factory) as runner:
        procs = {p.name: p for p in started}
        return runner.run(end_to_end(args, endpoints, procs, veil.log, reply))


if __name__ == "__main__":
    sys.exit(main())
