"""Comments and docstrings: found in files, fences, diffs and numbered listings, mapped exactly,
and stripped to empty comments that keep every line and the code parsing."""

from __future__ import annotations

import glob
import random
import sysconfig
from pathlib import Path

import pytest
import tree_sitter
from hypothesis import given, settings
from hypothesis import strategies as st

from veil.code import comments
from veil.code.comments import (
    CodeComments,
    Comment,
    comments_in,
    empty_comment,
    may_be_in_comment,
)
from veil.code.languages import LANGUAGES, Language, error_count, language_for_path, parse

HERE = Path(__file__).resolve().parents[2]


def strip(text: str, comments: list[Comment]) -> str:
    for c in reversed(comments):
        text = text[: c.start] + c.replacement + text[c.end :]
    return text


def found(text: str, path: str | None = None) -> list[tuple[str, bool]]:
    return [(text[c.start : c.end], c.docstring) for c in comments_in(text, path)]


SNIPPETS: dict[str, tuple[str, str, list[tuple[str, bool]]]] = {
    "python": (
        "app.py",
        '#!/usr/bin/env python3\n"""Billing jobs."""\nimport os  # env\n\n'
        'URL = "http://x/#frag"  # see the wiki\nNOT = "# not a comment"\n\n'
        'class A:\n    r"""Doc\n    more."""\n\n    def f(self):\n        # inside\n'
        '        """Says what f does."""\n        x = f"""{1}"""\n        return x\n',
        [
            ("#!/usr/bin/env python3", False),
            ('"""Billing jobs."""', True),
            ("# env", False),
            ("# see the wiki", False),
            ('r"""Doc\n    more."""', True),
            ("# inside", False),
            ('"""Says what f does."""', True),
        ],
    ),
    "javascript": (
        "app.js",
        '/** Loads the user. */\nfunction load(id) {\n  const u = "http://x//y"; // fetch\n'
        "  /* multi\n     line */\n  return `// not ${id}`;\n}\n",
        [("/** Loads the user. */", True), ("// fetch", False), ("/* multi\n     line */", False)],
    ),
    "typescript": (
        "app.ts",
        '// header\nexport interface U { id: string } // trailing\nconst s: string = "/* no */";\n',
        [("// header", False), ("// trailing", False)],
    ),
    "tsx": (
        "App.tsx",
        "// component\nexport const A = (p: { n: number }) => <div>{/* jsx */}{p.n}</div>;\n",
        [("// component", False), ("/* jsx */", False)],
    ),
    "go": (
        "main.go",
        'package main\n\n// Handler serves the page.\nfunc Handler() string {\n\treturn "// no" '
        "/* inline */\n}\n\n// loose\n",
        [("// Handler serves the page.", True), ("/* inline */", False), ("// loose", False)],
    ),
    "java": (
        "A.java",
        '/**\n * Javadoc.\n */\nclass A {\n  // line\n  String s = "/* no */"; /* block */\n}\n',
        [("/**\n * Javadoc.\n */", True), ("// line", False), ("/* block */", False)],
    ),
    "rust": (
        "lib.rs",
        '//! Crate doc.\n/// Item doc.\nfn a() -> &\'static str {\n    "// no" // plain\n}\n'
        "//// not doc\n/* b */\n",
        [
            ("//! Crate doc.\n", True),
            ("/// Item doc.\n", True),
            ("// plain", False),
            ("//// not doc", False),
            ("/* b */", False),
        ],
    ),
    "c_sharp": (
        "A.cs",
        '/// <summary>Doc.</summary>\nclass A {\n  string s = "// no"; // c\n  /* b */\n}\n',
        [("/// <summary>Doc.</summary>", True), ("// c", False), ("/* b */", False)],
    ),
    "ruby": (
        "a.rb",
        '# Greets.\ndef hi\n  puts "# no" # yes\nend\n=begin\nblock\ntext\n=end\nx = 1\n',
        [("# Greets.", True), ("# yes", False), ("=begin\nblock\ntext\n=end", False)],
    ),
    "php": (
        "a.php",
        '<?php\n/** Doc. */\nfunction f() {\n  $u = "http://x"; // slashes\n  # hash\n  '
        "/* block */\n  return 1;\n}\n",
        [("/** Doc. */", True), ("// slashes", False), ("# hash", False), ("/* block */", False)],
    ),
    "c": (
        "a.c",
        '#include <stdio.h>\n/* block\n   two */\nint main(void) {\n  puts("/* no */"); // line\n'
        "  return 0;\n}\n",
        [("/* block\n   two */", False), ("// line", False)],
    ),
    "cpp": (
        "a.cpp",
        '/// Doc.\nint f() {\n  auto s = "// no"; // line\n  return 0; /* b */\n}\n',
        [("/// Doc.", True), ("// line", False), ("/* b */", False)],
    ),
}


