"""Where the code is in a text, and the map from the parsed code back to the given text."""

from __future__ import annotations

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
