"""Neutral names for organisation terms and internal hosts, in one scope, both ways.

An organisation term becomes `Org<N>` in the case style it was written in (`Acme` -> `Org1`,
`acme` -> `org1`, `ACME` -> `ORG1`), so `AcmeBillingClient` becomes `Org1BillingClient` and
`acme_billing` becomes `org1_billing`: the rest of the name stays, and the code still reads.
The words of a multi-word term keep their separator (`Globex Corp` -> `Org2`, `globex_corp` ->
`org_2`, `globex-corp` -> `org-2`, `GlobexCorp` -> `Org2`). `N` is the term's place in
`[org] terms`, so a term has the same number in every conversation and after a restart.
Every distinct way a term is written gets a distinct neutral name (a form that would be taken
twice, such as `AcMe`, gets a number after the configured terms'), so each restores exactly.

An internal host becomes `service-<N>.internal.example`, numbered in order of appearance.

A neutral name must never be text the conversation already holds: when a request's own text
holds `org1` (or any name of that shape), the names move to the next base (`Firm1`, ...).
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterable, Sequence

BASES = ("Org", "Firm", "Group", "Party")
HOST_BASES = ("service", "svc", "node")
HOST_DOMAIN = ".internal.example"
_SEPARATORS = ("", " ", "_", "-")


def _name_shape(bases: Iterable[str]) -> str:
    forms = [f for b in bases for f in (b, b.lower(), b.upper())]
    return rf"(?:{'|'.join(forms)})[ _\-]?[0-9]+"


def _host_shape(bases: Iterable[str]) -> str:
    return rf"(?:{'|'.join(bases)})-[0-9]+{re.escape(HOST_DOMAIN)}"


# Every neutral name and host veil may hand out, whatever the base (for the restorer).
NAME_SHAPE = _name_shape(BASES)
HOST_SHAPE = _host_shape(HOST_BASES)
_NAME_OF = {b: re.compile(_name_shape([b])) for b in BASES}
_NEAR_OF = {b: re.compile(rf"{b.lower()}[ _\-]?[0-9]") for b in BASES}
_HOST_OF = {b: re.compile(_host_shape([b])) for b in HOST_BASES}
_SEPARATOR_CHARS = re.compile(r"[\s_.\-]")
# Numbers after the last one handed out that count as this book's (the next ones it may give).
_EXTRA_MARGIN = 16
BEFORE_DIGIT = "\x00digit"  # the key of a surface where a digit follows it


def term_key(text: str) -> str:
    """A term as compared with the configured ones: lower case, without separators."""
    return _SEPARATOR_CHARS.sub("", text).lower()


def _styled(base: str, surface: str) -> str:
    """`base` in the case style of `surface`: all capitals, a capital first, or lower case."""
    letters = [c for c in surface if c.isalpha()]
    if len(letters) > 1 and all(c.isupper() for c in letters):
        return base.upper()
    if letters and letters[0].isupper():
        return base
    return base.lower()


def _separator(surface: str) -> str | None:
    """The one separator between the words of `surface` ("" when none); None when mixed or
    one a name cannot hold (`.`, a tab)."""
    found: set[str] = set(_SEPARATOR_CHARS.findall(surface))
    if not found:
        return ""
    if len(found) == 1 and (sep := found.pop()) in _SEPARATORS:
        return sep
    return None


def _plain(surface: str, words: list[str], sep: str) -> bool:
    """Whether `surface` writes the term's words in one of the usual styles: lower case,
    capitals, capitalised words, or camel case."""
    forms = (
        [w.lower() for w in words],
        [w.upper() for w in words],
        [w.capitalize() for w in words],
        [words[0].lower(), *(w.capitalize() for w in words[1:])],
    )
    return any(sep.join(form) == surface for form in forms)


class NameBook:
    """The neutral names of one scope: term and host surfaces <-> neutral names.

    Safe to share across threads. `settle` picks bases that the request's own text does not
    hold; the names handed out with an earlier base stay restorable (an answer in flight, or
    a map kept for later), except those a text holds.
    """

    def __init__(self, terms: Sequence[str] = ()) -> None:
        self._numbers: dict[str, int] = {}
        self._words: dict[str, list[str]] = {}
        self._words_by_number: dict[int, list[str]] = {}
        for i, term in enumerate(terms, 1):
            key = term_key(term)
            words = [w.lower() for w in _SEPARATOR_CHARS.split(term) if w]
            self._numbers.setdefault(key, i)
            self._words.setdefault(key, words)
            self._words_by_number[i] = words
        self._first_extra = len(terms) + 1
        self._lock = threading.Lock()
        self.base = BASES[0]
        self.host_base = HOST_BASES[0]
        self._forward: dict[str, str] = {}
        self._reverse: dict[str, str] = {}
        self._extra = self._first_extra
        self._hosts = 0
        self._retired: dict[str, str] = {}  # names of earlier bases, still restorable
        self._retired_bases: set[str] = set()

    def settle(self, texts: Iterable[str]) -> frozenset[str]:
        """Move to bases none of `texts` holds a name of (the originals of a request): a name
        veil handed out or could hand out, also followed by more digits (`org12` holds
        `org1`). The names of earlier bases stay restorable, except those the texts hold;
        returns the names the texts hold, which their answers must not restore."""
        texts = list(texts)
        with self._lock:
            held = self._held(texts, self.base, active=True)
            base = self.base
            if held:
                base = next((b for b in BASES if b != base and not self._held(texts, b)), BASES[-1])
            hosts = {
                m.group(0)
                for t in texts
                if HOST_DOMAIN in t
                for p in _HOST_OF.values()
                for m in p.finditer(t)
            }
            host_base = self.host_base
            if any(h.startswith(f"{host_base}-") for h in hosts):
                host_base = next(
                    (b for b in HOST_BASES if not any(h.startswith(f"{b}-") for h in hosts)),
                    HOST_BASES[-1],
                )
            held |= hosts
            for token in held:
                self._retired.pop(token, None)
            if base != self.base:
                self._retire(held, hosts=False)
                self.base = base
            if host_base != self.host_base:
                self._retire(held, hosts=True)
                self.host_base = host_base
            return frozenset(held)

    def _retire(self, held: set[str], *, hosts: bool) -> None:
        """Move the names (or hosts) handed out to the retired ones, except those held."""
        self._retired_bases.add(self.host_base if hosts else self.base)
        for token, surface in list(self._reverse.items()):
            if token.endswith(HOST_DOMAIN) == hosts:
                del self._reverse[token]
                if token not in held:
                    self._retired[token] = surface
        for key, token in list(self._forward.items()):
            if token.endswith(HOST_DOMAIN) == hosts:
                del self._forward[key]

    def _held(self, texts: list[str], base: str, *, active: bool = False) -> set[str]:
        """The names of `base` that the texts hold, as they are or followed by more digits:
        names this book handed out (when `active`) or could hand out."""
        shape, near = _NAME_OF[base], _NEAR_OF[base]
        held: set[str] = set()
        for text in texts:
            # Where a name may stand, found fast in lower case; its exact form checked there.
            for hit in near.finditer(text.lower()):
                m = shape.match(text, hit.start())
                if m is None:
                    continue
                token = m.group(0)
                digits = re.search(r"[0-9]+$", token)
                assert digits is not None
                head, number = token[: digits.start()], digits.group(0)
                sep = head[-1] if head[-1] in " _-" else ""
                for k in range(len(number), 0, -1):
                    name = head + number[:k]
                    ours = (active and name in self._reverse) or name in self._retired
                    if ours or (number[0] != "0" and self._claims(int(number[:k]), sep)):
                        held.add(name)
        return held

    def _claims(self, number: int, sep: str) -> bool:
        """Whether a name with this number and separator may be handed out."""
        if 1 <= number < self._first_extra:
            return sep == "" or len(self._words_by_number[number]) > 1
        return sep == "" and self._first_extra <= number < self._extra + _EXTRA_MARGIN

    def _ambiguous(self, styled: str, sep: str, number: int) -> bool:
        """Whether the name, followed by a digit, would read as another name veil may give."""
        return any(
            self._claims(number * 10 + d, sep) or f"{styled}{sep}{number}{d}" in self._reverse
            for d in range(10)
        )

    def name(self, surface: str, *, digit_after: bool = False) -> str:
        """The neutral name for a term as written (`AcmeCorp`'s `Acme` -> `Org1`); where a
        digit follows it (`Acme2`), one that cannot read as another name with that digit."""
        key_of = f"{surface}{BEFORE_DIGIT}" if digit_after else surface
        with self._lock:
            known = self._forward.get(key_of)
            if known is not None:
                return known
            styled = _styled(self.base, surface)
            key = term_key(surface)
            number = self._numbers.get(key)
            sep = _separator(surface)
            token = None
            if number is not None and sep is not None and _plain(surface, self._words[key], sep):
                clear = not (digit_after and self._ambiguous(styled, sep, number))
                token = f"{styled}{sep}{number}" if clear else None
            while (
                token is None
                or token in self._reverse
                or self._retired.get(token, surface) != surface
            ):
                number, self._extra = self._extra, self._extra + 1
                if not (digit_after and self._ambiguous(styled, "", number)):
                    token = f"{styled}{number}"
            return self._keep(key_of, token, surface)

    def host(self, surface: str) -> str:
        """The neutral host for an internal host as written."""
        with self._lock:
            known = self._forward.get(surface)
            if known is not None:
                return known
            token = ""
            while not token or token in self._reverse or token in self._retired:
                self._hosts += 1
                token = f"{self.host_base}-{self._hosts}{HOST_DOMAIN}"
            return self._keep(surface, token, surface)

    def get(self, surface: str) -> str | None:
        """The neutral name or host already handed out for `surface`, if any."""
        return self._forward.get(surface)

    def surfaces(self) -> list[str]:
        """Every term and host surface given a neutral name, in order."""
        with self._lock:
            return list(dict.fromkeys(self._reverse.values()))

    def original(self, token: str) -> str | None:
        """The surface behind a neutral name or host, if this book handed it out."""
        found = self._reverse.get(token)
        return found if found is not None or not self._retired else self._retired.get(token)

    @property
    def bases(self) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """The name and host bases whose names this book restores (the current ones first)."""
        names = [self.base, *sorted(b for b in self._retired_bases if b in BASES)]
        hosts = [self.host_base, *sorted(b for b in self._retired_bases if b in HOST_BASES)]
        return tuple(dict.fromkeys(names)), tuple(dict.fromkeys(hosts))

    def retired(self) -> list[tuple[str, str]]:
        """(neutral, original) of names handed out under earlier bases."""
        with self._lock:
            return list(self._retired.items())

    def items(self) -> list[tuple[str, str]]:
        """(neutral, original) for every name handed out, in order."""
        with self._lock:
            return list(self._reverse.items())

    def restore_state(
        self,
        base: str,
        host_base: str,
        pairs: Iterable[tuple[str, str]],
        retired: Iterable[tuple[str, str]] = (),
    ) -> None:
        """Take back a state saved earlier: the bases, (neutral, original) pairs, and the
        names of earlier bases."""
        with self._lock:
            for token, original in retired:
                self._retired.setdefault(token, original)
                self._retired_bases.update(
                    b for b in (*BASES, *HOST_BASES) if token.lower().startswith(b.lower())
                )
            if base in BASES:
                self.base = base
            if host_base in HOST_BASES:
                self.host_base = host_base
            for token, original in pairs:
                self._keep(original, token, original)
                if token.endswith(HOST_DOMAIN):
                    number = token[: -len(HOST_DOMAIN)].rsplit("-", 1)[-1]
                    self._hosts = max(self._hosts, int(number) if number.isdigit() else 0)
                else:
                    digits = re.search(r"[0-9]+$", token)
                    if digits is not None:
                        self._extra = max(self._extra, int(digits.group(0)) + 1)

    def __len__(self) -> int:
        return len(self._reverse)

    def _keep(self, key: str, token: str, surface: str) -> str:
        self._forward[key] = token
        self._reverse[token] = surface
        return token
