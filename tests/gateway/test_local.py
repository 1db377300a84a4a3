"""Where requests kept local go: the local upstream of the client's format, else a chat one with
a translation; and Ollama found at its address when nothing local is configured."""

from __future__ import annotations

import asyncio

import pytest
from aiohttp import web

from tests.gateway.conftest import Upstream
from veil.gateway.local import (
    CHAT_PATH,
    LocalRoute,
    local_route,
    model_names,
    ollama_upstream,
    with_ollama,
)
from veil.gateway.routes import CHAT, EMBEDDINGS, MESSAGES, OTHER_ANTHROPIC, RESPONSES
from veil.gateway.upstream import Upstream as Up

pytestmark = pytest.mark.anyio

CHAT_UP = Up("llama", "openai", "http://127.0.0.1:8080/v1", local=True)
ANT_UP = Up("proxy", "anthropic", "http://127.0.0.1:4000", local=True)


_OPENAI = {"openai": CHAT_UP}
_BOTH = {"anthropic": ANT_UP, "openai": CHAT_UP}


@pytest.mark.parametrize(
    ("route", "path", "locals_", "expected"),
    [
        (MESSAGES, "/v1/messages", _OPENAI, LocalRoute(CHAT_UP, CHAT_PATH, "messages")),
        (MESSAGES, "/v1/messages", _BOTH, LocalRoute(ANT_UP, "/v1/messages")),
        (RESPONSES, "/v1/responses", _OPENAI, LocalRoute(CHAT_UP, CHAT_PATH, "responses")),
        (CHAT, CHAT_PATH, _OPENAI, LocalRoute(CHAT_UP, CHAT_PATH)),
        (EMBEDDINGS, "/v1/embeddings", _OPENAI, LocalRoute(CHAT_UP, "/v1/embeddings")),
        (OTHER_ANTHROPIC, "/v1/files", _OPENAI, None),
        (CHAT, CHAT_PATH, {"anthropic": ANT_UP}, None),
        (RESPONSES, "/v1/responses", {}, None),
    ],
)
def test_local_route(route, path, locals_, expected) -> None:  # type: ignore[no-untyped-def]
    assert local_route(route, path, locals_) == expected


async def test_ollama_is_used_when_it_answers_with_a_model_list(upstream: Upstream) -> None:
    async def models(request: web.BaseRequest) -> web.StreamResponse:
        listed = [{"id": "qwen2.5-coder:7b", "object": "model"}, {"object": "model"}]
        return web.json_response({"object": "list", "data": listed})

    upstream.handler = models
    found = await asyncio.to_thread(ollama_upstream, {"VEIL_OLLAMA_URL": upstream.base})
    assert found is not None and found.local and found.kind == "openai"
    assert found.base_url == f"{upstream.base}/v1" and found.provider == "ollama"
    assert await asyncio.to_thread(model_names, found) == ["qwen2.5-coder:7b"]
    assert upstream.requests[0].url == "/v1/models"


async def test_ollama_is_added_only_when_no_upstream_is_local(upstream: Upstream) -> None:
    async def models(request: web.BaseRequest) -> web.StreamResponse:
        return web.json_response({"object": "list", "data": [{"id": "m", "object": "model"}]})

    upstream.handler = models
    env = {"VEIL_OLLAMA_URL": upstream.base}
    remote = {"openai": Up("openai", "openai", "https://api.openai.com/v1")}
    added = await asyncio.to_thread(with_ollama, dict(remote), env)
    assert set(added) == {"openai", "ollama"} and added["ollama"].local
    kept = await asyncio.to_thread(with_ollama, {**remote, "llama": CHAT_UP}, env)
    assert set(kept) == {"openai", "llama"}
    assert len(upstream.requests) == 1  # a local upstream configured: Ollama is not asked


async def test_no_ollama_when_nothing_answers_or_the_answer_is_no_model_list(
    upstream: Upstream,
) -> None:
    async def html(request: web.BaseRequest) -> web.StreamResponse:
        return web.Response(text="<html>not ollama</html>", content_type="text/html")

    upstream.handler = html
    for env in ({"VEIL_OLLAMA_URL": upstream.base}, {"VEIL_OLLAMA_URL": "http://127.0.0.1:9"}):
        assert await asyncio.to_thread(ollama_upstream, env) is None
    assert ollama_upstream({"VEIL_OLLAMA_URL": ""}) is None


async def test_the_model_list_is_asked_of_that_address_only(
    upstream: Upstream, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A redirect is not followed, a list nested too deep is no list, and an environment
    proxy is not used."""

    async def redirect(request: web.BaseRequest) -> web.StreamResponse:
        raise web.HTTPFound("http://127.0.0.1:9/v1/models")

    async def deep(request: web.BaseRequest) -> web.StreamResponse:
        return web.Response(text="[" * 100_000 + "]" * 100_000, content_type="application/json")

    for name in ("http_proxy", "HTTP_PROXY"):
        monkeypatch.setenv(name, "http://127.0.0.1:9")
    monkeypatch.delenv("no_proxy", raising=False)
    monkeypatch.delenv("NO_PROXY", raising=False)
    env = {"VEIL_OLLAMA_URL": upstream.base}
    for handler in (redirect, deep):
        upstream.handler = handler
        assert await asyncio.to_thread(ollama_upstream, env) is None
    assert len(upstream.requests) == 2
