"""`veil dashboard`: refusals before it listens, and the dashboard alone as a real process."""

from __future__ import annotations

import contextlib
import socket
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import typer
from typer.testing import CliRunner

from tests.e2e.conftest import start
from veil.audit.event import AuditEvent
from veil.audit.store import open_store
from veil.cli.dashboard import dashboard


def run(*args: str) -> tuple[int, str]:
    """The command on a Typer app of its own, as `veil` registers it."""
    app = typer.Typer()
    app.command()(dashboard)
    result = CliRunner().invoke(app, list(args))
    return result.exit_code, result.output


@pytest.fixture(autouse=True)
def _no_token(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("VEIL_TOKEN", raising=False)
    monkeypatch.chdir(tmp_path)


def test_listening_beyond_loopback_needs_a_token(tmp_path: Path) -> None:
    code, out = run("--host", "0.0.0.0", "--url", f"sqlite:///{tmp_path}/a.db")
    assert code == 2 and "listening on 0.0.0.0 needs an access token" in out
    assert not (tmp_path / "a.db").exists()


def test_an_empty_token_is_a_usage_error(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("VEIL_TOKEN", " ")
    code, out = run("--host", "0.0.0.0", "--url", f"sqlite:///{tmp_path}/a.db")
    assert code == 2 and "VEIL_TOKEN is set but empty" in out


def test_a_bad_store_url_is_a_usage_error() -> None:
    code, out = run("--url", "mysql://nowhere/db")
    assert code == 2 and "use sqlite:///PATH or postgresql://" in out


def test_a_bad_config_is_a_usage_error(tmp_path: Path) -> None:
    (tmp_path / "veil.toml").write_text("[audit]\nurl = 'ftp://x'\n")
    code, out = run("--config", str(tmp_path / "veil.toml"))
    assert code == 2 and "audit.url" in out


def test_the_store_comes_from_the_environment_then_the_config(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    # A port already taken makes the command stop after opening the store, before serving.
    (tmp_path / "veil.toml").write_text(f"[audit]\nurl = 'sqlite:///{tmp_path}/conf.db'\n")
    with taken_port() as port:
        assert run("--port", str(port))[0] == 2
        assert (tmp_path / "conf.db").exists()
        monkeypatch.setenv("VEIL_AUDIT_URL", f"sqlite:///{tmp_path}/env.db")
        code, out = run("--port", str(port))
        assert code == 2 and "cannot listen" in out
        assert (tmp_path / "env.db").exists()


@contextlib.contextmanager
def taken_port() -> Iterator[int]:
    """A port held open on 127.0.0.1 for the length of a `with`."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen(1)
        yield int(sock.getsockname()[1])


def test_serves_the_dashboard_over_a_store(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path}/audit.db"
    store = open_store(url)
    store.append([AuditEvent(source="gateway", provider="openai", model="gpt-5", tier="Public")])
    store.close()
    service = start(
        [sys.executable, "-m", "veil", "dashboard", "--url", url, "--port", "0"],
        tmp_path / "dashboard.log",
    )
    try:
        assert service.url.endswith("/_veil/")
        page = httpx.get(service.url + "events")
        assert page.status_code == 200 and "gpt-5" in page.text
        root = httpx.get(service.url.removesuffix("_veil/"))
        assert root.status_code == 303 and root.headers["location"] == "/_veil/"
        deadline = time.monotonic() + 10  # what it prints after the first line is read apart
        while not any("audit store:" in line for line in service.printed):
            assert time.monotonic() < deadline
            time.sleep(0.05)
        assert f"  audit store: {tmp_path}/audit.db\n" in service.printed
    finally:
        assert service.stop() == 0  # SIGTERM: a graceful stop, exit code 0
