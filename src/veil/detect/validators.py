"""Checksum and shape validators for personal-data formats, and the check-digit builders.

Each `is_*` takes the matched value (separators allowed where the format has them) and says
whether it is a well-formed instance: Luhn for payment cards, mod-97 with per-country lengths for
IBANs, the SSA's allocation rules for US social security numbers, HMRC's prefix rules for UK
National Insurance numbers, `phonenumbers` for telephone numbers and `ipaddress` for addresses.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Iterable
from functools import lru_cache

_NON_DIGITS = re.compile(r"\D")
_SPACES = re.compile(r"[\s\-]")


def digits_of(value: str) -> str:
    """The digits of `value`, separators dropped."""
    return _NON_DIGITS.sub("", value)


# --- Luhn (payment cards) -------------------------------------------------------------------


_DOUBLED = (0, 2, 4, 6, 8, 1, 3, 5, 7, 9)  # digit -> digit sum of twice the digit


def _luhn_sum(digits: str) -> int:
    backwards = digits[::-1]
    return sum(map(int, backwards[0::2])) + sum(_DOUBLED[int(d)] for d in backwards[1::2])


def is_luhn(value: str) -> bool:
    """Whether the digits of `value` pass the Luhn (mod 10) check."""
    digits = digits_of(value)
    return len(digits) >= 2 and _luhn_sum(digits) % 10 == 0


def luhn_complete(body: str) -> str:
    """`body` followed by the Luhn check digit that makes it valid."""
    return body + str((10 - _luhn_sum(body + "0") % 10) % 10)


# --- IBAN (ISO 13616, mod 97) ---------------------------------------------------------------

# Full IBAN length per country, from the SWIFT IBAN registry.
IBAN_LENGTHS: dict[str, int] = {
    "AD": 24, "AE": 23, "AL": 28, "AT": 20, "AZ": 28, "BA": 20, "BE": 16, "BG": 22, "BH": 22,
    "BI": 27, "BR": 29, "BY": 28, "CH": 21, "CR": 22, "CY": 28, "CZ": 24, "DE": 22, "DJ": 27,
    "DK": 18, "DO": 28, "EE": 20, "EG": 29, "ES": 24, "FI": 18, "FK": 18, "FO": 18, "FR": 27,
    "GB": 22, "GE": 22, "GI": 23, "GL": 18, "GR": 27, "GT": 28, "HR": 21, "HU": 28, "IE": 22,
    "IL": 23, "IQ": 23, "IS": 26, "IT": 27, "JO": 30, "KW": 30, "KZ": 20, "LB": 28, "LC": 32,
    "LI": 21, "LT": 20, "LU": 20, "LV": 21, "LY": 25, "MC": 27, "MD": 24, "ME": 22, "MK": 19,
    "MN": 20, "MR": 27, "MT": 31, "MU": 30, "NI": 28, "NL": 18, "NO": 15, "OM": 23, "PK": 24,
    "PL": 28, "PS": 29, "PT": 25, "QA": 29, "RO": 24, "RS": 22, "RU": 33, "SA": 24, "SC": 31,
    "SD": 18, "SE": 24, "SI": 19, "SK": 24, "SM": 27, "SO": 23, "ST": 25, "SV": 28, "TL": 23,
    "TN": 24, "TR": 26, "UA": 29, "VA": 22, "VG": 24, "XK": 20, "YE": 30,
}  # fmt: skip


def _iban_remainder(compact: str) -> int:
    rearranged = compact[4:] + compact[:4]
    return int("".join(str(int(ch, 36)) for ch in rearranged)) % 97


def is_iban(value: str) -> bool:
    """Whether `value` (compact or grouped) is an IBAN of the right length with a valid mod-97."""
    compact = _SPACES.sub("", value).upper()
    if not compact.isascii() or not compact.isalnum():
        return False
    expected = IBAN_LENGTHS.get(compact[:2])
    if expected is None or len(compact) != expected or not compact[2:4].isdigit():
        return False
    if not 2 <= int(compact[2:4]) <= 98:
        return False
    return _iban_remainder(compact) == 1


def iban_complete(country: str, bban: str) -> str:
    """The compact IBAN for `country` and `bban`, with its check digits computed."""
    check = 98 - _iban_remainder(country + "00" + bban)
    return f"{country}{check:02d}{bban}"


# --- US social security number --------------------------------------------------------------

# Numbers printed in advertising and documentation; the SSA voided the first one in 1938.
_SSN_PUBLISHED = frozenset({"078051120", "219099999", "123456789"})


def is_ssn_shaped(value: str) -> bool:
    """Nine digits in an SSN's groups, in any range: ITINs (9xx) and unissued areas too."""
    return len(digits_of(value)) == 9


