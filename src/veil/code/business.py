"""Does a comment read as business context: what would an assistant learn about the company
from it (deals, customers, money, plans, people, secrecy), as opposed to what the code does?

The heuristic, cue by cue (each cue has strong forms and weak forms):

- `money`: an amount with a currency: `$40k`, `€1.2M`, `$12,000`, `$19.99`, `USD 40k`,
  `3 million dollars`, `$2 per seat` (strong). `$1` or `$12` alone are not (regex groups, shell).
- `percent-deal`: a discount, commission, rebate, markup, revenue share or gross/profit margin
  with a percentage: `15% discount`, `commission of 8%` (strong). CSS `margin: 10%` is not.
- `customer-named`: `customer Acme`, `client: Initech`, `pilot with Acme`, `requested by
  Acme`, `Initech complained/escalated/churned/threatened to leave` (strong); a company
  (`Acme Corp`, `Globex GmbH`: open-source code names companies too), `hack for Acme`, `Acme
  asked/wants/needs` (weak). Capitalised technical words (Windows, Python, Id, Secret...) and
  CamelCase identifiers are never taken for a name.
- `contract`: NDA, `contractually`, `per our contract`, `per the MSA`, `the contract with...`
  (strong); SLA, MSA, SOW, renewal, invoice, procurement, `legal team`, `compliance team` (weak).
- `metrics`: ARR, MRR, churn, LTV, GMV, revenue, bookings, sales quota, gross margin (weak);
  one of them with a figure, `churn is at 7%`, `ARR 2M` (strong).
- `plans`: layoffs, reorg, `merger with`/`acquired by` a name, fundraising, board meeting, price
  increase (strong); IPO, roadmap, deadline, launch date, `Q3`, `FY25`, end of quarter (weak).
- `people`: `ask Jane Doe`, `approved by Jane Doe` (strong: a full name after such words);
  `ask Jane`, `per Jane`, `Jane's team` (weak).
- `secrecy`: confidential (not OAuth's "confidential client"), do not disclose, `don't tell
  the customer`, under NDA, embargoed (strong); internal only, for internal use (weak: also
  said of private APIs).
- `ticket`: a company's tracker or chat (`acme.atlassian.net`, `linear.app/acme`,
  `confluence.acme.io`, `acme.slack.com/archives`) (strong); a JIRA-style key `PAY-123` that is
  not a standard (UTF-8, SHA-256, RFC-7231, CVE-...) (weak).

A plain comment reads as business with one strong cue or two weak cues of different names; a
docstring (it states what the code does, and is kept unless there is more) only with a strong
cue. In a license or copyright header only `secrecy` counts, so `Copyright (c) 2010 Google
Inc.` or the MIT License's "CONTRACT, TORT" is not business but "Acme Confidential" is.
`may_hold_business` runs every cue's forms at once (one Hyperscan database in prefilter mode,
about 0.4 ms for 200 KB; one `re` alternation without Hyperscan): False means no comment of the
text can read as business, and parsing can be skipped. `cue_hits` says where in a text a form
may match and which (a second database, of the forms less their lookarounds and word
boundaries, so that a match inside a comment is a match in the whole text too): only the
comments holding a hit need parsing out, and in each only the forms hit there are tried (the
cues are those every form gives; a comment's own text is scanned so when no hits are given)."""

from __future__ import annotations

import bisect
import contextlib
import re
import threading
from collections.abc import Callable, Collection
from dataclasses import dataclass
from typing import Any

try:
    import hyperscan
except ImportError:  # pragma: no cover - hyperscan is a dependency
    hyperscan = None  # type: ignore[assignment]

