"""The documentation site builds offline (`make docs`) and lists every configuration key, rule,
provider and command: the site is built once with the real MkDocs, as `make docs` builds it,
and each is looked for in the HTML."""

from __future__ import annotations

import html
import importlib.util
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
import typer.core
import typer.main

from tests.test_docs import _config_keys
from veil.cli.main import app

ROOT = Path(__file__).parents[1]
SCRIPTS = ROOT / "scripts"


def _build(config: Path, site: Path) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(config)]
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run(
        [*command, "-d", str(site)], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300
    )


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("site")
    result = _build(ROOT / "mkdocs.yml", out)
    assert result.returncode == 0, result.stderr[-4000:]
    return out


def _page(site: Path, name: str) -> str:
    return (site / name).read_text(encoding="utf-8")


def _sections(page: str, tag: str = "h2") -> dict[str, str]:
    """The page cut at each heading of `tag`: the heading's text -> the HTML up to the next."""
    out = {}
    for part in re.split(rf"<{tag}\b", page)[1:]:
        inner = part.split(">", 1)[1].split(f"</{tag}>", 1)[0]
        out[html.unescape(re.sub(r"<[^>]+>", "", inner)).replace("¶", "").strip()] = part
    return out


def _code(text: str) -> str:
    return f"<code>{html.escape(text, quote=False)}</code>"


def test_every_config_key_is_on_the_configuration_page(site: Path) -> None:
    sections = _sections(_page(site, "reference/configuration.html"))
    missing = []
    for section, key in _config_keys():
        found = [body for heading, body in sections.items() if section in heading]
        if not found or (key and not any(_code(key) in body for body in found)):
            missing.append(f"{section} {key}".strip())
    assert missing == []


def test_every_rule_and_forbidden_file_is_on_the_rules_page(site: Path) -> None:
    from veil.detect import builtin_rules
    from veil.detect.files import FORBIDDEN_FILES

    page = _page(site, "reference/rules.html")
    assert [r.id for r in builtin_rules() if _code(r.id) not in page] == []
    assert [p for p in FORBIDDEN_FILES if _code(p) not in page] == []


def test_every_provider_is_on_the_registry_page_with_its_sources_and_dates(site: Path) -> None:
    from veil.policy.registry import load_registry

    page = _page(site, "reference/providers.html")
    sections = _sections(page)
    for provider in load_registry().providers.values():
        found = [body for body in sections.values() if body.startswith(f' id="{provider.id}"')]
        assert len(found) == 1, provider.id
        facts = list(provider.facts.values()) + [
            f for v in provider.variants for f in v.facts.values()
        ]
        for fact in facts:
            assert f'href="{html.escape(fact.source_url)}"' in found[0], provider.id
            assert f"({fact.source_date})" in found[0], provider.id


def _commands(group: Any, prefix: str = "veil") -> Iterator[tuple[str, Any]]:
    for name, command in group.commands.items():
        yield f"{prefix} {name}", command
        if isinstance(command, typer.core.TyperGroup):
            yield from _commands(command, f"{prefix} {name}")


def test_every_command_and_option_is_on_the_commands_page(site: Path) -> None:
    page = _page(site, "reference/commands.html")
    sections = {**_sections(page, "h2"), **_sections(page, "h3")}
    found = list(_commands(typer.main.get_command(app.typer)))
    assert {"veil run", "veil doctor", "veil init", "veil audit list"} <= {p for p, _ in found}
    missing = []
    for path, command in found:
        body = sections.get(path)
        if body is None:
            missing.append(path)
            continue
        options = [
            o
            for p in command.params
            if isinstance(p, typer.core.TyperOption)
            for o in (*p.opts, *p.secondary_opts)
        ]
        missing += [f"{path} {o}" for o in options if o not in _option_names(body)]
    assert missing == []


def _option_names(section: str) -> set[str]:
    """The option names the first cells of a command's table give (`-f, --format <text|json>`,
    `--selftest / --no-selftest`), each whole."""
    cells = re.findall(r"<tr>\s*<td><code>(.*?)</code></td>", section, re.S)
    return {word.split()[0] for c in cells for word in re.split(r", | / ", c) if word.strip()}


