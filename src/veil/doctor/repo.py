"""The repository's checks: what `.gitignore` covers, deny-listed files in git, veil's hook."""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from pathlib import Path

from veil.config import Settings
from veil.detect.files import DenyList
from veil.doctor.report import Check, Status
from veil.errors import UsageError
from veil.scan.git import run_git
from veil.setup.hooks import HookError, hook_state, plan_hook

SHOWN_FILES = 5  # tracked files named in a check's detail


@dataclass(frozen=True, slots=True)
class Ignored:
    """Lines `.gitignore` should hold, the paths that show whether it does, and whether their
    absence is red (credentials found in most projects) or yellow."""

    lines: tuple[str, ...]
    samples: tuple[str, ...]
    critical: bool = True

    @property
    def label(self) -> str:
        return self.lines[0]


# Drawn from the deny list (veil.detect.files), less names projects often commit on purpose
# (.npmrc, .envrc, secrets.yml); each sample is also tried one folder down.
IGNORED = (
    Ignored((".env",), (".env",)),
    Ignored((".env.*", "!.env.example"), (".env.local", ".env.production")),
    Ignored(("*.pem",), ("server.pem",)),
    Ignored(("*.key",), ("server.key",)),
    Ignored(("credentials.json",), ("credentials.json",)),
    Ignored(("*.p12",), ("cert.p12",), critical=False),
    Ignored(("*.pfx",), ("cert.pfx",), critical=False),
    Ignored(("id_rsa", "id_ed25519", "id_ecdsa"), ("id_rsa", "id_ed25519"), critical=False),
    Ignored(("service-account*.json",), ("service-account-prod.json",), critical=False),
    Ignored(("*.tfstate", "*.tfstate.backup"), ("terraform.tfstate",), critical=False),
)


def find_repo(path: Path) -> Path | None:
    """The root of the git work tree holding `path`, or None outside one."""
    try:
        out = run_git(["rev-parse", "--show-toplevel"], path)
    except UsageError:
        return None
    return Path(out.decode().strip()).resolve()


def repo_checks(root: Path | None, settings: Settings) -> list[Check]:
    """The three repository checks (skipped outside a git work tree)."""
    if root is None:
        why = "not inside a git repository (use --repo PATH)"
        return [
            Check("repo.gitignore", _GITIGNORE, Status.SKIP, why),
            Check("repo.tracked_secrets", _TRACKED, Status.SKIP, why),
            Check("repo.hook", _HOOK, Status.SKIP, why),
        ]
    return [gitignore_check(root), tracked_check(root, settings), hook_check(root)]


_GITIGNORE = ".gitignore covers secret files"
_TRACKED = "no deny-listed file is tracked"
_HOOK = "veil's pre-commit hook"


@dataclass(frozen=True, slots=True)
class Coverage:
    """What the repository's ignore files make of the sample secret files: entries none
    ignores, entries only this machine's files ignore (`.git/info/exclude`, a global excludes
    file, which other clones do not share), where a deeper ignore file un-ignores an entry's
    samples (a pattern appended to `.gitignore` cannot win over it), and whether `.gitignore`
    is a symbolic link (which git does not read)."""

    missing: list[Ignored]
    local: list[Ignored]
    negated: dict[str, str]  # entry label -> `a/.gitignore:3:!.env`
    linked: bool

    @property
    def appendable(self) -> list[Ignored]:
        """The entries appending their lines to `.gitignore` would cover."""
        if self.linked:
            return []
        return [e for e in self.missing + self.local if e.label not in self.negated]


def coverage(root: Path) -> Coverage:
    """How `.gitignore` and the other ignore files cover the sample secret files."""
    samples = [(entry, p) for entry in IGNORED for s in entry.samples for p in (s, f"a/b/{s}")]
    sources = _ignore_sources(root, [p for _, p in samples])
    missing: dict[str, Ignored] = {}
    local: dict[str, Ignored] = {}
    negated: dict[str, str] = {}
    for entry, path in samples:
        source, line, pattern = sources.get(path, ("", "", ""))
        if not source or pattern.startswith("!"):
            missing[entry.label] = entry
            if source and _in_repo(source) and source != ".gitignore":
                negated[entry.label] = f"{source}:{line}:{pattern}"
        elif not _in_repo(source):
            local[entry.label] = entry
    gitignore = root / ".gitignore"
    return Coverage(
        list(missing.values()),
        [e for k, e in local.items() if k not in missing],
        negated,
        gitignore.is_symlink(),
    )


