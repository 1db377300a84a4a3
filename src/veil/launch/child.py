"""The client as a child process whose exit code and signals are `veil run`'s.

The child stays in veil's process group, so the terminal's Ctrl-C reaches it directly; veil
itself ignores SIGINT while it waits (the client decides what Ctrl-C means) and passes on the
signals sent to it alone. When the child dies of a signal, `veil run` dies of the same one.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import sys
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from types import FrameType
from typing import NoReturn

from veil.errors import VeilError

FORWARDED = tuple(
    getattr(signal, name)
    for name in ("SIGTERM", "SIGHUP", "SIGQUIT", "SIGUSR1", "SIGUSR2", "SIGWINCH")
    if hasattr(signal, name)
)
# Signals whose default action dumps core: `veil run` exits 128+N rather than dump its own.
_CORE = {
    getattr(signal, name)
    for name in (
        *("SIGQUIT", "SIGILL", "SIGTRAP", "SIGABRT", "SIGBUS"),
        *("SIGFPE", "SIGSEGV", "SIGSYS", "SIGXCPU", "SIGXFSZ"),
    )
    if hasattr(signal, name)
}
NOT_FOUND = 127  # a shell's codes for a command it cannot find, or cannot run
NOT_EXECUTABLE = 126


class CommandError(VeilError):
    """The client cannot be started; `code` is the exit code a shell would give."""

    def __init__(self, message: str, code: int) -> None:
        super().__init__(message)
        self.code = code


def resolve(command: str, env: Mapping[str, str]) -> str:
    """The path of the executable `command` names (looked up on the child's PATH)."""
    if os.sep in command or (os.altsep and os.altsep in command):
        if not os.path.exists(command):
            raise CommandError(f"no such command: {command}; check the path", NOT_FOUND)
        if os.path.isdir(command) or not os.access(command, os.X_OK):
            raise CommandError(f"{command} is not executable; check its mode", NOT_EXECUTABLE)
        return command
    found = shutil.which(command, path=env.get("PATH", os.defpath))
    if found is None:
        raise CommandError(f"no such command: {command}; is it installed and on PATH?", NOT_FOUND)
    return found


def run(argv: Sequence[str], env: Mapping[str, str], executable: str | None = None) -> int:
    """Run `argv` (from `executable` when given) to its end; its exit code, or -N when signal N
    ended it."""
    child: list[subprocess.Popen[bytes]] = []
    pending: list[int] = []

    def forward(signum: int, frame: FrameType | None) -> None:
        if child:
            child[0].send_signal(signum)
        else:
            pending.append(signum)

    with _handlers(forward):
        try:
            child.append(subprocess.Popen(list(argv), executable=executable, env=dict(env)))
        except OSError as exc:
            reason = exc.strerror or str(exc)
            raise CommandError(f"cannot run {argv[0]}: {reason}", NOT_EXECUTABLE) from None
        for signum in pending:
            child[0].send_signal(signum)
        return child[0].wait()


@contextmanager
def _handlers(forward: Callable[[int, FrameType | None], None]) -> Iterator[None]:
    """SIGINT caught and dropped, the others forwarded, while the child runs; then as before.
    Python handlers (not SIG_IGN) so that the child starts with the default dispositions."""
    before = {signum: signal.getsignal(signum) for signum in (signal.SIGINT, *FORWARDED)}
    signal.signal(signal.SIGINT, _ignore)
    for signum in FORWARDED:
        signal.signal(signum, forward)
    try:
        yield
    finally:
        for signum, handler in before.items():
            signal.signal(signum, handler)


def _ignore(signum: int, frame: FrameType | None) -> None:
    """The terminal sent Ctrl-C to the whole group: the child has it and decides."""


def exit_like(code: int) -> NoReturn:
    """End this process as the child ended: its exit code, or its death by a signal."""
    if code >= 0:
        sys.exit(code)
    signum = -code
    if signum not in _CORE:
        sys.stdout.flush()
        sys.stderr.flush()
        with contextlib.suppress(OSError, ValueError):  # SIGKILL's cannot be set, nor need be
            signal.signal(signum, signal.SIG_DFL)
        os.kill(os.getpid(), signum)
    sys.exit(128 + signum)
