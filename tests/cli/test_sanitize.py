"""`veil sanitize` and `veil restore` as real processes: each restore runs in a new process that
only has the encrypted vault file, as when an answer is pasted back later."""

from __future__ import annotations

import filecmp
import os
import subprocess
import sys
from pathlib import Path

from tests.factories import aws_key_id, email
from veil.pipeline.text import hide

CONFIG = '[org]\nterms = ["Acme"]\ndomains = ["corp.acme.com"]\n'


def veil(
    *args: str, cwd: Path, stdin: bytes = b"", path: str | None = None, config: str = "config"
) -> subprocess.CompletedProcess[bytes]:
    """`veil ARGS` in `cwd`, with the vault key and data under it (`config`: the key's folder)."""
    env = dict(os.environ)
    env["XDG_CONFIG_HOME"] = str(cwd / config)
    env["XDG_DATA_HOME"] = str(cwd / "data")
    if path is not None:
        env["PATH"] = path
    return subprocess.run(
        [sys.executable, "-m", "veil", *args],
        cwd=cwd,
        input=stdin,
        capture_output=True,
        env=env,
        check=False,
    )


def _planted(seed: str) -> tuple[str, list[str]]:
    """A source file with a secret, an e-mail, organisation terms and an internal host, and those
    originals. CRLF, a non-ASCII letter and no final newline: restore must give back each byte."""
    key, address = aws_key_id(seed), email(seed)
    text = (
        '"""Résumé of the billing client."""\r\n'
        f'API_KEY = "{key}"\n'
        f'OWNER = "{address}"\n'
        "# retries three times\n"
        "class AcmeBillingClient:\n"
        '    host = "billing.corp.acme.com"'
    )
    return text, [key, address, "Acme", "acme", "corp.acme.com"]


