"""`veil run` with the real clients against the fake provider: the gateway it starts for the call
masks the planted secrets in a tool round trip, the client shows them restored, the user's own
files are left as they were, and the gateway is gone when the client is done."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

from tests.e2e.conftest import FakeProvider
from tests.e2e.test_clients import KEY, MAIL, PLANTED, SECRET, _binary, _round_trip_checks
from veil.launch.probe import probe

_STARTED = re.compile(r"started a veil gateway for this run at (http://\S+)")


def _veil_run(
    args: list[str], cwd: Path, fake: FakeProvider, tmp_path: Path, env: dict[str, str]
) -> subprocess.CompletedProcess[str]:
    base = {
        "PATH": os.environ["PATH"],
        "LANG": "C.UTF-8",
        "TERM": "dumb",
        "NO_COLOR": "1",
        "XDG_STATE_HOME": str(tmp_path / "state"),
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "XDG_DATA_HOME": os.environ["XDG_DATA_HOME"],
        "VEIL_OPENAI_UPSTREAM": f"{fake.url}/v1",
        "VEIL_ANTHROPIC_UPSTREAM": fake.url,
    }
    # --new: a veil someone runs on 8787 on this machine is never used by the tests.
    command = [sys.executable, "-m", "veil", "run", "--new", "--", *args]
    return subprocess.run(
        command,
        cwd=cwd,
        env={**base, **env},
        capture_output=True,
        text=True,
        timeout=240,
        stdin=subprocess.DEVNULL,
    )


def _gateway_gone(result: subprocess.CompletedProcess[str]) -> None:
    m = _STARTED.search(result.stderr)
    assert m, result.stderr[-2000:]
    assert probe(m.group(1)) is None


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def test_claude_code_through_veil_run(fake: FakeProvider, workdir: Path, tmp_path: Path) -> None:
    home = tmp_path / "home"
    (home / ".claude").mkdir(parents=True)
    # A user setting that names the provider itself: veil run's --settings must win over it.
    settings = {"env": {"ANTHROPIC_BASE_URL": f"{fake.url}/straight-to-the-provider"}}
    (home / ".claude" / "settings.json").write_text(json.dumps(settings))
    before = _snapshot(home / ".claude")
    since = len(fake.requests())
    prompt = '[[tool Bash {"command": "cat secrets.txt", "description": "Show the file"}]]'
    args = [_binary("claude"), "-p", prompt, "--allowedTools", "Bash"]
    env = {"HOME": str(home), "ANTHROPIC_API_KEY": "test-key"}
    result = _veil_run(args, workdir, fake, tmp_path, env)
    _round_trip_checks(fake, since, result)
    received = fake.requests()[since:]
    assert all(not str(r["path"]).startswith("/straight") for r in received)
    assert any(r["path"] == "/v1/messages" for r in received)
    after = _snapshot(home / ".claude")
    assert {name: after[name] for name in before} == before  # the user's settings, untouched
    _gateway_gone(result)


def test_codex_exec_through_veil_run(fake: FakeProvider, workdir: Path, tmp_path: Path) -> None:
    home = tmp_path / "home"
    codex_home = home / ".codex"
    codex_home.mkdir(parents=True)
    (codex_home / "config.toml").write_text(
        'model = "gpt-5.1-codex"\napproval_policy = "never"\n\n'
        '[profiles.fast]\nmodel = "gpt-5.1-codex-mini"\n\n'
        '[mcp_servers.docs]\ncommand = "docs-server"\nenabled = false\n'
    )
    (codex_home / "AGENTS.md").write_text("Answer briefly.\n")
    before = _snapshot(codex_home)
    since = len(fake.requests())
    prompt = '[[tool exec_command {"cmd": "cat secrets.txt"}]]'
    args = [
        _binary("codex"),
        "exec",
        "--skip-git-repo-check",
        "--dangerously-bypass-approvals-and-sandbox",
        prompt,
    ]
    (tmp_path / "tmp").mkdir()
    env = {"HOME": str(home), "OPENAI_API_KEY": "test-key", "TMPDIR": str(tmp_path / "tmp")}
    result = _veil_run(args, workdir, fake, tmp_path, env)
    _round_trip_checks(fake, since, result)
    outputs = [
        item
        for r in fake.requests()[since:]
        for item in json.loads(str(r["body"])).get("input", [])
        if item.get("type") == "function_call_output"
    ]
    assert outputs and "VEIL_SECRET_" in outputs[0]["output"]
    after = _snapshot(codex_home)
    for name, content in before.items():
        assert after[name] == content  # the user's files, byte for byte
    assert not list((tmp_path / "tmp").iterdir())  # nothing in the temporary folder
    (generated,) = (tmp_path / "state" / "veil" / "codex-home").iterdir()  # kept for the next run
    assert (generated / "AGENTS.md").resolve() == codex_home / "AGENTS.md"
    _gateway_gone(result)


def test_codex_provider_chosen_on_the_command_line_goes_through_veil(
    fake: FakeProvider, workdir: Path, tmp_path: Path
) -> None:
    codex_home = tmp_path / "home" / ".codex"
    codex_home.mkdir(parents=True)
    # A provider the config does not select, at an address that exists nowhere (RFC 6761):
    # what the fake provider receives can only have come through veil's openai upstream.
    (codex_home / "config.toml").write_text(
        'model = "gpt-5.1-codex"\n\n[model_providers.mistral]\nname = "Mistral"\n'
        'base_url = "https://mistral.invalid/v1"\nenv_key = "OPENAI_API_KEY"\n'
        'wire_api = "responses"\n'
    )
    since = len(fake.requests())
    args = [_binary("codex"), "exec", "--skip-git-repo-check", "-c", "model_provider=mistral"]
    env = {"HOME": str(tmp_path / "home"), "OPENAI_API_KEY": "test-key"}
    result = _veil_run([*args, f"deploy with {KEY}"], workdir, fake, tmp_path, env)
    assert result.returncode == 0, result.stderr[-2000:]
    assert "Codex provider 'mistral'" in result.stderr  # it now reaches veil's openai upstream
    received = fake.requests()[since:]
    assert received and {r["path"] for r in received} == {"/v1/responses"}
    bodies = "\n".join(str(r["body"]) for r in received)
    assert KEY not in bodies and "VEIL_SECRET_" in bodies
    _gateway_gone(result)


def test_codex_profile_file_goes_through_veil(
    fake: FakeProvider, workdir: Path, tmp_path: Path
) -> None:
    codex_home = tmp_path / "home" / ".codex"
    codex_home.mkdir(parents=True)
    (codex_home / "config.toml").write_text('model = "gpt-5.1-codex"\n')
    # `--profile side` layers side.config.toml over config.toml: its provider, at an address that
    # exists nowhere (RFC 6761), must reach veil like one of config.toml.
    (codex_home / "side.config.toml").write_text(
        'model = "gpt-5.1-codex-mini"\nmodel_provider = "side"\n\n[model_providers.side]\n'
        'name = "Side"\nbase_url = "https://side.invalid/v1"\nenv_key = "OPENAI_API_KEY"\n'
        'wire_api = "responses"\n'
    )
    before = _snapshot(codex_home)
    since = len(fake.requests())
    args = [_binary("codex"), "exec", "--skip-git-repo-check", "--profile", "side"]
    env = {"HOME": str(tmp_path / "home"), "OPENAI_API_KEY": "test-key"}
    result = _veil_run([*args, f"deploy with {KEY}"], workdir, fake, tmp_path, env)
    assert result.returncode == 0, result.stderr[-2000:]
    assert "Codex provider 'side'" in result.stderr
    received = fake.requests()[since:]
    assert received and {r["path"] for r in received} == {"/v1/responses"}
    # The profile's model: Codex read the rewritten profile file, not config.toml alone.
    assert {json.loads(str(r["body"]))["model"] for r in received} == {"gpt-5.1-codex-mini"}
    bodies = "\n".join(str(r["body"]) for r in received)
    assert KEY not in bodies and "VEIL_SECRET_" in bodies
    assert _snapshot(codex_home) == before
    _gateway_gone(result)


def test_llm_through_veil_run(fake: FakeProvider, tmp_path: Path) -> None:
    llm = shutil.which("llm", path=str(Path(sys.executable).parent))
    assert llm is not None, "llm is a dev dependency (pip install -e '.[dev]')"
    user = tmp_path / "llm"
    user.mkdir()
    since = len(fake.requests())
    prompt = f"deploy with {KEY} and {SECRET}, tell {MAIL}"
    env = {"LLM_USER_PATH": str(user), "HOME": str(tmp_path), "OPENAI_API_KEY": "test-key"}
    result = _veil_run([llm, "-m", "gpt-4o-mini", prompt], tmp_path, fake, tmp_path, env)
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.strip() == "echo: " + prompt
    bodies = "\n".join(str(r["body"]) for r in fake.requests()[since:])
    assert "VEIL_SECRET_" in bodies
    for value in PLANTED:
        assert value not in bodies
    _gateway_gone(result)


def test_continue_cli_through_veil_run(fake: FakeProvider, workdir: Path, tmp_path: Path) -> None:
    home = tmp_path / "home"
    (home / ".continue").mkdir(parents=True)
    config = home / ".continue" / "config.yaml"
    config.write_text(
        "name: veil-test\nversion: 0.0.1\nschema: v1\nmodels:\n"
        "  - name: fake\n    provider: openai\n    model: gpt-4o\n"
        "    apiKey: test-key\n    roles:\n      - chat\n"
    )
    before = config.read_bytes()
    since = len(fake.requests())
    prompt = '[[tool Bash {"command": "cat secrets.txt"}]]'
    env = {"HOME": str(home), "CONTINUE_GLOBAL_DIR": str(home / ".continue")}
    result = _veil_run([_binary("cn"), "-p", prompt], workdir, fake, tmp_path, env)
    _round_trip_checks(fake, since, result)
    assert config.read_bytes() == before
    _gateway_gone(result)
