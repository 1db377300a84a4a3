"""The runner: two worker processes give what one gives; quiet files mute generic rules."""

from __future__ import annotations

from pathlib import Path

from tests.factories import aws_pair_config
from veil.detect import default_engine
from veil.detect.samples import ALNUM, fake
from veil.scan import runner
from veil.scan.runner import Scanner
from veil.scan.sources import Source
from veil.scan.walk import iter_files


def test_two_workers_find_exactly_what_one_finds(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(runner, "PARALLEL_MIN_BYTES", 1)
    for i in range(80):
        body = "x = 1\n" * 50 + (aws_pair_config(str(i)) if i % 3 == 0 else "")
        (tmp_path / f"f{i:02}.ini").write_text(body)
    tasks = list(iter_files([tmp_path], max_size=10**6))
    scanner = Scanner(default_engine())
    ticks: list[int] = []
    two = scanner.scan_files(tasks, jobs=2, progress=ticks.append)
    one = scanner.scan_files(tasks, jobs=1)

    def key(r: runner.Reported) -> tuple[str, int, str]:
        return (r.path, r.line, r.finding.rule_id)

    assert sorted(map(key, two)) == sorted(map(key, one))
    assert len(one) == 2 * 27 and len(ticks) == 80


def test_generic_rules_are_muted_in_lockfiles_but_specific_ones_are_not() -> None:
    scanner = Scanner(default_engine())
    password = fake(20, ALNUM, seed="runner-quiet") + "!"
    text = aws_pair_config() + f'db_password = "{password}"\n'
    in_code = {r.finding.rule_id for r in scanner.scan_source(Source("app.ini", text))}
    in_lock = {r.finding.rule_id for r in scanner.scan_source(Source("yarn.lock", text))}
    assert in_code & scanner.generic, "the text must hold a generic finding"
    assert in_lock == in_code - scanner.generic
    assert {"aws-access-key-id", "aws-secret-access-key"} <= in_lock


def test_names_and_addresses_in_attribution_files_are_not_reported() -> None:
    scanner = Scanner(default_engine())
    text = f"Maria Garcia <{fake(8, 'abcdefgh', seed='attr')}@gmail.com>\n"
    in_code = scanner.scan_source(Source("src/contacts.txt", text))
    assert {r.finding.kind for r in in_code} == {"person_name", "email_address"}
    assert scanner.scan_source(Source("AUTHORS", text)) == []
