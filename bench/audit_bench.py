"""Audit benchmark: what writing one audit event per request costs `veil serve`, and whether any
event is lost.

    .venv/bin/python bench/audit_bench.py [--minutes 1 | --seconds S] [--run-seconds 5]
        [--rounds 3] [--connections 32] [--pg-no-fsync] [--json OUT]

One run, three parts, all real processes on 127.0.0.1 (the project's fake provider,
tests/fake_provider.py; `veil serve`; a PostgreSQL server from Debian's packages, started by
tests/audit/postgres_server.py on a temporary directory and port, as the `postgres` user when
run as root):

1. In process, before any gateway starts: `Trail.record(...)` (which builds the event and calls
   `submit`) and `submit` alone, per call, p50/p99 in microseconds, with a real `RequestRecord`
   (captured from a request through an in-process gateway) and the audit running (its writer is
   a process of its own, `veil.audit.worker`, fed by a thread of the gateway's) and writing to
   SQLite, then to PostgreSQL; and the CPU per event of that thread (the gateway's share). This
   is the part of the audit that sits on the request path (the gateway calls it after the answer
   is sent, on its event loop).
2. Three `veil serve`: `[audit] enabled = false`, on SQLite, on PostgreSQL (each its own
   veil.toml), driven in turn (order rotated per round) at `--connections` keep-alive connections
   with a ~2 KB chat request carrying an AWS key pair and an e-mail address (veil masks them; the
   reply quotes a placeholder, so veil restores every answer), non-streamed and streamed
   (bench/gateway_bench.py's `small_request` and `Series`, bench/gateway_load.py's client):
   requests/s and its ratio to OFF (target: at least 0.95), latency p50/p99 under that load and
   on one connection (requests interleaved across the three; target: under 0.2 ms added at
   p50), veil's CPU per request, events/s written while the load ran, events still queued in
   the writer when it stopped and how long they took to be written (each run starts only once
   the store holds every answer so far, so that a writer catching up does not take CPU from the
   next run). After SIGTERM (veil writes what is queued on stop) the events in each store must
   equal the requests it answered, and the chain verify.
3. Four `veil serve` on ONE PostgreSQL database at once, the connections spread over them, for
   `--minutes` (or `--seconds`), half the requests streamed: requests answered (2xx counted),
   events written while the load ran (events/s) and still queued when it stopped, events
   afterwards == requests answered, the chain verifies.

PostgreSQL runs with fsync and synchronous_commit at their defaults (on: a commit is on disk when
it returns) unless `--pg-no-fsync`; SQLite is veil's own: WAL, synchronous=NORMAL (a commit is
durable at the next checkpoint). Both are said in the output, with this machine's fsync time.
Results: a table on stdout, JSON in bench/out/audit.json, logs in bench/out/audit-*.log. Exit
status 1 when an event was lost (or one too many), a chain does not verify, a gateway did not
stop on SIGTERM, or a request failed without an answer (which leaves the count in doubt).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import copy
import dataclasses
import json
import os
import platform
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from gateway_bench import (
    Proc,
    Series,
    Target,
    git_state,
    machine_busy_seconds,
    preflight,
    sequential,
    small_request,
    start,
    usage,
)
from gateway_load import Connection, LoadResult, Reply, load
from stats import pct

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
sys.path.insert(0, str(ROOT))

from tests.audit.postgres_server import PostgresServer  # noqa: E402

CONFIGS = ("off", "sqlite", "postgresql")
KINDS = ("non-streamed", "streamed")
AUTH = "Bearer bench-client"
USER_AGENT = "OpenAI/Python 1.54.4"
REPLY = "Done: the loader now reads {placeholder} from the environment, not the file."
GOAL_RPS_RATIO = 0.95  # audit on keeps at least this share of the requests/s with it off
GOAL_ADDED_P50_MS = 0.2
MULTI = 4  # gateways on one PostgreSQL store in part 3


# ---------------------------------------------------------------- PostgreSQL


class BenchPostgres(PostgresServer):
    """The tests' throwaway server, but durable by default: fsync and synchronous_commit as
    PostgreSQL ships them (the tests turn both off)."""

    def __init__(self, *, fsync: bool) -> None:
        super().__init__()
        self.fsync = fsync

    def _pg_ctl_start(self, port: int) -> None:
        if not self.fsync:
            super()._pg_ctl_start(port)
            return
        options = f"-p {port} -k {self.dir} -c listen_addresses=127.0.0.1 -c max_connections=100"
        self._run("pg_ctl", "-D", str(self.data), "-l", str(self.log), "-w", "-t", "30",
                  "-o", options, "start")  # fmt: skip

    def settings(self) -> dict[str, str]:
        with self.connect() as db:
            return {
                name: str(db.execute(f"SHOW {name}").fetchone()[0])  # type: ignore[index]
                for name in ("server_version", "fsync", "synchronous_commit", "shared_buffers")
            }

    def cpu_seconds(self) -> float:
        """User + system CPU of the postmaster, its live children, and children it reaped."""
        try:
            pid = int((self.data / "postmaster.pid").read_text().split()[0])
        except (OSError, ValueError, IndexError):
            return 0.0
        tick = os.sysconf("SC_CLK_TCK")
        total = 0
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rpartition(")")[2].split()
            except OSError:
                continue
            me = int(stat.parent.name)
            if me == pid:
                total += sum(int(x) for x in fields[11:15])  # utime stime cutime cstime
            elif int(fields[1]) == pid:
                total += int(fields[11]) + int(fields[12])
        return total / tick


def fsync_ms(folder: Path, n: int = 50) -> float:
    """Median time of a 4 KB write + fsync in `folder` (what a durable commit waits on)."""
    path = folder / "fsync-probe"
    fd = os.open(path, os.O_WRONLY | os.O_CREAT, 0o600)
    times = []
    try:
        for _ in range(n):
            t = time.perf_counter()
            os.pwrite(fd, os.urandom(4096), 0)
            os.fsync(fd)
            times.append(time.perf_counter() - t)
    finally:
        os.close(fd)
        path.unlink()
    return statistics.median(times) * 1000


# ---------------------------------------------------------------- stores


def store_facts(url: str) -> dict[str, Any]:
    """Events in the store at `url`, and whether its chain verifies."""
    from veil.audit.store import open_store

    store = open_store(url)
    try:
        verdict = store.verify()
        return {
            "events": store.count(),
            "verified": verdict.holds,
            "problem": verdict.problem,
            "chain_events": verdict.events,
        }
    finally:
        store.close()


class EventCount:
    """Live event counts of a store (a connection of its own, opened once)."""

    def __init__(self, url: str) -> None:
        from veil.audit.store import open_store

        self.store = open_store(url)

    def __call__(self) -> int:
        return self.store.count()

    def close(self) -> None:
        self.store.close()


# ---------------------------------------------------------------- part 1: in process


def _thread_cpu(native_id: int) -> float:
    fields = Path(f"/proc/self/task/{native_id}/stat").read_text().rpartition(")")[2].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def capture_record(fake_port: int, small: Any, data_dir: Path) -> tuple[Any, tuple[Any, ...]]:
    """A real request through an in-process gateway (httpx's ASGI transport in front, the fake
    provider behind); the pipeline, and the arguments its `Trail.record` was called with."""
    import httpx

    from veil.config import Settings
    from veil.gateway.server import build_gateway
    from veil.vault.vault import Vault

    gateway = build_gateway(
        Settings(),
        overrides={"openai": f"http://127.0.0.1:{fake_port}/v1"},
        env={"VEIL_AUDIT_URL": f"sqlite:///{data_dir}/capture.db"},
        vault=Vault(b"bench-key-" * 4),
        audit=True,
    )
    trail = gateway.trail
    assert trail is not None
    calls: list[tuple[Any, ...]] = []
    real = trail.record

    def spy(*args: Any) -> None:
        calls.append(args)
        real(*args)

    trail.record = spy  # type: ignore[method-assign]

    async def go() -> int:
        async with httpx.AsyncClient(
            transport=httpx.ASGITransport(app=gateway), base_url="http://127.0.0.1:8787"
        ) as client:
            reply = await client.post(
                "/v1/chat/completions",
                content=small.raw,
                headers={
                    "content-type": "application/json",
                    "authorization": AUTH,
                    "user-agent": USER_AGENT,
                    "x-fake-reply": "ok",
                },
            )
        await gateway.aclose()
        return reply.status_code

    status = asyncio.run(go())
    if status != 200 or len(calls) != 1:
        raise RuntimeError(f"in-process capture: status {status}, {len(calls)} records")
    record = calls[0][0]
    if not record.findings or record.forwarded is None:
        raise RuntimeError("in-process capture: the request's record has no findings")
    return gateway.pipeline, calls[0]


def time_trail(
    url: str, pipeline: Any, call: tuple[Any, ...], n: int, pace: float
) -> dict[str, Any]:
    """`n` calls of `Trail.record` and `n` of `AuditWriter.submit` alone, `pace` calls a second,
    on a trail `open_trail` made for `url` (writer thread started, as `veil serve` has it)."""
    from veil.config import AuditSettings
    from veil.gateway.trail import open_trail

    trail = open_trail(AuditSettings(), {"VEIL_AUDIT_URL": url}, pipeline.scrub)
    assert trail is not None and trail.store is not None
    writer = trail.writer
    (thread,) = [t for t in threading.enumerate() if t.name == "veil-audit"]
    assert thread.native_id is not None
    events: list[Any] = []
    real_submit = writer.submit

    def keep(event: Any, sent: bytes | None = None, *, keep: bool = True) -> None:
        events.append((dataclasses.replace(event, data=copy.deepcopy(event.data)), sent))
        real_submit(event, sent, keep=keep)  # `submit` adds to `data`: a copy is kept

    writer.submit = keep  # type: ignore[method-assign]
    trail.record(*call)  # one event to copy for `submit` alone
    writer.submit = real_submit  # type: ignore[method-assign]
    template, sent = events[0]
    base = writer.written

    def paced(step: Callable[[int], float]) -> list[float]:
        out, interval, due = [], 1 / pace, time.perf_counter()
        for i in range(n):
            out.append(step(i))
            due += interval
            while (left := due - time.perf_counter()) > 0:
                time.sleep(left if left > 0.0005 else 0)
        return out

    def one_record(_: int) -> float:
        t = time.perf_counter_ns()
        trail.record(*call)
        return (time.perf_counter_ns() - t) / 1000

    copies = [
        dataclasses.replace(template, data=copy.deepcopy(template.data)) for _ in range(n)
    ]  # made before timing: only the queueing is timed

    def one_submit(i: int) -> float:
        t = time.perf_counter_ns()
        writer.submit(copies[i], sent)
        return (time.perf_counter_ns() - t) / 1000

    cpu0 = _thread_cpu(thread.native_id)
    began = time.perf_counter()
    record_us = paced(one_record)
    submit_us = paced(one_submit)
    submitted = time.perf_counter()
    deadline = submitted + 60
    while writer.written < base + 2 * n and time.perf_counter() < deadline:
        time.sleep(0.005)
    drained = time.perf_counter()
    cpu = _thread_cpu(thread.native_id) - cpu0
    written = writer.written - base
    trail.close()
    facts = store_facts(url)
    return {
        "calls": n,
        "pace_per_s": pace,
        "record_us": _spread(record_us),
        "submit_us": _spread(submit_us),
        "writer_cpu_us_per_event": cpu / max(written, 1) * 1e6,
        "writer_cpu_percent": cpu / (drained - began) * 100,
        "drain_after_last_ms": (drained - submitted) * 1000,
        "written": written,
        "store": facts,
        "lost": 1 + 2 * n - facts["events"],
    }


def _spread(values: list[float]) -> dict[str, float]:
    return {
        "p50": pct(values, 50),
        "p99": pct(values, 99),
        "mean": statistics.fmean(values),
        "max": max(values),
    }


# ---------------------------------------------------------------- gateways


@dataclass
class Gateway:
    """One `veil serve`, its store, and every answer it gave this benchmark."""

    name: str
    proc: Proc
    url: str | None  # the audit store; None: audit off
    target: Target
    answered: int = 0  # answers received (any status): each is one event
    ok: int = 0  # 2xx answers
    unanswered: dict[str, int] = field(default_factory=dict)  # failures without an answer
    spool: Path | None = None  # where its writer puts events it could not write to the store
    stop: dict[str, Any] = field(default_factory=dict)

    def add(self, result: LoadResult) -> None:
        statuses = sum(v for k, v in result.errors.items() if k.startswith("status "))
        self.answered += result.ok + statuses
        self.ok += result.ok
        for k, v in result.errors.items():
            if not k.startswith("status "):
                self.unanswered[k] = self.unanswered.get(k, 0) + v


class Counted(Connection):
    """A connection that counts every answer it receives for its gateway."""

    def __init__(self, gateway: Gateway) -> None:
        super().__init__(gateway.target.port)
        self.gateway = gateway

    async def request(self, raw: bytes, *, probe_stream: bool = False) -> Reply:
        reply = await super().request(raw, probe_stream=probe_stream)
        self.gateway.answered += 1
        self.gateway.ok += 200 <= reply.status < 300
        return reply


def write_config(folder: Path, url: str | None, batch_ms: int | None) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    lines = ["[audit]", f"enabled = {'true' if url else 'false'}"]
    if url:
        lines.append(f'url = "{url}"')
    if batch_ms is not None:
        lines.append(f"batch_ms = {batch_ms}")
    path = folder / "veil.toml"
    path.write_text("\n".join(lines) + "\n")
    return path


def start_gateway(
    name: str,
    url: str | None,
    *,
    fake: Proc,
    tmp: Path,
    env: dict[str, str],
    batch_ms: int | None,
    started: list[Proc],
) -> Gateway:
    """`veil serve` with a veil.toml of its own (`[audit]` only) and a data directory of its own
    (where a spool would go), in front of `fake`."""
    home = tmp / name
    config = write_config(home, url, batch_ms)
    proc = start(
        name,
        [
            str(ROOT / ".venv" / "bin" / "veil"),
            *("serve", "--port", "0", "--config", str(config)),
            *("--upstream", f"openai=http://127.0.0.1:{fake.port}/v1"),
        ],
        env={**env, "XDG_DATA_HOME": str(home / "data")},
        cwd=home,
        log=OUT / f"audit-{name}.log",
        banner="veil listening on",
        procs=started,
    )
    gateway = Gateway(name, proc, url, Target(name, proc.port, proc, fake, AUTH))
    gateway.spool = home / "data" / "veil"  # its spool files: audit-spool-<store>.jsonl
    gateway.target.conn = Counted(gateway)
    return gateway


def stop_gateways(gateways: list[Gateway], timeout: float = 60.0) -> None:
    """SIGTERM to all at once (each writes what it has queued, then exits), then wait."""
    began = time.monotonic()
    for g in gateways:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(g.proc.popen.pid, signal.SIGTERM)
    for g in gateways:
        left = max(timeout - (time.monotonic() - began), 0.1)
        try:
            rc = g.proc.popen.wait(left)
            g.stop = {"rc": rc, "seconds": time.monotonic() - began, "clean": rc == 0}
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(g.proc.popen.pid, signal.SIGKILL)
            g.proc.popen.wait(5)
            g.stop = {"rc": "killed", "seconds": timeout, "clean": False}


async def placeholder_of(gateways: list[Gateway], small: Any, base: dict[str, str]) -> str:
    """gateway_bench's preflight, per gateway: veil masks, and restores the reply; the
    placeholder the reply quotes (the same everywhere: one vault key, one scope)."""
    found = {}
    for g in gateways:
        target = dataclasses.replace(g.target, name="veil")  # preflight checks "veil" restores
        target.conn = Counted(g)
        found[g.name] = await preflight({"veil": target}, small, {**base, "user-agent": USER_AGENT})
        await target.conn.close()
    if len(set(found.values())) != 1:
        raise RuntimeError(f"gateways disagree on the placeholder: {found}")
    return next(iter(found.values()))


def spooled(gateways: list[Gateway]) -> int:
    """Events left in the gateways' local spool files (written to the store only when that
    gateway starts again with the same data directory)."""
    n = 0
    for g in gateways:
        for spool in g.spool.glob("audit-spool-*.jsonl") if g.spool is not None else ():
            n += sum(1 for line in spool.read_bytes().splitlines() if line.strip())
    return n


def check_store(g: Gateway) -> dict[str, Any]:
    """After the gateway stopped: its events against the answers it gave."""
    assert g.url is not None
    facts = store_facts(g.url)
    facts["answered"] = g.answered
    facts["ok"] = g.ok
    facts["missing"] = g.answered - facts["events"]
    facts["unanswered"] = sum(g.unanswered.values())
    # a request that failed without an answer may or may not have been audited
    facts["count_holds"] = 0 <= facts["events"] - g.answered <= facts["unanswered"]
    facts["spooled"] = spooled([g])
    return facts


# ---------------------------------------------------------------- part 2: OFF vs SQLite vs PG


async def compare(
    args: argparse.Namespace,
    gateways: list[Gateway],
    fake: Proc,
    pg: BenchPostgres,
    small: Any,
) -> dict[str, Any]:
    base = {"x-fake-chunk": str(args.chunk), "x-fake-delay": f"{args.delay_ms / 1000:g}"}
    placeholder = await placeholder_of(gateways, small, base)
    headers = {
        **base,
        "user-agent": USER_AGENT,
        "x-fake-reply": REPLY.format(placeholder=placeholder),
    }
    series = {
        "non-streamed": Series(small, "new"),
        "streamed": Series(small, "new", stream=True),
    }
    counters = {g.name: EventCount(g.url) for g in gateways if g.url}
    procs = {g.name: g.proc for g in gateways} | {"fake": fake}

    def cpu() -> dict[str, float]:
        seen = {name: p.cpu_seconds() for name, p in procs.items()}
        seen["postgres"] = pg.cpu_seconds()
        seen["client"] = time.process_time()
        seen["machine"] = machine_busy_seconds()
        return seen

    async def settle(g: Gateway) -> float:
        """Wait until every answer of `g` is in its store (a writer still catching up would
        take CPU from the next run); the seconds it took."""
        began = time.perf_counter()
        while g.url and time.perf_counter() - began < args.drain_timeout:
            if await asyncio.to_thread(counters[g.name]) >= g.answered:
                break
            await asyncio.sleep(0.05)
        return time.perf_counter() - began

    async def run(g: Gateway, kind: str, seconds: float) -> dict[str, Any]:
        await settle(g)
        before_events = await asyncio.to_thread(counters[g.name]) if g.url else 0
        before = cpu()
        result = await load(
            g.target.port,
            lambda: g.target.raw(series[kind](), headers),
            concurrency=args.connections,
            seconds=seconds,
            max_requests=10**9,
            expect=b'"choices"',
        )
        used = usage(before, cpu(), result.seconds)
        written = await asyncio.to_thread(counters[g.name]) - before_events if g.url else 0
        g.add(result)
        out: dict[str, Any] = {
            "rps": result.rps,
            "ok": result.ok,
            "failed": result.failed,
            "errors": result.errors,
            "seconds": result.seconds,
            "latencies_ms": [x * 1000 for x in result.latencies],
            "veil_cpu_ms_per_request": used[g.name] * 1000 / max(result.ok, 1),
            "veil_cpu_percent": used[g.name] / result.seconds * 100,
            "postgres_cpu_percent": used["postgres"] / result.seconds * 100,
            "background_percent": used["background_percent"],
        }
        if g.url:
            answered = result.ok + sum(
                v for k, v in result.errors.items() if k.startswith("status ")
            )
            out["answered"] = answered
            out["events_written"] = written  # while the load ran
            out["events_per_s"] = written / result.seconds
            out["behind"] = answered - written  # queued when the load stopped
            out["drain_s"] = await settle(g)
        return out

    print(f"warming up ({args.warmup_seconds:g} s per gateway and kind)", flush=True)
    for g in gateways:
        for kind in KINDS:
            await run(g, kind, args.warmup_seconds)

    print(f"one connection: {args.seq_n} requests per gateway and kind, interleaved", flush=True)
    seq: dict[str, dict[str, list[float]]] = {}
    for kind in KINDS:
        times, _ = await sequential(
            [g.target for g in gateways], series[kind], headers, args.seq_n, cpu=cpu
        )
        seq[kind] = {name: [x * 1000 for x in v] for name, v in times.items()}
    for g in gateways:
        await g.target.conn.close()

    runs: dict[str, dict[str, list[dict[str, Any]]]] = {
        kind: {g.name: [] for g in gateways} for kind in KINDS
    }
    for r in range(args.rounds):
        print(
            f"round {r + 1}/{args.rounds}: {args.connections} connections,"
            f" {args.run_seconds:g} s per gateway and kind",
            flush=True,
        )
        for kind in KINDS:
            for j in range(len(gateways)):
                g = gateways[(r + j) % len(gateways)]
                runs[kind][g.name].append(await run(g, kind, args.run_seconds))
    for c in counters.values():
        c.close()
    return {"placeholder_checked": True, "sequential_ms": seq, "runs": runs}


def summarise_compare(raw: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for kind in KINDS:
        block: dict[str, Any] = {}
        for name, rounds in raw["runs"][kind].items():
            lat = [x for r in rounds for x in r["latencies_ms"]]
            seq = raw["sequential_ms"][kind][name]
            entry = {
                "rps": statistics.median(r["rps"] for r in rounds),
                "rps_by_round": [r["rps"] for r in rounds],
                "ok": sum(r["ok"] for r in rounds),
                "failed": sum(r["failed"] for r in rounds),
                "load_p50_ms": pct(lat, 50),
                "load_p99_ms": pct(lat, 99),
                "one_p50_ms": pct(seq, 50),
                "one_p99_ms": pct(seq, 99),
                "veil_cpu_ms_per_request": statistics.median(
                    r["veil_cpu_ms_per_request"] for r in rounds
                ),
                "veil_cpu_percent": statistics.median(r["veil_cpu_percent"] for r in rounds),
                "postgres_cpu_percent": statistics.median(
                    r["postgres_cpu_percent"] for r in rounds
                ),
                "background_percent_by_round": [r["background_percent"] for r in rounds],
            }
            if "events_written" in rounds[0]:
                seconds = sum(r["seconds"] for r in rounds)
                entry["events_per_s"] = sum(r["events_written"] for r in rounds) / seconds
                entry["behind_max"] = max(r["behind"] for r in rounds)
                entry["drain_s_max"] = max(r["drain_s"] for r in rounds)
            block[name] = entry
        off = block["off"]
        for name in CONFIGS[1:]:
            e = block[name]
            e["rps_ratio"] = e["rps"] / max(off["rps"], 1e-9)
            for m in ("load_p50_ms", "load_p99_ms", "one_p50_ms", "one_p99_ms"):
                e["added_" + m] = e[m] - off[m]
            e["added_veil_cpu_ms_per_request"] = (
                e["veil_cpu_ms_per_request"] - off["veil_cpu_ms_per_request"]
            )
        out[kind] = block
    return out


# ---------------------------------------------------------------- part 3: four on one PG


async def multi(
    args: argparse.Namespace, gateways: list[Gateway], fake: Proc, pg: BenchPostgres, small: Any
) -> dict[str, Any]:
    base = {"x-fake-chunk": str(args.chunk), "x-fake-delay": f"{args.delay_ms / 1000:g}"}
    placeholder = await placeholder_of(gateways, small, base)
    for g in gateways:
        await g.target.conn.close()
    headers = {
        **base,
        "user-agent": USER_AGENT,
        "x-fake-reply": REPLY.format(placeholder=placeholder),
    }
    plain, streamed = Series(small, "new"), Series(small, "new", stream=True)
    url = gateways[0].url
    assert url is not None
    counter = EventCount(url)
    await asyncio.sleep(0.5)
    before_events = await asyncio.to_thread(counter)
    shares = [args.connections // len(gateways)] * len(gateways)
    for i in range(args.connections % len(gateways)):
        shares[i] += 1
    procs = [g.proc for g in gateways]

    def cpu() -> dict[str, float]:
        return {
            "veil": sum(p.cpu_seconds() for p in procs),
            "fake": fake.cpu_seconds(),
            "postgres": pg.cpu_seconds(),
            "client": time.process_time(),
            "machine": machine_busy_seconds(),
        }

    def maker(g: Gateway) -> Callable[[], bytes]:
        flip = [False]

        def make() -> bytes:
            flip[0] = not flip[0]
            return g.target.raw((streamed if flip[0] else plain)(), headers)

        return make

    timeline: list[tuple[float, int]] = []
    done = asyncio.Event()

    async def watch() -> None:
        began = time.perf_counter()
        while not done.is_set():
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(done.wait(), 10)
            if not done.is_set():
                n = await asyncio.to_thread(counter) - before_events
                t = time.perf_counter() - began
                timeline.append((t, n))
                print(f"  {t:5.0f} s: {n} events written ({n / t:.0f}/s)", flush=True)

    print(
        f"{len(gateways)} gateways on one PostgreSQL database, {args.connections} connections"
        f" ({'+'.join(map(str, shares))}), {args.multi_seconds:g} s",
        flush=True,
    )
    before = cpu()
    watcher = asyncio.create_task(watch())
    results = await asyncio.gather(
        *(
            load(
                g.target.port,
                maker(g),
                concurrency=n,
                seconds=args.multi_seconds,
                max_requests=10**9,
                expect=b'"choices"',
            )
            for g, n in zip(gateways, shares, strict=True)
        )
    )
    written = await asyncio.to_thread(counter) - before_events  # before any gateway stops
    done.set()
    await watcher
    seconds = max(r.seconds for r in results)
    used = usage(before, cpu(), seconds)
    counter.close()
    for g, r in zip(gateways, results, strict=True):
        g.add(r)
    latencies = [x * 1000 for r in results for x in r.latencies]
    return {
        "seconds": seconds,
        "shares": shares,
        "ok": sum(r.ok for r in results),
        "failed": sum(r.failed for r in results),
        "errors": [r.errors for r in results],
        "rps": sum(r.ok for r in results) / seconds,
        "rps_by_gateway": [r.rps for r in results],
        "load_p50_ms": pct(latencies, 50),
        "load_p99_ms": pct(latencies, 99),
        "events_before": before_events,
        "events_written_under_load": written,
        "events_per_s": written / seconds,
        "timeline": timeline,
        "cpu_percent": {k: v / seconds * 100 for k, v in used.items() if k != "background_percent"}
        | {"background": used["background_percent"]},
    }


# ---------------------------------------------------------------- output


def render(result: dict[str, Any]) -> str:
    meta, lines = result["meta"], []
    pgs = meta["postgresql"]
    lines += [
        f"veil {meta['veil_version']} ({meta['veil_commit']}), Python {meta['python']},"
        f" {meta['cpus']} CPUs, {meta['when']}",
        f"PostgreSQL {pgs['server_version']}: fsync={pgs['fsync']}"
        f" synchronous_commit={pgs['synchronous_commit']} shared_buffers={pgs['shared_buffers']};"
        " SQLite: WAL, synchronous=NORMAL (veil's own settings)",
        f"fsync of a 4 KB write in /tmp on this machine: {meta['fsync_ms']:.2f} ms (median);"
        f" [audit] batch_ms = {meta['batch_ms']}",
        "",
    ]
    inproc = result["in_process"]
    first = next(iter(inproc.values()))
    lines += [
        "1. On the request path, in process: Trail.record(...) (builds the event, then"
        " submit) and submit alone,",
        f"   a real RequestRecord of the request below, {first['calls']} calls each at"
        f" {first['pace_per_s']:g}/s, the audit running (µs; the writer is a process of its own,"
        " the gateway's part of it a thread that feeds it)",
        f"   {'store':<11} {'record p50':>10} {'p99':>7} {'mean':>7} {'max':>8}"
        f" {'submit p50':>11} {'p99':>6}  {'feed CPU/event':>16} {'lost':>5}  chain",
    ]
    for name, r in inproc.items():
        rec, sub = r["record_us"], r["submit_us"]
        lines.append(
            f"   {name:<11} {rec['p50']:>10.1f} {rec['p99']:>7.1f} {rec['mean']:>7.1f}"
            f" {rec['max']:>8.0f} {sub['p50']:>11.2f} {sub['p99']:>6.2f}"
            f"  {r['writer_cpu_us_per_event']:>13.0f} µs {r['lost']:>5}"
            f"  {'verifies' if r['store']['verified'] else 'BROKEN'}"
        )
    comp = result["compare"]
    rounds = meta["rounds"]
    lines += [
        "",
        f"2. veil serve, audit off / SQLite / PostgreSQL, {meta['connections']} connections,"
        f" {meta['request_bytes']} B chat request with {meta['planted']} planted findings;",
        f"   {rounds} round{'s' * (rounds != 1)} x {meta['run_seconds']:g} s per gateway and kind,"
        " order rotated, req/s the median of rounds; 'one conn':",
        f"   {meta['seq_n']} requests on one connection per gateway, interleaved (streamed: time"
        " to the first content delta). Targets: req/s ratio",
        f"   >= {GOAL_RPS_RATIO}, added p50 on one connection < {GOAL_ADDED_P50_MS} ms",
    ]
    for kind in KINDS:
        block = comp[kind]
        lines += [
            f"   {kind:<13} {'req/s':>6} {'ratio':>6}  {'per round':<17} {'load p50':>8}"
            f" {'p99':>6} {'one p50':>8} {'p99':>6} {'+p50':>7} {'+p99':>6}",
        ]
        for name in CONFIGS:
            e = block[name]
            ratio = f"{e['rps_ratio']:.3f}" if "rps_ratio" in e else "-"
            plus50 = f"{e['added_one_p50_ms']:+.3f}" if "added_one_p50_ms" in e else "-"
            plus99 = f"{e['added_one_p99_ms']:+.2f}" if "added_one_p99_ms" in e else "-"
            per_round = "/".join(f"{x:.0f}" for x in e["rps_by_round"])
            lines.append(
                f"   {name:<13} {e['rps']:>6.0f} {ratio:>6}  {per_round:<17}"
                f" {e['load_p50_ms']:>8.1f} {e['load_p99_ms']:>6.1f}"
                f" {e['one_p50_ms']:>8.2f} {e['one_p99_ms']:>6.2f} {plus50:>7} {plus99:>6}"
            )
    lines += [
        "",
        "   the audit under that load: veil's CPU per request; events written while the load"
        " ran, per second; events still",
        "   queued when it stopped (max over rounds; up to batch_ms of answers is normal) and"
        " how long the writer took to",
        "   write them; PostgreSQL's and other processes' CPU (% of one core, median of rounds)",
        f"   {'':<26} {'veil CPU':>10} {'+CPU':>8} {'events/s':>9} {'queued':>7} {'drained':>8}"
        f" {'pg CPU':>7} {'other':>6}",
    ]
    for kind in KINDS:
        for name in CONFIGS:
            e = comp[kind][name]
            plus = (
                f"{e['added_veil_cpu_ms_per_request']:+.2f}"
                if "added_veil_cpu_ms_per_request" in e
                else "-"
            )
            events = f"{e['events_per_s']:.0f}" if "events_per_s" in e else "-"
            queued = f"{e['behind_max']}" if "behind_max" in e else "-"
            drained = f"{e['drain_s_max']:.1f} s" if "drain_s_max" in e else "-"
            other = statistics.median(e["background_percent_by_round"])
            lines.append(
                f"   {kind + ' ' + name:<26} {e['veil_cpu_ms_per_request']:>7.2f} ms {plus:>8}"
                f" {events:>9} {queued:>7} {drained:>8} {e['postgres_cpu_percent']:>6.0f}%"
                f" {other:>5.0f}%"
            )
    lines += ["", "   after SIGTERM (veil writes what is queued on stop):"]
    for name, s in result["stores"].items():
        chain = "verifies" if s["verified"] else "BROKEN: " + s["problem"]
        lines.append(
            f"   {name:<11} answered {s['answered']:>7} (2xx {s['ok']}), events {s['events']:>7},"
            f" missing {s['missing']} (in its spool file {s['spooled']}), chain {chain},"
            f" stopped in {s['stop']['seconds']:.1f} s (rc {s['stop']['rc']})"
        )
    m = result.get("multi")
    if m:
        s = m["store"]
        cpu = m["cpu_percent"]
        chain = "verifies" if s["verified"] else "BROKEN: " + s["problem"]
        queued = s["answered"] - m["events_before"] - m["events_written_under_load"]
        lines += [
            "",
            f"3. {MULTI} veil serve on ONE PostgreSQL database, {meta['connections']} connections"
            f" ({'+'.join(map(str, m['shares']))}), half streamed, {m['seconds']:.1f} s",
            f"   requests answered {s['answered']} (2xx {s['ok']}, failed {m['failed']}),"
            f" {m['rps']:.0f} req/s ({' + '.join(f'{x:.0f}' for x in m['rps_by_gateway'])}),"
            f" latency p50 {m['load_p50_ms']:.1f} ms p99 {m['load_p99_ms']:.1f} ms",
            f"   events written under load {m['events_written_under_load']}"
            f" ({m['events_per_s']:.0f}/s); queued when the load stopped about {queued},"
            f" written on SIGTERM: all stopped in {m['stop_seconds']:.1f} s"
            f" ({'all rc 0' if m['stopped_clean'] else 'NOT ALL CLEAN'})",
            f"   events in the store {s['events']} (answered {s['answered']}: missing"
            f" {s['missing']}, of which in the gateways' spool files {s['spooled']}),"
            f" chain {chain};"
            f" {s['events'] / (m['seconds'] + m['stop_seconds']):.0f} events/s over run + stop",
            f"   CPU % of one core: veil x{MULTI} {cpu['veil']:.0f},"
            f" postgres {cpu['postgres']:.0f},"
            f" fake {cpu['fake']:.0f}, client {cpu['client']:.0f},"
            f" other processes {cpu['background']:.0f}",
        ]
    lines += ["", "verdict:"]
    lines += [f"   {'ok  ' if ok else 'MISS'} {what}" for what, ok in result["verdict"]]
    return "\n".join(lines)


def verdict(result: dict[str, Any]) -> tuple[list[tuple[str, bool]], bool]:
    """(what, held) per target and check; whether the run failed (lost events, broken chain,
    unclean stop, failures without an answer). Missing a speed target is reported, not failed."""
    out: list[tuple[str, bool]] = []
    failed = False
    for kind in KINDS:
        for name in CONFIGS[1:]:
            e = result["compare"][kind][name]
            out.append(
                (
                    f"{kind} {name}: req/s {e['rps_ratio']:.3f} of audit off"
                    f" (target >= {GOAL_RPS_RATIO})",
                    e["rps_ratio"] >= GOAL_RPS_RATIO,
                )
            )
            out.append(
                (
                    f"{kind} {name}: {e['added_one_p50_ms']:+.3f} ms p50 on one connection"
                    f" (target < {GOAL_ADDED_P50_MS})",
                    e["added_one_p50_ms"] < GOAL_ADDED_P50_MS,
                )
            )
    checks = [
        (
            f"in process, {n}: no event lost, chain verifies",
            r["lost"] == 0 and r["store"]["verified"],
        )
        for n, r in result["in_process"].items()
    ]
    for n, s in result["stores"].items():
        held = s["count_holds"] and s["unanswered"] == 0 and s["verified"] and s["stop"]["clean"]
        checks.append((f"{n}: no event lost, chain verifies, clean stop", held))
    if result.get("multi"):
        s = result["multi"]["store"]
        checks.append(
            (
                f"{MULTI} gateways on one PostgreSQL: no event lost, chain verifies, clean stop",
                s["count_holds"]
                and s["unanswered"] == 0
                and s["verified"]
                and result["multi"]["stopped_clean"],
            )
        )
    for what, ok in checks:
        out.append((what, ok))
        failed |= not ok
    return out, failed


# ---------------------------------------------------------------- main


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    duration = parser.add_mutually_exclusive_group()
    duration.add_argument(
        "--minutes", type=float, default=1.0, help="part 3 (four gateways) runs this long (1)"
    )
    duration.add_argument("--seconds", type=float, help="part 3 runs this long instead")
    parser.add_argument(
        "--connections", type=int, default=32, help="concurrent connections, parts 2 and 3 (32)"
    )
    parser.add_argument(
        "--run-seconds", type=float, default=5.0, help="part 2: one run, per gateway and kind (5)"
    )
    parser.add_argument("--rounds", type=int, default=3, help="part 2: rounds of runs (3)")
    parser.add_argument(
        "--warmup-seconds", type=float, default=2.0, help="part 2: warm-up per gateway and kind"
    )
    parser.add_argument(
        "--seq-n",
        type=int,
        default=300,
        help="part 2: one-connection requests per gateway and kind",
    )
    parser.add_argument("--calls", type=int, default=5000, help="part 1: calls per store (5000)")
    parser.add_argument("--pace", type=float, default=1000.0, help="part 1: calls per second")
    parser.add_argument(
        "--batch-ms",
        type=int,
        default=None,
        help="[audit] batch_ms for every gateway (veil's default)",
    )
    parser.add_argument(
        "--pg-no-fsync",
        action="store_true",
        help="PostgreSQL with fsync and synchronous_commit off (as the tests run it)",
    )
    parser.add_argument(
        "--drain-timeout",
        type=float,
        default=300.0,
        help="part 2: wait at most this long for a store to hold every answer before a run",
    )
    parser.add_argument("--no-multi", action="store_true", help="skip part 3")
    parser.add_argument("--chunk", type=int, default=16, help="characters per streamed event")
    parser.add_argument(
        "--delay-ms", type=float, default=0.0, help="fake provider's delay between streamed events"
    )
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--json", type=Path, default=OUT / "audit.json")
    args = parser.parse_args()
    args.multi_seconds = args.seconds if args.seconds is not None else args.minutes * 60

    def on_signal(signum: int, _frame: object) -> None:
        raise SystemExit(128 + signum)

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGHUP, on_signal)
    OUT.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix="veil-audit-bench-"))
    started: list[Proc] = []
    pg: BenchPostgres | None = None
    gateways: list[Gateway] = []
    try:
        env = {
            k: v
            for k, v in os.environ.items()
            if not k.upper().endswith("_PROXY") and k != "VEIL_AUDIT_URL"
        }
        env["XDG_CONFIG_HOME"] = str(tmp / "config")  # one vault key for every gateway
        os.environ["XDG_CONFIG_HOME"] = env["XDG_CONFIG_HOME"]
        os.environ["XDG_DATA_HOME"] = str(tmp / "bench-data")  # part 1's spool, if any
        os.environ.pop("VEIL_AUDIT_URL", None)
        python = str(ROOT / ".venv" / "bin" / "python")
        fake = start(
            "fake",
            [python, "-m", "tests.fake_provider", "--port", "0", "--keep", "16"],
            env=env,
            cwd=ROOT,
            log=OUT / "audit-fake.log",
            banner="fake provider listening on",
            procs=started,
        )
        print("starting PostgreSQL", flush=True)
        pg = BenchPostgres(fsync=not args.pg_no_fsync).start()
        pg_settings = pg.settings()
        small = small_request(args.seed)

        print(f"part 1: in process, {args.calls} calls per store at {args.pace:g}/s", flush=True)
        pipeline, call = capture_record(fake.port, small, tmp)
        in_process = {
            "sqlite": time_trail(
                f"sqlite:///{tmp}/inproc.db", pipeline, call, args.calls, args.pace
            ),
            "postgresql": time_trail(
                pg.create_database("veil_inproc"), pipeline, call, args.calls, args.pace
            ),
        }

        print("part 2: audit off / SQLite / PostgreSQL", flush=True)
        urls = {
            "off": None,
            "sqlite": f"sqlite:///{tmp}/sqlite/audit.db",
            "postgresql": pg.create_database("veil_compare"),
        }
        gateways = [
            start_gateway(
                name,
                urls[name],
                fake=fake,
                tmp=tmp,
                env=env,
                batch_ms=args.batch_ms,
                started=started,
            )
            for name in CONFIGS
        ]
        runner_factory: Callable[[], asyncio.AbstractEventLoop] | None = None
        with contextlib.suppress(ImportError):
            import uvloop

            runner_factory = uvloop.new_event_loop
        with asyncio.Runner(loop_factory=runner_factory) as runner:
            raw = runner.run(compare(args, gateways, fake, pg, small))
        stop_gateways(gateways)
        stores = {g.name: check_store(g) | {"stop": g.stop} for g in gateways if g.url}
        result: dict[str, Any] = {
            "in_process": in_process,
            "compare": summarise_compare(raw),
            "stores": stores,
        }

        if not args.no_multi:
            print(f"part 3: {MULTI} gateways on one PostgreSQL database", flush=True)
            url = pg.create_database("veil_multi")
            many = [
                start_gateway(
                    f"pg-{i + 1}",
                    url,
                    fake=fake,
                    tmp=tmp,
                    env=env,
                    batch_ms=args.batch_ms,
                    started=started,
                )
                for i in range(MULTI)
            ]
            gateways += many
            with asyncio.Runner(loop_factory=runner_factory) as runner:
                m = runner.run(multi(args, many, fake, pg, small))
            stop_gateways(many)
            facts = store_facts(url)
            answered = sum(g.answered for g in many)
            unanswered = sum(sum(g.unanswered.values()) for g in many)
            facts |= {
                "answered": answered,
                "ok": sum(g.ok for g in many),
                "missing": answered - facts["events"],
                "unanswered": unanswered,
                "count_holds": 0 <= facts["events"] - answered <= unanswered,
                "spooled": spooled(many),
            }
            m["store"] = facts
            m["stop_seconds"] = max(g.stop["seconds"] for g in many)
            m["stopped_clean"] = all(g.stop["clean"] for g in many)
            m["stops"] = {g.name: g.stop for g in many}
            result["multi"] = m

        from veil import __version__ as veil_version

        result["meta"] = {
            "veil_version": veil_version,
            "veil_commit": git_state(),
            "python": platform.python_version(),
            "cpus": os.cpu_count(),
            "when": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
            "args": {k: str(v) for k, v in vars(args).items()},
            "postgresql": pg_settings,
            "fsync_ms": fsync_ms(Path("/tmp")),
            "batch_ms": args.batch_ms if args.batch_ms is not None else "50 (default)",
            "connections": args.connections,
            "rounds": args.rounds,
            "run_seconds": args.run_seconds,
            "seq_n": args.seq_n,
            "request_bytes": len(small.raw),
            "planted": len(small.planted),
        }
        result["verdict"], failed = verdict(result)
        for runs in raw["runs"].values():  # the raw latencies stay out of the JSON
            for rounds in runs.values():
                for r in rounds:
                    r.pop("latencies_ms", None)
        result["runs"] = raw["runs"]
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(result, indent=2, default=str))
        print()
        print(render(result))
        print(f"\nJSON: {args.json}")
        return 1 if failed else 0
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    finally:
        for proc in reversed(started):
            proc.stop()
        if pg is not None:
            pg.close()
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
