"""`veil sanitize` and `veil restore`: texts and trees disguised for a web chat, and turned back."""

from __future__ import annotations

import os
import sys
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from veil.cli.errors import fail, usage_errors
from veil.cli.progress import progress

if TYPE_CHECKING:
    from veil.config import Settings
    from veil.pipeline.text import TextSanitizer

MAX_INPUT_BYTES = 32 * 1024 * 1024  # one file or stdin: a paste, not a data dump
MAX_TREE_FILE_BYTES = 2 * 1024 * 1024  # larger files in a tree are skipped
PROGRESS_MIN_FILES = 50  # a progress bar (on a terminal) only for trees at least this big
BINARY_SNIFF = 8192
# The characters of every token veil hands out: a run of them is restored or left whole.
# Summary groups in order: (singular, plural).
_GROUPS = {
    "secret": ("secret", "secrets"),
    "pii": ("piece of personal data", "pieces of personal data"),
    "name": ("name", "names"),
    "host": ("host", "hosts"),
    "comment": ("comment stripped", "comments stripped"),
}

Convert = Callable[[str, str | None], str]  # (text, its absolute path) -> converted text


def sanitize(
    inputs: list[str] = typer.Argument(None, help="Files (directories with --out); - for stdin."),
    out: Path | None = typer.Option(
        None, "--out", metavar="DIR", help="Write each sanitized file, paths disguised, under DIR."
    ),
    show_map: bool = typer.Option(
        False, "--show-map", help="Print the tokens with their originals masked, on stderr."
    ),
    copy: bool = typer.Option(
        False, "--copy", help="Also copy the sanitized text to the clipboard."
    ),
    config: Path | None = typer.Option(None, "--config", "-c", help="veil.toml to use."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No summary on stderr."),
) -> None:
    """Mask secrets and personal data, rename organisation terms and hosts, strip comments as
    configured; the map is saved, encrypted, for `veil restore`.

    Examples:

    ```
    veil sanitize src/billing/client.py --copy
    git diff | veil sanitize - > change.txt
    veil sanitize --out /tmp/shared src/
    ```
    """
    with usage_errors():
        settings = _settings(config, copy, out)
        sanitizer = _open(settings)
        counts: Counter[str] = Counter()
        seen: list[str] = []  # the texts that hold the tokens, for --show-map

        def convert(text: str, path: str | None) -> str:
            done = sanitizer.sanitize(text, path=path)
            counts.update(done.counts)
            if show_map:
                seen.append(done.text)
            return done.text

        def rename(path: str) -> str:
            return sanitizer.sanitize(path).text

        names = inputs or ["-"]
        extra: list[str] = []
        texts: list[str] = []
        if out is None:
            texts = _convert_inputs(names, convert, rename, "sanitize")
            what = "standard input" if names == ["-"] else _plural(len(names), "file", "files")
        else:
            files, renamed, skipped = _tree(names, out, convert, rename, quiet, "sanitizing")
            what = _plural(files, "file", "files") + f" into {out}"
            if renamed:
                extra.append(_plural(renamed, "path renamed", "paths renamed"))
            if skipped:
                extra.append(_plural(skipped, "non-text file skipped", "non-text files skipped"))
        try:
            sanitizer.save()
        except OSError as exc:
            from veil.pipeline.text import vault_path

            why = exc.strerror or type(exc).__name__
            fail(f"cannot write the vault ({why}); check that {vault_path().parent} is writable")
    _finish(texts, copy, seen if show_map else None, sanitizer)
    if not quiet:
        found = ", ".join(_summary(counts, settings) + extra) or "nothing to hide"
        typer.echo(
            f"veil: sanitized {what}: {found}; map saved (restore with: veil restore)", err=True
        )


def restore(
    source: str | None = typer.Argument(None, help="The answer: a file, or - (default) for stdin."),
    out: Path | None = typer.Option(
        None,
        "--out",
        metavar="DIR",
        help="Restore a tree sanitized with --out (paths too) into DIR.",
    ),
    show_map: bool = typer.Option(
        False, "--show-map", help="Print the tokens found with their originals masked, on stderr."
    ),
    copy: bool = typer.Option(
        False, "--copy", help="Also copy the restored text to the clipboard."
    ),
    config: Path | None = typer.Option(None, "--config", "-c", help="veil.toml to use."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No summary on stderr."),
) -> None:
    """Turn the tokens of an answer (or a sanitized tree) back into their originals.

    Examples:

    ```
    veil restore
    veil restore answer.md --copy
    veil restore --out src-back /tmp/shared
    ```
    """
    with usage_errors():
        sanitizer = _open(_settings(config, copy, out))
        tokens = 0
        seen: list[str] = []  # the texts that hold the tokens, for --show-map

        def convert(text: str, path: str | None) -> str:
            nonlocal tokens
            if show_map:
                seen.append(text)
            restored, count = sanitizer.restored(text)
            tokens += count
            return restored

        name = source or "-"
        texts: list[str] = []
        if out is None:
            texts = _convert_inputs([name], convert, sanitizer.restore, "restore")
            where = ""
        else:
            files, _, _ = _tree([name], out, convert, sanitizer.restore, quiet, "restoring")
            where = f" in {_plural(files, 'file', 'files')} into {out}"
    _finish(texts, copy, seen if show_map else None, sanitizer)
    if not quiet:
        typer.echo(f"veil: restored {_plural(tokens, 'token', 'tokens')}{where}", err=True)


def _settings(config: Path | None, copy: bool, out: Path | None) -> Settings:
    from veil.config import load_settings

    if copy and out is not None:
        fail("--copy copies the text printed on stdout; with --out there is none")
    return load_settings(config)


def _open(settings: Settings) -> TextSanitizer:
    """The sanitizer over this machine's map; a vault it cannot open is a usage error."""
    from veil.pipeline.text import TextSanitizer, vault_path
    from veil.vault.sealed import SealedError

    try:
        return TextSanitizer(settings)
    except SealedError as exc:
        why = exc.reason.removeprefix("cannot be opened with this vault key").strip(" ()")
        fail(
            f"the vault cannot be opened with this key ({why}); delete {vault_path()} to start"
            " a new map"
        )
    except ValueError as exc:  # a vault key file too short: its message names the file
        fail(str(exc))
    except OSError as exc:
        why = exc.strerror or type(exc).__name__
        fail(f"cannot open the vault ({why}); check that {vault_path()} can be read")


def _convert_inputs(
    names: list[str], convert: Convert, rename: Callable[[str], str], verb: str
) -> list[str]:
    """Each input converted; with several, each after a `==> path <==` line (path converted)."""
    texts: list[str] = []
    for name in names:
        text, path = _read_input(name, verb)
        done = convert(text, path)
        if len(names) > 1:
            texts.append(("\n" if texts else "") + f"==> {rename(name)} <==\n")
        texts.append(done)
        if len(names) > 1 and not done.endswith("\n"):
            texts.append("\n")
    return texts


def _read_input(name: str, verb: str) -> tuple[str, str | None]:
    """(text, absolute path or None) of a file or of stdin (`-`); usage errors otherwise."""
    path = None if name == "-" else Path(name)
    where = "stdin" if path is None else name
    if path is None:
        data = sys.stdin.buffer.read(MAX_INPUT_BYTES + 1)
    elif path.is_dir():
        fail(f"{name}: a directory; veil {verb} --out DIR converts a tree")
    else:
        try:
            with path.open("rb") as fh:
                data = fh.read(MAX_INPUT_BYTES + 1)
        except OSError as exc:
            why = exc.strerror or type(exc).__name__
            fail(f"{name}: cannot read ({why}); give a file that exists, or - for stdin")
    if len(data) > MAX_INPUT_BYTES:
        fail(
            f"{where}: larger than {MAX_INPUT_BYTES} bytes; give smaller files, or a tree with"
            " --out"
        )
    text = _decode(data)
    if text is None:
        fail(f"{where}: a binary file (or not UTF-8); veil {verb} reads text")
    return text, None if path is None else str(path.resolve())


def _decode(data: bytes) -> str | None:
    """The text of `data`, or None when it is binary or not UTF-8 (so it comes back exact)."""
    if b"\x00" in data[:BINARY_SNIFF]:
        return None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return None


def _tree(
    names: list[str],
    out: Path,
    convert: Convert,
    rename: Callable[[str], str],
    quiet: bool,
    label: str,
) -> tuple[int, int, int]:
    """Convert the text files under `names` into `out`, their relative paths renamed too;
    (files written, paths renamed, files skipped). A bar labelled `label` on a terminal."""
    from veil.scan.walk import iter_files

    tasks: list[tuple[Path, str]] = []
    for name in names:
        root = Path(name)
        if name == "-" or not root.exists():
            fail(f"{name}: no such file or directory (--out converts files and directories)")
        inside, there = root.resolve(), out.resolve()
        if there == inside or inside in there.parents or there in inside.parents:
            fail(f"--out {out} and {name} overlap; choose a directory outside the input")
        base = root if root.is_dir() else root.parent
        for file, _ in iter_files([root], max_size=MAX_TREE_FILE_BYTES):
            tasks.append((Path(file), Path(file).relative_to(base).as_posix()))
    written: dict[str, str] = {}
    renamed = skipped = 0
    with progress(label, len(tasks), quiet=quiet, minimum=PROGRESS_MIN_FILES) as advance:
        for found, rel in tasks:
            advance(1)
            text = _decode(found.read_bytes())
            if text is None:
                skipped += 1
                continue
            new = _checked(rename(rel), rel)
            if written.setdefault(new, rel) != rel:
                fail(
                    f"{rel} and {written[new]} would both be written to {new}; rename one, or"
                    " convert them separately"
                )
            renamed += new != rel
            done = convert(text, str(found.resolve()))
            dest = out / new
            dest.parent.mkdir(parents=True, exist_ok=True)
            dest.write_bytes(done.encode("utf-8"))
            os.chmod(dest, found.stat().st_mode & 0o7777)
    return len(written), renamed, skipped


def _checked(new: str, rel: str) -> str:
    """`new`, a converted relative path, if it still is one (no `..`, not absolute)."""
    parts = new.split("/")
    if new.startswith("/") or any(p in ("", ".", "..") or "\0" in p for p in parts):
        fail(f"{rel}: its converted path is not a usable relative path; rename it, or leave it out")
    return new


def _finish(texts: list[str], copy: bool, seen: list[str] | None, sanitizer: TextSanitizer) -> None:
    """Print the text (none under --out), copy it, and show the map of the tokens `seen`."""
    from veil.cli.clipboard import ClipboardError, copy_text

    text = "".join(texts)
    sys.stdout.buffer.write(text.encode("utf-8"))
    sys.stdout.buffer.flush()
    if copy:
        try:
            copy_text(text)
        except ClipboardError as exc:
            typer.echo(f"veil: warning: not copied: {exc}", err=True)
    if seen is not None:
        _print_map(sanitizer, "\n".join(seen).lower())


def _print_map(sanitizer: TextSanitizer, lowered: str) -> None:
    """The map's entries whose token is in the text: kind, token, original masked."""
    from rich.console import Console
    from rich.table import Table

    rows = [e for e in sanitizer.entries() if e.token.lower() in lowered]
    console = Console(stderr=True, highlight=False, soft_wrap=True)
    if not rows:
        console.print("veil: no tokens in this text")
        return
    table = Table("kind", "token", "original (masked)", box=None, pad_edge=False)
    for entry in sorted(rows, key=lambda e: (e.kind, e.token)):
        table.add_row(entry.kind, entry.token, entry.masked)
    console.print(table)


def _summary(counts: Counter[str], settings: Settings) -> list[str]:
    """`2 secrets`, `5 names`, ...: what was replaced, by group, in a fixed order."""
    from veil.config import active_rules
    from veil.detect import recall
    from veil.types import Category

    categories = {r.kind: r.category for r in (*active_rules(settings), *recall.RULES)}
    groups: Counter[str] = Counter()
    for kind, n in counts.items():
        if kind == "comment":
            groups["comment"] += n
        elif kind in ("internal_host", "internal_url"):
            groups["host"] += n
        elif categories.get(kind) is Category.ORG:
            groups["name"] += n
        else:
            groups["pii" if categories.get(kind) is Category.PII else "secret"] += n
    return [_plural(groups[g], *words) for g, words in _GROUPS.items() if groups[g]]


def _plural(n: int, one: str, many: str) -> str:
    """`1 file`, `2 files`: `one` or `many` by `n`, after `n`."""
    return f"{n} {one if n == 1 else many}"
