"""Every command option and every configuration key is documented in the README."""

from __future__ import annotations

from pathlib import Path
from typing import get_args, get_origin

import pytest
import typer.core
import typer.main
from pydantic import BaseModel

from veil.cli.main import app
from veil.config import Settings

README = (Path(__file__).parents[1] / "README.md").read_text()


def _options(command: str) -> list[str]:
    """The options of `command`: `scan`, or a sub-command such as `audit list`."""
    group = typer.main.get_command(app)
    assert isinstance(group, typer.core.TyperGroup)
    found = group
    for name in command.split():
        assert isinstance(found, typer.core.TyperGroup)
        found = found.commands[name]
    return [o for p in found.params if isinstance(p, typer.core.TyperOption) for o in p.opts]


_COMMANDS = (
    "scan",
    "serve",
    "check",
    "providers",
    "dashboard",
    "mcp",
    "sanitize",
    "restore",
    "run",
    "doctor",
    "init",
    *(f"audit {c}" for c in ("list", "show", "stats", "export", "verify")),
    *(f"incidents {c}" for c in ("list", "show", "resolve", "report")),
)


def _config_keys(model: type[BaseModel] = Settings, prefix: str = "") -> list[tuple[str, str]]:
    """(how the section is written in TOML, key) for every key of every section; a section's
    sub-tables (`[policy.paths]`) are sections of their own. A table of free-form tables
    (`[providers.NAME]`) yields its section with an empty key."""
    keys = []
    for name, field in model.model_fields.items():
        annotation = field.annotation
        origin = get_origin(annotation)
        dotted = f"{prefix}{name}"
        if origin is list:
            section, inner = f"[[{dotted}]]", get_args(annotation)[0]
        elif origin is dict:
            section, inner = f"[{dotted}.", get_args(annotation)[1]
        else:
            section, inner = f"[{dotted}]", annotation
        if not (isinstance(inner, type) and issubclass(inner, BaseModel)):
            if prefix:  # a plain key of a nested section
                keys.append((f"[{prefix.rstrip('.')}]", name))
            else:
                keys.append((section, ""))
            continue
        for key, sub in inner.model_fields.items():
            nested = sub.annotation
            if isinstance(nested, type) and issubclass(nested, BaseModel):
                keys += _config_keys(nested, f"{dotted}.{key}.") or [(f"[{dotted}.{key}]", "")]
            else:
                keys.append((section, key))
    return keys


@pytest.mark.parametrize(
    ("command", "option"),
    [(c, o) for c in _COMMANDS for o in _options(c)],
)
def test_command_option_is_documented(command: str, option: str) -> None:
    assert f"veil {command}" in README
    assert f"`{option}" in README or f" {option}" in README


@pytest.mark.parametrize(("section", "key"), _config_keys())
def test_config_key_is_documented(section: str, key: str) -> None:
    assert section in README
    if key:
        assert f"\n{key} =" in README or f"\n{key}=" in README


def test_readme_example_configuration_is_valid(tmp_path: Path) -> None:
    from veil.config import active_rules, load_settings

    block = README.split("```toml\n", 1)[1].split("```", 1)[0]
    (tmp_path / "veil.toml").write_text(block)
    settings = load_settings(tmp_path / "veil.toml")
    ids = {r.id for r in active_rules(settings)}
    assert "acme-deploy-token" in ids and "org-term-acme" in ids
    assert settings.upstreams["local"].kind == "openai"
