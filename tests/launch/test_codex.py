"""The Codex home veil run generates: the user's config merged, every remote provider pointed at
veil, everything else of the user's linked in, nothing of the user's written, and what Codex
creates there kept from one run to the next."""

from __future__ import annotations

import json
import os
import tomllib
from pathlib import Path
from typing import Any

import pytest

from tests.launch.test_probe import _Server
from veil.errors import ConfigError
from veil.launch.codex import codex_home, is_config, user_home, veil_config
from veil.launch.target import Target

GATEWAY = "http://127.0.0.1:9999"
TARGET = Target(GATEWAY, upstreams=frozenset({"openai", "anthropic", "mistral"}), veil_port=8787)
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

[model_providers.mistral]
name = "Mistral"
base_url = "https://api.mistral.ai/v1"
env_key = "MISTRAL_API_KEY"
wire_api = "chat"

[model_providers.azure]
base_url = "https://api.openai.com/v1"
env_key = "OPENAI_API_KEY"

[model_providers.local]
name = "Local"
base_url = "http://localhost:11434/v1"

[model_providers.manual-veil]
name = "veil, set up by hand as the README shows"
base_url = "http://127.0.0.1:8787/v1"

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
    target = kw.pop("target", TARGET)
    out = veil_config(
        tomllib.loads(config), Path("config.toml"), target, env or {}, kw.pop("auth", {}), notes
    )
    out["_notes"] = notes
    return out


def test_every_remote_provider_reaches_veil_selected_or_not() -> None:
    out = _merged(USER_CONFIG)
    providers = out["model_providers"]
    assert out["model_provider"] == "corp"  # the user's choice, now through veil
    assert providers["corp"]["base_url"] == GATEWAY + "/v1"
    assert providers["corp"]["env_key"] == "CORP_KEY"
    assert providers["corp"]["http_headers"] == {"X-Team": "platform"}
    # Not selected: `-c model_provider=mistral` must reach veil too, at veil's upstream of its name.
    assert providers["mistral"]["base_url"] == GATEWAY + "/mistral/v1"
    assert providers["mistral"]["wire_api"] == "chat"
    assert providers["azure"]["base_url"] == GATEWAY + "/v1"
    for entry in providers.values():
        assert not entry["base_url"].startswith("https://")


def test_a_provider_without_an_upstream_of_its_name_is_warned_about() -> None:
    notes = _merged(USER_CONFIG)["_notes"]
    assert len(notes) == 1  # corp; not mistral (veil has it), not azure (it is OpenAI's API)
    assert "'corp'" in notes[0] and "llm.corp.example" in notes[0]
    assert "[upstreams.corp]" in notes[0] and "\n" not in notes[0]


def test_local_model_servers_are_left_and_another_veil_is_replaced() -> None:
    providers = _merged(USER_CONFIG)["model_providers"]
    assert providers["local"]["base_url"] == "http://localhost:11434/v1"
    # The README's manual set-up, on veil's port: this run's gateway instead (veil run --new).
    assert providers["manual-veil"]["base_url"] == GATEWAY + "/v1"


def test_a_veil_on_another_port_is_found_by_its_answer() -> None:
    other = _Server(200, json.dumps({"veil": "1.0", "status": "ok"}).encode())
    try:
        config = f'[model_providers.v]\nbase_url = "{other.url}/anthropic/v1"\n'
        providers = _merged(config)["model_providers"]
    finally:
        other.close()
    assert providers["v"]["base_url"] == GATEWAY + "/anthropic/v1"


def test_builtin_openai_is_reached_through_veil_however_selected() -> None:
    out = _merged(USER_CONFIG)
    assert out["profiles"]["fast"]["model_provider"] == "veil-openai"
    assert out["profiles"]["shared"]["model_provider"] == "corp"
    assert out["profiles"]["offline"]["model_provider"] == "ollama"  # Codex's local one: left
    assert out["profiles"]["shared"]["analytics"] == {"enabled": False}
    stand_in = out["model_providers"]["veil-openai"]
    assert stand_in["base_url"] == GATEWAY + "/v1" and stand_in["env_key"] == "OPENAI_API_KEY"
    assert out["openai_base_url"] == GATEWAY + "/v1"  # `-c model_provider=openai`
    assert _merged("")["model_provider"] == "veil-openai"


def test_other_keys_are_kept_and_reporting_is_off() -> None:
    out = _merged(USER_CONFIG)
    user = tomllib.loads(USER_CONFIG)
    for key in ("model", "approval_policy", "profile", "mcp_servers", "tui"):
        assert out[key] == user[key]
    assert out["check_for_update_on_startup"] is False
    assert out["analytics"] == {"enabled": False}
    assert out["feedback"] == {"enabled": False}


def test_a_local_selected_provider_is_left_alone() -> None:
    out = _merged(
        'model_provider = "local"\n[model_providers.local]\nbase_url = "http://127.0.0.1:1/v1"\n'
    )
    assert out["model_provider"] == "local"
    assert out["model_providers"]["local"] == {"base_url": "http://127.0.0.1:1/v1"}


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
    veil = _merged("", env, auth=auth)["model_providers"]["veil-openai"]
    assert {k: veil[k] for k in expected} == expected
    assert not {"env_key", "requires_openai_auth"} - set(expected) & set(veil)


