"""The dashboard app through httpx's ASGITransport: access, headers, pages, errors, files."""

from __future__ import annotations

import hashlib
import re
import threading
from typing import Any

import httpx
import pytest

from tests.dashboard.conftest import HOSTILE
from veil.audit.rotation import rotation_for
from veil.audit.store import Store
from veil.dashboard import app as app_module
from veil.dashboard.app import STATIC, Dashboard

pytestmark = pytest.mark.anyio

TOKEN = "dash-" + "k" * 24
LOCAL = "127.0.0.1"
REMOTE = "192.0.2.7"


def dashboard(store: Store) -> Dashboard:
    """The dashboard of a veil without tokens: loopback only."""
    return Dashboard(store)


def guarded(store: Store) -> Dashboard:
    """The dashboard of a veil with an access token: a token from everyone."""
    return Dashboard(store, tokens=[hashlib.sha256(TOKEN.encode()).digest()])


def client(app: Dashboard, ip: str = LOCAL, host: str = "127.0.0.1:8787") -> httpx.AsyncClient:
    return httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app, client=(ip, 50000)), base_url=f"http://{host}"
    )


def rows(html: str) -> list[str]:
    """The seq of every row of the events table."""
    return re.findall(r'<tr data-href="/_veil/events/(\d+)">', html)


async def test_overview_renders_with_the_security_headers(store: Store) -> None:
    async with client(dashboard(store)) as c:
        r = await c.get("/_veil/")
    assert r.status_code == 200 and r.headers["content-type"] == "text/html; charset=utf-8"
    csp = r.headers["content-security-policy"]
    assert "default-src 'self'; script-src 'self'; style-src 'self'" in csp
    assert "frame-ancestors 'none'" in csp
    assert r.headers["x-content-type-options"] == "nosniff"
    assert r.headers["referrer-policy"] == "no-referrer"
    assert r.headers["cache-control"] == "no-store"
    assert 'id="chart-requests"' in r.text and 'id="chart-latency"' in r.text
    assert "aws_access_key_id" in r.text and "/_veil/incidents/1" in r.text
    # No inline script: every <script> has a src or holds JSON only.
    for tag in re.findall(r"<script[^>]*>", r.text):
        assert "src=" in tag or 'type="application/json"' in tag
    assert "http://" not in r.text and "https://" not in r.text  # nothing fetched from outside


@pytest.mark.parametrize("path", ["/_veil/", "/_veil/events", "/_veil/events/7"])
async def test_hostile_text_is_escaped(store: Store, path: str) -> None:
    async with client(dashboard(store)) as c:
        r = await c.get(path, params={"window": "24h"} if path == "/_veil/" else None)
    assert r.status_code == 200
    assert HOSTILE not in r.text and "<script>alert" not in r.text
    assert "&lt;script&gt;" in r.text or "\\u003cscript\\u003e" in r.text


async def test_chart_data_cannot_close_its_script_block(store: Store) -> None:
    async with client(dashboard(store)) as c:
        r = await c.get("/_veil/")
    block = r.text.split('<script type="application/json" id="chart-data">', 1)[1]
    assert block.index("</script>") > 0 and "<" not in block[: block.index("</script>")]


async def test_filters_narrow_the_table(store: Store) -> None:
    async with client(dashboard(store)) as c:
        every = await c.get("/_veil/events")
        restricted = await c.get("/_veil/events", params={"tier": "Restricted"})
        searched = await c.get("/_veil/events", params={"search": "claude"})
        both = await c.get("/_veil/events", params={"tier": "Restricted", "decision": "block"})
        none = await c.get("/_veil/events", params={"kind": "nothing-like-it"})
    assert rows(every.text) == ["7", "6", "5", "4", "3", "2", "1"]
    assert rows(restricted.text) == ["5", "3"]
    assert rows(searched.text) == ["4"]
    assert rows(both.text) == ["5"]
    assert rows(none.text) == [] and "No events match these filters" in none.text
    assert '<option value="Restricted" selected>' in restricted.text


