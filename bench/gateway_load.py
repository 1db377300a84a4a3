"""A lean HTTP/1.1 load client for the gateway benchmark, on raw asyncio streams.

An httpx client spends a millisecond or so of CPU per request, which on a 2-core machine is
taken from the very servers being measured. This one sends pre-built requests over keep-alive
connections and parses only the status line, the framing headers and, for streams, enough of
the server-sent events to see the first content delta: a small fraction of the CPU the proxies
use, so that neither latency nor throughput is bounded by the client.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import Callable
from dataclasses import dataclass, field

import orjson

HOST = "127.0.0.1"


@dataclass(slots=True)
class Reply:
    """A response: status, body (de-chunked), seconds to the first content delta and to the end."""

    status: int
    body: bytes
    total: float
    first_token: float | None = None


def build_request(
    port: int, path: str, body: bytes, headers: dict[str, str] | None = None
) -> bytes:
    """The bytes of a keep-alive `POST path` with a JSON body."""
    lines = [
        f"POST {path} HTTP/1.1",
        f"host: {HOST}:{port}",
        "content-type: application/json",
        f"content-length: {len(body)}",
    ]
    lines += [f"{k}: {v}" for k, v in (headers or {}).items()]
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body


def first_content(events: bytes) -> bool:
    """Whether these complete SSE events hold a chat-completion delta with non-empty content."""
    for event in events.split(b"\n\n"):
        for line in event.splitlines():
            if not line.startswith(b"data:"):
                continue
            payload = line[5:].strip()
            if not payload or payload == b"[DONE]":
                continue
            try:
                data = orjson.loads(payload)
            except orjson.JSONDecodeError:
                continue
            for choice in data.get("choices") or ():
                if (choice.get("delta") or {}).get("content"):
                    return True
    return False


class Connection:
    """One keep-alive connection to 127.0.0.1:port, reopened when the server closes it."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None
        self.opened = 0
        self.retries = 0  # requests sent again on a fresh connection (see `request`)

    async def _open(self) -> None:
        self.reader, self.writer = await asyncio.open_connection(HOST, self.port, limit=1 << 20)
        self.opened += 1

    async def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
            with contextlib.suppress(OSError):
                await self.writer.wait_closed()
        self.reader = self.writer = None

    async def request(self, raw: bytes, *, probe_stream: bool = False) -> Reply:
        """Send `raw` and read the whole response; with `probe_stream`, time the first token.

        A kept-alive connection that the server closed while idle (before any byte of the
        response) is reopened and the request sent again, once, as HTTP clients do."""
        reused = self.writer is not None
        try:
            return await self._request(raw, probe_stream)
        except (asyncio.IncompleteReadError, ConnectionError) as exc:
            partial = getattr(exc, "partial", b"")
            await self.close()
            if not reused or partial:
                raise
            self.retries += 1
            return await self._request(raw, probe_stream)

    async def _request(self, raw: bytes, probe_stream: bool) -> Reply:
        if self.writer is None:
            await self._open()
        assert self.reader is not None and self.writer is not None
        reader = self.reader
        started = time.perf_counter()
        self.writer.write(raw)
        head = await reader.readuntil(b"\r\n\r\n")
        status = int(head[9:12])
        length: int | None = None
        chunked, keep = False, True
        for line in head.split(b"\r\n")[1:]:
            name, _, value = line.partition(b":")
            name = name.strip().lower()
            if name == b"content-length":
                length = int(value)
            elif name == b"transfer-encoding" and b"chunked" in value.lower():
                chunked = True
            elif name == b"connection" and b"close" in value.lower():
                keep = False
        first: float | None = None
        if chunked:
            parts: list[bytes] = []
            pending = b""  # stream bytes not yet split into whole events (probe only)
            while True:
                size = int((await reader.readuntil(b"\r\n")).split(b";")[0], 16)
                if size == 0:
                    while await reader.readuntil(b"\r\n") != b"\r\n":  # trailers
                        pass
                    break
                data = (await reader.readexactly(size + 2))[:-2]
                parts.append(data)
                if probe_stream and first is None:
                    pending += data
                    cut = pending.rfind(b"\n\n")
                    if cut >= 0:
                        if first_content(pending[:cut]):
                            first = time.perf_counter() - started
                        pending = pending[cut + 2 :]
            body = b"".join(parts)
        elif length is not None:
            body = await reader.readexactly(length)
            if probe_stream and first_content(body):
                first = time.perf_counter() - started
        else:
            body = await reader.read()
            keep = False
        total = time.perf_counter() - started
        if not keep:
            await self.close()
        return Reply(status, body, total, first)


@dataclass
class LoadResult:
    """What a fixed-duration run at a fixed concurrency achieved."""

    ok: int = 0
    failed: int = 0
    seconds: float = 0.0
    latencies: list[float] = field(default_factory=list)
    errors: dict[str, int] = field(default_factory=dict)

    @property
    def rps(self) -> float:
        return self.ok / self.seconds if self.seconds else 0.0


async def load(
    port: int,
    make: Callable[[], bytes],
    *,
    concurrency: int,
    seconds: float,
    max_requests: int,
    expect: bytes,
    timeout: float = 30.0,
) -> LoadResult:
    """`concurrency` connections sending requests from `make()` back to back for `seconds` (at
    most `max_requests` in all); ok: a 200 whose body contains `expect`."""
    result = LoadResult()
    deadline = time.perf_counter() + seconds
    budget = [max_requests]

    async def worker() -> None:
        conn = Connection(port)
        try:
            while time.perf_counter() < deadline and budget[0] > 0:
                budget[0] -= 1
                raw = make()
                try:
                    reply = await asyncio.wait_for(conn.request(raw), timeout)
                except (OSError, asyncio.IncompleteReadError, TimeoutError, ValueError) as exc:
                    name = type(exc).__name__
                    result.failed += 1
                    result.errors[name] = result.errors.get(name, 0) + 1
                    await conn.close()
                    continue
                if reply.status == 200 and expect in reply.body:
                    result.ok += 1
                    result.latencies.append(reply.total)
                else:
                    result.failed += 1
                    key = f"status {reply.status}"
                    result.errors[key] = result.errors.get(key, 0) + 1
        finally:
            await conn.close()

    started = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(concurrency)))
    result.seconds = time.perf_counter() - started
    return result
