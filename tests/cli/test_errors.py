"""Every error is one line on stderr, `veil: error: <what>; <the fix>`, with exit code 2: usage
errors Click finds, configuration errors, missing files, git, the audit store, a busy port, the
vault. Real processes (`python -m veil`), as a user meets them."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from veil.cli.errors import fail, one_line, readable, usage_line

PASSWORD = "pw-" + "s3cr3t-k7x9"  # built here: a URL's password must never be printed


def veil(*args: str, cwd: Path, config: str = "config") -> subprocess.CompletedProcess[str]:
    env = dict(os.environ)
    env.update(
        HOME=str(cwd / "home"),
        XDG_CONFIG_HOME=str(cwd / config),
        XDG_DATA_HOME=str(cwd / "data"),
        NO_COLOR="1",
    )
    env.pop("VEIL_AUDIT_URL", None)
    return subprocess.run(
        [sys.executable, "-m", "veil", *args],
        cwd=cwd,
        env=env,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )


@contextmanager
def busy_port() -> Iterator[int]:
    with socket.socket() as held:
        held.bind(("127.0.0.1", 0))
        held.listen()
        yield held.getsockname()[1]


def _typo(tmp: Path) -> None:
    (tmp / "veil.toml").write_text("[scan]\nmax_fil_size = 10\n")


def _vault_under_another_key(tmp: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "veil", "sanitize", "-q"],
        cwd=tmp,
        env={
            **os.environ,
            "XDG_CONFIG_HOME": str(tmp / "first"),
            "XDG_DATA_HOME": str(tmp / "data"),
        },
        input="x\n",
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr


def _a_repository(tmp: Path) -> None:
    subprocess.run(["git", "init", "-q", str(tmp)], check=True)


def _a_file(tmp: Path) -> None:
    (tmp / "file.txt").write_text("hello\n")


def _a_tree_and_a_file(tmp: Path) -> None:
    _a_file(tmp)
    (tmp / "src").mkdir()
    (tmp / "src" / "a.txt").write_text("hello\n")


Setup = Callable[[Path], None] | None
PG = f"postgresql://veil:{PASSWORD}@127.0.0.1:1/veil"
CASES: list[tuple[str, tuple[str, ...], Setup, str]] = [
    # Click's usage errors
    (
        "unknown option",
        ("scan", "--fromat", "json"),
        None,
        "no such option: --fromat (did you mean --format?); see ",
    ),
    ("unknown command", ("scna",), None, "no such command 'scna' (did you mean 'scan'?); see "),
    ("missing argument", ("audit", "show"), None, "missing argument 'seq'; see "),
    (
        "missing option",
        ("incidents", "report", "--kind", "aws_access_key_id"),
        None,
        "missing option '--where'",
    ),
    (
        "option without its value",
        ("audit", "list", "--limit"),
        None,
        "option '--limit' requires an argument; see veil audit list --help",
    ),
    ("value out of range", ("serve", "--port", "99999"), None, "invalid value for '--port' / '-p'"),
    ("not a choice", ("scan", "--format", "xml"), None, "invalid value for '--format' / '-f'"),
    # configuration, files, git
    (
        "config typo",
        ("scan", "."),
        _typo,
        "scan.max_fil_size: unknown key (did you mean 'max_file_size'?)",
    ),
    (
        "missing path",
        ("scan", "missing"),
        None,
        "no such file or directory: missing; check the path",
    ),
    (
        "git outside a repository",
        ("scan", "--staged"),
        None,
        "not inside a git work tree; run it in a repository",
    ),
    (
        "unknown revision",
        ("scan", "--diff", "nosuch"),
        _a_repository,
        "bad revision 'nosuch'; give a revision git knows",
    ),
    (
        "check --diff outside a repository",
        ("check", "--diff", "HEAD"),
        None,
        "not inside a git work tree",
    ),
    (
        "report cannot be written",
        ("scan", "-o", "file.txt/report.txt", "."),
        _a_file,
        "--output file.txt/report.txt: cannot write",
    ),
    (
        "missing input",
        ("check", "missing.txt"),
        None,
        "missing.txt: cannot read (No such file or directory); give a file",
    ),
    (
        "tree cannot be written",
        ("sanitize", "--out", "file.txt/sub", "src"),
        _a_tree_and_a_file,
        "cannot use file.txt/sub",
    ),
    # the audit store
    ("unreachable PostgreSQL", ("audit", "list", "--url", PG), None, "connection failed"),
    (
        "no such store",
        ("audit", "verify", "--url", "sqlite:///nope.db"),
        None,
        "no audit store at nope.db; give the store's --url",
    ),
    (
        "misspelt filter",
        ("audit", "list", "--tier", "Restricted-ish"),
        None,
        "not one of Public, Internal, Restricted",
    ),
    (
        "no such incident",
        ("incidents", "show", "9"),
        None,
        "no incident 9; see veil incidents list --all",
    ),
    # the vault
    (
        "vault under another key",
        ("restore",),
        _vault_under_another_key,
        "cannot be opened with this key",
    ),
]


@pytest.mark.parametrize(
    ("args", "setup", "expected"), [pytest.param(a, s, e, id=i) for i, a, s, e in CASES]
)
def test_error_is_one_line_with_its_fix_and_exit_two(
    tmp_path: Path, args: tuple[str, ...], setup: Setup, expected: str
) -> None:
    (tmp_path / "home").mkdir()
    if setup is not None:
        setup(tmp_path)
    res = veil(*args, cwd=tmp_path)
    assert_one_error_line(res, expected)


@pytest.mark.parametrize("command", ["serve", "dashboard"])
def test_a_port_in_use_is_one_line(tmp_path: Path, command: str) -> None:
    with busy_port() as port:
        res = veil(command, "--port", str(port), cwd=tmp_path)
    assert_one_error_line(res, f"cannot listen on 127.0.0.1:{port}")


def test_a_port_in_use_says_what_to_do(tmp_path: Path) -> None:
    with busy_port() as port:
        res = veil("serve", "--port", str(port), cwd=tmp_path)
    assert_one_error_line(res, "--port")


def test_the_password_of_an_audit_url_is_never_printed(tmp_path: Path) -> None:
    for command in (("audit", "list"), ("audit", "verify"), ("incidents", "list"), ("dashboard",)):
        res = veil(*command, "--url", PG, cwd=tmp_path)
        assert_one_error_line(res, "postgresql://veil:***@127.0.0.1:1/veil")
        assert PASSWORD not in res.stdout + res.stderr


def assert_one_error_line(
    res: subprocess.CompletedProcess[str], expected: str, *, fix: bool = True
) -> None:
    assert res.returncode == 2, res.stderr
    assert "Traceback" not in res.stderr
    lines = res.stderr.splitlines()
    assert len(lines) == 1, res.stderr
    assert lines[0].startswith("veil: error: "), lines[0]
    assert expected in lines[0]
    what_and_fix = lines[0].removeprefix("veil: error: ")
    if fix:
        assert "; " in what_and_fix or what_and_fix.endswith(")"), "no fix given: " + lines[0]


def test_a_multi_line_message_is_joined() -> None:
    assert one_line("connection failed:\n  Is the server running?\n") == (
        "connection failed: Is the server running?"
    )


def test_usage_line_without_a_context_names_the_command_given() -> None:
    exc = typer.BadParameter("must be positive")
    assert usage_line(exc, "veil scan") == (
        "veil: error: invalid value: must be positive; see veil scan --help"
    )


def _veil_bytes(*args: bytes, cwd: Path) -> subprocess.CompletedProcess[bytes]:
    env = dict(os.environ, HOME=str(cwd / "home"), XDG_CONFIG_HOME=str(cwd / "config"))
    env.pop("VEIL_AUDIT_URL", None)
    return subprocess.run(
        [sys.executable.encode(), b"-m", b"veil", *args],
        cwd=cwd,
        env=env,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        check=False,
        timeout=120,
    )


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        ([b"\xff"], "no such command '\\xff'"),
        ([b"scan", b"\xff"], ": \\xff;"),
        ([b"scan", b"--\xfe"], "no such option: --\\xfe;"),
        ([b"scan", b"--config", b"caf\xe9.toml"], "caf\\xe9.toml"),
        ([b"audit", b"list", b"--since", b"\xff"], "--since '\\xff'"),
    ],
    ids=["command", "path", "option", "config", "repr in a message"],
)
def test_bytes_that_are_not_utf8_are_shown_as_hex(
    tmp_path: Path, args: list[bytes], expected: str
) -> None:
    res = _veil_bytes(*args, cwd=tmp_path)
    err = res.stderr.decode("utf-8")  # strict: no surrogate was written
    assert res.returncode == 2, err
    assert err.startswith("veil: error: ") and err.count("\n") == 1, err
    assert expected in err and "\\udc" not in err, err


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("\udcff", "\\xff"),  # a byte 0xff kept by surrogateescape
        (repr("x\udce9"), "'x\\xe9'"),  # as repr() writes it in Click's messages
        ("café ✓", "café ✓"),  # UTF-8 text stays as it is
        ("\ud800", "\\ud800"),  # a lone surrogate that is not a byte: escaped, not an error
    ],
)
def test_readable(text: str, shown: str) -> None:
    assert readable(text) == shown


def test_fail_writes_one_readable_line_and_exits_with_the_code_given() -> None:
    app = typer.Typer()

    @app.command()
    def boom() -> None:
        fail("no such command: \udcff; is it installed and on PATH?", 127)

    res = CliRunner().invoke(app, [])
    assert res.exit_code == 127
    assert res.stderr == "veil: error: no such command: \\xff; is it installed and on PATH?\n"
