"""`python -m veil.audit.worker`: the audit writer in a process of its own.

The gateway hands it its settings as the first line of its standard input, then events as lines
(the spool's format) and it writes
them with an `AuditWriter`, so that the store's work (encoding, hashing, SQL, waiting on the
database) never competes with the gateway's event loop for Python's global lock. It says `up`
and `down` on its standard output as the store comes and goes, ignores Ctrl-C and SIGTERM
(they are meant for the gateway, which then closes the pipe), and exits once its input ends
and everything it read is written (or spooled).
"""

from __future__ import annotations

import contextlib
import logging
import signal
import sys
import threading
from pathlib import Path
from typing import Any

import orjson

from veil.audit.store import open_store
from veil.audit.writer import AuditWriter, decode_event

log = logging.getLogger("veil.audit")


def run(settings: dict[str, Any], lines: Any, out: Any) -> int:
    """Read events from `lines` until they end; say `up`/`down` on `out`; 0 when all is written
    or spooled."""
    said = threading.Lock()

    def health(up: bool) -> None:
        with said, contextlib.suppress(OSError, ValueError):  # the gateway may be gone
            out.write(b"up\n" if up else b"down\n")
            out.flush()

    url = settings["url"]
    writer = AuditWriter(
        lambda: open_store(url),
        down=bool(settings["down"]),
        where=str(settings["where"]),
        spool=Path(settings["spool"]),
        batch_ms=int(settings["batch_ms"]),
        refuse_when_down=bool(settings["refuse"]),
        retention_days=settings["retention_days"],
        on_health=health,
    )
    writer.start()
    with said, contextlib.suppress(OSError, ValueError):
        out.write(b"ready\n")  # imported and set up: the gateway may send
        out.flush()
    for line in lines:
        try:
            event = decode_event(line)
        except (ValueError, TypeError, KeyError):
            log.error("audit worker: a line from the gateway could not be read; it is skipped")
            continue
        writer.submit(event)  # hashed and, when configured, kept by the gateway already
    writer.close()
    return 0


def main() -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    logging.basicConfig(stream=sys.stderr, level=logging.INFO, format="veil: %(message)s")
    lines = sys.stdin.buffer
    settings = orjson.loads(lines.readline())  # never an argument: `ps` shows those to all
    sys.exit(run(settings, lines, sys.stdout.buffer))


if __name__ == "__main__":
    main()
