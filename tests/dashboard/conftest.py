"""A store in a temporary SQLite file, seeded with events of the last day and one long ago."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from veil.audit.event import AuditEvent
from veil.audit.store import Store, open_store

HOSTILE = "<script>alert('veil')</script>"
NOW = datetime.now(UTC)


def ts(ago: timedelta) -> str:
    return (NOW - ago).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def gateway_event(**fields: Any) -> AuditEvent:
    """A gateway event of a minute ago; `fields` change it."""
    base: dict[str, Any] = {
        "source": "gateway",
        "ts": ts(timedelta(minutes=1)),
        "client": "openai-python/1.0",
        "upstream": "openai",
        "provider": "openai",
        "model": "gpt-5",
        "tier": "Public",
        "decision": "forward",
        "applied": "forward",
        "mode": "enforce",
        "status": 200,
        "veil_ms": 1.0,
        "upstream_ms": 300.0,
    }
    return AuditEvent(**{**base, **fields})


def seed(store: Store) -> None:
    """Seven events: 1 long ago, 2-6 within the day, 7 with a hostile model name."""
    secret = {"kinds": {"aws_access_key_id": 2}, "rules": {"aws-access-key-id": 2}}
    store.append(
        [
            gateway_event(ts=ts(timedelta(days=40)), model="old-model"),
            gateway_event(ts=ts(timedelta(hours=5)), veil_ms=2.0),
            gateway_event(
                ts=ts(timedelta(hours=3)),
                tier="Restricted",
                decision="mask",
                applied="mask",
                veil_ms=3.0,
                data=secret,
            ),
            gateway_event(
                ts=ts(timedelta(hours=2)),
                provider="anthropic",
                upstream="anthropic",
                model="claude-sonnet-4-5",
                tier="Internal",
                decision="pseudonymize",
                applied="pseudonymize",
                data={"kinds": {"internal_host": 1}, "categories": {"org": 1}},
            ),
            gateway_event(
                ts=ts(timedelta(hours=1)),
                tier="Restricted",
                decision="block",
                applied="block",
                status=400,
                data=secret,
            ),
            AuditEvent(source="scan", ts=ts(timedelta(minutes=30)), data={"files": 3}),
            gateway_event(model=HOSTILE, client=HOSTILE, data={"kinds": {HOSTILE: 1}}),
        ]
    )
    store.open_incident(
        source="gateway",
        key="k1",
        kinds=["aws_access_key_id"],
        place={"provider": "openai", "model": "gpt-5"},
        event_seq=3,
        ts=ts(timedelta(hours=3)),
    )


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    opened = open_store(f"sqlite:///{tmp_path}/audit.db")
    seed(opened)
    yield opened
    opened.close()


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"
