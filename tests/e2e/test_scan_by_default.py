"""End to end: every string a request carries is scanned, whatever field or block type holds it.

A real `veil serve` process in front of the real fake provider. The fields listed are those an
outside check found leaking when each wire format listed the fields to scan; the property test
then puts generated values under random keys and block types of every route.
"""

from __future__ import annotations

import base64
import json
from typing import Any

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.e2e.conftest import FakeProvider, Service
from tests.factories import aws_key_id, email
from veil.detect.samples import ALNUM, fake
from veil.vault.tokens import PLACEHOLDER_RE

KEY = aws_key_id("scan-default")
MAIL = email("scan-default")
SECRET = f"key {KEY} and {MAIL}"


def _post(veil: Service, path: str, body: dict[str, Any]) -> httpx.Response:
    return httpx.post(veil.url + path, json=body, timeout=30)


def _sent(fake: FakeProvider, before: int) -> str:
    """The bodies the provider received since `before` requests."""
    return "\n".join(str(r["body"]) for r in fake.requests()[before:])


def _chat(**extra: Any) -> dict[str, Any]:
    return {"model": "gpt-5", "messages": [{"role": "user", "content": "hi"}], **extra}


def _responses(*items: dict[str, Any], **extra: Any) -> dict[str, Any]:
    user = {"type": "message", "role": "user", "content": [{"type": "input_text", "text": "hi"}]}
    return {"model": "gpt-5-codex", "input": [*items, user], **extra}


def _messages(*blocks: dict[str, Any], **extra: Any) -> dict[str, Any]:
    content = [*blocks, {"type": "text", "text": "hi"}]
    return {
        "model": "claude-sonnet-4-5",
        "max_tokens": 64,
        "messages": [{"role": "user", "content": content}],
        **extra,
    }


SCHEMA = {
    "type": "object",
    "properties": {
        "host": {
            "type": "string",
            "description": SECRET,
            "default": KEY,
            "enum": [MAIL],
            "examples": [KEY],
        }
    },
}
TEXT_B64 = base64.b64encode(f"DB_USER=app\nAWS_KEY={KEY}\nOWNER={MAIL}\n".encode()).decode()

CASES: dict[str, tuple[str, dict[str, Any]]] = {
    "chat prediction.content": ("/v1/chat/completions", _chat(prediction={"content": SECRET})),
    "chat metadata": ("/v1/chat/completions", _chat(metadata={"note": SECRET})),
    "chat response_format schema": (
        "/v1/chat/completions",
        _chat(response_format={"type": "json_schema", "json_schema": {"schema": SCHEMA}}),
    ),
    "chat tool definitions": (
        "/v1/chat/completions",
        _chat(tools=[{"type": "function", "function": {"name": "f", "description": SECRET}}]),
    ),
    "chat tool schema": (
        "/v1/chat/completions",
        _chat(tools=[{"type": "function", "function": {"name": "f", "parameters": SCHEMA}}]),
    ),
    "chat arguments as an object": (
        "/v1/chat/completions",
        {
            "model": "gpt-5",
            "messages": [
                {
                    "role": "assistant",
                    "tool_calls": [
                        {
                            "id": "c1",
                            "type": "function",
                            "function": {"name": "f", "arguments": {"id": KEY, "to": MAIL}},
                        }
                    ],
                },
                {"role": "user", "content": "hi"},
            ],
        },
    ),
    "chat participant name": (
        "/v1/chat/completions",
        {"model": "gpt-5", "messages": [{"role": "user", "name": MAIL, "content": "hi"}]},
    ),
    "chat text file as base64": (
        "/v1/chat/completions",
        {
            "model": "gpt-5",
            "messages": [
                {
                    "role": "user",
                    "content": [
                        {
                            "type": "file",
                            "file": {"file_data": f"data:text/plain;base64,{TEXT_B64}"},
                        },
                        {"type": "text", "text": "hi"},
                    ],
                }
            ],
        },
    ),
    "responses mcp_call": (
        "/v1/responses",
        _responses(
            {
                "type": "mcp_call",
                "id": "m1",
                "name": "q",
                "server_label": "db",
                "arguments": json.dumps({"q": SECRET}),
                "output": SECRET,
            }
        ),
    ),
    "responses shell_call and output": (
        "/v1/responses",
        _responses(
            {"type": "shell_call", "call_id": "s1", "action": {"commands": [f"echo {KEY}"]}},
            {"type": "shell_call_output", "call_id": "s1", "output": [{"stdout": SECRET}]},
        ),
    ),
    "responses apply_patch_call": (
        "/v1/responses",
        _responses(
            {
                "type": "apply_patch_call",
                "call_id": "p1",
                "operation": {"type": "update_file", "path": "a.env", "diff": f"+KEY={KEY}"},
            }
        ),
    ),
    "responses web_search_call": (
        "/v1/responses",
        _responses({"type": "web_search_call", "id": "w1", "action": {"query": SECRET}}),
    ),
    "responses code_interpreter_call": (
        "/v1/responses",
        _responses({"type": "code_interpreter_call", "id": "c1", "code": f"key = '{KEY}'"}),
    ),
    "responses file_search_call": (
        "/v1/responses",
        _responses(
            {
                "type": "file_search_call",
                "id": "f1",
                "queries": [SECRET],
                "results": [{"text": MAIL}],
            }
        ),
    ),
    "responses computer_call": (
        "/v1/responses",
        _responses({"type": "computer_call", "id": "c1", "action": {"type": "type", "text": KEY}}),
    ),
    "responses prompt.variables": (
        "/v1/responses",
        _responses(prompt={"id": "pmpt_1", "variables": {"customer": SECRET}}),
    ),
    "responses input_file base64": (
        "/v1/responses",
        _responses(
            {
                "type": "message",
                "role": "user",
                "content": [
                    {
                        "type": "input_file",
                        "filename": "notes.txt",
                        "file_data": f"data:text/plain;base64,{TEXT_B64}",
                    }
                ],
            }
        ),
    ),
    "anthropic search_result": (
        "/v1/messages",
        _messages(
            {
                "type": "search_result",
                "source": f"https://wiki/{MAIL}",
                "title": SECRET,
                "content": [{"type": "text", "text": SECRET}],
            }
        ),
    ),
    "anthropic unknown block type": (
        "/v1/messages",
        _messages({"type": "block_from_next_month", "payload": {"deep": [SECRET]}}),
    ),
    "anthropic tool definitions and metadata": (
        "/v1/messages",
        _messages(
            tools=[{"name": "t", "description": SECRET, "input_schema": SCHEMA}],
            metadata={"user_id": MAIL},
        ),
    ),
    "anthropic text document as base64": (
        "/v1/messages",
        _messages(
            {
                "type": "document",
                "source": {"type": "base64", "media_type": "text/plain", "data": TEXT_B64},
            }
        ),
    ),
}


