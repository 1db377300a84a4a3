"""Base64-encoded secrets: the decoded text is judged by an engine of the module's own."""

from __future__ import annotations

import base64

from veil.detect.base import Rule
from veil.detect.engine import Engine
from veil.detect.samples import ALNUM, fake
from veil.detect.secrets import encoded


def _b64(text: str) -> str:
    return base64.b64encode(text.encode()).decode()


_URL = "postgres://app:" + fake(16, ALNUM, seed="t-enc-pw") + "@db.internal:5432/orders"


def test_the_decoded_text_engine_leaves_out_the_encoded_rules() -> None:
    engine = encoded._decoded_engine()
    assert engine is encoded._decoded_engine()  # built once
    ids = {r.id for r in engine.rules}
    assert not ids & {r.id for r in encoded.RULES}
    assert "database-url-password" in ids


def test_a_twice_encoded_secret_is_not_decoded_twice() -> None:
    assert encoded.holds_secret(_b64(_URL))
    assert not encoded.holds_secret(_b64(f"url: {_b64(_URL)}"))


def test_the_rule_works_in_an_engine_without_the_default_one() -> None:
    rules: list[Rule] = [encoded.ENCODED_SECRET]
    found = Engine(rules, use_hyperscan=False).scan(f"data:\n  database_url: {_b64(_URL)}\n")
    assert [f.rule_id for f in found] == ["base64-encoded-secret"]
