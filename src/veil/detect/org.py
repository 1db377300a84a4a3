"""Organisation terms: names, internal domains and URL prefixes the user configures."""

from __future__ import annotations

import re
from collections.abc import Sequence

from veil.detect.base import Examples, Rule
from veil.types import Category


def _term_regex(term: str) -> str:
    # Found case-insensitively anywhere, inside identifiers too (`AcmeOrderService`, `acme_db`);
    # terms of three characters or fewer must stand as a word part of their own.
    # Words of a multi-word term may be joined by spaces, `_`, `-`, `.` or nothing (`GlobexCorp`).
    body = r"[\s_.\-]*".join(re.escape(word) for word in term.split())
    if len(term) <= 3:  # after a non-letter, or capitals after a lower-case letter (`getIBM`)
        upper = re.escape(term.upper())
        after_escape = rf"(?<=\\[nrt])(?i:{body})"  # `\nIBM` in JSON text: a new line, then IBM
        return rf"(?:(?<![A-Za-z])(?i:{body})|{after_escape}|(?<=[a-z]){upper})(?![a-z])"
    return rf"(?i:{body})"


def _domain_regex(pattern: str) -> str:
    """`*.corp.example.com` -> any host under corp.example.com; `corp.example.com` -> itself too."""
    base = pattern.removeprefix("*.")
    host = re.escape(base)
    # Not from inside a JSON escape (`\nbilling...` is a new line, then the host).
    start = r"(?:(?<![A-Za-z0-9.\-])(?!(?<=\\)[nrt])|(?<=\\[nrt]))"
    return rf"{start}(?:[A-Za-z0-9_\-]+\.)*{host}(?![A-Za-z0-9\-]|\.[A-Za-z0-9])"


def org_rules(
    terms: Sequence[str] = (), domains: Sequence[str] = (), url_prefixes: Sequence[str] = ()
) -> tuple[Rule, ...]:
    """Rules for the configured organisation terms, one per term, domain and URL prefix."""
    rules: list[Rule] = []
    for term in terms:
        slug = re.sub(r"[^a-z0-9]+", "-", term.lower()).strip("-") or "term"
        rules.append(
            Rule(
                id=f"org-term-{slug}",
                kind="org_term",
                category=Category.ORG,
                regex=_term_regex(term),
                confidence=0.8,
                max_len=len(term) + 8,
                examples=Examples(
                    positives=(term, f"{term.title().replace(' ', '')}OrderService"),
                    negatives=("an unrelated sentence",),
                ),
            )
        )
    for domain in domains:
        base = domain.removeprefix("*.")
        rules.append(
            Rule(
                id=f"org-domain-{re.sub(r'[^a-z0-9]+', '-', base.lower()).strip('-')}",
                kind="internal_host",
                category=Category.ORG,
                regex=_domain_regex(domain),
                ignore_case=True,
                confidence=0.9,
                examples=Examples(
                    positives=(f"https://git.{base}/x", f"db.{base}:5432"),
                    negatives=(f"{base}.evil.test",),
                ),
            )
        )
    for prefix in url_prefixes:
        rules.append(
            Rule(
                id=f"org-url-{re.sub(r'[^a-z0-9]+', '-', prefix.lower()).strip('-')[:40]}",
                kind="internal_url",
                category=Category.ORG,
                regex=re.escape(prefix) + r"""[^\s"'<>)\]]*""",
                ignore_case=True,
                confidence=0.9,
                max_len=2048,
                examples=Examples(positives=(prefix, f"see {prefix}page"), negatives=("x",)),
            )
        )
    return tuple(rules)


_FAMILIES = ("org-term-", "org-domain-", "org-url-")


def recordable_rule_id(rule_id: str) -> str:
    """`rule_id` as safe to record: an organisation rule's id is made from the term, domain or
    URL it finds, so it is recorded as its family (`org-term-acme` -> `org-term`)."""
    for family in _FAMILIES:
        if rule_id.startswith(family):
            return family[:-1]
    return rule_id
