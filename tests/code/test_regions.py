"""Where the code is in a text, and the map from the parsed code back to the given text."""

from __future__ import annotations

import itertools
import re

from hypothesis import given, settings
from hypothesis import strategies as st

from veil.code.languages import LANGUAGES
from veil.code.regions import Region, code_regions, diff_regions


def test_region_maps_each_character_back() -> None:
    region = Region(LANGUAGES["python"])
    region.add("ab\n", 10)
    region.add("cd\n", 20)
    region.add("e", 23)
    assert region.text == "ab\ncd\ne"
    assert region.starts == [0, 3]
    assert [region.origin(i) for i in range(len(region.text))] == [10, 11, 12, 20, 21, 22, 23]


def test_whole_file_by_path() -> None:
    [region] = code_regions("x = 1\n", "a/b.py")
    assert (region.language.name, region.text, region.origins) == ("python", "x = 1\n", [0])
    assert code_regions("", "a.py") == []


def test_listing_lines_lose_their_prefixes() -> None:
    text = "   9→x = 1\n  10→y = 2\n"
    [region] = code_regions(text, "a.py")
    assert region.text == "x = 1\ny = 2\n"
    assert text[region.origin(0)] == "x"
    assert text[region.origin(6)] == "y"


def test_listing_breaks_where_numbering_does() -> None:
    text = "     1\tint a;\n     2\tint b;\nsome note\n     7\tint c;\n     8\tint d;\n"
    regions = code_regions(text, "x.c")
    assert [r.text for r in regions] == ["int a;\nint b;\n", "int c;\nint d;\n"]


def test_diff_keeps_the_new_side_of_each_hunk() -> None:
    text = (
        "--- a/x.py\n+++ b/x.py\n@@ -1,3 +1,3 @@\n a = 1\n-b = 2\n+b = 3\n\n"
        "@@ -10 +10 @@\n+c = 4\n\\ No newline at end of file\n"
    )
    regions = diff_regions(text)
    assert [r.text for r in regions] == ["a = 1\nb = 3\n\n", "c = 4\n"]
    assert text[regions[0].origin(6)] == "b"


def test_deleted_and_unknown_files_have_no_regions() -> None:
    text = (
        "diff --git a/x.py b/x.py\n--- a/x.py\n+++ /dev/null\n@@ -1 +0,0 @@\n-a = 1\n"
        "diff --git a/notes.txt b/notes.txt\n--- a/notes.txt\n+++ b/notes.txt\n@@ -1 +1 @@\n+hi\n"
    )
    assert code_regions(text) == []


def test_fences_tell_their_language_or_are_sniffed() -> None:
    text = "```go\npackage x\n```\n\n```\nimport os\nfrom a import b\n```\n```json\n{}\n```\n"
    assert [(r.language.name, r.text) for r in code_regions(text)] == [
        ("go", "package x\n"),
        ("python", "import os\nfrom a import b\n"),
    ]


def test_longer_fence_holds_a_shorter_one() -> None:
    text = "````md\n```py\nx = 1\n```\n````\n"
    assert code_regions(text) == []


def test_prose_has_no_regions() -> None:
    assert code_regions("Nothing to see here.\nJust words.\n") == []


def _listing_by_line(text: str) -> list[tuple[str, list[int]]]:
    """Numbered listings the plain way: line by line, a run while numbers go up by one."""
    runs: list[tuple[list[str], list[int]]] = []
    last = -2
    start = 0
    while start < len(text):
        end = text.find("\n", start)
        end = len(text) if end < 0 else end + 1
        line = text[start:end]
        m = re.match(r" *(\d{1,7})(?:→|\t)", line)
        if m is None:
            last = -2
        else:
            if int(m.group(1)) != last + 1 or not runs:
                runs.append(([], []))
            runs[-1][0].append(line[m.end() :])
            runs[-1][1].append(start + m.end())
            last = int(m.group(1))
        start = end
    return [("".join(pieces), origins) for pieces, origins in runs]


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["", " ", "     "]),
            st.integers(0, 12),
            st.sampled_from(["→", "\t", ":", ""]),
            st.text(alphabet=st.sampled_from(list("x= 1#\t→é")), max_size=8),
        ),
        max_size=30,
    )
)
def test_listing_regions_are_the_line_by_line_runs(
    lines: list[tuple[str, int, str, str]],
) -> None:
    text = "\n".join(f"{pad}{n}{sep}{rest}" for pad, n, sep, rest in lines)
    if not code_regions_listing_first(text):
        return
    regions = code_regions(text, "a.py")
    expected = [(code, origins) for code, origins in _listing_by_line(text)]
    assert [(r.text, r.origins) for r in regions] == expected
    for region in regions:
        for offset in range(len(region)):
            origin = region.origin(offset)
            assert text[origin] == region.text[offset]
            assert region.offset_of(origin) == offset


