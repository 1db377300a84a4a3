"""What the end-to-end policy tests share: fake providers and `veil serve` processes started
with a veil.toml written here, the upstream tables of those files, SDK clients pointed at veil,
and the values the requests carry.

A test module's fixtures are one line each over these: `yield from fake_provider(folder)` or
`yield from veil_serving(folder, toml)` (module-scoped, stopped after the module).
"""

from __future__ import annotations

import sys
import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import anthropic
import openai

from tests.e2e.conftest import FakeProvider, Service, start, veil_args
from tests.factories import aws_key_id
from veil.detect.samples import ALNUM, fake

KEY = aws_key_id("policy")
PROMPT = f"deploy the stack with access key {KEY} please"
# A deny-listed file's content: a password, and a value no detector would ever mask (its absence
# at the provider proves the file was withheld, not masked).
DB_PASSWORD = fake(22, ALNUM, seed="policy-db-password")
FLAG = "FEATURE_FLAG=blue-42"
ENV_FILE = f"DB_PASSWORD={DB_PASSWORD}\n{FLAG}\n"
ENV_VALUES = (DB_PASSWORD, "blue-42")
ORG = "Globex"
PAYMENTS = "src/payments/**"
BLOCKED = "tier=Restricted decision=block"
MESSAGE = "veil blocked this request by policy"


# ---------------------------------------------------------------- processes


@dataclass
class Veil:
    """A `veil serve` process, the folder of its veil.toml, and its log."""

    service: Service
    folder: Path

    @property
    def url(self) -> str:
        return self.service.url

    def log(self) -> str:
        return self.service.log.read_text(errors="replace")

    def count(self, needle: str) -> int:
        return sum(needle in line for line in self.log().splitlines())

    def wait_count(self, needle: str, at_least: int, timeout: float = 5.0) -> int:
        """How many log lines hold `needle`, once there are `at_least` (veil writes a request's
        line just after the answer has gone; an SDK can raise before it is written)."""
        deadline = time.monotonic() + timeout
        while self.count(needle) < at_least and time.monotonic() < deadline:
            time.sleep(0.02)
        time.sleep(0.2)  # anything after it (a retry) would show by now
        return self.count(needle)


def start_fake(folder: Path) -> FakeProvider:
    folder.mkdir(parents=True, exist_ok=True)
    args = [sys.executable, "-m", "tests.fake_provider", "--port", "0"]
    service = start(args, folder / "fake.log")
    return FakeProvider(service.process, service.url, service.log, service.printed)


def start_veil(folder: Path, toml: str) -> Veil:
    """`veil serve --config folder/veil.toml` with this text; its log is folder/veil.log."""
    folder.mkdir(parents=True, exist_ok=True)
    config = folder / "veil.toml"
    config.write_text(toml)
    home = folder / "home"
    home.mkdir(exist_ok=True)
    env = {"XDG_CONFIG_HOME": str(home), "XDG_DATA_HOME": str(home / "data")}
    service = start(veil_args("--config", str(config)), folder / "veil.log", env)
    return Veil(service, folder)


def fake_provider(folder: Path) -> Iterator[FakeProvider]:
    """A fixture's body: a fake provider in `folder`, stopped at teardown."""
    provider = start_fake(folder)
    yield provider
    provider.stop()


def veil_serving(folder: Path, toml: str) -> Iterator[Veil]:
    """A fixture's body: `veil serve` with this veil.toml in `folder`, stopped at teardown."""
    veil = start_veil(folder, toml)
    yield veil
    veil.service.stop()


# ---------------------------------------------------------------- veil.toml


def upstreams(url: str, provider: str | None = None) -> str:
    """`[upstreams.openai]` and `[upstreams.anthropic]` at the fake provider at `url`."""
    extra = f'provider = "{provider}"\n' if provider else ""
    return (
        f'[upstreams.openai]\nkind = "openai"\nbase_url = "{url}/v1"\n{extra}\n'
        f'[upstreams.anthropic]\nkind = "anthropic"\nbase_url = "{url}"\n{extra}\n'
    )


def default_toml(url: str) -> str:
    """The default preset at the providers' own registry entries, with organisation terms and
    a restricted path."""
    return (
        f'[org]\nterms = ["{ORG}"]\n\n[policy.paths]\nrestricted = ["{PAYMENTS}"]\n\n'
        + upstreams(url)
    )


# ---------------------------------------------------------------- clients and checks


def oai(veil: Veil, **kw: Any) -> openai.OpenAI:
    return openai.OpenAI(base_url=veil.url + "/v1", api_key="test-key", **kw)


def ant(veil: Veil, **kw: Any) -> anthropic.Anthropic:
    return anthropic.Anthropic(base_url=veil.url, api_key="test-key", **kw)


def since(provider: FakeProvider, n: int) -> list[dict[str, Any]]:
    return provider.requests()[n:]


def bodies(requests: list[dict[str, Any]]) -> str:
    return "\n".join(str(r["body"]) for r in requests)


def assert_headers(headers: Mapping[str, str], tier: str, decision: str) -> None:
    assert headers.get("veil-tier") == tier, dict(headers)
    assert headers.get("veil-decision") == decision, dict(headers)


def chat_once(veil: Veil, model: str, text: str, *, stream: bool) -> tuple[Mapping[str, str], str]:
    """One chat completion through `veil` (streamed or not): the answer's headers and text."""
    messages = [{"role": "user", "content": text}]
    with oai(veil, max_retries=0) as client:
        if stream:
            chunks = client.chat.completions.create(
                model=model,
                messages=messages,  # type: ignore[arg-type]
                stream=True,
            )
            answer = "".join(c.choices[0].delta.content or "" for c in chunks if c.choices)
            return chunks.response.headers, answer
        raw = client.chat.completions.with_raw_response.create(
            model=model,
            messages=messages,  # type: ignore[arg-type]
        )
        return raw.headers, raw.parse().choices[0].message.content or ""