_NOT_NAMES = frozenset(
    (  # noqa: SIM905 - a list of words reads better as words
        "A An And Api App Application Apple Android Are As At Bash Be Browser But By Caller Can "
        "Chrome Class Client Code Compiler Customer Data Default Django Do Does Docker Each "
        "Edge Error Every Example Exception False File Firefox For Function Git Github Gitlab "
        "Google He Her His However I If In Instance Is It Its Java Javascript Json Kernel Key "
        "Library Linux Mac Method Microsoft Module My No None Node Not Note Null Object Of On "
        "One Or Our Parent Posix Process Python Rfc Request Response Ruby Rust Safari Secret "
        "Section See Server Session Settings She So Some Spec Step System Test That The Their "
        "Them Then There These They This Thread Those To True Type Unicode Unix User Users We "
        "What When Where Which Who Why Windows With You Your Id Ids Side Certificate "
        "Credentials Error Errors Handler Library Linux Postgres Mysql Sqlite Redis Standard "
        "Table Figure Appendix Chapter Item Issue Bug Admin Account Accounts Service Worker"
    ).split()
)
_STANDARDS = frozenset(
    (  # noqa: SIM905 - a list of words reads better as words
        "UTF UCS ISO SHA MD RFC CVE CWE PEP ES ECMA IEEE AES HTTP TLS SSL CRC IP IPV KOI CP EUC "
        "JIS ANSI RSA DES DH GCM CBC FIPS NIST DSA ECDSA ED PKCS PBKDF HMAC BLAKE GPL LGPL AGPL "
        "MPL BSD CC WIN NT LEVEL SEC GB BIG IBM MAC WCAG JSR JEP PSR KIP SEP NEP RFE TR WG ID X "
        "Y Z P"
    ).split()
)
_NAME = r"[A-Z][a-z]+(?:[A-Z][a-z]+)*"
_WORD = r"[A-Z][a-z]+(?![A-Za-z])"
_ASK = (
    r"(?:[Aa]sk|ping|[Cc]heck with|[Tt]alk to|[Cc]onfirm with|[Aa]pproved by|[Ss]igned off by"
    r"|[Rr]each out to|[Ll]oop in|[Oo]wner:?)"
)


@dataclass(frozen=True, slots=True)
class _Cue:
    """One cue: its name, a strong and a weak form, and a check of what a form matched."""

    name: str
    strong: re.Pattern[str] | None
    weak: re.Pattern[str] | None = None
    valid: Callable[[re.Match[str]], bool] = lambda m: True


def _named(m: re.Match[str]) -> bool:
    """Every `name` group is a capitalised word that is not a common or technical word."""
    names = [v for k, v in m.groupdict().items() if k.startswith("name") and v]
    return all(n not in _NOT_NAMES for n in names)


def _ticket(m: re.Match[str]) -> bool:
    key = m.groupdict().get("key")
    return key is None or key not in _STANDARDS


def _alt(*forms: str) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{form})" for form in forms), re.ASCII)


