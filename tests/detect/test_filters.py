"""False-positive filters, one by one: what each drops, and what it must keep."""

from __future__ import annotations

import pytest

from veil.detect import filters
from veil.detect.samples import ALNUM, fake

REAL_LOOKING = [fake(32, ALNUM, seed="filters-1"), "Tr0ub4dor&3-x", fake(24, ALNUM, seed="f2")]


@pytest.mark.parametrize(
    "value",
    [
        "your-api-key-here",
        "YOUR_API_KEY",
        "xxxxxxxxxxxxxxxx",
        "changeme",
        "sk-xxxxxxxxxxxx",
        "AKIA" + "IOSFODNN7" + "EXAMPLE",
        "aaaaaaaaaaaaaaaaaaaa",
        "1234567890",
        "abcdefghijkl",
        "insert-your-token",
        "dummy-password",
        "********",
    ],
)
def test_placeholders_are_dropped(value: str) -> None:
    assert filters.is_placeholder(value)


@pytest.mark.parametrize(
    "value",
    [
        "${DB_PASSWORD}",
        "$API_TOKEN",
        "{{ .Values.token }}",
        "%(password)s",
        "<password>",
        "#{secret}",
        "%TOKEN%",
    ],
)
def test_templates_are_dropped(value: str) -> None:
    assert filters.is_template(value)


@pytest.mark.parametrize(
    ("value", "prefix"),
    [
        ("os.environ['DB_PASSWORD']", "password = "),
        ("process.env.API_KEY", "token: "),
        ("config.db_password", "password = "),
        ("get_secret()", "secret = "),
        ("settings.SECRET_KEY", "SECRET_KEY = "),
        ("API_KEY", 'token = os.environ["'),
    ],
)
def test_code_references_are_dropped(value: str, prefix: str) -> None:
    assert filters.is_code_reference(value, prefix)


@pytest.mark.parametrize(
    ("value", "prefix"),
    [
        ("9b2c4d8e1f3a5b7c9d0e2f4a6b8c0d1e3f5a7b9c", ""),  # git SHA
        ("d41d8cd98f00b204e9800998ecf8427e", ""),  # md5
        ("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", ""),  # sha256
        ("9b2c4d8e1f3a", "commit "),  # short SHA named as one
        ("0a1b2c3d4e5f6a7b", "checksum: "),
    ],
)
def test_content_hashes_are_dropped(value: str, prefix: str) -> None:
    assert filters.is_content_hash(value, prefix)


def test_uuids_and_base64_images_are_dropped() -> None:
    assert filters.is_uuid("123e4567-e89b-12d3-a456-426614174000")
    assert filters.is_base64_data("iVBORw0KGgoAAAANSUhEUg", 'src="data:image/png;base64,')
    assert filters.is_base64_data("oqVuDfXRESsyHFiE3l", 'integrity="sha384-')


def test_a_masking_run_inside_a_long_random_value_is_not_a_placeholder() -> None:
    value = fake(30, ALNUM, seed="mask-1") + "xxxx" + fake(30, ALNUM, seed="mask-2")
    assert not filters.is_placeholder(value)
    assert filters.is_placeholder("sk-proj-" + "x" * 40)


@pytest.mark.parametrize("value", REAL_LOOKING)
def test_real_looking_values_pass_every_filter(value: str) -> None:
    assert not any(f(value, "password = ") for f in filters.GENERIC)
