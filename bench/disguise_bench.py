"""Code-aware disguise: speed per language, what it adds to a request, leakage, the same program.

    .venv/bin/python bench/disguise_bench.py [--quick] [--parts 1,2,3,4] [--json OUT]

1. Throughput per language of `TextSanitizer.sanitize(text, path)` (`[disguise]` defaults:
   names, hosts, comments = "business") on real source files found on this machine: the
   Python standard library, the JavaScript and TypeScript of tests/clients/node_modules and
   /usr/lib/node_modules, C and C++ headers under /usr/include (and the C++ in site-packages and
   CUDA's headers), PHP in the Google Cloud SDK, and the Go, Java, Rust, C# and Ruby of the git
   snapshots under /work/.mirror (`--git-repos`, read at HEAD with git). A language with no real
   file here is reported as such. The organisation terms are chosen from each corpus: its most
   frequent identifier words (`Request`, `Buffer`, ...), two per language, so that the renamer
   has real work. Peers, same files, same run: tree-sitter parsing alone (the floor any
   tree-sitter based tool pays) and one `re.sub` of the terms (the token-level floor); a pass in
   `comments = "keep"` also checks the byte round trip sanitize -> restore of every file.
2. What disguise adds to a 200 KB request in the gateway: `Pipeline.prepare` of an Anthropic
   Messages body whose tool result is 200 KB of real Python (Claude Code's `N→` listing) with the
   Python corpus' terms, `Acme`/`Globex Corp`, internal hosts and business comments added
   between its top-level definitions; `[disguise]` on (names, hosts, comments = "business"),
   "strip" and "keep", against names = hosts = false, comments = "keep" (the same findings as
   placeholders). Cold: every run a body never seen (distinct text, a new vault map); warm: the
   same body resent (history). Target: disguise adds under 5 ms. A missed target is profiled.
3. Leakage, on a generated corpus of company code (bench/disguise_corpus.py, seeded): the share
   of organisation-term and internal-host occurrences left by `TextSanitizer.sanitize` and by
   `Pipeline.prepare` at a provider where Internal is pseudonymized (target 0); business
   comments left; the renamed identifiers restored exactly after a model-like rewrite (new code,
   prose and a unified diff that reuse the neutral names; target 100%); the byte round trip of
   every file (comments = "keep").
4. The same program: toolz (sdist from PyPI into bench/out, with its tests) disguised whole with
   `veil sanitize --out` under terms that hit its identifiers across modules, and its test suite
   run on the original and on the disguised tree.

Prints a report and writes bench/out/disguise.json.
"""

from __future__ import annotations

import argparse
import contextlib
import cProfile
import difflib
import gc
import glob
import json
import os
import pstats
import re
import shutil
import subprocess
import sys
import sysconfig
import tarfile
import tempfile
import time
import tokenize
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from random import Random
from statistics import median
from typing import Any

import disguise_corpus as corpus
from stats import pct

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
if str(ROOT / "src") not in sys.path:
    sys.path.insert(0, str(ROOT / "src"))

from veil.code.languages import LANGUAGES, language_for_path, parse  # noqa: E402
from veil.config import Settings, active_rules  # noqa: E402
from veil.detect import recall  # noqa: E402
from veil.detect.engine import Engine  # noqa: E402
from veil.pipeline.decide import Destination, PolicyStage  # noqa: E402
from veil.pipeline.request import Pipeline  # noqa: E402
from veil.pipeline.text import TextSanitizer  # noqa: E402
from veil.policy.registry import load_registry  # noqa: E402
from veil.protocols import anthropic_messages  # noqa: E402
from veil.vault.names import NAME_SHAPE  # noqa: E402
from veil.vault.vault import Vault, VaultMap  # noqa: E402

SEED = 7
TARGET_ADDED_MS = 5.0
STDLIB = Path(sysconfig.get_paths()["stdlib"])
SITE = Path(sysconfig.get_paths()["purelib"])
LANG_ORDER = (
    "python",
    "javascript",
    "typescript",
    "c",
    "cpp",
    "go",
    "java",
    "rust",
    "c_sharp",
    "ruby",
    "php",
)
SHOWN = {"c_sharp": "c#", "cpp": "c++"}
# Where real files are looked for on the file system, and the languages taken from each.
FS_ROOTS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (str(STDLIB), ("python",)),
    (str(ROOT / "tests" / "clients" / "node_modules"), ("javascript", "typescript")),
    ("/usr/lib/node_modules", ("javascript", "typescript", "c_sharp")),
    ("/usr/include", ("c", "cpp")),
    ("/usr/share/doc", ("c", "cpp", "go")),
    ("/usr/lib/google-cloud-sdk", ("php", "go", "java", "ruby")),
    (str(SITE), ("c", "cpp")),
    ("/usr/local/cuda/include", ("cpp",)),
)
GIT_LANGS = ("go", "java", "rust", "c_sharp", "ruby", "php")
# Secret scanners' repositories: their code is dense with sample keys (rule examples), which
# measures the detection engine on findings (bench/dense_bench.py's subject), not disguise.
SKIP_REPOS = "gitleaks,betterleaks,kingfisher,noseyparker"
SKIP_DIRS = frozenset((".git", "__pycache__", "site-packages", "dist-packages", "test_data"))
MIN_FILE, MAX_FILE = 1_000, 200_000
IDENT = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
WORD = re.compile(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])")
# Identifier words too generic (keywords, types, plumbing) to stand for an organisation.
STOP = frozenset(
    """
    return const static struct class public private protected final false value values error
    errors include define import function object string strings number length index begin endif
    ifdef ifndef undef typename template namespace override unsigned signed default assert while
    break continue throw throws catch yield async await export require module interface extends
    implements boolean double float short undefined typeof instanceof delete super self null none
    false true type types data name names result results start count first other input output
    print format method field fields param params argument arguments options option inline
    extern volatile sizeof char void uint int elif lambda raise except global package func defer
    range select switch struct impl where match crate usize some unwrap using readonly virtual
    sealed internal local table array list items item keys line lines text path file files test
    tests check expect equal equals should token node nodes child parent state event events point
    offset pointer size always noexcept constexpr std endif else elsif until unless begin rescue
    ensure attr accessor reader writer proto prototype exports require declare readonly string
    isize usize self_ mut pub impl trait where enum match loop false crate super dyn move
    bool byte bytes uint8 uint16 uint32 uint64 int8 int16 int32 int64 size_t ssize const_
    argv argc errno stdio stdlib stddef stdint inttypes limits assert cassert cstdint cstddef
    define undef pragma elif ifdef ifndef endif include defined typedef union static_cast
    reinterpret_cast dynamic_cast const_cast operator friend mutable explicit private public
    protected virtual override final typename template namespace using decltype nullptr
    isset unset empty echo clone exception exceptions
    """.split()  # noqa: SIM905
)

