"""Network, tunnel, CDN and DNS rules: every example found with its precise kind."""

from __future__ import annotations

import pytest

from veil.detect import default_engine
from veil.detect.base import Rule
from veil.detect.secrets import FAMILIES, network

CASES = [
    pytest.param(rule, text, id=f"{rule.id}-{n}")
    for rule in network.RULES
    for n, text in enumerate(rule.examples.positives)
]


@pytest.mark.parametrize(("rule", "text"), CASES)
def test_full_engine_reports_the_precise_kind(rule: Rule, text: str) -> None:
    kinds = {f.kind for f in default_engine().scan(text)}
    assert rule.kind in kinds, f"{rule.id}: {kinds}"


def test_kinds_belong_to_this_family_only() -> None:
    ours = {r.kind for r in network.RULES}
    others = {r.kind for f in FAMILIES if f is not network for r in f.RULES}
    assert not ours & others


def test_tailscale_key_type_decides_the_kind() -> None:
    text = "\n".join(
        f"K{n}={r.examples.positives[0].split('=', 1)[1]}"
        for n, r in enumerate(network.RULES)
        if r.kind.startswith("tailscale_")
    )
    found = [(f.kind, text[f.start : f.end].split("-")[1]) for f in default_engine().scan(text)]
    assert sorted(found) == sorted(
        [
            ("tailscale_api_token", "api"),
            ("tailscale_auth_key", "auth"),
            ("tailscale_oauth_client_secret", "client"),
            ("tailscale_scim_token", "scim"),
            ("tailscale_webhook_secret", "webhook"),
        ]
    )


def test_cloudflare_tunnel_token_must_decode_to_a_tunnel() -> None:
    good = network.CLOUDFLARE_TUNNEL_TOKEN.examples.positives[1].split("=", 1)[1]
    assert network.CLOUDFLARE_TUNNEL_TOKEN.validate is not None
    assert network.CLOUDFLARE_TUNNEL_TOKEN.validate(good)
    # one character changed in the JSON's base64: no longer a tunnel's credentials
    broken = good[:20] + ("A" if good[20] != "A" else "B") + good[21:]
    assert not network.CLOUDFLARE_TUNNEL_TOKEN.validate(broken)


def test_akamai_host_is_not_a_token_but_the_tokens_in_edgerc_are() -> None:
    edgerc = network.AKAMAI_CLIENT_TOKEN.examples.positives[0]
    found = {f.kind: edgerc[f.start : f.end] for f in default_engine().scan(edgerc)}
    assert set(found) == {"akamai_client_secret", "akamai_access_token", "akamai_client_token"}
    assert not any(".luna." in v for v in found.values())


def test_ngrok_api_key_is_told_from_an_authtoken_by_its_name() -> None:
    value = network.NGROK_API_KEY.examples.positives[0].split("=", 1)[1]
    assert [f.kind for f in default_engine().scan(f"NGROK_API_KEY={value}")] == ["ngrok_api_key"]
    assert [f.kind for f in default_engine().scan(f"NGROK_AUTHTOKEN={value}")] == [
        "ngrok_authtoken"
    ]


def test_porkbun_public_key_is_not_a_porkbun_secret() -> None:
    text = network.PORKBUN_SECRET_API_KEY.examples.positives[2]
    found = [(f.kind, text[f.start : f.start + 4]) for f in default_engine().scan(text)]
    assert [k for k in found if k[0].startswith("porkbun")] == [("porkbun_secret_api_key", "sk1_")]
