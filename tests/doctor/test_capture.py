from __future__ import annotations

import asyncio
import json

import aiohttp

from veil.doctor.capture import Capture, last_user_text
from veil.doctor.selftest import PROBES, Probe, answer_text, request_body


async def _ask(capture: Capture, probe: Probe, text: str) -> tuple[int, bytes]:
    async with (
        aiohttp.ClientSession() as client,
        client.post(capture.base + probe.path, json=request_body(probe, text)) as response,
    ):
        return response.status, await response.read()


def _round_trips(text: str) -> tuple[Capture, list[tuple[Probe, int, bytes]]]:
    async def run() -> tuple[Capture, list[tuple[Probe, int, bytes]]]:
        capture = Capture()
        await capture.start()
        try:
            return capture, [(p, *(await _ask(capture, p, text))) for p in PROBES]
        finally:
            await capture.stop()

    return asyncio.run(run())


def test_every_route_is_answered_in_its_format_and_echoes() -> None:
    capture, answers = _round_trips("say VEIL_SECRET_0123ABCD back")
    for probe, status, body in answers:
        assert status == 200, probe.name
        if probe.echoes:
            assert answer_text(probe, body) == "echo: say VEIL_SECRET_0123ABCD back", probe.name
    assert len(capture.requests) == len(PROBES)


def test_streams_split_the_text_across_events() -> None:
    _, answers = _round_trips("a long enough text to be split")
    streamed = [body for probe, _, body in answers if probe.stream]
    assert streamed
    for body in streamed:
        assert body.count(b"data:") > len("echo: a long enough text to be split") // 3


def test_every_byte_received_is_recorded() -> None:
    capture, _ = _round_trips("recorded text")
    first = capture.requests[0]
    assert json.loads(first.body)["messages"][0]["content"] == "recorded text"
    assert first.path == "/v1/messages"
    assert "recorded text" in first.raw and "content-type: application/json" in first.raw.lower()


def test_last_user_text_of_each_format() -> None:
    for probe in PROBES:
        assert last_user_text(request_body(probe, "hi there")) == "hi there", probe.name


def test_each_upstream_has_a_base_of_its_own_and_is_recorded_by_name() -> None:
    async def run() -> Capture:
        capture = Capture()
        await capture.start()
        try:
            async with aiohttp.ClientSession() as client:
                for name in ("corp", "openai", "corp"):
                    url = capture.base_for(name) + "/v1/chat/completions"
                    async with client.post(url, json={"messages": []}) as response:
                        assert response.status == 200
            return capture
        finally:
            await capture.stop()

    capture = asyncio.run(run())
    assert [(r.upstream, r.path) for r in capture.requests] == [
        ("corp", "/v1/chat/completions"),
        ("openai", "/v1/chat/completions"),
        ("corp", "/v1/chat/completions"),
    ]
