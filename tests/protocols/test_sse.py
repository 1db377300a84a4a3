"""SSE framing: events split anywhere, any line ending, raw bytes kept."""

from __future__ import annotations

from veil.protocols.sse import EventDecoder, encode_event, parse_event

STREAM = (
    b'event: message_start\ndata: {"a": 1}\n\n'
    b": a comment\r\nevent: ping\r\ndata: {}\r\n\r\n"
    b"data: line one\ndata: line two\n\n"
    b"data: [DONE]\n\n"
)


def test_events_split_at_every_offset_decode_the_same() -> None:
    whole = [(e.raw, e.name, e.data) for e in EventDecoder().feed(STREAM)]
    assert [name for _, name, _ in whole] == ["message_start", "ping", None, None]
    assert whole[2][2] == "line one\nline two"
    for i in range(len(STREAM) + 1):
        decoder = EventDecoder()
        got = decoder.feed(STREAM[:i]) + decoder.feed(STREAM[i:]) + decoder.flush()
        assert [(e.raw, e.name, e.data) for e in got] == whole


def test_raw_bytes_of_every_event_concatenate_to_the_stream() -> None:
    assert b"".join(e.raw for e in EventDecoder().feed(STREAM)) == STREAM


def test_trailing_event_without_blank_line_is_not_lost() -> None:
    decoder = EventDecoder()
    assert decoder.feed(b'data: {"x": 1}\n') == []
    (event,) = decoder.flush()
    assert event.data == '{"x": 1}'


def test_encode_then_parse_round_trips() -> None:
    raw = encode_event("content_block_delta", '{"k": "v"}\n{"more": 1}')
    event = parse_event(raw)
    assert (event.name, event.data) == ("content_block_delta", '{"k": "v"}\n{"more": 1}')
