"""`veil doctor` as a user runs it: a real process, with its home, config and PATH of its own."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
from pathlib import Path

import platformdirs
import pytest

from tests.e2e.conftest import start, veil_args
from veil import __version__

REAL_CACHE = platformdirs.user_cache_dir()  # compiled rule databases are reused, not rebuilt


def _env(tmp_path: Path, **extra: str) -> dict[str, str]:
    home = tmp_path / "home"
    home.mkdir(exist_ok=True)
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir(exist_ok=True)
    git = shutil.which("git")
    assert git is not None
    return {
        "HOME": str(home),
        "XDG_CONFIG_HOME": str(home / ".config"),
        "XDG_CACHE_HOME": REAL_CACHE,
        "XDG_DATA_HOME": os.environ["XDG_DATA_HOME"],
        "GIT_CONFIG_NOSYSTEM": "1",
        "VEIL_OLLAMA_URL": "",  # look for no model server on this machine
        "PATH": os.pathsep.join([str(bin_dir), os.path.dirname(git)]),
        **extra,
    }


def doctor(
    cwd: Path, env: dict[str, str], *args: str, stdin: str | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "veil", "doctor", *args],
        cwd=cwd,
        env=env,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = tmp_path / "project"
    root.mkdir()
    subprocess.run(["git", "init", "-q"], cwd=root, check=True)
    (root / "app.py").write_text("print('hi')\n")
    return root


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_a_bare_repository_is_red_and_the_self_test_passes(project: Path, tmp_path: Path) -> None:
    port = _free_port()  # no veil listens there
    (project / "veil.toml").write_text(f"[gateway]\nport = {port}\n")
    env = _env(tmp_path)
    done = doctor(project, env, "--format", "json")
    assert done.returncode == 1, done.stderr
    report = json.loads(done.stdout)
    assert report["ok"] is False and report["repo"] == str(project.resolve())
    by_id = {c["id"]: c for c in report["checks"]}
    assert by_id["repo.gitignore"]["status"] == "red"
    assert by_id["gateway.up"]["status"] == "yellow"
    assert by_id["gateway.up"]["detail"] == f"veil is not running at http://127.0.0.1:{port}"
    selftest = [c for c in report["checks"] if c["group"] == "selftest"]
    assert len(selftest) == 9 and all(c["status"] == "green" for c in selftest)
    assert done.stderr == ""  # no spinner when piped
    assert not (Path(env["HOME"]) / ".config" / "veil").exists()  # no vault key made


def test_a_config_folder_that_is_a_file_does_not_stop_the_self_test(
    project: Path, tmp_path: Path
) -> None:
    env = _env(tmp_path)
    config = Path(env["XDG_CONFIG_HOME"])
    config.mkdir(parents=True)
    (config / "veil").write_text("not a folder\n")
    done = doctor(project, env, "--format", "json")
    assert done.returncode == 1, done.stderr
    selftest = [c for c in json.loads(done.stdout)["checks"] if c["group"] == "selftest"]
    assert selftest and all(c["status"] == "green" for c in selftest)


@pytest.mark.parametrize("where", ["missing", "plain"])
def test_a_repo_option_that_names_no_repository_is_one_line_and_exit_2(
    tmp_path: Path, where: str
) -> None:
    folder = tmp_path / where
    if where == "plain":
        folder.mkdir()
    done = doctor(tmp_path, _env(tmp_path), "--repo", str(folder), "--no-selftest")
    assert done.returncode == 2
    assert done.stderr.startswith(f"veil: error: --repo {folder}: ")
    assert done.stderr.count("\n") == 1 and done.stdout == ""


def test_fix_shows_then_applies_and_a_second_run_has_nothing_to_do(
    project: Path, tmp_path: Path
) -> None:
    env = _env(tmp_path)
    done = doctor(project, env, "--fix", "--yes", "--no-selftest")
    assert "veil doctor --fix would:" in done.stderr
    assert "appended" in done.stderr and "wrote .git/hooks/pre-commit" in done.stderr
    assert done.returncode == 0, done.stdout
    assert "[ok]   .gitignore covers secret files" in done.stdout
    assert "# added by veil doctor" in (project / ".gitignore").read_text()
    again = doctor(project, env, "--fix", "--yes", "--no-selftest")
    assert "nothing to fix automatically" in again.stderr
    assert (project / ".gitignore").read_text().count("# added by veil doctor") == 1


def test_fix_without_a_terminal_or_yes_changes_nothing(project: Path, tmp_path: Path) -> None:
    done = doctor(project, _env(tmp_path), "--fix", "--no-selftest", stdin="y\n")
    assert "not a terminal: nothing changed" in done.stderr
    assert not (project / ".gitignore").exists()
    assert done.returncode == 1


def test_outside_a_repository_the_repository_checks_are_skipped(tmp_path: Path) -> None:
    outside = tmp_path / "plain"
    outside.mkdir()
    done = doctor(outside, _env(tmp_path), "--no-selftest")
    assert done.returncode == 0, done.stdout
    assert "[skip] .gitignore covers secret files: not inside a git repository" in done.stdout
    assert done.stdout.isascii()


def test_a_running_gateway_and_a_routed_client_are_green(project: Path, tmp_path: Path) -> None:
    env = _env(tmp_path)
    stub = tmp_path / "bin" / "claude"
    stub.write_text("#!/bin/sh\nexit 0\n")
    stub.chmod(0o755)
    log = tmp_path / "veil.log"
    service = start(veil_args(), log, {"XDG_CONFIG_HOME": str(tmp_path / "serve-config")})
    try:
        port = service.url.rsplit(":", 1)[1]
        (project / "veil.toml").write_text(f"[gateway]\nport = {port}\n")
        env["ANTHROPIC_BASE_URL"] = service.url
        done = doctor(project, env, "--no-selftest", "-f", "json")
    finally:
        service.stop()
    by_id = {c["id"]: c for c in json.loads(done.stdout)["checks"]}
    assert by_id["gateway.up"]["status"] == "green"
    assert by_id["tool.claude.routed"]["status"] == "green"
    assert by_id["tool.claude.routed"]["detail"] == (
        f"ANTHROPIC_BASE_URL in this shell: veil {__version__} at {service.url}"
    )
    assert by_id["tool.codex.routed"]["status"] == "skip"


def test_a_bad_config_is_one_line_and_exit_2(project: Path, tmp_path: Path) -> None:
    (project / "veil.toml").write_text("[gateway]\nport = 'x'\n")
    done = doctor(project, _env(tmp_path), "--no-selftest")
    assert done.returncode == 2
    assert done.stderr.startswith("veil: error: ") and done.stderr.count("\n") == 1


def test_help_has_examples(tmp_path: Path) -> None:
    done = doctor(tmp_path, _env(tmp_path), "--help")
    assert done.returncode == 0
    assert "Examples" in done.stdout and "veil doctor --fix --yes" in done.stdout
