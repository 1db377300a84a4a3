"""One `veil run`: find or start the gateway, point the client at it, run it, stop what was
started. The client's exit code (or -N for its death by signal N) is the result."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from veil import __version__
from veil.launch import child
from veil.launch.claude import TOKEN_ENV, claude_argv, claude_env, claude_notes
from veil.launch.clients import CLAUDE, CODEX, CONTINUE, OTHER_BASE_URL_ENV, base_urls, client_for
from veil.launch.codex import codex_home, user_home
from veil.launch.continue_cli import continue_run
from veil.launch.gateway import Gateway, find, start


@dataclass
class Prepared:
    """The command line and environment a client is started with, and notes for the user."""

    argv: list[str]
    env: dict[str, str]
    notes: list[str] = field(default_factory=list)


@contextmanager
def prepare(argv: Sequence[str], env: Mapping[str, str], gateway: str) -> Iterator[Prepared]:
    """The client `argv` starts, pointed at the gateway at `gateway` (its root): base-URL
    variables, its quiet settings, and what it reads instead of them (Codex's home, cn's
    config). The user's own keys and variables pass through untouched."""
    spec = client_for(argv[0])
    token = bool(env.get(TOKEN_ENV))
    out = dict(env)
    out.update(base_urls(spec.base_url_env if spec else OTHER_BASE_URL_ENV, gateway))
    out.update(spec.quiet_env if spec else {})
    if spec is CLAUDE:
        out.update(claude_env(env, token))
        yield Prepared(claude_argv(argv, gateway), out, claude_notes(argv, env))
    elif spec is CODEX:
        with codex_home(user_home(env), gateway, env, token) as home:
            out["CODEX_HOME"] = str(home.path)
            yield Prepared(list(argv), out, home.notes)
    elif spec is CONTINUE:
        with continue_run(argv, gateway, env, token) as run:
            yield Prepared(run.argv, out, run.notes)
    else:
        yield Prepared(list(argv), out)


@dataclass(frozen=True)
class Where:
    """Where a gateway is looked for, and how to start one."""

    host: str
    port: int
    config: Path | None  # the veil.toml a started gateway reads (./veil.toml when None)
    logs: Path  # where a started gateway's log goes
    new: bool = False  # never reuse: always start one for this run


def launch(
    argv: Sequence[str],
    where: Where,
    say: Callable[[str], None],
    warn: Callable[[str], None],
    env: Mapping[str, str] | None = None,
) -> int:
    """Run the client `argv` through veil; its exit code, or -N if signal N ended it. `say`
    tells which gateway is used; `warn` what could still go past veil."""
    env = dict(os.environ if env is None else env)
    executable = child.resolve(argv[0], env)  # before any gateway is started for nothing
    gateway = _gateway(where, env, say)
    try:
        with prepare(argv, env, gateway.url) as ready:
            for note in ready.notes:
                warn(note)
            return child.run(ready.argv, ready.env, executable)
    finally:
        gateway.stop()


def _gateway(where: Where, env: Mapping[str, str], say: Callable[[str], None]) -> Gateway:
    found = None if where.new else find(where.host, where.port)
    if found is not None:
        say(f"using the veil gateway at {found.url}")
        if found.version != __version__:
            say(f"note: that gateway runs veil {found.version}; this is veil {__version__}")
        return found
    gateway = start(where.config, env, where.logs)
    say(f"started a veil gateway for this run at {gateway.url} (log: {gateway.log})")
    return gateway
