"""`veil incidents list|show|resolve|report`: what Restricted got out, and what to rotate."""

from __future__ import annotations

import difflib
import json
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from veil.cli.audit import ConfigOpt, ListFormat, UrlOpt, opened_store
from veil.cli.errors import fail, usage_errors

if TYPE_CHECKING:
    from veil.audit.store import Incident

app = typer.Typer(
    help="""Incidents: something Restricted that left, and what to do now.

    Examples:

    ```
    veil incidents list
    veil incidents show 3
    veil incidents resolve 3 --note "key rotated"
    ```
    """,
    no_args_is_help=True,
)


@app.command(name="list")
def list_incidents(
    show_all: bool = typer.Option(False, "--all", help="Resolved ones too."),
    fmt: ListFormat = typer.Option(ListFormat.text, "--format", "-f", help="Output format."),
    url: str | None = UrlOpt,
    config: Path | None = ConfigOpt,
) -> None:
    """Open incidents, newest first.

    Examples:

    ```
    veil incidents list
    veil incidents list --all --format json
    ```
    """
    with usage_errors(), opened_store(url, config) as store:
        incidents = store.incidents("" if show_all else "open")
    if fmt is ListFormat.json:
        typer.echo(json.dumps([i.to_dict() for i in incidents], indent=2))
        return
    if not incidents:
        typer.echo("no open incidents" if not show_all else "no incidents")
        return
    for incident in incidents:
        typer.echo(
            f"#{incident.id} {incident.status:<8} {incident.opened[:19].replace('T', ' ')}"
            f"  {', '.join(incident.kinds)} -> {_place(incident)}"
            f"  ({incident.events} event{'s' if incident.events != 1 else ''})"
        )


@app.command()
def show(
    number: int = typer.Argument(..., help="The incident's number."),
    fmt: ListFormat = typer.Option(ListFormat.text, "--format", "-f", help="Output format."),
    url: str | None = UrlOpt,
    config: Path | None = ConfigOpt,
) -> None:
    """What went where and when, and how to rotate each kind.

    Examples:

    ```
    veil incidents show 3
    veil incidents show 3 --format json
    ```
    """
    from veil.audit.rotation import rotation_for

    with usage_errors(), opened_store(url, config) as store:
        incident = store.incident(number)
    if incident is None:
        fail(f"no incident {number}; see veil incidents list --all")
    rotations = [rotation_for(kind) for kind in incident.kinds]
    if fmt is ListFormat.json:
        out = incident.to_dict()
        out["rotation"] = [
            {"kind": r.kind, "provider": r.provider, "steps": list(r.steps), "url": r.url}
            for r in rotations
        ]
        typer.echo(json.dumps(out, indent=2))
        return
    typer.echo(f"incident #{incident.id} ({incident.status})")
    typer.echo(f"  what:  {', '.join(incident.kinds)}")
    typer.echo(f"  where: {_place(incident)}")
    typer.echo(f"  when:  first {incident.opened}, last {incident.last_seen}")
    typer.echo(f"  from:  {incident.source}, event {incident.event_seq} (veil audit show)")
    if incident.note:
        typer.echo(f"  note:  {incident.note}")
    if incident.resolved:
        typer.echo(f"  resolved: {incident.resolved}")
    typer.echo("what to do now:")
    for rotation in rotations:
        typer.echo(f"  {rotation.kind} ({rotation.provider}):")
        for number_, step in enumerate(rotation.steps, 1):
            typer.echo(f"    {number_}. {step}")
        typer.echo(f"    docs: {rotation.url}")


@app.command()
def resolve(
    number: int = typer.Argument(..., help="The incident's number."),
    note: str = typer.Option("", "--note", help="What was done (the key was rotated, ...)."),
    url: str | None = UrlOpt,
    config: Path | None = ConfigOpt,
) -> None:
    """Close an incident once what leaked is rotated.

    Examples:

    ```
    veil incidents resolve 3 --note "key rotated"
    veil incidents resolve 3
    ```
    """
    from veil.audit.event import now_iso

    with usage_errors(), opened_store(url, config) as store:
        incident = store.incident(number)
        if incident is None or incident.status != "open":
            fail(f"no open incident {number}; see veil incidents list")
        # What the incident said (why it was opened, a report's note) stays; the note given
        # here is added after it.
        (safe,) = _scrubbed([note], config)
        kept = "; ".join(n for n in (incident.note, f"resolved: {safe}" if safe else "") if n)
        if not store.resolve_incident(number, kept, now_iso()):
            fail(f"no open incident {number}; see veil incidents list")
    typer.echo(f"incident #{number} resolved")


@app.command()
def report(
    kinds: list[str] = typer.Option(
        ...,
        "--kind",
        "-k",
        help="What leaked: a finding kind (aws_access_key_id, ...); repeatable.",
    ),
    where: str = typer.Option(..., "--where", help="Where it went (a provider, a web chat, ...)."),
    note: str = typer.Option("", "--note", help="Anything else worth keeping (no values)."),
    url: str | None = UrlOpt,
    config: Path | None = ConfigOpt,
) -> None:
    """Report a leak veil did not see (a key pasted into a web chat), to get rotation steps and
    an open incident.

    Examples:

    ```
    veil incidents report --kind github_pat --where chatgpt.com
    veil incidents report -k aws_access_key_id --where "a support ticket"
    ```
    """
    from veil.audit.event import AuditEvent
    from veil.audit.incidents import record_incidents
    from veil.config import active_rules, load_settings

    with usage_errors():
        known = sorted({rule.kind for rule in active_rules(load_settings(config))})
        for kind in kinds:
            if kind not in known:
                close = difflib.get_close_matches(kind, known, n=1)
                hint = f" (did you mean {close[0]!r}?)" if close else " (see `veil rules list`)"
                fail(f"--kind {kind!r}: not a kind veil knows{hint}")
        if not where.strip():
            fail("--where: say where it went (a provider, a web chat, a repository)")
        safe_where, safe_note = _scrubbed([where, note], config)
        event = AuditEvent(
            "incident",
            data={
                "kinds": dict.fromkeys(kinds, 1),
                "place": {"where": safe_where},
                "note": safe_note,
            },
        )
        with opened_store(url, config) as store:
            store.append([event])
            opened = record_incidents(store, [event])
    if opened:
        typer.echo(f"incident #{opened[0]} opened; see `veil incidents show {opened[0]}`")
    else:
        typer.echo("counted on the open incident for the same kinds and place")


def _place(incident: Incident) -> str:
    return ", ".join(f"{k} {v}" for k, v in incident.place.items() if v) or "unknown"


def _scrubbed(texts: list[str], config: Path | None) -> list[str]:
    """Each of `texts` with anything veil detects replaced by its kind: a note never holds a
    value. The detection engine is built once (about a second), and only when there is text."""
    if not any(texts):
        return ["" for _ in texts]
    from veil.config import active_rules, load_settings
    from veil.detect import recall
    from veil.detect.engine import Engine
    from veil.pipeline.request import Pipeline

    engine = Engine(active_rules(load_settings(config)) + recall.RULES, recall=True)
    pipeline = Pipeline(engine)
    return [pipeline.scrub(text[:500]) if text else "" for text in texts]
