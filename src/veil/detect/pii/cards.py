"""Payment card numbers: Visa, Mastercard (incl. 2-series), Amex, Discover, JCB, Diners, UnionPay.

Contiguous or grouped with one kind of separator (spaces or dashes); reported only when the
issuer prefix fits a brand, the length fits that brand, and the Luhn check passes. Processors'
published test numbers (Stripe's `4242...`, ...) are documentation, not a person's card, and are
dropped by `veil scan` (the gateway masks them); they are stored here only as digests.
"""

from __future__ import annotations

import hashlib

from veil.detect.base import Examples, PiiRule
from veil.detect.samples import DIGITS, fake
from veil.detect.validators import digits_of, is_luhn, luhn_complete


def _set(words: str) -> frozenset[str]:
    """The whitespace-separated words of `words`."""
    return frozenset(words.split())


_DIGITS = frozenset("0123456789")
# brand: ((low, high) issuer ranges over the first len(low) digits, allowed lengths)
BRANDS: dict[str, tuple[tuple[tuple[str, str], ...], frozenset[int]]] = {
    "visa": ((("4", "4"),), frozenset({13, 16, 19})),
    "mastercard": ((("51", "55"), ("2221", "2720")), frozenset({16})),
    "amex": ((("34", "34"), ("37", "37")), frozenset({15})),
    "discover": ((("6011", "6011"), ("644", "649"), ("65", "65")), frozenset(range(16, 20))),
    "jcb": ((("3528", "3589"),), frozenset(range(16, 20))),
    "diners": (
        (("300", "305"), ("3095", "3095"), ("36", "36"), ("38", "39")),
        frozenset(range(14, 20)),
    ),
    "unionpay": ((("62", "62"),), frozenset(range(16, 20))),
}  # fmt: skip

# First 16 hex digits of the SHA-256 of processors' published test card numbers.
_TEST_CARDS = _set(
    """
    10f6a49b3088d981 1789612b7ca1f7d8 19ff47cc8024c133 1c9d38ed26cd808f 20e6583871d36495
    23b1f7e3e19a896f 253da55d8a05e361 259574b62f6e97a1 2f725bbd1f405a1e 302eb4e48718000a
    304945e91de3deff 3a134ef77d4e2e4c 3cc8217a6aad5450 477bba133c182267 51a4ae4c6ae99914
    53a8fc816e63b7a5 576c15a8072461c2 65fa7ae8e8c91d70 68594afe9c9cda52 7cbcc57fc39e4317
    9bbef19476623ca5 acd08f29a41f2e55 ae20c26ab7f73866 b40e9bc7a74d50ab c32066eec7feb658
    d06804b9a0089cf5 d79449f462cec9af d8086d483c15c711 dd13cdf9af9dd3ba f41e7ca4a3d71c4f
    """
)


# Two-digit prefix -> the (brand, low, high, lengths) entries that can start with it.
_BY_PREFIX: dict[str, list[tuple[str, str, str, frozenset[int]]]] = {}
for _brand, (_ranges, _lengths) in BRANDS.items():
    for _low, _high in _ranges:
        for _p in range(int((_low + "0")[:2]), int((_high + "9")[:2]) + 1):
            _BY_PREFIX.setdefault(str(_p), []).append((_brand, _low, _high, _lengths))


def card_brand(digits: str) -> str | None:
    """The brand whose issuer range and length fit `digits`, if any."""
    for brand, low, high, lengths in _BY_PREFIX.get(digits[:2], ()):
        if len(digits) in lengths and low <= digits[: len(low)] <= high:
            return brand
    return None


def is_card_shaped(value: str) -> bool:
    """Consistent separators, a known brand with its length, Luhn-valid: test numbers too."""
    if not value.isdigit() and len(set(value) - _DIGITS) > 1:
        return False
    digits = digits_of(value)
    return card_brand(digits) is not None and is_luhn(digits)


def is_card_number(value: str) -> bool:
    """A card number (`is_card_shaped`) of at least four distinct digits, not a test number."""
    if not is_card_shaped(value):
        return False
    digits = digits_of(value)
    if len(set(digits)) < 4:
        return False
    return hashlib.sha256(digits.encode()).hexdigest()[:16] not in _TEST_CARDS


REGEX = (
    r"(?=[2-6])(?<![\w.\-+/])(?P<secret>[2-6]\d{12,18}"
    r"|[2-6]\d{3}(?:[ \-]\d{4}){3}(?:[ \-]?\d{1,3})?"
    r"|3\d{3}[ \-]\d{6}[ \-]\d{4,5})"
    r"(?![.\-]\d)(?:\W|$)"  # consumed: Hyperscan reports a number once, not at each length
)


def _card(prefix: str, length: int, seed: str) -> str:
    return luhn_complete(prefix + fake(length - len(prefix) - 1, DIGITS, seed=seed))


def _grouped(digits: str, sizes: tuple[int, ...], sep: str) -> str:
    parts, pos = [], 0
    for size in sizes:
        parts.append(digits[pos : pos + size])
        pos += size
    return sep.join(parts)


_VISA = _card("4", 16, "card-visa")
_MC2 = _card("23", 16, "card-mc2")
_AMEX = _card("37", 15, "card-amex")
_DISCOVER = _card("6011", 16, "card-discover")
_JCB = _card("3530", 16, "card-jcb")
_DINERS = _card("36", 14, "card-diners")
_UNIONPAY = _card("62", 19, "card-unionpay")
_ORDER = _card("29", 16, "card-order")  # 29xx is no brand's range

PAYMENT_CARD = PiiRule(
    id="payment-card-number",
    kind="payment_card",
    regex=REGEX,
    validate=is_card_number,
    recall_validate=is_card_shaped,
    confidence=0.95,
    max_len=33,
    examples=Examples(
        positives=(
            f"card: {_grouped(_VISA, (4, 4, 4, 4), ' ')}",
            f'{{"pan": "{_MC2}"}}',
            f"AMEX {_grouped(_AMEX, (4, 6, 5), '-')} exp 04/29",
            f"discover={_grouped(_DISCOVER, (4, 4, 4, 4), '-')}",
            f"jcb,{_JCB},ok",
            f"Diners {_grouped(_DINERS, (4, 6, 4), ' ')}",
            f"unionpay: {_UNIONPAY}",
        ),
        negatives=(
            f"card: {_VISA[:-1]}{(int(_VISA[-1]) + 1) % 10}",  # Luhn-invalid
            f"order_id = {_ORDER}",  # 16 digits, Luhn-valid, but no brand's prefix
            "created_ms: 1718031234567",  # a timestamp in milliseconds
            f"row = 9{_VISA}01",  # part of a longer digit run
            f"{_VISA[:4]} {_VISA[4:8]}-{_VISA[8:12]} {_VISA[12:]}",  # mixed separators
            f"amex {_AMEX}0",  # one digit too many for Amex
            "ip 4.111.111.111",  # an address
        ),
        documented=(
            f"pay with {'4242 ' * 3}4242",  # Stripe's published test card
        ),
    ),
)

RULES = (PAYMENT_CARD,)
