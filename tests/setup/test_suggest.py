"""Suggestions from real repositories: remotes, package manifests, hosts in config files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.setup.conftest import git
from veil.setup.suggest import Suggestion, remote_parts, suggest, term_from


@pytest.mark.parametrize(
    ("url", "parts"),
    [
        ("https://github.com/acme-corp/billing.git", ("github.com", "acme-corp")),
        ("git@github.com:acme-corp/billing.git", ("github.com", "acme-corp")),
        ("ssh://git@git.acme.internal:2222/platform/billing", ("git.acme.internal", "platform")),
        ("https://user@GitLab.com/group/sub/project", ("gitlab.com", "group")),
        ("/srv/git/billing.git", None),
        ("file:///srv/git/billing.git", None),
        ("https://github.com/only-owner", None),
    ],
)
def test_remote_urls_give_host_and_owner(url: str, parts: tuple[str, str] | None) -> None:
    assert remote_parts(url) == parts


@pytest.mark.parametrize(
    ("name", "term"),
    [
        ("acme-corp", "acme corp"),
        ("Globex_Corp", "Globex Corp"),
        ("initech", "initech"),
        ("acme-web", "acme web"),
    ],
)
def test_names_become_terms_that_match_every_spelling(name: str, term: str) -> None:
    assert term_from(name) == term


@pytest.mark.parametrize(
    "name", ["api", "web", "Server", "ui", "x1", "42", "", "web-ui", "Frontend_App", "core.lib"]
)
def test_generic_or_short_names_are_not_terms(name: str) -> None:
    assert term_from(name) is None


def test_a_repository_suggests_owner_packages_and_internal_zones(repo: Path) -> None:
    git(repo, "remote", "add", "origin", "git@github.com:acme-corp/billing.git")
    git(repo, "remote", "add", "mirror", "https://git.initech.internal/platform/billing")
    (repo / "pyproject.toml").write_text('[project]\nname = "acme-billing"\n')
    (repo / "web").mkdir()
    (repo / "web" / "package.json").write_text(json.dumps({"name": "@globex/web"}))
    (repo / "go.mod").write_text("module github.com/hooli-xyz/billing\n\ngo 1.22\n")
    (repo / "Cargo.toml").write_text('[package]\nname = "pied_piper"\n')
    (repo / "setup.cfg").write_text("[metadata]\nname = umbrella\n")
    (repo / "deploy").mkdir()
    (repo / "deploy" / "values.yaml").write_text(
        "db: db.billing.corp.acme.example\n"
        "meta: metadata.google.internal\n"
        "docs: https://pypi.org/simple\n"
        "cache: redis.default.svc.cluster.local\n"
    )
    (repo / ".env.example").write_text("API_URL=https://api.billing.acme.internal/v1\n")
    (repo / "notes.md").write_text("see wiki.notes.internal\n")  # not a config file
    assert suggest(repo) == [
        Suggestion("term", "acme corp", "owner in git remote origin (github.com/acme-corp)"),
        Suggestion("term", "acme billing", "package name in pyproject.toml"),
        Suggestion("term", "umbrella", "package name in setup.cfg"),
        Suggestion("term", "pied piper", "package name in Cargo.toml"),
        Suggestion(
            "term",
            "hooli xyz",
            "module owner in go.mod, not the git remote's owner (a person?)",
            keep=False,
        ),
        Suggestion("term", "globex", "package scope in web/package.json"),
        Suggestion(
            "domain", "initech.internal", "host of git remote mirror (git.initech.internal)"
        ),
        Suggestion("domain", "acme.internal", ".env.example:1 (api.billing.acme.internal)"),
        Suggestion(
            "domain", "corp.acme.example", "deploy/values.yaml:1 (db.billing.corp.acme.example)"
        ),
    ]


def test_ignored_vendored_and_broken_files_suggest_nothing(repo: Path) -> None:
    (repo / ".gitignore").write_text("local.yaml\n")
    (repo / "local.yaml").write_text("db: db.ignored.internal\n")
    (repo / "node_modules" / "x").mkdir(parents=True)
    (repo / "node_modules" / "x" / "c.yaml").write_text("db: db.vendored.internal\n")
    (repo / "package.json").write_text("{not json")
    (repo / "pyproject.toml").write_text("[project\n")
    assert suggest(repo) == []


def test_a_value_seen_twice_is_suggested_once_where_first_seen(repo: Path) -> None:
    git(repo, "remote", "add", "origin", "https://github.com/acme/acme.git")
    (repo / "package.json").write_text(json.dumps({"name": "@acme/acme"}))
    (repo / "a.yaml").write_text("x: one.acme.internal\ny: two.acme.internal\n")
    assert suggest(repo) == [
        Suggestion("term", "acme", "owner in git remote origin (github.com/acme)"),
        Suggestion("domain", "acme.internal", "a.yaml:1 (one.acme.internal)"),
    ]


def test_a_folder_outside_git_is_walked_following_its_gitignore(tmp_path: Path) -> None:
    (tmp_path / ".gitignore").write_text("secret/\n")
    (tmp_path / "secret").mkdir()
    (tmp_path / "secret" / "a.yaml").write_text("db: db.hidden.internal\n")
    (tmp_path / "conf").mkdir()
    (tmp_path / "conf" / "app.ini").write_text("[db]\nhost = db.shown.corp\n")
    assert suggest(tmp_path) == [
        Suggestion("domain", "shown.corp", "conf/app.ini:2 (db.shown.corp)"),
    ]


def test_module_paths_machine_names_and_generic_names_are_not_suggested(repo: Path) -> None:
    git(repo, "remote", "add", "origin", "https://github.com/acme/billing.git")
    (repo / "package.json").write_text(json.dumps({"name": "@acme/web-ui"}))
    (repo / "pyproject.toml").write_text(
        '[project]\nname = "acme-billing"\n[[tool.mypy.overrides]]\n'
        'module = "acme_billing.internal.*"\n'
        '[tool.ruff.lint.isort]\nknown-first-party = ["billing.internal"]\n'
    )
    (repo / "docker-compose.yml").write_text(
        "services:\n  web:\n    environment:\n"
        "      DJANGO_SETTINGS_MODULE: config.settings.local\n"
        "      REDIS_URL: redis://cache.acme.internal:6379\n"
    )
    (repo / "k8s.yaml").write_text("env:\n  - name: MDNS\n    value: alice-macbook-pro.local\n")
    (repo / "pom.xml").write_text(
        "<project><excludes>\n<exclude>com.google.gson.internal</exclude>\n</excludes>\n"
        "<annotation>com.google.gson.internal.bind.IgnoreJRERequirement</annotation>\n"
        "</project>\n"
    )
    (repo / "proguard.conf").write_text("-dontnote module-info,jdk.internal.**\n")
    assert suggest(repo) == [
        Suggestion("term", "acme", "owner in git remote origin (github.com/acme)"),
        Suggestion("term", "acme billing", "package name in pyproject.toml"),
        Suggestion("domain", "acme.internal", "docker-compose.yml:5 (cache.acme.internal)"),
    ]


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("user.email", "jdoe@example.invalid"),
        ("user.email", "123+jdoe@users.noreply.github.invalid"),
        ("user.name", "John Doe"),
        ("user.name", "jdoe"),
    ],
)
def test_an_owner_that_is_the_git_user_is_marked_as_a_person_and_defaults_to_no(
    repo: Path, key: str, value: str
) -> None:
    git(repo, "remote", "add", "origin", "git@github.com:jdoe/dotfiles.git")
    git(repo, "config", key, value)
    assert suggest(repo) == [
        Suggestion(
            "term", "jdoe", "owner in git remote origin (github.com/jdoe) (a person?)", False
        )
    ]


def test_an_owner_that_is_the_login_is_marked_as_a_person(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    git(repo, "remote", "add", "origin", "git@github.com:jdoe/dotfiles.git")
    git(repo, "remote", "add", "work", "git@github.com:acme-corp/billing.git")
    monkeypatch.setenv("USER", "JDoe")
    assert [(s.value, s.keep) for s in suggest(repo)] == [("jdoe", False), ("acme corp", True)]


def test_a_go_module_owner_that_is_the_remote_owner_is_kept(repo: Path) -> None:
    git(repo, "remote", "add", "origin", "https://github.com/gitleaks/gitleaks.git")
    (repo / "go.mod").write_text("module github.com/gitleaks/gitleaks/v8\n")
    assert suggest(repo) == [
        Suggestion("term", "gitleaks", "owner in git remote origin (github.com/gitleaks)")
    ]
