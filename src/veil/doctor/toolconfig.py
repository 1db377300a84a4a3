"""What each AI tool's environment and config files say: where its requests go (base URLs)
and whether its own reporting (telemetry, analytics) is off.

Only what a file or variable actually says is read; nothing is guessed, and a value of the
wrong shape is reported as unreadable, never an error. The locations and keys:
- Claude Code: the environment, then the `env` of `~/.claude/settings.json` (or
  `$CLAUDE_CONFIG_DIR`), the project's `.claude/settings.json` and `.claude/settings.local.json`,
  each over the one before (as Claude Code applies them): `ANTHROPIC_BASE_URL`; the switches
  that send it to a cloud's own endpoint (`CLAUDE_CODE_USE_BEDROCK`...); `DISABLE_TELEMETRY` or
  `DO_NOT_TRACK`, `DISABLE_ERROR_REPORTING`, or `CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC` for
  both (on by default).
- Codex CLI: `$CODEX_HOME/config.toml` (`~/.codex`): `model_provider` (or the `profile`'s) ->
  `[model_providers.NAME] base_url`, else the built-in provider's `openai_base_url` (Codex
  ignores `OPENAI_BASE_URL`); `[analytics] enabled` (on by default).
- Aider: `.aider.conf.yml` in the home folder, the repository and the current folder:
  `openai-api-base`; `analytics-disable` or `analytics` (Aider asks before collecting).
- llm: `extra-openai-models.yaml` in `$LLM_USER_PATH` (`~/.config/io.datasette.llm`): each
  model's `api_base`; llm reports nothing itself.
- Continue: `~/.continue/config.yaml` and `config.json`: each model's `apiBase`;
  `allowAnonymousTelemetry` (on by default), `CONTINUE_CLI_ENABLE_TELEMETRY=0`.
"""

from __future__ import annotations

import json
import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from veil.launch.claude import ELSEWHERE, switched_on


@dataclass(frozen=True, slots=True)
class Setting:
    """A base URL a tool is given, and where (a variable, or a file and key)."""

    where: str
    url: str


@dataclass(frozen=True, slots=True)
class Switch:
    """A reporting feature of a tool: whether a config says it is off (None: not said)."""

    what: str
    off: bool | None
    where: str
    default: str  # what happens when nothing says: "on", or the tool's own words
    fix: str


@dataclass(slots=True)
class ToolConfig:
    """What was found for one tool: the base URLs it is given, its reporting switches, its
    config files, settings of a shape veil cannot read, and what sends it past any base URL."""

    urls: list[Setting] = field(default_factory=list)
    switches: list[Switch] = field(default_factory=list)
    files: list[Path] = field(default_factory=list)  # config files that exist
    unreadable: list[str] = field(default_factory=list)  # where: a file and key
    direct: str | None = None  # why its requests go elsewhere whatever the base URL


@dataclass(frozen=True, slots=True)
class Places:
    """Where to look: the home folder, the environment, the repository and current folder."""

    home: Path
    env: Mapping[str, str]
    repo: Path | None = None
    cwd: Path | None = None

    def shown(self, path: Path) -> str:
        """A path as a report shows it (`~/...` under the home folder)."""
        return f"~/{path.relative_to(self.home)}" if path.is_relative_to(self.home) else str(path)

    @property
    def projects(self) -> list[Path]:
        """The repository root and the current folder, once each."""
        return list(dict.fromkeys(p for p in (self.repo, self.cwd) if p is not None))


def _load(path: Path) -> Any:
    """A JSON, TOML or YAML file's content; None when missing or not readable as such."""
    try:
        text = path.read_text(encoding="utf-8")
        if path.suffix == ".json":
            return json.loads(text)
        if path.suffix == ".toml":
            return tomllib.loads(text)
        return yaml.safe_load(text)
    except (OSError, ValueError, UnicodeDecodeError, yaml.YAMLError):
        return None


def _dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _said(value: Any) -> bool:
    """Whether a variable counts as set (Claude Code reads any non-empty value as set)."""
    return value is not None and str(value).strip() != ""


