from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from veil.config import Settings
from veil.doctor.canaries import TERM, Canary, make_canaries, term_canary
from veil.doctor.capture import Captured
from veil.doctor.report import Check, Status
from veil.doctor.selftest import PROBES, Answer, Probe, judge, probes, run_selftest
from veil.gateway.upstream import Upstream
from veil.policy.tiers import Tier

CHAT = Probe("chat", "/v1/chat/completions", stream=False)
NO_OLLAMA = {"VEIL_OLLAMA_URL": ""}


def _run(conf: dict[str, Any]) -> dict[str, Check]:
    return {c.id: c for c in run_selftest(Settings.model_validate(conf), env=NO_OLLAMA)}


def test_every_route_passes_on_the_default_settings(home: Path) -> None:
    steps: list[str] = []
    checks = run_selftest(Settings(), steps.append, env=NO_OLLAMA)
    assert [c.id for c in checks] == [f"selftest.{p.name}" for p in PROBES]
    assert steps == [p.name for p in PROBES]
    assert all(c.status is Status.GREEN for c in checks), [(c.id, c.detail) for c in checks]
    echoed = [c for c, p in zip(checks, PROBES, strict=True) if p.echoes]
    assert all("restored in the answer" in c.detail for c in echoed)
    assert not (home / ".config" / "veil").exists()  # the vault key is the self-test's own


def test_a_rule_switched_off_lets_a_canary_through_and_fails() -> None:
    checks = _run({"detect": {"disable": ["email-address"]}})
    assert all(c.status is Status.RED for c in checks.values())
    assert all("unmasked: email_address" in c.detail for c in checks.values())


def test_a_remote_upstream_marked_local_fails_its_routes() -> None:
    remote = {"kind": "anthropic", "base_url": "https://api.anthropic.com", "local": True}
    by_id = _run({"upstreams": {"anthropic": remote}})
    for name in ("messages", "messages.stream", "count_tokens"):
        check = by_id[f"selftest.{name}"]
        assert check.status is Status.RED
        assert "marked local = true and is at api.anthropic.com" in check.detail
        assert check.fix == "remove `local = true` from [upstreams.anthropic] in veil.toml"
    assert by_id["selftest.chat"].status is Status.GREEN


REMOTE_LOCAL = {"kind": "openai", "base_url": "http://10.1.2.3:8000/v1", "local": True}


def test_what_the_policy_keeps_local_sent_to_a_remote_local_upstream_is_red() -> None:
    by_id = _run({"policy": {"preset": "regulated"}, "upstreams": {"corp": REMOTE_LOCAL}})
    for probe in PROBES:
        check = by_id[f"selftest.{probe.name}"]
        if probe.name == "count_tokens":  # answered by veil itself when kept local
            assert check.status is Status.SKIP and "nothing was sent" in check.detail
            continue
        assert check.status is Status.RED, (check.id, check.detail)
        assert "keeps requests like this local, but upstream corp" in check.detail
        assert "10.1.2.3:8000" in check.detail
        assert check.fix == "remove `local = true` from [upstreams.corp] in veil.toml"


def test_what_the_policy_keeps_on_a_local_upstream_on_this_machine_is_skipped() -> None:
    mine = {**REMOTE_LOCAL, "base_url": "http://127.0.0.1:9/v1"}
    by_id = _run({"policy": {"preset": "regulated"}, "upstreams": {"mine": mine}})
    check = by_id["selftest.chat"]
    assert check.status is Status.SKIP
    assert check.detail == (
        "the policy keeps requests like this on this machine: upstream mine (127.0.0.1:9)"
        " took it as it is, by design"
    )
    assert by_id["selftest.mine.chat"].status is Status.SKIP


def test_each_named_upstream_is_probed_through_its_prefix() -> None:
    corp = {"kind": "openai", "base_url": "https://llm.corp.example/v1", "provider": "openai"}
    claude = {"kind": "anthropic", "base_url": "https://claude.corp.example"}
    settings = Settings.model_validate(
        {"upstreams": {"corp": corp, "claude": claude, "lan": REMOTE_LOCAL}}
    )
    assert [p.id for p in probes(settings)][len(PROBES) :] == [
        "selftest.corp.chat",
        "selftest.claude.messages",
        "selftest.lan.chat",
    ]
    by_id = {c.id: c for c in run_selftest(settings, env=NO_OLLAMA)}
    assert by_id["selftest.corp.chat"].status is Status.GREEN
    assert by_id["selftest.corp.chat"].title == "/corp/v1/chat/completions (whole)"
    assert by_id["selftest.claude.messages"].status is Status.GREEN
    lan = by_id["selftest.lan.chat"]
    assert lan.status is Status.RED and "upstream lan is marked local = true" in lan.detail
    assert by_id["selftest.chat"].status is Status.GREEN


