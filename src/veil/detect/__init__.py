"""Detection: rules, validators and the compiled engine. `scan_text` is the entry point."""

from __future__ import annotations

from functools import lru_cache

from veil.detect.base import Rule
from veil.detect.engine import Engine
from veil.detect.files import file_findings
from veil.types import Finding


def builtin_rules(*, include_private_ips: bool = False) -> tuple[Rule, ...]:
    """Every built-in rule: secrets first, then personal data."""
    from veil.detect import pii, secrets
    from veil.detect.pii import network

    if not include_private_ips:
        return secrets.RULES + pii.RULES
    ip_ids = {r.id for r in network.ip_rules(include_private=False)}
    private = {r.id: r for r in network.ip_rules(include_private=True)}
    return secrets.RULES + tuple(private.get(r.id, r) if r.id in ip_ids else r for r in pii.RULES)


@lru_cache(maxsize=1)
def default_engine() -> Engine:
    """The engine over the built-in rules, compiled once per process."""
    return Engine(builtin_rules())


def scan_text(text: str, *, path: str | None = None, engine: Engine | None = None) -> list[Finding]:
    """Findings in `text`; with `path`, a forbidden file (`.env`, `id_rsa`, ...) is one more."""
    found = (engine or default_engine()).scan(text)
    if path is not None:
        found = file_findings(path) + found
    return found


__all__ = ["Engine", "Finding", "Rule", "builtin_rules", "default_engine", "scan_text"]
