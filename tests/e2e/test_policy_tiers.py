"""End to end: Internal and `[policy.paths]`, through the real openai and anthropic SDKs and
`veil serve` processes started with a veil.toml written here, in front of a fake provider run as
a process.

The default preset with organisation terms pseudonymizes Internal; `personal` forwards it. A
restricted path a tool read makes the request Restricted: masked under the default preset, and
blocked under `regulated` with no local upstream. Every answer carries `veil-tier` and
`veil-decision`.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import anthropic
import pytest

from tests.e2e.conftest import FakeProvider
from tests.e2e.policy_services import (
    BLOCKED,
    MESSAGE,
    ORG,
    PAYMENTS,
    Veil,
    ant,
    assert_headers,
    bodies,
    oai,
    since,
    upstreams,
    veil_serving,
)


@pytest.fixture(scope="module")
def personal(remote: FakeProvider, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Veil]:
    toml = f'[org]\nterms = ["{ORG}"]\n\n[policy]\npreset = "personal"\n\n' + upstreams(remote.url)
    yield from veil_serving(tmp_path_factory.mktemp("personal"), toml)


@pytest.fixture(scope="module")
def no_local(remote: FakeProvider, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Veil]:
    """`regulated` with a restricted path and no local upstream."""
    toml = (
        f'[policy]\npreset = "regulated"\n\n[policy.paths]\nrestricted = ["{PAYMENTS}"]\n\n'
        + upstreams(remote.url)
    )
    yield from veil_serving(tmp_path_factory.mktemp("no-local"), toml)


# ---------------------------------------------------------------- Internal: organisation terms


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


# ---------------------------------------------------------------- [policy.paths]


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
