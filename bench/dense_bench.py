"""Dense-text benchmark: text with about one finding per hundred characters (a pasted log, a
customer export; bench/corpus_dense.py), 20 KB and 200 KB.

    .venv/bin/python bench/dense_bench.py [--runs N] [--json OUT]

In process, as the gateway runs it (the recall-mode engine of `veil serve`):
- `scan`: the engine alone, over the text;
- `cold`: a whole request (an Anthropic Messages body holding the text) through a fresh
  pipeline: parse, find, mask, serialise; nothing remembered;
- `repeat`: the same request again through the same pipeline (a client resending history).
Each is the median of `--runs`, with the per-finding cost. Side by side in the same run, as
processes on the same text in a file, start-up subtracted (the same command on an empty file):
`veil scan`, betterleaks and detect-secrets, with veil's speed as a ratio of each peer's.
Targets (issue 8): scan + mask cold under 15 ms and 20 µs a finding at 200 KB; repeat under 2 ms.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from corpus_dense import dense_text
from peers import _exe
from veil.detect import builtin_rules, recall
from veil.detect.engine import Engine
from veil.pipeline.request import Pipeline
from veil.protocols.anthropic_messages import extract
from veil.vault.vault import Vault, VaultMap

SIZES = (20_000, 200_000)


def _median_ms(fn: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return statistics.median(times) * 1000


def _process_ms(cmd: list[str], path: Path, empty: Path, runs: int) -> float | None:
    """Median wall time of `cmd` on `path`, less its median on an empty file (its start-up)."""

    def once(target: Path) -> float:
        started = time.perf_counter()
        subprocess.run([*cmd, str(target)], capture_output=True, check=False)
        return time.perf_counter() - started

    try:
        once(empty)
    except OSError:
        return None
    base = statistics.median(once(empty) for _ in range(runs))
    full = statistics.median(once(path) for _ in range(runs))
    return max(full - base, 1e-6) * 1000


def _peers() -> dict[str, list[str]]:
    cmds: dict[str, list[str]] = {}
    for name, args in (
        ("veil", ["scan", "--no-baseline", "--format", "json"]),
        ("betterleaks", ["fs", "--no-banner", "--no-color", "-l", "error"]),
        ("detect-secrets", ["scan"]),
    ):
        exe = _exe(name)
        if exe is not None:
            cmds[name] = [exe, *args]
    return cmds


def run(runs: int) -> dict[str, dict[str, float]]:
    engine = Engine(builtin_rules() + recall.RULES, recall=True)
    engine.scan("warm up: compile the confirming patterns a first scan needs")
    vault = Vault(b"k" * 32)
    results: dict[str, dict[str, float]] = {}
    peers = _peers()
    with tempfile.TemporaryDirectory() as tmp:
        empty = Path(tmp) / "start-up.txt"
        empty.write_text("nothing to see here\n")  # a file, so each tool loads its rules
        for size in SIZES:
            text = dense_text(size)
            engine.scan(text)  # compile every confirming pattern this text needs
            findings = len(engine.scan(text))
            body = json.dumps(
                {
                    "model": "bench",
                    "max_tokens": 16,
                    "messages": [{"role": "user", "content": f"Summarise this export:\n{text}"}],
                }
            ).encode()

            def cold(body: bytes = body) -> object:
                return Pipeline(engine).prepare(body, extract, VaultMap(vault, "cold"))

            warm = Pipeline(engine)
            warm.prepare(body, extract, VaultMap(vault, "warm"))
            row = {
                "findings": float(findings),
                "scan_ms": _median_ms(lambda text=text: engine.scan(text), runs),
                "cold_ms": _median_ms(cold, runs),
                "repeat_ms": _median_ms(
                    lambda body=body, warm=warm: warm.prepare(
                        body, extract, VaultMap(vault, "warm")
                    ),
                    runs,
                ),
            }
            path = Path(tmp) / f"export-{size}.txt"
            path.write_text(text)
            for name, cmd in peers.items():
                ms = _process_ms(cmd, path, empty, max(3, runs // 3))
                if ms is not None:
                    row[f"{name}_ms"] = ms
            results[f"{size // 1000} KB"] = row
    return results


def report(results: dict[str, dict[str, float]]) -> None:
    print("dense text (about one finding per 100 characters), medians")
    head = (
        f"{'size':>7} {'findings':>8} {'scan ms':>8} {'cold ms':>8} {'µs/find':>8} {'repeat ms':>9}"
    )
    print(head)
    for size, r in results.items():
        per = r["cold_ms"] * 1000 / max(r["findings"], 1)
        print(
            f"{size:>7} {r['findings']:>8.0f} {r['scan_ms']:>8.1f} {r['cold_ms']:>8.1f} "
            f"{per:>8.1f} {r['repeat_ms']:>9.2f}"
        )
    print("\nas processes on the same file, start-up subtracted (ms; ratio = peer / veil)")
    for size, r in results.items():
        veil = r.get("veil_ms")
        parts = [f"veil {veil:.1f}" if veil else "veil n/a"]
        for peer in ("betterleaks", "detect-secrets"):
            ms = r.get(f"{peer}_ms")
            if ms is not None:
                ratio = f" ({ms / veil:.2f}x)" if veil else ""
                parts.append(f"{peer} {ms:.1f}{ratio}")
        print(f"{size:>7}: " + ", ".join(parts))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--json", type=Path, help="also write the results here")
    args = parser.parse_args(argv)
    results = run(args.runs)
    report(results)
    if args.json:
        args.json.write_text(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
