"""Tricky personal-data cases through the engine with every built-in PII rule loaded."""

from __future__ import annotations

import pytest

from veil.detect import pii
from veil.detect.engine import HYPERSCAN_AVAILABLE, Engine
from veil.detect.pii import names, network, phone
from veil.detect.pii.email import is_nobodys
from veil.detect.samples import DIGITS, HEX, fake
from veil.detect.validators import iban_complete, is_phone, luhn_complete

BACKENDS = [pytest.param(True, id="hyperscan"), pytest.param(False, id="re")]
if not HYPERSCAN_AVAILABLE:  # pragma: no cover - hyperscan is a hard dependency
    BACKENDS = BACKENDS[1:]

_ENGINES: dict[bool, Engine] = {}


def found(text: str, hs: bool) -> list[tuple[str, str]]:
    """(rule id, value) of every finding in `text`."""
    if hs not in _ENGINES:
        _ENGINES[hs] = Engine(pii.RULES, use_hyperscan=hs)
    return [(f.rule_id, f.value) for f in _ENGINES[hs].scan(text)]


_VISA = luhn_complete("4" + fake(14, DIGITS, seed="t-visa"))
_MC = luhn_complete("5" + "3" + fake(13, DIGITS, seed="t-mc"))
_AMEX = luhn_complete("34" + fake(12, DIGITS, seed="t-amex"))
_IBAN = iban_complete("DE", fake(18, DIGITS, seed="t-iban"))
_USER = fake(6, "abcdefghijklmnopqrstuvwxyz", seed="t-user")
_IPV4 = "81.{}.{}.77".format(*(int(fake(2, HEX, seed=s), 16) for s in ("t-a", "t-b")))


def _spaced(value: str, size: int = 4) -> str:
    return " ".join(value[i : i + size] for i in range(0, len(value), size))


@pytest.mark.parametrize("hs", BACKENDS)
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (f"email {_USER}@mailbox.org today", [("email-address", f"{_USER}@mailbox.org")]),
        (f"<a href='mailto:{_USER}@mailbox.org'>", [("email-address", f"{_USER}@mailbox.org")]),
        ("origin git@github.com:veil/veil.git (fetch)", []),
        ("icons: logo@2x.png logo@3x.webp", []),
        ('"@babel/core": "^7.0.0", "react@18.2.0"', []),
        ("docs: jane@example.com, ops@corp.example, x@host.invalid", []),
        ("@dataclass\n@pytest.fixture(scope='module')", []),
        ("s3://bucket@region.amazonaws.com", []),
    ],
)
def test_email_cases(text: str, expected: list[tuple[str, str]], hs: bool) -> None:
    assert found(text, hs) == expected


@pytest.mark.parametrize("hs", BACKENDS)
@pytest.mark.parametrize(
    "text",
    [
        "released = 2024-01-15 12:30:45",
        "__version__ = '10.2.3.4'",
        "ts = 1718031234567",
        "uuid 123e4567-e89b-12d3-a456-426614174000",
        "color: #ff5733; margin: 0 12px",
        "range(10000000, 99999999)",
        "sha = 'a94a8fe5ccb19ba61c4c0873d391e987982fbbd3'",
        "SELECT * FROM orders WHERE id IN (4155, 550, 100)",
        "x = y+12345678",
        "std::vector<std::string> v; a::b::c();",
    ],
)
def test_ordinary_code_has_no_personal_data(text: str, hs: bool) -> None:
    assert found(text, hs) == []


@pytest.mark.parametrize("hs", BACKENDS)
def test_cards_in_every_layout_are_found(hs: bool) -> None:
    text = "\n".join(
        [
            f"visa={_VISA}",
            f"mc: {_spaced(_MC)}",
            f"amex {_AMEX[:4]}-{_AMEX[4:10]}-{_AMEX[10:]}",
        ]
    )
    assert found(text, hs) == [
        ("payment-card-number", _VISA),
        ("payment-card-number", _spaced(_MC)),
        ("payment-card-number", f"{_AMEX[:4]}-{_AMEX[4:10]}-{_AMEX[10:]}"),
    ]