def is_ssn(value: str) -> bool:
    """A US SSN the SSA could issue: area not 000, 666 or 9xx; group not 00; serial not 0000."""
    digits = digits_of(value)
    if len(digits) != 9 or digits in _SSN_PUBLISHED or len(set(digits)) == 1:
        return False
    area, group, serial = digits[:3], digits[3:5], digits[5:]
    if area in ("000", "666") or area[0] == "9":
        return False
    if len(set(area)) == len(set(group)) == len(set(serial)) == 1:  # 111-22-3333 fillers
        return False
    return group != "00" and serial != "0000"


# --- UK National Insurance number -----------------------------------------------------------

_NINO = re.compile(r"[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z]\d{6}[A-D]")
_NINO_UNUSED_PREFIXES = frozenset({"BG", "GB", "KN", "NK", "NT", "TN", "ZZ"})


def is_nino(value: str) -> bool:
    """A UK National Insurance number HMRC could allocate (prefix and suffix rules)."""
    compact = _SPACES.sub("", value).upper()
    if not _NINO.fullmatch(compact) or compact[:2] in _NINO_UNUSED_PREFIXES:
        return False
    return len(set(compact[2:8])) > 1


# --- Telephone numbers ----------------------------------------------------------------------

# Regions tried, in order, for a number written without its country code.
DEFAULT_PHONE_REGIONS: tuple[str, ...] = ("US", "GB", "DE", "FR", "IN")
# Ofcom's ranges reserved for drama (national significant number prefixes, UK).
_UK_DRAMA_PREFIXES = (
    "1134960", "1144960", "1154960", "1164960", "1174960", "1214960", "1314960", "1414960",
    "1514960", "1614960", "1914980", "2079460", "2476180", "2896496", "2920180", "1632960",
    "7700900", "8081570", "9098790", "3069990",
)  # fmt: skip
_ASCENDING = "01234567890123456789"
_REPEATED_DIGIT = re.compile(r"(\d)\1{5}")


def is_fictional_phone(country_code: int, national: str) -> bool:
    """A number reserved for fiction: NANP 555-0100..0199, Ofcom's drama ranges."""
    if country_code == 1:
        return national[3:7] == "5550" and national[7:8] == "1"
    if country_code == 44:
        return national.startswith(_UK_DRAMA_PREFIXES)
    return False


def _placeholder_digits(national: str, *, whole: bool = False) -> bool:
    """`5555555`, `1234567`-style fillers rather than a number anyone was given: a digit six
    times over, or a run of six in order; with `whole`, a run only when it is the whole number
    (a real number may hold one: 415 `543210`9)."""
    if _REPEATED_DIGIT.search(national):
        return True
    if whole:
        return national in _ASCENDING or national[::-1] in _ASCENDING
    return any(
        national[i : i + 6] in _ASCENDING or national[i : i + 6][::-1] in _ASCENDING
        for i in range(len(national) - 5)
    )


def is_phone(
    value: str, regions: Iterable[str] = DEFAULT_PHONE_REGIONS, *, fictional: bool = False
) -> bool:
    """A valid, non-fictional telephone number for `phonenumbers` (regions tried in order), not
    filler digits; with `fictional` (the gateway), numbers reserved for fiction (555-01xx) count
    too, and only a number that is all one run of digits counts as filler."""
    digits = digits_of(value)
    if not 7 <= len(digits) <= 15:
        return False
    text = value.strip()
    from veil.detect import numbering  # phonenumbers' metadata: loaded when a number is seen

    tried = (None,) if text.startswith("+") else tuple(regions)
    for region in tried:
        read = numbering.check(text, region)
        if read is None:
            read = _read_with_library(text, region)
        valid, country_code, nsn = read
        if not valid:
            continue
        national = str(int(nsn))  # as the library keeps it: leading zeros are not digits of it
        if _placeholder_digits(national, whole=fictional):
            return False
        return fictional or not is_fictional_phone(country_code, national)
    return False


def _read_with_library(text: str, region: str | None) -> tuple[bool, int, str]:
    """What `numbering.check` leaves to the library reads: IDD prefixes, own country code."""
    import phonenumbers

    try:
        number = phonenumbers.parse(text, region)
    except phonenumbers.NumberParseException:
        return False, 0, ""
    nsn = phonenumbers.national_significant_number(number)
    return phonenumbers.is_valid_number(number), number.country_code or 0, nsn


# --- IP and MAC addresses -------------------------------------------------------------------

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