@pytest.mark.parametrize("name", sorted(SNIPPETS))
def test_comments_of_each_language(name: str) -> None:
    path, code, expected = SNIPPETS[name]
    assert found(code, path) == expected
    comments = comments_in(code, path)
    assert {c.language for c in comments} == {name}
    stripped = strip(code, comments)
    assert stripped.count("\n") == code.count("\n")
    language = LANGUAGES[name]
    assert error_count(parse(language, stripped)) == error_count(parse(language, code)) == 0


@pytest.mark.parametrize(
    ("comment", "empty"),
    [
        ("# foo", "#"),
        ("// foo", "//"),
        ("/// doc", "///"),
        ("//// plain", "//"),
        ("//! inner\n", "//!\n"),
        ("/* a\n b */", "/*\n*/"),
        ("/* a */", "/* */"),
        ("/** a\r\n * b */", "/**\r\n*/"),
        ("/**/", "/* */"),
        ("/* unterminated", "/*"),
        ("=begin\nx\ny\n=end\n", "=begin\n\n\n=end\n"),
        ("<!-- html", "<!--"),
        ("plain words", None),
    ],
)
def test_empty_comment(comment: str, empty: str | None) -> None:
    assert empty_comment(comment) == empty


def test_python_docstrings_keep_quotes_and_prefix() -> None:
    code = 'def f():\n    R"""Long\n    text."""\n\ndef g():\n    u\'one\'\n'
    comments = comments_in(code, "x.py")
    assert [c.replacement for c in comments] == ['R"""\n"""', "u''"]
    assert error_count(parse(LANGUAGES["python"], strip(code, comments))) == 0


def test_a_string_that_is_not_first_is_no_docstring() -> None:
    code = 'import os\n"""not a docstring"""\ndef f():\n    x = 1\n    """nor this"""\n'
    assert found(code, "x.py") == []


def test_multibyte_text_before_comments_maps_to_str_offsets() -> None:
    code = 's = "é😀ü"  # après 😀\nt = "日本"  # 二\n'
    assert found(code, "x.py") == [("# après 😀", False), ("# 二", False)]


FENCED = (
    "Here is the fix:\n\n```python\nx = 1  # py comment\n```\n\nand\n\n"
    "~~~ts\nlet a: number = 1; // ts comment\n~~~\n\n"
    "```\n#include <stdio.h>\nint main(void) { return 0; } /* sniffed c */\n```\n"
    "```bash\necho hi # shell is not parsed\n```\n"
    "```src/app.rb\nputs 1 # ruby by path\n```\n"
)


def test_fenced_blocks() -> None:
    assert found(FENCED) == [
        ("# py comment", False),
        ("// ts comment", False),
        ("/* sniffed c */", False),
        ("# ruby by path", False),
    ]
    assert strip(FENCED, comments_in(FENCED)).count("\n") == FENCED.count("\n")


def test_unclosed_fence_runs_to_the_end() -> None:
    assert found("```js\nlet a = 1; // open\n") == [("// open", False)]


