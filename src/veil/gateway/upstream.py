"""Upstreams: where each request goes, with which headers, and the HTTP client that sends it."""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from urllib.parse import urlsplit

import httpx

from veil.config import Settings
from veil.errors import ConfigError

DEFAULT_BASE_URLS = {
    "anthropic": "https://api.anthropic.com",
    "openai": "https://api.openai.com/v1",
}
ENV_OVERRIDES = {"anthropic": "VEIL_ANTHROPIC_UPSTREAM", "openai": "VEIL_OPENAI_UPSTREAM"}
TOKEN_HEADER = "veil-token"

# Hop-by-hop headers (RFC 9110 7.6.1) and those veil sets itself; never forwarded either way.
_HOP_BY_HOP = frozenset(
    {
        "connection",
        "keep-alive",
        "proxy-authenticate",
        "proxy-authorization",
        "proxy-connection",
        "te",
        "trailer",
        "transfer-encoding",
        "upgrade",
        "host",
        "content-length",
        "accept-encoding",
        "content-encoding",  # veil decodes a compressed request body and forwards it plain
        TOKEN_HEADER,
    }
)
_RESPONSE_DROPPED = frozenset(
    {"connection", "keep-alive", "transfer-encoding", "content-length", "content-encoding"}
)


@dataclass(frozen=True, slots=True)
class Upstream:
    """A provider: its wire kind, base URL (OpenAI's includes `/v1`), and an optional key."""

    name: str
    kind: str
    base_url: str
    api_key: str | None = None

    def url(self, path: str, query: str) -> str:
        """The upstream URL for a client path such as `/v1/messages` (query string kept)."""
        if self.kind == "openai" and (path == "/v1" or path.startswith("/v1/")):
            path = path[3:]
        url = self.base_url.rstrip("/") + path
        return f"{url}?{query}" if query else url

    @property
    def where(self) -> str:
        """Host and port only: safe to show in errors and logs (no credentials, no path)."""
        parts = urlsplit(self.base_url)
        return parts.hostname + (f":{parts.port}" if parts.port else "") if parts.hostname else "?"


def resolve_upstreams(
    settings: Settings, overrides: Mapping[str, str], env: Mapping[str, str] = os.environ
) -> dict[str, Upstream]:
    """Upstreams by name: built-in defaults < `[upstreams]` < environment < command line."""
    found: dict[str, Upstream] = {
        name: Upstream(name, name, url) for name, url in DEFAULT_BASE_URLS.items()
    }
    for name, conf in settings.upstreams.items():
        key = env.get(conf.api_key_env) if conf.api_key_env else None
        found[name] = Upstream(name, conf.kind, conf.base_url, key or None)
    for name, var in ENV_OVERRIDES.items():
        if env.get(var):
            found[name] = _replace_url(found[name], env[var], var)
    for name, url in overrides.items():
        if name not in found:
            known = ", ".join(sorted(found))
            raise ConfigError(f"--upstream {name}=...: no upstream named {name!r} (known: {known})")
        found[name] = _replace_url(found[name], url, f"--upstream {name}")
    return found


def _replace_url(upstream: Upstream, url: str, source: str) -> Upstream:
    if not url.startswith(("http://", "https://")):
        raise ConfigError(f"{source}: {url!r} is not an http:// or https:// URL")
    return Upstream(upstream.name, upstream.kind, url, upstream.api_key)


def request_headers(
    headers: Iterable[tuple[bytes, bytes]], upstream: Upstream
) -> list[tuple[bytes, bytes]]:
    """The client's headers as the upstream should get them: hop-by-hop and veil's own dropped,
    and the key in the form the upstream expects."""
    out: list[tuple[bytes, bytes]] = []
    has_key = False
    for name, value in headers:
        low = name.lower()
        if low.decode("latin-1") in _HOP_BY_HOP:
            continue
        if (
            low == b"authorization"
            and upstream.kind == "anthropic"
            and value.startswith(b"Bearer sk-ant-api")
        ):
            # The anthropic SDK sends API keys as bearer tokens; Anthropic's API wants x-api-key.
            out.append((b"x-api-key", value[len(b"Bearer ") :]))
            has_key = True
            continue
        if low in (b"authorization", b"x-api-key"):
            has_key = True
        out.append((name, value))
    if not has_key and upstream.api_key:
        key = upstream.api_key.encode()
        out.append(
            (b"x-api-key", key)
            if upstream.kind == "anthropic"
            else (b"authorization", b"Bearer " + key)
        )
    return out


def response_headers(headers: httpx.Headers) -> list[tuple[bytes, bytes]]:
    """The upstream's response headers as the client gets them (body re-framed by veil)."""
    return [(k, v) for k, v in headers.raw if k.lower().decode("latin-1") not in _RESPONSE_DROPPED]


def make_client(connect_timeout: float, read_timeout: float) -> httpx.AsyncClient:
    """The shared client: pooled keep-alive connections, no redirects, no environment proxies."""
    return httpx.AsyncClient(
        timeout=httpx.Timeout(
            connect=connect_timeout, read=read_timeout, write=read_timeout, pool=connect_timeout
        ),
        limits=httpx.Limits(
            max_connections=512, max_keepalive_connections=128, keepalive_expiry=30
        ),
        follow_redirects=False,
        trust_env=False,
    )
