"""The comments and docstrings of the code in a text, each with the empty comment of the same
syntax that would take its place: stripping keeps every line where it was and the code parsing."""

from __future__ import annotations

import bisect
import re
import threading
from collections.abc import Iterable
from dataclasses import dataclass

import tree_sitter

from veil.code.languages import Language, grammar_key, parse
from veil.code.regions import Region, code_regions
from veil.code.trust import Distrust


@dataclass(frozen=True, slots=True)
class Comment:
    """A comment or docstring at text[start:end] (str offsets), and what it becomes stripped."""

    start: int
    end: int
    docstring: bool
    language: str
    replacement: str


_QUERIES: dict[tuple[tuple[str, str], str], tree_sitter.Query] = {}
_QUERY_LOCK = threading.Lock()
_PYTHON_BODIES = (
    "(module) @body (function_definition body: (block) @body)"
    " (class_definition body: (block) @body)"
)


_Found = tuple[tree_sitter.Node, bool]


def _query(tree: tree_sitter.Tree, key: tuple[str, str], source: str) -> tree_sitter.Query:
    query = _QUERIES.get((key, source))
    if query is None:
        with _QUERY_LOCK:
            query = _QUERIES.setdefault((key, source), tree_sitter.Query(tree.language, source))
    return query


# --- the empty comment of the same syntax -----------------------------------------------------

_NEWLINES = re.compile(r"\r?\n")
_LINE_MARKER = re.compile(r"//[/!]?|#!?|<!--|-->")
_STRING_QUOTE = re.compile(r"""([rRuU]{0,2})("{3}|'{3}|"|')""")


def _python_string(text: str) -> str | None:
    m = _STRING_QUOTE.match(text)
    if m is None:
        return None
    prefix, quote = m.groups()
    breaks = _NEWLINES.findall(text)
    if len(quote) == 1:
        breaks = ["\\" + b for b in breaks]
    return prefix + quote + "".join(breaks) + quote


def empty_comment(text: str) -> str | None:
    """The empty comment of the same syntax with the same line breaks; None if unknown."""
    breaks = "".join(_NEWLINES.findall(text))
    if text.startswith("=begin"):
        tail = text[len(text.rstrip("\r\n")) :]
        inner = breaks[: len(breaks) - len(tail)]
        return "=begin" + inner + "=end" + tail if "\n" in inner else None
    if text.startswith("/*"):
        doc = text[2:3] in ("*", "!") and text[3:4] not in ("*", "/") and len(text) > 4
        opener = text[:3] if doc else "/*"
        return opener + (breaks or " ") + "*/" if text.endswith("*/") else opener + breaks
    m = _LINE_MARKER.match(text)
    if m is None:
        return None
    marker = m.group()
    if marker == "///" and text[3:4] == "/":
        marker = "//"
    return marker + breaks


def _is_doc(text: str) -> bool:
    if text.startswith("/**"):
        return text[3:4] not in ("*", "/")
    return text.startswith(("///", "//!", "/*!")) and text[3:4] != "/"


# --- finding them -----------------------------------------------------------------------------

_DEFINITION_PARENTS = frozenset(
    (
        "function_declaration",
        "method_declaration",
        "type_declaration",
        "const_declaration",
        "var_declaration",
        "method",
        "singleton_method",
        "class",
        "module",
    )
)


def _precedes_definition(node: tree_sitter.Node) -> bool:
    """A Go or Ruby comment directly above a declaration (its doc comment)."""
    following = node.next_named_sibling
    while following is not None and following.type == "comment":
        if following.start_point.row > node.end_point.row + 1:
            return False
        node, following = following, following.next_named_sibling
    return (
        following is not None
        and following.type in _DEFINITION_PARENTS
        and following.start_point.row <= node.end_point.row + 1
    )


def _first_statement(body: tree_sitter.Node) -> tree_sitter.Node | None:
    for i in range(body.named_child_count):
        child = body.named_child(i)
        if child is not None and child.type != "comment":
            return child
    return None


