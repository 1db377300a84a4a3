"""A private CODEX_HOME for one Codex CLI run: the user's config.toml with its providers pointed at
veil, and every other entry of the user's home linked in (auth, sessions, history, rules...), so
that Codex works as usual and none of the user's files is written by veil."""

from __future__ import annotations

import json
import shutil
import tempfile
import tomllib
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from veil.errors import ConfigError
from veil.toml_text import dumps

VEIL = "veil"  # the provider id veil adds; the user's own providers keep theirs
BUILTIN_OPENAI = "openai"
BUILTIN_LOCAL = ("ollama", "lmstudio", "oss")  # Codex's own local providers: left as they are
TOKEN_HEADER = "veil-token"
TOKEN_ENV = "VEIL_TOKEN"
# Keys of a provider that say where and how it is reached; veil sets them for its own entry.
_ROUTING = ("name", "base_url", "wire_api", "supports_websockets", "aws")


@dataclass
class CodexHome:
    """The generated home (`path`, for CODEX_HOME) and what the user should know about it."""

    path: Path
    notes: list[str] = field(default_factory=list)


def user_home(env: Mapping[str, str]) -> Path:
    """The user's own CODEX_HOME (`~/.codex` unless set)."""
    if env.get("CODEX_HOME"):
        return Path(env["CODEX_HOME"]).expanduser()
    return Path(env.get("HOME") or Path.home()) / ".codex"


@contextmanager
def codex_home(
    home: Path, gateway: str, env: Mapping[str, str], token: bool = False
) -> Iterator[CodexHome]:
    """A CODEX_HOME for a run against the gateway at `gateway` (its root), removed afterwards.
    With `token`, Codex sends VEIL_TOKEN's value in a `veil-token` header."""
    config = read_config(home / "config.toml")
    notes: list[str] = []
    merged = veil_config(config, gateway, env, _auth(home / "auth.json"), token, notes)
    path = Path(tempfile.mkdtemp(prefix="veil-codex-"))
    try:
        target = path / "config.toml"
        target.write_text(dumps(merged), encoding="utf-8")
        target.chmod(0o600)
        if home.is_dir():
            for entry in home.iterdir():
                if entry.name != "config.toml":
                    (path / entry.name).symlink_to(entry.absolute())
        yield CodexHome(path, notes)
    finally:
        shutil.rmtree(path, ignore_errors=True)  # removes the links, never what they point at


def read_config(path: Path) -> dict[str, Any]:
    """The user's config.toml as data ({} when there is none)."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return {}
    except OSError as exc:
        raise ConfigError(f"{path}: cannot be read ({exc.strerror or exc})") from None
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML ({exc}); Codex cannot read it either") from None


def veil_config(
    config: Mapping[str, Any],
    gateway: str,
    env: Mapping[str, str],
    auth: Mapping[str, Any],
    token: bool,
    notes: list[str],
) -> dict[str, Any]:
    """The user's config with every remote provider it selects (at the top and in profiles)
    replaced by a veil one that keeps its credentials, and Codex's own reporting off."""
    out = dict(config)
    providers = dict(config.get("model_providers") or {})
    selected = str(config.get("model_provider") or BUILTIN_OPENAI)
    added: dict[str, dict[str, Any]] = {}

    def routed(provider: str) -> str:
        """The id of the veil provider standing for `provider` (itself when it stays local)."""
        if _is_local(provider, providers.get(provider)):
            return provider
        name = VEIL if provider == selected else f"{VEIL}-{provider}"
        if name not in added:
            added[name] = _veil_provider(provider, providers.get(provider), gateway, env, auth)
            added[name].update(_token_headers(added[name]) if token else {})
            _note_destination(provider, providers.get(provider), notes)
        return name

    out["model_provider"] = routed(selected)
    profiles = {}
    for name, profile in (config.get("profiles") or {}).items():
        profile = dict(profile)
        if "model_provider" in profile:
            profile["model_provider"] = routed(str(profile["model_provider"]))
        if "analytics" in profile:
            profile["analytics"] = {**profile["analytics"], "enabled": False}
        profiles[name] = profile
    if profiles:
        out["profiles"] = profiles
    out["model_providers"] = {**providers, **added}
    # Codex's built-in OpenAI provider, should a project config or `-c` select it, goes to veil too.
    out["openai_base_url"] = gateway + "/v1"
    out["check_for_update_on_startup"] = False
    out["analytics"] = {**(config.get("analytics") or {}), "enabled": False}
    out["feedback"] = {**(config.get("feedback") or {}), "enabled": False}
    if selected == BUILTIN_OPENAI and _chatgpt_only(auth) and not env.get("OPENAI_API_KEY"):
        notes.append(
            "Codex is signed in with ChatGPT, whose requests the OpenAI API does not accept:"
            " give Codex an API key (OPENAI_API_KEY or `codex login --with-api-key`)"
        )
    return out


def _veil_provider(
    provider: str,
    user: Mapping[str, Any] | None,
    gateway: str,
    env: Mapping[str, str],
    auth: Mapping[str, Any],
) -> dict[str, Any]:
    """A provider entry reaching veil with `provider`'s credentials and headers."""
    entry = {k: v for k, v in (user or {}).items() if k not in _ROUTING}
    if provider == BUILTIN_OPENAI and user is None:
        if env.get("OPENAI_API_KEY") or not auth:
            entry["env_key"] = "OPENAI_API_KEY"
        else:
            entry["requires_openai_auth"] = True  # the key or login in auth.json
    entry.update(
        name=VEIL,
        base_url=gateway + "/v1",
        wire_api="responses",
        # Codex tries a WebSocket first; veil answers 426 and Codex falls back to HTTP at once.
        supports_websockets=True,
    )
    return entry


def _token_headers(entry: Mapping[str, Any]) -> dict[str, Any]:
    """Have Codex send VEIL_TOKEN's value (read from its environment, never written here)."""
    return {"env_http_headers": {**(entry.get("env_http_headers") or {}), TOKEN_HEADER: TOKEN_ENV}}


def _is_local(provider: str, user: Mapping[str, Any] | None) -> bool:
    """A model server on this machine: nothing leaves it, so it is not routed."""
    if user is None:
        return provider in BUILTIN_LOCAL
    base = str(user.get("base_url") or "")
    host = base.split("//", 1)[-1].split("/", 1)[0].rsplit(":", 1)[0].strip("[]").lower()
    return host in ("localhost", "127.0.0.1", "::1") or host.startswith("127.")


def _note_destination(provider: str, user: Mapping[str, Any] | None, notes: list[str]) -> None:
    """A provider of the user's with its own base URL now reaches veil's OpenAI upstream."""
    base = str((user or {}).get("base_url") or "")
    if base and not base.rstrip("/").startswith("https://api.openai.com"):
        notes.append(
            f"Codex provider {provider!r} ({base}) now goes through veil to veil's openai"
            " upstream; set [upstreams] in veil.toml if it should reach another"
        )


def _auth(path: Path) -> dict[str, Any]:
    """What auth.json holds ({} when absent or unreadable); only its shape is looked at."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _chatgpt_only(auth: Mapping[str, Any]) -> bool:
    return bool(auth.get("tokens")) and not auth.get("OPENAI_API_KEY")
