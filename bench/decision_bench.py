"""Policy decision overhead: what `Pipeline.prepare` spends on the policy, in process.

    .venv/bin/python bench/decision_bench.py [--quick] [--n N] [--n-large N] [--json OUT]

The decision part is what `Pipeline.prepare` does beyond what it did before the policy existed:
`PolicyStage.withhold` (deny-listed tool results replaced in place), `PolicyStage.decide` (the
paths the request carries, `veil.policy.paths.request_paths`; the workspace the client reports;
findings and paths classified into tiers; the preset's decision at the destination) and the
per-span filter of what is masked (`Outcome.masks`). It is timed on a fresh parse of the body each
run, with the spans the finder returns for it (found once, outside the timer), and set against
the whole `Pipeline.prepare` of the same body, interleaved with it: memo warm (a history resent
every turn: every text seen before) and cold (a new body: a fresh pipeline, nothing seen before).

Bodies of ~20 KB and ~200 KB, built at run time (no real secrets):
- `chat` and `dense`: the gateway benchmark's own (bench/gateway_bench.py: a coding conversation
  with keys and e-mail addresses planted, and a pasted export dense with findings), chat route;
- `claude code`: an Anthropic Messages request shaped like Claude Code's (system prompt with
  `Working directory:`, tool definitions, many tool_use / tool_result pairs: Read with absolute
  paths, Bash `cat`, `sed -n`, `grep -rn`, `git log`, Edit), one Read of `.env` whose result is
  withheld;
- `codex`: a Responses request shaped like Codex's (`<environment_context>` with `<cwd>`, shell
  function calls `bash -lc "cat ..."` / `sed -n`, `rg -n`, apply_patch custom tool calls), one
  `cat .env` whose output is withheld.
The policy is the embedded default (preset `startup`) plus a few `[policy.paths]` patterns that
some of the bodies' paths fall under, so that path classification does real work.

Standalone, this prints its table and writes bench/out/decision.json; bench/gateway_bench.py runs
it too (`measure`) and shows its figures next to veil's and LiteLLM's added latency (`with_peers`).
"""

from __future__ import annotations

import argparse
import gc
import json
import sys
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from random import Random
from typing import Any

import orjson

from corpus_filler import Filler
from stats import pct

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tests.factories import aws_pair_config, vault_map  # noqa: E402

from veil.config import Settings, active_rules  # noqa: E402
from veil.detect import recall  # noqa: E402
from veil.detect.engine import Engine  # noqa: E402
from veil.pipeline.decide import Destination, PolicyStage  # noqa: E402
from veil.pipeline.find import Span  # noqa: E402
from veil.pipeline.request import Pipeline  # noqa: E402
from veil.policy.paths import request_paths  # noqa: E402
from veil.policy.registry import load_registry  # noqa: E402
from veil.protocols import anthropic_messages, openai_chat, openai_responses  # noqa: E402
from veil.protocols.neutral import JSON, Extraction, load_json  # noqa: E402

WORKSPACE = "/home/dev/quarkworks-api"  # what the Claude Code and Codex bodies report
# `[policy.paths]` for the run: the bodies read files under some of these.
PATHS = {
    "restricted": ["deploy/secrets/", "*.tfvars"],
    "internal": ["src/app/storage.py", "docs/internal/**"],
}
FILES = (
    "src/app/client.py", "src/app/models.py", "src/app/tasks.py", "src/app/views.py",
    "src/app/storage.py", "src/app/retry.py", "tests/test_client.py", "docs/internal/runbook.md",
)  # fmt: skip
AUTHORS = ("anna.lindqvist", "jonas.moreau", "maria.keller", "tomas.novak", "lena.santos")
DOMAINS = ("quarkworks.dev", "northwind-labs.io", "fernhill.co")
ROUTES: dict[str, tuple[str, Callable[[JSON], Extraction], str]] = {
    # route -> (client path, extractor, provider the fake upstream stands for)
    "chat": ("/v1/chat/completions", openai_chat.extract, "openai"),
    "messages": ("/v1/messages", anthropic_messages.extract, "anthropic"),
    "responses": ("/v1/responses", openai_responses.extract, "openai"),
}
SIZES = {"20 KB": 20_000, "200 KB": 200_000}


