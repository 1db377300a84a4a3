"""Rules only the gateway runs: values shaped like credentials even with no name beside them.

`veil scan` must not cry wolf, so it reports a random-looking token only where a name or a
format says what it is. In the gateway a false positive is restored on the way back and costs
almost nothing, while a miss leaks; so there a long, mixed-class, high-entropy token is masked
wherever it stands.
"""

from __future__ import annotations

import re

from veil.detect.base import Examples, SecretRule
from veil.detect.entropy import shannon_entropy
from veil.detect.filters import is_template, is_uuid
from veil.detect.samples import ALNUM, B64, HEX, fake

MIN_ENTROPY = 4.3
_CLASSES = (re.compile("[a-z]"), re.compile("[A-Z]"), re.compile("[0-9]"))
# Hex digests and identifiers in words are everywhere in code and logs and are not credentials.
_HEX = re.compile(r"^[0-9a-fA-F]+$")
# Atomic and possessive: the overlapping alternatives backtrack exponentially otherwise.
_WORDS = re.compile(r"^(?:(?>[A-Za-z][a-z]+|[A-Z]+|[0-9]+|[_\-./]))++$")


def is_single_class(value: str, prefix: str = "") -> bool:
    """Lacks lower case, upper case or digits: not a random token of the common alphabets."""
    return not all(c.search(value) for c in _CLASSES)


def is_hex_or_words(value: str, prefix: str = "") -> bool:
    """A hex digest (git SHA, checksum) or an identifier made of words (`getUserById2024`)."""
    return bool(_HEX.match(value) or _WORDS.match(value))


def is_low_entropy(value: str, prefix: str = "") -> bool:
    """Under 4.3 bits a character: repetitive or made of few symbols, not a random token."""
    return shannon_entropy(value) < MIN_ENTROPY


HIGH_ENTROPY_TOKEN = SecretRule(
    id="recall-high-entropy-token",
    kind="high_entropy_token",
    regex=r"(?<![A-Za-z0-9+/_\-])(?P<secret>[A-Za-z0-9+/_\-]{24,200}={0,2})(?![A-Za-z0-9+/_\-=])",
    # One first-pass hit per token, where it ends (the default would hit at every character).
    first_pass=r"[A-Za-z0-9+/_\-]{24,}={0,2}(?:[^A-Za-z0-9+/_\-=]|$)",
    generic=True,
    confidence=0.4,
    max_len=210,
    # Cheapest first: most long tokens in code are identifiers made of words.
    filters=(is_hex_or_words, is_single_class, is_uuid, is_template, is_low_entropy),
    examples=Examples(
        positives=(
            f"and the secret {fake(40, B64, seed='recall-1')} is here",
            f"token: {fake(32, ALNUM, seed='recall-2')}",
        ),
        negatives=(
            f"commit {fake(40, HEX, seed='recall-3')}",  # a git SHA
            "class AbstractSingletonProxyFactoryBean2024:",  # words
            "a " + "ab1C" * 10,  # repetitive: low entropy
            "short Ab1x9Qz",  # too short
        ),
    ),
)

RULES = (HIGH_ENTROPY_TOKEN,)
