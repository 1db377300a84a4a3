"""Every doctor test runs with a home of its own (the real one is never read or written), and
real git repositories in temporary folders, with git's own config kept out of reach."""

from __future__ import annotations

import subprocess
from pathlib import Path

import platformdirs
import pytest

REAL_CACHE = platformdirs.user_cache_dir()  # compiled rule databases are reused, not rebuilt


def git(root: Path, *args: str) -> str:
    done = subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, check=True)
    return done.stdout


@pytest.fixture(autouse=True)
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A home of the test's own, its config folder inside it, no Ollama looked for."""
    folder = tmp_path / "home"
    folder.mkdir()
    monkeypatch.setenv("HOME", str(folder))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(folder / ".config"))
    monkeypatch.setenv("XDG_CACHE_HOME", REAL_CACHE)
    monkeypatch.setenv("VEIL_OLLAMA_URL", "")
    return folder


@pytest.fixture
def isolated_git(home: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A home with an empty global git config, so the user's excludes file is never read."""
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    return home


@pytest.fixture
def repo(tmp_path: Path, isolated_git: Path) -> Path:
    root = tmp_path / "repo"
    root.mkdir()
    git(root, "init", "-q")
    git(root, "config", "user.name", "Test")
    git(root, "config", "user.email", "test@example.com")
    (root / "README.md").write_text("hello\n")
    git(root, "add", "README.md")
    return root.resolve()
