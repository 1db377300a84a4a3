"""What `veil doctor` found: checks with a status and a fix, as text or as JSON.

The JSON is a stable schema for collecting reports across a fleet:

    {"schema": 1, "veil": "0.1.0", "host": "laptop-7", "repo": "/src/app" | null,
     "checks": [{"id": "repo.gitignore", "group": "repo", "title": "...", "status": "red",
                 "detail": "...", "fix": "..." | null, "fixable": true}],
     "summary": {"green": 9, "yellow": 2, "red": 1, "skip": 0}, "ok": false}

`id` is stable and scriptable (`tool.claude.routed`, `repo.tracked_secrets`, `selftest.chat`);
`status` is green, yellow, red or skip; `ok` is false when any check is red. No value that could
be a secret is ever part of a check.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum

from rich.console import Console
from rich.markup import escape

SCHEMA = 1


class Status(StrEnum):
    """How a check came out. Red fails the run; yellow is advice; skip did not apply."""

    GREEN = "green"
    YELLOW = "yellow"
    RED = "red"
    SKIP = "skip"


# Sections in the order they are printed, by the first part of a check's id.
GROUPS = {
    "tool": "AI tools",
    "repo": "Repository",
    "gateway": "Gateway",
    "selftest": "Self-test (a masked round trip through every route)",
}
_PLAIN = {
    Status.GREEN: "[ok]  ",
    Status.YELLOW: "[warn]",
    Status.RED: "[FAIL]",
    Status.SKIP: "[skip]",
}
_RICH = {
    Status.GREEN: "[green]✔[/]",
    Status.YELLOW: "[yellow]![/]",
    Status.RED: "[bold red]✘[/]",
    Status.SKIP: "[dim]-[/]",
}


@dataclass(frozen=True, slots=True)
class Check:
    """One finding: a stable id, a title, how it came out, one line of detail, and the fix."""

    id: str
    title: str
    status: Status
    detail: str = ""
    fix: str | None = None  # one line: a command to run or an edit to make
    fixable: bool = False  # `veil doctor --fix` can apply the fix safely

    @property
    def group(self) -> str:
        return self.id.split(".", 1)[0]

    def as_json(self) -> dict[str, object]:
        return {
            "id": self.id,
            "group": self.group,
            "title": self.title,
            "status": self.status.value,
            "detail": self.detail,
            "fix": self.fix,
            "fixable": self.fixable,
        }


@dataclass(slots=True)
class Report:
    """Every check of one run, and where it ran."""

    veil: str
    host: str
    repo: str | None
    checks: list[Check] = field(default_factory=list)

    @property
    def summary(self) -> dict[str, int]:
        return {s.value: sum(c.status is s for c in self.checks) for s in Status}

    @property
    def ok(self) -> bool:
        """Whether nothing is red (yellow is advice and does not fail a run)."""
        return not any(c.status is Status.RED for c in self.checks)

    def replace(self, checks: Iterable[Check]) -> None:
        """Put re-run checks in the place of those with the same ids."""
        fresh = {c.id: c for c in checks}
        self.checks = [fresh.pop(c.id, c) for c in self.checks] + list(fresh.values())

    def as_json(self) -> str:
        return json.dumps(
            {
                "schema": SCHEMA,
                "veil": self.veil,
                "host": self.host,
                "repo": self.repo,
                "checks": [c.as_json() for c in self.checks],
                "summary": self.summary,
                "ok": self.ok,
            },
            indent=2,
        )


def summary_line(report: Report) -> str:
    counts = report.summary
    verdict = "all clear" if report.ok else "something needs fixing"
    parts = ", ".join(f"{counts[s.value]} {s.value}" for s in Status)
    return f"{verdict}: {parts}"


def render(report: Report, console: Console) -> None:
    """The report grouped by section: coloured on a terminal, plain ASCII when piped."""
    rich = console.is_terminal
    for group, heading in GROUPS.items():
        checks = [c for c in report.checks if c.group == group]
        if not checks:
            continue
        console.print(f"[bold]{heading}[/]" if rich else heading, highlight=False, soft_wrap=True)
        for check in checks:
            _line(console, check, rich)
        console.print()
    verdict = summary_line(report)
    style = "green" if report.ok else "bold red"
    console.print(f"[{style}]{verdict}[/]" if rich else verdict, highlight=False, soft_wrap=True)


def _line(console: Console, check: Check, rich: bool) -> None:
    detail = f": {check.detail}" if check.detail else ""
    if rich:
        text = f"  {_RICH[check.status]} {escape(check.title)}[dim]{escape(detail)}[/]"
        console.print(text, highlight=False)
    else:
        plain = f"  {_PLAIN[check.status]} {check.title}{detail}"
        console.print(plain, highlight=False, markup=False, soft_wrap=True)
    if check.fix and check.status in (Status.RED, Status.YELLOW):
        fix = f"      fix: {check.fix}" + (" (veil doctor --fix)" if check.fixable else "")
        if rich:
            console.print(f"[cyan]{escape(fix)}[/]", highlight=False)
        else:
            console.print(fix, highlight=False, markup=False, soft_wrap=True)