LOG: list[str] = []


def say(line: str = "") -> None:
    """Print a report line and keep it for the JSON."""
    print(line, flush=True)
    LOG.append(line)


def _shown(lang: str) -> str:
    return SHOWN.get(lang, lang)


# ====================================================================== part 1: throughput


@dataclass
class Corpus:
    """The real files of one language: (path, text), and where they came from."""

    lang: str
    files: list[tuple[str, str]] = field(default_factory=list)
    origins: Counter[str] = field(default_factory=Counter)
    available: int = 0

    @property
    def chars(self) -> int:
        return sum(len(t) for _, t in self.files)

    @property
    def bytes(self) -> int:
        return sum(len(t.encode("utf-8", "surrogatepass")) for _, t in self.files)


@dataclass(frozen=True)
class _Candidate:
    lang: str
    origin: str
    path: str
    size: int
    blob: str = ""  # a git object id; empty for a file on disk


def _fs_candidates() -> Iterator[_Candidate]:
    for root, langs in FS_ROOTS:
        if not os.path.isdir(root):
            continue
        for dirpath, dirnames, filenames in os.walk(root):
            dirnames[:] = sorted(
                d for d in dirnames if d not in SKIP_DIRS and not (dirpath == root and d == "test")
            )
            for name in sorted(filenames):
                lang = language_for_path(name)
                if lang is None or lang.name not in langs or name.endswith(".min.js"):
                    continue
                path = os.path.join(dirpath, name)
                try:
                    size = os.stat(path).st_size
                except OSError:
                    continue
                if MIN_FILE <= size <= MAX_FILE:
                    yield _Candidate(lang.name, root, path, size)


def _git_candidates(repos: list[str]) -> Iterator[_Candidate]:
    for repo in repos:
        try:
            listing = subprocess.run(
                ["git", f"--git-dir={repo}", "ls-tree", "-r", "-l", "HEAD"],
                capture_output=True,
                text=True,
                check=True,
                timeout=120,
            ).stdout
        except (OSError, subprocess.SubprocessError):
            continue
        name = repo.removeprefix("/work/.mirror/").removesuffix("/repo").replace("+", "/")
        for row in listing.splitlines():
            meta, _, path = row.partition("\t")
            parts = meta.split()
            if len(parts) != 4 or parts[1] != "blob" or not parts[3].isdigit():
                continue
            lang = language_for_path(path)
            if lang is None or lang.name not in GIT_LANGS or "vendor/" in path:
                continue
            if MIN_FILE <= int(parts[3]) <= MAX_FILE:
                yield _Candidate(
                    lang.name, f"git:{name}", f"{name}:{path}", int(parts[3]), parts[2]
                )


def _read_blobs(repo_of: dict[str, str], wanted: list[_Candidate]) -> dict[str, bytes]:
    """The contents of git blobs, read in one `cat-file --batch` per repository."""
    out: dict[str, bytes] = {}
    by_repo: dict[str, list[str]] = {}
    for c in wanted:
        by_repo.setdefault(repo_of[c.origin], []).append(c.blob)
    for repo, blobs in by_repo.items():
        proc = subprocess.run(
            ["git", f"--git-dir={repo}", "cat-file", "--batch"],
            input="".join(b + "\n" for b in blobs).encode(),
            capture_output=True,
            check=True,
            timeout=300,
        )
        data, pos = proc.stdout, 0
        for blob in blobs:
            end = data.index(b"\n", pos)
            header = data[pos:end].split()
            size = int(header[2])
            out[blob] = data[end + 1 : end + 1 + size]
            pos = end + 1 + size + 1
    return out


def _readable(raw: bytes) -> str | None:
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return None
    lines = text.count("\n") + 1
    if "\x00" in text or len(text) / lines > 200 or max(map(len, text.split("\n"))) > 2000:
        return None  # minified or generated
    return text


def find_corpora(cap_bytes: int, git_glob: str, skip: str = SKIP_REPOS) -> dict[str, Corpus]:
    """Up to `cap_bytes` of real files per language, a seeded sample of all found."""
    skipped = [s for s in skip.split(",") if s]
    repos = [r for r in sorted(glob.glob(git_glob)) if not any(s in r for s in skipped)]
    repo_of = {
        "git:" + r.removeprefix("/work/.mirror/").removesuffix("/repo").replace("+", "/"): r
        for r in repos
    }
    candidates: dict[str, list[_Candidate]] = {lang: [] for lang in LANG_ORDER}
    for c in [*_fs_candidates(), *_git_candidates(repos)]:
        candidates[c.lang].append(c)
    corpora = {}
    for lang in LANG_ORDER:
        found = sorted(candidates[lang], key=lambda c: (c.origin, c.path))
        Random(SEED).shuffle(found)
        corpus_ = Corpus(lang, available=len(found))
        picked, total = [], 0
        for c in found:
            if total >= cap_bytes:
                break
            picked.append(c)
            total += c.size
        blobs = _read_blobs(repo_of, [c for c in picked if c.blob])
        for c in picked:
            raw = blobs[c.blob] if c.blob else Path(c.path).read_bytes()
            text = _readable(raw)
            if text is not None:
                corpus_.files.append((c.path.rsplit(":", 1)[-1] if c.blob else c.path, text))
                corpus_.origins[c.origin] += 1
        corpora[lang] = corpus_
    return corpora


def frequent_words(texts: list[str], n: int, taken: set[str]) -> list[str]:
    """The `n` most frequent identifier words (5+ letters, not generic) of these texts."""
    counts: Counter[str] = Counter()
    for text in texts:
        for ident in IDENT.findall(text):
            for word in WORD.findall(ident):
                if len(word) >= 5:
                    counts[word.lower()] += 1
    out = []
    for word, _ in counts.most_common():
        if word not in STOP and word not in taken and not any(t in word for t in taken):
            out.append(word)
            taken.add(word)
            if len(out) == n:
                break
    return [w.capitalize() for w in out]


def _settings(terms: list[str], domains: list[str], **disguise: Any) -> Settings:
    return Settings.model_validate(
        {"org": {"terms": terms, "domains": domains}, "disguise": disguise}
    )


def _sanitizer(settings: Settings, engine: Engine, where: Path) -> TextSanitizer:
    """A sanitizer with nothing remembered: its own pipeline (memo) over a shared engine."""
    where.mkdir(parents=True, exist_ok=True)
    folder = Path(tempfile.mkdtemp(dir=where))
    pipeline = Pipeline(engine, PolicyStage(settings))
    return TextSanitizer(settings, vault_dir=folder, key_dir=folder, pipeline=pipeline)


