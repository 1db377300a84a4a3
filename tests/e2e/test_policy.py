"""End to end: the policy (issue 9) through the real openai and anthropic SDKs, a `veil serve`
process started with a veil.toml written here, and fake providers as processes.

Each configuration gets its own veil process (module-scoped): `regulated` with a local upstream
(Restricted goes there, with its originals, never to the remote provider), `startup` at a
provider that trains on API data (Restricted is blocked, in each client format, and the SDK does
not retry), the same in monitor mode (decided, recorded, only masked), the default preset with
organisation terms and `[policy.paths]` (Internal is pseudonymized; deny-listed files a tool read
are withheld), `personal` (Internal forwarded), and `regulated` with no local upstream (a
Restricted path is blocked). Every answer carries `veil-tier` and `veil-decision`.
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import anthropic
import httpx
import openai
import pytest

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
BLOCKED_CODE = "veil_policy_blocked"  # `error.code` of a blocked request, in OpenAI formats


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
    service = start(
        veil_args("--config", str(config)), folder / "veil.log", {"XDG_CONFIG_HOME": str(home)}
    )
    return Veil(service, folder)


def upstreams(url: str, provider: str | None = None) -> str:
    """`[upstreams.openai]` and `[upstreams.anthropic]` at the fake provider at `url`."""
    extra = f'provider = "{provider}"\n' if provider else ""
    return (
        f'[upstreams.openai]\nkind = "openai"\nbase_url = "{url}/v1"\n{extra}\n'
        f'[upstreams.anthropic]\nkind = "anthropic"\nbase_url = "{url}"\n{extra}\n'
    )


@pytest.fixture(scope="module")
def remote(tmp_path_factory: pytest.TempPathFactory) -> Iterator[FakeProvider]:
    provider = start_fake(tmp_path_factory.mktemp("remote"))
    yield provider
    provider.stop()


@pytest.fixture(scope="module")
def local_fake(tmp_path_factory: pytest.TempPathFactory) -> Iterator[FakeProvider]:
    provider = start_fake(tmp_path_factory.mktemp("local"))
    yield provider
    provider.stop()


@pytest.fixture(scope="module")
def regulated(
    remote: FakeProvider, local_fake: FakeProvider, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Veil]:
    toml = (
        '[policy]\npreset = "regulated"\n\n[policy.local]\nmodel = "local-llama-3"\n\n'
        f'[upstreams.openai]\nkind = "openai"\nbase_url = "{remote.url}/v1"\n\n'
        f'[upstreams.local]\nkind = "openai"\nbase_url = "{local_fake.url}/v1"\n'
        'local = true\nprovider = "ollama"\n'
    )
    veil = start_veil(tmp_path_factory.mktemp("regulated"), toml)
    yield veil
    veil.service.stop()


@pytest.fixture(scope="module")
def trains(remote: FakeProvider, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Veil]:
    """The default preset at a provider that trains on API data."""
    veil = start_veil(tmp_path_factory.mktemp("trains"), upstreams(remote.url, "gemini-free"))
    yield veil
    veil.service.stop()


@pytest.fixture(scope="module")
def monitor(remote: FakeProvider, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Veil]:
    toml = '[policy]\nmode = "monitor"\n\n' + upstreams(remote.url, "gemini-free")
    veil = start_veil(tmp_path_factory.mktemp("monitor"), toml)
    yield veil
    veil.service.stop()


@pytest.fixture(scope="module")
def default(remote: FakeProvider, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Veil]:
    """The default preset at the providers' own registry entries, with organisation terms and
    a restricted path."""
    toml = (
        f'[org]\nterms = ["{ORG}"]\n\n[policy.paths]\nrestricted = ["{PAYMENTS}"]\n\n'
        + upstreams(remote.url)
    )
    veil = start_veil(tmp_path_factory.mktemp("default"), toml)
    yield veil
    veil.service.stop()


@pytest.fixture(scope="module")
def personal(remote: FakeProvider, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Veil]:
    toml = f'[org]\nterms = ["{ORG}"]\n\n[policy]\npreset = "personal"\n\n' + upstreams(remote.url)
    veil = start_veil(tmp_path_factory.mktemp("personal"), toml)
    yield veil
    veil.service.stop()


@pytest.fixture(scope="module")
def no_local(remote: FakeProvider, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Veil]:
    """`regulated` with a restricted path and no local upstream."""
    toml = (
        f'[policy]\npreset = "regulated"\n\n[policy.paths]\nrestricted = ["{PAYMENTS}"]\n\n'
        + upstreams(remote.url)
    )
    veil = start_veil(tmp_path_factory.mktemp("no-local"), toml)
    yield veil
    veil.service.stop()


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


# ------------------------------------------------------ 1. regulated: Restricted stays local


@pytest.mark.parametrize("stream", [False, True])
def test_regulated_restricted_chat_goes_to_the_local_upstream(
    regulated: Veil, remote: FakeProvider, local_fake: FakeProvider, stream: bool
) -> None:
    n_remote, n_local = len(remote.requests()), len(local_fake.requests())
    before = regulated.count("upstream=local")
    with oai(regulated, max_retries=0) as client:
        messages = [{"role": "user", "content": PROMPT}]
        if stream:
            chunks = client.chat.completions.create(
                model="gpt-5",
                messages=messages,  # type: ignore[arg-type]
                stream=True,
            )
            headers = chunks.response.headers
            text = "".join(c.choices[0].delta.content or "" for c in chunks if c.choices)
        else:
            raw = client.chat.completions.with_raw_response.create(
                model="gpt-5",
                messages=messages,  # type: ignore[arg-type]
            )
            headers = raw.headers
            text = raw.parse().choices[0].message.content or ""
    assert_headers(headers, "Restricted", "local")
    assert text == "echo: " + PROMPT
    assert len(remote.requests()) == n_remote  # the remote provider got nothing
    got = since(local_fake, n_local)
    assert len(got) == 1 and got[0]["path"] == "/v1/chat/completions"
    body = json.loads(got[0]["body"])
    assert KEY in got[0]["body"] and "VEIL_SECRET_" not in got[0]["body"]  # originals, locally
    assert body["model"] == "local-llama-3"  # [policy.local] model
    assert "authorization" not in got[0]["headers"]  # the provider's key is not sent there
    assert regulated.wait_count("upstream=local", before + 1) == before + 1
    line = [x for x in regulated.log().splitlines() if "upstream=local" in x][-1]
    assert "route=chat" in line and "tier=Restricted decision=local" in line


@pytest.mark.parametrize("stream", [False, True])
def test_regulated_restricted_responses_go_to_the_local_upstream(
    regulated: Veil, remote: FakeProvider, local_fake: FakeProvider, stream: bool
) -> None:
    n_remote, n_local = len(remote.requests()), len(local_fake.requests())
    with oai(regulated, max_retries=0) as client:
        if stream:
            events = client.responses.create(model="gpt-5-codex", input=PROMPT, stream=True)
            headers = events.response.headers
            text = next(e.response.output_text for e in events if e.type == "response.completed")
        else:
            raw = client.responses.with_raw_response.create(model="gpt-5-codex", input=PROMPT)
            headers = raw.headers
            text = raw.parse().output_text
    assert_headers(headers, "Restricted", "local")
    assert text == "echo: " + PROMPT
    assert len(remote.requests()) == n_remote
    got = since(local_fake, n_local)
    assert [r["path"] for r in got] == ["/v1/responses"]
    assert KEY in got[0]["body"]
    assert json.loads(got[0]["body"])["model"] == "local-llama-3"


def test_regulated_public_goes_to_the_remote_provider(
    regulated: Veil, remote: FakeProvider, local_fake: FakeProvider
) -> None:
    n_remote, n_local = len(remote.requests()), len(local_fake.requests())
    with oai(regulated, max_retries=0) as client:
        raw = client.chat.completions.with_raw_response.create(
            model="gpt-5", messages=[{"role": "user", "content": "what is a monad?"}]
        )
    assert_headers(raw.headers, "Public", "forward")
    assert raw.parse().choices[0].message.content == "echo: what is a monad?"
    got = since(remote, n_remote)
    assert len(got) == 1 and json.loads(got[0]["body"])["model"] == "gpt-5"
    assert len(local_fake.requests()) == n_local


# ---------------------------------------------------------------- 2. blocked, in each format


def _blocked_checks(
    veil: Veil, remote: FakeProvider, n_remote: int, before: int, exc: Exception
) -> None:
    assert isinstance(exc, anthropic.BadRequestError | openai.BadRequestError)
    assert exc.status_code == 400
    text = str(exc) + exc.response.text
    for word in (MESSAGE, "Restricted", "aws_access_key_id"):
        assert word in text, text
    assert "policy.restricted.trains" in text, text
    assert KEY not in text and KEY[4:] not in text
    assert_headers(exc.response.headers, "Restricted", "block")
    assert len(remote.requests()) == n_remote  # the provider got nothing
    # One request per call: the SDK (max_retries at its default, 2) does not retry a 400.
    assert veil.wait_count(BLOCKED, before + 1) == before + 1
    line = [x for x in veil.log().splitlines() if BLOCKED in x][-1]
    assert "status=400 " + BLOCKED in line and "applied=" not in line, line


def _openai_blocked_checks(exc: openai.BadRequestError) -> None:
    """The OpenAI formats' error object: its type, and the code scripts can match."""
    assert exc.type == "invalid_request_error" and exc.code == BLOCKED_CODE
    body = exc.body
    assert isinstance(body, dict), body
    assert body["type"] == "invalid_request_error" and body["code"] == BLOCKED_CODE, body
    error = exc.response.json()["error"]
    assert (error["type"], error["code"]) == ("invalid_request_error", BLOCKED_CODE), error


