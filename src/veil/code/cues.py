r"""The business cues: what in a comment tells about the company (deals, customers, money, plans,
people, secrecy), as regular expressions; the decision and the prefilter that use them are
`veil.code.business`.

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

Every form is linear in the text it searches (comments run to 200 KB: a minified line, a base64
blob): a form that opens with an unbounded run (`[\w-]+`, `\d+`) has a left anchor, a lookbehind
that no character of the run passes, so that the runs tried from different starts never
overlap, and a bounded gap (`{0,40}`) before a run keeps a start's work bounded. The lookbehind
comes after the run's first character (`[\w-](?<![\w-][\w-])[\w-]*\.atlassian\.net` is
`(?<![\w-])[\w-]+\.atlassian\.net`), so that `re` still skips to where that character is.
`tests/code/test_cues.py` checks the shape of every form and runs each over the long runs that
made the unanchored forms quadratic."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

NOT_NAMES = frozenset(
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
STANDARDS = frozenset(
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
class Cue:
    """One cue: its name, a strong and a weak form, and a check of what a form matched."""

    name: str
    strong: re.Pattern[str] | None
    weak: re.Pattern[str] | None = None
    valid: Callable[[re.Match[str]], bool] = lambda m: True


def _named(m: re.Match[str]) -> bool:
    """Every `name` group is a capitalised word that is not a common or technical word."""
    names = [v for k, v in m.groupdict().items() if k.startswith("name") and v]
    return all(n not in NOT_NAMES for n in names)


def _ticket(m: re.Match[str]) -> bool:
    key = m.groupdict().get("key")
    return key is None or key not in STANDARDS


def _alt(*forms: str) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{form})" for form in forms), re.ASCII)


_MONTH = r"(?i:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*"
CUES = (
    Cue(
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
            r"\b\d(?<!\d[.,]\d)\d*(?:[.,]\d+)*\s?(?:[kKmM]|bn)?\s?(?:USD|EUR|GBP|CHF)\b",
            r"\b\d(?<!\d[.,]\d)\d*(?:[.,]\d+)*\s?(?i:million |billion |thousand )?"
            r"(?i:dollars|euros)\b",
        ),
    ),
    Cue(
        "percent-deal",
        _alt(
            r"(?i:discount|commission|rebate|mark-?up|take rate|rev(?:enue)? share|kickback"
            r"|(?:gross|net|profit|operating) margin)\b[^\n.;]{0,40}?\d(?<!\d\d)\d*(?:\.\d+)?\s?%",
            r"\d(?<!\d\d)\d*(?:\.\d+)?\s?%\s?(?i:discount|off\b|commission|rebate|mark-?up|uplift"
            r"|(?:gross |net |profit )margin|price (?:increase|cut))",
        ),
    ),
    Cue(
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
    Cue(
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
    Cue(
        "metrics",
        _alt(
            r"(?:\b(?:ARR|MRR|GMV|NRR)\b|(?i:churn|revenue|bookings))[^\n.]{0,30}?"
            r"\d(?<!\d\d)\d*(?:\.\d+)?\s?(?:%|[kKM]\b|(?i:million|billion))"
        ),
        _alt(
            r"\b(?:ARR|MRR|GMV|LTV|CAC|NRR|ACV|TCV|EBITDA|ARPU)\b",
            r"(?i:\bchurn(?:ed|ing|s)?\b|\brevenues?\b|\bbookings\b|burn rate"
            r"|sales (?:pipeline|quota|target|team|forecast)|gross margin|quota attainment"
            r"|\bupsell|cross-sell|deal size|win rate)",
        ),
    ),
    Cue(
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
    Cue(
        "people",
        _alt(rf"\b{_ASK} (?P<name1>{_WORD}) (?P<name2>{_WORD})\b"),
        _alt(
            rf"\b(?:{_ASK}|[Pp]er|cc:?) (?P<name3>{_WORD})",
            rf"\b(?P<name4>{_WORD})'s team\b",
        ),
        _named,
    ),
    Cue(
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
    Cue(
        "ticket",
        _alt(
            r"(?i:[\w-](?<![\w-][\w-])[\w-]*\.atlassian\.net|linear\.app/[\w-]+"
            r"|[\w-](?<![\w-][\w-])[\w-]*\.slack\.com/archives"
            r"|\bconfluence\.[\w-]+\.\w+)"
        ),
        _alt(r"(?<![\w-])(?P<key>[A-Z][A-Z0-9]{1,9})-\d{1,6}(?![\w-])"),
        _ticket,
    ),
)
BOILERPLATE = re.compile(
    r"(?i:copyright (?:\(c\)|©|\d{4})|spdx-license-identifier|licensed under the"
    r"|permission is hereby granted|without warranties or conditions|without any warranty"
    r"|all rights reserved|redistribution and use in source)"
)
FORMS = tuple(
    re.sub(r"\(\?P<\w+>", "(?:", pattern.pattern)
    for cue in CUES
    for pattern in (cue.strong, cue.weak)
    if pattern is not None
)
# Each form: (index of its cue, whether it is the cue's strong form).
FORM_OF = tuple(
    (index, pattern is cue.strong)
    for index, cue in enumerate(CUES)
    for pattern in (cue.strong, cue.weak)
    if pattern is not None
)
ALL_FORMS = frozenset(range(len(FORMS)))


def without_assertions(pattern: str) -> str:
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


LOOSE_FORMS = tuple(without_assertions(form) for form in FORMS)
