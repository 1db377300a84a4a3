"""Disguise in the pipeline: names, hosts and comments of a pseudonymized request, the record's
counts, and the answer restored."""

from __future__ import annotations

import base64
import json
import random
import re
import sysconfig
from pathlib import Path

import pytest

from tests.code.test_cues import POSITIVES
from tests.factories import aws_key_id
from veil.code import business
from veil.code.business import ALL_FORMS, reads_as_business
from veil.code.comments import comments_in
from veil.config import Settings, active_rules
from veil.detect import recall
from veil.detect.engine import Engine
from veil.pipeline.decide import Destination, PolicyStage
from veil.pipeline.disguise import CommentStage, merge
from veil.pipeline.find import Span
from veil.pipeline.request import Pipeline
from veil.policy.registry import load_registry
from veil.policy.tiers import Action, Tier
from veil.protocols import anthropic_messages, openai_chat
from veil.protocols.neutral import TextSlot
from veil.types import Category
from veil.vault.restore import restore_text
from veil.vault.vault import Vault, VaultMap

REGISTRY = load_registry()
ORG = {"terms": ["Acme", "Globex Corp"], "domains": ["corp.acme.com"]}
SOURCE = '''```python
from acme_billing import AcmeBillingClient

# Globex Corp asked for a 30% discount before the Q3 renewal; do not tell Initech.
def calculateAcmeLTV(customer):
    """Return the lifetime value of a customer."""
    # retry with backoff
    client = AcmeBillingClient("https://billing.corp.acme.com/v2")
    return client.ltv(customer)  # see billing.corp.acme.com dashboards
```'''


def _pipeline(mode: str = "business", **disguise: object) -> Pipeline:
    settings = Settings.model_validate({"org": ORG, "disguise": {"comments": mode, **disguise}})
    engine = Engine(active_rules(settings) + recall.RULES, recall=True)
    return Pipeline(engine, PolicyStage(settings))


def _vmap(**disguise: bool) -> VaultMap:
    return VaultMap(Vault(b"d" * 32, terms=ORG["terms"], **disguise), "disguise-test")


def _body(text: str) -> bytes:
    return json.dumps(
        {"model": "claude-x", "max_tokens": 9, "messages": [{"role": "user", "content": text}]}
    ).encode()


def _sent(body: bytes) -> str:
    return str(json.loads(body)["messages"][0]["content"])


def _prepare(pipeline: Pipeline, text: str, vmap: VaultMap, provider: str = "anthropic"):  # type: ignore[no-untyped-def]
    dest = Destination("messages", REGISTRY.get(provider))
    return pipeline.prepare(_body(text), anthropic_messages.extract, vmap, dest)


def test_names_hosts_and_business_comments_are_disguised_and_counted() -> None:
    vmap = _vmap()
    prepared = _prepare(_pipeline(), SOURCE, vmap)
    sent = _sent(prepared.body)
    assert prepared.decision.tier is Tier.INTERNAL
    assert prepared.decision.applied is Action.PSEUDONYMIZE
    for leak in ("Acme", "acme", "Globex", "30%", "Initech", "corp.acme.com"):
        assert leak not in sent, leak
    assert "from org1_billing import Org1BillingClient" in sent
    assert "def calculateOrg1LTV(customer):" in sent
    assert "https://service-1.internal.example/v2" in sent
    assert '"""Return the lifetime value of a customer."""' in sent  # says what it does
    assert "# retry with backoff" in sent  # no business, no term: kept
    assert sent.count("\n") == SOURCE.count("\n")  # line numbers stay
    assert prepared.findings["business_comment"] == 1
    assert prepared.disguised["comments"] == 2  # the business one, and the one with a host
    assert prepared.disguised["names"] >= 4 and prepared.disguised["hosts"] >= 1