DIFF = (
    "diff --git a/src/app.py b/src/app.py\nindex 1..2 100644\n--- a/src/app.py\n"
    "+++ b/src/app.py\n@@ -1,4 +1,5 @@ def f():\n import os\n-# old comment\n"
    '+# new comment\n+"""not a docstring: after import"""\n x = 1  # kept\n'
    "diff --git a/web/a.js b/web/a.js\n--- a/web/a.js\n+++ b/web/a.js\n@@ -1,2 +1,3 @@\n"
    " let a = 1; /* one\n-removed\n+ two */\n+// three\n"
    "diff --git a/README.md b/README.md\n--- a/README.md\n+++ b/README.md\n@@ -1 +1 @@\n"
    "-# Title\n+# New title\n"
)


def test_unified_diff_new_side() -> None:
    comments = comments_in(DIFF)
    assert found(DIFF) == [
        ("# new comment", False),
        ("# kept", False),
        ("/* one\n-removed\n+ two */", False),
        ("// three", False),
    ]
    block = comments[2]
    assert block.replacement == "/*\n-removed\n+*/"
    assert strip(DIFF, comments).count("\n") == DIFF.count("\n")


def test_fenced_diff() -> None:
    text = "```diff\n--- a/x.go\n+++ b/x.go\n@@ -1 +1,2 @@\n package x\n+// added\n```\n"
    assert found(text) == [("// added", False)]


CLAUDE_READ = (
    "     1→import os\n     2→\n     3→# first\n     4→def f():\n"
    '     5→    """Doc\n     6→    text."""\n     7→    return 1  # tail\n'
)


def test_claude_code_numbered_listing() -> None:
    comments = comments_in(CLAUDE_READ, "/repo/app.py")
    assert found(CLAUDE_READ, "/repo/app.py") == [
        ("# first", False),
        ('"""Doc\n     6→    text."""', True),
        ("# tail", False),
    ]
    assert comments[1].replacement == '"""\n     6→"""'
    stripped = strip(CLAUDE_READ, comments)
    assert stripped.count("\n") == CLAUDE_READ.count("\n")
    assert "     6→" in stripped


def test_cat_n_listing_is_sniffed() -> None:
    text = "     1\t#include <stdio.h>\n     2\t/* a\n     3\t   b */\n     4\tint x;\n"
    comments = comments_in(text)
    assert found(text) == [("/* a\n     3\t   b */", False)]
    assert comments[0].replacement == "/*\n     3\t*/"


@pytest.mark.parametrize(
    "text",
    [
        "",
        "Just some prose, no code at all. # not a comment // neither\n",
        "I will def think about it and import the ideas.\n",
        "```text\n# a heading in a text block\n```\n",
    ],
)
def test_prose_has_no_comments(text: str) -> None:
    assert comments_in(text) == []


def test_whole_text_sniffed_when_unlabelled() -> None:
    code = "import os\n\n\ndef f():\n    # here\n    return os.sep\n"
    assert found(code) == [("# here", False)]


@settings(max_examples=300, deadline=None)
@given(
    st.text(alphabet=st.sampled_from(list("ab #/*\n\"'`~→\t1+-@é😀=begin{}():;\\"))),
    st.sampled_from([None, "x.py", "x.js", "x.rb", "x.c", "x.rs", "x.php", "x.go", "notes.md"]),
)
def test_any_text_any_path_never_raises(text: str, path: str | None) -> None:
    comments = comments_in(text, path)
    last = 0
    for c in comments:
        assert last <= c.start < c.end <= len(text)
        assert c.replacement.count("\n") == text[c.start : c.end].count("\n")
        last = c.end
    assert strip(text, comments).count("\n") == text.count("\n")


@settings(max_examples=200, deadline=None)
@given(st.text(), st.one_of(st.none(), st.text()))
def test_arbitrary_text_and_path_never_raise(text: str, path: str | None) -> None:
    comments = comments_in(text, path)
    assert all(0 <= c.start < c.end <= len(text) for c in comments)
    assert strip(text, comments).count("\n") == text.count("\n")


