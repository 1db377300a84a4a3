"""`veil scan`: files, directories, the staged change, a diff, history or stdin.

Only what the command line needs is imported here; the scanner, its rules and the reports are
imported when the command runs.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from veil.cli.errors import fail, usage_errors
from veil.cli.progress import progress

if TYPE_CHECKING:
    from veil.audit.event import AuditEvent
    from veil.detect.base import Rule
    from veil.scan.runner import Reported, Scanner
    from veil.scan.sources import Source
    from veil.types import Category

DEFAULT_BASELINE = ".veil-baseline"
PROGRESS_MIN_FILES = 300
CATEGORIES = ("secret", "pii", "org", "file")


class Format(StrEnum):
    text = "text"
    json = "json"
    sarif = "sarif"


def scan(
    paths: list[str] = typer.Argument(None, help="Files or directories to scan; - for stdin."),
    staged: bool = typer.Option(False, "--staged", help="Scan what `git commit` would commit."),
    diff: str | None = typer.Option(
        None, "--diff", metavar="REV", help="Scan lines added since REV."
    ),
    history: bool = typer.Option(False, "--history", help="Scan every commit reachable from HEAD."),
    only: list[str] = typer.Option(
        None,
        "--only",
        metavar="CATEGORY",
        help="Only these categories: secret, pii, org, file (repeat, or separate by commas).",
    ),
    fmt: Format = typer.Option(Format.text, "--format", "-f", help="Report format."),
    config: Path | None = typer.Option(None, "--config", "-c", help="veil.toml to use."),
    baseline: Path | None = typer.Option(
        None,
        "--baseline",
        help=f"Skip findings listed here (default: {DEFAULT_BASELINE} if present).",
    ),
    no_baseline: bool = typer.Option(False, "--no-baseline", help="Ignore any baseline file."),
    write_baseline: Path | None = typer.Option(
        None, "--write-baseline", help="Write the current findings to this baseline and exit 0."
    ),
    max_size: int | None = typer.Option(None, "--max-size", help="Skip files larger (bytes)."),
    jobs: int | None = typer.Option(None, "--jobs", "-j", min=1, help="Worker processes."),
    output: Path | None = typer.Option(None, "--output", "-o", help="Write the report here."),
    audit: bool = typer.Option(
        False, "--audit", help="Write the run to the audit log ([audit] url); in CI."
    ),
) -> None:
    """Scan for secrets, personal data and forbidden files. Exit 1 on findings, 0 when clean.

    Examples:

    ```
    veil scan .
    veil scan --staged
    veil scan --history --format sarif -o veil.sarif
    ```
    """
    modes = [bool(paths), staged, diff is not None, history]
    if sum(modes) > 1:
        fail("give paths, --staged, --diff or --history, not several")
    if baseline is not None and no_baseline:
        fail("--baseline and --no-baseline exclude each other; give one of them")
    wanted = _categories(only or [])
    with usage_errors():
        from veil.config import active_rules, load_settings
        from veil.detect.engine import Engine
        from veil.scan import baseline as baselines
        from veil.scan import git
        from veil.scan.runner import Scanner
        from veil.scan.sources import Source
        from veil.types import Category

        settings = load_settings(config)
        categories = frozenset(Category(c) for c in (wanted or settings.scan.only))
        rules = _rules_in(active_rules(settings), categories)
        scanner = Scanner(Engine(rules), categories=categories or None)
        cwd = Path.cwd()
        if staged:
            items, count = _scan_sources(scanner, git.staged(cwd))
        elif diff is not None:
            items, count = _scan_sources(scanner, git.diff(diff, cwd))
        elif history:
            items, count = _scan_sources(scanner, _read_history(git.history(cwd)))
        elif paths == ["-"]:
            text = sys.stdin.buffer.read().decode("utf-8", "replace")
            items, count = scanner.scan_source(Source("-", text)), 1
        else:
            from veil.scan.walk import iter_files

            roots = [Path(p) for p in (paths or ["."])]
            if "-" in (paths or []):
                fail("- (stdin) cannot be mixed with paths; scan standard input alone")
            missing = [str(p) for p in roots if not p.exists()]
            if missing:
                fail(f"no such file or directory: {', '.join(missing)}; check the path")
            limit = max_size or settings.scan.max_file_size
            tasks = list(iter_files(roots, exclude=settings.scan.exclude, max_size=limit))
            items, count = _scan_files(scanner, tasks, jobs), len(tasks)
        items.sort(key=lambda r: (r.commit or "", r.path, r.line, r.column, r.finding.rule_id))
        if write_baseline is not None:
            _write(write_baseline, baselines.dump(r.key for r in items), "--write-baseline")
            typer.echo(f"veil: wrote {len(items)} entries to {write_baseline}", err=True)
            raise typer.Exit(0)
        known = _baseline(baseline, no_baseline)
        if known:
            items = [r for r in items if r.key not in known]
    _emit(items, fmt, rules, count, output, categories)
    if audit:
        from veil.cli.audit import record_now

        # The mode only: a ref or branch name can name a customer (`diff main..globex-deal`).
        git_mode = "staged" if staged else "diff" if diff is not None else ""
        git_mode = "history" if history else git_mode
        record_now([_event(items, count, git_mode)], None, config)
    raise typer.Exit(1 if items else 0)


def _event(items: list[Reported], count: int, git_mode: str) -> AuditEvent:
    """The audit event of one run: counts by kind, category and rule, and the commits that hold
    findings (never a path's text or a value)."""
    from collections import Counter

    from veil.audit.event import AuditEvent
    from veil.detect.org import recordable_rule_id

    kinds = Counter(r.finding.kind for r in items)
    categories = Counter(r.finding.category.value for r in items)
    data = {
        "kinds": dict(kinds),
        "kind_categories": {r.finding.kind: r.finding.category.value for r in items},
        "categories": dict(categories),
        "rules": dict(Counter(recordable_rule_id(r.finding.rule_id) for r in items)),
        "scanned": count,
        "findings": len(items),
        "git": git_mode,
        "commits": sorted({r.commit for r in items if r.commit}),
    }
    tier = "Restricted" if categories.keys() & {"secret", "pii", "file"} else ""
    tier = tier or ("Internal" if items else "Public")
    return AuditEvent("scan", tier=tier, status=1 if items else 0, data=data)


def _categories(values: list[str]) -> list[str]:
    """`--only secret --only pii,org` -> the categories named; a clear error for a wrong one."""
    wanted = []
    for value in values:
        for name in value.split(","):
            name = name.strip().lower()
            if not name:
                continue
            if name not in CATEGORIES:
                import difflib

                close = difflib.get_close_matches(name, CATEGORIES, n=1)
                hint = f" (did you mean {close[0]!r}?)" if close else ""
                fail(f"--only {name!r}: not a category{hint}; valid: {', '.join(CATEGORIES)}")
            wanted.append(name)
    if values and not wanted:
        fail(f"--only needs a category: {', '.join(CATEGORIES)}")
    return wanted


def _rules_in(rules: tuple[Rule, ...], categories: frozenset[Category]) -> tuple[Rule, ...]:
    """The rules of these categories (all when none is named); an error if that leaves none."""
    if not categories:
        return rules
    kept = tuple(r for r in rules if r.category in categories)
    if not kept and "file" not in categories:
        names = ", ".join(sorted(categories))
        fix = "configure [org] terms" if "org" in categories else "see veil rules list"
        fail(f"no active rule reports {names}; {fix}")
    return kept


def _baseline(path: Path | None, disabled: bool) -> frozenset[tuple[str, str, str]]:
    from veil.scan.baseline import load

    if disabled:
        return frozenset()
    if path is None:
        default = Path(DEFAULT_BASELINE)
        return load(default) if default.is_file() else frozenset()
    return load(path)


def _read_history(sources: Iterator[Source]) -> list[Source]:
    """Every source of the history, counted on a terminal while git and the parsing run."""
    out = []
    with progress("reading git history", None) as advance:
        for source in sources:
            out.append(source)
            advance(1)
    return out


def _scan_sources(scanner: Scanner, sources: list[Source]) -> tuple[list[Reported], int]:
    found: list[Reported] = []
    with progress("scanning", len(sources), minimum=PROGRESS_MIN_FILES) as advance:
        for source in sources:
            found += scanner.scan_source(source)
            advance(1)
    return found, len(sources)


def _scan_files(scanner: Scanner, tasks: list[tuple[str, str]], jobs: int | None) -> list[Reported]:
    with progress("scanning", len(tasks), minimum=PROGRESS_MIN_FILES) as advance:
        return scanner.scan_files(tasks, jobs=jobs, progress=advance)


def _emit(
    items: list[Reported],
    fmt: Format,
    rules: tuple[Rule, ...],
    count: int,
    output: Path | None,
    only: frozenset[Category],
) -> None:
    from veil.scan.report import as_json, as_sarif, print_text, wants_color

    if fmt is Format.text:
        if output is None:
            print_text(items, sys.stdout, scanned=count, color=wants_color(sys.stdout), only=only)
            return
        import io

        report = io.StringIO()
        print_text(items, report, scanned=count, only=only)
        _write(output, report.getvalue(), "--output")
        return
    text = as_json(items) if fmt is Format.json else as_sarif(items, rules)
    if output is None:
        sys.stdout.write(text)
    else:
        _write(output, text, "--output")


def _write(path: Path, text: str, option: str) -> None:
    """Write a report or a baseline; a path that cannot be written is a usage error."""
    try:
        path.write_text(text, encoding="utf-8")
    except OSError as exc:
        why = exc.strerror or type(exc).__name__
        fail(f"{option} {path}: cannot write ({why}); choose a writable path")
