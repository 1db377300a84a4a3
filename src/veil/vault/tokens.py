"""The placeholder format: tokens a model copies faithfully and code can hold.

Secrets and most personal data become `VEIL_<LABEL>_<8 hex>` (`VEIL_SECRET_3F9A2C1B`): one word
in every language's identifier and string syntax. Emails become a valid-looking address at a
reserved domain (`veil-3f9a2c1b@example.com`), so code that checks an address still works.
Every placeholder has a fixed shape, so the restorer knows when one is complete.
"""

from __future__ import annotations

import re

from veil.types import Category

DIGEST_LEN = 8
EMAIL_DOMAIN = "example.com"

# Finding kinds whose placeholder says what they were; everything else is named by category.
_KIND_LABELS = {
    "email_address": "EMAIL",
    "phone_number": "PHONE",
    "payment_card": "CARD",
    "iban": "IBAN",
    "us_ssn": "ID",
    "uk_nino": "ID",
    "ip_address": "IP",
    "mac_address": "MAC",
    "person_name": "NAME",
    "internal_host": "HOST",
    "internal_url": "URL",
}
_CATEGORY_LABELS = {
    Category.SECRET: "SECRET",
    Category.PII: "PII",
    Category.ORG: "ORG",
    Category.FILE: "FILE",
}

# Longest label first so the alternation never stops early.
LABELS = tuple(sorted(set(_KIND_LABELS.values()) | set(_CATEGORY_LABELS.values()), key=len)[::-1])
_WORD = rf"VEIL_(?:{'|'.join(LABELS)})_[0-9A-F]{{{DIGEST_LEN}}}"
_EMAIL = rf"veil-[0-9a-f]{{{DIGEST_LEN}}}@{re.escape(EMAIL_DOMAIN)}"
PLACEHOLDER_RE = re.compile(rf"{_WORD}|{_EMAIL}")
# Every placeholder starts with one of these; the restorer holds back a tail only if it could.
STARTS = ("VEIL_", "veil-")
MAX_LEN = max(len(f"VEIL_{label}_") + DIGEST_LEN for label in LABELS)
MAX_LEN = max(MAX_LEN, len("veil-@") + DIGEST_LEN + len(EMAIL_DOMAIN))


def label_for(kind: str, category: Category) -> str:
    """The label a finding's placeholder carries."""
    return _KIND_LABELS.get(kind) or _CATEGORY_LABELS[category]


def placeholder_for(label: str, digest: str) -> str:
    """The placeholder for a value whose keyed digest (hex) is `digest`."""
    if label == "EMAIL":
        return f"veil-{digest[:DIGEST_LEN].lower()}@{EMAIL_DOMAIN}"
    return f"VEIL_{label}_{digest[:DIGEST_LEN].upper()}"


def could_start(tail: str) -> bool:
    """Whether `tail` is the beginning of some placeholder (so more text may complete it)."""
    return PREFIX_RE.fullmatch(tail) is not None


def _prefix_pattern() -> re.Pattern[str]:
    hex_up, hex_low = "[0-9A-F]", "[0-9a-f]"

    def prefixes(parts: list[str]) -> str:
        # parts[0] | parts[0]parts[1] | ... as one pattern of nested optional groups.
        out = ""
        for part in reversed(parts):
            out = f"{part}(?:{out})?" if out else part
        return out

    word_parts = [re.escape(c) for c in "VEIL_"]
    label_alts = []
    for label in LABELS:
        label_alts.append(prefixes([*(re.escape(c) for c in label), "_", *[hex_up] * DIGEST_LEN]))
    word = prefixes([*word_parts, f"(?:{'|'.join(label_alts)})"])
    email_parts = [*(re.escape(c) for c in "veil-"), *[hex_low] * DIGEST_LEN, "@"]
    email_parts += [re.escape(c) for c in EMAIL_DOMAIN]
    return re.compile(f"(?:{word})|(?:{prefixes(email_parts)})")


PREFIX_RE = _prefix_pattern()