@pytest.mark.parametrize("stream", [False, True])
def test_blocked_anthropic_messages(trains: Veil, remote: FakeProvider, stream: bool) -> None:
    n_remote, before = len(remote.requests()), trains.count(BLOCKED)
    with ant(trains) as client, pytest.raises(anthropic.BadRequestError) as caught:
        client.messages.create(
            model="claude-sonnet-4-5",
            max_tokens=100,
            messages=[{"role": "user", "content": PROMPT}],
            stream=stream,
        )
    _blocked_checks(trains, remote, n_remote, before, caught.value)
    body = caught.value.body
    assert isinstance(body, dict) and body["error"]["type"] == "invalid_request_error"
    assert "which trains on API data" in body["error"]["message"]


@pytest.mark.parametrize("stream", [False, True])
def test_blocked_chat_completions(trains: Veil, remote: FakeProvider, stream: bool) -> None:
    n_remote, before = len(remote.requests()), trains.count(BLOCKED)
    with oai(trains) as client, pytest.raises(openai.BadRequestError) as caught:
        client.chat.completions.create(
            model="gemini-2.5-flash",
            messages=[{"role": "user", "content": PROMPT}],
            stream=stream,
        )
    _blocked_checks(trains, remote, n_remote, before, caught.value)
    _openai_blocked_checks(caught.value)


