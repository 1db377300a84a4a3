"""`veil audit list|show|stats|export|verify`: read, export and check the audit log."""

from __future__ import annotations

import contextlib
import csv
import difflib
import json
import os
import re
import sys
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

from veil.cli.errors import fail, usage_errors
from veil.cli.progress import Advance, progress, shown

if TYPE_CHECKING:
    from veil.audit.event import AuditEvent
    from veil.audit.store import Filters, Store

app = typer.Typer(
    help="""Read, export and verify the audit log (one event per request, check and scan).

    Examples:

    ```
    veil audit list --since 24h
    veil audit stats --format json
    veil audit verify
    ```
    """,
    no_args_is_help=True,
)

URL_HELP = "Audit store (sqlite:///PATH, postgresql://...); [audit] url or the default when unset."
PROGRESS_MIN_EVENTS = 5000  # a bar (on a terminal) for export and verify of this many or more
_RELATIVE = re.compile(r"^(\d+)([mhdw])$")
_UNITS = {"m": "minutes", "h": "hours", "d": "days", "w": "weeks"}
# The values --tier, --decision and --source can match: a typo is an error, not "no events".
_TIERS = ("Public", "Internal", "Restricted")
_DECISIONS = ("forward", "mask", "pseudonymize", "local", "block")


class ListFormat(StrEnum):
    text = "text"
    json = "json"


class ExportFormat(StrEnum):
    jsonl = "jsonl"
    csv = "csv"


def audit_store(url: str | None, config: Path | None) -> Store:
    """The store named by `--url`, else `VEIL_AUDIT_URL`, else `[audit] url`, else the default
    SQLite file (a VeilError when it cannot be opened)."""
    from veil.audit.store import URL_ENV, StoreError, open_store
    from veil.config import load_settings
    from veil.errors import UsageError

    chosen = url or os.environ.get(URL_ENV) or load_settings(config).audit.url
    try:
        return open_store(chosen)
    except StoreError as exc:
        raise UsageError(store_failure(exc)) from None


def store_failure(exc: Exception) -> str:
    """A store's error (its URL already without a password), and what to check."""
    return f"{exc}; check --url (VEIL_AUDIT_URL, [audit] url) and that the database is up"


@contextlib.contextmanager
def opened_store(
    url: str | None, config: Path | None, *, must_exist: bool = False
) -> Iterator[Store]:
    """`audit_store`, closed afterwards; a StoreError while it is read (the database went away,
    a row that cannot be read) is a VeilError too, never a traceback. `must_exist`: a SQLite
    file that is not there is an error, not a new empty store (`verify` of a mistyped path)."""
    from veil.audit.store import URL_ENV, StoreError, default_url
    from veil.config import load_settings
    from veil.errors import UsageError

    if must_exist:
        chosen = url or os.environ.get(URL_ENV) or load_settings(config).audit.url or default_url()
        if chosen.startswith("sqlite:///"):
            from urllib.parse import unquote

            path = Path(unquote(chosen.partition("sqlite:///")[2])).expanduser()
            if path.name and not path.exists():
                raise UsageError(
                    f"no audit store at {path}; give the store's --url (sqlite:///PATH, "
                    "postgresql://...)"
                )
    store = audit_store(url, config)
    try:
        yield store
    except StoreError as exc:
        raise UsageError(store_failure(exc)) from None
    except (ValueError, TypeError) as exc:  # a row that cannot be read (edited)
        raise UsageError(
            f"audit store {store.where}: an event cannot be read ({exc}); see veil audit verify"
        ) from None
    finally:
        with contextlib.suppress(Exception):
            store.close()


