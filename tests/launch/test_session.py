"""One veil run: the environment each client gets, and a gateway reused or started."""

from __future__ import annotations

import json
import os
import sys
import tomllib
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.e2e.conftest import Service, veil_args
from tests.e2e.conftest import start as start_service
from tests.launch.test_probe import _Server
from veil.launch.probe import probe
from veil.launch.session import Where, launch, prepare

GATEWAY = "http://127.0.0.1:9999"
USER_ENV = {"PATH": "/usr/bin", "OPENAI_API_KEY": "user-key", "ANTHROPIC_API_KEY": "user-key-2"}


def _prepared(
    argv: list[str], env: dict[str, str] | None = None
) -> tuple[list[str], dict[str, str]]:
    with prepare(argv, {**USER_ENV, **(env or {})}, GATEWAY) as ready:
        return ready.argv, ready.env


def _added(env: dict[str, str]) -> dict[str, str]:
    return {k: v for k, v in env.items() if USER_ENV.get(k) != v}


def test_any_command_gets_both_base_urls_and_keeps_the_users_keys() -> None:
    argv, env = _prepared(["python", "agent.py"])
    assert argv == ["python", "agent.py"]
    assert _added(env) == {
        "ANTHROPIC_BASE_URL": GATEWAY,
        "OPENAI_BASE_URL": GATEWAY + "/v1",
        "OPENAI_API_BASE": GATEWAY + "/v1",
    }
    assert env["OPENAI_API_KEY"] == "user-key" and env["ANTHROPIC_API_KEY"] == "user-key-2"


def test_a_users_base_url_is_replaced() -> None:
    _, env = _prepared(["python"], {"OPENAI_BASE_URL": "https://api.openai.com/v1"})
    assert env["OPENAI_BASE_URL"] == GATEWAY + "/v1"


def test_claude_code() -> None:
    argv, env = _prepared(["claude", "-p", "hi"])
    assert argv[1] == "--settings" and argv[-2:] == ["-p", "hi"]
    assert _added(env) == {
        "ANTHROPIC_BASE_URL": GATEWAY,
        "DISABLE_TELEMETRY": "1",
        "DISABLE_AUTOUPDATER": "1",
        "DISABLE_ERROR_REPORTING": "1",
        "DISABLE_BUG_COMMAND": "1",
    }


def test_aider() -> None:
    argv, env = _prepared(["aider", "--model", "gpt-4o"])
    assert argv == ["aider", "--model", "gpt-4o"]
    assert _added(env) == {
        "OPENAI_API_BASE": GATEWAY + "/v1",
        "OPENAI_BASE_URL": GATEWAY + "/v1",
        "ANTHROPIC_BASE_URL": GATEWAY,
        "AIDER_ANALYTICS": "false",
        "AIDER_CHECK_UPDATE": "false",
    }


def test_llm() -> None:
    _, env = _prepared(["llm", "hello"])
    assert _added(env) == {"OPENAI_BASE_URL": GATEWAY + "/v1"}


def test_codex_gets_a_generated_home_only_while_it_runs(tmp_path: Path) -> None:
    with prepare(["codex", "exec", "hi"], {**USER_ENV, "HOME": str(tmp_path)}, GATEWAY) as ready:
        home = Path(ready.env["CODEX_HOME"])
        config = tomllib.loads((home / "config.toml").read_text())
        assert config["model_providers"]["veil"]["base_url"] == GATEWAY + "/v1"
        assert "OPENAI_BASE_URL" not in _added(ready.env)
    assert not home.exists()


def test_continue_gets_a_private_config(tmp_path: Path) -> None:
    (tmp_path / "config.yaml").write_text("models:\n  - name: m\n    provider: openai\n")
    env = {"CONTINUE_GLOBAL_DIR": str(tmp_path)}
    argv, added = _prepared(["cn", "-p", "hi"], env)
    assert argv[1] == "--config" and argv[3:] == ["-p", "hi"]
    assert _added(added) == {**env, "CONTINUE_CLI_AUTO_UPDATED": "1"}


# --- launch: a real client process (python) and real gateways --------------------------------

_REPORT = "import json, os, sys; json.dump(dict(os.environ), open(sys.argv[1], 'w'))"


def _launch(tmp_path: Path, port: int, new: bool = False) -> tuple[int, dict[str, str], list[str]]:
    said: list[str] = []
    out = tmp_path / "env.json"
    where = Where("127.0.0.1", port, None, tmp_path / "logs", new)
    env = {**os.environ, "XDG_CONFIG_HOME": str(tmp_path)}
    code = launch([sys.executable, "-c", _REPORT, str(out)], where, said.append, said.append, env)
    return code, json.loads(out.read_text()), said


@pytest.fixture
def running_veil(tmp_path: Path) -> Iterator[Service]:
    service = start_service(veil_args(), tmp_path / "veil.log", {"XDG_CONFIG_HOME": str(tmp_path)})
    yield service
    service.stop()


def test_a_running_veil_is_reused(tmp_path: Path, running_veil: Service) -> None:
    port = int(running_veil.url.rsplit(":", 1)[1])
    code, env, said = _launch(tmp_path, port)
    assert code == 0
    assert env["ANTHROPIC_BASE_URL"] == running_veil.url
    assert said == [f"using the veil gateway at {running_veil.url}"]
    assert not (tmp_path / "logs").exists()  # no second gateway
    assert probe(running_veil.url) is not None  # and the reused one is left running


def test_new_starts_one_even_when_veil_runs(tmp_path: Path, running_veil: Service) -> None:
    port = int(running_veil.url.rsplit(":", 1)[1])
    code, env, said = _launch(tmp_path, port, new=True)
    assert code == 0 and env["ANTHROPIC_BASE_URL"] != running_veil.url
    assert said[0].startswith("started a veil gateway for this run at ")
    assert probe(env["ANTHROPIC_BASE_URL"]) is None  # stopped with the client


def test_another_server_on_the_port_means_a_private_gateway(tmp_path: Path) -> None:
    server = _Server(200, b'{"status": "ok"}')
    try:
        code, env, said = _launch(tmp_path, int(server.url.rsplit(":", 1)[1]))
    finally:
        server.close()
    assert code == 0 and env["OPENAI_BASE_URL"] != server.url + "/v1"
    assert said[0].startswith("started a veil gateway") and server.paths == ["/"]
    assert probe(env["ANTHROPIC_BASE_URL"]) is None


def test_a_missing_client_starts_no_gateway(tmp_path: Path) -> None:
    from veil.launch.child import CommandError

    where = Where("127.0.0.1", 1, None, tmp_path / "logs", True)
    with pytest.raises(CommandError):
        launch(["no-such-client-here"], where, print, print, {"PATH": str(tmp_path)})
    assert not (tmp_path / "logs").exists()
