"""Rule shapes: a rule is a declaration that carries its own examples."""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from veil.detect.filters import COMMON, Filter
from veil.types import Category

Validator = Callable[[str], bool]
# A check that reads what surrounds a value: (value, the whole text, where the value starts).
PlacedValidator = Callable[[str, str, int], bool]

# Characters that continue a token: a secret must not start or end in the middle of one.
TOKEN_CHARS = r"[A-Za-z0-9_\-]"


@dataclass(frozen=True, slots=True)
class Examples:
    """Strings a rule must find (positives) and near misses it must not (negatives).

    `documented` are near misses that hold a documented, test or placeholder value (AWS's
    `...EXAMPLE` key, Stripe's test card, a reserved-domain address) or that only read like one
    (random letters under a password's name): `veil scan` must not report them, the gateway's
    engine (recall mode) must mask them.
    """

    positives: tuple[str, ...]
    negatives: tuple[str, ...]
    documented: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class Rule:
    """A detection rule.

    `regex` is a Python regular expression; the reported span is its `secret` group when it has
    one, else the whole match. `keywords` (case-insensitive) must occur in the match or just before
    it. `entropy` is a minimum Shannon entropy (bits per character) of the value; `validate` a
    checksum or shape check, and `recall_validate` the looser one recall mode uses instead (one
    that lets documented and test values through); `filters` are false-positive predicates that
    drop a value when any returns True, and `recall_skips` those of them recall mode does not
    apply for this rule (beyond the documentation filters it never applies). `max_len` bounds a
    match, so the engine knows how far back to look from a hit.
    `anchor`, `(literals, characters)`, says that every match holds one of `literals` (lower
    case; found in any case) and starts where the run of `characters` (a regex character
    class) before it starts, as an e-mail address starts at the local part before its `@`, or
    `db.password = ...` at the name holding `pass`: the engine then tries the pattern there, at
    each occurrence of a literal, instead of at every position of a window (the pattern must
    not be able to start anywhere else: a look-behind that excludes `characters` sees to that).
    `validate_at`, when set, also reads the value's surroundings (the header of the CSV block
    a cell stands in), in both modes; it is given the value, the whole text and the start.
    `first_pass`, when set, is the pattern the Hyperscan pass uses instead of `regex`: a cheaper
    superset that reports each candidate once (one hit per token, not one per character); or
    several such patterns, any of which may hit (Hyperscan runs many literal-led patterns far
    faster than one alternation of them).
    """

    id: str
    kind: str
    regex: str
    examples: Examples
    category: Category = Category.SECRET
    keywords: tuple[str, ...] = ()
    entropy: float | None = None
    validate: Validator | None = None
    recall_validate: Validator | None = None
    filters: tuple[Filter, ...] = ()
    recall_skips: tuple[Filter, ...] = ()
    confidence: float = 0.9
    max_len: int = 256
    generic: bool = False
    ignore_case: bool = False
    first_pass: str | tuple[str, ...] | None = None
    anchor: tuple[tuple[str, ...], str] | None = None
    validate_at: PlacedValidator | None = None
    _compiled: re.Pattern[str] | None = field(default=None, init=False, repr=False, compare=False)

    @property
    def compiled(self) -> re.Pattern[str]:
        """The confirming pattern, compiled on first use (most rules never see a hit in a run)."""
        if self._compiled is None:
            flags = re.ASCII | (re.IGNORECASE if self.ignore_case else 0)
            object.__setattr__(self, "_compiled", re.compile(self.regex, flags))
        assert self._compiled is not None
        return self._compiled


# Declarations in a category. A secret rule also drops placeholders, templates and references
# (`COMMON`) unless it names its own filters. Partials, so a keyword typo is still a type error.
SecretRule = functools.partial(Rule, category=Category.SECRET, filters=COMMON)
PiiRule = functools.partial(Rule, category=Category.PII)


def padded(body: str, before: str = r"[A-Za-z0-9_+/\-]") -> str:
    """A base64 token that may end in `=` padding: `token()` with `=` a boundary only after it,
    since `=` before it is an assignment."""
    return rf"(?P<secret>{_not_after(before, body)})(?![A-Za-z0-9_+/=\-])"


