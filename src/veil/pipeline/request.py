"""A request through the pipeline: parse, find, decide, transform, and the bytes to forward.

What is forwarded is always the body veil parsed, scanned and serialised again: never the
client's own bytes, so nothing veil did not read (a second `messages` key) can slip through.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from veil.config import Settings
from veil.detect.engine import Engine
from veil.pipeline.decide import Destination, Outcome, PolicyStage
from veil.pipeline.disguise import CommentStage, merge
from veil.pipeline.find import Finder, Span
from veil.pipeline.literals import LiteralIndex
from veil.pipeline.transform import mask, replace_spans
from veil.policy.engine import Decision
from veil.policy.tiers import Action, Tier
from veil.protocols.neutral import (
    JSON,
    Extraction,
    TextSlot,
    Unscannable,
    apply,
    dump_json,
    load_json,
)
from veil.types import Category
from veil.vault.vault import VaultMap

Extract = Callable[[JSON], Extraction]


def _disguised(chosen: list[list[Span]], vmap: VaultMap) -> Counter[str]:
    """How many names, hosts and comments were disguised (counts, never names)."""
    out: Counter[str] = Counter()
    for spans in chosen:
        for span in spans:
            if span.label == "COMMENT":
                out["comments"] += 1
            elif vmap.disguises(span.label):
                out["names" if span.label == "ORG" else "hosts"] += 1
    return out


class RequestError(ValueError):
    """A body the pipeline cannot take (not JSON, duplicate keys, too deep): the client's fault;
    its message names the problem, never a value."""


@dataclass(slots=True)
class Prepared:
    """A request ready to leave (or to be refused): its bytes, what was found, what was
    decided, and what was withheld. A blocked request's `body` is empty."""

    body: bytes
    parsed: JSON
    outcome: Outcome
    findings: Counter[str] = field(default_factory=Counter)
    masked: int = 0  # findings replaced by placeholders
    unscannable: list[Unscannable] = field(default_factory=list)
    rules: Counter[str] = field(default_factory=Counter)  # findings by rule id
    categories: dict[str, str] = field(default_factory=dict)  # kind -> its category
    disguised: Counter[str] = field(default_factory=Counter)  # names, hosts, comments

    @property
    def decision(self) -> Decision:
        return self.outcome.decision


class Pipeline:
    """Find, decide and transform, with one engine and one policy; shared by the gateway, the
    CLI and MCP."""

    def __init__(self, engine: Engine, policy: PolicyStage | None = None) -> None:
        self.finder = Finder(engine)
        self.literals = LiteralIndex()
        self.policy = policy or PolicyStage(Settings())
        self.comments = CommentStage(self.policy.comments)

    def prepare(
        self,
        body: bytes,
        extract: Extract,
        vmap: VaultMap,
        dest: Destination | None = None,
        path: str = "",
        earlier: Callable[[JSON], Tier | None] | None = None,
    ) -> Prepared:
        """The body to forward to `path`, as the policy has it at `dest` (everything found
        masked when None); `earlier(parsed)`: the tier its conversation was kept local with.
        RequestError for a body that is not acceptable JSON; any other exception means scanning
        failed and nothing may be sent."""
        try:
            parsed = load_json(body)
            reading = self.policy.read(parsed, dest.route if dest else "other")
            extraction = extract(parsed)
        except ValueError as exc:
            raise RequestError(str(exc)) from None
        slots = extraction.slots
        found = self.finder.find(slots)
        for i, business in enumerate(self.comments.business(slots)):
            if business:  # findings too; what they hold is still found (and decided on)
                found[i] = sorted(found[i] + business, key=lambda s: (s.start, -s.end))
        outcome = self.policy.decide(
            parsed,
            [s for spans in found for s in spans],
            reading,
            dest,
            path,
            earlier(parsed) if earlier is not None else None,
        )
        every = [span for spans in found for span in spans]
        counts = Counter(span.kind for span in every)
        rules = Counter(span.rule for span in every)
        categories = {span.kind: span.category.value for span in every}
        if outcome.decision.applied is Action.BLOCK:
            return Prepared(
                b"", parsed, outcome, counts, 0, extraction.unscannable, rules, categories
            )
        chosen = self._disguise(slots, outcome.chosen(found), outcome, vmap, body)
        mask(slots, chosen, vmap, self.literals)
        apply(parsed, slots)
        try:
            out = dump_json(parsed)
        except ValueError as exc:
            raise RequestError(str(exc)) from None
        masked = sum(map(len, chosen))
        disguised = _disguised(chosen, vmap)
        return Prepared(
            out,
            parsed,
            outcome,
            counts,
            masked,
            extraction.unscannable,
            rules,
            categories,
            disguised,
        )

    def _disguise(
        self,
        slots: list[TextSlot],
        chosen: list[list[Span]],
        outcome: Outcome,
        vmap: VaultMap,
        body: bytes,
    ) -> list[list[Span]]:
        """`chosen` with the comments a pseudonymized request loses; the vault map's neutral
        names moved off any the request holds already."""
        extra: list[list[Span]] = [[] for _ in slots]
        if outcome.applied is Action.PSEUDONYMIZE and self.comments.mode != "keep":
            extra = self.comments.stripped(slots, chosen)
        chosen = [
            merge(
                [s for s in spans if s.replacement is None],
                [s for s in spans if s.replacement is not None] + more,
            )
            for spans, more in zip(chosen, extra, strict=True)
        ]
        if any(vmap.disguises(s.label) for spans in chosen for s in spans):
            # The whole body: tool names and keys too, which an answer may quote back.
            texts = [body.decode("utf-8", "replace")]
            vmap.settle(texts + [slot.text for slot in slots if slot.encoded is not None])
        return chosen

    def mask_text(self, text: str, vmap: VaultMap) -> str:
        """One free-standing text (a query string) with what is found in it masked."""
        spans = self.finder.spans_in(text)
        return replace_spans(text, spans, vmap) if spans else text

    def secret_kinds(self, text: str) -> list[str]:
        """The kinds of the secrets (credentials) found in one text."""
        return [s.kind for s in self.finder.spans_in(text) if s.category is Category.SECRET]

    def scrub(self, text: str) -> str:
        """`text` with every finding replaced by `[kind]`: safe for a log line or an error."""
        spans = self.finder.spans_in(text)
        out, pos = [], 0
        for span in spans:
            out += [text[pos : span.start], f"[{span.kind}]"]
            pos = span.end
        return "".join([*out, text[pos:]])
