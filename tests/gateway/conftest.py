"""A gateway app in process: httpx's ASGITransport in front, a MockTransport upstream behind."""

from __future__ import annotations

from collections.abc import Callable

import httpx
import pytest

from veil.config import Settings
from veil.gateway.app import Gateway
from veil.gateway.server import build_gateway
from veil.vault.vault import Vault

Handler = Callable[[httpx.Request], httpx.Response]
UPSTREAMS = {"openai": "http://upstream.test/v1", "anthropic": "http://upstream.test"}


class Upstream:
    """Records what the gateway sent; answers with `handler`."""

    def __init__(self) -> None:
        self.requests: list[httpx.Request] = []
        self.handler: Handler = lambda request: httpx.Response(200, json={"ok": True})

    def __call__(self, request: httpx.Request) -> httpx.Response:
        request.read()
        self.requests.append(request)
        return self.handler(request)


@pytest.fixture
def upstream() -> Upstream:
    return Upstream()


@pytest.fixture
def make_gateway(upstream: Upstream) -> Callable[..., Gateway]:
    def make(settings: Settings | None = None, env: dict[str, str] | None = None) -> Gateway:
        client = httpx.AsyncClient(transport=httpx.MockTransport(upstream))
        return build_gateway(
            settings or Settings(),
            overrides=UPSTREAMS,
            env=env or {},
            vault=Vault(b"unit-test-key-" * 3),
            client=client,
        )

    return make


@pytest.fixture
def gateway(make_gateway: Callable[..., Gateway]) -> Gateway:
    return make_gateway()


def client_for(gateway: Gateway) -> httpx.AsyncClient:
    return httpx.AsyncClient(
        transport=httpx.ASGITransport(app=gateway), base_url="http://veil.test"
    )
