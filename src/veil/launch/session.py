"""One `veil run`: find or start the gateway, point the client at it, run it, stop what was
started. The client's exit code (or -N for its death by signal N) is the result."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from veil import __version__
from veil.config import CONFIG_NAME, Settings, fingerprint
from veil.gateway.admission import TOKEN_ENV
from veil.gateway.upstream import DEFAULT_BASE_URLS
from veil.launch import child
from veil.launch.claude import claude_argv, claude_env, claude_notes
from veil.launch.clients import (
    CLAUDE,
    CODEX,
    CONTINUE,
    OTHER_BASE_URL_ENV,
    ClientSpec,
    base_urls,
    locate,
)
from veil.launch.codex import codex_home, user_home
from veil.launch.continue_cli import continue_run
from veil.launch.gateway import Gateway, find, read_key, served_upstreams, start
from veil.launch.target import Target

# The clients veil run sets up to send VEIL_TOKEN's value in a veil-token header.
SENDS_TOKEN = (CLAUDE, CODEX, CONTINUE)


@dataclass
class Prepared:
    """The command line and environment a client is started with, and notes for the user."""

    argv: list[str]
    env: dict[str, str]
    notes: list[str] = field(default_factory=list)


@contextmanager
def prepare(
    argv: Sequence[str], env: Mapping[str, str], target: Target, state: Path
) -> Iterator[Prepared]:
    """The client `argv` starts (directly or through a runner such as npx), pointed at
    `target`: base-URL variables, its quiet settings, and what it reads instead of them (Codex's
    home, kept in `state`; cn's config). The user's own keys and variables pass through."""
    spec, at = locate(argv)
    out = dict(env)
    out.update(base_urls(spec.base_url_env if spec else OTHER_BASE_URL_ENV, target.root))
    out.update(spec.quiet_env if spec else {})
    if spec is CLAUDE:
        out.update(claude_env(env, target.token))
        yield Prepared(claude_argv(argv, target.root, at), out, claude_notes(argv, env, at))
    elif spec is CODEX:
        home = codex_home(user_home(env), target, env, state)
        out["CODEX_HOME"] = str(home.path)
        yield Prepared(list(argv), out, home.notes)
    elif spec is CONTINUE:
        with continue_run(argv, target, env, at) as run:
            yield Prepared(run.argv, out, run.notes)
    else:
        yield Prepared(list(argv), out)


@dataclass(frozen=True)
class Where:
    """The settings this run loaded, where a gateway is looked for, and how to start one."""

    settings: Settings
    config: Path | None  # the veil.toml given; a started gateway reads ./veil.toml when None
    state: Path  # veil's state folder: private gateways' logs, Codex's home
    port: int | None = None  # the port looked on, when not [gateway] port
    new: bool = False  # never reuse: always start one for this run
    vault_key: Path | None = None  # veil's vault key file: a gateway's fingerprint is keyed by it


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
    port = where.port if where.port is not None else where.settings.gateway.port
    gateway = _gateway(where, port, env, say)
    # A private gateway needs no token unless [gateway] tokens_file asks for one.
    tokens_file = where.settings.gateway.tokens_file is not None
    target = Target(
        gateway.url,
        upstreams=frozenset(target_upstreams(where.settings)),
        veil_port=port,
        token=bool(env.get(TOKEN_ENV)) and (not gateway.started or tokens_file),
    )
    try:
        with prepare(argv, env, target, where.state) as ready:
            spec, _ = locate(argv)
            for note in [*ready.notes, *token_notes(spec, target, tokens_file, env)]:
                warn(note)
            return child.run(ready.argv, ready.env, executable)
    finally:
        gateway.stop()


def target_upstreams(settings: Settings) -> set[str]:
    """The upstream names a gateway with these settings routes `/NAME/...` to."""
    return {*DEFAULT_BASE_URLS, *settings.upstreams}


def token_notes(
    spec: ClientSpec | None, target: Target, tokens_file: bool, env: Mapping[str, str]
) -> list[str]:
    """What to know when the gateway may want a veil-token header."""
    name = spec.title if spec else "this command"
    if spec in SENDS_TOKEN:
        if tokens_file and not env.get(TOKEN_ENV):
            return [
                f"[gateway] tokens_file is set: set {TOKEN_ENV} to one of its tokens for {name}"
                " to send it in a veil-token header"
            ]
        return []
    if not (target.token or tokens_file):
        return []
    fix = (
        "give veil run a veil.toml without [gateway] tokens_file (-c)"
        if tokens_file
        else "--new starts one that needs none"
    )
    return [
        f"{name} is not set up to send a veil-token header: the gateway at {target.root}"
        f" refuses its requests if it needs a token; {fix}"
    ]


def _gateway(
    where: Where, port: int, env: Mapping[str, str], say: Callable[[str], None]
) -> Gateway:
    found = None if where.new else find(where.settings.gateway.host, port)
    if found is not None:
        why = _other_settings(found, where, env)
        if why is None:
            say(f"using the veil gateway at {found.url}")
            if found.version != __version__:
                say(f"note: that gateway runs veil {found.version}; this is veil {__version__}")
            return found
        say(f"note: the veil at {found.url} {why}: starting one for this run")
    # Its own, on loopback only: no token, whatever VEIL_TOKEN says (the client keeps it).
    private = {k: v for k, v in env.items() if k != TOKEN_ENV}
    gateway = start(where.config, private, where.state / "run")
    say(f"started a veil gateway for this run at {gateway.url} (log: {gateway.log})")
    return gateway


def _other_settings(found: Gateway, where: Where, env: Mapping[str, str]) -> str | None:
    """Why `found` is not used (it does not mask and route as this run's would), or None."""
    if found.config is None:
        return f"does not say which settings it runs (veil {found.version})"
    key = read_key(where.vault_key)
    if key is None:
        missing = f"{where.vault_key} is missing" if where.vault_key else "none given"
        return f"cannot be checked without veil's vault key ({missing})"
    settings = where.settings
    if found.config == fingerprint(settings, served_upstreams(settings, env), key):
        return None
    given = where.config or (Path(CONFIG_NAME) if Path(CONFIG_NAME).is_file() else None)
    return (
        f"runs other settings than this run ({given or 'veil defaults'}, upstreams from it and"
        f" VEIL_*_UPSTREAM, workspace {settings.workspace})"
    )
