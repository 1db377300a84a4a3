"""Canary values for the self-test: made on the spot, random, in the shapes veil must catch.

Each run makes new ones, so no value is ever written anywhere ahead of time and a canary that
reaches the capture upstream can only have come through the gateway unmasked. A made value
leaks when any `FRAGMENT` characters of it do (a value masked in part is not masked). With
`[org] terms` in the settings, the first one is a canary too, in a phrase made on the spot.
"""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from dataclasses import dataclass, field

_B32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
_B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
_ALNUM = _B64[:62]
_LOWER = _B64[26:52]
FRAGMENT = 12  # characters of a made value whose arrival upstream counts as a leak
TERM = "organisation_term"


@dataclass(frozen=True, slots=True)
class Canary:
    """A value veil must never let through, and what it is (the label shown in a report).
    `made`: random, so any `FRAGMENT` of it upstream is a leak; an organisation term's phrase
    is not (only the term itself is replaced, its neighbours stay)."""

    kind: str
    value: str = field(repr=False)
    made: bool = True

    def fragments(self) -> list[str]:
        """What counts as the canary seen: every `FRAGMENT` characters of a made value, or
        the whole phrase."""
        if not self.made or len(self.value) <= FRAGMENT:
            return [self.value]
        return [self.value[i : i + FRAGMENT] for i in range(len(self.value) - FRAGMENT + 1)]


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


def term_canary(terms: Sequence[str]) -> Canary | None:
    """The first organisation term in a phrase made on the spot (None without terms)."""
    term = next((t.strip() for t in terms if t.strip()), None)
    return None if term is None else Canary(TERM, f"{term} build {_random(_LOWER, 10)}", False)


_LINES = {
    "aws_access_key_id": "aws_access_key_id = {}",
    "aws_secret_access_key": "aws_secret_access_key = {}",
    "github_token": "GITHUB_TOKEN={}",
    "email_address": "maintainer: {}",
    TERM: "release: {}",
}


def prompt(canaries: list[Canary]) -> str:
    """A user message that carries every canary where a developer's paste would."""
    lines = [_LINES[c.kind].format(c.value) for c in canaries]
    return "Why does this config fail?\n" + "".join(line + "\n" for line in lines)
