"""`veil init` as a real process: without a terminal it asks nothing; under a real terminal
(tmux) the answers given to its prompts are what veil.toml and the hook end up holding."""

from __future__ import annotations

import os
import shlex
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.setup.conftest import _isolated_git, git  # noqa: F401 (an autouse fixture)
from veil.cli.init import PRESETS as CLI_PRESETS
from veil.config import load_settings
from veil.policy.presets import PRESETS
from veil.setup.hooks import hook_state

TMUX = "/usr/bin/tmux"


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A repository with an owner, a package name and an internal host to suggest."""
    path = tmp_path / "repo"
    path.mkdir()
    git(path, "init", "-q", "-b", "main")
    git(path, "remote", "add", "origin", "git@github.com:acme-corp/billing.git")
    (path / "pyproject.toml").write_text('[project]\nname = "acme-billing"\n')
    (path / "config.yaml").write_text("db: db.billing.corp.acme.example\nci: github.com\n")
    return path


def veil(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """`python -m veil ARGS` with no terminal: stdin is empty, output is captured."""
    return subprocess.run(
        [sys.executable, "-m", "veil", *args],
        cwd=cwd,
        input="",
        capture_output=True,
        text=True,
        timeout=120,  # a prompt waiting for input would hang here; this turns it into a failure
    )


def test_the_cli_offers_exactly_the_policy_presets() -> None:
    assert set(CLI_PRESETS) == set(PRESETS)


def test_preset_asks_nothing_writes_suggestions_commented_out_and_adds_the_hook(
    repo: Path,
) -> None:
    res = veil("init", "--preset", "enterprise", cwd=repo)
    assert res.returncode == 0, res.stderr
    assert res.stderr == ""
    settings = load_settings(repo / "veil.toml")
    assert settings.policy.preset == "enterprise"
    assert (settings.org.terms, settings.org.domains) == ([], [])
    text = (repo / "veil.toml").read_text()
    assert '# "acme corp",  # owner in git remote origin (github.com/acme-corp)' in text
    assert '# "corp.acme.example",  # config.yaml:1 (db.billing.corp.acme.example)' in text
    assert hook_state(repo).installed
    assert (
        "wrote veil.toml (preset enterprise, 0 term(s), 0 domain(s), 3 suggestion(s)" in res.stdout
    )
    assert "hook: wrote .git/hooks/pre-commit" in res.stdout
    assert "veil doctor" in res.stdout and "veil run -- claude" in res.stdout
    assert "\x1b[" not in res.stdout  # plain when piped


def test_without_a_terminal_it_uses_the_default_preset_and_says_so(repo: Path) -> None:
    res = veil("init", cwd=repo)
    assert res.returncode == 0, res.stderr
    assert res.stderr == (
        "veil: no terminal to ask on: using --preset startup; suggestions are written"
        " commented out\n"
    )
    assert load_settings(repo / "veil.toml").policy.preset == "startup"


def test_yes_keeps_every_suggestion(repo: Path) -> None:
    res = veil("init", "--yes", cwd=repo)
    assert res.returncode == 0, res.stderr
    settings = load_settings(repo / "veil.toml")
    assert settings.org.terms == ["acme corp", "acme billing"]
    assert settings.org.domains == ["corp.acme.example"]


def test_yes_leaves_a_name_that_may_be_a_person_commented_out(repo: Path) -> None:
    git(repo, "config", "user.name", "Acme Corp")
    res = veil("init", "--yes", cwd=repo)
    assert res.returncode == 0, res.stderr
    assert load_settings(repo / "veil.toml").org.terms == ["acme billing"]
    text = (repo / "veil.toml").read_text()
    assert '# "acme corp",  # owner in git remote origin (github.com/acme-corp) (a person?)' in text


def test_an_existing_veil_toml_is_kept_unless_forced(repo: Path) -> None:
    (repo / "veil.toml").write_text('[policy]\npreset = "personal"\n')
    res = veil("init", "--preset", "regulated", cwd=repo)
    assert res.returncode == 2
    assert res.stderr == (
        "veil: error: veil.toml already exists; edit it, or pass --force to write a new one"
        " over it\n"
    )
    assert load_settings(repo / "veil.toml").policy.preset == "personal"
    assert not hook_state(repo).installed
    res = veil("init", "--preset", "regulated", "--force", cwd=repo)
    assert res.returncode == 0, res.stderr
    assert load_settings(repo / "veil.toml").policy.preset == "regulated"


def test_outside_git_the_hook_is_an_error_unless_skipped(tmp_path: Path) -> None:
    res = veil("init", "--preset", "personal", cwd=tmp_path)
    assert res.returncode == 2
    assert res.stderr.startswith("veil: error: ")
    assert res.stderr.endswith(
        "is not inside a git work tree; run `git init` there first (or pass --no-hook)\n"
    )
    assert not (tmp_path / "veil.toml").exists()
    res = veil("init", "--preset", "personal", "--no-hook", cwd=tmp_path)
    assert res.returncode == 0, res.stderr
    assert "hook: not added (--no-hook)" in res.stdout
    assert load_settings(tmp_path / "veil.toml").policy.preset == "personal"


def test_an_existing_hook_it_cannot_extend_stops_before_anything_is_written(repo: Path) -> None:
    hook = repo / ".git" / "hooks" / "pre-commit"
    hook.write_text("#!/usr/bin/env python3\nprint('own checks')\n")
    res = veil("init", "--preset", "startup", cwd=repo)
    assert res.returncode == 2
    assert "is not a shell script" in res.stderr and "(or pass --no-hook)" in res.stderr
    assert len(res.stderr.splitlines()) == 1
    assert not (repo / "veil.toml").exists()


def test_a_directory_argument_and_bad_values_are_checked(repo: Path, tmp_path: Path) -> None:
    sub = repo / "services" / "billing"
    sub.mkdir(parents=True)
    res = veil("init", "--preset", "startup", "services/billing", cwd=repo)
    assert res.returncode == 0, res.stderr
    assert (sub / "veil.toml").is_file()
    assert hook_state(repo).installed
    res = veil("init", "--preset", "strict", cwd=repo)
    assert (res.returncode, res.stderr) == (
        2,
        "veil: error: unknown preset 'strict'; choose one of personal, startup, enterprise,"
        " regulated\n",
    )
    res = veil("init", str(tmp_path / "missing"), cwd=repo)
    assert res.returncode == 2 and "is not a directory" in res.stderr


def test_a_pre_commit_framework_repository_gets_the_hook_in_its_config(repo: Path) -> None:
    config = repo / ".pre-commit-config.yaml"
    config.write_text("# ours\nrepos:\n  - repo: https://github.com/psf/black\n    rev: 24.1.0\n")
    res = veil("init", "--preset", "startup", cwd=repo)
    assert res.returncode == 0, res.stderr
    assert "hook: added veil's hook to .pre-commit-config.yaml; run `pre-commit install`" in (
        res.stdout
    )
    assert config.read_text().startswith("# ours\nrepos:\n  - repo: https://github.com/psf/black")
    assert "entry: veil scan --staged" in config.read_text()


FLOW_CONFIG = "repos: [{repo: https://github.com/psf/black, rev: 24.1.0, hooks: [{id: black}]}]\n"


def test_a_pre_commit_config_it_cannot_edit_stops_before_anything_is_written(repo: Path) -> None:
    config = repo / ".pre-commit-config.yaml"
    config.write_text(FLOW_CONFIG)
    res = veil("init", "--preset", "personal", cwd=repo)
    assert res.returncode == 2
    assert res.stderr.startswith("veil: error: .pre-commit-config.yaml writes `repos:` on one")
    assert res.stderr.endswith("(or pass --no-hook)\n") and len(res.stderr.splitlines()) == 1
    assert not (repo / "veil.toml").exists()
    res = veil("init", "--preset", "personal", "--no-hook", cwd=repo)
    assert res.returncode == 0, res.stderr
    assert config.read_text() == FLOW_CONFIG


def test_a_pre_commit_config_with_a_byte_order_mark_gets_the_hook(repo: Path) -> None:
    config = repo / ".pre-commit-config.yaml"
    config.write_text("\ufeffrepos:\n  - repo: https://github.com/psf/black\n    rev: 24.1.0\n")
    res = veil("init", "--preset", "startup", cwd=repo)
    assert res.returncode == 0, res.stderr
    assert config.read_text().startswith("\ufeffrepos:\n  - repo: https://github.com/psf/black")
    assert "entry: veil scan --staged" in config.read_text()


def test_help_has_examples(tmp_path: Path) -> None:
    res = veil("init", "--help", cwd=tmp_path)
    assert res.returncode == 0
    assert "Examples:" in res.stdout and "veil init --preset enterprise" in res.stdout


class Terminal:
    """A tmux session of its own (private socket) running one command in a real terminal."""

    def __init__(self, socket: str) -> None:
        self.socket = socket

    def tmux(self, *args: str) -> str:
        out = subprocess.run([TMUX, "-L", self.socket, *args], capture_output=True, text=True)
        return out.stdout

    def screen(self) -> str:
        return self.tmux("capture-pane", "-p", "-J", "-S", "-200", "-t", "veil")

    def wait_for(self, text: str) -> str:
        """The screen once it shows `text`; fails with the screen if it never does."""
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            screen = self.screen()
            if text in screen:
                return screen
            time.sleep(0.2)
        raise AssertionError(f"the terminal never showed {text!r}:\n{self.screen()}")

    def answer(self, prompt: str, keys: str) -> None:
        self.wait_for(prompt)
        self.tmux("send-keys", "-t", "veil", keys, "Enter")


@pytest.fixture
def terminal() -> Iterator[Terminal]:
    term = Terminal(f"veil-init-{uuid.uuid4().hex[:12]}")
    try:
        yield term
    finally:
        term.tmux("kill-server")


def _start_init(terminal: Terminal, repo: Path) -> None:
    """`python -m veil init` in `repo`, in the terminal, with this test's environment."""
    names = ("HOME", "XDG_CONFIG_HOME", "XDG_DATA_HOME", "GIT_CONFIG_GLOBAL", "PATH")
    env = " ".join(f"{k}={shlex.quote(os.environ[k])}" for k in names)
    command = (
        f"cd {shlex.quote(str(repo))} && env {env} GIT_CONFIG_NOSYSTEM=1 TERM=xterm-256color"
        f" {shlex.quote(sys.executable)} -m veil init; echo EXIT=$?; sleep 600"
    )
    terminal.tmux("new-session", "-d", "-s", "veil", "-x", "120", "-y", "40", command)


