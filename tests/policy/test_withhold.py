"""Withholding deny-listed files: tool results matched to their calls by id, in every format."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest

from veil.detect.files import DenyList, is_forbidden
from veil.policy.withhold import Withheld, notice, withhold

CONTENT = "     1→KEY=test-value-not-secret\n     2→DEBUG=1\n"  # Claude Code's Read format
PATCH_ENV = "*** Begin Patch\n*** Update File: .env\n@@\n-DEBUG=0\n+DEBUG=1\n*** End Patch\n"
PATCH_README = "*** Begin Patch\n*** Update File: README.md\n@@\n-a\n+b\n*** End Patch\n"


def claude(name: str, tool_input: Any, result: Any = CONTENT) -> dict[str, Any]:
    """A Claude Code request: a tool_use and, in the next user turn, its tool_result."""
    return {
        "model": "claude-sonnet-4-5",
        "system": [{"type": "text", "text": "You are Claude Code."}],
        "messages": [
            {"role": "user", "content": [{"type": "text", "text": "check the config"}]},
            {
                "role": "assistant",
                "content": [
                    {"type": "text", "text": "Reading it."},
                    {"type": "tool_use", "id": "toolu_01", "name": name, "input": tool_input},
                ],
            },
            {
                "role": "user",
                "content": [
                    {"type": "tool_result", "tool_use_id": "toolu_01", "content": result},
                ],
            },
        ],
    }


def chat(name: str, arguments: dict[str, Any], result: Any = CONTENT) -> dict[str, Any]:
    """The openai SDK, Cline, Continue: `tool_calls` and a `tool` message."""
    call = {"id": "call_1", "type": "function", "function": {"name": name}}
    call["function"]["arguments"] = json.dumps(arguments)  # type: ignore[index]
    return {
        "model": "gpt-4o",
        "messages": [
            {"role": "system", "content": "You are a coding assistant."},
            {"role": "user", "content": "check the config"},
            {"role": "assistant", "content": None, "tool_calls": [call]},
            {"role": "tool", "tool_call_id": "call_1", "content": result},
        ],
    }


def codex(call: dict[str, Any], output: dict[str, Any]) -> dict[str, Any]:
    """Codex on the Responses API: a call item and its output item."""
    return {
        "model": "gpt-5.1-codex",
        "instructions": "You are Codex.",
        "input": [
            {"type": "message", "role": "user", "content": [{"type": "input_text", "text": "hi"}]},
            call,
            output,
        ],
    }


def fn(name: str, arguments: dict[str, Any], output: Any = CONTENT) -> dict[str, Any]:
    call = {"type": "function_call", "name": name, "call_id": "call_9"}
    call["arguments"] = json.dumps(arguments)
    return codex(call, {"type": "function_call_output", "call_id": "call_9", "output": output})


def patch(text: str) -> dict[str, Any]:
    call = {"type": "custom_tool_call", "name": "apply_patch", "call_id": "call_5", "input": text}
    output = {"type": "custom_tool_call_output", "call_id": "call_5", "output": "Success."}
    return codex(call, output)


def local_shell(command: list[str]) -> dict[str, Any]:
    call = {
        "type": "local_shell_call",
        "id": "lsh_1",
        "call_id": "call_7",
        "status": "completed",
        "action": {"type": "exec", "command": command, "working_directory": "/w"},
    }
    return codex(call, {"type": "local_shell_call_output", "id": "lsh_1", "output": CONTENT})


def shell_call(commands: list[str]) -> dict[str, Any]:
    call = {"type": "shell_call", "call_id": "call_8", "action": {"commands": commands}}
    outputs = [{"stdout": CONTENT, "stderr": "", "outcome": {"type": "exit", "exit_code": 0}}]
    return codex(call, {"type": "shell_call_output", "call_id": "call_8", "output": outputs})


def apply_patch_call(operation: dict[str, Any], output: Any = CONTENT) -> dict[str, Any]:
    """Codex's newer apply_patch tool: an `apply_patch_call` item with an `operation`."""
    call = {"type": "apply_patch_call", "call_id": "call_6", "operation": operation}
    return codex(call, {"type": "apply_patch_call_output", "call_id": "call_6", "output": output})


CLAUDE_AT = ("messages", 2, "content", 0, "content")
CHAT_AT = ("messages", 3, "content")
CODEX_AT = ("input", 2, "output")

