"""`veil check` as a real process: exit codes, text and JSON, one provider or all."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from tests.cli.test_scan_cli import veil
from tests.factories import aws_key_id, email
from veil.audit.store import open_store


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


def test_audit_writes_one_event_per_input_without_the_values(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "store" / "audit.db"
    monkeypatch.setenv("VEIL_AUDIT_URL", f"sqlite:///{db}")
    key, address = aws_key_id("cli-check-audit"), email("cli-check-audit")
    (tmp_path / "prompt.md").write_text(f"deploy with {key}, tell {address}\n")
    (tmp_path / "plain.md").write_text("hello\n")
    res = veil("check", "--audit", "prompt.md", "plain.md", cwd=tmp_path)
    assert res.returncode == 0, res.stderr
    assert "warning" not in res.stderr
    store = open_store(f"sqlite:///{db}")
    try:
        events = list(store.scan())
        assert store.incidents() == []  # a check is not a leak
    finally:
        store.close()
    assert [(e.seq, e.source) for e in events] == [(1, "check"), (2, "check")]
    secret, plain = events
    assert secret.tier == "Restricted" and plain.tier == "Public"
    assert secret.data["kinds"] == {"aws_access_key_id": 1, "email_address": 1}
    assert plain.data["kinds"] == {} and plain.decision == "forward"
    assert secret.decision in {"mask", "pseudonymize", "local", "block"}
    stored = b"".join(p.read_bytes() for p in db.parent.iterdir())
    assert key.encode() not in stored and address.encode() not in stored
    assert b"aws_access_key_id" in stored  # the bytes searched are the store's


def test_without_audit_nothing_is_written(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    db = tmp_path / "audit.db"
    monkeypatch.setenv("VEIL_AUDIT_URL", f"sqlite:///{db}")
    assert veil("check", cwd=tmp_path, stdin="hi").returncode == 0
    assert not db.exists()


def test_audit_to_a_store_that_cannot_be_opened_warns_and_still_checks(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("VEIL_AUDIT_URL", "mysql://x")
    res = veil("check", "--audit", "-f", "json", cwd=tmp_path, stdin="hi")
    assert res.returncode == 0
    assert json.loads(res.stdout)[0]["tier"] == "Public"
    assert "veil: warning: audit event not written: audit url 'mysql://x'" in res.stderr


def _repo(tmp_path: Path) -> Path:
    def git(*args: str) -> None:
        subprocess.run(["git", *args], cwd=tmp_path, capture_output=True, check=True)

    git("init", "-q")
    git("config", "user.email", "dev@example.com")
    git("config", "user.name", "veil-test")
    (tmp_path / "billing.py").write_text("def total(rows):\n    return sum(rows)\n")
    git("add", ".")
    git("commit", "-qm", "first")
    return tmp_path


def test_diff_lists_added_business_comments_without_failing(tmp_path: Path) -> None:
    repo = _repo(tmp_path)
    (repo / "billing.py").write_text(
        "def total(rows):\n    # Initech pays $40k a year, keep this fast\n    return sum(rows)\n"
    )
    res = veil("check", "--diff", "HEAD", "-p", "anthropic", cwd=repo)
    assert res.returncode == 0, res.stderr
    assert "billing.py: Internal" in res.stdout
    assert "reasons: finding:business_comment\n" in res.stdout
    assert "billing.py:2: business context (cues: money)  # Initech pays $40k" in res.stdout
    as_json = veil("check", "--diff", "HEAD", "-p", "anthropic", "-f", "json", cwd=repo)
    (entry,) = json.loads(as_json.stdout)
    assert entry["input"] == "billing.py" and entry["tier"] == "Internal"
    assert entry["comments"] == [{"path": "billing.py", "line": 2, "cues": ["money"]}]


def test_diff_exits_one_when_an_added_line_would_be_blocked(tmp_path: Path) -> None:
    repo = _repo(tmp_path)
    subprocess.run(["git", "commit", "-q", "--allow-empty", "-m", "e"], cwd=repo, check=True)
    key = aws_key_id("cli-check-diff")
    (repo / "billing.py").write_text(f"KEY = '{key}'\n")
    subprocess.run(["git", "commit", "-qam", "key"], cwd=repo, check=True)
    (repo / "veil.toml").write_text(
        '[upstreams.cheap]\nkind = "openai"\nbase_url = "https://g.test/v1"\n'
        'provider = "gemini-free"\n'
    )
    res = veil("check", "--diff", "HEAD~1..HEAD", cwd=repo)
    assert res.returncode == 1 and "billing.py: Restricted" in res.stdout
    assert key not in res.stdout + res.stderr
    assert veil("check", "--diff", "HEAD", cwd=repo).stdout.strip() == "no lines added since HEAD"


def test_diff_usage_errors(tmp_path: Path) -> None:
    repo = _repo(tmp_path)
    both = veil("check", "--diff", "HEAD", "billing.py", cwd=repo)
    assert both.returncode == 2 and "give no files with it" in both.stderr
    bad = veil("check", "--diff", "no-such-rev", cwd=repo)
    assert bad.returncode == 2 and "git diff failed" in bad.stderr
