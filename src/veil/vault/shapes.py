"""What the restorer looks for: the shapes of the tokens veil hands out.

Placeholders (`VEIL_SECRET_3F9A2C1B`) are always looked for; neutral names (`Org1`, `org_2`)
and hosts (`service-1.internal.example`) only in the answers to requests that were given some,
with the bases their book uses, so that an answer without them costs nothing more.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from veil.vault.names import HOST_DOMAIN
from veil.vault.tokens import MAX_LEN, PLACEHOLDER_RE, PREFIX_RE, STARTS

_DIGITS = 6  # digits a neutral number has at most


@dataclass(frozen=True, slots=True)
class Shapes:
    """The tokens a restorer restores: `pattern` finds a whole one; every one contains one of
    `starts` and begins with one of `first`; `prefix` fullmatches a tail that may still grow
    into one, and `growing` a whole one that may still grow (a number with more digits)."""

    pattern: re.Pattern[str]
    starts: tuple[str, ...]
    first: str
    prefix: re.Pattern[str]
    max_len: int
    growing: re.Pattern[str] | None = None


PLACEHOLDERS = Shapes(PLACEHOLDER_RE, STARTS, "Vv", PREFIX_RE, MAX_LEN)


def _prefixes(literal: str) -> str:
    """A pattern fullmatching every non-empty prefix of `literal`."""
    out = ""
    for char in reversed(literal):
        out = f"{re.escape(char)}(?:{out})?" if out else re.escape(char)
    return out


@functools.lru_cache(maxsize=64)
def neutral_shapes(bases: tuple[str, ...], host_bases: tuple[str, ...]) -> Shapes:
    """Placeholders, and the names and hosts of a book with these bases."""
    forms = tuple(f for base in bases for f in (base, base.lower(), base.upper()))
    name = rf"(?:{'|'.join(forms)})[ _\-]?[0-9]{{1,{_DIGITS}}}"
    hosts = "|".join(re.escape(b) for b in host_bases)
    host = rf"(?:{hosts})-[0-9]{{1,{_DIGITS}}}{re.escape(HOST_DOMAIN)}"
    pattern = re.compile(rf"{PLACEHOLDER_RE.pattern}|{name}|{host}")
    name_tail = "|".join(
        [*(_prefixes(f) for f in forms), rf"(?:{'|'.join(forms)})[ _\-]?[0-9]{{0,{_DIGITS}}}"]
    )
    host_tail = "|".join(
        [
            *(_prefixes(f"{b}-") for b in host_bases),
            rf"(?:{hosts})-[0-9]{{1,{_DIGITS}}}(?:{_prefixes(HOST_DOMAIN)})?",
        ]
    )
    prefix = re.compile(rf"{PREFIX_RE.pattern}|{name_tail}|{host_tail}")
    starts = (*STARTS, *forms, *(f"{b}-" for b in host_bases))
    first = "".join(sorted({"V", "v", *(f[0] for f in forms), *(b[0] for b in host_bases)}))
    longest = max(
        MAX_LEN,
        *(len(b) + 1 + _DIGITS for b in bases),
        *(len(b) + 1 + _DIGITS + len(HOST_DOMAIN) for b in host_bases),
    )
    return Shapes(pattern, starts, first, prefix, longest, re.compile(name))
