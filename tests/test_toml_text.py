"""The TOML writer: whatever tomllib reads, written back, reads the same."""

from __future__ import annotations

import datetime
import math
import tomllib
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from veil.toml_text import dumps, toml_string, toml_value

CODEX_LIKE = """\
model = "gpt-5.1-codex"
model_provider = "azure"
approval_policy = "on-request"
notify = ["notify-send", "Codex"]
"weird key" = 'single \\ quoted'

[model_providers.azure]
name = "Azure"
base_url = "https://example.invalid/openai"
env_key = "AZURE_OPENAI_API_KEY"
query_params = { api-version = "2025-04-01-preview" }
http_headers = { "X-Team" = "a\\"b" }

[profiles.fast]
model = "gpt-5.1-codex-mini"
model_reasoning_effort = "low"

[profiles.deep.sandbox_workspace_write]
network_access = true
writable_roots = ["/tmp", "/var/tmp"]

[mcp_servers.docs]
command = "npx"
args = ["-y", "docs-server"]
env = { TOKEN_FILE = "~/.docs" }
startup_timeout_sec = 20.5

[[skills.config]]
path = "/a"
enabled = false

[[skills.config]]
path = "/b"

[skills.config.extra]
n = 1

[empty]
"""


def _round_trip(data: dict[str, Any]) -> dict[str, Any]:
    return tomllib.loads(dumps(data))


def test_a_codex_config_round_trips() -> None:
    data = tomllib.loads(CODEX_LIKE)
    assert _round_trip(data) == data
    assert data["skills"]["config"][1]["extra"] == {"n": 1}
    assert data["empty"] == {}


def test_scalars_round_trip() -> None:
    data = {
        "s": 'quote " backslash \\ tab \t nl \n cr \r bell \x07 del \x7f é 🙂',
        "i": -(2**63),
        "f": 1e300,
        "tiny": 5e-324,
        "neg": -0.5,
        "inf": math.inf,
        "ninf": -math.inf,
        "t": True,
        "dt": datetime.datetime(1979, 5, 27, 7, 32, tzinfo=datetime.UTC),
        "local": datetime.datetime(1979, 5, 27, 7, 32, 0, 999999),
        "d": datetime.date(2024, 2, 29),
        "time": datetime.time(7, 32, 1),
        "": "empty key",
        "a.b": "dotted key",
        "mixed": [1, "two", [3.0], {"four": 4}],
        "empty_list": [],
    }
    assert _round_trip(data) == data
    assert math.isnan(_round_trip({"n": math.nan})["n"])


def test_tables_before_keys_would_be_wrong_so_keys_come_first() -> None:
    text = dumps({"t": {"x": 1}, "after": 2})
    assert text.index("after = 2") < text.index("[t]")


def test_unknown_types_are_refused() -> None:
    with pytest.raises(TypeError):
        dumps({"x": object()})


_keys = st.text(min_size=0, max_size=8)
_scalars = (
    st.text(max_size=20)
    | st.integers(min_value=-(2**63), max_value=2**63 - 1)
    | st.floats(allow_nan=False)
    | st.booleans()
    | st.dates()
    | st.datetimes()
    | st.times()
    | st.datetimes(timezones=st.just(datetime.UTC))
)
_values = st.recursive(
    _scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(_keys, inner, max_size=4),
    max_leaves=12,
)


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(_keys, _values, max_size=6))
def test_any_tomllib_value_round_trips(data: dict[str, Any]) -> None:
    assert _round_trip(data) == data


def test_one_value_for_a_generated_file() -> None:
    assert toml_value(Path("/a b/c")) == '"/a b/c"'
    assert toml_value(["x", 1, True]) == '["x", 1, true]'
    assert toml_value({"k j": 0.5}) == '{"k j" = 0.5}'
    text = 'q " b \\ \x00 \x1f é'
    assert tomllib.loads(f"v = {toml_string(text)}")["v"] == text
