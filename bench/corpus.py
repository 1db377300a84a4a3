"""Deterministic benchmark corpus: a tree of realistic files with planted, labelled secrets and
personal data, and unlabelled hard negatives.

    python bench/corpus.py OUTDIR --size-mb 50 --seed 1

writes OUTDIR/files/... (the tree to scan), OUTDIR/labels.jsonl (one line per planted value:
path relative to OUTDIR/files, 1-based line, category, kind, and end_line for multi-line keys),
OUTDIR/negatives.jsonl (where the hard negatives are, for diagnosis) and OUTDIR/manifest.json.
"""

from __future__ import annotations

import argparse
import json
import math
import shutil
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from random import Random

import corpus_blobs as blobs
import corpus_records as records
from corpus_assemble import assemble, env_file, markdown
from corpus_doc import Ctx, Doc
from corpus_values import SERVICES, WORDS

GENERATOR_VERSION = 6
ENVS = ("dev", "staging", "prod", "local", "test")
MODULES = (
    "client", "models", "handlers", "views", "settings", "tasks", "api", "service", "config",
    "schema", "routes", "worker", "storage", "auth", "billing", "utils_io", "jobs", "events",
)  # fmt: skip

Builder = Callable[[Ctx, int], Doc]


def _code(style: str) -> Builder:
    return lambda ctx, n: assemble(ctx, style, n)


@dataclass(frozen=True)
class FileKind:
    share: float  # of the corpus bytes
    size: tuple[int, int]  # bytes, drawn log-uniformly
    build: Builder
    path: str  # template: {svc} {env} {word} {n} {hex}


KINDS: dict[str, FileKind] = {
    "python": FileKind(0.22, (2_000, 40_000), _code("python"), "services/{svc}/{svc}/{word}.py"),
    "javascript": FileKind(0.05, (2_000, 20_000), _code("javascript"), "web/{svc}/src/{word}.js"),
    "typescript": FileKind(0.05, (2_000, 20_000), _code("typescript"), "web/{svc}/src/{word}.ts"),
    "go": FileKind(0.05, (2_000, 20_000), _code("go"), "go/{svc}/internal/{word}/{word}.go"),
    "java": FileKind(
        0.05, (2_000, 20_000), _code("java"), "java/{svc}/src/main/java/com/acme/{Word}.java"
    ),
    "yaml": FileKind(0.035, (800, 8_000), _code("yaml"), "config/{svc}/{env}.yaml"),
    "toml": FileKind(0.01, (500, 5_000), _code("toml"), "config/{svc}/{word}.toml"),
    "ini": FileKind(0.01, (500, 5_000), _code("ini"), "config/{svc}/{word}.ini"),
    "properties": FileKind(
        0.01,
        (500, 5_000),
        _code("properties"),
        "java/{svc}/src/main/resources/app-{env}.properties",
    ),
    "xml": FileKind(0.02, (1_000, 10_000), _code("xml"), "java/{svc}/config/{word}-{env}.xml"),
    "env": FileKind(0.015, (300, 3_000), env_file, "services/{svc}/{env}.settings.env"),
    "env_txt": FileKind(0.005, (300, 3_000), env_file, "config/{svc}/app.env.txt"),
    "shell": FileKind(0.02, (800, 8_000), _code("shell"), "scripts/{word}_{svc}.sh"),
    "dockerfile": FileKind(0.005, (400, 3_000), _code("dockerfile"), "services/{svc}/Dockerfile"),
    "compose": FileKind(0.01, (800, 6_000), blobs.compose, "deploy/{svc}/docker-compose.yml"),
    "k8s": FileKind(0.03, (1_500, 15_000), blobs.k8s, "deploy/k8s/{svc}/{word}-{env}.yaml"),
    "json_config": FileKind(0.03, (1_000, 15_000), blobs.json_config, "config/{svc}/{env}.json"),
    "markdown": FileKind(0.07, (2_000, 30_000), markdown, "docs/{svc}/{word}.md"),
    "access_log": FileKind(
        0.08, (50_000, 600_000), records.access_log, "logs/{svc}/access-{n}.log"
    ),
    "app_log": FileKind(0.08, (50_000, 600_000), records.app_log, "logs/{svc}/app-{n}.log"),
    "csv": FileKind(
        0.0015, (3_000, 30_000), records.customers_csv, "fixtures/{svc}/customers-{n}.csv"
    ),
    "fixture_json": FileKind(
        0.0015, (3_000, 30_000), records.customers_json, "fixtures/{svc}/customers-{n}.json"
    ),
    "ticket": FileKind(0.003, (400, 1_000), records.ticket, "support/tickets/{n}.txt"),
    "package_lock": FileKind(
        0.05, (30_000, 400_000), blobs.package_lock, "web/{svc}/package-lock.json"
    ),
    "go_sum": FileKind(0.01, (5_000, 60_000), blobs.go_sum, "go/{svc}/go.sum"),
    "minified_js": FileKind(
        0.03, (30_000, 300_000), blobs.minified_js, "web/{svc}/dist/app.{hex}.min.js"
    ),
    "assets": FileKind(0.03, (10_000, 200_000), blobs.assets, "web/{svc}/assets/{word}.{hex}.txt"),
    "service_account": FileKind(
        0.002, (2_000, 3_000), blobs.service_account, "deploy/gcp/{svc}-sa-{n}.json"
    ),
    "key_file": FileKind(0.003, (500, 3_000), blobs.key_file, "deploy/certs/{svc}-{n}.pem"),
}


