"""Package metadata: names and addresses of a package's people are not reported; secrets are.

Each text has the real shape of its format. Addresses are built at run time so that the
repository holds none.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from tests.factories import aws_key_id, aws_secret
from veil.detect import default_engine
from veil.detect.samples import LOWER, fake
from veil.scan import git
from veil.scan.quiet import attribution_spans, is_attribution, is_package_metadata
from veil.scan.runner import Reported, Scanner
from veil.scan.sources import Source

PEOPLE = {"person_name", "email_address"}


def addr(seed: str, domain: str = "gmail.com") -> str:
    return f"{fake(7, LOWER, seed=f'meta-{seed}')}.{fake(5, LOWER, seed=seed)}@{domain}"


def secret_line() -> str:
    return f"aws_access_key_id = {aws_key_id('meta')}\naws_secret_access_key = {aws_secret('meta')}"


@pytest.fixture(scope="module")
def scanner() -> Scanner:
    return Scanner(default_engine())


def kinds(items: list[Reported]) -> set[str]:
    return {r.finding.kind for r in items}


# --- whole files: PKG-INFO, *.dist-info/METADATA, SBOMs ------------------------------------

METADATA = """Metadata-Version: 2.1
Name: httpkit
Version: 2.31.0
Summary: HTTP for people.
Home-page: https://httpkit.readthedocs.io
Author: Maria Garcia
Author-email: Maria Garcia <{a}>
Maintainer: Thomas Becker
Maintainer-email: {b}
License: Apache 2.0
Classifier: Programming Language :: Python :: 3
Requires-Python: >=3.7
Description-Content-Type: text/markdown

# httpkit

Written by Olivia Johnson <{c}>; ask Kenji Sato <{d}> about releases.

    >>> httpkit.parse_phone("tel. +49 30 901820")
"""

CYCLONEDX = """{{
  "bomFormat": "CycloneDX",
  "specVersion": "1.5",
  "metadata": {{
    "authors": [{{"name": "Maria Garcia", "email": "{a}"}}],
    "component": {{"type": "application", "name": "shop", "version": "1.0.0"}}
  }},
  "components": [
    {{
      "type": "library",
      "name": "httpkit",
      "version": "2.31.0",
      "author": "Thomas Becker <{b}>",
      "supplier": {{"name": "Olivia Johnson", "contact": [{{"email": "{c}"}}]}},
      "purl": "pkg:pypi/httpkit@2.31.0"
    }}
  ]
}}
"""

CYCLONEDX_XML = """<?xml version="1.0" encoding="UTF-8"?>
<bom xmlns="http://cyclonedx.org/schema/bom/1.5" version="1">
  <metadata>
    <authors><author><name>Maria Garcia</name><email>{a}</email></author></authors>
  </metadata>
  <components>
    <component type="library">
      <author>Thomas Becker &lt;{b}&gt;</author>
      <name>httpkit</name>
    </component>
  </components>
</bom>
"""

SPDX_TAG = """SPDXVersion: SPDX-2.3
DataLicense: CC0-1.0
SPDXID: SPDXRef-DOCUMENT
DocumentName: shop-1.0.0
Creator: Person: Maria Garcia ({a})
Creator: Tool: syft-0.98.0
Created: 2024-01-01T00:00:00Z

