from __future__ import annotations

import json
from pathlib import Path

import pytest

from veil.doctor.knock import NOTHING, Knock
from veil.doctor.report import Check, Status
from veil.doctor.toolconfig import Places
from veil.doctor.tools import Veils, shown_url, tool_checks

VEIL = "http://127.0.0.1:8787"


class Answers:
    """What each root answers, and which roots were asked."""

    def __init__(self, roots: dict[str, Knock] | None = None) -> None:
        self.roots = roots or {}
        self.asked: list[str] = []

    def __call__(self, root: str) -> Knock:
        self.asked.append(root)
        return self.roots.get(root, NOTHING)


UP = Answers({VEIL: Knock(True, "1.2")})


def _stub(folder: Path, name: str) -> None:
    folder.mkdir(exist_ok=True)
    path = folder / name
    path.write_text("#!/bin/sh\nexit 0\n")
    path.chmod(0o755)


def _setup(tmp_path: Path, **env: str) -> tuple[Places, Path]:
    home = tmp_path / "home"
    home.mkdir(exist_ok=True)
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir(exist_ok=True)
    return Places(home, {"HOME": str(home), "PATH": str(bin_dir), **env}), bin_dir


def _checks(places: Places, answers: Answers = UP) -> dict[str, Check]:
    return {c.id: c for c in tool_checks(places, Veils(8787, ask=answers), VEIL)}


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        ("https://user:pw@gw.example:8443/v1?key=abc#x", "https://gw.example:8443/v1"),
        ("http://[::1]:8787", "http://[::1]:8787"),
        ("nonsense", "(not a URL)"),
        ("http:u:PW@host", "(not a URL)"),
        ("https:/u:PW@host", "(not a URL)"),
        ("http://[::1:8787", "(not a URL)"),
        ("http://u:PW@[::1:8787", "(not a URL)"),
        ("http://gw.example:99999/v1", "(not a URL)"),
        ("https://gw.example/openai/v1", "https://gw.example/openai/v1"),
        ("https://gw.example/k/Zq9x2Lm4Pw7Rt1Yb8Nc3/v1", "https://gw.example/k/***/v1"),
        ("https://gw.example/sk-0123456789/v1", "https://gw.example/***/v1"),
        ("https://gw.example/a%20b/v1", "https://gw.example/***/v1"),
    ],
)
def test_shown_urls_never_carry_a_secret(url: str, shown: str) -> None:
    assert shown_url(url) == shown


def test_only_this_machines_addresses_are_asked_and_each_once() -> None:
    answers = Answers({VEIL: Knock(True, "1.2")})
    veils = Veils(8787, "192.0.2.9", answers)
    assert veils.judge(f"{VEIL}/v1").words == f"veil 1.2 at {VEIL}/v1"
    assert veils.judge(VEIL).routed
    outside = veils.judge("https://api.openai.com/v1")
    assert (
        not outside.routed and outside.words == "points at https://api.openai.com/v1, not at veil"
    )
    assert veils.judge("http://localhost:9999").words.endswith("where nothing answers")
    veils.judge("http://192.0.2.9:8787/v1")  # the gateway's own configured address
    assert answers.asked == [VEIL, "http://localhost:9999", "http://192.0.2.9:8787"]


def test_veils_port_not_answering_is_not_routed() -> None:
    verdict = Veils(8787, ask=Answers()).judge(VEIL)
    assert not verdict.routed
    assert verdict.words == f"veil is not running at {VEIL}"
    assert verdict.fix == "start it with `veil serve`"


def test_something_else_on_veils_port_is_not_veil() -> None:
    verdict = Veils(8787, ask=Answers({VEIL: Knock(True)})).judge(VEIL)
    assert not verdict.routed and "something other than veil answers" in verdict.words


def test_veil_asking_for_a_token_is_veil() -> None:
    verdict = Veils(8787, ask=Answers({VEIL: Knock(True, refused=True)})).judge(VEIL)
    assert verdict.routed and "needs a token" in verdict.words