def when(value: str | None, option: str) -> str:
    """`2026-12-01`, `2026-12-01T10:00`, or `24h`/`7d`/`30m`/`2w` ago -> the store's ISO form."""
    if not value:
        return ""
    relative = _RELATIVE.match(value.strip())
    if relative:
        try:
            delta = timedelta(**{_UNITS[relative.group(2)]: int(relative.group(1))})
            moment = datetime.now(UTC) - delta
        except OverflowError:
            fail(f"{option} {value!r}: too far back")
    else:
        try:
            moment = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
        except ValueError:
            fail(
                f"{option} {value!r}: use a date (2026-12-01), a time (2026-12-01T10:00) or 24h/7d"
            )
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def filters_from(
    store: Store,
    *,
    since: str | None,
    until: str | None,
    tier: str | None,
    provider: str | None,
    decision: str | None,
    kind: str | None,
    caller: str | None,
    source: str | None,
) -> Filters:
    """The options' filters; a caller is matched by its keyed hash (or given as one)."""
    from veil.audit.event import SOURCES, keyed_hash
    from veil.audit.store import Filters

    tier = _one_of(tier, _TIERS, "--tier")
    decision = _one_of(decision, _DECISIONS, "--decision")
    source = _one_of(source, SOURCES, "--source")
    hashed = ""
    if caller:
        raw = re.fullmatch(r"[0-9a-f]{32}", caller)
        hashed = caller if raw else keyed_hash(store.caller_key(), caller)
    return Filters(
        since=when(since, "--since"),
        until=when(until, "--until"),
        tier=tier or "",
        provider=provider or "",
        decision=decision or "",
        kind=kind or "",
        caller=hashed,
        source=source or "",
    )


def _one_of(value: str | None, known: tuple[str, ...], option: str) -> str:
    """`value` as the store writes it (any case given), or a usage error naming the values."""
    if not value:
        return ""
    by_lower = {k.lower(): k for k in known}
    if value.strip().lower() in by_lower:
        return by_lower[value.strip().lower()]
    close = difflib.get_close_matches(value.lower(), list(by_lower), n=1)
    hint = f" (did you mean {by_lower[close[0]]!r}?)" if close else ""
    fail(f"{option} {value!r}: not one of {', '.join(known)}{hint}")


# The same filter options on every command that reads events.
Since = typer.Option(None, "--since", help="From this time (2026-12-01, 24h, 7d).")
Until = typer.Option(None, "--until", help="Before this time.")
TierOpt = typer.Option(None, "--tier", help="Public, Internal or Restricted.")
ProviderOpt = typer.Option(None, "--provider", help="A provider id (openai, anthropic, ...).")
DecisionOpt = typer.Option(None, "--decision", help="forward, mask, pseudonymize, local, block.")
KindOpt = typer.Option(None, "--kind", help="A finding kind (aws_access_key_id, email_address).")
CallerOpt = typer.Option(None, "--caller", help="A caller's name (hashed to match) or hash.")
SourceOpt = typer.Option(None, "--source", help="gateway, check, scan, purge or incident.")
UrlOpt = typer.Option(None, "--url", help=URL_HELP)
ConfigOpt = typer.Option(None, "--config", "-c", help="veil.toml to use.")


@app.command(name="list")
def list_events(
    limit: int = typer.Option(50, "--limit", "-n", min=1, help="At most this many, newest first."),
    fmt: ListFormat = typer.Option(ListFormat.text, "--format", "-f", help="Output format."),
    since: str | None = Since,
    until: str | None = Until,
    tier: str | None = TierOpt,
    provider: str | None = ProviderOpt,
    decision: str | None = DecisionOpt,
    kind: str | None = KindOpt,
    caller: str | None = CallerOpt,
    source: str | None = SourceOpt,
    url: str | None = UrlOpt,
    config: Path | None = ConfigOpt,
) -> None:
    """List recent events, newest first.

    Examples:

    ```
    veil audit list --tier Restricted --since 7d
    veil audit list --provider openai -n 10 --format json
    ```
    """
    with usage_errors(), opened_store(url, config) as store:
        chosen = filters_from(
            store,
            since=since,
            until=until,
            tier=tier,
            provider=provider,
            decision=decision,
            kind=kind,
            caller=caller,
            source=source,
        )
        events = store.events(chosen, limit=limit)
    if fmt is ListFormat.json:
        typer.echo(json.dumps([e.to_dict() for e in events], indent=2))
        return
    from rich.console import Console
    from rich.table import Table

    table = Table(box=None, pad_edge=False)
    for column in ("#", "time", "source", "tier", "decision", "provider", "model", "status"):
        table.add_column(column)
    table.add_column("findings")
    for e in events:
        found = ", ".join(f"{k}:{n}" for k, n in sorted((e.data.get("kinds") or {}).items()))
        table.add_row(
            str(e.seq),
            e.ts[:19].replace("T", " "),
            e.source,
            e.tier or "-",
            e.decision or "-",
            e.provider or "-",
            e.model or "-",
            str(e.status or "-"),
            found or "-",
        )
    Console(highlight=False, width=None if sys.stdout.isatty() else 200).print(table)
    if not events:
        typer.echo("no events match", err=True)


