"""The catalogues of the documentation site, written from veil's data at build time: the
detection rules, the provider registry and the presets' table."""

from __future__ import annotations

from enum import Enum
from typing import Any

from docs_reference import cell, first_paragraph

# ---------------------------------------------------------------------------------------------
# Rules


def _checks(rule: Any) -> str:
    """What confirms a match besides the pattern: keywords, entropy, a validator's doc."""
    out = []
    if rule.keywords:
        out.append("keywords " + ", ".join(f"`{k}`" for k in rule.keywords[:4]))
        if len(rule.keywords) > 4:
            out[-1] += f" (+{len(rule.keywords) - 4})"
    if rule.entropy is not None:
        out.append(f"entropy ≥ {rule.entropy}")
    if rule.validate is not None:
        doc = first_paragraph(rule.validate.__doc__)
        out.append(f"validated: {doc}" if doc else "validated")
    if rule.generic:
        out.append("generic (specific rules win)")
    return cell("; ".join(out))


def rules_reference(detects: str, how: str) -> str:
    """Every built-in rule by family, the organisation rules and the forbidden files."""
    from veil.detect import files, pii, secrets
    from veil.detect.org import org_rules
    from veil.policy.classify import Classifier

    tier = Classifier().finding_tier

    families = [*secrets.FAMILIES, *pii.FAMILIES]
    count = sum(len(f.RULES) for f in families)
    out = [
        "# Detection rules",
        "",
        f"The {count} built-in rules, read from `veil.detect` when this site was built, by family",
        "module: each rule's id, the kind of value it finds, the tier a match gives a request",
        "(see [policy](../guides/policy.md)), its confidence, and what confirms a match besides",
        "its pattern. The examples each rule carries are not shown here (they look like secrets).",
        "",
        detects,
        "",
        "## Families",
        "",
        "| family | rules | what it covers |",
        "|---|---|---|",
    ]
    for family in families:
        name = family.__name__.removeprefix("veil.detect.")
        anchor = name.replace(".", "")
        doc = cell(first_paragraph(family.__doc__))
        out.append(f"| [`{name}`](#{anchor}) | {len(family.RULES)} | {doc} |")
    out.append("")
    for family in families:
        name = family.__name__.removeprefix("veil.detect.")
        out += [
            f"## `{name}` {{#{name.replace('.', '')}}}",
            "",
            first_paragraph(family.__doc__),
            "",
            "| rule id | kind | tier | confidence | checks |",
            "|---|---|---|---|---|",
        ]
        for rule in family.RULES:
            out.append(
                f"| `{rule.id}` | `{rule.kind}` | {tier(rule.id, rule.category).label}"
                f" | {rule.confidence:.2f} | {_checks(rule)} |"
            )
        out.append("")
    sample = org_rules(["Acme"], ["*.corp.example.com"], ["https://wiki.example.com/"])
    out += [
        "## Organisation rules",
        "",
        first_paragraph(org_rules.__doc__) + " They come from `[org]` in `veil.toml`"
        ' (`terms`, `domains`, `url_prefixes`); for `terms = ["Acme"]`,'
        ' `domains = ["*.corp.example.com"]` and `url_prefixes = ["https://wiki.example.com/"]`'
        " they are:",
        "",
        "| rule id | kind | tier |",
        "|---|---|---|",
        *(f"| `{r.id}` | `{r.kind}` | {tier(r.id, r.category).label} |" for r in sample),
        "",
        "Your own `[[rules]]` join the built-in ones with the same fields and the same example",
        "check (see the [configuration reference](configuration.md#rules)).",
        "",
        "## Forbidden files",
        "",
        first_paragraph(files.__doc__),
        "Patterns in gitignore syntax (`!` takes a file back out), matched against the end of a",
        "path; `[policy.files]` adds to them and takes out of them:",
        "",
        ", ".join(f"`{p}`" for p in files.FORBIDDEN_FILES) + ".",
        "",
        how,
        "",
    ]
    return "\n".join(out)


# ---------------------------------------------------------------------------------------------
# The provider registry


def _value(value: object) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, tuple):
        return ", ".join(value)
    return str(value)


def _source(fact: Any) -> str:
    if not fact.source_url.startswith("https://"):
        return cell(fact.source_url)
    host = fact.source_url.split("/")[2]
    out = [f"[{host}]({fact.source_url}) ({fact.source_date})"]
    out += [
        f"also [{a['source_url'].split('/')[2]}]({a['source_url']}) ({a['source_date']}):"
        f" {a['says']}"
        for a in fact.also
    ]
    return cell("; ".join(out))


def _fact_rows(facts: Any) -> list[str]:
    rows = ["| fact | value | confidence | source (date) | note |", "|---|---|---|---|---|"]
    for name, fact in facts.items():
        rows.append(
            f"| `{name}` | **{_value(fact.value)}** | {fact.confidence} | {_source(fact)}"
            f" | {cell(fact.note)} |"
        )
    return rows


def _schema_comments(data_file: str) -> tuple[str, str]:
    """From the data file's leading comments: the meaning of each fact, and when it was
    researched."""
    header = []
    for line in data_file.splitlines():
        if not line.startswith("#"):
            break
        header.append(line[2:] if line.startswith("# ") else "")
    paragraphs = "\n".join(header).split("\n\n")
    meanings = next(p for p in paragraphs if p.startswith("The facts and their values:"))
    researched = next(p for p in paragraphs if p.startswith("Research read on"))
    return meanings.split("\n", 1)[1], " ".join(researched.split())


