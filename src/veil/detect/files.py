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

    Built-in patterns are matched against a path's last one and two components, so they hold
    anywhere (`.ssh/*` denies `/home/u/.ssh/id_rsa`) without reaching deep into folders (a
    virtualenv named `.env` does not deny `.env/lib/python3.12/site.py`). `extra` and `allow`
    patterns are matched against every tail of the path (`c`, `b/c`, `a/b/c`), so a pattern
    relative to the workspace (`config/prod.yml`) holds for the absolute path too. Allowing wins
    over the defaults and over `extra`. Invalid patterns raise `ValueError` when the list is built.
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
        known = self._seen.get(path)
        if known is None:
            if len(self._seen) >= _SEEN_MAX:
                self._seen.clear()
            known = self._seen[path] = self._denies(path)
        return known

    def _denies(self, path: str) -> bool:
        parts = [p for p in path.replace("\\", "/").split("/") if p not in ("", ".")]
        tails = ["/".join(parts[-n:]) for n in range(1, len(parts) + 1)]
        if self._allow is not None and any(self._allow.match_file(t) for t in tails):
            return False
        if any(_SPEC.match_file(t) for t in tails[:2]):
            return True
        return self._extra is not None and any(self._extra.match_file(t) for t in tails)


def _spec(patterns: Sequence[str]) -> pathspec.GitIgnoreSpec | None:
    lines = [p for p in patterns if p.strip()]
    return pathspec.GitIgnoreSpec.from_lines(lines, backend="simple") if lines else None


_SEEN_MAX = 8192  # paths whose answer a deny list keeps (then it starts again)
# The pure-Python backend: building the Hyperscan one costs ~70 ms at every start.
_SPEC = pathspec.GitIgnoreSpec.from_lines(FORBIDDEN_FILES, backend="simple")
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