@app.command()
def show(
    seq: int = typer.Argument(..., help="The event's number (from `veil audit list`)."),
    url: str | None = UrlOpt,
    config: Path | None = ConfigOpt,
) -> None:
    """Print one event in full, as JSON.

    Examples:

    ```
    veil audit show 42
    veil audit show 42 --url sqlite:///ci-audit.db
    ```
    """
    with usage_errors(), opened_store(url, config) as store:
        event = store.event(seq)
    if event is None:
        fail(f"no event {seq} in the audit store; see veil audit list for the numbers")
    out = event.to_dict()
    if event.request is not None:
        out["request"] = event.request.decode("utf-8", "replace")
    typer.echo(json.dumps(out, indent=2))


@app.command()
def stats(
    fmt: ListFormat = typer.Option(ListFormat.text, "--format", "-f", help="Output format."),
    since: str | None = Since,
    until: str | None = Until,
    tier: str | None = TierOpt,
    provider: str | None = ProviderOpt,
    decision: str | None = DecisionOpt,
    kind: str | None = KindOpt,
    caller: str | None = CallerOpt,
    source: str | None = SourceOpt,
    url: str | None = UrlOpt,
    config: Path | None = ConfigOpt,
) -> None:
    """Counts by tier, decision, provider, model, finding kind and rule; veil's added time.

    Examples:

    ```
    veil audit stats --since 24h
    veil audit stats --source scan --format json
    ```
    """
    with usage_errors(), opened_store(url, config) as store:
        chosen = filters_from(
            store,
            since=since,
            until=until,
            tier=tier,
            provider=provider,
            decision=decision,
            kind=kind,
            caller=caller,
            source=source,
        )
        result = store.stats(chosen)
    if fmt is ListFormat.json:
        typer.echo(json.dumps(result.to_dict(), indent=2))
        return
    typer.echo(f"events: {result.events}   open incidents: {result.open_incidents}")
    typer.echo(f"veil's time per request: p50 {result.veil_ms_p50} ms, p99 {result.veil_ms_p99} ms")
    for title, counts in (
        ("tier", result.by_tier),
        ("decision", result.by_decision),
        ("provider", result.by_provider),
        ("model", result.by_model),
        ("finding kind", result.by_kind),
        ("rule", result.by_rule),
    ):
        shown = ", ".join(f"{k or '-'} {n}" for k, n in list(counts.items())[:10])
        typer.echo(f"by {title}: {shown or 'none'}")


_CSV_COLUMNS = (
    "seq",
    "ts",
    "source",
    "caller",
    "client",
    "upstream",
    "provider",
    "model",
    "tier",
    "decision",
    "applied",
    "mode",
    "status",
    "veil_ms",
    "upstream_ms",
    "findings",
    "rules",
    "reasons",
    "request_sha256",
    "prev_hash",
    "hash",
)


def csv_row(event: AuditEvent) -> dict[str, Any]:
    """One event as a CSV row: the columns, and counts flattened as `kind:n;kind:n`."""
    data = event.data

    def flat(counts: Any) -> str:
        return ";".join(f"{k}:{n}" for k, n in sorted((counts or {}).items()))

    row = {k: v for k, v in event.to_dict().items() if k in _CSV_COLUMNS}
    row["findings"] = flat(data.get("kinds"))
    row["rules"] = flat(data.get("rules"))
    row["reasons"] = ";".join(str(r) for r in data.get("reasons") or [])
    row["request_sha256"] = data.get("request_sha256", "")
    return {k: _inert(v) for k, v in row.items()}


def _inert(value: Any) -> Any:
    """A text a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, tab, CR first) gets a
    leading `'`: a user agent is the client's to choose (OWASP's CSV injection advice)."""
    if isinstance(value, str) and value != "-" and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


