"""Reports: readable text, a JSON list, and SARIF 2.1.0 for code-scanning services."""

from __future__ import annotations

import json
import os
from collections import Counter
from collections.abc import Collection, Sequence
from typing import TYPE_CHECKING, Any, TextIO

from veil import __version__
from veil.types import Category, Finding

if TYPE_CHECKING:
    from veil.detect.base import Rule
    from veil.scan.runner import Reported

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"


def mask(value: str) -> str:
    """A preview that shows at most the first and last four characters of long values."""
    n = len(value)
    if n >= 16:
        return value[:4] + "*" * (n - 8) + value[-4:]
    if n >= 8:
        return value[:2] + "*" * (n - 2)
    return "*" * n


def _preview(finding: Finding) -> str:
    if finding.category is Category.FILE:
        return "(forbidden file)"
    return _first_line(finding.value)


def _first_line(value: str) -> str:
    line = value.split("\n", 1)[0]
    return mask(line) + (" …" if "\n" in value else "")


def as_json(items: Sequence[Reported]) -> str:
    """A JSON list of findings: positions, kind, rule, fingerprint; never the value."""
    if not items:
        return "[]\n"
    return "[\n" + ",\n".join(json.dumps(_entry(r)) for r in items) + "\n]\n"


def _entry(r: Reported) -> dict[str, Any]:
    f = r.finding
    entry: dict[str, Any] = {
        "path": r.path,
        "line": r.line,
        "column": r.column,
        "end_line": r.end_line,
        "end_column": r.end_column,
        "start": f.start,
        "end": f.end,
        "byte_start": r.byte_start,
        "byte_end": r.byte_end,
        "kind": f.kind,
        "category": f.category.value,
        "rule": f.rule_id,
        "confidence": f.confidence,
        "fingerprint": r.fingerprint,
        "preview": _preview(f),
    }
    if r.commit:
        entry["commit"] = r.commit
    return entry


def print_text(
    items: Sequence[Reported],
    out: TextIO,
    *,
    scanned: int,
    color: bool = False,
    only: Collection[Category] = (),
) -> None:
    """A readable report: file:line:col, kind, masked preview, rule; then a summary line.

    `only` names the categories the scan was limited to; the summary says so.
    """
    paint = _Paint(color)
    for r in items:
        f = r.finding
        where = f"{r.commit[:12]}:" if r.commit else ""
        out.write(
            f"{paint.bold(f'{where}{r.path}:{r.line}:{r.column}')}  "
            f"{paint.red(f.kind)}  {_preview(f)}  "
            f"{paint.dim(f'({f.rule_id}, {f.category.value}, confidence {f.confidence:.2f})')}\n"
        )
    if items:
        out.write("\n")
    out.write(summary(items, scanned=scanned, only=only, paint=paint) + "\n")


def summary(
    items: Sequence[Reported],
    *,
    scanned: int,
    only: Collection[Category] = (),
    paint: _Paint | None = None,
) -> str:
    """`3 finding(s) (1 secret, 2 pii) in 5 scanned source(s)`, or `No findings in ...`."""
    paint = paint or _Paint(False)
    scope = f" (only: {', '.join(c.value for c in Category if c in only)})" if only else ""
    if not items:
        return f"{paint.green('No findings')} in {scanned} scanned source(s){scope}"
    counts = Counter(r.finding.category for r in items)
    parts = ", ".join(f"{counts[c]} {c.value}" for c in Category if counts[c])
    head = paint.bold_red(f"{len(items)} finding(s)")
    return f"{head} ({parts}) in {scanned} scanned source(s){scope}"


def wants_color(stream: TextIO) -> bool:
    """Colours on a terminal, unless NO_COLOR or TERM=dumb says otherwise; FORCE_COLOR forces."""
    if os.environ.get("FORCE_COLOR"):
        return True
    if os.environ.get("NO_COLOR") or os.environ.get("TERM") == "dumb":
        return False
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


class _Paint:
    """ANSI styles, or none."""

    def __init__(self, color: bool) -> None:
        self.color = color

    def _style(self, code: str, text: str) -> str:
        return f"\x1b[{code}m{text}\x1b[0m" if self.color else text

    def bold(self, text: str) -> str:
        return self._style("1", text)

    def red(self, text: str) -> str:
        return self._style("31", text)

    def bold_red(self, text: str) -> str:
        return self._style("1;31", text)

    def green(self, text: str) -> str:
        return self._style("32", text)

    def dim(self, text: str) -> str:
        return self._style("2", text)


def as_sarif(items: Sequence[Reported], rules: Sequence[Rule]) -> str:
    """A SARIF 2.1.0 log with one run, as GitHub code scanning accepts it."""
    used = sorted({r.finding.rule_id for r in items})
    by_id = {r.id: r for r in rules}
    descriptors = []
    for rule_id in used:
        rule = by_id.get(rule_id)
        kind = rule.kind if rule else rule_id.replace("-", "_")
        category = rule.category.value if rule else "file"
        descriptors.append(
            {
                "id": rule_id,
                "name": "".join(p.title() for p in kind.split("_")),
                "shortDescription": {"text": f"{kind.replace('_', ' ')} ({category})"},
                "defaultConfiguration": {"level": "error" if category == "secret" else "warning"},
                "properties": {"tags": ["security", category]},
            }
        )
    index = {rid: i for i, rid in enumerate(used)}
    results = []
    for r in items:
        f = r.finding
        region = {
            "startLine": r.line,
            "startColumn": r.column,
            "endLine": r.end_line,
            "endColumn": max(r.end_column, 1),
        }
        location: dict[str, Any] = {
            "physicalLocation": {
                "artifactLocation": {"uri": r.path.replace("\\", "/").lstrip("/")},
                "region": region,
            }
        }
        result: dict[str, Any] = {
            "ruleId": f.rule_id,
            "ruleIndex": index[f.rule_id],
            "level": "error" if f.category.value == "secret" else "warning",
            "message": {"text": f"{f.kind.replace('_', ' ')} found ({_preview(f)})"},
            "locations": [location],
            "partialFingerprints": {"veil/v1": r.fingerprint},
        }
        if r.commit:
            result["properties"] = {"commit": r.commit}
        results.append(result)
    log = {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "veil",
                        "version": __version__,
                        "rules": descriptors,
                    }
                },
                "results": results,
            }
        ],
    }
    return json.dumps(log, indent=2) + "\n"