_MONTH = r"(?i:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*"
_CUES = (
    _Cue(
        "money",
        _alt(
            r"(?<!\w)[$€£¥]\s?\d+(?:[.,]\d+)*\s?(?:[kKmMbB]n?\b|(?i:million|billion|thousand)\b)",
            r"[€£¥]\s?\d",
            r"(?<![\w$])\$\d{1,3}(?:,\d{3})+",
            r"(?<![\w$])\$\d+\.\d\d\b",
            r"(?<![\w$])\$\d{3,}\b",
            r"(?<![\w$])\$\d+ ?(?:/|(?i:per|a|each) )"
            r"(?i:seat|user|month|year|mo|yr|licen[cs]e|call)",
            r"\b(?:USD|EUR|GBP|CHF|JPY|CAD|AUD)\s?\d",
            r"\b\d+(?:[.,]\d+)*\s?(?:[kKmM]|bn)?\s?(?:USD|EUR|GBP|CHF)\b",
            r"\b\d+(?:[.,]\d+)*\s?(?i:million |billion |thousand )?(?i:dollars|euros)\b",
        ),
    ),
    _Cue(
        "percent-deal",
        _alt(
            r"(?i:discount|commission|rebate|mark-?up|take rate|rev(?:enue)? share|kickback"
            r"|(?:gross|net|profit|operating) margin)\b[^\n.;]{0,40}?\d+(?:\.\d+)?\s?%",
            r"\d+(?:\.\d+)?\s?%\s?(?i:discount|off\b|commission|rebate|mark-?up|uplift"
            r"|(?:gross |net |profit )margin|price (?:increase|cut))",
        ),
    ),
    _Cue(
        "customer-named",
        _alt(
            r"\b(?:customers?|clients?|tenants?)(?::[ \t]*|[ \t]+)(?:named |called )?\"?"
            rf"(?P<name1>{_WORD})\b(?!-)",
            rf"\b(?:Customer|Client|Tenant):[ \t]*(?P<name2>{_WORD})\b",
            rf"\b(?i:pilot|poc|partnership)s? (?:for|with) (?P<name3>{_WORD})\b",
            rf"\b(?i:on behalf of|requested by|paid for by|escalation from) (?P<name4>{_WORD})\b",
            rf"\b(?P<name5>{_WORD}) (?:(?:has|have|just|already|finally) )?(?:complained"
            r"|escalated|threatened to (?:leave|churn|cancel)|churned|is churning|will churn"
            r"|signed (?:the|a|an|our) (?:contract|deal|renewal|order)|asked for a refund)\b",
        ),
        _alt(
            rf"\b(?P<name6>{_NAME})(?: [A-Z][\w&'-]*){{0,2}},? (?:Inc|Corp|Corporation|Ltd"
            r"|LLC|GmbH|AG|SAS|plc|PLC|Pty)\b",
            rf"\b(?i:only|just|specifically|hack|workaround|custom(?:ized)?|special[- ]cased?"
            rf"|built) for (?P<name7>{_WORD})\b",
            rf"\b(?P<name8>{_WORD}) (?:asked|wants|requested|needs|insists)\b",
        ),
        _named,
    ),
    _Cue(
        "contract",
        _alt(
            r"\bNDAs?\b",
            r"(?i:\bcontractual(?:ly)?\b|under contract|breach of contract"
            r"|per (?:our|their) (?:contract|agreement)|per the (?:SLA|MSA|NDA)"
            r"|(?:the|our|their) contract (?:with|says|requires|ends|expires|renews|states)"
            r"|contract (?:value|renewal|term)|master services agreement|statement of work"
            r"|non-disclosure agreement)",
        ),
        _alt(
            r"\b(?:SLA|MSA|SOW)s?\b",
            r"(?i:\brenewals?\b|\binvoic(?:e|es|ed|ing)\b|\bprocurement\b|purchase order"
            r"|legal (?:team|review|said|says|approved|hold|wants)"
            r"|compliance (?:team|requires|said|audit))",
        ),
    ),
    _Cue(
        "metrics",
        _alt(
            r"(?:\b(?:ARR|MRR|GMV|NRR)\b|(?i:churn|revenue|bookings))[^\n.]{0,30}?"
            r"\d+(?:\.\d+)?\s?(?:%|[kKM]\b|(?i:million|billion))"
        ),
        _alt(
            r"\b(?:ARR|MRR|GMV|LTV|CAC|NRR|ACV|TCV|EBITDA|ARPU)\b",
            r"(?i:\bchurn(?:ed|ing|s)?\b|\brevenues?\b|\bbookings\b|burn rate"
            r"|sales (?:pipeline|quota|target|team|forecast)|gross margin|quota attainment"
            r"|\bupsell|cross-sell|deal size|win rate)",
        ),
    ),
    _Cue(
        "plans",
        _alt(
            r"(?i:\blayoffs?\b|lay off|\breorg\b|hiring freeze|headcount (?:cut|reduction|freeze)"
            r"|fundrais(?:e|ing)|board meeting"
            r"|board deck|price (?:increase|hike|rise)|pricing (?:change|update|increase)"
            r"|raise (?:our )?prices)",
            r"\bSeries [A-E] (?i:round|funding)",
            rf"(?i:acquisition of|acquired by|merger with) (?P<name1>{_NAME})\b",
        ),
        _alt(
            r"(?i:\broadmap\b|launch (?:date|day|plan)|\bdeadline\b|go-live"
            r"|end of (?:the )?(?:quarter|fiscal year)|\binvestors?\b)",
            r"\bQ[1-4](?: ?'?\d\d(?:\d\d)?)?\b|\bFY ?'?\d\d(?:\d\d)?\b|\bH[12] 20\d\d\b",
            r"\bEO[QY]\b|\bIPO\b",
            rf"(?i:launch|ship|release)(?:es|ing|s)? (?i:in|by|before|on) {_MONTH}",
        ),
        _named,
    ),
    _Cue(
        "people",
        _alt(rf"\b{_ASK} (?P<name1>{_WORD}) (?P<name2>{_WORD})\b"),
        _alt(
            rf"\b(?:{_ASK}|[Pp]er|cc:?) (?P<name3>{_WORD})",
            rf"\b(?P<name4>{_WORD})'s team\b",
        ),
        _named,
    ),
    _Cue(
        "secrecy",
        _alt(
            r"(?i:\bconfidential\b)(?! (?i:clients?)\b)",
            r"(?i:not for (?:external|public) (?:use|eyes"
            r"|release|distribution)|do not (?:disclose|distribute)|under (?:an? )?NDA\b"
            r"|\bembargo(?:ed)?\b|top secret|strictly private|need-to-know"
            r"|off the record|keep (?:this|it) (?:secret|between us))",
            r"(?i:do not|don'?t) (?i:share|tell|mention|forward|leak)(?: this| it)?"
            r"(?: (?i:with|to))? (?:(?i:anyone|anybody|externally|outside|publicly|customers?"
            r"|clients?|partners|vendors|the (?:customer|client|board|press|team))\b"
            rf"|(?P<name1>{_NAME})\b)",
        ),
        _alt(r"(?i:internal[- ]only|for internal use|internal use only)"),
        _named,
    ),
    _Cue(
        "ticket",
        _alt(
            r"(?i:[\w-]+\.atlassian\.net|linear\.app/[\w-]+|[\w-]+\.slack\.com/archives"
            r"|\bconfluence\.[\w-]+\.\w+)"
        ),
        _alt(r"(?<![\w-])(?P<key>[A-Z][A-Z0-9]{1,9})-\d{1,6}(?![\w-])"),
        _ticket,
    ),
)
_BOILERPLATE = re.compile(
    r"(?i:copyright (?:\(c\)|©|\d{4})|spdx-license-identifier|licensed under the"
    r"|permission is hereby granted|without warranties or conditions|without any warranty"
    r"|all rights reserved|redistribution and use in source)"
)
_FORMS = tuple(
    re.sub(r"\(\?P<\w+>", "(?:", pattern.pattern)
    for cue in _CUES
    for pattern in (cue.strong, cue.weak)
    if pattern is not None
)
# Each form: (index of its cue, whether it is the cue's strong form).
_FORM_OF = tuple(
    (index, pattern is cue.strong)
    for index, cue in enumerate(_CUES)
    for pattern in (cue.strong, cue.weak)
    if pattern is not None
)
ALL_FORMS = frozenset(range(len(_FORMS)))


