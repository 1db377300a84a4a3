"""Continue CLI (`cn`) pointed at veil: its models take their endpoint from config.yaml's
`apiBase`, not from the environment, so `veil run` gives it a private copy of the user's config
with the OpenAI and Anthropic models' `apiBase` set to veil (the user's file is left as it is)."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from veil.errors import ConfigError
from veil.gateway.admission import TOKEN_ENV
from veil.gateway.upstream import TOKEN_HEADER
from veil.launch.target import Target, is_local

# Each routed provider's official base, and what veil's address needs after the root.
_ROUTED = {
    "openai": ("https://api.openai.com", "/v1"),
    "anthropic": ("https://api.anthropic.com", "/v1/"),
}


@dataclass
class ContinueRun:
    """The command line to run and what the user should know."""

    argv: list[str]
    notes: list[str] = field(default_factory=list)


def user_config(
    argv: Sequence[str], env: Mapping[str, str], at: int = 0
) -> tuple[Path | None, int | None]:
    """The config file cn (`argv[at]`) would read, and the index in `argv` of a `--config`
    value given."""
    for i, arg in enumerate(argv[at + 1 :], at + 1):
        if arg == "--config" and i + 1 < len(argv):
            return Path(argv[i + 1]).expanduser(), i + 1
        if arg.startswith("--config="):
            return Path(arg.partition("=")[2]).expanduser(), i
    home = env.get("CONTINUE_GLOBAL_DIR") or str(Path(env.get("HOME") or Path.home()) / ".continue")
    return Path(home) / "config.yaml", None


@contextmanager
def continue_run(
    argv: Sequence[str], target: Target, env: Mapping[str, str], cn: int = 0
) -> Iterator[ContinueRun]:
    """`argv` (cn at index `cn`) with `--config` naming a private, veil-pointed copy (removed
    afterwards)."""
    path, at = user_config(argv, env, cn)
    if path is None or not path.is_file():
        shown = argv[at] if at is not None else str(path)
        yield ContinueRun(
            list(argv),
            [
                f"Continue CLI config {shown} is not a local file (a Hub config?): its models"
                " are not pointed at veil; give a config.yaml with --config"
            ],
        )
        return
    notes: list[str] = []
    token = env.get(TOKEN_ENV) if target.token else None
    config = point_at_veil(_load(path), target.root, token, notes)
    folder = Path(tempfile.mkdtemp(prefix="veil-continue-"))
    try:
        copy = folder / "config.yaml"
        copy.write_text(_dump(config), encoding="utf-8")
        copy.chmod(0o600)
        out = list(argv)
        if at is None:
            out[cn + 1 : cn + 1] = ["--config", str(copy)]
        elif out[at].startswith("--config="):
            out[at] = f"--config={copy}"
        else:
            out[at] = str(copy)
        yield ContinueRun(out, notes)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def point_at_veil(
    config: dict[str, Any], gateway: str, token: str | None, notes: list[str]
) -> dict[str, Any]:
    """The config with each OpenAI or Anthropic model that reaches its provider reaching veil."""
    models = []
    for model in config.get("models") or []:
        if not isinstance(model, dict) or "provider" not in model:
            models.append(model)  # a `uses:` block, resolved by cn: not rewritten
            if isinstance(model, dict) and model.get("uses"):
                notes.append(
                    f"Continue model {model['uses']!r} comes from the Continue Hub (uses:):"
                    " it is not pointed at veil; define it in config.yaml with its provider"
                )
            continue
        model = dict(model)
        routed = _ROUTED.get(str(model["provider"]))
        base = str(model.get("apiBase") or "")
        if routed is not None and (not base or base.startswith(routed[0])):
            model["apiBase"] = gateway + routed[1]
            if token:
                options = dict(model.get("requestOptions") or {})
                options["headers"] = {**(options.get("headers") or {}), TOKEN_HEADER: token}
                model["requestOptions"] = options
        elif not is_local(base):
            notes.append(
                f"Continue model {model.get('name', '?')!r} (provider {model['provider']},"
                f" {base or 'its default endpoint'}) is not pointed at veil"
            )
        models.append(model)
    return {**config, "models": models} if "models" in config else config


def _load(path: Path) -> dict[str, Any]:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ConfigError(f"{path}: cannot be read ({exc.strerror or exc})") from None
    except yaml.YAMLError as exc:
        raise ConfigError(f"{path}: not valid YAML ({exc}); cn cannot read it either") from None
    if not isinstance(data, dict):
        raise ConfigError(f"{path}: not a Continue config (a YAML mapping is expected)")
    return data


def _dump(config: dict[str, Any]) -> str:
    return str(yaml.safe_dump(config, sort_keys=False, allow_unicode=True))
