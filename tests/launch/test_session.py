"""One veil run: the environment each client gets, and a gateway reused or started."""

from __future__ import annotations

import json
import os
import sys
import tomllib
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.e2e.conftest import ROOT, Service, veil_args
from tests.e2e.conftest import start as start_service
from tests.launch.test_probe import _Server
from veil import __version__
from veil.config import Settings, UpstreamSettings, fingerprint, load_settings
from veil.launch.clients import AIDER, CLAUDE, LLM
from veil.launch.gateway import served_upstreams
from veil.launch.probe import probe
from veil.launch.session import Where, launch, prepare, target_upstreams, token_notes
from veil.launch.target import Target
from veil.vault.vault import KEY_FILE

GATEWAY = "http://127.0.0.1:9999"
USER_ENV = {"PATH": "/usr/bin", "OPENAI_API_KEY": "user-key", "ANTHROPIC_API_KEY": "user-key-2"}


def _prepared(
    argv: list[str], env: dict[str, str] | None = None, target: Target | None = None
) -> tuple[list[str], dict[str, str]]:
    home = {"HOME": "/nonexistent/home"}
    given = {**USER_ENV, **home, **(env or {})}
    with prepare(argv, given, target or Target(GATEWAY), Path("/nonexistent")) as ready:
        return ready.argv, ready.env


def _added(env: dict[str, str]) -> dict[str, str]:
    return {k: v for k, v in env.items() if USER_ENV.get(k) != v and k != "HOME"}


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


def test_llm_and_its_anthropic_plugin() -> None:
    _, env = _prepared(["llm", "hello"])
    assert _added(env) == {"OPENAI_BASE_URL": GATEWAY + "/v1", "ANTHROPIC_BASE_URL": GATEWAY}


def test_a_client_started_by_a_runner_is_set_up_as_itself() -> None:
    argv, env = _prepared(["env", "A=1", "npx", "-y", "@anthropic-ai/claude-code", "-p", "hi"])
    assert argv[:6] == ["env", "A=1", "npx", "-y", "@anthropic-ai/claude-code", "--settings"]
    assert env["DISABLE_TELEMETRY"] == "1" and "OPENAI_BASE_URL" not in env


def test_the_token_header_only_for_a_gateway_that_may_want_it() -> None:
    token = {"VEIL_TOKEN": "t" * 12}  # veil:allow test value
    _, env = _prepared(["claude"], token)
    assert "ANTHROPIC_CUSTOM_HEADERS" not in env
    _, env = _prepared(["claude"], token, Target(GATEWAY, token=True))
    assert env["ANTHROPIC_CUSTOM_HEADERS"] == "veil-token: " + "t" * 12


def test_codex_gets_a_generated_home_kept_in_the_state_folder(tmp_path: Path) -> None:
    env = {**USER_ENV, "HOME": str(tmp_path / "home")}
    with prepare(["codex", "exec", "hi"], env, Target(GATEWAY), tmp_path / "state") as ready:
        home = Path(ready.env["CODEX_HOME"])
        config = tomllib.loads((home / "config.toml").read_text())
        assert config["model_providers"]["veil-openai"]["base_url"] == GATEWAY + "/v1"
        assert "OPENAI_BASE_URL" not in ready.env
    assert home.parent == tmp_path / "state" / "codex-home" and home.is_dir()


def test_continue_gets_a_private_config(tmp_path: Path) -> None:
    (tmp_path / "config.yaml").write_text("models:\n  - name: m\n    provider: openai\n")
    env = {"CONTINUE_GLOBAL_DIR": str(tmp_path)}
    argv, added = _prepared(["cn", "-p", "hi"], env)
    assert argv[1] == "--config" and argv[3:] == ["-p", "hi"]
    assert _added(added) == {**env, "CONTINUE_CLI_AUTO_UPDATED": "1"}


# --- launch: a real client process (python) and real gateways --------------------------------

_REPORT = "import json, os, sys; json.dump(dict(os.environ), open(sys.argv[1], 'w'))"


def _env(tmp_path: Path) -> dict[str, str]:
    """The test's environment with a home and config folder of its own."""
    (tmp_path / "home").mkdir(exist_ok=True)
    return {**os.environ, "XDG_CONFIG_HOME": str(tmp_path), "HOME": str(tmp_path / "home")}


def _launch(
    tmp_path: Path,
    port: int,
    new: bool = False,
    settings: Settings | None = None,
    config: Path | None = None,
    code: str = _REPORT,
    **env: str,
) -> tuple[int, dict[str, str], list[str]]:
    said: list[str] = []
    out = tmp_path / "env.json"
    key = tmp_path / "veil" / KEY_FILE  # where a veil serve with _env(tmp_path) keeps it
    where = Where(settings or Settings(), config, tmp_path / "state", port, new, key)
    argv = [sys.executable, "-c", code, str(out)]
    result = launch(argv, where, said.append, said.append, {**_env(tmp_path), **env})
    return result, json.loads(out.read_text()), said