def test_a_remote_model_server_is_judged_remote_as_veil_serve_judges_it() -> None:
    ollama = {"kind": "openai", "base_url": "http://10.1.2.3:11434/v1", "provider": "ollama"}
    by_id = _run({"upstreams": {"openai": ollama}})
    assert all(c.status is Status.GREEN for c in by_id.values()), by_id


def test_a_policy_that_blocks_secrets_is_protection() -> None:
    checks = _run({"policy": {"preset": "regulated"}})
    assert all(c.status is Status.GREEN for c in checks.values())
    assert all("blocked by your policy" in c.detail for c in checks.values())


def test_an_organisation_term_is_disguised_where_the_policy_says() -> None:
    term = "Falconridge"
    startup = _run({"org": {"terms": [term]}})["selftest.org_terms"]
    assert startup.status is Status.GREEN
    assert startup.detail == "the organisation term disguised upstream, restored in the answer"
    personal = _run({"org": {"terms": [term]}, "policy": {"preset": "personal"}})
    assert personal["selftest.org_terms"].status is Status.SKIP
    assert "sends organisation terms as they are here (forward)" in (
        personal["selftest.org_terms"].detail
    )
    assert "selftest.org_terms" not in _run({})


def _answer(text: str, status: int = 200, decision: str = "mask") -> Answer:
    body = {"choices": [{"index": 0, "message": {"role": "assistant", "content": text}}]}
    return Answer(status, decision, json.dumps(body).encode())


def _sent(text: str, upstream: str = "openai") -> list[Captured]:
    return [Captured("/v1/chat/completions", (), text.encode(), upstream)]


def test_a_canary_seen_by_the_upstream_is_red_and_not_named() -> None:
    canaries = make_canaries()
    leaked = canaries[2]
    check = judge(CHAT, canaries, _sent(f"x {leaked.value}"), _answer(""))
    assert check.status is Status.RED
    assert leaked.kind in check.detail and leaked.value not in check.detail


@pytest.mark.parametrize("index", range(4))
def test_a_fragment_of_a_canary_upstream_is_a_leak(index: int) -> None:
    canaries = make_canaries()
    marks = " ".join(f"VEIL_SECRET_{n:08X}" for n in range(4))
    value = canaries[index].value
    part = value[len(value) // 2 - 6 : len(value) // 2 + 6]  # 12 characters from the middle
    check = judge(CHAT, canaries, _sent(f"{marks} partial={part}"), _answer(""))
    assert check.status is Status.RED
    assert check.detail == f"the upstream received canaries unmasked: {canaries[index].kind}"


def test_a_canary_escaped_in_json_still_counts_as_seen() -> None:
    secret = Canary("aws_secret_access_key", "Zq9/" * 10)
    escaped = secret.value.replace("/", "\\/")
    check = judge(CHAT, [secret], _sent(f"AA{escaped}"), _answer(""))
    assert check.status is Status.RED


def test_an_organisation_term_in_clear_is_red_only_where_the_decision_disguises_it() -> None:
    term = term_canary(["Falconridge"])
    assert term is not None and term.kind == TERM
    sent = _sent(f"echo {term.value}")
    answer = _answer(term.value, decision="pseudonymize")
    assert judge(CHAT, [term], sent, answer, term_tier=Tier.INTERNAL).status is Status.RED
    forward = _answer(term.value, decision="forward")
    assert judge(CHAT, [term], sent, forward, term_tier=Tier.INTERNAL).status is Status.SKIP
    monitored = Answer(200, "pseudonymize", forward.body, monitor=True)  # applies mask at most
    assert judge(CHAT, [term], sent, monitored).status is Status.SKIP
    restricted = judge(CHAT, [term], sent, _answer(term.value), term_tier=Tier.RESTRICTED)
    assert restricted.status is Status.RED


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


def test_canaries_at_a_local_upstream_are_skipped_only_on_this_machine() -> None:
    canaries = make_canaries()
    here = Upstream("box", "openai", "http://127.0.0.1:11434/v1", local=True)
    there = Upstream("box", "openai", "http://10.1.2.3:11434/v1", local=True)
    sent = _sent(canaries[0].value, upstream="box")
    check = judge(CHAT, canaries, sent, _answer("", decision="local"), {"box": here})
    assert check.status is Status.SKIP and "by design" in check.detail
    check = judge(CHAT, canaries, sent, _answer("", decision="local"), {"box": there})
    assert check.status is Status.RED and "10.1.2.3:11434" in check.detail
    check = judge(CHAT, canaries, sent, _answer("", decision="local"), {})
    assert check.status is Status.RED  # an upstream nobody knows is not on this machine
