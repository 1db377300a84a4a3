"""veil's hook added to a pre-commit config as text: comments and layout kept, result checked."""

from __future__ import annotations

import pytest
import yaml

from veil.setup.precommit import LOCAL_REPO, PreCommitConfigError, runs_veil, with_veil

BLACK = {"repo": "https://github.com/psf/black", "rev": "24.1.0", "hooks": [{"id": "black"}]}


@pytest.mark.parametrize(
    "text",
    [
        "repos:\n- repo: local\n  hooks:\n  - id: mine\n    entry: veil scan --staged\n",
        "repos:\n  - repo: https://example.invalid/veil\n    hooks:\n      - id: veil\n",
        "repos:\n  - repo: https://example.invalid/veil\n    hooks:\n      - id: 'veil-files'\n",
        "repos:\n- repo: local\n  hooks:\n  - id: x\n    entry: python3 -m veil scan --staged\n",
    ],
)
def test_a_config_that_lists_veil_runs_veil(text: str) -> None:
    assert runs_veil(text)


@pytest.mark.parametrize(
    "text",
    [
        "repos:\n  - repo: x\n    hooks:\n      - id: black\n",
        "repos:\n  - repo: x\n    hooks:\n      # - id: veil\n      - id: black\n",
        "repos:\n  - repo: x\n    hooks:\n      - id: veilcheck\n",
        "repos:\n  - repo: local\n    hooks:\n      - id: x\n        entry: unveil scan\n",
    ],
)
def test_a_config_without_veil_or_with_veil_commented_out_does_not(text: str) -> None:
    assert not runs_veil(text)


def test_comments_and_layout_are_kept_and_the_hook_goes_at_the_end_of_repos() -> None:
    text = (
        "# team hooks\n"
        "default_install_hook_types: [pre-commit]\n"
        "repos:\n"
        "-   repo: https://github.com/psf/black  # formatter\n"
        "    rev: 24.1.0\n"
        "    hooks:\n"
        "    -   id: black\n"
        "\n"
        "# trailing note\n"
        "fail_fast: false\n"
    )
    result = with_veil(text)
    assert result.startswith(text.split("\n# trailing note")[0])
    assert result.endswith("\n# trailing note\nfail_fast: false\n")
    assert "- repo: local\n" in result
    doc = yaml.safe_load(result)
    assert doc["repos"] == [BLACK, LOCAL_REPO]
    assert doc["fail_fast"] is False
    assert runs_veil(result)
    assert not runs_veil(text)


def test_indented_lists_keep_their_indentation() -> None:
    text = (
        "repos:\n  - repo: https://github.com/psf/black\n"
        "    rev: 24.1.0\n    hooks:\n      - id: black\n"
    )
    result = with_veil(text)
    assert "\n  - repo: local\n    hooks:\n      - id: veil\n" in result
    assert yaml.safe_load(result)["repos"] == [BLACK, LOCAL_REPO]


def test_an_empty_config_or_one_with_only_comments_gets_a_repos_list() -> None:
    assert yaml.safe_load(with_veil("")) == {"repos": [LOCAL_REPO]}
    result = with_veil("# nothing yet")
    assert result.startswith("# nothing yet\nrepos:\n")
    assert yaml.safe_load(result) == {"repos": [LOCAL_REPO]}


def test_windows_line_endings_stay_windows_line_endings() -> None:
    result = with_veil("repos:\r\n- repo: local\r\n  hooks:\r\n  - id: mine\r\n    entry: x\r\n")
    assert "\n" not in result.replace("\r\n", "")
    assert len(yaml.safe_load(result)["repos"]) == 2


@pytest.mark.parametrize(
    ("text", "first_line"),
    [
        ("\ufeffrepos:\n  - repo: https://github.com/psf/black\n", "\ufeffrepos:\n"),
        ("'repos':\n  - repo: https://github.com/psf/black\n", "'repos':\n"),
        ('"repos":\n  - repo: https://github.com/psf/black\n', '"repos":\n'),
        ("repos: []\n", "repos:\n"),
        ("repos: []  # none yet\n", "repos: # none yet\n"),
    ],
)
def test_a_byte_order_mark_a_quoted_key_and_an_empty_flow_list_are_handled(
    text: str, first_line: str
) -> None:
    result = with_veil(text)
    assert result.splitlines(keepends=True)[0] == first_line
    before = yaml.safe_load(text)["repos"] or []
    assert yaml.safe_load(result)["repos"] == [*before, LOCAL_REPO]
    assert runs_veil(result)


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("repos: [{repo: local, hooks: []}]\n", "writes `repos:` on one line"),
        ("minimum_pre_commit_version: 3.0.0\n", "has no top-level `repos:` list"),
        ("repos:\n  - repo: x\n    hooks: [\n", "is not valid YAML"),
        ("repos:\n  not: a list\n", "could not be edited safely"),
    ],
)
def test_a_config_the_text_edit_cannot_handle_is_refused(text: str, reason: str) -> None:
    with pytest.raises(PreCommitConfigError, match=reason):
        with_veil(text)
