"""Is a healthy veil gateway answering at a URL? Its `GET /` says so, with its version and a
fingerprint of the settings it runs."""

from __future__ import annotations

import http.client
import json
import urllib.request
from dataclasses import dataclass
from typing import IO

MAX_BYTES = 64 * 1024  # veil's answer is a few dozen bytes; anything longer is something else


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """A redirect is not veil's answer: never follow one somewhere else."""

    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


# No proxy handler from the environment: a user's HTTP_PROXY must never see a loopback probe.
_OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}), _NoRedirect())


@dataclass(frozen=True)
class Health:
    """A healthy veil's answer: its version, and its settings' fingerprint when it gives one."""

    version: str
    config: str | None = None


def probe(url: str, timeout: float = 1.0) -> str | None:
    """The version of the veil gateway at `url` when it answers healthy, else None (nothing
    listens, an error, or a server that is not veil)."""
    found = health(url, timeout)
    return found.version if found is not None else None


def health(url: str, timeout: float = 1.0) -> Health | None:
    """What the veil gateway at `url` says of itself when it answers healthy, else None."""
    try:
        request = urllib.request.Request(
            url.rstrip("/") + "/", headers={"accept": "application/json"}
        )
        response: IO[bytes]
        with _OPENER.open(request, timeout=timeout) as response:
            if getattr(response, "status", None) != 200:
                return None
            body = response.read(MAX_BYTES + 1)
    except (OSError, ValueError, http.client.HTTPException):  # refused, timeout, not HTTP, bad URL
        return None
    return read_health(body)


def read_health(body: bytes) -> Health | None:
    """What a `200` answer to `GET /` says when it is a healthy veil's, else None."""
    if len(body) > MAX_BYTES:
        return None
    try:
        answer = json.loads(body)
    except ValueError:
        return None
    if not isinstance(answer, dict) or answer.get("status") != "ok":
        return None
    version, config = answer.get("veil"), answer.get("config")
    if not isinstance(version, str) or not version:
        return None
    return Health(version, config if isinstance(config, str) and config else None)
