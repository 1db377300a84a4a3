"""The policy with real coding clients, headless: Claude Code (`claude -p`) and Codex CLI
(`codex exec`) against `veil serve` (started with a veil.toml) in front of the fake provider.

A turn the policy blocks must show veil's message in the client's output, must not make the
client retry without end, and must send nothing to the provider. A `cat .env` round trip must
send the provider veil's notice instead of the file, and the client must show that notice.
"""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.e2e.conftest import FakeProvider
from tests.e2e.test_clients import _binary, _run
from tests.e2e.test_policy import (
    BLOCKED,
    ENV_FILE,
    ENV_VALUES,
    KEY,
    Veil,
    start_fake,
    start_veil,
    upstreams,
)

MESSAGE = "veil blocked this request by policy"
# Codex CLI (0.171, tests/clients) treats any status it has no special case for (403 among
# them; not 400, 429 or 500) as a stream error and reconnects up to `stream_max_retries` times,
# 5 by default: a blocked turn reaches veil 6 times in about 7 seconds, then Codex gives up.
CODEX_STREAM_RETRIES = 5


@pytest.fixture(scope="module")
def provider(tmp_path_factory: pytest.TempPathFactory) -> Iterator[FakeProvider]:
    fake = start_fake(tmp_path_factory.mktemp("clients-fake"))
    yield fake
    fake.stop()


@pytest.fixture(scope="module")
def trains(provider: FakeProvider, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Veil]:
    """The default preset at a provider that trains on API data: Restricted is blocked."""
    folder = tmp_path_factory.mktemp("clients-trains")
    veil = start_veil(folder, upstreams(provider.url, "gemini-free"))
    yield veil
    veil.service.stop()


@pytest.fixture(scope="module")
def plain(provider: FakeProvider, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Veil]:
    """The default preset at the providers' own registry entries."""
    veil = start_veil(tmp_path_factory.mktemp("clients-plain"), upstreams(provider.url))
    yield veil
    veil.service.stop()


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
    # Claude Code prints `Failed to authenticate. API Error: 403 <veil's message>` on stdout
    # (it calls every 403 an authentication failure) and exits 1.
    assert MESSAGE in output, output[-3000:]
    assert "Restricted" in output and "aws_access_key_id" in output
    assert "policy.restricted.trains" in output
    blocked = trains.wait_count(BLOCKED, before + 1) - before
    assert 1 <= blocked <= 3, f"{blocked} blocked requests"  # observed: 1, no retry
    assert len(provider.requests()) == n_provider


def test_codex_shows_the_block_and_stops_retrying(
    trains: Veil, provider: FakeProvider, work: Path, tmp_path: Path
) -> None:
    n_provider, before = len(provider.requests()), trains.count(BLOCKED)
    result = codex(trains, f"deploy the stack with {KEY} please", work, tmp_path / "codex-home")
    output = result.stdout + result.stderr
    assert result.returncode != 0
    # Codex prints `ERROR: Reconnecting... N/5` five times, then
    # `ERROR: unexpected status 403 Forbidden: <veil's message>, url: ...` on stderr.
    assert MESSAGE in output, output[-3000:]
    assert "Restricted" in output and "policy.restricted.trains" in output
    blocked = trains.wait_count(BLOCKED, before + 1) - before
    # Not <= 3: Codex retries a 403 (see CODEX_STREAM_RETRIES); bounded, not a loop.
    assert 1 <= blocked <= 1 + CODEX_STREAM_RETRIES, f"{blocked} blocked requests"
    assert len(provider.requests()) == n_provider


@pytest.mark.xfail(
    strict=True,
    reason="Claude Code's own system prompt holds `noreply@anthropic.com` (its Co-Authored-By"
    " line), which the gateway's detectors report as email_address, so every Claude Code"
    " request is Restricted: a plain turn is blocked at a provider that trains (and kept"
    " local or blocked under regulated)",
)
def test_claude_code_plain_turn_is_not_restricted(
    trains: Veil, provider: FakeProvider, work: Path, tmp_path: Path
) -> None:
    n_provider, before = len(provider.requests()), trains.count("tier=Restricted")
    result = claude(trains, "what is a monad?", work, tmp_path / "home")
    assert trains.wait_count("tier=Restricted", before + 1, timeout=0.5) == before
    assert result.returncode == 0, result.stdout[-2000:]
    assert "echo: what is a monad?" in result.stdout
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


def test_codex_cat_env_is_withheld(
    plain: Veil, provider: FakeProvider, work: Path, tmp_path: Path
) -> None:
    n_provider = len(provider.requests())
    prompt = '[[tool exec_command {"cmd": "cat .env"}]]'
    before = plain.count("withheld=1")
    result = codex(plain, prompt, work, tmp_path / "codex-home")
    _withheld_round_trip(provider, n_provider, result)
    assert plain.wait_count("withheld=1", before + 1) > before