@pytest.fixture
def running_veil(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Service]:
    monkeypatch.chdir(ROOT)  # the run's workspace: the veil's (started in ROOT, no veil.toml)
    service = start_service(veil_args(), tmp_path / "veil.log", _env(tmp_path))
    yield service
    service.stop()


def _port(url: str) -> int:
    return int(url.rsplit(":", 1)[1])


def test_a_running_veil_is_reused(tmp_path: Path, running_veil: Service) -> None:
    code, env, said = _launch(tmp_path, _port(running_veil.url))
    assert code == 0
    assert env["ANTHROPIC_BASE_URL"] == running_veil.url
    assert said == [f"using the veil gateway at {running_veil.url}"]
    assert not (tmp_path / "state" / "run").exists()  # no second gateway
    assert probe(running_veil.url) is not None  # and the reused one is left running


def test_new_starts_one_even_when_veil_runs(tmp_path: Path, running_veil: Service) -> None:
    code, env, said = _launch(tmp_path, _port(running_veil.url), new=True)
    assert code == 0 and env["ANTHROPIC_BASE_URL"] != running_veil.url
    assert said[0].startswith("started a veil gateway for this run at ")
    assert probe(env["ANTHROPIC_BASE_URL"]) is None  # stopped with the client


def test_a_running_veil_with_other_settings_is_not_used_for_a_given_config(
    tmp_path: Path, running_veil: Service
) -> None:
    strict = tmp_path / "strict.toml"
    strict.write_text('[org]\nterms = ["Zorblax"]\n')
    settings = load_settings(strict)
    code, env, said = _launch(tmp_path, _port(running_veil.url), settings=settings, config=strict)
    assert code == 0 and env["ANTHROPIC_BASE_URL"] != running_veil.url
    assert said[0] == (
        f"note: the veil at {running_veil.url} runs other settings than this run ({strict},"
        f" upstreams from it and VEIL_*_UPSTREAM, workspace {tmp_path}): starting one for this run"
    )
    assert said[1].startswith("started a veil gateway for this run at ")


