"""The CRM family against the full default engine: each example is found under its own kind."""

from __future__ import annotations

import pytest

from veil.detect import default_engine
from veil.detect.base import Rule
from veil.detect.samples import ALNUM, DIGITS, HEX, UPPER, fake, fake_uuid
from veil.detect.secrets import FAMILIES, crm

_CASES = [
    pytest.param(rule, text, id=f"{rule.id}-{n}")
    for rule in crm.RULES
    for n, text in enumerate(rule.examples.positives)
]


def _kinds(text: str) -> list[str]:
    return [f.kind for f in default_engine().scan(text)]


@pytest.mark.parametrize(("rule", "text"), _CASES)
def test_every_positive_is_found_under_its_own_kind(rule: Rule, text: str) -> None:
    kinds = _kinds(text)
    assert rule.kind in kinds, f"{rule.id}: {kinds}"
    assert set(kinds) == {rule.kind}, f"{rule.id}: another rule won part of it: {kinds}"


def test_the_family_kinds_are_its_own() -> None:
    mine = {r.kind for r in crm.RULES}
    others = {r.kind for family in FAMILIES if family is not crm for r in family.RULES}
    assert mine.isdisjoint(others), mine & others


def test_a_salesforce_token_is_found_with_an_18_character_org_id() -> None:
    org = "00D" + fake(15, ALNUM, seed="t-sf-org")
    token = f"{org}!AR{fake(100, ALNUM + '._', seed='t-sf-token')}"
    found = default_engine().scan(f"sf org display: Access Token {token}")
    assert [(f.kind, f.value) for f in found] == [("salesforce_access_token", token)]
    assert _kinds(f"SALESFORCE_ORG_ID={org}") == []


def test_an_sfdx_auth_url_is_one_finding_not_its_refresh_token() -> None:
    refresh = "5Aep861" + fake(80, ALNUM + "._", seed="t-sfdx")
    url = f"force://PlatformCLI::{refresh}@acme--dev.sandbox.my.salesforce.com"
    found = default_engine().scan(f"SFDX_AUTH_URL={url}")
    assert [(f.kind, f.value) for f in found] == [("salesforce_sfdx_auth_url", url)]


def test_a_hubspot_key_in_capitals_under_a_camel_case_name() -> None:
    key = fake_uuid("t-hubspot").upper()
    assert _kinds(f'const hubspotKey = "{key}";') == ["hubspot_api_key"]


def test_hubspot_token_regions() -> None:
    for region in ("na1", "na2", "eu1", "ap1"):
        token = f"pat-{region}-{fake_uuid('t-hs-' + region)}"
        assert _kinds(f"token: {token}") == ["hubspot_private_app_token"]


def test_a_zoho_client_id_is_not_a_token() -> None:
    client_id = "1000." + fake(30, UPPER + DIGITS, seed="t-zoho-id")
    assert _kinds(f"ZOHO_CLIENT_ID={client_id}") == []
    token = f"1000.{fake(32, HEX, seed='t-zoho-1')}.{fake(32, HEX, seed='t-zoho-2')}"
    assert _kinds(f"Authorization: Zoho-oauthtoken {token}") == ["zoho_oauth_token"]


def test_a_salesloft_key_carries_its_user_id() -> None:
    key = f"v2_ak_{fake(6, DIGITS, seed='t-sl')}_{fake(64, HEX, seed='t-sl-key')}"
    assert _kinds(f"SALESLOFT_TOKEN={key}") == ["salesloft_api_key"]
