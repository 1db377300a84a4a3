"""The chat family against the full default engine: each example is found under its own kind,
and the public halves of key pairs are left alone."""

from __future__ import annotations

import base64

import pytest

from veil.detect import default_engine
from veil.detect.base import Rule
from veil.detect.engine import Engine
from veil.detect.samples import ALNUM, B64URL, HEX, fake, fake_uuid
from veil.detect.secrets import FAMILIES, chat
from veil.types import Category

_CASES = [
    pytest.param(rule, text, id=f"{rule.id}-{n}")
    for rule in chat.RULES
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
    mine = {r.kind for r in chat.RULES}
    others = {r.kind for family in FAMILIES if family is not chat for r in family.RULES}
    assert mine.isdisjoint(others), mine & others


def test_pubnub_publish_and_subscribe_keys_are_public() -> None:
    body = base64.b64encode(fake_uuid("t-pubnub").encode()).decode()
    assert _kinds(f"PUBNUB_SECRET_KEY=sec-c-{body}") == ["pubnub_secret_key"]
    assert "pubnub_secret_key" not in _kinds(f"PUBNUB_PUBLISH_KEY=pub-c-{body}")
    assert "pubnub_secret_key" not in _kinds(f"PUBNUB_SUBSCRIBE_KEY=sub-c-{body}")


def test_google_chat_webhook_is_one_finding_not_its_api_key() -> None:
    url = (
        "https://chat.googleapis.com/v1/spaces/AAAAbCdEfGh/messages"
        f"?key=AIzaSy{fake(33, B64URL, seed='t-gk')}&token={fake(43, B64URL, seed='t-gt')}%3D"
    )
    found = default_engine().scan(f"WEBHOOK={url}")
    assert [(f.kind, f.value) for f in found] == [("google_chat_webhook_url", url)]


def test_app_ids_are_not_app_secrets() -> None:
    value = fake(32, HEX, seed="t-agora")
    assert _kinds(f"AGORA_APP_CERTIFICATE={value}") == ["agora_app_certificate"]
    assert "agora_app_certificate" not in _kinds(f"AGORA_APP_ID={value}")
    assert "pusher_app_secret" not in _kinds(f"PUSHER_APP_KEY={value[:20]}")


def test_slack_signing_secret_needs_slack_nearby() -> None:
    value = fake(32, HEX, seed="t-signing")
    assert _kinds(f"SLACK_SIGNING_SECRET={value}") == ["slack_signing_secret"]
    assert "slack_signing_secret" not in _kinds(f"SIGNING_SECRET={value}")


def test_ably_key_is_found_whole() -> None:
    key = f"{fake(6, B64URL, seed='t-a1')}.{fake(6, B64URL, seed='t-a2')}:" + fake(
        43, ALNUM, seed="t-a3"
    )
    found = default_engine().scan(f"const ably = new Ably.Rest('{key}');")
    assert [(f.kind, f.value) for f in found] == [("ably_api_key", key)]
