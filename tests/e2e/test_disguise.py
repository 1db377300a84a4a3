"""End to end: code-aware disguise through real processes: the openai and anthropic SDKs and
Claude Code -> `veil serve` (the default preset, `[org] terms` and `[org] domains`) -> the fake
provider.

A tool result holding a source file with organisation terms in identifiers, an internal host, a
business comment and a planted secret must reach the provider with neutral names in the same
case style (`Org1BillingClient`, `org1_billing`, `ORG1_REGION`), `service-1.internal.example`,
an empty comment and a placeholder, with as many lines as it had. The fake model quotes what it
received, one character per stream event: its answer (text, a diff, tool-call arguments) must
come back with the real names and nothing neutral left. A second turn must send the history
with the same neutral names, byte for byte; the log line and the audit event must hold counts,
never a term or a host.
"""

from __future__ import annotations

import json
import re
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from tests.e2e.conftest import FakeProvider
from tests.e2e.policy_services import (
    Veil,
    ant,
    assert_headers,
    bodies,
    oai,
    since,
    start_veil,
    upstreams,
    veil_serving,
)
from tests.e2e.test_clients import _binary, _run
from tests.factories import aws_key_id, aws_secret
from veil.audit.store import SqliteStore
from veil.vault.tokens import PLACEHOLDER_RE

KEY = aws_key_id("disguise")
SECRET = aws_secret("disguise")
DOMAIN = "corp.acme.com"
HOST = f"billing.{DOMAIN}"
NEUTRAL_HOST = "service-1.internal.example"
ORG_TOML = f'[org]\nterms = ["Acme"]\ndomains = ["{DOMAIN}"]\n\n'
BUSINESS = "# Globex asked for 30% off before the Q3 renewal"
ORG_COMMENT = "# ACME_REGION falls back to the Frankfurt region"
KEPT_COMMENT = "# retry once on a timeout"
PATH = "src/acme_billing/client.py"

SOURCE = f'''"""An HTTP client for the invoices API."""

import os

import requests

from acme_billing.models import Invoice

{ORG_COMMENT}
ACME_REGION = os.environ.get("ACME_REGION", "eu-central-1")
BILLING_URL = "https://{HOST}/v2/invoices"
AWS_ACCESS_KEY_ID = "{KEY}"
AWS_SECRET_ACCESS_KEY = "{SECRET}"


class AcmeBillingClient:
    def __init__(self, session: requests.Session) -> None:
        self.session = session

    def invoices(self, account: str) -> list[Invoice]:
        {KEPT_COMMENT}
        response = self.session.get(BILLING_URL, params={{"account": account}}, timeout=10)
        response.raise_for_status()
        return [Invoice(**row) for row in response.json()]


def calculateAcmeLTV(client: AcmeBillingClient, account: str) -> float:
    {BUSINESS}
    total = sum(invoice.amount for invoice in client.invoices(account))
    return total * 0.7
'''


def _neutral(text: str) -> str:
    """What veil sends for `text`: the host and the terms renamed (placeholders aside)."""
    text = text.replace(HOST, NEUTRAL_HOST)
    return text.replace("Acme", "Org1").replace("acme", "org1").replace("ACME", "ORG1")


# The file as the provider must get it (every placeholder written `<placeholder>`), and as the
# developer gets it back: both comments that give the company away are empty, the rest is kept.
STRIPPED = SOURCE.replace(BUSINESS, "#").replace(ORG_COMMENT, "#")
SENT = _neutral(STRIPPED).replace(KEY, "<placeholder>").replace(SECRET, "<placeholder>")
HIDDEN = ("Acme", "acme", "ACME", DOMAIN, "Globex", "30%", "Q3 renewal", KEY, SECRET)
NEUTRAL_NAMES = ("Org1BillingClient", "org1_billing", "ORG1_REGION", "calculateOrg1LTV")
REAL_NAMES = ("AcmeBillingClient", "acme_billing", "ACME_REGION", "calculateAcmeLTV", HOST)
# Any neutral name or host (`Org1`, `org_2`, `service-3.internal.example`) left in an answer.
ANY_NEUTRAL = re.compile(r"(?:Org|org|ORG)[ _\-]?[0-9]|service-[0-9]+\.internal\.example")
QUESTION = "why does calculateAcmeLTV come out low for AcmeBillingClient accounts?"
ONE_CHAR = {"x-fake-chunk": "1"}
SDKS = ("anthropic", "openai")


@pytest.fixture(scope="module")
def veil(remote: FakeProvider, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Veil]:
    """The default preset (Internal is pseudonymized) with one term and one internal domain."""
    yield from veil_serving(tmp_path_factory.mktemp("disguise"), ORG_TOML + upstreams(remote.url))


# ---------------------------------------------------------------- requests and answers


