"""The CODEX_HOME Codex CLI runs with under veil: the user's config.toml, and each profile file
(`NAME.config.toml`, which `--profile NAME` layers over it), with every remote provider pointed at
veil; every other entry of the user's home linked in (auth, sessions, history, rules...), so that
Codex works as usual and none of the user's files is written by veil. (Codex 0.171 reads no other
config from CODEX_HOME on Linux and macOS: its managed and requirements files are in /etc/codex.)

The home is kept in veil's state folder, one per user home: what Codex creates there that the
user's home lacks (its caches, its own state, project trust) stays from one run to the next."""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import tempfile
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from veil.errors import ConfigError
from veil.gateway.admission import TOKEN_ENV
from veil.gateway.upstream import TOKEN_HEADER
from veil.launch.target import Target, is_local, rebase
from veil.toml_text import dumps

# Codex's own provider ids, which a config may not redefine: `openai` is reached through
# `openai_base_url`; `ollama` and `lmstudio` are model servers on this machine, left alone.
BUILTIN_OPENAI = "openai"
# The provider veil adds for the built-in OpenAI one where the config selects it, so that it can
# carry the veil-token header (`openai_base_url` alone covers `-c model_provider=openai`).
VEIL_OPENAI = "veil-openai"
# Tables Codex itself writes into its config.toml (project trust, notices seen): kept from the
# generated config of the run before.
CODEX_OWNED = ("projects", "notice")
CONFIG = "config.toml"
# `codex --profile NAME` layers $CODEX_HOME/NAME.config.toml over config.toml.
PROFILE_SUFFIX = ".config.toml"
PROFILE_GLOB = "?*.config.toml"


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


def codex_home(home: Path, target: Target, env: Mapping[str, str], state: Path) -> CodexHome:
    """The CODEX_HOME for a run against `target`, in `state`/codex-home: its config.toml and
    profile files rewritten, links to the user's other entries refreshed, no profile file there
    that is not the user's rewritten. Nothing of the user's is written."""
    notes: list[str] = []
    auth = _auth(home / "auth.json")
    layers = {
        CONFIG: veil_config(read_config(home / CONFIG), home / CONFIG, target, env, auth, notes)
    }
    for source in _profile_files(home):
        config = read_config(source)
        layers[source.name] = veil_config(config, source, target, env, auth, notes, base=False)
    digest = hashlib.sha256(str(home.absolute()).encode()).hexdigest()[:12]
    path = state / "codex-home" / digest
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    _link(home, path)
    for name, merged in layers.items():
        before = _previous(path / name)
        for key in CODEX_OWNED:
            if isinstance(before.get(key), dict):
                merged[key] = {**before[key], **(merged.get(key) or {})}
        _write(path / name, dumps(merged))
    for stale in path.glob(PROFILE_GLOB):  # a profile the user removed: never left un-rewritten
        if stale.name not in layers:
            stale.unlink(missing_ok=True)
    return CodexHome(path, list(dict.fromkeys(notes)))


def is_config(name: str) -> bool:
    """Whether Codex reads the entry `name` of its home as config: config.toml, or a profile
    file `NAME.config.toml`."""
    return name == CONFIG or name.endswith(PROFILE_SUFFIX)


def _profile_files(home: Path) -> list[Path]:
    """The user's profile files, by name."""
    if not home.is_dir():
        return []
    return sorted(home.glob(PROFILE_GLOB))


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
    path: Path,
    target: Target,
    env: Mapping[str, str],
    auth: Mapping[str, Any],
    notes: list[str],
    base: bool = True,
) -> dict[str, Any]:
    """The user's config with every remote provider pointed at veil (the built-in OpenAI one
    too), local model servers left as they are, and Codex's own reporting off. A profile file
    (not `base`) selects no provider unless it names one: the one of config.toml applies."""
    _check_shape(config, path)
    out = dict(config)
    providers = {
        name: _routed(name, entry, target, notes)
        for name, entry in (config.get("model_providers") or {}).items()
    }
    default = BUILTIN_OPENAI if base else ""
    selected = str(config.get("model_provider") or default)
    if selected == BUILTIN_OPENAI:
        out["model_provider"] = VEIL_OPENAI
    profiles = {}
    for name, profile in (config.get("profiles") or {}).items():
        profile = dict(profile)
        if profile.get("model_provider") == BUILTIN_OPENAI:
            profile["model_provider"] = VEIL_OPENAI
        if "analytics" in profile:
            profile["analytics"] = {**profile["analytics"], "enabled": False}
        profiles[name] = profile
    if profiles:
        out["profiles"] = profiles
    providers[VEIL_OPENAI] = _veil_openai(target, env, auth)
    out["model_providers"] = providers
    # The built-in OpenAI provider, should a project config or `-c` select it, goes to veil too.
    out["openai_base_url"] = target.root + "/v1"
    out["check_for_update_on_startup"] = False
    out["analytics"] = {**(config.get("analytics") or {}), "enabled": False}
    out["feedback"] = {**(config.get("feedback") or {}), "enabled": False}
    if (
        base
        and selected == BUILTIN_OPENAI
        and _chatgpt_only(auth)
        and not env.get("OPENAI_API_KEY")
    ):
        notes.append(
            "Codex is signed in with ChatGPT, whose requests the OpenAI API does not accept:"
            " give Codex an API key (OPENAI_API_KEY or `codex login --with-api-key`)"
        )
    return out