WITHHELD = [
    # Claude Code
    (
        "Read .env",
        "messages",
        claude("Read", {"file_path": "/home/dev/app/.env"}),
        "/home/dev/app/.env",
        CLAUDE_AT,
    ),
    (
        "Read .env.local",
        "messages",
        claude("Read", {"file_path": "app/.env.local"}),
        "app/.env.local",
        CLAUDE_AT,
    ),
    (
        "Read a private key",
        "messages",
        claude("Read", {"file_path": "~/.ssh/id_ed25519"}),
        "~/.ssh/id_ed25519",
        CLAUDE_AT,
    ),
    (
        "Bash cat | grep",
        "messages",
        claude("Bash", {"command": "cat .env | grep KEY"}),
        ".env",
        CLAUDE_AT,
    ),
    (
        "Bash bash -lc cd",
        "messages",
        claude("Bash", {"command": 'bash -lc "cd app && head -n 5 .env"'}),
        "app/.env",
        CLAUDE_AT,
    ),
    (
        "Bash sed -n",
        "messages",
        claude("Bash", {"command": "sed -n '1,20p' config/.env.production"}),
        "config/.env.production",
        CLAUDE_AT,
    ),
    ("Bash < .env", "messages", claude("Bash", {"command": "wc -l < .env"}), ".env", CLAUDE_AT),
    ("Bash glob", "messages", claude("Bash", {"command": "cat .env*"}), ".env*", CLAUDE_AT),
    (
        "Bash git show",
        "messages",
        claude("Bash", {"command": "git show HEAD:.env"}),
        ".env",
        CLAUDE_AT,
    ),
    (
        "Grep over .env",
        "messages",
        claude("Grep", {"pattern": "KEY", "path": ".env", "output_mode": "content"}),
        ".env",
        CLAUDE_AT,
    ),
    (
        "Grep glob .env*",
        "messages",
        claude("Grep", {"pattern": "KEY", "glob": "**/.env*", "output_mode": "content"}),
        "**/.env*",
        CLAUDE_AT,
    ),
    (
        "MCP read_multiple_files",
        "messages",
        claude(
            "mcp__filesystem__read_multiple_files", {"paths": ["README.md", ".aws/credentials"]}
        ),
        ".aws/credentials",
        CLAUDE_AT,
    ),
    (
        "tfstate",
        "messages",
        claude("Read", {"file_path": "infra/prod.tfstate"}),
        "infra/prod.tfstate",
        CLAUDE_AT,
    ),
    # The openai SDK, Cline, Continue
    ("chat read_file path", "chat", chat("read_file", {"path": ".env"}), ".env", CHAT_AT),
    (
        "chat read_file filepath",
        "chat",
        chat("read_file", {"filepath": "config/credentials.json"}),
        "config/credentials.json",
        CHAT_AT,
    ),
    (
        "chat execute_command",
        "chat",
        chat("execute_command", {"command": "cat .netrc"}),
        ".netrc",
        CHAT_AT,
    ),
    # Codex
    (
        "exec_command",
        "responses",
        fn("exec_command", {"cmd": "cat .env", "workdir": "/w"}),
        ".env",
        CODEX_AT,
    ),
    (
        "shell bash -lc",
        "responses",
        fn("shell", {"command": ["bash", "-lc", "cat .env"]}),
        ".env",
        CODEX_AT,
    ),
    (
        "shell_command pwsh",
        "responses",
        fn("shell_command", {"command": "Get-Content .env"}),
        ".env",
        CODEX_AT,
    ),
    ("read_file", "responses", fn("read_file", {"file_path": "/w/.npmrc"}), "/w/.npmrc", CODEX_AT),
    ("local_shell_call", "responses", local_shell(["cat", ".pypirc"]), ".pypirc", CODEX_AT),
    (
        "shell_call",
        "responses",
        shell_call(["ls", "head -n 3 certs/server.pem"]),
        "certs/server.pem",
        CODEX_AT,
    ),
    ("apply_patch on .env", "responses", patch(PATCH_ENV), ".env", CODEX_AT),
    (
        "apply_patch_call update_file",
        "responses",
        apply_patch_call({"type": "update_file", "path": ".env", "diff": "@@\n-DEBUG=0\n+A=1"}),
        ".env",
        CODEX_AT,
    ),
    (
        "apply_patch_call create_file",
        "responses",
        apply_patch_call(
            {"type": "create_file", "path": "/w/.env.production", "diff": "+DEBUG=0\n"}
        ),
        "/w/.env.production",
        CODEX_AT,
    ),
    (
        "apply_patch_call delete_file",
        "responses",
        apply_patch_call({"type": "delete_file", "path": "certs/server.key"}),
        "certs/server.key",
        CODEX_AT,
    ),
    # Ordinary commands and tool inputs that once went past the deny list
    (
        "Bash grep empty pattern",
        "messages",
        claude("Bash", {"command": "grep -rn '' .env"}),
        ".env",
        CLAUDE_AT,
    ),
    (
        "Bash if then fi",
        "messages",
        claude("Bash", {"command": "if [ -f .env ]; then cat .env; fi"}),
        ".env",
        CLAUDE_AT,
    ),
    ("Bash { }", "messages", claude("Bash", {"command": "{ cat .env; }"}), ".env", CLAUDE_AT),
    (
        "Bash for do done",
        "messages",
        claude("Bash", {"command": "for f in a; do cat .env; done"}),
        ".env",
        CLAUDE_AT,
    ),
    (
        "Bash while < .env",
        "messages",
        claude("Bash", {"command": "while read l; do echo $l; done < .env"}),
        ".env",
        CLAUDE_AT,
    ),
    ("Bash ( )", "messages", claude("Bash", {"command": "(cat .env)"}), ".env", CLAUDE_AT),
    (
        "Bash ~/.aws/*",
        "messages",
        claude("Bash", {"command": "cat ~/.aws/*"}),
        "~/.aws/*",
        CLAUDE_AT,
    ),
    ("Bash .ssh/*", "messages", claude("Bash", {"command": "cat .ssh/*"}), ".ssh/*", CLAUDE_AT),
    (
        "Bash gcloud/*",
        "messages",
        claude("Bash", {"command": "head ~/.config/gcloud/*"}),
        "~/.config/gcloud/*",
        CLAUDE_AT,
    ),
    (
        "Grep glob *.env",
        "messages",
        claude("Grep", {"pattern": "KEY", "glob": "*.env", "output_mode": "content"}),
        "*.env",
        CLAUDE_AT,
    ),
    (
        "Grep glob braces",
        "messages",
        claude("Grep", {"pattern": "KEY", "glob": "**/*.{md,pem}"}),
        "**/*.{md,pem}",
        CLAUDE_AT,
    ),
    ("Read .ENV", "messages", claude("Read", {"file_path": "/w/.ENV"}), "/w/.ENV", CLAUDE_AT),
    (
        "Read server.PEM",
        "messages",
        claude("Read", {"file_path": "certs/server.PEM"}),
        "certs/server.PEM",
        CLAUDE_AT,
    ),
    (
        "Read ID_RSA",
        "messages",
        claude("Read", {"file_path": "~/.ssh/ID_RSA"}),
        "~/.ssh/ID_RSA",
        CLAUDE_AT,
    ),
    (
        "Read gcloud credentials",
        "messages",
        claude("Read", {"file_path": "/home/u/.config/gcloud/credentials.db"}),
        "/home/u/.config/gcloud/credentials.db",
        CLAUDE_AT,
    ),
]


