"""Canary values for the self-test: made on the spot, random, in the shapes veil must catch.

Each run makes new ones, so no value is ever written anywhere ahead of time and a canary that
reaches the capture upstream can only have come through the gateway unmasked.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field

_B32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
_B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
_ALNUM = _B64[:62]
_LOWER = _B64[26:52]


@dataclass(frozen=True, slots=True)
class Canary:
    """A value veil must never let through, and what it is (the label shown in a report)."""

    kind: str
    value: str = field(repr=False)


def _random(alphabet: str, length: int) -> str:
    return "".join(secrets.choice(alphabet) for _ in range(length))


def _mixed(alphabet: str, length: int) -> str:
    """Random characters with at least one capital, one small letter and one digit where the
    alphabet has them, as real keys do (a value of one class could read as a word)."""
    while True:
        value = _random(alphabet, length)
        classes = (str.isupper, str.islower, str.isdigit)
        if all(any(test(c) for c in value) for test in classes if any(map(test, alphabet))):
            return value


def make_canaries() -> list[Canary]:
    """A fresh set: an AWS access key id and its secret, a GitHub token, an e-mail address."""
    return [
        Canary("aws_access_key_id", "AKIA" + _mixed(_B32, 16)),
        Canary("aws_secret_access_key", _mixed(_B64, 40)),
        Canary("github_token", "ghp_" + _mixed(_ALNUM, 36)),
        Canary(
            "email_address", f"{_random(_LOWER, 8)}.{_random(_LOWER, 6)}@{_random(_LOWER, 9)}.org"
        ),
    ]


def prompt(canaries: list[Canary]) -> str:
    """A user message that carries every canary where a developer's paste would."""
    by_kind = {c.kind: c.value for c in canaries}
    return (
        "Why does this config fail?\n"
        f"aws_access_key_id = {by_kind['aws_access_key_id']}\n"
        f"aws_secret_access_key = {by_kind['aws_secret_access_key']}\n"
        f"GITHUB_TOKEN={by_kind['github_token']}\n"
        f"maintainer: {by_kind['email_address']}\n"
    )