def part_throughput(args: argparse.Namespace, work: Path) -> dict[str, Any]:
    cap = 400_000 if args.quick else 1_500_000
    passes = 1 if args.quick else 3
    started = time.perf_counter()
    corpora = find_corpora(cap, args.git_repos, args.skip_repos)
    taken: set[str] = set()
    terms_of: dict[str, list[str]] = {}
    for lang in LANG_ORDER:
        texts = [t for _, t in corpora[lang].files]
        terms_of[lang] = frequent_words(texts, 2, taken) if texts else []
    terms = [t for lang in LANG_ORDER for t in terms_of[lang]]
    domains: list[str] = []
    settings = _settings(terms, domains)
    keep_settings = _settings(terms, domains, comments="keep")
    engine = Engine(active_rules(settings) + recall.RULES, recall=True)
    pattern = re.compile("|".join(re.escape(t) for t in terms), re.IGNORECASE)
    neutral = {t.lower(): f"Org{i}" for i, t in enumerate(terms, 1)}

    def resub(text: str) -> str:
        return pattern.sub(lambda m: neutral[m.group().lower()], text)

    say(
        f"found in {time.perf_counter() - started:.1f} s; terms (two per language, its most "
        f"frequent identifier words): {', '.join(terms)}"
    )
    live = [lang for lang in LANG_ORDER if corpora[lang].files]
    # Warm-up, untimed, over every file: grammars loaded, lazy tables (per-region phone
    # metadata, name lists) built, as in a gateway that has been running a while.
    warm = _sanitizer(settings, engine, work)
    for lang in live:
        for path, text in corpora[lang].files:
            warm.sanitize(text, path)
            parse(LANGUAGES[lang], text)

    times: dict[str, dict[str, list[float]]] = {lang: {} for lang in live}
    counts: dict[str, Counter[str]] = {lang: Counter() for lang in live}
    clock = time.perf_counter
    for p in range(passes):
        sanitizer = _sanitizer(settings, engine, work)
        for lang in live:
            files = corpora[lang].files
            language = LANGUAGES[lang]
            gc.collect()
            t0 = clock()
            for path, text in files:
                done = sanitizer.sanitize(text, path)
                if p == 0:
                    counts[lang].update(done.counts)
            t1 = clock()
            for _path, text in files:
                parse(language, text)
            t2 = clock()
            for _path, text in files:
                resub(text)
            t3 = clock()
            find = Pipeline(engine, PolicyStage(settings)).finder
            for _path, text in files:
                find.spans_in(text)
            t4 = clock()
            for key, dt in (
                ("sanitize", t1 - t0),
                ("parse", t2 - t1),
                ("resub", t3 - t2),
                ("find", t4 - t3),
            ):
                times[lang].setdefault(key, []).append(dt)
    # One pass with comments kept: its speed, and every file's byte round trip, with one map
    # for the language's files (as `veil sanitize --out` over a tree) and with a map per file.
    round_trip: dict[str, tuple[int, int, int, int]] = {}
    shaped = re.compile(rf"\b{NAME_SHAPE}\b")
    for lang in live:
        files = corpora[lang].files
        keep = _sanitizer(keep_settings, engine, work)
        gc.collect()
        t0 = clock()
        outs = [keep.sanitize(text, path).text for path, text in files]
        times[lang]["keep"] = [clock() - t0]
        shared = sum(keep.restore(o) == t for o, (_, t) in zip(outs, files, strict=True))
        alone = 0
        for path, text in files:
            one = TextSanitizer(keep_settings, vault_dir=work, key_dir=work, pipeline=keep.pipeline)
            alone += one.restore(one.sanitize(text, path).text) == text
        holding = sum(1 for _, t in files if shaped.search(t))
        round_trip[lang] = (shared, alone, len(files), holding)

    rows = []
    say()
    say(
        f"{'language':11} {'files':>5} {'MB':>5} {'names':>6} {'cmts':>5} | MB/s: "
        f"{'sanitize':>8} {'keep':>6} {'find':>6} {'parse':>6} {'re.sub':>7} | "
        f"{'parse/san':>9} {'re.sub/san':>10} | round trip: one map, map per file"
    )
    for lang in LANG_ORDER:
        c = corpora[lang]
        if not c.files:
            say(
                f"{_shown(lang):11} no real file of this language on this machine "
                f"({c.available} candidates)"
            )
            rows.append({"language": _shown(lang), "files": 0, "note": "no real file here"})
            continue
        mb = c.bytes / 1e6
        speed = {k: mb / median(v) for k, v in times[lang].items()}
        shared, alone, n, holding = round_trip[lang]
        row = {
            "language": _shown(lang),
            "files": len(c.files),
            "available": c.available,
            "mb": mb,
            "origins": dict(c.origins),
            "terms": terms_of[lang],
            "counts": dict(counts[lang]),
            "mb_s": speed,
            "round_trip_one_map": shared,
            "round_trip_map_per_file": alone,
            "files_holding_neutral_shape": holding,
        }
        rows.append(row)
        names = counts[lang].get("org_term", 0)
        say(
            f"{_shown(lang):11} {len(c.files):5} {mb:5.2f} {names:6} "
            f"{counts[lang].get('comment', 0):5} |       {speed['sanitize']:8.2f} "
            f"{speed['keep']:6.2f} {speed['find']:6.2f} {speed['parse']:6.1f} "
            f"{speed['resub']:7.1f} | {speed['parse'] / speed['sanitize']:8.1f}x "
            f"{speed['resub'] / speed['sanitize']:9.1f}x | {shared:4}/{n} {alone:4}/{n}"
        )
    say(
        "  (names: organisation-term renames; cmts: comments stripped (business); find: the "
        "detection engine alone; parse: tree-sitter alone; x: how many times faster the peer is)"
    )
    holders = {_shown(k): v[3] for k, v in round_trip.items() if v[3]}
    if holders:
        say(
            "  files holding a name of the neutral shape (org-123, Group 1: it moves the map's "
            f"base to Firm/Group): {', '.join(f'{k} {v}' for k, v in holders.items())}"
        )
    for lang in live:
        origins = ", ".join(f"{o} ({n})" for o, n in corpora[lang].origins.most_common(3))
        say(f"  {_shown(lang)}: {origins}")
    # Where the time of `sanitize` goes, on the slowest language.
    slowest = min(live, key=lambda lang: corpora[lang].bytes / median(times[lang]["sanitize"]))
    sanitizer = _sanitizer(settings, engine, work)
    prof = cProfile.Profile()
    prof.enable()
    for path, text in corpora[slowest].files:
        sanitizer.sanitize(text, path)
    prof.disable()
    profile = _top(prof, 6, f"cProfile of sanitize on {_shown(slowest)} (own time, share)")
    return {"terms": terms, "rows": rows, "passes": passes, "cap_bytes": cap, "profile": profile}