PackageName: httpkit
SPDXID: SPDXRef-Package-httpkit
PackageSupplier: Person: Thomas Becker ({b})
PackageOriginator: Person: Olivia Johnson ({c})
"""

SPDX_JSON = """{{
  "spdxVersion": "SPDX-2.3",
  "SPDXID": "SPDXRef-DOCUMENT",
  "name": "shop",
  "creationInfo": {{"creators": ["Person: Maria Garcia ({a})", "Tool: syft"]}},
  "packages": [
    {{"name": "httpkit", "supplier": "Person: Thomas Becker ({b})",
      "originator": "Person: Olivia Johnson ({c})"}}
  ]
}}
"""


def _fill(template: str) -> str:
    return template.format(a=addr("a"), b=addr("b"), c=addr("c"), d=addr("d", "yahoo.co.jp"))


@pytest.mark.parametrize(
    ("path", "template"),
    [
        ("site-packages/httpkit-2.31.0.dist-info/METADATA", METADATA),
        ("httpkit-2.31.0/PKG-INFO", METADATA),
        ("src/httpkit.egg-info/PKG-INFO", METADATA),
        ("sbom/shop.cdx.json", CYCLONEDX),
        ("httpkit-2.31.0.dist-info/sboms/httpkit.cyclonedx.json", CYCLONEDX),
        ("bom.json", CYCLONEDX),
        ("bom.xml", CYCLONEDX_XML),
        ("shop.cdx.xml", CYCLONEDX_XML),
        ("shop.spdx", SPDX_TAG),
        ("shop.spdx.json", SPDX_JSON),
    ],
)
def test_whole_metadata_files_report_no_people_but_still_secrets(
    scanner: Scanner, path: str, template: str
) -> None:
    text = _fill(template)
    assert kinds(scanner.scan_source(Source("notes/people.txt", text))) & PEOPLE, "must hold people"
    assert is_package_metadata(path)
    assert is_attribution(path)
    assert scanner.scan_source(Source(path, text)) == []
    with_secret = scanner.scan_source(Source(path, text + secret_line() + "\n"))
    assert kinds(with_secret) == {"aws_access_key_id", "aws_secret_access_key"}


@pytest.mark.parametrize(
    "path", ["site-packages/httpkit/METADATA", "metadata.json", "pkg-info.py", "bom.yaml.txt"]
)
def test_look_alikes_are_not_metadata(path: str) -> None:
    assert not is_attribution(path)
    assert not is_package_metadata(path)


def test_published_metadata_holds_no_personal_data_of_any_kind(scanner: Scanner) -> None:
    text = _fill(METADATA)
    assert "phone_number" in kinds(scanner.scan_source(Source("README.md", text)))
    assert scanner.scan_source(Source("x-1.0.dist-info/METADATA", text)) == []


# --- fields of manifests: only those fields are quiet -----------------------------------------

PACKAGE_JSON = """{{
  "name": "left-pad-ng",
  "version": "1.3.0",
  "description": "String left pad",
  "author": "Maria Garcia <{a}> (https://mariagarcia.dev)",
  "contributors": [
    "Thomas Becker <{b}>",
    {{
      "name": "Olivia Johnson",
      "email": "{c}",
      "url": "https://oliviaj.io"
    }}
  ],
  "maintainers": [{{"name": "Kenji Sato", "email": "{d}"}}],
  "scripts": {{"test": "node test.js"}},
  "config": {{"contact": "Peter Miller <{e}>"}}
}}
"""

COMPOSER_JSON = """{{
    "name": "acme/http",
    "type": "library",
    "authors": [
        {{"name": "Maria Garcia", "email": "{a}", "role": "Lead"}},
        {{"name": "Thomas Becker", "email": "{b}"}}
    ],
    "support": {{"email": "{e}"}},
    "require": {{"php": ">=8.1"}}
}}
"""

CARGO_TOML = """[package]
name = "ripgrep-lite"
version = "0.4.1"
authors = ["Maria Garcia <{a}>", "Thomas Becker <{b}>"]
edition = "2021"
description = "Contact Peter Miller <{e}>"

[dependencies]
regex = "1"
"""

PYPROJECT_TOML = """[project]
name = "httpkit"
version = "2.31.0"
authors = [
  {{ name = "Maria Garcia", email = "{a}" }},  # lead
  {{ name = "Thomas Becker", email = "{b}" }},
]
maintainers = [{{ name = "Olivia Johnson", email = "{c}" }}]
description = "Ask Peter Miller <{e}>"

[[tool.poetry.authors]]
name = "Kenji Sato <{d}>"

[tool.ruff]
line-length = 100
"""

GEMSPEC = """Gem::Specification.new do |spec|
  spec.name          = "httpkit"
  spec.version       = Httpkit::VERSION
  spec.authors       = ["Maria Garcia", "Thomas Becker"]
  spec.email         = ["{a}",
                        "{b}"]
  spec.summary       = "Ask Peter Miller <{e}>"
  spec.license       = "MIT"
end
"""

NUSPEC = """<?xml version="1.0" encoding="utf-8"?>
<package xmlns="http://schemas.microsoft.com/packaging/2013/05/nuspec.xsd">
  <metadata>
    <id>Acme.Http</id>
    <version>2.31.0</version>
    <authors>Maria Garcia, Thomas Becker</authors>
    <owners>Olivia Johnson &lt;{c}&gt;</owners>
    <description>Ask Peter Miller &lt;{e}&gt;</description>
  </metadata>
</package>
"""

POM_XML = """<?xml version="1.0" encoding="UTF-8"?>
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>com.acme</groupId>
  <artifactId>http</artifactId>
  <developers>
    <developer>
      <id>mgarcia</id>
      <name>Maria Garcia</name>
      <email>{a}</email>
      <roles><role>lead</role></roles>
    </developer>
    <developer>
      <name>Thomas Becker</name>
      <email>{b}</email>
    </developer>
  </developers>
  <contributors>
    <contributor><name>Olivia Johnson</name><email>{c}</email></contributor>
  </contributors>
  <scm><developerConnection>ask Peter Miller &lt;{e}&gt;</developerConnection></scm>
