"""The provider registry: the shipped data, traits (never the favourable reading of an unsettled
fact), variants, veil.toml overrides and their messages, and the JSON contract."""

from __future__ import annotations

import copy
import json
import re
import tomllib
from collections.abc import Mapping
from importlib.resources import files
from typing import Any

import pytest

from veil.errors import ConfigError
from veil.policy.registry import (
    CONFLICTING,
    FACTS,
    NOT_APPLICABLE,
    TRAITS,
    UNKNOWN,
    Fact,
    Provider,
    Variant,
    load_registry,
    parse_shipped,
)

IDS = (
    "anthropic",
    "openai",
    "azure-openai",
    "vertex-ai",
    "gemini-free",
    "gemini-paid",
    "mistral",
    "bedrock",
    "deepseek",
    "groq",
    "openrouter",
    "ollama",
    "lm-studio",
    "vllm",
    "llama-cpp",
)
LOCAL_IDS = ("ollama", "lm-studio", "vllm", "llama-cpp")
DATE = re.compile(r"^\d{4}-\d{2}(-\d{2})?$")
PLANTED = "SECRETVALUE" * 20  # a long value no message may echo


def _raw_shipped() -> dict[str, Any]:
    text = (files("veil.policy") / "providers.toml").read_text(encoding="utf-8")
    return tomllib.loads(text)


def _fact(value: object, url: str = "https://example.test/terms") -> Fact:
    return Fact(value, url, "2026-01-01", "high")  # type: ignore[arg-type]


FAVOURABLE: dict[str, object] = {
    "region": "eu",
    "api_retention_days": 0,
    "consumer_retention_days": "not-applicable",
    "trains_on_api_data": False,
    "dpa": True,
    "zero_data_retention": True,
}


def _provider(
    facts: Mapping[str, object] | None = None,
    *,
    local: bool = False,
    variants: tuple[Variant, ...] = (),
) -> Provider:
    values = {**FAVOURABLE, **(facts or {})}
    return Provider(
        "p", "P", "api", local, "https://p.test", {n: _fact(v) for n, v in values.items()}, variants
    )


# --- the shipped file ------------------------------------------------------------------------


def test_shipped_file_sits_in_the_package() -> None:
    assert (files("veil.policy") / "providers.toml").is_file()


def test_shipped_file_has_every_required_id() -> None:
    assert set(IDS) <= set(_raw_shipped())
    assert set(IDS) <= set(load_registry().providers)


