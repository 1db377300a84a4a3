"""The tools' work in process: the limits that keep a result small, and refusals as UsageError."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.factories import aws_key_id
from veil.config import Settings
from veil.errors import UsageError
from veil.mcp import tools
from veil.mcp.tools import Toolbox


@pytest.fixture
def box(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Toolbox:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))  # the vault key
    monkeypatch.chdir(tmp_path)
    return Toolbox(Settings(), vault_dir=tmp_path / "data")


def test_scan_lists_the_first_findings_and_says_how_many_more(
    box: Toolbox, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(tools, "MAX_FINDINGS", 2)
    text = "".join(f"key {aws_key_id(str(i))}\n" for i in range(3))
    out = box.scan(None, text)
    assert out.total == 3 and out.truncated
    assert [f.line for f in out.findings] == [1, 2]


def test_scan_refuses_a_tree_of_too_many_files(
    box: Toolbox, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(tools, "MAX_SCAN_FILES", 2)
    for name in "abc":
        (tmp_path / f"{name}.txt").write_text("x\n")
    with pytest.raises(UsageError, match="more than 2 files; run `veil scan`"):
        box.scan(".", None)
    assert box.scan("a.txt", None).scanned == 1


def test_a_text_too_long_is_refused_before_any_work(
    box: Toolbox, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(tools, "MAX_TEXT_CHARS", 10)
    for call in (
        lambda: box.sanitize("x" * 11, None),
        lambda: box.restore("x" * 11),
        lambda: box.check("x" * 11, None),
        lambda: box.scan(None, "x" * 11),
    ):
        with pytest.raises(UsageError, match="longer than 10 characters"):
            call()


def test_read_file_refuses_what_is_not_a_regular_file(box: Toolbox) -> None:
    with pytest.raises(UsageError, match="not a regular file"):
        box.read_file("/dev/null")


def test_read_file_refuses_a_path_the_config_denies(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    settings = Settings.model_validate(
        {"policy": {"files": {"deny": ["config/prod.yml"], "allow": [".env.test"]}}}
    )
    box = Toolbox(settings, vault_dir=tmp_path / "data")
    (tmp_path / "config").mkdir(exist_ok=True)
    (tmp_path / "config" / "prod.yml").write_text("db: x\n")
    (tmp_path / ".env.test").write_text("DEBUG=1\n")
    with pytest.raises(UsageError, match="deny list"):
        box.read_file(str(tmp_path / "config" / "prod.yml"))
    assert box.read_file(str(tmp_path / ".env.test")).text == "DEBUG=1\n"


def test_paths_in_results_are_disguised_and_never_resolved(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.chdir(tmp_path)
    box = Toolbox(Settings.model_validate({"org": {"terms": ["Acme"]}}), vault_dir=tmp_path / "d")
    (tmp_path / "acme_internal").mkdir()
    real = tmp_path / "acme_internal" / "acme_client.py"
    real.write_text(f"KEY = '{aws_key_id('mcp-paths')}'\n")
    (tmp_path / "notes.py").symlink_to(real)
    read = box.read_file("notes.py")
    assert read.path == "notes.py"  # not where the link points
    scanned = box.scan("acme_internal", None)
    assert [f.path for f in scanned.findings] == ["org1_internal/org1_client.py"]