def _history(sdk: str, source: str = SOURCE) -> list[dict[str, Any]]:
    """A turn in which the client read `source` with a tool and sends the result back."""
    if sdk == "anthropic":
        call = {
            "type": "tool_use",
            "id": "toolu_read",
            "name": "Read",
            "input": {"file_path": PATH},
        }
        result = {"type": "tool_result", "tool_use_id": "toolu_read", "content": source}
        return [
            {"role": "user", "content": QUESTION},
            {"role": "assistant", "content": [call]},
            {"role": "user", "content": [result]},
        ]
    function = {"name": "read_file", "arguments": json.dumps({"path": PATH})}
    return [
        {"role": "user", "content": QUESTION},
        {
            "role": "assistant",
            "content": None,
            "tool_calls": [{"id": "call_read", "type": "function", "function": function}],
        },
        {"role": "tool", "tool_call_id": "call_read", "content": source},
    ]


@dataclass
class Answer:
    text: str
    calls: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    headers: dict[str, str] = field(default_factory=dict)


def _ask(
    veil: Veil, sdk: str, messages: list[dict[str, Any]], *, stream: bool, session: str
) -> Answer:
    """One request through veil with the real SDK, streamed one character per event or not."""
    headers = {**ONE_CHAR, "x-claude-code-session-id": session}
    if sdk == "anthropic":
        with ant(veil, max_retries=0) as client:
            kw: Any = {"model": "claude-sonnet-4-5", "max_tokens": 1000, "messages": messages}
            if stream:
                with client.messages.stream(**kw, extra_headers=headers) as events:
                    message = events.get_final_message()
                    got = dict(events.response.headers)
            else:
                raw = client.messages.with_raw_response.create(**kw, extra_headers=headers)
                message, got = raw.parse(), dict(raw.headers)
        text = "".join(b.text for b in message.content if b.type == "text")
        calls = [(b.name, dict(b.input)) for b in message.content if b.type == "tool_use"]
        return Answer(text, calls, got)  # type: ignore[arg-type]
    with oai(veil, max_retries=0) as client:
        if stream:
            chunks = client.chat.completions.create(
                model="gpt-5", messages=messages, stream=True, extra_headers=headers
            )
            text, names, arguments = "", {}, {}
            for chunk in chunks:
                delta = chunk.choices[0].delta if chunk.choices else None
                if delta is None:
                    continue
                text += delta.content or ""
                for call in delta.tool_calls or []:
                    if call.function and call.function.name:
                        names[call.index] = call.function.name
                    piece = call.function.arguments if call.function else None
                    arguments[call.index] = arguments.get(call.index, "") + (piece or "")
            calls = [(names[i], json.loads(arguments[i])) for i in sorted(names)]
            return Answer(text, calls, dict(chunks.response.headers))
        raw = client.chat.completions.with_raw_response.create(
            model="gpt-5", messages=messages, extra_headers=headers
        )
        reply = raw.parse().choices[0].message
        calls = [
            (c.function.name, json.loads(c.function.arguments))
            for c in reply.tool_calls or []
            if c.type == "function"
        ]
        return Answer(reply.content or "", calls, dict(raw.headers))


def _one(remote: FakeProvider, n: int) -> tuple[str, dict[str, Any]]:
    """The one request the provider got since `n`: its body as text and parsed."""
    got = since(remote, n)
    assert len(got) == 1, [r["path"] for r in got]
    assert got[0]["headers"].get("x-fake-chunk") == "1"  # streamed one character an event
    return got[0]["body"], json.loads(got[0]["body"])


def _tool_result(body: dict[str, Any]) -> str:
    """The text of the (one) tool result in a recorded request, either format."""
    for message in body["messages"]:
        if message["role"] == "tool":
            return str(message["content"])
        if isinstance(message["content"], list):
            for block in message["content"]:
                if block.get("type") == "tool_result":
                    return str(block["content"])
    raise AssertionError("no tool result in the request")


def _assert_hidden(sent: str) -> None:
    for value in HIDDEN:
        assert value not in sent, f"{value!r} reached the provider"


def _assert_real(answer: str) -> None:
    """No neutral name or host is left in what the developer gets."""
    left = ANY_NEUTRAL.findall(answer)
    assert not left, f"neutral names left in the answer: {left}"


# ---------------------------------------------------------------- a tool result, and the answer


