"""Free-standing texts: sanitized, saved in the sealed vault, restored by another process."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.factories import aws_key_id
from veil.code.languages import LANGUAGES, error_count, new_errors, parse
from veil.config import Settings
from veil.pipeline.text import TextSanitizer, hide
from veil.vault.sealed import SealedError

SETTINGS = Settings.model_validate(
    {"org": {"terms": ["Acme"], "domains": ["corp.acme.com"]}, "disguise": {"comments": "keep"}}
)


def _sanitizer(tmp_path: Path, key_dir: str = "keys") -> TextSanitizer:
    return TextSanitizer(SETTINGS, vault_dir=tmp_path / "data", key_dir=tmp_path / key_dir)


def test_sanitize_then_restore_in_another_sanitizer_gives_the_exact_text(tmp_path: Path) -> None:
    key = aws_key_id("text")
    original = f"class AcmeClient:\n    KEY = '{key}'\n    HOST = 'db.corp.acme.com'\n"
    first = _sanitizer(tmp_path)
    done = first.sanitize(original, "client.py")
    assert key not in done.text and "Acme" not in done.text and "corp.acme.com" not in done.text
    assert done.counts == {"aws_access_key_id": 1, "org_term": 1, "internal_host": 1}
    first.save()
    second = _sanitizer(tmp_path)
    assert second.restore(done.text) == original
    assert second.sanitize(original).text == done.text  # the same tokens next time


def test_the_map_lists_tokens_with_originals_hidden(tmp_path: Path) -> None:
    sanitizer = _sanitizer(tmp_path)
    sanitizer.sanitize("AcmeClient talks to db.corp.acme.com")
    entries = {e.token: e for e in sanitizer.entries()}
    assert entries["Org1"].kind == "org_term" and "Acme" not in entries["Org1"].masked
    assert entries["service-1.internal.example"].kind == "internal_host"
    assert "db.corp.acme.com" not in entries["service-1.internal.example"].masked


def test_a_vault_sealed_with_another_key_is_refused(tmp_path: Path) -> None:
    first = _sanitizer(tmp_path)
    first.sanitize("AcmeClient")
    first.save()
    with pytest.raises(SealedError):
        _sanitizer(tmp_path, key_dir="other-keys")


@pytest.mark.parametrize(
    ("value", "shown"), [("Acme", "****"), ("db.corp.acme.com", "d********m (16)")]
)
def test_hide_keeps_only_the_ends(value: str, shown: str) -> None:
    assert hide(value) == shown


def test_two_processes_saving_keep_each_others_maps(tmp_path: Path) -> None:
    first, second = _sanitizer(tmp_path), _sanitizer(tmp_path)
    one = first.sanitize("AcmeClient")
    first.save()
    two = second.sanitize("db.corp.acme.com")  # takes in what the first saved
    second.save()
    first.save()  # and the first takes in what the second saved before writing
    third = _sanitizer(tmp_path)
    assert third.restore(one.text + " " + two.text) == "AcmeClient db.corp.acme.com"


def test_restore_without_values_gives_back_names_only(tmp_path: Path) -> None:
    key = aws_key_id("names-only")
    sanitizer = _sanitizer(tmp_path)
    done = sanitizer.sanitize(f"AcmeClient({key!r})")
    back = sanitizer.restore(done.text, values=False)
    assert back.startswith("AcmeClient(") and key not in back and "VEIL_SECRET_" in back


def test_a_later_text_holding_org1_leaves_earlier_outputs_restorable(tmp_path: Path) -> None:
    sanitizer = _sanitizer(tmp_path)
    first = sanitizer.sanitize("class AcmeClient: pass")
    second = sanitizer.sanitize("org1 = AcmeClient()")  # the user's own org1: a new base
    assert "Org1Client" in first.text and "Firm1Client" in second.text
    assert second.text.startswith("org1 = ")
    sanitizer.save()
    again = _sanitizer(tmp_path)
    assert again.restore(first.text) == "class AcmeClient: pass"
    assert again.restore(second.text) == "org1 = AcmeClient()"


# Real code on this machine, per language: where to look (the Python standard library, the
# coding clients `make test` installs, the C headers gcc brings, what Debian packages ship).
_REAL_CODE = {
    "python": [Path(json.__file__).parent.parent],
    "javascript": [Path("tests/clients/node_modules")],
    "typescript": [Path("tests/clients/node_modules")],
    "c": [Path("/usr/include")],
    "cpp": [Path("/usr/include/c++")],
    "go": [Path("/usr/share/doc/git/contrib")],
    "php": [Path("/usr/lib/google-cloud-sdk/platform/google_appengine/php")],
    "c_sharp": [Path("/usr/lib/node_modules/npm/node_modules/node-gyp")],
    "rust": [Path("/root/.rustup/toolchains")],
}
_MUST_EXIST = {"python", "javascript", "c"}


def _real_files(language: str, limit: int = 4) -> list[Path]:
    lang = LANGUAGES[language]
    found: list[Path] = []
    for root in _REAL_CODE[language]:
        if not root.is_dir():
            continue
        for path in sorted(root.rglob("*")):
            if (
                path.suffix in lang.extensions
                and path.is_file()
                and 2_000 < path.stat().st_size < 60_000
            ):
                found.append(path)
                if len(found) >= limit:
                    return found
    return found


# Words every language's code holds in identifiers, strings and comments, in every case style
# (`ValueError`, `value_of`, `NAME_MAX`, `toString`): terms that hit code everywhere.
_REAL_TERMS = ["Error", "Value", "String", "Name"]


@pytest.mark.parametrize("language", sorted(_REAL_CODE))
def test_real_code_restores_to_the_exact_bytes_and_still_parses(
    language: str, tmp_path: Path
) -> None:
    lang = LANGUAGES[language]
    texts: dict[Path, str] = {}
    for path in _real_files(language):
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            continue
        if not error_count(parse(lang, text)):  # tree-sitter reads it as it is
            texts[path] = text
    if not texts:
        assert language not in _MUST_EXIST, f"no real {language} file on this machine"
        pytest.skip(f"no real {language} file on this machine")
    terms = _REAL_TERMS
    settings = Settings.model_validate({"org": {"terms": terms}, "disguise": {"comments": "keep"}})
    sanitizer = TextSanitizer(settings, vault_dir=tmp_path / "data", key_dir=tmp_path / "keys")
    renamed = 0
    for path, original in texts.items():
        done = sanitizer.sanitize(original, str(path))
        renamed += done.counts.get("org_term", 0)
        left = [s for s in sanitizer.pipeline.finder.spans_in(done.text) if s.kind == "org_term"]
        assert not left, path  # none but inside the languages' own words (`typedef`)
        assert new_errors(original, done.text, lang) == 0, path
        assert sanitizer.restore(done.text) == original, path
    assert renamed  # the terms hit the code
