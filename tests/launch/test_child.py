"""The client as a child: found like a shell finds it, its exit code and signals are ours."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from veil.launch.child import NOT_EXECUTABLE, NOT_FOUND, CommandError, resolve, run


def test_exit_code_is_the_childs() -> None:
    assert run([sys.executable, "-c", "raise SystemExit(3)"], os.environ) == 3
    assert run([sys.executable, "-c", "pass"], os.environ) == 0


def test_death_by_signal_is_negative() -> None:
    code = "import os, signal; os.kill(os.getpid(), signal.SIGTERM)"
    assert run([sys.executable, "-c", code], os.environ) == -signal.SIGTERM


def test_environment_is_the_one_given(tmp_path: Path) -> None:
    out = tmp_path / "out"
    code = f"import os; open({str(out)!r}, 'w').write(os.environ.get('ONLY_HERE', '-'))"
    assert run([sys.executable, "-c", code], {**os.environ, "ONLY_HERE": "yes"}) == 0
    assert out.read_text() == "yes"


def test_missing_command_is_127(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="no such command: no-such-client") as err:
        resolve("no-such-client", {"PATH": str(tmp_path)})
    assert err.value.code == NOT_FOUND
    with pytest.raises(CommandError) as err:
        resolve(str(tmp_path / "nothing"), {})
    assert err.value.code == NOT_FOUND


def test_not_executable_is_126(tmp_path: Path) -> None:
    plain = tmp_path / "plain"
    plain.write_text("text")
    for target in (str(plain), str(tmp_path)):
        with pytest.raises(CommandError, match="not executable") as err:
            resolve(target, {})
        assert err.value.code == NOT_EXECUTABLE


def test_found_on_the_childs_path(tmp_path: Path) -> None:
    tool = tmp_path / "tool"
    tool.write_text("#!/bin/sh\nexit 0\n")
    tool.chmod(0o755)
    assert resolve("tool", {"PATH": str(tmp_path)}) == str(tool)


def test_unrunnable_file_is_126(tmp_path: Path) -> None:
    bad = tmp_path / "bad"
    bad.write_bytes(b"\x7fELF garbage")
    bad.chmod(0o755)
    with pytest.raises(CommandError) as err:
        run([str(bad)], os.environ)
    assert err.value.code == NOT_EXECUTABLE


# A parent that runs a child through `run` and exits as `exit_like` says; the child writes what
# it receives to a file, and says it is ready there.
_PARENT = """
import os, sys
from veil.launch.child import run, exit_like
exit_like(run([sys.executable, "-c", sys.argv[1]], os.environ))
"""
_CHILD = """
import signal, sys, time
out = open({out!r}, "a", buffering=1)
def got(n, f):
    out.write(signal.Signals(n).name + "\\n")
    if n == signal.SIGTERM:
        sys.exit(7)
for s in (signal.SIGTERM, signal.SIGUSR1, signal.SIGHUP, signal.SIGINT):
    signal.signal(s, got)
out.write("ready\\n")
while True:
    time.sleep(0.05)
"""


def _start(tmp_path: Path, child: str) -> tuple[subprocess.Popen[bytes], Path]:
    out = tmp_path / "received"
    parent = subprocess.Popen(
        [sys.executable, "-c", _PARENT, child.format(out=str(out))], start_new_session=True
    )
    _wait_for(out, "ready")
    return parent, out


def _wait_for(path: Path, text: str) -> None:
    for _ in range(400):
        if path.exists() and text in path.read_text():
            return
        time.sleep(0.025)
    raise AssertionError(f"{text!r} never appeared in {path}")


def test_signals_sent_to_veil_reach_the_child_and_sigint_does_not(tmp_path: Path) -> None:
    parent, out = _start(tmp_path, _CHILD)
    parent.send_signal(signal.SIGINT)  # to veil alone: dropped (a terminal's reaches the child)
    parent.send_signal(signal.SIGUSR1)
    _wait_for(out, "SIGUSR1")
    parent.send_signal(signal.SIGHUP)
    _wait_for(out, "SIGHUP")
    parent.send_signal(signal.SIGTERM)
    assert parent.wait(30) == 7  # the child's own code, after its own SIGTERM handling
    assert out.read_text().split() == ["ready", "SIGUSR1", "SIGHUP", "SIGTERM"]


def test_sigint_to_the_whole_group_reaches_the_child_once(tmp_path: Path) -> None:
    parent, out = _start(tmp_path, _CHILD)
    os.killpg(parent.pid, signal.SIGINT)  # as a terminal's Ctrl-C does
    _wait_for(out, "SIGINT")
    assert parent.poll() is None  # veil run still waits for the client
    parent.send_signal(signal.SIGTERM)
    assert parent.wait(30) == 7
    assert out.read_text().split() == ["ready", "SIGINT", "SIGTERM"]


def test_a_child_killed_by_a_signal_kills_veil_with_it(tmp_path: Path) -> None:
    child = 'open({out!r}, "w").write("ready"); import time; time.sleep(60)'
    parent, _out = _start(tmp_path, child)
    parent.send_signal(signal.SIGTERM)  # forwarded; the child has no handler and dies of it
    assert parent.wait(30) == -signal.SIGTERM


@pytest.mark.parametrize(
    ("code", "status"),
    [
        (0, 0),
        (5, 5),
        (-signal.SIGTERM, -signal.SIGTERM),
        (-signal.SIGKILL, -signal.SIGKILL),
        (-signal.SIGQUIT, 128 + signal.SIGQUIT),
        (-signal.SIGWINCH, 128 + signal.SIGWINCH),
    ],
)
def test_exit_like(code: int, status: int) -> None:
    script = f"from veil.launch.child import exit_like; exit_like({code})"
    assert subprocess.run([sys.executable, "-c", script], check=False).returncode == status
