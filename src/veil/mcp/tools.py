"""The work behind `veil mcp`'s tools: masked file reads, scans, sanitize and restore, and the
policy's decision. Results are pydantic models that hold kinds, counts and positions, and text
only once masked; refusals are `UsageError`s whose messages name paths, never values."""

from __future__ import annotations

import itertools
import os
import stat
import threading
from pathlib import Path
from typing import TYPE_CHECKING

from pydantic import BaseModel, Field

from veil.config import Settings, active_rules
from veil.errors import UsageError
from veil.pipeline.decide import Destination, PolicyStage
from veil.scan.sources import Source, decode
from veil.types import Category

if TYPE_CHECKING:
    from veil.pipeline.request import Pipeline
    from veil.pipeline.text import TextSanitizer
    from veil.scan.runner import Reported, Scanner

MAX_READ_BYTES = 2 * 1024 * 1024  # read_file: a source file, not a data dump
MAX_TEXT_CHARS = 8 * 1024 * 1024  # scan, sanitize, restore and check of a text
MAX_SCAN_FILES = 20_000  # scan of a path: a project, not a whole disk
MAX_FINDINGS = 500  # scan: more would flood the agent's context; `veil scan` lists them all
TEXT_NAME = "<text>"

if TYPE_CHECKING:
    # check's pipeline, every registry provider, and each configured upstream by name
    _Checker = tuple[Pipeline, list[Destination], list[tuple[str, Destination]]]


class ReadFile(BaseModel):
    """A file's contents with everything sensitive masked or disguised."""

    path: str = Field(description="The file read, as asked for (disguised like its text).")
    text: str = Field(description="Its contents, masked and disguised.")
    counts: dict[str, int] = Field(description="How many values of each kind were replaced.")


class FoundAt(BaseModel):
    """One finding: what it is and where, never its value."""

    rule_id: str
    kind: str
    category: str = Field(description="secret, pii, org or file.")
    path: str | None = Field(description="The file it is in; null for a text.")
    line: int
    column: int


class Scan(BaseModel):
    """What a scan found."""

    scanned: int = Field(description="Files (or texts) scanned.")
    total: int = Field(description="Findings in all.")
    findings: list[FoundAt] = Field(description=f"The first {MAX_FINDINGS}, in path order.")
    truncated: bool = Field(description="Whether findings were left out of the list.")


class Sanitized(BaseModel):
    """A text disguised: secrets and personal data masked, organisation terms renamed."""

    text: str
    counts: dict[str, int] = Field(description="How many values of each kind were replaced.")


class Restored(BaseModel):
    """A text with veil's placeholders replaced by the originals."""

    text: str


class ReasonOut(BaseModel):
    """Why the text has its tier: a kind, a path pattern or a rule, never a value."""

    tier: str
    source: str
    detail: str
    count: int


class DecisionOut(BaseModel):
    """The policy's decision at one destination."""

    provider: str
    decision: str = Field(description="forward, mask, pseudonymize, local or block.")
    applied: str
    key: str = Field(description="The policy entry that decided.")
    traits: list[str]
    unsure: list[str]
    note: str | None = None


class Checked(BaseModel):
    """The tier of a text, the reasons for it, and the decision at each destination."""

    tier: str
    reasons: list[ReasonOut]
    decisions: dict[str, DecisionOut] = Field(description="By registry provider.")
    upstreams: dict[str, DecisionOut] = Field(description="By configured upstream.")
    blocked: bool = Field(description="Whether it would be blocked where it would go.")