def code_regions_listing_first(text: str) -> bool:
    return bool(re.match(r"\s*?^ *\d{1,7}(?:→|\t)", text, re.MULTILINE))


def test_offset_of_a_line_number_is_none_or_the_next_code() -> None:
    text = "   9→x = 1\n  10→y = 2\n"
    [region] = code_regions(text, "a.py")
    assert region.offset_of(text.index("10")) is None
    assert region.offset_of(text.index("10"), onward=True) == region.text.index("y")
    assert region.offset_of(len(text) - 1) == len(region) - 1
    assert region.span == (text.index("x"), len(text))


def test_many_segments_are_joined_once() -> None:
    region = Region(LANGUAGES["python"])
    for i in range(200_000):
        region.add("x\n", 3 * i)
    assert len(region) == 400_000 and len(region.starts) == 200_000
    assert region.text == "x\n" * 200_000
    assert region.origin(399_999) == 3 * 199_999 + 1


# --- listings, diffs and fences together ---------------------------------------------------------

CODE = "def total(x):\n    # Initech pays us $40k a year\n    return x\n"


def test_a_diff_fence_and_a_python_fence_are_both_code() -> None:
    text = (
        "Apply this:\n```diff\n--- a/x.py\n+++ b/x.py\n@@ -1 +1 @@\n-a = 1\n+a = 2\n```\n"
        f"and here is billing.py:\n```python\n{CODE}```\n"
    )
    regions = code_regions(text)
    assert [(r.language.name, r.text) for r in regions] == [("python", "a = 2\n"), ("python", CODE)]
    assert text[regions[1].origin(0) :].startswith(CODE)


def test_a_listing_then_a_fence() -> None:
    text = "     1\u2192x = 1\n     2\u2192y = 2\n\nAlso:\n```python\n" + CODE + "```\n"
    regions = code_regions(text, "a.py")
    assert [r.text for r in regions] == ["x = 1\ny = 2\n", CODE]
    assert [r.sniffed for r in regions] == [False, False]
    assert code_regions(text)[-1].text == CODE  # the listing sniffs as nothing: the fence stays


def test_a_raw_diff_then_a_fence_and_a_listing() -> None:
    text = (
        "diff --git a/x.py b/x.py\nindex 1..2 100644\n--- a/x.py\n+++ b/x.py\n"
        "@@ -1,2 +1,2 @@\n ```\n-a = 1\n+a = 2\nDone. Now:\n```go\npackage x\n```\n"
        "   7\u2192import os\n   8\u2192from a import b\n"
    )
    regions = code_regions(text)
    assert [(r.language.name, r.text) for r in regions] == [
        ("python", "```\na = 2\n"),  # a context line that looks like a fence is the diff's
        ("go", "package x\n"),
        ("python", "import os\nfrom a import b\n"),
    ]
    assert [r.sniffed for r in regions] == [False, False, True]


def test_an_unlabelled_fence_holding_a_diff() -> None:
    text = "```\n--- a/x.py\n+++ b/x.py\n@@ -1 +1 @@\n+a = 2\n```\n"
    [region] = code_regions(text)
    assert region.text == "a = 2\n" and not region.sniffed


def test_regions_never_overlap_and_come_in_order() -> None:
    text = (
        "```python\nx = 1\n```\n   1\u2192import os\n   2\u2192import sys\n"
        "+++ b/y.py\n@@ -1 +1 @@\n+y = 2\n```js\nlet z = 3;\n```\n"
    )
    spans = [r.span for r in code_regions(text)]
    assert len(spans) == 4
    assert all(a[1] <= b[0] for a, b in itertools.pairwise(spans))


def test_sniffed_regions_say_so() -> None:
    [whole] = code_regions("import os\nfrom a import b\n")
    [fenced] = code_regions("```\nimport os\nfrom a import b\n```\n")
    [labelled] = code_regions("```py\nimport os\n```\n")
    assert whole.sniffed and fenced.sniffed and not labelled.sniffed
    assert not code_regions("x = 1\n", "a.py")[0].sniffed
