"""International bank account numbers (IBAN), compact or grouped by four.

Reported when the country is in the IBAN registry, the length is that country's, and the mod-97
check passes. The banks' and registries' documentation examples are dropped (stored as digests)
by `veil scan`; the gateway masks them.
"""

from __future__ import annotations

import hashlib

from veil.detect.base import Examples, PiiRule
from veil.detect.samples import DIGITS, UPPER_ALNUM, fake
from veil.detect.validators import IBAN_LENGTHS, iban_complete, is_iban


def _set(words: str) -> frozenset[str]:
    """The whitespace-separated words of `words`."""
    return frozenset(words.split())


_COUNTRIES = "|".join(sorted(IBAN_LENGTHS))
REGEX = (
    rf"(?=[A-Z])(?<![\w\-])(?P<secret>(?:{_COUNTRIES})\d{{2}}"
    r"(?:[A-Z0-9]{11,}|(?: [A-Z0-9]{4})+(?: [A-Z0-9]{1,4})?))"
    r"(?:[^\w\-]|$)"
)  # Unbounded repeats make a far faster Hyperscan pass (the validator checks the country's
# length), and the consumed end makes it report a token once rather than at every character.

# First 16 hex digits of the SHA-256 of widely published example IBANs (compact form).
_DOCUMENTED = _set(
    """
    0669f8f5825f3f3b 122da061f22f818b 274325e2aab5c46a 339f85069d056503 34d9c40d6d8e3e53
    45c755c9e88ba167 5488b036f43dca67 5806e726dc53200d 701502320c05f830 76a477f9d6f5c972
    8f8e3c05eae30618 95c1bd675f346c51 b179add486f3c7e1 b84613f12f07e198 c498d017d83bf116
    cb2609a461853b2a d83a36c127d39e9e f5e43d20b5f4d1ec f6c8d84f1d6cf66e faf7e1c0107370ff
    """
)


def is_real_iban(value: str) -> bool:
    """A valid IBAN (registry length, mod 97) that is not a published example."""
    if not is_iban(value):
        return False
    compact = value.replace(" ", "")
    return hashlib.sha256(compact.encode()).hexdigest()[:16] not in _DOCUMENTED


def _grouped(iban: str) -> str:
    return " ".join(iban[i : i + 4] for i in range(0, len(iban), 4))


_DE = iban_complete("DE", fake(18, DIGITS, seed="iban-de"))
_FR = iban_complete(
    "FR", fake(10, DIGITS, seed="iban-fr-bank") + fake(13, UPPER_ALNUM, seed="iban-fr")
)
_GB = iban_complete("GB", "NWBK" + fake(14, DIGITS, seed="iban-gb"))
_NL = iban_complete("NL", "ABNA" + fake(10, DIGITS, seed="iban-nl"))

IBAN = PiiRule(
    id="iban",
    kind="iban",
    regex=REGEX,
    validate=is_real_iban,
    recall_validate=is_iban,
    confidence=0.95,
    max_len=49,
    examples=Examples(
        positives=(
            f"IBAN: {_grouped(_DE)}",
            f'{{"iban": "{_FR}"}}',
            f"pay to {_grouped(_GB)} by Friday",
            f"account={_NL}",
        ),
        negatives=(
            f"IBAN: {_DE[:2]}{(int(_DE[2:4]) + 1) % 100:02d}{_DE[4:]}",  # bad check digits
            f"IBAN: {_DE}7",  # one character too long for Germany
            f"iban: {_GB[:-1]}",  # one character short for the UK
            f"id = XX{_DE[2:]}",  # not an IBAN country
            f"key = AB{_NL}CD",  # inside a longer token
        ),
        documented=(
            "IBAN: DE89 3704 0044 0532 0130 00",  # the standard's published example
        ),
    ),
)

RULES = (IBAN,)
