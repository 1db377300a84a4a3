"""A real PostgreSQL server for the audit store's tests, from Debian's `postgresql` package.

`scripts/system-deps.sh` (run by `make test`) installs the package when it is missing. The
server lives in a temporary directory on a free port of 127.0.0.1, with its unix socket inside
that directory, trusts every local connection, and skips fsync: it is thrown away at the end.
As root it runs as the `postgres` user (pg_ctl refuses to run as root).
"""

from __future__ import annotations

import contextlib
import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

import psycopg
from psycopg import sql

SUPERUSER = "postgres"


def find_bindir() -> Path | None:
    """The newest installed PostgreSQL's bin directory, or None when there is none."""
    found = [Path(p).parent for p in glob.glob("/usr/lib/postgresql/*/bin/pg_ctl")]
    if not found:
        return None

    def version(path: Path) -> tuple[int, ...]:
        name = path.parent.name
        return tuple(int(p) for p in name.split(".") if p.isdigit())

    return max(found, key=version)


def free_port() -> int:
    """A TCP port on 127.0.0.1 nothing listens on just now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class PostgresServer:
    """One throwaway PostgreSQL server: `start()`, `url(dbname)`, `create_database`, `close()`."""

    def __init__(self, bindir: Path | None = None) -> None:
        found = bindir or find_bindir()
        if found is None:
            raise RuntimeError(
                "no PostgreSQL server under /usr/lib/postgresql/*/bin: run scripts/system-deps.sh"
                " (it installs Debian's postgresql package)"
            )
        self.bindir = found
        self._as_postgres = os.geteuid() == 0
        # /tmp, not $TMPDIR: the postgres user must reach it, and a unix socket's path is short.
        self.dir = Path(tempfile.mkdtemp(prefix="veil-pg-", dir="/tmp"))
        self.data = self.dir / "data"
        self.log = self.dir / "server.log"
        self.port = 0
        self.start_seconds = 0.0  # initdb and the first start, measured
        if self._as_postgres:
            entry = pwd.getpwnam("postgres")
            os.chown(self.dir, entry.pw_uid, entry.pw_gid)
        os.chmod(self.dir, 0o700)

    def _run(self, *args: str, timeout: float = 60) -> None:
        command = [str(self.bindir / args[0]), *args[1:]]
        if self._as_postgres:
            command = ["runuser", "-u", "postgres", "--", *command]
        done = subprocess.run(command, capture_output=True, text=True, timeout=timeout)
        if done.returncode != 0:
            log = self.log.read_text(errors="replace")[-2000:] if self.log.exists() else ""
            raise RuntimeError(
                f"{args[0]} failed ({done.returncode}): {done.stderr.strip()[-2000:]}\n{log}"
            )

    def start(self) -> PostgresServer:
        """Create the cluster (first time), then start the server and wait until it accepts."""
        began = time.monotonic()
        first = not self.data.exists()
        if first:
            self._run(
                "initdb", "-D", str(self.data), "-A", "trust", "-U", SUPERUSER,
                "-E", "UTF8", "--locale=C", "--no-sync", "--no-instructions",
            )  # fmt: skip
        for attempt in range(5):
            port = self.port or free_port()
            try:
                self._pg_ctl_start(port)
            except RuntimeError:
                # Another process took the port between free_port() and the server's bind.
                if self.port or attempt == 4:
                    raise
                continue
            self.port = port
            break
        if first:
            self.start_seconds = time.monotonic() - began
        return self

    def _pg_ctl_start(self, port: int) -> None:
        options = " ".join(
            [
                f"-p {port}",
                f"-k {self.dir}",
                "-c listen_addresses=127.0.0.1",
                "-c fsync=off",
                "-c synchronous_commit=off",
                "-c full_page_writes=off",
                "-c max_connections=100",
                "-c shared_buffers=16MB",
            ]
        )
        self._run("pg_ctl", "-D", str(self.data), "-l", str(self.log), "-w", "-t", "30",
                  "-o", options, "start")  # fmt: skip

    def stop(self, mode: str = "fast") -> None:
        """Stop the server; its data stays and `start()` brings it back on the same port.
        `immediate` is a crash: without fsync and synchronous commit, recent commits are lost."""
        self._run("pg_ctl", "-D", str(self.data), "-m", mode, "-w", "stop")

    def close(self) -> None:
        """Stop the server and remove its directory."""
        try:
            if self.data.exists():
                with contextlib.suppress(RuntimeError, subprocess.TimeoutExpired):
                    self.stop("immediate")
        finally:
            shutil.rmtree(self.dir, ignore_errors=True)

    def url(self, dbname: str = "postgres", *, password: str = "") -> str:
        """A libpq URL to `dbname`; the server trusts every local user, so a password is
        accepted and ignored (the store must still never print it)."""
        auth = f"{SUPERUSER}:{password}" if password else SUPERUSER
        return f"postgresql://{auth}@127.0.0.1:{self.port}/{dbname}"

    def connect(self, dbname: str = "postgres") -> psycopg.Connection[tuple[object, ...]]:
        """A superuser connection in autocommit mode (to set up and to tamper)."""
        return psycopg.connect(self.url(dbname), autocommit=True, connect_timeout=5)

    def create_database(self, name: str) -> str:
        """A new empty database; its URL."""
        with self.connect() as db:
            # FILE_COPY (PostgreSQL 15 on) copies template1's files: ten times faster than
            # the default WAL_LOG on a server without fsync.
            strategy = " STRATEGY FILE_COPY" if db.info.server_version >= 150000 else ""
            statement = sql.SQL("CREATE DATABASE {}" + strategy).format(sql.Identifier(name))
            db.execute(statement)
        return self.url(name)

    def drop_database(self, name: str) -> None:
        with self.connect() as db:
            db.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )

    def __enter__(self) -> PostgresServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.close()


if __name__ == "__main__":
    began = time.monotonic()
    with PostgresServer() as server:
        print(f"initdb + start: {server.start_seconds:.2f} s (port {server.port})")
        t = time.monotonic()
        for i in range(10):
            server.create_database(f"t{i}")
        print(f"create database: {(time.monotonic() - t) / 10 * 1000:.0f} ms each")
        t = time.monotonic()
        for i in range(10):
            server.drop_database(f"t{i}")
        print(f"drop database: {(time.monotonic() - t) / 10 * 1000:.0f} ms each")
        t = time.monotonic()
        server.stop()
        server.start()
        print(f"stop + start: {time.monotonic() - t:.2f} s")
    print(f"total with teardown: {time.monotonic() - began:.2f} s")
