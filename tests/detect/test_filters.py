"""False-positive filters, one by one: what each drops, and what it must keep."""

from __future__ import annotations

import pytest

from veil.detect import filters, scan_text
from veil.detect.samples import ALNUM, B64, HEX, fake
from veil.detect.secrets.generic import GENERIC_FILTERS

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


_H40, _H64, _H32 = (
    fake(40, HEX, seed="f-sha1"),
    fake(64, HEX, seed="f-sha2"),
    fake(32, HEX, seed="f-md5"),
)


@pytest.mark.parametrize(
    "line",
    [
        f"commit {_H40}",
        f'sha = "{_H40}"',
        f"revision: {_H40}",
        f"sha256: {_H64}",
        f"digest: sha256:{_H64}",
        f'checksum = "{_H32}"',
        f'etag: "{_H32}"',
        f'hash_key = "{_H64}"',
        f'"integrity": "sha512-{fake(86, B64, seed="f-sri")}=="',
        f'"resolved": "https://registry.npmjs.org/x/-/x-1.0.0.tgz#{_H40}"',
        'request_id = "123e4567-e89b-12d3-a456-426614174000"',
        f'<img src="data:image/png;base64,{fake(200, B64, seed="f-img")}">',
    ],
)
def test_hashes_shas_uuids_and_inline_images_are_not_reported(line: str) -> None:
    assert scan_text(line) == []


def test_a_hex_value_named_as_a_key_is_still_reported() -> None:
    assert [f.kind for f in scan_text(f'api_key = "{_H32}"')] != []


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
    assert not any(f(value, "password = ") for f in GENERIC_FILTERS)


@pytest.mark.parametrize("value", ["x-${env}", "{{ token }}", "%s", "{0}", "<%= key %>", "#{x}"])
def test_embedded_templates_are_templates_and_interpolations(value: str) -> None:
    assert filters.is_template(value)
    assert filters.is_interpolation(value)


@pytest.mark.parametrize("value", ["%-5s", "{}", "{password}", "$1", ":password", "@pwd", "?"])
def test_format_fields_are_interpolations(value: str) -> None:
    assert filters.is_interpolation(value)


@pytest.mark.parametrize("value", REAL_LOOKING)
def test_real_looking_values_are_neither_templates_nor_interpolations(value: str) -> None:
    assert not filters.is_template(value) and not filters.is_interpolation(value)


def test_one_set_of_documented_examples_serves_both_filters() -> None:
    aws = "AKIA" + "IOSFODNN7" + "EXAMPLE"
    assert filters.is_documented_example(aws) and filters.is_placeholder(aws)
    assert filters.is_documented_example in filters.RECALL_SKIPPED_FILTERS
    assert not filters.is_documented_example(REAL_LOOKING[0])


def test_single_class_and_lacking_a_class_differ() -> None:
    two_classes = fake(20, "abcdefghijklmnop0123456789", seed="two-classes")
    assert not filters.is_single_class(two_classes)
    assert filters.lacks_a_class(two_classes)
    assert filters.is_single_class("abcdefghqrstuvwxyz")
    assert not filters.lacks_a_class(REAL_LOOKING[0])


def test_the_generic_module_still_offers_the_moved_filters() -> None:
    from veil.detect.secrets import generic

    assert generic.is_filler is filters.is_filler
    assert generic.is_interpolation is filters.is_interpolation
    assert generic.is_single_class is filters.is_single_class


@pytest.mark.parametrize(
    "value",
    [
        "{_HAPIKEY.upper()}",
        "test_{_SAMPLE[5:]}",
        "oauth:{_TOKEN}",
        "sgp_{_HEX!r}",
        "{_KEY.replace(",
    ],
)
def test_python_f_string_fields_are_templates(value: str) -> None:
    assert filters.is_template(value)


@pytest.mark.parametrize("value", ["a{b", "Zx9{Qw3", "abcDEF123456ghiJKL"])
def test_braces_that_are_no_field_are_no_template(value: str) -> None:
    assert not filters.is_template(value)
