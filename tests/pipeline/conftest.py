"""The gateway's engine, and masking slots as the pipeline does: find, then transform."""

from __future__ import annotations

from collections import Counter

import pytest

from veil.detect import builtin_rules, recall
from veil.detect.engine import Engine
from veil.pipeline.find import Finder
from veil.pipeline.literals import LiteralIndex
from veil.pipeline.transform import mask
from veil.protocols.neutral import TextSlot
from veil.vault.vault import VaultMap


@pytest.fixture(scope="module")
def engine() -> Engine:
    return Engine(builtin_rules() + recall.RULES, recall=True)


@pytest.fixture
def finder(engine: Engine) -> Finder:
    return Finder(engine)


def mask_slots(finder: Finder, slots: list[TextSlot], vmap: VaultMap) -> Counter[str]:
    """Mask `slots` in place; the counts of findings by kind."""
    found = finder.find(slots)
    mask(slots, found, vmap, LiteralIndex())
    return Counter(span.kind for spans in found for span in spans)
