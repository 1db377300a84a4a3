"""The business cues as data: comments that read as business and near misses that do not (each
with the cues it must show), the docstring bar, the forms without their assertions, and every
form linear in the text it searches."""

from __future__ import annotations

import re

import pytest

from veil.code.business import business_cues, may_hold_business, reads_as_business
from veil.code.cues import ALL_FORMS, FORMS, LOOSE_FORMS

# Full names are built at run time, so veil's own scan of this file sees no person names.
ASKED, SIGNER = ("mARIA lOPEZ".swapcase(), "kENJI sATO".swapcase())

# (comment, the cues it must show)
POSITIVES = [
    ("# Acme pays $40k/yr for this endpoint, keep it fast", {"money"}),
    ("// Globex renewal is worth €1.2M, do not break the export", {"money", "contract"}),
    ("# USD 40k penalty if the nightly sync misses the SLA", {"money"}),
    ("/* Initech is billed $12,000 per month for the premium tier */", {"money"}),
    ("# cost is $0.25 per call, finance wants it under budget", {"money"}),
    ("// we charge 3 million dollars a year for this", {"money"}),
    ("# $2 per seat for the Hooli plan", {"money"}),
    ("# Umbrella gets a 15% discount until the end of the quarter", {"percent-deal"}),
    ("// partner commission of 8% is applied here", {"percent-deal"}),
    ("# gross margin on this SKU is 42%, don't lower the price", {"percent-deal"}),
    ("/* 20% off for annual plans (marketing promo) */", {"percent-deal"}),
    ("# customer Hooli complained that exports time out", {"customer-named"}),
    ("// client: Initech wants the old CSV format back", {"customer-named"}),
    ("# Umbrella escalated this twice, fix before Friday", {"customer-named"}),
    ("# Stark threatened to churn if the latency stays above 2s", {"customer-named"}),
    ("// pilot with Wonka starts next week, keep the flag on", {"customer-named"}),
    ("# requested by Tyrell during the quarterly review", {"customer-named"}),
    ("# Massive Dynamic signed the contract, enable the SSO module", {"customer-named"}),
    ("# Per the MSA we must keep logs for 7 years", {"contract"}),
    ("// contractually obliged to answer within 4 hours", {"contract"}),
    ("# under NDA until the partnership is public", {"contract", "secrecy"}),
    ("/* the contract with Soylent expires in March */", {"contract"}),
    ("# ARR from this feature is about 2M, churn is at 7%", {"metrics"}),
    ("// MRR dropped 12% after the last release", {"metrics"}),
    ("# layoffs next month will shut down this team's service", {"plans"}),
    ("# price increase goes live after the board meeting", {"plans"}),
    ("// pricing change before the IPO, keep the old plans working", {"plans"}),
    ("# after the acquisition of Hooli this module goes away", {"plans"}),
    ("# Series B round depends on this demo working", {"plans"}),
    (f"# ask {ASKED} before changing the rate limits", {"people"}),
    (f"// approved by {SIGNER} in the pricing committee", {"people"}),
    ("# confidential: the numbers below come from the audit", {"secrecy"}),
    ("// internal only, roadmap and Q3 launch dates", {"secrecy", "plans"}),
    ("# don't tell the customer we retry silently", {"secrecy"}),
    ("/* embargoed until the keynote */", {"secrecy"}),
    ("# do not disclose the partner list outside the company", {"secrecy"}),
    ("# see https://acme.atlassian.net/browse/PAY-1432", {"ticket"}),
    ("# PAY-1432: renewal invoices go out on the first", {"ticket", "contract"}),
    ("# roadmap: sunset the v1 API by Q3 2025, Hooli wants it", {"plans", "customer-named"}),
    ("// churn in the SMB segment is why this exists, see SALES-88", {"metrics", "ticket"}),
    ("# ask Priya, legal team wants the invoice wording reviewed", {"people", "contract"}),
    ("# Contoso Ltd asked for the export, deadline is FY25", {"customer-named", "plans"}),
    ("-- Initech complained about the nightly report", {"customer-named"}),
    ("' Umbrella Corp pays $3,000 monthly", {"money", "customer-named"}),
]

