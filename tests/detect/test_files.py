"""Forbidden files by name."""

from __future__ import annotations

import pytest

from veil.detect import scan_text
from veil.detect.files import SAMPLE_NAMES, DenyList, is_forbidden


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


@pytest.mark.parametrize(
    "path",
    [
        ".ENV",
        "App/.Env.Local",
        "certs/server.PEM",
        "ID_RSA",
        "C:\\Users\\U\\.SSH\\Id_Ed25519",
        ".AWS/Credentials",
        "keys/ServiceAccountKey.JSON",
    ],
)
def test_the_deny_list_ignores_case(path: str) -> None:
    # macOS and Windows file systems ignore case: `.ENV` is the `.env` file there.
    assert is_forbidden(path)


@pytest.mark.parametrize("path", [".ENV.EXAMPLE", "a/.Env.Sample", "ID_RSA.PUB", "keys/Deploy.PUB"])
def test_the_exceptions_ignore_case_too(path: str) -> None:
    assert not is_forbidden(path)


def test_configured_patterns_ignore_case() -> None:
    deny = DenyList(extra=["Config/prod.yml"], allow=[".env.LOCAL"])
    assert deny.denies("/w/config/PROD.yml")
    assert not deny.denies("/w/.ENV.local")


@pytest.mark.parametrize(
    "path",
    [
        ".config/gcloud/credentials.db",
        "/home/u/.config/gcloud/application_default_credentials.json",
        "C:\\Users\\u\\.config\\gcloud\\credentials.db",
    ],
)
def test_patterns_of_three_components_hold(path: str) -> None:
    assert is_forbidden(path)


@pytest.mark.parametrize(
    "path", [".env/bin/activate", "proj/.env/lib/site.py", "gcloud/credentials.db", "x.db"]
)
def test_three_components_reach_no_deeper_than_their_patterns(path: str) -> None:
    assert not is_forbidden(path)


def test_long_paths_are_answered_but_not_remembered() -> None:
    deny = DenyList()
    long = "a/" * 2000 + ".env"
    assert deny.denies(long) and deny.denies(long)
    assert deny.denies("b/.env")
    assert list(deny._seen) == ["b/.env"]  # the memory a hostile request can take is bounded


def test_sample_names_are_derived_from_the_patterns() -> None:
    assert {".env", "x.pem", "id_rsa", "credentials", "config", "credentials.db"} <= set(
        SAMPLE_NAMES
    )
    assert all(n == n.lower() for n in SAMPLE_NAMES)
    assert not any(n.endswith(".pub") or n == ".env.example" for n in SAMPLE_NAMES)
