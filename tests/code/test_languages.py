"""Languages: extensions, fence names, sniffing unlabelled code, parsing."""

from __future__ import annotations

import threading
import time

import pytest

from veil.code.languages import (
    LANGUAGES,
    error_count,
    language_for_fence,
    language_for_path,
    new_errors,
    parse,
    sniff,
)

REQUIRED = ("python", "javascript", "typescript", "tsx", "go", "java", "rust")
REQUIRED += ("c_sharp", "ruby", "php", "c", "cpp")


def test_every_required_language_is_there_and_parses_its_own_snippet() -> None:
    for name in REQUIRED:
        assert LANGUAGES[name].name == name
    assert error_count(parse(LANGUAGES["python"], "def f():\n    return 1\n")) == 0


@pytest.mark.parametrize(
    ("path", "name"),
    [
        ("src/app.py", "python"),
        ("types.pyi", "python"),
        ("web/index.JS", "javascript"),
        ("a.mjs", "javascript"),
        ("ui/App.jsx", "javascript"),
        ("a.ts", "typescript"),
        ("ui/App.tsx", "tsx"),
        ("main.go", "go"),
        ("Main.java", "java"),
        ("lib.rs", "rust"),
        ("Program.cs", "c_sharp"),
        ("app/models/user.rb", "ruby"),
        ("Rakefile", "ruby"),
        ("index.php", "php"),
        ("x.c", "c"),
        ("x.h", "c"),
        ("x.cpp", "cpp"),
        ("x.hpp", "cpp"),
        ("C:\\src\\x.cc", "cpp"),
    ],
)
def test_language_for_path(path: str, name: str) -> None:
    found = language_for_path(path)
    assert found is not None
    assert found.name == name


@pytest.mark.parametrize("path", ["README.md", "Makefile", ".env", "data.json", "a.", ""])
def test_language_for_path_unknown(path: str) -> None:
    assert language_for_path(path) is None


@pytest.mark.parametrize(
    ("info", "name"),
    [
        ("py", "python"),
        ("Python3", "python"),
        ("python title='x.py'", "python"),
        ("ts", "typescript"),
        ("c++", "cpp"),
        ("cs", "c_sharp"),
        ("C#", "c_sharp"),
        ("golang", "go"),
        ("rb", "ruby"),
        ("src/app.py", "python"),
        ("python:src/app.py", "python"),
        ("{.rust}", "rust"),
        ("tsx", "tsx"),
    ],
)
def test_language_for_fence(info: str, name: str) -> None:
    found = language_for_fence(info)
    assert found is not None
    assert found.name == name


@pytest.mark.parametrize("info", ["", "   ", "text", "bash", "json", "console", "diff"])
def test_language_for_fence_unknown(info: str) -> None:
    assert language_for_fence(info) is None


SNIFFED = {
    "python": "import os\nfrom pathlib import Path\n\n\ndef main(argv):\n    return 0\n",
    "javascript": "const fs = require('fs');\n\nfunction read(p) {\n  return fs.readFile(p);\n}\n",
    "typescript": "interface User {\n  id: string;\n}\nexport const f = (u: User): string => u;\n",
    "go": 'package main\n\nimport "fmt"\n\nfunc main() {\n\tfmt.Println("hi")\n}\n',
    "java": "package com.example;\n\nimport java.util.List;\n\npublic class A {\n}\n",
    "rust": 'use std::io;\n\nfn main() {\n    let mut s = S::new();\n    println!("{s}");\n}\n',
    "c_sharp": "using System;\n\nnamespace App {\n  class A { public int X { get; set; } }\n}\n",
    "ruby": "require 'json'\n\nclass User\n  attr_reader :id\n  def name\n  end\nend\n",
    "php": "<?php\n$x = 1;\necho $x;\n",
    "c": '#include <stdio.h>\n\nint main(void) {\n    printf("hi");\n    return 0;\n}\n',
    "cpp": "#include <vector>\n\nint main() {\n    std::vector<int> v;\n    return 0;\n}\n",
}


@pytest.mark.parametrize(("name", "code"), sorted(SNIFFED.items()))
def test_sniff_recognises_unlabelled_code(name: str, code: str) -> None:
    found = sniff(code)
    assert found is not None
    assert found.name == name


@pytest.mark.parametrize(
    "text",
    [
        "",
        "Thanks! I think we should import the data and then def think about it.\n",
        "Here is the plan:\n- read the file\n- fix the bug\n- run the tests\n",
        "The function returns None if the list is empty; otherwise the first item.",
        "# Title\n\nSome *markdown* text with a [link](http://x).\n",
    ],
)
def test_sniff_says_none_for_prose(text: str) -> None:
    assert sniff(text) is None


@pytest.mark.parametrize(
    "text",
    [
        "export ACME_API=https://billing.corp.acme.com/v2/invoices\nexport ACME_REGION=eu-west-1\n",
        "export API=https://api.acme.io/v2/invoices\nexport TOKEN_FILE=/etc/acme/token\n",
        "export PATH=$HOME/bin:$PATH\nexport EDITOR=vim\nexport PAGER\n",
    ],
)
def test_shell_exports_are_not_javascript(text: str) -> None:
    assert sniff(text) is None


@pytest.mark.parametrize(
    "text",
    [
        "export const a = 1;\nexport function f() {}\n",
        "export default class A {}\nexport { a, b };\n",
        "export * from './a';\nexport async function g() {}\n",
    ],
)
def test_javascript_exports_are(text: str) -> None:
    assert sniff(text) == LANGUAGES["javascript"]


def test_a_short_python_function_sniffs_as_python() -> None:
    code = "def total(x):\n    # a note\n    return x\n"
    assert sniff(code) == LANGUAGES["python"]
    assert sniff("def total(x) -> int:\n    return x\n") == LANGUAGES["python"]
    assert sniff("def total(x)\n  x\nend\n") != LANGUAGES["python"]


def test_sniff_shebangs() -> None:
    assert sniff("#!/usr/bin/env python3\nprint(1)\n") == LANGUAGES["python"]
    assert sniff("#!/usr/bin/env node\nconsole.log(1)\n") == LANGUAGES["javascript"]


def test_sniff_reads_only_a_prefix_and_is_fast() -> None:
    text = "The quick brown fox jumps over the lazy dog.\n" * 5000 + SNIFFED["python"]
    assert sniff(text) is None
    big = SNIFFED["python"] * 4000
    start = time.perf_counter()
    for _ in range(100):
        sniff(big)
    assert (time.perf_counter() - start) / 100 < 0.002


def test_php_without_open_tag_parses_as_php() -> None:
    assert error_count(parse(LANGUAGES["php"], "function f($a) { return $a + 1; }\n")) == 0


def test_error_count_and_new_errors() -> None:
    python = LANGUAGES["python"]
    assert error_count(parse(python, "def f(:\n")) >= 1
    assert new_errors("x = 1\n", "x = (1\n", python) >= 1
    assert new_errors("x = 1\n", "x = 2\n", python) == 0


def test_parse_from_many_threads() -> None:
    errors: list[int] = []

    def work() -> None:
        for name, code in SNIFFED.items():
            errors.append(error_count(parse(LANGUAGES[name], code)))

    threads = [threading.Thread(target=work) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == [0] * len(SNIFFED) * 4


def test_parse_accepts_bytes_and_lone_surrogates() -> None:
    assert parse(LANGUAGES["python"], b"x = 1\n").root_node.type == "module"
    assert parse(LANGUAGES["python"], "x = '\ud800'\n").root_node.type == "module"
