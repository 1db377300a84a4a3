"""Secrets stored base64-encoded: the `data:` of a Kubernetes `Secret`, and the same habit in any
`name: value` or `NAME=value` line.

A value counts when its decoded text holds a secret that the other rules find (a database URL, a
webhook, an access key), or when its name is a secret's and the decoded text reads as a password.

The decoded text is scanned by an engine of its own, built once on first use from the built-in
secret rules less these two (so a value encoded twice is decoded once, never recursively). Its
limit: it knows neither a user's own rules nor the gateway's recall mode, so inside base64 only
what `veil scan` would report counts, whichever engine holds this rule. Judging the decoded text
with the engine that runs the rule would need the engine to hand itself to a validator (a change
to `veil.detect.engine`).
"""

from __future__ import annotations

import base64
import binascii
import re
import threading
from typing import TYPE_CHECKING

from veil.detect.base import Examples, SecretRule
from veil.detect.filters import (
    is_default_password,
    is_documented_example,
    is_identifier_like,
    is_interpolation,
    is_placeholder,
    is_template,
)
from veil.detect.samples import ALNUM, B64, DIGITS, fake
from veil.detect.secrets.generic import (
    PASSWORD_NAME,
    SECRET_NAME,
)
from veil.types import Category

if TYPE_CHECKING:
    from veil.detect.engine import Engine

# Base64 of ASCII text: every byte is below 0x80, so the first character of each four is one of
# `A-Za-f` and the third has a multiple of four, or one more, as its value. Random base64 and
# identifiers rarely read so for four groups in a row, which keeps the rules off most values.
_TEXT_GROUP = r"[A-Za-f][A-Za-z0-9+/][ABEFIJMNQRUVYZcdghklopstwx014589][A-Za-z0-9+/]"
_TEXT_PAD = r"[A-Za-f](?:[AQgw]==|[A-Za-z0-9+/][AEIMQUYcgkosw048]=)"
_VALUE_END = r"""["']?[ \t]*(?=[,;)}\r\n]|$)"""


def _b64_text(groups: int) -> str:
    """At least `groups` groups of base64 of ASCII text, padded, to the end of the value."""
    return (
        rf"(?P<secret>(?:{_TEXT_GROUP}){{{groups},}}(?:{_TEXT_PAD})?)(?![A-Za-z0-9+/=]){_VALUE_END}"
    )


# `name: value`, `name=value`, `"name": "value"`: a separator after a name or a closing quote. The
# pattern starts at the separator, which `re` finds fast.
_AFTER_NAME = r"""[:=](?:(?<=[\w"'\]][:=])|(?<=[\w"'\]][ ][:=]))[ \t]*["']?"""
# A whole-line `name: value`, or one in a JSON object.
_LINE_START = r"""(?:(?<![^\n])[ \t]*(?:-[ \t]+)?|[{,][ \t]*)["']?"""


_PRINTABLE = re.compile(r"[\t\n\r\x20-\x7e]+")
_MAX_DECODED = 8192
_engine: Engine | None = None
_engine_lock = threading.Lock()


def _decoded_engine() -> Engine:
    """The engine that judges decoded text: the built-in secret rules less this module's."""
    global _engine
    with _engine_lock:
        if _engine is None:
            from veil.detect import secrets  # the package holds this module: import it late
            from veil.detect.engine import Engine

            own = {id(rule) for rule in RULES}
            _engine = Engine([r for r in secrets.RULES if id(r) not in own])
        return _engine


def _decode(value: str) -> str | None:
    """The decoded text, if `value` is base64 of printable ASCII."""
    if len(value) * 3 // 4 > _MAX_DECODED:
        return None
    try:
        text = base64.b64decode(value, validate=True).decode("ascii")
    except (binascii.Error, UnicodeDecodeError):
        return None
    return text if _PRINTABLE.fullmatch(text) else None


def holds_secret(value: str) -> bool:
    """Decodes to text in which the built-in secret rules find a secret."""
    text = _decode(value)
    if text is None or len(text) < 8:
        return False
    # One line is a value: quoted, it reads as one to the rules that want a value's context
    # (`"Bearer ..."`).
    probe = text if "\n" in text.strip() else f'"{text.strip()}"'
    return any(f.category is Category.SECRET for f in _decoded_engine().scan(probe))


