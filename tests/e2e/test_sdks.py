"""End to end: the real openai and anthropic SDKs -> a `veil serve` process -> the fake provider.

Planted secrets and personal data must never reach the provider, and must come back restored,
streamed or not, including placeholders split one character per event and inside tool-call
arguments.
"""

from __future__ import annotations

import asyncio
import json
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import anthropic
import httpx
import openai
import pytest

from tests.e2e.conftest import ROOT, FakeProvider, Service, start, veil_args
from tests.factories import aws_key_id, aws_secret, email

KEY = aws_key_id("e2e")
SECRET = aws_secret("e2e")
MAIL = email("e2e")
# A password with a backslash: inside tool-call arguments it must come back JSON-escaped.
QUOTED = "postgresql://app:Pa55\\w0rd-9xQ@db.internal:5432/app"  # veil:allow test value
PROMPT = f"my key is {KEY}, secret {SECRET}, write to {MAIL}"
PLANTED = (KEY, SECRET, MAIL)
ONE_CHAR = {"x-fake-chunk": "1"}


@pytest.fixture
def oai(veil: Service) -> Iterator[openai.OpenAI]:
    with openai.OpenAI(base_url=veil.url + "/v1", api_key="test-key", max_retries=0) as client:
        yield client


@pytest.fixture
def claude(veil: Service) -> Iterator[anthropic.Anthropic]:
    with anthropic.Anthropic(base_url=veil.url, api_key="test-key", max_retries=0) as client:
        yield client


def _no_leak(fake: FakeProvider, *values: str) -> None:
    bodies = fake.bodies()
    for value in values or PLANTED:
        assert value not in bodies


def test_chat_completion_round_trip(oai: openai.OpenAI, fake: FakeProvider) -> None:
    r = oai.chat.completions.create(model="gpt-5", messages=[{"role": "user", "content": PROMPT}])
    assert r.choices[0].message.content == "echo: " + PROMPT
    _no_leak(fake)


def test_chat_stream_one_character_per_event(oai: openai.OpenAI, fake: FakeProvider) -> None:
    stream = oai.chat.completions.create(
        model="gpt-5",
        messages=[{"role": "user", "content": PROMPT}],
        stream=True,
        stream_options={"include_usage": True},
        extra_headers=ONE_CHAR,
    )
    text = "".join(c.choices[0].delta.content or "" for c in stream if c.choices)
    assert text == "echo: " + PROMPT
    _no_leak(fake)


def test_chat_tool_call_round_trip(oai: openai.OpenAI, fake: FakeProvider) -> None:
    messages: list[dict[str, object]] = [
        {"role": "user", "content": f"[[echo-tool run]] use {QUOTED} and {MAIL}"}
    ]
    tools = [{"type": "function", "function": {"name": "run", "parameters": {"type": "object"}}}]
    stream = oai.chat.completions.create(
        model="gpt-5",
        messages=messages,
        tools=tools,
        stream=True,
        extra_headers=ONE_CHAR,  # type: ignore[arg-type]
    )
    arguments = "".join(
        c.choices[0].delta.tool_calls[0].function.arguments or ""
        for c in stream
        if c.choices and c.choices[0].delta.tool_calls
    )
    assert json.loads(arguments)["value"] == messages[0]["content"]
    messages.append(
        {
            "role": "assistant",
            "content": None,
            "tool_calls": [
                {
                    "id": "call_fake_1",
                    "type": "function",
                    "function": {"name": "run", "arguments": arguments},
                }
            ],
        }
    )
    messages.append({"role": "tool", "tool_call_id": "call_fake_1", "content": f"output: {KEY}"})
    r = oai.chat.completions.create(model="gpt-5", messages=messages, tools=tools)  # type: ignore[arg-type]
    assert r.choices[0].message.content == f"tool said: output: {KEY}"
    _no_leak(fake, KEY, MAIL, "Pa55")


