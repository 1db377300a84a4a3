from __future__ import annotations

import os
from pathlib import Path

from veil.config import Settings
from veil.doctor.fixes import MARK, append_ignores, ignore_lines, plan_fixes
from veil.doctor.repo import repo_checks
from veil.doctor.report import Check, Report, Status


def _report(repo: Path) -> Report:
    return Report("1", "h", str(repo), repo_checks(repo, Settings()))


def test_the_fixes_are_planned_with_what_they_change(repo: Path) -> None:
    fixes = plan_fixes(_report(repo), repo)
    assert [f.check for f in fixes] == ["repo.gitignore", "repo.hook"]
    assert fixes[0].description.startswith(f"append to {repo / '.gitignore'}: .env .env.*")
    assert not (repo / ".gitignore").exists()  # planning changes nothing


def test_applying_the_fixes_turns_the_checks_green_and_is_idempotent(repo: Path) -> None:
    (repo / ".gitignore").write_text("node_modules/")  # no final newline
    report = _report(repo)
    for fix in plan_fixes(report, repo):
        fix.apply()
        report.replace([fix.recheck()])
    by_id = {c.id: c for c in report.checks}
    assert by_id["repo.gitignore"].status is Status.GREEN
    assert by_id["repo.hook"].status is Status.GREEN
    hook = repo / ".git" / "hooks" / "pre-commit"
    assert os.access(hook, os.X_OK) and "veil scan" in hook.read_text()
    text = (repo / ".gitignore").read_text()
    assert text.startswith(f"node_modules/\n\n{MARK}\n.env\n")
    assert plan_fixes(report, repo) == []
    assert append_ignores(repo) == ".gitignore already covers every sample"
    assert (repo / ".gitignore").read_text() == text


def test_lines_already_present_are_not_added_twice(repo: Path) -> None:
    (repo / ".gitignore").write_text("/.env\n*.pem\n")
    lines = ignore_lines(repo)
    assert ".env" in lines and "*.pem" not in lines


def test_tracked_secrets_are_never_fixed(repo: Path) -> None:
    tracked = Check("repo.tracked_secrets", "t", Status.RED, "1 tracked", "git rm --cached")
    assert plan_fixes(Report("1", "h", str(repo), [tracked]), repo) == []


def test_outside_a_repository_there_is_nothing_to_fix() -> None:
    failing = Check("repo.gitignore", "g", Status.RED, fixable=True)
    assert plan_fixes(Report("1", "h", None, [failing]), None) == []
