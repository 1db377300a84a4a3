"""The dashboard as a pure ASGI app: server-rendered pages over the audit store.

Served by the gateway under `/_veil/` and by `veil dashboard` on its own. GET and HEAD only;
every page is rendered with autoescaping and sent with a Content-Security-Policy that allows
nothing but the dashboard's own files (no inline script: chart data travels as a JSON block the
script reads). Store calls block, so each request is answered on a worker thread.
"""

from __future__ import annotations

import asyncio
import logging
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from veil import __version__
from veil.audit.store import Store, StoreError
from veil.dashboard import pages, query
from veil.dashboard.access import COOKIE, Access
from veil.gateway.asgi import Receive, Scope, Send
from veil.gateway.upstream import TOKEN_HEADER

log = logging.getLogger("veil.dashboard")

HERE = Path(__file__).parent
# The only files /static/ serves, with their content types.
STATIC = {
    "uPlot.iife.min.js": "text/javascript; charset=utf-8",
    "uPlot.min.css": "text/css; charset=utf-8",
    "dashboard.js": "text/javascript; charset=utf-8",
    "dashboard.css": "text/css; charset=utf-8",
}
SECURITY_HEADERS = (
    (
        "content-security-policy",
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
        " frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
    ),
    ("x-content-type-options", "nosniff"),
    ("referrer-policy", "no-referrer"),
    ("x-frame-options", "DENY"),
)
HTML = "text/html; charset=utf-8"
_EVENT = re.compile(r"/events/([0-9]{1,18})")
_INCIDENT = re.compile(r"/incidents/([0-9]{1,18})")


@dataclass
class Answer:
    """One response, whole."""

    status: int
    body: bytes = b""
    content_type: str = HTML
    cache: str = "no-store"
    headers: list[tuple[str, str]] = field(default_factory=list)


def link(base: str, params: Mapping[str, object] | None = None, **changes: object) -> str:
    """`base` with the non-empty `params`, updated by `changes`, as its query string."""
    merged = {**(params or {}), **changes}
    kept = {k: str(v) for k, v in merged.items() if v not in ("", None)}
    return base + ("?" + urlencode(kept) if kept else "")