def _without_assertions(pattern: str) -> str:
    """The pattern less its lookarounds and word boundaries: what it matches, it matches in
    any context (a comment's text or the whole text around it), and more."""
    out: list[str] = []
    i, n = 0, len(pattern)
    while i < n:
        c = pattern[i]
        if c == "\\":
            if pattern[i + 1 : i + 2] not in ("b", "B", "A", "Z"):
                out.append(pattern[i : i + 2])
            i += 2
        elif c == "[":
            j = i + 1
            if pattern[j : j + 1] == "^":
                j += 1
            if pattern[j : j + 1] == "]":
                j += 1
            while pattern[j] != "]":
                j += 2 if pattern[j] == "\\" else 1
            out.append(pattern[i : j + 1])
            i = j + 1
        elif pattern.startswith(("(?=", "(?!", "(?<=", "(?<!"), i):
            depth, j = 0, i
            while True:
                if pattern[j] == "\\":
                    j += 2
                    continue
                if pattern[j] == "[":
                    j += 1
                    while pattern[j] != "]":
                        j += 2 if pattern[j] == "\\" else 1
                elif pattern[j] == "(":
                    depth += 1
                elif pattern[j] == ")":
                    depth -= 1
                    if depth == 0:
                        break
                j += 1
            i = j + 1
        elif c in "^$":
            i += 1
        else:
            out.append(c)
            i += 1
    return "".join(out)