</project>
"""

MANIFESTS = [
    ("web/package.json", PACKAGE_JSON),
    ("composer.json", COMPOSER_JSON),
    ("crates/rg/Cargo.toml", CARGO_TOML),
    ("pyproject.toml", PYPROJECT_TOML),
    ("httpkit.gemspec", GEMSPEC),
    ("Acme.Http.nuspec", NUSPEC),
    ("pom.xml", POM_XML),
]


def _manifest(template: str) -> str:
    return template.format(
        a=addr("a"), b=addr("b"), c=addr("c"), d=addr("d", "yahoo.co.jp"), e=addr("e", "web.de")
    )


@pytest.mark.parametrize(("path", "template"), MANIFESTS)
def test_people_fields_of_manifests_are_quiet_the_rest_is_not(
    scanner: Scanner, path: str, template: str
) -> None:
    text = _manifest(template)
    everywhere = scanner.scan_source(Source("notes/people.txt", text))
    found = scanner.scan_source(Source(path, text))
    assert found, "the address outside the people fields is still reported"
    assert {r.finding.value for r in found} == {addr("e", "web.de")} | (
        {"Peter Miller"} & {r.finding.value for r in everywhere}
    )
    assert len(everywhere) > len(found)


@pytest.mark.parametrize(("path", "template"), MANIFESTS)
def test_a_secret_inside_a_people_field_is_still_reported(
    scanner: Scanner, path: str, template: str
) -> None:
    key = aws_key_id("in-field")
    text = _manifest(template).replace(addr("a"), key).replace(addr("c"), key)
    found = scanner.scan_source(Source(path, text))
    assert key in {r.finding.value for r in found}


def test_a_secret_elsewhere_in_package_json_is_reported(scanner: Scanner) -> None:
    text = _manifest(PACKAGE_JSON).replace(
        '"scripts": {"test": "node test.js"}',
        f'"scripts": {{"deploy": "AWS_SECRET_ACCESS_KEY={aws_secret("pj")} node deploy.js"}}',
    )
    found = scanner.scan_source(Source("package.json", text))
    assert "aws_secret_access_key" in kinds(found)


def test_json_fields_are_top_level_keys_only() -> None:
    text = '{"name": "x", "nested": {"author": "A B"}, "author": {"name": "C D"}, "z": 1}'
    (span,) = attribution_spans("package.json", text)
    assert text[span[0] : span[1]] == '"author": {"name": "C D"}'


def test_unclosed_fields_run_to_the_end_of_the_text() -> None:
    text = 'name = "x"\nauthors = [\n  "A B <a@b.c>",\n'
    (span,) = attribution_spans("Cargo.toml", text)
    assert span == (text.index("authors"), len(text))


# --- diffs: the field is found in the whole file ----------------------------------------------


def _git(repo: Path, *args: str) -> None:
    cfg = ["-c", "user.email=t@example.invalid", "-c", "user.name=t", "-c", "commit.gpgsign=false"]
    subprocess.run(["git", *cfg, *args], cwd=repo, check=True, capture_output=True)


def test_a_contributor_added_to_package_json_is_quiet_in_a_staged_scan(
    scanner: Scanner, tmp_path: Path
) -> None:
    _git(tmp_path, "init", "-q", "-b", "main")
    text = _manifest(PACKAGE_JSON)
    (tmp_path / "package.json").write_text(text)
    _git(tmp_path, "add", "-A")
    _git(tmp_path, "commit", "-qm", "first")
    added = f'    "Sophie Wagner <{addr("f")}>",\n'
    at = text.index('    "Thomas Becker')
    (tmp_path / "package.json").write_text(
        text[:at] + added + text[at:] + f"// ask Sophie Wagner <{addr('g')}>\n"
    )
    _git(tmp_path, "add", "-A")
    sources = git.staged(tmp_path)
    assert [s.text.count("\n") for s in sources] == [1], "two added lines"
    found = scanner.scan_sources(sources)
    assert {r.finding.value for r in found} >= {addr("g")}
    assert addr("f") not in {r.finding.value for r in found}
    assert {r.line for r in found} == {text.count("\n") + 2}


def test_history_reads_each_commit_s_version_of_the_manifest(
    scanner: Scanner, tmp_path: Path
) -> None:
    _git(tmp_path, "init", "-q", "-b", "main")
    (tmp_path / "Cargo.toml").write_text('[package]\nname = "x"\nauthors = [\n]\n')
    _git(tmp_path, "add", "-A")
    _git(tmp_path, "commit", "-qm", "first")
    (tmp_path / "Cargo.toml").write_text(
        f'[package]\nname = "x"\nauthors = [\n  "Maria Garcia <{addr("h")}>",\n]\n'
    )
    _git(tmp_path, "commit", "-qam", "second")
    sources = list(git.history(tmp_path))
    assert any(addr("h") in s.text for s in sources)
    assert scanner.scan_sources(sources) == []
