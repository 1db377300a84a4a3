"""Continue CLI's private config: OpenAI and Anthropic models pointed at veil, others left."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from veil.errors import ConfigError
from veil.launch.continue_cli import continue_run, point_at_veil, user_config
from veil.launch.target import Target

GATEWAY = "http://127.0.0.1:9999"
TARGET = Target(GATEWAY)
CONFIG = """\
name: mine
version: 0.0.1
schema: v1
models:
  - name: gpt
    provider: openai
    model: gpt-4o
    apiKey: ${{ secrets.OPENAI_API_KEY }}
  - name: claude
    provider: anthropic
    model: claude-sonnet-4-5
    apiBase: https://api.anthropic.com/v1/
  - name: proxy
    provider: openai
    model: gpt-4o
    apiBase: https://llm.corp.example/v1
  - name: local
    provider: ollama
    model: qwen
    apiBase: http://localhost:11434
  - uses: someone/some-model
rules:
  - Be brief.
"""


def test_openai_and_anthropic_models_reach_veil_others_are_noted() -> None:
    notes: list[str] = []
    out = point_at_veil(yaml.safe_load(CONFIG), GATEWAY, None, notes)
    models = out["models"]
    assert models[0]["apiBase"] == GATEWAY + "/v1"
    assert models[0]["apiKey"] == "${{ secrets.OPENAI_API_KEY }}"  # the key flows as before
    assert models[1]["apiBase"] == GATEWAY + "/v1/"
    assert models[2]["apiBase"] == "https://llm.corp.example/v1"
    assert models[3]["apiBase"] == "http://localhost:11434"
    assert models[4] == {"uses": "someone/some-model"}
    assert out["rules"] == ["Be brief."]
    assert len(notes) == 2 and "'proxy'" in notes[0]
    assert "'someone/some-model'" in notes[1] and "Hub" in notes[1]


def test_token_header_on_routed_models() -> None:
    token = "t" * 12  # veil:allow test value
    out = point_at_veil(yaml.safe_load(CONFIG), GATEWAY, token, [])
    assert out["models"][0]["requestOptions"] == {"headers": {"veil-token": token}}
    assert "requestOptions" not in out["models"][3]


def test_config_found_from_argv_or_the_global_dir(tmp_path: Path) -> None:
    assert user_config(["cn", "--config", "a.yaml", "-p", "x"], {}) == (Path("a.yaml"), 2)
    assert user_config(["cn", "--config=b.yaml"], {}) == (Path("b.yaml"), 1)
    env = {"CONTINUE_GLOBAL_DIR": str(tmp_path)}
    assert user_config(["cn", "-p", "x"], env) == (tmp_path / "config.yaml", None)
    assert user_config(["cn"], {"HOME": str(tmp_path)}) == (
        tmp_path / ".continue" / "config.yaml",
        None,
    )
    argv = ["npx", "--config", "npx.yaml", "@continuedev/cli", "--config", "c.yaml"]
    assert user_config(argv, {}, at=3) == (Path("c.yaml"), 5)


@pytest.mark.parametrize(
    "argv",
    [["cn", "-p", "x"], ["cn", "--config", "{path}", "-p", "x"], ["cn", "--config={path}"]],
)
def test_private_copy_is_passed_and_removed_users_file_untouched(
    tmp_path: Path, argv: list[str]
) -> None:
    config = tmp_path / "config.yaml"
    config.write_text(CONFIG)
    argv = [arg.format(path=config) for arg in argv]
    with continue_run(argv, TARGET, {"CONTINUE_GLOBAL_DIR": str(tmp_path)}) as run:
        copies = [a.removeprefix("--config=") for a in run.argv if "veil-continue-" in a]
        assert len(copies) == 1 and str(config) not in run.argv
        copy = Path(copies[0])
        assert yaml.safe_load(copy.read_text())["models"][0]["apiBase"] == GATEWAY + "/v1"
        assert run.argv[-2:] == argv[-2:] or run.argv[-1].startswith("--config=")
    assert not copy.exists()
    assert config.read_text() == CONFIG


def test_a_runner_gets_the_private_config_after_cn(tmp_path: Path) -> None:
    (tmp_path / "config.yaml").write_text(CONFIG)
    argv = ["npx", "-y", "@continuedev/cli", "-p", "x"]
    with continue_run(argv, TARGET, {"CONTINUE_GLOBAL_DIR": str(tmp_path)}, cn=2) as run:
        assert run.argv[:4] == ["npx", "-y", "@continuedev/cli", "--config"]
        assert "veil-continue-" in run.argv[4] and run.argv[5:] == ["-p", "x"]


def test_the_token_is_written_only_for_a_gateway_that_wants_it(tmp_path: Path) -> None:
    (tmp_path / "config.yaml").write_text(CONFIG)
    token = "t" * 12  # veil:allow test value
    env = {"CONTINUE_GLOBAL_DIR": str(tmp_path), "VEIL_TOKEN": token}
    for wanted in (True, False):
        with continue_run(["cn"], Target(GATEWAY, token=wanted), env) as run:
            model = yaml.safe_load(Path(run.argv[2]).read_text())["models"][0]
        assert ("requestOptions" in model) is wanted


def test_a_hub_config_is_noted_and_left(tmp_path: Path) -> None:
    with continue_run(["cn", "--config", "acme/assistant"], TARGET, {}) as run:
        assert run.argv == ["cn", "--config", "acme/assistant"]
        assert "acme/assistant" in run.notes[0]


def test_invalid_yaml_is_a_clear_error(tmp_path: Path) -> None:
    (tmp_path / "config.yaml").write_text("models: [unclosed\n")
    with (
        pytest.raises(ConfigError, match="not valid YAML"),
        continue_run(["cn"], TARGET, {"CONTINUE_GLOBAL_DIR": str(tmp_path)}),
    ):
        pass
