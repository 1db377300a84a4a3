"""MkDocs hooks (mkdocs.yml `hooks:`): the pages written from the code and from the README.

`on_files` adds the generated pages (nothing generated is committed, so nothing can drift);
`on_page_markdown` fills the markers of hand-written pages: `<!-- veil:presets -->` (the preset
table), `<!-- veil:clients -->` (what `veil run` sets per client) and `<!-- readme: ## Heading -->`
(a README section, its headings moved under the page's).
Anything that cannot be written (a README heading gone, a link that leads nowhere on the site,
an unknown marker) stops the build with an error that says what to fix.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable
from pathlib import Path

import docs_data as data
import docs_reference as ref
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

README = Path(__file__).resolve().parents[1] / "README.md"
MARKER = re.compile(r"<!-- (veil|readme): ?(.+?) -->")
HEADING = re.compile(r"(#{1,6}) ")
FENCE = re.compile(r"^(```|~~~)")
LIST_ITEM = re.compile(r"[-*] |\d+\. ")
LINK = re.compile(r"(!?\[[^\]]*\])\(([^)\s]+)\)")


def readme_section(heading: str, top: int, page: str, text: str | None = None) -> str:
    """The README section under `heading` (`## Benchmarks`), without its heading line, its own
    headings moved so that the section's would be at level `top`; links made to work from the
    site's page `page` (`guides/audit.md`)."""
    lines = (README.read_text(encoding="utf-8") if text is None else text).splitlines()
    level = len(heading) - len(heading.lstrip("#"))
    start = _line_of(lines, heading)
    body: list[str] = []
    fenced = False
    for line in lines[start + 1 :]:
        fenced ^= bool(FENCE.match(line))
        found = None if fenced else HEADING.match(line)
        if found and len(found.group(1)) <= level:
            break
        if found:
            depth = len(found.group(1)) - level + top
            line = "#" * min(depth, 6) + line[len(found.group(1)) :]
        if not fenced and LIST_ITEM.match(line) and body and _ends_paragraph(body[-1]):
            body.append("")  # GitHub starts a list right after a paragraph; Markdown needs a gap
        body.append(line)
    return _links("\n".join(body).strip("\n"), page)


def _ends_paragraph(line: str) -> bool:
    """A line of plain paragraph text: not blank, not a list item, not indented under one."""
    return bool(line.strip()) and not LIST_ITEM.match(line) and not line[0].isspace()


def _line_of(lines: list[str], heading: str) -> int:
    for i, line in enumerate(lines):
        if line.strip() == heading:
            return i
    raise PluginError(
        f"README.md has no heading {heading!r}: update the docs page that asks for it"
    )


def _links(markdown: str, page: str) -> str:
    """README links made relative to `page`: `docs/x.png` is the site's `x.png`; a web address
    stays; anything else (a path in the repository) has no page on the site and is an error."""

    def relink(match: re.Match[str]) -> str:
        label, target = match.groups()
        if re.match(r"[a-z]+://|#|mailto:", target):
            return match.group(0)
        if target.startswith("docs/"):
            here = posixpath.dirname(page) or "."
            return f"{label}({posixpath.relpath(target.removeprefix('docs/'), here)})"
        raise PluginError(f"README.md links to {target!r}, which is not on the site ({page})")

    return LINK.sub(relink, markdown)


def _example_toml() -> str:
    return README.read_text(encoding="utf-8").split("```toml\n", 1)[1].split("```", 1)[0]


# Generated pages: their path under docs/ and what writes them from the page's own path.
PAGES: dict[str, Callable[[str], str]] = {
    "reference/configuration.md": lambda _: ref.config_reference(_example_toml()),
    "reference/rules.md": lambda page: data.rules_reference(
        readme_section("## What veil detects", 1, page),
        "## How detection works\n\n" + readme_section("## How detection works", 2, page),
    ),
    "reference/providers.md": lambda _: data.providers_reference(),
    "reference/commands.md": lambda _: ref.commands_reference(),
}

MARKERS: dict[str, Callable[[], str]] = {
    "presets": data.presets_table,
    "clients": data.clients_table,
}


def on_files(files: Files, config: MkDocsConfig) -> Files:
    """Add the generated pages; one that also exists under docs/ is an error (it would drift)."""
    for uri, write in PAGES.items():
        if files.get_file_from_path(uri) is not None:
            raise PluginError(f"docs/{uri} is generated at build time: delete the file")
        try:
            content = write(uri)
        except PluginError:
            raise
        except Exception as exc:  # a generator that breaks must stop the build, loudly
            raise PluginError(f"writing {uri} failed: {type(exc).__name__}: {exc}") from exc
        files.append(File.generated(config, uri, content=content))
    return files


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Fill the page's markers: `<!-- veil:NAME -->` and `<!-- readme: ## Heading -->`."""

    def fill(match: re.Match[str]) -> str:
        kind, name = match.groups()
        if kind == "readme":
            line_start = markdown.rfind("\n", 0, match.start()) + 1
            level = _enclosing_level(markdown[:line_start])
            return readme_section(name.strip(), level, page.file.src_uri)
        if name not in MARKERS:
            known = ", ".join(MARKERS)
            raise PluginError(f"{page.file.src_uri}: unknown marker veil:{name} (known: {known})")
        return MARKERS[name]()

    return MARKER.sub(fill, markdown)


def _enclosing_level(before: str) -> int:
    """The level of the last heading in `before` (outside code blocks); 1 when there is none:
    a README section put there takes that heading's place."""
    level, fenced = 1, False
    for line in before.splitlines():
        fenced ^= bool(FENCE.match(line))
        found = None if fenced else HEADING.match(line)
        if found:
            level = len(found.group(1))
    return level