def _top(prof: cProfile.Profile, n: int, title: str) -> list[str]:
    """The `n` functions with the most own time, with their share of the total."""
    st = pstats.Stats(prof).stats  # type: ignore[attr-defined]
    total = sum(v[2] for v in st.values()) or 1.0
    top = sorted(st.items(), key=lambda kv: kv[1][2], reverse=True)[:n]
    lines = [title + ":"]
    for (file, line, func), v in top:
        lines.append(
            f"  {v[2] / total:5.1%} own, {v[3] / total:6.1%} cumulative  "
            f"{Path(file).name}:{line}({func})"
        )
    for line in lines:
        say(line)
    return lines


# ====================================================================== part 2: gateway latency


@dataclass(frozen=True)
class Mode:
    name: str
    names: bool
    hosts: bool
    comments: str


MODES = (
    Mode("on: names, hosts, comments=business", True, True, "business"),
    Mode("on: comments=strip", True, True, "strip"),
    Mode("on: comments=keep", True, True, "keep"),
    Mode("off: placeholders, comments=keep", False, False, "keep"),
)
GATEWAY_DOMAIN = "corp.acme.com"
HOST_LINES = (
    'ACME_BILLING_URL = "https://billing.corp.acme.com/v2/invoices"',
    'LEDGER_DSN = "postgres://ledger-db-2.corp.acme.com:5432/acme_ledger"',
    'GLOBEX_CORP_SYNC = "https://sync.globex-corp.corp.acme.com/v1/accounts"',
    'KAFKA_BROKERS = ["kafka-1.corp.acme.com:9092", "kafka-2.corp.acme.com:9092"]',
    'AcmeReportExporter.endpoint = "https://reports.corp.acme.com/export"',
)


def _python_files(limit: int = 400) -> list[str]:
    """Real Python: standard-library modules of 5-60 KB, in a fixed order."""
    paths = sorted(p for p in STDLIB.glob("*.py") if 5_000 <= p.stat().st_size <= 60_000)
    Random(SEED).shuffle(paths)
    out = []
    for path in paths[:limit]:
        text = _readable(path.read_bytes())
        if text is not None:
            out.append(text)
    return out


def tool_result(files: list[str], run: int, target: int = 200_000) -> str:
    """About `target` characters of real Python as Claude Code's Read returns it, with hosts and
    business comments put between top-level definitions; different for every `run`."""
    rng = Random(run * 7919 + 1)
    world = corpus.World(rng)
    lines: list[str] = [f"# export job {run}"]
    size, i = 0, run * 5
    while size < target * 0.97:
        text = files[i % len(files)]
        i += 1
        for line in text.split("\n"):
            if line.startswith(("def ", "class ")) and rng.random() < 0.12:
                if rng.random() < 0.5:
                    lines.append("# " + world.business())
                else:
                    lines.append(rng.choice(HOST_LINES))
                lines.append("")
            lines.append(line)
            size += len(line) + 8
            if size >= target * 0.97:
                break
    return "\n".join(f"{n:>6}\u2192{line}" for n, line in enumerate(lines, 1))


def gateway_body(files: list[str], run: int) -> bytes:
    tool_id = f"toolu_{run:06d}"
    body = {
        "model": "claude-sonnet-4-5",
        "max_tokens": 8192,
        "system": f"You are Claude Code. Session {run}. Working directory: /home/dev/billing",
        "messages": [
            {"role": "user", "content": f"Why does the nightly export time out? (try {run})"},
            {
                "role": "assistant",
                "content": [
                    {"type": "text", "text": "Let me read the export module."},
                    {
                        "type": "tool_use",
                        "id": tool_id,
                        "name": "Read",
                        "input": {"file_path": f"/home/dev/billing/src/export_{run}.py"},
                    },
                ],
            },
            {
                "role": "user",
                "content": [
                    {
                        "type": "tool_result",
                        "tool_use_id": tool_id,
                        "content": tool_result(files, run),
                    }
                ],
            },
        ],
    }
    return json.dumps(body).encode()


