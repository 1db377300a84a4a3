"""Disguise: the comments a pseudonymized request does not send, as spans to replace.

Organisation terms and internal hosts are findings like any other: `transform` gives them
neutral names through the vault map. What this stage adds are comments, which only code
structure finds (`veil.code`): with `[disguise] comments = "business"`, comments and docstrings
that read as business context are findings of their own (kind `business_comment`, which makes a
request Internal) and comments that carry an organisation term are stripped too; with
`"strip"`, every comment is. A stripped comment becomes an empty one with the same lines.

Code is looked for in every slot but signed text (thinking): plain text, decoded base64 (the
slot is written back re-encoded), and the string values of JSON text (a tool result or tool-call
arguments that are JSON: each string that may hold code is decoded, its comments found, and the
span of each mapped back to the JSON text with a JSON-escaped replacement,
`veil.code.jsontext`). A directive (`//go:build`, `# type:`, `# noqa`, ...:
`veil.code.directives.is_directive`) is never stripped for a term it holds, nor in `strip` mode;
one that reads as business still is a business comment.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import replace

from veil.code.business import cue_hits, may_hold_business, reads_as_business
from veil.code.comments import CodeComments, Comment, may_be_in_comment
from veil.code.directives import is_directive
from veil.code.jsontext import JsonString, strings
from veil.code.languages import language_for_mime
from veil.memo import BoundedMemo
from veil.pipeline.find import Span
from veil.protocols.neutral import TextSlot
from veil.types import Category

BUSINESS_KIND = "business_comment"
BUSINESS_RULE = "business-comment"
COMMENT_KIND = "comment"
# Texts whose comments are remembered, in characters (history is resent every turn).
MEMO_CHARS = 16_000_000
# Texts whose parse trees are kept, in characters: from finding a request's business comments
# to stripping the comments its organisation terms are in. A tree (and its source) weighs some
# 24 bytes per character (measured on Python): about 25 MB, five 200 KB tool results.
TREE_CHARS = 1_000_000


class CommentStage:
    """The comments of text slots, found once per text, and which of them to strip.

    Only what can matter is parsed: in `business` mode, the code regions holding a place where
    a business cue may match (one Hyperscan scan of the text) or an organisation finding that
    may be in a comment (its line opens one, or a block comment may be open there); and of
    those, only the comments at these places are looked at (from the tree, no whole-tree
    query). `strip` needs every comment of every region."""

    def __init__(self, mode: str) -> None:
        self.mode = mode
        self._code: BoundedMemo[tuple[str, str | None], CodeComments] = BoundedMemo(TREE_CHARS)
        self._every: BoundedMemo[tuple[str, str | None], list[Comment]] = BoundedMemo(MEMO_CHARS)
        self._held: BoundedMemo[tuple[str, str | None, tuple[int, ...]], list[Comment]] = (
            BoundedMemo(MEMO_CHARS)
        )
        self._business: BoundedMemo[tuple[str, str | None], list[Span]] = BoundedMemo(MEMO_CHARS)
        self._strings: BoundedMemo[str, list[JsonString]] = BoundedMemo(MEMO_CHARS)

    def business(self, slots: Sequence[TextSlot], path: str | None = None) -> list[list[Span]]:
        """The business comments of each slot: findings, before the policy decides (`path`:
        the file the text is, when known)."""
        if self.mode != "business":
            return [[] for _ in slots]
        out: list[list[Span]] = []
        for slot in slots:
            if slot.signed:
                out.append([])
            elif slot.json:
                out.append(
                    [
                        _lifted(slot.text, string, span)
                        for string in self._strings_of(slot.text)
                        for span in self._business_of(string.text, string.path or path)
                    ]
                )
            else:
                out.append(self._business_of(slot.text, path or _path_of(slot)))
        return out

    def stripped(
        self, slots: Sequence[TextSlot], found: Sequence[list[Span]], path: str | None = None
    ) -> list[list[Span]]:
        """The other comments each slot loses when pseudonymized: every one (`strip`), or
        those holding one of the slot's organisation findings (`business`); never a
        directive."""
        out: list[list[Span]] = []
        for slot, spans in zip(slots, found, strict=True):
            if self.mode == "keep" or slot.signed:
                out.append([])
            elif slot.json:
                out.append(self._stripped_json(slot.text, spans, path))
            else:
                out.append(self._stripped_of(slot.text, spans, path or _path_of(slot)))
        return out

    def _stripped_of(self, text: str, spans: Sequence[Span], path: str | None) -> list[Span]:
        if self.mode == "business":
            org = [s for s in spans if s.category is Category.ORG and s.kind != BUSINESS_KIND]
            comments = self._holding(text, path, [s.start for s in org]) if org else []
            starts = [c.start for c in comments]
            holding = {_within(s, comments, starts) for s in org}
            comments = [c for i, c in enumerate(comments) if i in holding and not c.docstring]
        else:
            comments = self._every_of(text, path)
        return [
            _span(text, c, COMMENT_KIND, COMMENT_KIND)
            for c in comments
            if not is_directive(text[c.start : c.end])
        ]

    def _stripped_json(self, text: str, spans: Sequence[Span], path: str | None) -> list[Span]:
        """`_stripped_of` each string of a JSON text that may hold code, mapped back."""
        found = self._strings_of(text)
        if not found:
            return []
        held: list[list[Span]] = [[] for _ in found]
        if self.mode == "business":
            ends = [string.raw(len(string.text)) for string in found]
            for span in spans:
                if span.category is not Category.ORG or span.kind == BUSINESS_KIND:
                    continue
                index = bisect.bisect_right(ends, span.start)
                if index >= len(found) or not found[index].holds(span.start):
                    continue
                string = found[index]
                if not string.holds(span.end - 1):
                    continue
                start, end = string.decoded(span.start), string.decoded(span.end - 1) + 1
                held[index].append(replace(span, start=start, end=end))
        out: list[Span] = []
        for string, org in zip(found, held, strict=True):
            if self.mode == "business" and not org:
                continue
            for span in self._stripped_of(string.text, org, string.path or path):
                out.append(_lifted(text, string, span))
        return out

    def _strings_of(self, text: str) -> list[JsonString]:
        found = self._strings.get(text)
        if found is None:
            found = strings(text)
            self._strings.put(text, found, len(text))
        return found

    def _business_of(self, text: str, path: str | None) -> list[Span]:
        if not may_hold_business(text):
            return []
        found = self._business.get((text, path))
        if found is None:
            hits = cue_hits(text)
            comments: list[Comment] = []
            if hits.everywhere:
                comments = self._code_of(text, path).every()
            elif hits:
                comments = self._code_of(text, path).holding(hits.offsets)
            found = []
            for c in comments:
                forms = hits.within(c.start, c.end)
                body = text[c.start : c.end]
                if forms and reads_as_business(body, docstring=c.docstring, forms=forms):
                    found.append(_span(text, c, BUSINESS_KIND, BUSINESS_RULE))
            self._business.put((text, path), found, len(text))
        return found

    def _holding(self, text: str, path: str | None, offsets: list[int]) -> list[Comment]:
        """The comments holding one of these offsets, parsing only where one may be."""
        key = (text, path, tuple(sorted(set(offsets))))
        found = self._held.get(key)
        if found is None:
            near = may_be_in_comment(text, key[2])
            found = self._code_of(text, path).holding(near) if near else []
            self._held.put(key, found, len(text))
        return found

    def _every_of(self, text: str, path: str | None) -> list[Comment]:
        found = self._every.get((text, path))
        if found is None:
            found = self._code_of(text, path).every()
            self._every.put((text, path), found, len(text))
        return found

    def _code_of(self, text: str, path: str | None) -> CodeComments:
        code = self._code.get((text, path))
        if code is None:
            code = CodeComments(text, path)
            self._code.put((text, path), code, len(text))
        return code


def merge(spans: list[Span], comments: list[Span]) -> list[Span]:
    """`spans` and the comments to strip (once each), in order; a span inside a stripped
    comment goes with it."""
    if not comments:
        return spans
    comments = sorted({(c.start, c.end): c for c in reversed(comments)}.values(), key=_start)
    starts = [c.start for c in comments]
    kept = [s for s in spans if _within(s, comments, starts) is None]
    return sorted(kept + comments, key=lambda s: (s.start, -s.end))


def _start(span: Span) -> int:
    return span.start


def _within(span: Span, comments: Sequence[Comment | Span], starts: list[int]) -> int | None:
    """The index of the comment (in order of start, not overlapping) holding `span`, if any."""
    i = bisect.bisect_right(starts, span.start) - 1
    if i >= 0 and span.end <= comments[i].end:
        return i
    return None


def _span(text: str, comment: Comment, kind: str, rule: str) -> Span:
    original = text[comment.start : comment.end]
    return Span(
        comment.start,
        comment.end,
        original,
        kind,
        Category.ORG,
        rule,
        "COMMENT",
        comment.replacement,
    )


def _path_of(slot: TextSlot) -> str | None:
    """A file name of the language a decoded data URL's media type names
    (`data:text/x-python;base64,...`), if any."""
    if not slot.encoded or not slot.encoded.startswith("data:"):
        return None
    language = language_for_mime(slot.encoded[5:].split(";", 1)[0])
    return f"document{language.extensions[0]}" if language is not None else None


def _lifted(text: str, string: JsonString, span: Span) -> Span:
    """A span of a JSON text's decoded string, as a span of the JSON text (`text`)."""
    start, end = string.raw(span.start), string.raw(span.end)
    replacement = string.escape(span.replacement) if span.replacement is not None else None
    return replace(span, start=start, end=end, original=text[start:end], replacement=replacement)