def _every_fact(raw: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    found = []
    for pid, entry in raw.items():
        for name in FACTS:
            if name in entry:
                found.append((pid, name, entry[name]))
        for variant in entry.get("variants", []):
            for name in FACTS:
                if name in variant:
                    found.append((pid, f"variant {name}", variant[name]))
    return found


@pytest.mark.parametrize("pid", IDS)
def test_shipped_entry_is_complete(pid: str) -> None:
    entry = _raw_shipped()[pid]
    for key in ("name", "plan", "local", "homepage", *FACTS):
        assert key in entry, f"{pid}: {key} missing"
    assert entry["homepage"].startswith("https://")
    assert isinstance(entry["local"], bool)


def test_every_shipped_fact_is_sourced_dated_and_rated() -> None:
    facts = _every_fact(_raw_shipped())
    assert len(facts) >= 6 * len(IDS)
    for pid, name, fact in facts:
        where = f"{pid}.{name}"
        assert fact["source_url"].startswith("https://"), where
        assert DATE.match(fact["source_date"]), where
        assert fact["confidence"] in ("high", "medium", "low"), where
        if fact["value"] == CONFLICTING:
            assert fact.get("also"), f"{where}: conflicting without the other sources"
            for other in fact["also"]:
                assert other["source_url"].startswith("https://"), where
                assert DATE.match(other["source_date"]), where
                assert other["says"], where


def test_the_known_disagreements_are_recorded_as_conflicting() -> None:
    registry = load_registry()
    assert registry.get("anthropic").facts["api_retention_days"].value == CONFLICTING
    assert registry.get("deepseek").facts["trains_on_api_data"].value == CONFLICTING


@pytest.mark.parametrize("pid", LOCAL_IDS)
def test_local_servers_are_local_and_keep_nothing(pid: str) -> None:
    provider = load_registry().get(pid)
    assert provider.local
    assert provider.facts["region"].value == "local"
    assert provider.facts["api_retention_days"].value == 0
    assert provider.facts["trains_on_api_data"].value is False


# --- traits of the shipped providers, as researched -------------------------------------------

EXPECTED_HELD = {
    "anthropic": ("retains", "outside_eu"),
    "openai": ("retains", "outside_eu"),
    "azure-openai": ("retains", "outside_eu"),
    "vertex-ai": ("retains", "outside_eu"),
    "gemini-free": ("trains", "retains", "outside_eu", "no_dpa", "no_zdr"),
    "gemini-paid": ("retains", "outside_eu"),
    "mistral": ("trains", "retains", "outside_eu"),
    "bedrock": ("outside_eu",),
    "deepseek": ("trains", "retains", "outside_eu", "no_dpa", "no_zdr"),
    "groq": ("retains", "outside_eu", "no_dpa"),
    "openrouter": ("trains", "retains", "outside_eu", "no_dpa"),
    **{pid: ("local",) for pid in LOCAL_IDS},
}


@pytest.mark.parametrize(("pid", "held"), sorted(EXPECTED_HELD.items()))
def test_shipped_traits(pid: str, held: tuple[str, ...]) -> None:
    assert load_registry().get(pid).traits().held() == held


@pytest.mark.parametrize(
    ("pid", "unsure"),
    [
        ("anthropic", ("retains",)),  # 30 vs 7 days: both keep data, but the fact is unsettled
        ("mistral", ("trains", "outside_eu")),
        ("deepseek", ("trains", "retains", "no_dpa", "no_zdr")),
        ("openai", ()),
        ("ollama", ()),
    ],
)
def test_shipped_unsure_traits(pid: str, unsure: tuple[str, ...]) -> None:
    assert load_registry().get(pid).traits().unsure == unsure


# --- unsettled facts never read favourably -----------------------------------------------------

TRAIT_OF = {
    "trains_on_api_data": "trains",
    "api_retention_days": "retains",
    "region": "outside_eu",
    "dpa": "no_dpa",
    "zero_data_retention": "no_zdr",
}


def test_a_fully_favourable_provider_holds_no_trait() -> None:
    traits = _provider().traits()
    assert traits.held() == ()
    assert traits.unsure == ()


@pytest.mark.parametrize("value", [UNKNOWN, CONFLICTING])
@pytest.mark.parametrize(("fact", "trait"), sorted(TRAIT_OF.items()))
def test_an_unsettled_fact_holds_its_trait_and_says_so(fact: str, trait: str, value: str) -> None:
    traits = _provider({fact: value}).traits()
    assert traits.held() == (trait,)
    assert traits.unsure == (trait,)


@pytest.mark.parametrize(("fact", "trait"), sorted(TRAIT_OF.items()))
def test_a_missing_fact_reads_as_unknown(fact: str, trait: str) -> None:
    provider = _provider()
    facts = {n: f for n, f in provider.facts.items() if n != fact}
    bare = Provider("p", "P", "api", False, "https://p.test", facts)
    assert bare.traits().held() == (trait,)
    assert bare.traits().unsure == (trait,)


@pytest.mark.parametrize(
    ("facts", "held"),
    [
        ({"trains_on_api_data": True}, ("trains",)),
        ({"api_retention_days": 1}, ("retains",)),
        ({"api_retention_days": "until-deleted"}, ("retains",)),
        ({"region": "us"}, ("outside_eu",)),
        ({"region": "customer-chosen"}, ("outside_eu",)),
        ({"region": "global"}, ("outside_eu",)),
        ({"region": "cn"}, ("outside_eu",)),
        ({"region": ("eu", "local")}, ()),
        ({"region": ("eu", "us")}, ("outside_eu",)),
        ({"dpa": False}, ("no_dpa",)),
        ({"zero_data_retention": False}, ("no_zdr",)),
        ({"consumer_retention_days": 1825}, ()),  # consumer retention is no API trait
    ],
)
def test_settled_facts_give_settled_traits(facts: dict[str, object], held: tuple[str, ...]) -> None:
    traits = _provider(facts).traits()
    assert traits.held() == held
    assert traits.unsure == ()


def test_not_applicable_dpa_and_zdr_are_favourable_only_for_a_local_provider() -> None:
    facts = {"dpa": NOT_APPLICABLE, "zero_data_retention": NOT_APPLICABLE}
    assert _provider(facts, local=True).traits().held() == ("local",)
    cloud = _provider(facts).traits()
    assert cloud.held() == ("no_dpa", "no_zdr")
    assert cloud.unsure == ("no_dpa", "no_zdr")


def test_an_unknown_id_gets_the_strictest_reading() -> None:
    provider = load_registry().get("some-new-cloud")
    assert provider.name == "some-new-cloud"
    assert not provider.local
    traits = provider.traits()
    assert traits.held() == ("trains", "retains", "outside_eu", "no_dpa", "no_zdr")
    assert traits.unsure == traits.held()
    assert all(f.value == UNKNOWN and f.source_url == "none" for f in provider.facts.values())


def test_held_follows_traits_order() -> None:
    traits = _provider({"zero_data_retention": False, "trains_on_api_data": True}).traits()
    assert traits.held() == ("trains", "no_zdr")
    assert set(traits.held()) <= set(TRAITS)


def test_settled() -> None:
    assert _fact(False).settled and _fact(0).settled and _fact(("eu",)).settled
    assert not _fact(UNKNOWN).settled and not _fact(CONFLICTING).settled


# --- variants ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("model", "retains", "no_zdr"),
    [
        (None, False, False),
        ("anthropic.claude-sonnet-4-6", False, False),
        ("us.openai.gpt-5", True, False),
        ("openai.gpt-oss-120b-1:0", False, False),  # the later gpt-oss variant wins
        ("anthropic.claude-fable-5", True, True),
        ("EU.Anthropic.Claude-Fable-5", True, True),  # globs ignore case
    ],
)
def test_bedrock_facts_by_model(model: str | None, retains: bool, no_zdr: bool) -> None:
    traits = load_registry().get("bedrock").traits(model)
    assert traits.retains is retains
    assert traits.no_zdr is no_zdr


