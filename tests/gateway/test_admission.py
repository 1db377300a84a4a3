"""Only the user's own clients get in: Host, Origin, CORS, content type, methods, tokens, and
what a request can make veil write in its log and errors."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from pathlib import Path

import pytest
from aiohttp import web
from typer.testing import CliRunner

from tests.factories import aws_key_id, aws_secret, email
from tests.gateway.conftest import Upstream, client_for
from veil.cli.main import app
from veil.config import GatewaySettings, Settings
from veil.errors import ConfigError, UsageError
from veil.gateway.admission import Admission, host_name, load_tokens
from veil.gateway.app import Gateway
from veil.gateway.record import GatewayError, loggable_model
from veil.gateway.server import build_gateway
from veil.vault.tokens import PLACEHOLDER_RE

pytestmark = pytest.mark.anyio

KEY = aws_key_id("admission")
SECRET = aws_secret("admission")
MAIL = email("admission")


def _chat(content: str, model: str = "gpt-5") -> dict[str, object]:
    return {"model": model, "messages": [{"role": "user", "content": content}]}


async def _echo_chat(request: web.BaseRequest) -> web.StreamResponse:
    body = await request.json()
    message = {"role": "assistant", "content": body["messages"][-1]["content"]}
    return web.json_response({"choices": [{"index": 0, "message": message}]})


@pytest.mark.parametrize(
    "host", ["evil.test", "evil.test:8787", "127.0.0.1.evil.test", "localhost.evil.test", ""]
)
async def test_a_foreign_host_is_refused(gateway: Gateway, upstream: Upstream, host: str) -> None:
    """DNS rebinding: a page on evil.test whose name now points at 127.0.0.1."""
    async with client_for(gateway) as client:
        r = await client.post("/v1/chat/completions", json=_chat("hi"), headers={"host": host})
        health = await client.get("/", headers={"host": host})
    assert r.status_code == 403 and health.status_code == 403
    assert r.json()["error"]["type"] == "permission_error"
    assert upstream.requests == []


@pytest.mark.parametrize(
    "host", ["localhost", "LOCALHOST:1", "127.0.0.1", "127.8.9.10:8787", "[::1]:8787", "[::1]"]
)
async def test_loopback_hosts_with_any_port_are_accepted(
    gateway: Gateway, upstream: Upstream, host: str
) -> None:
    async with client_for(gateway) as client:
        r = await client.post("/v1/chat/completions", json=_chat("hi"), headers={"host": host})
    assert r.status_code == 200


async def test_listed_hosts_and_the_bound_host_are_accepted(
    make_gateway: Callable[..., Gateway], upstream: Upstream
) -> None:
    settings = Settings(gateway=GatewaySettings(allowed_hosts=["veil.lan"]))
    gateway = make_gateway(settings)
    gateway.admission = gateway.admission.bound_to("devbox.lan")
    async with client_for(gateway) as client:
        for host in ("veil.lan:8787", "VEIL.LAN", "devbox.lan:8787"):
            r = await client.post("/v1/chat/completions", json=_chat("hi"), headers={"host": host})
            assert r.status_code == 200, host


def test_an_address_of_the_connection_itself_is_accepted_as_host() -> None:
    """Bound to 0.0.0.0, clients name the machine by the address they connected to."""
    admission = Admission()
    admission.check({"host": "192.168.1.5:8787"}, "192.168.1.5")
    with pytest.raises(GatewayError) as refused:
        admission.check({"host": "192.168.1.6:8787"}, "192.168.1.5")
    assert refused.value.status == 403


def test_host_names_are_read_without_port_brackets_or_trailing_dot() -> None:
    assert host_name("LocalHost.:8787") == "localhost"
    assert host_name("[::1]:80") == "::1"
    assert host_name("::1") == "::1"
    assert host_name("127.0.0.1") == "127.0.0.1"


@pytest.mark.parametrize(
    "headers",
    [
        {"origin": "https://evil.test"},
        {"origin": "null"},
        {"origin": "http://127.0.0.1:8787"},
        {"sec-fetch-site": "cross-site"},
    ],
)
async def test_requests_from_web_pages_are_refused(
    gateway: Gateway, upstream: Upstream, headers: dict[str, str]
) -> None:
    async with client_for(gateway) as client:
        r = await client.post("/v1/messages", json={"messages": []}, headers=headers)
        models = await client.get("/v1/models", headers=headers)
    assert r.status_code == 403 and models.status_code == 403
    assert r.json()["error"]["type"] == "permission_error"
    assert upstream.requests == []


async def test_a_listed_origin_is_accepted_and_gets_no_cors_headers(
    make_gateway: Callable[..., Gateway], upstream: Upstream
) -> None:
    async def cors(request: web.BaseRequest) -> web.StreamResponse:
        headers = {"access-control-allow-origin": "*", "access-control-allow-credentials": "true"}
        return web.json_response({"ok": True}, headers=headers)

    upstream.handler = cors
    settings = Settings(gateway=GatewaySettings(allowed_origins=["vscode-webview://abc/"]))
    async with client_for(make_gateway(settings)) as client:
        r = await client.post(
            "/v1/messages", json={"messages": []}, headers={"origin": "vscode-webview://ABC"}
        )
    assert r.status_code == 200
    assert not [k for k in r.headers if k.lower().startswith("access-control-")]


async def test_options_is_answered_by_veil_without_cors(
    gateway: Gateway, upstream: Upstream
) -> None:
    async with client_for(gateway) as client:
        messages = await client.options("/v1/messages")
        models = await client.options("/anthropic/v1/models")
        preflight = await client.options(
            "/v1/chat/completions", headers={"origin": "https://evil.test"}
        )
    assert messages.status_code == 204 and messages.headers["allow"] == "POST, OPTIONS"
    assert models.headers["allow"] == "GET, HEAD, OPTIONS"
    assert preflight.status_code == 403
    for r in (messages, models, preflight):
        assert not [k for k in r.headers if k.lower().startswith("access-control-")]
    assert upstream.requests == []


@pytest.mark.parametrize(
    ("method", "path", "allow"),
    [
        ("GET", "/v1/messages", "POST"),
        ("PUT", "/v1/chat/completions", "POST"),
        ("DELETE", "/anthropic/v1/messages/count_tokens", "POST"),
        ("GET", "/v1/responses", "POST"),
        ("GET", "/v1/completions", "POST"),
        ("GET", "/v1/embeddings", "POST"),
        ("POST", "/v1/models", "GET, HEAD"),
        ("DELETE", "/", "GET, HEAD"),
        ("TRACE", "/v1/files", "GET, HEAD, POST, PUT, PATCH, DELETE"),
    ],
)
async def test_a_method_the_route_does_not_accept_is_a_405_with_allow(
    gateway: Gateway, upstream: Upstream, method: str, path: str, allow: str
) -> None:
    async with client_for(gateway) as client:
        r = await client.request(method, path)
    assert r.status_code == 405
    assert r.headers["allow"] == allow
    assert upstream.requests == []


@pytest.mark.parametrize(
    "headers",
    [
        {},  # no content type at all
        {"content-type": "text/plain"},
        {"content-type": "application/x-www-form-urlencoded"},
        {"content-type": "multipart/form-data; boundary=x"},
    ],
)
async def test_a_body_that_does_not_say_it_is_json_is_a_415(
    gateway: Gateway, upstream: Upstream, headers: dict[str, str]
) -> None:
    body = json.dumps(_chat("hi")).encode()
    async with client_for(gateway) as client:
        r = await client.post("/v1/chat/completions", content=body, headers=headers)
    assert r.status_code == 415
    assert upstream.requests == []


async def test_json_content_types_and_bodiless_requests_pass(
    gateway: Gateway, upstream: Upstream
) -> None:
    body = json.dumps(_chat("hi")).encode()
    async with client_for(gateway) as client:
        for ctype in ("application/json; charset=utf-8", "application/vnd.api+json"):
            r = await client.post(
                "/v1/chat/completions", content=body, headers={"content-type": ctype}
            )
            assert r.status_code == 200
        assert (await client.get("/v1/models")).status_code == 200
    assert len(upstream.requests) == 3


@pytest.mark.parametrize("value", ["", "   ", "\t"])
def test_an_empty_veil_token_is_refused_at_start(value: str) -> None:
    with pytest.raises(UsageError, match="VEIL_TOKEN is set but empty"):
        build_gateway(Settings(), env={"VEIL_TOKEN": value})


def test_veil_serve_with_an_empty_token_exits_2_with_one_line(tmp_path: Path) -> None:
    env = {"VEIL_TOKEN": " ", "XDG_CONFIG_HOME": str(tmp_path)}
    result = CliRunner().invoke(app, ["serve", "--port", "0"], env=env)
    assert result.exit_code == 2
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and "VEIL_TOKEN is set but empty" in lines[0]


def _tokens(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "tokens"
    path.write_text(text)
    return path


def test_tokens_file_names_callers_and_hashes_bare_tokens(tmp_path: Path) -> None:
    path = _tokens(tmp_path, "# team\nalice: alice-pass-1\n\nbob:bob-pass-2\ncarol-pass-3\n")
    tokens = load_tokens(path, "env-pass-4")
    admission = Admission.build(tokens=tokens)
    assert admission.identify({"veil-token": "alice-pass-1"}) == "alice"
    assert admission.identify({"veil-token": "bob-pass-2"}) == "bob"
    for token in ("carol-pass-3", "env-pass-4"):
        caller = admission.identify({"veil-token": token})
        assert caller.startswith("token-") and token not in caller
    for wrong in ({"veil-token": "alice"}, {"veil-token": ""}, {}):
        with pytest.raises(GatewayError) as refused:
            admission.identify(wrong)
        assert refused.value.status == 401


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "no tokens"),
        ("al ice:pass-1\n", "a name is"),
        ("alice:\n", "a token is one word"),
        ("alice:pass 1\n", "a token is one word"),
        ("alice:pass-1\nalice:pass-2\n", "already given"),
        ("alice:pass-1\nbob:pass-1\n", "already given"),
    ],
)
def test_bad_tokens_files_are_clear_errors_without_the_token(
    tmp_path: Path, text: str, message: str
) -> None:
    with pytest.raises(ConfigError, match=message) as error:
        load_tokens(_tokens(tmp_path, text), None)
    assert "pass" not in str(error.value)


async def test_each_caller_has_placeholders_of_their_own(
    make_gateway: Callable[..., Gateway], upstream: Upstream, tmp_path: Path
) -> None:
    """Two people share one veil: the same secret in the same session id masks differently for
    each, and one's placeholders never come back as the other's originals."""
    upstream.handler = _echo_chat
    path = _tokens(tmp_path, "alice:alice-pass-1\nbob:bob-pass-2\n")
    gateway = make_gateway(Settings(gateway=GatewaySettings(tokens_file=path)))
    session = {"x-claude-code-session-id": "shared"}
    alice = {**session, "veil-token": "alice-pass-1"}
    bob = {**session, "veil-token": "bob-pass-2"}
    prompt = f"key {KEY} secret {SECRET} mail {MAIL}"
    async with client_for(gateway) as client:
        await client.post("/v1/chat/completions", json=_chat(prompt), headers=alice)
        await client.post("/v1/chat/completions", json=_chat(prompt), headers=alice)
        await client.post("/v1/chat/completions", json=_chat(prompt), headers=bob)
        alice_sent = json.loads(upstream.requests[0].content)["messages"][0]["content"]
        # Bob sends Alice's placeholders: the answer must not restore her originals.
        stolen = await client.post("/v1/chat/completions", json=_chat(alice_sent), headers=bob)
    first, again, other = (r.content for r in upstream.requests[:3])
    assert first == again
    assert first != other
    answer = stolen.json()["choices"][0]["message"]["content"]
    for value in (KEY, SECRET, MAIL):
        assert value not in answer
    assert PLACEHOLDER_RE.search(answer)


async def test_a_refreshed_provider_credential_keeps_the_placeholders(
    gateway: Gateway, upstream: Upstream
) -> None:
    """An OAuth refresh changes Authorization mid-conversation; what is sent must not change,
    or prompt caching breaks and signed thinking no longer masks back."""
    thinking = {"type": "thinking", "thinking": f"it is {KEY}", "signature": "sig"}
    body = {
        "model": "claude-x",
        "max_tokens": 5,
        "messages": [
            {"role": "user", "content": f"use {KEY} and {SECRET}"},
            {"role": "assistant", "content": [thinking, {"type": "text", "text": "ok"}]},
            {"role": "user", "content": "go on"},
        ],
    }
    session = {"x-claude-code-session-id": "s1"}
    async with client_for(gateway) as client:
        for credential in ("Bearer oauth-access-one", "Bearer oauth-access-two"):
            r = await client.post(
                "/v1/messages", json=body, headers={**session, "authorization": credential}
            )
            assert r.status_code == 200
    first, second = upstream.requests
    assert first.headers["authorization"] != second.headers["authorization"]
    assert first.content == second.content
    assert KEY not in first.content.decode()


async def test_errors_name_what_was_wrong_never_the_value(gateway: Gateway) -> None:
    gateway.upstreams.pop("openai")
    async with client_for(gateway) as client:
        answers = [
            await client.post(
                "/v1/messages",
                content=b"{}",
                headers={"content-type": f"text/{KEY}"},
            ),
            await client.post(
                "/v1/messages",
                content=b"{}",
                headers={"content-type": "application/json", "content-encoding": SECRET},
            ),
            await client.post(f"/v1/chat/completions/{MAIL}", json={}),
        ]
    assert [r.status_code for r in answers] == [415, 415, 404]
    for r in answers:
        for value in (KEY, SECRET, MAIL):
            assert value not in r.text


async def test_log_holds_no_value_planted_in_model_path_or_query(
    gateway: Gateway, upstream: Upstream, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.INFO, logger="veil.gateway"):
        async with client_for(gateway) as client:
            await client.post("/v1/chat/completions", json=_chat("hi", model=KEY))
            await client.post("/v1/chat/completions", json=_chat("hi", model=f"gpt {SECRET}"))
            await client.post(f"/v1/x/{MAIL}?key={SECRET}", json=_chat("hi"))
            await client.post(f"/v1/chat/completions?k={KEY}", json=_chat("hi"))
            await client.post("/v1/chat/completions", json=_chat("hi", model="gpt-5.1-mini"))
            await client.get(f"/{KEY}", headers={"host": f"{MAIL}.test"})
    lines = [r.getMessage() for r in caplog.records if r.name == "veil.gateway"]
    assert len(lines) == 6
    log = "\n".join(lines)
    for value in (KEY, SECRET, MAIL, MAIL.split("@")[0]):
        assert value not in log
    assert "model=other" in lines[0] and "model=other" in lines[1]
    assert lines[2].startswith("POST other ") and "POST /v1/chat/completions " in lines[3]
    assert "model=gpt-5.1-mini" in lines[4]
    assert "status=403" in lines[5]


def test_a_model_is_logged_only_when_nothing_is_found_in_it() -> None:
    def clean(text: str) -> str:
        return text

    def finds(text: str) -> str:
        return "[aws_access_key_id]"

    def broken(text: str) -> str:
        raise RuntimeError("engine broke")

    assert loggable_model("claude-sonnet-4-5@20250929", clean) == "claude-sonnet-4-5@20250929"
    assert loggable_model("gpt 5", clean) == "other"
    assert loggable_model("x" * 81, clean) == "other"
    assert loggable_model("gpt-5", finds) == "other"
    assert loggable_model("gpt-5", broken) == "other"
