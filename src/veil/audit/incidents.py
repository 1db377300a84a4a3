"""When an event means something Restricted got out, an incident: what went where, and when.

An incident is opened for:
- a gateway request that was Restricted and still left for a provider, because the mode was
  monitor (what was decided is stricter than what was applied) or the policy forwarded it.
  Secrets and personal data are masked in every mode, so what left is the rest of what made it
  Restricted (a file under `[policy.paths] restricted`, the text around the masked values);
  the incident names the kinds found and the path patterns, and rotation steps are given in
  case;
- a `veil scan --audit` run over git commits (`--diff`, `--history`) that found secrets: they
  are in commits that are, or are about to be, pushed;
- a developer's own report (`veil incidents report`).

The same kinds going to the same place from the same caller count on the open incident instead
of opening a new one each turn (an agent resends its history with every request).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass

from veil.audit.event import AuditEvent, canonical
from veil.audit.store import Store

# What each decision lets out, strictest first: a decision above what was applied means the
# policy wanted more than was done (monitor mode, or no local upstream to reroute to).
_STRICTNESS = {"block": 4, "local": 3, "pseudonymize": 2, "mask": 1, "forward": 0}
_LEAVING = frozenset({"forward", "mask", "pseudonymize"})
_RESTRICTED_CATEGORIES = frozenset({"secret", "pii"})
_TIMES = re.compile(r" x\d+$")  # a reason's count: `path:secrets/** x3`


@dataclass(frozen=True)
class Draft:
    """An incident about to be opened (or counted on an open one with the same key)."""

    source: str
    kinds: tuple[str, ...]
    place: dict[str, str]
    note: str = ""

    def key(self, caller: str) -> str:
        """The same kinds from the same caller to the same provider: one incident (the model
        is the client's to choose, so it does not split them)."""
        place = {k: v for k, v in self.place.items() if k != "model"}
        text = canonical([self.source, caller, place, sorted(self.kinds)])
        return hashlib.sha256(text.encode("ascii")).hexdigest()[:32]


def draft_for(event: AuditEvent) -> Draft | None:
    """The incident `event` opens, if any."""
    if event.source == "gateway":
        return _gateway(event)
    if event.source == "scan":
        return _scan(event)
    if event.source == "incident":
        kinds = tuple(str(k) for k in event.data.get("kinds", {}))
        place = {k: str(v) for k, v in (event.data.get("place") or {}).items()}
        return Draft("report", kinds, place, str(event.data.get("note", "")))
    return None


def _gateway(event: AuditEvent) -> Draft | None:
    if event.tier != "Restricted" or event.applied not in _LEAVING or event.data.get("local"):
        return None
    stricter = _STRICTNESS.get(event.decision, 0) > _STRICTNESS.get(event.applied, 0)
    if not stricter and event.applied != "forward":
        return None  # masked as the policy said: only placeholders left
    paths = {
        _TIMES.sub("", str(r)) for r in event.data.get("reasons", []) if str(r).startswith("path:")
    }
    kinds = tuple(sorted({*_restricted_kinds(event), *paths})) or ("restricted_content",)
    place = {"provider": event.provider, "upstream": event.upstream, "model": event.model}
    why = "monitor mode" if event.mode == "monitor" else f"the policy's decision ({event.decision})"
    return Draft("gateway", kinds, place, f"sent as {event.applied} under {why}")


def _scan(event: AuditEvent) -> Draft | None:
    if not event.data.get("git"):
        return None
    kinds = tuple(sorted(_restricted_kinds(event, ("secret",))))
    if not kinds:
        return None
    commits = [str(c)[:12] for c in event.data.get("commits", [])]
    shown = " ".join(commits[:5]) + (f" and {len(commits) - 5} more" if len(commits) > 5 else "")
    place = {"git": str(event.data["git"]), "commits": shown}
    return Draft("scan", kinds, place, "found by veil scan in commits")


def _restricted_kinds(
    event: AuditEvent, categories: Sequence[str] = tuple(_RESTRICTED_CATEGORIES)
) -> list[str]:
    by_category = event.data.get("kind_categories") or {}
    return [
        str(kind)
        for kind in event.data.get("kinds", {})
        if by_category.get(kind, "secret") in categories
    ]


def record_incidents(store: Store, events: Sequence[AuditEvent]) -> list[int]:
    """Open (or count on) the incidents `events` mean, once they are in the store; the ids of
    incidents opened new."""
    opened: list[int] = []
    for event in events:
        draft = draft_for(event)
        if draft is None:
            continue
        number, new = store.open_incident(
            source=draft.source,
            key=draft.key(event.caller),
            kinds=draft.kinds,
            place=draft.place,
            event_seq=event.seq,
            ts=event.ts,
            note=draft.note,
        )
        if new:
            opened.append(number)
    return opened
