"""`veil providers`: the provider registry, and what each tier would get at each provider."""

from __future__ import annotations

import json
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

from veil.cli.errors import usage_errors

if TYPE_CHECKING:
    from veil.policy.engine import Policy
    from veil.policy.registry import Fact, Provider, Registry


class Format(StrEnum):
    table = "table"
    json = "json"


def providers(
    risk: bool = typer.Option(
        False, "--risk", help="What each tier would get at each provider, under the policy."
    ),
    fmt: Format = typer.Option(Format.table, "--format", "-f", help="Output format."),
    config: Path | None = typer.Option(None, "--config", "-c", help="veil.toml to use."),
) -> None:
    """Print the provider registry: region, retention, training, DPA, zero retention, sources.

    Examples:

    ```
    veil providers
    veil providers --risk
    veil providers --format json
    ```
    """
    with usage_errors():
        from veil.config import load_settings
        from veil.gateway.upstream import resolve_upstreams
        from veil.policy.engine import Policy
        from veil.policy.registry import load_registry

        settings = load_settings(config)
        registry = load_registry(settings.providers)
        policy = Policy(settings.policy)
        local = any(u.local for u in resolve_upstreams(settings, {}).values())
    if fmt is Format.json:
        entries = registry.to_json()
        if risk:
            for entry in entries:
                entry["risk"] = _risk(policy, registry.providers[entry["id"]], local)
        typer.echo(json.dumps(entries, indent=2))
        return
    if risk:
        _print_risk(policy, registry, local)
    else:
        _print_registry(registry)


def _risk(policy: Policy, provider: Provider, local_available: bool) -> dict[str, str]:
    """Tier label -> the action it gets at `provider` (`block` when it must stay local and no
    local upstream is configured)."""
    from veil.policy.tiers import Reason, Tier

    out = {}
    for tier in Tier:
        reasons = [Reason(tier, "tier", tier.key)] if tier is not Tier.PUBLIC else []
        decision = policy.decide(reasons, provider.traits(), local_available=local_available)
        out[tier.label] = decision.action.key
    return out


# green: it goes as it is; amber: it goes disguised; red: it does not go to that provider.
ACTION_STYLES = {
    "forward": "green",
    "mask": "yellow",
    "pseudonymize": "yellow",
    "local": "red",
    "block": "red",
}


def _print_risk(policy: Policy, registry: Registry, local_available: bool) -> None:
    from rich.console import Console
    from rich.table import Table

    from veil.policy.tiers import Tier

    mode = ", monitor mode: nothing but masking is applied" if policy.monitor else ""
    table = Table(title=f"What each tier gets (preset {policy.preset}{mode})")
    table.add_column("provider", no_wrap=True)
    for tier in Tier:
        table.add_column(tier.label)
    for provider in registry.providers.values():
        cells = _risk(policy, provider, local_available)
        row = [f"[{ACTION_STYLES[a]}]{a}[/{ACTION_STYLES[a]}]" for a in cells.values()]
        table.add_row(provider.id, *row)
    Console().print(table)
    if not local_available:
        Console().print("no local upstream is configured: `local` decisions are shown as block")


_COLUMNS = (
    ("region", "region"),
    ("api_retention_days", "API days"),
    ("trains_on_api_data", "trains"),
    ("dpa", "DPA"),
    ("zero_data_retention", "ZDR"),
)
_SHORT = {"customer-chosen": "chosen", "until-deleted": "kept", "not-applicable": "n/a"}


def _print_registry(registry: Registry) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(title="Provider registry")
    table.add_column("provider", no_wrap=True)
    for _, title in _COLUMNS:
        table.add_column(title, no_wrap=True)
    table.add_column("oldest source", no_wrap=True)
    for provider in registry.providers.values():
        facts = provider.facts_for()
        dates = sorted(f.source_date for f in facts.values() if f.source_date)
        cells = [_cell(facts.get(key)) for key, _ in _COLUMNS]
        table.add_row(provider.id, *cells, dates[0] if dates else "-")
    console = Console()
    console.print(table)
    console.print(
        "? unknown  ! sources disagree  ~ medium or low confidence  (read as unfavourable"
        " when unknown or disagreeing; `--format json` has every source, date and note)"
    )


def _cell(fact: Fact | None) -> str:
    if fact is None:
        return "?"
    value: Any = fact.value
    if value == "unknown":
        return "[red]?[/red]"
    if value == "conflicting":
        return "[red]![/red]"
    values = value if isinstance(value, tuple) else (value,)
    text = ", ".join(_SHORT.get(str(v).lower(), str(v).lower()) for v in values)
    return text + ("~" if fact.confidence != "high" else "")
