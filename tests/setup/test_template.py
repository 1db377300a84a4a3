"""The written veil.toml loads for every preset, keeps suggestions, and shows true defaults."""

from __future__ import annotations

import re
from pathlib import Path
from typing import get_args

import pytest

from veil.config import PolicySettings, Settings, load_settings
from veil.errors import UsageError
from veil.policy.presets import PRESETS
from veil.setup.suggest import Suggestion
from veil.setup.template import PRESET_HELP, render, write

OWNER = Suggestion("term", "acme corp", "owner in git remote origin (github.com/acme-corp)")
PACKAGE = Suggestion("term", "acme billing", "package name in pyproject.toml")
ZONE = Suggestion("domain", "corp.acme.example", "config.yaml:2 (db.billing.corp.acme.example)")


def _load(tmp_path: Path, text: str) -> Settings:
    path = tmp_path / "veil.toml"
    path.write_text(text)
    return load_settings(path)


def test_every_preset_is_described_and_no_other() -> None:
    assert set(PRESET_HELP) == set(PRESETS)
    field = PolicySettings.model_fields["preset"]
    assert set(PRESETS) == set(get_args(field.annotation))


@pytest.mark.parametrize("preset", sorted(PRESETS))
def test_every_preset_loads_as_itself_with_and_without_suggestions(
    tmp_path: Path, preset: str
) -> None:
    bare = _load(tmp_path, render(preset))
    assert bare.policy.preset == preset
    assert bare.org.terms == [] and bare.org.domains == []
    full = _load(tmp_path, render(preset, accepted=[OWNER, ZONE], to_review=[PACKAGE]))
    assert full.policy.preset == preset
    assert full.org.terms == ["acme corp"]
    assert full.org.domains == ["corp.acme.example"]


def test_suggestions_to_review_are_written_commented_out_with_their_source(tmp_path: Path) -> None:
    text = render("startup", to_review=[OWNER, PACKAGE, ZONE])
    assert '    # "acme corp",  # owner in git remote origin (github.com/acme-corp)' in text
    assert '    # "corp.acme.example",  # config.yaml:2 (db.billing.corp.acme.example)' in text
    settings = _load(tmp_path, text)
    assert settings.org.terms == [] and settings.org.domains == []


@pytest.mark.parametrize(
    "term", ['Acme "Quoted" Co', "back\\slash", "tab\there", "new\nline", "del\x7fchar", "émigré"]
)
def test_terms_with_quotes_backslashes_and_control_characters_round_trip(
    tmp_path: Path, term: str
) -> None:
    weird = Suggestion("term", term, "typed\nby hand")
    settings = _load(tmp_path, render("personal", accepted=[weird], to_review=[weird]))
    assert settings.org.terms == [term]


def test_every_commented_default_is_the_model_default_when_uncommented(tmp_path: Path) -> None:
    text = render("regulated")
    uncommented = "\n".join(
        line[2:] if re.match(r"^# (\[[\w.]+\]$|\w+ = )", line) else line
        for line in text.splitlines()
    )
    assert uncommented.count("\n[") >= 9
    settings = _load(tmp_path, uncommented)
    expected = Settings.model_validate({"policy": {"preset": "regulated"}})
    assert settings.model_dump() == expected.model_dump()


def test_lines_fit_and_the_header_says_how_to_check(tmp_path: Path) -> None:
    text = render("startup", accepted=[OWNER], to_review=[ZONE])
    assert all(len(line) <= 100 for line in text.splitlines())
    assert "veil doctor" in text.split("[policy]")[0]


def test_an_unknown_preset_is_a_usage_error() -> None:
    with pytest.raises(UsageError, match="unknown preset 'strict'; choose one of personal"):
        render("strict")


def test_write_keeps_an_existing_file_unless_forced(tmp_path: Path) -> None:
    path = write(tmp_path, render("personal"))
    assert load_settings(path).policy.preset == "personal"
    with pytest.raises(UsageError, match="already exists; edit it, or pass --force"):
        write(tmp_path, render("startup"))
    assert load_settings(path).policy.preset == "personal"
    write(tmp_path, render("startup"), force=True)
    assert load_settings(path).policy.preset == "startup"