NEGATIVES = [
    "# retry with exponential backoff",
    "// TODO: handle the empty list",
    "/* Copyright (c) 2015 Google Inc. Licensed under the MIT License */",
    "# Copyright 2020 Acme Corp. All rights reserved.",
    "# type: ignore[assignment]",
    "# noqa: E501",
    "#!/usr/bin/env python",
    "# -*- coding: utf-8 -*-",
    "// eslint-disable-next-line no-console",
    "/* SPDX-License-Identifier: Apache-2.0 */",
    " * THE SOFTWARE IS PROVIDED AS IS, WITHOUT WARRANTY OF ANY KIND, WHETHER IN CONTRACT, TORT",
    '"""Returns the customer\'s id."""',
    "# the client sends a FIN, we close the socket",
    "// client ID and client Secret come from the environment",
    "# OAuth confidential clients must authenticate",
    "# $1 is the first capture group",
    "// replace with $12 in the template",
    "# encode as UTF-8, hash with SHA-256, see RFC-7231 and CVE-2021-44228",
    "# see PEP-8 and ISO-8859-1",
    "# margin: 10% on both sides",
    "// 100% of the tests must pass",
    "# lock acquired by calling _acquire()",
    "# merge the two dicts",
    "# the deal with NaNs: compare them as equal",
    "# launch the browser in headless mode",
    "// pipeline of three stages: parse, plan, run",
    "# Q: why not a list? A: order matters",
    "# per RFC 6749 section 4.1",
    "# ask the user for confirmation",
    "# Windows needs a workaround for long paths",
    "// workaround for Safari's date parsing",
    "# do not share this object between threads",
    "# don't tell the compiler about the alias",
    "# need to know the file size before seeking",
    "# for internal use by the futures package",
    "# token renewal happens 60 s before expiry",
    "# disk quota exceeded: raise OSError",
    "# the revenue field is a decimal",
    "// Ping the server every 30 seconds",
    "# Ensure signed types before unsigned",
    "# Key Agreement with Elliptic Curve Diffie-Hellman",
    "# Create a role using IAM client CreateRole API",
    "# Netscape Communications Corporation.",
    "# cost: O(n log n) per call",
    "# the invoice total is the sum of its lines",
    "/* MIPS32 MSA 128-bit vector registers */",
    "/// Initialize all passes linked into the IPO library.",
    "/* Extended flags under NDA_FLAGS_EXT: */",
    "/* emits warnings for unused structures; keep it quiet */",
    "# compute Q1 and Q3 for the interquartile range",
    "/** The Customer entity. */",
]

DOCSTRING_KEPT = [
    '"""Return the discount for an order line."""',
    '"""Send the invoice e-mail to the customer."""',
    '"""Compute churn from the events table (weekly)."""',
    '"""Renew the subscription; see PAY-12."""',
    '"""Roadmap item: batch exports. Ask Priya."""',
]

DOCSTRING_BUSINESS = [
    '"""Acme pays $40k a year for this report."""',
    '"""Confidential: pricing rules agreed with Globex."""',
    '"""Special pricing for Initech: 15% discount on renewals."""',
    '"""Initech complained twice; keep the legacy format."""',
]


@pytest.mark.parametrize(("comment", "cues"), POSITIVES)
def test_positive_reads_as_business(comment: str, cues: set[str]) -> None:
    assert reads_as_business(comment)
    assert cues <= set(business_cues(comment))
    assert may_hold_business(comment)
    assert may_hold_business(f"x = 1\n{comment}\ny = 2\n")


@pytest.mark.parametrize("comment", NEGATIVES)
def test_negative_does_not_read_as_business(comment: str) -> None:
    assert not reads_as_business(comment), business_cues(comment)


@pytest.mark.parametrize("text", DOCSTRING_KEPT)
def test_docstrings_need_a_strong_cue(text: str) -> None:
    assert not reads_as_business(text, docstring=True)


@pytest.mark.parametrize("text", DOCSTRING_BUSINESS)
def test_docstring_with_a_strong_cue(text: str) -> None:
    assert reads_as_business(text, docstring=True)


def test_two_weak_cues_make_a_comment_but_not_a_docstring() -> None:
    text = "# PAY-88: the legal team wants this"
    assert set(business_cues(text)) == {"ticket", "contract"}
    assert reads_as_business(text)
    assert not reads_as_business(text, docstring=True)
    assert not reads_as_business("# see PAY-88")


def test_proprietary_header_keeps_only_secrecy() -> None:
    header = "/* Copyright (c) 2024 Initech Inc. All rights reserved. Confidential. */"
    assert business_cues(header) == ("secrecy",)
    assert reads_as_business(header)


def test_data_sets_are_large_enough() -> None:
    assert len(POSITIVES) >= 40
    assert len(NEGATIVES) >= 40


EVERY_DATA = [comment for comment, _ in POSITIVES] + NEGATIVES + DOCSTRING_KEPT + DOCSTRING_BUSINESS


def test_forms_without_assertions_match_wherever_theirs_do() -> None:
    for strict, loose in zip(FORMS, LOOSE_FORMS, strict=True):
        pattern = re.compile(loose, re.ASCII)
        assert pattern.search("") is None
        for text in EVERY_DATA:
            for m in re.compile(strict, re.ASCII).finditer(text):
                assert pattern.fullmatch(m.group()), (strict, m.group())


# --- every form linear in the text it searches ---------------------------------------------------


def _group_end(pattern: str, i: int) -> int:
    """The index after the group opening at pattern[i]."""
    depth = 0
    while i < len(pattern):
        c = pattern[i]
        if c == "\\":
            i += 2
            continue
        if c == "[":
            i = _class_end(pattern, i)
            continue
        depth += (c == "(") - (c == ")")
        i += 1
        if depth == 0:
            return i
    raise AssertionError(f"unbalanced: {pattern}")


