"""The AI clients veil knows how to point at a gateway: their executables, the environment
variables that route them to a base URL, and the settings that keep their own reporting quiet."""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType

# What each base-URL variable holds, after the gateway's root: Anthropic's SDKs add `/v1/...`
# themselves, OpenAI's expect the `/v1` in the base.
SUFFIX = MappingProxyType(
    {"ANTHROPIC_BASE_URL": "", "OPENAI_BASE_URL": "/v1", "OPENAI_API_BASE": "/v1"}
)


@dataclass(frozen=True)
class ClientSpec:
    """A client `veil run` knows: how it is started and how it is pointed at veil."""

    key: str  # a short stable name: "claude", "codex", ...
    title: str  # the product's name, as its users know it
    executables: tuple[str, ...]  # the names it is started by
    packages: tuple[str, ...]  # the packages a runner (npx, uvx...) starts it from
    base_url_env: tuple[str, ...]  # variables that route it to a base URL (none: a config file)
    quiet_env: Mapping[str, str]  # telemetry, auto-update and error reporting off under veil


def _env(**values: str) -> Mapping[str, str]:
    return MappingProxyType(values)


CLAUDE = ClientSpec(
    key="claude",
    title="Claude Code",
    executables=("claude",),
    packages=("@anthropic-ai/claude-code",),
    base_url_env=("ANTHROPIC_BASE_URL",),
    # Not CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: it also turns off features (projects, live
    # preview). /feedback is off because it uploads the transcript to Anthropic past veil.
    quiet_env=_env(
        DISABLE_TELEMETRY="1",
        DISABLE_AUTOUPDATER="1",
        DISABLE_ERROR_REPORTING="1",
        DISABLE_BUG_COMMAND="1",
    ),
)
CODEX = ClientSpec(
    key="codex",
    title="Codex CLI",
    executables=("codex",),
    packages=("@openai/codex",),
    base_url_env=(),  # a provider in $CODEX_HOME/config.toml (veil run generates one)
    quiet_env=_env(),  # check_for_update_on_startup, [analytics] and [feedback] in config.toml
)
AIDER = ClientSpec(
    key="aider",
    title="Aider",
    executables=("aider",),
    packages=("aider-chat",),
    base_url_env=("OPENAI_API_BASE", "OPENAI_BASE_URL", "ANTHROPIC_BASE_URL"),
    quiet_env=_env(AIDER_ANALYTICS="false", AIDER_CHECK_UPDATE="false"),
)
LLM = ClientSpec(
    key="llm",
    title="llm",
    executables=("llm",),
    packages=(),
    # The openai SDK behind its OpenAI models reads the first; the llm-anthropic plugin the second.
    base_url_env=("OPENAI_BASE_URL", "ANTHROPIC_BASE_URL"),
    quiet_env=_env(),  # llm reports nothing
)
CONTINUE = ClientSpec(
    key="continue",
    title="Continue CLI",
    executables=("cn",),
    packages=("@continuedev/cli",),
    base_url_env=(),  # each model's `apiBase` in config.yaml (veil run writes a private copy)
    # Set by cn itself after it updated and restarted: it then never updates again.
    quiet_env=_env(CONTINUE_CLI_AUTO_UPDATED="1"),
)
CLIENTS: tuple[ClientSpec, ...] = (CLAUDE, CODEX, AIDER, LLM, CONTINUE)

# Any other command: both families' variables.
OTHER_BASE_URL_ENV = ("ANTHROPIC_BASE_URL", "OPENAI_BASE_URL", "OPENAI_API_BASE")


# Commands that start another one: the words that name them, then their options and the command.
_RUNNERS = {
    ("env",): 1,
    ("npx",): 1,
    ("pnpx",): 1,
    ("bunx",): 1,
    ("uvx",): 1,
    ("pnpm", "dlx"): 2,
    ("yarn", "dlx"): 2,
    ("bun", "x"): 2,
    ("pipx", "run"): 2,
}
# Runner options followed by a value (`npx -p PKG`, `env -u NAME`, `uvx --from PKG`).
_VALUED = frozenset({"-p", "--package", "-u", "--unset", "-C", "--chdir", "--from", "--spec"})


def client_for(argv0: str) -> ClientSpec | None:
    """The client a command line starts, by its executable's name (a path or `.exe` allowed)
    or by the package a runner starts it from (a version allowed: `@openai/codex@latest`)."""
    name = _name(argv0)
    for spec in CLIENTS:
        if name in spec.executables or name in spec.packages:
            return spec
    return None


def locate(argv: Sequence[str]) -> tuple[ClientSpec | None, int]:
    """The client `argv` starts and its index there, looking through runners such as `env A=1`,
    `npx`, `bunx`, `pnpm dlx` (None and 0 when it is none veil knows)."""
    at = 0
    while at < len(argv):
        spec = client_for(argv[at])
        if spec is not None:
            return spec, at
        words = _runner(argv, at)
        if not words:
            break
        at += words
        while at < len(argv) and (argv[at].startswith("-") or "=" in argv[at]):
            at += 2 if argv[at] in _VALUED else 1
    return None, 0


def _runner(argv: Sequence[str], at: int) -> int:
    """How many words a runner at `at` takes (0: none is there)."""
    for words, count in _RUNNERS.items():
        given = tuple(_name(w) if i == 0 else w for i, w in enumerate(argv[at : at + count]))
        if given == words:
            return count
    return 0


def _name(word: str) -> str:
    """An executable's name, or a package's without its version."""
    if word.startswith("@"):  # a scoped package: @scope/name[@version]
        scope, _, rest = word.partition("/")
        return f"{scope}/{rest.partition('@')[0]}"
    name = os.path.basename(word)
    if name.lower().endswith(".exe"):
        name = name[:-4]
    return name.partition("@")[0]


def base_urls(names: tuple[str, ...], root: str) -> dict[str, str]:
    """Each base-URL variable's value for a gateway at `root` (no trailing slash)."""
    return {name: root + SUFFIX[name] for name in names}
