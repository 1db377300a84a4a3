"""The cloud family against the full default engine: each positive is reported."""

from __future__ import annotations

import pytest

from veil.detect import builtin_rules, default_engine, recall
from veil.detect.base import Rule
from veil.detect.engine import Engine
from veil.detect.secrets import cloud

_CASES = [
    pytest.param(rule, text, id=f"{rule.id}-{n}")
    for rule in cloud.RULES
    for n, text in enumerate(rule.examples.positives)
]


def _kinds(text: str) -> list[str]:
    return [f.kind for f in default_engine().scan(text)]


# Rules added for the peers' test cases: their positives are theirs, not a neighbour's.
_OWN_KIND = (
    "aws-bedrock-api-key",
    "aws-bedrock-short-term-api-key",
    "gcp-oauth-refresh-token",
    "gcp-api-key",
)


@pytest.mark.parametrize(("rule", "text"), _CASES)
def test_every_positive_is_reported(rule: Rule, text: str) -> None:
    kinds = _kinds(text)
    assert kinds, f"{rule.id}: not reported"
    if rule.id in _OWN_KIND:
        assert rule.kind in kinds, f"{rule.id}: {kinds}"


# --- Firebase web API keys: public by design; the gateway still masks them ----------------------

_KEY = cloud._FIREBASE_KEY
_SAME_LINE = [
    f"firebase.initializeApp({{ apiKey: '{_KEY}', projectId: 'acme' }});",
    f"NEXT_PUBLIC_FIREBASE_API_KEY={_KEY}",
    f"VITE_FIREBASE_API_KEY: {_KEY}",
]


@pytest.mark.parametrize("text", [cloud._FIREBASE_CONFIG, *_SAME_LINE])
def test_scan_does_not_report_a_firebase_web_key(text: str) -> None:
    assert default_engine().scan(text) == []


@pytest.mark.parametrize("text", _SAME_LINE)
def test_recall_mode_masks_a_firebase_key_named_on_its_line(text: str) -> None:
    found = Engine(builtin_rules(), recall=True).scan(text)
    assert [f.value for f in found] == [_KEY]


def test_the_gateway_masks_a_firebase_config_object() -> None:
    found = Engine(builtin_rules() + recall.RULES, recall=True).scan(cloud._FIREBASE_CONFIG)
    assert _KEY in [f.value for f in found]


@pytest.mark.parametrize(
    "text",
    [f"FIREBASE_API_KEY={_KEY}", f"firebase:\n  api_key: {_KEY}", f'"firebaseKey": "{_KEY}"'],
)
def test_a_firebase_key_in_a_server_config_is_reported(text: str) -> None:
    """Not published with a web app: a server's copy of the key is reported like any key."""
    assert [f.kind for f in default_engine().scan(text)] == ["gcp_api_key"]


def test_a_google_key_outside_firebase_is_still_reported() -> None:
    found = default_engine().scan(f'mapsConfig = {{ apiKey: "{_KEY}" }}')
    assert [f.kind for f in found] == ["gcp_api_key"]
