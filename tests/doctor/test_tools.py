from __future__ import annotations

import json
from pathlib import Path

from veil.doctor.report import Status
from veil.doctor.toolconfig import Places
from veil.doctor.tools import Veils, shown_url, tool_checks


class Answers:
    """What a gateway root answers (a veil version, or nothing), and which roots were asked."""

    def __init__(self, veil_roots: dict[str, str]) -> None:
        self.veil_roots = veil_roots
        self.asked: list[str] = []

    def __call__(self, root: str) -> str | None:
        self.asked.append(root)
        return self.veil_roots.get(root)


def _stub(folder: Path, name: str) -> None:
    folder.mkdir(exist_ok=True)
    path = folder / name
    path.write_text("#!/bin/sh\nexit 0\n")
    path.chmod(0o755)


def _setup(tmp_path: Path, **env: str) -> tuple[Places, Path]:
    home = tmp_path / "home"
    home.mkdir(exist_ok=True)
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    return Places(home, {"HOME": str(home), "PATH": str(bin_dir), **env}), bin_dir


def test_shown_urls_lose_credentials_and_queries() -> None:
    assert shown_url("https://user:pw@gw.example:8443/v1?key=abc#x") == "https://gw.example:8443/v1"
    assert shown_url("http://[::1]:8787") == "http://[::1]:8787"
    assert shown_url("nonsense") == "(not a URL)"


def test_only_loopback_addresses_are_asked_and_each_once() -> None:
    answers = Answers({"http://127.0.0.1:8787": "1.2"})
    veils = Veils(8787, answers)
    assert veils.judge("http://127.0.0.1:8787/v1") == (True, "veil 1.2 at http://127.0.0.1:8787/v1")
    assert veils.judge("http://127.0.0.1:8787")[0]
    assert veils.judge("https://api.openai.com/v1") == (
        False,
        "points at https://api.openai.com/v1, not at veil",
    )
    assert veils.judge("http://localhost:9999")[1].endswith("where no veil answers")
    assert answers.asked == ["http://127.0.0.1:8787", "http://localhost:9999"]


def test_veils_port_not_answering_still_counts_as_routed() -> None:
    ok, words = Veils(8787, Answers({})).judge("http://127.0.0.1:8787")
    assert ok and "not answering now" in words


def test_installed_and_routed_through_veil_is_green(tmp_path: Path) -> None:
    places, bin_dir = _setup(tmp_path, ANTHROPIC_BASE_URL="http://127.0.0.1:8787")
    _stub(bin_dir, "claude")
    checks = {
        c.id: c
        for c in tool_checks(places, Veils(8787, Answers({"http://127.0.0.1:8787": "1"})), "u")
    }
    assert checks["tool.claude.routed"].status is Status.GREEN
    assert checks["tool.claude.telemetry"].status is Status.YELLOW
    assert checks["tool.codex.routed"].status is Status.SKIP
    assert checks["tool.cursor.routed"].status is Status.SKIP


def test_installed_but_direct_is_yellow_with_veil_run(tmp_path: Path) -> None:
    places, bin_dir = _setup(tmp_path)
    _stub(bin_dir, "codex")
    check = {c.id: c for c in tool_checks(places, Veils(8787, Answers({})), "u")}[
        "tool.codex.routed"
    ]
    assert check.status is Status.YELLOW
    assert check.fix == "veil run -- codex"


def test_a_config_pointing_elsewhere_is_yellow_and_named(tmp_path: Path) -> None:
    places, _ = _setup(tmp_path, ANTHROPIC_BASE_URL="http://127.0.0.1:8787")
    settings = places.home / ".claude" / "settings.json"
    settings.parent.mkdir()
    settings.write_text(json.dumps({"env": {"ANTHROPIC_BASE_URL": "https://k:s@other.example"}}))
    veils = Veils(8787, Answers({"http://127.0.0.1:8787": "1"}))
    check = {c.id: c for c in tool_checks(places, veils, "http://127.0.0.1:8787")}[
        "tool.claude.routed"
    ]
    assert check.status is Status.YELLOW
    where = "~/.claude/settings.json env.ANTHROPIC_BASE_URL"
    assert check.detail == f"{where} points at https://other.example, not at veil"
    assert "k:s" not in (check.fix or "")


def test_cursor_is_flagged_as_out_of_reach(tmp_path: Path) -> None:
    places, _ = _setup(tmp_path)
    (places.home / ".cursor").mkdir()
    check = tool_checks(places, Veils(8787, Answers({})), "u")[-1]
    assert check.id == "tool.cursor.routed" and check.status is Status.YELLOW
    assert "Cursor's servers" in check.detail