def _env_urls(places: Places, names: tuple[str, ...]) -> list[Setting]:
    return [Setting(f"{n} in this shell", places.env[n]) for n in names if places.env.get(n)]


def claude(places: Places) -> ToolConfig:
    user = config_dir("claude", places)
    files = [user / "settings.json"]
    for project in places.projects:
        files += [
            project / ".claude" / "settings.json",
            project / ".claude" / "settings.local.json",
        ]
    found = ToolConfig()
    merged: dict[str, Any] = dict(places.env)
    said: dict[str, str] = dict.fromkeys(merged, "this shell")
    for path in dict.fromkeys(files):
        env = _dict(_dict(_load(path)).get("env"))
        if not path.is_file():
            continue
        found.files.append(path)
        for key, value in env.items():
            merged[key] = value
            said[key] = places.shown(path)
    url = merged.get("ANTHROPIC_BASE_URL")
    if said.get("ANTHROPIC_BASE_URL") == "this shell":
        found.urls = _env_urls(places, ("ANTHROPIC_BASE_URL",))
    elif isinstance(url, str):
        found.urls.append(Setting(f"{said['ANTHROPIC_BASE_URL']} env.ANTHROPIC_BASE_URL", url))
    elif url is not None:
        found.unreadable.append(f"{said['ANTHROPIC_BASE_URL']} env.ANTHROPIC_BASE_URL")
    cloud = next((n for n in ELSEWHERE if switched_on(merged.get(n))), None)
    if cloud is not None:
        there = cloud.removeprefix("CLAUDE_CODE_USE_").title()
        found.direct = f"{cloud} ({said[cloud]}): it talks to {there} directly; veil cannot see it"
    quiet = "CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC"
    settings = places.shown(user / "settings.json")
    for what, key, also in (
        ("telemetry", "DISABLE_TELEMETRY", "DO_NOT_TRACK"),
        ("error reporting", "DISABLE_ERROR_REPORTING", None),
    ):
        name = next((n for n in (key, quiet) if _said(merged.get(n))), None)
        if name is None and also is not None and switched_on(merged.get(also)):
            name = also
        fix = f'add "env": {{"{key}": "1"}} to {settings}'
        off = True if name else None
        found.switches.append(Switch(what, off, said.get(name or "", ""), "on", fix))
    return found


def _name(value: Any, where: str, found: ToolConfig) -> str | None:
    """A setting that must be a name (a string): None when absent, or unreadable (noted)."""
    if value is None or isinstance(value, str):
        return value
    found.unreadable.append(where)
    return None


def codex(places: Places) -> ToolConfig:
    path = config_dir("codex", places) / "config.toml"
    conf = _dict(_load(path))
    found = ToolConfig(files=[path] if path.is_file() else [])
    shown = places.shown(path)
    chosen = _name(conf.get("profile"), f"{shown} profile", found)
    profile = _dict(_dict(conf.get("profiles")).get(chosen or ""))
    provider = (
        _name(profile.get("model_provider"), f"{shown} [profiles.{chosen}] model_provider", found)
        or _name(conf.get("model_provider"), f"{shown} model_provider", found)
        or "openai"
    )
    entry = _dict(_dict(conf.get("model_providers")).get(provider))
    if "base_url" in entry:
        where = f"{shown} [model_providers.{provider}] base_url"
        if _name(entry["base_url"], where, found) is not None:
            found.urls.append(Setting(where, entry["base_url"]))
    elif provider == "openai" and "openai_base_url" in conf:
        where = f"{shown} openai_base_url"
        if _name(conf["openai_base_url"], where, found) is not None:
            found.urls.append(Setting(where, conf["openai_base_url"]))
    analytics = _dict(conf.get("analytics")).get("enabled")
    off = None if not isinstance(analytics, bool) else not analytics
    fix = f"add `[analytics] enabled = false` to {shown}"
    found.switches.append(Switch("analytics", off, shown if off is not None else "", "on", fix))
    return found