def holds_password(value: str) -> bool:
    """Decodes to one printable word with letters and digits or symbols: `P3pp3r#800`."""
    text = _decode(value)
    if text is None or not 8 <= len(text) <= 128 or re.search(r"\s", text):
        return False
    classes = sum(bool(re.search(c, text)) for c in (r"[a-z]", r"[A-Z]", r"\d", r"[^A-Za-z\d]"))
    if classes < 2 or not re.search(r"[A-Za-z]", text):
        return False
    checks = (
        is_placeholder,
        is_template,
        is_interpolation,
        is_identifier_like,
        is_documented_example,
    )
    return not any(f(text, "") for f in checks) and not is_default_password(text)


# --- test values ----------------------------------------------------------------------------


def _b64(text: str) -> str:
    return base64.b64encode(text.encode()).decode()


_DB_PW = fake(16, ALNUM, seed="enc-db-pw")
_DB_URL = _b64(f"postgres://app:{_DB_PW}@db.internal:5432/orders")
_AWS_ID = _b64("AKIA" + fake(16, "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", seed="enc-aws"))
_BASIC = _b64("https://ci:" + fake(18, ALNUM, seed="enc-basic") + "@nexus.internal/repo/")
_PASSPHRASE = _b64("Pepper" + fake(3, DIGITS, seed="enc-pp") + "#")

ENCODED_SECRET = SecretRule(
    id="base64-encoded-secret",
    kind="encoded_secret",
    regex=rf"{_AFTER_NAME}{_b64_text(4)}",
    validate=holds_secret,
    filters=(),
    confidence=0.85,
    max_len=8192,
    examples=Examples(
        positives=(
            f"kind: Secret\ntype: Opaque\ndata:\n  database_url: {_DB_URL}\n",
            f"data:\n  aws_access_key_id: {_AWS_ID}\n  region: dXMtZWFzdC0x\n",
            f'{{"registry_url": "{_BASIC}"}}',
            f"SENTINEL_CONFIG={_DB_URL}",
            f"  authorization: {_b64('Bearer ' + fake(40, ALNUM, seed='enc-bearer'))}",
        ),
        negatives=(
            "  region: " + _b64("us-east-1-and-more"),  # decodes to no secret
            "  caBundle: " + fake(64, B64, seed="enc-blob"),  # binary data
            "  database_url: " + _b64("postgres://app:${DB_PASSWORD}@db/app"),  # a template
            "  config: " + _b64("log_level: debug\nworkers: 4\n"),  # plain settings
            "  url: " + _DB_URL[:-3],  # not padded base64
        ),
    ),
)

ENCODED_PASSWORD = SecretRule(
    id="base64-encoded-password",
    kind="encoded_secret",
    regex=(
        rf"""{_LINE_START}(?:{SECRET_NAME}|{PASSWORD_NAME})["']?[ \t]*"""
        rf"{_AFTER_NAME}{_b64_text(2)}"
    ),
    keywords=("key", "secret", "token", "pass", "pwd", "auth", "credential"),
    validate=holds_password,
    filters=(),
    confidence=0.7,
    generic=True,
    max_len=1024,
    examples=Examples(
        positives=(
            f"kind: Secret\ndata:\n  secret: {_PASSPHRASE}\n",
            f"  db-password: {_b64(_DB_PW)}",
            f'"smtpPassword": "{_b64(fake(14, ALNUM, seed="enc-smtp") + "!")}",',
        ),
        negatives=(
            "  password: " + _b64("changeme"),  # placeholder
            "  password: " + _b64("postgres"),  # a default
            "  username: " + _b64(_DB_PW),  # not a secret's name
            "  api_key: " + fake(44, B64, seed="enc-bin"),  # decodes to binary
            "  password: " + _b64("${DB_PASSWORD}"),  # a template
            "  password: MWYyZDFlMmU2N2Rm",  # the Kubernetes docs' example
        ),
    ),
)

RULES = (ENCODED_SECRET, ENCODED_PASSWORD)
