"""`check`: a text or a file decided at registry providers and at named upstreams, without
sending anything."""

from __future__ import annotations

import pytest

from tests.factories import aws_key_id
from veil.config import Settings, active_rules
from veil.detect import recall
from veil.detect.engine import Engine
from veil.pipeline.check import check
from veil.pipeline.decide import Destination, PolicyStage
from veil.pipeline.request import Pipeline
from veil.policy.registry import load_registry
from veil.policy.tiers import Tier

REGISTRY = load_registry()


def at(*ids: str, local_available: bool = False) -> list[Destination]:
    return [Destination("chat", REGISTRY.get(i), local_available=local_available) for i in ids]


PROVIDERS = at("anthropic", "gemini-free", "ollama")


def make(**policy: object) -> Pipeline:
    settings = Settings.model_validate({"policy": policy, "org": {"terms": ["Globex"]}})
    engine = Engine(active_rules(settings) + recall.RULES, recall=True)
    return Pipeline(engine, PolicyStage(settings))


@pytest.fixture(scope="module")
def startup() -> Pipeline:
    return make()


def test_a_secret_is_restricted_and_blocked_where_the_provider_trains(startup: Pipeline) -> None:
    result = check(startup, "prompt", f"use {aws_key_id('check')}", PROVIDERS)
    assert result.tier is Tier.RESTRICTED and result.blocked
    got = {v.name: v.to_dict()["decision"] for v in result.verdicts}
    assert got == {"anthropic": "mask", "gemini-free": "block", "ollama": "forward"}
    data = result.to_dict()
    assert data["tier"] == "Restricted" and data["upstreams"] == {}
    assert data["reasons"] == [
        {"tier": "Restricted", "source": "finding", "detail": "aws_access_key_id", "count": 1}
    ]
    assert data["decisions"]["gemini-free"]["key"] == "policy.restricted.trains"


def test_blocked_means_blocked_at_the_upstreams_when_there_are_some(startup: Pipeline) -> None:
    """A team that sends to Anthropic is not failed in CI because Gemini's free tier would
    block: the exit code follows the upstreams it would be sent to."""
    text = f"use {aws_key_id('ours')}"
    ours = [("main", at("anthropic")[0])]
    result = check(startup, "prompt", text, PROVIDERS, ours)
    assert not result.blocked and result.to_dict()["upstreams"]["main"]["provider"] == "anthropic"
    theirs = [("cheap", at("gemini-free")[0])]
    assert check(startup, "prompt", text, PROVIDERS, theirs).blocked


def test_plain_text_is_public_and_goes_everywhere(startup: Pipeline) -> None:
    result = check(startup, "prompt", "explain list comprehensions", PROVIDERS)
    assert result.tier is Tier.PUBLIC and not result.blocked and not result.reasons


def test_a_deny_listed_file_is_restricted_by_its_name(startup: Pipeline) -> None:
    result = check(startup, ".env", "FEATURE=blue", PROVIDERS, path="/repo/.env")
    assert result.tier is Tier.RESTRICTED
    assert [str(r) for r in result.reasons] == ["file:deny-listed"]


def test_local_with_no_local_upstream_counts_as_blocked() -> None:
    pipeline = make(preset="regulated")
    text = f"use {aws_key_id('regulated')}"
    without = check(pipeline, "p", text, at("anthropic"))
    verdict = without.verdicts[0].to_dict()
    assert without.blocked and verdict["decision"] == "block" and "note" in verdict
    with_local = check(pipeline, "p", text, at("anthropic", local_available=True))
    assert not with_local.blocked and with_local.verdicts[0].to_dict()["decision"] == "local"


def test_monitor_mode_still_reports_what_would_be_blocked() -> None:
    result = check(make(mode="monitor"), "p", f"use {aws_key_id('mon')}", at("gemini-free"))
    verdict = result.verdicts[0].to_dict()
    assert result.blocked and verdict["decision"] == "block" and verdict["applied"] == "mask"


def test_a_business_comment_makes_a_file_internal(startup: Pipeline) -> None:
    code = "# Initech pays $40k a year; renewal due in Q3\ndef total(x):\n    return x\n"
    result = check(startup, "billing.py", code, PROVIDERS, path="/work/billing.py")
    assert result.tier is Tier.INTERNAL
    assert [str(r) for r in result.reasons] == ["finding:business_comment"]
    plain = check(startup, "util.py", "# retry once\ndef f():\n    pass\n", PROVIDERS)
    assert plain.tier is Tier.PUBLIC
