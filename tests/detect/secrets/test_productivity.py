"""The productivity family against the full default engine: each example is found under its own
kind, and the formats that neighbour others' stay apart."""

from __future__ import annotations

import pytest

from veil.detect import default_engine
from veil.detect.base import Rule
from veil.detect.engine import Engine
from veil.detect.samples import B64URL, DIGITS, HEX, UPPER, b64json, fake, fake_uuid
from veil.detect.secrets import FAMILIES, productivity
from veil.types import Category

_CASES = [
    pytest.param(rule, text, id=f"{rule.id}-{n}")
    for rule in productivity.RULES
    for n, text in enumerate(rule.examples.positives)
]


def _kinds(text: str) -> list[str]:
    """Kinds of the secrets the full engine finds (personal data beside them is another matter)."""
    return [f.kind for f in default_engine().scan(text) if f.category is Category.SECRET]


@pytest.mark.parametrize(("rule", "text"), _CASES)
def test_every_positive_is_found_under_its_own_kind(rule: Rule, text: str) -> None:
    """What the rule finds alone, the full engine reports at the same span under the rule's kind:
    no other rule (generic, or another service's with a like shape) wins it."""
    own = [(f.start, f.end) for f in Engine([rule], use_hyperscan=False).scan(text)]
    full = {(f.start, f.end): f.kind for f in default_engine().scan(text)}
    assert own, f"{rule.id} missed its example"
    assert all(full.get(span) == rule.kind for span in own), f"{rule.id}: {full}"


def test_the_family_kinds_are_its_own() -> None:
    mine = {r.kind for r in productivity.RULES}
    others = {r.kind for family in FAMILIES if family is not productivity for r in family.RULES}
    assert mine.isdisjoint(others), mine & others


def test_trello_token_needs_no_name_but_its_checksum() -> None:
    body = "ATTA" + fake(64, HEX, seed="t-trello")
    assert _kinds(f"token={body}{fake(8, HEX, seed='t-crc').upper()}") == ["trello_api_token"]
    assert "trello_api_token" not in _kinds(f"token={body}{'g' * 8}")


def test_clickup_token_is_not_a_stripe_publishable_key() -> None:
    tail = fake(32, UPPER + DIGITS, seed="t-clickup")
    assert _kinds(f"CLICKUP_TOKEN=pk_{fake(8, '123456789', seed='t-cu')}_{tail}") == [
        "clickup_api_token"
    ]
    assert "clickup_api_token" not in _kinds(f"STRIPE_PUBLISHABLE_KEY=pk_live_{tail}")


def test_a_named_jwt_takes_the_service_kind_and_an_unnamed_one_stays_a_jwt() -> None:
    head = b64json({"alg": "HS256"}, url=True).rstrip("=")
    claims = b64json({"tid": 1, "uid": 2, "per": "me:write"}, url=True).rstrip("=")
    jwt = f"{head}.{claims}.{fake(43, B64URL, seed='t-jwt')}"
    assert _kinds(f"MONDAY_API_TOKEN={jwt}") == ["monday_api_token"]
    assert _kinds(f"N8N_API_KEY={jwt}") == ["n8n_api_key"]
    assert _kinds(f"Authorization: Bearer {jwt}") == ["json_web_token"]


def test_identifiers_beside_secrets_are_not_secrets() -> None:
    assert "docusign_secret_key" not in _kinds(f"DOCUSIGN_INTEGRATION_KEY={fake_uuid('t-ds')}")
    assert "zoom_client_secret" not in _kinds(f"ZOOM_CLIENT_ID={fake(32, HEX, seed='t-zoom')}")


def test_youtrack_token_in_a_header() -> None:
    body = fake(30, B64URL.replace("-", "").replace("_", ""), seed="t")
    token = "perm:YWRtaW4=.dG9rZW4=." + body  # veil:allow test value
    assert _kinds(f"-H 'Authorization: Bearer {token}'") == ["youtrack_permanent_token"]
