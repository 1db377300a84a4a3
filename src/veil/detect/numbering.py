"""Telephone-number validity from `phonenumbers`' own metadata, without its per-call cost.

`phonenumbers.parse` and `is_valid_number` take about 35 µs a candidate, most of it in generic
parsing (letters, extensions, `tel:` URIs) that the phone rules' candidates never need: they hold
only digits, spaces, `.`, `-`, `(`, `)` and a leading `+`. `check` does the same steps as the
library for those (country code, national prefix, then the region's number patterns, compiled
once per region) and answers None for anything else (an IDD prefix, a number that starts with
its own country code, other characters), which the caller gives to the library. Both must agree:
the tests compare them on generated numbers of every region.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache

from phonenumbers import COUNTRY_CODE_TO_REGION_CODE, PhoneMetadata, region_code_for_country_code
from phonenumbers import phonenumberutil as pu

_SHAPE = re.compile(r"\+?[\d .\-()]+")
_NON_DIGITS = str.maketrans("", "", " .-()+")
_MIN_NSN, _MAX_NSN = 2, 17
_KEEP_STRIPPED_UNLESS = (
    pu.ValidationResult.TOO_SHORT,
    pu.ValidationResult.IS_POSSIBLE_LOCAL_ONLY,
    pu.ValidationResult.INVALID_LENGTH,
)
_DESCS = (
    "premium_rate",
    "toll_free",
    "shared_cost",
    "voip",
    "personal_number",
    "pager",
    "uan",
    "voicemail",
    "fixed_line",
    "mobile",
)

_Desc = tuple[frozenset[int], Callable[[str], object]]
# A region's general pattern, its number types' patterns, and its leading-digits test.
_Region = tuple[_Desc | None, tuple[_Desc, ...], Callable[[str], object] | None]


def _desc(desc: object) -> _Desc | None:
    pattern = getattr(desc, "national_number_pattern", None)
    if not pattern:
        return None
    lengths = frozenset(getattr(desc, "possible_length", ()) or ())
    return lengths, re.compile(pattern).fullmatch


def _matches(desc: _Desc | None, nsn: str) -> bool:
    if desc is None:
        return False
    lengths, fullmatch = desc
    return (not lengths or len(nsn) in lengths) and fullmatch(nsn) is not None


@cache
def _region(
    cc: int, region: str
) -> tuple[_Desc | None, tuple[_Desc, ...], Callable[..., object] | None]:
    meta = PhoneMetadata.metadata_for_region_or_calling_code(cc, region)
    assert meta is not None
    types = tuple(d for d in (_desc(getattr(meta, name)) for name in _DESCS) if d is not None)
    leading = re.compile(meta.leading_digits).match if meta.leading_digits else None
    return _desc(meta.general_desc), types, leading


def _known_type(cc: int, region: str, nsn: str) -> bool:
    general, types, _ = _region(cc, region)
    return _matches(general, nsn) and any(_matches(d, nsn) for d in types)


def is_valid_nsn(cc: int, nsn: str) -> bool:
    """Whether a national significant number is valid under country code `cc`, as
    `phonenumbers.is_valid_number` decides: in the one region the number belongs to."""
    regions = COUNTRY_CODE_TO_REGION_CODE.get(cc)
    if not regions:
        return False
    chosen = regions[0] if len(regions) == 1 else None
    if chosen is None:
        for region in regions:
            leading = _region(cc, region)[2]
            if leading is not None:
                if leading(nsn):
                    chosen = region
                    break
            elif _known_type(cc, region, nsn):
                chosen = region
                break
    return chosen is not None and _known_type(cc, chosen, nsn)


@cache
def _main(cc: int) -> PhoneMetadata | None:
    return PhoneMetadata.metadata_for_region_or_calling_code(cc, region_code_for_country_code(cc))


@cache
def _default(region: str) -> tuple[int, Callable[[str], object] | None, PhoneMetadata]:
    """A default region's country code, international dialling prefix, and metadata."""
    meta = PhoneMetadata.metadata_for_region(region)
    assert meta is not None and meta.country_code is not None
    idd = re.compile(meta.international_prefix).match if meta.international_prefix else None
    return meta.country_code, idd, meta


def _split_country_code(digits: str) -> tuple[int, str] | None:
    if digits.startswith("0"):
        return None
    for size in (1, 2, 3):
        cc = int(digits[:size])
        if cc in COUNTRY_CODE_TO_REGION_CODE:
            return cc, digits[size:]
    return None


def check(text: str, region: str | None) -> tuple[bool, int, str] | None:
    """(valid, country code, national significant number) of `text` read in `region` (None: it
    must start with `+`), or None when `text` takes more than this reads (then ask the library)."""
    if not _SHAPE.fullmatch(text):
        return None
    digits = text.translate(_NON_DIGITS)
    if text.startswith("+"):
        if "+" in text[1:]:
            return None
        split = _split_country_code(digits)
        if split is None:
            return (False, 0, "") if region is None else None
        cc, national = split
        meta = _main(cc)
        if meta is None:
            return None
    else:
        if region is None or "+" in text:
            return None
        cc, idd, meta = _default(region)
        if digits.startswith(str(cc)) or (idd is not None and idd(digits)):
            return None
        national = digits
    if len(national) < _MIN_NSN:
        return False, cc, national
    _, stripped, _ = pu._maybe_strip_national_prefix_carrier_code(national, meta)
    if pu._test_number_length(stripped, meta) not in _KEEP_STRIPPED_UNLESS:
        national = stripped
    if len(national) > _MAX_NSN:
        return False, cc, national
    return is_valid_nsn(cc, national), cc, national
