"""What files a shell command reads and writes: readers, redirections, wrappers, `cd`, argv."""

from __future__ import annotations

import sys

import pytest

from veil.policy.shell import _PARSED, shell_paths, shell_writes


@pytest.mark.parametrize(
    ("command", "reads"),
    [
        ("cat .env", [".env"]),
        ("cat .env | grep KEY", [".env"]),
        ('bash -lc "cd app && head -n 5 .env"', ["app/.env"]),
        ("sed -n '1,20p' config/.env.production", ["config/.env.production"]),
        ("sed -e 's/a/b/' -n notes.txt", ["notes.txt"]),
        ("wc -l < .env 2>&1", [".env"]),
        ("python manage.py migrate < db/seed.sql", ["db/seed.sql"]),
        ("head -20 src/app.py && tail -n 5 logs/app.log", ["src/app.py", "logs/app.log"]),
        ("grep -rn API_KEY .env src/", [".env", "src/"]),
        ("grep -e KEY -e TOKEN -- .env", [".env"]),
        ('rg -n --glob "*.py" TODO src', ["src"]),
        ("rg --files src", ["src"]),
        ("awk -F= '{print $1}' .env", [".env"]),
        ("jq .client_email credentials.json", ["credentials.json"]),
        ("less +G app.log; more NOTES", ["app.log", "NOTES"]),
        ("cd /srv/app; tail -n 20 logs/app.log", ["/srv/app/logs/app.log"]),
        ("cd app && cd .. && cat .env", [".env"]),
        ("sudo -u root cat /etc/shadow", ["/etc/shadow"]),
        ("FOO=1 timeout 5 head -c 100 ~/.ssh/id_rsa", ["~/.ssh/id_rsa"]),
        ("echo $(cat .env)", [".env"]),
        ("echo `cat .env`", [".env"]),
        ("source .env && env", [".env"]),
        (". ./.env.local", ["./.env.local"]),
        ("base64 -i .env", [".env"]),
        ("xxd -l 64 server.key | od -c", ["server.key"]),
        ("git show HEAD:.env", [".env"]),
        ("git --no-pager -C app log -p -- .env", [".env"]),
        ("git log --oneline main", []),
        ("cat -n .env", [".env"]),
        ("grep --color KEY .env", [".env"]),
        ("grep -E -o 'KEY|TOKEN' .env", [".env"]),
        ("nl -ba .env", [".env"]),
        ("Select-String -Path .env -Pattern KEY", [".env"]),
        ("git diff main -- config/.env.production", ["config/.env.production"]),
        ("cat .env*", [".env*"]),
        ("diff .env .env.example", [".env", ".env.example"]),
        ("cat <<'EOF' > notes.md\ncat .env\nEOF\ncat README.md", ["README.md"]),
        ('cat "unclosed', ["unclosed"]),
        # An empty pattern is a word: the file is what follows it.
        ("grep -rn '' .env", [".env"]),
        ('grep "" .env', [".env"]),
        # Reserved words and grouping before a command
        ("if [ -f .env ]; then cat .env; fi", [".env"]),
        ("if true; then :; elif false; then :; else head .env; fi", [".env"]),
        ("{ cat .env; }", [".env"]),
        ("for f in a; do cat .env; done", [".env"]),
        ("while read l; do echo $l; done < .env", [".env"]),
        ("until false; do tail .env; done", [".env"]),
        ("(cat .env)", [".env"]),
        ("! cat .env", [".env"]),
        ("case $x in a) cat .env;; esac", [".env"]),
        ("if true; then cd app; fi; cat .env", ["app/.env"]),
        # PowerShell and cmd.exe
        ("Get-Content -Path .env -Raw", [".env"]),
        ("gc .env -TotalCount 5", [".env"]),
        ('powershell -Command "Get-Content .env"', [".env"]),
        ("cmd /c type .env", [".env"]),
        # Not reads
        ("echo .env", []),
        ("ls -la .ssh", []),
        ("cp .env.example .env", []),
        ("npm test", []),
        ("", []),
    ],
)
def test_shell_paths(command: str, reads: list[str]) -> None:
    assert shell_paths(command) == reads


@pytest.mark.parametrize(
    ("argv", "reads"),
    [
        (["bash", "-lc", "cat .env"], [".env"]),
        (["zsh", "-c", "cd api && sed -n 1,5p .env"], ["api/.env"]),
        (["cat", ".env"], [".env"]),
        (["pwsh", "-Command", "Get-Content", ".env"], [".env"]),
        (["apply_patch", "*** Begin Patch\n*** Update File: .env\n*** End Patch"], []),
        (["ls"], []),
    ],
)
def test_shell_paths_of_an_argv(argv: list[str], reads: list[str]) -> None:
    assert shell_paths(argv) == reads


@pytest.mark.parametrize(
    ("command", "writes"),
    [
        ("echo KEY=test-value-not-secret >> .env", [".env"]),
        ("cat > .env <<'EOF'\nKEY=test-value-not-secret\nEOF", [".env"]),
        ("printf x | tee -a config/.env.local", ["config/.env.local"]),
        ("make 2>&1", []),
        ("cat .env", []),
    ],
)
def test_shell_writes(command: str, writes: list[str]) -> None:
    assert shell_writes(command) == writes


@pytest.mark.parametrize("command", ["cat 'a b", "((((", "|||", ";;;", "\\", "<", "cd", "'"])
def test_shell_paths_never_raise(command: str) -> None:
    shell_paths(command)
    shell_writes(command)


def test_the_memo_weighs_what_it_keeps() -> None:
    # Many short paths: the most Python objects a command of its length can make.
    command = "cat " + " ".join(f"{i:x}" for i in range(800)) + " unique-to-this-test"
    before = _PARSED.weight
    reads = shell_paths(command)
    kept = _PARSED.get(command)
    assert kept is not None and list(kept[0]) == reads and len(reads) == 801
    real = sys.getsizeof(command) + sys.getsizeof(kept[0]) + sum(map(sys.getsizeof, kept[0]))
    assert _PARSED.weight - before >= real
    assert _PARSED.max_weight <= 20_000_000


def test_a_long_command_is_read_but_not_kept() -> None:
    command = "cat .env " + "x " * 5000
    assert shell_paths(command)[0] == ".env"
    assert _PARSED.get(command) is None


def test_what_is_returned_is_a_copy() -> None:
    shell_paths("cat a.txt").append("b.txt")
    assert shell_paths("cat a.txt") == ["a.txt"]
    assert shell_paths(["cat", "a.txt"]) == ["a.txt"] == shell_paths(["cat", "a.txt"])
