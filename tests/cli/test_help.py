"""Every command's `--help` ends with examples that are real invocations of that command: each
starts its `veil ...` part with the command's own path, and parses against its real options."""

from __future__ import annotations

import os
import pty
import re
import shlex
import subprocess
import sys

import pytest
import typer.core
import typer.main
from typer.testing import CliRunner

from veil.cli.help import PlainFormatter, unfenced
from veil.cli.main import app

_STOP = {"|", ">", ">>", "<", ";", "&&", "||", "&"}
SECTION = re.compile(r"^[A-Z][a-z]+:$")  # `Options:` in plain help


def _commands(
    command: typer.core.TyperCommand | typer.core.TyperGroup, path: tuple[str, ...] = ()
) -> list[tuple[str, ...]]:
    found = [path]
    if isinstance(command, typer.core.TyperGroup):
        for name, sub in command.commands.items():
            assert isinstance(sub, typer.core.TyperCommand | typer.core.TyperGroup)
            found += _commands(sub, (*path, name))
    return found


def _root() -> typer.core.TyperGroup:
    root = typer.main.get_command(app.typer)
    assert isinstance(root, typer.core.TyperGroup)
    return root


ROOT = _root()
PATHS = _commands(ROOT)


def _command(path: tuple[str, ...]) -> typer.core.TyperCommand | typer.core.TyperGroup:
    found: typer.core.TyperCommand | typer.core.TyperGroup = ROOT
    for name in path:
        assert isinstance(found, typer.core.TyperGroup)
        sub = found.commands[name]
        assert isinstance(sub, typer.core.TyperCommand | typer.core.TyperGroup)
        found = sub
    return found


def examples(help_text: str) -> list[str]:
    """The lines of the `Example:`/`Examples:` block of a rendered `--help`: up to the panels
    (Rich, on a terminal) or the first section heading (`Options:`, plain)."""
    lines = help_text.splitlines()
    starts = [i for i, line in enumerate(lines) if line.strip() in ("Example:", "Examples:")]
    if not starts:
        return []
    block = []
    for line in lines[starts[0] + 1 :]:
        if line.lstrip().startswith("╭") or SECTION.match(line):
            break
        if line.strip():
            block.append(line.strip())
    return block


def invocation(line: str, path: tuple[str, ...]) -> list[str] | None:
    """The arguments after `veil PATH` in a shell line (pipes and redirections cut), or None."""
    lexer = shlex.shlex(line, posix=True, punctuation_chars=True)
    lexer.whitespace_split = True
    tokens = list(lexer)
    want = ["veil", *path]
    for i in range(len(tokens)):
        if tokens[i : i + len(want)] == want:
            rest = tokens[i + len(want) :]
            cut = [j for j, t in enumerate(rest) if t in _STOP]
            return rest[: cut[0]] if cut else rest
    return None


def unknown_options(
    command: typer.core.TyperCommand | typer.core.TyperGroup, args: list[str]
) -> list[str]:
    """The `-x`/`--name` in `args` that are not options of `command` (a value that follows an
    option is skipped; after `--`, or the first argument of a command that stops there, none)."""
    options: dict[str, typer.core.TyperOption | None] = {"--help": None}
    for param in command.params:
        if isinstance(param, typer.core.TyperOption):
            options.update(dict.fromkeys([*param.opts, *param.secondary_opts], param))
    interspersed = command.context_settings.get(
        "allow_interspersed_args", command.allow_interspersed_args
    )
    wrong, skip = [], False
    for token in args:
        if skip:
            skip = False
            continue
        if token == "--":
            break
        if token.startswith("-") and token != "-":
            name = token.split("=", 1)[0]
            if name not in options:
                wrong.append(name)
                continue
            option = options[name]
            if option is not None and "=" not in token:
                skip = not option.is_flag and not option.count
        elif not interspersed:
            break
    return wrong


CASES = [pytest.param(p, id=" ".join(("veil", *p))) for p in PATHS]


@pytest.mark.parametrize("path", CASES)
def test_help_has_examples_of_the_command_that_parse(path: tuple[str, ...]) -> None:
    res = CliRunner().invoke(app.typer, [*path, "--help"], env={"COLUMNS": "80"})
    assert res.exit_code == 0, res.output
    lines = examples(res.output)
    assert lines, f"no Example: section in veil {' '.join(path)} --help"
    own = " ".join(("veil", *path))
    assert any(line == own or line.startswith(own + " ") for line in lines), lines
    for line in lines:
        args = invocation(line, path)
        assert args is not None, f"{line!r} does not run {own}"
        full = [*path, *args]
        leaf: typer.core.TyperCommand | typer.core.TyperGroup = ROOT
        depth = 0
        while isinstance(leaf, typer.core.TyperGroup) and depth < len(full):
            sub = leaf.commands.get(full[depth])
            if sub is None:
                break
            assert isinstance(sub, typer.core.TyperCommand | typer.core.TyperGroup)
            leaf, depth = sub, depth + 1
        rest = full[depth:]
        assert not unknown_options(leaf, rest), f"{line!r}: {unknown_options(leaf, rest)}"
        # Click parses it for real: option values (a --format choice), arguments, counts.
        leaf.make_context(" ".join(("veil", *full[:depth])), list(rest))


