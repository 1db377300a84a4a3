"""The provider registry: what each provider does with data it is sent; the traits a policy reads.

The data ships as `providers.toml` beside this module (its header documents the schema);
`[providers.NAME]` tables in veil.toml override or add entries. Every fact carries its source,
date and confidence, and may be `unknown` or `conflicting`. A policy never reads such a fact as
the favourable value: each trait holds when the provider has it *or* when the fact behind it is
not settled, and `Traits.unsure` says which traits hold only for that reason.
"""

from __future__ import annotations

import difflib
import fnmatch
import functools
import re
import tomllib
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from importlib.resources import files
from types import MappingProxyType
from typing import Any

from veil.errors import ConfigError

UNKNOWN = "unknown"
CONFLICTING = "conflicting"
NOT_APPLICABLE = "not-applicable"  # no consumer product; for dpa/zdr: no third party involved
UNTIL_DELETED = "until-deleted"  # kept until the customer deletes it
UNSETTLED = (UNKNOWN, CONFLICTING)

FACTS = (
    "region",
    "api_retention_days",
    "consumer_retention_days",
    "trains_on_api_data",
    "dpa",
    "zero_data_retention",
)
TRAITS = ("trains", "retains", "outside_eu", "no_dpa", "no_zdr", "local")
CONFIDENCES = ("high", "medium", "low")
REGIONS = ("us", "eu", "global", "customer-chosen", "local")  # or a two-letter country code
FIELDS = ("name", "plan", "local", "homepage")

_FACT_KEYS = ("value", "source_url", "source_date", "confidence", "note", "also")
_ALSO_KEYS = ("source_url", "source_date", "says")
_IN_EU = ("eu", "local")
_DATE = re.compile(r"\d{4}-\d{2}(-\d{2})?")
_COUNTRY = re.compile(r"[a-z]{2}")
_SHOWN = 32  # values longer than this are described, never echoed

Value = bool | int | str | tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Fact:
    """One sourced fact about a provider; `value` may be `unknown` or `conflicting`."""

    value: Value
    source_url: str
    source_date: str
    confidence: str  # "high" | "medium" | "low"
    note: str = ""
    also: tuple[dict[str, str], ...] = ()  # other sources: source_url, source_date, says

    @property
    def settled(self) -> bool:
        """False when the value is `unknown` or `conflicting`."""
        return not (isinstance(self.value, str) and self.value in UNSETTLED)

    def to_dict(self) -> dict[str, Any]:
        value = list(self.value) if isinstance(self.value, tuple) else self.value
        out: dict[str, Any] = {
            "value": value,
            "source_url": self.source_url,
            "source_date": self.source_date,
            "confidence": self.confidence,
        }
        if self.note:
            out["note"] = self.note
        if self.also:
            out["also"] = [dict(a) for a in self.also]
        return out


@dataclass(frozen=True, slots=True)
class Variant:
    """Facts that replace the entry's own for one model glob or one feature."""

    model: str | None
    feature: str | None
    facts: Mapping[str, Fact]

    def applies(self, model: str | None, features: Collection[str]) -> bool:
        if self.model is not None:
            return model is not None and fnmatch.fnmatchcase(model.lower(), self.model.lower())
        return self.feature is not None and self.feature in features

    def to_dict(self) -> dict[str, Any]:
        key = {"model": self.model} if self.model is not None else {"feature": self.feature}
        return {**key, "facts": {n: f.to_dict() for n, f in self.facts.items()}}


@dataclass(frozen=True, slots=True)
class Traits:
    """What the policy reads: each trait True when the provider has it OR when the fact is
    unknown/conflicting (never the favourable reading)."""

    trains: bool  # trains on API data by default (or not known not to)
    retains: bool  # keeps API data (retention > 0 days, or not known)
    outside_eu: bool  # processes outside the EU (anything but "eu"/"local", incl. customer-chosen)
    no_dpa: bool
    no_zdr: bool
    local: bool
    unsure: tuple[str, ...] = ()  # traits that hold only because a fact is unknown/conflicting

    def held(self) -> tuple[str, ...]:
        """The names of the traits that hold, in TRAITS order."""
        return tuple(name for name in TRAITS if getattr(self, name))