def test_the_answer_gets_every_real_name_back() -> None:
    vmap = _vmap()
    _prepare(_pipeline(), SOURCE, vmap)
    answer = (
        "Rename `Org1BillingClient` in org1_billing and call calculateOrg1LTV();"
        " service-1.internal.example is the host."
    )
    assert restore_text(answer, vmap.lookup, shapes=vmap.shapes) == (
        "Rename `AcmeBillingClient` in acme_billing and call calculateAcmeLTV();"
        " billing.corp.acme.com is the host."
    )


def test_a_request_holding_org1_already_gets_another_base() -> None:
    vmap = _vmap()
    prepared = _prepare(_pipeline(), "org1 = Acme()  # the org1 table", vmap)
    sent = _sent(prepared.body)
    assert "Firm1()" in sent and "org1 = " in sent
    assert restore_text("Firm1 and org1", vmap.lookup, shapes=vmap.shapes) == "Acme and org1"


def test_keep_mode_keeps_every_comment() -> None:
    prepared = _prepare(_pipeline("keep"), SOURCE, _vmap())
    sent = _sent(prepared.body)
    assert "asked for a 30% discount" in sent and "Globex" not in sent
    assert "business_comment" not in prepared.findings
    assert "comments" not in prepared.disguised


def test_strip_mode_strips_every_comment_but_keeps_lines() -> None:
    prepared = _prepare(_pipeline("strip"), SOURCE, _vmap())
    sent = _sent(prepared.body)
    assert "retry with backoff" not in sent and "dashboards" not in sent
    assert sent.count("\n") == SOURCE.count("\n")


def test_names_off_gives_placeholders() -> None:
    prepared = _prepare(_pipeline(names=False), "AcmeClient()", _vmap(names=False))
    assert "VEIL_ORG_" in _sent(prepared.body)
    assert "names" not in prepared.disguised


def test_a_provider_where_internal_is_forwarded_keeps_everything() -> None:
    settings = Settings.model_validate({"org": ORG, "policy": {"preset": "personal"}})
    pipeline = Pipeline(
        Engine(active_rules(settings) + recall.RULES, recall=True), PolicyStage(settings)
    )
    prepared = _prepare(pipeline, SOURCE, _vmap())
    assert prepared.decision.applied is Action.FORWARD
    assert _sent(prepared.body) == SOURCE
    assert not prepared.disguised


def test_secrets_inside_a_stripped_comment_never_leave() -> None:
    key = aws_key_id("disguise")
    text = f"```python\n# Globex Corp pays us $40k a year; key {key}\nx = 1\n```"
    prepared = _prepare(_pipeline(), text, _vmap())
    assert key not in _sent(prepared.body) and "$40k" not in _sent(prepared.body)


def test_comments_in_signed_slots_are_never_changed() -> None:
    stage = CommentStage("strip")
    slots = [TextSlot((), "# c\nimport os\nimport sys\n", signed=True)]
    assert stage.stripped(slots, [[]]) == [[]]
    assert CommentStage("business").business(slots) == [[]]


def test_json_text_that_is_not_a_string_value_has_no_comments() -> None:
    slots = [TextSlot((), '{"a": 1, "b": [true, null]}', json=True)]
    assert CommentStage("strip").stripped(slots, [[]]) == [[]]


def test_merge_drops_spans_inside_a_stripped_comment() -> None:
    inner = Span(4, 8, "Acme", "org_term", Category.ORG, "org-term-acme", "ORG")
    outer = Span(0, 20, "x" * 20, "comment", Category.ORG, "comment", "COMMENT", "#")
    after = Span(25, 29, "Acme", "org_term", Category.ORG, "org-term-acme", "ORG")
    assert merge([inner, after], [outer]) == [outer, after]


@pytest.mark.parametrize("mode", ["keep", "strip", "business"])
def test_prose_without_code_is_never_broken(mode: str) -> None:
    text = "Acme's team said: the # sign and // are fine here."
    prepared = _prepare(_pipeline(mode), text, _vmap())
    assert _sent(prepared.body) == "Org1's team said: the # sign and // are fine here."


