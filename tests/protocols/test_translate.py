"""What the translations share: events made from JSON, and the limits of a held answer."""

from __future__ import annotations

import json

from veil.protocols.sse import EventDecoder
from veil.protocols.translate import MAX_CALL_ARGUMENTS, MAX_CALLS, TOO_LONG, TOO_MANY, make_event


def test_a_made_event_reads_back_as_the_same_event() -> None:
    data = {"type": "content_block_delta", "delta": {"text": "line one\nline two"}}
    event = make_event("content_block_delta", data)
    (decoded,) = EventDecoder().feed(event.raw)
    assert (decoded.name, decoded.data) == (event.name, event.data)
    assert json.loads(event.data or "") == data


def test_an_unnamed_event_has_no_event_line() -> None:
    event = make_event(None, {"choices": []})
    assert event.raw == b'data: {"choices":[]}\n\n' and event.name is None


def test_the_limits_messages_name_the_limits_and_no_value() -> None:
    assert str(MAX_CALL_ARGUMENTS) in TOO_LONG and str(MAX_CALLS) in TOO_MANY
    assert TOO_LONG.startswith("the local model's answer was stopped: ")