def _docstring_of(body: tree_sitter.Node) -> tree_sitter.Node | None:
    """The docstring of a module, function or class body, if it has one."""
    first = _first_statement(body)
    if first is None or first.type != "expression_statement" or first.named_child_count != 1:
        return None
    string = first.named_child(0)
    if string is None or string.type != "string" or not string.child_count:
        return None
    opening = string.children[0].text
    if opening is not None and opening and not re.search(b"[fFbBtT]", opening):
        return string
    return None


def _is_docstring(string: tree_sitter.Node) -> bool:
    """Whether a Python string is the docstring of its module, function or class."""
    statement = string.parent
    body = statement.parent if statement is not None else None
    if body is None:
        return False
    if body.type == "block":
        owner = body.parent
        if owner is None or owner.type not in ("function_definition", "class_definition"):
            return False
        if owner.child_by_field_name("body") != body:
            return False
    elif body.type != "module":
        return False
    return _docstring_of(body) == string


def _query_source(language: Language) -> str:
    kinds = " ".join(f"({kind})" for kind in language.comment_types)
    source = f"[{kinds}] @comment"
    return f"{source} {_PYTHON_BODIES}" if language.name == "python" else source


def _nodes(region: Region, tree: tree_sitter.Tree, key: tuple[str, str]) -> list[_Found]:
    """Every comment and docstring of a region's tree (one query), in order."""
    query = _query(tree, key, _query_source(region.language))
    found = tree_sitter.QueryCursor(query).captures(tree.root_node)
    nodes = [(node, False) for node in found.get("comment", ())]
    for body in found.get("body", ()):
        string = _docstring_of(body)
        if string is not None:
            nodes.append((string, True))
    nodes.sort(key=lambda pair: pair[0].start_byte)
    return nodes


def _node_at(region: Region, tree: tree_sitter.Tree, byte: int) -> _Found | None:
    """The comment or docstring holding the byte at `byte` of the region's source, if any."""
    node: tree_sitter.Node | None = tree.root_node.descendant_for_byte_range(byte, byte + 1)
    kinds = region.language.comment_types
    python = region.language.name == "python"
    held: _Found | None = None
    while node is not None:
        if node.start_byte <= byte < node.end_byte:
            if node.type in kinds:
                held = (node, False)
            elif python and node.type == "string" and _is_docstring(node):
                held = (node, True)
        node = node.parent
    return held


class _Offsets:
    """UTF-8 byte offsets -> str offsets, for offsets asked in increasing order."""

    def __init__(self, source: bytes, ascii_only: bool) -> None:
        self.source, self.ascii, self.byte, self.char = source, ascii_only, 0, 0

    def __call__(self, byte: int) -> int:
        if self.ascii:
            return byte
        while 0 < byte < len(self.source) and self.source[byte] & 0xC0 == 0x80:
            byte -= 1
        if byte < self.byte:
            self.byte = self.char = 0
        self.char += len(self.source[self.byte : byte].decode("utf-8", "surrogatepass"))
        self.byte = byte
        return self.char


def _newlines(text: str, start: int, end: int) -> list[int]:
    found = []
    at = text.find("\n", start, end)
    while at >= 0:
        found.append(at)
        at = text.find("\n", at + 1, end)
    return found


def _comments_of(region: Region, source: bytes, text: str, nodes: list[_Found]) -> list[Comment]:
    """The comments of these nodes (in order of start) of the region's tree, mapped back to
    the given text; a node overlapping the one before is left out."""
    code = region.text
    to_char = _Offsets(source, len(source) == len(code))
    found: list[Comment] = []
    last_end = -1
    for node, docstring in nodes:
        if node.start_byte < last_end or node.end_byte <= node.start_byte:
            continue
        start, end = to_char(node.start_byte), to_char(node.end_byte)
        body = code[start:end]
        replacement = _python_string(body) if docstring else empty_comment(body)
        if replacement is None or start >= end:
            continue
        last_end = node.end_byte
        origin_start = region.origin(start)
        origin_end = region.origin(end - 1) + 1
        gaps = [
            text[region.origin(i) : region.origin(i + 1)] if i < end - 1 else "\n"
            for i in _newlines(code, start, end)
        ]
        pieces = replacement.split("\n")
        if len(pieces) != len(gaps) + 1:
            continue
        mapped = "".join(piece + gap for piece, gap in zip(pieces, gaps, strict=False))
        mapped += pieces[-1]
        doc = (
            docstring
            or _is_doc(body)
            or (region.language.name in ("go", "ruby") and _precedes_definition(node))
        )
        found.append(Comment(origin_start, origin_end, doc, region.language.name, mapped))
    return found


