"""Organisation terms and internal domains a repository suggests, each with where it came from.

Terms: the owner in each git remote's URL (`github.com/acme-corp/x` -> `acme corp`, so
`AcmeCorp` and `acme_corp` match too), and the names in package manifests (pyproject.toml,
setup.cfg, package.json and its `@scope`, Cargo.toml, go.mod's module owner) at the root and one
folder down. Names too generic to be an organisation's (`app`, `api`, `server`...) are left out.
Domains: the private zones of internal hosts (see `veil.setup.hosts`) in the remotes and in the
repository's config files (YAML, TOML, INI, JSON, properties, `.env.example`...), read in a
bounded walk that follows `.gitignore` (git's own file list where there is one).
"""

from __future__ import annotations

import configparser
import json
import os
import re
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Literal
from urllib.parse import urlsplit

import pathspec

from veil.errors import UsageError
from veil.scan.git import run_git
from veil.setup.hosts import internal_hosts, internal_zone

MAX_FILES = 5000  # paths looked at
MAX_CONFIGS = 400  # config files read
MAX_BYTES = 256 * 1024  # read of each
MAX_TOTAL = 16 * 1024 * 1024  # read in all
# fmt: off
GENERIC = frozenset([
    "app", "api", "apps", "backend", "cli", "client", "common", "core", "demo", "docs",
    "example", "frontend", "infra", "internal", "lib", "libs", "main", "mobile", "monorepo",
    "packages", "platform", "plugin", "project", "root", "sdk", "server", "service", "services",
    "shared", "site", "src", "test", "tests", "tools", "ui", "utils", "web", "website",
    "workspace",
])
_CONFIG_SUFFIXES = frozenset([
    ".yaml", ".yml", ".toml", ".ini", ".cfg", ".conf", ".json", ".properties", ".tf", ".tfvars",
    ".hcl", ".xml",
])
# fmt: on
_CONFIG_NAMES = frozenset({".env.example", ".env.sample", ".env.template", ".env.dist"})
_SKIP_NAMES = frozenset({"package-lock.json", "composer.lock", "npm-shrinkwrap.json"})
_SKIP_DIRS = frozenset({".git", "node_modules", ".venv", "venv", "vendor", "dist", "build"})
_MANIFESTS = ("pyproject.toml", "setup.cfg", "package.json", "Cargo.toml", "go.mod")
_SCP_URL = re.compile(r"^(?:[\w.-]+@)?(?P<host>[\w.-]+):(?P<path>(?!//).+)$")


@dataclass(frozen=True)
class Suggestion:
    """A term or domain for `[org]`, and where it was seen."""

    kind: Literal["term", "domain"]
    value: str
    source: str


def suggest(repo: Path) -> list[Suggestion]:
    """Terms first, then domains; each value once (where it was first seen), in a stable order."""
    found = [*_remotes(repo), *_manifests(repo), *_config_hosts(repo)]
    seen: set[tuple[str, str]] = set()
    unique = []
    for item in sorted(found, key=lambda s: s.kind != "term"):
        key = (item.kind, item.value.lower())
        if key not in seen:
            seen.add(key)
            unique.append(item)
    return unique


def term_from(name: str) -> str | None:
    """A package or owner name as a term (separators as spaces), None when it is generic."""
    words = re.sub(r"[-_.]+", " ", name).strip()
    if len(words) < 3 or words.lower() in GENERIC or not re.search("[A-Za-z]", words):
        return None
    return words


def remote_parts(url: str) -> tuple[str, str] | None:
    """(host, owner) of a git remote URL (https, ssh, scp-like `git@host:owner/x`)."""
    if "://" in url:
        parts = urlsplit(url)
        host, path = parts.hostname or "", parts.path
    elif match := _SCP_URL.match(url):
        host, path = match["host"], match["path"]
    else:
        return None
    segments = [s for s in path.strip("/").split("/") if s]
    if not host or len(segments) < 2:
        return None
    return host.lower(), segments[0]


def _remotes(repo: Path) -> Iterator[Suggestion]:
    try:
        out = run_git(["config", "--get-regexp", r"^remote\..*\.url$"], repo).decode()
    except UsageError:  # not a repository, or no remote
        return
    for line in out.splitlines():
        key, _, url = line.partition(" ")
        parts = remote_parts(url.strip())
        if parts is None:
            continue
        host, owner = parts
        name = key.removeprefix("remote.").removesuffix(".url")
        if (term := term_from(owner)) is not None:
            yield Suggestion("term", term, f"owner in git remote {name} ({host}/{owner})")
        if (zone := internal_zone(host)) is not None:
            yield Suggestion("domain", zone, f"host of git remote {name} ({host})")


