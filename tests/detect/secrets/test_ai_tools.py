"""The AI tooling family against the full default engine: each example is found under its own
kind; keys that share a prefix go to the service named."""

from __future__ import annotations

import pytest

from veil.detect import default_engine
from veil.detect.base import Rule
from veil.detect.engine import Engine
from veil.detect.samples import ALNUM, B64URL, HEX, LOWER_ALNUM, b64json, fake, fake_uuid
from veil.detect.secrets import FAMILIES, ai, ai_tools
from veil.types import Category

_CASES = [
    pytest.param(rule, text, id=f"{rule.id}-{n}")
    for rule in ai_tools.RULES
    for n, text in enumerate(rule.examples.positives)
]


def _kinds(text: str) -> list[str]:
    """Kinds of the secrets the full engine finds (personal data beside them is another matter)."""
    return [f.kind for f in default_engine().scan(text) if f.category is Category.SECRET]


@pytest.mark.parametrize(("rule", "text"), _CASES)
def test_every_positive_is_found_under_its_own_kind(rule: Rule, text: str) -> None:
    own = [(f.start, f.end) for f in Engine([rule], use_hyperscan=False).scan(text)]
    full = {(f.start, f.end): f.kind for f in default_engine().scan(text)}
    assert own, f"{rule.id} missed its example"
    assert all(full.get(span) == rule.kind for span in own), f"{rule.id}: {full}"


def test_the_family_kinds_are_its_own() -> None:
    """Shared only with the model APIs' family (W&B's cloud and self-hosted keys are one kind)."""
    mine = {r.kind for r in ai_tools.RULES}
    others = {r.kind for family in FAMILIES if family not in (ai, ai_tools) for r in family.RULES}
    assert mine.isdisjoint(others), mine & others


def test_a_modal_token_id_is_not_its_secret() -> None:
    token_id = "ak-" + fake(22, ALNUM, seed="test-modal-id")
    secret = "as-" + fake(22, ALNUM, seed="test-modal-secret")
    found = default_engine().scan(f"modal token set --token-id {token_id} --token-secret {secret}")
    assert [(f.kind, f.value) for f in found] == [("modal_token_secret", secret)]


def test_helicone_write_and_eu_keys_are_keys() -> None:
    groups = "-".join(fake(7, LOWER_ALNUM, seed=f"test-helicone-{i}") for i in range(4))
    for key in (f"pk-helicone-{groups}", f"sk-helicone-eu-{groups}"):
        assert _kinds(f"HELICONE_API_KEY={key}") == ["helicone_api_key"]


def test_neptune_token_is_known_by_its_encoded_address() -> None:
    token = b64json({"api_address": "https://neptune.acme.io", "api_key": fake_uuid("t-nep")})
    assert _kinds(f'api_token="{token}"') == ["neptune_api_token"]
    other = b64json({"api_url": "https://neptune.acme.io", "api_key": fake_uuid("t-nep")})
    assert "neptune_api_token" not in _kinds(f'api_token="{other}"')


def test_shared_prefixes_go_to_the_service_named() -> None:
    sk48 = "sk-" + fake(48, ALNUM, seed="test-sk48")
    assert _kinds(f"STABILITY_API_KEY={sk48}") == ["stability_api_key"]
    assert _kinds(f"BRAINTRUST_API_KEY={sk48}") == ["braintrust_api_key"]
    scale = "live_" + fake(32, HEX, seed="test-scale")
    assert _kinds(f"SCALE_API_KEY={scale}") == ["scale_api_key"]
    assert "scale_api_key" not in _kinds(f"STRIPE_KEY={scale}")


def test_exa_is_a_word_of_its_own() -> None:
    value = fake_uuid("test-exa")
    assert _kinds(f"EXA_API_KEY={value}") == ["exa_api_key"]
    assert "exa_api_key" not in _kinds(f"EXAMPLE_API_KEY={value}")
    assert "exa_api_key" not in _kinds(f"HEXA_TOKEN={value}")


def test_voyage_key_needs_voyage_named() -> None:
    key = "pa-" + fake(43, B64URL, seed="test-voyage")
    assert _kinds(f"VOYAGE_API_KEY={key}") == ["voyage_api_key"]
    assert "voyage_api_key" not in _kinds(f"PA_TOKEN={key}")
