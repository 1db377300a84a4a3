"""Claude Code's command line and environment under veil run."""

from __future__ import annotations

import json

import pytest

from veil.launch.claude import claude_argv, claude_env, claude_notes, switched_on

GATEWAY = "http://127.0.0.1:9999"


def test_settings_put_the_base_url_and_quiet_switches_above_the_users_files() -> None:
    argv = claude_argv(["claude", "-p", "hi"], GATEWAY)
    assert argv[0] == "claude" and argv[1] == "--settings" and argv[3:] == ["-p", "hi"]
    env = json.loads(argv[2])["env"]
    assert env["ANTHROPIC_BASE_URL"] == GATEWAY
    assert env["DISABLE_TELEMETRY"] == env["DISABLE_AUTOUPDATER"] == "1"
    assert not any("KEY" in name for name in env)


def test_settings_go_after_claude_when_a_runner_starts_it() -> None:
    argv = ["npx", "-y", "@anthropic-ai/claude-code", "-p", "hi"]
    out = claude_argv(argv, GATEWAY, at=2)
    assert out[:4] == ["npx", "-y", "@anthropic-ai/claude-code", "--settings"]
    assert out[5:] == ["-p", "hi"]
    assert json.loads(out[4])["env"]["ANTHROPIC_BASE_URL"] == GATEWAY
    given = ["npx", "@anthropic-ai/claude-code", "--settings", "my.json"]
    assert claude_argv(given, GATEWAY, at=1) == given
    assert any("--settings" in note for note in claude_notes(given, {}, at=1))


def test_the_users_own_settings_flag_is_left_and_noted() -> None:
    for argv in (["claude", "--settings", "my.json"], ["claude", "--settings={}"]):
        assert claude_argv(argv, GATEWAY) == argv
        assert any("--settings" in note for note in claude_notes(argv, {}))


def test_cloud_providers_are_noted() -> None:
    notes = claude_notes(
        ["claude"], {"CLAUDE_CODE_USE_BEDROCK": "1", "CLAUDE_CODE_USE_VERTEX": "0"}
    )
    assert len(notes) == 1 and "CLAUDE_CODE_USE_BEDROCK" in notes[0]
    assert claude_notes(["claude"], {}) == []


def test_token_goes_in_custom_headers_after_the_users() -> None:
    token = "t" * 12  # veil:allow test value
    assert claude_env({"VEIL_TOKEN": token}, token=False) == {}
    assert claude_env({"VEIL_TOKEN": token}, token=True) == {
        "ANTHROPIC_CUSTOM_HEADERS": f"veil-token: {token}"
    }
    given = {"VEIL_TOKEN": token, "ANTHROPIC_CUSTOM_HEADERS": "X-Team: a\n"}
    assert claude_env(given, token=True)["ANTHROPIC_CUSTOM_HEADERS"] == (
        f"X-Team: a\nveil-token: {token}"
    )


_SWITCHES = [("1", True), ("true", True), ("YES", True), (" on ", True), (True, True)]
_SWITCHES += [("", False), ("0", False), ("false", False), ("no", False), ("2", False)]


@pytest.mark.parametrize(("value", "on"), _SWITCHES)
def test_a_switch_is_on_as_claude_code_reads_it(value: object, on: bool) -> None:
    assert switched_on(value) is on
    notes = claude_notes(["claude"], {"CLAUDE_CODE_USE_MANTLE": str(value)})
    assert bool(notes) is on
