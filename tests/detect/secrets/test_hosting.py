"""Hosting and deployment rules: every example found with its precise kind."""

from __future__ import annotations

import pytest

from veil.detect import default_engine
from veil.detect.base import Rule
from veil.detect.secrets import FAMILIES, hosting

CASES = [
    pytest.param(rule, text, id=f"{rule.id}-{n}")
    for rule in hosting.RULES
    for n, text in enumerate(rule.examples.positives)
]


@pytest.mark.parametrize(("rule", "text"), CASES)
def test_full_engine_reports_the_precise_kind(rule: Rule, text: str) -> None:
    kinds = {f.kind for f in default_engine().scan(text)}
    assert rule.kind in kinds, f"{rule.id}: {kinds}"


def test_kinds_belong_to_this_family_only() -> None:
    ours = {r.kind for r in hosting.RULES}
    others = {r.kind for f in FAMILIES if f is not hosting for r in f.RULES}
    assert not ours & others


@pytest.mark.parametrize(
    ("prefix", "kind"),
    [
        ("vcp_", "vercel_token"),
        ("vci_", "vercel_integration_token"),
        ("vca_", "vercel_app_access_token"),
        ("vcr_", "vercel_app_refresh_token"),
        ("vck_", "vercel_api_key"),
    ],
)
def test_vercel_prefix_decides_the_kind(prefix: str, kind: str) -> None:
    body = hosting.VERCEL_API_KEY.examples.positives[0].split("=", 1)[1][4:]
    found = default_engine().scan(f"token: {prefix}{body}")
    assert [f.kind for f in found] == [kind]


def test_ovh_conf_yields_both_secrets_not_the_application_key() -> None:
    conf = hosting.OVH_CONSUMER_KEY.examples.positives[1]
    found = sorted(f.kind for f in default_engine().scan(conf) if f.kind.startswith("ovh"))
    assert found == ["ovh_application_secret", "ovh_consumer_key"]


def test_deploy_hook_is_reported_whole() -> None:
    text = hosting.RENDER_DEPLOY_HOOK_URL.examples.positives[0]
    (finding,) = default_engine().scan(text)
    assert text[finding.start : finding.end].startswith("https://api.render.com/deploy/srv-")
    assert "?key=" in text[finding.start : finding.end]
