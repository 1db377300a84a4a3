"""The route table: which wire format a path speaks, and which upstream it goes to."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from veil.gateway.upstream import Upstream
from veil.protocols import anthropic_messages, openai_chat, openai_responses
from veil.protocols.neutral import COMMON_STRUCTURAL, JSON, Extraction, Layout, walk
from veil.protocols.stream import StreamHook, StreamRewriter, WholeEventRewriter


@dataclass(frozen=True, slots=True)
class Route:
    """A wire format: how to find its text slots, how to rewrite its stream, how errors look."""

    name: str
    flavour: str  # "anthropic" or "openai": the default upstream and the error format
    extract: Callable[[JSON], Extraction]
    rewriter: Callable[[StreamHook], StreamRewriter]


_ANY = Layout(structural=COMMON_STRUCTURAL)


def _all_strings(body: JSON) -> Extraction:
    """Every non-structural string of a JSON body, for endpoints veil has no format for."""
    return walk(body, _ANY)


MESSAGES = Route(
    "messages", "anthropic", anthropic_messages.extract, anthropic_messages.StreamRewriter
)
CHAT = Route("chat", "openai", openai_chat.extract, openai_chat.StreamRewriter)
RESPONSES = Route("responses", "openai", openai_responses.extract, openai_responses.StreamRewriter)
COMPLETIONS = Route("completions", "openai", openai_chat.extract, openai_chat.StreamRewriter)
EMBEDDINGS = Route("embeddings", "openai", openai_chat.extract, WholeEventRewriter)
OTHER_ANTHROPIC = Route("other", "anthropic", _all_strings, WholeEventRewriter)
OTHER_OPENAI = Route("other", "openai", _all_strings, WholeEventRewriter)

_BY_PATH = {
    "/v1/messages": MESSAGES,
    "/v1/messages/count_tokens": MESSAGES,
    "/v1/chat/completions": CHAT,
    "/v1/responses": RESPONSES,
    "/v1/completions": COMPLETIONS,
    "/v1/embeddings": EMBEDDINGS,
}


@dataclass(frozen=True, slots=True)
class Target:
    route: Route
    upstream: Upstream
    path: str  # the client path without any upstream prefix, always starting with /v1


def resolve(
    path: str, headers: Mapping[str, str], upstreams: Mapping[str, Upstream]
) -> Target | None:
    """Where `path` goes: `/NAME/...` names an upstream; otherwise the path's own format does."""
    explicit: Upstream | None = None
    first, _, rest = path.lstrip("/").partition("/")
    if first in upstreams:
        explicit = upstreams[first]
        path = "/" + rest
    if not path.startswith("/v1/") and path != "/v1":
        path = "/v1" + (path if path != "/" else "")
    route = _BY_PATH.get(path.rstrip("/"))
    if route is None:
        anthropic = explicit.kind == "anthropic" if explicit else _speaks_anthropic(headers)
        route = OTHER_ANTHROPIC if anthropic else OTHER_OPENAI
    upstream = explicit or upstreams.get(route.flavour)
    if upstream is None:
        return None
    return Target(route, upstream, path)


def _speaks_anthropic(headers: Mapping[str, str]) -> bool:
    return "anthropic-version" in headers or "x-api-key" in headers
