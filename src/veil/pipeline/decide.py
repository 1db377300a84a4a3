"""Decide: withhold deny-listed files, classify what was found, and apply the policy.

The policy package knows tiers, providers and rules; this stage knows where a request is going
(`Destination`) and turns the decision into what `transform` masks.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from veil.config import Settings
from veil.detect.files import DenyList
from veil.detect.pii.email import is_nobodys
from veil.memo import BoundedMemo
from veil.pipeline.find import Span
from veil.policy.classify import Classifier
from veil.policy.engine import Decision, Policy, masks
from veil.policy.features import request_features
from veil.policy.mentions import PathRef, result_paths, text_paths
from veil.policy.paths import PathPolicy, Piece, message_texts, request_paths, walk
from veil.policy.registry import Provider, Traits
from veil.policy.tiers import Action, Reason, Tier
from veil.policy.withhold import Withheld, withhold
from veil.protocols.neutral import JSON
from veil.types import Category

# What a client tells the model its working directory is (Claude Code's system prompt, Codex's
# environment context): `[policy.paths]` patterns are relative to it when the client says.
# It is said in the system prompt (Claude Code) or in the first user message (Codex's
# environment context), never later: a later message saying it is not the client's word.
_WORKSPACE_MARKS = ("Working directory: ", "<cwd>")
_WORKSPACE = re.compile(r"/[^\s<\"\\]{1,4096}")
_WORKSPACE_SLOTS = 2  # messages (or input items) read from the start of the conversation
# Characters of text whose paths are remembered (history is resent every turn; looking up a
# text costs a fifth of searching it again); half as many of tool results'.
PATHS_MEMO_CHARS = 16_000_000


@dataclass(frozen=True, slots=True)
class Destination:
    """Where a request goes, as the policy sees it: the route's format, the provider, whether
    the upstream is on this machine, and whether a local one could take it instead."""

    route: str
    provider: Provider
    local: bool = False
    local_available: bool = False

    def traits(self, model: str | None, features: Collection[str] = ()) -> Traits:
        traits = self.provider.traits(model, features)
        if self.local and not traits.local:  # the user says so in `[upstreams.NAME]`
            return LOCAL_TRAITS
        return traits


NO_DESTINATION = "no destination: everything found is masked"
KEPT_LOCAL_EARLIER = "kept_local_earlier"  # a reason: the conversation was kept local before
LOCAL_TRAITS = Traits(
    trains=False, retains=False, outside_eu=False, no_dpa=False, no_zdr=False, local=True
)


@dataclass(frozen=True, slots=True)
class Reading:
    """What the policy read of a request before its text was scanned: its prompt texts and tool
    calls with their paths (`paths.walk`; None for a body of no known format), and the tool
    results it withheld."""

    pieces: list[Piece] | None
    withheld: list[Withheld]


@dataclass(frozen=True, slots=True)
class Outcome:
    """The decision for a request and what it means for masking."""

    decision: Decision
    withheld: tuple[Withheld, ...]
    rerouted: bool  # the request goes to the local upstream instead
    applied: Action  # what masking follows: the decision, or at the local upstream when rerouted
    local: bool  # whether the request ends on this machine
    tier_of: Callable[[str, Category], Tier]
    local_model: str | None = None  # the model `[policy.local]` names for a rerouted request

    def masks(self, span: Span) -> bool:
        """Whether `span` is masked before the request leaves."""
        tier = self.tier_of(span.rule, span.category)
        return masks(self.applied, tier, span.category, local=self.local)

    def chosen(self, found: list[list[Span]]) -> list[list[Span]]:
        """The spans of each slot that are masked (all of them when pseudonymizing)."""
        if self.applied is Action.PSEUDONYMIZE:
            return found
        by_rule: dict[tuple[str, Category], bool] = {}  # what `masks` says depends on these
        out = []
        for spans in found:
            kept = []
            for span in spans:
                key = (span.rule, span.category)
                yes = by_rule.get(key)
                if yes is None:
                    yes = by_rule[key] = self.masks(span)
                if yes:
                    kept.append(span)
            out.append(kept)
        return out


class PolicyStage:
    """Classify and decide with one configuration; safe to share across threads."""

    def __init__(self, settings: Settings) -> None:
        policy = settings.policy
        self.policy = Policy(policy)
        self.denylist = DenyList(policy.files.deny, policy.files.allow)
        self.workspace = settings.workspace
        self.local_models = dict(policy.local.models)
        self.local_model = policy.local.model
        self.comments = settings.disguise.comments  # `[disguise] comments`
        self._paths: BoundedMemo[str, list[PathRef]] = BoundedMemo(PATHS_MEMO_CHARS)
        self._shown: BoundedMemo[str, list[PathRef]] = BoundedMemo(PATHS_MEMO_CHARS // 2)
        rule_tiers = {r.id: r.tier for r in settings.rules if r.tier is not None}
        self.classifier = Classifier(
            PathPolicy(policy.paths.restricted, policy.paths.internal, self.workspace),
            rule_tiers,
            self.denylist.denies,
        )

    def text_paths(self, text: str) -> list[PathRef]:
        """The paths one text names, remembered by text (those quoted in prose only when
        `[policy.paths]` has patterns for them to fall under)."""
        prose = not self.classifier.paths.empty
        return _remembered(self._paths, text, lambda t: text_paths(t, prose=prose))

    def shown_paths(self, text: str) -> list[PathRef]:
        """The files a tool result shows (diff headers, `grep -rn` lines), remembered by text."""
        return _remembered(self._shown, text, result_paths)

    def reasons(
        self,
        spans: Iterable[Span],
        paths: Iterable[PathRef],
        *,
        workspace: Path | None = None,
        withheld: int = 0,
    ) -> tuple[Reason, ...]:
        """Why a text or a request has its tier: its findings (an address nobody reads aside:
        the gateway masks every address, but a client's own system prompt names
        `noreply@anthropic.com`, which would otherwise make every request Restricted), the
        paths it carries, under the workspace the client reports or the configured one, and
        what was withheld."""
        return self.classifier.reasons(
            (
                (s.kind, s.category, s.rule)
                for s in spans
                if s.kind != "email_address" or not is_nobodys(s.original)
            ),
            paths,
            workspace=workspace or self.workspace,
            withheld=withheld,
        )

    def read(self, parsed: JSON, route: str) -> Reading:
        """Read a request's texts and tool calls once, and replace, in place, the content of
        the tool results that read deny-listed files."""
        pieces = walk(parsed, route) if route != "other" else None
        return Reading(pieces, withhold(parsed, route, self.denylist.denies, pieces))

    def decide(
        self,
        parsed: JSON,
        spans: list[Span],
        reading: Reading,
        dest: Destination | None,
        path: str = "",
        earlier: Tier | None = None,
    ) -> Outcome:
        """The decision for a parsed request to `path` whose slots hold `spans`; with no
        destination (text prepared for no provider in particular) everything found is masked
        and nothing is blocked. `earlier`: the tier its conversation was kept local with, which
        the request keeps (its history holds what must not leave)."""
        model = parsed.get("model") if isinstance(parsed, dict) else None
        withheld = tuple(reading.withheld)
        reasons = self.reasons(
            spans,
            request_paths(
                parsed,
                dest.route if dest else "other",
                self.text_paths,
                reading.pieces,
                self.shown_paths,
            ),
            workspace=_reported_workspace(parsed),
            withheld=len(withheld),
        )
        if earlier is not None:
            reasons += (Reason(earlier, "conversation", KEPT_LOCAL_EARLIER),)
        tier_of = self.classifier.finding_tier
        if dest is None:
            tier = max((r.tier for r in reasons), default=Tier.PUBLIC)
            every = Decision(
                tier, Action.PSEUDONYMIZE, Action.PSEUDONYMIZE, NO_DESTINATION, reasons
            )
            return Outcome(every, withheld, False, every.applied, False, tier_of)
        features = request_features(parsed, path)
        traits = dest.traits(model if isinstance(model, str) else None, features)
        decision = self.policy.decide(reasons, traits, local_available=dest.local_available)
        applied, local = decision.applied, dest.local or traits.local
        rerouted = applied is Action.LOCAL
        if rerouted:  # what is masked is then what the policy says at the local upstream
            there = self.policy.decide(reasons, LOCAL_TRAITS)
            if there.applied is Action.BLOCK:  # `[policy.<tier>] local = "block"`
                return Outcome(there, withheld, False, there.applied, True, tier_of)
            applied, local = there.applied, True
        chosen = None
        if rerouted and isinstance(parsed, dict):
            wanted = self.local_models.get(model) if isinstance(model, str) else None
            chosen = wanted or self.local_model
            if chosen:
                parsed["model"] = chosen
        return Outcome(decision, withheld, rerouted, applied, local, tier_of, chosen)


def _remembered(
    memo: BoundedMemo[str, list[PathRef]], text: str, find: Callable[[str], list[PathRef]]
) -> list[PathRef]:
    found = memo.get(text)
    if found is None:
        found = find(text)
        memo.put(text, found, len(text))
    return found


def _reported_workspace(parsed: JSON) -> Path | None:
    """The working directory the client told the model, where clients say it."""
    if not isinstance(parsed, dict):
        return None
    for text in _opening_texts(parsed):
        for mark in _WORKSPACE_MARKS:
            at = text.find(mark)
            m = _WORKSPACE.match(text, at + len(mark)) if at >= 0 else None
            if m:
                return Path(m.group(0))
    return None


def _opening_texts(parsed: dict[str, Any]) -> Iterator[str]:
    """The system prompt or instructions, and the first messages or input items' text."""
    for key in ("system", "instructions"):
        yield from message_texts(parsed.get(key))
    for key in ("messages", "input"):
        items = parsed.get(key)
        if isinstance(items, list):
            for item in items[:_WORKSPACE_SLOTS]:
                if isinstance(item, dict):
                    yield from message_texts(item.get("content"))