class Toolbox:
    """The tools' state, built once per server: the settings, one TextSanitizer (its map saved
    to the vault after each sanitize or read), and engines built on first use."""

    def __init__(self, settings: Settings, *, vault_dir: Path | None = None) -> None:
        from veil.pipeline.text import TextSanitizer

        self.settings = settings
        self.policy = PolicyStage(settings)
        self._sanitizer: TextSanitizer = TextSanitizer(settings, vault_dir=vault_dir)
        self._vault_lock = threading.Lock()  # sync tools run on worker threads
        self._build_lock = threading.Lock()
        self._scanner: Scanner | None = None
        self._checker: _Checker | None = None

    def read_file(self, path: str) -> ReadFile:
        """The file at `path` masked; refused when deny-listed, not a regular text file, or
        larger than MAX_READ_BYTES."""
        given = Path(path).expanduser()
        absolute = Path(os.path.abspath(given))
        real = absolute.resolve()  # a link named `notes.txt` to `.env` is still `.env`
        if any(self.policy.denylist.denies(str(p)) for p in (given, absolute, real)):
            raise UsageError(
                f"{path}: withheld by veil's deny list (credentials and keys are never read)"
            )
        data = _read_regular(real, path)
        text = decode(data)
        if text is None:
            raise UsageError(f"{path}: a binary file; read_file returns text only")
        with self._vault_lock:
            done = self._sanitizer.sanitize(text, path=str(real))
            # The path as asked (a link's target may name what the link does not), disguised.
            shown = self._sanitizer.sanitize(path).text
            self._sanitizer.save()
        return ReadFile(path=shown, text=done.text, counts=dict(done.counts))

    def scan(self, path: str | None, text: str | None) -> Scan:
        """Findings in a file or directory (as `veil scan` finds them), or in a text."""
        from veil.scan.walk import iter_files

        if (path is None) == (text is None):
            raise UsageError("give either path or text")
        scanner = self._scan_engine()
        if text is not None:
            _check_size(text)
            items = scanner.scan_source(Source(TEXT_NAME, text))
            count = 1
        else:
            root = Path(str(path)).expanduser()
            if not root.exists():
                raise UsageError(f"{path}: no such file or directory")
            scan = self.settings.scan
            files = iter_files([root], exclude=scan.exclude, max_size=scan.max_file_size)
            tasks = list(itertools.islice(files, MAX_SCAN_FILES + 1))
            if len(tasks) > MAX_SCAN_FILES:
                raise UsageError(f"{path}: more than {MAX_SCAN_FILES} files; run `veil scan`")
            items, count = scanner.scan_files(tasks, jobs=1), len(tasks)
        items.sort(key=lambda r: (r.path, r.line, r.column, r.finding.rule_id))
        with self._vault_lock:  # paths name projects and customers too: disguised
            shown = {r.path: self._sanitizer.sanitize(r.path).text for r in items if text is None}
            if shown:
                self._sanitizer.save()
        found = [_found_at(r, shown.get(r.path)) for r in items]
        return Scan(
            scanned=count,
            total=len(found),
            findings=found[:MAX_FINDINGS],
            truncated=len(found) > MAX_FINDINGS,
        )

    def sanitize(self, text: str, path: str | None) -> Sanitized:
        """`text` disguised (`path`, if given, names the file it came from: its language)."""
        _check_size(text)
        with self._vault_lock:
            done = self._sanitizer.sanitize(text, path=path)
            self._sanitizer.save()
        return Sanitized(text=done.text, counts=dict(done.counts))

    def restore(self, text: str) -> Restored:
        """`text` with the names, hosts and URLs this vault knows put back; secrets and
        personal data stay placeholders (what an agent holds goes to its provider)."""
        _check_size(text)
        with self._vault_lock:
            return Restored(text=self._sanitizer.restore(text, values=False))

    def check(self, text: str, provider: str | None) -> Checked:
        """What the policy decides for `text` at each provider (or only at `provider`)."""
        from veil.pipeline.check import check

        _check_size(text)
        pipeline, every, ours = self._check_pipeline()
        if provider is not None:  # a registry id, an upstream's name, or both (`anthropic`)
            asked = [d for d in every if d.provider.id == provider]
            theirs = [u for u in ours if u[0] == provider]
            if not asked and not theirs:
                known = ", ".join(
                    dict.fromkeys([d.provider.id for d in every] + [n for n, _ in ours])
                )
                raise UsageError(f"provider {provider!r}: no such provider or upstream ({known})")
            every, ours = asked, theirs
        result = check(pipeline, TEXT_NAME, text, every, ours)
        d = result.to_dict()
        return Checked(
            tier=d["tier"],
            reasons=[ReasonOut(**r) for r in d["reasons"]],
            decisions={k: DecisionOut(**v) for k, v in d["decisions"].items()},
            upstreams={k: DecisionOut(**v) for k, v in d["upstreams"].items()},
            blocked=result.blocked,
        )

    def _scan_engine(self) -> Scanner:
        from veil.detect.engine import Engine
        from veil.scan.runner import Scanner

        with self._build_lock:
            if self._scanner is None:
                only = frozenset(Category(c) for c in self.settings.scan.only)
                rules = tuple(
                    r for r in active_rules(self.settings) if not only or r.category in only
                )
                self._scanner = Scanner(Engine(rules), categories=only or None)
            return self._scanner

    def _check_pipeline(self) -> _Checker:
        """The pipeline `veil check` uses (the sanitizer's: rules with recall) and the
        destinations it asks."""
        from veil.gateway.upstream import destinations
        from veil.policy.registry import load_registry

        with self._build_lock:
            if self._checker is None:
                every, ours = destinations(self.settings, load_registry(self.settings.providers))
                self._checker = (self._sanitizer.pipeline, every, ours)
            return self._checker


def _read_regular(path: Path, given: str) -> bytes:
    """The bytes of the regular file at `path`, at most MAX_READ_BYTES of them."""
    try:
        info = path.stat()
        if stat.S_ISDIR(info.st_mode):
            raise UsageError(f"{given}: a directory; scan it, or read the files in it")
        if not stat.S_ISREG(info.st_mode):
            raise UsageError(f"{given}: not a regular file")
        if info.st_size > MAX_READ_BYTES:
            raise UsageError(f"{given}: larger than {MAX_READ_BYTES} bytes; read_file refuses it")
        with path.open("rb") as fh:
            data = fh.read(MAX_READ_BYTES + 1)
    except FileNotFoundError:
        raise UsageError(f"{given}: no such file") from None
    except OSError as exc:
        raise UsageError(f"{given}: cannot read ({exc.strerror or type(exc).__name__})") from None
    if len(data) > MAX_READ_BYTES:  # it grew since stat
        raise UsageError(f"{given}: larger than {MAX_READ_BYTES} bytes; read_file refuses it")
    return data


def _check_size(text: str) -> None:
    if len(text) > MAX_TEXT_CHARS:
        raise UsageError(f"text: longer than {MAX_TEXT_CHARS} characters")


def _found_at(item: Reported, path: str | None) -> FoundAt:
    """A finding as a tool reports it; an organisation rule's id (made from the term) becomes
    its family."""
    from veil.detect.org import recordable_rule_id

    f = item.finding
    return FoundAt(
        rule_id=recordable_rule_id(f.rule_id),
        kind=f.kind,
        category=f.category.value,
        path=path,
        line=item.line,
        column=item.column,
    )
