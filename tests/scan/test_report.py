"""Reports: SARIF validates against the 2.1.0 schema; nothing prints a value in clear."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema

from tests.factories import aws_pair_config
from veil.detect import builtin_rules, default_engine
from veil.scan.report import as_json, as_sarif, mask
from veil.scan.runner import Reported, Scanner
from veil.scan.sources import Source

SCHEMA = json.loads((Path(__file__).parent / "data" / "sarif-schema-2.1.0.json").read_text())


def _items() -> list[Reported]:
    scanner = Scanner(default_engine())
    text = "# config\n" + aws_pair_config()
    return scanner.scan_source(Source("conf/app.ini", text)) + scanner.scan_source(
        Source("deploy.sh", f"export X=1\n{aws_pair_config('b')}", commit="a" * 40)
    )


def test_sarif_report_validates_against_the_schema() -> None:
    items = _items()
    assert len(items) == 4
    log = json.loads(as_sarif(items, builtin_rules()))
    jsonschema.validate(log, SCHEMA)
    results = log["runs"][0]["results"]
    assert {r["ruleId"] for r in results} == {"aws-access-key-id", "aws-secret-access-key"}
    assert results[0]["locations"][0]["physicalLocation"]["region"]["startLine"] == 2


def test_empty_sarif_report_validates() -> None:
    jsonschema.validate(json.loads(as_sarif([], builtin_rules())), SCHEMA)


def test_reports_never_hold_the_value() -> None:
    items = _items()
    rendered = as_json(items) + as_sarif(items, builtin_rules())
    for item in items:
        assert item.finding.value not in rendered
        assert item.finding.value not in repr(item)


def test_json_report_gives_positions_and_fingerprints() -> None:
    entries = json.loads(as_json(_items()))
    first = entries[0]
    assert first["path"] == "conf/app.ini" and first["line"] == 2 and first["column"] == 21
    assert first["byte_end"] - first["byte_start"] == 20
    assert {"kind", "category", "rule", "confidence", "fingerprint"} <= first.keys()
    assert entries[2]["commit"] == "a" * 40


def test_mask_keeps_only_the_ends_of_long_values() -> None:
    assert mask("AKIA" + "Q" * 12 + "MPLE") == "AKIA" + "*" * 12 + "MPLE"
    assert mask("hunter2!x") == "hu*******"
    assert mask("short") == "*****"


def test_text_report_ends_with_counts_per_category_in_a_fixed_order() -> None:
    import io

    from veil.scan.report import print_text, summary
    from veil.types import Category

    items = _items()
    out = io.StringIO()
    print_text(items, out, scanned=2)
    assert out.getvalue().endswith("\n\n4 finding(s) (4 secret) in 2 scanned source(s)\n")
    assert "\x1b[" not in out.getvalue()
    only = {Category.PII, Category.SECRET}
    expected = "No findings in 3 scanned source(s) (only: secret, pii)"
    assert summary([], scanned=3, only=only) == expected
    colored = io.StringIO()
    print_text(items[:1], colored, scanned=1, color=True)
    assert "\x1b[1;31m1 finding(s)\x1b[0m (1 secret)" in colored.getvalue()
