"""A gateway app in process: httpx's ASGITransport in front, a real aiohttp server behind.

The upstream is a real HTTP server on 127.0.0.1 in the test's own event loop; each test sets
what it answers (`upstream.handler`) and reads what it received (`upstream.requests`).
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass

import httpx
import pytest
from aiohttp import web
from multidict import CIMultiDictProxy

from veil.config import Settings
from veil.gateway.app import Gateway
from veil.gateway.server import build_gateway
from veil.vault.vault import Vault

Handler = Callable[[web.BaseRequest], Awaitable[web.StreamResponse]]


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@dataclass
class Received:
    method: str
    url: str  # path and query
    headers: CIMultiDictProxy[str]
    content: bytes


async def _ok(request: web.BaseRequest) -> web.StreamResponse:
    return web.json_response({"ok": True})


class Upstream:
    """Records what the gateway sent; answers with `handler`."""

    def __init__(self) -> None:
        self.requests: list[Received] = []
        self.handler: Handler = _ok
        self.port = 0

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    async def handle(self, request: web.BaseRequest) -> web.StreamResponse:
        content = await request.read()
        self.requests.append(Received(request.method, request.path_qs, request.headers, content))
        return await self.handler(request)


@pytest.fixture
async def upstream() -> AsyncIterator[Upstream]:
    up = Upstream()
    runner = web.ServerRunner(web.Server(up.handle))
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    up.port = runner.addresses[0][1]
    yield up
    await runner.cleanup()


@pytest.fixture
async def make_gateway(upstream: Upstream) -> AsyncIterator[Callable[..., Gateway]]:
    made: list[Gateway] = []

    def make(settings: Settings | None = None, env: dict[str, str] | None = None) -> Gateway:
        overrides = {"openai": f"{upstream.base}/v1", "anthropic": upstream.base}
        gateway = build_gateway(
            settings or Settings(),
            overrides=overrides,
            env=env or {},
            vault=Vault(b"unit-key-" * 4),
        )
        made.append(gateway)
        return gateway

    yield make
    for gateway in made:
        await gateway.aclose()


@pytest.fixture
def gateway(make_gateway: Callable[..., Gateway]) -> Gateway:
    return make_gateway()


def client_for(gateway: Gateway) -> httpx.AsyncClient:
    return httpx.AsyncClient(
        transport=httpx.ASGITransport(app=gateway), base_url="http://127.0.0.1:8787"
    )