# --- only what can matter is parsed, and nothing that matters is missed ---------------------------

DOCSTRING_BUSINESS = '''```python
def price(order):
    """Compute the price of an order.

    Kept low on purpose: Initech pays $40k a year
    for this report, see the renewal terms.
    """
    return order.total
```'''

BLOCK_TERM = """```c
int rate(void);
/* Pricing notes:
   Globex Corp gets the old rate
   until the end of June. */
int rate(void) { return 1; }
```"""


def test_a_business_docstring_is_found_where_its_line_opens_nothing() -> None:
    prepared = _prepare(_pipeline(), DOCSTRING_BUSINESS, _vmap())
    sent = _sent(prepared.body)
    assert prepared.findings["business_comment"] == 1
    assert "$40k" not in sent and "Initech" not in sent
    assert sent.count("\n") == DOCSTRING_BUSINESS.count("\n")


def test_a_term_in_a_block_comment_is_stripped_where_its_line_opens_nothing() -> None:
    prepared = _prepare(_pipeline(), BLOCK_TERM, _vmap())
    sent = _sent(prepared.body)
    assert "business_comment" not in prepared.findings
    assert "Globex" not in sent and "old rate" not in sent
    assert "int rate(void) { return 1; }" in sent
    assert sent.count("\n") == BLOCK_TERM.count("\n")


def _listing(seed: int) -> str:
    """Real Python with business comments and docstrings put in, as Claude Code's Read
    shows it."""
    rng = random.Random(seed)
    stdlib = Path(sysconfig.get_paths()["stdlib"])
    files = sorted(stdlib.glob("*.py"))
    lines: list[str] = ["import os", "import sys", ""]
    for path in rng.sample(files, 3):
        for line in path.read_text(encoding="utf-8").split("\n")[:400]:
            if line.startswith(("def ", "class ")) and rng.random() < 0.3:
                comment = rng.choice(POSITIVES)[0].lstrip("/-*' ")
                lines.append(f"# {comment}" if rng.random() < 0.5 else f'"""{comment}"""')
            lines.append(line)
    return "\n".join(f"{n:>6}\u2192{line}" for n, line in enumerate(lines, 1))


PATH = "/repo/app.py"


def _reference_business(text: str) -> list[tuple[int, int]]:
    return [
        (c.start, c.end)
        for c in comments_in(text, PATH)
        if business._cues_of_every_form(text[c.start : c.end])
        and reads_as_business(text[c.start : c.end], docstring=c.docstring, forms=ALL_FORMS)
    ]


def _reference_stripped(text: str, org: list[Span]) -> list[tuple[int, int]]:
    comments = comments_in(text, PATH)
    held = set()
    for span in org:
        for i, c in enumerate(comments):
            if c.start <= span.start and span.end <= c.end and not c.docstring:
                held.add(i)
    return [(comments[i].start, comments[i].end) for i in sorted(held)]


@pytest.mark.parametrize("seed", range(4))
def test_business_mode_finds_what_parsing_everything_finds(seed: int) -> None:
    text = _listing(seed)
    stage = CommentStage("business")
    slot = TextSlot((), text)
    [business_spans] = stage.business([slot], PATH)
    assert [(s.start, s.end) for s in business_spans] == _reference_business(text)
    assert business_spans
    rng = random.Random(seed)
    words = [m for m in re.finditer(r"[A-Za-z]{4,}", text)]
    org = [
        Span(m.start(), m.end(), m.group(), "org_term", Category.ORG, "org-term", "ORG")
        for m in rng.sample(words, 300)
    ]
    [stripped] = stage.stripped([slot], [org], PATH)
    assert [(s.start, s.end) for s in stripped] == _reference_stripped(text, org)
    assert stripped
    again = CommentStage("business")
    assert again.stripped([slot], [org], PATH) == [stripped]  # without business() first
    assert stage.stripped([slot], [org], PATH) == [stripped]  # remembered