def test_a_chatgpt_login_is_warned_about() -> None:
    out = _merged("", {}, auth={"tokens": {"id_token": "x"}})
    assert any("ChatGPT" in note for note in out["_notes"])
    assert not _merged("", {"OPENAI_API_KEY": "k"}, auth={"tokens": {"a": 1}})["_notes"]


def test_token_is_sent_from_the_environment_never_written() -> None:
    token = Target(GATEWAY, token=True)
    out = _merged(USER_CONFIG, target=token)["model_providers"]
    for name in ("veil-openai", "corp", "mistral"):
        assert out[name]["env_http_headers"] == {"veil-token": "VEIL_TOKEN"}
    assert "env_http_headers" not in out["local"]
    assert "env_http_headers" not in _merged(USER_CONFIG)["model_providers"]["corp"]


@pytest.mark.parametrize(
    ("config", "what"),
    [
        ('profiles = {fast = "x"}', "profiles.fast is a string where Codex expects a table"),
        ('model_providers = ["a"]', "model_providers is an array where Codex expects a table"),
        ("analytics = true", "analytics is a boolean where Codex expects a table"),
        ("feedback = 1", "feedback is a number where Codex expects a table"),
        ("model_provider = 3", "model_provider is a number where Codex expects a string"),
        ("[model_providers.x]\nbase_url = 1", "model_providers.x.base_url is a number"),
        ("[profiles.p]\nanalytics = []", "profiles.p.analytics is an array"),
    ],
)
def test_a_wrongly_shaped_config_is_one_clear_error(config: str, what: str) -> None:
    with pytest.raises(ConfigError) as err:
        _merged(config)
    message = str(err.value)
    assert message.startswith(f"config.toml: {what}") and "; correct it" in message
    assert "\n" not in message


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


def test_generated_home_links_the_users_entries_and_writes_none(tmp_path: Path) -> None:
    home = _user_home(tmp_path)
    state = tmp_path / "state"
    before = _snapshot(home)
    path = codex_home(home, TARGET, {}, state).path
    assert path.parent == state / "codex-home"
    assert not str(path).startswith(str(home))
    config = tomllib.loads((path / "config.toml").read_text())
    assert config["model_providers"]["corp"]["base_url"] == GATEWAY + "/v1"
    assert not (path / "config.toml").is_symlink()
    assert (path / "config.toml").stat().st_mode & 0o077 == 0
    for name in ("sessions", "auth.json", "history.jsonl", "AGENTS.md"):
        assert (path / name).is_symlink() and (path / name).resolve() == (home / name)
    with (path / "history.jsonl").open("a") as history:  # Codex appends: to the user's
        history.write("{}\n")
    after = _snapshot(home)
    assert after.pop("history.jsonl") == before.pop("history.jsonl") + b"{}\n"
    assert after == before


def test_what_codex_creates_persists_and_links_are_refreshed(tmp_path: Path) -> None:
    home = _user_home(tmp_path)
    state = tmp_path / "state"
    path = codex_home(home, TARGET, {}, state).path
    # What Codex does in a run: its own files, and a project's trust in its config.toml.
    (path / "state_5.sqlite").write_bytes(b"codex state")
    (path / "installation_id").write_text("id")
    with (path / "config.toml").open("a") as written:
        written.write('\n[projects."/work/app"]\ntrust_level = "trusted"\n')
    (home / "AGENTS.md").unlink()  # the user removes one entry and adds another
    (home / "rules").mkdir()
    other = Target("http://127.0.0.1:7777")
    again = codex_home(home, other, {}, state).path
    assert again == path
    assert (path / "state_5.sqlite").read_bytes() == b"codex state"
    assert (path / "installation_id").read_text() == "id"
    config = tomllib.loads((path / "config.toml").read_text())
    assert config["projects"] == {"/work/app": {"trust_level": "trusted"}}
    assert config["openai_base_url"] == "http://127.0.0.1:7777/v1"  # rewritten for this run
    assert not (path / "AGENTS.md").is_symlink() and not (path / "AGENTS.md").exists()
    assert (path / "rules").is_symlink() and (path / "rules").resolve() == home / "rules"
    assert sorted(p.name for p in path.iterdir() if p.name.startswith(".")) == []  # no temp left


def test_codex_created_entries_win_over_a_later_user_entry(tmp_path: Path) -> None:
    home = _user_home(tmp_path)
    path = codex_home(home, TARGET, {}, tmp_path / "state").path
    (path / "skills").mkdir()
    (path / "skills" / "mine.md").write_text("x")
    (home / "skills").mkdir()
    codex_home(home, TARGET, {}, tmp_path / "state")
    assert not (path / "skills").is_symlink() and (path / "skills" / "mine.md").exists()


