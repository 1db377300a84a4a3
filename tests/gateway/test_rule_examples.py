"""Every positive example and documented near miss of every rule the gateway runs goes through
the real gateway in process: the value never reaches the upstream, and the answer restores.

Examples travel in batches (one chat message each) to keep the test fast; a failure names the
rules whose values leaked or did not come back.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

import pytest
from aiohttp import web

from tests.detect.test_recall_examples import GATEWAY_RULES, own_values
from tests.gateway.conftest import Upstream, client_for
from veil.gateway.app import Gateway

pytestmark = pytest.mark.anyio

SEPARATOR = "\n\n----\n\n"
BATCH = 150


@dataclass(frozen=True)
class Example:
    rule_id: str
    kind: str  # "positive" or "documented"
    text: str
    values: tuple[str, ...]  # what the rule alone finds in it (recall mode)


def _examples() -> list[Example]:
    out = []
    for rule in GATEWAY_RULES:
        for kind, texts in (
            ("positive", rule.examples.positives),
            ("documented", rule.examples.documented),
        ):
            for text in texts:
                values = tuple(text[s:e] for s, e in own_values(rule, text))
                out.append(Example(rule.id, kind, text, values))
    return out


EXAMPLES = _examples()
BATCHES = [EXAMPLES[i : i + BATCH] for i in range(0, len(EXAMPLES), BATCH)]


async def _echo_chat(request: web.BaseRequest) -> web.StreamResponse:
    body = await request.json()
    message = {"role": "assistant", "content": body["messages"][-1]["content"]}
    return web.json_response({"choices": [{"index": 0, "message": message}]})


@pytest.mark.parametrize("batch", BATCHES, ids=[f"batch{n}" for n in range(len(BATCHES))])
async def test_rule_examples_never_reach_the_upstream_and_restore(
    gateway: Gateway, upstream: Upstream, batch: list[Example]
) -> None:
    upstream.handler = _echo_chat
    content = SEPARATOR.join(e.text for e in batch)
    body = {"model": "gpt-5", "messages": [{"role": "user", "content": content}]}
    async with client_for(gateway) as client:
        r = await client.post("/v1/chat/completions", json=body)
    assert r.status_code == 200
    sent = json.loads(upstream.requests[0].content)["messages"][0]["content"]
    leaked = sorted({f"{e.rule_id} ({e.kind})" for e in batch for v in e.values if v in sent})
    assert leaked == [], f"values reached the upstream: {leaked}"
    assert len(sent.split(SEPARATOR)) == len(batch)
    answer = r.json()["choices"][0]["message"]["content"].split(SEPARATOR)
    wrong = [
        f"{e.rule_id} ({e.kind})" for e, got in zip(batch, answer, strict=True) if got != e.text
    ]
    assert wrong == [], f"answers did not restore: {wrong}"


def test_every_example_has_a_value() -> None:
    assert all(e.values for e in EXAMPLES), [e.rule_id for e in EXAMPLES if not e.values]
    assert {e.rule_id for e in EXAMPLES} == {r.id for r in GATEWAY_RULES}
