"""Every Store test runs on both databases: a SQLite file and a real PostgreSQL server.

The server starts once per test process (each xdist worker starts its own) on a temporary
directory and port; every test gets a fresh database on it.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.audit.postgres_server import PostgresServer
from veil.audit.store import Store, open_store


@pytest.fixture(scope="session")
def pg_server() -> Iterator[PostgresServer]:
    """A PostgreSQL server for this test process."""
    server = PostgresServer()
    try:
        server.start()
    except BaseException:
        server.close()
        raise
    yield server
    server.close()


@pytest.fixture
def pg_database(pg_server: PostgresServer) -> Iterator[str]:
    """A fresh, empty database's URL, dropped after the test."""
    name = "veil_" + uuid.uuid4().hex[:16]
    url = pg_server.create_database(name)
    yield url
    pg_server.drop_database(name)


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A store nobody opened yet: a SQLite file, or a fresh PostgreSQL database."""
    if request.param == "sqlite":
        return "sqlite:///" + str(tmp_path / "audit.db")
    url: str = request.getfixturevalue("pg_database")
    return url


@pytest.fixture
def store(store_url: str) -> Iterator[Store]:
    """The store at `store_url`, created and migrated, closed after the test."""
    opened = open_store(store_url)
    yield opened
    opened.close()