def part_gateway(args: argparse.Namespace, python_terms: list[str]) -> dict[str, Any]:
    n_cold = 20 if args.quick else 30
    n_warm = 20 if args.quick else 30
    terms = ["Acme", "Globex Corp", *python_terms]
    files = _python_files()
    registry = load_registry()
    dest = Destination("messages", registry.get("anthropic"))
    base = _settings(terms, [GATEWAY_DOMAIN])
    engine = Engine(active_rules(base) + recall.RULES, recall=True)
    key = b"k" * 32
    pipes: dict[str, Pipeline] = {}
    vaults: dict[str, Vault] = {}
    for mode in MODES:
        s = _settings(
            terms, [GATEWAY_DOMAIN], names=mode.names, hosts=mode.hosts, comments=mode.comments
        )
        pipes[mode.name] = Pipeline(engine, PolicyStage(s))
        vaults[mode.name] = Vault(key, terms=terms, names=mode.names, hosts=mode.hosts)
    extract = anthropic_messages.extract
    bodies = [gateway_body(files, run) for run in range(n_cold + 2)]
    say(
        f"body: {len(bodies[0]):,} bytes, tool result {len(tool_result(files, 0)):,} characters; "
        f"terms {', '.join(terms)}; domain {GATEWAY_DOMAIN}"
    )
    # Warm-up on a body that is not measured.
    for mode in MODES:
        pipes[mode.name].prepare(bodies[-1], extract, VaultMap(vaults[mode.name], "w"), dest)
    what: dict[str, Any] = {}
    for mode in MODES:
        done = pipes[mode.name].prepare(bodies[-2], extract, VaultMap(vaults[mode.name], "x"), dest)
        what[mode.name] = {
            "applied": done.decision.applied.name.lower(),
            "disguised": dict(done.disguised),
            "masked": done.masked,
            "findings": sum(done.findings.values()),
        }
    cold: dict[str, list[float]] = {m.name: [] for m in MODES}
    warm: dict[str, list[float]] = {m.name: [] for m in MODES}
    clock = time.perf_counter
    gc.collect()
    gc.disable()
    try:
        for run in range(n_cold):
            order = MODES[run % len(MODES) :] + MODES[: run % len(MODES)]
            for mode in order:
                vmap = VaultMap(vaults[mode.name], f"cold-{run}")
                t0 = clock()
                pipes[mode.name].prepare(bodies[run], extract, vmap, dest)
                cold[mode.name].append(clock() - t0)
            gc.collect()
        resent = {m.name: VaultMap(vaults[m.name], "warm") for m in MODES}
        for mode in MODES:  # the first turn that carried it
            pipes[mode.name].prepare(bodies[0], extract, resent[mode.name], dest)
        for run in range(n_warm):
            order = MODES[run % len(MODES) :] + MODES[: run % len(MODES)]
            for mode in order:
                t0 = clock()
                pipes[mode.name].prepare(bodies[0], extract, resent[mode.name], dest)
                warm[mode.name].append(clock() - t0)
            gc.collect()
    finally:
        gc.enable()
    off = MODES[-1].name
    c_off, w_off = median(cold[off]) * 1000, median(warm[off]) * 1000
    say()
    say(f"{'mode':38} {'cold p50':>9} {'p90':>8} {'warm p50':>9} | added cold  warm | disguised")
    rows = []
    for mode in MODES:
        c = [x * 1000 for x in cold[mode.name]]
        w = [x * 1000 for x in warm[mode.name]]
        added_c, added_w = median(c) - c_off, median(w) - w_off
        d = what[mode.name]
        disguised = ", ".join(f"{k} {v}" for k, v in sorted(d["disguised"].items())) or "-"
        extra = "" if mode.name == off else f"{added_c:+10.2f} {added_w:+5.2f}"
        say(
            f"{mode.name:38} {median(c):7.2f}ms {pct(c, 90):6.2f}ms {median(w):7.2f}ms | "
            f"{extra:17} | {disguised}; {d['masked']} masked, {d['applied']}"
        )
        rows.append(
            {
                "mode": mode.name,
                "cold_ms": c,
                "warm_ms": w,
                "cold_p50": median(c),
                "warm_p50": median(w),
                "added_cold": added_c,
                "added_warm": added_w,
                **d,
            }
        )
    on = rows[0]
    met_c, met_w = on["added_cold"] < TARGET_ADDED_MS, on["added_warm"] < TARGET_ADDED_MS
    say(
        f"target: disguise (business) adds < {TARGET_ADDED_MS:.0f} ms: cold "
        f"{on['added_cold']:+.2f} ms {'met' if met_c else 'MISSED'}, warm (history resent) "
        f"{on['added_warm']:+.2f} ms {'met' if met_w else 'MISSED'} "
        f"({n_cold} cold runs, distinct bodies; {n_warm} warm)"
    )
    profile: list[str] = []
    if not (met_c and met_w):
        profile = _profile(pipes, vaults, bodies, dest, cold=not met_c)
    return {
        "rows": rows,
        "target_ms": TARGET_ADDED_MS,
        "met_cold": met_c,
        "met_warm": met_w,
        "profile": profile,
        "terms": terms,
    }


def _profile(
    pipes: dict[str, Pipeline],
    vaults: dict[str, Vault],
    bodies: list[bytes],
    dest: Destination,
    cold: bool,
) -> list[str]:
    """cProfile of `prepare` with disguise on and off over the same bodies: the functions whose
    own time differs most (what disguise adds)."""
    on, off = MODES[0].name, MODES[-1].name
    extract = anthropic_messages.extract
    stats_of = {}
    for name in (on, off):
        pipe = Pipeline(pipes[name].finder.engine, pipes[name].policy)  # nothing remembered
        prof = cProfile.Profile()
        runs = 6
        if not cold:
            vmap = VaultMap(vaults[name], "profile")
            pipe.prepare(bodies[0], extract, vmap, dest)
        prof.enable()
        for run in range(runs):
            vmap = VaultMap(vaults[name], f"profile-{run}") if cold else vmap
            pipe.prepare(bodies[run] if cold else bodies[0], extract, vmap, dest)
        prof.disable()
        st = pstats.Stats(prof)
        stats_of[name] = {
            f"{Path(k[0]).name}:{k[1]}({k[2]})": (v[2] / runs * 1000, v[3] / runs * 1000)
            for k, v in st.stats.items()  # type: ignore[attr-defined]
        }
    a, b = stats_of[on], stats_of[off]
    diff = sorted(a, key=lambda k: a[k][0] - b.get(k, (0.0, 0.0))[0], reverse=True)
    total = sum(v[0] for v in a.values()) - sum(v[0] for v in b.values())
    lines = [
        f"cProfile ({'cold' if cold else 'warm'}, ms per request; profiler overhead "
        f"included): disguise adds {total:.1f} ms of own time; most of it in:"
    ]
    for k in diff[:12]:
        lines.append(
            f"  {a[k][0] - b.get(k, (0.0, 0.0))[0]:7.2f} ms own, {a[k][1]:7.2f} ms cumulative  {k}"
        )
    for line in lines:
        say(line)
    return lines


# ====================================================================== part 3: leakage

IDENT_CFG = re.compile(r"[A-Za-z_][A-Za-z0-9_]*(?:-[A-Za-z0-9_]+)*")  # kebab-case is one
NEUTRAL_HOST = re.compile(r"service-\d+\.internal\.example")
BUSINESS_MARKS = tuple(max(re.split(r"«\w+»", t), key=len) for t in corpus.BUSINESS)


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for k, v in value.items():
            yield k
            yield from _strings(v)
    elif isinstance(value, list):
        for v in value:
            yield from _strings(v)


def _leak_body(doc: corpus.Doc, run: int) -> bytes:
    tool_id = f"toolu_leak_{run:04d}"
    path = doc.path or f"/tmp/tool-output-{run}.txt"
    body = {
        "model": "claude-sonnet-4-5",
        "max_tokens": 4096,
        "messages": [
            {"role": "user", "content": "Look at this and tell me what breaks."},
            {
                "role": "assistant",
                "content": [
                    {
                        "type": "tool_use",
                        "id": tool_id,
                        "name": "Bash",
                        "input": {"command": f"cat {path}", "description": "Show the file"},
                    },
                ],
            },
            {
                "role": "user",
                "content": [{"type": "tool_result", "tool_use_id": tool_id, "content": doc.text}],
            },
        ],
    }
    return json.dumps(body).encode()


def _tokens(text: str, hosts: re.Pattern[str]) -> list[str]:
    return IDENT_CFG.findall(hosts.sub(" HOSTMARK ", text))


