"""Progress is drawn on a terminal and nowhere else: commands run for real with stderr on a
pseudo-terminal, and again with stderr piped."""

from __future__ import annotations

import fcntl
import os
import pty
import struct
import subprocess
import sys
import termios
from pathlib import Path

import pytest

from veil.cli.progress import progress, shown


def run_on_terminal(*args: str, cwd: Path) -> tuple[int, str]:
    """`veil ARGS` with stderr on a pseudo-terminal (80x24): (exit code, what it drew there)."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    proc = subprocess.Popen(
        [sys.executable, "-m", "veil", *args],
        cwd=cwd,
        env=_env(cwd),
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=slave,
    )
    os.close(slave)
    drawn = b""
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:  # EIO: the child closed the terminal
            break
        if not chunk:
            break
        drawn += chunk
    os.close(master)
    return proc.wait(timeout=120), drawn.decode("utf-8", "replace")


def run_piped(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "veil", *args],
        cwd=cwd,
        env=_env(cwd),
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )


def _env(cwd: Path) -> dict[str, str]:
    env = dict(os.environ, TERM="xterm-256color", HOME=str(cwd / "home"))
    env.update(XDG_CONFIG_HOME=str(cwd / "config"), XDG_DATA_HOME=str(cwd / "data"))
    for name in ("NO_COLOR", "FORCE_COLOR", "TTY_INTERACTIVE", "COLUMNS"):
        env.pop(name, None)
    return env


def test_rules_test_shows_a_bar_on_a_terminal_only(tmp_path: Path) -> None:
    code, drawn = run_on_terminal("rules", "test", cwd=tmp_path)
    assert code == 0
    assert "checking rules" in drawn and "\x1b[" in drawn
    piped = run_piped("rules", "test", cwd=tmp_path)
    assert piped.returncode == 0
    assert "checking rules" not in piped.stderr and "\x1b[" not in piped.stderr + piped.stdout


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    src = tmp_path / "src"
    src.mkdir()
    for i in range(60):  # over sanitize's threshold (50 files)
        (src / f"m{i}.py").write_text(f"value_{i} = {i}\n")
    return src


def test_sanitize_of_a_tree_shows_a_bar_unless_quiet(tmp_path: Path, tree: Path) -> None:
    code, drawn = run_on_terminal("sanitize", "--out", "out1", "src", cwd=tmp_path)
    assert code == 0 and "sanitizing" in drawn and "\x1b[" in drawn
    code, drawn = run_on_terminal("sanitize", "--out", "out2", "src", "-q", cwd=tmp_path)
    assert code == 0 and drawn == ""
    piped = run_piped("sanitize", "--out", "out3", "src", cwd=tmp_path)
    assert piped.returncode == 0
    assert "sanitizing" not in piped.stderr and "\x1b[" not in piped.stderr
    assert piped.stderr.startswith("veil: sanitized 60 files into out3")


def test_scan_of_a_large_tree_shows_a_bar_on_a_terminal(tmp_path: Path) -> None:
    for i in range(310):  # over scan's threshold (300 files)
        (tmp_path / f"f{i}.txt").write_text("nothing here\n")
    code, drawn = run_on_terminal("scan", ".", "--jobs", "1", cwd=tmp_path)
    assert code == 0 and "scanning" in drawn and "310" in drawn


def test_progress_is_a_no_op_when_stderr_is_not_a_terminal(
    capfd: pytest.CaptureFixture[str],
) -> None:
    assert not shown()
    with progress("working", 10) as advance:
        advance(3)
    with progress("working", None) as advance:
        advance(1)
    assert capfd.readouterr().err == ""