@pytest.mark.parametrize(
    ("route", "body", "path", "at"), [case[1:] for case in WITHHELD], ids=[c[0] for c in WITHHELD]
)
def test_withheld(route: str, body: dict[str, Any], path: str, at: tuple[str | int, ...]) -> None:
    found = withhold(body, route, is_forbidden)
    result = [w for w in found if w.where == at]
    assert [w.path for w in result] == [path]
    text = json.dumps(body, ensure_ascii=False)
    assert "test-value-not-secret" not in text
    assert "DEBUG=0" not in text
    assert notice(path) in text


KEPT = [
    ("Read .env.example", "messages", claude("Read", {"file_path": ".env.example"})),
    ("Read a public key", "messages", claude("Read", {"file_path": "~/.ssh/id_ed25519.pub"})),
    ("Bash cat README", "messages", claude("Bash", {"command": "cat README.md"})),
    ("Bash echo .env", "messages", claude("Bash", {"command": "echo .env"})),
    ("Bash cp", "messages", claude("Bash", {"command": "cp .env.example .env.sample"})),
    ("Bash cat *", "messages", claude("Bash", {"command": "cat *"})),
    ("Grep glob *.py", "messages", claude("Grep", {"pattern": "KEY", "glob": "*.py"})),
    ("Task prompt", "messages", claude("Task", {"prompt": "never read .env"})),
    ("chat read_file", "chat", chat("read_file", {"path": "src/config.ts"})),
    ("exec_command", "responses", fn("exec_command", {"cmd": "ls -la .ssh"})),
    ("apply_patch README", "responses", patch(PATCH_README)),
    (
        "apply_patch_call README",
        "responses",
        apply_patch_call({"type": "update_file", "path": "README.md", "diff": "@@\n-a\n+b"}),
    ),
    ("Bash cat src/*", "messages", claude("Bash", {"command": "cat src/*"})),
    ("Bash for over *", "messages", claude("Bash", {"command": "for f in *; do wc -l $f; done"})),
    ("Grep glob *", "messages", claude("Grep", {"pattern": "KEY", "glob": "*"})),
    ("Grep glob braces", "messages", claude("Grep", {"pattern": "KEY", "glob": "*.{ts,tsx}"})),
    ("Read .ENV.EXAMPLE", "messages", claude("Read", {"file_path": ".ENV.EXAMPLE"})),
    ("Read ID_RSA.PUB", "messages", claude("Read", {"file_path": "~/.ssh/ID_RSA.PUB"})),
    ("Read a venv's file", "messages", claude("Read", {"file_path": ".env/bin/activate"})),
]


