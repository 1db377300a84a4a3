"""Data-platform rules: every example found with its precise kind, and the checks that tell a
key from a look-alike."""

from __future__ import annotations

import base64

import pytest

from veil.detect import default_engine
from veil.detect.base import Rule
from veil.detect.samples import ALNUM, B64URL, HEX, fake, fake_uuid
from veil.detect.secrets import FAMILIES, data

CASES = [
    pytest.param(rule, text, id=f"{rule.id}-{n}")
    for rule in data.RULES
    for n, text in enumerate(rule.examples.positives)
]


def _kinds(text: str) -> list[str]:
    return [f.kind for f in default_engine().scan(text)]


@pytest.mark.parametrize(("rule", "text"), CASES)
def test_full_engine_reports_the_precise_kind(rule: Rule, text: str) -> None:
    kinds = {f.kind for f in default_engine().scan(text)}
    assert rule.kind in kinds, f"{rule.id}: {kinds}"


def test_kinds_belong_to_this_family_only() -> None:
    ours = {r.kind for r in data.RULES}
    others = {r.kind for f in FAMILIES if f is not data for r in f.RULES}
    assert not ours & others


def test_elasticsearch_api_key_must_decode_to_an_id_and_a_key() -> None:
    key = f"{fake(20, B64URL, seed='t-es-id')}:{fake(22, B64URL, seed='t-es-key')}"
    encoded = base64.b64encode(key.encode()).decode()
    assert _kinds(f"Authorization: ApiKey {encoded}") == ["elasticsearch_api_key"]
    other = base64.b64encode(fake(43, ALNUM, seed="t-es-other").encode()).decode()
    assert "elasticsearch_api_key" not in _kinds(f"Authorization: ApiKey {other}")


def test_elastic_cloud_key_is_not_taken_for_an_elasticsearch_key() -> None:
    value = "essu_" + base64.b64encode(fake(80, ALNUM, seed="t-essu").encode()).decode()
    assert _kinds(f"Authorization: ApiKey {value}") == ["elastic_cloud_api_key"]


def test_a_service_jwt_is_reported_as_the_service_not_as_a_bare_jwt() -> None:
    token = data.MOTHERDUCK_TOKEN.examples.positives[0].split("=", 1)[1]
    assert _kinds(f"motherduck_token={token}") == ["motherduck_token"]
    assert _kinds(f"SESSION={token}") == ["json_web_token"]


def test_clickhouse_secret_needs_mixed_case_not_a_hex_digest() -> None:
    assert _kinds("CLICKHOUSE_KEY_SECRET=4b1d" + fake(38, ALNUM, seed="t-ch")) == [
        "clickhouse_cloud_api_secret"
    ]
    assert "clickhouse_cloud_api_secret" not in _kinds("4b1d" + fake(38, HEX, seed="t-ch-hex"))


def test_splunk_hec_token_in_the_authorization_header() -> None:
    value = fake_uuid("t-splunk")
    assert _kinds(f'-H "Authorization: Splunk {value}"') == ["splunk_hec_token"]
    assert _kinds(f'-H "Authorization: Bearer {value}"') != ["splunk_hec_token"]


@pytest.mark.parametrize(
    ("prefix", "kind"),
    [("dbtc_", "dbt_cloud_service_token"), ("dbtu_", "dbt_cloud_personal_access_token")],
)
def test_dbt_prefix_decides_the_kind(prefix: str, kind: str) -> None:
    assert _kinds(f"DBT_TOKEN={prefix}{fake(50, B64URL, seed=f't-{prefix}')}") == [kind]


def test_census_gov_keys_are_not_census_reverse_etl_keys() -> None:
    assert "census_api_key" not in _kinds(f"CENSUS_API_KEY={fake(40, HEX, seed='t-census')}")
