"""Paths a text names: in its prose and in the names of its fenced blocks; path-like words."""

from __future__ import annotations

import pytest

from veil.policy.mentions import PathRef, looks_like_path, text_paths


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