async def test_event_detail_shows_hashes_and_data(store: Store) -> None:
    async with client(dashboard(store)) as c:
        r = await c.get("/_veil/events/3")
        event = store.event(3)
    assert r.status_code == 200 and event is not None
    assert event.hash in r.text and event.prev_hash in r.text
    assert "&#34;aws_access_key_id&#34;: 2" in r.text
    assert 'href="/_veil/events/2"' in r.text and 'href="/_veil/events/4"' in r.text


async def test_incident_pages(store: Store) -> None:
    async with client(dashboard(store)) as c:
        listed = await c.get("/_veil/incidents", params={"status": "open"})
        one = await c.get("/_veil/incidents/1")
        resolved = await c.get("/_veil/incidents", params={"status": "resolved"})
    assert 'href="/_veil/incidents/1"' in listed.text
    assert one.status_code == 200 and "aws_access_key_id" in one.text
    assert 'href="/_veil/events/3"' in one.text
    rotation = rotation_for("aws_access_key_id")
    assert "issued by AWS" in one.text and f'href="{rotation.url}"' in one.text
    assert "<code>aws iam create-access-key" in one.text  # a `quoted` command as code
    assert "No resolved incidents" in resolved.text


async def test_remote_clients_need_a_token_and_never_see_it_echoed(store: Store) -> None:
    async with client(guarded(store), REMOTE, "veil.lan:8787") as c:
        refused = await c.get("/_veil/events")
        wrong = await c.get("/_veil/events", params={"token": "wrong-" + TOKEN})
        with_header = await c.get("/_veil/events", headers={"veil-token": TOKEN})
    assert refused.status_code == 401 and "?token=" in refused.text
    assert "veil-token" in refused.text and "VEIL_TOKEN" in refused.text
    assert wrong.status_code == 401 and TOKEN not in wrong.text
    assert with_header.status_code == 200 and rows(with_header.text)


async def test_a_token_in_the_address_becomes_a_cookie(store: Store) -> None:
    async with client(guarded(store), REMOTE, "veil.lan:8787") as c:
        r = await c.get("/_veil/events", params={"tier": "Restricted", "token": TOKEN})
        assert r.status_code == 303
        assert r.headers["location"] == "/_veil/events?tier=Restricted"
        cookie = r.headers["set-cookie"]
        assert cookie.startswith("veil_dashboard=") and TOKEN not in cookie
        assert "HttpOnly" in cookie and "SameSite=Strict" in cookie and "Path=/_veil" in cookie
        followed = await c.get(r.headers["location"])  # the client keeps the cookie
    assert followed.status_code == 200 and rows(followed.text) == ["5", "3"]


async def test_loopback_client_with_a_foreign_host_is_refused(store: Store) -> None:
    async with client(dashboard(store), LOCAL, "rebound.example:8787") as c:
        assert (await c.get("/_veil/")).status_code == 401


async def test_only_get_and_head(store: Store) -> None:
    async with client(dashboard(store)) as c:
        post = await c.post("/_veil/events", content=b"x")
        head = await c.head("/_veil/events")
        get = await c.get("/_veil/events")
    assert post.status_code == 405 and post.headers["allow"] == "GET, HEAD"
    assert head.status_code == 200 and head.content == b""
    assert head.headers["content-length"] == str(len(get.content))


@pytest.mark.parametrize(
    "path",
    [
        "/_veil/nope",
        "/_veil/events/99",
        "/_veil/events/x",
        "/_veil/incidents/9",
        "/other",
        "/_veilx",
        "/_veil/events/1/2",
        "/_veil/events/" + "9" * 19,
    ],
)
async def test_unknown_pages_are_404(store: Store, path: str) -> None:
    async with client(dashboard(store)) as c:
        r = await c.get(path)
    assert r.status_code == 404 and "Not found" in r.text


async def test_the_root_and_the_bare_prefix_redirect(store: Store) -> None:
    async with client(dashboard(store)) as c:
        for path in ("/", "/_veil"):
            r = await c.get(path)
            assert r.status_code == 303 and r.headers["location"] == "/_veil/"


@pytest.mark.parametrize(
    ("query", "named"),
    [
        ({"page": "zero"}, "'page'"),
        ({"since": "last tuesday"}, "'since'"),
        ({"window": "1y"}, "'window'"),
        ({"search": "x" * 500}, "'search'"),
    ],
)
async def test_bad_parameters_get_a_clear_400(
    store: Store, query: dict[str, str], named: str
) -> None:
    path = "/_veil/" if "window" in query else "/_veil/events"
    async with client(dashboard(store)) as c:
        r = await c.get(path, params=query)
    assert r.status_code == 400 and named.replace("'", "&#39;") in r.text
    assert "Traceback" not in r.text and "last tuesday" not in r.text