# Never an address of someone: loopback, unspecified, benchmarking, multicast, reserved
# (including masks such as 255.255.255.0), and IPv6 translation/discard prefixes.
_NEVER = tuple(
    ipaddress.ip_network(n)
    for n in (
        "0.0.0.0/8", "127.0.0.0/8", "192.0.0.0/24", "198.18.0.0/15", "224.0.0.0/4", "240.0.0.0/4",
        "::/8", "100::/64", "2001::/23", "2002::/16", "ff00::/8",
    )
)  # fmt: skip
# Reserved for documentation (RFC 5737, 3849, 9637): examples, yet what a gateway still masks.
_DOCUMENTATION = tuple(
    ipaddress.ip_network(n)
    for n in ("192.0.2.0/24", "198.51.100.0/24", "203.0.113.0/24", "2001:db8::/32", "3fff::/20")
)
# Addresses private to a network: reported only when private ranges are asked for.
_PRIVATE = tuple(
    ipaddress.ip_network(n)
    for n in (
        "10.0.0.0/8", "100.64.0.0/10", "169.254.0.0/16", "172.16.0.0/12", "192.168.0.0/16",
        "fc00::/7", "fe80::/10", "fec0::/10",
    )
)  # fmt: skip
_GLOBAL_UNICAST_V6 = ipaddress.ip_network("2000::/3")


def parse_ip(value: str) -> IPAddress | None:
    """The address `value` denotes, or None when it is not one."""
    try:
        return ipaddress.ip_address(value)
    except ValueError:
        return None


def is_ip(value: str, *, include_private: bool = False, documentation: bool = False) -> bool:
    """A public IP address; with `include_private`, also RFC 1918, CGNAT, link-local and ULA;
    with `documentation`, also the ranges reserved for documentation (192.0.2/24, 2001:db8::/32)."""
    kind = ip_class(value)
    if kind == "documentation":
        return documentation
    return kind == "public" or (include_private and kind == "private")


def _ranges(
    nets: tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...], version: int
) -> tuple[tuple[int, int], ...]:
    return tuple(
        (int(n.network_address), int(n.broadcast_address)) for n in nets if n.version == version
    )


_NEVER_V4, _PRIVATE_V4 = _ranges(_NEVER, 4), _ranges(_PRIVATE, 4)
_DOCUMENTATION_V4 = _ranges(_DOCUMENTATION, 4)


@lru_cache(maxsize=8192)
def ip_class(value: str) -> str:
    """`public`, `private`, `documentation` or `never` (not an address, or never a host's:
    loopback, multicast...)."""
    parts = value.split(".")
    if len(parts) == 4 and all(p.isdigit() and len(p) <= 3 for p in parts):
        # IPv4 fast path: integer comparisons instead of ipaddress objects.
        octets = [int(p) for p in parts]
        if max(octets) > 255 or any(len(p) > 1 and p[0] == "0" for p in parts):
            return "never"
        n = (octets[0] << 24) | (octets[1] << 16) | (octets[2] << 8) | octets[3]
        if any(lo <= n <= hi for lo, hi in _NEVER_V4):
            return "never"
        if any(lo <= n <= hi for lo, hi in _DOCUMENTATION_V4):
            return "documentation"
        return "private" if any(lo <= n <= hi for lo, hi in _PRIVATE_V4) else "public"
    address = parse_ip(value)
    if address is None or any(address in net for net in _NEVER if net.version == address.version):
        return "never"
    if any(address in net for net in _DOCUMENTATION if net.version == address.version):
        return "documentation"
    if any(address in net for net in _PRIVATE if net.version == address.version):
        return "private"
    if address.version == 6 and address not in _GLOBAL_UNICAST_V6:
        return "never"
    return "public"


_MAC_DOCUMENTATION = ("00005e0053", "00005e9010")  # RFC 7042 documentation blocks
_HEX_ASCENDING = "0123456789abcdef0123456789abcdef"
_MAC = re.compile(r"[0-9A-Fa-f]{2}(?:[:\-][0-9A-Fa-f]{2}){5}")


def is_mac(value: str, *, documentation: bool = False) -> bool:
    """A unicast hardware address: not all zero, not broadcast/multicast, not all-decimal; with
    `documentation`, the RFC 7042 documentation blocks count too."""
    if not _MAC.fullmatch(value) or len(set(value[2::3])) != 1:
        return False
    octets = value.lower().split(value[2])
    joined = "".join(octets)
    if (
        joined.isdigit()
        or len(set(joined)) <= 2
        or (joined.startswith(_MAC_DOCUMENTATION) and not documentation)
    ):
        return False
    if int(octets[0], 16) & 1:  # group bit: broadcast and multicast, never a device
        return False
    if all(o[0] == o[1] for o in octets):  # 00:11:22:33:44:55, aa:bb:cc:dd:ee:ff
        return False
    return not any(joined[i : i + 8] in _HEX_ASCENDING for i in range(5))


def mixed_case(value: str, share: int = 6) -> bool:
    """Random keys mix upper and lower case throughout; identifiers and words do not."""
    least = len(value) / share
    return sum(c.isupper() for c in value) >= least and sum(c.islower() for c in value) >= least


def looks_random(value: str) -> bool:
    """Mixed case and at least one digit, as random alphanumeric keys have."""
    return mixed_case(value) and any(c.isdigit() for c in value)


def mixed_case_body(value: str) -> bool:
    """`mixed_case` of what follows a key's `prefix_`."""
    return mixed_case(value.split("_", 1)[-1])