_LOOSE_FORMS = tuple(_without_assertions(form) for form in _FORMS)


@dataclass(frozen=True, slots=True)
class CueHits:
    """Where a cue form may match in a text: for each possible match, the str offset of its
    last character and the form, in order of offset (a superset: a form that matches inside
    a comment has a hit there). `everywhere`: not known (no Hyperscan), any form anywhere."""

    offsets: tuple[int, ...] = ()
    forms: tuple[int, ...] = ()
    everywhere: bool = False

    def __bool__(self) -> bool:
        return self.everywhere or bool(self.offsets)

    def within(self, start: int, end: int) -> frozenset[int]:
        """The forms that may match inside text[start:end]."""
        if self.everywhere:
            return ALL_FORMS
        lo = bisect.bisect_left(self.offsets, start)
        hi = bisect.bisect_left(self.offsets, end, lo)
        return frozenset(self.forms[lo:hi])


def _char_offsets(source: bytes, ends: list[int]) -> list[int]:
    """For match ends in UTF-8 bytes (ascending), the str offset of each match's last
    character."""
    out: list[int] = []
    byte = char = 0
    for end in ends:
        last = max(end - 1, 0)
        while last > 0 and source[last] & 0xC0 == 0x80:
            last -= 1
        if last > byte:
            char += len(source[byte:last].decode("utf-8", "replace"))
            byte = last
        out.append(char)
    return out