def test_presets_table_is_written_from_the_presets(site: Path) -> None:
    from veil.policy.presets import PRESETS

    rows = re.findall(r"<tr>(.*?)</tr>", _page(site, "guides/policy.html"), re.S)
    for name, tiers in PRESETS.items():
        row = next(r for r in rows if _code(name) in r)
        for rules in tiers.values():
            for trait, action in rules.items():
                assert action.key in row, (name, trait)
                if trait not in ("default", "local"):
                    assert _code(trait) in row, (name, trait)


def test_what_veil_run_sets_is_written_from_its_client_table(site: Path) -> None:
    from veil.launch.clients import CLIENTS

    rows = re.findall(r"<tr>(.*?)</tr>", _page(site, "getting-started/index.html"), re.S)
    for spec in CLIENTS:
        row = next(r for r in rows if f"<td>{html.escape(spec.title)}</td>" in r)
        for name in (*spec.base_url_env, *spec.quiet_env):
            assert f"<code>{name}=" in row, (spec.title, name)


def test_benchmarks_come_from_the_readme(site: Path) -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("\n## Benchmarks\n", 1)[1].split("\n## ", 1)[0]
    headings = re.findall(r"^### (.+)$", section, re.M)
    page = _sections(_page(site, "benchmarks.html"))
    assert headings and [h for h in headings if h not in page] == []


def test_the_site_needs_nothing_from_the_network(site: Path) -> None:
    external = re.compile(
        r"<script[^>]+src=\"(?:https?:)?//|<link[^>]+href=\"(?:https?:)?//[^\"]*\"[^>]*stylesheet"
        r"|<link[^>]+stylesheet[^>]+href=\"(?:https?:)?//|fonts\.(?:googleapis|gstatic)\.com"
        r"|<iframe|@import"
    )
    pages = list(site.rglob("*.html"))
    assert len(pages) > 20
    assert [str(p) for p in pages if external.search(p.read_text(encoding="utf-8"))] == []
    remote = re.compile(r"url\(['\"]?(?:https?:)?//")
    styles = list(site.rglob("*.css"))
    assert styles and [str(s) for s in styles if remote.search(s.read_text())] == []


def _hooks() -> ModuleType:
    sys.path.insert(0, str(SCRIPTS))
    try:
        spec = importlib.util.spec_from_file_location("docs_hooks", SCRIPTS / "docs_hooks.py")
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        return module
    finally:
        sys.path.remove(str(SCRIPTS))


def test_readme_section_moves_headings_opens_lists_and_relinks() -> None:
    readme = (
        "# veil\n\n## Part\n\nText:\n- one\n- two\n\n### Sub\n\n```\n## not a heading\n```\n"
        "![shot](docs/dashboard.png)\n\n## Next\n\nother\n"
    )
    text = _hooks().readme_section("## Part", 1, "guides/audit.md", readme)
    assert "Text:\n\n- one\n- two" in text
    assert "\n## Sub\n" in text and "\n## not a heading\n" in text
    assert "![shot](../dashboard.png)" in text
    assert "other" not in text


@pytest.mark.parametrize(
    ("readme", "error"),
    [
        ("## Other\n", "README.md has no heading '## Part'"),
        ("## Part\n\n[code](src/veil/config.py)\n", "which is not on the site"),
    ],
)
def test_readme_section_that_cannot_be_written_is_an_error(readme: str, error: str) -> None:
    from mkdocs.exceptions import PluginError

    with pytest.raises(PluginError, match=re.escape(error)):
        _hooks().readme_section("## Part", 1, "index.md", readme)


def test_a_page_the_hooks_cannot_fill_stops_the_build(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    shutil.copytree(ROOT / "docs", docs)
    with (docs / "index.md").open("a", encoding="utf-8") as page:
        page.write("\n<!-- veil:no-such-table -->\n")
    config = tmp_path / "mkdocs.yml"
    config.write_text(
        f"INHERIT: {ROOT / 'mkdocs.yml'}\ndocs_dir: {docs}\n"
        f"hooks:\n  - {SCRIPTS / 'docs_hooks.py'}\n"
    )
    result = _build(config, tmp_path / "site")
    assert result.returncode != 0
    assert "unknown marker veil:no-such-table" in result.stderr
