"""A request through the pipeline: strict parsing, what is forwarded, query strings, log text."""

from __future__ import annotations

import json

import pytest

from tests.factories import aws_key_id, email, vault_map
from veil.detect import builtin_rules, recall
from veil.detect.engine import Engine
from veil.pipeline.request import Pipeline, RequestError
from veil.policy.tiers import Action
from veil.protocols import anthropic_messages, openai_chat


@pytest.fixture(scope="module")
def pipeline() -> Pipeline:
    return Pipeline(Engine(builtin_rules() + recall.RULES, recall=True))


def test_prepare_masks_counts_and_records_unscannable_parts(pipeline: Pipeline) -> None:
    key = aws_key_id("req")
    body = {
        "model": "claude-x",
        "messages": [
            {
                "role": "user",
                "content": [
                    {"type": "text", "text": f"deploy with {key}"},
                    {
                        "type": "image",
                        "source": {"type": "base64", "media_type": "image/png", "data": "AAAA"},
                    },
                ],
            }
        ],
    }
    prepared = pipeline.prepare(json.dumps(body).encode(), anthropic_messages.extract, vault_map())
    assert key.encode() not in prepared.body
    assert prepared.findings == {"aws_access_key_id": 1}
    assert [u.reason for u in prepared.unscannable] == ["image/png data"]
    assert prepared.decision.action is Action.PSEUDONYMIZE  # no destination: all masked


def test_the_forwarded_body_is_always_the_parsed_one(pipeline: Pipeline) -> None:
    raw = b'{"model":"m",  "messages":[{"role":"user","content":"hi"}]}'
    prepared = pipeline.prepare(raw, openai_chat.extract, vault_map())
    assert prepared.body == b'{"model":"m","messages":[{"role":"user","content":"hi"}]}'


@pytest.mark.parametrize(
    "raw",
    [
        b'{"messages": [], "messages": [{"role": "user", "content": "x"}]}',
        b'{"a": {"b": 1, "b": 2}}',
        b"[" * 5000 + b"]" * 5000,
        b'{"a": "\\udc00"}',
        b"\xff{}",
    ],
)
def test_bodies_that_cannot_be_read_exactly_are_request_errors(
    pipeline: Pipeline, raw: bytes
) -> None:
    with pytest.raises(RequestError):
        pipeline.prepare(raw, openai_chat.extract, vault_map())


def test_query_strings_are_masked_like_bodies(pipeline: Pipeline) -> None:
    key, mail = aws_key_id("query"), email("query")
    vmap = vault_map()
    masked = pipeline.mask_text(f"beta=true&key={key}&to={mail}", vmap)
    assert key not in masked and mail not in masked and masked.startswith("beta=true&key=")
    assert pipeline.mask_text("beta=true", vmap) == "beta=true"


def test_scrub_names_the_kind_never_the_value(pipeline: Pipeline) -> None:
    key = aws_key_id("scrub")
    assert pipeline.scrub(f"model-{key}") == "model-[aws_access_key_id]"
    assert pipeline.scrub("claude-sonnet-4-5") == "claude-sonnet-4-5"
