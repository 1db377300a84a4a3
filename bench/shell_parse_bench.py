"""bashlex against shlex for the tool-call gate: speed and correctness on the command table.

    .venv/bin/pip install bashlex   # not a dependency of veil: only this comparison needs it
    .venv/bin/python bench/shell_parse_bench.py [--runs N] [--per-command]

veil reads shell commands with shlex (`veil.policy.exfil.parse`: here-documents and command
substitutions lifted out first, then shlex's tokens cut into pipelines). This sets bashlex's
parse tree against it, read into the same simple commands (`Simple`) so that the rest of the
analysis is the same, with shlex where bashlex fails (its grammar lacks `[[ ]]`, `$(( ))`, `case`
and more), as a bashlex-based gate would have to. It prints, for each command of the table in
tests/policy/test_exfil.py: the parse time of each (median of --runs, in µs), their ratio,
whether bashlex read it alone, and whether each reader's verdict is right; then the totals, the
time bashlex takes to import, and the gate's own figures: its table score (known misses
counted as missed), the time it takes to judge a call the first time (nothing remembered) and
again, and the time it takes on large hostile calls.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tests.policy.test_exfil import TABLE, Row, gate, score, secret_kinds  # noqa: E402

from veil.policy import exfil  # noqa: E402
from veil.policy.exfil import Feed, Reader, Simple, analyse, is_loopback  # noqa: E402
from veil.policy.toolcalls import ToolCall  # noqa: E402

_EXPANSIONS = frozenset({"parameter", "commandsubstitution", "processsubstitution"})


def bashlex_reader(fallback: bool = True) -> Reader:
    """`exfil.parse`'s contract, by bashlex's tree; shlex where bashlex fails (`fallback`), else
    nothing and not clean."""
    import bashlex

    def read(command: str) -> tuple[tuple[Simple, ...], bool]:
        text, bodies = exfil._prepared(command)
        try:
            out: list[Simple] = []
            for node in bashlex.parse(text):
                _visit(node, None, out, bodies)
            return tuple(out), True
        except Exception:  # bashlex's errors, NotImplementedError, RecursionError
            return exfil.parse(command) if fallback else ((), False)

    return read


def _visit(node: Any, feed: Feed | None, out: list[Simple], bodies: list[str]) -> list[Simple]:
    """The simple commands of a bashlex node, appended to `out` and returned."""
    start = len(out)
    kind = getattr(node, "kind", "")
    if kind == "command":
        out.append(_command(node, feed, out, bodies))
    elif kind == "pipeline":
        for part in node.parts:
            if part.kind not in ("pipe", "reservedword"):
                feed = exfil._pipe_feed(_visit(part, feed, out, bodies))
    elif kind in ("word", "assignment"):
        for part in getattr(node, "parts", ()):
            if part.kind in ("commandsubstitution", "processsubstitution"):
                _visit(part.command, None, out, bodies)
    elif kind != "redirect":
        for redirect in getattr(node, "redirects", ()):  # `{ ...; } < file`
            if redirect.type == "<" and hasattr(redirect.output, "word"):
                feed = Feed("file", redirect.output.word)
        for name in ("parts", "list", "command", "body"):
            value = getattr(node, name, None)
            for child in value if isinstance(value, list) else [value] if value else []:
                _visit(child, feed, out, bodies)
    return out[start:]


def _command(node: Any, feed: Feed | None, out: list[Simple], bodies: list[str]) -> Simple:
    words: list[str] = []
    dynamic: list[bool] = []
    redirects: list[tuple[str, str]] = []
    for part in node.parts:
        if part.kind == "word":
            words.append(part.word)
            dynamic.append(any(p.kind in _EXPANSIONS for p in getattr(part, "parts", ())))
            _visit(part, None, out, bodies)
        elif part.kind == "assignment":
            _visit(part, None, out, bodies)
        elif part.kind == "redirect":
            output = part.output
            target = output.word if hasattr(output, "word") else str(output)
            if hasattr(output, "kind"):
                _visit(output, None, out, bodies)
            redirects.append((part.type, target))
            feed = exfil._redirect_feed(part.type, target, feed, bodies)
    return Simple(tuple(words), tuple(dynamic), tuple(redirects), feed)


def raw_failures(commands: list[str]) -> list[str]:
    """The commands bashlex cannot parse as they are, without the preparation veil gives both
    readers (`<<'EOF'` bodies lifted out, `$'\\x63url'` decoded)."""
    import bashlex

    failed = []
    for command in commands:
        try:
            bashlex.parse(command)
        except Exception:  # bashlex's errors, NotImplementedError, RecursionError
            failed.append(command)
    return failed


def verdict(row: Row, reader: Reader) -> tuple[bool, str | None]:
    """Whether the gate's rule finds exfiltration in a row read by `reader`, and the host."""
    for send in analyse(row.command, reader=reader).sends:
        if send.host is not None and is_loopback(send.host):
            continue
        if send.data or secret_kinds(" ".join(send.words)):
            return True, send.host
    return False, None


