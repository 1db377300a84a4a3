"""`numbering.check` reads numbers exactly as `phonenumbers` does, for every region's examples
and for near misses of them; what it does not read it leaves to the library (None)."""

from __future__ import annotations

from random import Random

import phonenumbers
import pytest
from phonenumbers import PhoneNumberFormat, PhoneNumberType

from veil.detect.numbering import check, is_valid_nsn

_TYPES = (
    PhoneNumberType.FIXED_LINE,
    PhoneNumberType.MOBILE,
    PhoneNumberType.TOLL_FREE,
    PhoneNumberType.VOIP,
)


def _library(text: str, region: str | None) -> tuple[bool, int, str]:
    try:
        number = phonenumbers.parse(text, region)
    except phonenumbers.NumberParseException:
        return False, 0, ""
    nsn = phonenumbers.national_significant_number(number)
    return phonenumbers.is_valid_number(number), number.country_code or 0, nsn


def _variants(text: str, rng: Random) -> list[str]:
    """The text, and near misses: a digit changed, dropped or added."""
    places = [i for i, c in enumerate(text) if c.isdigit()]
    out = [text]
    for _ in range(3):
        i = rng.choice(places[1:]) if len(places) > 1 else places[0]
        out.append(text[:i] + str((int(text[i]) + rng.randint(1, 9)) % 10) + text[i + 1 :])
    i = rng.choice(places)
    out += [text[:i] + text[i + 1 :], text[:i] + str(rng.randint(0, 9)) + text[i:]]
    return out


def _cases() -> list[tuple[str, str | None]]:
    rng = Random(7)
    cases: list[tuple[str, str | None]] = []
    for region in sorted(phonenumbers.SUPPORTED_REGIONS):
        for numtype in _TYPES:
            example = phonenumbers.example_number_for_type(region, numtype)
            if example is None:
                continue
            for fmt in (PhoneNumberFormat.INTERNATIONAL, PhoneNumberFormat.E164):
                text = phonenumbers.format_number(example, fmt)
                cases += [(v, None) for v in _variants(text, rng)]
            national = phonenumbers.format_number(example, PhoneNumberFormat.NATIONAL)
            cases += [(v, region) for v in _variants(national, rng)]
    for _ in range(3000):  # random digits after a `+`, with separators
        digits = "".join(rng.choice("0123456789") for _ in range(rng.randint(7, 16)))
        cut = rng.randint(1, 3)
        cases.append((f"+{digits[:cut]} {digits[cut:]}", None))
    return cases


CASES = _cases()


def test_every_case_agrees_with_the_library() -> None:
    read = 0
    for text, region in CASES:
        fast = check(text, region)
        if fast is None:
            continue
        read += 1
        assert fast == _library(text, region), (text, region)
    assert read >= len(CASES) * 9 // 10  # the fast path reads nearly everything


@pytest.mark.parametrize("region", ["US", "GB", "DE", "FR", "IN"])
def test_national_numbers_in_the_default_regions_agree(region: str) -> None:
    rng = Random(region)
    for _ in range(2000):
        digits = "".join(rng.choice("0123456789") for _ in range(rng.randint(7, 12)))
        text = f"{digits[:3]} {digits[3:6]} {digits[6:]}"
        fast = check(text, region)
        if fast is not None:
            assert fast == _library(text, region), (text, region)


def test_shapes_it_does_not_read_are_left_to_the_library() -> None:
    assert check("011 44 20 7946 0321", "US") is None  # an IDD prefix
    assert check("1-415-555-2671", "US") is None  # starts with its own country code
    assert check("tel:+1-415-555-2671", None) is None  # other characters
    assert check("+1 415 555 2671 ext. 3", None) is None  # an extension


def test_shared_country_codes_pick_the_region_the_number_belongs_to() -> None:
    toronto = phonenumbers.example_number_for_type("CA", PhoneNumberType.FIXED_LINE)
    assert is_valid_nsn(1, phonenumbers.national_significant_number(toronto))
    assert not is_valid_nsn(1, "0000000000")
    assert not is_valid_nsn(999, "1234567")  # no such country code