@pytest.mark.parametrize("stream", [False, True])
def test_blocked_responses(trains: Veil, remote: FakeProvider, stream: bool) -> None:
    n_remote, before = len(remote.requests()), trains.count(BLOCKED)
    with oai(trains) as client, pytest.raises(openai.BadRequestError) as caught:
        client.responses.create(model="gemini-2.5-flash", input=PROMPT, stream=stream)
    _blocked_checks(trains, remote, n_remote, before, caught.value)
    _openai_blocked_checks(caught.value)


def test_public_passes_a_provider_that_trains(trains: Veil, remote: FakeProvider) -> None:
    n_remote = len(remote.requests())
    with ant(trains, max_retries=0) as client:
        raw = client.messages.with_raw_response.create(
            model="claude-sonnet-4-5",
            max_tokens=100,
            messages=[{"role": "user", "content": "what is a monad?"}],
        )
    assert_headers(raw.headers, "Public", "forward")
    assert len(since(remote, n_remote)) == 1


# ---------------------------------------------------------------- 3. monitor mode


@pytest.mark.parametrize("stream", [False, True])
def test_monitor_forwards_masked_and_records_the_block(
    monitor: Veil, remote: FakeProvider, stream: bool
) -> None:
    n_remote, before = len(remote.requests()), monitor.count(BLOCKED)
    with oai(monitor, max_retries=0) as client:
        messages = [{"role": "user", "content": PROMPT}]
        if stream:
            chunks = client.chat.completions.create(
                model="gemini-2.5-flash",
                messages=messages,  # type: ignore[arg-type]
                stream=True,
            )
            headers = chunks.response.headers
            text = "".join(c.choices[0].delta.content or "" for c in chunks if c.choices)
        else:
            raw = client.chat.completions.with_raw_response.create(
                model="gemini-2.5-flash",
                messages=messages,  # type: ignore[arg-type]
            )
            headers = raw.headers
            text = raw.parse().choices[0].message.content or ""
    assert text == "echo: " + PROMPT  # restored
    assert_headers(headers, "Restricted", "block")
    assert headers.get("veil-mode") == "monitor"
    got = bodies(since(remote, n_remote))
    assert "VEIL_SECRET_" in got and KEY not in got
    assert monitor.wait_count(BLOCKED, before + 1) == before + 1
    line = [x for x in monitor.log().splitlines() if BLOCKED in x][-1]
    assert "applied=mask mode=monitor" in line and "status=200" in line


