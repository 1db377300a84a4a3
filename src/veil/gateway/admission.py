"""Who may use the gateway, and how: Host, Origin, access token, method and content type.

veil adds the user's provider key to requests that carry none, so a request that any web page
could make must never get through: a foreign `Host` (DNS rebinding) and a browser `Origin` are
refused, veil sends no CORS headers, and a body must say it is JSON (an HTML form cannot).
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from veil.errors import ConfigError, UsageError
from veil.gateway.hosts import is_loopback
from veil.gateway.record import GatewayError
from veil.gateway.upstream import TOKEN_HEADER

TOKEN_ENV = "VEIL_TOKEN"

# Methods by path (as routed, `/v1/...`); every other path is passed through with these.
_POST = ("POST",)
_READ = ("GET", "HEAD")
_PASSED = ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE")
METHODS = {
    "/": _READ,
    "/v1/messages": _POST,
    "/v1/messages/count_tokens": _POST,
    "/v1/chat/completions": _POST,
    "/v1/responses": _POST,
    "/v1/completions": _POST,
    "/v1/embeddings": _POST,
    "/v1/models": _READ,
}
_OTHER_SITE = ("cross-site", "same-site")
_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.@-]{0,63}")


def allowed_methods(path: str) -> tuple[str, ...]:
    """The methods `path` (as routed) accepts."""
    return METHODS.get(path.rstrip("/") or "/", _PASSED)


def check_method(method: str, path: str) -> None:
    """405, with the `Allow` header, for a method the path does not accept."""
    allowed = allowed_methods(path)
    if method not in allowed:
        raise GatewayError(405, "this method is not allowed here", [("allow", ", ".join(allowed))])


def options_allow(path: str) -> list[tuple[bytes, bytes]]:
    """The headers of veil's own answer to `OPTIONS`: what the path accepts, and no CORS."""
    return [(b"allow", ", ".join((*allowed_methods(path), "OPTIONS")).encode())]


def require_json(headers: Mapping[str, str]) -> None:
    """415 for a request with a body that does not say it is JSON (an HTML form, plain text)."""
    length = headers.get("content-length", "").strip()
    has_body = "transfer-encoding" in headers or (length != "" and length != "0")
    if not has_body:
        return
    ctype = headers.get("content-type", "").split(";")[0].strip().lower()
    if ctype != "application/json" and not ctype.endswith("+json"):
        raise GatewayError(
            415, "the request's content type is not supported: send application/json"
        )


def host_name(host: str) -> str:
    """The name or address in a `Host` header, without port, brackets or a trailing dot."""
    host = host.strip().lower()
    if host.startswith("["):
        return host[1 : host.find("]")] if "]" in host else ""
    name, sep, port = host.rpartition(":")
    if sep and port.isdigit() and ":" not in name:
        host = name
    return host.rstrip(".")


def _is_address(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


@dataclass(frozen=True)
class Admission:
    """The checks every request passes before its body is read."""

    tokens: Mapping[bytes, str] = field(default_factory=dict)  # SHA-256 of a token -> caller
    allowed_hosts: frozenset[str] = frozenset()
    allowed_origins: frozenset[str] = frozenset()

    @classmethod
    def build(
        cls,
        *,
        tokens: Mapping[bytes, str],
        hosts: Iterable[str] = (),
        origins: Iterable[str] = (),
    ) -> Admission:
        return cls(
            tokens,
            frozenset(host_name(h) for h in hosts),
            frozenset(o.strip().rstrip("/").lower() for o in origins),
        )

    def bound_to(self, host: str) -> Admission:
        """The same checks, also accepting the address veil listens on as a `Host`."""
        return Admission(self.tokens, self.allowed_hosts | {host_name(host)}, self.allowed_origins)

    @property
    def has_tokens(self) -> bool:
        return bool(self.tokens)

    def check(self, headers: Mapping[str, str], local_address: str | None) -> None:
        """403 for a foreign `Host` or a browser `Origin` that is not listed."""
        host = host_name(headers.get("host", ""))
        if not (
            is_loopback(host)
            or host in self.allowed_hosts
            or (host == local_address and _is_address(host))
        ):
            raise GatewayError(
                403, "the Host header names no address of veil's; list it in allowed_hosts"
            )
        origin = headers.get("origin")
        listed = origin is not None and origin.strip().rstrip("/").lower() in self.allowed_origins
        # A browser names the page behind a request in `Origin`, or at least (a GET an <img> or
        # a link makes) says in `Sec-Fetch-Site` that it comes from another site.
        from_page = origin is not None or headers.get("sec-fetch-site") in _OTHER_SITE
        if from_page and not listed:
            raise GatewayError(
                403, "requests from web pages are refused; list the origin in allowed_origins"
            )

    def identify(self, headers: Mapping[str, str]) -> str:
        """The caller a request's `veil-token` names ("" when veil needs none), or 401."""
        if not self.tokens:
            return ""
        given = hashlib.sha256(headers.get(TOKEN_HEADER, "").encode("latin-1")).digest()
        found = ""
        for digest, caller in self.tokens.items():  # every entry, so the time says nothing
            if hmac.compare_digest(given, digest):
                found = caller
        if not found:
            raise GatewayError(401, f"missing or wrong {TOKEN_HEADER} header")
        return found


def load_tokens(path: Path | None, env_token: str | None) -> dict[bytes, str]:
    """Access tokens by their SHA-256: from `VEIL_TOKEN` and a tokens file, one a line, as
    `name:token` (the caller is `name`) or a bare token (the caller is a keyed hash of it)."""
    entries: list[tuple[str | None, str, str]] = []
    if env_token is not None:
        if not env_token.strip():
            raise UsageError(f"{TOKEN_ENV} is set but empty: give it a token, or unset it")
        entries.append((None, env_token, TOKEN_ENV))
    if path is not None:
        entries += _token_lines(path.expanduser())
    tokens: dict[bytes, str] = {}
    for name, token, where in entries:
        digest = hashlib.sha256(token.encode("latin-1")).digest()
        if digest in tokens:
            raise ConfigError(f"{where}: this token is already given")
        tokens[digest] = (
            name
            or "token-"
            + hashlib.blake2b(
                token.encode("latin-1"), key=b"veil caller identity", digest_size=8
            ).hexdigest()
        )
    return tokens


def _token_lines(path: Path) -> list[tuple[str | None, str, str]]:
    try:
        text = path.read_text(encoding="latin-1")
    except OSError as exc:
        raise ConfigError(f"tokens_file {path}: {exc.strerror or exc}") from None
    found: list[tuple[str | None, str, str]] = []
    names: set[str] = set()
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        where = f"{path}:{number}"
        name: str | None = None
        if ":" in line:
            name, _, line = (part.strip() for part in line.partition(":"))
            if not _NAME.fullmatch(name):
                raise ConfigError(f"{where}: a name is letters, digits, '_', '.', '@' or '-'")
            if name in names:
                raise ConfigError(f"{where}: the name {name!r} is already given")
            names.add(name)
        if not line or any(c.isspace() for c in line):
            raise ConfigError(f"{where}: a token is one word, without spaces")
        found.append((name, line, where))
    if not found:
        raise ConfigError(f"tokens_file {path}: no tokens in it")
    return found
