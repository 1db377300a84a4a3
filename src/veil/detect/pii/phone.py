"""Telephone numbers: a tight regex finds candidates, `phonenumbers` decides.

A candidate is an international number (`+` and country code, with separators or contiguous), a
North American number with separators (`(415) 555-2671`, `415.555.2671`), or any digits with
separators right after a word such as phone/tel/mobile/cell/fax/call. Plain digit runs, versions,
dates, timestamps and IP addresses are never candidates. The validator accepts only numbers that
`phonenumbers.is_valid_number` confirms (country from the `+` prefix, else US, GB, DE, FR, IN).

Numbers reserved for fiction (NANP 555-0100 to 555-0199, Ofcom's drama ranges) are treated as
documentation placeholders and dropped (the gateway masks them), as are `1234567` or
`5555555`-style fillers.
"""

from __future__ import annotations

from functools import partial

from veil.detect.base import Examples, PiiRule
from veil.detect.filters import is_template
from veil.detect.samples import DIGITS, fake
from veil.detect.validators import is_phone

# A group after the country code: a separator, or a parenthesised area code, then digits.
_GROUP = r"(?:[ .\-]?\(\d{1,4}\)[ .\-]?|[ .\-])\d{1,12}"
_END = r"(?![ .\-]?\(?\d)(?:[^\w+]|$)"  # consumed: one Hyperscan report per number
INTERNATIONAL = (
    r"(?=\+)(?<![\w+/=.\-])(?P<secret>\+[1-9](?:\d{7,14}"
    rf"|\d{{0,3}}(?:{_GROUP}){{1,6}})){_END}"
)
NANP = (
    r"(?=[\d(+])(?<![\w+/=.\-])"
    r"(?P<secret>(?:\+?1[ .\-])?(?:\(\d{3}\)[ .\-]?|\d{3}[.\-])\d{3}[.\-]\d{4})"
    r"(?![\w]|[.\-]\d)"
)
_CONTEXT_WORDS = ("phone", "tel", "mobile", "cell", "fax", "call", "whatsapp")
CONTEXT = (
    r"(?=(?i:[cfmptw]))(?i:phone|tel|mobile|cell|fax|call|whatsapp)[\w\-.]{0,12}"
    r"(?:[ \t]*[:=]|[ \t]*=>)?[ \t]*"
    r"""(?:[A-Za-z]{1,6}[ \t]+){0,3}["'(]?(?<![\w.\-+])"""
    r"(?P<secret>\+?\(?\d[\d .\-()]{5,18}\d)(?![\w]|[.\-]\d)"
)


def _sample(start: str, digits: int, seed: str) -> str:
    """A national number: `start` and seeded digits (the tests check that `phonenumbers` accepts
    each sample; validating here would load its metadata at every start)."""
    return start + fake(digits, DIGITS, seed=f"{seed}-0")


_US = _sample("4156", 6, "phone-us")  # national significant numbers
_GB = _sample("203", 7, "phone-gb")
_DE = _sample("30", 8, "phone-de")
_FR = _sample("6", 8, "phone-fr")
_IN = _sample("98", 8, "phone-in")
# By country calling code, for the tests.
SAMPLES = {"1": _US, "44": _GB, "49": _DE, "33": _FR, "91": _IN}

PHONE_INTERNATIONAL = PiiRule(
    id="phone-number-international",
    kind="phone_number",
    regex=INTERNATIONAL,
    validate=is_phone,
    recall_validate=partial(is_phone, fictional=True),
    filters=(is_template,),
    confidence=0.9,
    max_len=41,
    examples=Examples(
        positives=(
            f'{{"phone": "+44 {_GB[:2]} {_GB[2:6]} {_GB[6:]}"}}',
            f"Call me at +49 {_DE[:2]} {_DE[2:]}.",
            f"mobile: +33 {_FR[0]} {_FR[1:3]} {_FR[3:5]} {_FR[5:7]} {_FR[7:]}",
            f"+91{_IN}",
            f"tel:+1-{_US[:3]}-{_US[3:6]}-{_US[6:]}",
            f"Office +44 (0){_GB[:2]} {_GB[2:6]} {_GB[6:]}",
        ),
        negatives=(
            "x = a+1234567",  # an expression, not a number
            "delta: +12345678901234567",  # too long for any plan
            "2024-01-15T10:00:00+05:30",  # a UTC offset
            "score +3 12",  # too short
        ),
        documented=(
            "+1 202 555 0142",  # NANP 555-01xx, reserved for fiction
            "+44 20 7946 0321",  # Ofcom drama range
            "on call: +1 415 432 1091",  # a run of six inside (543210): real numbers have them
            "+1 234 567 8900",  # filler digits in a valid number
        ),
    ),
)

PHONE_NANP = PiiRule(
    id="phone-number-nanp",
    kind="phone_number",
    regex=NANP,
    validate=lambda v: is_phone(v, ("US",)),
    recall_validate=lambda v: is_phone(v, ("US",), fictional=True),
    confidence=0.9,
    max_len=24,
    examples=Examples(
        positives=(
            f"Phone: ({_US[:3]}) {_US[3:6]}-{_US[6:]}",
            f"customer,{_US[:3]}.{_US[3:6]}.{_US[6:]},active",
            f"1-{_US[:3]}-{_US[3:6]}-{_US[6:]}",
        ),
        negatives=(
            "ip = 192.168.100.1",  # an IP address
            "released 2024-01-15",  # a date
            f"version {_US[:3]}.{_US[3:6]}.{_US[6:]}.3",  # part of a longer dotted number
            f"order {_US[:3]}-{_US[3:6]}-{_US[6:]}1",  # last group too long
            "(123) 456-7890",  # area codes never start with 1
        ),
        documented=(
            "(415) 555-0123",  # 555-01xx is reserved for fiction
        ),
    ),
)

PHONE_CONTEXT = PiiRule(
    id="phone-number-context",
    kind="phone_number",
    regex=CONTEXT,
    keywords=_CONTEXT_WORDS,
    validate=is_phone,
    recall_validate=partial(is_phone, fictional=True),
    confidence=0.9,
    max_len=64,
    examples=Examples(
        positives=(
            f"Tel: 030 {_DE[2:6]} {_DE[6:]}",
            f'mobile_phone = "0{_GB}"',
            f"call me on 0{_GB[:2]} {_GB[2:6]} {_GB[6:]} tomorrow",
        ),
        negatives=(
            "phone_count: 1700000000",  # a timestamp, not a valid number
            "callback(2024, 1, 15)",  # arguments
            "cell: 10.0.0.12",  # an address
            "fax: 1234567",  # filler digits
        ),
        documented=(
            "tel: 020 7946 0123",  # Ofcom drama range
        ),
    ),
)

RULES = (PHONE_INTERNATIONAL, PHONE_NANP, PHONE_CONTEXT)
