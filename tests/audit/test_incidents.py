"""Which events open an incident (`draft_for`), and how `record_incidents` counts repeats.

The store is a SQLite file only: what is tested here is the decision, not the database (the
`store` fixture of this folder would start PostgreSQL too).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from veil.audit.event import AuditEvent
from veil.audit.incidents import Draft, draft_for, record_incidents
from veil.audit.store import Store, open_store


def gateway(**kw: Any) -> AuditEvent:
    """A Restricted request to OpenAI with an AWS key id in it, as the gateway records it."""
    fields: dict[str, Any] = {
        "caller": "c" * 32,
        "upstream": "openai",
        "provider": "openai",
        "model": "gpt-4o",
        "tier": "Restricted",
        "decision": "block",
        "applied": "mask",
        "mode": "monitor",
        "data": {
            "kinds": {"aws_access_key_id": 1, "email_address": 2, "acme": 1},
            "kind_categories": {
                "aws_access_key_id": "secret",
                "email_address": "pii",
                "acme": "org",
            },
            "reasons": ["finding:aws_access_key_id", "finding:email_address x2"],
            "local": False,
        },
    }
    fields.update(kw)
    return AuditEvent("gateway", **fields)


@pytest.fixture
def sqlite_store(tmp_path: Path) -> Iterator[Store]:
    store = open_store(f"sqlite:///{tmp_path / 'audit.db'}")
    yield store
    store.close()


# --- gateway ------------------------------------------------------------------------------


def test_monitor_mode_that_masked_what_the_policy_would_block_is_an_incident() -> None:
    draft = draft_for(gateway())
    assert draft == Draft(
        "gateway",
        ("aws_access_key_id", "email_address"),  # the org term is not what makes it Restricted
        {"provider": "openai", "upstream": "openai", "model": "gpt-4o"},
        "sent as mask under monitor mode",
    )


def test_restricted_forwarded_by_the_policy_is_an_incident() -> None:
    draft = draft_for(gateway(decision="forward", applied="forward", mode="enforce"))
    assert draft is not None
    assert draft.note == "sent as forward under the policy's decision (forward)"
    assert draft.kinds == ("aws_access_key_id", "email_address")


@pytest.mark.parametrize(
    "fields",
    [
        {"decision": "mask", "applied": "mask", "mode": "enforce"},  # as the policy said
        {"decision": "pseudonymize", "applied": "pseudonymize", "mode": "enforce"},
        {"decision": "local", "applied": "local", "mode": "enforce"},  # never left the machine
        {"decision": "block", "applied": "block", "mode": "enforce"},  # never sent
        {"tier": "Public", "decision": "forward", "applied": "forward"},
        {"tier": "Internal", "decision": "pseudonymize", "applied": "mask"},
        {"tier": "", "decision": "", "applied": ""},  # /v1/models and the like
    ],
)
def test_what_did_not_get_out_opens_nothing(fields: dict[str, Any]) -> None:
    assert draft_for(gateway(**fields)) is None


def test_a_request_sent_to_a_local_upstream_opens_nothing() -> None:
    event = gateway(decision="forward", applied="forward")
    event.data["local"] = True
    assert draft_for(event) is None


def test_path_reasons_become_kinds_without_their_counts() -> None:
    event = gateway(
        decision="local",
        applied="mask",
        data={
            "kinds": {},
            "reasons": ["path:secrets/** x3", "path:ops/my xfiles/**", "finding:other x2"],
        },
    )
    draft = draft_for(event)
    assert draft is not None
    assert draft.kinds == ("path:ops/my xfiles/**", "path:secrets/**")


def test_restricted_with_nothing_named_is_restricted_content() -> None:
    draft = draft_for(gateway(applied="forward", data={"kinds": {}, "reasons": []}))
    assert draft is not None and draft.kinds == ("restricted_content",)


# --- scan, check, report ------------------------------------------------------------------


def scan(git: str, kinds: dict[str, str], commits: list[str]) -> AuditEvent:
    return AuditEvent(
        "scan",
        tier="Restricted",
        data={
            "kinds": dict.fromkeys(kinds, 1),
            "kind_categories": kinds,
            "git": git,
            "commits": commits,
        },
    )


def test_scan_of_commits_with_secrets_is_an_incident() -> None:
    commits = [f"{n:040x}" for n in range(7)]
    draft = draft_for(scan("history", {"aws_access_key_id": "secret", "email": "pii"}, commits))
    assert draft is not None
    assert draft.source == "scan" and draft.kinds == ("aws_access_key_id",)
    assert draft.place["git"] == "history"
    assert draft.place["commits"] == " ".join(c[:12] for c in commits[:5]) + " and 2 more"


def test_scan_without_git_or_without_secrets_opens_nothing() -> None:
    assert draft_for(scan("", {"aws_access_key_id": "secret"}, [])) is None
    assert draft_for(scan("staged", {"email_address": "pii"}, [])) is None
    assert draft_for(scan("diff main", {}, [])) is None


def test_check_never_opens_an_incident() -> None:
    event = AuditEvent("check", tier="Restricted", data={"kinds": {"aws_access_key_id": 1}})
    assert draft_for(event) is None


def test_a_report_is_an_incident_as_reported() -> None:
    event = AuditEvent(
        "incident",
        data={"kinds": {"github_pat": 1}, "place": {"where": "chatgpt.com"}, "note": "pasted"},
    )
    assert draft_for(event) == Draft("report", ("github_pat",), {"where": "chatgpt.com"}, "pasted")


# --- record_incidents ---------------------------------------------------------------------


def test_record_incidents_counts_repeats_on_the_open_incident(sqlite_store: Store) -> None:
    first, again, other_caller, other_model, public = (
        gateway(),
        gateway(),
        gateway(caller="d" * 32),
        gateway(model="gpt-5"),
        gateway(tier="Public"),
    )
    sqlite_store.append([first, again, other_caller, other_model, public])
    opened = record_incidents(sqlite_store, [first, again, other_caller, other_model, public])
    assert opened == [1, 2]  # another model is the same leak to the same provider
    incidents = {i.id: i for i in sqlite_store.incidents()}
    assert len(incidents) == 2
    assert (incidents[1].events, incidents[1].event_seq) == (3, first.seq)
    assert incidents[1].last_seen == other_model.ts
    assert incidents[2].events == 1
    # another turn of the same conversation: counted, nothing new
    later = gateway()
    sqlite_store.append([later])
    assert record_incidents(sqlite_store, [later]) == []
    counted = sqlite_store.incident(1)
    assert counted is not None and counted.events == 4


def test_after_resolving_the_same_leak_opens_a_new_incident(sqlite_store: Store) -> None:
    first = gateway()
    sqlite_store.append([first])
    assert record_incidents(sqlite_store, [first]) == [1]
    assert sqlite_store.resolve_incident(1, "rotated", first.ts)
    again = gateway()
    sqlite_store.append([again])
    assert record_incidents(sqlite_store, [again]) == [2]


def test_the_same_kinds_in_another_order_are_the_same_incident(sqlite_store: Store) -> None:
    a = gateway(data={"kinds": {"aws_access_key_id": 1, "email_address": 1}})
    b = gateway(data={"kinds": {"email_address": 3, "aws_access_key_id": 1}})
    sqlite_store.append([a, b])
    assert record_incidents(sqlite_store, [a, b]) == [1]
    draft_a, draft_b = draft_for(a), draft_for(b)
    assert draft_a is not None and draft_b is not None
    assert draft_a.key(a.caller) == draft_b.key(b.caller)
    assert draft_a.key(a.caller) != draft_a.key("e" * 32)  # the caller is part of the key


def test_a_new_model_name_does_not_open_a_new_incident(tmp_path: Path) -> None:
    from veil.audit.store import SqliteStore

    store = SqliteStore(tmp_path / "a.db")
    events = []
    for model in ("gpt-5", "gpt-5-mini", "made-up-1"):
        event = AuditEvent(
            "gateway",
            tier="Restricted",
            decision="block",
            applied="mask",
            mode="monitor",
            provider="openai",
            upstream="openai",
            model=model,
            data={"kinds": {"aws_access_key_id": 1}},
        )
        events.append(event)
    store.append(events)
    record_incidents(store, events)
    (incident,) = store.incidents("open")
    assert incident.events == 3 and incident.place["model"] == "gpt-5"  # the first one's
