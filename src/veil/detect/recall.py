"""Rules only the gateway runs: values shaped like credentials even with no name beside them.

`veil scan` must not cry wolf, so it reports a random-looking token only where a name or a
format says what it is. In the gateway a false positive is restored on the way back and costs
almost nothing, while a miss leaks; so there a long, mixed-class, high-entropy token is masked
wherever it stands, and so is an issuer's prefix followed by a key's length of token characters
of any alphabet (`AKIA` and 16 capitals or digits, not only AWS's base32).
"""

from __future__ import annotations

import re

from veil.detect import secrets
from veil.detect.base import Examples, Rule, SecretRule
from veil.detect.entropy import shannon_entropy
from veil.detect.filters import is_template, is_uuid, lacks_a_class
from veil.detect.samples import ALNUM, B64, DIGITS, HEX, LOWER, UPPER, fake

MIN_ENTROPY = 4.3
# Hex digests and identifiers in words are everywhere in code and logs and are not credentials.
_HEX = re.compile(r"^[0-9a-fA-F]+$")
# Atomic and possessive: the overlapping alternatives backtrack exponentially otherwise.
_WORDS = re.compile(r"^(?:(?>[A-Za-z][a-z]+|[A-Z]+|[0-9]+|[_\-./]))++$")


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
    filters=(is_hex_or_words, lacks_a_class, is_uuid, is_template, is_low_entropy),
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

# Issuer prefixes shorter than this (`hf_`, `SG.`, `eyJ`) begin too many ordinary words.
MIN_PREFIX = 4
# Longer keys (private keys, macaroons) have rules of their own that take any alphabet.
MAX_REST = 256
_TAIL = "A-Za-z0-9_\\-"
# Lower-case words joined by hyphens or underscores: a CSS class or a name, not a key.
_WORD_CHAIN = re.compile(r"[a-z]+(?:[-_][a-z]+)+")
_TOKEN = re.compile(f"[{_TAIL}]+")


def issuer_prefixes(rules: tuple[Rule, ...]) -> dict[str, int]:
    """Literal prefixes that begin the values specific secret rules find in their own positive
    examples (a keyword the value starts with, as written there), with the shortest rest seen."""
    prefixes: dict[str, int] = {}
    for rule in rules:
        if rule.generic:
            continue
        group = "secret" if "secret" in rule.compiled.groupindex else 0
        for text in rule.examples.positives:
            m = rule.compiled.search(text)
            value = m.group(group) if m else ""
            for keyword in rule.keywords:
                if len(keyword) >= MIN_PREFIX and value.lower().startswith(keyword.lower()):
                    prefix, rest = value[: len(keyword)], len(value) - len(keyword)
                    prefixes[prefix] = min(prefixes.get(prefix, rest), rest)
    return prefixes


def is_word_chain(value: str, prefix: str = "") -> bool:
    """Lower-case words joined by `-` or `_` after the prefix (`ico-arrow-left-...`)."""
    return any(_WORD_CHAIN.fullmatch(value[i:]) for i in range(MIN_PREFIX, min(len(value), 16)))


# Prefixes of token characters only (not `hvs.`, `dp.pt.`) whose keys are not long ones.
_PREFIXES = {
    prefix: rest
    for prefix, rest in issuer_prefixes(secrets.RULES).items()
    if rest <= MAX_REST and _TOKEN.fullmatch(prefix)
}
_PREFIX_LENGTHS = sorted({len(p) for p in _PREFIXES})


def is_issuer_prefixed(value: str) -> bool:
    """An issuer's prefix followed by at least as many characters as its keys have."""
    for n in _PREFIX_LENGTHS:
        rest = _PREFIXES.get(value[:n])
        if rest is not None and len(value) - n >= rest:
            return True
    return False


ISSUER_PREFIXED_KEY = SecretRule(
    id="recall-issuer-prefixed-key",
    kind="prefixed_key",
    # Any whole token; the validator looks for a prefix (as one alternation, or as keywords, the
    # prefixes made both `re` and Hyperscan many times slower).
    regex=(
        rf"(?<![{_TAIL}])(?P<secret>[{_TAIL}]{{{min(_PREFIXES.values())},{MAX_REST + 32}}})"
        rf"(?![{_TAIL}])"
    ),
    validate=is_issuer_prefixed,
    # One first-pass hit per token, just past its end (the default would hit at every length),
    # and one pattern per prefix.
    first_pass=tuple(
        f"{re.escape(prefix)}[{_TAIL}]{{{rest},}}(?:[^{_TAIL}]|$)"
        for prefix, rest in sorted(_PREFIXES.items())
    ),
    generic=True,
    confidence=0.5,
    max_len=MAX_REST + 32,
    filters=(is_word_chain,),
    examples=Examples(
        positives=(
            # Capitals and digits, but 0, 1, 8 and 9 are outside AWS's base32 alphabet.
            "aws_access_key_id = AKIA" + fake(12, UPPER, seed="recall-akia") + "0189",
            "token: ghp_" + fake(20, ALNUM, seed="recall-ghp") + "_" + fake(15, ALNUM, seed="g2"),
            "AKIA" + fake(16, UPPER + DIGITS, seed="recall-akia-2"),
        ),
        negatives=(
            "id = AKIA" + fake(15, UPPER, seed="recall-akia-3"),  # one character short
            "class ico-arrow-left-circle-outline-large-dark",  # a CSS class
            "xAKIA" + fake(16, UPPER, seed="recall-akia-4"),  # inside a longer token
            "akia" + fake(16, LOWER, seed="recall-akia-5"),  # not the issuer's case
        ),
    ),
)

RULES = (HIGH_ENTROPY_TOKEN, ISSUER_PREFIXED_KEY)