def _pairs(original: str, disguised: str, terms: re.Pattern[str]) -> tuple[dict[str, str], int]:
    """Original identifiers holding a term -> the identifier that took their place (aligned
    token by token); and how many such identifiers could not be aligned."""
    a = _tokens(original, corpus.host_pattern())
    b = _tokens(disguised, NEUTRAL_HOST)
    out: dict[str, str] = {}
    unaligned = 0
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        if tag == "replace" and i2 - i1 == j2 - j1:
            for k in range(i2 - i1):
                if terms.search(a[i1 + k]):
                    out.setdefault(a[i1 + k], b[j1 + k])
            continue
        missed = [t for t in a[i1:i2] if terms.search(t)]
        unaligned += len(missed)
        if missed and os.environ.get("DISGUISE_BENCH_DEBUG"):
            print("unaligned:", a[i1:i2], "->", b[j1:j2])
    return out, unaligned


def _derived(name: str) -> str:
    """A new identifier a model would build from one it was given."""
    if "-" in name:
        return name + "-v2"
    if name.isupper():
        return name + "_FALLBACK"
    if "_" in name or name.islower():
        return name + "_v2"
    if name[:1].isupper():
        return name + "Factory"
    return name + "Async"


def _answer(names: list[str], path: str, lines: list[str], at: int, fence: str) -> str:
    """A model-like answer: prose, new code and a unified diff that reuse `names`."""
    n = names * 5
    prose = (
        f"The timeout comes from `{n[0]}`: it is built before the config of `{n[1]}` is read. "
        f"{n[2]} should take the region from {n[0]} instead, and `{_derived(n[1])}` can wrap "
        f"the retry.\n\n"
    )
    code = "\n".join(
        [f"```{fence}"]
        + [f"result_{i} = {x}({_derived(x)}, {n[i + 1]})" for i, x in enumerate(names[:4])]
        + ["```", ""]
    )
    ctx = lines[at : at + 3]
    diff = "\n".join(
        [f"```diff\n--- a/{path}\n+++ b/{path}", f"@@ -{at + 1},3 +{at + 1},4 @@"]
        + [" " + line for line in ctx[:1]]
        + [f"+    {_derived(n[0])} = {n[1]}.{n[2]}()  # was {n[0]}"]
        + [" " + line for line in ctx[1:]]
        + ["```", f"After this, {', '.join(names)} all read the same region."]
    )
    return prose + code + diff


def part_leakage(args: argparse.Namespace, work: Path) -> dict[str, Any]:
    per_kind = 4 if args.quick else 12
    docs = corpus.generate(SEED, per_kind)
    terms_re, hosts_re = corpus.term_pattern(), corpus.host_pattern()
    terms, domains = list(corpus.TERMS), list(corpus.DOMAINS)
    business = _settings(terms, domains)
    keep_s = _settings(terms, domains, comments="keep")
    engine = Engine(active_rules(business) + recall.RULES, recall=True)
    biz = _sanitizer(business, engine, work)
    keep = _sanitizer(keep_s, engine, work)
    say(
        f"{len(docs)} documents ({len(corpus.KINDS)} kinds x {per_kind}, seed {SEED}), "
        f"{sum(len(d.text) for d in docs):,} characters; terms {', '.join(terms)}; "
        f"domains {', '.join(domains)}"
    )

    def count(text: str) -> tuple[int, int, int]:
        return (
            len(terms_re.findall(text)),
            len(hosts_re.findall(text)),
            sum(text.count(m) for m in BUSINESS_MARKS),
        )

    by_kind: dict[str, Counter[str]] = {}
    examples: list[str] = []
    for doc in docs:
        k = by_kind.setdefault(doc.kind, Counter())
        t, h, b = count(doc.text + "\n" + doc.path)
        k.update(terms=t, hosts=h, biz=b)
        out = biz.sanitize(doc.text, doc.path or None).text
        out_path = biz.sanitize(doc.path).text if doc.path else ""
        t, h, b = count(out + "\n" + out_path)
        k.update(terms_left=t, hosts_left=h, biz_left=b)
        for m in terms_re.finditer(out + "\n" + out_path):
            if len(examples) < 6:
                whole = out + "\n" + out_path
                examples.append(f"{doc.kind}: ...{whole[max(0, m.start() - 30) : m.end() + 30]!r}")
        kept = keep.sanitize(doc.text, doc.path or None).text
        t, h, _ = count(kept)
        k.update(terms_left_keep=t, hosts_left_keep=h)
    # Through the gateway's pipeline, at a provider where Internal is pseudonymized.
    pipe = Pipeline(engine, PolicyStage(business))
    vault = Vault(b"l" * 32, terms=terms)
    dest = Destination("messages", load_registry().get("anthropic"))
    applied: Counter[str] = Counter()
    for run, doc in enumerate(docs):
        raw = _leak_body(doc, run)
        done = pipe.prepare(raw, anthropic_messages.extract, VaultMap(vault, "leak"), dest)
        applied[done.decision.applied.name.lower()] += 1
        before = "\n".join(_strings(json.loads(raw)))
        after = "\n".join(_strings(json.loads(done.body))) if done.body else ""
        t0, h0, _ = count(before)
        t1, h1, b1 = count(after)
        k = by_kind[doc.kind]
        k.update(gw_terms=t0, gw_hosts=h0, gw_terms_left=t1, gw_hosts_left=h1, gw_biz_left=b1)
    total: Counter[str] = Counter()
    for k in by_kind.values():
        total.update(k)

    # Restore after a model-like rewrite, and the byte round trip (comments kept).
    pairs_all: dict[str, str] = {}
    unaligned = exact_rt = answers_exact = answers = 0
    per_ident_ok: Counter[str] = Counter()
    per_ident_n: Counter[str] = Counter()
    failures: list[str] = []
    for doc in docs:
        disguised = keep.sanitize(doc.text, doc.path or None).text
        exact_rt += keep.restore(disguised) == doc.text
        pairs, missed = _pairs(doc.text, disguised, terms_re)
        unaligned += missed
        for o, n in pairs.items():
            if pairs_all.setdefault(o, n) != n:
                failures.append(f"{o} given two names: {pairs_all[o]} and {n}")
        if not pairs:
            continue
        names = list(pairs.values())[:6]
        originals = {n: o for o, n in pairs.items()}
        lines_d, lines_o = disguised.split("\n"), doc.text.split("\n")
        at = Random(len(doc.text)).randrange(0, max(1, len(lines_d) - 3))
        path_d = keep.sanitize(doc.path).text if doc.path else "tool-output.txt"
        answer = _answer(names, path_d, lines_d, at, doc.fence)
        expected = _answer(
            [originals[n] for n in names], doc.path or "tool-output.txt", lines_o, at, doc.fence
        )
        answers += 1
        got = keep.restore(answer)
        answers_exact += got == expected
        if got != expected and len(failures) < 8:
            diff = [
                x for x in difflib.ndiff(expected.split("\n"), got.split("\n")) if x[:1] in "+-"
            ][:2]
            failures.append(f"{doc.kind}: " + " | ".join(diff))
        for n, o in ((n, originals[n]) for n in names):
            for ctx in (
                "`{}` is where it fails.",
                "    x = {}.run()\n",
                "+    {} = load()",
                "{}",
            ):
                per_ident_n["reused"] += 1
                per_ident_ok["reused"] += keep.restore(ctx.format(n)) == ctx.format(o)
            per_ident_n["derived"] += 1
            per_ident_ok["derived"] += keep.restore(_derived(n)) == _derived(o)

    say()
    say(
        f"{'kind':17} {'terms':>5} {'left':>4} {'hosts':>5} {'left':>4} {'biz':>4} "
        f"{'left':>4} | keep: t/h left | gateway: terms left hosts left biz left"
    )
    for kind, k in by_kind.items():
        say(
            f"{kind:17} {k['terms']:5} {k['terms_left']:4} {k['hosts']:5} {k['hosts_left']:4} "
            f"{k['biz']:4} {k['biz_left']:4} | {k['terms_left_keep']:5} {k['hosts_left_keep']:4}"
            f"    | {k['gw_terms']:6} {k['gw_terms_left']:4} {k['gw_hosts']:6} "
            f"{k['gw_hosts_left']:4} {k['gw_biz_left']:6}"
        )

    def share(left: int, of: int) -> str:
        return f"{left}/{of} = {left / of:.2%}" if of else "-"

    say(
        f"left by sanitize (business): terms {share(total['terms_left'], total['terms'])}, "
        f"hosts {share(total['hosts_left'], total['hosts'])} (target 0); business comments "
        f"{share(total['biz_left'], total['biz'])}"
    )
    say(
        f"left by sanitize (keep): terms {share(total['terms_left_keep'], total['terms'])}, "
        f"hosts {share(total['hosts_left_keep'], total['hosts'])}"
    )
    say(
        f"left by Pipeline.prepare at anthropic (decisions: "
        f"{', '.join(f'{k} {v}' for k, v in applied.items())}): terms "
        f"{share(total['gw_terms_left'], total['gw_terms'])}, hosts "
        f"{share(total['gw_hosts_left'], total['gw_hosts'])}, business comments "
        f"{total['gw_biz_left']}"
    )
    for e in examples:
        say(f"  left: {e}")
    n_ok, n_all = per_ident_ok["reused"], per_ident_n["reused"]
    say(
        f"renamed identifiers: {len(pairs_all)} distinct ({unaligned} term-bearing identifiers "
        f"not aligned); restored exactly after a model-like rewrite: {n_ok}/{n_all} uses = "
        f"{n_ok / max(n_all, 1):.2%} (target 100%); new identifiers built on them "
        f"({_derived('Org1BillingClient')}, org1_billing_v2): {per_ident_ok['derived']}/"
        f"{per_ident_n['derived']}; whole answers (prose, code, diff) exact: "
        f"{answers_exact}/{answers}"
    )
    say(f"byte round trip sanitize -> restore (comments=keep): {exact_rt}/{len(docs)} files exact")
    for f in failures[:8]:
        say(f"  mismatch: {f}")
    return {
        "docs": len(docs),
        "by_kind": {k: dict(v) for k, v in by_kind.items()},
        "total": dict(total),
        "gateway_decisions": dict(applied),
        "identifiers_renamed": len(pairs_all),
        "unaligned": unaligned,
        "restored_reused": [n_ok, n_all],
        "restored_derived": [per_ident_ok["derived"], per_ident_n["derived"]],
        "answers_exact": [answers_exact, answers],
        "round_trip_exact": [exact_rt, len(docs)],
        "examples": examples,
        "failures": failures,
    }


