"""Errors in each provider's own format, as whole bodies and as stream events."""

from __future__ import annotations

from veil.protocols.sse import encode_event
from veil.protocols.stream import dumps

# Anthropic's error types by HTTP status (its documented set).
_ANTHROPIC_TYPES = {
    400: "invalid_request_error",
    401: "authentication_error",
    403: "permission_error",
    404: "not_found_error",
    413: "request_too_large",
    415: "invalid_request_error",
    429: "rate_limit_error",
    504: "timeout_error",
    529: "overloaded_error",
}
_OPENAI_TYPES = {
    400: "invalid_request_error",
    401: "authentication_error",
    403: "permission_error",
    404: "not_found_error",
    413: "invalid_request_error",
    415: "invalid_request_error",
    429: "rate_limit_error",
}


def anthropic_error(status: int, message: str) -> dict[str, object]:
    kind = _ANTHROPIC_TYPES.get(status, "api_error")
    return {"type": "error", "error": {"type": kind, "message": message}}


def openai_error(status: int, message: str, code: str | None = None) -> dict[str, object]:
    kind = _OPENAI_TYPES.get(status, "server_error" if status < 502 else "upstream_error")
    return {"error": {"message": message, "type": kind, "param": None, "code": code}}


def error_body(flavour: str, status: int, message: str, code: str | None = None) -> bytes:
    """A whole error response body for `flavour` (`anthropic` or `openai`, which carries
    `code`)."""
    body = (
        anthropic_error(status, message)
        if flavour == "anthropic"
        else openai_error(status, message, code)
    )
    return dumps(body).encode("utf-8")


def error_event(route: str, status: int, message: str, sequence_number: int | None = None) -> bytes:
    """An error as the last event of a stream, in the format of `route`'s stream."""
    if route == "anthropic":
        return encode_event("error", dumps(anthropic_error(status, message)))
    if route == "responses":
        event: dict[str, object] = {
            "type": "error",
            "code": "upstream_error",
            "message": message,
            "param": None,
        }
        if sequence_number is not None:
            event["sequence_number"] = sequence_number
        return encode_event("error", dumps(event))
    return encode_event(None, dumps(openai_error(status, message)))