def _path(rng: Random, template: str, taken: set[str]) -> str:
    while True:
        word = rng.choice((*MODULES, *WORDS))
        path = template.format(
            svc=rng.choice(SERVICES), env=rng.choice(ENVS), word=word, Word=word.capitalize(),
            n=rng.randint(1, 99999), hex=f"{rng.getrandbits(32):08x}",
        )  # fmt: skip
        if path not in taken:
            taken.add(path)
            return path
        template = template.replace("{svc}/", "{svc}-{n}/", 1)


def generate(outdir: Path, size_mb: float, seed: int) -> dict[str, object]:
    """Write the corpus into outdir (replacing it) and return its manifest."""
    started = time.perf_counter()
    tmp = outdir.with_name(outdir.name + ".tmp")
    shutil.rmtree(tmp, ignore_errors=True)
    root = tmp / "files"
    ctx, target = Ctx(seed), int(size_mb * 1_000_000)
    written: Counter[str] = Counter()
    taken: set[str] = set()
    labels: list[str] = []
    negatives: list[str] = []
    total = 0
    while total < target:
        name = max(KINDS, key=lambda k: KINDS[k].share * (total + 1) - written[k])
        kind = KINDS[name]
        lo, hi = kind.size
        hi = max(lo, min(hi, int(kind.share * target)))  # small corpora keep their mix
        size = int(math.exp(ctx.rng.uniform(math.log(lo), math.log(hi))))
        doc = kind.build(ctx, size)
        rel = _path(ctx.rng, kind.path, taken)
        data = doc.text().encode("utf-8")
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_bytes(data)
        written[name] += len(data)
        total += len(data)
        for m in doc.marks:
            row: dict[str, object] = {"path": rel, "line": m.line + 1}
            if m.category:
                row |= {"category": m.category, "kind": m.kind}
                if m.end > m.line:
                    row["end_line"] = m.end + 1
                labels.append(json.dumps(row))
            else:
                negatives.append(json.dumps(row | {"kind": m.kind}))
    (tmp / "labels.jsonl").write_text("\n".join(labels) + "\n", encoding="utf-8")
    (tmp / "negatives.jsonl").write_text("\n".join(negatives) + "\n", encoding="utf-8")
    manifest = {
        "generator_version": GENERATOR_VERSION,
        "seed": seed,
        "size_mb": size_mb,
        "bytes": total,
        "files": len(taken),
        "labels": len(labels),
        "negatives": len(negatives),
        "bytes_by_kind": dict(sorted(written.items())),
        "seconds": round(time.perf_counter() - started, 1),
    }
    (tmp / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    shutil.rmtree(outdir, ignore_errors=True)
    tmp.rename(outdir)
    return manifest


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("outdir", type=Path)
    parser.add_argument("--size-mb", type=float, default=50.0)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    manifest = generate(args.outdir, args.size_mb, args.seed)
    print(json.dumps(manifest, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
