"""Git sources against real repositories made in a temporary directory."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from tests.factories import aws_key_id
from veil.errors import UsageError
from veil.scan import git


def _git(repo: Path, *args: str) -> str:
    env_args = [
        "-c",
        "user.email=t@example.invalid",
        "-c",
        "user.name=t",
        "-c",
        "commit.gpgsign=false",
    ]
    out = subprocess.run(["git", *env_args, *args], cwd=repo, check=True, capture_output=True)
    return out.stdout.decode()


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    _git(tmp_path, "init", "-q", "-b", "main")
    (tmp_path / "app.py").write_text("a = 1\nb = 2\nc = 3\n")
    _git(tmp_path, "add", "-A")
    _git(tmp_path, "commit", "-qm", "first")
    return tmp_path


def test_staged_holds_only_added_lines_with_their_real_line_numbers(repo: Path) -> None:
    (repo / "app.py").write_text(f"a = 1\nkey = '{aws_key_id()}'\nb = 2\nc = 3\n")
    _git(repo, "add", "app.py")
    sources = git.staged(repo)
    assert [(s.path, s.text, s.line_numbers) for s in sources] == [
        ("app.py", f"key = '{aws_key_id()}'", (2,))
    ]


def test_unstaged_changes_are_not_in_staged(repo: Path) -> None:
    (repo / "app.py").write_text("changed\n")
    assert git.staged(repo) == []


def test_diff_against_revision_sees_work_tree_additions(repo: Path) -> None:
    (repo / "new file.txt").write_text("x\ny\n")
    _git(repo, "add", "-A")
    sources = git.diff("HEAD", repo)
    assert [(s.path, s.line_numbers) for s in sources] == [("new file.txt", (1, 2))]


def test_history_reports_each_commit_and_path(repo: Path) -> None:
    (repo / "conf.ini").write_text(f"k={aws_key_id('h')}\n")
    _git(repo, "add", "-A")
    _git(repo, "commit", "-qm", "second")
    sha = _git(repo, "rev-parse", "HEAD").strip()
    (repo / "conf.ini").unlink()
    _git(repo, "commit", "-qam", "third")
    sources = list(git.history(repo))
    found = [(s.commit, s.path) for s in sources if aws_key_id("h") in s.text]
    assert found == [(sha, "conf.ini")]


def test_outside_a_repository_is_a_usage_error(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="not inside a git work tree"):
        git.staged(tmp_path)


def test_bad_revision_is_a_usage_error(repo: Path) -> None:
    with pytest.raises(UsageError, match="git diff failed"):
        git.diff("no-such-rev", repo)


def test_patch_parser_maps_hunks_and_quoted_paths() -> None:
    patch = (
        b'diff --git "a/caf\\303\\251.txt" "b/caf\\303\\251.txt"\n'
        b'+++ "b/caf\\303\\251.txt"\n'
        b"@@ -1,0 +10,2 @@\n+one\n+two\n@@ -5 +20 @@\n-old\n+three\n"
    )
    (src,) = git.parse_patch(patch)
    assert (src.path, src.text, src.line_numbers) == ("café.txt", "one\ntwo\nthree", (10, 11, 20))
