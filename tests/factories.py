"""Test values built at run time, so the repository holds no real-looking credentials."""

from __future__ import annotations

import itertools
import json
from typing import Any

from veil.detect.samples import B32, B64, LOWER, fake
from veil.protocols.sse import EventDecoder
from veil.protocols.stream import StreamRewriter
from veil.vault.vault import Vault, VaultMap


def aws_key_id(seed: str = "t") -> str:
    """An AWS-shaped access key id (test value)."""
    return "AKIA" + fake(16, B32, seed=f"factory-aws-id-{seed}")


def aws_secret(seed: str = "t") -> str:
    """An AWS-shaped secret access key (test value)."""
    return fake(40, B64, seed=f"factory-aws-secret-{seed}")


def aws_pair_config(seed: str = "t") -> str:
    """A config snippet with an AWS key pair (test values)."""
    return f"aws_access_key_id = {aws_key_id(seed)}\naws_secret_access_key = {aws_secret(seed)}\n"


def email(seed: str = "t") -> str:
    """A personal-looking email address (test value)."""
    return f"{fake(6, LOWER, seed=f'factory-email-{seed}')}.smith@corp-mail.com"


def vault_map(scope: str = "test") -> VaultMap:
    """A request's vault map over a vault with a fixed test key."""
    return VaultMap(Vault(b"test-key-" * 4), scope)


def rewrite_stream(rewriter: StreamRewriter, raw: bytes, cuts: list[int]) -> bytes:
    """`raw` SSE bytes through a decoder and `rewriter`, delivered in pieces split at `cuts`."""
    decoder = EventDecoder()
    out: list[bytes] = []
    bounds = [0, *sorted(cuts), len(raw)]
    for a, b in itertools.pairwise(bounds):
        for event in decoder.feed(raw[a:b]):
            out += rewriter.feed(event)
    for event in decoder.flush():
        out += rewriter.feed(event)
    out += rewriter.close()
    return b"".join(out)


def sse_data(raw: bytes) -> list[tuple[str | None, Any]]:
    """(event name, parsed data) of every event in an SSE byte string (`[DONE]` as a string)."""
    events = []
    for event in EventDecoder().feed(raw) + EventDecoder().flush():
        if event.data is None:
            continue
        data = event.data if event.data == "[DONE]" else json.loads(event.data)
        events.append((event.name, data))
    return events