@dataclass(frozen=True)
class Case:
    """One request body to measure: its shape and size, the route it is sent on, and the gateway
    benchmark's latency series of the same size and kind (for the peers' added latency)."""

    shape: str
    size: str
    route: str
    raw: bytes
    peer_series: str

    @property
    def name(self) -> str:
        return f"{self.shape} {self.size}"


# ---------------------------------------------------------------- bodies


@dataclass
class _Step:
    """One tool call and its result, as a coding agent makes them."""

    kind: str  # read, cat, sed, grep, gitlog, edit, env, config
    path: str
    command: str  # the shell command that does it (Codex; Claude Code's Bash)
    output: str  # what the tool returned
    old: str = ""  # edit: the text replaced
    new: str = ""


def _steps(rng: Random, text: Filler, scale: Callable[[], float]) -> Iterator[_Step]:
    """An endless agent session: reads, greps, a git log with authors' e-mail addresses, edits;
    a staging config with an AWS key pair now and then, and one `.env` read (third step)."""
    kinds = ("read", "sed", "grep", "cat", "gitlog", "read", "edit", "sed", "config")
    n = 0
    while True:
        s = scale()
        kind = "env" if n == 2 else kinds[n % len(kinds)]
        path = rng.choice(FILES)
        n += 1
        if kind in ("read", "cat"):
            code = text.code_block(int(rng.uniform(2000, 5000) * s))
            yield _Step(kind, path, f"cat {path}", code)
        elif kind == "sed":
            code = text.code_block(int(rng.uniform(1200, 3000) * s))
            first = rng.randrange(1, 400)
            last = first + code.count("\n")
            yield _Step(kind, path, f"sed -n '{first},{last}p' {path}", code)
        elif kind == "grep":
            lines = text.code_block(int(rng.uniform(600, 1500) * s)).split("\n")
            hits = [f"{rng.choice(FILES)}:{rng.randrange(1, 900)}:{ln.strip()}" for ln in lines]
            yield _Step(kind, "src", 'grep -rn "retry" src tests', "\n".join(hits))
        elif kind == "gitlog":
            out = []
            for _ in range(3):
                who = f"{rng.choice(AUTHORS)}@{rng.choice(DOMAINS)}"
                name = who.split("@")[0].replace(".", " ").title()
                out.append(
                    f"commit {rng.getrandbits(160):040x}\nAuthor: {name} <{who}>\n"
                    f"Date:   Mon Jun 2 10:{rng.randrange(10, 59)}:00 2025 +0200\n\n"
                    f"    {text.prose_block(80).splitlines()[0][:70]}\n"
                )
            yield _Step(kind, path, f"git log -3 -- {path}", "\n".join(out))
        elif kind == "edit":
            old = text.code_block(int(rng.uniform(200, 600) * s))
            new = text.code_block(int(rng.uniform(200, 600) * s))
            yield _Step(kind, path, "", f"The file {path} has been updated.", old, new)
        elif kind == "config":
            tag = f"decision-{rng.getrandbits(32):08x}"
            conf = f"[staging]\nregion = eu-west-1\n{aws_pair_config(tag)}"
            yield _Step(kind, "deploy/staging.ini", "cat deploy/staging.ini", conf)
        else:  # the one deny-listed file: its content must be withheld
            env = f"DEBUG=0\nDATABASE_URL=postgres://app@db.internal:5432/app\n{aws_pair_config('env')}"
            yield _Step("env", ".env", "cat .env", env)


def _grow(build: Callable[[float], None], size: Callable[[], int], target: int) -> None:
    """Call `build` until the body is about `target` bytes, with the scale of its next step (the
    last steps shrink to land near the target)."""
    while (room := target - size()) > 600:
        build(min(room / 9000, 1.0))


def _numbered(code: str, first: int = 1) -> str:
    """A file as Claude Code's Read returns it: `cat -n` style line numbers."""
    return "\n".join(f"{i:>6}\u2192{line}" for i, line in enumerate(code.split("\n"), first))