def test_monitor_anthropic_messages(monitor: Veil, remote: FakeProvider) -> None:
    n_remote = len(remote.requests())
    with ant(monitor, max_retries=0) as client:
        raw = client.messages.with_raw_response.create(
            model="claude-sonnet-4-5",
            max_tokens=100,
            messages=[{"role": "user", "content": PROMPT}],
        )
    assert raw.parse().content[0].text == "echo: " + PROMPT  # type: ignore[union-attr]
    assert_headers(raw.headers, "Restricted", "block")
    assert raw.headers.get("veil-mode") == "monitor"
    got = bodies(since(remote, n_remote))
    assert "VEIL_SECRET_" in got and KEY not in got


# ---------------------------------------------------------------- 4. deny-listed files withheld


def _withheld_checks(remote: FakeProvider, n_remote: int, answer: str) -> None:
    got = since(remote, n_remote)
    assert len(got) == 1
    assert "withheld" in got[0]["body"]
    for value in ENV_VALUES:
        assert value not in got[0]["body"]
    assert answer.startswith("tool said: ") and "withheld" in answer
    assert "`.env`" in answer
    for value in ENV_VALUES:
        assert value not in answer


@pytest.mark.parametrize(
    ("tool", "arguments", "content"),
    [
        ("Read", {"file_path": ".env"}, ENV_FILE),
        (
            "Bash",
            {"command": "cat .env", "description": "Show env"},
            [{"type": "text", "text": ENV_FILE}],
        ),
    ],
)
@pytest.mark.parametrize("stream", [False, True])
def test_withheld_in_anthropic_tool_result(
    default: Veil,
    remote: FakeProvider,
    tool: str,
    arguments: dict[str, str],
    content: Any,
    stream: bool,
) -> None:
    n_remote, before = len(remote.requests()), default.count("withheld=1")
    messages = [
        {"role": "user", "content": "show me the env"},
        {
            "role": "assistant",
            "content": [
                {"type": "tool_use", "id": "toolu_env_1", "name": tool, "input": arguments}
            ],
        },
        {
            "role": "user",
            "content": [{"type": "tool_result", "tool_use_id": "toolu_env_1", "content": content}],
        },
    ]
    tools = [{"name": tool, "description": tool, "input_schema": {"type": "object"}}]
    with ant(default, max_retries=0) as client:
        if stream:
            with client.messages.stream(
                model="claude-sonnet-4-5",
                max_tokens=100,
                messages=messages,  # type: ignore[arg-type]
                tools=tools,  # type: ignore[arg-type]
            ) as events:
                headers = events.response.headers
                answer = events.get_final_text()
        else:
            raw = client.messages.with_raw_response.create(
                model="claude-sonnet-4-5",
                max_tokens=100,
                messages=messages,  # type: ignore[arg-type]
                tools=tools,  # type: ignore[arg-type]
            )
            headers = raw.headers
            answer = raw.parse().content[0].text  # type: ignore[union-attr]
    assert headers.get("veil-tier") and headers.get("veil-decision")
    _withheld_checks(remote, n_remote, answer)
    assert default.wait_count("withheld=1", before + 1) == before + 1


@pytest.mark.parametrize(
    ("tool", "arguments"),
    [("read_file", {"filepath": ".env"}), ("shell", {"command": ["cat", ".env"]})],
)
def test_withheld_in_chat_tool_message(
    default: Veil, remote: FakeProvider, tool: str, arguments: dict[str, Any]
) -> None:
    n_remote = len(remote.requests())
    call = {"name": tool, "arguments": json.dumps(arguments)}
    messages = [
        {"role": "user", "content": "show me the env"},
        {
            "role": "assistant",
            "content": None,
            "tool_calls": [{"id": "call_env_1", "type": "function", "function": call}],
        },
        {"role": "tool", "tool_call_id": "call_env_1", "content": ENV_FILE},
    ]
    with oai(default, max_retries=0) as client:
        raw = client.chat.completions.with_raw_response.create(
            model="gpt-5",
            messages=messages,  # type: ignore[arg-type]
        )
    assert raw.headers.get("veil-tier") and raw.headers.get("veil-decision")
    _withheld_checks(remote, n_remote, raw.parse().choices[0].message.content or "")


