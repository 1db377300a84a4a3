"""Reading a request body: within the size limit, counted in decoded bytes, and in time.

A compressed body is inflated as it arrives, never past the limit: a small body that inflates
to gigabytes costs the limit and no more, and is answered 413 as soon as it passes it.
"""

from __future__ import annotations

import asyncio
import zlib
from collections.abc import MutableMapping

from veil.gateway.asgi import Receive
from veil.gateway.record import GatewayError, RequestRecord

_ENCODINGS = {"gzip": zlib.MAX_WBITS | 16, "x-gzip": zlib.MAX_WBITS | 16, "deflate": zlib.MAX_WBITS}
_CLOSE = [("connection", "close")]


class ClientGoneError(Exception):
    """The client disconnected before its request was read."""


class _Inflater:
    """gzip (one member or several) or zlib-wrapped deflate, inflated up to `limit` bytes."""

    def __init__(self, encoding: str, limit: int) -> None:
        self._encoding = encoding
        self._wbits = _ENCODINGS[encoding]
        self._inflate = zlib.decompressobj(self._wbits)
        self._limit = limit
        self._parts: list[bytes] = []
        self._size = 0
        self._fed = False

    def feed(self, data: bytes) -> None:
        try:
            self._feed(data)
        except zlib.error:
            raise self._invalid() from None

    def _feed(self, data: bytes) -> None:
        while data:
            if self._inflate.eof:
                data = data.lstrip(b"\0")  # gzip files may be padded with zeros
                if not data:
                    return
                if self._wbits == _ENCODINGS["deflate"]:
                    raise self._invalid()
                self._inflate = zlib.decompressobj(self._wbits)  # the next gzip member
            self._fed = True
            out = self._inflate.decompress(data, self._limit - self._size + 1)
            self._size += len(out)
            if self._size > self._limit:
                raise too_large(self._limit)
            self._parts.append(out)
            inflate = self._inflate
            data = inflate.unused_data if inflate.eof else inflate.unconsumed_tail

    def finish(self) -> bytes:
        if self._fed and not self._inflate.eof:
            raise self._invalid()
        return b"".join(self._parts)

    def _invalid(self) -> GatewayError:
        return GatewayError(400, f"the request body is not valid {self._encoding} data")


def too_large(limit: int) -> GatewayError:
    return GatewayError(413, f"the request body is larger than the limit of {limit} bytes")


async def read_body(
    receive: Receive,
    headers: MutableMapping[str, str],
    record: RequestRecord,
    *,
    limit: int,
    timeout: float,
) -> bytes:
    """The body, decoded; 413 past `limit` bytes (sent or decoded), 408 once `timeout` seconds
    have passed, 415 for an encoding other than gzip or deflate."""
    declared = headers.get("content-length", "").strip()
    if declared.isdigit() and int(declared) > limit:
        raise too_large(limit)
    encoding = headers.get("content-encoding", "").strip().lower()
    inflater: _Inflater | None = None
    if encoding not in ("", "identity"):
        if encoding not in _ENCODINGS:
            raise GatewayError(
                415, "the request's content encoding is not supported: send gzip, deflate or none"
            )
        inflater = _Inflater(encoding, limit)
    chunks: list[bytes] = []
    more = True
    try:
        # One deadline for the whole body (`wait_for` on each receive costs a task each).
        async with asyncio.timeout(timeout):
            while more:
                message = await receive()
                if message["type"] == "http.disconnect":
                    raise ClientGoneError
                chunk = message.get("body", b"")
                record.bytes_in += len(chunk)
                if record.bytes_in > limit:
                    raise too_large(limit)
                if inflater is not None:
                    inflater.feed(chunk)
                else:
                    chunks.append(chunk)
                more = message.get("more_body", False)
    except TimeoutError:
        raise GatewayError(
            408, f"the request body did not arrive within {timeout:g} seconds", _CLOSE
        ) from None
    return inflater.finish() if inflater is not None else b"".join(chunks)
