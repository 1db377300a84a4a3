"""The comments and docstrings of the code in a text, each with the empty comment of the same
syntax that would take its place: stripping keeps every line where it was and the code parsing."""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass

import tree_sitter

from veil.code.languages import grammar_key, parse
from veil.code.regions import Region, code_regions


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


def _query(tree: tree_sitter.Tree, key: tuple[str, str], source: str) -> tree_sitter.Query:
    query = _QUERIES.get((key, source))
    if query is None:
        with _QUERY_LOCK:
            query = _QUERIES.setdefault((key, source), tree_sitter.Query(tree.language, source))
    return query


def _captures(tree: tree_sitter.Tree, key: tuple[str, str], source: str) -> list[tree_sitter.Node]:
    found = tree_sitter.QueryCursor(_query(tree, key, source)).captures(tree.root_node)
    return [node for nodes in found.values() for node in nodes]


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


def _docstrings(tree: tree_sitter.Tree, key: tuple[str, str]) -> list[tree_sitter.Node]:
    found = []
    for body in _captures(tree, key, _PYTHON_BODIES):
        first = next((c for c in body.named_children if c.type != "comment"), None)
        if first is None or first.type != "expression_statement" or first.named_child_count != 1:
            continue
        string = first.named_children[0]
        opening = string.children[0].text if string.type == "string" and string.children else b""
        if opening is not None and opening and not re.search(b"[fFbBtT]", opening):
            found.append(string)
    return found


def _nodes(region: Region, source: bytes) -> list[tuple[tree_sitter.Node, bool]]:
    tree = parse(region.language, source)
    key = grammar_key(region.language, source)
    kinds = " ".join(f"({kind})" for kind in region.language.comment_types)
    nodes = [(node, False) for node in _captures(tree, key, f"[{kinds}] @comment")]
    if region.language.name == "python":
        nodes += [(node, True) for node in _docstrings(tree, key)]
    nodes.sort(key=lambda pair: pair[0].start_byte)
    return nodes


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


def _region_comments(region: Region, text: str) -> list[Comment]:
    source = region.text.encode("utf-8", "surrogatepass")
    to_char = _Offsets(source, len(source) == len(region.text))
    found: list[Comment] = []
    last_end = -1
    for node, docstring in _nodes(region, source):
        if node.start_byte < last_end or node.end_byte <= node.start_byte:
            continue
        start, end = to_char(node.start_byte), to_char(node.end_byte)
        body = region.text[start:end]
        replacement = _python_string(body) if docstring else empty_comment(body)
        if replacement is None or start >= end:
            continue
        last_end = node.end_byte
        origin_start = region.origin(start)
        origin_end = region.origin(end - 1) + 1
        gaps = [
            text[region.origin(i) : region.origin(i + 1)] if i < end - 1 else "\n"
            for i in _newlines(region.text, start, end)
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


def comments_in(text: str, path: str | None = None) -> list[Comment]:
    """The comments and docstrings of every piece of code in a text, in order."""
    comments: list[Comment] = []
    for region in code_regions(text, path):
        comments.extend(_region_comments(region, text))
    return comments
