"""veil's pre-commit hook: whether it runs, what installing it would change, and installing it.

A repository that uses the pre-commit framework (a `.pre-commit-config.yaml` at its root) gets
veil as a `repo: local` hook in that file. Any other repository gets a git hook in the hooks
directory git itself uses (`git rev-parse --git-path hooks`, so `core.hooksPath` and linked
worktrees are respected). An existing git hook is never overwritten: a shell script gets veil's
lines right after its first line, where an `exec` or an early `exit` later in the script cannot
skip them and the script's own exit status is left as it was; anything else is refused with the
reason and the fix. A hook counts as running veil when one of its lines runs `veil scan` as a
command; a comment or a message that mentions it does not.
"""

from __future__ import annotations

import os
import re
import shlex
import stat
import sys
from dataclasses import dataclass
from pathlib import Path

from veil.errors import UsageError, VeilError
from veil.scan.git import run_git
from veil.setup import precommit

FRAMEWORK = f"pre-commit framework ({precommit.CONFIG_NAME})"
_BEGIN = "# >>> veil: block commits that add secrets or personal data >>>"
_END = "# <<< veil <<<"
_SEPARATORS = frozenset("();<>|&")  # a token made of these ends a command
_PREFIXES = frozenset(["if", "then", "elif", "else", "do", "while", "until", "!", "{", "exec"])
_PREFIXES |= {"command", "time", "nohup", "env"}
_RUNNERS = (["uv", "run"], ["poetry", "run"], ["pipx", "run"], ["uvx"])
_ASSIGNMENT = re.compile(r"[A-Za-z_]\w*=.*")
_SHELLS = {"sh", "bash", "dash", "zsh", "ksh", "ash"}
_FRAMEWORK_MARK = "pre-commit.com"


class HookError(VeilError):
    """veil's hook cannot be installed safely; the message says why and what to do."""


@dataclass(frozen=True)
class HookState:
    """Whether veil's scan runs before each commit, through what, and what is wrong if not."""

    installed: bool
    how: str  # through what it runs (the framework's config, or the git hook's path); "" if not
    detail: str  # what is wrong, one line; "" when installed


@dataclass(frozen=True)
class _Repo:
    root: Path
    hooks: Path

    @property
    def config(self) -> Path:
        return self.root / precommit.CONFIG_NAME

    @property
    def hook(self) -> Path:
        return self.hooks / "pre-commit"

    def shown(self, path: Path) -> str:
        """`path` relative to the work tree when it lies inside it."""
        return str(path.relative_to(self.root)) if path.is_relative_to(self.root) else str(path)


def hook_state(repo: Path) -> HookState:
    """Whether veil's scan runs before each commit in the work tree holding `repo`."""
    try:
        where = _locate(repo)
        if where.config.is_file():
            return _framework_state(where)
        text = _read(where.hook)
    except HookError as exc:
        return HookState(False, "", str(exc))
    hook = where.shown(where.hook)
    if text is None:
        return HookState(False, "", "no pre-commit hook is installed")
    if not _runs_veil(text):
        return HookState(False, "", "a pre-commit hook exists that does not run veil")
    if not os.access(where.hook, os.X_OK):
        return HookState(False, "", f"{hook} runs veil but is not executable")
    return HookState(True, f"git hook ({hook})", "")


def plan_hook(repo: Path) -> str | None:
    """One line saying what `install_hook` would change; None when there is nothing to do.

    A HookError (the reason and the fix) when veil's hook cannot be installed safely.
    """
    step = _step(_locate(repo))
    return None if step is None else step[0]


