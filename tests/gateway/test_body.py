"""Request bodies: the size limit counts decoded bytes, compressed bodies inflate in a stream
and never past the limit, and a client that stalls is answered 408."""

from __future__ import annotations

import asyncio
import gzip
import json
import logging
import tracemalloc
import zlib
from collections.abc import AsyncIterator, Callable, MutableMapping
from typing import Any

import httpx
import pytest

from tests.gateway.conftest import Upstream, client_for
from veil.config import GatewaySettings, Settings
from veil.gateway.app import Gateway
from veil.gateway.body import ClientGoneError, read_body
from veil.gateway.record import GatewayError, RequestRecord

pytestmark = pytest.mark.anyio

MB = 1024 * 1024
BODY = json.dumps({"model": "m", "messages": [{"role": "user", "content": "hello " * 50}]})


def _receiver(chunks: list[bytes]) -> Callable[[], Any]:
    messages = [
        {"type": "http.request", "body": c, "more_body": i < len(chunks) - 1}
        for i, c in enumerate(chunks)
    ]

    async def receive() -> MutableMapping[str, Any]:
        return messages.pop(0) if messages else {"type": "http.disconnect"}

    return receive


async def _read(
    chunks: list[bytes], encoding: str = "", limit: int = MB, timeout: float = 5.0
) -> bytes:
    headers = {"content-encoding": encoding} if encoding else {}
    record = RequestRecord("POST", "/v1/messages")
    return await read_body(_receiver(chunks), headers, record, limit=limit, timeout=timeout)


def _split(data: bytes, size: int) -> list[bytes]:
    return [data[i : i + size] for i in range(0, len(data), size)] or [b""]


@pytest.mark.parametrize("size", [1, 7, 4096])
@pytest.mark.parametrize("encoding", ["gzip", "x-gzip", "deflate", "identity", ""])
async def test_bodies_decode_the_same_in_chunks_of_any_size(encoding: str, size: int) -> None:
    raw = BODY.encode()
    if encoding in ("gzip", "x-gzip"):
        raw = gzip.compress(raw)
    elif encoding == "deflate":
        raw = zlib.compress(raw)
    assert await _read(_split(raw, size), encoding) == BODY.encode()


async def test_gzip_of_several_members_and_zero_padding_decodes_whole() -> None:
    raw = gzip.compress(b'{"a": ') + gzip.compress(b'"b"}') + b"\0" * 8
    assert await _read(_split(raw, 5), "gzip") == b'{"a": "b"}'


@pytest.mark.parametrize(
    ("encoding", "raw"),
    [
        ("gzip", b"not gzip at all"),
        ("gzip", gzip.compress(BODY.encode())[:-12]),  # cut short
        ("gzip", gzip.compress(BODY.encode()) + b"trailing"),
        ("deflate", zlib.compress(BODY.encode()) + b"x"),
        ("deflate", b"\x78\x9c\xff\xff"),
    ],
    ids=["not-gzip", "cut-short", "gzip-trailing", "deflate-trailing", "corrupt-deflate"],
)
async def test_invalid_compressed_bodies_are_a_400(encoding: str, raw: bytes) -> None:
    with pytest.raises(GatewayError) as error:
        await _read(_split(raw, 3), encoding)
    assert error.value.status == 400
    assert encoding in error.value.message


async def test_an_unknown_encoding_is_a_415() -> None:
    with pytest.raises(GatewayError) as error:
        await _read([b"{}"], "br")
    assert error.value.status == 415


@pytest.mark.parametrize("encoding", ["gzip", "deflate"])
async def test_a_body_that_inflates_past_the_limit_stops_there(encoding: str) -> None:
    bomb = (gzip.compress if encoding == "gzip" else zlib.compress)(bytes(40 * MB))
    assert len(bomb) < 100_000
    tracemalloc.start()
    try:
        with pytest.raises(GatewayError) as error:
            await _read(_split(bomb, 16 * 1024), encoding, limit=MB)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert error.value.status == 413
    assert peak < 4 * MB


