"""What only the PostgreSQL store does: its types, placeholders, the advisory lock in the
database, and failing cleanly (and recovering) when the server goes away.

The Store API itself is tested on PostgreSQL and SQLite alike in test_store.py.
"""

from __future__ import annotations

import secrets
import socket
import threading
import time
from collections.abc import Iterator
from typing import Any

import psycopg
import pytest

from tests.audit.postgres_server import PostgresServer, free_port
from veil.audit.event import AuditEvent
from veil.audit.postgres import CONNECT_TIMEOUT, LOCK_KEY, PostgresStore
from veil.audit.store import Store, StoreError, open_store
from veil.errors import ConfigError


def password() -> str:
    """A password made up for one test (the test server trusts every local connection)."""
    return "pw-" + secrets.token_hex(8)


def event(n: int) -> AuditEvent:
    return AuditEvent(source="gateway", provider="anthropic", data={"n": n})


@pytest.fixture
def pg(pg_database: str) -> Iterator[PostgresStore]:
    store = open_store(pg_database)
    assert isinstance(store, PostgresStore)
    yield store
    store.close()


def query(store: PostgresStore, sql: str, args: list[Any] | None = None) -> list[tuple[Any, ...]]:
    """One statement through the store's own dialect (placeholders `?`)."""
    rows: list[tuple[Any, ...]] = store._transaction(
        lambda: store._execute(sql, args or []), write=False
    )
    return rows


def test_open_store_gives_a_postgres_store_that_never_shows_the_password(
    pg_server: PostgresServer, pg_database: str
) -> None:
    secret = password()
    name = pg_database.rsplit("/", 1)[1]
    expected = {
        pg_server.url(
            name, password=secret
        ): f"postgresql://postgres:***@127.0.0.1:{pg_server.port}/{name}",
        pg_database + f"?password={secret}": pg_database + "?password=***",
    }
    for url, where in expected.items():
        store = open_store(url)
        try:
            assert isinstance(store, PostgresStore)
            assert store.where == where
            assert store.count() == 0
        finally:
            store.close()
    open_store("postgres" + pg_database.removeprefix("postgresql")).close()  # the short scheme


def test_the_tables_use_postgres_types(pg: PostgresStore, pg_database: str) -> None:
    assert PostgresStore.types == {
        "int": "BIGINT",
        "real": "DOUBLE PRECISION",
        "blob": "BYTEA",
        "serial": "BIGSERIAL PRIMARY KEY",
    }
    rows = query(
        pg,
        "SELECT table_name, column_name, data_type FROM information_schema.columns"
        " WHERE table_schema = 'public' AND column_name IN ('seq', 'veil_ms', 'request', 'id')"
        " ORDER BY table_name, column_name",
    )
    assert rows == [
        ("audit_counts", "seq", "bigint"),
        ("audit_events", "request", "bytea"),
        ("audit_events", "seq", "bigint"),
        ("audit_events", "veil_ms", "double precision"),
        ("audit_head", "id", "bigint"),
        ("audit_head", "seq", "bigint"),
        ("incidents", "id", "bigint"),
    ]
    [(default,)] = query(
        pg,
        "SELECT column_default FROM information_schema.columns"
        " WHERE table_name = 'incidents' AND column_name = 'id'",
    )
    assert str(default).startswith("nextval(")


def test_question_marks_become_placeholders_and_percent_signs_stay_literal(
    pg: PostgresStore,
) -> None:
    assert query(pg, "SELECT '100%', ?, ? || '%'", ["a?b", "50"]) == [("100%", "a?b", "50%")]
    assert query(pg, "SELECT 'x' LIKE '%x%'") == [(True,)]
    assert query(pg, "CREATE TEMP TABLE t (x BIGINT)") == []  # no rows, not an error


def test_an_advisory_lock_in_the_database_holds_off_appends(
    pg: PostgresStore, pg_server: PostgresServer, pg_database: str
) -> None:
    done = threading.Event()
    with psycopg.connect(pg_database, autocommit=True) as other:
        other.execute("BEGIN")
        other.execute("SELECT pg_advisory_xact_lock(%s)", [LOCK_KEY])
        thread = threading.Thread(target=lambda: (pg.append([event(1)]), done.set()))
        thread.start()
        assert not done.wait(0.5), "the append did not wait for the database's lock"
        assert other.execute("SELECT count(*) FROM audit_events").fetchone() == (0,)
        other.execute("COMMIT")
        assert done.wait(10)
        thread.join()
    assert pg.count() == 1 and pg.verify().holds

    # The lock is per database: one held in another database holds nothing off here.
    elsewhere = pg_server.create_database("veil_elsewhere_" + secrets.token_hex(4))
    with psycopg.connect(elsewhere, autocommit=True) as other:
        other.execute("BEGIN")
        other.execute("SELECT pg_advisory_xact_lock(%s)", [LOCK_KEY])
        began = time.monotonic()
        pg.append([event(2)])
        assert time.monotonic() - began < 2
        other.execute("ROLLBACK")