# ====================================================================== part 4: same program

PROGRAM = "toolz"
PROGRAM_VERSION = "1.2.0"
PROGRAM_TERMS = ["toolz", "curry", "compose", "merge"]


def _fetch_sdist(where: Path) -> Path | None:
    where.mkdir(parents=True, exist_ok=True)
    sdist = where / f"{PROGRAM}-{PROGRAM_VERSION}.tar.gz"
    if not sdist.exists():
        proc = subprocess.run(
            [
                sys.executable,
                "-m",
                "pip",
                "download",
                "--quiet",
                "--no-deps",
                "--no-binary",
                ":all:",
                f"{PROGRAM}=={PROGRAM_VERSION}",
                "-d",
                str(where),
            ],
            capture_output=True,
            text=True,
            timeout=300,
        )
        if proc.returncode != 0 or not sdist.exists():
            say(f"could not download {PROGRAM} {PROGRAM_VERSION}: {proc.stderr.strip()[-200:]}")
            return None
    return sdist


def _pytest(tree: Path) -> dict[str, Any]:
    env = {**os.environ, "PYTHONPATH": str(tree), "PYTHONDONTWRITEBYTECODE": "1"}
    t0 = time.perf_counter()
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            "--rootdir",
            str(tree),
            "--confcutdir",
            str(tree),
        ],
        cwd=tree,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    seconds = time.perf_counter() - t0
    tail = proc.stdout.strip().splitlines()[-1] if proc.stdout.strip() else proc.stderr[-300:]
    got = {k: int(n) for n, k in re.findall(r"(\d+) (passed|failed|skipped|error|errors)", tail)}
    failed = re.findall(r"^FAILED (\S+)", proc.stdout, re.MULTILINE)
    return {
        "rc": proc.returncode,
        "summary": tail,
        "seconds": seconds,
        "failed": failed[:10],
        **got,
    }


def _names(tree: Path, terms: re.Pattern[str]) -> tuple[set[str], int]:
    """Distinct Python identifiers holding a term, and the number of .py files."""
    found: set[str] = set()
    files = 0
    for path in tree.rglob("*.py"):
        files += 1
        with path.open("rb") as fh:
            try:
                for tok in tokenize.tokenize(fh.readline):
                    if tok.type == tokenize.NAME and terms.search(tok.string):
                        found.add(tok.string)
            except (tokenize.TokenError, SyntaxError):
                continue
    return found, files


