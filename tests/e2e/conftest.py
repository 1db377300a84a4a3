"""Real processes on 127.0.0.1: the fake provider and `veil serve` in front of it."""

from __future__ import annotations

import contextlib
import os
import re
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, TYPE_CHECKING

import httpx
import pytest

if TYPE_CHECKING:
    from tests.e2e.local_model import LocalModel
    from tests.e2e.policy_services import Veil

ROOT = Path(__file__).parents[2]
_LISTENING = re.compile(rb"listening on (http://\S+)")


@dataclass
class Service:
    process: subprocess.Popen[bytes]
    url: str
    log: Path
    printed: list[str] = field(default_factory=list)  # what it printed on stdout

    def stop(self) -> int:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
        code = self.process.wait()
        if self.process.stdout is not None:
            self.process.stdout.close()
        return code


def start(args: list[str], log: Path, env: dict[str, str] | None = None) -> Service:
    """Start a server process and wait for its `listening on URL` line (stderr goes to `log`)."""
    with log.open("wb") as err:
        process = subprocess.Popen(
            args, cwd=ROOT, stdout=subprocess.PIPE, stderr=err, env={**os.environ, **(env or {})}
        )
    assert process.stdout is not None
    deadline = time.monotonic() + 30
    printed: list[str] = []
    while time.monotonic() < deadline:
        line = process.stdout.readline()
        if not line:
            break
        printed.append(line.decode(errors="replace"))
        m = _LISTENING.search(line)
        if m:
            # Keep reading what it prints after, so that it never blocks on a full pipe.
            threading.Thread(target=_drain, args=(process.stdout, printed), daemon=True).start()
            return Service(process, m.group(1).decode(), log, printed)
    process.kill()
    process.wait()
    process.stdout.close()
    raise RuntimeError(f"{args[0]} did not start: {log.read_text(errors='replace')[-2000:]}")


def _drain(stream: IO[bytes], printed: list[str]) -> None:
    with contextlib.suppress(ValueError, OSError):
        for line in stream:
            printed.append(line.decode(errors="replace"))


def veil_args(*extra: str) -> list[str]:
    return [sys.executable, "-m", "veil", "serve", "--port", "0", *extra]


@dataclass
class FakeProvider(Service):
    def requests(self) -> list[dict[str, object]]:
        return httpx.get(self.url + "/_fake/requests").json()  # type: ignore[no-any-return]

    def bodies(self) -> str:
        return "\n".join(str(r["body"]) for r in self.requests())


@pytest.fixture(scope="session")
def fake(tmp_path_factory: pytest.TempPathFactory) -> Iterator[FakeProvider]:
    log = tmp_path_factory.mktemp("fake") / "fake.log"
    service = start([sys.executable, "-m", "tests.fake_provider", "--port", "0"], log)
    provider = FakeProvider(service.process, service.url, service.log, service.printed)
    yield provider
    provider.stop()


@pytest.fixture
def workdir(tmp_path: Path) -> Path:
    """A folder holding `secrets.txt` with the clients' planted values, for a tool to read."""
    from tests.e2e.test_clients import FILE

    work = tmp_path / "work"
    work.mkdir()
    (work / "secrets.txt").write_text(FILE)
    return work


@pytest.fixture(scope="session")
def veil_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("veil-home")


@pytest.fixture(scope="session")
def veil(
    fake: FakeProvider, veil_home: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Service]:
    log = tmp_path_factory.mktemp("veil") / "veil.log"
    args = veil_args("--upstream", f"openai={fake.url}/v1", "--upstream", f"anthropic={fake.url}")
    service = start(args, log, {"XDG_CONFIG_HOME": str(veil_home)})
    yield service
    service.stop()


# The policy tests' services (tests/e2e/test_policy_*.py); one of each per test module.
@pytest.fixture(scope="session")
def local_model(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalModel]:
    """A real local model server: llama.cpp's, with SmolLM2-135M-Instruct (one per worker)."""
    from tests.e2e.local_model import start_local_model

    server = start_local_model(tmp_path_factory.mktemp("local-model") / "llama.log")
    yield server
    server.stop()


@pytest.fixture(scope="module")
def remote(tmp_path_factory: pytest.TempPathFactory) -> Iterator[FakeProvider]:
    """A fake remote provider of the module's own."""
    from tests.e2e.policy_services import fake_provider

    yield from fake_provider(tmp_path_factory.mktemp("remote"))


@pytest.fixture(scope="module")
def default(remote: FakeProvider, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Veil]:
    """veil on the default preset at the providers' own registry entries, with organisation
    terms and a restricted path."""
    from tests.e2e.policy_services import default_toml, veil_serving

    yield from veil_serving(tmp_path_factory.mktemp("default"), default_toml(remote.url))
