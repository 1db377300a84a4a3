"""Where a region's language is a guess (`Region.sniffed`: no path, no fence info), which of
its comments not to take for comments: stripping one where the guess is wrong would eat code or
prose (`export API=https://...` taken for JavaScript loses all after `//`)."""

from __future__ import annotations

import bisect
import itertools

import tree_sitter


def _error_ranges(tree: tree_sitter.Tree) -> list[tuple[int, int]]:
    """The byte ranges of a tree's ERROR and MISSING nodes (a MISSING one: one byte), in
    order of start."""
    found: list[tuple[int, int]] = []
    stack = [tree.root_node]
    while stack:
        node = stack.pop()
        if node.is_error or node.is_missing:
            found.append((node.start_byte, max(node.end_byte, node.start_byte + 1)))
        stack.extend(child for child in node.children if child.has_error or child.is_missing)
    return sorted(found)


class Distrust:
    """Which comments of a region whose language is a guess (`Region.sniffed`: no path, no
    fence info) are not taken for comments: where the guess may be wrong, stripping one would
    eat code or prose. Not trusted: a comment on a line that parses with errors up to the
    comment's end (prose taken for JavaScript: `The spec is at https://wiki...`, shell's
    `export API=https://...`), or inside an ERROR node; a `//` comment right after `:` (a URL's
    scheme). A comment on a line of its own, in a tree whose errors are elsewhere (a listing
    of part of a file, cut mid-block), is trusted."""

    def __init__(self, tree: tree_sitter.Tree, source: bytes) -> None:
        self.source = source
        ranges = _error_ranges(tree) if tree.root_node.has_error else []
        self.starts = [start for start, _ in ranges]
        self.reach = list(itertools.accumulate((end for _, end in ranges), max))

    def __call__(self, node: tree_sitter.Node) -> bool:
        start = node.start_byte
        if start > 0 and self.source[start - 1] == 0x3A and self.source.startswith(b"//", start):
            return True
        index = bisect.bisect_left(self.starts, node.end_byte)
        return index > 0 and self.reach[index - 1] > self.source.rfind(b"\n", 0, start) + 1
