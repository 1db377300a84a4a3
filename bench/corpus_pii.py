"""Personal data for the corpus: faker with a fixed seed, every value checked before use."""

from __future__ import annotations

import ipaddress
import re
import string
from random import Random

import phonenumbers
from faker import Faker
from phonenumbers import PhoneNumberFormat

from corpus_values import Value, rand

PHONE_LOCALES = (
    ("en_US", "US", 5), ("en_CA", "CA", 1), ("de_DE", "DE", 1), ("fr_FR", "FR", 1),
    ("es_ES", "ES", 1), ("it_IT", "IT", 1), ("nl_NL", "NL", 1), ("pt_BR", "BR", 1),
    ("en_IN", "IN", 1), ("en_AU", "AU", 1), ("pl_PL", "PL", 1), ("sv_SE", "SE", 1),
)  # fmt: skip
NAME_LOCALES = ("en_US", "en_GB", "de_DE", "fr_FR", "es_ES", "it_IT", "nl_NL", "en_IN")
IBAN_LOCALES = ("de_DE", "fr_FR", "es_ES", "it_IT", "nl_NL", "en_GB", "pl_PL", "pt_PT")
EXAMPLE_DOMAINS = ("example.com", "example.org", "example.net")
# Ranges reserved for fiction (Ofcom drama numbers, NANP 555-01xx, ACMA): valid to phonenumbers
# but nobody's; faker's en_GB numbers are nearly all drama numbers, so en_GB is not used.
FICTIONAL = re.compile(
    r"^(?:1\d{2}4960\d{3}|1\d14960\d{3}|1914980\d{3}|2079460\d{3}|2890180\d{3}|2920180\d{3}"
    r"|1632960\d{3}|7700900\d{3}|8081570\d{3}|9098790\d{3}|3069990\d{3}"  # GB
    r"|\d{3}55501\d{2}"  # NANP
    r"|[2378](?:5550|7010)\d{4}|491570(?:156|157|158|159|110)\d{0,3})$"  # AU
)
NINO_FIRST = "ABCEGHJKLMNOPRSTWXYZ"
NINO_SECOND = "ABCEGHJKLMNPRSTWXYZ"
NINO_BAD = {"BG", "GB", "KN", "NK", "NT", "TN", "ZZ"}

FIELDS = {
    "person_name": ("name", "author", "customer", "customer_name", "full_name", "owner"),
    "email": ("email", "contact_email", "owner_email", "reply_to", "billing_email"),
    "phone": ("phone", "mobile", "contact_phone", "phone_number"),
    "credit_card": ("card_number", "cc_number", "pan"),
    "iban": ("iban", "account_iban", "payout_iban"),
    "us_ssn": ("ssn", "social_security_number", "tax_id"),
    "uk_nino": ("ni_number", "nino", "national_insurance_number"),
    "ipv4": ("client_ip", "remote_addr", "last_login_ip"),
    "ipv6": ("client_ip", "remote_addr", "last_login_ipv6"),
    "mac_address": ("mac_address", "device_mac", "hw_addr"),
}


def luhn_ok(digits: str) -> bool:
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch) * (2 if i % 2 else 1)
        total += d - 9 if d > 9 else d
    return total % 10 == 0


def iban_ok(iban: str) -> bool:
    s = iban.replace(" ", "")
    moved = s[4:] + s[:4]
    digits = "".join(str(int(ch, 36)) for ch in moved)
    return len(s) >= 15 and int(digits) % 97 == 1


def ssn_ok(ssn: str) -> bool:
    area, group, serial = ssn.split("-")
    a = int(area)
    return 0 < a < 900 and a != 666 and int(group) > 0 and int(serial) > 0