@pytest.mark.parametrize(
    ("pid", "features", "retention", "zdr"),
    [
        ("anthropic", (), CONFLICTING, True),
        ("anthropic", ("batch",), 29, False),
        ("anthropic", ("files-api",), "until-deleted", False),
        ("anthropic", ("batch", "files-api"), "until-deleted", False),
        ("gemini-paid", (), 55, True),
        ("gemini-paid", ("grounding",), 30, False),
        ("gemini-paid", ("batch",), 55, True),  # a feature with no variant changes nothing
    ],
)
def test_facts_by_feature(
    pid: str, features: tuple[str, ...], retention: object, zdr: bool
) -> None:
    facts = load_registry().get(pid).facts_for(features=features)
    assert facts["api_retention_days"].value == retention
    assert facts["zero_data_retention"].value is zdr


def test_variants_apply_in_order_and_only_when_they_match() -> None:
    keeps = Variant("gpt-*", None, {"api_retention_days": _fact(30)})
    spares = Variant("gpt-mini*", None, {"api_retention_days": _fact(0)})
    grounding = Variant(None, "grounding", {"zero_data_retention": _fact(False)})
    provider = _provider(variants=(keeps, spares, grounding))
    assert provider.traits().held() == ()
    assert provider.traits("gpt-5").held() == ("retains",)
    assert provider.traits("gpt-mini-2").held() == ()
    assert provider.traits("claude", ["grounding"]).held() == ("no_zdr",)
    assert provider.traits(None, ["grounding"]).held() == ("no_zdr",)
    assert not keeps.applies(None, ["gpt-5"])
    assert not grounding.applies("grounding", [])


# --- overrides from veil.toml ------------------------------------------------------------------


def test_short_overrides_replace_facts_and_say_where_they_came_from() -> None:
    registry = load_registry({"mistral": {"region": "eu", "trains_on_api_data": False}})
    mistral = registry.get("mistral")
    assert mistral.traits().held() == ("retains",)
    region = mistral.facts["region"]
    assert (region.value, region.source_url, region.source_date) == ("eu", "veil.toml", "")
    assert (region.confidence, region.note) == ("high", "set in veil.toml")
    assert mistral.facts["api_retention_days"].value == 30  # untouched
    assert mistral.name == "Mistral La Plateforme"


def test_overrides_leave_the_shipped_registry_alone() -> None:
    load_registry({"mistral": {"region": "eu"}, "extra": {}})
    again = load_registry()
    assert again.get("mistral").facts["region"].value == CONFLICTING
    assert "extra" not in again.providers


def test_a_full_override_keeps_its_source() -> None:
    dpa = {
        "value": True,
        "source_url": "https://example.test/dpa",
        "source_date": "2026-01-01",
        "confidence": "medium",
        "note": "signed",
    }
    deepseek = load_registry({"deepseek": {"dpa": dpa}}).get("deepseek")
    assert deepseek.facts["dpa"].to_dict() == dpa
    assert "no_dpa" not in deepseek.traits().held()


def test_override_fields_and_region_list() -> None:
    registry = load_registry({"bedrock": {"region": ["eu"], "name": "Bedrock (Frankfurt)"}})
    bedrock = registry.get("bedrock")
    assert bedrock.name == "Bedrock (Frankfurt)"
    assert bedrock.traits().held() == ()
    assert bedrock.to_dict()["facts"]["region"]["value"] == ["eu"]


