"""Product analytics and feature-flag rules: every example found with its precise kind, and the
public keys beside the secret ones left alone."""

from __future__ import annotations

import pytest

from veil.detect import default_engine
from veil.detect.base import Rule
from veil.detect.samples import ALNUM, HEX, fake
from veil.detect.secrets import FAMILIES, analytics

CASES = [
    pytest.param(rule, text, id=f"{rule.id}-{n}")
    for rule in analytics.RULES
    for n, text in enumerate(rule.examples.positives)
]


def _kinds(text: str) -> list[str]:
    return [f.kind for f in default_engine().scan(text)]


@pytest.mark.parametrize(("rule", "text"), CASES)
def test_full_engine_reports_the_precise_kind(rule: Rule, text: str) -> None:
    kinds = {f.kind for f in default_engine().scan(text)}
    assert rule.kind in kinds, f"{rule.id}: {kinds}"


def test_kinds_belong_to_this_family_only() -> None:
    ours = {r.kind for r in analytics.RULES}
    others = {r.kind for f in FAMILIES if f is not analytics for r in f.RULES}
    assert not ours & others


@pytest.mark.parametrize(
    ("prefix", "size", "kind"),
    [
        ("phx_", 47, "posthog_personal_api_key"),
        ("phx_", 48, "posthog_personal_api_key"),  # base 57 since 2025: one digit more
        ("phs_", 47, "posthog_project_secret_api_key"),
        ("pha_", 43, "posthog_oauth_access_token"),
        ("phr_", 44, "posthog_oauth_refresh_token"),
    ],
)
def test_posthog_prefix_decides_the_kind(prefix: str, size: int, kind: str) -> None:
    value = prefix + fake(size, ALNUM, seed=f"test-posthog-{prefix}{size}")
    assert _kinds(f"POSTHOG_KEY={value}") == [kind]


def test_posthog_project_key_is_public() -> None:
    value = "phc_" + fake(47, ALNUM, seed="test-posthog-phc")
    assert not [k for k in _kinds(f"NEXT_PUBLIC_POSTHOG_KEY={value}") if "posthog" in k]


def test_statsig_client_key_is_public_but_server_and_console_keys_are_not() -> None:
    body = fake(43, ALNUM, seed="test-statsig")
    assert _kinds(f"STATSIG_KEY=secret-{body}") == ["statsig_server_secret_key"]
    assert _kinds(f"STATSIG_KEY=console-{body}") == ["statsig_console_api_key"]
    assert not [k for k in _kinds(f"STATSIG_CLIENT_KEY=client-{body}") if "statsig" in k]


def test_statsig_prefix_with_a_lower_case_name_is_not_a_key() -> None:
    assert _kinds("kubectl get secret-" + "abcdefghkmnpqrstuvwxyz23456789abcdefghkmnpq") == []


def test_unleash_admin_token_is_found_anywhere_other_tokens_by_name_only() -> None:
    digest = fake(64, HEX, seed="test-unleash")
    assert _kinds(f"headers = {{'Authorization': '*:*.{digest}'}}") == ["unleash_admin_api_token"]
    assert _kinds(f"UNLEASH_SERVER_API_TOKEN=default:production.{digest}") == ["unleash_api_token"]
    assert not [
        k
        for k in _kinds(f"UNLEASH_FRONTEND_API_TOKEN=default:production.{digest}")
        if "unleash" in k
    ]


def test_flagsmith_client_side_key_is_public() -> None:
    body = fake(22, ALNUM, seed="test-flagsmith")
    assert _kinds(f"FLAGSMITH_ENVIRONMENT_KEY=ser.{body}") == ["flagsmith_server_side_key"]
    assert not [k for k in _kinds(f"FLAGSMITH_ENVIRONMENT_KEY={body}") if "flagsmith" in k]


def test_amplitude_api_key_is_public_its_secret_key_is_not() -> None:
    value = fake(32, HEX, seed="test-amplitude")
    assert "amplitude_secret_key" in _kinds(f"AMPLITUDE_SECRET_KEY={value}")
    assert not [k for k in _kinds(f"AMPLITUDE_API_KEY={value}") if "amplitude" in k]
