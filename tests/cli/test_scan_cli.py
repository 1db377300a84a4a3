"""`veil scan` as a real process: exit codes, formats, suppressions, configuration errors."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.factories import aws_key_id, aws_pair_config, email


def veil(*args: str, cwd: Path, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "veil", *args],
        cwd=cwd,
        input=stdin,
        capture_output=True,
        text=True,
        check=False,
    )


def test_clean_tree_exits_zero(tmp_path: Path) -> None:
    (tmp_path / "app.py").write_text("print('hello')\n")
    res = veil("scan", ".", cwd=tmp_path)
    assert res.returncode == 0, res.stderr
    assert "No findings" in res.stdout


def test_findings_exit_one_with_masked_text_report(tmp_path: Path) -> None:
    (tmp_path / "conf.ini").write_text(aws_pair_config())
    res = veil("scan", cwd=tmp_path)
    assert res.returncode == 1
    assert f"conf.ini:1:21  aws_access_key_id  AKIA{'*' * 12}{aws_key_id()[-4:]}" in res.stdout
    assert aws_key_id() not in res.stdout + res.stderr


def test_stdin_is_scanned(tmp_path: Path) -> None:
    res = veil("scan", "-", "--format", "json", cwd=tmp_path, stdin=aws_pair_config())
    assert res.returncode == 1
    assert [e["path"] for e in json.loads(res.stdout)] == ["-", "-"]


def test_inline_allow_comment_suppresses_that_line_only(tmp_path: Path) -> None:
    (tmp_path / "a.py").write_text(
        f"k = '{aws_key_id('1')}'  # veil:allow rotated in 2025\nj = '{aws_key_id('2')}'\n"
    )
    res = veil("scan", "-f", "json", cwd=tmp_path)
    assert [e["line"] for e in json.loads(res.stdout)] == [2]


def test_write_baseline_then_scan_is_clean_and_new_secrets_still_fail(tmp_path: Path) -> None:
    (tmp_path / "a.py").write_text(f"k = '{aws_key_id('1')}'\n")
    assert veil("scan", "--write-baseline", ".veil-baseline", cwd=tmp_path).returncode == 0
    assert veil("scan", cwd=tmp_path).returncode == 0
    (tmp_path / "a.py").write_text(f"k = '{aws_key_id('1')}'; j = '{aws_key_id('2')}'\n")
    res = veil("scan", "-f", "json", cwd=tmp_path)
    assert res.returncode == 1 and len(json.loads(res.stdout)) == 1
    assert veil("scan", "--no-baseline", cwd=tmp_path).returncode == 1


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("scan", "missing-dir"), "no such file or directory: missing-dir"),
        (("scan", ".", "--staged"), "not several"),
        (("scan", "--staged"), "not inside a git work tree"),
        (("scan", "--format", "xml"), "veil: error: invalid value for '--format'"),
        (("scan", "--baseline", "nope"), "cannot read baseline nope"),
    ],
)
def test_usage_errors_exit_two_with_a_clear_message(
    tmp_path: Path, args: tuple[str, ...], message: str
) -> None:
    res = veil(*args, cwd=tmp_path)
    assert res.returncode == 2
    assert message in res.stderr
    assert "Traceback" not in res.stderr


def test_config_typo_names_the_key_and_suggests_the_right_one(tmp_path: Path) -> None:
    (tmp_path / "veil.toml").write_text("[scan]\nmax_fil_size = 10\n")
    res = veil("scan", cwd=tmp_path)
    assert res.returncode == 2
    assert "scan.max_fil_size: unknown key (did you mean 'max_file_size'?)" in res.stderr


def test_user_rule_extends_builtin_rules(tmp_path: Path) -> None:
    (tmp_path / "veil.toml").write_text(
        '[[rules]]\nid = "acme-internal-token"\nkind = "acme_token"\n'
        "regex = '''acme_tok_[a-z0-9]{12}'''\nkeywords = [\"acme_tok_\"]\n"
        'positives = ["t = acme_tok_k3j9x2m7p4z8"]\nnegatives = ["t = acme_tok_short"]\n'
    )
    (tmp_path / "a.txt").write_text(f"t = acme_tok_abcdefabcdef\n{aws_pair_config()}")
    res = veil("scan", "-f", "json", "a.txt", cwd=tmp_path)
    assert {e["rule"] for e in json.loads(res.stdout)} == {
        "acme-internal-token",
        "aws-access-key-id",
        "aws-secret-access-key",
    }


def test_user_rule_failing_its_examples_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "veil.toml").write_text(
        '[[rules]]\nid = "x-token"\nkind = "x"\nregex = "xtok_[0-9]{4}"\npositives = ["xtok_12"]\n'
    )
    res = veil("scan", cwd=tmp_path)
    assert res.returncode == 2
    assert "rule 'x-token': positive example 1 not found" in res.stderr


def test_user_rule_cannot_replace_a_builtin_rule(tmp_path: Path) -> None:
    (tmp_path / "veil.toml").write_text(
        '[[rules]]\nid = "aws-access-key-id"\nkind = "x"\nregex = "x"\npositives = ["x"]\n'
    )
    res = veil("scan", cwd=tmp_path)
    assert res.returncode == 2 and "is a built-in rule id" in res.stderr


def test_config_that_disables_every_rule_is_an_error(tmp_path: Path) -> None:
    ids = json.loads(veil("rules", "list", "--json", cwd=tmp_path).stdout)
    (tmp_path / "veil.toml").write_text(f"[detect]\ndisable = {json.dumps(ids)}\n")
    res = veil("scan", cwd=tmp_path)
    assert res.returncode == 2 and "no rule is active" in res.stderr


def test_rules_test_passes_on_builtin_rules(tmp_path: Path) -> None:
    res = veil("rules", "test", cwd=tmp_path)
    assert res.returncode == 0, res.stderr
    assert ", 0 problem(s)" in res.stdout


def test_forbidden_files_are_reported(tmp_path: Path) -> None:
    (tmp_path / ".env").write_text("DEBUG=1\n")
    (tmp_path / ".env.example").write_text("DEBUG=1\n")
    res = veil("scan", "-f", "json", cwd=tmp_path)
    assert [(e["path"], e["kind"]) for e in json.loads(res.stdout)] == [(".env", "forbidden_file")]


def _pii_and_secret_tree(tmp_path: Path) -> None:
    (tmp_path / "conf.ini").write_text(aws_pair_config())
    (tmp_path / "contacts.txt").write_text(f"Write to {email('only')} today\n")


def test_only_secret_reports_secrets_alone(tmp_path: Path) -> None:
    _pii_and_secret_tree(tmp_path)
    every = veil("scan", "-f", "json", cwd=tmp_path)
    assert {e["category"] for e in json.loads(every.stdout)} == {"secret", "pii"}
    res = veil("scan", "-f", "json", "--only", "secret", cwd=tmp_path)
    assert res.returncode == 1
    assert {e["category"] for e in json.loads(res.stdout)} == {"secret"}
    (tmp_path / "conf.ini").unlink()
    res = veil("scan", "--only", "secret", cwd=tmp_path)
    assert res.returncode == 0, res.stdout
    assert "No findings in 1 scanned source(s) (only: secret)" in res.stdout


@pytest.mark.parametrize("args", [("--only", "secret,pii"), ("--only", "pii", "--only", "secret")])
def test_only_takes_several_categories(tmp_path: Path, args: tuple[str, ...]) -> None:
    _pii_and_secret_tree(tmp_path)
    (tmp_path / ".env").write_text("DEBUG=1\n")
    res = veil("scan", "-f", "json", *args, cwd=tmp_path)
    assert {e["category"] for e in json.loads(res.stdout)} == {"secret", "pii"}


def test_only_file_reports_forbidden_files(tmp_path: Path) -> None:
    _pii_and_secret_tree(tmp_path)
    (tmp_path / ".env").write_text("DEBUG=1\n")
    res = veil("scan", "-f", "json", "--only", "file", cwd=tmp_path)
    assert [(e["path"], e["category"]) for e in json.loads(res.stdout)] == [(".env", "file")]


def test_summary_counts_each_category(tmp_path: Path) -> None:
    _pii_and_secret_tree(tmp_path)
    res = veil("scan", cwd=tmp_path)
    assert "\n3 finding(s) (2 secret, 1 pii) in 2 scanned source(s)\n" in res.stdout
    veil("scan", "-o", "report.txt", "--only", "pii", cwd=tmp_path)
    report = (tmp_path / "report.txt").read_text()
    assert report.endswith("\n\n1 finding(s) (1 pii) in 2 scanned source(s) (only: pii)\n")
    assert "\x1b[" not in report


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("secrets", "--only 'secrets': not a category (did you mean 'secret'?)"),
        ("secret,bogus", "--only 'bogus': not a category; valid: secret, pii, org, file"),
        (",", "--only needs a category: secret, pii, org, file"),
    ],
)
def test_only_with_a_wrong_category_is_a_usage_error(
    tmp_path: Path, value: str, message: str
) -> None:
    res = veil("scan", "--only", value, cwd=tmp_path)
    assert res.returncode == 2
    assert message in res.stderr and "Traceback" not in res.stderr


def test_only_org_without_org_terms_is_an_error(tmp_path: Path) -> None:
    res = veil("scan", "--only", "org", cwd=tmp_path)
    assert res.returncode == 2
    assert "no active rule reports org; configure [org] terms" in res.stderr


def test_only_in_the_configuration_and_on_the_command_line(tmp_path: Path) -> None:
    _pii_and_secret_tree(tmp_path)
    (tmp_path / "veil.toml").write_text('[scan]\nonly = ["secret"]\n')
    res = veil("scan", "-f", "json", cwd=tmp_path)
    assert {e["category"] for e in json.loads(res.stdout)} == {"secret"}
    res = veil("scan", "-f", "json", "--only", "pii", cwd=tmp_path)
    assert {e["category"] for e in json.loads(res.stdout)} == {"pii"}


def test_only_typo_in_the_configuration_names_the_valid_values(tmp_path: Path) -> None:
    (tmp_path / "veil.toml").write_text('[scan]\nonly = ["secrets"]\n')
    res = veil("scan", cwd=tmp_path)
    assert res.returncode == 2
    assert "Traceback" not in res.stderr
    assert (
        "scan.only: 'secrets' is not one of secret, pii, org, file (did you mean 'secret'?)"
        in res.stderr
    )


# --- start-up: each command imports what it needs -------------------------------------------


def _modules_after(code: str, cwd: Path) -> set[str]:
    probe = f"import sys\n{code}\nprint(' '.join(sorted(sys.modules)))\n"
    res = subprocess.run(
        [sys.executable, "-c", probe], cwd=cwd, capture_output=True, text=True, check=False
    )
    return set(res.stdout.split())


def test_version_imports_neither_typer_nor_pydantic(tmp_path: Path) -> None:
    res = veil("--version", cwd=tmp_path)
    assert res.returncode == 0 and res.stdout.startswith("veil ")
    code = "sys.argv = ['veil', '--version']\nfrom veil.cli.main import app\napp()"
    loaded = _modules_after(code, tmp_path)
    assert "veil.cli.main" in loaded
    assert not loaded & {"typer", "pydantic", "rich", "veil.detect", "veil.config"}


def test_the_cli_loads_no_command_s_dependencies_until_it_runs(tmp_path: Path) -> None:
    loaded = _modules_after("from veil.cli.main import build\nbuild()", tmp_path)
    assert "typer" in loaded
    heavy = {"veil.detect", "veil.config", "veil.gateway", "aiohttp", "uvicorn", "rich", "pydantic"}
    assert not loaded & heavy


def test_help_and_version_through_the_typer_application(tmp_path: Path) -> None:
    res = veil("scan", "--help", cwd=tmp_path)
    assert res.returncode == 0 and "--only" in res.stdout
    res = veil("--version", "rules", cwd=tmp_path)
    assert res.returncode == 0 and res.stdout.startswith("veil ")


# --- --audit ---------------------------------------------------------------------------------


def _git(repo: Path, *args: str) -> str:
    ident = [
        "-c",
        "user.email=t@example.invalid",
        "-c",
        "user.name=t",
        "-c",
        "commit.gpgsign=false",
    ]
    out = subprocess.run(["git", *ident, *args], cwd=repo, check=True, capture_output=True)
    return out.stdout.decode().strip()


def _audited(db: Path) -> tuple[list[Any], list[Any]]:
    from veil.audit.store import open_store

    store = open_store(f"sqlite:///{db}")
    try:
        return list(store.scan()), store.incidents()
    finally:
        store.close()


def test_audit_of_history_with_a_committed_secret_opens_an_incident(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "audit" / "audit.db"
    monkeypatch.setenv("VEIL_AUDIT_URL", f"sqlite:///{db}")
    repo = tmp_path / "repo"
    repo.mkdir()
    _git(repo, "init", "-q", "-b", "main")
    (repo / "app.py").write_text("a = 1\n")
    _git(repo, "add", "-A")
    _git(repo, "commit", "-qm", "clean")
    (repo / "conf.ini").write_text(aws_pair_config("scan-audit"))
    _git(repo, "add", "-A")
    _git(repo, "commit", "-qm", "oops")
    commit = _git(repo, "rev-parse", "HEAD")
    res = veil("scan", "--history", "--audit", cwd=repo)
    assert res.returncode == 1
    assert "veil: incident #1 opened; see `veil incidents show 1`" in res.stderr
    (event,), (incident,) = _audited(db)
    assert event.source == "scan" and event.tier == "Restricted" and event.status == 1
    assert event.data["git"] == "history" and event.data["commits"] == [commit]
    assert event.data["kinds"] == {"aws_access_key_id": 1, "aws_secret_access_key": 1}
    assert incident.kinds == ["aws_access_key_id", "aws_secret_access_key"]
    assert incident.source == "scan" and incident.event_seq == event.seq
    assert incident.place == {"git": "history", "commits": commit[:12]}
    listed = veil("incidents", "list", cwd=repo)
    assert commit[:12] in listed.stdout and "aws_secret_access_key" in listed.stdout
    # the same scan again counts on the open incident
    again = veil("scan", "--history", "--audit", cwd=repo)
    assert again.returncode == 1 and "incident" not in again.stderr
    events, (incident,) = _audited(db)
    assert len(events) == 2 and incident.events == 2
    stored = b"".join(p.read_bytes() for p in db.parent.iterdir())
    for value in (aws_key_id("scan-audit"), aws_pair_config("scan-audit").split()[-1]):
        assert value.encode() not in stored


def test_audit_of_a_diff_opens_an_incident(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    db = tmp_path / "audit.db"
    monkeypatch.setenv("VEIL_AUDIT_URL", f"sqlite:///{db}")
    repo = tmp_path / "repo"
    repo.mkdir()
    _git(repo, "init", "-q", "-b", "main")
    (repo / "app.py").write_text("a = 1\n")
    _git(repo, "add", "-A")
    _git(repo, "commit", "-qm", "clean")
    base = _git(repo, "rev-parse", "HEAD")
    (repo / "app.py").write_text(f"a = 1\nk = '{aws_key_id('scan-diff')}'\n")
    _git(repo, "commit", "-qam", "key")
    res = veil("scan", "--diff", base, "--audit", cwd=repo)
    assert res.returncode == 1 and "incident #1 opened" in res.stderr
    (event,), (incident,) = _audited(db)
    assert event.data["git"] == "diff"  # the mode only: a ref can name a customer
    assert base not in json.dumps(event.to_dict())
    assert incident.kinds == ["aws_access_key_id"] and incident.place["git"] == "diff"


def test_audit_of_plain_paths_writes_an_event_and_opens_no_incident(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "store" / "audit.db"
    monkeypatch.setenv("VEIL_AUDIT_URL", f"sqlite:///{db}")
    work = tmp_path / "work"
    work.mkdir()
    (work / "conf.ini").write_text(aws_pair_config("scan-paths"))
    (work / "clean.py").write_text("print(1)\n")
    res = veil("scan", "--audit", ".", cwd=work)
    assert res.returncode == 1 and "incident" not in res.stderr
    (event,), incidents = _audited(db)
    assert incidents == []
    assert event.data["git"] == "" and event.data["scanned"] == 2 and event.data["findings"] == 2
    assert event.data["rules"] == {"aws-access-key-id": 1, "aws-secret-access-key": 1}
    clean = veil("scan", "--audit", "clean.py", cwd=work)
    assert clean.returncode == 0
    events, _ = _audited(db)
    assert [(e.tier, e.status) for e in events] == [("Restricted", 1), ("Public", 0)]
    stored = b"".join(p.read_bytes() for p in db.parent.iterdir())
    assert aws_key_id("scan-paths").encode() not in stored and b"conf.ini" not in stored
