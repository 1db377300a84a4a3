"""An audit event's canonical form and hash: every gateway and `verify` must agree on them
byte for byte, so the expected values here are built by hand, not by the code under test."""

from __future__ import annotations

import hashlib
import hmac
import re
from typing import Any

import pytest

from veil.audit.event import (
    GENESIS,
    SOURCES,
    AuditEvent,
    canonical,
    chain_hash,
    counts_of,
    keyed_hash,
    now_iso,
    seal,
)


def test_canonical_json_is_sorted_compact_and_independent_of_insertion_order() -> None:
    value = {"b": [1, 2.5, None, True], "a": {"z": "é", "y": "\n"}, "c": ""}
    expected = '{"a":{"y":"\\n","z":"é"},"b":[1,2.5,null,true],"c":""}'
    assert canonical(value) == expected
    assert canonical(dict(reversed(list(value.items())))) == expected
    assert "\n" not in canonical({"k": "two\nlines"})  # the hash relies on it


def test_keyed_hash_is_hmac_sha256_cut_to_16_bytes() -> None:
    key = b"k" * 32
    expected = hmac.new(key, b"alice", hashlib.sha256).hexdigest()[:32]
    assert keyed_hash(key, "alice") == expected
    assert len(expected) == 32
    assert keyed_hash(key, "alice") == keyed_hash(key, "alice")
    assert keyed_hash(key, "bob") != expected
    assert keyed_hash(b"j" * 32, "alice") != expected  # one key per store
    assert keyed_hash(key, "") == ""
    assert keyed_hash(key, "zoë") == hmac.new(key, "zoë".encode(), hashlib.sha256).hexdigest()[:32]


def fixed() -> AuditEvent:
    return AuditEvent(
        source="gateway",
        ts="2026-01-02T03:04:05.000006Z",
        caller="c0ffee",
        provider="anthropic",
        model="m",
        tier="internal",
        decision="mask",
        applied="mask",
        mode="enforce",
        status=200,
        veil_ms=1.25,
        upstream_ms=300.5,
        data={"kinds": {"email": 2}, "b": 1},
    )


# What fixed() at seq 1 hashes after the previous hash, written out by hand: its columns but
# `data` as one JSON array in their order, a line break, and `data` as stored.
FIXED_TEXT = (
    '[1,"2026-01-02T03:04:05.000006Z","gateway","c0ffee","","","anthropic","m","internal",'
    '"mask","mask","enforce",200,1.25,300.5]\n{"b":1,"kinds":{"email":2}}'
)


def test_chain_hash_is_sha256_of_the_previous_hash_and_the_canonical_columns() -> None:
    event = fixed()
    event.seq = 1
    assert event.columns()["data"] == '{"b":1,"kinds":{"email":2}}'
    expected = hashlib.sha256((GENESIS + "\n" + FIXED_TEXT).encode("ascii")).hexdigest()
    assert chain_hash(GENESIS, event.columns()) == expected


def test_seal_places_the_event_and_sets_its_hash() -> None:
    event = fixed()
    sealed = seal(event, 1, GENESIS)
    assert sealed is event
    assert (event.seq, event.prev_hash) == (1, GENESIS)
    assert event.hash == hashlib.sha256((GENESIS + "\n" + FIXED_TEXT).encode()).hexdigest()
    second = seal(fixed(), 2, event.hash)
    assert second.prev_hash == event.hash and second.hash != event.hash
    assert seal(fixed(), 1, "1" * 64).hash != event.hash  # another predecessor, another hash


CHANGES: dict[str, Any] = {
    "ts": "2026-01-02T03:04:05.000007Z",
    "source": "scan",
    "caller": "c0ffef",
    "client": "x",
    "upstream": "u",
    "provider": "openai",
    "model": "n",
    "tier": "restricted",
    "decision": "block",
    "applied": "block",
    "mode": "monitor",
    "status": 201,
    "veil_ms": 1.2500000001,
    "upstream_ms": 300.0,
    "data": {"kinds": {"email": 3}, "b": 1},
}


@pytest.mark.parametrize("column", sorted(CHANGES))
def test_every_column_is_covered_by_the_hash(column: str) -> None:
    base = seal(fixed(), 1, GENESIS).hash
    changed = fixed()
    setattr(changed, column, CHANGES[column])
    assert seal(changed, 1, GENESIS).hash != base


def test_the_stored_request_is_not_hashed_but_its_digest_in_data_is() -> None:
    base = seal(fixed(), 1, GENESIS).hash
    with_request = fixed()
    with_request.request = b"the masked request"
    assert seal(with_request, 1, GENESIS).hash == base
    with_request.data = {**with_request.data, "request_sha256": "ab" * 32}
    assert seal(with_request, 1, GENESIS).hash != base


def test_timings_hash_as_the_database_gives_them_back() -> None:
    # A REAL column gives back 5.0 for 5, and SQLite gives back 0.0 for -0.0.
    as_int, as_float = fixed(), fixed()
    as_int.veil_ms, as_float.veil_ms = 5, 5.0
    assert seal(as_int, 1, GENESIS).hash == seal(as_float, 1, GENESIS).hash
    negative_zero, zero = fixed(), fixed()
    negative_zero.upstream_ms, zero.upstream_ms = -0.0, 0.0
    assert seal(negative_zero, 1, GENESIS).hash == seal(zero, 1, GENESIS).hash
    assert '"upstream_ms":0.0' in canonical(negative_zero.columns())


def test_counts_of_lists_kinds_and_rules() -> None:
    event = AuditEvent(
        source="gateway",
        data={
            "kinds": {"email": 2, "aws_key": "1"},
            "categories": {"pii": 2},
            "rules": {"r1": 1},
            "other": {"x": 9},
        },
    )
    assert sorted(counts_of(event)) == [  # categories are the kinds': no rows of their own
        ("kind", "aws_key", 1),
        ("kind", "email", 2),
        ("rule", "r1", 1),
    ]
    assert counts_of(AuditEvent(source="check")) == []
    assert counts_of(AuditEvent(source="check", data={"kinds": ["email"], "rules": None})) == []


def test_to_dict_shows_data_as_a_value_and_never_the_stored_request() -> None:
    event = seal(fixed(), 1, GENESIS)
    event.request = b"kept apart"
    shown = event.to_dict()
    assert shown["data"] == {"kinds": {"email": 2}, "b": 1}
    assert (shown["seq"], shown["prev_hash"], shown["hash"]) == (1, GENESIS, event.hash)
    assert "request" not in shown
    assert set(shown) == {*event.columns(), "prev_hash", "hash"}


def test_now_iso_is_utc_with_microseconds_and_sorts_as_text() -> None:
    first = now_iso()
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z", first)
    assert now_iso() >= first
    assert AuditEvent(source="gateway").ts >= first
    assert "gateway" in SOURCES and "purge" in SOURCES
