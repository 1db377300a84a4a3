"""Gateway benchmark: `veil serve` against a direct connection and LiteLLM's proxy.

    .venv/bin/python bench/gateway_bench.py [--quick] [--no-litellm] [--no-decision] [--profile]
        [--json OUT]

Each of the three reaches its own instance of the project's fake provider (tests/fake_provider.py,
which keeps every request it gets), all real processes on 127.0.0.1: direct (client -> fake),
veil (client -> veil serve -> fake) and LiteLLM (client -> litellm proxy -> fake, model
`openai/bench-model`). It measures
- added latency, p50 and p99, of non-streamed chat completions of ~20 KB and ~200 KB: a coding
  conversation of real open-source code and prose (bench/corpus_filler.py) with AWS keys and
  e-mail addresses planted, built at run time, so that veil masks every request; the reply
  quotes one of veil's placeholders, so veil restores every response. No body is sent twice
  (veil keeps findings per text): `new` requests carry a fresh mark in every message, `next
  turn` ones repeat the history and change the last two messages, as a coding assistant does;
- the same for a pasted export dense with findings (~20 KB and ~200 KB, about one finding per
  100 characters: bench/corpus_dense.py), new requests only;
- time to the first content delta of streamed chat completions (~2 KB and ~20 KB), p50 and p99;
- requests per second at 32 concurrent connections, ~2 KB requests, masking on;
- the policy's decision overhead per request, in this process before the servers start
  (bench/decision_bench.py: withhold + decide on the ~20 KB and ~200 KB bodies above and on
  Claude-Code- and Codex-shaped ones), p50 and p99, its share of the whole `Pipeline.prepare`,
  and its p50 as a share of veil's and LiteLLM's added latency at the same size.
Latency requests go one at a time, interleaved request by request across the three targets, so
that the machine's noise falls on all alike; each series is also cut in rounds in time order,
and throughput is run in rounds, to show that noise. Processes' CPU time is read from /proc.
The client is bench/gateway_load.py (raw asyncio streams, a fraction of the servers' CPU).
LiteLLM lives in its own virtual environment (bench/out/venv-litellm, made on first run), runs
with its local model cost map and every remote fetch off, and its first answer is checked.
Results: a table on stdout, and JSON in bench/out/gateway.json. `--profile` also samples veil
with py-spy in each phase (installed into bench/out/venv-tools if it is not on PATH) and shows
where its time goes: wall time on its thread, socket writes included.
"""

from __future__ import annotations

import argparse
import asyncio
import http.client
import itertools
import json
import os
import platform
import re
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from random import Random
from typing import IO, Any

import orjson

import decision_bench
from corpus_dense import dense_text
from corpus_filler import Filler
from gateway_load import Connection, LoadResult, Reply, build_request, load
from stats import pct

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
sys.path.insert(0, str(ROOT))

from tests.factories import aws_key_id, aws_pair_config, aws_secret  # noqa: E402

LITELLM_VERSION = "1.106.12"  # the newest whose `proxy` extra installs from PyPI here
MODEL = "bench-model"
CHAT = "/v1/chat/completions"
TARGETS = ("direct", "veil", "litellm")
PLACEHOLDER = re.compile(r"VEIL_SECRET_[0-9A-F]{8}")
# LiteLLM offline: bundled cost map and configs, no .env, any stray HTTP(S) to a dead local port.
LITELLM_ENV = {
    "LITELLM_LOCAL_MODEL_COST_MAP": "True",
    "LITELLM_LOCAL_ANTHROPIC_BETA_HEADERS": "True",
    "LITELLM_LOCAL_AUTOROUTER_PRESETS": "True",
    "LITELLM_LOCAL_BLOG_POSTS": "True",
    "LITELLM_LOCAL_POLICY_TEMPLATES": "True",
    "LITELLM_MODE": "PRODUCTION",
    "HF_HUB_OFFLINE": "1",
    "DISABLE_ADMIN_UI": "True",
    "NO_DOCS": "True",
    "HTTP_PROXY": "http://127.0.0.1:9",
    "HTTPS_PROXY": "http://127.0.0.1:9",
    "ALL_PROXY": "http://127.0.0.1:9",
    "NO_PROXY": "127.0.0.1,localhost",
}
TARGET_GOALS = {
    "p50_20k_ms": 3.0,
    "p99_20k_ms": 10.0,
    "p50_200k_ms": 8.0,
    "ttft_growth_ms": 1.0,
    "rps_ratio": 10.0,
}


# ---------------------------------------------------------------- requests


@dataclass
class Body:
    """A chat-completion request body and the originals planted in it."""

    name: str
    data: dict[str, Any]
    planted: list[str]

    @property
    def raw(self) -> bytes:
        return orjson.dumps(self.data)


FIRST = ("anna", "jonas", "maria", "tomas", "lena", "pavel", "ines", "oskar")
LAST = ("lindqvist", "moreau", "keller", "novak", "santos", "brandt", "okafor", "haas")
DOMAINS = ("quarkworks.dev", "northwind-labs.io", "fernhill.co", "acme-build.net")
TOOLS = [
    {
        "type": "function",
        "function": {
            "name": name,
            "description": doc,
            "parameters": {
                "type": "object",
                "properties": {arg: {"type": "string", "description": f"the {arg}"}},
                "required": [arg],
            },
        },
    }
    for name, doc, arg in (
        ("read_file", "Read a file of the repository.", "path"),
        ("run_command", "Run a shell command in the repository root.", "command"),
        ("apply_patch", "Apply a unified diff to the working tree.", "patch"),
    )
]


def _email(rng: Random) -> str:
    return f"{rng.choice(FIRST)}.{rng.choice(LAST)}@{rng.choice(DOMAINS)}"


