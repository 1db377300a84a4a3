from __future__ import annotations

import os
from pathlib import Path

from veil.config import Settings
from veil.doctor.fixes import MARK, append_ignores, ignore_lines, plan_fixes
from veil.doctor.repo import gitignore_check, repo_checks
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


def test_a_pattern_negated_later_is_appended_again_and_then_wins(repo: Path) -> None:
    (repo / ".gitignore").write_text(".env\n!.env\n")
    assert gitignore_check(repo).status is Status.RED
    assert ".env" in ignore_lines(repo)
    assert append_ignores(repo).startswith("appended")
    assert "not ignored: .env" not in gitignore_check(repo).detail
    assert ".env" not in ignore_lines(repo)


def test_a_negation_in_a_deeper_ignore_file_is_not_offered_as_appendable(repo: Path) -> None:
    (repo / ".gitignore").write_text("*.pem\n*.key\ncredentials.json\n.env.*\n!.env.example\n")
    (repo / "a").mkdir()
    (repo / "a" / ".gitignore").write_text("!.env\n")
    check = gitignore_check(repo)
    assert check.status is Status.RED and "not ignored: .env" in check.detail
    assert "remove the negation a/.gitignore:1:!.env" in (check.fix or "")
    assert ".env" not in ignore_lines(repo)


def test_a_symlinked_gitignore_is_never_written_through(repo: Path) -> None:
    target = repo / "shared-ignore"
    target.write_text("node_modules/\n")
    (repo / ".gitignore").symlink_to(target)
    check = gitignore_check(repo)
    assert "symbolic link, which git does not read" in check.detail
    assert check.fix is not None and check.fix.startswith("replace the link .gitignore")
    assert not check.fixable
    assert ignore_lines(repo) == []
    assert "nothing written" in append_ignores(repo)
    assert target.read_text() == "node_modules/\n"
    assert [f.check for f in plan_fixes(Report("1", "h", str(repo), [check]), repo)] == []


def test_a_crlf_gitignore_keeps_its_line_ending(repo: Path) -> None:
    (repo / ".gitignore").write_bytes(b"node_modules/\r\n*.log\r\n")
    append_ignores(repo)
    data = (repo / ".gitignore").read_bytes()
    assert data.startswith(b"node_modules/\r\n*.log\r\n\r\n")
    assert data.count(b"\n") == data.count(b"\r\n")
    assert gitignore_check(repo).status is Status.GREEN