def test_sanitize_hides_every_original_and_restore_gives_back_the_bytes(tmp_path: Path) -> None:
    (tmp_path / "veil.toml").write_text(CONFIG)
    text, originals = _planted("sanitize-file")
    (tmp_path / "client.py").write_bytes(text.encode("utf-8"))
    done = veil("sanitize", "client.py", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    for original in originals:
        assert original.encode() not in done.stdout + done.stderr
    assert b"class Org1BillingClient:" in done.stdout and b"VEIL_SECRET_" in done.stdout
    assert b"service-1.internal.example" in done.stdout and b"\r\n" in done.stdout
    assert b"# retries three times" in done.stdout  # a comment without business context stays
    assert done.stderr.decode() == (
        "veil: sanitized 1 file: 1 secret, 1 piece of personal data, 1 name, 1 host; "
        "map saved (restore with: veil restore)\n"
    )
    (sealed,) = (tmp_path / "data").rglob("vault.sealed")
    assert not any(o.encode() in sealed.read_bytes() for o in originals)
    back = veil("restore", cwd=tmp_path, stdin=done.stdout)
    assert back.returncode == 0, back.stderr
    assert back.stdout == text.encode("utf-8")
    assert back.stderr == b"veil: restored 4 tokens\n"


def test_an_answer_that_quotes_the_tokens_restores_them(tmp_path: Path) -> None:
    (tmp_path / "veil.toml").write_text(CONFIG)
    text, _ = _planted("sanitize-answer")
    done = veil("sanitize", "-", cwd=tmp_path, stdin=text.encode())
    assert done.returncode == 0, done.stderr
    assert b"standard input" in done.stderr
    answer = b"Rename Org1BillingClient and point it at service-1.internal.example.\n"
    (tmp_path / "answer.md").write_bytes(answer)
    back = veil("restore", "answer.md", "--quiet", cwd=tmp_path)
    assert back.returncode == 0 and back.stderr == b""
    assert back.stdout == b"Rename AcmeBillingClient and point it at billing.corp.acme.com.\n"


def test_several_files_each_under_a_disguised_header(tmp_path: Path) -> None:
    (tmp_path / "veil.toml").write_text(CONFIG)
    (tmp_path / "acme_a.py").write_text("a = 1")
    (tmp_path / "b.py").write_text("b = 2\n")
    done = veil("sanitize", "acme_a.py", "b.py", "-q", cwd=tmp_path)
    assert done.returncode == 0 and done.stderr == b""
    assert done.stdout == b"==> org1_a.py <==\na = 1\n\n==> b.py <==\nb = 2\n"


def test_out_writes_an_importable_tree_and_restore_out_gives_it_back(tmp_path: Path) -> None:
    (tmp_path / "veil.toml").write_text(CONFIG)
    src = tmp_path / "src"
    package = src / "acme_billing"
    package.mkdir(parents=True)
    (package / "__init__.py").write_text("from acme_billing.client import AcmeBillingClient\n")
    key = aws_key_id("sanitize-tree")
    (package / "client.py").write_text(
        f'KEY = "{key}"\n\n\nclass AcmeBillingClient:\n'
        '    host = "api.corp.acme.com"\n\n'
        "    def url(self) -> str:\n"
        '        return f"https://{self.host}/acme"\n'
    )
    (src / "run.sh").write_text("#!/bin/sh\npython -m acme_billing\n")
    (src / "run.sh").chmod(0o755)
    kept = sorted(str(p.relative_to(src)) for p in src.rglob("*") if p.is_file())
    (src / ".gitignore").write_text("local.env\n")
    (src / "local.env").write_text(f"KEY={key}\n")  # ignored: never written under --out
    (src / ".git").mkdir()
    (src / ".git" / "config").write_text("[core]\n")
    (src / "logo.png").write_bytes(b"\x89PNG\x00\x01")
    kept = sorted([*kept, ".gitignore"])

    done = veil("sanitize", "--out", "sanitized", "src", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert b"sanitized 4 files into sanitized:" in done.stderr
    assert b"2 paths renamed, 1 non-text file skipped" in done.stderr
    out = tmp_path / "sanitized"
    written = sorted(str(p.relative_to(out)) for p in out.rglob("*") if p.is_file())
    assert written == [".gitignore", "org1_billing/__init__.py", "org1_billing/client.py", "run.sh"]
    for file in out.rglob("*"):
        if file.is_file():
            assert (
                b"acme" not in file.read_bytes().lower() and key.encode() not in file.read_bytes()
            )
    assert os.access(out / "run.sh", os.X_OK)

    back = veil("restore", "--out", "back", "sanitized", cwd=tmp_path)
    assert back.returncode == 0, back.stderr
    assert b"in 4 files into back" in back.stderr
    restored = sorted(str(p.relative_to(tmp_path / "back")) for p in (tmp_path / "back").rglob("*"))
    assert [p for p in restored if (tmp_path / "back" / p).is_file()] == kept
    match, mismatch, errors = filecmp.cmpfiles(src, tmp_path / "back", kept, shallow=False)
    assert (mismatch, errors) == ([], []) and sorted(match) == kept
    assert os.access(tmp_path / "back" / "run.sh", os.X_OK)

    run = subprocess.run(
        [
            sys.executable,
            "-B",
            "-c",
            "import org1_billing; print(org1_billing.Org1BillingClient().url())",
        ],
        cwd=out,
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    assert run.stdout == "https://service-1.internal.example/org1\n"


def test_out_refuses_a_directory_that_overlaps_its_input(tmp_path: Path) -> None:
    (tmp_path / "a.py").write_text("a = 1\n")
    done = veil("sanitize", "--out", "inner", ".", cwd=tmp_path)
    assert done.returncode == 2 and b"--out inner and . overlap" in done.stderr
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.py").write_text("b = 2\n")
    into = veil("sanitize", "--out", ".", "sub/b.py", cwd=tmp_path)
    assert into.returncode == 2 and b"overlap" in into.stderr


def test_show_map_lists_tokens_with_masked_originals_only(tmp_path: Path) -> None:
    (tmp_path / "veil.toml").write_text(CONFIG)
    text, originals = _planted("sanitize-map")
    done = veil("sanitize", "--show-map", "-q", cwd=tmp_path, stdin=text.encode())
    assert done.returncode == 0, done.stderr
    table = done.stderr.decode()
    key, address = originals[:2]
    assert "aws_access_key_id" in table and hide(key) in table and hide(address) in table
    assert "Org1" in table and "service-1.internal.example" in table
    for original in originals:
        assert original not in table
    tokens = [line.split()[1] for line in table.splitlines()[1:]]
    assert all(t.lower().encode() in done.stdout.lower() for t in tokens)
    back = veil("restore", "--show-map", "-q", cwd=tmp_path, stdin=done.stdout)
    assert back.returncode == 0 and hide(key) in back.stderr.decode()
    assert not any(o in back.stderr.decode() for o in originals)


def test_copy_hands_the_text_to_the_first_clipboard_tool(tmp_path: Path) -> None:
    tools = tmp_path / "bin"
    tools.mkdir()
    xclip = tools / "xclip"
    xclip.write_text(
        f"#!{sys.executable}\nimport sys\n"
        f"open({str(tmp_path / 'copied')!r}, 'wb').write(sys.stdin.buffer.read())\n"
        f"open({str(tmp_path / 'args')!r}, 'w').write(' '.join(sys.argv[1:]))\n"
    )
    xclip.chmod(0o755)
    address = email("copy")
    done = veil(
        "sanitize",
        "--copy",
        "-q",
        cwd=tmp_path,
        stdin=f"mail it to {address}\n".encode(),
        path=str(tools),
    )
    assert done.returncode == 0 and done.stderr == b""
    assert (tmp_path / "copied").read_bytes() == done.stdout
    assert address.encode() not in done.stdout
    assert (tmp_path / "args").read_text() == "-selection clipboard"
    back = veil("restore", "--copy", "-q", cwd=tmp_path, stdin=done.stdout, path=str(tools))
    assert (tmp_path / "copied").read_bytes() == back.stdout == f"mail it to {address}\n".encode()


def test_copy_without_a_clipboard_tool_warns_and_still_prints(tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    done = veil("sanitize", "--copy", "-q", cwd=tmp_path, stdin=b"hello\n", path=str(empty))
    assert done.returncode == 0 and done.stdout == b"hello\n"
    assert done.stderr.startswith(b"veil: warning: not copied: no clipboard tool found on PATH")
    assert done.stderr.count(b"\n") == 1


def test_a_vault_sealed_under_another_key_is_a_clear_error(tmp_path: Path) -> None:
    assert veil("sanitize", cwd=tmp_path, stdin=b"x\n").returncode == 0
    other = veil("restore", cwd=tmp_path, stdin=b"x\n", config="other-config")
    assert other.returncode == 2
    (sealed,) = (tmp_path / "data").rglob("vault.sealed")
    assert other.stderr.decode() == (
        "veil: error: the vault cannot be opened with this key (another key, or altered); "
        f"delete {sealed} to start a new map\n"
    )


def test_bad_input_is_a_usage_error_without_a_traceback(tmp_path: Path) -> None:
    (tmp_path / "blob.bin").write_bytes(b"\x00\x01")
    (tmp_path / "latin.txt").write_bytes(b"caf\xe9\n")
    (tmp_path / "tree").mkdir()
    cases = {
        ("sanitize", "nope.py"): b"nope.py: cannot read",
        ("sanitize", "blob.bin"): b"blob.bin: a binary file",
        ("restore", "latin.txt"): b"latin.txt: a binary file (or not UTF-8)",
        ("sanitize", "tree"): b"tree: a directory; veil sanitize --out DIR",
        ("sanitize", "--out", "x", "nope"): b"nope: no such file or directory",
        ("sanitize", "--out", "x", "--copy", "tree"): b"--copy copies the text printed",
        ("sanitize", "-c", "missing.toml"): b"missing.toml: no such file",
    }
    for args, message in cases.items():
        done = veil(*args, cwd=tmp_path)
        assert done.returncode == 2, args
        assert done.stderr.startswith(b"veil: error: ") and message in done.stderr, done.stderr
        assert b"Traceback" not in done.stderr
