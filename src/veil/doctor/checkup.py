"""One `veil doctor` run: every check, in the order the report shows them."""

from __future__ import annotations

import os
import socket
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from veil import __version__
from veil.config import load_settings
from veil.doctor.gateway import gateway_check, gateway_url
from veil.doctor.repo import find_repo, repo_checks
from veil.doctor.report import Check, Report, Status
from veil.doctor.selftest import run_selftest
from veil.doctor.toolconfig import Places, home_of
from veil.doctor.tools import Veils, tool_checks
from veil.errors import UsageError


@dataclass(frozen=True, slots=True)
class Options:
    """What to examine: the config file (else `veil.toml` in the repository or here), the
    repository (else the one holding the current folder), and whether to run the self-test."""

    config: Path | None = None
    repo: Path | None = None
    selftest: bool = True
    env: Mapping[str, str] = field(default_factory=lambda: dict(os.environ))


def examine(options: Options, step: Callable[[str], None] | None = None) -> Report:
    """Run every check; `step` hears the name of each long step as it starts."""
    say = step or (lambda _: None)
    cwd = Path.cwd()
    root = _repo(options.repo) if options.repo is not None else find_repo(cwd)
    settings = load_settings(options.config, search_from=root or cwd)
    report = Report(__version__, socket.gethostname(), str(root) if root else None)
    veils = Veils(settings.gateway.port, settings.gateway.host)
    say("AI tools")
    places = Places(home_of(options.env), options.env, root, cwd)
    report.checks += tool_checks(places, veils, gateway_url(settings))
    say("repository")
    report.checks += repo_checks(root, settings)
    report.checks.append(gateway_check(settings, veils))
    if options.selftest:
        report.checks += run_selftest(settings, lambda name: say(f"self-test: {name}"), options.env)
    else:
        why = "not run (--no-selftest)"
        report.checks.append(Check("selftest.all", "self-test", Status.SKIP, why))
    return report


def _repo(given: Path) -> Path:
    """The work tree `--repo` names, or a usage error saying what to give instead."""
    if not given.is_dir():
        raise UsageError(f"--repo {given}: no such folder; give the folder of a git repository")
    root = find_repo(given)
    if root is None:
        raise UsageError(
            f"--repo {given}: not inside a git repository; give the folder of a git repository"
        )
    return root
