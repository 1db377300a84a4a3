"""`veil providers` as a real process: the table, the risk view and the JSON contract."""

from __future__ import annotations

import json
from pathlib import Path

from tests.cli.test_scan_cli import veil

IDS = {
    "anthropic", "openai", "azure-openai", "vertex-ai", "gemini-free", "gemini-paid", "mistral",
    "bedrock", "deepseek", "groq", "openrouter", "ollama", "lm-studio", "vllm", "llama-cpp",
}  # fmt: skip


def test_json_is_one_object_per_provider_each_fact_with_its_source(tmp_path: Path) -> None:
    res = veil("providers", "--format", "json", cwd=tmp_path)
    assert res.returncode == 0, res.stderr
    entries = json.loads(res.stdout)
    assert {e["id"] for e in entries} >= IDS
    for entry in entries:
        for fact in entry["facts"].values():
            assert {"value", "source_url", "source_date", "confidence"} <= set(fact)


def test_the_table_lists_every_provider(tmp_path: Path) -> None:
    res = veil("providers", cwd=tmp_path)
    assert res.returncode == 0, res.stderr
    for provider_id in IDS:
        assert provider_id in res.stdout


def test_risk_follows_the_preset_and_user_overrides(tmp_path: Path) -> None:
    (tmp_path / "veil.toml").write_text(
        '[policy]\npreset = "regulated"\n[providers.mistral]\nregion = "eu"\n'
        "trains_on_api_data = false\n"
    )
    res = veil("providers", "--risk", "--format", "json", cwd=tmp_path)
    assert res.returncode == 0, res.stderr
    risk = {e["id"]: e["risk"] for e in json.loads(res.stdout)}
    assert risk["mistral"] == {
        "Public": "forward",
        "Internal": "pseudonymize",
        "Restricted": "block",
    }
    assert risk["anthropic"]["Internal"] == "block"  # local, with no local upstream configured
    assert risk["ollama"] == {"Public": "forward", "Internal": "forward", "Restricted": "forward"}
    text = veil("providers", "--risk", cwd=tmp_path)
    assert "preset regulated" in text.stdout and "shown as block" in text.stdout


def test_a_bad_override_is_a_usage_error_naming_the_key(tmp_path: Path) -> None:
    (tmp_path / "veil.toml").write_text('[providers.mistral]\ntrains_on_api_data = "maybe"\n')
    res = veil("providers", cwd=tmp_path)
    assert res.returncode == 2 and "providers.mistral.trains_on_api_data" in res.stderr
