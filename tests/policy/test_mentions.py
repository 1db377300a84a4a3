"""Paths a text names: in its prose and in the names of its fenced blocks; path-like words."""

from __future__ import annotations

import pytest

from veil.policy.mentions import PathRef, looks_like_path, result_paths, text_paths


@pytest.mark.parametrize(
    ("text", "refs"),
    [
        ("fix src/payments/ledger.py please", [("src/payments/ledger.py", "prompt")]),
        ("what is in ./.env?", [("./.env", "prompt")]),
        (
            "read ~/.ssh/id_rsa and /home/u/proj/x.ts.",
            [("~/.ssh/id_rsa", "prompt"), ("/home/u/proj/x.ts", "prompt")],
        ),
        ("explain @src/app.ts", [("src/app.ts", "prompt")]),
        ("see `config/settings.yml`", [("config/settings.yml", "prompt")]),
        ("the error is in src/a.py:12:5", [("src/a.py", "prompt")]),
        ("the .env file", [(".env", "prompt")]),
        ("edit Makefile and setup.cfg", [("Makefile", "prompt"), ("setup.cfg", "prompt")]),
        ("see [the guide](docs/guide.md)", [("docs/guide.md", "prompt")]),
        (r"open C:\Users\dev\app\.env", [(r"C:\Users\dev\app\.env", "prompt")]),
        ("```python src/x.py\nprint(1)\n```", [("src/x.py", "fence")]),
        ('```py title="src/y.py"\nx\n```', [("src/y.py", "fence")]),
        ("```src/w.py\nx\n```", [("src/w.py", "fence")]),
        ("```ts:src/z.ts\nx\n```", [("src/z.ts", "fence")]),
        ("```12:15:src/app.ts\nx\n```", [("src/app.ts", "fence")]),
        ("src/aider.py\n```python\nx = 1\n```", [("src/aider.py", "fence")]),
        ("```json\n{}\n```", []),
        ("```python\nfrom lib import util  # see lib/util.py\n```", [("lib/util.py", "prompt")]),
        # Not paths
        ("see https://example.com/a/b.py and www.example.com", []),
        ("and/or I/O TCP/IP w/o 12/05/2024 1/2", []),
        ("mail bob@example.com about Node.js and .NET, e.g. this...", []),
        ("a plain sentence with words only.", []),
        ("the pattern src/**/*.ts", []),
        # Diff headers (`git diff | veil check -`): the files, without git's a/ and b/
        (
            "diff --git a/src/pay/x.py b/src/pay/x.py\nindex 1..2 100644\n--- a/src/pay/x.py\n"
            "+++ b/src/pay/x.py\n@@ -1 +1 @@\n-a = 1\n+a = 2  # docs/a.md\n",
            [("src/pay/x.py", "diff"), ("docs/a.md", "prompt")],
        ),
        (
            "see:\ndiff --git a/old.py b/new.py\nsimilarity index 90%\n",
            [("old.py", "diff"), ("new.py", "diff")],
        ),
        ("--- a/Makefile\n+++ b/Makefile\n", [("Makefile", "diff")]),
        ("--- /dev/null\n+++ b/LICENSE\n", [("LICENSE", "diff")]),
    ],
)
def test_text_paths(text: str, refs: list[tuple[str, str]]) -> None:
    assert text_paths(text) == [PathRef(p, w) for p, w in refs]


@pytest.mark.parametrize(
    ("token", "expected"),
    [
        ("src/payments", True),
        ("a.py", True),
        (".gitignore", True),
        ("id_ed25519", True),
        ("version1.2", False),
        ("example.com", False),
        ("https://x/y.py", False),
        ("", False),
    ],
)
def test_looks_like_path(token: str, expected: bool) -> None:
    assert looks_like_path(token) is expected


@pytest.mark.parametrize(
    ("text", "paths"),
    [
        (
            "diff --git a/src/x.py b/src/x.py\n--- a/src/x.py\n+++ b/src/x.py\n+see lib/y.py",
            ["src/x.py"],
        ),
        (
            "src/pay/x.py:12:FEE = 3\nsrc/pay/x.py:13:x\n./lib/y.go:3:z\n",
            ["src/pay/x.py", "lib/y.go"],
        ),
        ("C:\\w\\app.py:3:x = 1", ["C:\\w\\app.py"]),
        ("tests/test_a.py:12: AssertionError", ["tests/test_a.py"]),
        # Not files shown
        ("import x from 'lib/hidden.ts'", []),
        ("12:30:45 started\nat 10:20:30 done\nkey:1:2", []),
        ("a b/c.py:1:2", []),
        ("", []),
    ],
)
def test_result_paths(text: str, paths: list[str]) -> None:
    assert result_paths(text) == [PathRef(p, "result") for p in paths]


def test_result_paths_look_at_each_line_once() -> None:
    line = "x:1:" * 50_000 + "\n"
    assert result_paths(line * 4) == []
    assert result_paths("src/a.py:1:" + "x" * 100_000) == [PathRef("src/a.py", "result")]


def test_without_prose_only_what_carries_content_is_read() -> None:
    text = (
        "see src/app/main.py and docs/notes.md\n"
        "```python src/app/cli.py\nprint(1)\n```\n"
        "diff --git a/.env b/.env\n+++ b/.env\n"
    )
    every = {(r.path, r.where) for r in text_paths(text)}
    assert {("src/app/main.py", "prompt"), ("src/app/cli.py", "fence"), (".env", "diff")} <= every
    assert {(r.path, r.where) for r in text_paths(text, prose=False)} == {
        ("src/app/cli.py", "fence"),
        (".env", "diff"),
    }