# `codex --profile NAME` layers $CODEX_HOME/NAME.config.toml over config.toml: a profile file
# must never reach Codex as the user wrote it.
SIDE_PROFILE = """\
model = "gpt-5.1-codex-mini"
model_provider = "side"
openai_base_url = "https://openai-proxy.example/v1"

[model_providers.side]
name = "Side"
base_url = "https://side.example/v1"
env_key = "SIDE_KEY"

[model_providers.veil-openai]
base_url = "https://not-veil.example/v1"

[analytics]
enabled = true
"""


def test_profile_files_are_rewritten_like_config_toml(tmp_path: Path) -> None:
    home = _user_home(tmp_path)
    (home / "side.config.toml").write_text(SIDE_PROFILE)
    (home / "work.config.toml").write_text('model_provider = "openai"\n')
    (home / "plain.config.toml").write_text('model = "gpt-5.1-codex-mini"\n')
    before = _snapshot(home)
    generated = codex_home(home, TARGET, {}, tmp_path / "state")
    path = generated.path
    for name in ("side.config.toml", "work.config.toml", "plain.config.toml"):
        assert not (path / name).is_symlink(), name
        assert (path / name).stat().st_mode & 0o077 == 0
    side = tomllib.loads((path / "side.config.toml").read_text())
    assert side["model_provider"] == "side" and side["model"] == "gpt-5.1-codex-mini"
    assert side["model_providers"]["side"]["base_url"] == GATEWAY + "/v1"
    assert side["model_providers"]["side"]["env_key"] == "SIDE_KEY"
    assert side["model_providers"]["veil-openai"]["base_url"] == GATEWAY + "/v1"  # not theirs
    assert side["openai_base_url"] == GATEWAY + "/v1"
    assert side["analytics"] == {"enabled": False}
    assert any("'side'" in note and "side.example" in note for note in generated.notes)
    work = tomllib.loads((path / "work.config.toml").read_text())
    assert work["model_provider"] == "veil-openai"
    # No provider named: config.toml's selection applies, so none is added.
    assert "model_provider" not in tomllib.loads((path / "plain.config.toml").read_text())
    assert _snapshot(home) == before


def test_a_removed_profile_file_goes_and_an_old_link_to_one_is_replaced(tmp_path: Path) -> None:
    home = _user_home(tmp_path)
    (home / "side.config.toml").write_text(SIDE_PROFILE)
    state = tmp_path / "state"
    path = codex_home(home, TARGET, {}, state).path
    (home / "side.config.toml").unlink()
    (home / "old.config.toml").write_text(SIDE_PROFILE)
    (path / "old.config.toml").symlink_to(home / "old.config.toml")  # as a veil before made it
    (path / "stray.config.toml").write_text(SIDE_PROFILE)  # none of the user's: not kept
    codex_home(home, TARGET, {}, state)
    assert not (path / "side.config.toml").exists()
    assert not (path / "stray.config.toml").exists()
    assert not (path / "old.config.toml").is_symlink()
    old = tomllib.loads((path / "old.config.toml").read_text())
    assert old["model_providers"]["side"]["base_url"] == GATEWAY + "/v1"
    assert (home / "old.config.toml").read_text() == SIDE_PROFILE


def test_a_wrong_profile_file_is_one_clear_error(tmp_path: Path) -> None:
    (tmp_path / "p.config.toml").write_text("model_providers = 3\n")
    with pytest.raises(ConfigError, match=r"p\.config\.toml: model_providers is a number"):
        codex_home(tmp_path, TARGET, {}, tmp_path / "state")


def test_config_files_are_told_apart() -> None:
    assert is_config("config.toml") and is_config("work.config.toml")
    assert not is_config("auth.json") and not is_config("config.toml.bak")


def test_each_user_home_has_its_own(tmp_path: Path) -> None:
    one = codex_home(tmp_path / "a", TARGET, {}, tmp_path / "state").path
    two = codex_home(tmp_path / "b", TARGET, {}, tmp_path / "state").path
    assert one != two and one.parent == two.parent


def test_no_user_home_still_gives_a_veil_config(tmp_path: Path) -> None:
    generated = codex_home(tmp_path / "missing", TARGET, {}, tmp_path / "state")
    config = tomllib.loads((generated.path / "config.toml").read_text())
    assert config["model_providers"]["veil-openai"]["base_url"] == GATEWAY + "/v1"
    assert [p.name for p in generated.path.iterdir()] == ["config.toml"]
    assert os.stat(generated.path).st_mode & 0o077 == 0


def test_invalid_user_config_is_a_clear_error(tmp_path: Path) -> None:
    (tmp_path / "config.toml").write_text("model = \n")
    with pytest.raises(ConfigError, match="not valid TOML"):
        codex_home(tmp_path, TARGET, {}, tmp_path / "state")


def test_user_home_from_env(tmp_path: Path) -> None:
    assert user_home({"CODEX_HOME": str(tmp_path)}) == tmp_path
    assert user_home({"HOME": str(tmp_path)}) == tmp_path / ".codex"