async def test_a_body_larger_than_the_limit_as_sent_is_a_413_before_it_is_read() -> None:
    record = RequestRecord("POST", "/v1/messages")
    with pytest.raises(GatewayError) as error:
        await read_body(_receiver([]), {"content-length": str(2 * MB)}, record, limit=MB, timeout=1)
    assert error.value.status == 413 and record.bytes_in == 0
    with pytest.raises(GatewayError) as error:
        await _read(_split(bytes(2 * MB), 64 * 1024), limit=MB)
    assert error.value.status == 413


async def test_a_client_that_stalls_is_answered_408_and_the_connection_closed() -> None:
    async def stalled() -> MutableMapping[str, Any]:
        await asyncio.sleep(30)
        raise AssertionError("not reached")

    record = RequestRecord("POST", "/v1/messages")
    with pytest.raises(GatewayError) as error:
        await read_body(stalled, {}, record, limit=MB, timeout=0.05)
    assert error.value.status == 408
    assert ("connection", "close") in error.value.headers


async def test_a_client_that_leaves_mid_body_is_noted() -> None:
    messages = [{"type": "http.request", "body": b"{", "more_body": True}]

    async def receive() -> MutableMapping[str, Any]:
        return messages.pop(0) if messages else {"type": "http.disconnect"}

    with pytest.raises(ClientGoneError):
        await read_body(receive, {}, RequestRecord("POST", "/"), limit=MB, timeout=1)


async def _post_traced(
    gateway: Gateway, path: str, body: bytes, headers: dict[str, str]
) -> tuple[httpx.Response, int]:
    """The answer to one POST, and the peak of memory traced while it was made."""
    tracemalloc.start()
    try:
        async with client_for(gateway) as client:
            r = await client.post(path, content=body, headers=headers)
        return r, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


async def test_gzip_bomb_through_the_gateway_is_a_413_in_bounded_memory(
    make_gateway: Callable[..., Gateway], upstream: Upstream
) -> None:
    gateway = make_gateway(Settings(gateway=GatewaySettings(max_body_bytes=MB)))
    bomb = gzip.compress(bytes(40 * MB))
    headers = {"content-type": "application/json", "content-encoding": "gzip"}
    r, peak = await _post_traced(gateway, "/v1/messages", bomb, headers)
    assert r.status_code == 413
    assert r.json()["error"]["type"] == "request_too_large"
    assert peak < 8 * MB
    assert upstream.requests == []


async def test_small_gzip_of_gigabytes_is_a_413_at_the_default_limit(
    gateway: Gateway, upstream: Upstream
) -> None:
    """1.9 MB of gzip members that would inflate to 1.9 GB: answered once 32 MB are out."""
    member = gzip.compress(bytes(64 * MB))
    body = member * (1_900_000 // len(member))
    assert 1_500_000 < len(body) < 2_000_000
    headers = {"content-type": "application/json", "content-encoding": "gzip"}
    r, peak = await _post_traced(gateway, "/v1/chat/completions", body, headers)
    assert r.status_code == 413
    assert peak < 3 * gateway.max_body_bytes
    assert upstream.requests == []


async def test_a_stalled_body_through_the_gateway_is_a_408_and_logged(
    make_gateway: Callable[..., Gateway], upstream: Upstream, caplog: pytest.LogCaptureFixture
) -> None:
    gateway = make_gateway(Settings(gateway=GatewaySettings(client_timeout=0.2)))

    async def half_then_stall() -> AsyncIterator[bytes]:
        yield BODY.encode()[:20]
        await asyncio.sleep(30)

    headers = {"content-type": "application/json", "content-length": str(len(BODY))}
    with caplog.at_level(logging.INFO, logger="veil.gateway"):
        async with client_for(gateway) as client:
            r = await client.post("/v1/messages", content=half_then_stall(), headers=headers)
    assert r.status_code == 408
    assert r.headers["connection"] == "close"
    assert r.json()["error"]["type"] == "api_error"
    (line,) = [rec.getMessage() for rec in caplog.records if rec.name == "veil.gateway"]
    assert "status=408" in line
    assert upstream.requests == []
