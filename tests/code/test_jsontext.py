"""The strings of a JSON text: which may hold code, decoded, mapped exactly back across escapes
and nesting, and text put in their place escaped."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from veil.code.jsontext import JsonString, escape, strings

CODE = 'def total(x):\n    # Initech pays "$40k" a year, café 😀 a\\b / c\n    return x\n'


def _dumps(value: object, *, ascii_only: bool, slashes: bool = False) -> str:
    text = json.dumps(value, ensure_ascii=ascii_only)
    return text.replace("/", "\\/") if slashes else text


def _maps_exactly(raw: str, string: JsonString, depth: int = 1) -> None:
    """Each character of the string stands where `raw` writes it, and back."""
    for i, char in enumerate(string.text):
        start, end = string.raw(i), string.raw(i + 1)
        written = raw[start:end]
        for _ in range(depth):
            written = json.loads(f'"{written}"')
        assert written == char, (i, raw[start:end])
        assert string.decoded(start) == i
        assert string.holds(start)
    assert raw[string.raw(len(string.text)) :].startswith("\\" * (2 ** (depth - 1) - 1) + '"')


@pytest.mark.parametrize("ascii_only", [True, False])
@pytest.mark.parametrize("slashes", [True, False])
def test_a_file_in_a_tool_result_maps_exactly(ascii_only: bool, slashes: bool) -> None:
    raw = _dumps(
        {"path": "src/billing.py", "content": CODE, "lines": 3},
        ascii_only=ascii_only,
        slashes=slashes,
    )
    [string] = strings(raw)
    assert (string.text, string.path) == (CODE, "src/billing.py")
    _maps_exactly(raw, string)
    assert raw[string.start - 1] == '"' and raw[string.end] == '"'


def test_only_strings_that_may_hold_code() -> None:
    raw = json.dumps(
        {
            "id": "x1",
            "title": "one line",
            "body": "two\nlines",
            "items": [{"file_path": "a.go", "text": "package a // one line of Go"}, "x\ny"],
            "notes": {"filename": "README", "text": "no language"},
        }
    )
    assert [(s.text, s.path) for s in strings(raw)] == [
        ("two\nlines", None),
        ("package a // one line of Go", "a.go"),
        ("x\ny", None),
    ]


def test_keys_are_not_values() -> None:
    raw = json.dumps({"a\nb": "c\nd", "e": ["f\ng"]})
    assert [s.text for s in strings(raw)] == ["c\nd", "f\ng"]


def test_json_inside_json_is_walked() -> None:
    inner = json.dumps({"path": "a.py", "content": CODE})
    raw = json.dumps({"type": "text", "text": inner})
    [string] = strings(raw)
    assert (string.text, string.path) == (CODE, "a.py")
    _maps_exactly(raw, string, depth=2)
    assert string.escape('# "x"\n') == escape(escape('# "x"\n'))


def test_a_string_that_is_json_but_holds_no_code_is_nothing() -> None:
    assert strings(json.dumps({"result": json.dumps({"a": 1, "b": [2, 3]}, indent=1)})) == []


def test_text_that_is_not_json_has_no_strings() -> None:
    assert strings("# a comment\nx = 1") == []
    assert strings("") == []


def test_escape_gives_what_json_decodes_back() -> None:
    for text in ['a "b" \\ c', "line\nbreak\ttab", "café 😀 \u2028", "\x01"]:
        assert json.loads(f'"{escape(text)}"') == text


def test_replacing_a_span_keeps_the_json_valid() -> None:
    raw = json.dumps({"path": "x.py", "content": CODE})
    [string] = strings(raw)
    start = string.text.index("#")
    end = string.text.index("\n", start)
    out = raw[: string.raw(start)] + string.escape("#") + raw[string.raw(end) :]
    assert json.loads(out)["content"] == CODE[:start] + "#" + CODE[end:]


@settings(max_examples=300, deadline=None)
@given(
    st.text(alphabet=st.sampled_from(list('ab #"\\/\n\t\r\x01é😀\u2028'))),
    st.booleans(),
    st.booleans(),
    st.booleans(),
)
def test_any_string_maps_exactly(text: str, ascii_only: bool, slashes: bool, nested: bool) -> None:
    value = {"path": "f.py", "content": text + "\n"}
    raw = _dumps(value, ascii_only=ascii_only, slashes=slashes)
    depth = 1
    if nested:
        raw = _dumps({"text": raw}, ascii_only=ascii_only, slashes=slashes)
        depth = 2
    [string] = strings(raw)
    assert string.text == text + "\n"
    _maps_exactly(raw, string, depth)