@pytest.mark.parametrize(
    ("tool", "arguments"),
    [
        ("exec_command", {"cmd": "cat .env"}),
        ("shell", {"command": ["bash", "-lc", "cat .env"]}),
    ],
)
@pytest.mark.parametrize("stream", [False, True])
def test_withheld_in_responses_function_call_output(
    default: Veil, remote: FakeProvider, tool: str, arguments: dict[str, Any], stream: bool
) -> None:
    n_remote = len(remote.requests())
    items = [
        {"type": "message", "role": "user", "content": "show me the env"},
        {
            "type": "function_call",
            "call_id": "call_env_1",
            "name": tool,
            "arguments": json.dumps(arguments),
        },
        {"type": "function_call_output", "call_id": "call_env_1", "output": ENV_FILE},
    ]
    with oai(default, max_retries=0) as client:
        if stream:
            events = client.responses.create(
                model="gpt-5-codex",
                input=items,  # type: ignore[arg-type]
                stream=True,
            )
            answer = next(e.response.output_text for e in events if e.type == "response.completed")
        else:
            answer = client.responses.create(
                model="gpt-5-codex",
                input=items,  # type: ignore[arg-type]
            ).output_text
    _withheld_checks(remote, n_remote, answer)


def test_env_content_is_masked_not_withheld_without_its_call(
    default: Veil, remote: FakeProvider
) -> None:
    """Control: the same content in a tool result whose call is not in the request is not
    withheld, so the non-secret value does reach the provider (what the tests above rule out
    is withholding, not masking)."""
    n_remote = len(remote.requests())
    items = [{"type": "function_call_output", "call_id": "call_elsewhere", "output": ENV_FILE}]
    with oai(default, max_retries=0) as client:
        client.responses.create(model="gpt-5-codex", input=items)  # type: ignore[arg-type]
    got = bodies(since(remote, n_remote))
    assert "blue-42" in got and "withheld" not in got
    assert DB_PASSWORD not in got  # masked by the detectors


# ---------------------------------------------------------------- 5. Internal: organisation terms


INTERNAL = f"summarise the {ORG} migration plan for the {ORG.upper()} board"


@pytest.mark.parametrize("stream", [False, True])
def test_default_preset_pseudonymizes_org_terms(
    default: Veil, remote: FakeProvider, stream: bool
) -> None:
    n_remote = len(remote.requests())
    with ant(default, max_retries=0) as client:
        messages = [{"role": "user", "content": INTERNAL}]
        if stream:
            with client.messages.stream(
                model="claude-sonnet-4-5",
                max_tokens=100,
                messages=messages,  # type: ignore[arg-type]
            ) as events:
                headers = events.response.headers
                answer = events.get_final_text()
        else:
            raw = client.messages.with_raw_response.create(
                model="claude-sonnet-4-5",
                max_tokens=100,
                messages=messages,  # type: ignore[arg-type]
            )
            headers = raw.headers
            answer = raw.parse().content[0].text  # type: ignore[union-attr]
    assert_headers(headers, "Internal", "pseudonymize")
    assert answer == "echo: " + INTERNAL
    got = bodies(since(remote, n_remote))
    assert got and ORG.lower() not in got.lower()


def test_default_preset_pseudonymizes_org_terms_in_chat(
    default: Veil, remote: FakeProvider
) -> None:
    n_remote = len(remote.requests())
    with oai(default, max_retries=0) as client:
        raw = client.chat.completions.with_raw_response.create(
            model="gpt-5", messages=[{"role": "user", "content": INTERNAL}]
        )
    assert_headers(raw.headers, "Internal", "pseudonymize")
    assert raw.parse().choices[0].message.content == "echo: " + INTERNAL
    got = bodies(since(remote, n_remote))
    assert got and ORG.lower() not in got.lower()


def test_personal_preset_forwards_org_terms(personal: Veil, remote: FakeProvider) -> None:
    n_remote = len(remote.requests())
    with oai(personal, max_retries=0) as client:
        raw = client.chat.completions.with_raw_response.create(
            model="gpt-5", messages=[{"role": "user", "content": INTERNAL}]
        )
    assert_headers(raw.headers, "Internal", "forward")
    assert raw.parse().choices[0].message.content == "echo: " + INTERNAL
    got = bodies(since(remote, n_remote))
    assert ORG in got and ORG.upper() in got