@pytest.mark.parametrize("hs", BACKENDS)
def test_card_near_misses_are_ignored(hs: bool) -> None:
    wrong_check = _VISA[:-1] + str((int(_VISA[-1]) + 5) % 10)
    no_brand = luhn_complete("9" + fake(14, DIGITS, seed="t-order"))
    text = "\n".join(
        [
            f"card: {wrong_check}",
            f"order: {no_brand}",
            f"run: 7{_VISA}3",
            f"dashed-and-spaced: {_VISA[:4]} {_VISA[4:8]}-{_VISA[8:12]} {_VISA[12:]}",
            "stripe test: 4242424242424242",
        ]
    )
    assert found(text, hs) == []


@pytest.mark.parametrize("hs", BACKENDS)
def test_iban_compact_and_grouped(hs: bool) -> None:
    text = f"iban {_IBAN}\nIBAN: {_spaced(_IBAN)}\nbad: {_IBAN[:-1]}{(int(_IBAN[-1]) + 1) % 10}"
    assert found(text, hs) == [("iban", _IBAN), ("iban", _spaced(_IBAN))]


@pytest.mark.parametrize("hs", BACKENDS)
def test_ssn_needs_dashes_or_a_keyword(hs: bool) -> None:
    text = "a: 219-45-3710\nb: 219453710\nssn: 219453710\nc: 219 45 3710"
    assert found(text, hs) == [("us-ssn", "219-45-3710"), ("us-ssn-context", "219453710")]


@pytest.mark.parametrize("hs", BACKENDS)
def test_phone_candidates_are_confirmed_by_phonenumbers(hs: bool) -> None:
    text = "\n".join(
        [
            "call +44 20 3874 0093 today",  # valid GB
            "fax: (415) 666-9502",  # valid US, with context
            "+1 415 555 0142",  # fictional range
            "tel: 192.168.100.100",  # an address
            "call(1, 2, 3, 4, 5, 6, 7, 8)",  # arguments
        ]
    )
    assert [v for _, v in found(text, hs)] == ["+44 20 3874 0093", "(415) 666-9502"]


@pytest.mark.parametrize("hs", BACKENDS)
def test_ip_addresses_public_only_by_default(hs: bool) -> None:
    text = (
        f"peer {_IPV4} via 10.0.0.1, dns 8.8.8.8, mask 255.255.255.0, "
        "version 1.2.3.4, local ::1, doc 2001:db8::1, v6 2a00:1450:4001:80b::200e"
    )
    assert found(text, hs) == [
        ("ipv4-address", _IPV4),
        ("ipv6-address", "2a00:1450:4001:80b::200e"),
    ]


@pytest.mark.parametrize("hs", BACKENDS)
def test_ip_rules_can_include_private_ranges(hs: bool) -> None:
    engine = Engine(network.ip_rules(include_private=True), use_hyperscan=hs)
    text = f"peer {_IPV4} via 10.0.0.1 and fd12:3456:789a::1, loopback 127.0.0.1 and ::1"
    values = [f.value for f in engine.scan(text)]
    assert values == [_IPV4, "10.0.0.1", "fd12:3456:789a::1"]


@pytest.mark.parametrize("include_private", [True, False])
@pytest.mark.parametrize("hs", BACKENDS)
def test_ip_rules_examples_hold_in_both_modes(include_private: bool, hs: bool) -> None:
    for rule in network.ip_rules(include_private):
        engine = Engine([rule], use_hyperscan=hs)
        for text in rule.examples.positives:
            assert [f.rule_id for f in engine.scan(text)] == [rule.id], text
        for text in rule.examples.negatives:
            assert engine.scan(text) == [], text