@pytest.mark.parametrize(("route", "body"), [c[1:] for c in KEPT], ids=[c[0] for c in KEPT])
def test_kept(route: str, body: dict[str, Any]) -> None:
    before = copy.deepcopy(body)
    assert withhold(body, route, is_forbidden) == []
    assert body == before


def test_a_prose_mention_of_env_withholds_nothing() -> None:
    body = claude("Read", {"file_path": "src/app.py"})
    body["messages"][0]["content"][0]["text"] = "do not open .env, it holds KEY"
    before = copy.deepcopy(body)
    assert withhold(body, "messages", is_forbidden) == []
    assert body == before


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("KEY=test-value-not-secret", "N"),
        ([{"type": "text", "text": "KEY=test-value-not-secret"}], [{"type": "text", "text": "N"}]),
        (
            [{"type": "text", "text": "a"}, {"type": "image", "source": {}}],
            [{"type": "text", "text": "N"}],
        ),
        ([], [{"type": "text", "text": "N"}]),
    ],
)
def test_anthropic_result_shapes(content: Any, expected: Any) -> None:
    body = claude("Read", {"file_path": ".env"}, content)
    body["messages"][2]["content"][0]["is_error"] = False
    withhold(body, "messages", is_forbidden)
    block = body["messages"][2]["content"][0]
    text = notice(".env")
    assert block["content"] == json.loads(json.dumps(expected).replace('"N"', json.dumps(text)))
    assert block["is_error"] is False and block["tool_use_id"] == "toolu_01"


def test_responses_output_shapes() -> None:
    body = fn("read_file", {"file_path": ".env"}, [{"type": "input_text", "text": CONTENT}])
    withhold(body, "responses", is_forbidden)
    assert body["input"][2]["output"] == [{"type": "input_text", "text": notice(".env")}]
    body = shell_call(["cat .env"])
    withhold(body, "responses", is_forbidden)
    (out,) = body["input"][2]["output"]
    assert out == {"stdout": notice(".env"), "stderr": "", "outcome": out["outcome"]}


@pytest.mark.parametrize(
    ("name", "tool_input", "blanked"),
    [
        (
            "Edit",
            {
                "file_path": ".env",
                "old_string": "DEBUG=0",
                "new_string": "KEY=test-value-not-secret",
            },
            ("old_string", "new_string"),
        ),
        (
            "Write",
            {"file_path": "/w/.env.production", "content": "KEY=test-value-not-secret"},
            ("content",),
        ),
        (
            "MultiEdit",
            {
                "file_path": ".env",
                "edits": [{"old_string": "DEBUG=0", "new_string": "KEY=test-value-not-secret"}],
            },
            (),
        ),
        ("Bash", {"command": "cat > .env <<'EOF'\nKEY=test-value-not-secret\nEOF"}, ("command",)),
        ("Bash", {"command": "echo KEY=test-value-not-secret >> .env"}, ("command",)),
    ],
)
def test_writes_carry_the_content_in_the_call(
    name: str, tool_input: dict[str, Any], blanked: tuple[str, ...]
) -> None:
    body = claude(name, tool_input, "The file was updated.")
    found = withhold(body, "messages", is_forbidden)
    new_input = body["messages"][1]["content"][1]["input"]
    assert "test-value-not-secret" not in json.dumps(body)
    for key in blanked:
        assert new_input[key].startswith("[veil]")
    assert new_input.get("file_path") == tool_input.get("file_path")
    assert {w.where for w in found} == {("messages", 1, "content", 1, "input"), CLAUDE_AT}


