"""Paths in requests: tool calls, whole requests of each client; `[policy.paths]`."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from veil.policy.mentions import PathRef
from veil.policy.paths import PathPolicy, call_paths, request_paths

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
        (
            "apply_patch_call",
            {"type": "update_file", "path": "src/a.py", "diff": "@@\n-a\n+b"},
            [("src/a.py", "patch")],
        ),
        ("apply_patch_call", {"type": "delete_file", "path": "old.txt"}, [("old.txt", "patch")]),
        ("apply_patch_call", {"type": "create_file", "path": 3}, []),
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
                "type": "apply_patch_call",
                "call_id": "c6",
                "operation": {"type": "create_file", "path": "docs/new.md", "diff": "+hi"},
            },
            {"type": "apply_patch_call_output", "call_id": "c6", "output": "Created docs/new.md"},
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
        PathRef("docs/new.md", "patch"),
    ]


_GIT_DIFF = (
    "diff --git a/src/payments/ledger.py b/src/payments/ledger.py\n"
    "index 3f2a..9b1c 100644\n"
    "--- a/src/payments/ledger.py\n"
    "+++ b/src/payments/ledger.py\n"
    "@@ -1,3 +1,3 @@\n"
    "-RATE = 1\n"
    "+RATE = 2  # see docs/rates.md\n"
)
_GREP = "src/payments/fees.py:12:FEE = 3\nsrc/payments/fees.py:40:def fee():\nlib/a.ts:3:x\n"


def claude_result(command: str, result: Any) -> dict[str, Any]:
    return {
        "messages": [
            {
                "role": "assistant",
                "content": [
                    {"type": "tool_use", "id": "t1", "name": "Bash", "input": {"command": command}}
                ],
            },
            {
                "role": "user",
                "content": [{"type": "tool_result", "tool_use_id": "t1", "content": result}],
            },
        ]
    }


def test_the_files_a_tool_result_shows() -> None:
    assert request_paths(claude_result("git diff", _GIT_DIFF), "messages") == [
        PathRef("src/payments/ledger.py", "result")
    ]
    grep = [{"type": "text", "text": _GREP}]
    assert request_paths(claude_result("grep -rn FEE src lib", grep), "messages") == [
        PathRef("src", "shell"),
        PathRef("lib", "shell"),
        PathRef("src/payments/fees.py", "result"),
        PathRef("lib/a.ts", "result"),
    ]
    assert request_paths(claude_result("git show HEAD", "see src/payments/x.py"), "messages") == []


def test_the_files_results_show_in_every_format() -> None:
    chat = {"messages": [{"role": "tool", "tool_call_id": "c", "content": _GIT_DIFF}]}
    assert request_paths(chat, "chat") == [PathRef("src/payments/ledger.py", "result")]
    codex = {
        "input": [
            {"type": "function_call_output", "call_id": "c1", "output": _GREP},
            {
                "type": "shell_call_output",
                "call_id": "c2",
                "output": [{"stdout": _GIT_DIFF, "stderr": ""}],
            },
        ]
    }
    assert request_paths(codex, "responses") == [
        PathRef("src/payments/fees.py", "result"),
        PathRef("lib/a.ts", "result"),
        PathRef("src/payments/ledger.py", "result"),
    ]


def test_a_diff_in_a_result_classifies_the_request() -> None:
    refs = request_paths(claude_result("git diff", _GIT_DIFF), "messages")
    assert [_POLICY.tier_of(r.path) for r in refs] == [("restricted", "src/payments/**")]


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


def test_the_requests_of_a_message_batch() -> None:
    params = claude_result("cat .env | grep KEY", _GREP)
    body = {"requests": [{"custom_id": "a", "params": {"model": "m", **params}}]}
    refs = request_paths(body, "other")
    assert PathRef(".env", "shell") in refs
    assert PathRef("src/payments/fees.py", "result") in refs
    codex = {
        "input": [{"type": "function_call", "name": "read_file", "arguments": '{"path": "a.py"}'}]
    }
    assert PathRef("a.py", "tool") in request_paths({"batch": [codex]}, "other")


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
        {
            "requests": [
                {"params": {"messages": [{"role": "tool", "content": [None, {"text": 3}]}]}}
            ]
        },
        {"input": [{"type": "x_call_output", "output": [{"stdout": None}, 5]}]},
        {"messages": [{"content": [{"type": "tool_result", "content": "a:1:\n:2:\n" * 50}]}]},
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
