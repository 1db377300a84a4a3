"""Source hosting rules: every example found with its precise kind."""

from __future__ import annotations

import pytest

from veil.detect import default_engine
from veil.detect.base import Rule
from veil.detect.samples import HEX, fake
from veil.detect.secrets import FAMILIES, vcs

CASES = [
    pytest.param(rule, text, id=f"{rule.id}-{n}")
    for rule in vcs.RULES
    for n, text in enumerate(rule.examples.positives)
]


def _kinds(text: str) -> list[str]:
    return [f.kind for f in default_engine().scan(text)]


@pytest.mark.parametrize(("rule", "text"), CASES)
def test_full_engine_reports_the_precise_kind(rule: Rule, text: str) -> None:
    assert rule.kind in _kinds(text), f"{rule.id}: {_kinds(text)}"


def test_kinds_belong_to_this_family_only() -> None:
    ours = {r.kind for r in vcs.RULES}
    others = {r.kind for f in FAMILIES if f is not vcs for r in f.RULES}
    assert not ours & others


@pytest.mark.parametrize(
    "value",
    [
        "sgp_" + fake(40, HEX, seed="t-sg"),
        "sgp_local_" + fake(40, HEX, seed="t-sg"),
        "sgp_" + fake(16, HEX, seed="t-sg-i") + "_" + fake(40, HEX, seed="t-sg"),
    ],
)
def test_sourcegraph_token_forms(value: str) -> None:
    found = default_engine().scan(f"token: {value}")
    assert [(f.kind, f.end - f.start) for f in found] == [("sourcegraph_access_token", len(value))]


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("GITEA_TOKEN", "gitea_access_token"),
        ("FORGEJO_TOKEN", "forgejo_access_token"),
        ("CODEBERG_TOKEN", "forgejo_access_token"),
        ("GOGS_TOKEN", "gogs_access_token"),
    ],
)
def test_forge_tokens_are_told_apart_by_name(name: str, kind: str) -> None:
    assert _kinds(f"{name}={fake(40, HEX, seed='t-forge')}") == [kind]


def test_gitlab_feature_flag_token_is_its_own_kind() -> None:
    assert _kinds(vcs.GITLAB_FEATURE_FLAG_CLIENT_TOKEN.examples.positives[0]) == [
        "gitlab_feature_flag_client_token"
    ]