def test_a_new_provider_is_added_after_the_shipped_ones() -> None:
    registry = load_registry(
        {
            "corp-llm": {
                "name": "Corp LLM",
                "region": "eu",
                "api_retention_days": 0,
                "trains_on_api_data": False,
                "dpa": True,
                "zero_data_retention": True,
            },
            "lab-box": {"local": True},
        }
    )
    assert list(registry.providers)[-2:] == ["corp-llm", "lab-box"]
    corp = registry.get("corp-llm")
    assert corp.name == "Corp LLM"
    assert corp.traits().held() == ()
    consumer = corp.facts["consumer_retention_days"]
    assert (consumer.value, consumer.source_url) == (UNKNOWN, "veil.toml")
    lab = registry.get("lab-box").traits()
    assert lab.held() == ("trains", "retains", "outside_eu", "no_dpa", "no_zdr", "local")


def test_an_override_can_add_a_variant() -> None:
    openai = load_registry(
        {"openai": {"variants": [{"model": "gpt-4o*", "api_retention_days": 0}]}}
    ).get("openai")
    assert not openai.traits("gpt-4o-mini").retains
    assert openai.traits("o3").retains


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        (
            {"mistral": {"regoin": "eu"}},
            "providers.mistral.regoin: unknown key (did you mean 'region'?)",
        ),
        ({"mistral": {"colour": "eu"}}, "providers.mistral.colour: unknown key (known keys: name,"),
        (
            {"mistral": {"region": 3}},
            "providers.mistral.region: 3 is not allowed; expected us, eu,",
        ),
        (
            {"mistral": {"region": ["eu", "Europe"]}},
            "providers.mistral.region: a list is not allowed",
        ),
        ({"mistral": {"region": []}}, "providers.mistral.region: a list is not allowed"),
        (
            {"mistral": {"trains_on_api_data": "maybe"}},
            "providers.mistral.trains_on_api_data: 'maybe' is not allowed; expected true, false,"
            " or 'unknown', 'conflicting'",
        ),
        (
            {"mistral": {"trains_on_api_data": NOT_APPLICABLE}},
            "providers.mistral.trains_on_api_data: 'not-applicable' is not allowed",
        ),
        (
            {"mistral": {"api_retention_days": -1}},
            "providers.mistral.api_retention_days: -1 is not allowed; expected a number of days",
        ),
        (
            {"mistral": {"api_retention_days": True}},
            "providers.mistral.api_retention_days: True is not allowed",
        ),
        (
            {"mistral": {"api_retention_days": NOT_APPLICABLE}},
            "'until-deleted', 'unknown', 'conflicting'",
        ),
        (
            {"mistral": {"consumer_retention_days": "forever"}},
            "'until-deleted', 'not-applicable', 'unknown', 'conflicting'",
        ),
        ({"mistral": {"dpa": "yes"}}, "providers.mistral.dpa: 'yes' is not allowed; expected true"),
        (
            {"mistral": {"dpa": {"value": True, "confidence": "certain"}}},
            "providers.mistral.dpa.confidence: 'certain' is not one of high, medium, low",
        ),
        (
            {"mistral": {"dpa": {"source_url": "https://x.test"}}},
            "providers.mistral.dpa: missing value",
        ),
        (
            {"mistral": {"dpa": {"value": True, "source_date": "last week"}}},
            "providers.mistral.dpa.source_date: a date YYYY-MM-DD or YYYY-MM is expected",
        ),
        (
            {"mistral": {"dpa": {"value": True, "sorce_url": "https://x.test"}}},
            "providers.mistral.dpa.sorce_url: unknown key (did you mean 'source_url'?)",
        ),
        (
            {"mistral": {"dpa": {"value": True, "also": "x"}}},
            "providers.mistral.dpa.also: a list of tables is expected, not string",
        ),
        ({"mistral": {"local": "yes"}}, "providers.mistral.local: true or false is expected"),
        ({"mistral": {"name": ""}}, "providers.mistral.name: must not be empty"),
        ({"mistral": "eu"}, "providers.mistral: a table is expected, not string"),
        ({"x": {"variants": {}}}, "providers.x.variants: a list of tables is expected, not table"),
        (
            {"x": {"variants": [{"model": "a*", "feature": "b", "dpa": True}]}},
            "providers.x.variants[0]: give exactly one of model (a glob) or feature",
        ),
        ({"x": {"variants": [{"model": "a*"}]}}, "providers.x.variants[0]: no facts to override"),
        (
            {"x": {"variants": [{"feature": "batch", "dpa": "sure"}]}},
            "providers.x.variants[0].dpa: 'sure' is not allowed",
        ),
    ],
)
def test_bad_overrides_name_the_key_and_the_valid_values(
    overrides: dict[str, Any], expected: str
) -> None:
    with pytest.raises(ConfigError) as caught:
        load_registry(overrides)
    assert expected in str(caught.value)


