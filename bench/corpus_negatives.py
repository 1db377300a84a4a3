"""Hard negatives: values shaped like secrets or personal data that must not be reported."""

from __future__ import annotations

import base64
import string
from collections.abc import Callable
from random import Random

from corpus_pii import iban_ok, luhn_ok
from corpus_values import ALNUM, HEX, Value, rand

UPPER_ALNUM = string.ascii_uppercase + string.digits


def luhn_invalid(rng: Random) -> str:
    while True:
        digits = rng.choice("3456") + rand(rng, string.digits, 15)
        if not luhn_ok(digits):
            return " ".join(digits[i : i + 4] for i in range(0, 16, 4))


def iban_invalid(rng: Random) -> str:
    """IBAN-shaped, with check digits that fail mod-97."""
    while True:
        country, bban = rng.choice(
            (
                ("DE", rand(rng, string.digits, 18)),
                ("FR", rand(rng, string.digits, 10) + rand(rng, UPPER_ALNUM, 11) + "00"),
                ("GB", rand(rng, string.ascii_uppercase, 4) + rand(rng, string.digits, 14)),
                ("NL", rand(rng, string.ascii_uppercase, 4) + rand(rng, string.digits, 10)),
            )
        )
        text = f"{country}{rng.randint(2, 98):02d}{bban}"
        if not iban_ok(text):
            return text


def private_ip(rng: Random) -> str:
    return rng.choice(
        (
            f"10.{rng.randint(0, 255)}.{rng.randint(0, 255)}.{rng.randint(1, 254)}",
            f"192.168.{rng.randint(0, 255)}.{rng.randint(1, 254)}",
            f"172.{rng.randint(16, 31)}.{rng.randint(0, 255)}.{rng.randint(1, 254)}",
            "127.0.0.1",
        )
    )


def version(rng: Random) -> str:
    """Semantic versions mostly; four-part ones carry a build number no address can hold."""
    a, b, c = rng.randint(0, 12), rng.randint(0, 40), rng.randint(0, 30)
    build = rng.randint(256, 42000)
    return rng.choice((f"{a}.{b}.{c}", f"{a}.{b}.{c}", f"{a}.{b}", f"{a}.{b}.{c}.{build}"))


def uuid(rng: Random) -> str:
    h = rand(rng, HEX, 32)
    return f"{h[:8]}-{h[8:12]}-4{h[13:16]}-{rng.choice('89ab')}{h[17:20]}-{h[20:]}"


def npm_integrity(rng: Random) -> str:
    return "sha512-" + base64.b64encode(rng.randbytes(64)).decode()


PLACEHOLDERS = (
    "your-api-key-here", "xxxxxxxxxxxxxxxxxxxxxxxx", "<token>", "changeme", "REPLACE_ME",
    "********", "<YOUR_SECRET_HERE>", "{{ secret }}", "dummy", "test", "TODO", "example",
    "sk_" + "test_placeholder", "${API_TOKEN}", "%(password)s", "<password>", "secret",
)  # fmt: skip


def _image(rng: Random) -> str:
    raw = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + rng.randbytes(rng.randint(60, 600))
    return "data:image/png;base64," + base64.b64encode(raw).decode()


NEGATIVES: tuple[tuple[str, tuple[str, ...], Callable[[Random], str]], ...] = (
    ("aws_example", ("aws_access_key_id",), lambda r: "AKIA" + "IOSFODNN7" + "EXAMPLE"),
    (
        "aws_example",
        ("aws_secret_access_key",),
        lambda r: "wJalrXUtnFEMI/K7MDENG/" + "bPxRfiCY" + "EXAMPLEKEY",
    ),
    (
        "placeholder",
        ("api_key", "password", "token", "client_secret", "db_password"),
        lambda r: r.choice(PLACEHOLDERS),
    ),
    ("placeholder", ("password", "secret_key", "api_token"), lambda r: ""),
    ("placeholder", ("token", "api_key"), lambda r: "x" * r.randint(8, 40)),
    ("uuid", ("request_id", "tenant_id", "id"), uuid),
    ("git_sha", ("commit", "git_sha", "rev"), lambda r: rand(r, HEX, 40)),
    ("sha256", ("digest", "checksum", "image_digest"), lambda r: "sha256:" + rand(r, HEX, 64)),
    ("npm_integrity", ("integrity",), npm_integrity),
    ("luhn_invalid", ("order_number", "ref", "card_number"), luhn_invalid),
    ("iban_invalid", ("iban", "account_iban"), iban_invalid),
    ("private_ip", ("host", "bind_address", "client_ip"), private_ip),
    ("version", ("version", "min_version"), version),
    ("hex_id", ("trace_id", "etag"), lambda r: rand(r, HEX, 32)),
    ("public_id", ("publishable_key",), lambda r: "pk_" + "test_" + rand(r, ALNUM, 24)),
    ("image_data", ("avatar", "icon"), _image),
)


def negative(rng: Random) -> Value:
    """A near miss, placed in a realistic field."""
    kind, names, make = rng.choice(NEGATIVES)
    return Value("", kind, make(rng), rng.choice(names))
