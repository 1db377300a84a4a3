"""Upstreams: where each request goes, with which headers, and the HTTP client that sends it."""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from veil.config import Settings
from veil.errors import ConfigError
from veil.gateway.hosts import is_loopback
from veil.policy.registry import Provider, Registry

if TYPE_CHECKING:
    from veil.pipeline.decide import Destination

DEFAULT_BASE_URLS = {
    "anthropic": "https://api.anthropic.com",
    "openai": "https://api.openai.com/v1",
}
ENV_OVERRIDES = {"anthropic": "VEIL_ANTHROPIC_UPSTREAM", "openai": "VEIL_OPENAI_UPSTREAM"}
TOKEN_HEADER = "veil-token"
_ANT_BEARER = "Bearer sk-ant-api"

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
    provider: str = "unknown"  # its entry in the provider registry
    local: bool = False  # a model server the user says is on this machine (or theirs)

    @property
    def on_this_machine(self) -> bool:
        """Whether its address is loopback (what makes a registry entry's `local` hold)."""
        return is_loopback(urlsplit(self.base_url).hostname or "")

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
    named: dict[str, str] = {}  # providers the configuration names
    for name, conf in settings.upstreams.items():
        key = env.get(conf.api_key_env) if conf.api_key_env else None
        found[name] = Upstream(name, conf.kind, conf.base_url, key or None, local=conf.local)
        if conf.provider:
            named[name] = conf.provider
    for name, var in ENV_OVERRIDES.items():
        if env.get(var):
            found[name] = _replace_url(found[name], env[var], var)
    for name, url in overrides.items():
        if name not in found:
            known = ", ".join(sorted(found))
            raise ConfigError(f"--upstream {name}=...: no upstream named {name!r} (known: {known})")
        found[name] = _replace_url(found[name], url, f"--upstream {name}")
    return {
        name: dataclasses.replace(up, provider=named.get(name) or default_provider(up))
        for name, up in found.items()
    }


def provider_of(upstream: Upstream, registry: Registry) -> Provider:
    """The registry entry an upstream is judged by. A local server's software (`vllm`,
    `ollama`) on another host is judged remote: its data leaves this machine."""
    provider = registry.get(upstream.provider)
    if provider.local and not (upstream.local or upstream.on_this_machine):
        return dataclasses.replace(provider, local=False)
    return provider


def local_upstreams(upstreams: dict[str, Upstream], named: str | None) -> dict[str, Upstream]:
    """The local upstream for each wire format: the one `[policy.local] upstream` names, else
    the first with `local = true` of that kind."""
    if named is not None:
        if named not in upstreams:
            known = ", ".join(sorted(upstreams))
            raise ConfigError(
                f"policy.local.upstream: no upstream named {named!r} (known: {known})"
            )
        if not upstreams[named].local:
            raise ConfigError(
                f"policy.local.upstream: upstream {named!r} is not marked `local = true`"
            )
        return {upstreams[named].kind: upstreams[named]}
    found: dict[str, Upstream] = {}
    for upstream in upstreams.values():
        if upstream.local:
            found.setdefault(upstream.kind, upstream)
    return found


def destinations(
    settings: Settings, registry: Registry
) -> tuple[list[Destination], list[tuple[str, Destination]]]:
    """Where `veil check` decides: every registry provider, and every configured upstream by
    name (a local one can take what the policy keeps on this machine)."""
    from veil.pipeline.decide import Destination

    upstreams = resolve_upstreams(settings, {})
    local = local_upstreams(upstreams, settings.policy.local.upstream)
    ours = [
        (up.name, Destination("chat", provider_of(up, registry), up.local, up.kind in local))
        for up in upstreams.values()
    ]
    every = [
        Destination("chat", p, local_available=bool(local)) for p in registry.providers.values()
    ]
    return every, ours


def default_provider(upstream: Upstream) -> str:
    """The provider of an upstream whose configuration names none: `anthropic` or `openai` for
    the built-in upstreams while they reach that API (or a proxy on this machine in front of
    it, such as a test double), else `unknown`, which the policy reads strictly."""
    official = DEFAULT_BASE_URLS.get(upstream.name)
    if official is None:
        return "unknown"
    host = urlsplit(upstream.base_url).hostname or ""
    return upstream.name if host == urlsplit(official).hostname or is_loopback(host) else "unknown"


def _replace_url(upstream: Upstream, url: str, source: str) -> Upstream:
    if not url.startswith(("http://", "https://")):
        raise ConfigError(f"{source}: {url!r} is not an http:// or https:// URL")
    return dataclasses.replace(upstream, base_url=url)


def request_headers(
    headers: Iterable[tuple[bytes, bytes]],
    upstream: Upstream,
    mask: Callable[[str], str] = str,
) -> list[tuple[str, str]]:
    """The client's headers as the upstream should get them: hop-by-hop and veil's own dropped,
    the key in the form the upstream expects, and every value that is neither a credential nor
    protocol passed through `mask` (Codex's `x-codex-turn-metadata` holds the workspace path)."""
    out: list[tuple[str, str]] = []
    has_key = False
    for raw_name, raw_value in headers:
        name = raw_name.decode("latin-1")
        low = name.lower()
        if low in _HOP_BY_HOP:
            continue
        value = raw_value.decode("latin-1")
        if (
            low == "authorization"
            and upstream.kind == "anthropic"
            and value.startswith(_ANT_BEARER)
        ):
            # The anthropic SDK sends API keys as bearer tokens; Anthropic's API wants x-api-key.
            out.append(("x-api-key", value[len("Bearer ") :]))
            has_key = True
            continue
        if low in ("authorization", "x-api-key"):
            has_key = True
        elif not _passes_unscanned(low):
            value = mask(value)
        out.append((name, value))
    if not has_key and upstream.api_key:
        key = upstream.api_key
        out.append(
            ("x-api-key", key)
            if upstream.kind == "anthropic"
            else ("authorization", f"Bearer {key}")
        )
    return out


# Headers by which clients name a conversation; its placeholders are scoped to it.
SESSION_HEADERS = (
    "x-claude-code-session-id",
    "session_id",
    "session-id",
    "x-session-id",
    "conversation_id",
    "conversation-id",
    "thread-id",
)
# Headers that reach the provider as they came: credentials the client means for it (by name),
# and protocol (versions, betas, content negotiation, SDK platform facts, session ids).
_UNSCANNED = frozenset(
    {
        "anthropic-version",
        "anthropic-beta",
        "openai-organization",
        "openai-project",
        "openai-beta",
        "content-type",
        "accept",
        "user-agent",
        *SESSION_HEADERS,
    }
)
_CREDENTIAL_WORDS = ("auth", "key", "token", "secret", "cookie", "signature")


def is_credential(name: str) -> bool:
    """Whether a header (lower-case name) carries a credential, by its name."""
    return any(w in name for w in _CREDENTIAL_WORDS)


def _passes_unscanned(name: str) -> bool:
    return name in _UNSCANNED or name.startswith("x-stainless-") or is_credential(name)


def response_headers(headers: Iterable[tuple[bytes, bytes]]) -> list[tuple[bytes, bytes]]:
    """The upstream's response headers as the client gets them: the body re-framed by veil,
    no CORS headers, which would let web pages read the answer, and no `veil-*` headers but
    veil's own (an upstream's, or another veil's, would contradict them)."""
    return [
        (k, v)
        for k, v in headers
        if k.lower().decode("latin-1") not in _RESPONSE_DROPPED
        and not k.lower().startswith((b"access-control-", b"veil-"))
    ]
