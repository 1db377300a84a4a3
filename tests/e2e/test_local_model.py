"""The real local model server the reroute tests send to (tests/e2e/local_model.py): the openai
SDK against `llama_cpp.server` with SmolLM2-135M-Instruct, and the error shapes veil translates.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Iterator
from typing import Any

import httpx
import openai
import pytest

from tests.e2e.local_model import N_CTX, LocalModel

HELLO = [{"role": "user", "content": "Say hello in one short sentence."}]
# A 10 KB system prompt: the first long request costs tens of seconds of prompt processing on 2
# slow cores, so this module gives its requests minutes.
SYSTEM = ("You are a careful coding assistant working in the user's repository. " * 160)[:10240]
TIMEOUT = 300.0


@pytest.fixture(scope="module")
def client(local_model: LocalModel) -> Iterator[openai.OpenAI]:
    with openai.OpenAI(
        base_url=local_model.base_url, api_key="unused", max_retries=0, timeout=TIMEOUT
    ) as c:
        yield c


def tool(i: int) -> dict[str, Any]:
    """The i-th of many tool definitions, shaped as Claude Code's are after translation."""
    return {
        "type": "function",
        "function": {
            "name": f"tool_{i}",
            "description": f"Tool number {i}: reads, edits or searches files in the repository.",
            "parameters": {
                "type": "object",
                "properties": {
                    "path": {"type": "string", "description": "The file's path."},
                    "limit": {"type": "integer", "description": "At most this many lines."},
                },
                "required": ["path"],
            },
        },
    }


def post(local_model: LocalModel, body: dict[str, Any]) -> httpx.Response:
    """A raw chat completion request (its status and body as the server sends them)."""
    url = local_model.base_url + "/chat/completions"
    return httpx.post(url, json={"model": local_model.name, **body}, timeout=TIMEOUT)


def test_lists_its_model(local_model: LocalModel) -> None:
    models = httpx.get(local_model.base_url + "/models", timeout=10).json()
    assert [m["id"] for m in models["data"]] == [local_model.name]


def test_chat_answers(client: openai.OpenAI, local_model: LocalModel) -> None:
    answer = client.chat.completions.create(
        model=local_model.name,
        messages=HELLO,  # type: ignore[arg-type]
        max_tokens=16,
    )
    assert answer.choices[0].message.content
    assert answer.usage is not None and answer.usage.completion_tokens > 0


def test_chat_streams(client: openai.OpenAI, local_model: LocalModel) -> None:
    chunks = list(
        client.chat.completions.create(
            model=local_model.name,
            messages=HELLO,  # type: ignore[arg-type]
            max_tokens=16,
            stream=True,
        )
    )
    text = "".join(c.choices[0].delta.content or "" for c in chunks if c.choices)
    assert text.strip()
    assert chunks[-1].choices[0].finish_reason in ("stop", "length")


def test_many_tools_and_a_long_system_prompt(
    client: openai.OpenAI,
    local_model: LocalModel,
) -> None:
    assert len(SYSTEM.encode()) == 10240
    raw = client.chat.completions.with_raw_response.create(
        model=local_model.name,
        messages=[
            {"role": "system", "content": SYSTEM},
            {"role": "user", "content": "Read README.md and summarise it."},
        ],
        tools=[tool(i) for i in range(20)],  # type: ignore[misc]
        max_tokens=16,
    )
    assert raw.status_code == 200
    assert raw.parse().choices[0].message is not None


def test_a_tool_round_trip_in_the_shape_it_accepts(local_model: LocalModel) -> None:
    """An assistant turn with tool calls needs string content ("", not null or missing), and a
    tool result string content; then the conversation goes on."""
    call = {"id": "c1", "type": "function", "function": {"name": "tool_1", "arguments": "{}"}}
    messages = [
        {"role": "user", "content": "Read README.md"},
        {"role": "assistant", "content": "", "tool_calls": [call]},
        {"role": "tool", "tool_call_id": "c1", "content": "# veil\nA privacy gateway."},
    ]
    answer = post(local_model, {"messages": messages, "tools": [tool(1)], "max_tokens": 8})
    assert answer.status_code == 200, answer.text


def test_short_answer_latency(client: openai.OpenAI, local_model: LocalModel) -> None:
    """Printed, never asserted: a short answer's wall time, first and then warm."""
    times = []
    for _ in range(4):
        start = time.perf_counter()
        client.chat.completions.create(
            model=local_model.name,
            messages=HELLO,  # type: ignore[arg-type]
            max_tokens=16,
        )
        times.append(time.perf_counter() - start)
    print(
        f"local model, max_tokens=16: first {times[0]:.3f} s, "
        f"warm median {statistics.median(times[1:]):.3f} s"
    )


def test_any_model_name_is_served(local_model: LocalModel) -> None:
    answer = post(local_model, {"model": "gpt-4o", "messages": HELLO, "max_tokens": 4})
    assert answer.status_code == 200
    assert answer.json()["model"] == "gpt-4o"  # echoed, answered by its one model


def test_a_prompt_over_the_context_is_an_openai_error(local_model: LocalModel) -> None:
    messages = [{"role": "user", "content": "word " * (N_CTX + 100)}]
    answer = post(local_model, {"messages": messages, "max_tokens": 16})
    assert answer.status_code == 400
    error = answer.json()["error"]
    assert error["code"] == "context_length_exceeded"
    assert error["type"] == "invalid_request_error"
    assert f"maximum context length is {N_CTX} tokens" in error["message"]


def test_a_streamed_prompt_over_the_context_ends_without_an_event(
    local_model: LocalModel,
) -> None:
    """Streamed, the same error is a 200 event stream closed before any event (no [DONE])."""
    messages = [{"role": "user", "content": "word " * (N_CTX + 100)}]
    answer = post(local_model, {"messages": messages, "max_tokens": 16, "stream": True})
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith("text/event-stream")
    assert "data:" not in answer.text