def token(body: str, chars: str = TOKEN_CHARS) -> str:
    """A secret that stands as a whole token: not preceded or followed by a token character."""
    return rf"(?P<secret>{_not_after(chars, body)})(?!{chars})"


_LITERAL_HEAD = re.compile(r"[A-Za-z0-9_]+")
_QUANTIFIERS = ("?", "*", "+", "{")


def _not_after(char: str, body: str) -> str:
    """`body` not preceded by `char` (a one-character class).

    When `body` starts with a literal (`sk_live_`), the look-behind goes after it (`sk_live_`
    not preceded by `char`): `re` then finds candidates by that literal, about ten times faster
    over dense text than trying a look-behind at every position.
    """
    head = _literal_head(body)
    if not head:
        return rf"(?<!{char})(?:{body})"
    return rf"{head}(?<!{char}{head}){_split_head(body, head)}"


def _literal_head(body: str) -> str:
    """The literal characters every match of `body` starts with (`sk_` for `sk_live_x|sk_org_x`);
    a head that ends in a quantified character (`ab?`) stops before it."""
    heads = []
    for branch in _branches(body):
        match = _LITERAL_HEAD.match(branch)
        if match is None:
            return ""
        head = match.group()
        if branch[match.end() : match.end() + 1] in _QUANTIFIERS:
            head = head[:-1]
        heads.append(head)
    common = heads[0]
    for head in heads[1:]:
        while not head.startswith(common):
            common = common[:-1]
    return common


def _split_head(body: str, head: str) -> str:
    """`body` less `head` at the start of each of its top-level branches."""
    branches = _branches(body)
    if len(branches) == 1:
        return body[len(head) :]
    return "(?:" + "|".join(b[len(head) :] for b in branches) + ")"


def _branches(pattern: str) -> list[str]:
    """`pattern` split at each `|` outside every group and character class."""
    branches, depth, i, in_class, start = [], 0, 0, False, 0
    while i < len(pattern):
        c = pattern[i]
        if c == "\\":
            i += 2
            continue
        if in_class:
            in_class = c != "]"
        elif c == "[":
            in_class = True
            if pattern[i + 1 : i + 2] == "]":  # `[]...]`: a `]` first is a member
                i += 1
        elif c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
        elif c == "|" and depth == 0:
            branches.append(pattern[start:i])
            start = i + 1
        i += 1
    return [*branches, pattern[start:]]


# `name = value`, `name: value`, `"name": "value"`, `name => value`, `NAME=value`, `<name>value`,
# `--name value`, and Makefile's `NAME := value`, `NAME ::= value`, `NAME ?= value` are all
# assignments of `value` to `name` in some language or format.
ASSIGN = (
    r"""[\w.\-]*["'`]?\s*(?:=|:{1,3}=|\?=|:|=>|->|\s)\s*(?:[\w:]+\(\s*)?"""
    r"""(?:[bBrRuUfF]{0,2}["'`])?"""
)


def assigned(name: str, value: str, chars: str = TOKEN_CHARS) -> str:
    """A value assigned to a name matching `name` in code, config or a command line."""
    return rf"(?:{name}){ASSIGN}(?P<secret>{value})(?!{chars})"


SERVICE_KEY = r"(?:api_?key|api_?token|access_?token|key|token|secret)"
UUID = r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"


# Where a name can start: not after a lower-case letter or digit (`coder` in `encoder`), unless a
# camel-case capital starts it (`mySnykToken`); after a capital is fine (`-Dsonar.token=`).
_WORD_START = r"(?:(?<![a-z0-9])|(?=[A-Z]))"


def named(service: str, key: str = SERVICE_KEY) -> str:
    """A name for a value of `service`: one that mentions it and ends in `key` (`MISTRAL_API_KEY`),
    or `key` after it on the same line or on one indented line below (`Mistral(api_key=`, YAML).
    The service's name starts a word or a camel-case part."""
    return (
        rf"{_WORD_START}(?i:(?:{service})[\w.\-]*?(?:{key})"
        rf"|(?:{service})\b[^\n]{{0,40}}?(?:\n[ \t]+[^\n]{{0,40}}?)?\b(?:{key}))"
    )