def _real_files(name: str) -> list[str]:
    venv = str(HERE / ".venv" / "lib")
    stdlib = sysconfig.get_paths()["stdlib"]
    patterns = {
        "python": [f"{stdlib}/json/*.py", f"{stdlib}/*.py"],
        "javascript": [f"{venv}/**/*.js", "/usr/share/gitweb/static/*.js"],
        "typescript": [f"{HERE}/tests/clients/node_modules/**/*.ts"],
        "tsx": [f"{HERE}/tests/clients/node_modules/**/*.tsx"],
        "c": [f"{venv}/**/*.c", f"{venv}/**/*.h", "/usr/include/*.h"],
        "cpp": [f"{venv}/**/*.cpp"],
        "go": ["/usr/share/doc/git/contrib/**/*.go"],
        "php": ["/usr/lib/google-cloud-sdk/**/*.php"],
        "c_sharp": ["/usr/lib/node_modules/**/*.cs"],
        "java": ["/usr/share/**/*.java"],
        "rust": [f"{Path.home()}/.rustup/toolchains/*/share/doc/rust/html/**/*.rs"],
        "ruby": ["/usr/share/**/*.rb", "/usr/lib/ruby/**/*.rb"],
    }[name]
    files: list[str] = []
    for pattern in patterns:
        files += sorted(glob.iglob(pattern, recursive=True))[:400]
    ext = {lang.name: lang for lang in LANGUAGES.values()}[name].extensions
    return [f for f in files if f.endswith(ext) and not f.endswith(".d.ts")]


@pytest.mark.parametrize("name", sorted(LANGUAGES))
def test_strip_real_files_keeps_them_parsing(name: str) -> None:
    """Every comment of real files stripped: the same lines, no new ERROR or MISSING node
    (files that parse cleanly to begin with; recovery in broken files moves with spacing)."""
    checked = 0
    for path in _real_files(name):
        try:
            code = Path(path).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue
        language = language_for_path(path)
        assert language is not None
        if len(code) > 300_000 or error_count(parse(language, code)):
            continue
        comments = comments_in(code, path)
        stripped = strip(code, comments)
        assert stripped.count("\n") == code.count("\n"), path
        assert error_count(parse(language, stripped)) == 0, path
        checked += 1
        if checked >= 25:
            break
    if checked == 0 and name not in ("python", "javascript", "c"):
        pytest.skip(f"no {name} file on this machine")
    assert checked > 0


# --- parsing only where asked -------------------------------------------------------------------


def _texts_of(name: str) -> list[tuple[str, str | None]]:
    texts: list[tuple[str, str | None]] = []
    path, code, _ = SNIPPETS[name]
    texts.append((code, path))
    for file in _real_files(name)[:6]:
        try:
            text = Path(file).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue
        if len(text) <= 300_000:
            texts.append((text, file))
    listing = "".join(f"{n:>6}→{line}\n" for n, line in enumerate(code.split("\n"), 1))
    texts.append((listing, path))
    return texts


def _holding_agrees(text: str, path: str | None, offsets: list[int]) -> None:
    every = CodeComments(text, path).every()
    assert every == comments_in(text, path)
    expected = [c for c in every if any(c.start <= o < c.end for o in offsets)]
    assert CodeComments(text, path).holding(offsets) == expected


