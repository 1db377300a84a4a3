"""Real coding clients, headless, against veil in front of the fake provider.

Claude Code and Codex CLI run a shell-tool round trip: the fake model asks them to `cat` a file
holding planted secrets and personal data, they run it and send the output back, and the model's
final answer quotes it. The provider must never see the planted values; the client's output must
show them restored. Continue CLI does the same through chat completions, and `llm` a plain turn.
The clients are installed by `make test` (npm, under tests/clients; `llm` from PyPI).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.e2e.conftest import FakeProvider, Service
from tests.factories import aws_key_id, aws_secret, email

BIN = Path(__file__).parents[1] / "clients" / "node_modules" / ".bin"
KEY = aws_key_id("clients")
SECRET = aws_secret("clients")
MAIL = email("clients")
PLANTED = (KEY, SECRET, MAIL)
FILE = f"AWS_ACCESS_KEY_ID={KEY}\nAWS_SECRET_ACCESS_KEY={SECRET}\nowner: {MAIL}\n"


def _binary(name: str) -> str:
    path = BIN / name
    if not path.exists():
        pytest.fail(
            f"{path} is missing: `make test` installs the clients (npm ci in tests/clients)"
        )
    return str(path)


def _run(
    args: list[str], cwd: Path, env: dict[str, str], timeout: int = 180
) -> subprocess.CompletedProcess[str]:
    base = {"PATH": os.environ["PATH"], "LANG": "C.UTF-8", "TERM": "dumb", "NO_COLOR": "1"}
    return subprocess.run(
        args,
        cwd=cwd,
        env={**base, **env},
        capture_output=True,
        text=True,
        timeout=timeout,
        stdin=subprocess.DEVNULL,
    )


def _round_trip_checks(
    fake: FakeProvider, since: int, result: subprocess.CompletedProcess[str]
) -> None:
    assert result.returncode == 0, result.stderr[-3000:]
    for value in PLANTED:
        assert value in result.stdout, result.stdout[-2000:]
    received = fake.requests()[since:]
    assert any("tool said:" not in r["body"] and "VEIL_SECRET_" in r["body"] for r in received)
    bodies = "\n".join(str(r["body"]) for r in received)
    for value in PLANTED:
        assert value not in bodies


def test_claude_code_bash_round_trip(
    veil: Service, fake: FakeProvider, workdir: Path, tmp_path: Path
) -> None:
    claude = _binary("claude")
    since = len(fake.requests())
    prompt = '[[tool Bash {"command": "cat secrets.txt", "description": "Show the file"}]]'
    env = {
        "HOME": str(tmp_path / "home"),
        "ANTHROPIC_BASE_URL": veil.url,
        "ANTHROPIC_API_KEY": "test-key",
        "DISABLE_TELEMETRY": "1",
        "DISABLE_AUTOUPDATER": "1",
        "DISABLE_ERROR_REPORTING": "1",
        "CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC": "1",
    }
    result = _run([claude, "-p", prompt, "--allowedTools", "Bash"], workdir, env)
    _round_trip_checks(fake, since, result)
    messages = [
        json.loads(r["body"]) for r in fake.requests()[since:] if r["path"] == "/v1/messages"
    ]
    assert any(
        b.get("type") == "tool_result"
        for m in messages
        for msg in m["messages"]
        if isinstance(msg["content"], list)
        for b in msg["content"]
    )


def test_codex_exec_shell_round_trip(
    veil: Service, fake: FakeProvider, workdir: Path, tmp_path: Path
) -> None:
    codex = _binary("codex")
    home = tmp_path / "codex-home"
    home.mkdir()
    (home / "config.toml").write_text(
        'model = "gpt-5.1-codex"\nmodel_provider = "veil"\n\n'
        '[model_providers.veil]\nname = "veil"\nenv_key = "VEIL_TEST_KEY"\nwire_api = "responses"\n'
        f'base_url = "{veil.url}/v1"\n'
        # veil answers the WebSocket upgrade with 426, so that Codex falls back to POST at once.
        "supports_websockets = true\n"
    )
    since = len(fake.requests())
    refusals = veil.log.read_text().count("note=websocket_refused")
    prompt = '[[tool exec_command {"cmd": "cat secrets.txt"}]]'
    env = {"HOME": str(home), "CODEX_HOME": str(home), "VEIL_TEST_KEY": "test-key"}
    args = [
        codex,
        "exec",
        "--skip-git-repo-check",
        "--dangerously-bypass-approvals-and-sandbox",
        prompt,
    ]
    result = _run(args, workdir, env)
    _round_trip_checks(fake, since, result)
    outputs = [
        item
        for r in fake.requests()[since:]
        for item in json.loads(r["body"]).get("input", [])
        if item.get("type") == "function_call_output"
    ]
    assert outputs and "VEIL_SECRET_" in outputs[0]["output"]
    assert veil.log.read_text().count("note=websocket_refused") > refusals


def test_continue_cli_bash_round_trip(
    veil: Service, fake: FakeProvider, workdir: Path, tmp_path: Path
) -> None:
    cn = _binary("cn")
    home = tmp_path / "cn-home"
    home.mkdir()
    config = home / "cfg.yaml"
    config.write_text(
        "name: veil-test\nversion: 0.0.1\nschema: v1\nmodels:\n"
        "  - name: fake\n    provider: openai\n    model: gpt-4o\n"
        f"    apiBase: {veil.url}/v1\n    apiKey: test-key\n    roles:\n      - chat\n"
    )
    since = len(fake.requests())
    prompt = '[[tool Bash {"command": "cat secrets.txt"}]]'
    env = {"HOME": str(home), "CONTINUE_GLOBAL_DIR": str(home / ".continue")}
    result = _run([cn, "--config", str(config), "-p", prompt], workdir, env)
    _round_trip_checks(fake, since, result)


@pytest.mark.parametrize("stream", [True, False])
def test_llm_chat_turn(veil: Service, fake: FakeProvider, tmp_path: Path, stream: bool) -> None:
    llm = shutil.which("llm", path=str(Path(sys.executable).parent))
    assert llm is not None, "llm is a dev dependency (pip install -e '.[dev]')"
    user = tmp_path / "llm"
    user.mkdir()
    (user / "extra-openai-models.yaml").write_text(
        f'- model_id: veil-fake\n  model_name: gpt-4o-mini\n  api_base: "{veil.url}/v1"\n'
        "  api_key_name: fake\n"
    )
    (user / "keys.json").write_text('{"fake": "test-key"}')
    since = len(fake.requests())
    prompt = f"deploy with {KEY} and {SECRET}, tell {MAIL}"
    args = [llm, "-m", "veil-fake", prompt] + ([] if stream else ["--no-stream"])
    result = _run(args, tmp_path, {"LLM_USER_PATH": str(user), "HOME": str(tmp_path)})
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.strip() == "echo: " + prompt
    bodies = "\n".join(str(r["body"]) for r in fake.requests()[since:])
    assert "VEIL_SECRET_" in bodies
    for value in PLANTED:
        assert value not in bodies
