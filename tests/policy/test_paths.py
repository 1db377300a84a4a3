"""Paths in requests: shell commands, tool inputs, prompt text, fenced blocks; `[policy.paths]`."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from veil.policy.paths import (
    PathPolicy,
    PathRef,
    call_paths,
    looks_like_path,
    request_paths,
    shell_paths,
    shell_writes,
    text_paths,
)


@pytest.mark.parametrize(
    ("command", "reads"),
    [
        ("cat .env", [".env"]),
        ("cat .env | grep KEY", [".env"]),
        ('bash -lc "cd app && head -n 5 .env"', ["app/.env"]),
        ("sed -n '1,20p' config/.env.production", ["config/.env.production"]),
        ("sed -e 's/a/b/' -n notes.txt", ["notes.txt"]),
        ("wc -l < .env 2>&1", [".env"]),
        ("python manage.py migrate < db/seed.sql", ["db/seed.sql"]),
        ("head -20 src/app.py && tail -n 5 logs/app.log", ["src/app.py", "logs/app.log"]),
        ("grep -rn API_KEY .env src/", [".env", "src/"]),
        ("grep -e KEY -e TOKEN -- .env", [".env"]),
        ('rg -n --glob "*.py" TODO src', ["src"]),
        ("rg --files src", ["src"]),
        ("awk -F= '{print $1}' .env", [".env"]),
        ("jq .client_email credentials.json", ["credentials.json"]),
        ("less +G app.log; more NOTES", ["app.log", "NOTES"]),
        ("cd /srv/app; tail -n 20 logs/app.log", ["/srv/app/logs/app.log"]),
        ("cd app && cd .. && cat .env", [".env"]),
        ("sudo -u root cat /etc/shadow", ["/etc/shadow"]),
        ("FOO=1 timeout 5 head -c 100 ~/.ssh/id_rsa", ["~/.ssh/id_rsa"]),
        ("echo $(cat .env)", [".env"]),
        ("echo `cat .env`", [".env"]),
        ("source .env && env", [".env"]),
        (". ./.env.local", ["./.env.local"]),
        ("base64 -i .env", [".env"]),
        ("xxd -l 64 server.key | od -c", ["server.key"]),
        ("git show HEAD:.env", [".env"]),
        ("git --no-pager -C app log -p -- .env", [".env"]),
        ("git log --oneline main", []),
        ("cat -n .env", [".env"]),
        ("grep --color KEY .env", [".env"]),
        ("grep -E -o 'KEY|TOKEN' .env", [".env"]),
        ("nl -ba .env", [".env"]),
        ("Select-String -Path .env -Pattern KEY", [".env"]),
        ("git diff main -- config/.env.production", ["config/.env.production"]),
        ("cat .env*", [".env*"]),
        ("diff .env .env.example", [".env", ".env.example"]),
        ("cat <<'EOF' > notes.md\ncat .env\nEOF\ncat README.md", ["README.md"]),
        ('cat "unclosed', ["unclosed"]),
        # PowerShell and cmd.exe
        ("Get-Content -Path .env -Raw", [".env"]),
        ("gc .env -TotalCount 5", [".env"]),
        ('powershell -Command "Get-Content .env"', [".env"]),
        ("cmd /c type .env", [".env"]),
        # Not reads
        ("echo .env", []),
        ("ls -la .ssh", []),
        ("cp .env.example .env", []),
        ("npm test", []),
        ("", []),
    ],
)
def test_shell_paths(command: str, reads: list[str]) -> None:
    assert shell_paths(command) == reads


@pytest.mark.parametrize(
    ("argv", "reads"),
    [
        (["bash", "-lc", "cat .env"], [".env"]),
        (["zsh", "-c", "cd api && sed -n 1,5p .env"], ["api/.env"]),
        (["cat", ".env"], [".env"]),
        (["pwsh", "-Command", "Get-Content", ".env"], [".env"]),
        (["apply_patch", "*** Begin Patch\n*** Update File: .env\n*** End Patch"], []),
        (["ls"], []),
    ],
)
def test_shell_paths_of_an_argv(argv: list[str], reads: list[str]) -> None:
    assert shell_paths(argv) == reads


@pytest.mark.parametrize(
    ("command", "writes"),
    [
        ("echo KEY=test-value-not-secret >> .env", [".env"]),
        ("cat > .env <<'EOF'\nKEY=test-value-not-secret\nEOF", [".env"]),
        ("printf x | tee -a config/.env.local", ["config/.env.local"]),
        ("make 2>&1", []),
        ("cat .env", []),
    ],
)
def test_shell_writes(command: str, writes: list[str]) -> None:
    assert shell_writes(command) == writes


@pytest.mark.parametrize("command", ["cat 'a b", "((((", "|||", ";;;", "\\", "<", "cd", "'"])
def test_shell_paths_never_raise(command: str) -> None:
    shell_paths(command)
    shell_writes(command)


_PATCH = (
    "*** Begin Patch\n*** Update File: src/app.py\n@@\n-a\n+b\n"
    "*** Add File: docs/new.md\n+hello\n*** Delete File: old.txt\n"
    "*** Update File: a.py\n*** Move to: b.py\n*** End Patch\n"
)


@pytest.mark.parametrize(
    ("name", "arguments", "refs"),
    [
        ("Read", {"file_path": "/home/dev/app/.env"}, [("/home/dev/app/.env", "tool")]),
        (
            "Edit",
            {"file_path": "src/a.py", "old_string": "x", "new_string": "y"},
            [("src/a.py", "tool")],
        ),
        (
            "NotebookEdit",
            {"notebook_path": "nb/a.ipynb", "new_source": "x"},
            [("nb/a.ipynb", "tool")],
        ),
        ("Grep", {"pattern": "KEY", "path": ".env", "glob": "*.py"}, [(".env", "tool")]),
        ("Glob", {"pattern": "**/*.ts", "path": "src"}, [("src", "tool")]),
        ("Bash", {"command": "cat .env | head -3", "description": "Show"}, [(".env", "shell")]),
        (
            "mcp__filesystem__read_multiple_files",
            {"paths": ["a.md", "b/c.ts"]},
            [("a.md", "tool"), ("b/c.ts", "tool")],
        ),
        ("mcp__filesystem__read_text_file", {"path": "notes.txt"}, [("notes.txt", "tool")]),
        ("exec_command", {"cmd": "cat .env", "workdir": "/w"}, [(".env", "shell")]),
        ("shell", {"command": ["bash", "-lc", "head -n 3 .env"]}, [(".env", "shell")]),
        ("shell_command", {"command": "Get-Content .env"}, [(".env", "shell")]),
        (
            "shell",
            {"command": ["apply_patch", _PATCH]},
            [(p, "patch") for p in ("src/app.py", "docs/new.md", "old.txt", "a.py", "b.py")],
        ),
        (
            "exec_command",
            {
                "cmd": "apply_patch <<'EOF'\n*** Begin Patch\n*** Add File: .env\n+K=v\n"
                "*** End Patch\nEOF"
            },
            [(".env", "patch")],
        ),
        (
            "apply_patch",
            _PATCH,
            [(p, "patch") for p in ("src/app.py", "docs/new.md", "old.txt", "a.py", "b.py")],
        ),
        (
            "apply_patch",
            {"input": "*** Begin Patch\n*** Update File: .env\n*** End Patch"},
            [(".env", "patch")],
        ),
        ("local_shell_call", {"command": ["cat", ".npmrc"]}, [(".npmrc", "shell")]),
        ("shell_call", {"commands": ["cat .env", "ls"]}, [(".env", "shell")]),
        ("read_file", {"file_path": "src/main.rs", "offset": 1}, [("src/main.rs", "tool")]),
        ("view_image", {"path": "shot.png"}, [("shot.png", "tool")]),
        ("read_file", {"filepath": "src/index.ts"}, [("src/index.ts", "tool")]),  # Continue
        ("view", {"path": "lib/x.py"}, [("lib/x.py", "tool")]),
        ("lookup_ticket", {"path": "ENG-42", "file_path": "docs/a.md"}, [("docs/a.md", "tool")]),
        ("Task", {"prompt": "look at src/a.py"}, []),
        ("Read", "not json", []),
    ],
)
def test_call_paths(name: str, arguments: Any, refs: list[tuple[str, str]]) -> None:
    assert call_paths(name, arguments) == [PathRef(p, w) for p, w in refs]


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


def test_claude_code_request() -> None:
    body = {
        "model": "claude-sonnet-4-5",
        "system": [{"type": "text", "text": "You are Claude Code. Read CLAUDE.md first."}],
        "messages": [
            {"role": "user", "content": "what does @src/app.ts import from .env?"},
            {
                "role": "assistant",
                "content": [
                    {"type": "text", "text": "Let me read src/app.ts."},
                    {
                        "type": "tool_use",
                        "id": "toolu_01",
                        "name": "Read",
                        "input": {"file_path": "/w/src/app.ts"},
                    },
                    {
                        "type": "tool_use",
                        "id": "toolu_02",
                        "name": "Bash",
                        "input": {"command": "cat .env | grep KEY"},
                    },
                ],
            },
            {
                "role": "user",
                "content": [
                    {
                        "type": "tool_result",
                        "tool_use_id": "toolu_01",
                        "content": "import x from 'lib/hidden.ts'",
                    },
                    {"type": "text", "text": "and docs/notes.md too"},
                ],
            },
        ],
    }
    assert request_paths(body, "messages") == [
        PathRef("CLAUDE.md", "prompt"),
        PathRef("src/app.ts", "prompt"),
        PathRef(".env", "prompt"),
        PathRef("/w/src/app.ts", "tool"),
        PathRef(".env", "shell"),
        PathRef("docs/notes.md", "prompt"),
    ]


def test_codex_responses_request() -> None:
    patch = "*** Begin Patch\n*** Update File: src/lib.rs\n@@\n-a\n+b\n*** End Patch"
    body = {
        "model": "gpt-5.1-codex",
        "instructions": "You are Codex. Follow AGENTS.md.",
        "input": [
            {
                "type": "message",
                "role": "developer",
                "content": [{"type": "input_text", "text": "sandbox on"}],
            },
            {
                "type": "message",
                "role": "user",
                "content": [{"type": "input_text", "text": "fix src/lib.rs"}],
            },
            {
                "type": "function_call",
                "name": "exec_command",
                "call_id": "c1",
                "arguments": json.dumps({"cmd": "sed -n '1,40p' Cargo.toml"}),
            },
            {"type": "function_call_output", "call_id": "c1", "output": "see hidden/x.rs"},
            {
                "type": "function_call",
                "name": "shell",
                "call_id": "c2",
                "arguments": json.dumps({"command": ["bash", "-lc", "cat .env"]}),
            },
            {
                "type": "local_shell_call",
                "id": "ls1",
                "call_id": "c3",
                "action": {"type": "exec", "command": ["head", "README.md"]},
            },
            {
                "type": "shell_call",
                "call_id": "c4",
                "action": {"commands": ["tail -n 2 logs/a.log"]},
            },
            {"type": "custom_tool_call", "name": "apply_patch", "call_id": "c5", "input": patch},
            {
                "role": "assistant",
                "content": [{"type": "output_text", "text": "Patched src/lib.rs."}],
            },
        ],
    }
    assert request_paths(body, "responses") == [
        PathRef("AGENTS.md", "prompt"),
        PathRef("src/lib.rs", "prompt"),
        PathRef("Cargo.toml", "shell"),
        PathRef(".env", "shell"),
        PathRef("README.md", "shell"),
        PathRef("logs/a.log", "shell"),
        PathRef("src/lib.rs", "patch"),
    ]


def test_chat_request_from_the_openai_sdk_and_cline() -> None:
    body = {
        "model": "gpt-4o",
        "messages": [
            {"role": "system", "content": "You are Cline."},
            {"role": "user", "content": [{"type": "text", "text": "read config/app.yml"}]},
            {
                "role": "assistant",
                "content": None,
                "tool_calls": [
                    {
                        "id": "call_1",
                        "type": "function",
                        "function": {
                            "name": "read_file",
                            "arguments": '{"path": "config/app.yml"}',
                        },
                    },
                    {
                        "id": "call_2",
                        "type": "function",
                        "function": {
                            "name": "execute_command",
                            "arguments": '{"command": "cat .npmrc"}',
                        },
                    },
                    {
                        "id": "call_3",
                        "type": "function",
                        "function": {"name": "read_file", "arguments": "{broken"},
                    },
                ],
            },
            {"role": "tool", "tool_call_id": "call_1", "content": "include: secret/other.yml"},
        ],
    }
    assert request_paths(body, "chat") == [
        PathRef("config/app.yml", "prompt"),
        PathRef("config/app.yml", "tool"),
        PathRef(".npmrc", "shell"),
    ]


def test_completions_embeddings_and_unknown_routes() -> None:
    fim = {"prompt": "// Path: src/util.ts\nexport const a = 1", "suffix": "\n"}
    assert request_paths(fim, "completions") == [PathRef("src/util.ts", "prompt")]
    assert request_paths({"input": ["x in lib/a.py", "y"]}, "embeddings") == [
        PathRef("lib/a.py", "prompt")
    ]
    other = {"tool": {"args": {"file_path": "src/a.go", "note": "and docs/b.md"}}}
    assert request_paths(other, "other") == [
        PathRef("src/a.go", "tool"),
        PathRef("docs/b.md", "prompt"),
    ]


@pytest.mark.parametrize(
    "body",
    [
        None,
        "text",
        [],
        {"messages": "x"},
        {"messages": [None, 3, {"content": 5}, {"content": [None, {"type": "tool_use"}]}]},
        {"messages": [{"tool_calls": [{"function": "x"}, {"function": {"arguments": 3}}]}]},
        {"input": [{"type": "local_shell_call", "action": None}, {"type": "function_call"}]},
        {"system": {"odd": True}, "instructions": 5},
    ],
)
@pytest.mark.parametrize("route", ["messages", "chat", "responses", "completions", "other"])
def test_request_paths_never_raise(body: Any, route: str) -> None:
    assert isinstance(request_paths(body, route), list)


_POLICY = PathPolicy(
    restricted=["src/payments/**", "!src/payments/public/**", "*.sql", "/secrets"],
    internal=["docs/internal/", "src/**"],
    workspace=Path("/home/dev/proj"),
)


@pytest.mark.parametrize(
    ("path", "tier"),
    [
        ("src/payments/ledger.py", ("restricted", "src/payments/**")),
        ("src/payments/public/api.py", ("internal", "src/**")),
        ("db/schema.sql", ("restricted", "*.sql")),
        ("secrets", ("restricted", "/secrets")),
        ("secrets/prod.yml", ("restricted", "/secrets")),
        ("app/secrets", None),
        ("docs/internal/plan.md", ("internal", "docs/internal/")),
        ("docs/public.md", None),
        ("/home/dev/proj/src/payments/x.py", ("restricted", "src/payments/**")),
        ("/home/dev/other/src/payments/x.py", None),
        ("/home/dev/projX/a.sql", None),
        ("/home/dev/proj", None),
        ("src/../src/payments/x.py", ("restricted", "src/payments/**")),
        ("./src/payments/a.py", ("restricted", "src/payments/**")),
        ("@src/payments/a.py", ("restricted", "src/payments/**")),
        ("src/payments", ("restricted", "src/payments/**")),  # a Grep over the folder
        ("../other/x.sql", ("restricted", "*.sql")),
        ("../other/src/payments/x.py", None),
        ("src\\payments\\x.py", ("restricted", "src/payments/**")),
        ("", None),
    ],
)
def test_tier_of(path: str, tier: tuple[str, str] | None) -> None:
    assert _POLICY.tier_of(path) == tier


def test_tier_of_under_the_workspace_the_client_reports() -> None:
    policy = PathPolicy(restricted=["src/payments/**"])
    assert policy.tier_of("/work/ws/src/payments/a.py") is None
    reported = Path("/work/ws")
    assert policy.tier_of("/work/ws/src/payments/a.py", reported) == (
        "restricted",
        "src/payments/**",
    )
    assert _POLICY.tier_of("/home/dev/proj/x.sql", reported) == ("restricted", "*.sql")


def test_an_empty_policy_matches_nothing() -> None:
    assert PathPolicy().tier_of("src/payments/a.py") is None
    assert PathPolicy(restricted=["", "  "]).tier_of("a") is None
