"""The clipboard through real executables on PATH: the first tool found, its failures, none."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from veil.cli.clipboard import ClipboardError, copy_text


def _tool(folder: Path, name: str, record: Path, exit_code: int = 0) -> None:
    """An executable `name` in `folder` that writes its arguments and stdin to `record`."""
    script = folder / name
    script.write_text(
        f"#!{sys.executable}\nimport sys\n"
        f"data = sys.stdin.buffer.read()\n"
        f"open({str(record)!r}, 'wb').write(' '.join(sys.argv[1:]).encode() + b'|' + data)\n"
        f"sys.exit({exit_code})\n"
    )
    script.chmod(0o755)


def test_the_first_tool_in_order_gets_the_text(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _tool(tmp_path, "pbcopy", tmp_path / "pbcopy.out")
    _tool(tmp_path, "xsel", tmp_path / "xsel.out")
    monkeypatch.setenv("PATH", str(tmp_path))
    assert copy_text("héllo\n") == "xsel"
    assert (tmp_path / "xsel.out").read_bytes() == "--clipboard --input|héllo\n".encode()
    assert not (tmp_path / "pbcopy.out").exists()


def test_a_failing_tool_is_an_error_naming_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _tool(tmp_path, "wl-copy", tmp_path / "out", exit_code=1)
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(ClipboardError, match=r"^wl-copy failed \(exit 1\)$"):
        copy_text("x")


def test_no_tool_on_path_is_an_error_listing_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(ClipboardError, match=r"no clipboard tool found on PATH \(wl-copy, xclip"):
        copy_text("x")