@pytest.mark.parametrize("hs", BACKENDS)
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('{"customer_name": "Priya Patel", "tier": 2}', "Priya Patel"),
        ("assignee: Jordan Miller\n", "Jordan Miller"),
        ("reporter = 'Ana María López'", "Ana María López"),
        ("Hi Sarah,\nplease review.", "Sarah"),
        ("Kind regards,\n  Lukas Becker\n", "Lukas Becker"),
        ("Co-authored-by: Mei Lin <mei@mailbox.org>", "Mei Lin"),
        ("/** @author Giulia Rossi */", "Giulia Rossi"),
    ],
)
def test_names_in_context_report_only_the_name(text: str, expected: str, hs: bool) -> None:
    names_found = [v for rule_id, v in found(text, hs) if rule_id.startswith("person-name")]
    assert names_found == [expected]


@pytest.mark.parametrize("hs", BACKENDS)
@pytest.mark.parametrize(
    "text",
    [
        "class JohnSmithFactory(Factory):",
        "John Smith wrote this module",  # no context: never a candidate
        '"owner": "Platform Team"',
        '"name": "May"',
        "grant: Chase",
        "Hello World!",
        "Hi there,",
        "Dear Customer,",
        "Cheers Bill",
        '"author": "Microsoft Corporation"',
        "contact: Support Desk",
        "name: Will Update",
        "Signed-off-by: renovate[bot] <bot@mailbox.org>",
        '"name": "Jan Mayen (Arctic Region)"',  # a place; a note after a bare name field
        '{"sku": 7, "name": "Rose Gold"}',  # a product colour
        "Release Notes <notes@mailbox.org>",  # not a person beside an address
    ],
)
def test_names_near_misses(text: str, hs: bool) -> None:
    assert [r for r, _ in found(text, hs) if r.startswith("person-name")] == []


def test_name_lists_load_once_and_fold_accents() -> None:
    first, last = names.name_lists()
    assert names.name_lists() is names.name_lists()
    assert "jose" in first and "garcia" in last
    assert all(n == n.lower() for n in first)


def test_backends_agree_on_mixed_text() -> None:
    text = "\n".join(
        [
            f"From: Maria Garcia <{_USER}@mailbox.org>",
            f"card {_spaced(_VISA)} iban {_IBAN} ip {_IPV4}",
            "Thanks,\nTom Becker",
            "ssn 219-45-3710, phone +49 30 80166051",
        ]
        * 3
    )
    with_hs = Engine(pii.RULES, use_hyperscan=True).scan(text)
    with_re = Engine(pii.RULES, use_hyperscan=False).scan(text)
    assert [(f.rule_id, f.start, f.end) for f in with_hs] == [
        (f.rule_id, f.start, f.end) for f in with_re
    ]
    assert len(with_hs) == 3 * 8


def test_private_ips_are_reported_only_when_configured() -> None:
    from veil.detect import builtin_rules

    text = "upstream 10.20.30.40:8080"
    assert Engine(builtin_rules()).scan(text) == []
    (found,) = Engine(builtin_rules(include_private_ips=True)).scan(text)
    assert (found.kind, found.value) == ("ip_address", "10.20.30.40")


@pytest.mark.parametrize(("country", "national"), sorted(phone.SAMPLES.items()))
def test_phone_samples_are_numbers_phonenumbers_accepts(country: str, national: str) -> None:
    assert is_phone(f"+{country}{national}")


@pytest.mark.parametrize(
    ("address", "nobody"),
    [
        ("noreply@anthropic.com", True),
        ("no-reply@github.com", True),
        ("Do-Not-Reply@bank.example", True),
        ("notifications@ci.test", True),
        ("deploy@proj-1.iam.gserviceaccount.com", True),
        ("jane.doe@gmail.com", False),  # a placeholder-looking name is still someone's address
        ("alice@company.local", False),
        ("12345+octo@users.noreply.github.com", False),  # a person's GitHub alias
        ("support@shop.test", False),  # read by people
    ],
)
def test_addresses_nobody_reads(address: str, nobody: bool) -> None:
    assert is_nobodys(address) is nobody