def test_a_shell_call_that_writes_env() -> None:
    body = shell_call(["ls", "echo KEY=test-value-not-secret > .env"])
    found = withhold(body, "responses", is_forbidden)
    assert body["input"][1]["action"]["commands"] == [notice(".env")]
    assert {w.where for w in found} == {("input", 1, "action", "commands"), CODEX_AT}
    assert "test-value-not-secret" not in json.dumps(body)


def test_codex_patches_of_env_are_withheld_in_every_form() -> None:
    body = fn("apply_patch", {"input": PATCH_ENV}, "Success. Updated the following files:\nM .env")
    withhold(body, "responses", is_forbidden)
    assert json.loads(body["input"][1]["arguments"]) == {"input": notice(".env")}
    body = fn("shell", {"command": ["apply_patch", PATCH_ENV]}, "Done!")
    withhold(body, "responses", is_forbidden)
    assert json.loads(body["input"][1]["arguments"]) == {"command": [notice(".env")]}
    assert body["input"][2]["output"] == notice(".env")
    body = patch(PATCH_ENV)
    withhold(body, "responses", is_forbidden)
    assert body["input"][1]["input"] == notice(".env")


def test_a_result_without_its_call_is_left_alone() -> None:
    body = claude("Read", {"file_path": ".env"})
    body["messages"][1]["content"][1]["id"] = "toolu_other"
    before = copy.deepcopy(body)
    assert withhold(body, "messages", is_forbidden) == []
    assert body == before
    body = {"input": [{"type": "function_call_output", "call_id": "c1", "output": CONTENT}]}
    assert withhold(body, "responses", is_forbidden) == []  # previous_response_id: call upstream


def test_only_the_matching_results_are_withheld() -> None:
    body = claude("Read", {"file_path": ".env"})
    body["messages"][1]["content"].append(
        {"type": "tool_use", "id": "toolu_02", "name": "Read", "input": {"file_path": "a.py"}}
    )
    body["messages"][2]["content"].append(
        {"type": "tool_result", "tool_use_id": "toolu_02", "content": "print(1)"}
    )
    assert withhold(body, "messages", is_forbidden) == [Withheld(".env", "toolu_01", CLAUDE_AT)]
    assert body["messages"][2]["content"][1]["content"] == "print(1)"


def test_an_apply_patch_call_keeps_its_path_and_loses_its_diff() -> None:
    operation = {"type": "update_file", "path": ".env", "diff": "@@\n-DEBUG=0\n+A=1"}
    body = apply_patch_call(operation)
    found = withhold(body, "responses", is_forbidden)
    assert body["input"][1]["operation"] == {**operation, "diff": notice(".env")}
    assert {w.where for w in found} == {("input", 1, "operation"), CODEX_AT}


def batch(*params: dict[str, Any]) -> dict[str, Any]:
    """`POST /v1/messages/batches`: requests nested under `requests[].params`."""
    return {"requests": [{"custom_id": f"r{i}", "params": p} for i, p in enumerate(params)]}


def test_the_requests_of_a_message_batch_are_withheld() -> None:
    body = batch(
        claude("Read", {"file_path": "README.md"}),
        claude("Read", {"file_path": "/w/.env"}),
        chat("execute_command", {"command": "cat .netrc"}),
    )
    found = withhold(body, "other", is_forbidden)
    assert [(w.path, w.where) for w in found] == [
        ("/w/.env", ("requests", 1, "params", *CLAUDE_AT)),
        (".netrc", ("requests", 2, "params", *CHAT_AT)),
    ]
    assert body["requests"][0]["params"]["messages"][2]["content"][0]["content"] == CONTENT
    assert "test-value-not-secret" in json.dumps(body["requests"][0])
    assert "test-value-not-secret" not in json.dumps(body["requests"][1:])
    again = copy.deepcopy(body)
    withhold(again, "other", is_forbidden)
    assert again == body


