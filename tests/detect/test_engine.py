"""The engine: both backends agree, offsets are right in any text, values never show."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from tests.factories import aws_key_id, aws_pair_config, aws_secret
from veil.detect import Engine, builtin_rules, disk_cache, scan_text
from veil.detect import engine as engine_module
from veil.detect.base import Examples, SecretRule, token
from veil.detect.samples import LOWER_ALNUM, fake


def _spans(engine: Engine, text: str) -> list[tuple[str, int, int]]:
    return [(f.rule_id, f.start, f.end) for f in engine.scan(text)]


def test_findings_carry_kind_category_offsets_line_and_column() -> None:
    text = "first line\n" + aws_pair_config()
    (key_id, secret) = scan_text(text)
    assert (key_id.kind, key_id.category.value, key_id.line, key_id.column) == (
        "aws_access_key_id",
        "secret",
        2,
        21,
    )
    assert text[key_id.start : key_id.end] == aws_key_id() == key_id.value
    assert (secret.line, text[secret.start : secret.end]) == (3, aws_secret())
    assert 0 < key_id.confidence <= 1


def test_repr_and_dict_show_a_hash_never_the_value() -> None:
    (finding,) = scan_text(f"id: {aws_key_id()}")
    assert aws_key_id() not in repr(finding)
    assert aws_key_id() not in str(finding.to_dict())
    assert finding.to_dict()["value_hash"] == finding.value_hash


@pytest.mark.parametrize("prefix", ["", "héllo wörld ✓ 日本語\n", "😀" * 300 + "\n"])
def test_offsets_are_characters_in_non_ascii_text_with_both_backends(prefix: str) -> None:
    text = prefix + "émoji → " + aws_pair_config("u")
    hs = _spans(Engine(builtin_rules(), use_hyperscan=True), text)
    plain = _spans(Engine(builtin_rules(), use_hyperscan=False), text)
    assert hs == plain
    assert [text[s:e] for _, s, e in hs] == [aws_key_id("u"), aws_secret("u")]


def test_backends_agree_on_a_large_mixed_text() -> None:
    parts = []
    for i in range(300):
        parts.append(f"def f{i}(x):\n    return x * {i}  # sha {i:040x}\n")
        if i % 7 == 0:
            parts.append(aws_pair_config(str(i)))
        parts.append("data:image/png;base64," + "QUJD" * 50 + "\n")
    text = "".join(parts)
    hs = _spans(Engine(builtin_rules(), use_hyperscan=True), text)
    assert hs == _spans(Engine(builtin_rules(), use_hyperscan=False), text)
    assert sum(1 for rid, _, _ in hs if rid == "aws-access-key-id") == 43


def test_specific_rule_wins_over_generic_on_the_same_span() -> None:
    examples = Examples(positives=("tok_aaaaaaaaaa", "tok_bbbbbbbbbb"), negatives=("x",))
    specific = SecretRule(
        id="tok-specific",
        kind="tok",
        regex=token("tok_[a-z]{10}"),
        keywords=("tok_",),
        examples=examples,
    )
    generic = SecretRule(
        id="tok-generic",
        kind="generic",
        regex=token("[a-z_]{14}"),
        keywords=("tok",),
        generic=True,
        confidence=0.99,
        examples=examples,
    )
    engine = Engine([generic, specific])
    assert [f.rule_id for f in engine.scan("v = tok_qwertzuiop")] == ["tok-specific"]


def test_keyword_must_stand_near_the_match() -> None:
    rule = SecretRule(
        id="ctx-key",
        kind="ctx",
        regex=token("[0-9a-f]{32}"),
        keywords=("acme",),
        filters=(),
        examples=Examples(positives=("a", "b"), negatives=("c",)),
    )
    value = "0123456789abcdef" * 2
    assert [f.kind for f in Engine([rule]).scan(f"ACME_KEY={value}")] == ["ctx"]
    assert Engine([rule]).scan(f"acme\n{'x' * 200}\nKEY={value}") == []


def test_empty_text_and_empty_rule_set() -> None:
    assert scan_text("") == []
    assert Engine([]).scan(aws_pair_config()) == []


def test_threads_scan_at_once_with_their_own_scratch_space() -> None:
    """A Hyperscan scan releases the GIL: threads sharing one scratch space would collide."""
    engine = Engine(builtin_rules())
    text = "\n".join(r.examples.positives[0] for r in builtin_rules()) * 3
    expected = [(f.rule_id, f.start) for f in engine.scan(text)]
    with ThreadPoolExecutor(4) as pool:
        results = list(pool.map(lambda _: engine.scan(text), range(16)))
    assert all([(f.rule_id, f.start) for f in found] == expected for found in results)


def test_a_pattern_that_matches_in_a_look_ahead_is_still_found() -> None:
    """A pattern whose value sits in a look-ahead (zero width) is still confirmed: its window
    reaches back a look-ahead's worth, and its keyword is looked for up to the value's end."""
    rule = SecretRule(
        id="look-ahead-value",
        kind="test_value",
        regex=r"(?=tok_(?P<secret>[a-z0-9]{30})(?![a-z0-9]))",
        keywords=("tok_",),
        examples=Examples(positives=("x",), negatives=()),
    )
    value = fake(30, LOWER_ALNUM, seed="look-ahead")
    for hs in (True, False):
        found = Engine([rule], use_hyperscan=hs).scan("filler " * 20 + f"tok_{value} end")
        assert [f.value for f in found] == [value]


def test_validate_at_reads_the_value_in_its_text() -> None:
    """`validate_at` gets the value, the whole text and where the value starts, in both modes."""
    seen: list[tuple[str, int]] = []

    def only_on_the_second_line(value: str, text: str, start: int) -> bool:
        seen.append((value, start))
        return text.count("\n", 0, start) == 1

    rule = SecretRule(
        id="placed-value",
        kind="test_value",
        regex=r"\btok_(?P<secret>[a-z0-9]{12})\b",
        keywords=("tok_",),
        entropy=None,
        filters=(),
        validate_at=only_on_the_second_line,
        examples=Examples(positives=("x",), negatives=()),
    )
    first, second = fake(12, LOWER_ALNUM, seed="placed-1"), fake(12, LOWER_ALNUM, seed="placed-2")
    text = f"tok_{first}\ntok_{second}\n"
    for recall in (False, True):
        assert [f.value for f in Engine([rule], recall=recall).scan(text)] == [second]
    assert (first, 4) in seen


def test_the_cache_keeps_the_large_databases_used_last(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(disk_cache.platformdirs, "user_cache_dir", lambda _app: str(tmp_path))
    monkeypatch.setattr(engine_module, "CACHE_LARGE_BYTES", 1)  # every database counts as large
    rules = builtin_rules()
    for n in range(engine_module.CACHE_KEEP + 3):  # each a rule set of its own
        Engine(rules[n : n + 8])
    kept = sorted(tmp_path.glob("hs-*.db"))
    assert len(kept) == engine_module.CACHE_KEEP
    last = engine_module.CACHE_KEEP + 2
    assert Engine(rules[last : last + 8]).uses_hyperscan  # the last one: read back
    assert sorted(tmp_path.glob("hs-*.db")) == kept
