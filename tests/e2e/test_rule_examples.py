"""Every positive example and documented near miss of every rule the gateway runs, through a real
`veil serve` process to the real fake provider: no value reaches the provider, every answer
restores (the in-process twin in tests/gateway/test_rule_examples.py says which rule failed)."""

from __future__ import annotations

import json

import httpx
import pytest

from tests.e2e.conftest import FakeProvider, Service
from tests.gateway.test_rule_examples import BATCHES, SEPARATOR, Example


@pytest.mark.parametrize("batch", BATCHES, ids=[f"batch{n}" for n in range(len(BATCHES))])
def test_rule_examples_never_reach_the_provider(
    veil: Service, fake: FakeProvider, batch: list[Example]
) -> None:
    content = SEPARATOR.join(e.text for e in batch)
    before = len(fake.requests())
    r = httpx.post(
        veil.url + "/v1/chat/completions",
        json={"model": "gpt-5", "messages": [{"role": "user", "content": content}]},
        timeout=60,
    )
    assert r.status_code == 200, r.text
    (received,) = fake.requests()[before:]
    sent = json.loads(str(received["body"]))["messages"][0]["content"]
    leaked = sorted({f"{e.rule_id} ({e.kind})" for e in batch for v in e.values if v in sent})
    assert leaked == [], f"values reached the provider: {leaked}"
    assert r.json()["choices"][0]["message"]["content"] == "echo: " + content
