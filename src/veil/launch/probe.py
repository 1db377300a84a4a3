"""Is a healthy veil gateway answering at a URL? Its `GET /` says so, with its version."""

from __future__ import annotations

import http.client
import json
import urllib.request
from typing import IO

_MAX_BYTES = 64 * 1024  # veil's answer is a few dozen bytes; anything longer is something else


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """A redirect is not veil's answer: never follow one somewhere else."""

    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


# No proxy handler from the environment: a user's HTTP_PROXY must never see a loopback probe.
_OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}), _NoRedirect())


def probe(url: str, timeout: float = 1.0) -> str | None:
    """The version of the veil gateway at `url` when it answers healthy, else None (nothing
    listens, an error, or a server that is not veil)."""
    try:
        request = urllib.request.Request(
            url.rstrip("/") + "/", headers={"accept": "application/json"}
        )
        response: IO[bytes]
        with _OPENER.open(request, timeout=timeout) as response:
            if getattr(response, "status", None) != 200:
                return None
            body = response.read(_MAX_BYTES + 1)
    except (OSError, ValueError, http.client.HTTPException):  # refused, timeout, not HTTP, bad URL
        return None
    if len(body) > _MAX_BYTES:
        return None
    try:
        answer = json.loads(body)
    except ValueError:
        return None
    if not isinstance(answer, dict) or answer.get("status") != "ok":
        return None
    version = answer.get("veil")
    return version if isinstance(version, str) and version else None
