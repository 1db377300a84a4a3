"""Package registry rules: every example found with its precise kind."""

from __future__ import annotations

import pytest

from veil.detect import default_engine
from veil.detect.base import Rule
from veil.detect.samples import HEX, fake
from veil.detect.secrets import FAMILIES, registries

CASES = [
    pytest.param(rule, text, id=f"{rule.id}-{n}")
    for rule in registries.RULES
    for n, text in enumerate(rule.examples.positives)
]


def _kinds(text: str) -> list[str]:
    return [f.kind for f in default_engine().scan(text)]


@pytest.mark.parametrize(("rule", "text"), CASES)
def test_full_engine_reports_the_precise_kind(rule: Rule, text: str) -> None:
    assert rule.kind in _kinds(text), f"{rule.id}: {_kinds(text)}"


def test_kinds_belong_to_this_family_only() -> None:
    ours = {r.kind for r in registries.RULES}
    others = {r.kind for f in FAMILIES if f is not registries for r in f.RULES}
    assert not ours & others


def test_hex_encoded_key_is_not_a_hex_pm_key() -> None:
    value = fake(32, HEX, seed="t-hex")
    assert "hex_pm_api_key" not in _kinds(f"hex_key = {value}")
    assert _kinds(f"HEX_API_KEY={value}") == ["hex_pm_api_key"]


def test_registry_urls_yield_only_the_token() -> None:
    text = registries.PACKAGECLOUD_TOKEN.examples.positives[1]
    (finding,) = [f for f in default_engine().scan(text) if f.kind == "packagecloud_token"]
    assert text[finding.start - 8 : finding.start] == "https://"
    assert text[finding.end :].startswith(":@packagecloud.io")


def test_npm_auth_ident_needs_user_and_password() -> None:
    assert _kinds('npmAuthIdent: "deploy:' + fake(16, HEX, seed="t-ident") + '"') == [
        "npm_auth_ident"
    ]
    assert "npm_auth_ident" not in _kinds("npmAuthIdent: bm90IGEgcGFpcg==")
