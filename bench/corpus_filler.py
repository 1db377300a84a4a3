"""Filler text from real open-source files in the virtual environment, scrubbed of anything a
scanner could fairly report (addresses, names in credits, digit runs, key-like strings)."""

from __future__ import annotations

import re
import sysconfig
from collections.abc import Iterator
from pathlib import Path
from random import Random

# Packages whose sources make ordinary, varied filler; pinned so that the corpus depends on
# this list and the installed versions only.
PY_PACKAGES = (
    "pip", "setuptools", "pydantic", "rich", "requests", "urllib3", "yaml", "attr", "attrs",
    "jsonschema", "_pytest", "typer", "packaging", "pluggy", "markdown_it", "pathspec",
    "platformdirs", "referencing", "execnet", "xdist", "sortedcontainers", "shellingham",
    "iniconfig", "mdurl", "annotated_types", "typing_inspection", "pygments/formatters",
    "pygments/filters", "pygments/styles", "hypothesis/strategies", "hypothesis/internal",
    "mypy/server", "mypy/plugins", "mypy/dmypy",
)  # fmt: skip
# Distributions whose long descriptions make the docs filler; never the secret scanners' own
# (their READMEs are full of sample secrets) nor faker's (sample personal data).
DOC_DISTS = (
    "rich", "pydantic", "typer", "requests", "urllib3", "PyYAML", "pyyaml", "attrs",
    "jsonschema", "pytest", "packaging", "pluggy", "markdown_it_py", "pathspec",
    "platformdirs", "referencing", "execnet", "pytest_xdist", "sortedcontainers",
    "shellingham", "iniconfig", "mdurl", "annotated_types", "typing_inspection", "hypothesis",
    "mypy", "pip", "setuptools", "pygments", "idna", "charset_normalizer", "rpds_py",
)  # fmt: skip
MAX_SOURCE_BYTES = 150_000

DIRTY = re.compile(
    r"[\w.%+-]+@[\w-]+\.[\w.-]+"  # e-mail addresses, user@host
    r"|\b\d{1,3}(?:\.\d{1,3}){3}\b"  # dotted quads
    r"|\b[0-9a-fA-F]{1,4}(?::[0-9a-fA-F]{0,4}){4,7}\b"  # IPv6-like
    r"|\b[0-9A-Fa-f]{2}(?:[:-][0-9A-Fa-f]{2}){5}\b"  # MAC addresses
    r"|\d(?:[\s().-]{0,2}\d){8,}"  # digit runs: phones, cards, IDs
    r"|(?i:copyright|author|maintainer|\(c\)|credits|written by|thanks to|contributed by)"
    r"|(?i:begin [a-z ]*private key)"
    r"|\b(?i:hello|hi|dear|hey|thanks|regards),?\s+[A-Z][a-z]+"  # greetings, signatures
    r"|://[^/\s:@'\"]+:[^/\s@'\"]+@"  # credentials in URLs
    r"|(?i:passw(?:or)?d|secret|token|api[_-]?key|auth)\w*['\"]?\s*[:=]+\s*[rbf]?['\"][^'\"\s]{6,}"
    r"|\b(?=[A-Za-z0-9+/_-]*\d)(?=[A-Za-z0-9+/_-]*[A-Za-z])[A-Za-z0-9+/_-]{24,}"  # key-like runs
)


def clean(lines: list[str]) -> bool:
    return not any(DIRTY.search(line) for line in lines)


def site_packages() -> Path:
    return Path(sysconfig.get_paths()["purelib"])


def _sources(root: Path, packages: tuple[str, ...], suffix: str) -> list[Path]:
    found: list[Path] = []
    for pkg in packages:
        base = root / pkg
        if base.is_file():
            found.append(base)
            continue
        for path in sorted(base.rglob("*" + suffix)):
            if "/tests/" not in path.as_posix() and path.stat().st_size <= MAX_SOURCE_BYTES:
                found.append(path)
    return found


def _python_units(text: str) -> list[list[str]]:
    """Top-level blocks: a boundary is an unindented line after a blank one."""
    units: list[list[str]] = []
    current: list[str] = []
    prev_blank = False
    for line in text.splitlines():
        line = line.rstrip()
        top = bool(line) and not line[0].isspace() and line[0] not in ")]}"
        if top and prev_blank and current:
            units.append(current)
            current = []
        current.append(line)
        prev_blank = not line
    if current:
        units.append(current)
    return units


def _paragraphs(text: str) -> list[list[str]]:
    units: list[list[str]] = []
    current: list[str] = []
    for line in text.splitlines():
        current.append(line.rstrip())
        if not line.strip() and len(current) > 1:
            units.append(current)
            current = []
    if current:
        units.append(current)
    return units


class Pool:
    """An endless supply of clean filler blocks, read on demand from real files."""

    def __init__(self, paths: list[Path], split: str) -> None:
        self.paths = paths
        self.split = _python_units if split == "python" else _paragraphs
        self.cache: dict[Path, list[list[str]]] = {}

    def _units(self, path: Path) -> list[list[str]]:
        if path not in self.cache:
            text = path.read_text(encoding="utf-8", errors="replace")
            if path.name == "METADATA":
                text = text.partition("\n\n")[2]  # skip the headers: names, addresses
            self.cache[path] = [u for u in self.split(text) if clean(u)]
        return self.cache[path]

    def stream(self, rng: Random) -> Iterator[list[str]]:
        """Blocks in file order from a random file, then another, forever."""
        while True:
            units = self._units(rng.choice(self.paths))
            if not units:
                continue
            start = rng.randrange(len(units))
            yield from units[start:]


def python_pool() -> Pool:
    return Pool(_sources(site_packages(), PY_PACKAGES, ".py"), "python")


def docs_pool() -> Pool:
    root = site_packages()
    paths = sorted(
        p for p in root.glob("*.dist-info/METADATA") if p.parent.name.split("-")[0] in DOC_DISTS
    )
    paths += [p for p in _sources(root, PY_PACKAGES, ".md") if p.stat().st_size > 2000]
    return Pool([p for p in paths if p.stat().st_size > 3000], "docs")


class Filler:
    """Clean code and prose from real open-source files, by approximate length (at least
    `minimum` characters a block)."""

    def __init__(self, rng: Random, minimum: int = 0) -> None:
        self.code: Iterator[list[str]] = python_pool().stream(rng)
        self.prose: Iterator[list[str]] = docs_pool().stream(rng)
        self.minimum = minimum

    @staticmethod
    def _take(stream: Iterator[list[str]], chars: int) -> str:
        lines: list[str] = []
        size = 0
        while size < chars:
            for line in next(stream):
                lines.append(line)
                size += len(line) + 1
                if size >= chars:
                    break
        return "\n".join(lines).strip("\n")

    def code_block(self, chars: int) -> str:
        return self._take(self.code, max(chars, self.minimum))

    def prose_block(self, chars: int) -> str:
        return self._take(self.prose, max(chars, self.minimum))