@pytest.mark.parametrize("stream", [False, True], ids=["whole", "streamed"])
@pytest.mark.parametrize("sdk", SDKS)
def test_tool_result_is_disguised_and_the_answer_gets_real_names(
    veil: Veil, remote: FakeProvider, sdk: str, stream: bool
) -> None:
    n = len(remote.requests())
    answer = _ask(veil, sdk, _history(sdk), stream=stream, session=f"result-{sdk}-{stream}")
    # A secret makes it Restricted (masked), the terms Internal (pseudonymized): the strictest.
    assert_headers(answer.headers, "Restricted", "pseudonymize")
    raw, body = _one(remote, n)
    _assert_hidden(raw)
    for name in (*NEUTRAL_NAMES, NEUTRAL_HOST, KEPT_COMMENT):
        assert name in raw, name
    sent = _tool_result(body)
    assert sent.count("\n") == SOURCE.count("\n")  # line numbers stay right
    assert PLACEHOLDER_RE.sub("<placeholder>", sent) == SENT
    # The fake model answers `tool said: <the tool result it received>`, one character an event.
    assert answer.text == "tool said: " + STRIPPED
    for name in REAL_NAMES:
        assert name in answer.text, name
    _assert_real(answer.text)


EDIT = {
    "file_path": PATH,
    "old_string": "class AcmeBillingClient:",
    "new_string": "class AcmeBillingClient(BaseClient):\n    region = ACME_REGION",
}


@pytest.mark.parametrize("stream", [False, True], ids=["whole", "streamed"])
@pytest.mark.parametrize("sdk", SDKS)
def test_tool_call_arguments_get_real_names(
    veil: Veil, remote: FakeProvider, sdk: str, stream: bool
) -> None:
    """The model calls Edit with the neutral names it was given; the client gets the real."""
    messages = [
        *_history(sdk),
        {"role": "assistant", "content": "The discount is applied twice."},
        {"role": "user", "content": f"fix it [[tool Edit {json.dumps(EDIT)}]]"},
    ]
    n = len(remote.requests())
    answer = _ask(veil, sdk, messages, stream=stream, session=f"edit-{sdk}-{stream}")
    raw, body = _one(remote, n)
    _assert_hidden(raw)
    neutral = {k: _neutral(v) for k, v in EDIT.items()}
    assert body["messages"][-1]["content"] == f"fix it [[tool Edit {json.dumps(neutral)}]]"
    assert answer.calls == [("Edit", EDIT)]
    assert answer.text == ""


DIFF = f"""Is this the right change?

```diff
--- a/{PATH}
+++ b/{PATH}
@@ -10,3 +10,3 @@
 ACME_REGION = os.environ.get("ACME_REGION", "eu-central-1")
-BILLING_URL = "https://{HOST}/v2/invoices"
+BILLING_URL = "https://{HOST}/v3/invoices"
@@ -16,1 +16,1 @@
-class AcmeBillingClient:
+class AcmeBillingClient(BaseClient):
```"""


@pytest.mark.parametrize("stream", [False, True], ids=["whole", "streamed"])
@pytest.mark.parametrize("sdk", SDKS)
def test_diff_in_prose_gets_real_names(
    veil: Veil, remote: FakeProvider, sdk: str, stream: bool
) -> None:
    """The model quotes a unified diff written with the neutral names."""
    n = len(remote.requests())
    messages = [{"role": "user", "content": DIFF}]
    answer = _ask(veil, sdk, messages, stream=stream, session=f"diff-{sdk}-{stream}")
    raw, body = _one(remote, n)
    _assert_hidden(raw)
    assert body["messages"][-1]["content"] == _neutral(DIFF)
    assert answer.text == "echo: " + DIFF
    _assert_real(answer.text)


# ---------------------------------------------------------------- the next turn


def _messages_text(raw: str) -> str:
    """The JSON text of the `messages` array in a recorded body, as it was sent."""
    start = raw.index('"messages":') + len('"messages":')
    start += len(raw[start:]) - len(raw[start:].lstrip())
    _, end = json.JSONDecoder().raw_decode(raw, start)
    return raw[start:end]


@pytest.mark.parametrize("sdk", SDKS)
def test_next_turn_resends_the_same_neutral_names(
    veil: Veil, remote: FakeProvider, sdk: str
) -> None:
    """The client resends the history with the real names: the provider gets the first turn's
    messages again byte for byte (its prompt cache holds), and the answer as it gave it."""
    session = f"turns-{sdk}"
    first = _history(sdk)
    n = len(remote.requests())
    answer = _ask(veil, sdk, first, stream=True, session=session)
    raw1, body1 = _one(remote, n)
    second = [
        *first,
        {"role": "assistant", "content": answer.text},
        {"role": "user", "content": "now give AcmeBillingClient a refund() for acme_billing"},
    ]
    n = len(remote.requests())
    _ask(veil, sdk, second, stream=True, session=session)
    raw2, body2 = _one(remote, n)
    _assert_hidden(raw2)
    before = _messages_text(raw1)
    assert _messages_text(raw2).startswith(before[:-1] + ","), "history changed"
    assert body2["messages"][: len(first)] == body1["messages"]
    # The model's own answer comes back to it as it wrote it, neutral names and all.
    assert body2["messages"][len(first)]["content"] == "tool said: " + _tool_result(body1)
    assert (
        body2["messages"][-1]["content"] == "now give Org1BillingClient a refund() for org1_billing"
    )


