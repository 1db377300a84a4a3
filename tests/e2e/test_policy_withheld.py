"""End to end: deny-listed files a tool read are withheld, in each client format, through the
real openai and anthropic SDKs and a `veil serve` process started with a veil.toml written here,
in front of a fake provider run as a process.

The provider gets veil's notice instead of the `.env` file (neither its secret nor its plain
values), and the fake model's answer shows that notice.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.e2e.conftest import FakeProvider
from tests.e2e.policy_services import (
    DB_PASSWORD,
    ENV_FILE,
    ENV_VALUES,
    Veil,
    ant,
    bodies,
    oai,
    since,
)

# ---------------------------------------------------------------- deny-listed files withheld


def _withheld_checks(remote: FakeProvider, n_remote: int, answer: str) -> None:
    got = since(remote, n_remote)
    assert len(got) == 1
    assert "withheld" in got[0]["body"]
    for value in ENV_VALUES:
        assert value not in got[0]["body"]
    assert answer.startswith("tool said: ") and "withheld" in answer
    assert "`.env`" in answer
    for value in ENV_VALUES:
        assert value not in answer


@pytest.mark.parametrize(
    ("tool", "arguments", "content"),
    [
        ("Read", {"file_path": ".env"}, ENV_FILE),
        (
            "Bash",
            {"command": "cat .env", "description": "Show env"},
            [{"type": "text", "text": ENV_FILE}],
        ),
    ],
)
@pytest.mark.parametrize("stream", [False, True])
def test_withheld_in_anthropic_tool_result(
    default: Veil,
    remote: FakeProvider,
    tool: str,
    arguments: dict[str, str],
    content: Any,
    stream: bool,
) -> None:
    n_remote, before = len(remote.requests()), default.count("withheld=1")
    messages = [
        {"role": "user", "content": "show me the env"},
        {
            "role": "assistant",
            "content": [
                {"type": "tool_use", "id": "toolu_env_1", "name": tool, "input": arguments}
            ],
        },
        {
            "role": "user",
            "content": [{"type": "tool_result", "tool_use_id": "toolu_env_1", "content": content}],
        },
    ]
    tools = [{"name": tool, "description": tool, "input_schema": {"type": "object"}}]
    with ant(default, max_retries=0) as client:
        if stream:
            with client.messages.stream(
                model="claude-sonnet-4-5",
                max_tokens=100,
                messages=messages,  # type: ignore[arg-type]
                tools=tools,  # type: ignore[arg-type]
            ) as events:
                headers = events.response.headers
                answer = events.get_final_text()
        else:
            raw = client.messages.with_raw_response.create(
                model="claude-sonnet-4-5",
                max_tokens=100,
                messages=messages,  # type: ignore[arg-type]
                tools=tools,  # type: ignore[arg-type]
            )
            headers = raw.headers
            answer = raw.parse().content[0].text  # type: ignore[union-attr]
    assert headers.get("veil-tier") and headers.get("veil-decision")
    _withheld_checks(remote, n_remote, answer)
    assert default.wait_count("withheld=1", before + 1) == before + 1


@pytest.mark.parametrize(
    ("tool", "arguments"),
    [("read_file", {"filepath": ".env"}), ("shell", {"command": ["cat", ".env"]})],
)
def test_withheld_in_chat_tool_message(
    default: Veil, remote: FakeProvider, tool: str, arguments: dict[str, Any]
) -> None:
    n_remote = len(remote.requests())
    call = {"name": tool, "arguments": json.dumps(arguments)}
    messages = [
        {"role": "user", "content": "show me the env"},
        {
            "role": "assistant",
            "content": None,
            "tool_calls": [{"id": "call_env_1", "type": "function", "function": call}],
        },
        {"role": "tool", "tool_call_id": "call_env_1", "content": ENV_FILE},
    ]
    with oai(default, max_retries=0) as client:
        raw = client.chat.completions.with_raw_response.create(
            model="gpt-5",
            messages=messages,  # type: ignore[arg-type]
        )
    assert raw.headers.get("veil-tier") and raw.headers.get("veil-decision")
    _withheld_checks(remote, n_remote, raw.parse().choices[0].message.content or "")


@pytest.mark.parametrize(
    ("tool", "arguments"),
    [
        ("exec_command", {"cmd": "cat .env"}),
        ("shell", {"command": ["bash", "-lc", "cat .env"]}),
    ],
)
@pytest.mark.parametrize("stream", [False, True])
def test_withheld_in_responses_function_call_output(
    default: Veil, remote: FakeProvider, tool: str, arguments: dict[str, Any], stream: bool
) -> None:
    n_remote = len(remote.requests())
    items = [
        {"type": "message", "role": "user", "content": "show me the env"},
        {
            "type": "function_call",
            "call_id": "call_env_1",
            "name": tool,
            "arguments": json.dumps(arguments),
        },
        {"type": "function_call_output", "call_id": "call_env_1", "output": ENV_FILE},
    ]
    with oai(default, max_retries=0) as client:
        if stream:
            events = client.responses.create(
                model="gpt-5-codex",
                input=items,  # type: ignore[arg-type]
                stream=True,
            )
            answer = next(e.response.output_text for e in events if e.type == "response.completed")
        else:
            answer = client.responses.create(
                model="gpt-5-codex",
                input=items,  # type: ignore[arg-type]
            ).output_text
    _withheld_checks(remote, n_remote, answer)


def test_env_content_is_masked_not_withheld_without_its_call(
    default: Veil, remote: FakeProvider
) -> None:
    """Control: the same content in a tool result whose call is not in the request is not
    withheld, so the non-secret value does reach the provider (what the tests above rule out
    is withholding, not masking)."""
    n_remote = len(remote.requests())
    items = [{"type": "function_call_output", "call_id": "call_elsewhere", "output": ENV_FILE}]
    with oai(default, max_retries=0) as client:
        client.responses.create(model="gpt-5-codex", input=items)  # type: ignore[arg-type]
    got = bodies(since(remote, n_remote))
    assert "blue-42" in got and "withheld" not in got
    assert DB_PASSWORD not in got  # masked by the detectors
