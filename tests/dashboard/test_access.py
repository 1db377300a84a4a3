"""Who may see the dashboard: without tokens, loopback with a loopback Host; with tokens, a
token (header or cookie) from everyone."""

from __future__ import annotations

import hashlib

from veil.dashboard.access import COOKIE, Access, cookie_value

TOKEN = "dash-" + "t" * 24


def access() -> Access:
    return Access([hashlib.sha256(TOKEN.encode()).digest()])


def test_without_tokens_a_loopback_client_naming_a_loopback_host_is_let_in() -> None:
    for client, host in (
        ("127.0.0.1", "127.0.0.1:8788"),
        ("::1", "[::1]:8788"),
        ("127.0.0.5", "localhost"),
    ):
        assert Access().allows(client, {"host": host})
        assert not access().allows(client, {"host": host})  # with tokens: a token, always
    assert not Access().allows("127.0.0.1", {"host": "attacker.example:8788"})
    assert not Access().allows("192.0.2.7", {"host": "127.0.0.1"})


def test_loopback_client_naming_another_host_needs_a_token() -> None:
    # A page that rebinds its own name to 127.0.0.1 sends its own name as the Host.
    assert not access().allows("127.0.0.1", {"host": "attacker.example:8788"})
    assert not access().allows("127.0.0.1", {})
    headers = {"host": "attacker.example", "veil-token": TOKEN}
    assert access().allows("127.0.0.1", headers)


def test_other_clients_need_a_token() -> None:
    assert not access().allows("192.0.2.7", {"host": "127.0.0.1"})
    assert not access().allows(None, {"host": "127.0.0.1"})
    assert access().allows("192.0.2.7", {"host": "veil.lan", "veil-token": TOKEN})
    assert not access().allows("192.0.2.7", {"host": "veil.lan", "veil-token": TOKEN + "x"})
    assert not access().allows("192.0.2.7", {"host": "veil.lan", "veil-token": ""})


def test_a_valid_token_earns_a_cookie_that_is_not_the_token() -> None:
    gate = access()
    assert gate.valid(TOKEN) and not gate.valid("nope") and not gate.valid("tökén☃")
    value = gate.cookie_for(TOKEN)
    assert TOKEN not in value and hashlib.sha256(TOKEN.encode()).hexdigest() != value
    assert gate.allows("192.0.2.7", {"cookie": f"other=1; {COOKIE}={value}"})
    assert not gate.allows("192.0.2.7", {"cookie": f"{COOKIE}={value[:-1]}0"})


def test_a_cookie_from_another_start_is_worth_nothing() -> None:
    assert not access().allows("192.0.2.7", {"cookie": f"{COOKIE}={access().cookie_for(TOKEN)}"})


def test_without_tokens_only_loopback_gets_in() -> None:
    gate = Access()
    assert not gate.has_tokens and access().has_tokens
    assert not gate.allows("192.0.2.7", {"host": "x", "veil-token": ""})
    assert gate.allows("127.0.0.1", {"host": "localhost:8788"})


def test_cookie_value_reads_only_the_dashboards_cookie() -> None:
    assert cookie_value({"cookie": f"a=b; {COOKIE}=abc"}) == "abc"
    assert cookie_value({"cookie": "a=b"}) == ""
    assert cookie_value({}) == ""
    assert cookie_value({"cookie": 'bad"cookie=;;=='}) == ""
