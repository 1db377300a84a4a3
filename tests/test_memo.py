"""The bounded memo: least recently used first out, weighed by text and by entry."""

from __future__ import annotations

from veil.memo import ENTRY_COST, BoundedMemo


def test_least_recently_used_goes_first() -> None:
    memo: BoundedMemo[str, int] = BoundedMemo(3 * (10 + ENTRY_COST))
    for key in "abc":
        memo.put(key, ord(key), 10)
    assert memo.get("a") == ord("a")  # now the most recent
    memo.put("d", 4, 10)
    assert memo.get("b") is None and memo.get("a") == ord("a") and len(memo) == 3


def test_many_tiny_entries_cannot_pass_the_bound() -> None:
    memo: BoundedMemo[int, None] = BoundedMemo(100_000)
    for i in range(100_000):
        memo.put(i, None, 1)
    assert memo.weight <= 100_000 and len(memo) == 100_000 // (1 + ENTRY_COST)


def test_putting_a_key_again_replaces_its_weight() -> None:
    memo: BoundedMemo[str, str] = BoundedMemo(10_000)
    memo.put("k", "v1", 100)
    memo.put("k", "v2", 50)
    assert memo.get("k") == "v2" and memo.weight == 50 + ENTRY_COST