def environment(prefix: str) -> Environment:
    """The templates, autoescaped, with the helpers they use."""
    env = Environment(
        loader=FileSystemLoader(HERE / "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals.update(prefix=prefix, version=__version__, link=link, token_header=TOKEN_HEADER)
    env.filters.update(
        when=pages.shown_time,
        kinds=pages.kinds_of,
        counts=pages.counts,
        code_spans=pages.code_spans,
    )
    return env


OTHER_SITE = ("cross-site", "same-site")  # Sec-Fetch-Site of a request another page made


class Dashboard:
    """The ASGI app; every path it answers starts with `prefix` (`/` redirects there)."""

    def __init__(self, store: Store, *, tokens: Iterable[bytes] = (), prefix: str = "/_veil"):
        self.store = store
        self.prefix = prefix.rstrip("/")
        self.access = Access(tokens)
        self._env = environment(self.prefix)
        self._files = {name: (HERE / "static" / name).read_bytes() for name in STATIC}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "websocket":
            await send({"type": "websocket.close", "code": 1008})
        if scope["type"] != "http":
            return
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        client = scope.get("client")
        answer = await asyncio.to_thread(
            self.answer,
            scope["method"],
            scope["path"],
            scope.get("query_string", b""),
            headers,
            client[0] if client else None,
        )
        await _send(send, answer, head=scope["method"] == "HEAD")

    def answer(
        self,
        method: str,
        path: str,
        query_string: bytes,
        headers: Mapping[str, str],
        client: str | None,
    ) -> Answer:
        """The answer to one request (blocking: it reads the store)."""
        try:
            return self._route(method, path, query_string, headers, client)
        except query.QueryError as exc:
            return self._error(400, "Bad request", str(exc))
        except StoreError as exc:
            return self._error(503, "The audit store cannot be read", str(exc))
        except Exception:
            log.exception("dashboard: a page failed")
            return self._error(500, "Something went wrong", "veil's log says what.")

    def _route(
        self,
        method: str,
        path: str,
        query_string: bytes,
        headers: Mapping[str, str],
        client: str | None,
    ) -> Answer:
        if method not in ("GET", "HEAD"):
            answer = self._error(405, "Method not allowed", "The dashboard only reads: GET.")
            answer.headers.append(("allow", "GET, HEAD"))
            return answer
        if path != self.prefix and not path.startswith(self.prefix + "/"):
            if path == "/":
                return _redirect(self.prefix + "/")
            return self._error(404, "Not found", "There is no such page.")
        rest = path[len(self.prefix) :]
        if not rest:
            return _redirect(self.prefix + "/")
        if rest.startswith("/static/"):
            return self._file(rest.removeprefix("/static/"))
        if headers.get("sec-fetch-site") in OTHER_SITE or "origin" in headers:
            # Another site's page (a link, an <img>, a script's fetch) starts no query here:
            # the pages cost the store work, and a token's cookie must not ride along.
            return self._error(403, "Opened from another site", "Open the dashboard directly.")
        params = query.parse(query_string)
        if "token" in params:
            return self._sign_in(path, params)
        if not self.access.allows(client, headers):
            return self._error(401, "A token is needed", "", sign_in=True)
        return self._page(rest.rstrip("/") or "/", params)

    def _page(self, rest: str, params: dict[str, str]) -> Answer:
        store = self.store
        if rest == "/":
            return self._render("overview.html", pages.overview(store, query.window(params)))
        if rest == "/events":
            return self._render("events.html", pages.events(store, params))
        if rest == "/incidents":
            return self._render("incidents.html", pages.incidents(store, query.status(params)))
        if m := _EVENT.fullmatch(rest):
            return self._found("event.html", pages.event(store, int(m[1])))
        if m := _INCIDENT.fullmatch(rest):
            return self._found("incident.html", pages.incident(store, int(m[1])))
        return self._error(404, "Not found", "There is no such page.")

    def _found(self, template: str, context: dict[str, Any] | None) -> Answer:
        if context is None:
            return self._error(404, "Not found", "There is no such page.")
        return self._render(template, context)

    def _sign_in(self, path: str, params: dict[str, str]) -> Answer:
        """A valid `?token=` earns the cookie and a redirect to the same page without it."""
        token = params.pop("token")
        if not self.access.valid(token):
            return self._error(401, "A token is needed", "That token is not one veil accepts.")
        cookie = f"{COOKIE}={self.access.cookie_for(token)}; Path={self.prefix}; HttpOnly"
        answer = _redirect(link(path, params))
        answer.headers.append(("set-cookie", cookie + "; SameSite=Strict"))
        return answer

    def _file(self, name: str) -> Answer:
        if name not in STATIC:
            return self._error(404, "Not found", "There is no such file.")
        return Answer(200, self._files[name], STATIC[name], "public, max-age=86400")

    def _render(self, template: str, context: dict[str, Any], status: int = 200) -> Answer:
        return Answer(status, self._env.get_template(template).render(context).encode())

    def _error(self, status: int, title: str, message: str, *, sign_in: bool = False) -> Answer:
        context = {"status": status, "title": title, "message": message, "sign_in": sign_in}
        return self._render("error.html", context, status)


def _redirect(location: str) -> Answer:
    return Answer(303, headers=[("location", location)])


async def _send(send: Send, answer: Answer, *, head: bool) -> None:
    headers = [
        ("content-type", answer.content_type),
        ("content-length", str(len(answer.body))),
        ("cache-control", answer.cache),
        *SECURITY_HEADERS,
        *answer.headers,
    ]
    await send(
        {
            "type": "http.response.start",
            "status": answer.status,
            "headers": [(k.encode(), v.encode("latin-1")) for k, v in headers],
        }
    )
    await send({"type": "http.response.body", "body": b"" if head else answer.body})