def test_strip_mode_strips_what_parsing_everything_finds() -> None:
    text = _listing(7)
    [stripped] = CommentStage("strip").stripped([TextSlot((), text)], [[]], PATH)
    expected = [(c.start, c.end) for c in comments_in(text, PATH)]
    assert [(s.start, s.end) for s in stripped] == expected
    assert expected


# --- code wherever a slot holds it; nothing but comments lost ------------------------------------

SECRET = "# Initech pays us $40k a year; their contract renews in Q3, do not tell anyone"
CODE = f"def total(x):\n    {SECRET}\n    return x\n"


def _openai_tool_result(content: str) -> bytes:
    call = {"id": "c1", "type": "function", "function": {"name": "read", "arguments": "{}"}}
    return json.dumps(
        {
            "model": "gpt-4o",
            "messages": [
                {"role": "user", "content": "read billing.py"},
                {"role": "assistant", "content": None, "tool_calls": [call]},
                {"role": "tool", "tool_call_id": "c1", "content": content},
            ],
        }
    ).encode()


def _prepare_openai(pipeline: Pipeline, content: str, vmap: VaultMap):  # type: ignore[no-untyped-def]
    dest = Destination("chat", REGISTRY.get("openai"))
    body = _openai_tool_result(content)
    return pipeline.prepare(body, openai_chat.extract, vmap, dest)


@pytest.mark.parametrize("nested", [False, True])
def test_a_business_comment_in_a_json_tool_result_is_found_and_stripped(nested: bool) -> None:
    content = json.dumps({"path": "billing.py", "content": CODE})
    if nested:
        content = json.dumps({"type": "text", "text": content})
    prepared = _prepare_openai(_pipeline(), content, _vmap())
    assert prepared.findings["business_comment"] == 1
    assert prepared.decision.tier is Tier.INTERNAL
    assert prepared.decision.applied is Action.PSEUDONYMIZE
    sent = json.loads(prepared.body)["messages"][2]["content"]
    assert "$40k" not in sent and "Initech" not in sent
    decoded = json.loads(sent)
    if nested:
        decoded = json.loads(decoded["text"])
    assert decoded == {"path": "billing.py", "content": "def total(x):\n    #\n    return x\n"}


def test_a_comment_holding_a_term_in_json_is_stripped_and_the_code_kept() -> None:
    code = 'import os\n\ndef f(a):\n    return a  # ask "Acme" first, caf\u00e9\n'
    content = json.dumps({"file_path": "/repo/app.py", "content": code})
    prepared = _prepare_openai(_pipeline(), content, _vmap())
    sent = json.loads(json.loads(prepared.body)["messages"][2]["content"])["content"]
    assert sent == "import os\n\ndef f(a):\n    return a  #\n"
    prepared = _prepare_openai(_pipeline("strip"), content, _vmap())
    sent = json.loads(json.loads(prepared.body)["messages"][2]["content"])["content"]
    assert sent == "import os\n\ndef f(a):\n    return a  #\n"


def test_a_diff_and_a_fence_in_one_message_both_count() -> None:
    text = (
        "Apply this:\n```diff\n--- a/x.py\n+++ b/x.py\n@@ -1 +1 @@\n-a = 1\n+a = 2\n```\n"
        f"and here is billing.py:\n```python\n{CODE}```\n"
    )
    prepared = _prepare(_pipeline(), text, _vmap())
    assert prepared.findings["business_comment"] == 1
    assert "$40k" not in _sent(prepared.body) and "+a = 2" in _sent(prepared.body)


def test_a_listing_then_a_fence_both_count() -> None:
    text = "     1\u2192x = 1\n     2\u2192y = 2\n\nAlso:\n```python\n" + CODE + "```\n"
    prepared = _prepare(_pipeline(), text, _vmap())
    assert prepared.findings["business_comment"] == 1
    assert "$40k" not in _sent(prepared.body)


