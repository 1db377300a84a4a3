"""Azure rules: every example found with its precise kind."""

from __future__ import annotations

import pytest

from veil.detect import default_engine
from veil.detect.base import Rule
from veil.detect.samples import ALNUM, fake
from veil.detect.secrets import FAMILIES, azure

CASES = [
    pytest.param(rule, text, id=f"{rule.id}-{n}")
    for rule in azure.RULES
    for n, text in enumerate(rule.examples.positives)
]


def _kinds(text: str) -> list[str]:
    return [f.kind for f in default_engine().scan(text)]


@pytest.mark.parametrize(("rule", "text"), CASES)
def test_full_engine_reports_the_precise_kind(rule: Rule, text: str) -> None:
    assert rule.kind in _kinds(text), f"{rule.id}: {_kinds(text)}"


def test_kinds_belong_to_this_family_only() -> None:
    ours = {r.kind for r in azure.RULES}
    others = {r.kind for f in FAMILIES if f is not azure for r in f.RULES}
    assert not ours & others


def _key84(signature: str) -> str:
    return (
        fake(52, ALNUM, seed="t-az84-1")
        + "JQQJ99BF"
        + fake(16, ALNUM, seed="t-az84-2")
        + signature
        + fake(4, ALNUM, seed="t-az84-3")
    )


@pytest.mark.parametrize(
    ("signature", "kind"),
    [
        ("ACOG", "azure_ai_services_key"),
        ("AZDO", "azure_devops_pat"),
        ("AWPS", "azure_identifiable_key"),
    ],
)
def test_84_character_keys_are_told_apart_by_their_signature(signature: str, kind: str) -> None:
    assert _kinds(f"key = {_key84(signature)}") == [kind]


def test_function_key_is_the_code_parameter_only() -> None:
    text = azure.AZURE_FUNCTION_KEY.examples.positives[0]
    (finding,) = default_engine().scan(text)
    assert text[: finding.start].endswith("?code=")
    assert finding.end == len(text)