def claude_code_body(target_bytes: int, seed: int) -> dict[str, Any]:
    """An Anthropic Messages request of about `target_bytes`, shaped like Claude Code's."""
    rng = Random(seed)
    text = Filler(rng, 40)
    tools = [
        {
            "name": name,
            "description": text.prose_block(400),
            "input_schema": {
                "type": "object",
                "properties": {a: {"type": "string", "description": f"The {a}"} for a in args},
                "required": list(args),
            },
        }
        for name, args in (
            ("Bash", ("command", "description")),
            ("Read", ("file_path",)),
            ("Edit", ("file_path", "old_string", "new_string")),
            ("Grep", ("pattern", "path")),
            ("Glob", ("pattern",)),
        )
    ]
    body: dict[str, Any] = {
        "model": "claude-sonnet-4-5",
        "max_tokens": 32000,
        "system": [
            {"type": "text", "text": "You are Claude Code, Anthropic's official CLI for Claude."},
            {
                "type": "text",
                "text": f"{text.prose_block(1500)}\n\n<env>\nWorking directory: {WORKSPACE}\n"
                "Is directory a git repo: Yes\nPlatform: linux\n</env>",
            },
        ],
        "tools": tools,
        "messages": [
            {
                "role": "user",
                "content": [
                    {"type": "text", "text": "<system-reminder>\nCLAUDE.md: run `make test` "
                     "before you commit.\n</system-reminder>"},
                    {"type": "text", "text": "The retry loop in src/app/client.py never stops "
                     "when the upstream times out. Find out why and fix it; staging settings "
                     "are in .env and deploy/staging.ini."},
                ],
            }
        ],
    }  # fmt: skip
    messages: list[dict[str, Any]] = body["messages"]
    scale_now = [1.0]
    steps = _steps(rng, text, lambda: scale_now[0])

    def build(scale: float) -> None:
        scale_now[0] = scale
        step = next(steps)
        call_id = f"toolu_01{rng.getrandbits(96):024x}"
        if step.kind in ("read", "env"):
            name, args = "Read", {"file_path": f"{WORKSPACE}/{step.path}"}
            result: Any = _numbered(step.output) if step.kind == "read" else step.output
        elif step.kind == "edit":
            name = "Edit"
            args = {
                "file_path": f"{WORKSPACE}/{step.path}",
                "old_string": step.old,
                "new_string": step.new,
            }
            result = step.output
        else:
            name = "Bash"
            args = {"command": step.command, "description": f"Look at {step.path}"}
            result = [{"type": "text", "text": step.output}]
        said = text.prose_block(int(160 * scale_now[0])).split("\n")[0]
        messages.append(
            {
                "role": "assistant",
                "content": [
                    {"type": "text", "text": said},
                    {"type": "tool_use", "id": call_id, "name": name, "input": args},
                ],
            }
        )
        messages.append(
            {
                "role": "user",
                "content": [{"type": "tool_result", "tool_use_id": call_id, "content": result}],
            }
        )

    _grow(build, lambda: len(orjson.dumps(body)), target_bytes)
    messages.append(
        {"role": "assistant", "content": [{"type": "text", "text": text.prose_block(300)}]}
    )
    messages.append({"role": "user", "content": "Good. Now run the tests and commit."})
    return body


