"""The safe fixes `veil doctor --fix` applies after showing them: appending the missing
patterns to `.gitignore` and installing veil's pre-commit hook. Tracked secrets and the tools'
own config files are never changed."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from veil.doctor.repo import coverage, gitignore_check, hook_check
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
    """The lines to append to `.gitignore`: those of the entries appending covers, less lines
    it holds already with no negation after them (after one, the line again wins: in an
    ignore file the last pattern that matches decides)."""
    present = _read(root / ".gitignore").splitlines()
    wanted = [line for entry in coverage(root).appendable for line in entry.lines]
    return [line for line in dict.fromkeys(wanted) if not _holds(present, line)]


def _holds(present: list[str], line: str) -> bool:
    """Whether `line` is in the file with no negation (`!...`) after its last occurrence."""
    if line not in present:
        return False
    last = len(present) - 1 - present[::-1].index(line)
    return not any(p.startswith("!") for p in present[last + 1 :])


def append_ignores(root: Path) -> str:
    """Append the missing lines under a comment saying who added them, in the file's own line
    ending; never through a symbolic link (git does not read one). One line on what was done."""
    path = root / ".gitignore"
    if path.is_symlink():
        return ".gitignore is a symbolic link (git does not read it): nothing written"
    lines = ignore_lines(root)
    if not lines:
        return ".gitignore already covers every sample"
    text = _read(path)
    end = "\r\n" if "\r\n" in text else "\n"
    head = end if text and not text.endswith("\n") else ""
    with path.open("a", encoding="utf-8", newline="") as out:
        out.write(head + (end if text else "") + end.join([MARK, *lines]) + end)
    return f"appended {len(lines)} lines to .gitignore"


def _read(path: Path) -> str:
    """A file's text with its line endings as they are ("" when there is none)."""
    try:
        with path.open(encoding="utf-8", newline="") as text:
            return text.read()
    except FileNotFoundError:
        return ""