@pytest.mark.parametrize(
    ("overrides", "key"),
    [
        ({"mistral": {"region": PLANTED}}, "providers.mistral.region"),
        ({"mistral": {"trains_on_api_data": PLANTED}}, "providers.mistral.trains_on_api_data"),
        ({"mistral": {"dpa": {"value": True, "confidence": PLANTED}}}, "providers.mistral.dpa"),
        ({"mistral": {"region": [PLANTED]}}, "providers.mistral.region"),
        ({"mistral": {PLANTED: 1}}, "providers.mistral.SECRETVALUE"),
    ],
)
def test_messages_never_echo_a_long_value(overrides: dict[str, Any], key: str) -> None:
    with pytest.raises(ConfigError) as caught:
        load_registry(overrides)
    message = str(caught.value)
    assert key in message
    assert PLANTED not in message
    assert len(message) < 300


# --- malformed shipped data fails loudly --------------------------------------------------------


def _break(mutate: Any) -> dict[str, Any]:
    data = {"openai": copy.deepcopy(_raw_shipped()["openai"])}
    mutate(data["openai"])
    return data


@pytest.mark.parametrize(
    ("mutate", "expected"),
    [
        (lambda e: e["dpa"].pop("source_url"), "providers.toml: openai.dpa: missing source_url"),
        (
            lambda e: e["dpa"].update(source_url="http://x.test"),
            "providers.toml: openai.dpa.source_url: an https:// URL is expected",
        ),
        (
            lambda e: e["dpa"].update(source_date="Dec 2026"),
            "providers.toml: openai.dpa.source_date: a date YYYY-MM-DD or YYYY-MM",
        ),
        (
            lambda e: e["dpa"].update(source_date=""),
            "providers.toml: openai.dpa.source_date",
        ),
        (
            lambda e: e["dpa"].update(value=CONFLICTING),
            "providers.toml: openai.dpa.also: a conflicting fact lists the sources",
        ),
        (lambda e: e.pop("region"), "providers.toml: openai: missing region"),
        (lambda e: e.pop("homepage"), "providers.toml: openai: missing homepage"),
        (lambda e: e.update(dpa=True), "providers.toml: openai.dpa: a table with value"),
        (lambda e: e.update(homepage="x"), "providers.toml: openai.homepage: an https:// URL"),
    ],
)
def test_malformed_shipped_data_fails_loudly(mutate: Any, expected: str) -> None:
    parse_shipped(_break(lambda e: None))  # the untouched copy is valid
    with pytest.raises(ConfigError) as caught:
        parse_shipped(_break(mutate))
    assert expected in str(caught.value)


# --- the JSON contract (`veil providers --format json`) ----------------------------------------


def test_to_json_shape() -> None:
    listing = load_registry({"extra": {"region": ["eu", "us"]}}).to_json()
    json.dumps(listing)  # plain JSON types only
    assert [p["id"] for p in listing][: len(IDS)] == list(IDS)
    assert listing[-1]["id"] == "extra"
    for entry in listing:
        assert {"id", "name", "plan", "local", "homepage", "facts", "variants"} <= set(entry)
        assert set(entry["facts"]) == set(FACTS)
        for fact in entry["facts"].values():
            assert {"value", "source_url", "source_date", "confidence"} <= set(fact)
        for variant in entry["variants"]:
            assert ("model" in variant) != ("feature" in variant)
            for fact in variant["facts"].values():
                assert {"value", "source_url", "source_date", "confidence"} <= set(fact)
    assert listing[-1]["facts"]["region"]["value"] == ["eu", "us"]
    anthropic = listing[0]
    retention = anthropic["facts"]["api_retention_days"]
    assert retention["value"] == CONFLICTING
    assert {"source_url", "source_date", "says"} <= set(retention["also"][0])
    assert {"feature": "batch"}.items() <= anthropic["variants"][0].items()


def test_fact_to_dict_leaves_out_empty_note_and_also() -> None:
    assert _fact(True).to_dict() == {
        "value": True,
        "source_url": "https://example.test/terms",
        "source_date": "2026-01-01",
        "confidence": "high",
    }