# ---------------------------------------------------------------- 6. [policy.paths]


def _read_ledger(path: str) -> list[dict[str, Any]]:
    """A Claude Code turn: it read `path` with its Read tool and sends the result back."""
    return [
        {"role": "user", "content": "why is the ledger total off by one?"},
        {
            "role": "assistant",
            "content": [
                {
                    "type": "tool_use",
                    "id": "toolu_ledger",
                    "name": "Read",
                    "input": {"file_path": path},
                }
            ],
        },
        {
            "role": "user",
            "content": [
                {
                    "type": "tool_result",
                    "tool_use_id": "toolu_ledger",
                    "content": "def total(rows):\n    return sum(rows[1:])\n",
                }
            ],
        },
    ]


def _ledger_paths(veil: Veil) -> list[str]:
    return ["src/payments/ledger.py", str(veil.folder / "src" / "payments" / "ledger.py")]


def test_restricted_path_sets_the_tier(default: Veil, remote: FakeProvider) -> None:
    """Under the default preset at a provider that does not train, a restricted path makes
    the request Restricted (masked) and it is sent."""
    with ant(default, max_retries=0) as client:
        for path in _ledger_paths(default):
            n_remote = len(remote.requests())
            raw = client.messages.with_raw_response.create(
                model="claude-sonnet-4-5",
                max_tokens=100,
                messages=_read_ledger(path),  # type: ignore[arg-type]
            )
            assert_headers(raw.headers, "Restricted", "mask")
            assert len(since(remote, n_remote)) == 1


@pytest.mark.parametrize("stream", [False, True])
def test_restricted_path_blocked_under_regulated_without_local(
    no_local: Veil, remote: FakeProvider, stream: bool
) -> None:
    before = no_local.count(BLOCKED)
    with ant(no_local, max_retries=0) as client:
        for path in _ledger_paths(no_local):
            n_remote = len(remote.requests())
            with pytest.raises(anthropic.BadRequestError) as caught:
                client.messages.create(
                    model="claude-sonnet-4-5",
                    max_tokens=100,
                    messages=_read_ledger(path),  # type: ignore[arg-type]
                    stream=stream,
                )
            assert caught.value.status_code == 400
            text = str(caught.value)
            assert MESSAGE in text and f"path:{PAYMENTS}" in text and "Restricted" in text, text
            # The key asked for `local`, and no local upstream can take the request.
            assert "policy.restricted.default = 'local'" in text, text
            assert "no local upstream can take this request" in text, text
            assert "ledger.py" not in text  # the message names the pattern, never the path
            body = caught.value.body
            assert isinstance(body, dict) and body["error"]["type"] == "invalid_request_error"
            # The decision itself is `block` (header and log), not `local` applied as a block.
            assert_headers(caught.value.response.headers, "Restricted", "block")
            assert len(remote.requests()) == n_remote
    assert no_local.wait_count(BLOCKED, before + 2) == before + 2
    lines = [x for x in no_local.log().splitlines() if BLOCKED in x]
    assert all("status=400 " + BLOCKED in x and "applied=" not in x for x in lines), lines
    assert no_local.count("decision=local") == 0


def test_other_path_is_not_restricted(no_local: Veil, remote: FakeProvider) -> None:
    n_remote = len(remote.requests())
    with ant(no_local, max_retries=0) as client:
        raw = client.messages.with_raw_response.create(
            model="claude-sonnet-4-5",
            max_tokens=100,
            messages=_read_ledger("src/reports/ledger.py"),  # type: ignore[arg-type]
        )
    assert_headers(raw.headers, "Public", "forward")
    assert len(since(remote, n_remote)) == 1


# ---------------------------------------------------------------- headers on veil's own errors


@pytest.mark.parametrize("path", ["/v1/chat/completions", "/v1/responses", "/v1/messages"])
def test_malformed_json_answer_carries_the_headers(
    default: Veil, remote: FakeProvider, path: str
) -> None:
    n_remote = len(remote.requests())
    r = httpx.post(
        default.url + path,
        content=b'{"model": "x", "messages": [',
        headers={"content-type": "application/json", "authorization": "Bearer test-key"},
        timeout=30,
    )
    assert r.status_code == 400, r.text
    assert "not valid JSON" in r.text
    assert_headers(r.headers, "unknown", "none")
    assert len(remote.requests()) == n_remote