def test_responses_stream_and_whole(oai: openai.OpenAI, fake: FakeProvider) -> None:
    stream = oai.responses.create(
        model="gpt-5-codex", input=PROMPT, stream=True, extra_headers=ONE_CHAR
    )
    deltas, done = "", ""
    for event in stream:
        if event.type == "response.output_text.delta":
            deltas += event.delta
        elif event.type == "response.completed":
            done = event.response.output_text
    assert deltas == done == "echo: " + PROMPT
    whole = oai.responses.create(model="gpt-5-codex", instructions=f"owner {MAIL}", input=PROMPT)
    assert whole.output_text == "echo: " + PROMPT
    _no_leak(fake)


def test_responses_apply_patch_restores_inside_the_patch(
    oai: openai.OpenAI, fake: FakeProvider
) -> None:
    stream = oai.responses.create(
        model="gpt-5-codex", input=f"[[patch]] +key = {KEY}", stream=True, extra_headers=ONE_CHAR
    )
    patch = "".join(e.delta for e in stream if e.type == "response.custom_tool_call_input.delta")
    assert patch == f"[[patch]] +key = {KEY}"
    _no_leak(fake, KEY)


def test_fill_in_the_middle_completion(oai: openai.OpenAI, fake: FakeProvider) -> None:
    prompt = f'AWS_KEY = "{KEY}"\ndef connect():\n    '
    r = oai.completions.create(model="codestral", prompt=prompt, suffix=f"\n# owner {MAIL}\n")
    assert r.choices[0].text == "echo: " + prompt
    stream = oai.completions.create(
        model="codestral", prompt=prompt, suffix="\n", stream=True, extra_headers=ONE_CHAR
    )
    assert "".join(c.choices[0].text for c in stream) == "echo: " + prompt
    _no_leak(fake, KEY, MAIL)


def test_embeddings_input_is_masked(oai: openai.OpenAI, fake: FakeProvider) -> None:
    r = oai.embeddings.create(model="embed", input=[PROMPT, "plain"])
    assert len(r.data) == 2
    _no_leak(fake)


def test_anthropic_message_whole_and_streamed(
    claude: anthropic.Anthropic, fake: FakeProvider
) -> None:
    r = claude.messages.create(
        model="claude-x",
        max_tokens=64,
        system=f"owner {MAIL}",
        messages=[{"role": "user", "content": PROMPT}],
    )
    assert r.content[0].text == "echo: " + PROMPT  # type: ignore[union-attr]
    with claude.messages.stream(
        model="claude-x",
        max_tokens=64,
        messages=[{"role": "user", "content": PROMPT}],
        thinking={"type": "enabled", "budget_tokens": 1024},
        extra_headers=ONE_CHAR,
    ) as stream:
        text = "".join(stream.text_stream)
        final = stream.get_final_message()
    assert text == "echo: " + PROMPT
    thinking = final.content[0]
    assert thinking.type == "thinking" and thinking.thinking == "Thinking about echo: " + PROMPT
    _no_leak(fake)


def test_anthropic_tool_use_round_trip(claude: anthropic.Anthropic, fake: FakeProvider) -> None:
    prompt = f"[[echo-tool Bash]] cat with {QUOTED}"
    tools = [{"name": "Bash", "description": "run", "input_schema": {"type": "object"}}]
    with claude.messages.stream(
        model="claude-x",
        max_tokens=64,
        tools=tools,
        messages=[{"role": "user", "content": prompt}],
        extra_headers=ONE_CHAR,  # type: ignore[arg-type]
    ) as stream:
        final = stream.get_final_message()
    tool_use = final.content[0]
    assert tool_use.type == "tool_use" and tool_use.input == {"value": prompt}
    messages = [
        {"role": "user", "content": prompt},
        {"role": "assistant", "content": [tool_use.model_dump()]},
        {
            "role": "user",
            "content": [
                {
                    "type": "tool_result",
                    "tool_use_id": tool_use.id,
                    "content": f"KEY={KEY}\nSECRET={SECRET}",
                }
            ],
        },
    ]
    r = claude.messages.create(model="claude-x", max_tokens=64, tools=tools, messages=messages)  # type: ignore[arg-type]
    assert r.content[0].text == f"tool said: KEY={KEY}\nSECRET={SECRET}"  # type: ignore[union-attr]
    _no_leak(fake, KEY, SECRET, "Pa55")


