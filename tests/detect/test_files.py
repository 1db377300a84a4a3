"""Forbidden files by name."""

from __future__ import annotations

import pytest

from veil.detect import scan_text
from veil.detect.files import is_forbidden


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
