from __future__ import annotations

import io
import json

from rich.console import Console

from veil.doctor.report import Check, Report, Status, render, summary_line


def _report() -> Report:
    return Report(
        "9.9",
        "host-1",
        "/src/app",
        [
            Check(
                "tool.claude.routed",
                "Claude Code goes through veil",
                Status.YELLOW,
                "direct",
                "veil run -- claude",
            ),
            Check(
                "repo.gitignore",
                ".gitignore covers secret files",
                Status.RED,
                "not ignored: .env",
                "append",
                fixable=True,
            ),
            Check("gateway.up", "the gateway is up", Status.GREEN, "veil 9.9"),
            Check("selftest.chat", "/v1/chat/completions (whole)", Status.SKIP, "not run"),
        ],
    )


def _plain(report: Report) -> str:
    out = io.StringIO()
    render(report, Console(file=out, force_terminal=False, width=40))
    return out.getvalue()


def test_plain_text_is_ascii_grouped_with_fixes_and_a_summary() -> None:
    text = _plain(_report())
    assert text.isascii()
    assert text.index("AI tools") < text.index("Repository") < text.index("Gateway")
    assert "  [FAIL] .gitignore covers secret files: not ignored: .env\n" in text
    assert "      fix: append (veil doctor --fix)\n" in text
    assert "      fix: veil run -- claude\n" in text
    assert text.rstrip().endswith("something needs fixing: 1 green, 1 yellow, 1 red, 1 skip")


def test_long_lines_are_not_wrapped_when_piped() -> None:
    report = Report("1", "h", None, [Check("gateway.up", "t", Status.GREEN, "x" * 200)])
    assert "x" * 200 in _plain(report)


def test_a_green_check_shows_no_fix() -> None:
    report = Report(
        "1", "h", None, [Check("gateway.up", "up", Status.GREEN, "fine", "never shown")]
    )
    assert "never shown" not in _plain(report)


def test_json_has_the_documented_schema() -> None:
    data = json.loads(_report().as_json())
    assert set(data) == {"schema", "veil", "host", "repo", "checks", "summary", "ok"}
    assert data["schema"] == 1 and data["veil"] == "9.9" and data["repo"] == "/src/app"
    assert data["summary"] == {"green": 1, "yellow": 1, "red": 1, "skip": 1}
    assert data["ok"] is False
    first = data["checks"][1]
    assert first == {
        "id": "repo.gitignore",
        "group": "repo",
        "title": ".gitignore covers secret files",
        "status": "red",
        "detail": "not ignored: .env",
        "fix": "append",
        "fixable": True,
    }


def test_yellow_does_not_fail_a_run() -> None:
    report = Report("1", "h", None, [Check("gateway.up", "t", Status.YELLOW)])
    assert report.ok
    assert summary_line(report).startswith("all clear")


def test_replace_puts_rerun_checks_in_place() -> None:
    report = _report()
    report.replace([Check("repo.gitignore", "g", Status.GREEN)])
    assert [c.id for c in report.checks][1] == "repo.gitignore"
    assert report.checks[1].status is Status.GREEN
    assert report.ok