def _manifests(repo: Path) -> Iterator[Suggestion]:
    folders = [repo, *sorted(p for p in repo.iterdir() if p.is_dir() and p.name not in _SKIP_DIRS)]
    for folder in folders:
        for name in _MANIFESTS:
            path = folder / name
            if not path.is_file():
                continue
            shown = path.relative_to(repo).as_posix()
            for raw, where in _names_in(path):
                if (term := term_from(raw)) is not None:
                    yield Suggestion("term", term, f"{where} in {shown}")


def _names_in(path: Path) -> list[tuple[str, str]]:
    """(name, what it is) of the package a manifest declares; nothing when it does not parse."""
    try:
        text = path.read_text(encoding="utf-8", errors="replace")[:MAX_BYTES]
        if path.name == "package.json":
            name = json.loads(text).get("name", "")
            scope, _, bare = name.rpartition("/")
            return [(scope.removeprefix("@"), "package scope"), (bare, "package name")]
        if path.name == "go.mod":
            module = re.search(r"^module\s+(\S+)", text, re.MULTILINE)
            segments = module[1].split("/") if module else []
            return [(segments[1], "module owner")] if len(segments) >= 3 else []
        if path.name == "setup.cfg":
            parser = configparser.ConfigParser(interpolation=None)
            parser.read_string(text)
            return [(parser.get("metadata", "name", fallback=""), "package name")]
        data = tomllib.loads(text)
        table = data.get("package") or data.get("project") or {}
        poetry = data.get("tool", {}).get("poetry", {})
        return [(str(table.get("name") or poetry.get("name") or ""), "package name")]
    except (ValueError, AttributeError, configparser.Error, tomllib.TOMLDecodeError):
        return []


def _config_hosts(repo: Path) -> Iterator[Suggestion]:
    total = 0
    for number, path in enumerate(_config_files(repo)):
        if number >= MAX_CONFIGS or total >= MAX_TOTAL:
            return
        try:
            with path.open("rb") as handle:
                text = handle.read(MAX_BYTES).decode("utf-8", "replace")
        except OSError:
            continue
        total += len(text)
        shown = path.relative_to(repo).as_posix()
        for host, zone, line in internal_hosts(text):
            yield Suggestion("domain", zone, f"{shown}:{line} ({host})")


def _config_files(repo: Path) -> Iterator[Path]:
    """Config files under `repo` in path order, following `.gitignore`, within MAX_FILES."""
    for number, relative in enumerate(_listing(repo)):
        if number >= MAX_FILES:
            return
        name = relative.rsplit("/", 1)[-1]
        if any(part in _SKIP_DIRS for part in relative.split("/")[:-1]) or name in _SKIP_NAMES:
            continue
        if name in _CONFIG_NAMES or Path(name).suffix.lower() in _CONFIG_SUFFIXES:
            path = repo / relative
            if path.is_file() and not path.is_symlink():
                yield path


def _listing(repo: Path) -> list[str]:
    """Paths relative to `repo`: git's tracked and unignored files, else a walk of the folder."""
    try:
        args = ["ls-files", "-z", "--cached", "--others", "--exclude-standard", "--", "."]
        out = run_git(args, repo).decode("utf-8", "replace")
        return sorted(set(filter(None, out.split("\0"))))
    except UsageError:
        pass
    ignore = repo / ".gitignore"
    lines = (
        ignore.read_text(encoding="utf-8", errors="replace").splitlines()
        if ignore.is_file()
        else []
    )
    spec = pathspec.GitIgnoreSpec.from_lines(lines)
    paths: list[str] = []
    for folder, dirs, files in os.walk(repo):
        base = Path(folder).relative_to(repo)
        dirs[:] = sorted(
            d
            for d in dirs
            if d not in _SKIP_DIRS and not spec.match_file(f"{(base / d).as_posix()}/")
        )
        paths += [p for f in sorted(files) if not spec.match_file(p := (base / f).as_posix())]
        if len(paths) >= MAX_FILES:
            break
    return paths