@dataclass(frozen=True, slots=True)
class Provider:
    """One provider and plan: its facts, and the variants that refine them."""

    id: str
    name: str
    plan: str
    local: bool
    homepage: str
    facts: Mapping[str, Fact]
    variants: tuple[Variant, ...] = ()

    def facts_for(
        self, model: str | None = None, features: Collection[str] = ()
    ) -> dict[str, Fact]:
        """The entry's facts, overridden by every matching variant in file order."""
        facts = dict(self.facts)
        for variant in self.variants:
            if variant.applies(model, features):
                facts.update(variant.facts)
        return facts

    def traits(self, model: str | None = None, features: Collection[str] = ()) -> Traits:
        return _traits(self.facts_for(model, features), local=self.local)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "plan": self.plan,
            "local": self.local,
            "homepage": self.homepage,
            "facts": {n: self.facts[n].to_dict() for n in FACTS if n in self.facts},
            "variants": [v.to_dict() for v in self.variants],
        }


class Registry:
    """The providers veil knows: the shipped ones in file order, then the user's."""

    def __init__(self, providers: Mapping[str, Provider]) -> None:
        self.providers: dict[str, Provider] = dict(providers)

    def get(self, provider_id: str) -> Provider:
        """The entry for `provider_id`; an id it does not know gets every fact unknown."""
        found = self.providers.get(provider_id)
        return found if found is not None else unknown_provider(provider_id)

    def to_json(self) -> list[dict[str, Any]]:
        """`veil providers --format json`: one object per entry."""
        return [p.to_dict() for p in self.providers.values()]


def unknown_provider(provider_id: str) -> Provider:
    """A provider veil knows nothing of: every fact unknown, so every trait but `local` holds."""
    facts = {n: _unknown("none", "not in the provider registry") for n in FACTS}
    return Provider(provider_id, provider_id, "unknown", False, "", MappingProxyType(facts))


def load_registry(overrides: Mapping[str, Mapping[str, Any]] | None = None) -> Registry:
    """The shipped registry with veil.toml's raw `[providers.NAME]` tables applied.

    A NAME that exists has the fields and facts given replaced (variants given are added after
    the shipped ones, so they win); a new NAME adds an entry whose missing facts are unknown.
    A fact is a table (`{value = ..., source_url = ..., ...}`, only `value` required) or just
    its value (`region = "eu"`), which counts as stated in veil.toml with high confidence.
    """
    providers = dict(_shipped())
    for name, raw in (overrides or {}).items():
        if not isinstance(name, str) or not name.strip():
            raise ConfigError("providers: a provider name is a non-empty string")
        providers[name] = _entry(name, raw, f"providers.{_key(name)}", providers.get(name))
    return Registry(providers)


def parse_shipped(data: Mapping[str, Any]) -> dict[str, Provider]:
    """Validate tables in the shipped format (every field and fact, each fully sourced)."""
    where = "providers.toml: {}"
    return {
        name: _entry(name, raw, where.format(_key(name)), None, strict=True)
        for name, raw in data.items()
    }


@functools.cache
def _shipped() -> Mapping[str, Provider]:
    text = (files("veil.policy") / "providers.toml").read_text(encoding="utf-8")
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"providers.toml: not valid TOML: {exc}") from None
    return MappingProxyType(parse_shipped(data))


def _traits(facts: Mapping[str, Fact], *, local: bool) -> Traits:
    held: dict[str, bool] = {}
    unsure: list[str] = []

    def judge(trait: str, fact_name: str, favourable: bool) -> None:
        fact = facts.get(fact_name)
        settled = fact is not None and fact.settled
        held[trait] = not (settled and favourable)
        if held[trait] and not settled:
            unsure.append(trait)

    def value(fact_name: str) -> Value | None:
        fact = facts.get(fact_name)
        return None if fact is None else fact.value

    retention = value("api_retention_days")
    region = value("region")
    regions = region if isinstance(region, tuple) else (region,)
    judge("trains", "trains_on_api_data", value("trains_on_api_data") is False)
    judge("retains", "api_retention_days", type(retention) is int and retention == 0)
    judge("outside_eu", "region", all(r in _IN_EU for r in regions))
    for trait, fact_name in (("no_dpa", "dpa"), ("no_zdr", "zero_data_retention")):
        fact_value = value(fact_name)
        judge(trait, fact_name, fact_value is True or (fact_value == NOT_APPLICABLE and local))
        if held[trait] and fact_value == NOT_APPLICABLE and trait not in unsure:
            unsure.append(trait)  # "no third party" claimed by a provider that is not local
    return Traits(
        trains=held["trains"],
        retains=held["retains"],
        outside_eu=held["outside_eu"],
        no_dpa=held["no_dpa"],
        no_zdr=held["no_zdr"],
        local=local,
        unsure=tuple(t for t in TRAITS if t in unsure),
    )


