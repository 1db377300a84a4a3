"""SSE framing: events split anywhere, any line ending, raw bytes kept."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from hypothesis import given
from hypothesis import strategies as st

from veil.protocols import sse
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


def test_every_split_into_three_pieces_decodes_the_same() -> None:
    whole = [(e.raw, e.name, e.data) for e in EventDecoder().feed(STREAM)]
    for i in range(len(STREAM) + 1):
        for j in range(i, len(STREAM) + 1):
            decoder = EventDecoder()
            got = decoder.feed(STREAM[:i]) + decoder.feed(STREAM[i:j])
            got += decoder.feed(STREAM[j:]) + decoder.flush()
            assert [(e.raw, e.name, e.data) for e in got] == whole


@given(
    st.lists(st.sampled_from([b"a", b":", b" ", b"\r", b"\n", b"data: x"]), max_size=40),
    st.lists(st.integers(min_value=0, max_value=300), max_size=8),
)
def test_any_chunking_of_any_line_endings_decodes_like_one_feed(
    parts: list[bytes], cuts: list[int]
) -> None:
    stream = b"".join(parts)
    whole = [e.raw for e in EventDecoder().feed(stream)]
    decoder = EventDecoder()
    got, last = [], 0
    for cut in sorted(min(c, len(stream)) for c in cuts):
        got += [e.raw for e in decoder.feed(stream[last:cut])]
        last = cut
    got += [e.raw for e in decoder.feed(stream[last:])]
    assert got == whole
    rest = stream[len(b"".join(got)) :]
    assert [e.raw for e in decoder.flush()] == ([rest] if rest.strip() else [])


class _CountingPattern:
    """The terminator pattern, counting how many bytes each search covers."""

    def __init__(self, pattern: re.Pattern[bytes]) -> None:
        self.pattern = pattern
        self.searched = 0

    def finditer(self, buf: bytes, pos: int = 0) -> Iterator[re.Match[bytes]]:
        self.searched += len(buf) - pos
        return self.pattern.finditer(buf, pos)


def test_one_huge_event_fed_in_small_chunks_is_searched_once(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A 16 MB event in 64 KB chunks: each byte is searched once (plus 3 bytes a chunk), not
    the whole buffer again on every chunk."""
    counting = _CountingPattern(sse._EVENT_END)
    monkeypatch.setattr(sse, "_EVENT_END", counting)
    payload = b"data: " + b"x" * (16 * 1024 * 1024) + b"\n\n"
    size = 64 * 1024
    decoder = EventDecoder()
    events = []
    for start in range(0, len(payload), size):
        events += decoder.feed(payload[start : start + size])
    chunks = -(-len(payload) // size)
    assert [len(e.raw) for e in events] == [len(payload)]
    assert counting.searched <= len(payload) + 3 * chunks
