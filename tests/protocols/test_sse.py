"""SSE framing: events split anywhere, any line ending, raw bytes kept."""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator

import pytest
from anthropic._streaming import SSEDecoder as AnthropicDecoder
from hypothesis import given, settings
from hypothesis import strategies as st
from openai._streaming import SSEDecoder as OpenAIDecoder

from veil.protocols import sse
from veil.protocols.sse import Event, EventDecoder, encode_event, ends_event, parse_event

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
    assert event.raw == b'data: {"x": 1}\n\n\n'  # ended, so what follows is an event of its own


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
    ended = rest if ends_event(rest) else rest + b"\n\n"
    assert [e.raw for e in decoder.flush()] == ([ended] if rest.strip() else [])


class _CountingPattern:
    """The terminator pattern, counting how many bytes each search covers."""

    def __init__(self, pattern: re.Pattern[bytes]) -> None:
        self.pattern = pattern
        self.searched = 0

    def finditer(self, buf: bytes, pos: int = 0) -> Iterator[re.Match[bytes]]:
        self.searched += len(buf) - pos
        return self.pattern.finditer(buf, pos)


@pytest.mark.parametrize(
    ("body", "size", "end"),
    [
        (b"x" * (16 * 1024 * 1024), 64 * 1024, b"\n\n"),
        (b"x\r" * (4 * 1024 * 1024), 64 * 1024, b"\r"),  # a line on its CR every 2 bytes
        (b"x\r\n" * 20_000, 1, b"\r\n"),  # CRLF lines fed a byte at a time
    ],
    ids=["16MB-LF", "8MB-CR-lines", "CRLF-bytewise"],
)
def test_one_huge_event_fed_in_small_chunks_is_searched_once(
    monkeypatch: pytest.MonkeyPatch, body: bytes, size: int, end: bytes
) -> None:
    """A huge event in small chunks: each byte is searched once (plus 3 bytes a chunk), not
    the whole buffer again on every chunk, whatever its line endings."""
    counting = _CountingPattern(sse._EVENT_END)
    monkeypatch.setattr(sse, "_EVENT_END", counting)
    payload = b"data: " + body + end
    decoder = EventDecoder()
    events = []
    for start in range(0, len(payload), size):
        events += decoder.feed(payload[start : start + size])
    events += decoder.flush()
    chunks = -(-len(payload) // size)
    assert [len(e.raw) for e in events] == [len(payload)]
    assert counting.searched <= len(payload) + 3 * chunks


def split_at(stream: bytes, cuts: list[int]) -> list[bytes]:
    bounds = [0, *sorted(min(c, len(stream)) for c in cuts), len(stream)]
    return [stream[a:b] for a, b in itertools.pairwise(bounds)]


def decode_in_pieces(stream: bytes, cuts: list[int]) -> list[Event]:
    """The events of `stream` fed in pieces split at `cuts`, then flushed."""
    decoder = EventDecoder()
    events = [e for piece in split_at(stream, cuts) for e in decoder.feed(piece)]
    return events + decoder.flush()


@pytest.mark.parametrize(
    "blank",
    [b"\n\r\n", b"\r\n\n", b"\r\r\n", b"\n\r", b"\r\n\r", b"\n\n", b"\r\r", b"\r\n\r\n"],
)
def test_any_empty_line_ends_an_event_as_the_sdks_decoders_end_it(blank: bytes) -> None:
    """A line ends at CRLF, LF or CR and an empty line ends the event: `\\n\\r\\n` is a line
    ending and an empty line, so two events, for veil as for the SDKs."""
    stream = b"event: a\ndata: 1" + blank + b"event: b\ndata: 2" + blank
    for i in range(len(stream) + 1):
        events = decode_in_pieces(stream, [i])
        assert [(e.name, e.data) for e in events] == [("a", "1"), ("b", "2")]
        assert b"".join(e.raw for e in events) == stream
    sdk = list(AnthropicDecoder().iter_bytes(iter([stream])))
    assert [(e.event, e.data) for e in sdk] == [("a", "1"), ("b", "2")]


def test_a_cr_at_the_end_of_a_chunk_waits_for_the_lf_that_may_follow() -> None:
    decoder = EventDecoder()
    assert decoder.feed(b"data: 1\r\n\r") == []  # the empty line's CR: its LF may come next
    (event,) = decoder.feed(b"\ndata: 2")
    assert event.raw == b"data: 1\r\n\r\n"
    assert decoder.feed(b"\r\r") == []
    assert [(e.raw, e.data) for e in decoder.flush()] == [(b"data: 2\r\r", "2")]


def test_unicode_line_separators_inside_data_do_not_end_its_line() -> None:
    """U+2028, U+0085, form feed and the like end a line for str.splitlines(), not for SSE:
    a JSON string may hold them raw."""
    data = '{"type": "tool_use", "x": "a\u2028b\u0085c\x0cd\x1ce"}'
    (event,) = EventDecoder().feed(f"data: {data}\n\n".encode())
    assert event.data == data


LINE_END = st.sampled_from([b"\n", b"\r\n", b"\r"])
VALUE = st.text(
    st.characters(blacklist_categories=["Cs"], blacklist_characters="\r\n"), max_size=12
).map(lambda t: t.encode())
LINE = st.one_of(
    st.tuples(st.sampled_from([b"data: ", b"data:", b"event: ", b"event:", b": ", b"id: "]), VALUE),
    st.tuples(st.sampled_from([b"data", b"retry: 5", b"other: x", b"event"]), st.just(b"")),
).map(b"".join)
SSE_EVENT = st.tuples(st.lists(st.tuples(LINE, LINE_END), min_size=1, max_size=5), LINE_END)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.tuples(st.integers(0, 2), SSE_EVENT), max_size=8),
    st.lists(st.integers(min_value=0, max_value=400), max_size=6),
)
def test_events_match_the_sdks_decoders_however_ended_and_split(
    events: list[tuple[int, tuple[list[tuple[bytes, bytes]], bytes]]], cuts: list[int]
) -> None:
    """Random events, their lines ended by LF, CRLF or CR, empty lines between them, the stream
    split anywhere: each event with data is the one the anthropic and openai SDKs read. (The
    stream ends with an empty line: the SDKs drop a last event without one, veil flushes it.)"""
    stream = b"".join(
        b"\n" * blanks + b"".join(line + end for line, end in lines) + blank
        for blanks, (lines, blank) in events
    )
    stream += b"\n\n"
    chunks = split_at(stream, cuts)
    veil = [(e.name, e.data) for e in decode_in_pieces(stream, cuts) if e.data]
    for decoder in (AnthropicDecoder(), OpenAIDecoder()):
        assert [(e.event, e.data) for e in decoder.iter_bytes(iter(chunks)) if e.data] == veil
    assert [e.raw for e in decode_in_pieces(stream, cuts)] == [
        e.raw for e in decode_in_pieces(stream, [])
    ]


@pytest.mark.parametrize(
    ("raw", "ends"),
    [
        (b"data: 1\n\n", True),
        (b"data: 1\r\n\r\n", True),
        (b"data: 1\r\r", True),
        (b"data: 1\n\r\n", True),
        (b"data: 1\r\n\r", True),
        (b"data: 1\r\n", False),
        (b"data: 1\n", False),
        (b"data: 1", False),
    ],
)
def test_ends_event(raw: bytes, ends: bool) -> None:
    assert ends_event(raw) is ends


def test_a_byte_order_mark_at_the_start_of_a_line_is_dropped_as_clients_drop_it() -> None:
    raw = b'\xef\xbb\xbfevent: content_block_start\n\xef\xbb\xbfdata: {"type": "tool_use"}\n\n'
    (event,) = EventDecoder().feed(raw)
    assert (event.name, event.data) == ("content_block_start", '{"type": "tool_use"}')