def _entry(
    name: str, raw: object, where: str, base: Provider | None, *, strict: bool = False
) -> Provider:
    table = _table(raw, where)
    _check_keys(table, (*FIELDS, *FACTS, "variants"), where)
    if strict:
        missing = [k for k in (*FIELDS, *FACTS) if k not in table]
        if missing:
            raise ConfigError(f"{where}: missing {', '.join(missing)}")
    facts = dict(base.facts) if base else {}
    for fact_name in FACTS:
        if fact_name in table:
            facts[fact_name] = _fact(fact_name, table[fact_name], f"{where}.{fact_name}", strict)
        elif fact_name not in facts:
            facts[fact_name] = _unknown("veil.toml", "not set in veil.toml")
    raw_variants = table.get("variants", [])
    if not isinstance(raw_variants, list):
        raise ConfigError(
            f"{where}.variants: a list of tables is expected, not {_kind(raw_variants)}"
        )
    variants = tuple(
        _variant(v, f"{where}.variants[{i}]", strict) for i, v in enumerate(raw_variants)
    )
    homepage = _text(table.get("homepage", base.homepage if base else ""), f"{where}.homepage")
    if strict and not homepage.startswith("https://"):
        raise ConfigError(f"{where}.homepage: an https:// URL is expected")
    local = table.get("local", base.local if base else False)
    if not isinstance(local, bool):
        raise ConfigError(f"{where}.local: true or false is expected, not {_show(local)}")
    return Provider(
        id=name,
        name=_text(table.get("name", base.name if base else name), f"{where}.name", empty=False),
        plan=_text(table.get("plan", base.plan if base else "api"), f"{where}.plan", empty=False),
        local=local,
        homepage=homepage,
        facts=MappingProxyType(facts),
        variants=(base.variants if base else ()) + variants,
    )


def _variant(raw: object, where: str, strict: bool) -> Variant:
    table = _table(raw, where)
    _check_keys(table, ("model", "feature", *FACTS), where)
    if ("model" in table) == ("feature" in table):
        raise ConfigError(f"{where}: give exactly one of model (a glob) or feature")
    model = _text(table["model"], f"{where}.model", empty=False) if "model" in table else None
    feature = _text(table["feature"], f"{where}.feature", empty=False) if model is None else None
    facts = {n: _fact(n, table[n], f"{where}.{n}", strict) for n in FACTS if n in table}
    if not facts:
        raise ConfigError(f"{where}: no facts to override (expected some of {', '.join(FACTS)})")
    return Variant(model, feature, MappingProxyType(facts))


def _fact(name: str, raw: object, where: str, strict: bool) -> Fact:
    if not isinstance(raw, Mapping):
        if strict:
            raise ConfigError(f"{where}: a table with value, source_url, source_date, confidence")
        return Fact(_value(name, raw, where), "veil.toml", "", "high", "set in veil.toml")
    _check_keys(raw, _FACT_KEYS, where)
    required = _FACT_KEYS[:4] if strict else _FACT_KEYS[:1]
    missing = [k for k in required if k not in raw]
    if missing:
        raise ConfigError(f"{where}: missing {', '.join(missing)}")
    value = _value(name, raw["value"], f"{where}.value")
    source_url = _text(raw.get("source_url", "veil.toml"), f"{where}.source_url", empty=False)
    if strict and not source_url.startswith("https://"):
        raise ConfigError(f"{where}.source_url: an https:// URL is expected")
    source_date = _text(raw.get("source_date", ""), f"{where}.source_date")
    if (strict or source_date) and not _DATE.fullmatch(source_date):
        raise ConfigError(f"{where}.source_date: a date YYYY-MM-DD or YYYY-MM is expected")
    confidence = raw.get("confidence", "high")
    if confidence not in CONFIDENCES:
        raise ConfigError(
            f"{where}.confidence: {_show(confidence)} is not one of {', '.join(CONFIDENCES)}"
        )
    also = _also(raw.get("also", []), f"{where}.also")
    if strict and value == CONFLICTING and not also:
        raise ConfigError(f"{where}.also: a conflicting fact lists the sources that disagree")
    note = _text(raw.get("note", ""), f"{where}.note")
    return Fact(value, source_url, source_date, confidence, note, also)


