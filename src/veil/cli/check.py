"""`veil check`: what the policy would do with files or a prompt, at each provider."""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from veil.cli.errors import fail, usage_errors
from veil.cli.providers import ACTION_STYLES

if TYPE_CHECKING:
    from veil.audit.event import AuditEvent
    from veil.pipeline.check import CheckResult
    from veil.pipeline.review import AddedComment, Reviewed

# Larger inputs are refused: a prompt or a source file, not a data dump.
MAX_INPUT_BYTES = 32 * 1024 * 1024


class Format(StrEnum):
    text = "text"
    json = "json"


def check(
    inputs: list[str] = typer.Argument(None, help="Files to check; - (or nothing) for stdin."),
    provider: str | None = typer.Option(
        None,
        "--provider",
        "-p",
        metavar="NAME",
        help="Only this provider (a registry id or an upstream's name); every one by default.",
    ),
    fmt: Format = typer.Option(Format.text, "--format", "-f", help="Report format."),
    config: Path | None = typer.Option(None, "--config", "-c", help="veil.toml to use."),
    audit: bool = typer.Option(
        False, "--audit", help="Write an event per input to the audit log ([audit] url)."
    ),
    diff: str | None = typer.Option(
        None,
        "--diff",
        metavar="REV",
        help="Check the lines added since git revision REV (the work tree, or a range A..B),"
        " file by file, listing the comments that read as business context.",
    ),
) -> None:
    """Print the tier, the reasons and the decision per provider and per upstream. Exit 1
    when it would be blocked at an upstream (or at the --provider asked about).

    Examples:

    ```
    veil check notes.md
    git diff | veil check --provider openai -
    veil check --diff main --format json
    ```
    """
    if diff is not None and inputs:
        fail("--diff checks the changed files of a repository: give no files with it")
    reviewed: list[Reviewed] = []
    with usage_errors():
        from veil.config import active_rules, load_settings
        from veil.detect import recall
        from veil.detect.engine import Engine
        from veil.gateway.upstream import destinations
        from veil.pipeline.check import check as check_text
        from veil.pipeline.decide import PolicyStage
        from veil.pipeline.request import Pipeline
        from veil.policy.registry import load_registry

        settings = load_settings(config)
        registry = load_registry(settings.providers)
        every, ours = destinations(settings, registry)
        asked, theirs = every, ours
        if provider is not None:  # a registry id, an upstream's name, or both (`anthropic`)
            asked = [d for d in every if d.provider.id == provider]
            theirs = [u for u in ours if u[0] == provider]
            if not asked and not theirs:
                known = ", ".join(dict.fromkeys([*registry.providers, *(n for n, _ in ours)]))
                fail(f"--provider {provider!r}: no such provider or upstream (known: {known})")
        engine = Engine(active_rules(settings) + recall.RULES, recall=True)
        pipeline = Pipeline(engine, PolicyStage(settings))
        if diff is not None:
            from veil.pipeline.review import changes, review, top_level
            from veil.scan.git import require_repo

            require_repo(Path.cwd())
            root = top_level(Path.cwd())
            reviewed = [
                review(pipeline, source, asked, theirs, root=root) for source in changes(root, diff)
            ]
            results = [r.result for r in reviewed]
        else:
            results = [
                check_text(pipeline, name, text, asked, theirs, path=path)
                for name, text, path in _inputs(inputs or ["-"])
            ]
    if audit:
        from veil.cli.audit import record_now

        record_now([_event(r) for r in results], None, config)
    if fmt is Format.json:
        entries = [r.to_dict() for r in reviewed or results]
        typer.echo(json.dumps(entries, indent=2))
    elif diff is not None and not reviewed:
        typer.echo(f"no lines added since {diff}")
    else:
        for i, result in enumerate(results):
            _print(result, reviewed[i].comments if reviewed else ())
    raise typer.Exit(1 if any(r.blocked for r in results) else 0)


def _event(result: CheckResult) -> AuditEvent:
    """The audit event of one check: its tier, reasons and the decision where it would go."""
    from veil.audit.event import AuditEvent

    kinds = {r.detail: r.count for r in result.reasons if r.source == "finding"}
    where = result.upstreams or result.verdicts
    decisions = {v.name: v.decision.action.key for v in where}
    strictest = max(where, key=lambda v: v.decision.action.value, default=None)
    return AuditEvent(
        "check",
        tier=result.tier.label,
        decision=strictest.decision.action.key if strictest else "",
        applied=strictest.decision.applied.key if strictest else "",
        status=1 if result.blocked else 0,
        data={
            "kinds": kinds,
            "reasons": [f"{r.source}:{r.detail}" for r in result.reasons],
            "decisions": decisions,
        },
    )


def _inputs(names: list[str]) -> list[tuple[str, str, str | None]]:
    """(name, text, path) for each input; a missing or binary file is a usage error."""
    out: list[tuple[str, str, str | None]] = []
    for name in names:
        if name == "-":
            text = sys.stdin.read(MAX_INPUT_BYTES + 1)
            if len(text) > MAX_INPUT_BYTES:
                fail(f"stdin: larger than {MAX_INPUT_BYTES} characters; check files instead")
            out.append(("<stdin>", text, None))
            continue
        path = Path(name)
        try:
            if path.stat().st_size > MAX_INPUT_BYTES:
                fail(
                    f"{name}: larger than {MAX_INPUT_BYTES} bytes; check a prompt or a source file"
                )
            data = path.read_bytes()
        except OSError as exc:
            why = exc.strerror or type(exc).__name__
            fail(f"{name}: cannot read ({why}); give a file that exists, or - for stdin")
        if b"\x00" in data[:8192]:
            fail(f"{name}: a binary file; veil check reads text")
        out.append((name, data.decode("utf-8", "replace"), str(path.resolve())))
    return out


def _print(result: CheckResult, comments: Sequence[AddedComment] = ()) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console(highlight=False, soft_wrap=True)
    console.print(f"[bold]{result.name}[/bold]: {result.tier.label}")
    if result.reasons:
        console.print("  reasons: " + ", ".join(str(r) for r in result.reasons))
    for title, verdicts in (("providers", result.verdicts), ("your upstreams", result.upstreams)):
        if not verdicts:
            continue
        console.print(f"  {title}:")
        table = Table(box=None, show_header=False, pad_edge=False, padding=(0, 2, 0, 0))
        for verdict in verdicts:
            d = verdict.to_dict()
            action = d["decision"]
            label = "    " + verdict.name
            if verdict.name != verdict.provider.id:
                label += f" ({verdict.provider.id})"
            why = d["key"] + (f" ({d['note']})" if "note" in d else "")
            table.add_row(label, f"[{ACTION_STYLES[action]}]{action}[/]", why)
        console.print(table)
    for c in comments:
        cues = ", ".join(c.cues)
        console.print(
            f"  {c.path}:{c.line}: business context (cues: {cues})  {c.excerpt}", markup=False
        )
