"""Developer tooling and CI rules: every example found with its precise kind."""

from __future__ import annotations

import pytest

from veil.detect import default_engine
from veil.detect.base import Rule
from veil.detect.samples import HEX, fake, fake_uuid
from veil.detect.secrets import FAMILIES, devtools

CASES = [
    pytest.param(rule, text, id=f"{rule.id}-{n}")
    for rule in devtools.RULES
    for n, text in enumerate(rule.examples.positives)
]


def _kinds(text: str) -> list[str]:
    return [f.kind for f in default_engine().scan(text)]


@pytest.mark.parametrize(("rule", "text"), CASES)
def test_full_engine_reports_the_precise_kind(rule: Rule, text: str) -> None:
    assert rule.kind in _kinds(text), f"{rule.id}: {_kinds(text)}"


def test_kinds_belong_to_this_family_only() -> None:
    ours = {r.kind for r in devtools.RULES}
    others = {r.kind for f in FAMILIES if f is not devtools for r in f.RULES}
    assert not ours & others


@pytest.mark.parametrize(
    "text",
    [
        "snyk_token: {}",
        "SNYK_TOKEN := '{}'",
        "snyk:\n  api_token: {}",
        'const SNYK_KEY = "{}"',
    ],
)
def test_snyk_token_in_the_shapes_people_write(text: str) -> None:
    value = fake_uuid("t-snyk")
    assert _kinds(text.format(value)) == ["snyk_api_token"]
    assert _kinds(text.format(value.upper())) == ["snyk_api_token"]


@pytest.mark.parametrize(
    "text",
    [
        "sonar.login={}",
        "sonar.token = {}",
        "SONAR_TOKEN={}",
        "sonarqube:\n  token: {}",
        "./gradlew sonar -Dsonar.login={}",
    ],
)
def test_legacy_sonarqube_token_by_its_name(text: str) -> None:
    assert _kinds(text.format(fake(40, HEX, seed="t-sonar"))) == ["sonarqube_token"]


def test_sonar_project_key_is_not_a_token() -> None:
    assert "sonarqube_token" not in _kinds(f"sonar.projectKey={fake(40, HEX, seed='t-sonar')}")


def test_teamcity_token_is_not_reported_as_a_plain_jwt() -> None:
    text = devtools.TEAMCITY_ACCESS_TOKEN.examples.positives[0]
    assert _kinds(text) == ["teamcity_access_token"]


def test_rancher_bearer_token_is_reported_by_its_secret_half() -> None:
    text = devtools.RANCHER_API_TOKEN.examples.positives[0]
    (finding,) = default_engine().scan(text)
    assert finding.kind == "rancher_api_token"
    assert len(text[finding.start : finding.end]) == 54
    assert text[: finding.start].endswith(":")


def test_infisical_service_token_is_whole_with_its_dots() -> None:
    text = devtools.INFISICAL_SERVICE_TOKEN.examples.positives[0]
    (finding,) = default_engine().scan(text)
    assert text[finding.start : finding.end].count(".") == 3