def _value(name: str, raw: object, where: str) -> Value:
    words: tuple[str, ...] = UNSETTLED
    if name == "region":
        if isinstance(raw, str) and (raw in UNSETTLED or _is_region(raw)):
            return raw
        if isinstance(raw, list) and raw and all(isinstance(r, str) and _is_region(r) for r in raw):
            return tuple(raw)
        expected = f"{', '.join(REGIONS)}, a two-letter country code, a list of these"
    elif name.endswith("_retention_days"):
        if type(raw) is int and raw >= 0:
            return raw
        words = (UNTIL_DELETED, *((NOT_APPLICABLE,) if name.startswith("consumer") else ()), *words)
        if isinstance(raw, str) and raw in words:
            return raw
        expected = "a number of days (0 or more)"
    else:
        if isinstance(raw, bool):
            return raw
        words = (*((NOT_APPLICABLE,) if name != "trains_on_api_data" else ()), *words)
        if isinstance(raw, str) and raw in words:
            return raw
        expected = "true, false"
    choices = ", ".join(f"'{w}'" for w in words)
    raise ConfigError(f"{where}: {_show(raw)} is not allowed; expected {expected}, or {choices}")


def _is_region(text: str) -> bool:
    return text in REGIONS or bool(_COUNTRY.fullmatch(text))


def _also(raw: object, where: str) -> tuple[dict[str, str], ...]:
    if not isinstance(raw, list):
        raise ConfigError(f"{where}: a list of tables is expected, not {_kind(raw)}")
    out = []
    for i, item in enumerate(raw):
        table = _table(item, f"{where}[{i}]")
        _check_keys(table, _ALSO_KEYS, f"{where}[{i}]")
        missing = [k for k in _ALSO_KEYS if k not in table]
        if missing:
            raise ConfigError(f"{where}[{i}]: missing {', '.join(missing)}")
        out.append({k: _text(table[k], f"{where}[{i}].{k}", empty=False) for k in _ALSO_KEYS})
    return tuple(out)


def _unknown(source: str, note: str) -> Fact:
    return Fact(UNKNOWN, source, "", "low", note)


def _table(raw: object, where: str) -> Mapping[str, Any]:
    if not isinstance(raw, Mapping):
        raise ConfigError(f"{where}: a table is expected, not {_kind(raw)}")
    return raw


def _text(raw: object, where: str, *, empty: bool = True) -> str:
    if not isinstance(raw, str):
        raise ConfigError(f"{where}: a string is expected, not {_kind(raw)}")
    if not empty and not raw.strip():
        raise ConfigError(f"{where}: must not be empty")
    return raw


def _check_keys(table: Mapping[str, Any], known: tuple[str, ...], where: str) -> None:
    for key in table:
        if key not in known:
            close = difflib.get_close_matches(str(key), known, n=1)
            hint = f"did you mean {close[0]!r}?" if close else f"known keys: {', '.join(known)}"
            raise ConfigError(f"{where}.{_key(key)}: unknown key ({hint})")


def _key(key: object) -> str:
    text = str(key)
    return text if len(text) <= _SHOWN else text[:_SHOWN] + "..."


def _show(value: object) -> str:
    if isinstance(value, bool | int | float) or (isinstance(value, str) and len(value) <= _SHOWN):
        return repr(value)
    if isinstance(value, str):
        return f"a string of {len(value)} characters"
    return f"a {_kind(value)}"


def _kind(value: object) -> str:
    kinds = {bool: "boolean", int: "integer", float: "number", str: "string", list: "list"}
    if isinstance(value, Mapping):
        return "table"
    return kinds.get(type(value), type(value).__name__)
