"""The clients `veil run` knows, found by the executable a command line starts."""

from __future__ import annotations

import pytest

from veil.launch.clients import (
    CLIENTS,
    LLM,
    OTHER_BASE_URL_ENV,
    SUFFIX,
    base_urls,
    client_for,
    locate,
)


@pytest.mark.parametrize(
    ("argv0", "key"),
    [
        ("claude", "claude"),
        ("/usr/local/bin/claude", "claude"),
        ("./node_modules/.bin/codex", "codex"),
        ("aider", "aider"),
        ("llm", "llm"),
        ("cn", "continue"),
        ("C:/tools/codex.exe", "codex"),
    ],
)
def test_client_found_by_executable_basename(argv0: str, key: str) -> None:
    spec = client_for(argv0)
    assert spec is not None and spec.key == key


@pytest.mark.parametrize("argv0", ["python", "claude-code", "/opt/claude/bin/node", "", "llm2"])
def test_other_commands_are_no_known_client(argv0: str) -> None:
    assert client_for(argv0) is None


@pytest.mark.parametrize(
    ("argv", "key", "at"),
    [
        (["codex", "exec"], "codex", 0),
        (["npx", "codex", "exec"], "codex", 1),
        (["npx", "-y", "@openai/codex@0.171.0", "exec"], "codex", 2),
        (["npx", "--package", "@openai/codex", "codex", "exec"], "codex", 3),
        (["/usr/bin/env", "FOO=1", "-u", "BAR", "claude", "-p", "hi"], "claude", 4),
        (["env", "A=1", "npx", "@anthropic-ai/claude-code", "-p"], "claude", 3),
        (["bunx", "@continuedev/cli", "-p", "x"], "continue", 1),
        (["pnpm", "dlx", "@openai/codex", "exec"], "codex", 2),
        (["yarn", "dlx", "codex"], "codex", 2),
        (["uvx", "--from", "aider-chat", "aider", "--model", "x"], "aider", 3),
        (["pipx", "run", "llm", "hi"], "llm", 2),
    ],
)
def test_clients_are_found_through_runners(argv: list[str], key: str, at: int) -> None:
    spec, index = locate(argv)
    assert spec is not None and (spec.key, index) == (key, at)


@pytest.mark.parametrize(
    "argv",
    [
        ["python", "agent.py", "codex"],
        ["npx", "prettier", "codex"],
        ["env", "FOO=1"],
        ["pnpm", "install", "codex"],
        ["npx"],
        [],
    ],
)
def test_a_runner_of_something_else_is_no_client(argv: list[str]) -> None:
    assert locate(argv) == (None, 0)


def test_llm_gets_both_families_base_urls() -> None:
    assert set(LLM.base_url_env) == {"OPENAI_BASE_URL", "ANTHROPIC_BASE_URL"}


def test_keys_titles_and_executables_are_unique() -> None:
    for field in ("key", "title"):
        values = [getattr(spec, field) for spec in CLIENTS]
        assert len(values) == len(set(values))
    names = [name for spec in CLIENTS for name in spec.executables]
    assert len(names) == len(set(names))


def test_every_base_url_variable_has_a_known_suffix() -> None:
    for spec in CLIENTS:
        assert set(spec.base_url_env) <= set(SUFFIX)
    assert set(OTHER_BASE_URL_ENV) == set(SUFFIX)


def test_base_urls_anthropic_at_the_root_openai_under_v1() -> None:
    assert base_urls(OTHER_BASE_URL_ENV, "http://127.0.0.1:9") == {
        "ANTHROPIC_BASE_URL": "http://127.0.0.1:9",
        "OPENAI_BASE_URL": "http://127.0.0.1:9/v1",
        "OPENAI_API_BASE": "http://127.0.0.1:9/v1",
    }


def test_quiet_settings_turn_things_off_and_set_no_key() -> None:
    claude = client_for("claude")
    assert claude is not None
    assert claude.quiet_env["DISABLE_TELEMETRY"] == "1"
    assert claude.quiet_env["DISABLE_AUTOUPDATER"] == "1"
    aider = client_for("aider")
    assert aider is not None and aider.quiet_env["AIDER_ANALYTICS"] == "false"
    for spec in CLIENTS:
        assert not any("KEY" in name or "TOKEN" in name for name in spec.quiet_env)
        with pytest.raises(TypeError):
            spec.quiet_env["X"] = "1"  # type: ignore[index]
