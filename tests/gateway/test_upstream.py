"""Upstreams: precedence of defaults, config, environment and command line; URLs; headers."""

from __future__ import annotations

import pytest

from veil.config import Settings
from veil.errors import ConfigError
from veil.gateway.upstream import Upstream, request_headers, resolve_upstreams, response_headers


def test_builtin_defaults_follow_each_sdks_convention() -> None:
    ups = resolve_upstreams(Settings(), {}, {})
    assert (
        ups["openai"].url("/v1/chat/completions", "")
        == "https://api.openai.com/v1/chat/completions"
    )
    assert (
        ups["anthropic"].url("/v1/messages", "beta=true")
        == "https://api.anthropic.com/v1/messages?beta=true"
    )


def test_config_then_environment_then_command_line() -> None:
    settings = Settings.model_validate(
        {
            "upstreams": {
                "openai": {
                    "kind": "openai",
                    "base_url": "http://config.test/v1",
                    "api_key_env": "K",
                }
            }
        }
    )
    env = {"K": "test-key-from-env", "VEIL_OPENAI_UPSTREAM": "http://env.test/v1"}
    assert resolve_upstreams(settings, {}, {"K": "x"})["openai"].base_url == "http://config.test/v1"
    from_env = resolve_upstreams(settings, {}, env)["openai"]
    assert (from_env.base_url, from_env.api_key) == ("http://env.test/v1", "test-key-from-env")
    from_cli = resolve_upstreams(settings, {"openai": "http://cli.test/v1"}, env)["openai"]
    assert from_cli.base_url == "http://cli.test/v1"


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"nope": "http://x.test"}, "no upstream named 'nope'"),
        ({"openai": "ftp://x"}, "not an http"),
    ],
)
def test_bad_overrides_are_clear_errors(overrides: dict[str, str], message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        resolve_upstreams(Settings(), overrides, {})


def test_where_shows_host_and_port_only() -> None:
    assert Upstream("u", "openai", "http://user:pw@host.test:8080/v1").where == "host.test:8080"


def test_configured_key_is_sent_only_when_the_client_sends_none() -> None:
    up = Upstream("a", "anthropic", "http://a.test", api_key="test-configured")
    assert ("x-api-key", "test-configured") in request_headers([], up)
    own = request_headers([(b"x-api-key", b"test-own")], up)
    assert own == [("x-api-key", "test-own")]
    oai = Upstream("o", "openai", "http://o.test/v1", api_key="test-configured")
    assert request_headers([], oai) == [("authorization", "Bearer test-configured")]


def test_response_headers_drop_framing_set_by_veil() -> None:
    headers = [(b"Content-Length", b"5"), (b"content-encoding", b"gzip"), (b"x-request-id", b"r1")]
    assert response_headers(headers) == [(b"x-request-id", b"r1")]


def test_response_headers_drop_the_upstreams_cors_headers() -> None:
    headers = [
        (b"Access-Control-Allow-Origin", b"*"),
        (b"access-control-allow-headers", b"*"),
        (b"x-request-id", b"r1"),
    ]
    assert response_headers(headers) == [(b"x-request-id", b"r1")]


def test_header_values_are_masked_unless_credentials_or_protocol() -> None:
    up = Upstream("anthropic", "anthropic", "http://127.0.0.1:1")
    headers = [
        (b"x-codex-turn-metadata", b'{"cwd": "/home/dev/acme"}'),
        (b"x-api-key", b"test-own"),
        (b"x-custom-auth-token", b"test-proxy"),
        (b"anthropic-version", b"2023-06-01"),
        (b"x-stainless-os", b"Linux"),
        (b"x-claude-code-session-id", b"s-1"),
    ]
    out = dict(request_headers(headers, up, lambda v: v.replace("acme", "VEIL_ORG_0")))
    assert out["x-codex-turn-metadata"] == '{"cwd": "/home/dev/VEIL_ORG_0"}'
    assert out["x-api-key"] == "test-own" and out["x-custom-auth-token"] == "test-proxy"
    assert out["anthropic-version"] == "2023-06-01" and out["x-stainless-os"] == "Linux"
    assert out["x-claude-code-session-id"] == "s-1"


@pytest.mark.parametrize(
    ("config", "overrides", "expected"),
    [
        ({}, {}, {"openai": "openai", "anthropic": "anthropic"}),
        # A test double or a proxy on this machine in front of the API keeps its provider.
        ({}, {"openai": "http://127.0.0.1:9/v1"}, {"openai": "openai"}),
        # Another host is another provider: unknown (read strictly) unless the config names it.
        ({}, {"openai": "https://openrouter.ai/api/v1"}, {"openai": "unknown"}),
        (
            {"anthropic": {"kind": "anthropic", "base_url": "https://api.deepseek.com/anthropic"}},
            {},
            {"anthropic": "unknown"},
        ),
        (
            {"anthropic": {"kind": "anthropic", "base_url": "https://api.deepseek.com/anthropic",
                           "provider": "deepseek"}},
            {},
            {"anthropic": "deepseek"},
        ),
        ({"eu": {"kind": "openai", "base_url": "https://mistral.test/v1"}}, {}, {"eu": "unknown"}),
    ],
)  # fmt: skip
def test_each_upstream_has_a_provider(
    config: dict[str, object], overrides: dict[str, str], expected: dict[str, str]
) -> None:
    ups = resolve_upstreams(Settings.model_validate({"upstreams": config}), overrides, {})
    assert {name: ups[name].provider for name in expected} == expected


def test_on_this_machine_is_the_address_not_the_claim() -> None:
    assert Upstream("a", "openai", "http://127.0.0.1:11434/v1").on_this_machine
    assert Upstream("b", "openai", "http://localhost:8000/v1").on_this_machine
    assert not Upstream("c", "openai", "http://gpu-box.lan:8000/v1", local=True).on_this_machine


def test_an_upstreams_own_veil_headers_never_reach_the_client() -> None:
    got = response_headers([(b"Veil-Decision", b"forward"), (b"x-request-id", b"r1")])
    assert got == [(b"x-request-id", b"r1")]