needs_tmux = pytest.mark.skipif(not os.access(TMUX, os.X_OK), reason="tmux is not installed")


@needs_tmux
def test_answers_at_a_real_terminal_decide_the_file_and_the_hook(
    repo: Path, terminal: Terminal
) -> None:
    _start_init(terminal, repo)
    terminal.answer("Preset [personal/startup/enterprise/regulated] (startup):", "enterprise")
    terminal.answer("Keep term acme corp", "y")
    terminal.answer("Keep term acme billing", "n")
    terminal.answer("Keep domain corp.acme.example", "")
    terminal.answer("Pre-commit hook: write .git/hooks/pre-commit", "")
    screen = terminal.wait_for("EXIT=")
    assert "EXIT=0" in screen, screen
    settings = load_settings(repo / "veil.toml")
    assert settings.policy.preset == "enterprise"
    assert settings.org.terms == ["acme corp"]
    assert settings.org.domains == ["corp.acme.example"]
    assert '# "acme billing",  # package name in pyproject.toml' in (repo / "veil.toml").read_text()
    assert hook_state(repo).installed
    assert "wrote veil.toml (preset enterprise, 1 term(s), 1 domain(s)" in screen


@needs_tmux
def test_declining_the_hook_at_a_terminal_leaves_git_alone(repo: Path, terminal: Terminal) -> None:
    _start_init(terminal, repo)
    terminal.answer("Preset", "")
    for prompt in ("Keep term acme corp", "Keep term acme billing", "Keep domain"):
        terminal.answer(prompt, "n")
    terminal.answer("Pre-commit hook:", "n")
    screen = terminal.wait_for("EXIT=")
    assert "EXIT=0" in screen, screen
    settings = load_settings(repo / "veil.toml")
    assert (settings.policy.preset, settings.org.terms, settings.org.domains) == ("startup", [], [])
    assert not (repo / ".git" / "hooks" / "pre-commit").exists()
    assert "hook: not added" in screen


