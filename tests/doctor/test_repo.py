from __future__ import annotations

from pathlib import Path

from tests.doctor.conftest import git
from veil.config import Settings
from veil.doctor.repo import IGNORED, find_repo, repo_checks, tracked_secrets
from veil.doctor.report import Status

ALL_LINES = "\n".join(line for entry in IGNORED for line in entry.lines) + "\n"


def _by_id(root: Path | None, settings: Settings | None = None) -> dict[str, object]:
    return {c.id: c for c in repo_checks(root, settings or Settings())}


def test_outside_a_repository_every_check_is_skipped(tmp_path: Path, isolated_git: Path) -> None:
    assert find_repo(tmp_path) is None
    checks = repo_checks(None, Settings())
    assert [c.id for c in checks] == ["repo.gitignore", "repo.tracked_secrets", "repo.hook"]
    assert all(c.status is Status.SKIP for c in checks)


def test_find_repo_gives_the_root_from_a_subfolder(repo: Path) -> None:
    (repo / "src").mkdir()
    assert find_repo(repo / "src") == repo


def test_no_gitignore_is_red_and_names_the_lines(repo: Path) -> None:
    check = repo_checks(repo, Settings())[0]
    assert check.status is Status.RED
    assert "not ignored: .env, .env.*, *.pem, *.key, credentials.json" in check.detail
    assert check.fixable and check.fix is not None and "*.pem" in check.fix


def test_a_full_gitignore_is_green(repo: Path) -> None:
    (repo / ".gitignore").write_text(ALL_LINES)
    assert repo_checks(repo, Settings())[0].status is Status.GREEN


def test_only_the_less_common_missing_is_yellow(repo: Path) -> None:
    (repo / ".gitignore").write_text(".env\n.env.*\n*.pem\n*.key\ncredentials.json\n")
    check = repo_checks(repo, Settings())[0]
    assert check.status is Status.YELLOW
    assert "*.p12" in check.detail and ".env," not in check.detail


def test_a_root_only_pattern_misses_nested_files(repo: Path) -> None:
    (repo / ".gitignore").write_text(ALL_LINES.replace(".env\n", "/.env\n", 1))
    check = repo_checks(repo, Settings())[0]
    assert check.status is Status.RED
    assert "not ignored: .env" in check.detail


def test_a_negation_is_not_coverage(repo: Path) -> None:
    (repo / ".gitignore").write_text(ALL_LINES + "!server.key\n")
    assert "*.key" in repo_checks(repo, Settings())[0].detail


def test_ignored_only_by_this_machines_excludes_is_yellow(repo: Path) -> None:
    (repo / ".git" / "info").mkdir(exist_ok=True)
    (repo / ".git" / "info" / "exclude").write_text(ALL_LINES)
    check = repo_checks(repo, Settings())[0]
    assert check.status is Status.YELLOW
    assert check.detail.startswith("ignored only on this machine: .env")


def test_a_tracked_env_file_is_red_with_the_way_out(repo: Path) -> None:
    (repo / "config").mkdir()
    (repo / "config" / ".env").write_text("A=1\n")
    (repo / ".env.example").write_text("A=\n")
    git(repo, "add", "-f", "config/.env", ".env.example")
    check = repo_checks(repo, Settings())[1]
    assert check.status is Status.RED
    assert check.detail == "1 tracked: config/.env"
    assert check.fix is not None and check.fix.startswith("git rm --cached -- config/.env")
    assert not check.fixable


def test_policy_files_allow_takes_a_fixture_out(repo: Path) -> None:
    (repo / "server.pem").write_text("fixture\n")
    git(repo, "add", "-f", "server.pem")
    assert tracked_secrets(repo, Settings()) == ["server.pem"]
    allowed = Settings.model_validate({"policy": {"files": {"allow": ["server.pem"]}}})
    assert tracked_secrets(repo, allowed) == []
    extra = Settings.model_validate({"policy": {"files": {"deny": ["README.md"]}}})
    assert tracked_secrets(repo, extra) == ["README.md", "server.pem"]


def test_many_tracked_files_are_counted(repo: Path) -> None:
    for n in range(7):
        (repo / f"k{n}.key").write_text("x\n")
    git(repo, "add", "-f", ".")
    check = repo_checks(repo, Settings())[1]
    assert check.detail.startswith("7 tracked: ") and check.detail.endswith(" and 2 more")


def test_hook_missing_is_yellow_and_fixable(repo: Path) -> None:
    check = repo_checks(repo, Settings())[2]
    assert check.status is Status.YELLOW
    assert check.fixable and check.fix is not None and "pre-commit" in check.fix


def test_a_foreign_binary_hook_is_yellow_with_no_automatic_fix(repo: Path) -> None:
    hook = repo / ".git" / "hooks" / "pre-commit"
    hook.parent.mkdir(exist_ok=True)
    hook.write_bytes(b"\x7fELF\x00binary")
    check = repo_checks(repo, Settings())[2]
    assert check.status is Status.YELLOW
    assert not check.fixable
