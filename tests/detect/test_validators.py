"""The checksum and shape validators behind the personal-data rules."""

from __future__ import annotations

import pytest

from veil.detect import validators as v
from veil.detect.samples import DIGITS, UPPER_ALNUM, fake


@pytest.mark.parametrize("seed", ["a", "b", "c", "d", "e"])
def test_luhn_complete_makes_a_luhn_valid_number(seed: str) -> None:
    number = v.luhn_complete("4" + fake(14, DIGITS, seed=seed))
    assert v.is_luhn(number)
    assert not v.is_luhn(number[:-1] + str((int(number[-1]) + 1) % 10))


def test_luhn_ignores_separators() -> None:
    number = v.luhn_complete("5" + fake(14, DIGITS, seed="sep"))
    grouped = " ".join(number[i : i + 4] for i in range(0, 16, 4))
    assert v.is_luhn(grouped)
    assert v.is_luhn(grouped.replace(" ", "-"))


def test_luhn_rejects_too_short_input() -> None:
    assert not v.is_luhn("0")
    assert not v.is_luhn("")


@pytest.mark.parametrize(("country", "bban_len"), [("DE", 18), ("GB", 18), ("FR", 23), ("NO", 11)])
def test_iban_complete_gives_valid_ibans(country: str, bban_len: int) -> None:
    iban = v.iban_complete(country, fake(bban_len, UPPER_ALNUM, seed=country))
    assert len(iban) == v.IBAN_LENGTHS[country]
    assert v.is_iban(iban)
    assert v.is_iban(" ".join(iban[i : i + 4] for i in range(0, len(iban), 4)))
    assert v.is_iban(iban.lower())


def test_iban_rejects_bad_checksum_length_and_country() -> None:
    iban = v.iban_complete("DE", fake(18, DIGITS, seed="bad"))
    assert not v.is_iban(iban[:2] + f"{(int(iban[2:4]) + 1) % 100:02d}" + iban[4:])
    assert not v.is_iban(iban + "0")
    assert not v.is_iban(iban[:-1])
    assert not v.is_iban("XX" + iban[2:])
    assert not v.is_iban(iban[:10] + "!" + iban[11:])


def test_iban_rejects_check_digits_out_of_range() -> None:
    body = fake(18, DIGITS, seed="range")
    assert not v.is_iban("DE00" + body)
    assert not v.is_iban("DE01" + body)
    assert not v.is_iban("DE99" + body)


@pytest.mark.parametrize("ssn", ["123-45-6780", "001-01-0001", "665-99-9999", "772 10 1234"])
def test_ssn_accepts_issuable_numbers(ssn: str) -> None:
    assert v.is_ssn(ssn)


@pytest.mark.parametrize(
    "ssn",
    [
        "000-12-3456",  # area 000
        "666-12-3456",  # area 666
        "900-12-3456",  # 9xx: ITIN range
        "123-00-4567",  # group 00
        "123-45-0000",  # serial 0000
        "078-05-1120",  # the Woolworth wallet card
        "123-45-6789",  # the textbook example
        "111-22-3333",  # filler digits
        "12-345-6789",  # eight digits
    ],
)
def test_ssn_rejects_unissuable_numbers(ssn: str) -> None:
    assert not v.is_ssn(ssn)


@pytest.mark.parametrize("nino", ["AB123456C", "AB 12 34 56 C", "ce 98 76 54 a", "JZ654321D"])
def test_nino_accepts_allocatable_numbers(nino: str) -> None:
    assert v.is_nino(nino)


@pytest.mark.parametrize(
    "nino",
    [
        "DA123456C",  # D is never a first letter
        "AO123456C",  # O is never a second letter
        "QQ123456C",  # HMRC's example
        "GB123456C",  # unallocated prefix
        "TN123456C",  # temporary numbers
        "AB123456E",  # suffix is A-D
        "AB111111A",  # filler digits
        "AB12345C",  # five digits
    ],
)
def test_nino_rejects_unallocatable_numbers(nino: str) -> None:
    assert not v.is_nino(nino)


@pytest.mark.parametrize(
    "number",
    ["+44 20 3874 0093", "+49 30 80166051", "+33 6 79 08 91 40", "+1 (415) 666-9502"],
)
def test_phone_accepts_valid_international_numbers(number: str) -> None:
    assert v.is_phone(number)


def test_phone_tries_default_regions_in_order() -> None:
    assert v.is_phone("(415) 666-9502")  # US
    assert v.is_phone("020 3874 0093")  # GB
    assert not v.is_phone("020 3874 0093", regions=("US",))


@pytest.mark.parametrize(
    "number",
    [
        "+1 415 555 0123",  # NANP 555-01xx: fiction
        "+44 20 7946 0123",  # Ofcom drama range
        "+44 7700 900123",  # Ofcom drama mobile range
        "+1 234 567 8900",  # ascending filler
        "+1 415 777 7777",  # repeated filler
        "1700000000",  # a timestamp
        "12345",  # too short
        "+1234567890123456",  # too long
        "not a number",
    ],
)
def test_phone_rejects_fictional_placeholder_and_invalid_numbers(number: str) -> None:
    assert not v.is_phone(number)


@pytest.mark.parametrize("address", ["81.2.69.160", "2a00:1450:4001:80b::200e"])
def test_ip_accepts_public_addresses(address: str) -> None:
    assert v.is_ip(address)
    assert v.is_ip(address, include_private=True)


@pytest.mark.parametrize(
    "address", ["10.1.2.3", "172.16.0.9", "192.168.1.20", "100.64.3.4", "169.254.1.1", "fd12::1"]
)
def test_ip_reports_private_addresses_only_when_asked(address: str) -> None:
    assert not v.is_ip(address)
    assert v.is_ip(address, include_private=True)


@pytest.mark.parametrize(
    "address",
    [
        "127.0.0.1",
        "0.0.0.0",
        "255.255.255.0",
        "255.255.255.255",
        "224.0.0.251",
        "192.0.2.10",
        "198.51.100.7",
        "203.0.113.99",
        "::1",
        "::",
        "2001:db8::1",
        "ff02::1",
        "a::b",
        "1.2.3",
        "999.1.1.1",
    ],
)
def test_ip_never_reports_special_ranges_or_non_addresses(address: str) -> None:
    assert not v.is_ip(address, include_private=True)


@pytest.mark.parametrize("mac", ["3c:22:fb:12:ab:9e", "3C-22-FB-12-AB-9E", "02:42:ac:11:00:02"])
def test_mac_accepts_unicast_addresses(mac: str) -> None:
    assert v.is_mac(mac)


@pytest.mark.parametrize(
    "mac",
    [
        "00:00:00:00:00:00",  # all zero
        "ff:ff:ff:ff:ff:ff",  # broadcast
        "01:00:5e:00:00:fb",  # multicast
        "12:30:45:10:20:30",  # all decimal
        "00:00:5e:00:53:01",  # RFC 7042 documentation
        "3c:22-fb:12:ab:9e",  # mixed separators
        "02:34:56:78:9a:bc",  # a sequence
        "00:11:22:33:44:55",  # a placeholder
    ],
)
def test_mac_rejects_non_device_addresses(mac: str) -> None:
    assert not v.is_mac(mac)
