"""End to end: `regulated` with a local upstream, through the real openai SDK and a `veil serve`
process started with a veil.toml written here, in front of fake providers run as processes.

Restricted goes to the local upstream, with its originals, never to the remote provider; Public
goes to the remote provider. Every answer carries `veil-tier` and `veil-decision`.
"""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest

from tests.e2e.conftest import FakeProvider
from tests.e2e.policy_services import (
    KEY,
    PROMPT,
    Veil,
    assert_headers,
    chat_once,
    fake_provider,
    oai,
    since,
    veil_serving,
)


@pytest.fixture(scope="module")
def local_fake(tmp_path_factory: pytest.TempPathFactory) -> Iterator[FakeProvider]:
    yield from fake_provider(tmp_path_factory.mktemp("local"))


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
    yield from veil_serving(tmp_path_factory.mktemp("regulated"), toml)


# ------------------------------------------------------ regulated: Restricted stays local


@pytest.mark.parametrize("stream", [False, True])
def test_regulated_restricted_chat_goes_to_the_local_upstream(
    regulated: Veil, remote: FakeProvider, local_fake: FakeProvider, stream: bool
) -> None:
    n_remote, n_local = len(remote.requests()), len(local_fake.requests())
    before = regulated.count("upstream=local")
    headers, text = chat_once(regulated, "gpt-5", PROMPT, stream=stream)
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
    # Translated: few local servers speak the Responses API; every one speaks chat completions.
    assert [r["path"] for r in got] == ["/v1/chat/completions"]
    assert KEY in got[0]["body"]
    sent = json.loads(got[0]["body"])
    assert sent["model"] == "local-llama-3" and sent["messages"][-1]["content"] == PROMPT
    assert regulated.wait_count("translated=responses>chat", 1) >= 1


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