@app.command()
def export(
    fmt: ExportFormat = typer.Option(ExportFormat.jsonl, "--format", "-f", help="jsonl or csv."),
    output: Path | None = typer.Option(None, "--output", "-o", help="Write here, not stdout."),
    since: str | None = Since,
    until: str | None = Until,
    tier: str | None = TierOpt,
    provider: str | None = ProviderOpt,
    decision: str | None = DecisionOpt,
    kind: str | None = KindOpt,
    caller: str | None = CallerOpt,
    source: str | None = SourceOpt,
    url: str | None = UrlOpt,
    config: Path | None = ConfigOpt,
) -> None:
    """Every matching event, oldest first: JSON lines or CSV.

    Examples:

    ```
    veil audit export --format csv -o audit.csv
    veil audit export --since 30d > audit.jsonl
    ```
    """
    with usage_errors(), opened_store(url, config) as store:
        chosen = filters_from(
            store,
            since=since,
            until=until,
            tier=tier,
            provider=provider,
            decision=decision,
            kind=kind,
            caller=caller,
            source=source,
        )
        try:
            out = output.open("w", encoding="utf-8", newline="") if output else sys.stdout
        except OSError as exc:
            why = exc.strerror or type(exc).__name__
            fail(f"--output {output}: cannot write ({why}); choose a writable path")
        quiet = output is None and sys.stdout.isatty()  # events on the terminal: no bar over them
        total = store.count(chosen) if shown(quiet=quiet) else None
        try:
            with progress("exporting", total, quiet=quiet, minimum=PROGRESS_MIN_EVENTS) as advance:
                count = _write_export(store, chosen, fmt, out, advance)
        finally:
            if output:
                out.close()
    if output:
        typer.echo(f"veil: wrote {count} events to {output}", err=True)


def _write_export(
    store: Store, chosen: Filters, fmt: ExportFormat, out: Any, advance: Advance
) -> int:
    count = 0
    if fmt is ExportFormat.csv:
        writer = csv.DictWriter(out, fieldnames=list(_CSV_COLUMNS))
        writer.writeheader()
        for event in store.scan(chosen):
            writer.writerow(csv_row(event))
            count += 1
            advance(1)
        return count
    for event in store.scan(chosen):
        out.write(json.dumps(event.to_dict(), separators=(",", ":")) + "\n")
        count += 1
        advance(1)
    return count


@app.command()
def verify(
    url: str | None = UrlOpt,
    config: Path | None = ConfigOpt,
) -> None:
    """Check the hash chain: exit 0 when it holds, 1 naming the first bad event.

    Examples:

    ```
    veil audit verify
    veil audit verify --url postgresql://veil@db/veil
    ```
    """
    with usage_errors(), opened_store(url, config, must_exist=True) as store:
        total = store.count() if shown() else None
        try:
            with progress("verifying", total, minimum=PROGRESS_MIN_EVENTS) as advance:
                verdict = store.verify(progress=advance)
        except (ValueError, TypeError) as exc:  # a row that cannot be read: edited in the database
            typer.echo(f"chain broken: an event cannot be read (edited): {exc}", err=True)
            raise typer.Exit(1) from None
    start = (
        f" (from after event {verdict.checkpoint}, the last purged)" if verdict.checkpoint else ""
    )
    if verdict.holds:
        typer.echo(f"chain holds: {verdict.events} events{start}; head {verdict.head}")
        return
    typer.echo(f"chain broken at event {verdict.bad}: {verdict.problem}", err=True)
    raise typer.Exit(1)


def record_now(events: list[AuditEvent], url: str | None, config: Path | None) -> None:
    """Append `events` from a command (`veil check --audit`, `veil scan --audit`) and open the
    incidents they mean; a store that cannot be written is a warning, not a failed scan."""
    from veil.audit.incidents import record_incidents
    from veil.audit.store import StoreError
    from veil.errors import VeilError

    try:
        store = audit_store(url, config)
        try:
            store.append(events)
            opened = record_incidents(store, events)
        finally:
            store.close()
    except (VeilError, StoreError) as exc:
        typer.echo(f"veil: warning: audit event not written: {exc}", err=True)
        return
    for number in opened:
        typer.echo(f"veil: incident #{number} opened; see `veil incidents show {number}`", err=True)
