"""Scanning benchmark: veil against betterleaks and detect-secrets on one generated corpus.

    .venv/bin/python bench/scan_bench.py [--size-mb 50] [--seed 1]
        [--tools veil,betterleaks,detect-secrets] [--ds-sample-mb 5] [--json OUT]

The corpus (bench/corpus.py) is cached under bench/out/ by seed and size. Every tool scans the
same tree in the same run, with its default settings; wall time covers the whole process.
Peers report no personal data, so they are scored on secrets only. detect-secrets is slow, so by
default it scans a fixed subsample of the files (chosen by a hash of seed and path).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import sys
from pathlib import Path
from typing import Any

from corpus import GENERATOR_VERSION, generate
from peers import RUNNERS, TOOLS, Run, tree_bytes
from score import (
    CATEGORIES,
    Label,
    Score,
    context_index,
    fp_rules,
    load_labels,
    load_negatives,
    restrict,
    score,
)

OUT = Path(__file__).resolve().parent / "out"


def corpus(size_mb: float, seed: int) -> Path:
    path = OUT / f"corpus-s{seed}-{size_mb:g}mb-v{GENERATOR_VERSION}"
    if not (path / "manifest.json").exists():
        print(f"generating {size_mb:g} MB corpus (seed {seed}) in {path} ...", file=sys.stderr)
        generate(path, size_mb, seed)
    return path


def sample(base: Path, mb: float, seed: int) -> Path:
    """A fixed subsample of the corpus files, copied into their own tree."""
    dest = base / f"sample-{mb:g}mb"
    if (dest / "done").exists():
        return dest / "files"
    shutil.rmtree(dest, ignore_errors=True)
    files = sorted(p.relative_to(base / "files").as_posix() for p in (base / "files").rglob("*"))
    key = lambda rel: hashlib.sha256(f"{seed}:{rel}".encode()).hexdigest()  # noqa: E731
    budget = int(mb * 1_000_000)
    for rel in sorted(files, key=key):
        src = base / "files" / rel
        if not src.is_file() or budget <= 0:
            continue
        budget -= src.stat().st_size
        (dest / "files" / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(src, dest / "files" / rel)
    (dest / "done").write_text("")
    return dest / "files"


def rel_files(root: Path) -> set[str]:
    return {p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()}


def evaluate(run: Run, labels: list[Label], context: dict[tuple[str, int], str]) -> dict[str, Any]:
    nbytes = tree_bytes(run.root)
    mine = restrict(labels, rel_files(run.root)) if "sample-" in run.root.as_posix() else labels
    cats = CATEGORIES if run.tool == "veil" else ("secret",)
    scores = {c: score(mine, run.findings, c) for c in cats}
    return {
        "tool": run.tool,
        "version": run.version,
        "root": str(run.root),
        "bytes": nbytes,
        "seconds": round(run.seconds, 3),
        "mb_per_s": nbytes / 1e6 / run.seconds if run.seconds else 0.0,
        "findings": len(run.findings),
        "ignored": sum(f.category not in CATEGORIES for f in run.findings),
        "scores": {c: _score_json(s) for c, s in scores.items()},
        "fp_rules": {c: fp_rules(s, context) for c, s in scores.items()},
        "_scores": scores,
    }


def _score_json(s: Score) -> dict[str, Any]:
    return {
        "tp": s.tp, "fp": s.fp, "fn": s.fn, "duplicates": s.dup,
        "precision": round(s.precision, 4), "recall": round(s.recall, 4), "f1": round(s.f1, 4),
        "recall_by_kind": {
            k: [s.found_by_kind[k], n] for k, n in sorted(s.total_by_kind.items())
        },
    }  # fmt: skip


def _prf(r: dict[str, Any], cat: str) -> str:
    s = r["scores"].get(cat)
    if s is None:
        return f"{'-':>6} {'-':>6} {'-':>6}"
    return f"{s['precision']:6.3f} {s['recall']:6.3f} {s['f1']:6.3f}"


def report(results: list[dict[str, Any]], failed: list[Run]) -> None:
    print(f"\n{'tool':<15} {'MB':>7} {'sec':>8} {'MB/s':>8}   secrets P/R/F1        PII P/R/F1")
    for r in results:
        print(
            f"{r['tool']:<15} {r['bytes'] / 1e6:7.1f} {r['seconds']:8.2f} {r['mb_per_s']:8.2f}"
            f"   {_prf(r, 'secret')}   {_prf(r, 'pii')}"
        )
        if "sample-" in r["root"]:
            print(f"{'':<15} (scored on a fixed {r['bytes'] / 1e6:.1f} MB subsample of the corpus)")
    for run in failed:
        print(f"{run.tool:<15} NOT RUN: {run.error}")
    speed = {r["tool"]: r["mb_per_s"] for r in results}
    for peer in ("betterleaks", "detect-secrets"):
        if speed.get("veil") and speed.get(peer):
            print(f"veil MB/s / {peer} MB/s = {speed['veil'] / speed[peer]:.2f}")
    _per_kind(results)
    for r in results:
        for cat, rows in r["fp_rules"].items():
            if rows:
                print(f"\n{r['tool']} top false-positive rules ({cat}):")
                for row in rows:
                    hit = ", ".join(f"{k} {n}" for k, n in row["hit"].items())
                    print(f"  {row['count']:6d}  {row['rule']:<40} {hit}  e.g. {row['example']}")


def _per_kind(results: list[dict[str, Any]]) -> None:
    veil = next((r for r in results if r["tool"] == "veil"), None)
    if veil is None:
        return
    peers = [r for r in results if r["tool"] != "veil"]
    print("\nrecall by kind (found/planted), veil's misses first; peers on secrets only")
    head = "".join(f" {r['tool']:>15}" for r in peers)
    print(f"  {'kind':<34} {'veil':>15}{head}")
    rows = []
    for cat, s in veil["_scores"].items():
        for kind, n in s.total_by_kind.items():
            rows.append((s.found_by_kind[kind] / n, cat, kind, f"{s.found_by_kind[kind]}/{n}"))
    for _, cat, kind, cell in sorted(rows):
        others = ""
        for r in peers:
            s = r["_scores"].get(cat)
            n = s.total_by_kind.get(kind, 0) if s else 0
            others += f" {(f'{s.found_by_kind[kind]}/{n}' if s and n else '-'):>15}"
        print(f"  {cat[:3] + ':' + kind:<34} {cell:>15}{others}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size-mb", type=float, default=50.0)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--tools", default=",".join(TOOLS))
    parser.add_argument(
        "--ds-sample-mb", type=float, default=5.0,
        help="detect-secrets scans a fixed subsample of this size (0: the whole corpus)",
    )  # fmt: skip
    parser.add_argument("--json", type=Path, help="also write machine-readable results here")
    args = parser.parse_args(argv)
    tools = [t.strip() for t in args.tools.split(",") if t.strip()]
    unknown = [t for t in tools if t not in RUNNERS]
    if unknown:
        parser.error(f"unknown tools: {', '.join(unknown)} (choose from {', '.join(TOOLS)})")
    base = corpus(args.size_mb, args.seed)
    manifest = json.loads((base / "manifest.json").read_text())
    labels = load_labels(base / "labels.jsonl")
    context = context_index(labels, load_negatives(base / "negatives.jsonl"))
    print(
        f"corpus {base.name}: {manifest['bytes'] / 1e6:.1f} MB, {manifest['files']} files, "
        f"{len(labels)} labels; {os.cpu_count()} CPUs",
        file=sys.stderr,
    )
    results, failed = [], []
    for tool in tools:
        root = base / "files"
        if tool == "detect-secrets" and 0 < args.ds_sample_mb < args.size_mb:
            root = sample(base, args.ds_sample_mb, args.seed)
        print(f"running {tool} on {root} ...", file=sys.stderr)
        run = RUNNERS[tool](root)
        if run.error:
            print(f"  {tool}: {run.error}", file=sys.stderr)
            failed.append(run)
            continue
        results.append(evaluate(run, labels, context))
    report(results, failed)
    if args.json:
        clean = [{k: v for k, v in r.items() if not k.startswith("_")} for r in results]
        doc = {"corpus": manifest, "results": clean, "not_run": {r.tool: r.error for r in failed}}
        args.json.write_text(json.dumps(doc, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
