"""The decide stage: deny-listed files withheld, tiers from findings and paths, the decision at
a destination, and what it means for masking (rerouting included)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.factories import aws_key_id, vault_map
from veil.config import Settings
from veil.detect import builtin_rules, recall
from veil.detect.engine import Engine
from veil.pipeline.decide import NO_DESTINATION, Destination, PolicyStage
from veil.pipeline.request import Pipeline
from veil.policy.registry import load_registry
from veil.policy.tiers import Action, Tier
from veil.protocols import anthropic_messages, openai_chat

REGISTRY = load_registry()


@pytest.fixture(scope="module")
def engine() -> Engine:
    return Engine(builtin_rules() + recall.RULES, recall=True)


def pipeline(engine: Engine, **policy: object) -> Pipeline:
    settings = Settings.model_validate(
        {"policy": policy, "org": {"terms": ["Globex"], "domains": ["corp.globex.test"]}}
    )
    from veil.config import active_rules

    return Pipeline(
        Engine(active_rules(settings) + recall.RULES, recall=True), PolicyStage(settings)
    )


def chat(text: str, model: str = "gpt-x") -> bytes:
    return json.dumps({"model": model, "messages": [{"role": "user", "content": text}]}).encode()


def at(
    provider: str, *, route: str = "chat", local: bool = False, fallback: bool = False
) -> Destination:
    return Destination(route, REGISTRY.get(provider), local, fallback)


def test_secrets_are_masked_and_org_terms_disguised_under_the_default_preset(
    engine: Engine,
) -> None:
    key = aws_key_id("decide")
    p = pipeline(engine)
    out = p.prepare(
        chat(f"Globex deploys with {key}"), openai_chat.extract, vault_map(), at("openai")
    )
    assert out.decision.tier is Tier.RESTRICTED
    assert out.decision.action is Action.PSEUDONYMIZE  # Internal's pseudonymize beats mask
    assert key.encode() not in out.body and b"Globex" not in out.body
    assert out.masked == 2


def test_forward_keeps_org_terms_but_never_secrets_before_a_remote_provider(engine: Engine) -> None:
    key = aws_key_id("personal")
    p = pipeline(engine, preset="personal")
    out = p.prepare(
        chat(f"Globex deploys with {key}"), openai_chat.extract, vault_map(), at("openai")
    )
    assert b"Globex" in out.body and key.encode() not in out.body
    internal = p.prepare(
        chat("ask billing.corp.globex.test"), openai_chat.extract, vault_map(), at("openai")
    )
    assert internal.decision.tier is Tier.INTERNAL and internal.decision.action is Action.FORWARD
    assert b"billing.corp.globex.test" in internal.body


def test_a_local_upstream_gets_the_originals_when_the_policy_forwards(engine: Engine) -> None:
    key = aws_key_id("local")
    p = pipeline(engine)
    out = p.prepare(chat(f"use {key}"), openai_chat.extract, vault_map(), at("ollama", local=True))
    assert out.decision.action is Action.FORWARD and key.encode() in out.body


def test_blocked_requests_have_no_body(engine: Engine) -> None:
    key = aws_key_id("blocked")
    out = pipeline(engine).prepare(
        chat(f"use {key}"), openai_chat.extract, vault_map(), at("gemini-free")
    )
    assert out.decision.applied is Action.BLOCK and out.body == b""
    assert out.decision.key == "policy.restricted.trains"


def test_rerouted_requests_go_unmasked_with_the_local_model(engine: Engine) -> None:
    key = aws_key_id("reroute")
    p = pipeline(
        engine,
        preset="regulated",
        local={"model": "qwen2.5-coder:7b", "models": {"big": "qwen3:32b"}},
    )
    for model, local_model in (("gpt-x", "qwen2.5-coder:7b"), ("big", "qwen3:32b")):
        out = p.prepare(
            chat(f"use {key}", model), openai_chat.extract, vault_map(), at("openai", fallback=True)
        )
        assert out.outcome.rerouted and out.decision.action is Action.LOCAL
        sent = json.loads(out.body)
        assert sent["model"] == local_model and key in sent["messages"][0]["content"]


def test_without_a_local_upstream_regulated_blocks_restricted(engine: Engine) -> None:
    out = pipeline(engine, preset="regulated").prepare(
        chat(f"use {aws_key_id('nolocal')}"), openai_chat.extract, vault_map(), at("openai")
    )
    assert out.decision.applied is Action.BLOCK and "no local upstream" in out.decision.note


def test_monitor_mode_masks_but_never_blocks(engine: Engine) -> None:
    key = aws_key_id("monitor")
    p = pipeline(engine, mode="monitor")
    out = p.prepare(chat(f"Globex uses {key}"), openai_chat.extract, vault_map(), at("gemini-free"))
    assert out.decision.action is Action.BLOCK and out.decision.applied is Action.MASK
    assert key.encode() not in out.body and b"Globex" in out.body  # no pseudonymization


def test_without_a_destination_everything_found_is_masked(engine: Engine) -> None:
    out = pipeline(engine).prepare(chat("Globex here"), openai_chat.extract, vault_map())
    assert out.decision.key == NO_DESTINATION and b"Globex" not in out.body


def test_paths_make_a_request_restricted_or_internal(engine: Engine, tmp_path: Path) -> None:
    (tmp_path / "veil.toml").write_text(
        '[policy.paths]\nrestricted = ["src/payments/**"]\ninternal = ["docs/internal/**"]\n'
    )
    from veil.config import load_settings

    settings = load_settings(tmp_path / "veil.toml")
    p = Pipeline(engine, PolicyStage(settings))
    read = {
        "model": "claude-x",
        "messages": [
            {"role": "user", "content": "look"},
            {
                "role": "assistant",
                "content": [
                    {"type": "tool_use", "id": "toolu_1", "name": "Read",
                     "input": {"file_path": str(tmp_path / "src/payments/ledger.py")}},
                ],
            },
            {"role": "user", "content": [
                {"type": "tool_result", "tool_use_id": "toolu_1", "content": "def ledger(): ..."}]},
        ],
    }  # fmt: skip
    out = p.prepare(
        json.dumps(read).encode(),
        anthropic_messages.extract,
        vault_map(),
        at("anthropic", route="messages"),
    )
    assert out.decision.tier is Tier.RESTRICTED
    assert [str(r) for r in out.decision.reasons] == ["path:src/payments/**"]
    prompt = chat("summarise docs/internal/roadmap.md please")
    out = p.prepare(prompt, openai_chat.extract, vault_map(), at("openai"))
    assert out.decision.tier is Tier.INTERNAL


def test_a_deny_listed_tool_result_is_withheld_and_recorded(engine: Engine) -> None:
    body = {
        "model": "gpt-x",
        "messages": [
            {"role": "user", "content": "show env"},
            {"role": "assistant", "content": None, "tool_calls": [
                {"id": "call_1", "type": "function",
                 "function": {"name": "Bash", "arguments": json.dumps({"command": "cat .env"})}}]},
            {"role": "tool", "tool_call_id": "call_1", "content": "TOKEN=test-value-not-secret"},
        ],
    }  # fmt: skip
    out = pipeline(engine).prepare(
        json.dumps(body).encode(), openai_chat.extract, vault_map(), at("openai")
    )
    assert b"test-value-not-secret" not in out.body and b"withheld" in out.body
    assert len(out.outcome.withheld) == 1
    assert [r.source for r in out.decision.reasons] == ["withheld"]
    assert out.decision.tier is Tier.PUBLIC  # what was withheld does not leave


def test_a_user_rule_sets_the_tier_its_matches_give(engine: Engine) -> None:
    rule = {
        "id": "ledger-algo",
        "kind": "algorithm_name",
        "regex": "QuantumLedger",
        "category": "org",
        "tier": "restricted",
        "positives": ["uses QuantumLedger"],
    }
    settings = Settings.model_validate({"rules": [rule], "policy": {"preset": "personal"}})
    from veil.config import active_rules

    p = Pipeline(Engine(active_rules(settings) + recall.RULES, recall=True), PolicyStage(settings))
    out = p.prepare(
        chat("port QuantumLedger to Rust"), openai_chat.extract, vault_map(), at("openai")
    )
    assert out.decision.tier is Tier.RESTRICTED
    assert [str(r) for r in out.decision.reasons] == ["rule:ledger-algo"]
    assert b"QuantumLedger" not in out.body  # Restricted is masked, though the rule is org


def test_addresses_of_no_one_are_masked_but_set_no_tier(engine: Engine) -> None:
    """Claude Code's system prompt names `noreply@anthropic.com`: masked, but not personal
    data, so a plain turn stays Public (it would be blocked under stricter presets)."""
    text = "Co-Authored-By: Claude <noreply@anthropic.com>\nhello"
    out = pipeline(engine).prepare(chat(text), openai_chat.extract, vault_map(), at("openai"))
    assert out.decision.tier is Tier.PUBLIC and out.findings == {"email_address": 1}
    assert b"noreply@anthropic.com" not in out.body  # the gateway still masks every address
    person = chat("write to jane.doe@gmail.com")  # the scanner's placeholder name, still a person
    assert (
        pipeline(engine)
        .prepare(person, openai_chat.extract, vault_map(), at("openai"))
        .decision.tier
        is Tier.RESTRICTED
    )


@pytest.mark.parametrize(
    "said",
    [
        "<env>\nWorking directory: /home/dev/shop\nIs directory a git repo: Yes\n</env>",
        "<environment_context>\n  <cwd>/home/dev/shop</cwd>\n</environment_context>",
    ],
)
def test_the_workspace_a_client_reports_anchors_path_patterns(
    engine: Engine, tmp_path: Path, said: str
) -> None:
    (tmp_path / "veil.toml").write_text('[policy.paths]\nrestricted = ["src/payments/**"]\n')
    from veil.config import load_settings

    p = Pipeline(engine, PolicyStage(load_settings(tmp_path / "veil.toml")))
    body = json.dumps({"model": "m", "messages": [
        {"role": "system", "content": said},
        {"role": "user", "content": "read /home/dev/shop/src/payments/ledger.py"},
    ]}).encode()  # fmt: skip
    out = p.prepare(body, openai_chat.extract, vault_map(), at("openai"))
    assert [str(r) for r in out.decision.reasons] == ["path:src/payments/**"]
    elsewhere = body.replace(b"/home/dev/shop/src", b"/home/dev/other/src")
    out = p.prepare(elsewhere, openai_chat.extract, vault_map(), at("openai"))
    assert out.decision.tier is Tier.PUBLIC


_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=30)
    | st.sampled_from(["cat .env", "tool_use", "tool_result", "function_call", "Read", ".env"]),
    lambda inner: st.lists(inner, max_size=4)
    | st.dictionaries(
        st.sampled_from(
            ["type", "id", "tool_use_id", "call_id", "name", "input", "content", "messages",
             "role", "tool_calls", "function", "arguments", "output", "command", "file_path",
             "action", "text", "system", "instructions", "tool_call_id"]
        ),
        inner,
        max_size=5,
    ),
    max_leaves=25,
)  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(body=_JSON, route=st.sampled_from(["messages", "chat", "responses", "other"]))
def test_odd_shapes_never_raise(body: object, route: str) -> None:
    """Withholding and deciding read every shape a hostile client may send without failing
    (a raise would refuse the request: fail closed, but a denial of service)."""
    stage = PolicyStage(Settings())
    reading = stage.read(body, route)
    stage.decide(body, [], reading, Destination(route, REGISTRY.get("openai")))


def test_a_tier_blocked_at_local_upstreams_is_not_rerouted_there(engine: Engine) -> None:
    p = pipeline(engine, preset="regulated", restricted={"local": "block"})
    body = chat(f"use {aws_key_id('local-block')}")
    out = p.prepare(body, openai_chat.extract, vault_map(), at("openai", fallback=True))
    assert out.body == b"" and not out.outcome.rerouted
    assert out.decision.action is Action.BLOCK and out.decision.key == "policy.restricted.local"


def test_only_the_client_says_where_the_workspace_is(engine: Engine, tmp_path: Path) -> None:
    """A message later in the conversation (a pasted log, a hostile file) cannot move the
    workspace away from what the system prompt says."""
    (tmp_path / "veil.toml").write_text('[policy.paths]\nrestricted = ["src/payments/**"]\n')
    from veil.config import load_settings

    p = Pipeline(engine, PolicyStage(load_settings(tmp_path / "veil.toml")))
    body = json.dumps({"model": "m", "messages": [
        {"role": "system", "content": "Working directory: /home/dev/shop"},
        {"role": "user", "content": "hi"},
        {"role": "assistant", "content": "hello"},
        {"role": "user", "content": "Working directory: /\nread /home/dev/shop/src/payments/a.py"},
    ]}).encode()  # fmt: skip
    out = p.prepare(body, openai_chat.extract, vault_map(), at("openai"))
    assert [str(r) for r in out.decision.reasons] == ["path:src/payments/**"]
