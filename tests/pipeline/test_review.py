"""Reviewing a change: added lines from real git repositories, the business comments among
them (judged on their added part, found in the whole file), and the check of each file."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from tests.factories import aws_key_id
from veil.config import Settings, active_rules
from veil.detect import recall
from veil.detect.engine import Engine
from veil.errors import UsageError
from veil.pipeline.decide import Destination, PolicyStage
from veil.pipeline.request import Pipeline
from veil.pipeline.review import added_only, business_added, changes, review, top_level
from veil.policy.registry import load_registry
from veil.policy.tiers import Tier
from veil.scan.sources import Source

PROVIDERS = [Destination("chat", load_registry().get("anthropic"))]

BEFORE = 'def total(rows):\n    """Sum the rows.\n\n    Plain words.\n    """\n    return 1\n'
AFTER = (
    'def total(rows):\n    """Sum the rows.\n\n    Acme Corp pays $40k a year for this.\n    """\n'
    "    # Initech complained about rounding, see PAY-12\n    return 1  # retry later\n"
)


def git(repo: Path, *args: str) -> str:
    done = subprocess.run(["git", *args], cwd=repo, capture_output=True, text=True, check=True)
    return done.stdout


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    git(tmp_path, "init", "-q")
    git(tmp_path, "config", "user.email", "dev@example.com")
    git(tmp_path, "config", "user.name", "veil-test")
    (tmp_path / "app.py").write_text(BEFORE)
    (tmp_path / "gone.py").write_text("# Initech complained\n")
    git(tmp_path, "add", ".")
    git(tmp_path, "commit", "-qm", "first")
    return tmp_path


def pipeline(comments: str = "business") -> Pipeline:
    settings = Settings.model_validate({"disguise": {"comments": comments}})
    engine = Engine(active_rules(settings) + recall.RULES, recall=True)
    return Pipeline(engine, PolicyStage(settings))


def test_added_only_keeps_line_numbers() -> None:
    assert added_only("a\nb\nc\n", {2}) == "\nb\n\n"


def test_business_added_judges_the_added_part_found_in_the_whole_file() -> None:
    found, spans = business_added("app.py", AFTER, {4, 6, 7})
    assert [(c.line, c.cues, c.docstring) for c in found] == [
        (4, ("money", "customer-named"), True),
        (6, ("customer-named", "ticket"), False),
    ]
    kept = added_only(AFTER, {4, 6, 7})
    assert [kept[s.start : s.end] for s in spans] == [
        "    Acme Corp pays $40k a year for this.",
        "# Initech complained about rounding, see PAY-12",
    ]
    assert found[1].excerpt == "# Initech complained about rounding, see PAY-12"


def test_a_business_comment_on_unchanged_lines_is_not_reported() -> None:
    assert business_added("app.py", AFTER, {7}) == ([], [])


def test_a_long_excerpt_is_cut() -> None:
    text = "# Initech complained " + "about the export format " * 5 + "\nx = 1\n"
    [found], _ = business_added("a.py", text, {1})
    assert len(found.excerpt) == 60 and found.excerpt.endswith("…")


def test_changes_against_the_work_tree(repo: Path) -> None:
    (repo / "app.py").write_text(AFTER)
    (repo / "gone.py").unlink()
    (repo / "untracked.py").write_text("# Initech complained\n")
    [source] = changes(repo, "HEAD")
    assert source.path == "app.py"
    assert source.line_numbers == (4, 6, 7)
    assert source.whole is not None and source.whole() == AFTER


def test_changes_of_a_range_read_the_end_of_it(repo: Path) -> None:
    (repo / "app.py").write_text(AFTER)
    git(repo, "commit", "-qam", "second")
    (repo / "app.py").write_text("changed again\n")
    for rev in ("HEAD~1..HEAD", "HEAD~1...HEAD", "HEAD~1.."):
        [source] = changes(repo, rev)
        assert source.whole is not None and source.whole() == AFTER


def test_changes_from_a_subdirectory_name_files_from_the_root(repo: Path) -> None:
    (repo / "pkg").mkdir()
    (repo / "pkg" / "mod.py").write_text("x = 1\n")
    git(repo, "add", ".")
    [source] = changes(repo / "pkg", "HEAD")
    assert source.path == "pkg/mod.py" and top_level(repo / "pkg") == repo.resolve()


@pytest.mark.parametrize("rev", ["", "--output=x", "no-such-rev"])
def test_bad_revisions_are_usage_errors(repo: Path, rev: str) -> None:
    with pytest.raises(UsageError):
        changes(repo, rev)


def test_outside_a_repository_is_a_usage_error(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="is not inside a git work tree; run it in a repository"):
        changes(tmp_path, "HEAD")


def test_review_counts_business_comments_as_internal_findings(repo: Path) -> None:
    (repo / "app.py").write_text(AFTER)
    [source] = changes(repo, "HEAD")
    reviewed = review(pipeline(), source, PROVIDERS, root=repo)
    assert reviewed.result.name == "app.py" and reviewed.result.tier is Tier.INTERNAL
    assert [str(r) for r in reviewed.result.reasons] == ["finding:business_comment x2"]
    assert not reviewed.result.blocked
    data = reviewed.to_dict()
    assert data["comments"] == [
        {"path": "app.py", "line": 4, "cues": ["money", "customer-named"]},
        {"path": "app.py", "line": 6, "cues": ["customer-named", "ticket"]},
    ]


def test_review_checks_only_added_lines_for_findings(repo: Path) -> None:
    key = aws_key_id("review")
    (repo / "app.py").write_text(BEFORE + f"KEY = '{key}'\n")
    [source] = changes(repo, "HEAD")
    reviewed = review(pipeline(), source, PROVIDERS, root=repo)
    assert reviewed.result.tier is Tier.RESTRICTED and reviewed.comments == ()
    assert key not in str(reviewed.to_dict())


def test_with_comments_kept_they_are_listed_but_no_reason(repo: Path) -> None:
    (repo / "app.py").write_text(AFTER)
    [source] = changes(repo, "HEAD")
    reviewed = review(pipeline("keep"), source, PROVIDERS, root=repo)
    assert reviewed.result.tier is Tier.PUBLIC and len(reviewed.comments) == 2


def test_review_without_the_whole_file_uses_the_added_lines() -> None:
    source = Source("a.py", "# Initech complained\nx = 1", (3, 4))
    reviewed = review(pipeline(), source, PROVIDERS, root=Path("/repo"))
    assert [(c.line, c.path) for c in reviewed.comments] == [(3, "a.py")]
