"""Secrets managers and encryption tools: every example found with its precise kind by the full
engine; Vault's token types told apart by their prefix."""

from __future__ import annotations

import pytest

from veil.detect import default_engine
from veil.detect.base import Rule
from veil.detect.samples import B64URL, fake
from veil.detect.secrets import FAMILIES, vaults

CASES = [
    pytest.param(rule, text, id=f"{rule.id}-{n}")
    for rule in vaults.RULES
    for n, text in enumerate(rule.examples.positives)
]


def _kinds(text: str) -> list[str]:
    return [f.kind for f in default_engine().scan(text)]


@pytest.mark.parametrize(("rule", "text"), CASES)
def test_full_engine_reports_the_precise_kind(rule: Rule, text: str) -> None:
    kinds = {f.kind for f in default_engine().scan(text)}
    assert rule.kind in kinds, f"{rule.id}: {kinds}"


def test_kinds_belong_to_this_family_only() -> None:
    ours = {r.kind for r in vaults.RULES}
    others = {r.kind for f in FAMILIES if f is not vaults for r in f.RULES}
    assert not ours & others


@pytest.mark.parametrize(
    ("prefix", "kind"),
    [
        ("hvs.", "vault_service_token"),
        ("hvb.", "vault_batch_token"),
        ("hvr.", "vault_recovery_token"),
    ],
)
def test_vault_prefix_decides_the_kind(prefix: str, kind: str) -> None:
    body = "CAESI" + fake(100, B64URL, seed=f"test-vault-{prefix}")
    assert _kinds(f"VAULT_TOKEN={prefix}{body}") == [kind]


def test_a_legacy_vault_token_needs_vault_named() -> None:
    value = "s." + fake(24, "abcdefghijkLMNOPQRST0123456789", seed="test-vault-legacy")
    assert _kinds(f"export VAULT_TOKEN={value}") == ["vault_service_token"]
    assert "vault_service_token" not in _kinds(f"session = {value}")
