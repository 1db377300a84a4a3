"""Forbidden files by name."""

from __future__ import annotations

import pytest

from veil.detect import scan_text
from veil.detect.files import DenyList, is_forbidden


@pytest.mark.parametrize(
    "path",
    [
        ".env",
        "app/.env.production",
        "/home/u/.ssh/id_ed25519",
        "id_rsa",
        ".aws/credentials",
        "certs/server.pem",
        "tls.key",
        "prod.tfstate",
        ".netrc",
        "deploy/.kube/config",
        ".npmrc",
    ],
)
def test_forbidden_files(path: str) -> None:
    assert is_forbidden(path)


@pytest.mark.parametrize(
    "path",
    [
        ".env.example",
        "a/.env.sample",
        ".ssh/id_rsa.pub",
        ".ssh/known_hosts",
        "src/env.py",
        "environment.ts",
        "keys.py",
        "README.md",
    ],
)
def test_ordinary_files(path: str) -> None:
    assert not is_forbidden(path)


def test_scan_text_with_a_forbidden_path_reports_the_file() -> None:
    (finding,) = scan_text("DEBUG=1\n", path="svc/.env")
    assert (finding.category.value, finding.kind) == ("file", "forbidden_file")


@pytest.mark.parametrize(
    "path",
    [
        ".env.local",
        "config/.env.production",
        "id_rsa.old",
        "backup/id_ed25519_sk",
        "C:\\Users\\u\\.ssh\\id_ecdsa",
        "keys/serviceAccountKey.json",
        "prod.kubeconfig",
        "kubeconfig",
        "~/.kube/config",
        "infra/terraform.tfstate",
        ".pypirc",
        "creds/credentials.json",
        "putty.ppk",
        ".env/settings",  # a folder of env files, one level deep
    ],
)
def test_forbidden_files_the_issue_lists(path: str) -> None:
    assert is_forbidden(path)


@pytest.mark.parametrize(
    "path",
    [
        "id_rsa.pub",
        "~/.ssh/id_ed25519.pub",
        "keys/deploy.pub",
        ".env/lib/python3.12/site-packages/six.py",  # a virtualenv named `.env`
        "kube/config.go",
        "src/credentials.ts",
    ],
)
def test_not_forbidden(path: str) -> None:
    assert not is_forbidden(path)


def test_deny_list_extra_and_allow() -> None:
    deny = DenyList(extra=["config/prod.yml", "*.secret"], allow=[".env.local", "app/.env.test"])
    assert deny.denies("/home/u/proj/config/prod.yml")
    assert deny.denies("a/b.secret")
    assert not deny.denies("config/dev.yml")
    assert not deny.denies(".env.local") and not deny.denies("/w/app/.env.local")
    assert not deny.denies("app/.env.test")
    assert deny.denies("other/.env.test")  # the exception is for that path only
    assert deny.denies(".env") and not deny.denies(".env.example")


def test_deny_list_defaults_are_is_forbidden() -> None:
    for path in (".env", ".env.example", "id_rsa", "id_rsa.pub", "README.md"):
        assert DenyList().denies(path) is is_forbidden(path)
    assert DenyList(extra=["", "  "], allow=[""]).denies(".env")