@needs_tmux
def test_ctrl_c_at_a_prompt_writes_nothing(repo: Path, terminal: Terminal) -> None:
    _start_init(terminal, repo)
    terminal.answer("Preset", "")
    terminal.wait_for("Keep term acme corp")
    terminal.tmux("send-keys", "-t", "veil", "C-c")
    screen = terminal.wait_for("EXIT=")
    assert "veil: init cancelled; nothing was written" in screen
    assert "EXIT=130" in screen
    assert not (repo / "veil.toml").exists()
    assert not (repo / ".git" / "hooks" / "pre-commit").exists()


@needs_tmux
def test_at_a_terminal_a_hook_it_cannot_add_is_explained_and_veil_toml_is_written(
    repo: Path, terminal: Terminal
) -> None:
    (repo / ".pre-commit-config.yaml").write_text(FLOW_CONFIG)
    _start_init(terminal, repo)
    terminal.answer("Preset", "")
    for prompt in ("Keep term acme corp", "Keep term acme billing", "Keep domain"):
        terminal.answer(prompt, "")
    screen = terminal.wait_for("EXIT=")
    assert "EXIT=0" in screen, screen
    assert "The pre-commit hook cannot be added: .pre-commit-config.yaml writes" in screen
    assert load_settings(repo / "veil.toml").org.terms == ["acme corp", "acme billing"]
    assert (repo / ".pre-commit-config.yaml").read_text() == FLOW_CONFIG


@needs_tmux
def test_at_a_terminal_a_name_that_may_be_a_person_defaults_to_no(
    repo: Path, terminal: Terminal
) -> None:
    git(repo, "config", "user.name", "Acme Corp")
    _start_init(terminal, repo)
    terminal.answer("Preset", "")
    terminal.answer("person?) [y/n] (n):", "")
    terminal.answer("Keep term acme billing", "")
    terminal.answer("Keep domain", "")
    terminal.answer("Pre-commit hook:", "n")
    screen = terminal.wait_for("EXIT=")
    assert "EXIT=0" in screen, screen
    assert load_settings(repo / "veil.toml").org.terms == ["acme billing"]
