"""`veil check` as a real process: exit codes, text and JSON, one provider or all."""

from __future__ import annotations

import json
from pathlib import Path

from tests.cli.test_scan_cli import veil
from tests.factories import aws_key_id


def test_a_secret_exits_one_when_an_upstream_would_block_it(tmp_path: Path) -> None:
    key = aws_key_id("cli-check")
    (tmp_path / "prompt.md").write_text(f"deploy with {key}\n")
    res = veil("check", "prompt.md", cwd=tmp_path)
    # The built-in upstreams (Anthropic, OpenAI) mask it: exit 0, with the registry shown.
    assert res.returncode == 0, res.stderr
    assert "prompt.md: Restricted" in res.stdout and "finding:aws_access_key_id" in res.stdout
    assert "gemini-free" in res.stdout and "policy.restricted.trains" in res.stdout
    assert "your upstreams:" in res.stdout
    assert key not in res.stdout + res.stderr
    (tmp_path / "veil.toml").write_text(
        '[upstreams.cheap]\nkind = "openai"\nbase_url = "https://g.test/v1"\n'
        'provider = "gemini-free"\n'
    )
    blocked = veil("check", "prompt.md", cwd=tmp_path)
    assert blocked.returncode == 1 and "cheap (gemini-free)" in blocked.stdout


def test_one_provider_json_and_stdin(tmp_path: Path) -> None:
    res = veil("check", "--provider", "anthropic", "--format", "json", cwd=tmp_path, stdin="hi")
    assert res.returncode == 0, res.stderr
    (entry,) = json.loads(res.stdout)
    assert entry["input"] == "<stdin>" and entry["tier"] == "Public" and entry["reasons"] == []
    assert list(entry["decisions"]) == ["anthropic"]  # the registry entry
    assert list(entry["upstreams"]) == ["anthropic"]  # and the built-in upstream of that name
    assert entry["decisions"]["anthropic"]["decision"] == "forward"


def test_an_upstream_name_selects_its_provider_and_paths_come_from_the_config(
    tmp_path: Path,
) -> None:
    (tmp_path / "veil.toml").write_text(
        '[upstreams.eu]\nkind = "openai"\nbase_url = "https://api.mistral.ai/v1"\n'
        'provider = "mistral"\n[policy.paths]\ninternal = ["docs/internal/**"]\n'
    )
    (tmp_path / "docs" / "internal").mkdir(parents=True)
    (tmp_path / "docs" / "internal" / "plan.md").write_text("the plan\n")
    res = veil("check", "-p", "eu", "-f", "json", "docs/internal/plan.md", cwd=tmp_path)
    assert res.returncode == 0, res.stderr
    (entry,) = json.loads(res.stdout)
    assert entry["tier"] == "Internal" and entry["decisions"] == {}
    assert entry["upstreams"]["eu"]["provider"] == "mistral"
    assert entry["upstreams"]["eu"]["decision"] == "pseudonymize"


def test_bad_input_is_a_usage_error(tmp_path: Path) -> None:
    missing = veil("check", "nope.md", cwd=tmp_path)
    assert missing.returncode == 2 and "nope.md: cannot read" in missing.stderr
    wrong = veil("check", "--provider", "acme", cwd=tmp_path, stdin="x")
    assert wrong.returncode == 2 and "no such provider or upstream" in wrong.stderr
    (tmp_path / "blob.bin").write_bytes(b"\x00\x01")
    assert "binary" in veil("check", "blob.bin", cwd=tmp_path).stderr
