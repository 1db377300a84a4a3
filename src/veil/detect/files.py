"""Files that must never be read or committed: `.env`, private keys, cloud credentials."""

from __future__ import annotations

from collections.abc import Sequence

import pathspec

from veil.types import Category, Finding

# gitignore-style patterns, matched against the path's final components.
FORBIDDEN_FILES: tuple[str, ...] = (
    ".env",
    ".env.*",
    "!.env.example",
    "!.env.sample",
    "!.env.template",
    "!.env.dist",
    ".envrc",
    ".ssh/*",
    "!.ssh/*.pub",
    "!.ssh/known_hosts",
    "!.ssh/config",
    # SSH private keys anywhere, with their suffixes (`id_rsa.old`, `id_ed25519_sk`, `id_rsa-work`).
    "id_rsa*",
    "id_dsa*",
    "id_ecdsa*",
    "id_ed25519*",
    "*.ppk",
    ".aws/credentials",
    ".aws/config",
    ".azure/accessTokens.json",
    ".config/gcloud/credentials.db",
    ".config/gcloud/application_default_credentials.json",
    ".kube/config",
    "kubeconfig",
    "kubeconfig.yaml",
    "kubeconfig.yml",
    "*.kubeconfig",
    ".docker/config.json",
    ".netrc",
    "_netrc",
    ".pgpass",
    ".npmrc",
    ".pypirc",
    ".git-credentials",
    "*.pem",
    "*.key",
    "*.p12",
    "*.pfx",
    "*.keystore",
    "*.jks",
    "*.kdbx",
    "*.tfstate",
    "*.tfstate.backup",
    "secrets.yml",
    "secrets.yaml",
    "credentials.json",
    "service-account*.json",
    "serviceAccountKey.json",
    ".htpasswd",
    ".vault-token",
    # Public halves of key pairs are not secrets (`id_rsa.pub`, `.ssh/id_ed25519.pub`).
    "!*.pub",
)


class DenyList:
    """The built-in deny list, plus `extra` patterns, less what `allow` excepts (gitignore syntax).

    Built-in patterns are matched against a path's last one and two components, and those of
    three components (`.config/gcloud/credentials.db`) against its last three, so they hold
    anywhere (`.ssh/*` denies `/home/u/.ssh/id_rsa`) without reaching deep into folders (a
    virtualenv named `.env` does not deny `.env/lib/python3.12/site.py`). `extra` and `allow`
    patterns are matched against every tail of the path (`c`, `b/c`, `a/b/c`), so a pattern
    relative to the workspace (`config/prod.yml`) holds for the absolute path too. Allowing wins
    over the defaults and over `extra`. Case is ignored, as the file systems of macOS and Windows
    ignore it (`.ENV` is `.env` there). Invalid patterns raise `ValueError` when the list is built.
    """

    __slots__ = ("_allow", "_extra", "_seen")

    def __init__(self, extra: Sequence[str] = (), allow: Sequence[str] = ()) -> None:
        self._extra = _spec(extra)
        self._allow = _spec(allow)
        # Answers by path: clients resend the same tool calls every turn, and matching one path
        # against the list costs tens of microseconds in pathspec's pure-Python backend.
        self._seen: dict[str, bool] = {}

    def denies(self, path: str) -> bool:
        """Whether the file at `path` must never be read or sent (by its name alone, no I/O)."""
        if len(path) > _SEEN_PATH_MAX:  # a hostile path is answered, not remembered
            return self._denies(path)
        known = self._seen.get(path)
        if known is None:
            if len(self._seen) >= _SEEN_MAX:
                self._seen.clear()
            known = self._seen[path] = self._denies(path)
        return known

    def _denies(self, path: str) -> bool:
        folded = path.lower().replace("\\", "/").split("/")
        parts = [p for p in folded if p not in ("", ".")][-_TAILS_MAX:]
        tails = ["/".join(parts[-n:]) for n in range(1, len(parts) + 1)]
        if self._allow is not None and any(self._allow.match_file(t) for t in tails):
            return False
        if any(_SPEC.match_file(t) for t in tails[:2]):
            return True
        if any(_DEEP_SPEC.match_file(t) for t in tails[2:_DEPTH]):
            return True
        return self._extra is not None and any(self._extra.match_file(t) for t in tails)


def _spec(patterns: Sequence[str]) -> pathspec.GitIgnoreSpec | None:
    lines = [p.lower() for p in patterns if p.strip()]
    return pathspec.GitIgnoreSpec.from_lines(lines, backend="simple") if lines else None


def _depth(pattern: str) -> int:
    return pattern.strip("/").count("/") + 1


def _samples(patterns: Sequence[str]) -> tuple[str, ...]:
    """File names the patterns deny, one or two a pattern: its last component with `*` read as
    nothing and as `x` (`*.pem` -> `.pem`, `x.pem`; `.aws/credentials` -> `credentials`)."""
    names = (
        p.rsplit("/", 1)[-1].replace("*", fill).lower()
        for p in patterns
        if not p.startswith("!")
        for fill in ("", "x")
    )
    return tuple(dict.fromkeys(n for n in names if n))


_SEEN_MAX = 8192  # paths whose answer a deny list keeps (then it starts again)
_SEEN_PATH_MAX = 1024  # longer paths are not kept: the answers stay under ~10 MB
_TAILS_MAX = 64  # the components of a path that patterns are matched against
_DEPTH = max(_depth(p) for p in FORBIDDEN_FILES)
# The pure-Python backend: building the Hyperscan one costs ~70 ms at every start. Patterns of
# up to two components, and (with every exception) those of more.
_SPEC = pathspec.GitIgnoreSpec.from_lines(
    [p.lower() for p in FORBIDDEN_FILES if p.startswith("!") or _depth(p) <= 2], backend="simple"
)
_DEEP_SPEC = pathspec.GitIgnoreSpec.from_lines(
    [p.lower() for p in FORBIDDEN_FILES if p.startswith("!") or _depth(p) > 2], backend="simple"
)
# Names of deny-listed files, for what a glob (`cat .env*`, `glob: "*.pem"`) may reach.
SAMPLE_NAMES: tuple[str, ...] = _samples(FORBIDDEN_FILES)
_DEFAULT = DenyList()


def is_forbidden(path: str) -> bool:
    """Whether the file at `path` is one that must never be read or sent (by name alone)."""
    return _DEFAULT.denies(path)


def file_findings(path: str) -> list[Finding]:
    """One `file` finding when `path` names a forbidden file, else none."""
    if not is_forbidden(path):
        return []
    return [
        Finding(
            rule_id="forbidden-file",
            kind="forbidden_file",
            category=Category.FILE,
            start=0,
            end=0,
            line=1,
            column=1,
            confidence=1.0,
            value=path,
        )
    ]
