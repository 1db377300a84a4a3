"""`veil mcp` as a command: its help, a bad configuration refused before any protocol traffic,
and nothing but JSON-RPC on its standard output."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from pathlib import Path

from tests.cli.test_scan_cli import veil


def test_help_names_the_tools_and_the_config_option(tmp_path: Path) -> None:
    res = veil("mcp", "--help", cwd=tmp_path)
    assert res.returncode == 0, res.stderr
    assert "--config" in res.stdout and "read_file" in res.stdout
    assert "claude mcp add veil -- veil mcp" in " ".join(res.stdout.split())


def test_a_missing_config_is_one_line_and_exit_two_before_any_protocol(tmp_path: Path) -> None:
    res = veil("mcp", "--config", "nowhere.toml", cwd=tmp_path, stdin="")
    assert res.returncode == 2
    assert res.stdout == ""
    assert res.stderr == "veil: error: nowhere.toml: no such file; check the --config path\n"


def test_an_invalid_config_names_the_key(tmp_path: Path) -> None:
    (tmp_path / "veil.toml").write_text('[scan]\nonly = ["secrets"]\n')
    res = veil("mcp", cwd=tmp_path, stdin="")  # ./veil.toml is read by default
    assert res.returncode == 2 and res.stdout == ""
    assert res.stderr.startswith("veil: error: ") and res.stderr.count("\n") == 1
    assert "scan.only" in res.stderr and "did you mean 'secret'" in res.stderr


def test_stdout_carries_only_json_rpc_and_end_of_input_ends_the_server(tmp_path: Path) -> None:
    messages = [
        {
            "jsonrpc": "2.0",
            "id": 1,
            "method": "initialize",
            "params": {
                "protocolVersion": "2025-06-18",
                "capabilities": {},
                "clientInfo": {"name": "test", "version": "0"},
            },
        },
        {"jsonrpc": "2.0", "method": "notifications/initialized"},
        {"jsonrpc": "2.0", "id": 2, "method": "tools/list"},
    ]
    with subprocess.Popen(
        [sys.executable, "-m", "veil", "mcp"],
        cwd=tmp_path,
        env={"XDG_CONFIG_HOME": str(tmp_path / "config"), **_inherited()},
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    ) as proc:
        assert proc.stdin is not None and proc.stdout is not None and proc.stderr is not None
        watchdog = threading.Timer(60, proc.kill)
        watchdog.start()
        try:
            proc.stdin.write("".join(json.dumps(m) + "\n" for m in messages))
            proc.stdin.flush()
            replies = [json.loads(proc.stdout.readline()) for _ in range(2)]
            proc.stdin.close()  # end of input: the server ends, and says nothing more
            rest, errors = proc.stdout.read(), proc.stderr.read()
            code = proc.wait()
        finally:
            watchdog.cancel()
    assert code == 0, errors
    assert rest == ""
    assert [r["id"] for r in replies] == [1, 2]
    assert replies[0]["result"]["serverInfo"]["name"] == "veil"
    assert len(replies[1]["result"]["tools"]) == 5


def _inherited() -> dict[str, str]:
    keep = ("PATH", "HOME", "XDG_DATA_HOME", "PYTHONPATH", "LANG")
    return {k: v for k, v in os.environ.items() if k in keep}
