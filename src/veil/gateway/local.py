"""Where a request the policy keeps on this machine goes, and in which wire format.

A local upstream of the client's own format takes the request as it is. Otherwise an
OpenAI-compatible one (Ollama, LM Studio, vLLM, llama.cpp) takes it translated to chat
completions: Anthropic Messages (Claude Code) and the Responses API (Codex) both ways, whole
and streamed. With no local upstream configured, Ollama's address is used when it answers.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from collections.abc import Mapping
from dataclasses import dataclass

from veil.gateway.routes import Route
from veil.gateway.upstream import Upstream

OLLAMA_URL = "http://127.0.0.1:11434"
OLLAMA_ENV = "VEIL_OLLAMA_URL"  # another address to look for Ollama at ("" not to look)
CHAT_PATH = "/v1/chat/completions"
_PROBE_SECONDS = 0.5


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    """A model list is asked of the address configured, never of one it redirects to."""

    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


# No environment proxies either: the address asked is the one on this machine.
_OPENER = urllib.request.build_opener(_NoRedirects, urllib.request.ProxyHandler({}))


@dataclass(frozen=True, slots=True)
class LocalRoute:
    """The local upstream a route's requests go to, the path there, and the translation
    (`messages` or `responses` to chat; None when the upstream speaks the client's format)."""

    upstream: Upstream
    path: str
    translation: str | None = None


def local_route(route: Route, path: str, locals_: Mapping[str, Upstream]) -> LocalRoute | None:
    """Where a request of `route` to `path` goes when it is kept local (None: nowhere can take
    it). Anthropic requests prefer an Anthropic-speaking local upstream; the Responses API is
    always translated, since few local servers speak it."""
    same = locals_.get(route.flavour)
    chat = locals_.get("openai")
    if route.name == "messages":
        if same is not None:
            return LocalRoute(same, path)
        return LocalRoute(chat, CHAT_PATH, "messages") if chat is not None else None
    if route.name == "responses":
        return LocalRoute(chat, CHAT_PATH, "responses") if chat is not None else None
    return LocalRoute(same, path) if same is not None else None


def ollama_upstream(env: Mapping[str, str]) -> Upstream | None:
    """An upstream for Ollama when it answers at its address (`VEIL_OLLAMA_URL` or the
    default), else None. Called once at start, before any request is served."""
    base = env.get(OLLAMA_ENV, OLLAMA_URL).rstrip("/")
    if not base:
        return None
    upstream = Upstream("ollama", "openai", f"{base}/v1", provider="ollama", local=True)
    return upstream if model_names(upstream) is not None else None


def with_ollama(upstreams: dict[str, Upstream], env: Mapping[str, str]) -> dict[str, Upstream]:
    """`upstreams`, with Ollama's added when none of them is local and Ollama answers: what
    `veil serve` routes to."""
    if not any(up.local for up in upstreams.values()):
        found = ollama_upstream(env)
        if found is not None and found.name not in upstreams:
            upstreams[found.name] = found
    return upstreams


def model_names(upstream: Upstream, timeout: float = _PROBE_SECONDS) -> list[str] | None:
    """The models an OpenAI-compatible server lists at `/v1/models` (None when it does not
    answer with a model list)."""
    try:
        with _OPENER.open(upstream.url("/v1/models", ""), timeout=timeout) as answer:
            listed = json.loads(answer.read(1_000_000))
    except (OSError, ValueError, RecursionError, urllib.error.URLError):
        return None
    data = listed.get("data") if isinstance(listed, dict) else None
    if not isinstance(data, list):
        return None
    return [m["id"] for m in data if isinstance(m, dict) and isinstance(m.get("id"), str)]
