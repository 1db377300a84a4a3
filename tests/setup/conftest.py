"""Real git repositories in temporary directories, with no global or system git config, and a
home of their own (the cache of compiled rules stays the user's: compiling it again is slow)."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import platformdirs
import pytest


def git(
    repo: Path, *args: str, check: bool = True, path: str | None = None
) -> subprocess.CompletedProcess[str]:
    """Run git in `repo` as a test user (no signing), capturing its output; `path` replaces PATH
    (for the hooks git runs)."""
    ident = [
        "-c",
        "user.email=t@example.invalid",
        "-c",
        "user.name=t",
        "-c",
        "commit.gpgsign=false",
    ]
    env = {**os.environ, "PATH": path} if path is not None else None
    return subprocess.run(
        ["git", *ident, *args], cwd=repo, check=check, capture_output=True, text=True, env=env
    )


@pytest.fixture(autouse=True)
def _isolated_git(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("XDG_CACHE_HOME", platformdirs.user_cache_dir())
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(home / "gitconfig"))


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """An empty git repository on branch main."""
    path = tmp_path / "repo"
    path.mkdir()
    git(path, "init", "-q", "-b", "main")
    return path