def test_installed_and_routed_through_veil_is_green(tmp_path: Path) -> None:
    places, bin_dir = _setup(tmp_path, ANTHROPIC_BASE_URL=VEIL)
    _stub(bin_dir, "claude")
    checks = _checks(places)
    assert checks["tool.claude.routed"].status is Status.GREEN
    assert checks["tool.claude.telemetry"].status is Status.YELLOW
    assert checks["tool.codex.routed"].status is Status.SKIP
    assert checks["tool.cursor.routed"].status is Status.SKIP


def test_routed_at_veils_port_with_veil_down_is_yellow(tmp_path: Path) -> None:
    places, bin_dir = _setup(tmp_path, ANTHROPIC_BASE_URL=VEIL)
    _stub(bin_dir, "claude")
    check = _checks(places, Answers())["tool.claude.routed"]
    assert check.status is Status.YELLOW
    assert check.detail == f"ANTHROPIC_BASE_URL in this shell veil is not running at {VEIL}"
    assert check.fix == "start it with `veil serve`"


def test_installed_but_direct_is_yellow_with_veil_run(tmp_path: Path) -> None:
    places, bin_dir = _setup(tmp_path)
    _stub(bin_dir, "codex")
    check = _checks(places)["tool.codex.routed"]
    assert check.status is Status.YELLOW
    assert check.fix == "veil run -- codex"


def test_codex_is_not_routed_by_openai_base_url(tmp_path: Path) -> None:
    places, bin_dir = _setup(tmp_path, OPENAI_BASE_URL=f"{VEIL}/v1")
    _stub(bin_dir, "codex")
    check = _checks(places)["tool.codex.routed"]
    assert check.status is Status.YELLOW and "no base URL points it at veil" in check.detail


def test_claudes_settings_env_wins_over_the_shell(tmp_path: Path) -> None:
    places, bin_dir = _setup(tmp_path, ANTHROPIC_BASE_URL="https://api.anthropic.com")
    _stub(bin_dir, "claude")
    _write(
        places.home / ".claude" / "settings.json", json.dumps({"env": {"ANTHROPIC_BASE_URL": VEIL}})
    )
    check = _checks(places)["tool.claude.routed"]
    assert check.status is Status.GREEN
    assert check.detail == f"~/.claude/settings.json env.ANTHROPIC_BASE_URL: veil 1.2 at {VEIL}"


def test_a_config_pointing_elsewhere_is_yellow_and_named(tmp_path: Path) -> None:
    places, _ = _setup(tmp_path, ANTHROPIC_BASE_URL=VEIL)
    settings = {"env": {"ANTHROPIC_BASE_URL": "https://k:s@other.example"}}
    _write(places.home / ".claude" / "settings.json", json.dumps(settings))
    check = _checks(places)["tool.claude.routed"]
    assert check.status is Status.YELLOW
    where = "~/.claude/settings.json env.ANTHROPIC_BASE_URL"
    assert check.detail == f"{where} points at https://other.example, not at veil"
    assert "k:s" not in (check.fix or "")


@pytest.mark.parametrize("where", ["shell", "settings"])
@pytest.mark.parametrize("switch", ["CLAUDE_CODE_USE_BEDROCK", "CLAUDE_CODE_USE_VERTEX"])
def test_claude_sent_to_a_cloud_directly_is_yellow(tmp_path: Path, where: str, switch: str) -> None:
    env = {"ANTHROPIC_BASE_URL": VEIL} | ({switch: "1"} if where == "shell" else {})
    places, bin_dir = _setup(tmp_path, **env)
    _stub(bin_dir, "claude")
    if where == "settings":
        _write(places.home / ".claude" / "settings.json", json.dumps({"env": {switch: "true"}}))
    check = _checks(places)["tool.claude.routed"]
    assert check.status is Status.YELLOW
    cloud = switch.removeprefix("CLAUDE_CODE_USE_").title()
    assert f"it talks to {cloud} directly; veil cannot see it" in check.detail


