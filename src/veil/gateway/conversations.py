"""Conversations kept on this machine: once one was rerouted to a local model, its history holds
what must not leave, so its later turns are kept local too (`[policy.local] sticky`).

A conversation is what the client names (`x-claude-code-session-id`, Codex's `session_id`), and
otherwise its opening: the caller and the first user message, which every later turn resends.
Only a keyed digest of that is kept, never the text.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import threading
from collections import OrderedDict
from collections.abc import Mapping

from veil.gateway.upstream import SESSION_HEADERS
from veil.policy.paths import message_texts
from veil.policy.tiers import Tier
from veil.protocols.neutral import JSON

MAX_CONVERSATIONS = 50_000  # the oldest are forgotten first


def conversation_key(caller: str, headers: Mapping[str, str], parsed: JSON) -> str | None:
    """What names the conversation a request belongs to (None when nothing does)."""
    for name in SESSION_HEADERS:
        value = headers.get(name)
        if value:
            return f"{caller}\n{name}:{value}"
    opening = _first_user_text(parsed)
    return f"{caller}\nopening:{opening}" if opening else None


def _first_user_text(parsed: JSON) -> str:
    if not isinstance(parsed, dict):
        return ""
    items = parsed.get("messages", parsed.get("input"))
    if isinstance(items, str):
        return items
    if not isinstance(items, list):
        return ""
    for item in items:
        if isinstance(item, dict) and item.get("role") == "user":
            return "\n".join(message_texts(item.get("content")))
    return ""


class KeptLocal:
    """The tier each conversation had when it was kept local; bounded, thread-safe."""

    def __init__(self, limit: int = MAX_CONVERSATIONS) -> None:
        self._key = os.urandom(32)  # digests mean nothing outside this process
        self._tiers: OrderedDict[bytes, Tier] = OrderedDict()
        self._limit = limit
        self._lock = threading.Lock()

    def _digest(self, key: str) -> bytes:
        return hmac.new(self._key, key.encode("utf-8", "replace"), hashlib.sha256).digest()

    def tier(self, key: str | None) -> Tier | None:
        """The tier the conversation was kept local with, or None if it never was."""
        if key is None:
            return None
        with self._lock:
            return self._tiers.get(self._digest(key))

    def keep(self, key: str | None, tier: Tier) -> None:
        """Remember that the conversation was kept local with this tier."""
        if key is None:
            return
        digest = self._digest(key)
        with self._lock:
            self._tiers[digest] = max(tier, self._tiers.get(digest, tier))
            self._tiers.move_to_end(digest)
            while len(self._tiers) > self._limit:
                self._tiers.popitem(last=False)
