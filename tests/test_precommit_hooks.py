"""The pre-commit hook blocks a commit that stages a secret and lets a clean one through."""

from __future__ import annotations

import shlex
import subprocess
import sys
from pathlib import Path

import yaml

from tests.factories import aws_pair_config

HOOKS = {
    h["id"]: h
    for h in yaml.safe_load((Path(__file__).parents[1] / ".pre-commit-hooks.yaml").read_text())
}


def _run_hook(hook_id: str, repo: Path, files: list[str]) -> int:
    hook = HOOKS[hook_id]
    argv = shlex.split(hook["entry"])
    assert argv[0] == "veil"
    args = argv[1:] + ([] if hook.get("pass_filenames") is False else files)
    return subprocess.run(
        [sys.executable, "-m", "veil", *args], cwd=repo, capture_output=True
    ).returncode


def test_staged_hook_blocks_a_secret_and_passes_a_clean_change(tmp_path: Path) -> None:
    subprocess.run(["git", "init", "-q"], cwd=tmp_path, check=True)
    (tmp_path / "ok.py").write_text("print('hi')\n")
    subprocess.run(["git", "add", "ok.py"], cwd=tmp_path, check=True)
    assert _run_hook("veil", tmp_path, ["ok.py"]) == 0
    (tmp_path / "conf.ini").write_text(aws_pair_config())
    subprocess.run(["git", "add", "conf.ini"], cwd=tmp_path, check=True)
    assert _run_hook("veil", tmp_path, ["ok.py", "conf.ini"]) == 1


def test_files_hook_scans_the_files_it_is_given(tmp_path: Path) -> None:
    (tmp_path / "ok.py").write_text("print('hi')\n")
    (tmp_path / "conf.ini").write_text(aws_pair_config())
    assert _run_hook("veil-files", tmp_path, ["ok.py"]) == 0
    assert _run_hook("veil-files", tmp_path, ["ok.py", "conf.ini"]) == 1
