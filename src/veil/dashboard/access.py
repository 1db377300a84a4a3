"""Who may see the dashboard: this machine's own browser, or anyone holding an access token.

A request from a loopback address that names a loopback host is let in (the `Host` check keeps a
web page that rebinds its own name to 127.0.0.1 out). Anyone else shows a token: in a
`veil-token` header, or once as `?token=...`, which earns a cookie. The cookie holds an HMAC of
the token's digest under a key made at start-up, never the token: it is worth nothing to another
process and stops working when the dashboard restarts.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Iterable, Mapping
from http.cookies import CookieError, SimpleCookie

from veil.gateway.admission import host_name
from veil.gateway.hosts import is_loopback
from veil.gateway.upstream import TOKEN_HEADER

COOKIE = "veil_dashboard"


def cookie_value(headers: Mapping[str, str]) -> str:
    """The dashboard's cookie in a `Cookie` header, or ""."""
    jar: SimpleCookie = SimpleCookie()
    try:
        jar.load(headers.get("cookie", ""))
    except CookieError:
        return ""
    morsel = jar.get(COOKIE)
    return morsel.value if morsel is not None else ""


class Access:
    """The access rules. `tokens` are the SHA-256 digests of the accepted tokens, as
    `veil.gateway.admission.load_tokens` gives them (its keys)."""

    def __init__(self, tokens: Iterable[bytes] = ()) -> None:
        self._key = secrets.token_bytes(32)
        self._digests = frozenset(tokens)
        self._cookies = frozenset(self._sign(d) for d in self._digests)

    @property
    def has_tokens(self) -> bool:
        return bool(self._digests)

    def allows(self, client: str | None, headers: Mapping[str, str]) -> bool:
        """Whether a request from `client` (its address) with these headers may see pages:
        without tokens, loopback only; with tokens, a token from everyone (a reverse proxy or
        another user of this machine comes from loopback too)."""
        host = host_name(headers.get("host", ""))
        if not self._digests and client is not None and is_loopback(client):
            return is_loopback(host)
        if TOKEN_HEADER in headers and self.valid(headers[TOKEN_HEADER]):
            return True
        cookie = cookie_value(headers)
        return bool(cookie) and any(hmac.compare_digest(cookie, c) for c in self._cookies)

    def valid(self, token: str) -> bool:
        """Whether `token` is one of the accepted tokens."""
        return self._digest(token) in self._digests

    def cookie_for(self, token: str) -> str:
        """The cookie's value for a valid `token`."""
        return self._sign(self._digest(token))

    def _sign(self, digest: bytes) -> str:
        return hmac.new(self._key, digest, hashlib.sha256).hexdigest()

    @staticmethod
    def _digest(token: str) -> bytes:
        """The token's SHA-256 as `load_tokens` takes it (latin-1); b"" for what no token is."""
        try:
            return hashlib.sha256(token.encode("latin-1")).digest()
        except UnicodeEncodeError:
            return b""