def aider(places: Places) -> ToolConfig:
    found = ToolConfig(
        urls=_env_urls(places, ("OPENAI_API_BASE", "OPENAI_BASE_URL", "ANTHROPIC_BASE_URL"))
    )
    off: bool | None = None
    where = ""
    env_off = places.env.get("AIDER_ANALYTICS_DISABLE", "").lower() in ("1", "true", "yes")
    if env_off or places.env.get("AIDER_ANALYTICS", "").lower() in ("0", "false", "no"):
        off, where = True, "this shell"
    for folder in dict.fromkeys([places.home, *places.projects]):
        path = folder / ".aider.conf.yml"
        conf = _dict(_load(path))
        if not path.is_file():
            continue
        found.files.append(path)
        if isinstance(conf.get("openai-api-base"), str):
            found.urls.append(
                Setting(f"{places.shown(path)} openai-api-base", conf["openai-api-base"])
            )
        if conf.get("analytics-disable") is True or conf.get("analytics") is False:
            off, where = True, places.shown(path)
        elif conf.get("analytics") is True and off is None:
            off, where = False, places.shown(path)
    fix = "add `analytics-disable: true` to ~/.aider.conf.yml"
    found.switches.append(Switch("analytics", off, where, "asks before collecting", fix))
    return found


def llm_dir(places: Places) -> Path:
    """llm's user folder: `$LLM_USER_PATH`, else click's app folder for io.datasette.llm."""
    named = places.env.get("LLM_USER_PATH")
    if named:
        return Path(named)
    xdg = places.env.get("XDG_CONFIG_HOME")
    return (Path(xdg) if xdg else places.home / ".config") / "io.datasette.llm"


def llm(places: Places) -> ToolConfig:
    found = ToolConfig(urls=_env_urls(places, ("OPENAI_BASE_URL",)))
    path = llm_dir(places) / "extra-openai-models.yaml"
    models = _load(path)
    if path.is_file():
        found.files.append(path)
    for model in models if isinstance(models, list) else []:
        model = _dict(model)
        if isinstance(model.get("api_base"), str):
            name = model.get("model_id", "?")
            where = f"{places.shown(path)} model {name} api_base"
            found.urls.append(Setting(where, model["api_base"]))
    return found


def continue_(places: Places) -> ToolConfig:
    found = ToolConfig()
    folder = places.home / ".continue"
    off: bool | None = None
    where = ""
    if places.env.get("CONTINUE_CLI_ENABLE_TELEMETRY") == "0":
        off, where = True, "this shell"
    for path in (folder / "config.yaml", folder / "config.json"):
        conf = _dict(_load(path))
        if not path.is_file():
            continue
        found.files.append(path)
        models = conf.get("models")
        for model in models if isinstance(models, list) else []:
            model = _dict(model)
            if isinstance(model.get("apiBase"), str):
                name = model.get("name") or model.get("model") or "?"
                where_url = f"{places.shown(path)} model {name} apiBase"
                found.urls.append(Setting(where_url, model["apiBase"]))
        allowed = conf.get("allowAnonymousTelemetry")
        if isinstance(allowed, bool) and off is None:
            off, where = not allowed, places.shown(path)
    fix = 'set "allowAnonymousTelemetry": false in ~/.continue/config.json'
    found.switches.append(Switch("anonymous telemetry", off, where, "on", fix))
    return found


READERS = {"claude": claude, "codex": codex, "aider": aider, "llm": llm, "continue": continue_}


def _named_or(places: Places, variable: str, default: Path) -> Path:
    named = places.env.get(variable)
    return Path(named) if named else default


def config_dir(key: str, places: Places) -> Path:
    """The folder a tool keeps its settings in (its existence says the tool was used here)."""
    if key == "claude":
        return _named_or(places, "CLAUDE_CONFIG_DIR", places.home / ".claude")
    if key == "codex":
        return _named_or(places, "CODEX_HOME", places.home / ".codex")
    if key == "llm":
        return llm_dir(places)
    return places.home / f".{key}"


def home_of(env: Mapping[str, str]) -> Path:
    """The home folder `env` names (`HOME`), else the user's."""
    return Path(env["HOME"]) if env.get("HOME") else Path(os.path.expanduser("~"))