@pytest.mark.parametrize("name", sorted(STATIC))
async def test_static_files_are_served_to_anyone(store: Store, name: str) -> None:
    async with client(guarded(store), REMOTE, "veil.lan") as c:
        r = await c.get(f"/_veil/static/{name}")
    assert r.status_code == 200 and r.headers["content-type"] == STATIC[name]
    assert r.headers["cache-control"] == "public, max-age=86400"
    assert r.content == (app_module.HERE / "static" / name).read_bytes()


@pytest.mark.parametrize(
    "path",
    [
        "/_veil/static/uPlot.LICENSE",
        "/_veil/static/../app.py",
        "/_veil/static/%2e%2e/app.py",
        "/_veil/static/dashboard.css/../../app.py",
        "/_veil/static/",
        "/_veil/static/templates/base.html",
    ],
)
async def test_static_serves_only_its_list(store: Store, path: str) -> None:
    app = dashboard(store)
    r = await app_module.asyncio.to_thread(app.answer, "GET", path, b"", {}, LOCAL)
    assert r.status == 404 and b"import" not in r.body


async def test_a_store_that_fails_is_a_503(store: Store) -> None:
    store.close()
    async with client(dashboard(store)) as c:
        r = await c.get("/_veil/events")
    assert r.status_code == 503 and "audit store" in r.text


async def test_an_unexpected_failure_is_a_500_without_details(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    def boom(*args: object) -> None:
        raise RuntimeError("internal detail")

    monkeypatch.setattr(app_module.pages, "overview", boom)
    async with client(dashboard(store)) as c:
        r = await c.get("/_veil/")
    assert r.status_code == 500 and "internal detail" not in r.text


async def test_pages_are_made_off_the_event_loop(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    threads: list[threading.Thread] = []
    overview = app_module.pages.overview

    def recording(*args: Any) -> dict[str, Any]:
        threads.append(threading.current_thread())
        return overview(*args)

    monkeypatch.setattr(app_module.pages, "overview", recording)
    async with client(dashboard(store)) as c:
        assert (await c.get("/_veil/")).status_code == 200
    assert threads and threads[0] is not threading.main_thread()


async def test_websockets_are_closed(store: Store) -> None:
    sent: list[dict[str, object]] = []

    async def send(message: dict[str, object]) -> None:
        sent.append(message)

    async def receive() -> dict[str, object]:
        return {"type": "websocket.connect"}

    await dashboard(store)({"type": "websocket", "path": "/_veil/"}, receive, send)
    assert sent == [{"type": "websocket.close", "code": 1008}]


async def test_with_tokens_loopback_needs_one_too(store: Store) -> None:
    async with client(guarded(store)) as c:
        bare = await c.get("/_veil/events")
        with_header = await c.get("/_veil/events", headers={"veil-token": TOKEN})
    assert bare.status_code == 401  # a local reverse proxy or another user of the machine
    assert with_header.status_code == 200


async def test_without_tokens_a_remote_client_never_gets_in(store: Store) -> None:
    async with client(dashboard(store), REMOTE, "veil.lan:8787") as c:
        r = await c.get("/_veil/events", headers={"veil-token": TOKEN})
    assert r.status_code == 401


@pytest.mark.parametrize(
    "headers",
    [
        {"sec-fetch-site": "cross-site"},
        {"sec-fetch-site": "same-site"},
        {"origin": "https://page.example"},
    ],
)
async def test_a_request_another_site_made_is_refused(
    store: Store, headers: dict[str, str]
) -> None:
    async with client(dashboard(store)) as c:
        refused = await c.get("/_veil/events", headers=headers)
        typed = await c.get("/_veil/events", headers={"sec-fetch-site": "none"})
        own = await c.get("/_veil/events", headers={"sec-fetch-site": "same-origin"})
    assert refused.status_code == 403 and "another site" in refused.text
    assert typed.status_code == 200 and own.status_code == 200
