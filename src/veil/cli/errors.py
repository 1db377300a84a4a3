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

from veil.errors import VeilError

USAGE_EXIT = 2
_DID_YOU_MEAN = re.compile(r"\.?\s*Did you mean (.+?)\??$")


@contextmanager
def usage_errors() -> Iterator[None]:
    """Turn a VeilError into `veil: error: ...` and exit code 2 (never a traceback)."""
    try:
        yield
    except VeilError as exc:
        fail(str(exc))


def fail(message: str) -> NoReturn:
    """Print a usage error and exit 2."""
    typer.echo(f"veil: error: {one_line(message)}", err=True)
    raise typer.Exit(USAGE_EXIT)


def one_line(message: str) -> str:
    """`message` on one line: a multi-line message (git's, a driver's) has its lines joined."""
    return " ".join(part.strip() for part in message.splitlines() if part.strip())


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
    return f"veil: error: {what}; see {ctx.command_path if ctx else where} --help"


class VeilGroup(typer.core.TyperGroup):
    """The `veil` command group: Click's usage errors and an OSError no command caught (an
    output path that cannot be written) are one `veil: error:` line, as a VeilError is."""

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
            if type(exc).__name__ != "NoArgsIsHelpError":  # its help is already printed
                typer.echo(usage_line(exc, self.path_in(args)), err=True)
            sys.exit(exc.exit_code)
        except typer.Abort:
            typer.echo("veil: aborted", err=True)
            sys.exit(1)
        except OSError as exc:
            where = f" {exc.filename}" if exc.filename else ""
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
