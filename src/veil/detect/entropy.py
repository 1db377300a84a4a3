"""Shannon entropy of a string, in bits per character."""

from __future__ import annotations

import math
from collections import Counter

# c * log2(c) for the counts a short value has, looked up rather than computed.
_C_LOG_C = [0.0] + [c * math.log2(c) for c in range(1, 4097)]


def shannon_entropy(value: str) -> float:
    """Bits of entropy per character of `value` (0.0 for the empty string).

    H = log2(n) - sum(c * log2(c)) / n over the count c of each distinct character.
    """
    n = len(value)
    if n == 0:
        return 0.0
    counts = Counter(value).values()
    if n < len(_C_LOG_C):
        total = sum(map(_C_LOG_C.__getitem__, counts))
    else:
        total = sum(c * math.log2(c) for c in counts)
    return max(math.log2(n) - total / n, 0.0)
