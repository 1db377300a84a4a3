"""A least-recently-used memo bounded by weight: the characters of the text an entry is about,
plus a fixed cost per entry, so that many tiny texts (unique header values, ids) cannot grow it
past its bound any more than a few large ones. Safe to use from several threads (the gateway
scans large requests off its event loop)."""

from __future__ import annotations

import threading
from collections import OrderedDict
from typing import Generic, TypeVar

K = TypeVar("K")
V = TypeVar("V")

# What an entry costs beyond its text, in characters' worth: its key, the dict's slot and
# a few small objects (measured at about 300 bytes for a finding list's entry).
ENTRY_COST = 256


class BoundedMemo(Generic[K, V]):
    """Values by key, the least recently used dropped once the weights pass `max_weight`."""

    def __init__(self, max_weight: int) -> None:
        self._items: OrderedDict[K, tuple[V, int]] = OrderedDict()
        self._lock = threading.Lock()
        self.weight = 0
        self.max_weight = max_weight

    def __len__(self) -> int:
        return len(self._items)

    def get(self, key: K) -> V | None:
        with self._lock:
            found = self._items.get(key)
            if found is None:
                return None
            self._items.move_to_end(key)
            return found[0]

    def put(self, key: K, value: V, chars: int) -> None:
        """Remember `value` for `key`, which is about `chars` characters of text."""
        weight = chars + ENTRY_COST
        with self._lock:
            old = self._items.pop(key, None)
            if old is not None:
                self.weight -= old[1]
            self._items[key] = (value, weight)
            self.weight += weight
            while self.weight > self.max_weight and self._items:
                _, (_, dropped) = self._items.popitem(last=False)
                self.weight -= dropped
