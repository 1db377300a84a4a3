"""Progress of long work, the same way in every command: a rich bar on stderr when stderr is an
interactive terminal, nothing at all when it is piped or redirected (CI logs, `2>file`), and
nothing under `--quiet`. The packages doing the work only call the function they are given."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager

Advance = Callable[[int], None]  # called with how many more items are done


def _nothing(_: int) -> None:
    """The no-op `Advance` given when no bar is drawn."""


def shown(*, quiet: bool = False) -> bool:
    """Whether progress is drawn: not `quiet`, and stderr is a terminal."""
    return not quiet and sys.stderr.isatty()


@contextmanager
def progress(
    label: str, total: int | None = None, *, quiet: bool = False, minimum: int = 0
) -> Iterator[Advance]:
    """A function to call with the number of items just done. On a terminal it moves a bar
    (a count and the time spent when `total` is None, as for a git history still being read)
    that is erased when the work ends; elsewhere, or below `minimum` items, it does nothing."""
    if not shown(quiet=quiet) or (total is not None and total < minimum):
        yield _nothing
        return
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        ProgressColumn,
        SpinnerColumn,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )

    console = Console(stderr=True)
    if not console.is_interactive:  # TERM=dumb: no cursor moves to redraw a bar with
        yield _nothing
        return
    columns: list[ProgressColumn] = [TextColumn("{task.description}")]
    if total is None:
        columns = [SpinnerColumn(), *columns, TextColumn("{task.completed}"), TimeElapsedColumn()]
    else:
        columns += [BarColumn(), MofNCompleteColumn(), TimeRemainingColumn()]
    with Progress(*columns, console=console, transient=True) as bar:
        task = bar.add_task(label, total=total)
        yield lambda n: bar.advance(task, n)