def test_count_tokens_is_masked(claude: anthropic.Anthropic, fake: FakeProvider) -> None:
    r = claude.messages.count_tokens(
        model="claude-x", messages=[{"role": "user", "content": PROMPT}]
    )
    assert r.input_tokens > 0
    assert fake.requests()[-1]["path"] == "/v1/messages/count_tokens"
    _no_leak(fake)


def test_upstream_errors_reach_the_sdk_in_its_own_format(
    oai: openai.OpenAI, claude: anthropic.Anthropic
) -> None:
    with pytest.raises(openai.RateLimitError):
        oai.chat.completions.create(
            model="m",
            messages=[{"role": "user", "content": "hi"}],
            extra_headers={"x-fake-status": "429"},
        )
    with pytest.raises(anthropic.RateLimitError) as caught:
        claude.messages.create(
            model="m",
            max_tokens=5,
            messages=[{"role": "user", "content": "hi"}],
            extra_headers={"x-fake-status": "429"},
        )
    assert caught.value.body["error"]["type"] == "rate_limit_error"  # type: ignore[index]


def test_cut_stream_ends_with_an_error_event(veil: Service) -> None:
    body = {
        "model": "m",
        "max_tokens": 5,
        "stream": True,
        "messages": [{"role": "user", "content": "hi there"}],
    }
    r = httpx.post(veil.url + "/v1/messages", json=body, headers={"x-fake-cut": "4"}, timeout=30)
    events = [line for line in r.text.splitlines() if line.startswith("event:")]
    assert events[-1] == "event: error"
    assert "stream" in r.text.splitlines()[-1] or "stream" in r.text


def test_client_disconnect_cancels_the_upstream(veil: Service, fake: FakeProvider) -> None:
    body = {"model": "m", "stream": True, "messages": [{"role": "user", "content": "x" * 300}]}
    headers = {"x-fake-delay": "0.05", "x-fake-chunk": "1"}
    with httpx.stream(
        "POST", veil.url + "/v1/chat/completions", json=body, headers=headers, timeout=30
    ) as r:
        next(r.iter_bytes())
    n = len(fake.requests()) - 1
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and fake.requests()[n]["completed"] is None:
        time.sleep(0.05)
    assert fake.requests()[n]["completed"] is False


def test_unreachable_upstream_is_a_502_in_each_format(tmp_path: Path) -> None:
    service = start(
        veil_args(
            "--upstream",
            "openai=http://127.0.0.1:9/v1",
            "--upstream",
            "anthropic=http://127.0.0.1:9",
        ),
        tmp_path / "veil.log",
        {"XDG_CONFIG_HOME": str(tmp_path)},
    )
    o = openai.OpenAI(base_url=service.url + "/v1", api_key="test-key", max_retries=0)
    a = anthropic.Anthropic(base_url=service.url, api_key="test-key", max_retries=0)
    try:
        with pytest.raises(openai.APIStatusError) as caught:
            o.chat.completions.create(model="m", messages=[{"role": "user", "content": PROMPT}])
        assert caught.value.status_code == 502
        with pytest.raises(anthropic.APIStatusError) as caught_a:
            a.messages.create(model="m", max_tokens=5, messages=[{"role": "user", "content": "hi"}])
        assert caught_a.value.status_code == 502
        assert caught_a.value.body["type"] == "error"  # type: ignore[index]
    finally:
        o.close()
        a.close()
        assert service.stop() == 0
    log = service.log.read_text()
    assert "status=502" in log and "Traceback" not in log
    assert KEY not in log


def test_websocket_upgrade_gets_426_so_codex_falls_back(veil: Service) -> None:
    from websockets.exceptions import InvalidStatus
    from websockets.sync.client import connect

    with pytest.raises(InvalidStatus) as caught:
        connect(veil.url.replace("http", "ws") + "/v1/responses", open_timeout=10)
    assert caught.value.response.status_code == 426