def _class_end(pattern: str, i: int) -> int:
    j = i + 1
    j += pattern[j] == "^"
    j += pattern[j] == "]"
    while pattern[j] != "]":
        j += 2 if pattern[j] == "\\" else 1
    return j + 1


def _alternatives(pattern: str) -> list[str]:
    """The top-level alternatives of a pattern."""
    out, start, i = [], 0, 0
    while i < len(pattern):
        c = pattern[i]
        if c == "\\":
            i += 2
        elif c == "[":
            i = _class_end(pattern, i)
        elif c == "(":
            i = _group_end(pattern, i)
        elif c == "|":
            out.append(pattern[start:i])
            start = i = i + 1
        else:
            i += 1
    return [*out, pattern[start:]]


_UNBOUNDED = re.compile(r"[+*]|\{\d+,\}")


def _atom_end(pattern: str, i: int) -> int:
    if pattern.startswith("[", i):
        return _class_end(pattern, i)
    return i + 2 if pattern.startswith("\\", i) else i + 1


def _unanchored_runs(pattern: str) -> list[str]:
    """The alternatives (at any depth of leading groups) that open with an unbounded run of a
    class (`[\\w-]+`, `\\d+`, or `\\d\\d*`) with no lookbehind before the run or after its
    first character: from each start such a run is tried to its end, from every start of a
    long run, which is quadratic."""
    bad: list[str] = []
    for alt in _alternatives(pattern):
        i = 0
        while alt.startswith("\\b", i):
            i += 2
        if alt.startswith(("(?<!", "(?<="), i):
            continue
        if alt.startswith("(", i):
            end = _group_end(alt, i)
            inner = alt[i + 1 : end - 1]
            inner = re.sub(r"^(?:\?:|\?[aiLmsux]+:|\?P<\w+>)", "", inner)
            bad.extend(_unanchored_runs(inner))
            continue
        end = _atom_end(alt, i)
        if _UNBOUNDED.match(alt, end):
            bad.append(alt)
            continue
        if alt.startswith(("(?<!", "(?<="), end):
            continue  # anchored after the run's first character
        if alt[end:].startswith(alt[i:end]) and _UNBOUNDED.match(alt, _atom_end(alt, end)):
            bad.append(alt)
    return bad


def test_the_shape_checker_sees_a_quadratic_opener() -> None:
    assert _unanchored_runs(r"(?i:[\w-]+\.atlassian\.net|linear\.app/[\w-]+)")
    assert _unanchored_runs(r"\b\d+(?:[.,]\d+)*\s?USD")
    assert _unanchored_runs(r"(?:(?P<n>\d+)%)")
    assert _unanchored_runs(r"[\w-][\w-]*\.atlassian\.net")
    assert not _unanchored_runs(r"[\w-](?<![\w-][\w-])[\w-]*\.atlassian\.net")
    assert not _unanchored_runs(r"\b\d(?<!\d[.,]\d)\d*(?:[.,]\d+)*\s?USD")
    assert not _unanchored_runs(r"(?i:(?<![\w-])[\w-]+\.atlassian\.net|linear\.app/[\w-]+)")
    assert not _unanchored_runs(r"\b[A-Z][a-z]+ asked")


@pytest.mark.parametrize("form", FORMS)
def test_no_form_opens_with_an_unanchored_run(form: str) -> None:
    """Each run a form opens with has a lookbehind that no character of the run passes, so runs
    tried from different starts never overlap: linear (a 200 KB comment of `[\\w-]` before
    `x.atlassian.net` took minutes before). Speed itself is measured in bench/."""
    assert not _unanchored_runs(form)


# Long runs of what a form's runs take: each form searched over each of them once. A form with an
# unanchored run takes minutes on these (quadratic: 20,000 characters took 11 s); the anchored
# forms take milliseconds. No time is asserted: a regression shows as a test that does not end.
_LONG = 30_000
_RUNS = (
    "aB3_-" * (_LONG // 5),
    "7" * _LONG,
    "1." * (_LONG // 2),
    "1," * (_LONG // 2),
    "Ab" * (_LONG // 2),
    "AA-1" * (_LONG // 4),
    "discount " + "5" * _LONG,
    "churn " + "5" * _LONG,
    "customer" + " " * _LONG,
    "$" + "1," * (_LONG // 2),
)


@pytest.mark.parametrize("run", _RUNS, ids=lambda run: repr(run[:12]))
def test_a_long_run_before_a_tracker_link_is_searched_in_linear_time(run: str) -> None:
    text = f"# {run} see x.atlassian.net"
    for form in FORMS:
        assert sum(1 for _ in re.compile(form, re.ASCII).finditer(text)) < len(text)
    assert "ticket" in business_cues(text, forms=ALL_FORMS)
    assert reads_as_business(text, forms=ALL_FORMS)