@pytest.mark.parametrize("name", sorted(LANGUAGES))
def test_comments_holding_offsets_are_those_every_comment_has(name: str) -> None:
    rng = random.Random(name)
    for text, path in [*_texts_of(name), (FENCED, None), (DIFF, None), (CLAUDE_READ, None)]:
        every = comments_in(text, path)
        inside = [o for c in every for o in (c.start, (c.start + c.end) // 2, c.end - 1)]
        assert CodeComments(text, path).holding(inside) == every, path
        anywhere = [rng.randrange(len(text)) for _ in range(40)]
        _holding_agrees(text, path, anywhere)


@settings(max_examples=300, deadline=None)
@given(
    st.text(alphabet=st.sampled_from(list("ab #/*\n\"'`~→\t1+-@é😀=begin{}():;\\"))),
    st.sampled_from([None, "x.py", "x.js", "x.rb", "x.c", "x.rs", "x.php", "x.go", "notes.md"]),
)
def test_holding_agrees_with_every_on_any_text(text: str, path: str | None) -> None:
    _holding_agrees(text, path, list(range(len(text))))
    _holding_agrees(text, path, list(range(0, len(text), 3)))


def test_near_parses_only_the_regions_holding_an_offset(monkeypatch: pytest.MonkeyPatch) -> None:
    parsed: list[str] = []

    def counting(language: Language, source: str | bytes) -> tree_sitter.Tree:
        parsed.append(language.name)
        return parse(language, source)

    monkeypatch.setattr(comments, "parse", counting)
    at = FENCED.index("// ts comment") + 3
    assert found_near(FENCED, [at]) == [("// ts comment", False)]
    assert parsed == ["typescript"]
    assert comments_in(FENCED, near=[]) == []
    assert comments_in(FENCED, near=[0, len(FENCED) - 1]) == []
    assert parsed == ["typescript"]
    code = CodeComments(FENCED)
    code.holding([at])
    code.holding([at + 1])
    assert code.every() == comments_in(FENCED)
    assert parsed.count("typescript") == 3  # once for `found_near`, once for `code`, once above


def found_near(text: str, near: list[int]) -> list[tuple[str, bool]]:
    return [(text[c.start : c.end], c.docstring) for c in comments_in(text, near=near)]


def _inside_comments(text: str, path: str | None) -> list[int]:
    """Every offset inside a comment that is not a Python docstring (docstrings are never
    stripped for the terms they hold)."""
    return [
        o
        for c in comments_in(text, path)
        if not (c.docstring and c.language == "python")
        for o in range(c.start, c.end)
    ]


@pytest.mark.parametrize("name", sorted(LANGUAGES))
def test_no_offset_inside_a_comment_is_ruled_out(name: str) -> None:
    for text, path in [*_texts_of(name), (FENCED, None), (DIFF, None), (CLAUDE_READ, None)]:
        inside = _inside_comments(text, path)
        assert may_be_in_comment(text, inside) == inside, path


@settings(max_examples=300, deadline=None)
@given(
    st.text(alphabet=st.sampled_from(list("ab #/*\n\"'`~→\t1+-@é😀=begin{}():;\\"))),
    st.sampled_from([None, "x.py", "x.js", "x.rb", "x.c", "x.rs", "x.php", "x.go", "notes.md"]),
)
def test_no_offset_inside_a_comment_is_ruled_out_of_any_text(text: str, path: str | None) -> None:
    inside = _inside_comments(text, path)
    assert may_be_in_comment(text, inside) == inside


@pytest.mark.parametrize(
    ("path", "text", "term"),
    [
        ("a.c", "int a;\n/* notes\n   Globex pays\n   more */\nint b;\n", "Globex"),
        ("a.c", 'char *s = "*/";\n/*\n Globex\n*/\n', "Globex"),
        ("a.rs", "/* outer /* inner */\n Globex */\nfn f() {}\n", "Globex"),
        ("a.c", "// a line \\\n Globex continued\nint x;\n", "Globex"),
        ("a.rb", "x = 1\n=begin\nGlobex\n=end\n", "Globex"),
        ("a.js", "let a = 1; /**\n * Globex\n */\n", "Globex"),
        (
            None,
            "diff --git a/a.c b/a.c\n--- a/a.c\n+++ b/a.c\n"
            "@@ -1 +1,3 @@\n+/*\n- */\n+Globex\n+*/\n",
            "Globex",
        ),
    ],
)
def test_a_term_in_a_block_comment_without_an_opener_on_its_line(
    path: str | None, text: str, term: str
) -> None:
    at = text.index(term)
    assert may_be_in_comment(text, [at]) == [at]
    [comment] = CodeComments(text, path).holding([at])
    assert comment.start < at < comment.end


def test_code_lines_without_openers_are_ruled_out() -> None:
    text = "import os\n\ndef f():\n    return Globex()\n\n/* c */\nx = Globex\n"
    at = [text.index("Globex"), text.rindex("Globex")]
    assert may_be_in_comment(text, at) == []
