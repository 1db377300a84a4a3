"""The audit store in PostgreSQL (psycopg 3), for several gateways sharing one chain.

Appends (and migrations) are serialised in the database, not in a process: every write
transaction first takes a transaction-scoped advisory lock, so gateways on several machines
append one after another and keep one chain, and several starting at once migrate once. The
connection runs in autocommit mode with explicit BEGIN/COMMIT/ROLLBACK; a lost connection is
opened again on the next call.
"""

from __future__ import annotations

import contextlib
from collections.abc import Sequence
from typing import Any, ClassVar
from urllib.parse import unquote, urlsplit

import psycopg
from psycopg.conninfo import conninfo_to_dict

from veil.audit.store import Store, StoreError, _reason, safe_url
from veil.errors import ConfigError

# The advisory lock every writer takes: "veilaudi" as a big-endian 64-bit integer. Advisory locks
# are scoped to their database, so stores in different databases never wait on each other.
LOCK_KEY = int.from_bytes(b"veilaudi", "big")
CONNECT_TIMEOUT = 5  # seconds, unless the URL says otherwise


class PostgresStore(Store):
    """PostgreSQL: `pg_advisory_xact_lock` serialises appends across processes and machines."""

    types: ClassVar[dict[str, str]] = {
        "int": "BIGINT",
        "real": "DOUBLE PRECISION",
        "blob": "BYTEA",
        "serial": "BIGSERIAL PRIMARY KEY",
    }

    def __init__(self, url: str) -> None:
        super().__init__()
        self.where = safe_url(url)
        self._url = url
        self._passwords = _passwords(url)
        try:
            params: dict[str, Any] = conninfo_to_dict(url)
        except psycopg.Error as exc:
            raise ConfigError(f"audit url {self.where!r}: {self._reason(exc)}") from None
        if params.get("password"):
            self._passwords.append(str(params["password"]))
        params.setdefault("connect_timeout", CONNECT_TIMEOUT)
        params.setdefault("application_name", "veil")
        # A lock never released or a statement that hangs becomes a StoreError (events are
        # spooled and the refuse policy applies) instead of holding the writer for good.
        params.setdefault("options", "-c lock_timeout=15000 -c statement_timeout=60000")
        self._params = params
        self._db: psycopg.Connection[tuple[Any, ...]] | None = None
        self._closed = False
        with self._lock:
            self._connection()
        try:
            self.migrate()
        except BaseException:
            self.close()
            raise

    def _reason(self, exc: BaseException) -> str:
        """`_reason`, never the URL or its password, whatever the driver put in its message."""
        text = _reason(exc).replace(self._url, self.where)
        for password in sorted(self._passwords, key=len, reverse=True):
            text = text.replace(password, "***")
        return text

    def _connection(self) -> psycopg.Connection[tuple[Any, ...]]:
        """The open connection, opened again when there is none or it was lost."""
        if self._db is not None and (self._db.closed or self._db.broken):
            self._drop()
        if self._closed:
            raise StoreError(f"audit store {self.where}: closed")
        if self._db is None:
            try:
                self._db = psycopg.connect(autocommit=True, **self._params)
            except psycopg.Error as exc:
                raise StoreError(f"audit store {self.where}: {self._reason(exc)}") from None
        return self._db

    def _current(self) -> psycopg.Connection[tuple[Any, ...]]:
        """The connection the transaction runs on; never a new one, which would run the rest
        of a transaction outside it."""
        db = self._db
        if db is None or db.closed or db.broken:
            raise StoreError(f"audit store {self.where}: the connection was lost")
        return db

    def _drop(self) -> None:
        db, self._db = self._db, None
        if db is not None:
            with contextlib.suppress(psycopg.Error):
                db.close()

    def _execute(self, sql: str, args: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        # psycopg's placeholder is %s, so a literal % doubles; arguments are always passed so
        # that psycopg always reads the placeholders (no statement here has a ? in a literal).
        query = sql.replace("%", "%%").replace("?", "%s")
        cursor = self._current().execute(query, list(args))
        return cursor.fetchall() if cursor.description is not None else []

    def _execute_many(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        # psycopg sends every row in one pipeline: a round trip per batch, not per row.
        query = sql.replace("%", "%%").replace("?", "%s")
        with self._current().cursor() as cursor:
            cursor.executemany(query, [list(row) for row in rows])

    def _begin(self, *, write: bool) -> None:
        had = self._db is not None
        try:
            self._start(write=write)
        except psycopg.OperationalError as exc:
            # A connection that died while idle (the server restarted, an admin or a proxy
            # closed it) shows only now; nothing has run yet, so open a new one and start over.
            db = self._db
            if not had or db is None or not (db.closed or db.broken):
                raise StoreError(f"audit store {self.where}: {self._reason(exc)}") from None
            self._drop()
            try:
                self._start(write=write)
            except psycopg.Error as again:
                raise StoreError(f"audit store {self.where}: {self._reason(again)}") from None
        except psycopg.Error as exc:
            raise StoreError(f"audit store {self.where}: {self._reason(exc)}") from None

    def _start(self, *, write: bool) -> None:
        db = self._connection()
        # READ COMMITTED, so that each statement after the lock sees the last append committed.
        db.execute("BEGIN ISOLATION LEVEL READ COMMITTED")
        if write:
            db.execute("SELECT pg_advisory_xact_lock(%s)", [LOCK_KEY])

    def _commit(self) -> None:
        self._current().execute("COMMIT")

    def _rollback(self) -> None:
        db = self._db
        if db is None or db.closed or db.broken:
            return
        if db.info.transaction_status != psycopg.pq.TransactionStatus.IDLE:
            db.execute("ROLLBACK")

    def close(self) -> None:
        with self._lock:
            self._closed = True
            self._drop()


def _passwords(url: str) -> list[str]:
    """The password in `url`'s user part, as written and decoded, to keep out of messages."""
    try:
        password = urlsplit(url).password
    except ValueError:
        return []
    return [p for p in {password or "", unquote(password or "")} if p]
