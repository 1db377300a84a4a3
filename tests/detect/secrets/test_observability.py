"""Observability rules: every example found with its precise kind; prefixes and names that
tell one key type from another."""

from __future__ import annotations

import pytest

from veil.detect import default_engine
from veil.detect.base import Rule
from veil.detect.samples import ALNUM, LOWER_ALNUM, fake, fake_uuid
from veil.detect.secrets import FAMILIES, observability

CASES = [
    pytest.param(rule, text, id=f"{rule.id}-{n}")
    for rule in observability.RULES
    for n, text in enumerate(rule.examples.positives)
]


def _kinds(text: str) -> list[str]:
    return [f.kind for f in default_engine().scan(text)]


@pytest.mark.parametrize(("rule", "text"), CASES)
def test_full_engine_reports_the_precise_kind(rule: Rule, text: str) -> None:
    kinds = {f.kind for f in default_engine().scan(text)}
    assert rule.kind in kinds, f"{rule.id}: {kinds}"


def test_kinds_belong_to_this_family_only() -> None:
    ours = {r.kind for r in observability.RULES}
    others = {r.kind for f in FAMILIES if f is not observability for r in f.RULES}
    assert not ours & others


@pytest.mark.parametrize(
    ("prefix", "kind"),
    [("cxtp_", "coralogix_send_your_data_key"), ("cxup_", "coralogix_personal_api_key")],
)
def test_coralogix_prefix_decides_the_kind(prefix: str, kind: str) -> None:
    assert _kinds(f"CX_KEY={prefix}{fake(30, ALNUM, seed=f't-{prefix}')}") == [kind]


@pytest.mark.parametrize(
    ("prefix", "kind"), [("xaat-", "axiom_api_token"), ("xapt-", "axiom_personal_access_token")]
)
def test_axiom_prefix_decides_the_kind(prefix: str, kind: str) -> None:
    assert _kinds(f"token: {prefix}{fake_uuid(f't-{prefix}')}") == [kind]


def test_honeycomb_ingest_keys_classic_or_not_are_ingest_keys() -> None:
    body = fake(58, LOWER_ALNUM, seed="t-honeycomb")
    for prefix in ("hcxik_", "hcaik_", "hcaic_"):
        assert _kinds(f"HONEYCOMB_API_KEY={prefix}{body}") == ["honeycomb_ingest_key"]
    assert "honeycomb_ingest_key" not in _kinds(f"HONEYCOMB_API_KEY=hcxlk_{body}")


def test_better_stack_api_token_outranks_a_source_token_under_an_api_name() -> None:
    value = fake(24, ALNUM, seed="t-betterstack")
    assert _kinds(f"BETTERSTACK_API_TOKEN={value}") == ["better_stack_api_token"]
    assert _kinds(f"LOGTAIL_SOURCE_TOKEN={value}") == ["better_stack_source_token"]
