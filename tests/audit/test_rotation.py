"""Every kind veil reports has rotation steps, and no steps name a kind nothing reports."""

from __future__ import annotations

import tomllib
from importlib import resources
from typing import Any
from urllib.parse import urlsplit

import pytest

from veil.audit.rotation import Rotation, rotation_for, rotation_kinds
from veil.detect import builtin_rules, recall
from veil.types import Category

RULES = builtin_rules(include_private_ips=True) + recall.RULES
SECRET_KINDS = frozenset(r.kind for r in RULES if r.category is Category.SECRET)
PII_KINDS = frozenset(r.kind for r in RULES if r.category is Category.PII)


def _data() -> dict[str, Any]:
    text = resources.files("veil.detect.secrets").joinpath("rotation.toml").read_text("utf-8")
    return tomllib.loads(text)


DATA = _data()


def test_every_secret_kind_has_a_secret_entry() -> None:
    assert sorted(SECRET_KINDS - DATA["secret"].keys()) == []


def test_every_pii_kind_has_a_pii_entry() -> None:
    assert sorted(PII_KINDS - DATA["pii"].keys()) == []


def test_no_entry_names_a_kind_no_rule_reports() -> None:
    assert sorted(DATA["secret"].keys() - SECRET_KINDS) == []
    assert sorted(DATA["pii"].keys() - PII_KINDS) == []
    assert set(DATA) == {"fallback", "restricted_content", "secret", "pii"}


def test_rotation_kinds_are_the_entries() -> None:
    assert rotation_kinds() == SECRET_KINDS | PII_KINDS


@pytest.mark.parametrize("kind", sorted(SECRET_KINDS | PII_KINDS))
def test_entry_is_well_formed(kind: str) -> None:
    rotation = rotation_for(kind)
    assert rotation.kind == kind
    assert rotation.provider.strip()
    assert 2 <= len(rotation.steps) <= 4
    assert all(step.strip() for step in rotation.steps)
    url = urlsplit(rotation.url)
    assert url.scheme == "https"
    assert url.hostname and "." in url.hostname
    assert not any(c.isspace() for c in rotation.url)


def test_every_table_has_only_known_fields() -> None:
    tables = [DATA["fallback"], DATA["restricted_content"], *DATA["secret"].values()]
    tables += DATA["pii"].values()
    for table in tables:
        assert set(table) <= {"provider", "steps", "url"}
        assert {"steps", "url"} <= set(table)


def test_unknown_kind_gets_the_generic_entry() -> None:
    rotation = rotation_for("no_such_kind")
    fallback = DATA["fallback"]
    assert rotation == Rotation(
        kind="no_such_kind",
        provider=fallback["provider"],
        steps=tuple(fallback["steps"]),
        url=fallback["url"],
    )
    assert "no specific steps" in rotation.steps[0]
    assert 2 <= len(rotation.steps) <= 4
    assert urlsplit(rotation.url).scheme == "https"


def test_rotation_for_a_known_kind_is_concrete() -> None:
    aws = rotation_for("aws_access_key_id")
    assert aws.provider == "AWS"
    assert any("aws iam create-access-key" in step for step in aws.steps)
    assert rotation_for("payment_card").url.startswith("https://")


@pytest.mark.parametrize("kind", ["path:src/payments/**", "restricted_content"])
def test_restricted_content_gets_steps_about_the_files(kind: str) -> None:
    rotation = rotation_for(kind)
    assert rotation.kind == kind
    assert rotation.steps == tuple(DATA["restricted_content"]["steps"])
    assert "files" in rotation.steps[0] and rotation.url.startswith("https://")