def codex_body(target_bytes: int, seed: int) -> dict[str, Any]:
    """An OpenAI Responses request of about `target_bytes`, shaped like Codex CLI's."""
    rng = Random(seed)
    text = Filler(rng, 40)

    def said(role: str, words: str) -> dict[str, Any]:
        kind = "input_text" if role == "user" else "output_text"
        return {"type": "message", "role": role, "content": [{"type": kind, "text": words}]}

    items: list[dict[str, Any]] = [
        said("user", f"<user_instructions>\n{text.prose_block(800)}\n</user_instructions>"),
        said(
            "user",
            f"<environment_context>\n  <cwd>{WORKSPACE}</cwd>\n  <approval_policy>on-request"
            "</approval_policy>\n  <sandbox_mode>workspace-write</sandbox_mode>\n  <network_access>"
            "restricted</network_access>\n  <shell>bash</shell>\n</environment_context>",
        ),
        said(
            "user",
            "The retry loop in src/app/client.py never stops when the upstream times out. "
            "Find out why and fix it; staging settings are in .env and deploy/staging.ini.",
        ),
    ]
    body: dict[str, Any] = {
        "model": "gpt-5-codex",
        "instructions": "You are Codex, based on GPT-5. You are running as a coding agent in the "
        f"Codex CLI on a user's computer.\n\n{text.prose_block(2500)}",
        "input": items,
        "tools": [
            {
                "type": "function",
                "name": "shell",
                "description": "Runs a shell command and returns its output.",
                "strict": False,
                "parameters": {
                    "type": "object",
                    "properties": {
                        "command": {"type": "array", "items": {"type": "string"}},
                        "workdir": {"type": "string"},
                        "timeout_ms": {"type": "number"},
                    },
                    "required": ["command"],
                },
            },
            {
                "type": "custom",
                "name": "apply_patch",
                "description": text.prose_block(500),
                "format": {"type": "grammar", "syntax": "lark", "definition": "start: patch"},
            },
        ],
        "tool_choice": "auto",
        "parallel_tool_calls": False,
        "reasoning": {"effort": "medium", "summary": "auto"},
        "store": False,
        "stream": True,
        "include": ["reasoning.encrypted_content"],
        "prompt_cache_key": f"{rng.getrandbits(128):032x}",
    }
    scale_now = [1.0]
    steps = _steps(rng, text, lambda: scale_now[0])

    def build(scale: float) -> None:
        scale_now[0] = scale
        step = next(steps)
        call_id = f"call_{rng.getrandbits(96):024x}"
        if step.kind == "edit":
            old = "\n".join(f"-{line}" for line in step.old.split("\n"))
            new = "\n".join(f"+{line}" for line in step.new.split("\n"))
            head = f"*** Begin Patch\n*** Update File: {step.path}\n@@"
            patch = f"{head}\n{old}\n{new}\n*** End Patch"
            items.append(
                {"type": "custom_tool_call", "name": "apply_patch", "input": patch,
                 "call_id": call_id}
            )  # fmt: skip
            out = f"Success. Updated the following files:\nM {step.path}"
            items.append({"type": "custom_tool_call_output", "call_id": call_id, "output": out})
        else:
            command = step.command.replace("grep -rn", "rg -n")
            args = {"command": ["bash", "-lc", command], "workdir": WORKSPACE, "timeout_ms": 120000}
            items.append(
                {"type": "function_call", "name": "shell", "arguments": json.dumps(args),
                 "call_id": call_id}
            )  # fmt: skip
            wall = f"{rng.uniform(0.01, 0.4):.1f}"
            out = f"Exit code: 0\nWall time: {wall} seconds\nOutput:\n{step.output}"
            items.append({"type": "function_call_output", "call_id": call_id, "output": out})
        if rng.random() < 0.3:
            items.append(said("assistant", text.prose_block(int(200 * scale_now[0]))))

    _grow(build, lambda: len(orjson.dumps(body)), target_bytes)
    items.append(said("assistant", text.prose_block(300)))
    items.append(said("user", "Good. Now run the tests and commit."))
    return body


