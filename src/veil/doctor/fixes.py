"""The safe fixes `veil doctor --fix` applies after showing them: appending the missing
patterns to `.gitignore` and installing veil's pre-commit hook. Tracked secrets and the tools'
own config files are never changed."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from veil.doctor.repo import gitignore_check, hook_check, missing_ignores
from veil.doctor.report import Check, Report
from veil.setup.hooks import install_hook, plan_hook

MARK = "# added by veil doctor"


@dataclass(frozen=True, slots=True)
class Fix:
    """One change: the check it mends, what it will do (shown first), and doing it."""

    check: str
    description: str
    apply: Callable[[], str]
    recheck: Callable[[], Check]


def plan_fixes(report: Report, root: Path | None) -> list[Fix]:
    """The fixes for the report's fixable, failing checks."""
    if root is None:
        return []
    failing = {c.id for c in report.checks if c.fixable and c.status.value in ("red", "yellow")}
    fixes = []
    if "repo.gitignore" in failing:
        lines = ignore_lines(root)
        if lines:
            fixes.append(
                Fix(
                    "repo.gitignore",
                    f"append to {root / '.gitignore'}: {' '.join(lines)}",
                    lambda: append_ignores(root),
                    lambda: gitignore_check(root),
                )
            )
    if "repo.hook" in failing:
        plan = plan_hook(root)
        if plan is not None:
            fixes.append(
                Fix("repo.hook", plan, lambda: install_hook(root), lambda: hook_check(root))
            )
    return fixes


def ignore_lines(root: Path) -> list[str]:
    """The lines `.gitignore` lacks, less those it already holds word for word."""
    missing, local = missing_ignores(root)
    present = set(_read(root / ".gitignore").splitlines())
    wanted = [line for entry in missing + local for line in entry.lines]
    return [line for line in dict.fromkeys(wanted) if line not in present]


def append_ignores(root: Path) -> str:
    """Append the missing lines under a comment saying who added them; one line on what."""
    lines = ignore_lines(root)
    if not lines:
        return ".gitignore already covers every sample"
    path = root / ".gitignore"
    text = _read(path)
    head = "\n" if text and not text.endswith("\n") else ""
    with path.open("a", encoding="utf-8") as out:
        out.write(head + ("\n" if text else "") + MARK + "\n" + "\n".join(lines) + "\n")
    return f"appended {len(lines)} lines to .gitignore"


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return ""
