"""Files that must never be read or committed: `.env`, private keys, cloud credentials."""

from __future__ import annotations

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
    "id_rsa",
    "id_dsa",
    "id_ecdsa",
    "id_ed25519",
    ".aws/credentials",
    ".aws/config",
    ".azure/accessTokens.json",
    ".config/gcloud/credentials.db",
    ".config/gcloud/application_default_credentials.json",
    ".kube/config",
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
    ".htpasswd",
)

# The pure-Python backend: building the Hyperscan one costs ~70 ms at every start.
_SPEC = pathspec.GitIgnoreSpec.from_lines(FORBIDDEN_FILES, backend="simple")


def is_forbidden(path: str) -> bool:
    """Whether the file at `path` is one that must never be read or sent (by name alone)."""
    norm = path.replace("\\", "/")
    parts = [p for p in norm.split("/") if p not in ("", ".")]
    # Match the last one and two components, so `.ssh/id_x` and `.aws/credentials` anchor anywhere.
    tails = {"/".join(parts[-n:]) for n in (1, 2) if len(parts) >= n}
    return any(_SPEC.match_file(t) for t in tails)


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