def conversation(name: str, target_bytes: int, seed: int, plants: int) -> Body:
    """A coding-assistant conversation of about `target_bytes` of JSON, `plants` of its turns
    carrying an AWS key pair (in a config file) or an e-mail address (in a git log)."""
    rng = Random(seed)
    text = Filler(rng)
    planted: list[str] = []
    messages: list[dict[str, Any]] = [
        {
            "role": "system",
            "content": "You are a careful senior engineer working in the user's repository. "
            "Answer with code and short explanations.\n\n"
            + text.prose_block(min(1200, target_bytes // 16)),
        }
    ]
    plant_every = 2
    turn = 0

    def size() -> int:
        return len(orjson.dumps({"model": MODEL, "messages": messages, "tools": TOOLS}))

    while (room := target_bytes - size()) > 300:
        scale = min(room / 9000, 1.0)  # the last turns shrink to land near the target
        code = text.code_block(int(rng.uniform(2500, 5000) * scale))
        path = f"src/app/{rng.choice(('client', 'models', 'tasks', 'views', 'storage'))}.py"
        parts = [f"Here is `{path}`:\n\n```python\n{code}\n```"]
        if len(planted) < 2 * plants and turn % plant_every == 0:
            if (len(planted) // 2) % 2 == 0:
                tag = f"bench-{seed}-{turn}"
                parts.append(f"and `.env.local`:\n\n```\n{aws_pair_config(tag)}```")
                planted += [aws_key_id(tag), aws_secret(tag)]
            else:
                who = _email(rng)
                parts.append(
                    f"git log says:\n\n```\ncommit {rng.getrandbits(160):040x}\nAuthor: "
                    f"{who.split('@')[0].replace('.', ' ').title()} <{who}>\n\n"
                    f"    Fix retry loop in {path}\n```\n\nAsk {who} before you merge it."
                )
                planted += [who, who]
        parts.append(text.prose_block(int(300 * scale)))
        parts.append("Why does the retry loop never stop when the upstream times out?")
        messages.append({"role": "user", "content": "\n\n".join(parts)})
        answer = text.prose_block(int(500 * scale))
        snippet = text.code_block(int(400 * scale))
        messages.append({"role": "assistant", "content": f"{answer}\n\n```python\n{snippet}\n```"})
        turn += 1
    messages.append({"role": "user", "content": "Please make the change and run the tests."})
    data = {"model": MODEL, "messages": messages, "tools": TOOLS, "temperature": 0}
    return Body(name, data, sorted(set(planted)))


def dense_request(name: str, target_bytes: int, seed: int) -> Body:
    """A pasted export of about `target_bytes`, about one finding per 100 characters (e-mail
    addresses, phone numbers, IP addresses, keys: bench/corpus_dense.py), to be summarised."""
    text = dense_text(target_bytes, seed)
    data = {
        "model": MODEL,
        "messages": [
            {"role": "system", "content": "You are a careful data analyst."},
            {"role": "user", "content": f"Which customers logged in twice?\n\n{text}"},
        ],
        "temperature": 0,
    }
    return Body(name, data, sorted(set(re.findall(r"[\w.+-]+@[\w.-]+\.[a-z]+", text))))


def small_request(seed: int) -> Body:
    """A ~2 KB request: a short config-file question with an AWS key pair and an e-mail."""
    rng = Random(seed)
    text = Filler(rng)
    tag = f"bench-small-{seed}"
    who = _email(rng)
    content = (
        f"My deploy fails. Here is the config:\n\n```\n{aws_pair_config(tag)}```\n\n"
        f"and the loader:\n\n```python\n{text.code_block(1500)}\n```\n\n"
        f"The on-call is {who}. What is wrong?"
    )
    data = {
        "model": MODEL,
        "messages": [
            {"role": "system", "content": "You are a helpful coding assistant."},
            {"role": "user", "content": content},
        ],
        "temperature": 0,
    }
    return Body("2 KB", data, [aws_key_id(tag), aws_secret(tag), who])


def bench_bodies(seed: int) -> dict[str, Body]:
    """The latency series' bodies: conversations and dense exports of ~20 KB and ~200 KB."""
    return {
        "20 KB": conversation("20 KB", 20_000, seed + 1, plants=2),
        "200 KB": conversation("200 KB", 200_000, seed + 2, plants=4),
        "dense 20 KB": dense_request("dense 20 KB", 20_000, seed + 3),
        "dense 200 KB": dense_request("dense 200 KB", 200_000, seed + 4),
    }


class Series:
    """Request bodies from one template, none sent before: veil keeps the findings of every text
    it has scanned, so a repeated body would measure its memo, not its scanning.

    `new`: every message carries a fresh mark, so nothing in the request was seen before (a
    first turn, a new file, a new session). `turn`: only the last two messages do (the model's
    last answer and the user's new message) and the history is the same on every request, as a
    coding assistant resends it on each turn."""

    counter = itertools.count(1)  # shared by every series: no body is ever sent twice

    def __init__(self, body: Body, mode: str, *, stream: bool = False) -> None:
        self.body, self.mode, self.stream = body, mode, stream

    def __call__(self) -> bytes:
        mark = f"\n\n(request {next(self.counter)})"
        messages = self.body.data["messages"]
        fresh = len(messages) if self.mode == "new" else 2
        kept, changed = messages[: len(messages) - fresh], messages[len(messages) - fresh :]
        data = {
            **self.body.data,
            "messages": kept + [{**m, "content": m["content"] + mark} for m in changed],
        }
        if self.stream:
            data["stream"] = True
        return orjson.dumps(data)


# ---------------------------------------------------------------- processes


@dataclass
class Proc:
    """A server process in its own process group, with its output in a log file."""

    name: str
    popen: subprocess.Popen[bytes]
    log: Path
    port: int = 0

    def cpu_seconds(self) -> float:
        """User + system CPU of every process in its group (LiteLLM may fork)."""
        total = 0
        tick = os.sysconf("SC_CLK_TCK")
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rpartition(")")[2].split()
            except OSError:
                continue
            if int(fields[2]) == self.popen.pid:  # pgrp
                total += int(fields[11]) + int(fields[12])
        return total / tick

    def stop(self) -> None:
        if self.popen.poll() is None:
            try:
                os.killpg(self.popen.pid, signal.SIGTERM)
                self.popen.wait(8)
            except subprocess.TimeoutExpired:
                os.killpg(self.popen.pid, signal.SIGKILL)
                self.popen.wait(5)
            except ProcessLookupError:
                pass


def _drain(stream: IO[bytes], sink: IO[bytes]) -> None:
    for line in iter(stream.readline, b""):
        sink.write(line)
        sink.flush()


def start(
    name: str,
    argv: list[str],
    *,
    env: dict[str, str],
    cwd: Path,
    log: Path,
    banner: str | None,
    procs: list[Proc],
    timeout: float = 60.0,
) -> Proc:
    """Start `argv`; with `banner`, wait for a stdout line `BANNER http://127.0.0.1:PORT`."""
    sink = open(log, "wb")  # noqa: SIM115 (kept open by the drain thread)
    popen = subprocess.Popen(
        argv,
        cwd=cwd,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=sink,
        start_new_session=True,
    )
    proc = Proc(name, popen, log)
    procs.append(proc)
    assert popen.stdout is not None
    if banner is not None:
        deadline = time.monotonic() + timeout
        found: list[int] = []

        def read_banner() -> None:
            assert popen.stdout is not None
            for line in iter(popen.stdout.readline, b""):
                sink.write(line)
                m = re.search(rf"{banner} http://127\.0\.0\.1:(\d+)", line.decode(errors="replace"))
                if m:
                    found.append(int(m.group(1)))
                    break
            _drain(popen.stdout, sink)

        threading.Thread(target=read_banner, daemon=True).start()
        while not found:
            if popen.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"{name} did not start; see {log}")
            time.sleep(0.05)
        proc.port = found[0]
    else:
        threading.Thread(target=_drain, args=(popen.stdout, sink), daemon=True).start()
    return proc


def machine_busy_seconds() -> float:
    """CPU seconds that processes used on the machine since boot, plus the hypervisor's steal
    (from /proc/stat; interrupt time is left out, as our own loopback traffic makes most of it)."""
    fields = Path("/proc/stat").read_text().splitlines()[0].split()[1:]
    user, nice, system, _idle, _iowait, _irq, _softirq, steal = (int(x) for x in fields[:8])
    return (user + nice + system + steal) / os.sysconf("SC_CLK_TCK")


def git_state() -> str:
    """The commit measured, and whether src/ had changes not committed."""

    def git(*argv: str) -> str:
        done = subprocess.run(["git", *argv], cwd=ROOT, capture_output=True, text=True)
        return done.stdout.strip()

    dirty = git("status", "--porcelain", "--", "src")
    return git("rev-parse", "--short", "HEAD") + (" + uncommitted changes in src/" if dirty else "")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def http_get(port: int, path: str, timeout: float = 5.0) -> tuple[int, bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        conn.request("GET", path)
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()


def ensure_litellm(venv: Path, version: str) -> Path:
    """LiteLLM's proxy in its own virtual environment (its pins clash with veil's)."""
    python = venv / "bin" / "python"
    if python.exists():
        probe = subprocess.run(
            [str(python), "-c", "import importlib.metadata as m; print(m.version('litellm'))"],
            capture_output=True,
            text=True,
        )
        if probe.stdout.strip() == version and (venv / "bin" / "litellm").exists():
            return venv / "bin" / "litellm"
    print(f"installing litellm[proxy]=={version} into {venv} (a few minutes, once)", flush=True)
    if not python.exists():
        base = getattr(sys, "_base_executable", sys.executable)
        subprocess.run([base, "-m", "venv", str(venv)], check=True)
    subprocess.run(
        [str(python), "-m", "pip", "install", "--quiet", f"litellm[proxy]=={version}"],
        check=True,
    )
    return venv / "bin" / "litellm"


def litellm_config(fake_port: int, master_key: str) -> str:
    """One model, mapped to the fake provider's OpenAI endpoint; client `x-` headers forwarded
    (the fake provider's script headers), no database, no callbacks."""
    return json.dumps(
        {
            "model_list": [
                {
                    "model_name": MODEL,
                    "litellm_params": {
                        "model": f"openai/{MODEL}",
                        "api_base": f"http://127.0.0.1:{fake_port}/v1",
                        "api_key": "bench-upstream",
                    },
                }
            ],
            "litellm_settings": {"drop_params": True, "telemetry": False},
            "general_settings": {
                "master_key": master_key,
                "forward_client_headers_to_llm_api": True,
            },
        },
        indent=2,
    )


# ---------------------------------------------------------------- profiling (--profile)

# Where veil's samples go, first match wins: (bucket, frames that must be on the stack, leaf).
BUCKETS: tuple[tuple[str, tuple[str, ...], tuple[str, ...]], ...] = (
    (
        "socket write() syscall (wall time: loopback delivery, wake-ups; little CPU)",
        (),
        ("SocketStream.send", "Cycle.send"),
    ),
    ("mask: hyperscan pass", ("Gateway._mask", "Engine._hyperscan_windows"), ()),
    ("mask: confirming regexes (Engine._confirm)", ("Gateway._mask", "Engine._confirm"), ()),
    ("mask: propagating originals (_with_literals)", ("Gateway._mask", "_with_literals"), ()),
    ("mask: JSON parse / dump", ("Gateway._mask", "_json"), ()),
    ("mask: other", ("Gateway._mask",), ()),
    ("httpcore pool bookkeeping", ("_assign_requests_to_connections",), ()),
    ("restore (JSON, SSE rewriter)", ("restore_value",), ()),
    ("restore (JSON, SSE rewriter)", ("StreamRewriter",), ()),
    ("upstream client (httpx, httpcore, anyio, h11)", ("httpx/",), ()),
    ("upstream client (httpx, httpcore, anyio, h11)", ("httpcore/",), ()),
    ("upstream client (httpx, httpcore, anyio, h11)", ("anyio/",), ()),
    ("log line", ("Logger.",), ()),
    ("event loop (uvloop, C)", (), ("Runner.run",)),
    ("uvicorn", ("uvicorn/",), ()),
)


def bucket_of(frames: list[str]) -> str:
    for name, needed, leaf in BUCKETS:
        if leaf and not frames[-1].startswith(leaf):
            continue
        if all(any(n in f for f in frames) for n in needed):
            return name
    return "other"


def _frame_name(frame: str) -> str:
    """`function (module/file.py)` from py-spy's `function (/long/path/file.py:LINE)`."""
    m = re.match(r"(.*) \((.*?)(?::\d+)?\)$", frame)
    if not m:
        return frame
    path = re.sub(r".*(site-packages|/src|lib/python3\.\d+)/", "", m.group(2))
    return f"{m.group(1)} ({path})"


class Profiler:
    """py-spy sampling veil, one raw (collapsed-stack) file per phase, without pausing it."""

    def __init__(self, exe: Path, pid: int, rate: int) -> None:
        self.exe, self.pid, self.rate = exe, pid, rate
        self.current: tuple[str, subprocess.Popen[bytes], Path] | None = None
        self.done: dict[str, Path] = {}

    def start(self, phase: str) -> None:
        out = OUT / f"veil-profile-{phase}.txt"
        argv = [str(self.exe), "record", "--pid", str(self.pid), "--rate", str(self.rate)]
        argv += ["--nonblocking", "--format", "raw", "-o", str(out)]
        spy = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(0.3)
        self.current = (phase, spy, out)

    def stop(self) -> None:
        if self.current is None:
            return
        phase, spy, out = self.current
        spy.send_signal(signal.SIGINT)
        try:
            spy.wait(30)
        except subprocess.TimeoutExpired:
            spy.kill()
        self.done[phase] = out
        self.current = None

    def summary(self, phase: str, requests: int) -> dict[str, Any]:
        """Samples by bucket and the top functions by own time, as shares and ms per request."""
        buckets: dict[str, int] = {}
        own: dict[str, int] = {}
        total = 0
        path = self.done.get(phase)
        if path is None or not path.exists():
            return {}
        for line in path.read_text(errors="replace").splitlines():
            stack, _, count = line.rpartition(" ")
            frames = [f for f in stack.split(";") if "(" in f]
            if not frames or not count.isdigit():
                continue
            n = int(count)
            total += n
            name = bucket_of(frames)
            buckets[name] = buckets.get(name, 0) + n
            key = _frame_name(frames[-1])
            own[key] = own.get(key, 0) + n
        if not total:
            return {}
        ms = 1000 / self.rate / max(requests, 1)

        def rows(counts: dict[str, int], top: int) -> list[dict[str, Any]]:
            ranked = sorted(counts.items(), key=lambda kv: -kv[1])[:top]
            return [{"what": k, "share": v / total, "ms_per_request": v * ms} for k, v in ranked]

        return {
            "samples": total,
            "requests": requests,
            "buckets": rows(buckets, 20),
            "top_own": rows(own, 15),
        }


def ensure_py_spy(venv: Path) -> Path:
    found = shutil.which("py-spy")
    if found:
        return Path(found)
    exe = venv / "bin" / "py-spy"
    if not exe.exists():
        print(f"installing py-spy into {venv}", flush=True)
        base = getattr(sys, "_base_executable", sys.executable)
        subprocess.run([base, "-m", "venv", str(venv)], check=True)
        subprocess.run([str(venv / "bin" / "python"), "-m", "pip", "install", "-q", "py-spy"])
    return exe


# ---------------------------------------------------------------- statistics


def summary(seconds: list[float], rounds: int) -> dict[str, Any]:
    ms = [s * 1000 for s in seconds]
    step = max(len(ms) // rounds, 1)
    blocks = [ms[i * step : (i + 1) * step] for i in range(rounds)]
    return {
        "n": len(ms),
        "p50_ms": pct(ms, 50),
        "p90_ms": pct(ms, 90),
        "p99_ms": pct(ms, 99),
        "max_ms": max(ms) if ms else float("nan"),
        "p50_by_round_ms": [pct(b, 50) for b in blocks if b],
        "p99_by_round_ms": [pct(b, 99) for b in blocks if b],
    }


# ---------------------------------------------------------------- measuring


@dataclass
class Target:
    """One way to reach a fake provider of its own: a port and the authorization it wants."""

    name: str
    port: int
    proxy: Proc | None  # None: the client talks to the fake provider itself
    fake: Proc
    auth: str
    conn: Connection = field(init=False)

    def __post_init__(self) -> None:
        self.conn = Connection(self.port)

    def raw(self, body: bytes, headers: dict[str, str]) -> bytes:
        return build_request(self.port, CHAT, body, {"authorization": self.auth, **headers})


def _content(reply: Reply) -> str:
    try:
        return str(orjson.loads(reply.body)["choices"][0]["message"]["content"])
    except (orjson.JSONDecodeError, KeyError, IndexError, TypeError):
        raise RuntimeError(f"status {reply.status}: {reply.body[:300]!r}") from None


def _stream_text(reply: Reply) -> str:
    out = []
    for line in reply.body.split(b"\n"):
        if line.startswith(b"data:") and line[5:].strip() not in (b"", b"[DONE]"):
            for choice in orjson.loads(line[5:]).get("choices") or ():
                out.append((choice.get("delta") or {}).get("content") or "")
    return "".join(out)


Snapshot = dict[str, float]


def usage(before: Snapshot, after: Snapshot, seconds: float) -> dict[str, float]:
    """CPU seconds per process between two snapshots, and `background`: the percent of one
    core that processes not in this benchmark used meanwhile (the machine is shared)."""
    used = {k: after[k] - before[k] for k in after}
    ours = sum(v for k, v in used.items() if k != "machine")
    used["background_percent"] = max(used.pop("machine") - ours, 0.0) / seconds * 100
    return used


async def sequential(
    targets: list[Target],
    series: Series,
    headers: dict[str, str],
    n: int,
    *,
    cpu: Callable[[], Snapshot],
) -> tuple[dict[str, list[float]], dict[str, float]]:
    """`n` requests per target, one at a time, interleaved request by request (order rotated);
    per target the seconds to the whole response or, for streams, to the first content delta;
    and the CPU each process used over the run (`usage`)."""
    times: dict[str, list[float]] = {t.name: [] for t in targets}
    stream = series.stream
    before, started = cpu(), time.perf_counter()
    for i in range(n):
        body = series()
        for j in range(len(targets)):
            t = targets[(i + j) % len(targets)]
            try:
                reply = await t.conn.request(t.raw(body, headers), probe_stream=stream)
            except (OSError, asyncio.IncompleteReadError) as exc:
                raise RuntimeError(f"{t.name}: {type(exc).__name__}: {exc}") from None
            if reply.status != 200:
                raise RuntimeError(f"{t.name}: status {reply.status}: {reply.body[:300]!r}")
            if stream:
                if reply.first_token is None:
                    raise RuntimeError(f"{t.name}: no content delta in {reply.body[:300]!r}")
                times[t.name].append(reply.first_token)
            else:
                times[t.name].append(reply.total)
    return times, usage(before, cpu(), time.perf_counter() - started)


async def throughput(
    target: Target,
    series: Series,
    headers: dict[str, str],
    args: argparse.Namespace,
    cpu: Callable[[], Snapshot],
) -> tuple[LoadResult, dict[str, float]]:
    """One fixed-duration run at `--concurrency`; CPU as percent of one core: the client, the
    target's fake provider, its proxy, and everything else on the machine."""
    before = cpu()
    result = await load(
        target.port,
        lambda: target.raw(series(), headers),
        concurrency=args.concurrency,
        seconds=args.rps_seconds,
        max_requests=args.rps_max,
        expect=b'"choices"',
    )
    used = usage(before, cpu(), result.seconds)
    share = {
        "client": used["client"] / result.seconds * 100,
        "fake": used[target.fake.name] / result.seconds * 100,
        "proxy": used[target.proxy.name] / result.seconds * 100 if target.proxy else 0.0,
        "background": used["background_percent"],
    }
    return result, share


# ---------------------------------------------------------------- the run


def veil_log_times(log: Path, start: int, end: int) -> dict[str, float]:
    """veil's own view of the requests it logged between two offsets of its log: `veil_ms`
    (time in veil's own code: parse, detect, mask, restore) and `total_ms` (the whole request,
    from the first byte uvicorn hands over to the log line)."""
    with open(log, "rb") as f:
        f.seek(start)
        text = f.read(end - start).decode(errors="replace")
    inner, total = [], []
    for m in re.finditer(r" veil_ms=([\d.]+) total_ms=([\d.]+)", text):
        inner.append(float(m.group(1)))
        total.append(float(m.group(2)))
    return {
        "n": len(inner),
        "veil_ms_p50": pct(inner, 50),
        "veil_ms_p99": pct(inner, 99),
        "total_ms_p50": pct(total, 50),
        "total_ms_p99": pct(total, 99),
    }


async def preflight(targets: dict[str, Target], small: Body, base_headers: dict[str, str]) -> str:
    """Check that every target answers and that veil masks; the placeholder veil gives the
    first planted secret (the benchmark's reply quotes it, so veil restores every answer)."""
    veil = targets["veil"]
    reply = await veil.conn.request(veil.raw(small.raw, {**base_headers, "x-fake-reply": "ok"}))
    if reply.status != 200:
        raise RuntimeError(f"veil preflight: status {reply.status}: {reply.body[:300]!r}")
    _, recorded = http_get(veil.fake.port, "/_fake/requests")
    seen = orjson.loads(recorded)[-1]["body"]
    leaked = [v for v in small.planted if v in seen]
    found = PLACEHOLDER.findall(seen)
    if leaked or not found or "@example.com" not in seen:
        raise RuntimeError("veil did not mask the planted values; the benchmark would be void")
    placeholder = str(found[0])
    headers = {**base_headers, "x-fake-reply": f"See {placeholder} in the config."}
    for t in targets.values():
        try:
            got = _content(await t.conn.request(t.raw(small.raw, headers)))
        except RuntimeError as exc:
            raise RuntimeError(f"{t.name}: {exc}") from None
        if t.name == "veil":
            ok = placeholder not in got and any(v in got for v in small.planted)
        else:
            ok = got == headers["x-fake-reply"]
        if not ok:
            raise RuntimeError(f"{t.name}: unexpected answer {got[:200]!r}")
    if "litellm" in targets:
        _, recorded = http_get(targets["litellm"].fake.port, "/_fake/requests")
        last = orjson.loads(recorded)[-1]
        if last["path"] != CHAT or last["headers"].get("x-fake-reply") != headers["x-fake-reply"]:
            raise RuntimeError("LiteLLM's request did not reach the fake provider as expected")
    return placeholder


def fmt(x: float, width: int = 8, digits: int = 2) -> str:
    return f"{x:{width}.{digits}f}"


def render(result: dict[str, Any]) -> str:
    meta = result["meta"]
    names = [t for t in TARGETS if t in meta["targets"]]
    lines = [
        f"gateway benchmark: veil {meta['veil_version']} ({meta['veil_commit']}), LiteLLM "
        f"{meta.get('litellm_version')}, fake provider upstream; {meta['cpus']} CPUs, Python "
        f"{meta['python']}",
        "",
        "non-streamed chat completions, one at a time, interleaved (ms)",
        "  new: nothing in the request seen before; next turn: same history, new last 2 messages",
        f"{'request':17}{'target':8}     p50      p99  added p50 added p99  CPU/req fake CPU"
        "  p50 by round",
    ]
    for size, block in result["latency"].items():
        for name in names:
            s = block[name]
            added = (
                f"{fmt(s['added_p50_ms'], 9)} {fmt(s['added_p99_ms'], 9)}"
                if name != "direct"
                else f"{'-':>9} {'-':>9}"
            )
            rounds = "/".join(f"{x:.2f}" for x in s["p50_by_round_ms"])
            lines.append(
                f"{size:17}{name:8}{fmt(s['p50_ms'])} {fmt(s['p99_ms'])}  {added}"
                f" {fmt(s['cpu_ms_per_request'], 8)} {fmt(s['fake_cpu_ms_per_request'], 8)}"
                f"  {rounds}"
            )
    lines.append("  (CPU/req: the proxy's CPU ms per request; fake CPU: its fake provider's)")
    lines += [
        "",
        "streamed chat completions: time to first content delta (ms)",
        f"{'request':17}{'target':8}     p50      p99 growth p50 growth p99  p50 by round",
    ]
    for size, block in result["ttft"].items():
        for name in names:
            s = block[name]
            growth = (
                f"{fmt(s['growth_p50_ms'], 10)} {fmt(s['growth_p99_ms'], 10)}"
                if name != "direct"
                else f"{'-':>10} {'-':>10}"
            )
            rounds = "/".join(f"{x:.2f}" for x in s["p50_by_round_ms"])
            lines.append(
                f"{size:17}{name:8}{fmt(s['p50_ms'])} {fmt(s['p99_ms'])}  {growth}   {rounds}"
            )
    rps = result["rps"]
    lines += [
        "",
        f"throughput: {rps['concurrency']} connections, {rps['size']} requests, masking on, "
        f"{rps['seconds']:g} s x {rps['rounds']} rounds",
        f"{'target':8}{'rps':>8}   {'rps by round':20}{'p50 ms':>8} {'p99 ms':>8} {'fail':>5}"
        f"   {'CPU%: client':>12} {'fake':>4} {'proxy':>5} {'other':>5}",
    ]
    for name in names:
        s = rps["targets"][name]
        rounds = "/".join(f"{x:.0f}" for x in s["rps_by_round"])
        cpu = s["cpu_percent"]
        lines.append(
            f"{name:8}{s['rps']:8.0f}   {rounds:20}{fmt(s['p50_ms'])} {fmt(s['p99_ms'])}"
            f" {s['failed']:5}   {cpu['client']:12.0f} {cpu['fake']:4.0f} {cpu['proxy']:5.0f}"
            f" {cpu['background']:5.0f}"
        )
    lines.append(
        "  (CPU %: of one core; other: processes outside this benchmark, as a noise gauge)"
    )
    if "litellm" in names:
        lines.append(f"veil rps / litellm rps: {rps['veil_over_litellm']:.1f}x")
    lines += ["", "inside veil, from its log lines (ms, p50 / p99): veil_ms = its own code;"]
    lines.append("  total_ms = the whole request in veil, queueing under load included")
    for name, x in result["inside"].items():
        lines.append(
            f"  {name:22} veil_ms {x['veil_ms_p50']:6.2f} / {x['veil_ms_p99']:6.2f}   total_ms "
            f"{x['total_ms_p50']:7.2f} / {x['total_ms_p99']:7.2f}   (n={x['n']})"
        )
    if "decision" in result:
        lines += ["", *decision_bench.render(result["decision"])]
    for name, p in result.get("profile", {}).items():
        if not p:
            continue
        lines += [
            "",
            f"veil profile, {name}: {p['samples']} py-spy samples, {p['requests']} requests",
        ]
        lines += [
            f"  {r['share']:6.1%} {r['ms_per_request']:6.2f} ms/req  {r['what']}"
            for r in p["buckets"]
        ]
        lines.append("  top functions by own time:")
        lines += [
            f"  {r['share']:6.1%} {r['ms_per_request']:6.2f} ms/req  {r['what']}"
            for r in p["top_own"][:10]
        ]
    noise = ", ".join(f"{k} {v:.0f}%" for k, v in result["background_percent"].items())
    lines += ["", f"other load on the machine (percent of one core): {noise}"]
    lines += ["", "targets (veil)"]
    for goal in result["targets"]:
        verdict = "met" if goal["met"] else "MISSED"
        lines.append(f"  {goal['what']:44} {goal['value']:8.2f}   {verdict}")
    return "\n".join(lines)


def judge(result: dict[str, Any]) -> list[dict[str, Any]]:
    """veil's figures against the issue's targets, for new requests and for next turns."""
    lat, ttft, goals = result["latency"], result["ttft"], TARGET_GOALS
    found = []
    for mode in ("new", "next turn"):
        k20, k200 = f"20 KB {mode}", f"200 KB {mode}"
        found += [
            (f"veil adds p50 <= 3 ms, {k20}", lat[k20]["veil"]["added_p50_ms"], "p50_20k_ms"),
            (f"veil adds p99 <= 10 ms, {k20}", lat[k20]["veil"]["added_p99_ms"], "p99_20k_ms"),
            (f"veil adds p50 <= 8 ms, {k200}", lat[k200]["veil"]["added_p50_ms"], "p50_200k_ms"),
        ]
    for size, block in ttft.items():
        found.append((f"TTFT grows < 1 ms (p50), {size}", block["veil"]["growth_p50_ms"], "ttft"))
    checks = []
    for what, value, key in found:
        limit = goals["ttft_growth_ms" if key == "ttft" else key]
        met = value < limit if key == "ttft" else value <= limit
        checks.append({"what": what, "value": value, "limit": limit, "met": met})
    if "veil_over_litellm" in result["rps"]:
        ratio = result["rps"]["veil_over_litellm"]
        checks.append(
            {
                "what": "veil rps >= 10x LiteLLM's (ratio)",
                "value": ratio,
                "limit": goals["rps_ratio"],
                "met": ratio >= goals["rps_ratio"],
            }
        )
    return checks


async def measure(
    args: argparse.Namespace,
    targets: dict[str, Target],
    procs: dict[str, Proc],
    prof: Profiler | None,
) -> dict[str, Any]:
    small = small_request(args.seed)
    bodies = bench_bodies(args.seed)
    base = {"x-fake-chunk": str(args.chunk), "x-fake-delay": f"{args.delay_ms / 1000:g}"}
    placeholder = await preflight(targets, small, base)
    headers = {**base, "x-fake-reply": args.reply.format(placeholder=placeholder)}
    order = [targets[t] for t in TARGETS if t in targets]
    veil_log = procs["veil"].log

    def cpu() -> Snapshot:
        seen = {name: p.cpu_seconds() for name, p in procs.items()}
        seen["client"] = time.process_time()
        seen["machine"] = machine_busy_seconds()
        return seen

    print("warming up", flush=True)
    for body in (small, *bodies.values()):
        await sequential(order, Series(body, "new"), headers, args.warmup, cpu=cpu)
    await sequential(order, Series(small, "new", stream=True), headers, args.warmup, cpu=cpu)

    result: dict[str, Any] = {"latency": {}, "ttft": {}, "background_percent": {}, "inside": {}}
    profiled: dict[str, int] = {}  # phase -> requests veil served in it

    async def run_phase(
        name: str, series: Series, n: int
    ) -> tuple[dict[str, list[float]], dict[str, float]]:
        print(f"{name}: {len(series())} B, {n} per target", flush=True)
        if prof is not None:
            prof.start(name.replace(" ", "-"))
            profiled[name.replace(" ", "-")] = n
        mark = veil_log.stat().st_size
        times, used = await sequential(order, series, headers, n, cpu=cpu)
        if prof is not None:
            prof.stop()
        await asyncio.sleep(0.05)  # veil writes its log line just after the response
        result["inside"][name] = veil_log_times(veil_log, mark, veil_log.stat().st_size)
        result["background_percent"][name] = used["background_percent"]
        return times, used

    phases = [
        (f"{size} {label}", body, mode)
        for size, body in bodies.items()
        for mode, label in (("new", "new"), ("turn", "next turn"))
        if mode == "new" or not size.startswith("dense")  # two messages: a turn is all new
    ]
    for name, body, mode in phases:
        n = (
            args.n_dense
            if name.startswith("dense")
            else args.n
            if name.startswith("20 KB")
            else args.n_large
        )
        times, used = await run_phase(name, Series(body, mode), n)
        block = {}
        for t in order:
            s = summary(times[t.name], args.rounds)
            s["cpu_ms_per_request"] = used[t.proxy.name] * 1000 / n if t.proxy else 0.0
            s["fake_cpu_ms_per_request"] = used[t.fake.name] * 1000 / n
            block[t.name] = s
        for t in order[1:]:
            block[t.name]["added_p50_ms"] = block[t.name]["p50_ms"] - block["direct"]["p50_ms"]
            block[t.name]["added_p99_ms"] = block[t.name]["p99_ms"] - block["direct"]["p99_ms"]
        result["latency"][name] = block
    for size, body in (("2 KB", small), ("20 KB", bodies["20 KB"])):
        name = f"{size} new"
        times, _ = await run_phase(f"ttft {name}", Series(body, "new", stream=True), args.n_stream)
        block = {t.name: summary(times[t.name], args.rounds) for t in order}
        for t in order[1:]:
            block[t.name]["growth_p50_ms"] = block[t.name]["p50_ms"] - block["direct"]["p50_ms"]
            block[t.name]["growth_p99_ms"] = block[t.name]["p99_ms"] - block["direct"]["p99_ms"]
        result["ttft"][name] = block
    # the restored stream is whole and right, once per target
    check = Series(small, "new", stream=True)()
    for t in order:
        text = _stream_text(await t.conn.request(t.raw(check, headers), probe_stream=True))
        if t.name == "veil":  # restored: the original instead of the placeholder
            right = placeholder not in text and any(v in text for v in small.planted)
        else:
            right = text == headers["x-fake-reply"]
        if not right:
            raise RuntimeError(f"{t.name}: streamed answer {text[:120]!r}")
    for t in order:
        await t.conn.close()

    print(
        f"throughput, {args.concurrency} connections, {args.rps_seconds:g} s x {args.rps_rounds}",
        flush=True,
    )
    fresh = Series(small, "new")
    if prof is not None:
        prof.start("rps")
    mark = veil_log.stat().st_size
    runs: dict[str, list[tuple[LoadResult, dict[str, float]]]] = {t.name: [] for t in order}
    for r in range(args.rps_rounds):
        for j in range(len(order)):
            t = order[(r + j) % len(order)]
            runs[t.name].append(await throughput(t, fresh, headers, args, cpu))
    if prof is not None:
        prof.stop()
    await asyncio.sleep(0.05)
    result["inside"]["throughput 2 KB new"] = veil_log_times(
        veil_log, mark, veil_log.stat().st_size
    )
    rps: dict[str, Any] = {
        "concurrency": args.concurrency,
        "size": f"{len(small.raw) / 1000:.1f} KB",
        "seconds": args.rps_seconds,
        "rounds": args.rps_rounds,
        "targets": {},
    }
    for name, got in runs.items():
        latencies = [x * 1000 for res, _ in got for x in res.latencies]
        shares = [share for _, share in got]
        rps["targets"][name] = {
            "rps": statistics.median(res.rps for res, _ in got),
            "rps_by_round": [res.rps for res, _ in got],
            "ok": sum(res.ok for res, _ in got),
            "failed": sum(res.failed for res, _ in got),
            "errors": {k: v for res, _ in got for k, v in res.errors.items()},
            "p50_ms": pct(latencies, 50),
            "p99_ms": pct(latencies, 99),
            "cpu_percent": {k: statistics.median(s[k] for s in shares) for k in shares[0]},
            "background_percent_by_round": [s["background"] for s in shares],
        }
    if "litellm" in runs:
        rps["veil_over_litellm"] = rps["targets"]["veil"]["rps"] / max(
            rps["targets"]["litellm"]["rps"], 1e-9
        )
    result["rps"] = rps
    if prof is not None:
        profiled["rps"] = rps["targets"]["veil"]["ok"] + rps["targets"]["veil"]["failed"]
        result["profile"] = {name: prof.summary(name, n) for name, n in profiled.items()}
    result["request_bytes"] = {
        "2 KB": len(small.raw),
        **{k: len(b.raw) for k, b in bodies.items()},
    }
    result["planted_per_request"] = {
        "2 KB": len(small.planted),
        **{k: len(b.planted) for k, b in bodies.items()},
    }
    result["retried_requests"] = sum(t.conn.retries for t in order)
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer requests (about a minute)")
    parser.add_argument("--no-litellm", action="store_true", help="direct and veil only")
    parser.add_argument("--n", type=int, default=400, help="20 KB requests per target")
    parser.add_argument("--n-large", type=int, default=300, help="200 KB requests per target")
    parser.add_argument(
        "--n-dense", type=int, default=60, help="dense 20 and 200 KB requests per target"
    )
    parser.add_argument("--n-stream", type=int, default=300, help="streams per target and size")
    parser.add_argument("--warmup", type=int, default=20)
    parser.add_argument("--rounds", type=int, default=3, help="rounds shown per latency series")
    parser.add_argument("--concurrency", type=int, default=32)
    parser.add_argument("--rps-seconds", type=float, default=5.0, help="per target and round")
    parser.add_argument("--rps-rounds", type=int, default=3)
    parser.add_argument("--rps-max", type=int, default=50_000, help="requests per run at most")
    parser.add_argument("--chunk", type=int, default=16, help="characters per streamed event")
    parser.add_argument("--delay-ms", type=float, default=2.0, help="between streamed events")
    parser.add_argument(
        "--reply",
        default="Done: the loader now reads {placeholder} from the environment, not the file.",
        help="what the fake provider answers ({placeholder}: one of veil's)",
    )
    parser.add_argument("--litellm-venv", type=Path, default=OUT / "venv-litellm")
    parser.add_argument("--litellm-version", default=LITELLM_VERSION)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--no-decision", action="store_true", help="skip the policy decision overhead (in process)"
    )
    parser.add_argument(
        "--profile",
        action="store_true",
        help="sample veil with py-spy in every phase (perturbs the figures a little)",
    )
    parser.add_argument("--rate", type=int, default=250, help="py-spy samples per second")
    parser.add_argument("--tools-venv", type=Path, default=OUT / "venv-tools")
    parser.add_argument("--json", type=Path, default=OUT / "gateway.json")
    args = parser.parse_args()
    if args.quick:
        args.n, args.n_large, args.n_stream, args.n_dense, args.warmup = 100, 60, 80, 20, 10
        args.rps_seconds, args.rps_rounds = 3.0, 2

    OUT.mkdir(parents=True, exist_ok=True)
    litellm_bin = (
        None if args.no_litellm else ensure_litellm(args.litellm_venv, args.litellm_version)
    )
    decision = None
    if not args.no_decision:  # in process, on a quiet machine: before the servers start
        print("policy decision overhead, in process", flush=True)
        chat_bodies = {k: b.raw for k, b in bench_bodies(args.seed).items()}
        decision = decision_bench.measure(chat_bodies, seed=args.seed, quick=args.quick)
    procs: dict[str, Proc] = {}
    started: list[Proc] = []

    def on_signal(signum: int, _frame: object) -> None:
        raise SystemExit(128 + signum)

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGHUP, on_signal)
    tmp = Path(tempfile.mkdtemp(prefix="veil-gateway-bench-"))
    prof: Profiler | None = None
    try:
        env = {k: v for k, v in os.environ.items() if not k.upper().endswith("_PROXY")}
        env["XDG_CONFIG_HOME"] = str(tmp / "config")
        python = str(ROOT / ".venv" / "bin" / "python")
        names = ["direct", "veil"] + ([] if litellm_bin is None else ["litellm"])
        for name in names:  # one fake provider per target: none carries another's history
            procs[f"fake-{name}"] = start(
                f"fake-{name}",
                [python, "-m", "tests.fake_provider", "--port", "0"],
                env=env,
                cwd=ROOT,
                log=OUT / f"gateway-fake-{name}.log",
                banner="fake provider listening on",
                procs=started,
            )
        fake_url = f"http://127.0.0.1:{procs['fake-veil'].port}"
        procs["veil"] = start(
            "veil",
            [
                str(ROOT / ".venv" / "bin" / "veil"),
                "serve",
                "--port",
                "0",
                "--upstream",
                f"openai={fake_url}/v1",
                "--upstream",
                f"anthropic={fake_url}",
            ],
            env=env,
            cwd=tmp,  # no ./veil.toml: embedded defaults
            log=OUT / "gateway-veil.log",
            banner="veil listening on",
            procs=started,
        )
        auth = "Bearer bench-client"
        direct_fake = procs["fake-direct"]
        targets = {
            "direct": Target("direct", direct_fake.port, None, direct_fake, auth),
            "veil": Target("veil", procs["veil"].port, procs["veil"], procs["fake-veil"], auth),
        }
        litellm_version = None
        if litellm_bin is not None:
            master = "sk-bench-" + secrets.token_hex(16)
            config = tmp / "litellm.yaml"
            config.write_text(litellm_config(procs["fake-litellm"].port, master))
            port = free_port()
            procs["litellm"] = start(
                "litellm",
                [
                    *(str(litellm_bin), "--config", str(config), "--host", "127.0.0.1"),
                    *("--port", str(port), "--num_workers", "1"),
                ],
                env={**env, **LITELLM_ENV},
                cwd=tmp,
                log=OUT / "gateway-litellm.log",
                banner=None,
                procs=started,
            )
            procs["litellm"].port = port
            deadline = time.monotonic() + 180
            print("waiting for LiteLLM's proxy to start", flush=True)
            while True:
                if procs["litellm"].popen.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"LiteLLM did not start; see {procs['litellm'].log}")
                try:
                    if http_get(port, "/health/liveliness", timeout=2)[0] == 200:
                        break
                except OSError:
                    pass
                time.sleep(0.5)
            targets["litellm"] = Target(
                "litellm", port, procs["litellm"], procs["fake-litellm"], f"Bearer {master}"
            )
            litellm_version = args.litellm_version
        if args.profile:
            prof = Profiler(ensure_py_spy(args.tools_venv), procs["veil"].popen.pid, args.rate)
        runner_factory: Callable[[], asyncio.AbstractEventLoop] | None = None
        try:
            import uvloop

            runner_factory = uvloop.new_event_loop
        except ImportError:
            pass
        with asyncio.Runner(loop_factory=runner_factory) as runner:
            result = runner.run(measure(args, targets, procs, prof))
        if decision is not None:
            result["decision"] = decision_bench.with_peers(
                decision, result["latency"], litellm=litellm_bin is not None
            )
        from veil import __version__ as veil_version

        result["meta"] = {
            "veil_version": veil_version,
            "litellm_version": litellm_version,
            "python": platform.python_version(),
            "cpus": os.cpu_count(),
            "targets": list(targets),
            "args": {k: str(v) for k, v in vars(args).items()},
            "when": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
            "veil_commit": git_state(),
            "litellm_config": {
                "model": f"openai/{MODEL}",
                "api_base": "http://127.0.0.1:FAKE/v1",
                "general_settings": ["master_key", "forward_client_headers_to_llm_api"],
                "env": sorted(LITELLM_ENV),
            },
        }
        result["targets"] = judge(result)
        result["goals"] = TARGET_GOALS
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
        if prof is not None:
            prof.stop()
        for proc in reversed(started):
            proc.stop()
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