# ---------------------------------------------------------------- the record


def test_log_line_and_audit_event_hold_counts_never_names(
    remote: FakeProvider, tmp_path: Path
) -> None:
    audit = f'[audit]\nurl = "sqlite:///{tmp_path}/audit.db"\n\n'
    veil = start_veil(tmp_path / "audited", ORG_TOML + audit + upstreams(remote.url))
    try:
        answer = _ask(veil, "openai", _history("openai"), stream=False, session="record")
        assert "AcmeBillingClient" in answer.text
        assert veil.wait_count("disguised=", 1) == 1
    finally:
        assert veil.service.stop() == 0  # SIGTERM: writes the queued audit events
    log = veil.log()
    (line,) = [x for x in log.splitlines() if "POST /v1/chat/completions" in x]
    assert "decision=pseudonymize" in line, line
    m = re.search(r" disguised=comments:(\d+),hosts:(\d+),names:(\d+)(?: |$)", line)
    assert m is not None, line
    # Two comments (the business one, the one naming ACME_REGION), one host, and the names in
    # the question, the tool call's path and the file (those in the stripped comment go with it).
    comments, hosts, names = map(int, m.groups())
    assert (comments, hosts) == (2, 1), line
    in_file = STRIPPED.replace(HOST, "").lower().count("acme")
    assert names == QUESTION.count("Acme") + PATH.count("acme") + in_file, line
    for value in (*HIDDEN, "Org1", "org1", "ORG1", NEUTRAL_HOST):
        assert value not in log, f"{value!r} in the log"
    (event,) = [e for e in SqliteStore(tmp_path / "audit.db").scan() if e.data.get("route") != "-"]
    assert event.decision == "pseudonymize"
    assert event.data["disguised"] == {"comments": 2, "hosts": 1, "names": names}
    stored = b"".join(p.read_bytes() for p in tmp_path.glob("audit.db*")).lower()
    for value in ("acme", DOMAIN, "globex", KEY, SECRET, "org1", NEUTRAL_HOST):
        assert value.lower().encode() not in stored, f"{value!r} in the audit store"


# ---------------------------------------------------------------- Claude Code


def test_claude_code_reads_a_file_the_provider_never_sees_the_names(
    veil: Veil, remote: FakeProvider, tmp_path: Path
) -> None:
    """The fake model asks Claude Code to Read a file with the neutral path it was given; Claude
    Code reads the real file, sends it back, and shows the model's quote with the real names."""
    work = tmp_path / "work"
    source = work / PATH
    source.parent.mkdir(parents=True)
    source.write_text(SOURCE)
    prompt = f"[[tool Read {json.dumps({'file_path': str(source)})}]]"
    env = {
        "HOME": str(tmp_path / "home"),
        "ANTHROPIC_BASE_URL": veil.url,
        "ANTHROPIC_API_KEY": "test-key",
        "ANTHROPIC_CUSTOM_HEADERS": "x-fake-chunk: 1",
        "DISABLE_TELEMETRY": "1",
        "DISABLE_AUTOUPDATER": "1",
        "DISABLE_ERROR_REPORTING": "1",
        "CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC": "1",
    }
    n = len(remote.requests())
    result: subprocess.CompletedProcess[str] = _run(
        [_binary("claude"), "-p", prompt, "--allowedTools", "Read"], work, env
    )
    assert result.returncode == 0, (result.stdout + result.stderr)[-3000:]
    sent = bodies(since(remote, n))
    _assert_hidden(sent)
    # The Read result went out (a numbered listing), disguised.
    results = [
        block
        for r in since(remote, n)
        if r["path"] == "/v1/messages"
        for message in json.loads(r["body"])["messages"]
        if isinstance(message["content"], list)
        for block in message["content"]
        if block.get("type") == "tool_result"
    ]
    assert results, "Claude Code sent no tool result"
    turns = [r for r in since(remote, n) if r["path"] == "/v1/messages"]
    assert all(r["headers"].get("x-fake-chunk") == "1" for r in turns)
    for name in (*NEUTRAL_NAMES, NEUTRAL_HOST):
        assert name in sent, name
    # The fake model's answer quotes the listing it received: the developer sees the real names.
    out = result.stdout
    assert "tool said:" in out, out[-3000:]
    for name in REAL_NAMES:
        assert name in out, (name, out[-3000:])
    _assert_real(out)
    assert KEY in out and SECRET in out
    assert "Globex" not in out  # a stripped comment is not restored: it never left