def install_hook(repo: Path) -> str:
    """Make veil's scan run before each commit; one line saying what was done."""
    where = _locate(repo)
    step = _step(where)
    if step is None:
        return "veil's pre-commit hook was already installed"
    if where.config.is_file():
        text = _config_text(where)
        where.config.write_text(precommit.with_veil(text), encoding="utf-8", newline="")
        return step[1]
    if not where.hook.exists():
        where.hooks.mkdir(parents=True, exist_ok=True)
        where.hook.write_text(f"#!/bin/sh\n{_block()}", encoding="utf-8")
    elif not _runs_veil(_read(where.hook) or ""):
        first, _, rest = where.hook.read_bytes().partition(b"\n")
        where.hook.write_bytes(first + b"\n" + _block().encode() + rest)
    mode = where.hook.stat().st_mode
    where.hook.chmod(mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
    return step[1]


def _step(where: _Repo) -> tuple[str, str] | None:
    """What installing would do and, once done, what it did; None when nothing is needed."""
    if where.config.is_file():
        config = _config_text(where)
        if precommit.runs_veil(config):
            return None
        try:
            precommit.with_veil(config)  # fails now, before anything is written
        except precommit.PreCommitConfigError as exc:
            raise HookError(str(exc)) from None
        name = precommit.CONFIG_NAME
        then = "" if _framework_active(where) else "; run `pre-commit install` so it runs"
        return f"add veil's hook (repo: local) to {name}", f"added veil's hook to {name}{then}"
    hook = where.shown(where.hook)
    text = _read(where.hook)
    if text is None or not _runs_veil(text):
        _refuse_unsafe(where, text)
    if text is None:
        return f"write {hook} running `veil scan --staged`", f"wrote {hook}"
    if not _runs_veil(text):
        return (
            f"add `veil scan --staged` at the top of the existing {hook}",
            f"added `veil scan --staged` at the top of {hook}",
        )
    if not os.access(where.hook, os.X_OK):
        return f"make {hook} executable", f"made {hook} executable"
    return None


def _runs_veil(hook: str) -> bool:
    """Whether a line of a shell hook runs `veil scan` as a command (not a comment, not an
    argument of `echo`): `veil scan`, `PATH/veil scan`, `PYTHON -m veil scan`, `uv run veil scan`,
    after `exec`, `if`, `!`, `&&`, `;` or variable assignments."""
    return any(_is_veil_scan(words) for line in hook.splitlines() for words in _commands(line))


def _commands(line: str) -> list[list[str]]:
    """The words of each simple command on a shell line (quotes removed, comments dropped)."""
    lexer = shlex.shlex(line, posix=True, punctuation_chars=True)
    lexer.whitespace_split = True
    try:
        tokens = list(lexer)
    except ValueError:  # a quote left open: a string going on to the next line
        return []
    commands: list[list[str]] = [[]]
    for token in tokens:
        if token and set(token) <= _SEPARATORS:
            commands.append([])
        else:
            commands[-1].append(token)
    return commands


def _is_veil_scan(words: list[str]) -> bool:
    while words and (words[0] in _PREFIXES or _ASSIGNMENT.fullmatch(words[0])):
        words = words[1:]
    for runner in _RUNNERS:
        if words[: len(runner)] == runner:
            words = words[len(runner) :]
    if words[1:4] == ["-m", "veil", "scan"]:
        return True
    return len(words) >= 2 and Path(words[0]).name == "veil" and words[1] == "scan"


def _locate(repo: Path) -> _Repo:
    try:
        root = Path(run_git(["rev-parse", "--show-toplevel"], repo).decode().strip())
        hooks = run_git(["rev-parse", "--git-path", "hooks"], root).decode().strip()
    except UsageError:
        raise HookError(
            f"{repo.resolve()} is not inside a git work tree; run `git init` there first"
        ) from None
    return _Repo(root.resolve(), (root / hooks).resolve())


def _framework_state(where: _Repo) -> HookState:
    if not precommit.runs_veil(_config_text(where)):
        return HookState(False, "", f"{precommit.CONFIG_NAME} does not run veil")
    if not _framework_active(where):
        detail = f"{precommit.CONFIG_NAME} runs veil, but pre-commit's git hook is not installed"
        return HookState(False, "", f"{detail}; run `pre-commit install`")
    return HookState(True, FRAMEWORK, "")


def _framework_active(where: _Repo) -> bool:
    text = _read(where.hook)
    return text is not None and _FRAMEWORK_MARK in text


def _config_text(where: _Repo) -> str:
    """The pre-commit config's text, kept exactly as it is (a HookError when it is not UTF-8)."""
    try:
        return where.config.read_bytes().decode("utf-8")
    except UnicodeDecodeError:
        raise HookError(f"{precommit.CONFIG_NAME} is not UTF-8 text; fix it first") from None
    except OSError as exc:
        raise HookError(f"{precommit.CONFIG_NAME} cannot be read ({exc.strerror})") from None


def _read(path: Path) -> str | None:
    """A hook's text (bytes that are not UTF-8 replaced); None when there is none."""
    try:
        return path.read_bytes().decode("utf-8", "replace")
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise HookError(f"{path} cannot be read ({exc.strerror}); check its permissions") from None


def _refuse_unsafe(where: _Repo, text: str | None) -> None:
    """Raise when veil's lines cannot be written into the hook (`text`, None if absent) safely."""
    hook = where.shown(where.hook)
    fix = "add `veil scan --staged` to it yourself, or move it away and run veil init again"
    if where.hook.is_symlink():
        raise HookError(f"{hook} is a link to {os.readlink(where.hook)}; {fix}")
    if ".husky" in where.hooks.parts:
        raise HookError(f"husky manages {hook}; add `veil scan --staged` to .husky/pre-commit")
    if text is not None and not _is_shell(text):
        raise HookError(f"{hook} is not a shell script; {fix}")


def _is_shell(text: str) -> bool:
    """Whether a hook's `#!` line names a POSIX-style shell (directly or through env)."""
    first = text.partition("\n")[0]
    if "\0" in text or not first.startswith("#!"):
        return False
    words = first[2:].split()
    if words and Path(words[0]).name == "env":
        words = [w for w in words[1:] if not w.startswith("-")]
    return bool(words) and Path(words[0]).name in _SHELLS


def _block() -> str:
    """veil's lines: `veil` from PATH at commit time, else the Python that runs veil now."""
    python = shlex.quote(sys.executable)
    return (
        f"{_BEGIN}\n"
        "if command -v veil >/dev/null 2>&1; then\n"
        "  veil scan --staged || exit $?\n"
        f"elif [ -x {python} ]; then\n"
        f"  {python} -m veil scan --staged || exit $?\n"
        "else\n"
        '  echo "veil: not found; install veil, or remove these lines from $0" >&2\n'
        "  exit 1\n"
        "fi\n"
        f"{_END}\n"
    )