def test_a_running_veil_with_other_upstreams_is_not_used(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(ROOT)
    one, two = "http://127.0.0.1:1/v1", "http://127.0.0.1:2/v1"  # refused at once if ever asked
    upstream = {"VEIL_OPENAI_UPSTREAM": one, "VEIL_OLLAMA_URL": ""}
    service = start_service(veil_args(), tmp_path / "veil.log", {**_env(tmp_path), **upstream})
    try:
        _, same, said_same = _launch(tmp_path, _port(service.url), **upstream)
        other = {**upstream, "VEIL_OPENAI_UPSTREAM": two}
        _, moved, said_moved = _launch(tmp_path, _port(service.url), **other)
    finally:
        service.stop()
    assert same["ANTHROPIC_BASE_URL"] == service.url
    assert said_same == [f"using the veil gateway at {service.url}"]
    assert moved["ANTHROPIC_BASE_URL"] != service.url
    assert said_moved[0].startswith(f"note: the veil at {service.url} runs other settings than")


def test_a_running_veil_in_another_workspace_is_not_used(
    tmp_path: Path, running_veil: Service, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "project").mkdir()
    monkeypatch.chdir(tmp_path / "project")  # [policy.paths] would start here, not in ROOT
    code, env, said = _launch(tmp_path, _port(running_veil.url))
    assert code == 0 and env["ANTHROPIC_BASE_URL"] != running_veil.url
    assert f"workspace {tmp_path / 'project'})" in said[0]


def test_a_veil_cannot_be_checked_without_the_vault_key(tmp_path: Path) -> None:
    answer = {"veil": __version__, "status": "ok", "config": "0123456789abcdef"}
    server = _Server(200, json.dumps(answer).encode())
    try:
        code, env, said = _launch(tmp_path, _port(server.url))
    finally:
        server.close()
    assert code == 0 and env["ANTHROPIC_BASE_URL"] != server.url
    key = tmp_path / "veil" / KEY_FILE
    assert said[0] == (
        f"note: the veil at {server.url} cannot be checked without veil's vault key ({key} is"
        " missing): starting one for this run"
    )


def test_a_veil_that_cannot_say_its_settings_is_not_used(tmp_path: Path) -> None:
    server = _Server(200, json.dumps({"veil": "0.0.9", "status": "ok"}).encode())
    try:
        code, env, said = _launch(tmp_path, _port(server.url))  # even with veil's defaults
    finally:
        server.close()
    assert code == 0 and env["ANTHROPIC_BASE_URL"] != server.url
    assert said[0] == (
        f"note: the veil at {server.url} does not say which settings it runs (veil 0.0.9):"
        " starting one for this run"
    )


@pytest.mark.parametrize("same", [True, False])
def test_a_veil_is_reused_only_with_the_same_fingerprint(tmp_path: Path, same: bool) -> None:
    strict = tmp_path / "strict.toml"
    strict.write_text('[org]\nterms = ["Zorblax"]\n')
    settings = load_settings(strict)
    (tmp_path / "veil").mkdir()
    (tmp_path / "veil" / KEY_FILE).write_bytes(b"k" * 32)
    env = {**_env(tmp_path), "VEIL_OLLAMA_URL": ""}
    upstreams = served_upstreams(settings, env)
    config = fingerprint(settings if same else Settings(), upstreams, b"k" * 32)
    answer = {"veil": __version__, "status": "ok", "config": config}
    server = _Server(200, json.dumps(answer).encode())
    try:
        code, got, said = _launch(
            tmp_path, _port(server.url), settings=settings, config=strict, VEIL_OLLAMA_URL=""
        )
    finally:
        server.close()
    assert code == 0
    if same:
        assert got["ANTHROPIC_BASE_URL"] == server.url
        assert said == [f"using the veil gateway at {server.url}"]
    else:
        assert got["ANTHROPIC_BASE_URL"] != server.url
        assert said[0] == (
            f"note: the veil at {server.url} runs other settings than this run ({strict},"
            f" upstreams from it and VEIL_*_UPSTREAM, workspace {tmp_path}):"
            " starting one for this run"
        )


def test_another_server_on_the_port_means_a_private_gateway(tmp_path: Path) -> None:
    server = _Server(200, b'{"status": "ok"}')
    try:
        code, env, said = _launch(tmp_path, _port(server.url))
    finally:
        server.close()
    assert code == 0 and env["OPENAI_BASE_URL"] != server.url + "/v1"
    assert said[0].startswith("started a veil gateway") and server.paths == ["/"]
    assert probe(env["ANTHROPIC_BASE_URL"]) is None


_ASK = """
import sys, urllib.error, urllib.request
url = __import__("os").environ["OPENAI_BASE_URL"] + "/models"
try:
    status = urllib.request.urlopen(url, timeout=30).status
except urllib.error.HTTPError as exc:
    status = exc.code
open(sys.argv[1], "w").write('{"status": "%d"}' % status)
"""


def test_veil_token_in_the_environment_is_not_asked_by_a_private_gateway(
    tmp_path: Path,
) -> None:
    token = "t" * 16  # veil:allow test value
    closed = "http://127.0.0.1:1/v1"  # the upstream: refused at once, never the network
    code, answer, said = _launch(
        tmp_path, 1, new=True, code=_ASK, VEIL_TOKEN=token, VEIL_OPENAI_UPSTREAM=closed
    )
    assert code == 0
    assert answer["status"] == "502"  # through veil to the (closed) upstream; not 401
    assert not any("veil-token" in line for line in said)


def test_token_notes() -> None:
    wanted = Target(GATEWAY, token=True)
    assert token_notes(CLAUDE, wanted, False, {"VEIL_TOKEN": "x"}) == []
    assert token_notes(LLM, Target(GATEWAY), False, {}) == []
    (note,) = token_notes(LLM, wanted, False, {"VEIL_TOKEN": "x"})
    assert note.startswith("llm is not set up to send a veil-token header") and "--new" in note
    (note,) = token_notes(None, Target(GATEWAY), True, {})
    assert note.startswith("this command is not") and "tokens_file" in note
    (note,) = token_notes(AIDER, Target(GATEWAY), True, {})
    assert note.startswith("Aider is not")
    (note,) = token_notes(CLAUDE, Target(GATEWAY), True, {})
    assert note.startswith("[gateway] tokens_file is set: set VEIL_TOKEN")


def test_upstream_names_are_the_built_in_and_configured_ones() -> None:
    settings = Settings(
        upstreams={"mistral": UpstreamSettings(kind="openai", base_url="https://api.mistral.ai/v1")}
    )
    assert target_upstreams(settings) == {"openai", "anthropic", "mistral"}


def test_a_missing_client_starts_no_gateway(tmp_path: Path) -> None:
    from veil.launch.child import CommandError

    where = Where(Settings(), None, tmp_path / "state", 1, True)
    with pytest.raises(CommandError):
        launch(["no-such-client-here"], where, print, print, {"PATH": str(tmp_path)})
    assert not (tmp_path / "state").exists()
