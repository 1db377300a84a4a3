from __future__ import annotations

from pathlib import Path

from tests.doctor.conftest import git
from veil.doctor.checkup import Options, examine
from veil.doctor.report import Status


def test_a_run_holds_every_group_in_order(repo: Path, isolated_git: Path) -> None:
    steps: list[str] = []
    env = {"HOME": str(isolated_git), "PATH": ""}
    report = examine(Options(repo=repo, selftest=False, env=env), steps.append)
    groups = [c.group for c in report.checks]
    assert groups == sorted(groups, key=["tool", "repo", "gateway", "selftest"].index)
    assert report.repo == str(repo)
    assert steps == ["AI tools", "repository"]
    assert report.checks[-1].id == "selftest.all" and report.checks[-1].status is Status.SKIP


def test_the_repositorys_veil_toml_is_read(repo: Path, isolated_git: Path) -> None:
    (repo / "server.pem").write_text("fixture\n")
    git(repo, "add", "-f", "server.pem")
    env = {"HOME": str(isolated_git), "PATH": ""}
    options = Options(repo=repo, selftest=False, env=env)
    by_id = {c.id: c for c in examine(options).checks}
    assert by_id["repo.tracked_secrets"].status is Status.RED
    (repo / "veil.toml").write_text('[policy.files]\nallow = ["server.pem"]\n')
    by_id = {c.id: c for c in examine(options).checks}
    assert by_id["repo.tracked_secrets"].status is Status.GREEN