def build_cases(chat_bodies: Mapping[str, bytes], seed: int) -> list[Case]:
    """The gateway benchmark's chat bodies (`20 KB`, `200 KB`, `dense 20 KB`, `dense 200 KB`)
    and Claude Code and Codex bodies of the same sizes."""
    cases: list[Case] = []
    for size, target in SIZES.items():
        cases.append(Case("chat", size, "chat", chat_bodies[size], f"{size} new"))
        dense = f"dense {size}"
        cases.append(Case("dense", size, "chat", chat_bodies[dense], f"{dense} new"))
        claude = orjson.dumps(claude_code_body(target, seed + 11 + target // 1000))
        cases.append(Case("claude code", size, "messages", claude, f"{size} new"))
        codex = orjson.dumps(codex_body(target, seed + 13 + target // 1000))
        cases.append(Case("codex", size, "responses", codex, f"{size} new"))
    return cases


# ---------------------------------------------------------------- measuring


def _ms(seconds: list[float]) -> dict[str, float]:
    ms = [s * 1000 for s in seconds]
    return {"p50_ms": pct(ms, 50), "p99_ms": pct(ms, 99), "max_ms": max(ms)}


def settings() -> Settings:
    return Settings.model_validate({"policy": {"paths": PATHS}})


class Bench:
    """One engine and policy, as `veil serve` builds them (embedded defaults, recall mode)."""

    def __init__(self) -> None:
        conf = settings()
        self.engine = Engine(active_rules(conf) + recall.RULES, recall=True)
        self.stage = PolicyStage(conf)
        self.registry = load_registry(conf.providers)

    def pipeline(self) -> Pipeline:
        return Pipeline(self.engine, self.stage)

    def destination(self, route: str) -> Destination:
        return Destination(route, self.registry.get(ROUTES[route][2]))

    def measure_case(self, case: Case, n: int, n_prepare: int) -> dict[str, Any]:
        """The decision part `n` times, and `Pipeline.prepare` warm and cold `n_prepare` times."""
        path, extract, _provider = ROUTES[case.route]
        dest = self.destination(case.route)
        stage = self.stage
        pipe = self.pipeline()
        # What prepare's finder sees: the body after withholding.
        parsed = load_json(case.raw)
        reading = stage.read(parsed, case.route)
        found: list[list[Span]] = pipe.finder.find(extract(parsed).slots)
        spans = [s for ss in found for s in ss]
        paths = request_paths(parsed, case.route)
        outcome = stage.decide(parsed, spans, reading, dest, path)

        t_withhold: list[float] = []
        t_decide: list[float] = []
        t_filter: list[float] = []
        t_paths: list[float] = []
        t_total: list[float] = []
        warm: list[float] = []
        cold: list[float] = []
        vmap = vault_map("decision-bench")
        pipe.prepare(case.raw, extract, vmap, dest, path)  # its memo now holds every text
        stride = max(n // n_prepare, 1)
        clock = time.perf_counter
        # Interleaved, so that the machine's noise falls on the decision and on prepare alike.
        for i in range(n):
            fresh = load_json(case.raw)  # withhold changes it in place
            t0 = clock()
            held = stage.read(fresh, case.route)
            t1 = clock()
            out = stage.decide(fresh, spans, held, dest, path)
            t2 = clock()
            out.chosen(found)
            t3 = clock()
            request_paths(fresh, case.route)
            t4 = clock()
            t_withhold.append(t1 - t0)
            t_decide.append(t2 - t1)
            t_filter.append(t3 - t2)
            t_total.append(t3 - t0)
            t_paths.append(t4 - t3)
            if i % stride:
                continue
            t0 = clock()
            pipe.prepare(case.raw, extract, vmap, dest, path)
            warm.append(clock() - t0)
            new = Pipeline(self.engine, PolicyStage(settings()))  # nothing seen before
            t0 = clock()
            new.prepare(case.raw, extract, vmap, dest, path)
            cold.append(clock() - t0)
        gc.collect()

        decision = _ms(t_total)
        warm_ms, cold_ms = _ms(warm), _ms(cold)
        return {
            "shape": case.shape,
            "size": case.size,
            "route": case.route,
            "bytes": len(case.raw),
            "spans": len(spans),
            "paths": len(paths),
            "withheld": len(reading.withheld),
            "tier": outcome.decision.tier.name.lower(),
            "action": outcome.decision.action.name.lower(),
            "n": n,
            "n_prepare": len(warm),
            "decision": decision,  # withhold + decide + mask filter
            "withhold_decide": _ms([a + b for a, b in zip(t_withhold, t_decide, strict=True)]),
            "withhold": _ms(t_withhold),
            "decide": _ms(t_decide),
            "request_paths": _ms(t_paths),
            "mask_filter": _ms(t_filter),
            "prepare_warm": warm_ms,
            "prepare_cold": cold_ms,
            "share_warm": decision["p50_ms"] / warm_ms["p50_ms"],
            "share_cold": decision["p50_ms"] / cold_ms["p50_ms"],
            "peer_series": case.peer_series,
        }


def measure(
    chat_bodies: Mapping[str, bytes],
    *,
    seed: int = 1,
    quick: bool = False,
    n: int | None = None,
    n_large: int | None = None,
    log: Callable[[str], None] = print,
) -> dict[str, Any]:
    """Every case: the decision part and `Pipeline.prepare`, in this process."""
    n = n or (300 if quick else 1000)
    n_large = n_large or (60 if quick else 200)
    started = time.perf_counter()
    bench = Bench()
    cases = build_cases(chat_bodies, seed)
    rows = []
    for case in cases:
        runs = n if case.size == "20 KB" else n_large
        log(f"decision: {case.name}, {len(case.raw)} B, {runs} runs")
        rows.append(bench.measure_case(case, runs, max(runs // 4, 30)))
    return {
        "config": {"preset": bench.stage.policy.preset, "paths": PATHS},
        "what": "withhold + decide + mask filter, on a fresh parse; spans found once",
        "cases": rows,
        "seconds": time.perf_counter() - started,
    }


def with_peers(
    result: dict[str, Any], latency: Mapping[str, Any] | None, *, litellm: bool
) -> dict[str, Any]:
    """The decision p50 as a share of veil's and LiteLLM's added latency per request, from a
    gateway benchmark run's `latency` section (same size and kind of body, new requests)."""
    result["peers"] = {"veil": latency is not None, "litellm": latency is not None and litellm}
    for row in result["cases"]:
        block = (latency or {}).get(row["peer_series"], {})
        p50 = row["decision"]["p50_ms"]
        for target in ("veil", "litellm"):
            added = block.get(target, {}).get("added_p50_ms")
            row[f"{target}_added_p50_ms"] = added
            row[f"over_{target}_added"] = p50 / added if added and added > 0 else None
    return result


# ---------------------------------------------------------------- report


def render(result: dict[str, Any]) -> list[str]:
    rows = result["cases"]
    conf = result["config"]
    patterns = sum(map(len, conf["paths"].values()))
    lines = [
        "policy decision overhead, in process (ms): withhold + decide + the per-span mask filter,",
        "  on a fresh parse each run, spans found once; share: of the whole Pipeline.prepare,",
        "  memo warm (history resent) and cold (new body); preset "
        f"{conf['preset']}, {patterns} [policy.paths] patterns",
        f"{'body':19}{'KB':>4}{'spans':>6}{'paths':>6}{'held':>5}   {'p50':>6} {'p99':>6}"
        f"  {'withhold':>8} {'paths':>6} {'filter':>6}   {'warm':>6} {'share':>6}"
        f"  {'cold':>6} {'share':>6}",
    ]
    for r in rows:
        lines.append(
            f"{r['shape'] + ' ' + r['size']:19}{r['bytes'] / 1000:4.0f}{r['spans']:6}"
            f"{r['paths']:6}{r['withheld']:5}   {r['decision']['p50_ms']:6.2f}"
            f" {r['decision']['p99_ms']:6.2f}  {r['withhold']['p50_ms']:8.2f}"
            f" {r['request_paths']['p50_ms']:6.2f} {r['mask_filter']['p50_ms']:6.2f}"
            f"   {r['prepare_warm']['p50_ms']:6.2f} {r['share_warm']:6.1%}"
            f"  {r['prepare_cold']['p50_ms']:6.2f} {r['share_cold']:6.1%}"
        )
    lines.append(
        "  (withhold, filter: p50 of each part; paths: request_paths with no memo, as for a"
        " new body (inside decide the gateway remembers each text's paths);"
        " warm, cold: prepare p50)"
    )
    peers = result.get("peers")
    if peers is None:
        lines.append("  peers: not measured here (`make bench-gateway` compares)")
        return lines
    lines.append("  decision p50 / added latency p50 per request (same size, new requests):")
    for r in rows:
        veil = r.get("over_veil_added")
        part = f"veil's {r['veil_added_p50_ms']:6.2f} ms: {veil:7.1%}" if veil else "veil's: -"
        if not peers["litellm"]:
            lite = "LiteLLM not measured (--no-litellm)"
        elif r.get("over_litellm_added"):
            added, ratio = r["litellm_added_p50_ms"], r["over_litellm_added"]
            lite = f"LiteLLM's {added:6.2f} ms: {ratio:7.1%}"
        else:
            lite = "LiteLLM's: -"
        lines.append(f"  {r['shape'] + ' ' + r['size']:18} of {part}   of {lite}")
    return lines


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer runs (seconds)")
    parser.add_argument("--n", type=int, default=None, help="decision runs per 20 KB body")
    parser.add_argument("--n-large", type=int, default=None, help="decision runs per 200 KB body")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--json", type=Path, default=OUT / "decision.json")
    args = parser.parse_args()

    import gateway_bench  # the gateway benchmark's own chat bodies, same seeds

    bodies = {k: b.raw for k, b in gateway_bench.bench_bodies(args.seed).items()}
    result = measure(bodies, seed=args.seed, quick=args.quick, n=args.n, n_large=args.n_large)
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(result, indent=2))
    print()
    print("\n".join(render(result)))
    print(f"\nJSON: {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