class PiiMaker:
    """Draws personal data deterministically from one seed."""

    def __init__(self, seed: int) -> None:
        self.rng = Random(seed * 7919 + 17)
        locales = sorted({loc for loc, _, _ in PHONE_LOCALES} | set(NAME_LOCALES))
        self.fakers: dict[str, Faker] = {}
        for i, loc in enumerate([*locales, *IBAN_LOCALES]):
            if loc not in self.fakers:
                fake = Faker(loc)
                fake.seed_instance(seed * 1000 + i)
                self.fakers[loc] = fake

    def _value(self, kind: str, text: str) -> Value:
        return Value("pii", kind, text, self.rng.choice(FIELDS[kind]))

    def full_name(self) -> str:
        fake = self.fakers[self.rng.choice(NAME_LOCALES)]
        return f"{fake.first_name()} {fake.last_name()}"

    def name(self) -> Value:
        return self._value("person_name", self.full_name())

    def email_text(self) -> str:
        fake = self.fakers[self.rng.choice(NAME_LOCALES)]
        while True:
            text = fake.free_email() if self.rng.random() < 0.6 else fake.company_email()
            if text.isascii() and not text.endswith(EXAMPLE_DOMAINS):
                return text

    def email(self) -> Value:
        return self._value("email", self.email_text())

    def phone_text(self) -> str:
        locs = [(loc, region) for loc, region, _ in PHONE_LOCALES]
        weights = [w for _, _, w in PHONE_LOCALES]
        loc, region = self.rng.choices(locs, weights)[0]
        while True:
            try:
                number = phonenumbers.parse(self.fakers[loc].phone_number(), region)
            except phonenumbers.NumberParseException:
                continue
            number.extension = None
            fictional = FICTIONAL.match(str(number.national_number))
            if phonenumbers.is_valid_number(number) and not fictional:
                break
        us = phonenumbers.region_code_for_number(number) == "US"
        if us and self.rng.random() < 0.6:
            return phonenumbers.format_number(number, PhoneNumberFormat.NATIONAL)
        style = self.rng.choice((PhoneNumberFormat.INTERNATIONAL, PhoneNumberFormat.E164))
        return phonenumbers.format_number(number, style)

    def phone(self) -> Value:
        return self._value("phone", self.phone_text())

    def card(self) -> Value:
        fake = self.fakers["en_US"]
        while True:
            kind = self.rng.choice(("visa16", "mastercard", "amex", "discover"))
            digits = fake.credit_card_number(card_type=kind)
            if len(digits) in (15, 16) and luhn_ok(digits):
                break
        sep = self.rng.choice(("", " ", "-"))
        if len(digits) == 15:
            text = sep.join((digits[:4], digits[4:10], digits[10:]))
        else:
            text = sep.join(digits[i : i + 4] for i in range(0, 16, 4))
        return self._value("credit_card", text)

    def iban_text(self) -> str:
        while True:
            text = self.fakers[self.rng.choice(IBAN_LOCALES)].iban()
            if iban_ok(text):
                break
        if self.rng.random() < 0.4:
            return " ".join(text[i : i + 4] for i in range(0, len(text), 4))
        return text

    def iban(self) -> Value:
        return self._value("iban", self.iban_text())

    def ssn(self) -> Value:
        while True:
            text = self.fakers["en_US"].ssn()
            if ssn_ok(text):
                return self._value("us_ssn", text)

    def nino(self) -> Value:
        rng = self.rng
        while True:
            prefix = rng.choice(NINO_FIRST) + rng.choice(NINO_SECOND)
            if prefix not in NINO_BAD:
                break
        digits = rand(rng, string.digits, 6)
        suffix = rng.choice("ABCD")
        if rng.random() < 0.5:
            return self._value("uk_nino", f"{prefix}{digits}{suffix}")
        return self._value("uk_nino", f"{prefix} {digits[:2]} {digits[2:4]} {digits[4:]} {suffix}")

    def ipv4_text(self) -> str:
        while True:
            addr = ipaddress.IPv4Address(self.rng.getrandbits(32))
            if addr.is_global and not addr.is_multicast:
                return str(addr)

    def ipv4(self) -> Value:
        return self._value("ipv4", self.ipv4_text())

    def ipv6(self) -> Value:
        prefix = self.rng.choice((0x2001_4860, 0x2A02_0000, 0x2607_F8B0, 0x2A00_1450, 0x2600_1F18))
        while True:
            low = self.rng.getrandbits(96)
            if self.rng.random() < 0.5:
                low &= ~((1 << 48) - 1) << 16 | 0xFFFF  # zero run, so the text compresses
            addr = ipaddress.IPv6Address((prefix << 96) | low)
            if addr.is_global:
                return self._value("ipv6", addr.compressed)

    def mac(self) -> Value:
        octets = [self.rng.randrange(256) for _ in range(6)]
        octets[0] &= 0xFC  # unicast, globally administered
        sep = self.rng.choice((":", "-"))
        text = sep.join(f"{o:02x}" for o in octets)
        return self._value("mac_address", text.upper() if self.rng.random() < 0.3 else text)

    def any(self) -> Value:
        makers = (
            (self.email, 5), (self.phone, 4), (self.name, 5), (self.card, 2), (self.iban, 2),
            (self.ssn, 1.5), (self.nino, 1), (self.ipv4, 2), (self.ipv6, 1), (self.mac, 1),
        )  # fmt: skip
        fns, weights = zip(*makers, strict=True)
        return self.rng.choices(fns, weights)[0]()

    def record(self, n: int) -> list[Value]:
        """A customer-like record: a name, then other distinct kinds."""
        extra = (self.email, self.phone, self.card, self.iban, self.ssn, self.ipv4)
        return [self.name(), *(f() for f in self.rng.sample(extra, min(n - 1, len(extra))))]
