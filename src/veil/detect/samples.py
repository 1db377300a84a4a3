"""Deterministic test values for rule examples, built at import time.

Rule examples must be fixed (repeatable tests) but the repository must not hold real-looking
credentials in clear, so examples are generated from a seed: the same call always gives the same
string, and nothing key-shaped is written in the source.
"""

from __future__ import annotations

import base64
import hashlib
import json
from functools import cache

UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
LOWER = "abcdefghijklmnopqrstuvwxyz"
DIGITS = "0123456789"
HEX = "0123456789abcdef"
ALNUM = UPPER + LOWER + DIGITS
UPPER_ALNUM = UPPER + DIGITS
LOWER_ALNUM = LOWER + DIGITS
B64 = ALNUM + "+/"
B64URL = ALNUM + "-_"
B32 = UPPER + "234567"


def fake(length: int, alphabet: str = ALNUM, *, seed: str = "") -> str:
    """`length` characters of `alphabet`, the same for the same arguments, varied by `seed`."""
    table = _table(alphabet)
    out = bytearray()
    counter = 0
    while len(out) < length:
        digest = hashlib.sha256(f"veil-sample\x00{seed}\x00{alphabet}\x00{counter}".encode())
        out += digest.digest().translate(table)
        counter += 1
    return out[:length].decode()


@cache
def _table(alphabet: str) -> bytes:
    """Byte b -> alphabet[b % len(alphabet)], for `bytes.translate` (rules build thousands of
    examples at import: one table lookup per byte instead of a Python loop)."""
    return bytes(ord(alphabet[b % len(alphabet)]) for b in range(256))


def fake_uuid(seed: str) -> str:
    """A UUID-shaped test value (lowercase hex)."""
    return "-".join(fake(n, HEX, seed=f"{seed}-{i}") for i, n in enumerate((8, 4, 4, 4, 12)))


def b64json(obj: object, *, url: bool = False) -> str:
    """`obj` as compact JSON in base64 (or base64url), as JWT-like tokens carry their payload."""
    raw = json.dumps(obj, separators=(",", ":")).encode()
    return (base64.urlsafe_b64encode(raw) if url else base64.b64encode(raw)).decode()
