"""Speed on a real source tree (no labels): veil against betterleaks on the same files.

    .venv/bin/python bench/tree_bench.py DIR [--tools veil,betterleaks]

The labelled corpus (scan_bench.py) plants a value every ~2 KB, far denser than real code; this
measures the common case, a repository of ordinary source, and prints MB/s and the ratio.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from peers import RUNNERS, tree_bytes


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("root", type=Path)
    parser.add_argument("--tools", default="veil,betterleaks")
    args = parser.parse_args(argv)
    mb = tree_bytes(args.root) / 1e6
    print(f"tree {args.root}: {mb:.1f} MB")
    speeds: dict[str, float] = {}
    for tool in args.tools.split(","):
        run = RUNNERS[tool](args.root)
        if run.error:
            print(f"{tool:14} did not run: {run.error}")
            continue
        speeds[tool] = mb / run.seconds
        found = len(run.findings)
        print(f"{tool:14} {run.seconds:7.2f} s  {speeds[tool]:7.1f} MB/s  {found} findings")
    if "veil" in speeds and "betterleaks" in speeds:
        print(f"veil MB/s / betterleaks MB/s = {speeds['veil'] / speeds['betterleaks']:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
