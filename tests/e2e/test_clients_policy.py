"""The policy with real coding clients, headless: Claude Code (`claude -p`) and Codex CLI
(`codex exec`) against `veil serve` (started with a veil.toml) in front of the fake provider.

A turn the policy blocks must show veil's message in the client's output as it is, must reach
veil once (a block is a 400, which neither client retries), and must send nothing to the
provider. A `cat .env` round trip must send the provider veil's notice instead of the file, and
the client must show that notice.
"""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.e2e.conftest import FakeProvider
from tests.e2e.policy_services import (
    BLOCKED,
    ENV_FILE,
    ENV_VALUES,
    KEY,
    MESSAGE,
    Veil,
    fake_provider,
    upstreams,
    veil_serving,
)
from tests.e2e.test_clients import _binary, _run


@pytest.fixture(scope="module")
def provider(tmp_path_factory: pytest.TempPathFactory) -> Iterator[FakeProvider]:
    yield from fake_provider(tmp_path_factory.mktemp("clients-fake"))


@pytest.fixture(scope="module")
def trains(provider: FakeProvider, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Veil]:
    """The default preset at a provider that trains on API data: Restricted is blocked."""
    folder = tmp_path_factory.mktemp("clients-trains")
    yield from veil_serving(folder, upstreams(provider.url, "gemini-free"))


@pytest.fixture(scope="module")
def plain(provider: FakeProvider, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Veil]:
    """The default preset at the providers' own registry entries, with the tool-call gate
    recording only: the client runs `cat .env`, and veil withholds what it read."""
    toml = '[policy.gate]\nmode = "record"\n\n' + upstreams(provider.url)
    yield from veil_serving(tmp_path_factory.mktemp("clients-plain"), toml)


def claude(veil: Veil, prompt: str, work: Path, home: Path) -> subprocess.CompletedProcess[str]:
    env = {
        "HOME": str(home),
        "ANTHROPIC_BASE_URL": veil.url,
        "ANTHROPIC_API_KEY": "test-key",
        "DISABLE_TELEMETRY": "1",
        "DISABLE_AUTOUPDATER": "1",
        "DISABLE_ERROR_REPORTING": "1",
        "CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC": "1",
    }
    return _run([_binary("claude"), "-p", prompt, "--allowedTools", "Bash"], work, env)


def codex(veil: Veil, prompt: str, work: Path, home: Path) -> subprocess.CompletedProcess[str]:
    home.mkdir(exist_ok=True)
    (home / "config.toml").write_text(
        'model = "gpt-5.1-codex"\nmodel_provider = "veil"\n\n'
        '[model_providers.veil]\nname = "veil"\nenv_key = "VEIL_TEST_KEY"\nwire_api = "responses"\n'
        f'base_url = "{veil.url}/v1"\n'
        # veil answers the WebSocket upgrade with 426, so that Codex falls back to POST at once.
        "supports_websockets = true\n"
    )
    env = {"HOME": str(home), "CODEX_HOME": str(home), "VEIL_TEST_KEY": "test-key"}
    args = [
        _binary("codex"),
        "exec",
        "--skip-git-repo-check",
        "--dangerously-bypass-approvals-and-sandbox",
        prompt,
    ]
    return _run(args, work, env)


@pytest.fixture
def work(tmp_path: Path) -> Path:
    folder = tmp_path / "work"
    folder.mkdir()
    (folder / ".env").write_text(ENV_FILE)
    return folder


# ---------------------------------------------------------------- a blocked turn


def test_claude_code_shows_the_block_and_does_not_retry(
    trains: Veil, provider: FakeProvider, work: Path, tmp_path: Path
) -> None:
    n_provider, before = len(provider.requests()), trains.count(BLOCKED)
    result = claude(trains, f"deploy the stack with {KEY} please", work, tmp_path / "home")
    output = result.stdout + result.stderr
    assert result.returncode != 0
    # Claude Code prints `API Error: 400 <veil's message>` on stdout and exits 1.
    assert MESSAGE in output, output[-3000:]
    assert "Failed to authenticate" not in output, output[-3000:]  # what it called a 403
    assert "Restricted" in output and "aws_access_key_id" in output
    assert "policy.restricted.trains" in output
    blocked = trains.wait_count(BLOCKED, before + 1) - before
    assert blocked == 1, f"{blocked} blocked requests"  # a 400 is not retried
    assert len(provider.requests()) == n_provider


