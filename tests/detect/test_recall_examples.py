"""The gateway's engine (recall mode) against every example of every rule it runs.

A rule's `documented` near misses are documented, test or placeholder values: `veil scan` leaves
them alone (tests/detect/test_rules.py), the gateway masks them. Any other near miss that a rule
finds in recall mode would be a gateway false positive, so a rule declares each such value.
"""

from __future__ import annotations

import pytest

from veil.detect import builtin_rules, recall
from veil.detect.base import Rule
from veil.detect.engine import Engine
from veil.detect.samples import DIGITS, HEX, UPPER, fake
from veil.vault.tokens import LABELS, placeholder_for

GATEWAY_RULES = builtin_rules() + recall.RULES
_ENGINES: dict[tuple[str, bool], Engine] = {}


def _engine(rules: tuple[Rule, ...], recall_mode: bool = True) -> Engine:
    key = (",".join(r.id for r in rules), recall_mode)
    if key not in _ENGINES:
        _ENGINES[key] = Engine(rules, recall=recall_mode)
    return _ENGINES[key]


def gateway() -> Engine:
    """The engine the gateway builds with default settings."""
    return _engine(GATEWAY_RULES)


def own_values(rule: Rule, text: str) -> list[tuple[int, int]]:
    """Spans the rule alone finds in `text` in recall mode."""
    return [(f.start, f.end) for f in _engine((rule,)).scan(text) if f.rule_id == rule.id]


def _cases(field: str) -> list[object]:
    return [
        pytest.param(rule, text, id=f"{rule.id}-{field}{n}")
        for rule in GATEWAY_RULES
        for n, text in enumerate(getattr(rule.examples, field))
    ]


def _covered(spans: list[tuple[int, int]], text: str) -> list[tuple[int, int]]:
    """The spans that the gateway's findings leave a run of four or more characters of (a
    private key masked without its trailing `\\n` escape is masked)."""
    masked = set()
    for f in gateway().scan(text):
        masked.update(range(f.start, f.end))
    left = []
    for s, e in spans:
        runs = "".join("." if i in masked else "x" for i in range(s, e)).split(".")
        if max(map(len, runs)) >= 4:
            left.append((s, e))
    return left


@pytest.mark.parametrize(("rule", "text"), _cases("positives"))
def test_gateway_masks_every_positive(rule: Rule, text: str) -> None:
    spans = own_values(rule, text)
    assert spans, f"{rule.id}: its own positive is not found in recall mode"
    assert _covered(spans, text) == [], f"{rule.id}: a positive is left unmasked"


@pytest.mark.parametrize(("rule", "text"), _cases("documented"))
def test_gateway_masks_every_documented_near_miss(rule: Rule, text: str) -> None:
    spans = own_values(rule, text)
    assert spans, f"{rule.id}: a documented near miss is not found in recall mode"
    assert _covered(spans, text) == [], f"{rule.id}: a documented near miss is left unmasked"


@pytest.mark.parametrize(("rule", "text"), _cases("negatives"))
def test_recall_finds_no_undeclared_near_miss(rule: Rule, text: str) -> None:
    assert own_values(rule, text) == [], (
        f"{rule.id}: recall mode finds this near miss; declare it as documented if it is a"
        " documented, test or placeholder value, else fix the rule"
    )


def test_rules_declare_documented_values() -> None:
    assert sum(len(r.examples.documented) for r in GATEWAY_RULES) >= 50


# --- the classes the gateway masks and `veil scan` leaves alone ------------------------------

_AKIA_WIDE = "AKIA" + fake(12, UPPER, seed="wide") + "0189"  # 0, 1, 8, 9: not AWS's base32
RECALL_ONLY = {
    "reserved-domain email": "reach jane.smith@example.com",
    "test-TLD email": f"reach {fake(6, HEX, seed='m')}@corp.test",
    "invalid-TLD email": "reach ops@mail.invalid",
    "example-TLD email": "reach ops@corp.example",
    "localhost email": "reach dev@mail.localhost",
    "placeholder-like email": "reach veil-3F9A2C1B@example.com",  # upper case: not veil's
    "ITIN": "SSN: 912-70-1234",
    "unissued SSN area": "SSN: 666-12-3456",
    "zero SSN area": "SSN: 000-12-3456",
    "Stripe test card": "card 4242 4242 4242 4242",
    "Visa test card": "card 4111 1111 1111 1111",
    "Mastercard test card": "card 5555555555554444",
    "EXAMPLE key": "aws_access_key_id = AKIAIOSFODNN7EXAMPLE",
    "repeated token": "token = ghp_" + "a" * 36,
    "sequential token": "token = ghp_" + "abcdefghijklmnopqrstuvwxyz0123456789",
    "key outside the issuer's alphabet": f"id = {_AKIA_WIDE}",
    "fictional NANP number": "call (415) 555-0142",
    "documentation IPv4 (TEST-NET-1)": "host 192.0.2.44",
    "documentation IPv4 (TEST-NET-2)": "host 198.51.100.7",
    "documentation IPv4 (TEST-NET-3)": "host 203.0.113.9",
    "documentation IPv6": "host 2001:db8::7",
    "placeholder person": 'author = "John Doe"',
    "escaped quote in a password": 'password = "Tr0ub\\"4dor&3"',  # veil:allow test value
    "doubled quote in a password": "pwd: 'it''s-Tr0ub4dor&3'",  # veil:allow test value
}


@pytest.mark.parametrize("text", RECALL_ONLY.values(), ids=RECALL_ONLY.keys())
def test_gateway_masks_what_scan_leaves(text: str) -> None:
    assert gateway().scan(text), "the gateway's engine must mask this"


@pytest.mark.parametrize(
    "text", ["card 4242 4242 4242 4242", "SSN: 912-70-1234", "reach jane.smith@example.com"]
)
def test_scan_keeps_its_precision(text: str) -> None:
    assert _engine(builtin_rules(), recall_mode=False).scan(text) == []


QUOTED_PASSWORDS = [
    RECALL_ONLY["escaped quote in a password"],
    RECALL_ONLY["doubled quote in a password"],
]


@pytest.mark.parametrize("text", QUOTED_PASSWORDS, ids=["escaped", "doubled"])
def test_scan_finds_quotes_inside_quoted_passwords(text: str) -> None:
    (finding,) = _engine(builtin_rules(), recall_mode=False).scan(text)
    assert finding.value == text.split(" ", 2)[-1][1:-1]


def test_private_addresses_stay_governed_by_their_setting() -> None:
    assert gateway().scan("host 10.20.30.40") == []


def _placeholders() -> list[str]:
    digest = fake(8, HEX, seed="placeholder")
    return [placeholder_for(label, digest) for label in LABELS]


@pytest.mark.parametrize(
    "template",
    [
        "{}",
        'password = "{}"',
        "token: {}",
        "Authorization: Bearer {}",
        "postgres://app:{}@db.internal/app",
        '{{"email": "{}", "ssn": "{}"}}',
        "aws_secret_access_key = {}",
    ],
)
def test_veil_placeholders_are_never_findings(template: str) -> None:
    for placeholder in _placeholders():
        text = template.replace("{}", placeholder).replace("{{", "{").replace("}}", "}")
        assert gateway().scan(text) == [], f"{placeholder} found in {text!r}"


def test_a_placeholder_beside_a_real_value_does_not_hide_it() -> None:
    digits = fake(4, DIGITS, seed="ssn")
    text = f"{placeholder_for('ID', fake(8, HEX, seed='x'))} and SSN: 123-45-{digits}"
    assert [f.value for f in gateway().scan(text)] == [f"123-45-{digits}"]
