"""How a command reports an error: one clear line on stderr, `veil: error: <what>; <the fix>`,
and exit code 2. A VeilError from a package, a usage error Click finds (an unknown option, a
missing argument) and an OSError nobody caught all end that way, never as a traceback."""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any, NoReturn

import typer
import typer.core

from veil.cli import help as help_text
from veil.errors import VeilError

USAGE_EXIT = 2
_DID_YOU_MEAN = re.compile(r"\.?\s*Did you mean (.+?)\??$")
_REPR_BYTE = re.compile(r"\\udc([89a-f][0-9a-f])")  # repr() of an undecodable byte


@contextmanager
def usage_errors() -> Iterator[None]:
    """Turn a VeilError into `veil: error: ...` and exit code 2 (never a traceback)."""
    try:
        yield
    except VeilError as exc:
        fail(str(exc))


def fail(message: str, code: int = USAGE_EXIT) -> NoReturn:
    """Print an error line and exit `code` (2, a usage error, unless told)."""
    typer.echo(f"veil: error: {one_line(message)}", err=True)
    raise typer.Exit(code)


def one_line(message: str) -> str:
    """`message` on one line: a multi-line message (git's, a driver's) has its lines joined,
    and bytes that are not UTF-8 (an argument `\xff`) are shown as `\xff`."""
    return " ".join(readable(part).strip() for part in message.splitlines() if part.strip())


def readable(text: str) -> str:
    """`text` with the undecodable bytes Python keeps as surrogates (U+DCFF for a byte 0xff
    in an argument or a file name), raw or as a repr() writes them (`'\\udcff'`), shown as
    `\\xff`."""
    try:
        raw = text.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:  # a lone surrogate that does not stand for a byte
        text = text.encode("utf-8", "backslashreplace").decode("utf-8")
    else:
        text = raw.decode("utf-8", "backslashreplace")
    return _REPR_BYTE.sub(r"\\x\1", text)


def usage_line(exc: typer.TyperException, where: str = "veil") -> str:
    """Click's report of a usage error as one line: what is wrong, and where the usage is
    (the failing command's path, else `where`)."""
    option = getattr(exc, "option_name", None)
    if option is not None and hasattr(exc, "possibilities"):  # an unknown option
        close: Sequence[str] = getattr(exc, "possibilities", None) or ()
        hint = f" (did you mean {' or '.join(sorted(close))}?)" if close else ""
        what = f"no such option: {option}{hint}"
    else:
        text = one_line(exc.format_message()).rstrip(".")
        what = _DID_YOU_MEAN.sub(lambda m: f" (did you mean {m.group(1)}?)", text)
        what = what[:1].lower() + what[1:]
    ctx = getattr(exc, "ctx", None)
    return readable(f"veil: error: {what}; see {ctx.command_path if ctx else where} --help")


class VeilGroup(typer.core.TyperGroup):
    """The `veil` command group: Click's usage errors and an OSError no command caught (an
    output path that cannot be written) are one `veil: error:` line, as a VeilError is. Its
    help, when not Rich (piped, NO_COLOR), is `help.plain`'s."""

    def __init__(self, **attrs: Any) -> None:
        super().__init__(**attrs)
        if self.rich_markup_mode is None:
            help_text.plain(self)

    def main(
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        windows_expand_args: bool = True,
        **extra: Any,
    ) -> Any:
        def run() -> Any:
            return super(VeilGroup, self).main(
                args, prog_name, complete_var, False, windows_expand_args, **extra
            )

        if not standalone_mode:
            return run()
        try:
            code = run()
        except typer.TyperException as exc:
            if type(exc).__name__ == "NoArgsIsHelpError":  # Rich help is already printed
                if exc.format_message():
                    typer.echo(exc.format_message().rstrip("\n"))
            else:
                typer.echo(usage_line(exc, self.path_in(args)), err=True)
            sys.exit(exc.exit_code)
        except typer.Abort:
            typer.echo("veil: aborted", err=True)
            sys.exit(1)
        except OSError as exc:
            where = f" {one_line(str(exc.filename))}" if exc.filename else ""
            why = exc.strerror or type(exc).__name__
            typer.echo(
                f"veil: error: cannot use{where} ({why}); check the path and its permissions",
                err=True,
            )
            sys.exit(USAGE_EXIT)
        sys.exit(code if isinstance(code, int) else 0)

    def path_in(self, args: Sequence[str] | None) -> str:
        """`veil audit list` for `audit list --limit`: the commands named at the start of
        `args` (the command line when None)."""
        words = ["veil"]
        command: typer.core.TyperGroup | object = self
        for arg in sys.argv[1:] if args is None else args:
            if not isinstance(command, typer.core.TyperGroup) or arg not in command.commands:
                break
            words.append(arg)
            command = command.commands[arg]
        return " ".join(words)
