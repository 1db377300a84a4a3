"""Organisation terms: case-insensitive, inside identifiers, internal hosts and URLs."""

from __future__ import annotations

import pytest

from veil.detect import Engine
from veil.detect.org import org_rules, recordable_rule_id
from veil.detect.ruleset import example_failures

RULES = org_rules(
    terms=["Acme", "Globex Corp", "ZQ"],
    domains=["*.corp.example.com"],
    url_prefixes=["https://wiki.internal.example/"],
)


def _found(text: str) -> list[tuple[str, str]]:
    return [(f.kind, f.value) for f in Engine(RULES).scan(text)]


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("class AcmeOrderService:", "Acme"),
        ("acme_billing = 1", "acme"),
        ("ACME-CLI", "ACME"),
        ("Contract with globex corp signed", "globex corp"),
        ("zq_service", "ZQ"[0:0] + "zq"),
    ],
)
def test_terms_are_found_case_insensitively_inside_identifiers(text: str, value: str) -> None:
    assert _found(text) == [("org_term", value)]


def test_short_terms_need_a_word_edge() -> None:
    assert _found("unzqualified zqx") == []


@pytest.mark.parametrize(
    ("text", "value"), [("getZQClient()", "ZQ"), ("useZQ", "ZQ"), ("Globex  Corp", "Globex  Corp")]
)
def test_short_terms_in_camel_case_and_doubled_separators_are_found(text: str, value: str) -> None:
    assert [v for _, v in _found(text)] == [value]


@pytest.mark.parametrize("host", ["_ldap._tcp.corp.example.com", "db_primary.corp.example.com"])
def test_hosts_with_underscores_in_their_labels_are_found(host: str) -> None:
    assert _found(f"dig {host}") == [("internal_host", host)]
    assert _found(f"{host}_backup.tgz") == [("internal_host", host)]


def test_internal_hosts_and_urls() -> None:
    assert _found("ssh deploy@db1.eu.corp.example.com") == [
        ("internal_host", "db1.eu.corp.example.com")
    ]
    assert _found("see https://wiki.internal.example/Team/Runbook).") == [
        ("internal_url", "https://wiki.internal.example/Team/Runbook")
    ]
    assert _found("corp.example.com.attacker.test") == []


def test_generated_org_rules_pass_their_own_examples() -> None:
    assert [p for r in RULES for p in example_failures(r)] == []


@pytest.mark.parametrize(
    ("rule_id", "recorded"),
    [
        ("org-term-acme", "org-term"),
        ("org-domain-corp-example-com", "org-domain"),
        ("org-url-https-wiki-acme-internal", "org-url"),
        ("aws-access-key-id", "aws-access-key-id"),
        ("org-terminal-id", "org-terminal-id"),  # a user rule that only looks alike
    ],
)
def test_an_organisation_rule_is_recorded_by_its_family(rule_id: str, recorded: str) -> None:
    assert recordable_rule_id(rule_id) == recorded


def test_every_organisation_rule_id_records_without_its_term() -> None:
    rules = org_rules(["Acme"], ["*.corp.example.com"], ["https://wiki.acme.internal/"])
    assert {recordable_rule_id(r.id) for r in rules} == {"org-term", "org-domain", "org-url"}


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ('{"out": "hosts:\\ndb1.corp.example.com\\n"}', "db1.corp.example.com"),
        ('{"out": "x\\tdb1.corp.example.com"}', "db1.corp.example.com"),
        ("\\\\fs1.corp.example.com\\share", "fs1.corp.example.com"),  # a UNC path
    ],
)
def test_a_host_after_a_json_escape_starts_after_it(text: str, found: str) -> None:
    assert _found(text) == [("internal_host", found)]


def test_a_short_term_after_a_json_escape_is_found() -> None:
    assert _found('{"out": "a\\nZQ build"}') == [("org_term", "ZQ")]
    assert _found("C:\\ZQ\\tools") == [("org_term", "ZQ")]
