"""The social family against the full default engine: each example is found under its own kind,
and the formats that share a shape are told apart."""

from __future__ import annotations

import pytest

from veil.detect import default_engine
from veil.detect.base import Rule
from veil.detect.samples import ALNUM, B64URL, DIGITS, HEX, LOWER_ALNUM, fake
from veil.detect.secrets import FAMILIES, social

_CASES = [
    pytest.param(rule, text, id=f"{rule.id}-{n}")
    for rule in social.RULES
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
    mine = {r.kind for r in social.RULES}
    others = {r.kind for family in FAMILIES if family is not social for r in family.RULES}
    assert mine.isdisjoint(others), mine & others


def test_facebook_app_token_is_the_id_and_the_secret() -> None:
    app_id = "1" + fake(15, DIGITS, seed="t-fb-id")
    secret = fake(32, HEX, seed="t-fb-secret")
    url = f"https://graph.facebook.com/v19.0/app?access_token={app_id}|{secret}"
    assert _found(url) == [("facebook_app_access_token", f"{app_id}|{secret}")]
    assert _found(f"id,hash\n{app_id}|{secret}") == []  # a data row, no Facebook context


def test_meta_tokens_are_told_apart_by_their_prefix() -> None:
    body = fake(160, B64URL.replace("-", "").replace("_", ""), seed="t-meta")
    assert _kinds(f"token={'EAAB' + body}") == ["facebook_access_token"]
    assert _kinds(f"token={'IGAA' + body}") == ["instagram_access_token"]
    assert _kinds(f"token={'THAA' + body}") == ["threads_access_token"]


def test_twitch_chat_password_needs_no_name() -> None:
    token = fake(30, LOWER_ALNUM, seed="t-twitch")
    assert _found(f"PASS oauth:{token}") == [("twitch_access_token", token)]
    assert _found(f"PASS oauth:{token.upper()}") == []  # Twitch tokens are lower case


def test_linkedin_secret_of_either_generation() -> None:
    new = f"WPL_AP1.{fake(16, ALNUM, seed='t-li-1')}.{fake(8, ALNUM, seed='t-li-2')}=="
    assert _found(f"client_secret={new}") == [("linkedin_client_secret", new)]
    old = fake(16, ALNUM, seed="t-li-old")
    assert _kinds(f"LINKEDIN_CLIENT_SECRET={old}") == ["linkedin_legacy_client_secret"]
    assert _kinds(f"CLIENT_SECRET={old}") != ["linkedin_legacy_client_secret"]


def test_bluesky_app_password_shape() -> None:
    password = "-".join(fake(4, LOWER_ALNUM, seed=f"t-bsky-{i}") for i in range(4))
    assert _kinds(f"BLUESKY_APP_PASSWORD={password}") == ["bluesky_app_password"]
    assert "bluesky_app_password" not in _kinds(f"BLUESKY_APP_PASSWORD={password}-abcd")
