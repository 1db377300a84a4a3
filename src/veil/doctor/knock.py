"""What answers at a gateway's root URL: veil (its version), veil refusing the caller, something
else, or nothing. One `GET /`, straight to the address (no proxy, no redirect followed)."""

from __future__ import annotations

import http.client
from dataclasses import dataclass
from urllib.parse import urlsplit

from veil.launch.probe import MAX_BYTES, read_health

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
        body = response.read(MAX_BYTES + 1)
        veil = response.getheader("veil-decision") is not None
    except (OSError, ValueError, http.client.HTTPException):  # refused, timeout, not HTTP
        return NOTHING
    finally:
        connection.close()
    if response.status in _REFUSED and veil:
        return Knock(True, refused=True)
    found = read_health(body) if response.status == 200 else None
    return Knock(True, found.version if found is not None else None)