@pytest.mark.parametrize("case", list(CASES))
def test_field_is_scanned(veil: Service, fake: FakeProvider, case: str) -> None:
    path, body = CASES[case]
    before = len(fake.requests())
    r = _post(veil, path, body)
    assert r.status_code == 200, r.text
    sent = _sent(fake, before)
    assert sent, "the request did not reach the provider"
    for value in (KEY, MAIL, TEXT_B64):
        assert value not in sent


def test_images_are_forwarded_and_recorded_as_unscannable(
    veil: Service, fake: FakeProvider
) -> None:
    png = base64.b64encode(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4).decode()
    image = {"type": "image", "source": {"type": "base64", "media_type": "image/png", "data": png}}
    r = _post(veil, "/v1/messages", _messages(image))
    assert r.status_code == 200
    assert png in _sent(fake, len(fake.requests()) - 1)
    assert "unscannable=1" in veil.log.read_text()


# ---------------------------------------------------------------- the property

ECHO = f"please keep {KEY} safe"
SKELETONS: dict[str, dict[str, Any]] = {
    "/v1/messages": _messages(),
    "/v1/messages/count_tokens": _messages(),
    "/v1/chat/completions": _chat(),
    "/v1/responses": _responses(),
    "/v1/completions": {"model": "m", "prompt": ECHO},
    "/v1/embeddings": {"model": "m", "input": ECHO},
}


def _planted(seed: int) -> str:
    """A value some detector finds with no name beside it (test values, built at run time)."""
    kinds = (
        lambda: aws_key_id(f"p{seed}"),
        lambda: email(f"p{seed}"),
        lambda: "ghp_" + fake(36, ALNUM, seed=f"prop-gh-{seed}"),
    )
    return kinds[seed % len(kinds)]()


_KEYS = st.sampled_from(
    sorted(
        {"text", "content", "input", "output", "description", "data", "query", "code", "note"}
        | {"arguments", "metadata", "payload", "x_future_field", "results", "summary", "title"}
    )
)
_PROSE = st.text(alphabet="abc XYZ,.:\n", max_size=12)


def _plant(draw: st.DrawFn, planted: list[str]) -> str:
    value = _planted(draw(st.integers(0, 10_000)))
    planted.append(value)
    return f"{draw(_PROSE)} {value} {draw(_PROSE)}"


@st.composite
def _leaf(draw: st.DrawFn, planted: list[str]) -> Any:
    if draw(st.booleans()):
        return _plant(draw, planted)
    return draw(st.one_of(_PROSE, st.integers(), st.booleans(), st.none()))


@st.composite
def _body(draw: st.DrawFn) -> tuple[str, dict[str, Any], list[str]]:
    path = draw(st.sampled_from(sorted(SKELETONS)))
    body = json.loads(json.dumps(SKELETONS[path]))
    planted: list[str] = []
    tree = st.recursive(
        _leaf(planted),
        lambda children: (
            st.lists(children, max_size=3) | st.dictionaries(_KEYS, children, max_size=3)
        ),
        max_leaves=6,
    )
    block_type = draw(st.sampled_from(["text", "tool_result", "mystery_block", "input_text"]))
    for _ in range(draw(st.integers(1, 8))):
        where = draw(st.sampled_from(["top", "block", "message"]))
        key = draw(_KEYS)
        subtree = draw(tree) if draw(st.booleans()) else _plant(draw, planted)
        if where == "top" or ("messages" not in body and "input" not in body):
            body[key if key not in body else f"x_{key}"] = subtree
        elif "messages" in body:
            message = body["messages"][0]
            if where == "message" or not isinstance(message["content"], list):
                message["x_" + key if key == "content" else key] = subtree
            else:
                message["content"].insert(0, {"type": block_type, key: subtree})
        elif isinstance(body["input"], list):
            body["input"].insert(0, {"type": block_type, key: subtree})
    return path, body, planted


@settings(
    max_examples=80,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(case=_body())
def test_no_generated_value_reaches_the_provider(
    veil: Service, fake: FakeProvider, case: tuple[str, dict[str, Any], list[str]]
) -> None:
    path, body, planted = case
    before = len(fake.requests())
    r = _post(veil, path, body)
    assert r.status_code == 200, r.text
    sent = _sent(fake, before)
    for value in planted:
        assert value not in sent
    # The provider echoes the last turn (with whatever placeholders veil sent): all restored.
    assert not PLACEHOLDER_RE.search(r.text)
    if path == "/v1/completions":
        assert KEY in r.text
