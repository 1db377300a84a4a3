"""Organisation terms and internal domains a repository suggests, each with where it came from.

Terms: the owner in each git remote's URL (`github.com/acme-corp/x` -> `acme corp`, so
`AcmeCorp` and `acme_corp` match too), and the names in package manifests (pyproject.toml,
setup.cfg, package.json and its `@scope`, Cargo.toml, go.mod's module owner) at the root and one
folder down. Names too generic to be an organisation's (`app`, `api`, `web ui`: every word
generic) are left out. A term that may be a person's is suggested with "(a person?)" and
defaults to no: one that is the git user's name, e-mail name or login (`jdoe` for `John Doe`,
`jdoe@...` or `$USER`), and a go.mod module owner that is not the git remote's owner (where
the project came from, often someone's own account).
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
from dataclasses import dataclass, replace
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
    keep: bool = True  # what a prompt defaults to (no for a name that may be a person's)


def suggest(repo: Path) -> list[Suggestion]:
    """Terms first, then domains; each value once (where it was first seen), in a stable order."""
    remotes = list(_remotes(repo))
    owners = {s.value.lower() for s in remotes if s.kind == "term"}
    found = [*remotes, *_manifests(repo, owners), *_config_hosts(repo)]
    people = _people(repo)
    found = [
        replace(s, keep=False, source=f"{s.source} (a person?)")
        if s.kind == "term" and _squash(s.value) in people
        else s
        for s in found
    ]
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
    if len(words) < 3 or set(words.lower().split()) <= GENERIC or not re.search("[A-Za-z]", words):
        return None
    return words


def _people(repo: Path) -> set[str]:
    """The names a person using this repository may go by: the git user's and the login's."""
    names = [os.environ.get("USER", ""), os.environ.get("LOGNAME", "")]
    try:
        out = run_git(["config", "--get-regexp", r"^user\.(name|email)$"], repo).decode()
    except UsageError:  # none set
        out = ""
    for line in out.splitlines():
        key, _, value = line.partition(" ")
        if key == "user.email":
            names += value.partition("@")[0].split("+")  # `123+jdoe@users.noreply.github.com`
        elif words := re.findall(r"[a-z0-9]+", value.lower()):
            names += ["".join(words), words[0][0] + words[-1], words[0] + words[-1][0]]
    return {squashed for name in names if len(squashed := _squash(name)) >= 3}


def _squash(name: str) -> str:
    """`name` lowercased, letters and digits only: `Acme-Corp` and `acme corp` are one."""
    return re.sub(r"[^a-z0-9]", "", name.lower())


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


def _manifests(repo: Path, owners: set[str]) -> Iterator[Suggestion]:
    """Package names; a go.mod module owner that is not one of the remotes' `owners` as a no."""
    folders = [repo, *sorted(p for p in repo.iterdir() if p.is_dir() and p.name not in _SKIP_DIRS)]
    for folder in folders:
        for name in _MANIFESTS:
            path = folder / name
            if not path.is_file():
                continue
            shown = path.relative_to(repo).as_posix()
            for raw, where in _names_in(path):
                if (term := term_from(raw)) is None:
                    continue
                if where == "module owner" and owners and term.lower() not in owners:
                    source = f"{where} in {shown}, not the git remote's owner (a person?)"
                    yield Suggestion("term", term, source, keep=False)
                else:
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
