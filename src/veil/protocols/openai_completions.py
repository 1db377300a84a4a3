"""OpenAI completions (`/v1/completions`, fill-in-the-middle) and embeddings (`/v1/embeddings`)."""

from __future__ import annotations

from veil.protocols.neutral import JSON, TextSlot, text_slot


def extract(body: JSON) -> list[TextSlot]:
    """`prompt` (a string or a list of strings) and `suffix`."""
    if not isinstance(body, dict):
        return []
    return _strings(body, "prompt") + text_slot(body, "suffix", ())


def extract_embeddings(body: JSON) -> list[TextSlot]:
    """`input`, a string or a list of strings (token arrays carry no text to mask)."""
    return _strings(body, "input") if isinstance(body, dict) else []


def _strings(body: dict[str, JSON], key: str) -> list[TextSlot]:
    value = body.get(key)
    if isinstance(value, list):
        return [s for i in range(len(value)) for s in text_slot(value, i, (key,))]
    return text_slot(body, key, ())
