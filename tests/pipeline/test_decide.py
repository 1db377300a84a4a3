"""Decide: until the policy layer lands, every request is forwarded with its findings masked,
whatever was found and whatever could not be read."""

from __future__ import annotations

from veil.pipeline.decide import Decision, decide
from veil.pipeline.find import Span
from veil.protocols.neutral import Unscannable
from veil.types import Category


def test_every_request_is_masked_and_forwarded() -> None:
    secret = Span(0, 20, "x" * 20, "aws_access_key_id", Category.SECRET, "aws", "SECRET")
    image = Unscannable(("messages", 0, "content", 1, "source", "data"), "image/png data")
    for found, unscannable in (([], []), ([[secret]], []), ([[secret], []], [image])):
        assert decide(found, unscannable) == Decision(action="mask", reasons=())
