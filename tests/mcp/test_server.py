"""`veil mcp` as a real process, driven by the MCP SDK's own stdio client, and registered with
the real Claude Code."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import pytest
from mcp.client import Client
from mcp.client.stdio import StdioServerParameters, stdio_client
from mcp_types import CallToolResult, TextContent

from tests.factories import aws_key_id, aws_pair_config, aws_secret, email

pytestmark = pytest.mark.anyio

TOOLS = {"read_file", "scan", "sanitize", "restore", "check"}
CLAUDE = Path(__file__).parents[1] / "clients" / "node_modules" / ".bin" / "claude"


def _env(tmp_path: Path) -> dict[str, str]:
    """The server's environment: its vault key and data under `tmp_path`, never the user's."""
    env = {
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "XDG_DATA_HOME": str(tmp_path / "data"),
    }
    if "PYTHONPATH" in os.environ:  # the same veil as the tests import
        env["PYTHONPATH"] = os.environ["PYTHONPATH"]
    return env


@asynccontextmanager
async def served(project: Path, *args: str) -> AsyncIterator[Client]:
    """A client connected to `veil mcp` started in `project`; its stderr in `project/../stderr`."""
    params = StdioServerParameters(
        command=sys.executable,
        args=["-m", "veil", "mcp", *args],
        env=_env(project.parent),
        cwd=project,
    )
    with (project.parent / "stderr").open("w") as errlog:
        async with Client(stdio_client(params, errlog=errlog), read_timeout_seconds=60) as client:
            yield client


@pytest.fixture
def project(tmp_path: Path) -> Path:
    folder = tmp_path / "project"
    folder.mkdir()
    return folder


def _text(result: CallToolResult) -> str:
    """Every text block of a result, joined."""
    return "\n".join(b.text for b in result.content if isinstance(b, TextContent))


def _everything(result: CallToolResult) -> str:
    """All a result carries, as the client received it (text, structured content, metadata)."""
    return result.model_dump_json()


def _ok(result: CallToolResult) -> dict[str, Any]:
    assert not result.is_error, _text(result)
    assert result.structured_content is not None
    return result.structured_content


async def test_lists_the_five_tools_each_with_an_output_schema(project: Path) -> None:
    async with served(project) as client:
        assert client.server_info is not None and client.server_info.name == "veil"
        tools = {t.name: t for t in (await client.list_tools()).tools}
    assert set(tools) == TOOLS
    for tool in tools.values():
        assert tool.description and tool.output_schema is not None
        assert tool.annotations is not None and tool.annotations.read_only_hint
    assert tools["read_file"].input_schema["required"] == ["path"]
    assert set(tools["scan"].input_schema["properties"]) == {"path", "text"}


async def test_read_file_masks_a_planted_secret(project: Path) -> None:
    key, secret = aws_key_id("mcp-read"), aws_secret("mcp-read")
    (project / "deploy.py").write_text(
        f'AWS_ACCESS_KEY_ID = "{key}"\nAWS_SECRET_ACCESS_KEY = "{secret}"\nprint("hello")\n'
    )
    async with served(project) as client:
        result = await client.call_tool("read_file", {"path": "deploy.py"})
    data = _ok(result)
    assert data["path"] == "deploy.py"
    assert 'print("hello")' in data["text"] and data["text"] in _text(result)
    assert data["counts"] and sum(data["counts"].values()) >= 2
    assert "veil masked: " in _text(result)
    seen = _everything(result) + (project.parent / "stderr").read_text()
    assert key not in seen and secret not in seen


DENIED = (".env", ".env.production", ".ssh/id_rsa", "certs/server.pem", ".aws/credentials")


async def test_read_file_refuses_deny_listed_files(project: Path) -> None:
    for name in DENIED:
        path = project / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(aws_pair_config("mcp-deny"))
    async with served(project) as client:
        results = {
            (name, how): await client.call_tool("read_file", {"path": how})
            for name in DENIED
            for how in (name, str(project / name))
        }
    for key, result in results.items():
        assert result.is_error and "deny list" in _text(result), key
        assert aws_key_id("mcp-deny") not in _everything(result)


async def test_read_file_follows_a_link_to_a_deny_listed_file(project: Path) -> None:
    (project / ".env").write_text(aws_pair_config("mcp-link"))
    (project / "notes.txt").symlink_to(project / ".env")
    async with served(project) as client:
        result = await client.call_tool("read_file", {"path": "notes.txt"})
    assert result.is_error and "deny list" in _text(result)
    assert aws_key_id("mcp-link") not in _everything(result)


async def test_read_file_refuses_binary_large_missing_and_directories(project: Path) -> None:
    (project / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00" + bytes(range(256)))
    (project / "dump.sql").write_text("x" * (2 * 1024 * 1024 + 1))
    (project / "src").mkdir()
    async with served(project) as client:
        answers = {
            path: _text(await client.call_tool("read_file", {"path": path}))
            for path in ("logo.png", "dump.sql", "missing.py", "src")
        }
        still = await client.call_tool("read_file", {"path": "missing.py"})
    assert "binary" in answers["logo.png"]
    assert "larger than 2097152 bytes" in answers["dump.sql"]
    assert "no such file" in answers["missing.py"]
    assert "a directory" in answers["src"]
    assert still.is_error  # and the server is still there


async def test_sanitize_then_restore_gives_names_back_and_keeps_values_masked(
    project: Path,
) -> None:
    (project / "veil.toml").write_text('[org]\nterms = ["Acme"]\n')
    key, address = aws_key_id("mcp-round"), email("mcp-round")
    text = f"AcmeClient deploys with {key} and tells {address} when done.\n"
    async with served(project) as client:
        sanitized = await client.call_tool("sanitize", {"text": text})
        masked = _ok(sanitized)
        again = _ok(await client.call_tool("sanitize", {"text": text}))
        answer = f"Done: I renamed Org1Client as asked.\n{masked['text']}"
        restored = _ok(await client.call_tool("restore", {"text": answer}))
    assert key not in _everything(sanitized) and address not in _everything(sanitized)
    assert "Acme" not in _everything(sanitized)
    assert masked["text"] in _text(sanitized)
    assert masked["counts"] and again["text"] == masked["text"]  # the same tokens
    # Names come back to the agent; secrets and personal data stay placeholders.
    assert restored["text"] == "Done: I renamed AcmeClient as asked.\n" + masked["text"].replace(
        "Org1Client", "AcmeClient"
    )
    assert key not in str(restored) and address not in str(restored)
    assert key not in (project.parent / "stderr").read_text()


async def test_a_second_server_restores_the_names_the_first_gave(project: Path) -> None:
    (project / "veil.toml").write_text('[org]\nterms = ["Acme"]\n')
    key = aws_key_id("mcp-saved")
    async with served(project) as client:
        masked = _ok(await client.call_tool("sanitize", {"text": f"Acme key {key}"}))["text"]
    async with served(project) as client:  # the map was saved to the vault
        restored = _ok(await client.call_tool("restore", {"text": masked}))["text"]
    assert key not in masked and restored == masked.replace("Org1", "Acme")


async def test_veil_restore_in_a_terminal_restores_what_the_agent_read(project: Path) -> None:
    key = aws_key_id("mcp-terminal")
    (project / "deploy.py").write_text(f'KEY = "{key}"\n')
    async with served(project) as client:
        seen = _ok(await client.call_tool("read_file", {"path": "deploy.py"}))["text"]
    restored = subprocess.run(
        [sys.executable, "-m", "veil", "restore", "-q"],
        cwd=project,
        input=f"Rotate this one:\n{seen}",
        env={**os.environ, **_env(project.parent)},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert key not in seen
    assert restored.returncode == 0, restored.stderr
    assert restored.stdout == f'Rotate this one:\nKEY = "{key}"\n'


async def test_check_returns_the_tier_and_a_decision_per_provider(project: Path) -> None:
    text = f"deploy with {aws_key_id('mcp-check')}"
    async with served(project) as client:
        every = await client.call_tool("check", {"text": text})
        one = _ok(await client.call_tool("check", {"text": "hello", "provider": "anthropic"}))
        unknown = await client.call_tool("check", {"text": "hello", "provider": "nowhere"})
    data = _ok(every)
    assert data["tier"] == "Restricted" and not data["blocked"]
    assert {"source": "finding", "detail": "aws_access_key_id"}.items() <= data["reasons"][
        0
    ].items()
    assert data["decisions"]["anthropic"]["decision"] == "mask"
    assert "gemini-free" in data["decisions"] and "anthropic" in data["upstreams"]
    assert "tier: Restricted" in _text(every) and aws_key_id("mcp-check") not in _everything(every)
    assert one["tier"] == "Public" and list(one["decisions"]) == ["anthropic"]
    assert one["decisions"]["anthropic"]["decision"] == "forward"
    assert unknown.is_error and "no such provider or upstream" in _text(unknown)


async def test_scan_reports_a_directory_and_a_text_without_values(project: Path) -> None:
    key = aws_key_id("mcp-scan")
    (project / "app").mkdir()
    (project / "app" / "settings.py").write_text(f'\nKEY = "{key}"\n')
    (project / "app" / "clean.py").write_text("print('hi')\n")
    async with served(project) as client:
        tree = await client.call_tool("scan", {"path": "."})
        one = await client.call_tool("scan", {"text": f"contact: {email('mcp-scan')}"})
    data = _ok(tree)
    assert data["scanned"] == 2 and data["total"] == 1 and not data["truncated"]
    (found,) = data["findings"]
    assert found == {
        "rule_id": "aws-access-key-id",
        "kind": "aws_access_key_id",
        "category": "secret",
        "path": "app/settings.py",
        "line": 2,
        "column": 8,
    }
    assert "app/settings.py:2:8: secret aws_access_key_id" in _text(tree)
    text_found = _ok(one)["findings"]
    assert [(f["category"], f["path"], f["line"]) for f in text_found] == [("pii", None, 1)]
    assert key not in _everything(tree) and email("mcp-scan") not in _everything(one)


async def test_a_bad_argument_is_a_tool_error_and_the_server_goes_on(project: Path) -> None:
    async with served(project) as client:
        wrong_type = await client.call_tool("read_file", {"path": 3})
        missing = await client.call_tool("sanitize", {})
        neither = await client.call_tool("scan", {})
        both = await client.call_tool("scan", {"path": ".", "text": "x"})
        nowhere = await client.call_tool("scan", {"path": "no/such/dir"})
        fine = await client.call_tool("scan", {"text": "nothing here"})
    for result in (wrong_type, missing, neither, both, nowhere):
        assert result.is_error and result.structured_content is None
    assert "path" in _text(wrong_type) and "text" in _text(missing)
    assert "give either path or text" in _text(neither) == _text(both)
    assert "no such file or directory" in _text(nowhere)
    assert _ok(fine)["total"] == 0


async def test_the_config_option_is_used(project: Path) -> None:
    (project.parent / "strict.toml").write_text('[policy.files]\ndeny = ["*.secret.txt"]\n')
    (project / "db.secret.txt").write_text("nothing\n")
    async with served(project, "--config", str(project.parent / "strict.toml")) as client:
        denied = await client.call_tool("read_file", {"path": "db.secret.txt"})
    assert denied.is_error and "deny list" in _text(denied)


@pytest.mark.skipif(not CLAUDE.exists(), reason="Claude Code is not installed in tests/clients")
def test_claude_code_registers_the_server_and_connects_to_it(tmp_path: Path) -> None:
    veil = shutil.which("veil", path=str(Path(sys.executable).parent))
    assert veil is not None, "the veil console script next to this Python"
    home, project = tmp_path / "home", tmp_path / "project"
    home.mkdir()
    project.mkdir()
    env = {
        **{k: v for k, v in os.environ.items() if k in ("PATH", "LANG", "PYTHONPATH")},
        **_env(tmp_path),
        "HOME": str(home),
        "DISABLE_AUTOUPDATER": "1",
        "CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC": "1",
    }

    def claude(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [str(CLAUDE), "mcp", *args],
            cwd=project,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )

    added = claude("add", "veil", "--", veil, "mcp")  # the README's line, with the full path
    assert added.returncode == 0, added.stderr
    config = json.loads((home / ".claude.json").read_text())
    entry = config["projects"][str(project.resolve())]["mcpServers"]["veil"]
    assert entry == {"type": "stdio", "command": veil, "args": ["mcp"], "env": {}}
    listed = claude("list")  # starts the server and checks it answers
    assert listed.returncode == 0, listed.stderr
    assert f"veil: {veil} mcp - ✔ Connected" in listed.stdout