def test_examples_of_a_help_text_are_read_up_to_the_panels() -> None:
    text = (
        "\n Usage: veil x\n\n Examples:\n\n\n  veil x --a\n  veil x -\n\n╭─ Options ─╮\n│ --a │\n"
    )
    assert examples(text) == ["veil x --a", "veil x -"]
    plain = "Usage: veil x\n\n  Examples:\n\n  veil x --a\n\nOptions:\n  --a  A.\n"
    assert examples(plain) == ["veil x --a"]
    assert examples("Usage: veil x\n\n Does x.\n") == []


def test_an_example_with_an_unknown_option_is_caught() -> None:
    scan = _command(("scan",))
    assert unknown_options(scan, ["--fromat", "json", "."]) == ["--fromat"]
    assert unknown_options(scan, ["--format", "json", "-o", "x.json", "--staged"]) == []
    assert invocation("git diff | veil scan - --format json > out.json", ("scan",)) == [
        "-",
        "--format",
        "json",
    ]
    assert invocation("claude mcp add veil -- veil mcp", ("mcp",)) == []
    assert invocation("veil serve", ("scan",)) is None


def test_help_is_plain_when_piped_and_reflowed() -> None:
    res = CliRunner().invoke(app.typer, ["--help"], env={"COLUMNS": "200"})
    assert res.exit_code == 0 and "\x1b[" not in res.output
    # `check`'s whole summary, its docstring's line breaks not kept, and not cut at 45 characters
    # as Click's command list does.
    summary = "Exit 1 when it would be blocked at an upstream (or at the --provider asked about)."
    assert summary in " ".join(res.output.split())
    res = CliRunner().invoke(app.typer, ["check", "--help"], env={"COLUMNS": "200"})
    assert "audit log ([audit] url)" in " ".join(res.output.split())  # not taken for markup


def _veil(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "veil", *args],
        env={**os.environ, "COLUMNS": "80", **(env or {})},
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )


def _on_a_terminal(*args: str, env: dict[str, str]) -> str:
    """What `python -m veil ARGS` writes to a real terminal (a pseudo-terminal)."""
    leader, follower = pty.openpty()
    env = {k: v for k, v in os.environ.items() if k != "NO_COLOR"} | {"COLUMNS": "80", **env}
    with subprocess.Popen(
        [sys.executable, "-m", "veil", *args], stdout=follower, stderr=follower, env=env
    ) as child:
        os.close(follower)
        out = b""
        while True:
            try:
                chunk = os.read(leader, 65536)
            except OSError:  # the child closed the terminal
                break
            if not chunk:
                break
            out += chunk
        assert child.wait(timeout=120) == 0
    os.close(leader)
    return out.decode()


BOX = re.compile("[\u2500-\u257f]")


@pytest.mark.parametrize("path", CASES)
def test_piped_help_is_plain_text(path: tuple[str, ...]) -> None:
    res = _veil(*path, "--help")
    assert res.returncode == 0, res.stderr
    out = res.stdout
    assert out.startswith("Usage: ") and f"veil {' '.join(path)}".strip() in out.splitlines()[0]
    assert not BOX.search(out) and "\x1b[" not in out
    assert all(line == line.rstrip() for line in out.splitlines()), "trailing blanks"
    for typer_label in ("<bool>", "<list[", "range>", "```"):
        assert typer_label not in out
    assert "\n\n\n" not in out
    assert examples(out)


def test_help_on_a_terminal_keeps_rich_panels_and_no_color_makes_it_plain() -> None:
    rich = _on_a_terminal("scan", "--help", env={"TERM": "xterm"})
    assert "╭" in rich and "veil scan --staged" in rich
    plain = _on_a_terminal("scan", "--help", env={"TERM": "xterm", "NO_COLOR": "1"})
    assert plain.startswith("Usage: ") and "veil scan [OPTIONS]" in plain
    assert not BOX.search(plain)
    assert "\x1b[" not in plain and "veil scan --staged" in plain


def test_veil_alone_prints_the_plain_help_on_stdout() -> None:
    res = _veil()
    assert res.returncode == 2 and res.stderr == ""
    assert res.stdout.startswith("Usage: ") and "veil [OPTIONS] COMMAND" in res.stdout
    assert "scan" in res.stdout


def test_a_fenced_block_keeps_its_lines_and_type_labels_read_as_values() -> None:
    fenced = "Examples:\n\n```\nveil a\nveil b\n```\n"
    assert unfenced(fenced) == "Examples:\n\n\b\nveil a\nveil b\n"
    formatter = PlainFormatter(width=60)
    formatter.write_text("Examples:\n\n```\nveil scan .\nveil scan --staged\n```")
    formatter.write_dl([("paths... <list[str]>", "Files."), ("-j, --jobs <int range>", "Jobs.")])
    assert formatter.getvalue().splitlines() == [
        "Examples:",
        "",
        "veil scan .",
        "veil scan --staged",
        "paths...          Files.",
        "-j, --jobs <int>  Jobs.",
    ]
