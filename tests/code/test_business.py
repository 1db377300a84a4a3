"""Business context in comments: positives and near-miss negatives as data, the docstring bar,
the prefilter's promise, and precision over the comments of real code."""

from __future__ import annotations

import glob
import re
import sysconfig
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from veil.code import business
from veil.code.business import (
    ALL_FORMS,
    business_cues,
    cue_hits,
    may_hold_business,
    reads_as_business,
)
from veil.code.comments import comments_in

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


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("$€%AIQPaceiklnorstu 0123456789-:'.,\n/é"))))
def test_prefilter_never_misses(text: str) -> None:
    if reads_as_business(text):
        assert may_hold_business(text)


@pytest.mark.parametrize(("comment", "cues"), POSITIVES[::5])
def test_prefilter_finds_business_in_multibyte_text(comment: str, cues: set[str]) -> None:
    assert may_hold_business("é😀 " * 100 + comment)


def test_prefilter_is_fast_and_quiet_on_plain_code() -> None:
    source = Path(sysconfig.get_paths()["stdlib"]) / "json" / "decoder.py"
    code = source.read_text(encoding="utf-8")
    big = (code * (200_000 // len(code) + 1))[:200_000]
    assert not may_hold_business(big)
    may_hold_business("warm up")
    start = time.perf_counter()
    for _ in range(20):
        may_hold_business(big)
    assert (time.perf_counter() - start) / 20 < 0.005


def _reference(text: str) -> list[tuple[str, bool]]:
    """The cues as found before any prefilter: every form of every cue tried."""
    return business._cues_of_every_form(text)


EVERY_DATA = [comment for comment, _ in POSITIVES] + NEGATIVES + DOCSTRING_KEPT + DOCSTRING_BUSINESS


@pytest.mark.parametrize("text", EVERY_DATA)
def test_only_the_forms_that_may_match_give_the_same_cues(text: str) -> None:
    assert business._cues(text) == _reference(text)
    assert business._cues(text, ALL_FORMS) == _reference(text)
    whole = f"x = 1\n{text}\ny = 'é😀'\n"
    start = whole.index(text)
    forms = cue_hits(whole).within(start, start + len(text))
    assert business._cues(text, forms) == _reference(text)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("$€%AIQPRSaceiklnorstu 0123456789-:'.,\n/é"))))
def test_pruned_cues_agree_on_any_text(text: str) -> None:
    assert business._cues(text) == _reference(text)
    assert business._cues(text, cue_hits(text).within(0, len(text))) == _reference(text)


def test_forms_without_assertions_match_wherever_theirs_do() -> None:
    for strict, loose in zip(business._FORMS, business._LOOSE_FORMS, strict=True):
        pattern = re.compile(loose, re.ASCII)
        assert pattern.search("") is None
        for text in EVERY_DATA:
            for m in re.compile(strict, re.ASCII).finditer(text):
                assert pattern.fullmatch(m.group()), (strict, m.group())


def test_hits_are_str_offsets_of_the_last_character() -> None:
    text = "é😀ü " * 50 + "# Acme pays $40k/yr\n" + "日本 " * 20 + "# see PAY-1432 now\n"
    hits = cue_hits(text)
    assert hits
    assert text[: hits.offsets[-1] + 1].endswith("PAY-1432")
    money = text.index("$40k")
    assert any(money < at < money + 4 for at in hits.offsets)
    assert not cue_hits("x = 1\n")
    assert cue_hits("x = 1\n").within(0, 6) == frozenset()


def test_precision_over_standard_library_comments() -> None:
    """The standard library's comments and docstrings are not business context: fewer than one
    in a thousand may read as such (measured: none of about 61,000)."""
    stdlib = sysconfig.get_paths()["stdlib"]
    files = sorted(glob.glob(f"{stdlib}/*.py")) + sorted(glob.glob(f"{stdlib}/*/*.py"))
    total = flagged = 0
    for path in files:
        if "/test" in path or "site-packages" in path:
            continue
        try:
            text = Path(path).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue
        for c in comments_in(text, path):
            total += 1
            flagged += reads_as_business(text[c.start : c.end], docstring=c.docstring)
    assert total > 10_000
    assert flagged / total < 0.001


def test_pruned_cues_agree_over_standard_library_comments() -> None:
    """Each comment of real files (with business comments put among them): the cues from the
    forms the whole text's hits allow there, and from those its own text allows, are the cues
    of every form."""
    stdlib = sysconfig.get_paths()["stdlib"]
    files = sorted(glob.glob(f"{stdlib}/*.py"))[::4]
    checked = 0
    for index, path in enumerate(files):
        try:
            text = Path(path).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue
        comment = POSITIVES[index % len(POSITIVES)][0].lstrip("/-*' ")
        text = text.replace("\n\ndef ", f"\n\n# {comment}\ndef ", 3)
        hits = cue_hits(text)
        for c in comments_in(text, path):
            body = text[c.start : c.end]
            expected = _reference(body)
            assert business._cues(body, hits.within(c.start, c.end)) == expected, body
            assert business._cues(body) == expected, body
            checked += 1
    assert checked > 3_000