def _sanitize_tree(src: Path, out: Path, config: Path, xdg: Path) -> tuple[float, str]:
    """`veil sanitize --out` (or TextSanitizer file by file, if the command is missing)."""
    env = {**os.environ, "XDG_DATA_HOME": str(xdg / "data"), "XDG_CONFIG_HOME": str(xdg / "config")}
    t0 = time.perf_counter()
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "veil",
            "sanitize",
            "-q",
            "-c",
            str(config),
            "--out",
            str(out),
            str(src),
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    seconds = time.perf_counter() - t0
    if proc.returncode == 0:
        return seconds, "veil sanitize --out"
    if "No such" not in proc.stderr and "no such" not in proc.stderr:
        raise RuntimeError(f"veil sanitize failed: {proc.stderr.strip()[-300:]}")
    from veil.config import load_settings

    sanitizer = TextSanitizer(load_settings(config), vault_dir=xdg, key_dir=xdg)
    t0 = time.perf_counter()
    for path in sorted(p for p in src.rglob("*") if p.is_file()):
        rel = path.relative_to(src).as_posix()
        try:
            text = path.read_text("utf-8")
        except UnicodeDecodeError:
            continue
        dest = out / sanitizer.sanitize(rel).text
        dest.parent.mkdir(parents=True, exist_ok=True)
        dest.write_text(sanitizer.sanitize(text, str(path)).text, "utf-8")
    return time.perf_counter() - t0, "TextSanitizer per file (veil sanitize --out missing)"


def part_program(args: argparse.Namespace) -> dict[str, Any]:
    where = OUT / "disguise-program"
    sdist = _fetch_sdist(where)
    if sdist is None:
        return {"ran": False}
    original = where / "original"
    shutil.rmtree(original, ignore_errors=True)
    with tarfile.open(sdist) as tar:
        tar.extractall(where / "extract", filter="data")
    shutil.rmtree(original, ignore_errors=True)
    (where / "extract" / f"{PROGRAM}-{PROGRAM_VERSION}").rename(original)
    shutil.rmtree(where / "extract", ignore_errors=True)
    terms_re = re.compile("|".join(map(re.escape, PROGRAM_TERMS)), re.IGNORECASE)
    idents, py_files = _names(original, terms_re)
    all_files = [p for p in original.rglob("*") if p.is_file()]
    say(
        f"{PROGRAM} {PROGRAM_VERSION} (sdist, tests included): {len(all_files)} files, "
        f"{py_files} Python; terms {', '.join(PROGRAM_TERMS)}; {len(idents)} distinct "
        f"identifiers hold one ({', '.join(sorted(idents, key=len)[:6])}, ...)"
    )
    base = _pytest(original)
    say(f"  original:            {base['summary']}  ({base['seconds']:.1f} s)")
    results = {"original": base}
    for mode in ("keep", "business"):
        out = where / f"disguised-{mode}"
        xdg = where / f"xdg-{mode}"
        shutil.rmtree(out, ignore_errors=True)
        shutil.rmtree(xdg, ignore_errors=True)
        xdg.mkdir(parents=True)
        config = where / f"veil-{mode}.toml"
        config.write_text(
            f'[org]\nterms = {json.dumps(PROGRAM_TERMS)}\n\n[disguise]\ncomments = "{mode}"\n'
        )
        # A first run on one file: the Hyperscan database for these terms built and cached,
        # as on a machine where veil has run before.
        _sanitize_tree(original / "toolz" / "utils.py", where / "warm-up", config, xdg)
        shutil.rmtree(where / "warm-up", ignore_errors=True)
        seconds, how = _sanitize_tree(original, out, config, xdg)
        left, _ = _names(out, terms_re)
        text_left = 0
        for p in out.rglob("*"):
            if p.is_file():
                with contextlib.suppress(UnicodeDecodeError):
                    text_left += len(terms_re.findall(p.read_text("utf-8")))
            text_left += len(terms_re.findall(p.name))
        got = _pytest(out)
        same = got.get("passed") == base.get("passed") and not got.get("failed")
        say(
            f"  disguised ({mode:8}): {got['summary']}  ({got['seconds']:.1f} s) -> "
            f"{'same result' if same else 'DIFFERENT'}; sanitized by {how} in {seconds:.1f} s; "
            f"term-bearing identifiers left {len(left)}, term uses left in text and names "
            f"{text_left}"
        )
        if got["failed"]:
            say(f"    failed: {', '.join(got['failed'][:5])}")
        results[mode] = {
            **got,
            "same": same,
            "sanitize_s": seconds,
            "how": how,
            "identifiers_left": sorted(left),
            "term_uses_left": text_left,
        }
    return {
        "ran": True,
        "program": f"{PROGRAM} {PROGRAM_VERSION}",
        "terms": PROGRAM_TERMS,
        "identifiers": len(idents),
        "files": len(all_files),
        "py_files": py_files,
        "results": results,
    }


# ====================================================================== main


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="smaller samples, fewer runs")
    parser.add_argument("--parts", default="1,2,3,4", help="which parts to run (1-4)")
    parser.add_argument(
        "--git-repos",
        default="/work/.mirror/*/repo",
        help="glob of bare git repositories to take Go/Java/Rust/C#/Ruby/PHP from",
    )
    parser.add_argument(
        "--skip-repos",
        default=SKIP_REPOS,
        help="comma-separated parts of repository paths not to take files from",
    )
    parser.add_argument("--json", type=Path, default=OUT / "disguise.json")
    args = parser.parse_args(argv)
    parts = {int(p) for p in args.parts.split(",") if p.strip()}
    OUT.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="disguise-bench-"))
    report: dict[str, Any] = {"quick": args.quick}
    started = time.perf_counter()
    try:
        python_terms = ["Request", "Parser"]
        if 1 in parts:
            say("== 1. throughput per language: TextSanitizer.sanitize(text, path), real files")
            report["throughput"] = part_throughput(args, work)
            python_terms = report["throughput"]["terms"][:2] or python_terms
        if 2 in parts:
            say()
            say(
                "== 2. what disguise adds to a 200 KB request: Pipeline.prepare, Anthropic "
                "Messages, 200 KB tool result of real Python"
            )
            report["gateway"] = part_gateway(args, python_terms)
        if 3 in parts:
            say()
            say("== 3. leakage and restore: generated company code (bench/disguise_corpus.py)")
            report["leakage"] = part_leakage(args, work)
        if 4 in parts:
            say()
            say("== 4. the same program: a real package disguised whole, its tests on both trees")
            report["program"] = part_program(args)
        say()
        say("Utility with a model: not measured — no capable code model runs here.")
        say(f"total {time.perf_counter() - started:.0f} s")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    report["report"] = LOG
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(report, indent=1, default=str))
    return 0


if __name__ == "__main__":
    sys.exit(main())