class CodeComments:
    """The comments and docstrings of the code in a text, found a region at a time: a region
    is parsed when first asked about (its tree kept for the next question), so the regions
    nobody asks about cost nothing but finding them. In a region whose language is a guess,
    the comments where the guess may be wrong are left out (`veil.code.trust`)."""

    def __init__(self, text: str, path: str | None = None) -> None:
        self.text = text
        self.regions = code_regions(text, path)
        self._spans = [region.span for region in self.regions]
        self._starts = [start for start, _ in self._spans]
        self._ordered = all(
            a[1] <= b[0] for a, b in zip(self._spans, self._spans[1:], strict=False)
        )
        self._trees: dict[int, tuple[tree_sitter.Tree, bytes, tuple[str, str]]] = {}
        self._every: dict[int, list[Comment]] = {}

    def _tree(self, index: int) -> tuple[tree_sitter.Tree, bytes, tuple[str, str]]:
        parsed = self._trees.get(index)
        if parsed is None:
            region = self.regions[index]
            source = region.text.encode("utf-8", "surrogatepass")
            parsed = (parse(region.language, source), source, grammar_key(region.language, source))
            self._trees[index] = parsed
        return parsed

    def _region_at(self, offset: int) -> int | None:
        if not self._ordered:  # pragma: no cover - regions come in order of the text
            return next(
                (i for i, (start, end) in enumerate(self._spans) if start <= offset < end), None
            )
        index = bisect.bisect_right(self._starts, offset) - 1
        return index if index >= 0 and offset < self._spans[index][1] else None

    def _of_region(self, index: int) -> list[Comment]:
        found = self._every.get(index)
        if found is None:
            tree, source, key = self._tree(index)
            region = self.regions[index]
            nodes = _nodes(region, tree, key)
            if region.sniffed:
                distrust = Distrust(tree, source)
                nodes = [found for found in nodes if not distrust(found[0])]
            found = _comments_of(region, source, self.text, nodes)
            self._every[index] = found
        return found

    def every(self) -> list[Comment]:
        """Every comment and docstring, in order (every region parsed)."""
        return [c for index in range(len(self.regions)) for c in self._of_region(index)]

    def near(self, offsets: Iterable[int]) -> list[Comment]:
        """Every comment and docstring of the regions holding one of these offsets (of the
        text), in order; the other regions are not parsed."""
        wanted = {self._region_at(offset) for offset in offsets}
        return [
            c
            for index in sorted(i for i in wanted if i is not None)
            for c in self._of_region(index)
        ]

    def holding(self, offsets: Iterable[int]) -> list[Comment]:
        """The comments and docstrings holding one of these offsets (of the text), in order:
        what `every` has there, found from the tree at each offset rather than by a query
        over the whole tree."""
        by_region: dict[int, list[int]] = {}
        for offset in offsets:
            index = self._region_at(offset)
            if index is not None:
                by_region.setdefault(index, []).append(offset)
        found: list[Comment] = []
        for index in sorted(by_region):
            done = self._every.get(index)
            if done is not None:
                found.extend(_containing(done, by_region[index]))
                continue
            region = self.regions[index]
            within = sorted(
                {
                    at
                    for at in (region.offset_of(o, onward=True) for o in by_region[index])
                    if at is not None
                }
            )
            if not within:
                continue
            tree, source, _ = self._tree(index)
            nodes: dict[tuple[int, int], _Found] = {}
            for byte in _bytes_of(region.text, within, len(source) == len(region)):
                held = _node_at(region, tree, byte)
                if held is not None:
                    nodes.setdefault((held[0].start_byte, held[0].end_byte), held)
            ordered = [nodes[key] for key in sorted(nodes)]
            if region.sniffed:
                distrust = Distrust(tree, source)
                ordered = [found for found in ordered if not distrust(found[0])]
            found.extend(
                _containing(_comments_of(region, source, self.text, ordered), by_region[index])
            )
        return found