def right(row: Row, found: tuple[bool, str | None]) -> bool:
    expected = row.expected is not None
    return found[0] == expected and (not expected or found[1] == row.host)


def median_us(fn: Callable[[str], object], command: str, runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn(command)
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1e6


def import_ms() -> float:
    """How long `import bashlex` takes in a fresh interpreter."""
    code = "import time; t = time.perf_counter(); import bashlex; print(time.perf_counter() - t)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return float(done.stdout) * 1000


def judge_us(runs: int) -> tuple[float, float]:
    """Median time of the gate judging a Bash call of each table command: first sight (each
    command made new by a `: N;` prefix, so no memo knows it) and again (remembered)."""
    judge = gate()
    cold: list[float] = []
    warm: list[float] = []
    for i, row in enumerate(TABLE * runs):
        call = ToolCall("Bash", json.dumps({"command": f": {i}; {row.command}"}))
        start = time.perf_counter()
        judge.judge(call)
        cold.append(time.perf_counter() - start)
        start = time.perf_counter()
        judge.judge(call)
        warm.append(time.perf_counter() - start)
    return statistics.median(cold) * 1e6, statistics.median(warm) * 1e6


def hostile_ms() -> list[tuple[str, float]]:
    """The gate's time (ms) on large hostile Bash calls: many `openssl` words after a dynamic
    `bash -c` (a regex over the whole command took 36 s on 250 KB of them), and 32 MB
    arguments (past the 1 MB the gate reads)."""
    judge = gate()
    shapes = {
        "250 KB of `openssl` after bash -c $X": 'bash -c "$X" ' + "openssl " * 32_000,
        "1 MB of `a.` in a command cut open": "cu'rl " + "a." * 500_000,
        "32 MB echo": "echo " + ("a" * 1000 + " ") * 32_000,
    }
    timed = []
    for label, command in shapes.items():
        call = ToolCall("Bash", json.dumps({"command": command}))
        start = time.perf_counter()
        judge.judge(call)
        timed.append((label, (time.perf_counter() - start) * 1000))
    return timed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=30, help="timing runs per command")
    parser.add_argument("--per-command", action="store_true", help="print every command")
    args = parser.parse_args()
    try:
        bashlex_ms = import_ms()
        with_fallback, alone = bashlex_reader(), bashlex_reader(fallback=False)
    except (ImportError, subprocess.CalledProcessError):
        sys.exit("bashlex is not installed: .venv/bin/pip install bashlex")
    readers = {"shlex": exfil.parse, "bashlex": with_fallback}
    for row in TABLE:  # warm: shell.py's memo of the paths each simple command reads
        for reader in readers.values():
            reader(row.command)
    shlex_times, bashlex_times, ratios = [], [], []
    rights = dict.fromkeys(readers, 0)
    failures: list[str] = []
    if args.per_command:
        print(f"{'command':52} {'shlex µs':>9} {'bashlex µs':>10} {'ratio':>6}  alone  right")
    for row in TABLE:
        s_us = median_us(exfil.parse, row.command, args.runs)
        b_us = median_us(with_fallback, row.command, args.runs)
        clean = alone(row.command)[1]
        failures += [] if clean else [row.command]
        marks = {name: right(row, verdict(row, reader)) for name, reader in readers.items()}
        for name, ok in marks.items():
            rights[name] += ok
        shlex_times.append(s_us)
        bashlex_times.append(b_us)
        ratios.append(b_us / s_us)
        if args.per_command:
            shown = " ".join(row.command.split())[:52]
            flags = "/".join("ok" if marks[n] else "WRONG" for n in readers)
            print(f"{shown:52} {s_us:9.1f} {b_us:10.1f} {b_us / s_us:6.1f}  {clean!s:5}  {flags}")
    n = len(TABLE)
    print(f"\ncommands: {n} ({sum(r.expected is None for r in TABLE)} harmless)")
    for name, times in (("shlex", shlex_times), ("bashlex", bashlex_times)):
        p95 = statistics.quantiles(times, n=20)[-1]
        print(
            f"{name:8} parse µs: median {statistics.median(times):7.1f}  mean "
            f"{statistics.mean(times):7.1f}  p95 {p95:7.1f}  right {rights[name]}/{n}"
        )
    print(f"bashlex / shlex: median ratio {statistics.median(ratios):.1f}x")
    print(f"bashlex alone fails on {len(failures)}/{n} (shlex reads them instead):")
    for command in failures:
        print(f"  {' '.join(command.split())[:90]}")
    raw = raw_failures([r.command for r in TABLE])
    print(
        f"bashlex on the raw commands (no here-document or $'...' preparation) fails on {len(raw)}"
    )
    print(f"import bashlex: {bashlex_ms:.0f} ms")
    cold, warm = judge_us(max(1, args.runs // 10))
    print(f"\ngate on the table: {score().line()}")
    print(f"gate judge µs (median): first sight {cold:.0f}, remembered {warm:.1f}")
    for label, ms in hostile_ms():
        print(f"gate judge ms, {label}: {ms:.0f}")


if __name__ == "__main__":
    main()
