"""`veil.toml`: the `[scan] only` key, and messages that name the key, the value and the fix
(policy keys and gitignore patterns included)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from veil.config import OrgSettings, Settings, fingerprint, load_settings
from veil.errors import ConfigError


def _load(tmp_path: Path, text: str):  # type: ignore[no-untyped-def]
    (tmp_path / "veil.toml").write_text(text)
    return load_settings(tmp_path / "veil.toml")


def test_only_defaults_to_every_category(tmp_path: Path) -> None:
    assert _load(tmp_path, "[scan]\n").scan.only == []


def test_only_lists_categories(tmp_path: Path) -> None:
    assert _load(tmp_path, '[scan]\nonly = ["secret", "file"]\n').scan.only == ["secret", "file"]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            '[scan]\nonly = ["secrets"]\n',
            "scan.only: 'secrets' is not one of secret, pii, org, file (did you mean 'secret'?)",
        ),
        ('[scan]\nonly = ["pii", "x"]\n', "scan.only: 'x' is not one of secret, pii, org, file"),
        ('[scan]\nonly = "secret"\n', "scan.only: Input should be a valid list"),
        (
            '[upstreams.x]\nkind = "opneai"\nbase_url = "http://h/v1"\n',
            "upstreams.x.kind: 'opneai' is not one of anthropic, openai (did you mean 'openai'?)",
        ),
        ("[scan]\nonyl = []\n", "scan.onyl: unknown key (did you mean 'only'?)"),
        (
            '[policy.paths]\nrestricted = ["src/**", "!"]\n',
            "policy.paths.restricted: '!' is not a valid gitignore pattern (invalid)",
        ),
        (
            '[policy.files]\ndeny = ["[z-a].key"]\n',
            "policy.files.deny: '[z-a].key' is not a valid gitignore pattern"
            " (bad character range z-a)",
        ),
        ('[policy]\nmode = "watch"\n', "policy.mode: 'watch' is not one of enforce, monitor"),
        (
            '[policy.restricted]\ntrains = "deny"\n',
            "policy.restricted.trains: 'deny' is not one of forward, mask, pseudonymize, local,"
            " block",
        ),
        ("[providers]\nmistral = 3\n", "providers.mistral: Input should be a valid dictionary"),
    ],
)
def test_wrong_values_are_named_with_the_valid_ones(
    tmp_path: Path, text: str, message: str
) -> None:
    with pytest.raises(ConfigError) as info:
        _load(tmp_path, text)
    assert str(info.value) == f"{tmp_path / 'veil.toml'}: {message}"


@dataclass(frozen=True)
class _Up:
    name: str = "openai"
    kind: str = "openai"
    base_url: str = "https://api.openai.com/v1"
    local: bool = False
    provider: str = "openai"


KEY = b"k" * 32


def test_a_fingerprint_follows_the_settings_and_hides_their_values() -> None:
    term = "Zorblax-" + "q" * 8
    stricter = Settings(org=OrgSettings(terms=[term]))
    assert fingerprint(Settings(), [_Up()], KEY) == fingerprint(Settings(), [_Up()], KEY)
    assert fingerprint(stricter, [_Up()], KEY) != fingerprint(Settings(), [_Up()], KEY)
    got = fingerprint(stricter, [_Up()], KEY)
    assert len(got) == 16 and int(got, 16) >= 0 and term not in got


@pytest.mark.parametrize(
    "other",
    [
        _Up(base_url="http://127.0.0.1:9/v1"),  # VEIL_OPENAI_UPSTREAM, --upstream
        _Up(local=True),
        _Up(provider="azure-openai"),
        _Up(name="ollama"),
    ],
)
def test_a_fingerprint_follows_where_requests_go(other: _Up) -> None:
    assert fingerprint(Settings(), [other], KEY) != fingerprint(Settings(), [_Up()], KEY)


def test_a_fingerprint_ignores_the_order_of_upstreams() -> None:
    two = [_Up(), _Up(name="anthropic", kind="anthropic")]
    assert fingerprint(Settings(), two, KEY) == fingerprint(Settings(), two[::-1], KEY)


def test_a_fingerprint_follows_the_workspace(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    one = _load(tmp_path / "a", "[scan]\n")
    two = _load(tmp_path / "b", "[scan]\n")
    assert one.model_dump() == two.model_dump()  # the same settings, in another folder
    assert fingerprint(one, [_Up()], KEY) != fingerprint(two, [_Up()], KEY)


def test_a_fingerprint_cannot_be_checked_without_the_key() -> None:
    # Keyed: the same settings under another vault key give another fingerprint, so a dictionary
    # of guessed org terms cannot be checked against a gateway's answer.
    assert fingerprint(Settings(), [_Up()], KEY) != fingerprint(Settings(), [_Up()], b"o" * 32)
