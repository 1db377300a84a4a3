"""Error tracking, incident and uptime rules: every example found with its precise kind; the
names and headers that tell a secret key from a public one."""

from __future__ import annotations

import pytest

from veil.detect import default_engine
from veil.detect.base import Rule
from veil.detect.samples import DIGITS, HEX, fake, fake_uuid
from veil.detect.secrets import FAMILIES, incidents

CASES = [
    pytest.param(rule, text, id=f"{rule.id}-{n}")
    for rule in incidents.RULES
    for n, text in enumerate(rule.examples.positives)
]


def _kinds(text: str) -> list[str]:
    return [f.kind for f in default_engine().scan(text)]


@pytest.mark.parametrize(("rule", "text"), CASES)
def test_full_engine_reports_the_precise_kind(rule: Rule, text: str) -> None:
    kinds = {f.kind for f in default_engine().scan(text)}
    assert rule.kind in kinds, f"{rule.id}: {kinds}"


def test_kinds_belong_to_this_family_only() -> None:
    ours = {r.kind for r in incidents.RULES}
    others = {r.kind for f in FAMILIES if f is not incidents for r in f.RULES}
    assert not ours & others


def test_uptimerobot_key_types_and_context() -> None:
    hexpart = fake(27, HEX, seed="t-uptimerobot")
    user = fake(7, DIGITS, seed="t-ur")
    assert _kinds(f"UPTIMEROBOT_API_KEY=u{user}-{hexpart}") == ["uptimerobot_api_key"]
    assert _kinds(f"UPTIMEROBOT_API_KEY=ur{user}-{hexpart}") == ["uptimerobot_api_key"]
    assert _kinds(f"UPTIMEROBOT_KEY=m{user}-{hexpart}") == ["uptimerobot_monitor_api_key"]
    assert not [k for k in _kinds(f"build = u{user}-{hexpart}") if "uptimerobot" in k]


def test_rollbar_client_token_is_public() -> None:
    value = fake(32, HEX, seed="t-rollbar")
    assert _kinds(f"ROLLBAR_SERVER_TOKEN={value}") == ["rollbar_access_token"]
    assert "rollbar_access_token" not in _kinds(f"ROLLBAR_POST_CLIENT_ITEM_TOKEN={value}")


def test_opsgenie_genie_key_header() -> None:
    value = fake_uuid("t-opsgenie")
    assert _kinds(f"-H 'Authorization: GenieKey {value}'") == ["opsgenie_api_key"]
