"""The placeholder format: fixed shapes, and which tails could still begin one."""

from __future__ import annotations

import pytest

from veil.types import Category
from veil.vault.tokens import MAX_LEN, PLACEHOLDER_RE, could_start, label_for, placeholder_for


def test_secret_placeholder_is_one_identifier_word() -> None:
    token = placeholder_for("SECRET", "3f9a2c1bdeadbeef")  # veil:allow test digest
    assert token == "VEIL_SECRET_3F9A2C1B"
    assert token.isidentifier()
    assert PLACEHOLDER_RE.fullmatch(token)


def test_email_placeholder_is_an_address_at_a_reserved_domain() -> None:
    token = placeholder_for("EMAIL", "3F9A2C1Bdeadbeef")
    assert token == "veil-3f9a2c1b@example.com"
    assert PLACEHOLDER_RE.fullmatch(token)


@pytest.mark.parametrize(
    ("kind", "category", "label"),
    [
        ("email_address", Category.PII, "EMAIL"),
        ("phone_number", Category.PII, "PHONE"),
        ("payment_card", Category.PII, "CARD"),
        ("aws_access_key_id", Category.SECRET, "SECRET"),
        ("org_term", Category.ORG, "ORG"),
        ("internal_host", Category.ORG, "HOST"),
    ],
)
def test_label_names_the_kind_or_category(kind: str, category: Category, label: str) -> None:
    assert label_for(kind, category) == label


@pytest.mark.parametrize(
    "tail",
    [
        "V",
        "VEIL",
        "VEIL_",
        "VEIL_S",
        "VEIL_SECRET_",
        "VEIL_SECRET_3F9A",
        "veil-",
        "veil-3f9a2c1b@exam",
    ],
)
def test_prefixes_of_placeholders_could_start_one(tail: str) -> None:
    assert could_start(tail)


@pytest.mark.parametrize(
    "tail", ["X", "VEIL_x", "VEIL_SECRETS", "VEIL_SECRET_3F9a", "veil-3F", "veil_", "VEIl"]
)
def test_other_tails_could_not(tail: str) -> None:
    assert not could_start(tail)


def test_max_len_covers_every_placeholder() -> None:
    assert len("veil-3f9a2c1b@example.com") <= MAX_LEN
    assert len("VEIL_SECRET_3F9A2C1B") <= MAX_LEN