def _routed(name: str, entry: Mapping[str, Any], target: Target, notes: list[str]) -> Any:
    """A provider entry of the user's, reaching veil: `/NAME/v1` when veil has an upstream of
    that name, else veil's OpenAI one. A model server on this machine is left as it is; a
    veil on this machine is replaced by the run's."""
    base = str(entry.get("base_url") or "")
    if base and is_local(base):
        if not target.is_veil(base):
            return entry
        url = rebase(base, target.root)
    elif name in target.upstreams:
        url = f"{target.root}/{name}/v1"
    else:
        url = target.root + "/v1"
        if not base.startswith("https://api.openai.com"):
            notes.append(
                f"Codex provider {name!r} ({base or 'no base_url'}) now reaches veil's openai"
                f" upstream; add [upstreams.{name}] to veil.toml for it to reach its own"
            )
    return {**entry, "base_url": url, **_token_headers(entry, target)}


def _veil_openai(target: Target, env: Mapping[str, str], auth: Mapping[str, Any]) -> dict[str, Any]:
    """The built-in OpenAI provider's stand-in, reaching veil with the same credentials."""
    entry: dict[str, Any] = {
        "name": "OpenAI (through veil)",
        "base_url": target.root + "/v1",
        "wire_api": "responses",
        # Codex tries a WebSocket first; veil answers 426 and Codex falls back to HTTP at once.
        "supports_websockets": True,
    }
    if env.get("OPENAI_API_KEY") or not auth:
        entry["env_key"] = "OPENAI_API_KEY"
    else:
        entry["requires_openai_auth"] = True  # the key or login in auth.json
    return {**entry, **_token_headers(entry, target)}


def _token_headers(entry: Mapping[str, Any], target: Target) -> dict[str, Any]:
    """Have Codex send VEIL_TOKEN's value (read from its environment, never written here)."""
    if not target.token:
        return {}
    return {"env_http_headers": {**(entry.get("env_http_headers") or {}), TOKEN_HEADER: TOKEN_ENV}}


def _check_shape(config: Mapping[str, Any], path: Path) -> None:
    """The tables veil reads are tables (Codex refuses the config otherwise, too)."""
    _expect(config, "model_provider", str, path)
    for key in ("model_providers", "profiles", "analytics", "feedback"):
        _expect(config, key, dict, path)
    for key in ("model_providers", "profiles"):
        for name in config.get(key) or {}:
            _expect(config[key], name, dict, path, f"{key}.")
    for name, entry in (config.get("model_providers") or {}).items():
        _expect(entry, "base_url", str, path, f"model_providers.{name}.")
    for name, profile in (config.get("profiles") or {}).items():
        _expect(profile, "model_provider", str, path, f"profiles.{name}.")
        _expect(profile, "analytics", dict, path, f"profiles.{name}.")


def _expect(table: Mapping[str, Any], key: str, kind: type, path: Path, prefix: str = "") -> None:
    value = table.get(key)
    if value is None or isinstance(value, kind):
        return
    wanted = "a table" if kind is dict else "a string"
    raise ConfigError(
        f"{path}: {prefix}{key} is {_kind(value)} where Codex expects {wanted};"
        " correct it (Codex cannot load this config either)"
    )


def _kind(value: object) -> str:
    names = {bool: "a boolean", int: "a number", float: "a number", str: "a string"}
    names |= {list: "an array", dict: "a table"}
    return names.get(type(value), "a date")


def _previous(path: Path) -> dict[str, Any]:
    """The generated config of the run before, as Codex left it ({} when unreadable)."""
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def _write(path: Path, text: str) -> None:
    """Replace `path` at once with `text` (0600): a Codex starting meanwhile reads either whole."""
    fd, temp = tempfile.mkstemp(prefix=".config-", suffix=".toml", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write(text)
        os.chmod(temp, 0o600)
        os.replace(temp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise


def _link(home: Path, path: Path) -> None:
    """A link in `path` to each entry of the user's home but its config files (rewritten, never
    linked). Links of veil's whose entry is gone, moved or a config file are removed (never what
    they point at); what Codex created in `path` itself is kept, even once the user's home has an
    entry of the same name."""
    source = home.absolute()
    wanted = {}
    if home.is_dir():
        wanted = {e.name: source / e.name for e in home.iterdir() if not is_config(e.name)}
    for entry in path.iterdir():
        if entry.is_symlink():
            points = Path(os.readlink(entry))
            if points.parent == source and wanted.get(entry.name) != points:
                entry.unlink(missing_ok=True)
    for name, entry in wanted.items():
        link = path / name
        if not link.is_symlink() and not link.exists():
            with contextlib.suppress(FileExistsError):  # another run made it meanwhile
                link.symlink_to(entry)


def _auth(path: Path) -> dict[str, Any]:
    """What auth.json holds ({} when absent or unreadable); only its shape is looked at."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _chatgpt_only(auth: Mapping[str, Any]) -> bool:
    return bool(auth.get("tokens")) and not auth.get("OPENAI_API_KEY")
