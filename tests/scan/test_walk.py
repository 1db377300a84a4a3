"""Walking a tree: ignore files at every level, size limit, stable order."""

from __future__ import annotations

from pathlib import Path

from veil.scan.walk import iter_files


def _tree(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)


def test_walk_honours_gitignore_and_veilignore_at_every_level(tmp_path: Path) -> None:
    _tree(
        tmp_path,
        {
            ".gitignore": "build/\n*.log\n",
            ".veilignore": "fixtures/\n",
            "a.py": "",
            "debug.log": "",
            "build/out.py": "",
            "fixtures/data.json": "",
            "pkg/.gitignore": "local.txt\n",
            "pkg/local.txt": "",
            "pkg/keep.txt": "",
            ".git/config": "",
        },
    )
    got = sorted(d for _, d in iter_files([tmp_path], max_size=10_000))
    root = str(tmp_path)
    expected = [".gitignore", ".veilignore", "a.py", "pkg/.gitignore", "pkg/keep.txt"]
    assert got == [f"{root}/{p}" for p in expected]


def test_walk_skips_files_over_the_size_limit(tmp_path: Path) -> None:
    _tree(tmp_path, {"small.txt": "x", "big.txt": "x" * 2000})
    assert [d.rsplit("/", 1)[1] for _, d in iter_files([tmp_path], max_size=1000)] == ["small.txt"]


def test_walk_applies_configured_excludes(tmp_path: Path) -> None:
    _tree(tmp_path, {"vendor/x.py": "", "src/y.py": ""})
    got = [d.rsplit("/", 1)[1] for _, d in iter_files([tmp_path], exclude=["vendor/"], max_size=99)]
    assert got == ["y.py"]
