"""The web family against the full default engine: each positive is reported."""

from __future__ import annotations

import pytest

from veil.detect import default_engine
from veil.detect.base import Rule
from veil.detect.secrets import web

_CASES = [
    pytest.param(rule, text, id=f"{rule.id}-{n}")
    for rule in web.RULES
    for n, text in enumerate(rule.examples.positives)
]


def _kinds(text: str) -> list[str]:
    return [f.kind for f in default_engine().scan(text)]


# Rules added for the peers' test cases: their positives are theirs, not a neighbour's.
_OWN_KIND = (
    "command-header-credential",
    "curl-user-credentials",
)


@pytest.mark.parametrize(("rule", "text"), _CASES)
def test_every_positive_is_reported(rule: Rule, text: str) -> None:
    kinds = _kinds(text)
    assert kinds, f"{rule.id}: not reported"
    if rule.id in _OWN_KIND:
        assert rule.kind in kinds, f"{rule.id}: {kinds}"


@pytest.mark.parametrize(
    "text",
    [
        "curl -H 'X-API-Key: " + "Zk39sLq0PwX8rT2mNb7V" + "' https://api.internal",  # veil:allow
        'wget --header="Authorization: Api-Token '
        + "Q7vLp2Xr9Tk4Wm8Zs3Nd"
        + '" https://x.internal',
        "http GET https://api.internal/v1 X-Service-Token:" + "Q7vLp2Xr9Tk4Wm8Zs3Nd",
    ],
)
def test_http_clients_headers_are_found(text: str) -> None:
    assert any(k in ("api_key", "bearer_token") for k in _kinds(text)), _kinds(text)


def test_a_curl_command_without_credentials_is_not_reported() -> None:
    text = 'curl -X POST -H "Content-Type: application/json" -d \'{"id": 7}\' https://api.internal'
    assert _kinds(text) == []
