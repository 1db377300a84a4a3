"""Claude Code pointed at veil, even when a settings file of the user's names another base URL.

Claude Code applies the `env` block of its settings files (user, project, local) over its
environment; settings given with `--settings` rank above those files, so `veil run` passes the
base URL and the quiet switches there as well as in the environment.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence

from veil.gateway.admission import TOKEN_ENV
from veil.gateway.upstream import TOKEN_HEADER
from veil.launch.clients import CLAUDE

# Set, these send Claude Code's requests to a cloud's own endpoint, which no base URL changes.
# Switches that send Claude Code's requests to a cloud's endpoint instead of ANTHROPIC_BASE_URL.
ELSEWHERE = (
    "CLAUDE_CODE_USE_BEDROCK",
    "CLAUDE_CODE_USE_VERTEX",
    "CLAUDE_CODE_USE_FOUNDRY",
    "CLAUDE_CODE_USE_ANTHROPIC_AWS",
    "CLAUDE_CODE_USE_MANTLE",
)


def switched_on(value: object) -> bool:
    """Whether Claude Code reads a switch as on (`1`, `true`, `yes`, `on`, any case)."""
    return value is True or str(value).strip().lower() in ("1", "true", "yes", "on")


def claude_argv(argv: Sequence[str], gateway: str, at: int = 0) -> list[str]:
    """`argv` (Claude Code at index `at`) with `--settings` that point it at veil, unless it
    gives its own."""
    if any(arg == "--settings" or arg.startswith("--settings=") for arg in argv[at + 1 :]):
        return list(argv)
    settings = {"env": {"ANTHROPIC_BASE_URL": gateway, **CLAUDE.quiet_env}}
    given = json.dumps(settings, separators=(",", ":"))
    return [*argv[: at + 1], "--settings", given, *argv[at + 1 :]]


def claude_env(env: Mapping[str, str], token: bool) -> dict[str, str]:
    """With `token`, the `veil-token` header added to ANTHROPIC_CUSTOM_HEADERS (one a line)."""
    if not token:
        return {}
    header = f"{TOKEN_HEADER}: {env[TOKEN_ENV]}"
    given = env.get("ANTHROPIC_CUSTOM_HEADERS", "").rstrip("\n")
    return {"ANTHROPIC_CUSTOM_HEADERS": f"{given}\n{header}" if given else header}


def claude_notes(argv: Sequence[str], env: Mapping[str, str], at: int = 0) -> list[str]:
    """What could still send Claude Code's requests past veil."""
    notes = [
        f"{name} is set: Claude Code then talks to that cloud directly, not through veil"
        for name in ELSEWHERE
        if switched_on(env.get(name, ""))
    ]
    if claude_argv(argv, "", at) == list(argv):
        notes.append(
            "--settings is given: if its env block sets ANTHROPIC_BASE_URL, that one is used"
        )
    return notes
