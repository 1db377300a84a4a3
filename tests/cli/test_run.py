"""`veil run` as a user runs it: a real process, its messages, exit codes and signals."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from veil.launch.probe import probe

_STARTED = re.compile(r"started a veil gateway for this run at (http://\S+)")


def _env(tmp_path: Path) -> dict[str, str]:
    return {
        **os.environ,
        "XDG_STATE_HOME": str(tmp_path / "state"),
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "HOME": str(tmp_path / "home"),
    }


def _veil_run(
    tmp_path: Path, *args: str, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "veil", "run", *args],
        cwd=tmp_path,
        env={**_env(tmp_path), **(env or {})},
        capture_output=True,
        text=True,
        timeout=120,
        stdin=subprocess.DEVNULL,
    )


def test_help_has_examples_and_every_option(tmp_path: Path) -> None:
    result = _veil_run(tmp_path, "--help")
    assert result.returncode == 0
    assert "Examples" in result.stdout and "veil run -- claude" in result.stdout
    for option in ("--config", "--port", "--new", "--quiet"):
        assert option in result.stdout


def test_no_command_is_a_usage_error(tmp_path: Path) -> None:
    result = _veil_run(tmp_path)
    assert result.returncode == 2
    assert (
        result.stderr.startswith("veil: error: name the client") and result.stderr.count("\n") == 1
    )


def test_missing_command_is_127_and_starts_nothing(tmp_path: Path) -> None:
    result = _veil_run(tmp_path, "--", "no-such-client-here", "--flag")
    assert result.returncode == 127
    assert result.stderr == (
        "veil: error: no such command: no-such-client-here; is it installed and on PATH?\n"
    )
    assert not (tmp_path / "state").exists()


@pytest.mark.parametrize(
    ("args", "what"),
    [
        (["--bogus", "claude"], "--bogus"),
        (["--bogus", "--", "claude"], "--bogus"),
        (["-Z", "claude"], "-Z"),
        (["--nwe", "claude"], "--nwe (did you mean --new?)"),
    ],
)
def test_an_unknown_option_before_the_client_is_a_usage_error(
    tmp_path: Path, args: list[str], what: str
) -> None:
    result = _veil_run(tmp_path, *args)
    assert result.returncode == 2
    said = f"veil: error: no such option: {what}; see "  # `veil run`, or `python -m veil run`
    assert result.stderr.startswith(said) and result.stderr.endswith(" veil run --help\n")
    assert result.stderr.count("\n") == 1
    assert not (tmp_path / "state").exists()


def test_after_double_dash_an_option_like_word_is_the_command(tmp_path: Path) -> None:
    result = _veil_run(tmp_path, "--", "--weird-binary", "--new")
    assert result.returncode == 127
    assert result.stderr == (
        "veil: error: no such command: --weird-binary; is it installed and on PATH?\n"
    )


def test_bad_config_is_one_line(tmp_path: Path) -> None:
    (tmp_path / "veil.toml").write_text("[gateway]\nport = 'x'\n")
    result = _veil_run(tmp_path, "--", sys.executable, "-c", "pass")
    assert result.returncode == 2
    assert result.stderr.startswith("veil: error: ") and result.stderr.count("\n") == 1
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    ("config", "what"),
    [
        ('profiles = {fast = "x"}', "profiles.fast is a string"),
        ('model_providers = ["a"]', "model_providers is an array"),
        ("analytics = true", "analytics is a boolean"),
    ],
)
def test_a_wrongly_shaped_codex_config_is_one_line(tmp_path: Path, config: str, what: str) -> None:
    codex_home = tmp_path / "codex"
    codex_home.mkdir()
    (codex_home / "config.toml").write_text(config + "\n")
    stub = tmp_path / "bin" / "codex"
    stub.parent.mkdir()
    stub.write_text("#!/bin/sh\nexit 0\n")
    stub.chmod(0o755)
    env = {"CODEX_HOME": str(codex_home), "PATH": f"{stub.parent}{os.pathsep}{os.environ['PATH']}"}
    result = _veil_run(tmp_path, "-q", "--new", "--", "codex", "exec", "hi", env=env)
    assert result.returncode == 2
    assert result.stderr.startswith(f"veil: error: {codex_home / 'config.toml'}: {what} ")
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr


def test_exit_code_and_output_are_the_clients(tmp_path: Path) -> None:
    code = "import os; print(os.environ['OPENAI_BASE_URL']); raise SystemExit(3)"
    result = _veil_run(tmp_path, "--new", "--", sys.executable, "-c", code)
    assert result.returncode == 3
    m = _STARTED.search(result.stderr)
    assert m and result.stdout == m.group(1) + "/v1\n"
    assert probe(m.group(1)) is None


def test_quiet_says_nothing(tmp_path: Path) -> None:
    result = _veil_run(tmp_path, "-q", "--new", "--", sys.executable, "-c", "pass")
    assert result.returncode == 0 and result.stderr == ""


def test_a_client_killed_by_a_signal_ends_veil_run_by_it(tmp_path: Path) -> None:
    code = "import os, signal; os.kill(os.getpid(), signal.SIGTERM)"
    result = _veil_run(tmp_path, "-q", "--new", "--", sys.executable, "-c", code)
    assert result.returncode == -signal.SIGTERM


_TRAPS = """
import signal, sys, time
def done(n, f):
    open(sys.argv[1], "w").write("got SIGTERM")
    sys.exit(7)
signal.signal(signal.SIGTERM, done)
open(sys.argv[1], "w").write("ready")
while True:
    time.sleep(0.05)
"""


def test_sigterm_reaches_the_client_and_the_private_gateway_stops(tmp_path: Path) -> None:
    marker = tmp_path / "marker"
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "veil",
            "run",
            "--new",
            "--",
            sys.executable,
            "-c",
            _TRAPS,
            str(marker),
        ],
        cwd=tmp_path,
        env=_env(tmp_path),
        stderr=subprocess.PIPE,
        text=True,
    )
    assert process.stderr is not None
    m = _STARTED.search(process.stderr.readline())
    assert m, "veil run did not say which gateway it started"
    for _ in range(400):
        if marker.exists() and marker.read_text() == "ready":
            break
        time.sleep(0.025)
    assert probe(m.group(1)) is not None
    process.send_signal(signal.SIGTERM)
    assert process.wait(60) == 7
    assert marker.read_text() == "got SIGTERM"
    assert probe(m.group(1)) is None
    process.stderr.close()


@pytest.mark.parametrize("args", [["--port", "0"], ["--port", "70000"]])
def test_port_out_of_range(tmp_path: Path, args: list[str]) -> None:
    result = _veil_run(tmp_path, *args, "--", "true")
    assert result.returncode == 2