def test_a_cloud_switch_set_off_is_no_cloud(tmp_path: Path) -> None:
    places, bin_dir = _setup(tmp_path, ANTHROPIC_BASE_URL=VEIL, CLAUDE_CODE_USE_BEDROCK="0")
    _stub(bin_dir, "claude")
    assert _checks(places)["tool.claude.routed"].status is Status.GREEN


MALFORMED: list[object] = [["a"], {"x": 1}, 3, 1.5, True, None, "", "http://[::1:8787", "x" * 5000]


def _toml(value: object) -> str:
    if value is None:
        return "[]"
    return json.dumps(value) if not isinstance(value, dict) else "{ x = 1 }"


@pytest.mark.parametrize("value", MALFORMED)
def test_malformed_settings_never_raise(tmp_path: Path, value: object) -> None:
    places, bin_dir = _setup(
        tmp_path, ANTHROPIC_BASE_URL="http://[::1:8787", OPENAI_BASE_URL="http://u:p@[x"
    )
    for name in ("claude", "codex", "aider", "llm", "cn"):
        _stub(bin_dir, name)
    text = _toml(value)
    codex = places.home / ".codex" / "config.toml"
    for key in ("profile", "model_provider", "openai_base_url"):
        _write(codex, f"{key} = {text}\n[model_providers.x]\nbase_url = {text}\n")
        _checks(places)
        _write(codex, f'profile = "p"\n[profiles.p]\nmodel_provider = {text}\n')
        _checks(places)
        _write(codex, f'model_provider = "x"\n[model_providers]\nx = {text}\n')
        _checks(places)
    env = {k: value for k in ("ANTHROPIC_BASE_URL", "DISABLE_TELEMETRY", "CLAUDE_CODE_USE_BEDROCK")}
    _write(places.home / ".claude" / "settings.json", json.dumps({"env": env}))
    _write(
        places.home / ".aider.conf.yml", json.dumps({"openai-api-base": value, "analytics": value})
    )
    models = [{"model_id": value, "api_base": value}, value]
    _write(
        places.home / ".config" / "io.datasette.llm" / "extra-openai-models.yaml",
        json.dumps(models),
    )
    conf = {"models": [{"name": value, "apiBase": value}], "allowAnonymousTelemetry": value}
    _write(places.home / ".continue" / "config.json", json.dumps(conf))
    checks = _checks(places)
    assert all(c.status is not Status.RED for c in checks.values())


def test_a_setting_of_the_wrong_shape_is_unreadable_and_yellow(tmp_path: Path) -> None:
    places, bin_dir = _setup(tmp_path)
    _stub(bin_dir, "codex")
    _write(places.home / ".codex" / "config.toml", 'profile = ["a"]\n')
    check = _checks(places)["tool.codex.routed"]
    assert check.status is Status.YELLOW
    assert (
        check.detail == "~/.codex/config.toml profile is not a setting veil can read (not a string)"
    )


def test_an_unreadable_url_is_yellow_without_a_traceback(tmp_path: Path) -> None:
    places, bin_dir = _setup(tmp_path, ANTHROPIC_BASE_URL="http://[::1:8787")
    _stub(bin_dir, "claude")
    check = _checks(places)["tool.claude.routed"]
    assert check.status is Status.YELLOW
    assert check.detail == "ANTHROPIC_BASE_URL in this shell is not a URL veil can read"


def test_cursor_is_flagged_as_out_of_reach(tmp_path: Path) -> None:
    places, _ = _setup(tmp_path)
    (places.home / ".cursor").mkdir()
    check = tool_checks(places, Veils(8787, ask=Answers()), "u")[-1]
    assert check.id == "tool.cursor.routed" and check.status is Status.YELLOW
    assert "Cursor's servers" in check.detail
