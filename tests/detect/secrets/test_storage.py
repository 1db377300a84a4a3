"""The storage and media family against the full default engine: each example is found under its
own kind, and the formats that look like a neighbour's are told apart."""

from __future__ import annotations

import pytest

from veil.detect import default_engine
from veil.detect.base import Rule
from veil.detect.samples import ALNUM, B64URL, DIGITS, HEX, b64json, fake
from veil.detect.secrets import FAMILIES, storage

_CASES = [
    pytest.param(rule, text, id=f"{rule.id}-{n}")
    for rule in storage.RULES
    for n, text in enumerate(rule.examples.positives)
]


def _found(text: str) -> list[tuple[str, str]]:
    return [(f.kind, f.value) for f in default_engine().scan(text)]


def _kinds(text: str) -> list[str]:
    return [kind for kind, _ in _found(text)]


@pytest.mark.parametrize(("rule", "text"), _CASES)
def test_every_positive_is_found_under_its_own_kind(rule: Rule, text: str) -> None:
    kinds = _kinds(text)
    assert rule.kind in kinds, f"{rule.id}: {kinds}"
    assert set(kinds) == {rule.kind}, f"{rule.id}: another rule won part of it: {kinds}"


def test_the_family_kinds_are_its_own() -> None:
    mine = {r.kind for r in storage.RULES}
    others = {r.kind for family in FAMILIES if family is not storage for r in family.RULES}
    assert mine.isdisjoint(others), mine & others


def test_uploadthing_hex_secret_is_not_a_stripe_key() -> None:
    secret = "sk_live_" + fake(64, HEX, seed="test-uploadthing")
    assert _kinds(f"SECRET={secret}") == ["uploadthing_secret_key"]
    stripe = "sk_live_" + fake(64, ALNUM, seed="test-stripe-like")
    assert _kinds(f"SECRET={stripe}") == ["stripe_secret_key"]


def test_uploadthing_token_is_found_by_its_encoded_key() -> None:
    secret = "sk_live_" + fake(64, HEX, seed="test-ut-token")
    token = b64json({"apiKey": secret, "appId": "abc123", "regions": ["sea1"]})
    assert _kinds(f"UPLOADTHING_TOKEN='{token}'") == ["uploadthing_token"]


def test_dropbox_short_lived_token_needs_no_name() -> None:
    token = "sl." + fake(150, B64URL, seed="test-dropbox")
    assert _found(f"Authorization: Bearer {token}") == [("dropbox_short_lived_access_token", token)]


def test_cloudinary_url_reports_the_key_and_secret() -> None:
    key, secret = fake(15, DIGITS, seed="t-cld-k"), fake(27, B64URL, seed="t-cld-s")
    found = _found(f"CLOUDINARY_URL=cloudinary://{key}:{secret}@acme")
    assert found == [("cloudinary_url", f"{key}:{secret}")]


def test_box_is_a_name_of_its_own() -> None:
    value = fake(32, ALNUM, seed="test-box")
    assert "box_developer_token" in _kinds(f"BOX_DEVELOPER_TOKEN={value}")
    for name in ("SANDBOX_TOKEN", "DROPBOX_TOKEN", "CHECKBOX_SECRET", "INBOX_TOKEN"):
        kinds = _kinds(f"{name}={value}")
        assert "box_developer_token" not in kinds and "box_client_secret" not in kinds, name


def test_imagekit_public_key_is_not_reported() -> None:
    body = fake(27, ALNUM, seed="test-imagekit") + "="
    assert _kinds(f"IMAGEKIT_PRIVATE_KEY=private_{body}") == ["imagekit_private_key"]
    assert "imagekit_private_key" not in _kinds(f"IMAGEKIT_PUBLIC_KEY=public_{body}")
