"""Classification: findings, user rules, paths and deny-listed content -> tier and reasons."""

from __future__ import annotations

from pathlib import Path

import pytest

from veil.detect.files import DenyList
from veil.policy.classify import Classifier
from veil.policy.mentions import PathRef
from veil.policy.paths import PathPolicy
from veil.policy.tiers import Reason, Tier
from veil.types import Category

WORKSPACE = Path("/work/shop")


@pytest.fixture
def classifier() -> Classifier:
    paths = PathPolicy(["src/payments/**", "infra/iam/*.tf"], ["docs/internal/**"], WORKSPACE)
    return Classifier(paths, {"acme-ledger-algo": "restricted"}, DenyList().denies)


SEC, PII, ORG = Category.SECRET, Category.PII, Category.ORG


@pytest.mark.parametrize(
    ("findings", "paths", "expected"),
    [
        ([], [], []),
        ([("aws_access_key_id", SEC, "aws-access-key-id")], [], ["R finding:aws_access_key_id"]),
        ([("email_address", PII, "email")] * 3, [], ["R finding:email_address x3"]),
        ([("org_term", ORG, "org-term-acme")], [], ["I finding:org_term"]),
        ([("internal_host", ORG, "org-domain-corp")], [], ["I finding:internal_host"]),
        ([("org_term", ORG, "acme-ledger-algo")], [], ["R rule:acme-ledger-algo"]),
        ([], [PathRef("src/payments/ledger.py", "tool")], ["R path:src/payments/**"]),
        ([], [PathRef("/work/shop/infra/iam/roles.tf", "shell")], ["R path:infra/iam/*.tf"]),
        ([], [PathRef("docs/internal/plan.md", "prompt")], ["I path:docs/internal/**"]),
        ([], [PathRef("src/app.py", "tool")], []),
        ([], [PathRef("/elsewhere/src/payments/x.py", "tool")], []),
        ([], [PathRef(".env", "fence")], ["R file:deny-listed"]),
        ([], [PathRef(".env", "prompt")], []),  # named, not carried
        ([], [PathRef(".env", "diff")], ["R file:deny-listed"]),  # its changes are shown
        ([], [PathRef("config/.env.production", "result")], ["R file:deny-listed"]),
        ([], [PathRef(".env.example", "fence")], []),
        (
            [("org_term", ORG, "org-term-acme"), ("aws_access_key_id", SEC, "aws")],
            [PathRef("docs/internal/a.md", "tool")],
            ["R finding:aws_access_key_id", "I finding:org_term", "I path:docs/internal/**"],
        ),
    ],
)  # fmt: skip
def test_reasons(
    classifier: Classifier,
    findings: list[tuple[str, Category, str]],
    paths: list[PathRef],
    expected: list[str],
) -> None:
    reasons = classifier.reasons(findings, paths, workspace=WORKSPACE)
    assert [f"{r.tier.name[0]} {r}" for r in reasons] == expected


def test_withheld_files_are_recorded_without_raising_the_tier(classifier: Classifier) -> None:
    (reason,) = classifier.reasons([], [], withheld=2)
    assert reason == Reason(Tier.PUBLIC, "withheld", "deny-listed file", 2)


def test_a_client_reported_workspace_anchors_the_patterns(classifier: Classifier) -> None:
    ref = PathRef("/home/dev/shop/src/payments/x.py", "tool")
    assert classifier.reasons([], [ref], workspace=Path("/home/dev/shop"))
    assert not classifier.reasons([], [ref], workspace=Path("/home/dev/other"))
