"""A request through the pipeline: parse, find, decide, transform, and the bytes to forward.

What is forwarded is always the body veil parsed, scanned and serialised again: never the
client's own bytes, so nothing veil did not read (a second `messages` key) can slip through.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from veil.detect.engine import Engine
from veil.pipeline.decide import Decision, decide
from veil.pipeline.find import Finder
from veil.pipeline.literals import LiteralIndex
from veil.pipeline.transform import mask, replace_spans
from veil.protocols.neutral import (
    JSON,
    Extraction,
    Unscannable,
    apply,
    dump_json,
    load_json,
)
from veil.vault.vault import VaultMap

Extract = Callable[[JSON], Extraction]


class RequestError(ValueError):
    """A body the pipeline cannot take (not JSON, duplicate keys, too deep): the client's fault;
    its message names the problem, never a value."""


@dataclass(slots=True)
class Prepared:
    """A request ready to leave: its bytes, what was found, and what was decided."""

    body: bytes
    parsed: JSON
    findings: Counter[str] = field(default_factory=Counter)
    unscannable: list[Unscannable] = field(default_factory=list)
    decision: Decision = field(default_factory=Decision)


class Pipeline:
    """Find, decide and transform, with one engine; shared by the gateway, the CLI and MCP."""

    def __init__(self, engine: Engine) -> None:
        self.finder = Finder(engine)
        self.literals = LiteralIndex()

    def prepare(self, body: bytes, extract: Extract, vmap: VaultMap) -> Prepared:
        """The masked body to forward. RequestError for a body that is not acceptable JSON;
        any other exception means scanning failed and nothing may be sent."""
        try:
            parsed = load_json(body)
            extraction = extract(parsed)
        except ValueError as exc:
            raise RequestError(str(exc)) from None
        slots = extraction.slots
        found = self.finder.find(slots)
        decision = decide(found, extraction.unscannable)
        mask(slots, found, vmap, self.literals)
        apply(parsed, slots)
        try:
            out = dump_json(parsed)
        except ValueError as exc:
            raise RequestError(str(exc)) from None
        counts = Counter(span.kind for spans in found for span in spans)
        return Prepared(out, parsed, counts, extraction.unscannable, decision)

    def mask_text(self, text: str, vmap: VaultMap) -> str:
        """One free-standing text (a query string) with what is found in it masked."""
        spans = self.finder.spans_in(text)
        return replace_spans(text, spans, vmap) if spans else text

    def scrub(self, text: str) -> str:
        """`text` with every finding replaced by `[kind]`: safe for a log line or an error."""
        spans = self.finder.spans_in(text)
        out, pos = [], 0
        for span in spans:
            out += [text[pos : span.start], f"[{span.kind}]"]
            pos = span.end
        return "".join([*out, text[pos:]])
