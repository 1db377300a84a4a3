from __future__ import annotations

import json
from pathlib import Path

import pytest

from veil.doctor.toolconfig import Places, aider, claude, codex, config_dir, continue_, llm


def _places(tmp_path: Path, **env: str) -> Places:
    home = tmp_path / "home"
    home.mkdir(parents=True, exist_ok=True)
    return Places(home, {"HOME": str(home), **env}, repo=tmp_path / "repo", cwd=tmp_path / "repo")


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)


def test_claude_reads_user_and_project_settings(tmp_path: Path) -> None:
    places = _places(tmp_path, ANTHROPIC_BASE_URL="http://127.0.0.1:8787")
    user = {"env": {"ANTHROPIC_BASE_URL": "https://gw.example/x", "DISABLE_TELEMETRY": "1"}}
    _write(places.home / ".claude" / "settings.json", json.dumps(user))
    local = {"env": {"CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC": "1"}}
    _write(tmp_path / "repo" / ".claude" / "settings.local.json", json.dumps(local))
    found = claude(places)
    assert [s.where for s in found.urls] == ["~/.claude/settings.json env.ANTHROPIC_BASE_URL"]
    telemetry, errors = found.switches
    assert (telemetry.what, telemetry.off, telemetry.where) == (
        "telemetry",
        True,
        "~/.claude/settings.json",
    )
    assert errors.off is True and errors.where.endswith("settings.local.json")


def test_claude_says_not_set_when_nothing_says(tmp_path: Path) -> None:
    found = claude(_places(tmp_path))
    assert found.urls == [] and found.files == []
    assert [(s.off, s.default) for s in found.switches] == [(None, "on"), (None, "on")]


def test_claude_honours_its_config_dir_variable(tmp_path: Path) -> None:
    other = tmp_path / "elsewhere"
    places = _places(tmp_path, CLAUDE_CONFIG_DIR=str(other))
    _write(other / "settings.json", json.dumps({"env": {"DISABLE_ERROR_REPORTING": "1"}}))
    assert claude(places).switches[1].off is True
    assert config_dir("claude", places) == other


def test_codex_follows_the_profile_to_its_provider(tmp_path: Path) -> None:
    places = _places(tmp_path)
    _write(
        places.home / ".codex" / "config.toml",
        'profile = "work"\nmodel_provider = "openai"\n'
        '[profiles.work]\nmodel_provider = "veil"\n'
        '[model_providers.veil]\nbase_url = "http://127.0.0.1:8787/v1"\n'
        "[analytics]\nenabled = false\n",
    )
    found = codex(places)
    assert [(s.where, s.url) for s in found.urls] == [
        ("~/.codex/config.toml [model_providers.veil] base_url", "http://127.0.0.1:8787/v1")
    ]
    assert found.switches[0].off is True


def test_codex_builtin_provider_reads_openai_base_url_not_the_variable(tmp_path: Path) -> None:
    home = tmp_path / "codex-home"
    places = _places(tmp_path, CODEX_HOME=str(home), OPENAI_BASE_URL="http://127.0.0.1:9/v1")
    _write(home / "config.toml", "[analytics]\nenabled = true\n")
    found = codex(places)
    assert found.urls == []  # Codex ignores OPENAI_BASE_URL
    assert found.switches[0].off is False
    _write(home / "config.toml", 'openai_base_url = "http://127.0.0.1:8787/v1"\n')
    assert [s.where for s in codex(places).urls] == [f"{home}/config.toml openai_base_url"]


def test_claude_settings_files_apply_over_the_shell_and_each_other(tmp_path: Path) -> None:
    places = _places(tmp_path, ANTHROPIC_BASE_URL="https://shell.example")
    user = {"env": {"ANTHROPIC_BASE_URL": "https://user.example"}}
    _write(places.home / ".claude" / "settings.json", json.dumps(user))
    assert [s.url for s in claude(places).urls] == ["https://user.example"]
    local = {"env": {"ANTHROPIC_BASE_URL": "http://127.0.0.1:8787"}}
    path = tmp_path / "repo" / ".claude" / "settings.local.json"
    _write(path, json.dumps(local))
    assert [(s.where, s.url) for s in claude(places).urls] == [
        (f"{path} env.ANTHROPIC_BASE_URL", "http://127.0.0.1:8787")
    ]


@pytest.mark.parametrize(("value", "off"), [("1", True), ("true", True), ("0", None), ("", None)])
def test_claude_reads_do_not_track_as_telemetry_off_only(
    tmp_path: Path, value: str, off: bool | None
) -> None:
    telemetry, errors = claude(_places(tmp_path, DO_NOT_TRACK=value)).switches
    assert telemetry.off is off
    assert errors.off is None  # Claude Code still reports errors under DO_NOT_TRACK


def test_claude_cloud_switches_send_it_past_any_base_url(tmp_path: Path) -> None:
    places = _places(tmp_path, ANTHROPIC_BASE_URL="http://127.0.0.1:8787")
    _write(
        places.home / ".claude" / "settings.json",
        json.dumps({"env": {"CLAUDE_CODE_USE_VERTEX": "1"}}),
    )
    assert claude(places).direct == (
        "CLAUDE_CODE_USE_VERTEX (~/.claude/settings.json): it talks to Vertex directly;"
        " veil cannot see it"
    )
    off = _places(tmp_path / "other", CLAUDE_CODE_USE_BEDROCK="false")
    assert claude(off).direct is None


def test_aider_reads_home_and_repository_files(tmp_path: Path) -> None:
    places = _places(tmp_path)
    _write(places.home / ".aider.conf.yml", "analytics: true\n")
    _write(
        tmp_path / "repo" / ".aider.conf.yml",
        "openai-api-base: http://127.0.0.1:8787/v1\nanalytics-disable: true\n",
    )
    found = aider(places)
    assert [s.url for s in found.urls] == ["http://127.0.0.1:8787/v1"]
    assert found.switches[0].off is True


def test_aider_unset_says_it_asks(tmp_path: Path) -> None:
    switch = aider(_places(tmp_path)).switches[0]
    assert switch.off is None and switch.default == "asks before collecting"


def test_llm_reads_extra_models(tmp_path: Path) -> None:
    places = _places(tmp_path, LLM_USER_PATH=str(tmp_path / "llm"))
    _write(
        tmp_path / "llm" / "extra-openai-models.yaml",
        "- model_id: mine\n  model_name: gpt-x\n  api_base: http://127.0.0.1:8787/v1\n",
    )
    found = llm(places)
    assert found.urls[0].where.endswith("model mine api_base")
    assert found.switches == []


def test_continue_reads_models_and_telemetry(tmp_path: Path) -> None:
    places = _places(tmp_path)
    _write(
        places.home / ".continue" / "config.yaml",
        "models:\n  - name: m\n    provider: openai\n    apiBase: https://api.openai.com/v1\n",
    )
    _write(
        places.home / ".continue" / "config.json", json.dumps({"allowAnonymousTelemetry": False})
    )
    found = continue_(places)
    assert [s.url for s in found.urls] == ["https://api.openai.com/v1"]
    assert found.switches[0].off is True


def test_a_broken_file_is_read_as_empty(tmp_path: Path) -> None:
    places = _places(tmp_path)
    _write(places.home / ".claude" / "settings.json", "{not json")
    _write(places.home / ".continue" / "config.yaml", "models: [unclosed\n")
    assert claude(places).urls == []
    assert continue_(places).urls == []