def providers_reference() -> str:
    """One section per provider of the shipped registry: facts, sources, dates, variants."""
    from importlib.resources import files

    from veil.policy import registry

    data = (files("veil.policy") / "providers.toml").read_text(encoding="utf-8")
    meanings, researched = _schema_comments(data)
    shipped = registry.load_registry()
    out = [
        "# The provider registry",
        "",
        "What each provider does with the data it is sent, and the traits a policy reads from",
        "that. The registry ships as `src/veil/policy/providers.toml`; this page is written from",
        f"it when the site is built. {researched} `veil providers` prints it, `veil providers",
        "--risk` shows what each tier gets at each provider under your policy, and",
        "`[providers.NAME]` in `veil.toml` overrides or adds entries (see the",
        "[configuration reference](configuration.md#providers)).",
        "",
        "A fact may be `unknown` or `conflicting`: the policy then reads the unfavourable value.",
        "Confidence is high where the provider's own page says it plainly, medium or low where",
        "it is inferred or secondary. Each provider's traits (`trains`, `retains`, `outside_eu`,",
        "`no_dpa`, `no_zdr`, `local`) are what [the policy](../guides/policy.md) reads; one marked",
        "*unsure* holds only because the fact behind it is not settled. What each fact means:",
        "",
        "```text",
        meanings,
        "```",
        "",
        "| id | name | region | API retention (days) | trains on API data | DPA | zero retention |",
        "|---|---|---|---|---|---|---|",
    ]
    for p in shipped.providers.values():
        f = {n: _value(fact.value) for n, fact in p.facts.items()}
        out.append(
            f"| [`{p.id}`](#{p.id}) | {cell(p.name)} | {f['region']} | {f['api_retention_days']}"
            f" | {f['trains_on_api_data']} | {f['dpa']} | {f['zero_data_retention']} |"
        )
    out.append("")
    for p in shipped.providers.values():
        traits = p.traits()
        held = ", ".join(
            f"`{t}`" + (" (*unsure*)" if t in traits.unsure else "") for t in traits.held()
        )
        out += [
            f"## {p.name} {{#{p.id}}}",
            "",
            f"Id `{p.id}`, plan `{p.plan}`{', runs on this machine' if p.local else ''};"
            f" [{p.homepage}]({p.homepage}). Traits: {held or 'none'}.",
            "",
            *_fact_rows(p.facts),
            "",
        ]
        for v in p.variants:
            where = f"model `{v.model}`" if v.model else f"feature `{v.feature}`"
            out += [f"For {where}:", "", *_fact_rows(v.facts), ""]
    return "\n".join(out)


# ---------------------------------------------------------------------------------------------
# Presets


def presets_table() -> str:
    """The four presets: per tier, the action at any provider and at providers with a trait."""
    from veil.policy.presets import PRESETS
    from veil.policy.tiers import Tier

    tiers = sorted(Tier)
    at_local = {t[tier].get("local") for t in PRESETS.values() for tier in tiers}
    same_local = len(at_local) == 1 and None not in at_local
    out = [
        "| preset | " + " | ".join(t.label for t in tiers) + " |",
        "|---|" + "---|" * len(tiers),
    ]
    for name, table in PRESETS.items():
        cells = []
        for tier in tiers:
            rules = table[tier]
            parts = [rules["default"].key]
            by_action: dict[str, list[str]] = {}
            for trait, action in rules.items():
                if trait not in ("default", "local"):
                    by_action.setdefault(action.key, []).append(f"`{trait}`")
            parts += [f"{', '.join(traits)}: {key}" for key, traits in by_action.items()]
            if rules.get("local") is not None and not same_local:
                parts.append(f"at a local upstream: {rules['local'].key}")
            cells.append("; ".join(parts))
        default = " (default)" if name == _default_preset() else ""
        out.append(f"| `{name}`{default} | " + " | ".join(cells) + " |")
    only = next(iter(at_local))
    if same_local and only is not None:
        out += [
            "",
            f'Every preset\'s action at a local upstream is `{only.key}` (`local = "{only.key}"`).',
        ]
    return "\n".join(out)


def _default_preset() -> str:
    from veil.config import PolicySettings

    default = PolicySettings.model_fields["preset"].default
    return default.value if isinstance(default, Enum) else str(default)


def clients_table() -> str:
    """What `veil run` sets for each client it knows, and for any other command."""
    from veil.launch.clients import CLIENTS, OTHER_BASE_URL_ENV, base_urls

    root = "http://127.0.0.1:8787"

    def variables(names: tuple[str, ...]) -> str:
        return ", ".join(f"`{k}={v}`" for k, v in base_urls(names, root).items())

    out = [
        "| client | started as | pointed at veil by | switched off for the session |",
        "|---|---|---|---|",
    ]
    for spec in CLIENTS:
        pointed = variables(spec.base_url_env) or "its configuration, written for the session"
        quiet = ", ".join(f"`{k}={v}`" for k, v in spec.quiet_env.items())
        quiet = quiet or ("–" if spec.base_url_env else "in that configuration")
        names = ", ".join(f"`{e}`" for e in spec.executables)
        out.append(f"| {spec.title} | {names} | {pointed} | {quiet} |")
    out.append(f"| any other command | | {variables(OTHER_BASE_URL_ENV)} | |")
    return "\n".join(out)