def _ignore_sources(root: Path, paths: list[str]) -> dict[str, tuple[str, str, str]]:
    """For each path an ignore pattern matches, the file, line and pattern (a `!` one
    un-ignores it)."""
    proc = subprocess.run(
        ["git", "-c", "core.quotepath=off", "check-ignore", "--no-index", "-v", "-n", "--stdin"],
        cwd=root,
        input="\n".join(paths) + "\n",
        capture_output=True,
        text=True,
        check=False,
    )
    found: dict[str, tuple[str, str, str]] = {}
    for row in proc.stdout.splitlines():
        where, _, path = row.partition("\t")
        source, _, rest = where.partition(":")
        line, _, pattern = rest.partition(":")
        if source:
            found[path] = (source, line, pattern)
    return found


def _in_repo(source: str) -> bool:
    return not Path(source).is_absolute() and not source.startswith(".git/")


def gitignore_check(root: Path) -> Check:
    found = coverage(root)
    if not found.missing and not found.local:
        return Check(
            "repo.gitignore", _GITIGNORE, Status.GREEN, "every sample secret file is ignored"
        )
    status = Status.RED if any(e.critical for e in found.missing) else Status.YELLOW
    parts = []
    if found.missing:
        parts.append("not ignored: " + ", ".join(e.label for e in found.missing))
    if found.local:
        parts.append("ignored only on this machine: " + ", ".join(e.label for e in found.local))
    fixes = []
    if found.linked:
        parts.append(".gitignore is a symbolic link, which git does not read")
        fixes.append("replace the link .gitignore with a regular file holding its patterns")
    lines = [line for e in found.appendable for line in e.lines]
    if lines:
        fixes.append("append to .gitignore: " + " ".join(lines))
    for where in dict.fromkeys(found.negated.values()):
        fixes.append(f"remove the negation {where}")
    return Check(
        "repo.gitignore",
        _GITIGNORE,
        status,
        "; ".join(parts),
        "; ".join(fixes),
        fixable=bool(lines),
    )


def tracked_secrets(root: Path, settings: Settings) -> list[str]:
    """Tracked files the deny list names (`[policy.files]` deny and allow honoured)."""
    files = settings.policy.files
    denylist = DenyList(files.deny, files.allow)
    tracked = run_git(["ls-files", "-z"], root).decode("utf-8", "replace").split("\0")
    return [path for path in tracked if path and denylist.denies(path)]


def tracked_check(root: Path, settings: Settings) -> Check:
    found = tracked_secrets(root, settings)
    if not found:
        return Check(
            "repo.tracked_secrets", _TRACKED, Status.GREEN, "none of git's files is deny-listed"
        )
    shown = ", ".join(found[:SHOWN_FILES])
    more = f" and {len(found) - SHOWN_FILES} more" if len(found) > SHOWN_FILES else ""
    return Check(
        "repo.tracked_secrets",
        _TRACKED,
        Status.RED,
        f"{len(found)} tracked: {shown}{more}",
        f"git rm --cached -- {found[0]} (each file), then rotate what it held; a file that holds"
        " no secret: [policy.files] allow in veil.toml",
    )


def hook_check(root: Path) -> Check:
    state = hook_state(root)
    if state.installed:
        return Check("repo.hook", _HOOK, Status.GREEN, f"veil scans each commit ({state.how})")
    try:
        plan = plan_hook(root)
    except HookError as exc:
        return Check("repo.hook", _HOOK, Status.YELLOW, state.detail, str(exc))
    if plan is None:
        return Check("repo.hook", _HOOK, Status.YELLOW, state.detail)
    return Check("repo.hook", _HOOK, Status.YELLOW, state.detail, plan, fixable=True)
