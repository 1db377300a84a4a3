"""How `--help` looks: Rich panels on a terminal, plain text when piped or with NO_COLOR.

Plain help is Click's own layout (no box drawing, no trailing blanks, a flag shown without a
value) with two mends for veil's Markdown help texts: a fenced block (the examples) keeps its
lines, and Typer's type labels that read as values (`<list[str]>` after an argument's name,
`<int range>`) become what a reader types.
"""

from __future__ import annotations

import inspect
import os
import re
import sys
from collections.abc import Sequence

from typer import _click
from typer._click.formatting import HelpFormatter

_FENCE = re.compile(r"^[ \t]*```[^\n]*\n(.*?)^[ \t]*```[ \t]*$", re.MULTILINE | re.DOTALL)
_TYPES = {" <list[str]>": "", "<int range>": "<int>", "<float range>": "<float>"}


def rich_help() -> bool:
    """Help in Rich panels: only when stdout is a terminal and NO_COLOR is not set."""
    term = os.environ.get("TERM", "")
    return sys.stdout.isatty() and not os.environ.get("NO_COLOR") and term != "dumb"


def unfenced(text: str) -> str:
    """`text` with each ``` block made a Click no-rewrap paragraph (`\\b`), its lines kept."""
    return _FENCE.sub(lambda m: "\b\n" + m.group(1).rstrip("\n"), text)


class PlainFormatter(HelpFormatter):
    """Click's help formatter, with veil's fenced examples and readable type labels."""

    def write_text(self, text: str) -> None:
        super().write_text(unfenced(text))

    def write_dl(
        self, rows: Sequence[tuple[str, str]], col_max: int = 30, col_spacing: int = 2
    ) -> None:
        super().write_dl([(_names(first), second) for first, second in rows], col_max, col_spacing)


def _names(first: str) -> str:
    for typer_label, shown in _TYPES.items():
        first = first.replace(typer_label, shown)
    return first


class PlainContext(_click.Context):
    """A Click context whose help is written by `PlainFormatter`."""

    formatter_class = PlainFormatter


def plain(command: _click.Command) -> None:
    """Make `command` and every command under it write plain help: `PlainContext`, and a
    command's whole summary (its first paragraph) in a group's list, not Click's cut at 45
    characters."""
    command.context_class = PlainContext
    for sub in getattr(command, "commands", {}).values():
        if sub.short_help is None and sub.help:
            summary = inspect.cleandoc(sub.help).partition("\n\n")[0]
            sub.short_help = " ".join(summary.split())
        plain(sub)
