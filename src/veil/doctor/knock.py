"""What answers at a gateway's root URL: veil (its version), veil refusing the caller, something
else, or nothing. One `GET /`, straight to the address (no proxy, no redirect followed)."""

from __future__ import annotations

import http.client
import json
from dataclasses import dataclass
from urllib.parse import urlsplit

_MAX_BYTES = 64 * 1024  # veil's answer is a few dozen bytes; anything longer is something else
_REFUSED = (401, 403)


@dataclass(frozen=True, slots=True)
class Knock:
    """The answer: whether anything answered HTTP, a healthy veil's version, and whether veil
    (its headers on the answer) refused the caller (a token, or a Host it does not know)."""

    answered: bool
    version: str | None = None
    refused: bool = False


NOTHING = Knock(False)


def knock(root: str, timeout: float = 0.5) -> Knock:
    """Ask `root` (`http://host:port`) who it is."""
    try:
        parts = urlsplit(root)
        host, port = parts.hostname or "", parts.port
    except ValueError:
        return NOTHING
    kind = http.client.HTTPSConnection if parts.scheme == "https" else http.client.HTTPConnection
    connection = kind(host, port, timeout=timeout)
    try:
        connection.request("GET", "/", headers={"accept": "application/json"})
        response = connection.getresponse()
        body = response.read(_MAX_BYTES + 1)
        veil = response.getheader("veil-decision") is not None
    except (OSError, ValueError, http.client.HTTPException):  # refused, timeout, not HTTP
        return NOTHING
    finally:
        connection.close()
    if response.status in _REFUSED and veil:
        return Knock(True, refused=True)
    if response.status != 200 or len(body) > _MAX_BYTES:
        return Knock(True)
    return Knock(True, _version(body))


def _version(body: bytes) -> str | None:
    """The version a healthy veil's `{"veil": ..., "status": "ok"}` names."""
    try:
        answer = json.loads(body)
    except ValueError:
        return None
    if not isinstance(answer, dict) or answer.get("status") != "ok":
        return None
    version = answer.get("veil")
    return version if isinstance(version, str) and version else None