class _Prefilter:
    """Every cue form in one Hyperscan database (prefilter mode: it may match more, never
    less); one `re` alternation where Hyperscan is missing. Compiled on first use. A second
    database of the forms without their assertions tells where and which form may match."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._local = threading.local()
        self._db: Any = None
        self._loose: Any = None
        self._fallback: re.Pattern[str] | None = None

    def _compile(self) -> None:
        with self._lock:
            if self._db is not None or self._fallback is not None:
                return
            if hyperscan is None:  # pragma: no cover - hyperscan is a dependency
                self._fallback = re.compile("|".join(f"(?:{f})" for f in _FORMS), re.ASCII)
                return
            flags = hyperscan.HS_FLAG_PREFILTER | hyperscan.HS_FLAG_UTF8
            loose = hyperscan.Database()
            loose.compile(
                expressions=[form.encode() for form in _LOOSE_FORMS],
                ids=list(range(len(_LOOSE_FORMS))),
                flags=[flags] * len(_LOOSE_FORMS),
            )
            db = hyperscan.Database()
            db.compile(
                expressions=[form.encode() for form in _FORMS],
                ids=list(range(len(_FORMS))),
                flags=[flags | hyperscan.HS_FLAG_SINGLEMATCH] * len(_FORMS),
            )
            self._loose = loose
            self._db = db

    def _scratch(self, name: str, db: Any) -> Any:
        scratch = getattr(self._local, name, None)
        if scratch is None:
            scratch = hyperscan.Scratch(db)
            setattr(self._local, name, scratch)
        return scratch

    def search(self, text: str) -> bool:
        """Whether some cue form may match somewhere in the text."""
        if self._db is None and self._fallback is None:
            self._compile()
        if self._fallback is not None:  # pragma: no cover - hyperscan is a dependency
            return self._fallback.search(text) is not None
        hits: list[int] = []

        def on_match(idx: int, _start: int, _end: int, _flags: int, _ctx: object) -> bool:
            hits.append(idx)
            return True

        with contextlib.suppress(hyperscan.ScanTerminated):
            self._db.scan(
                text.encode("utf-8", "replace"),
                match_event_handler=on_match,
                scratch=self._scratch("scratch", self._db),
            )
        return bool(hits)

    def hits(self, text: str) -> CueHits:
        """Where each form may match in the text (every possible match, by its end)."""
        if self._db is None and self._fallback is None:
            self._compile()
        if self._fallback is not None:  # pragma: no cover - hyperscan is a dependency
            return CueHits(everywhere=True)
        found: list[tuple[int, int]] = []
        add = found.append

        def on_match(idx: int, _start: int, end: int, _flags: int, _ctx: object) -> None:
            add((end, idx))

        source = text.encode("utf-8", "replace")
        self._loose.scan(
            source, match_event_handler=on_match, scratch=self._scratch("loose", self._loose)
        )
        if not found:
            return CueHits()
        found = sorted(set(found))
        ends = [end for end, _ in found]
        offsets = [end - 1 for end in ends] if len(source) == len(text) else None
        return CueHits(
            tuple(offsets if offsets is not None else _char_offsets(source, ends)),
            tuple(idx for _, idx in found),
        )

    def forms(self, text: str) -> frozenset[int]:
        """The forms that may match somewhere in the text."""
        if self._db is None and self._fallback is None:
            self._compile()
        if self._fallback is not None:  # pragma: no cover - hyperscan is a dependency
            return ALL_FORMS
        found: set[int] = set()

        def on_match(idx: int, _start: int, _end: int, _flags: int, _ctx: object) -> None:
            found.add(idx)

        self._loose.scan(
            text.encode("utf-8", "replace"),
            match_event_handler=on_match,
            scratch=self._scratch("loose", self._loose),
        )
        return frozenset(found)


_PREFILTER = _Prefilter()


def _found(pattern: re.Pattern[str] | None, cue: _Cue, text: str) -> bool:
    return pattern is not None and any(cue.valid(m) for m in pattern.finditer(text))


def _cues_of_every_form(text: str) -> list[tuple[str, bool]]:
    """(name, strong) for each cue found, every form tried (the reference `_cues` keeps)."""
    boilerplate = _BOILERPLATE.search(text) is not None
    found = []
    for cue in _CUES:
        if boilerplate and cue.name != "secrecy":
            continue
        if _found(cue.strong, cue, text):
            found.append((cue.name, True))
        elif _found(cue.weak, cue, text):
            found.append((cue.name, False))
    return found


def _cues(text: str, forms: Collection[int] | None = None) -> list[tuple[str, bool]]:
    """(name, strong) for each cue found, strong when a strong form of it is there; only the
    `forms` that may match are tried (all that Hyperscan says may match in the text, if None)."""
    if forms is None:
        forms = _PREFILTER.forms(text)
    if not forms:
        return []
    if len(forms) == len(_FORMS):
        return _cues_of_every_form(text)
    tried = sorted((_FORM_OF[form] for form in forms), key=lambda f: (f[0], not f[1]))
    boilerplate = _BOILERPLATE.search(text) is not None
    found: list[tuple[str, bool]] = []
    for index, strong in tried:
        cue = _CUES[index]
        if boilerplate and cue.name != "secrecy":
            continue
        if found and found[-1][0] == cue.name:
            continue  # its strong form is there
        if _found(cue.strong if strong else cue.weak, cue, text):
            found.append((cue.name, strong))
    return found


def business_cues(text: str, *, forms: Collection[int] | None = None) -> tuple[str, ...]:
    """The names of the business cues in a comment's text (`forms`: as for
    `reads_as_business`)."""
    return tuple(name for name, _ in _cues(text, forms))


def reads_as_business(
    text: str, *, docstring: bool = False, forms: Collection[int] | None = None
) -> bool:
    """One strong cue, or for a plain comment two weak ones: it tells about the company.
    `forms`: the only cue forms that may match in the text (from `cue_hits(...).within`)."""
    found = _cues(text, forms)
    if any(strong for _, strong in found):
        return True
    return not docstring and len(found) >= 2


def may_hold_business(text: str) -> bool:
    """False only when no comment in the text can read as business (skip parsing it)."""
    return _PREFILTER.search(text)


def cue_hits(text: str) -> CueHits:
    """Where in the text a cue form may match, and which: a comment with no hit inside it
    does not read as business, and one with hits needs only those forms tried."""
    return _PREFILTER.hits(text)
