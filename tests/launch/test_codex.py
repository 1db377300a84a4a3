"""The Codex home veil run generates: the user's config merged, providers pointed at veil,
everything else of the user's linked in, and nothing of the user's written."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path
from typing import Any

import pytest

from veil.errors import ConfigError
from veil.launch.codex import codex_home, user_home, veil_config

GATEWAY = "http://127.0.0.1:9999"
USER_CONFIG = """\
model = "gpt-5.1-codex"
model_provider = "corp"
approval_policy = "on-request"
profile = "fast"

[model_providers.corp]
name = "Corp proxy"
base_url = "https://llm.corp.example/v1"
env_key = "CORP_KEY"
wire_api = "responses"
http_headers = { "X-Team" = "platform" }

[model_providers.local]
name = "Local"
base_url = "http://localhost:11434/v1"

[profiles.fast]
model = "gpt-5.1-codex-mini"
model_provider = "openai"

[profiles.offline]
model_provider = "ollama"

[profiles.shared]
model_provider = "corp"
analytics = { enabled = true }

[mcp_servers.docs]
command = "docs-server"
args = ["--stdio"]

[tui]
notifications = true
"""


def _merged(config: str, env: dict[str, str] | None = None, **kw: Any) -> dict[str, Any]:
    notes: list[str] = []
    auth = kw.pop("auth", {})
    out = veil_config(
        tomllib.loads(config), GATEWAY, env or {}, auth, kw.pop("token", False), notes
    )
    out["_notes"] = notes
    return out


def test_selected_provider_becomes_veil_with_its_key_and_headers() -> None:
    out = _merged(USER_CONFIG)
    assert out["model_provider"] == "veil"
    veil = out["model_providers"]["veil"]
    assert veil["base_url"] == GATEWAY + "/v1"
    assert veil["wire_api"] == "responses"
    assert veil["supports_websockets"] is True
    assert veil["env_key"] == "CORP_KEY"
    assert veil["http_headers"] == {"X-Team": "platform"}
    assert out["model_providers"]["corp"]["base_url"] == "https://llm.corp.example/v1"  # kept
    assert any("'corp'" in note and "llm.corp.example" in note for note in out["_notes"])


def test_profiles_are_pointed_at_veil_except_local_ones() -> None:
    out = _merged(USER_CONFIG)
    assert out["profiles"]["fast"]["model_provider"] == "veil-openai"
    assert out["profiles"]["shared"]["model_provider"] == "veil"
    assert out["profiles"]["offline"]["model_provider"] == "ollama"  # a local model: left
    assert out["profiles"]["shared"]["analytics"] == {"enabled": False}
    openai = out["model_providers"]["veil-openai"]
    assert openai["base_url"] == GATEWAY + "/v1" and openai["env_key"] == "OPENAI_API_KEY"


def test_other_keys_are_kept_and_reporting_is_off() -> None:
    out = _merged(USER_CONFIG)
    user = tomllib.loads(USER_CONFIG)
    for key in ("model", "approval_policy", "profile", "mcp_servers", "tui"):
        assert out[key] == user[key]
    assert out["check_for_update_on_startup"] is False
    assert out["analytics"] == {"enabled": False}
    assert out["feedback"] == {"enabled": False}
    assert out["openai_base_url"] == GATEWAY + "/v1"


def test_a_local_selected_provider_is_left_alone() -> None:
    out = _merged(
        'model_provider = "local"\n[model_providers.local]\nbase_url = "http://127.0.0.1:1/v1"\n'
    )
    assert out["model_provider"] == "local"
    assert "veil" not in out["model_providers"]


@pytest.mark.parametrize(
    ("env", "auth", "expected"),
    [
        ({"OPENAI_API_KEY": "k"}, {}, {"env_key": "OPENAI_API_KEY"}),
        ({}, {}, {"env_key": "OPENAI_API_KEY"}),
        ({}, {"OPENAI_API_KEY": "k"}, {"requires_openai_auth": True}),
    ],
)
def test_builtin_openai_keeps_its_credentials(
    env: dict[str, str], auth: dict[str, Any], expected: dict[str, Any]
) -> None:
    veil = _merged("", env, auth=auth)["model_providers"]["veil"]
    assert {k: veil[k] for k in expected} == expected
    assert not {"env_key", "requires_openai_auth"} - set(expected) & set(veil)


def test_a_chatgpt_login_is_warned_about() -> None:
    out = _merged("", {}, auth={"tokens": {"id_token": "x"}})
    assert any("ChatGPT" in note for note in out["_notes"])
    assert not _merged("", {"OPENAI_API_KEY": "k"}, auth={"tokens": {"a": 1}})["_notes"]


def test_token_is_sent_from_the_environment_never_written() -> None:
    veil = _merged("", {}, token=True)["model_providers"]["veil"]
    assert veil["env_http_headers"] == {"veil-token": "VEIL_TOKEN"}


def _user_home(tmp_path: Path) -> Path:
    home = tmp_path / "codex"
    (home / "sessions" / "2026").mkdir(parents=True)
    (home / "sessions" / "2026" / "s.jsonl").write_text("{}\n")
    (home / "config.toml").write_text(USER_CONFIG)
    (home / "auth.json").write_text(json.dumps({"OPENAI_API_KEY": None, "tokens": None}))
    (home / "history.jsonl").write_text("{}\n")
    (home / "AGENTS.md").write_text("Be brief.\n")
    return home


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def test_generated_home_links_the_users_entries_and_is_removed(tmp_path: Path) -> None:
    home = _user_home(tmp_path)
    before = _snapshot(home)
    with codex_home(home, GATEWAY, {}) as generated:
        path = generated.path
        config = tomllib.loads((path / "config.toml").read_text())
        assert config["model_provider"] == "veil"
        assert not (path / "config.toml").is_symlink()
        assert (path / "config.toml").stat().st_mode & 0o077 == 0
        for name in ("sessions", "auth.json", "history.jsonl", "AGENTS.md"):
            assert (path / name).is_symlink() and (path / name).resolve() == (home / name)
        with (path / "history.jsonl").open("a") as history:  # Codex appends: to the user's
            history.write("{}\n")
        (path / "new-cache.json").write_text("{}")  # what Codex creates anew stays here
    assert not path.exists()
    after = _snapshot(home)
    assert after.pop("history.jsonl") == before.pop("history.jsonl") + b"{}\n"
    assert after == before


def test_no_user_home_still_gives_a_veil_config(tmp_path: Path) -> None:
    with codex_home(tmp_path / "missing", GATEWAY, {}) as generated:
        config = tomllib.loads((generated.path / "config.toml").read_text())
        assert config["model_providers"]["veil"]["base_url"] == GATEWAY + "/v1"
        assert [p.name for p in generated.path.iterdir()] == ["config.toml"]


def test_invalid_user_config_is_a_clear_error(tmp_path: Path) -> None:
    (tmp_path / "config.toml").write_text("model = \n")
    with pytest.raises(ConfigError, match="not valid TOML"), codex_home(tmp_path, GATEWAY, {}):
        pass


def test_user_home_from_env(tmp_path: Path) -> None:
    assert user_home({"CODEX_HOME": str(tmp_path)}) == tmp_path
    assert user_home({"HOME": str(tmp_path)}) == tmp_path / ".codex"
