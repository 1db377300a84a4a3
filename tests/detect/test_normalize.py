"""The normalised view: what a model reads, mapped back to the original characters."""

from __future__ import annotations

import pytest

from tests.factories import aws_key_id, email
from veil.detect import builtin_rules
from veil.detect import recall as recall_rules
from veil.detect.engine import HYPERSCAN_AVAILABLE, Engine
from veil.detect.normalize import normalized
from veil.detect.pii.email import EMAIL_ADDRESS
from veil.detect.samples import ALNUM, fake

BACKENDS = [True, False] if HYPERSCAN_AVAILABLE else [False]


def _chars(text: str) -> list[str]:
    """Each view character's original text, from the view's map."""
    view = normalized(text)
    assert view is not None
    return [text[view.start(i) : view.end(i + 1)] for i in range(len(view.text))]


def test_plain_ascii_has_no_view() -> None:
    assert normalized("password = 'x' and 50% more") is None


def test_insignificant_edits_have_no_view() -> None:
    # A full-width comma between CJK characters, a joiner inside an emoji: nothing to find there.
    assert normalized("测试，包含：标点") is None
    assert normalized("family \U0001f468\u200d\U0001f469\u200d\U0001f467 ok") is None


def test_full_width_letters_map_one_to_one() -> None:
    view = normalized("id ＡＫＩＡ")
    assert view is not None and view.text == "id AKIA"
    assert _chars("id ＡＫＩＡ")[3:] == ["Ａ", "Ｋ", "Ｉ", "Ａ"]


def test_invisible_characters_vanish_and_spans_cover_them_inside() -> None:
    text = "\u200bab\u00adcd\u2060"
    view = normalized(text)
    assert view is not None and view.text == "abcd"
    assert view.span(0, 4) == (1, 6)  # the soft hyphen inside, not the ends
    assert text[slice(*view.span(0, 4))] == "ab\u00adcd"


def test_percent_encoding_decodes_and_maps_to_the_escape() -> None:
    view = normalized("a=p%40ss%3Dx")
    assert view is not None and view.text == "a=p@ss=x"
    assert _chars("a=p%40ss%3Dx")[3] == "%40"
    assert view.span(2, 8) == (2, 12)


def test_look_alikes_and_compatibility_forms_fold_to_ascii() -> None:
    view = normalized("\u0410KIA \U0001d400 \ufb01 \u2013")  # Cyrillic A, bold A, ligature, dash
    assert view is not None and view.text == "AKIA A fi -"
    assert _chars("\ufb01x")[:2] == ["\ufb01", "\ufb01"]


def _full_width(value: str) -> str:
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in value)


def _zero_width(value: str) -> str:
    return value[:3] + "\u200b" + value[3:-2] + "\u2060" + value[-2:]


_CYRILLIC = str.maketrans("AEKMHOPCTXaeopcx", "АЕКМНОРСТХаеорсх")


def _homoglyph(value: str) -> str:
    i = next((i for i, c in enumerate(value) if c.translate(_CYRILLIC) != c), None)
    if i is None:
        pytest.skip("no letter with a look-alike")
    return value[:i] + value[i].translate(_CYRILLIC) + value[i + 1 :]


def _percent(value: str) -> str:
    i = next(i for i, c in enumerate(value) if c.isalnum() and i > 0)
    return value[:i] + f"%{ord(value[i]):02X}" + value[i + 1 :]


DISGUISES = {
    "full-width": _full_width,
    "zero-width": _zero_width,
    "homoglyph": _homoglyph,
    "percent": _percent,
}
RULE_IDS = ("aws-access-key-id", "github-pat", "slack-bot-token", "email-address", "iban", "jwt")
RULES = {r.id: r for r in builtin_rules() if r.id in RULE_IDS}


@pytest.mark.parametrize("hs", BACKENDS, ids=["hyperscan", "re"][: len(BACKENDS)])
@pytest.mark.parametrize("disguise", DISGUISES)
@pytest.mark.parametrize("rule_id", RULE_IDS)
def test_disguised_positive_is_found_at_its_original_offsets(
    rule_id: str, disguise: str, hs: bool
) -> None:
    rule = RULES[rule_id]
    engine = Engine([rule], use_hyperscan=hs)
    text = rule.examples.positives[0]
    (plain,) = engine.scan(text)
    hidden = DISGUISES[disguise](plain.value)
    disguised = text[: plain.start] + hidden + text[plain.end :]
    found = [(f.rule_id, f.start, f.end, f.value) for f in engine.scan(disguised)]
    assert found == [(rule_id, plain.start, plain.start + len(hidden), hidden)]


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("https://x.io/cb?next=1&token%3Dghp_{}", "ghp_{}"),
        ("mailto:{mail}", "{mail}"),
        ("curl 'https://api.x.io/login?user=bob&password=p%40ss{}'", "p%40ss{}"),
    ],
)
def test_percent_encoded_values_in_urls(text: str, value: str) -> None:
    secret, mail = fake(36, ALNUM, seed="pct"), email("pct").replace("@", "%40")
    text, value = text.format(secret, mail=mail), value.format(secret, mail=mail)
    found = Engine(builtin_rules(), recall=True).scan(text)
    assert value in [f.value for f in found]
    finding = next(f for f in found if f.value == value)
    assert text[finding.start : finding.end] == value


def test_full_width_at_sign_in_an_email() -> None:
    value = email("fw").replace("@", "＠")
    (finding,) = Engine([EMAIL_ADDRESS]).scan(f"write to {value} today")
    assert finding.value == value


def test_a_key_split_over_lines_is_not_joined() -> None:
    # Only invisible characters vanish: a newline still ends a token.
    key = aws_key_id("split")
    assert Engine(builtin_rules()).scan(f"id: {key[:10]}\n{key[10:]}") == []


@pytest.mark.parametrize("recall", [False, True])
def test_backends_agree_on_disguised_text(recall: bool) -> None:
    parts = []
    for rule in RULES.values():
        for text in rule.examples.positives:
            parts += [text, _full_width(text), "\u200b".join(text), text.replace("@", "%40")]
    text = "\n".join(parts)
    rules = builtin_rules() + (recall_rules.RULES if recall else ())
    spans = [
        [
            (f.rule_id, f.start, f.end)
            for f in Engine(rules, use_hyperscan=hs, recall=recall).scan(text)
        ]
        for hs in BACKENDS
    ]
    assert all(s == spans[0] for s in spans)
    assert len(spans[0]) >= 3 * len(RULES)