def test_codex_shows_the_block_and_does_not_retry(
    trains: Veil, provider: FakeProvider, work: Path, tmp_path: Path
) -> None:
    n_provider, before = len(provider.requests()), trains.count(BLOCKED)
    result = codex(trains, f"deploy the stack with {KEY} please", work, tmp_path / "codex-home")
    output = result.stdout + result.stderr
    assert result.returncode != 0
    # Codex prints `ERROR: <veil's JSON error body>` on stderr (the line twice, from the one
    # request) and exits 1, with no `Reconnecting...` attempt.
    assert MESSAGE in output, output[-3000:]
    assert '"code":"veil_policy_blocked"' in output, output[-3000:]
    assert "Reconnecting" not in output, output[-3000:]
    assert "Restricted" in output and "policy.restricted.trains" in output
    blocked = trains.wait_count(BLOCKED, before + 1) - before
    assert blocked == 1, f"{blocked} blocked requests"  # a 400 is not retried
    assert len(provider.requests()) == n_provider


def test_claude_code_plain_turn_is_not_restricted(
    trains: Veil, provider: FakeProvider, work: Path, tmp_path: Path
) -> None:
    """Claude Code's own system prompt names `noreply@anthropic.com` (its Co-Authored-By
    line): masked, but no one's address, so a plain turn is Public and is sent."""
    n_provider, before = len(provider.requests()), trains.count("tier=Restricted")
    result = claude(trains, "what is a monad?", work, tmp_path / "home")
    assert trains.wait_count("tier=Restricted", before + 1, timeout=0.5) == before
    assert result.returncode == 0, result.stdout[-2000:]
    # The fake echoes the whole user turn: Claude Code puts a `<system-reminder>` text block
    # before the prompt in it.
    answer = result.stdout.rstrip()
    assert answer.startswith("echo: ") and answer.endswith("\nwhat is a monad?"), answer[-2000:]
    assert len(provider.requests()) > n_provider


# ---------------------------------------------------------------- `cat .env`


def _withheld_round_trip(
    provider: FakeProvider, n_provider: int, result: subprocess.CompletedProcess[str]
) -> None:
    assert result.returncode == 0, (result.stdout + result.stderr)[-3000:]
    got = provider.requests()[n_provider:]
    assert len(got) >= 2  # the turn that asks for the tool, and the one with its result
    bodies = "\n".join(str(r["body"]) for r in got)
    assert "withheld" in bodies
    for value in ENV_VALUES:
        assert value not in bodies
    # The fake model answers `tool said: <the tool result>`: the client shows veil's notice.
    assert "tool said:" in result.stdout and "withheld" in result.stdout, result.stdout[-2000:]
    for value in ENV_VALUES:
        assert value not in result.stdout


def test_claude_code_cat_env_is_withheld(
    plain: Veil, provider: FakeProvider, work: Path, tmp_path: Path
) -> None:
    n_provider = len(provider.requests())
    prompt = '[[tool Bash {"command": "cat .env", "description": "Show env"}]]'
    before = plain.count("withheld=1")
    result = claude(plain, prompt, work, tmp_path / "home")
    _withheld_round_trip(provider, n_provider, result)
    assert plain.wait_count("withheld=1", before + 1) > before
    assert "gate=recorded:denied_read" in plain.log()


def test_codex_cat_env_is_withheld(
    plain: Veil, provider: FakeProvider, work: Path, tmp_path: Path
) -> None:
    n_provider = len(provider.requests())
    prompt = '[[tool exec_command {"cmd": "cat .env"}]]'
    before = plain.count("withheld=1")
    result = codex(plain, prompt, work, tmp_path / "codex-home")
    _withheld_round_trip(provider, n_provider, result)
    assert plain.wait_count("withheld=1", before + 1) > before
    assert "gate=recorded:denied_read" in plain.log()