def test_requests_nested_anywhere_in_an_unknown_body_are_withheld() -> None:
    responses = fn("exec_command", {"cmd": "cat .env"})
    body = {"jobs": {"a": [{"body": responses}]}, "messages": claude("Read", {"file_path": ".env"})}
    found = withhold(body, "other", is_forbidden)
    assert [w.where for w in found] == [
        ("jobs", "a", 0, "body", *CODEX_AT),
        ("messages", *CLAUDE_AT),  # a `messages` that is no list is looked into
    ]
    body = {"payload": claude("Read", {"file_path": ".pypirc"})}
    assert [w.where for w in withhold(body, "other", is_forbidden)] == [("payload", *CLAUDE_AT)]


def test_nested_requests_are_looked_for_to_a_bounded_depth() -> None:
    deep: Any = claude("Read", {"file_path": ".env"})
    for _ in range(10_000):
        deep = [deep]
    assert withhold(deep, "other", is_forbidden) == []
    shallow: Any = claude("Read", {"file_path": ".env"})
    for _ in range(8):
        shallow = {"x": shallow}
    assert len(withhold(shallow, "other", is_forbidden)) == 1


@pytest.mark.parametrize("case", WITHHELD, ids=[c[0] for c in WITHHELD])
def test_idempotent(case: tuple[Any, ...]) -> None:
    _, route, body, _, _ = case
    once = copy.deepcopy(body)
    withhold(once, route, is_forbidden)
    twice = copy.deepcopy(once)
    withhold(twice, route, is_forbidden)
    assert twice == once
    again = copy.deepcopy(body)  # the next turn resends the same history
    withhold(again, route, is_forbidden)
    assert again == once


def test_the_configured_deny_list_decides() -> None:
    deny = DenyList(extra=["config/prod.yml"], allow=[".env.local"])
    body = claude("Read", {"file_path": "app/.env.local"})
    assert withhold(body, "messages", deny.denies) == []
    body = chat("read_file", {"path": "/w/config/prod.yml"})
    assert [w.call_id for w in withhold(body, "chat", deny.denies)] == ["call_1"]


@pytest.mark.parametrize(
    ("path", "name"),
    [
        ("/home/alice/app/.env", "`.env`"),
        ("~/.ssh/id_rsa", "`.ssh/id_rsa`"),
        ("C:\\Users\\alice\\.aws\\credentials", "`.aws/credentials`"),
        ("config/.env.production", "`.env.production`"),
        ("certs/server.pem", "`server.pem`"),
        ("", "`this file`"),
    ],
)
def test_notice(path: str, name: str) -> None:
    text = notice(path)
    assert name in text
    assert len(text) < 400
    assert "alice" not in text and "certs" not in text and "config/" not in text
    assert "[policy.files] allow" in text and "veil.toml" in text
    assert "Tell the developer" in text
    assert notice(path) == text


@pytest.mark.parametrize(
    "body",
    [
        None,
        [],
        {"messages": None},
        {"messages": [None, {"content": "x"}, {"content": [None, {"type": "tool_result"}]}]},
        {
            "messages": [
                {"content": [{"type": "tool_use", "name": "Read", "input": {"file_path": ".env"}}]}
            ]
        },
        {"messages": [{"content": [{"type": "tool_use", "id": 5, "name": None, "input": None}]}]},
        {
            "messages": [
                {"tool_calls": [{"id": "c", "function": {"name": "read_file", "arguments": "{"}}]}
            ]
        },
        {"messages": [{"role": "tool", "tool_call_id": None, "content": 3}]},
        {
            "input": [
                {"type": "function_call", "call_id": "c", "name": "shell", "arguments": "[1]"},
                {"type": "function_call_output"},
            ]
        },
        {"input": [{"type": "local_shell_call", "call_id": "c", "action": {"command": None}}]},
        {"input": "plain text"},
        {"input": [{"type": "apply_patch_call", "call_id": "c", "operation": "x"}]},
        {"input": [{"type": "apply_patch_call", "operation": {"path": 3, "diff": None}}]},
        {"requests": [{"params": {"messages": [None, {"content": [{"type": "tool_use"}]}]}}]},
        {"requests": [{"params": {"input": [{"type": "function_call_output"}]}}], "x": [[[]]]},
    ],
)
@pytest.mark.parametrize("route", ["messages", "chat", "responses", "other"])
def test_never_raises(body: Any, route: str) -> None:
    assert isinstance(withhold(body, route, is_forbidden), list)