def _containing(comments: list[Comment], offsets: list[int]) -> list[Comment]:
    starts = [c.start for c in comments]
    held = set()
    for offset in offsets:
        i = bisect.bisect_right(starts, offset) - 1
        if i >= 0 and offset < comments[i].end:
            held.add(i)
    return [comments[i] for i in sorted(held)]


def _bytes_of(code: str, offsets: list[int], ascii_only: bool) -> list[int]:
    """UTF-8 byte offsets of these str offsets (ascending) of the code."""
    if ascii_only:
        return offsets
    out = []
    char = byte = 0
    for offset in offsets:
        byte += len(code[char:offset].encode("utf-8", "surrogatepass"))
        char = offset
        out.append(byte)
    return out


def comments_in(
    text: str, path: str | None = None, *, near: Iterable[int] | None = None
) -> list[Comment]:
    """The comments and docstrings of every piece of code in a text, in order; with `near`,
    only those of the pieces holding one of these offsets (the others are not parsed)."""
    code = CodeComments(text, path)
    return code.every() if near is None else code.near(near)


# --- where a comment may be, without parsing ----------------------------------------------------

# What opens a comment (or a docstring) on its own line; a line continued from the one before
# (a backslash at its end: C's line splice) counts as that line.
_OPENERS = re.compile(r"#|//|/\*|\*|--|<!--|\"\"\"|'''|=begin")
_LONGEST_OPENER = len("=begin")
_BLOCK = re.compile(r"/\*|\*/|=begin")


def _line_start(text: str, offset: int) -> int:
    start = text.rfind("\n", 0, offset) + 1
    while start > 0:
        end = start - 1
        if end > 0 and text[end - 1] == "\r":
            end -= 1
        if end > 0 and text[end - 1] == "\\":
            start = text.rfind("\n", 0, end - 1) + 1
        else:
            break
    return start


class _Blocks:
    """Whether a block comment may be open at an offset of a text, erring on yes.

    `/*` counts +1 and `*/` -1; one may be open where some run of these tokens ending before
    the offset sums above 0 (the largest such sum, kept token by token: nested comments, as
    Rust's, are counted right). A `*/` inside a string or a line comment is counted too, but it
    cannot close a comment that is open (inside a comment there are no strings), and every `/*`
    counts, so a comment that is open is never taken for closed. A `*/` on a line starting with
    `-` (a diff's removed line) is not counted; after a Ruby `=begin`, one may always be open."""

    def __init__(self, text: str) -> None:
        self.starts: list[int] = []
        self.open: list[bool] = []
        self.begin = len(text)
        if "/*" not in text and "=begin" not in text:
            return
        best = 0
        for m in _BLOCK.finditer(text):
            token = m.group()
            if token == "=begin":
                self.begin = min(self.begin, m.start())
                continue
            if token == "*/" and text.startswith("-", text.rfind("\n", 0, m.start()) + 1):
                continue
            best = (1 if token == "/*" else -1) + max(best, 0)
            self.starts.append(m.start())
            self.open.append(best > 0)

    def __call__(self, offset: int) -> bool:
        if offset > self.begin:
            return True
        index = bisect.bisect_left(self.starts, offset) - 1
        return index >= 0 and self.open[index]


def may_be_in_comment(text: str, offsets: Iterable[int]) -> list[int]:
    """The offsets of the text that may stand inside a comment, in the order given: an opener
    on its line before it (`#`, `//`, `/*`, `*`, `--`, `<!--`, `=begin`, triple quotes), or a
    block comment possibly open there. Cheap and erring on yes (a `#` in a string counts):
    every offset inside a comment is kept. Not every offset inside a multi-line Python
    docstring is (only on the lines of its quotes): a docstring is never stripped for a term
    it holds, and its business cues are found apart (`veil.code.business.cue_hits`)."""
    blocks: _Blocks | None = None
    kept: list[int] = []
    for offset in offsets:
        start = _line_start(text, offset)
        end = min(len(text), offset + _LONGEST_OPENER)
        if _OPENERS.search(text, start, end) is not None:
            kept.append(offset)
            continue
        if blocks is None:
            blocks = _Blocks(text)
        if blocks(offset):
            kept.append(offset)
    return kept
