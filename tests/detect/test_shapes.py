"""The shared builders: their derived examples hold, and the rules they build find what they say."""

from __future__ import annotations

from veil.detect.base import UUID
from veil.detect.engine import Engine
from veil.detect.ruleset import example_failures
from veil.detect.samples import ALNUM, HEX, fake, fake_uuid
from veil.detect.shapes import prefixed, service_named

_HEX = fake(32, HEX, seed="shapes-hex")
_TOKEN = "tst_" + fake(40, ALNUM, seed="shapes-token")


def test_service_named_derives_examples_that_hold() -> None:
    rule = service_named(
        kind="acmeapi_key", service="acmeapi", value=r"[0-9a-f]{32}", sample=_HEX, env="ACMEAPI_KEY"
    )
    assert example_failures(rule) == []
    assert rule.id == "acmeapi-key"
    assert any("acmeapi:\n  api_key:" in p for p in rule.examples.positives)
    assert f"API_KEY={_HEX}" in rule.examples.negatives


def test_service_named_finds_the_value_only_under_the_service_name() -> None:
    rule = service_named(
        kind="acmeapi_token",
        service="acmeapi",
        value=UUID,
        sample=fake_uuid("shapes"),
        env="ACMEAPI_TOKEN",
    )
    engine = Engine([rule])
    value = fake_uuid("shapes-other")
    assert [f.value for f in engine.scan(f'acmeapi = Client(token="{value}")')] == [value]
    assert engine.scan(f"ACMEAPI_PROJECT_ID={value}") == []
    assert engine.scan(f"TOKEN={value}") == []


def test_service_named_with_its_own_key_word_skips_the_yaml_example() -> None:
    rule = service_named(
        kind="acmeapi_password",
        service="acmeapi",
        key="password",
        value=r"[A-Za-z0-9]{24}",
        sample=fake(24, ALNUM, seed="shapes-pw"),
        env="ACMEAPI_PASSWORD",
    )
    assert example_failures(rule) == []
    assert not any("api_key" in p for p in rule.examples.positives)


def test_prefixed_derives_examples_that_hold() -> None:
    rule = prefixed(
        kind="acme_token",
        body=r"tst_[A-Za-z0-9]{40}",
        sample=_TOKEN,
        keywords=("tst_",),
        env="ACME_TOKEN",
    )
    assert example_failures(rule) == []
    engine = Engine([rule])
    assert [f.kind for f in engine.scan(f"Authorization: Bearer {_TOKEN}")] == ["acme_token"]
    assert engine.scan(f"id={_TOKEN}abc") == []