def test_a_base64_python_document_is_code_and_written_back_encoded() -> None:
    data = base64.b64encode(CODE.encode()).decode()
    document = {
        "type": "document",
        "source": {"type": "base64", "media_type": "text/x-python", "data": data},
    }
    body = json.dumps(
        {
            "model": "claude-x",
            "max_tokens": 9,
            "messages": [
                {"role": "user", "content": [document, {"type": "text", "text": "review this"}]}
            ],
        }
    ).encode()
    dest = Destination("messages", REGISTRY.get("anthropic"))
    prepared = _pipeline().prepare(body, anthropic_messages.extract, _vmap(), dest)
    assert prepared.findings["business_comment"] == 1
    sent = json.loads(prepared.body)["messages"][0]["content"][0]["source"]
    assert base64.b64decode(sent["data"]).decode() == "def total(x):\n    #\n    return x\n"
    assert sent["media_type"] == "text/x-python"


def test_a_data_url_names_the_language_of_what_it_encodes() -> None:
    code = "x = 1  # Acme rows\n"  # one line: too little to sniff
    slot = TextSlot(("d",), code, encoded="data:text/x-python;base64,")
    org = [Span(14, 18, "Acme", "org_term", Category.ORG, "org-term", "ORG")]
    [[span]] = CommentStage("business").stripped([slot], [org])
    assert (span.start, span.end, span.replacement) == (7, 18, "#")


@pytest.mark.parametrize(
    "text",
    [
        "export ACME_API=https://billing.corp.acme.com/v2/invoices\nexport ACME_REGION=eu-west-1\n",
        "Run this:\n```\nexport API=https://api.acme.io/v2/invoices\nexport TOKEN=/etc/acme\n```\n",
        "const a = 1;\nconst b = 2;\nThe spec is at https://wiki.acme.io/billing/spec, b wins.\n",
    ],
)
@pytest.mark.parametrize("mode", ["business", "strip"])
def test_text_taken_for_javascript_keeps_what_follows_its_slashes(text: str, mode: str) -> None:
    sent = _sent(_prepare(_pipeline(mode), text, _vmap()).body)
    assert sent.count("https://") == text.count("https://")
    assert [line.split("//")[-1][-10:] for line in sent.splitlines() if "//" in line] == [
        line.split("//")[-1][-10:] for line in text.splitlines() if "//" in line
    ]


DIRECTIVES = """```go
package assets

//go:build acme

import "embed"

//go:embed acme_templates/*
var Templates embed.FS

//go:generate acme-codegen -out gen.go
```
```js
const page = import(/* webpackChunkName: "acme-billing" */ './billing');
```
```python
def f(c):
    x = c.client  # type: AcmeClient
    return x  # noqa
```
"""


@pytest.mark.parametrize("mode", ["business", "strip"])
def test_directives_are_kept_and_their_terms_renamed(mode: str) -> None:
    sent = _sent(_prepare(_pipeline(mode), DIRECTIVES, _vmap()).body)
    for kept in (
        "//go:build org1",
        "//go:embed org1_templates/*",
        "//go:generate org1-codegen -out gen.go",
        '/* webpackChunkName: "org1-billing" */',
        "# type: Org1Client",
        "return x  # noqa",
    ):
        assert kept in sent, kept
    assert "acme" not in sent.lower()


def test_a_long_run_in_a_comment_before_a_tracker_link_is_no_trouble() -> None:
    blob = ("aB3_-" * 8_000)[:40_000]
    link = "https://acme.atlassian.net/browse/PAY-1"
    text = f"```python\n# fixture token {blob} see {link}\nx = 1\n```\n"
    prepared = _prepare(_pipeline(), text, _vmap())
    assert prepared.findings["business_comment"] == 1
    assert blob not in _sent(prepared.body)
