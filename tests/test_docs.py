"""Every command option and every configuration key is documented in the README."""

from __future__ import annotations

from pathlib import Path

import pytest
import typer.core
import typer.main

from veil.cli.main import app
from veil.config import Settings

README = (Path(__file__).parents[1] / "README.md").read_text()


def _options() -> list[str]:
    group = typer.main.get_command(app)
    assert isinstance(group, typer.core.TyperGroup)
    scan = group.commands["scan"]
    return [o for p in scan.params if isinstance(p, typer.core.TyperOption) for o in p.opts]


@pytest.mark.parametrize("option", _options())
def test_scan_option_is_documented(option: str) -> None:
    assert f"`{option}" in README or f" {option}" in README


@pytest.mark.parametrize(
    ("section", "key"),
    [
        (name, key)
        for name, field in Settings.model_fields.items()
        if name != "rules"
        for key in field.annotation.model_fields
    ]  # type: ignore[union-attr]
    + [
        ("rules", key) for key in Settings.model_fields["rules"].annotation.__args__[0].model_fields
    ],  # type: ignore[union-attr]
)
def test_config_key_is_documented(section: str, key: str) -> None:
    assert f"[{section}]" in README or f"[[{section}]]" in README
    assert f"\n{key} =" in README or f"\n{key}=" in README


def test_readme_example_configuration_is_valid(tmp_path: Path) -> None:
    from veil.config import active_rules, load_settings

    block = README.split("```toml\n", 1)[1].split("```", 1)[0]
    (tmp_path / "veil.toml").write_text(block)
    settings = load_settings(tmp_path / "veil.toml")
    ids = {r.id for r in active_rules(settings)}
    assert "acme-deploy-token" in ids and "org-term-acme" in ids