def _serve_once(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """`veil serve ARGS` expected to stop at once (a usage or configuration error)."""
    return subprocess.run(
        [sys.executable, "-m", "veil", "serve", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        env={"PATH": "", "XDG_CONFIG_HOME": str(tmp_path)},
    )


def test_non_loopback_without_token_refuses_to_start(tmp_path: Path) -> None:
    r = _serve_once(tmp_path, "--host", "0.0.0.0", "--port", "0")
    assert r.returncode == 2
    assert "VEIL_TOKEN" in r.stderr and "Traceback" not in r.stderr


def test_sigterm_shuts_down_cleanly(fake: FakeProvider, tmp_path: Path) -> None:
    service = start(
        veil_args("--upstream", f"openai={fake.url}/v1"),
        tmp_path / "veil.log",
        {"XDG_CONFIG_HOME": str(tmp_path)},
    )
    assert httpx.get(service.url + "/").status_code == 200
    service.process.send_signal(signal.SIGTERM)
    assert service.process.wait(15) == 0
    service.stop()
    assert "Traceback" not in service.log.read_text()


def test_no_planted_value_in_veil_logs(veil: Service, oai: openai.OpenAI) -> None:
    oai.chat.completions.create(model="gpt-5", messages=[{"role": "user", "content": PROMPT}])
    log = veil.log.read_text()
    assert "findings=" in log
    for value in (*PLANTED, "Pa55", "test-key"):
        assert value not in log


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--port", "80000"], "65535"),
        (["--upstream", "openai"], "expected NAME=URL"),
        (["--upstream", "nope=http://127.0.0.1:1"], "no upstream named 'nope'"),
        (["--config", "{bad}"], "did you mean 'port'"),
    ],
)
def test_bad_command_line_or_config_is_one_clear_line(
    tmp_path: Path, args: list[str], message: str
) -> None:
    bad = tmp_path / "veil.toml"
    bad.write_text("[gateway]\nprot = 1\n")
    r = _serve_once(tmp_path, *(str(bad) if a == "{bad}" else a for a in args))
    assert r.returncode == 2
    assert message in r.stderr and "Traceback" not in r.stderr


def test_serve_prints_the_line_each_client_needs(veil: Service) -> None:
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and not any("upstream openai" in p for p in veil.printed):
        time.sleep(0.05)
    printed = "".join(veil.printed)
    assert f"export ANTHROPIC_BASE_URL={veil.url} " in printed
    assert f"export OPENAI_BASE_URL={veil.url}/v1 " in printed


def test_placeholders_survive_a_restart(fake: FakeProvider, tmp_path: Path) -> None:
    """The key lives on disk: a new veil process masks the same text the same way."""
    bodies = []
    for _ in range(2):
        service = start(
            veil_args("--upstream", f"openai={fake.url}/v1"),
            tmp_path / "veil.log",
            {"XDG_CONFIG_HOME": str(tmp_path)},
        )
        try:
            with openai.OpenAI(
                base_url=service.url + "/v1", api_key="test-key", max_retries=0
            ) as o:
                o.chat.completions.create(model="m", messages=[{"role": "user", "content": PROMPT}])
            bodies.append(fake.requests()[-1]["body"])
        finally:
            service.stop()
    assert bodies[0] == bodies[1]
    assert "VEIL_SECRET_" in bodies[0] and KEY not in bodies[0]


def test_concurrent_streams_each_get_their_own_originals_back(
    veil: Service, fake: FakeProvider
) -> None:
    async def one(client: httpx.AsyncClient, n: int) -> tuple[str, str]:
        prompt = f"key {aws_key_id(f'concurrent-{n}')} for {email(f'concurrent-{n}')}"
        body = {"model": "m", "stream": True, "messages": [{"role": "user", "content": prompt}]}
        text = ""
        headers = {"x-fake-chunk": "2", "x-claude-code-session-id": f"session-{n % 3}"}
        async with client.stream("POST", "/v1/chat/completions", json=body, headers=headers) as r:
            async for line in r.aiter_lines():
                if line.startswith("data: {"):
                    for choice in json.loads(line[6:])["choices"]:
                        text += choice["delta"].get("content") or ""
        return prompt, text

    async def run() -> list[tuple[str, str]]:
        async with httpx.AsyncClient(base_url=veil.url, timeout=60) as client:
            return await asyncio.gather(*(one(client, n) for n in range(24)))

    results = asyncio.run(run())
    assert all(text == "echo: " + prompt for prompt, text in results)
    bodies = fake.bodies()
    assert not any(prompt.split()[1] in bodies for prompt, _ in results)