def test_first_migrations_racing_from_many_connections_run_once(pg_database: str) -> None:
    barrier = threading.Barrier(6)
    stores: list[Store] = []
    errors: list[BaseException] = []

    def start() -> None:
        barrier.wait()
        try:
            stores.append(open_store(pg_database))
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=start) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    try:
        assert not errors, errors
        assert len({s.caller_key() for s in stores}) == 1
        assert query(stores[0], "SELECT count(*) FROM audit_meta") == [(2,)]
        assert query(stores[0], "SELECT count(*) FROM audit_head") == [(1,)]
    finally:
        for store in stores:
            store.close()


def test_a_failed_statement_rolls_back_and_the_store_goes_on(
    pg: PostgresStore, pg_database: str
) -> None:
    pg.append([event(1)])
    with psycopg.connect(pg_database, autocommit=True) as other:
        other.execute("ALTER TABLE audit_counts RENAME TO audit_counts_away")
        with pytest.raises(StoreError) as caught:
            pg.append([AuditEvent(source="gateway", data={"kinds": {"email": 1}})])
        assert str(caught.value).startswith(f"audit store {pg.where}: ")
        assert "audit_counts" in str(caught.value)
        other.execute("ALTER TABLE audit_counts_away RENAME TO audit_counts")
    assert pg.count() == 1  # the half-done append left nothing
    pg.append([event(2)])
    assert pg.count() == 2 and pg.verify().holds


def test_a_connection_ended_by_the_server_is_opened_again(
    pg: PostgresStore, pg_database: str
) -> None:
    pg.append([event(1)])
    with psycopg.connect(pg_database, autocommit=True) as admin:
        ended = admin.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
            " WHERE datname = current_database() AND application_name = 'veil'"
        ).fetchall()
    assert ended == [(True,)]
    pg.append([event(2)])  # the dead connection shows at BEGIN: a new one takes over
    assert pg.count() == 2 and pg.verify().holds


def test_a_stopped_server_is_a_store_error_and_the_store_recovers() -> None:
    secret = password()
    with PostgresServer() as server:
        server.create_database("audit")
        url = server.url("audit", password=secret)
        store = open_store(url)
        try:
            store.append([event(1)])
            server.stop()  # a clean, fast shutdown: every session is ended
            for call in (lambda: store.append([event(2)]), store.count, store.verify):
                with pytest.raises(StoreError) as caught:
                    call()
                message = str(caught.value)
                assert message.startswith(
                    f"audit store postgresql://postgres:***@127.0.0.1:{server.port}/audit: "
                )
                assert secret not in message
                assert "\n" not in message and "Traceback" not in message
            began = time.monotonic()
            with pytest.raises(
                StoreError, match=r"^audit store postgresql://postgres:\*\*\*@"
            ) as refused:
                open_store(url)
            assert time.monotonic() - began < 5 and secret not in str(refused.value)

            server.start()  # same port, same data
            store.append([event(3)])
            assert [e.data["n"] for e in store.scan()] == [1, 3]
            assert store.verify().holds
        finally:
            store.close()


def test_nothing_listening_is_a_store_error_naming_the_store() -> None:
    secret = password()
    port = free_port()
    with pytest.raises(StoreError) as caught:
        open_store(f"postgresql://veil:{secret}@127.0.0.1:{port}/audit")
    message = str(caught.value)
    assert message.startswith(f"audit store postgresql://veil:***@127.0.0.1:{port}/audit: ")
    assert "refused" in message.lower() or "failed" in message.lower()
    assert secret not in message and "\n" not in message


def test_a_server_that_never_answers_times_out() -> None:
    with socket.socket() as silent:  # accepts connections (the kernel does) and never answers
        silent.bind(("127.0.0.1", 0))
        silent.listen(8)
        port = silent.getsockname()[1]
        began = time.monotonic()
        with pytest.raises(StoreError, match="timeout"):
            open_store(f"postgresql://veil@127.0.0.1:{port}/audit?connect_timeout=2")
        assert 1.5 < time.monotonic() - began < 4.5


def test_the_connect_timeout_is_short_unless_the_url_says(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    seen: list[dict[str, Any]] = []

    def connect(**params: Any) -> None:
        seen.append(params)
        raise psycopg.OperationalError("no server in this test")

    monkeypatch.setattr(psycopg, "connect", connect)
    for url in ("postgresql://veil@db.example.test/audit",
                "postgresql://veil@db.example.test/audit?connect_timeout=20"):  # fmt: skip
        with pytest.raises(StoreError, match="no server in this test"):
            PostgresStore(url)
    assert [p["connect_timeout"] for p in seen] == [CONNECT_TIMEOUT, "20"]
    assert CONNECT_TIMEOUT == 5
    assert all(p["autocommit"] is True for p in seen)


@pytest.mark.parametrize(
    "url",
    [
        "postgresql://veil@db.example.test/audit?no_such_option=1",
        "postgresql://veil:{pw}@[db.example.test/audit",
    ],
)
def test_a_malformed_postgres_url_is_a_config_error(url: str) -> None:
    secret = password()
    with pytest.raises(ConfigError) as caught:
        open_store(url.format(pw=secret))
    assert str(caught.value).startswith("audit url")
    assert secret not in str(caught.value)


def test_a_closed_store_stays_closed(pg: PostgresStore) -> None:
    pg.append([event(1)])
    pg.close()
    with pytest.raises(StoreError, match="closed"):
        pg.count()
    pg.close()  # twice is fine
