from __future__ import annotations

import json

from veil.config import Settings
from veil.doctor.canaries import Canary, make_canaries
from veil.doctor.capture import Captured
from veil.doctor.report import Status
from veil.doctor.selftest import PROBES, Answer, Probe, judge, run_selftest
from veil.gateway.upstream import Upstream

CHAT = Probe("chat", "/v1/chat/completions", stream=False)


def test_every_route_passes_on_the_default_settings() -> None:
    steps: list[str] = []
    checks = run_selftest(Settings(), steps.append)
    assert [c.id for c in checks] == [f"selftest.{p.name}" for p in PROBES]
    assert steps == [p.name for p in PROBES]
    assert all(c.status is Status.GREEN for c in checks), [(c.id, c.detail) for c in checks]
    echoed = [c for c, p in zip(checks, PROBES, strict=True) if p.echoes]
    assert all("restored in the answer" in c.detail for c in echoed)


def test_a_rule_switched_off_lets_a_canary_through_and_fails() -> None:
    settings = Settings.model_validate({"detect": {"disable": ["email-address"]}})
    checks = run_selftest(settings)
    assert all(c.status is Status.RED for c in checks)
    assert all("unmasked: email_address" in c.detail for c in checks)


def test_a_remote_upstream_marked_local_fails_its_routes() -> None:
    remote = {"kind": "anthropic", "base_url": "https://api.anthropic.com", "local": True}
    settings = Settings.model_validate({"upstreams": {"anthropic": remote}})
    by_id = {c.id: c for c in run_selftest(settings)}
    for name in ("messages", "messages.stream", "count_tokens"):
        check = by_id[f"selftest.{name}"]
        assert check.status is Status.RED
        assert "marked local = true" in check.detail
        assert check.fix == "remove `local = true` from [upstreams.anthropic] in veil.toml"
    assert by_id["selftest.chat"].status is Status.GREEN


def test_a_policy_that_blocks_secrets_is_protection() -> None:
    settings = Settings.model_validate({"policy": {"preset": "regulated"}})
    checks = run_selftest(settings)
    assert all(c.status is Status.GREEN for c in checks)
    assert all("blocked by your policy" in c.detail for c in checks)


def _answer(text: str, status: int = 200, decision: str = "mask") -> Answer:
    body = {"choices": [{"index": 0, "message": {"role": "assistant", "content": text}}]}
    return Answer(status, decision, json.dumps(body).encode())


def _sent(text: str) -> list[Captured]:
    return [Captured("/v1/chat/completions", (), text.encode())]


def test_a_canary_seen_by_the_upstream_is_red_and_not_named() -> None:
    canaries = make_canaries()
    leaked = canaries[2]
    check = judge(CHAT, canaries, _sent(f"x {leaked.value}"), _answer(""))
    assert check.status is Status.RED
    assert leaked.kind in check.detail and leaked.value not in check.detail


def test_a_canary_escaped_in_json_still_counts_as_seen() -> None:
    secret = Canary("aws_secret_access_key", "Zq9/" * 10)
    escaped = secret.value.replace("/", "\\/")
    check = judge(CHAT, [secret], _sent(f"AA{escaped}"), _answer(""))
    assert check.status is Status.RED


def test_no_placeholders_upstream_is_red() -> None:
    check = judge(CHAT, make_canaries(), _sent("nothing here"), _answer("echo"))
    assert check.status is Status.RED
    assert "placeholders" in check.detail


def test_an_answer_without_the_originals_is_red() -> None:
    canaries = make_canaries()
    marks = " ".join(f"VEIL_SECRET_0000000{n}" for n in range(len(canaries)))
    check = judge(CHAT, canaries, _sent(marks), _answer("echo: " + marks))
    assert check.status is Status.RED
    assert "without originals" in check.detail


def test_a_request_kept_local_is_skipped() -> None:
    check = judge(CHAT, make_canaries(), [], _answer("", decision="local"))
    assert check.status is Status.SKIP


def test_a_canary_sent_to_a_local_model_server_on_this_machine_is_skipped() -> None:
    canaries = make_canaries()
    local = Upstream("openai", "openai", "http://127.0.0.1:11434/v1", local=True)
    check = judge(CHAT, canaries, _sent(canaries[0].value), _answer(""), local)
    assert check.status is Status.SKIP
    assert "by design" in check.detail
