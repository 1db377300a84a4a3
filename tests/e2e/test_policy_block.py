"""End to end: blocked requests, through the real openai and anthropic SDKs and `veil serve`
processes started with a veil.toml written here, in front of a fake provider run as a process.

The default preset at a provider that trains on API data blocks Restricted, in each client
format, and the SDK does not retry; the same in monitor mode is decided, recorded, and only
masked. Every answer carries `veil-tier` and `veil-decision`, veil's own errors included.
"""

from __future__ import annotations

from collections.abc import Iterator

import anthropic
import httpx
import openai
import pytest

from tests.e2e.conftest import FakeProvider
from tests.e2e.policy_services import (
    BLOCKED,
    KEY,
    MESSAGE,
    PROMPT,
    Veil,
    ant,
    assert_headers,
    bodies,
    chat_once,
    oai,
    since,
    upstreams,
    veil_serving,
)

BLOCKED_CODE = "veil_policy_blocked"  # `error.code` of a blocked request, in OpenAI formats


@pytest.fixture(scope="module")
def trains(remote: FakeProvider, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Veil]:
    """The default preset at a provider that trains on API data."""
    toml = upstreams(remote.url, "gemini-free")
    yield from veil_serving(tmp_path_factory.mktemp("trains"), toml)


@pytest.fixture(scope="module")
def monitor(remote: FakeProvider, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Veil]:
    toml = '[policy]\nmode = "monitor"\n\n' + upstreams(remote.url, "gemini-free")
    yield from veil_serving(tmp_path_factory.mktemp("monitor"), toml)


# ---------------------------------------------------------------- blocked, in each format


def _blocked_checks(
    veil: Veil, remote: FakeProvider, n_remote: int, before: int, exc: Exception
) -> None:
    assert isinstance(exc, anthropic.BadRequestError | openai.BadRequestError)
    assert exc.status_code == 400
    text = str(exc) + exc.response.text
    for word in (MESSAGE, "Restricted", "aws_access_key_id"):
        assert word in text, text
    assert "policy.restricted.trains" in text, text
    assert KEY not in text and KEY[4:] not in text
    assert_headers(exc.response.headers, "Restricted", "block")
    assert len(remote.requests()) == n_remote  # the provider got nothing
    # One request per call: the SDK (max_retries at its default, 2) does not retry a 400.
    assert veil.wait_count(BLOCKED, before + 1) == before + 1
    line = [x for x in veil.log().splitlines() if BLOCKED in x][-1]
    assert "status=400 " + BLOCKED in line and "applied=" not in line, line


def _openai_blocked_checks(exc: openai.BadRequestError) -> None:
    """The OpenAI formats' error object: its type, and the code scripts can match."""
    assert exc.type == "invalid_request_error" and exc.code == BLOCKED_CODE
    body = exc.body
    assert isinstance(body, dict), body
    assert body["type"] == "invalid_request_error" and body["code"] == BLOCKED_CODE, body
    error = exc.response.json()["error"]
    assert (error["type"], error["code"]) == ("invalid_request_error", BLOCKED_CODE), error


@pytest.mark.parametrize("stream", [False, True])
def test_blocked_anthropic_messages(trains: Veil, remote: FakeProvider, stream: bool) -> None:
    n_remote, before = len(remote.requests()), trains.count(BLOCKED)
    with ant(trains) as client, pytest.raises(anthropic.BadRequestError) as caught:
        client.messages.create(
            model="claude-sonnet-4-5",
            max_tokens=100,
            messages=[{"role": "user", "content": PROMPT}],
            stream=stream,
        )
    _blocked_checks(trains, remote, n_remote, before, caught.value)
    body = caught.value.body
    assert isinstance(body, dict) and body["error"]["type"] == "invalid_request_error"
    assert "which trains on API data" in body["error"]["message"]


@pytest.mark.parametrize("stream", [False, True])
def test_blocked_chat_completions(trains: Veil, remote: FakeProvider, stream: bool) -> None:
    n_remote, before = len(remote.requests()), trains.count(BLOCKED)
    with oai(trains) as client, pytest.raises(openai.BadRequestError) as caught:
        client.chat.completions.create(
            model="gemini-2.5-flash",
            messages=[{"role": "user", "content": PROMPT}],
            stream=stream,
        )
    _blocked_checks(trains, remote, n_remote, before, caught.value)
    _openai_blocked_checks(caught.value)


@pytest.mark.parametrize("stream", [False, True])
def test_blocked_responses(trains: Veil, remote: FakeProvider, stream: bool) -> None:
    n_remote, before = len(remote.requests()), trains.count(BLOCKED)
    with oai(trains) as client, pytest.raises(openai.BadRequestError) as caught:
        client.responses.create(model="gemini-2.5-flash", input=PROMPT, stream=stream)
    _blocked_checks(trains, remote, n_remote, before, caught.value)
    _openai_blocked_checks(caught.value)


def test_public_passes_a_provider_that_trains(trains: Veil, remote: FakeProvider) -> None:
    n_remote = len(remote.requests())
    with ant(trains, max_retries=0) as client:
        raw = client.messages.with_raw_response.create(
            model="claude-sonnet-4-5",
            max_tokens=100,
            messages=[{"role": "user", "content": "what is a monad?"}],
        )
    assert_headers(raw.headers, "Public", "forward")
    assert len(since(remote, n_remote)) == 1


# ---------------------------------------------------------------- monitor mode


@pytest.mark.parametrize("stream", [False, True])
def test_monitor_forwards_masked_and_records_the_block(
    monitor: Veil, remote: FakeProvider, stream: bool
) -> None:
    n_remote, before = len(remote.requests()), monitor.count(BLOCKED)
    headers, text = chat_once(monitor, "gemini-2.5-flash", PROMPT, stream=stream)
    assert text == "echo: " + PROMPT  # restored
    assert_headers(headers, "Restricted", "block")
    assert headers.get("veil-mode") == "monitor"
    got = bodies(since(remote, n_remote))
    assert "VEIL_SECRET_" in got and KEY not in got
    assert monitor.wait_count(BLOCKED, before + 1) == before + 1
    line = [x for x in monitor.log().splitlines() if BLOCKED in x][-1]
    assert "applied=mask mode=monitor" in line and "status=200" in line


def test_monitor_anthropic_messages(monitor: Veil, remote: FakeProvider) -> None:
    n_remote = len(remote.requests())
    with ant(monitor, max_retries=0) as client:
        raw = client.messages.with_raw_response.create(
            model="claude-sonnet-4-5",
            max_tokens=100,
            messages=[{"role": "user", "content": PROMPT}],
        )
    assert raw.parse().content[0].text == "echo: " + PROMPT  # type: ignore[union-attr]
    assert_headers(raw.headers, "Restricted", "block")
    assert raw.headers.get("veil-mode") == "monitor"
    got = bodies(since(remote, n_remote))
    assert "VEIL_SECRET_" in got and KEY not in got


# ---------------------------------------------------------------- headers on veil's own errors


@pytest.mark.parametrize("path", ["/v1/chat/completions", "/v1/responses", "/v1/messages"])
def test_malformed_json_answer_carries_the_headers(
    default: Veil, remote: FakeProvider, path: str
) -> None:
    n_remote = len(remote.requests())
    r = httpx.post(
        default.url + path,
        content=b'{"model": "x", "messages": [',
        headers={"content-type": "application/json", "authorization": "Bearer test-key"},
        timeout=30,
    )
    assert r.status_code == 400, r.text
    assert "not valid JSON" in r.text
    assert_headers(r.headers, "unknown", "none")
    assert len(remote.requests()) == n_remote
