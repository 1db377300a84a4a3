"""The languages veil parses: their file extensions and fence names, a cheap guess for unlabelled
code, and tree-sitter parsing with grammars loaded once and parsers kept per thread."""

from __future__ import annotations

import importlib
import re
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

import tree_sitter


@dataclass(frozen=True, slots=True)
class Language:
    """A language tree-sitter can parse here: its name, file extensions and fence names."""

    name: str
    extensions: tuple[str, ...]
    fences: tuple[str, ...]
    grammar: tuple[str, str] = field(repr=False, default=("", ""))
    comment_types: tuple[str, ...] = field(repr=False, default=("comment",))


def _language(
    name: str,
    extensions: tuple[str, ...],
    fences: tuple[str, ...],
    grammar: tuple[str, str],
    comment_types: tuple[str, ...] = ("comment",),
) -> Language:
    return Language(name, extensions, fences, grammar, comment_types)


_ALL = (
    _language(
        "python",
        (".py", ".pyi", ".pyw"),
        ("python", "py", "python3", "py3", "python2", "py2"),
        ("tree_sitter_python", "language"),
    ),
    _language(
        "javascript",
        (".js", ".mjs", ".cjs", ".jsx"),
        ("javascript", "js", "jsx", "node", "mjs", "cjs", "ecmascript"),
        ("tree_sitter_javascript", "language"),
        ("comment", "html_comment"),
    ),
    _language(
        "typescript",
        (".ts", ".mts", ".cts"),
        ("typescript", "ts", "mts", "cts"),
        ("tree_sitter_typescript", "language_typescript"),
        ("comment", "html_comment"),
    ),
    _language(
        "tsx",
        (".tsx",),
        ("tsx",),
        ("tree_sitter_typescript", "language_tsx"),
        ("comment", "html_comment"),
    ),
    _language("go", (".go",), ("go", "golang"), ("tree_sitter_go", "language")),
    _language(
        "java",
        (".java",),
        ("java",),
        ("tree_sitter_java", "language"),
        ("line_comment", "block_comment"),
    ),
    _language(
        "rust",
        (".rs",),
        ("rust", "rs"),
        ("tree_sitter_rust", "language"),
        ("line_comment", "block_comment"),
    ),
    _language(
        "c_sharp",
        (".cs", ".csx"),
        ("csharp", "cs", "c#", "c_sharp", "c-sharp"),
        ("tree_sitter_c_sharp", "language"),
    ),
    _language(
        "ruby",
        (".rb", ".rake", ".gemspec", ".ru"),
        ("ruby", "rb", "jruby", "rake"),
        ("tree_sitter_ruby", "language"),
    ),
    _language(
        "php",
        (".php", ".phtml", ".php3", ".php4", ".php5", ".php7", ".php8"),
        ("php", "phtml"),
        ("tree_sitter_php", "language_php"),
    ),
    _language("c", (".c", ".h"), ("c", "h"), ("tree_sitter_c", "language")),
    _language(
        "cpp",
        (".cc", ".cpp", ".cxx", ".c++", ".hpp", ".hh", ".hxx", ".h++", ".ipp", ".inl", ".tpp"),
        ("cpp", "c++", "cxx", "cc", "hpp"),
        ("tree_sitter_cpp", "language"),
    ),
)

LANGUAGES: Mapping[str, Language] = MappingProxyType({lang.name: lang for lang in _ALL})
_BY_EXTENSION = {ext: lang for lang in _ALL for ext in lang.extensions}
_BY_FENCE = {fence: lang for lang in _ALL for fence in lang.fences}
_BY_FILENAME = {"rakefile": LANGUAGES["ruby"], "gemfile": LANGUAGES["ruby"]}


def language_for_path(path: str) -> Language | None:
    """The language of a file, by its extension (or its name: Rakefile, Gemfile)."""
    name = path.replace("\\", "/").rsplit("/", 1)[-1].lower()
    dot = name.rfind(".")
    if dot <= 0:
        return _BY_FILENAME.get(name)
    return _BY_EXTENSION.get(name[dot:])


_BY_MIME = {
    "text/x-python": "python",
    "text/x-script.python": "python",
    "application/x-python": "python",
    "application/x-python-code": "python",
    "text/javascript": "javascript",
    "application/javascript": "javascript",
    "application/x-javascript": "javascript",
    "text/ecmascript": "javascript",
    "text/typescript": "typescript",
    "application/typescript": "typescript",
    "application/x-typescript": "typescript",
    "text/x-go": "go",
    "text/x-java": "java",
    "text/x-java-source": "java",
    "text/x-rust": "rust",
    "text/rust": "rust",
    "text/x-csharp": "c_sharp",
    "text/x-ruby": "ruby",
    "application/x-ruby": "ruby",
    "text/x-php": "php",
    "application/x-php": "php",
    "application/x-httpd-php": "php",
    "text/x-c": "c",
    "text/x-csrc": "c",
    "text/x-chdr": "c",
    "text/x-c++": "cpp",
    "text/x-c++src": "cpp",
    "text/x-c++hdr": "cpp",
}


def language_for_mime(mime: str) -> Language | None:
    """The language a media type names (`text/x-python`, `application/javascript`)."""
    name = _BY_MIME.get(mime.split(";", 1)[0].strip().lower())
    return LANGUAGES[name] if name is not None else None


def language_for_fence(info: str) -> Language | None:
    """The language a markdown fence's info string names (```py, ```c++, ```src/app.py)."""
    words = info.split(maxsplit=1)
    if not words:
        return None
    word = words[0].lower().lstrip("{.").rstrip("}")
    found = _BY_FENCE.get(word)
    if found is not None:
        return found
    for part in word.split(":"):
        found = _BY_FENCE.get(part) or (
            language_for_path(part) if "." in part or "/" in part else None
        )
        if found is not None:
            return found
    return None


# --- sniffing ---------------------------------------------------------------------------------

_SNIFF_PREFIX = 4096
_FIRST_WORD = re.compile(r"^[ \t]*([^\s(]+)([^\n]*)", re.MULTILINE)
_SHEBANG = re.compile(r"#![^\n]*\b(python|node|ruby|php|deno|ts-node|bun)")
_SHEBANG_LANG = {
    "python": "python",
    "node": "javascript",
    "ruby": "ruby",
    "php": "php",
    "deno": "typescript",
    "ts-node": "typescript",
    "bun": "javascript",
}
_Scores = dict[str, float]


def _score_import(rest: str, s: _Scores) -> None:
    if " from " in rest or rest.startswith((" {", " *", " '", ' "')):
        s["javascript"] = s.get("javascript", 0) + 2
    elif rest.rstrip().endswith(";"):
        s["java"] = s.get("java", 0) + 2
    elif rest.startswith((" (", ' "')):
        s["go"] = s.get("go", 0) + 2
    else:
        s["python"] = s.get("python", 0) + 2


# A Python function's header on one line: `def name(args):`, `def name(args) -> T:`.
_PYTHON_DEF = re.compile(r"[ \t]+\w+[ \t]*\(.*\)[ \t]*(?:->[^:]+)?:[ \t]*(?:#.*)?$")


def _score_def(rest: str, s: _Scores) -> None:
    if _PYTHON_DEF.match(rest):
        s["python"] = s.get("python", 0) + 3
        return
    key = "python" if rest.rstrip().endswith(":") else "ruby"
    s[key] = s.get(key, 0) + 2


def _score_block(rest: str, s: _Scores) -> None:
    if rest.rstrip().endswith(":"):
        s["python"] = s.get("python", 0) + 2


def _score_package(rest: str, s: _Scores) -> None:
    key = "java" if rest.rstrip().endswith(";") else "go"
    s[key] = s.get(key, 0) + 3


def _score_using(rest: str, s: _Scores) -> None:
    key = "cpp" if rest.startswith(" namespace") else "c_sharp"
    s[key] = s.get(key, 0) + 2


def _score_use(rest: str, s: _Scores) -> None:
    if "::" in rest:
        s["rust"] = s.get("rust", 0) + 2
    elif "\\" in rest:
        s["php"] = s.get("php", 0) + 2


# JavaScript's exports (`export const`, `export default`, `export {`); shell's `export NAME=value`
# (no spaces around `=`) is not one.
_JS_EXPORT = re.compile(
    r"\s+(?:const|let|var|function|class|default|async|abstract|type|interface|enum|declare"
    r"|namespace|module)\b|\s*[{*]|\s+="
)


def _score_export(rest: str, s: _Scores) -> None:
    if _JS_EXPORT.match(rest):
        s["javascript"] = s.get("javascript", 0) + 2


def _fixed(**weights: float) -> Callable[[str, _Scores], None]:
    def score(_rest: str, s: _Scores) -> None:
        for name, weight in weights.items():
            s[name] = s.get(name, 0) + weight

    return score


_WORDS: dict[str, Callable[[str, _Scores], None]] = {
    "import": _score_import,
    "from": _fixed(python=1),
    "def": _score_def,
    "class": _score_block,
    "if": _score_block,
    "for": _score_block,
    "while": _score_block,
    "elif": _fixed(python=2),
    "except": _fixed(python=2),
    "try:": _fixed(python=2),
    "else:": _fixed(python=1),
    "return": _fixed(python=0.5, javascript=0.5, go=0.5, c=0.5),
    "package": _score_package,
    "func": _fixed(go=3),
    "fn": _fixed(rust=3),
    "pub": _fixed(rust=2),
    "impl": _fixed(rust=2),
    "let": _fixed(javascript=1, rust=1),
    "use": _score_use,
    "mod": _fixed(rust=1),
    "#include": _fixed(c=3),
    "#define": _fixed(c=2),
    "#ifndef": _fixed(c=2),
    "#ifdef": _fixed(c=2),
    "using": _score_using,
    "namespace": _fixed(c_sharp=1, cpp=1),
    "template": _fixed(cpp=2),
    "public": _fixed(java=1.5, c_sharp=1),
    "private": _fixed(java=1, c_sharp=1),
    "protected": _fixed(java=1, c_sharp=1),
    "@Override": _fixed(java=3),
    "const": _fixed(javascript=1.5),
    "var": _fixed(javascript=1, go=0.5),
    "function": _fixed(javascript=2),
    "export": _score_export,
    "async": _fixed(javascript=1, python=0.5),
    "interface": _fixed(typescript=2, java=0.5, go=0.5),
    "type": _fixed(typescript=1.5, go=0.5),
    "end": _fixed(ruby=1.5),
    "require": _fixed(ruby=2),
    "puts": _fixed(ruby=2),
    "module": _fixed(ruby=1.5),
    "attr_accessor": _fixed(ruby=3),
    "attr_reader": _fixed(ruby=3),
    "<?php": _fixed(php=10),
    "struct": _fixed(c=1, rust=1, go=0.5),
    "static": _fixed(c=1, java=0.5),
    "int": _fixed(c=1),
    "void": _fixed(c=1),
    "}": _fixed(javascript=0.2, c=0.2, java=0.2, go=0.2),
}
_CUES = (
    ("std::", "cpp", 3),
    ("::new(", "rust", 2),
    ("println!", "rust", 3),
    ("let mut ", "rust", 3),
    (":= ", "go", 2),
    ("fmt.", "go", 2),
    ("console.log", "javascript", 2),
    ("=> {", "javascript", 1),
    ("require(", "javascript", 2),
    ("$this->", "php", 3),
    ("System.out", "java", 3),
    ("Console.Write", "c_sharp", 3),
    ("{ get; set; }", "c_sharp", 3),
    ("printf(", "c", 1),
    ("self.", "python", 1),
    ("__init__", "python", 2),
    (": string", "typescript", 1.5),
    (": number", "typescript", 1.5),
)
_TYPESCRIPT_OVER_JS = 1.5


def sniff(text: str) -> Language | None:
    """A cheap guess at the language of unlabelled code (its first 4 KB); None for prose."""
    head = text[:_SNIFF_PREFIX]
    if head.startswith("#!"):
        shebang = _SHEBANG.match(head)
        if shebang:
            return LANGUAGES[_SHEBANG_LANG[shebang.group(1)]]
    if "<?php" in head:
        return LANGUAGES["php"]
    scores: _Scores = {}
    lines = hits = 0
    for m in _FIRST_WORD.finditer(head):
        lines += 1
        scorer = _WORDS.get(m.group(1))
        if scorer is not None:
            hits += 1
            scorer(m.group(2), scores)
    for cue, name, weight in _CUES:
        if cue in head:
            scores[name] = scores.get(name, 0) + weight
    if not scores or hits < 2 or hits * 5 < lines:
        return None
    if scores.get("typescript", 0) >= _TYPESCRIPT_OVER_JS and scores.get("javascript", 0) > 0:
        scores["typescript"] += scores["javascript"]
    if scores.get("cpp", 0) > 0 and scores.get("c", 0) > 0:
        scores["cpp"] += scores["c"]
    best = max(scores, key=lambda name: scores[name])
    return LANGUAGES[best] if scores[best] >= 3 else None


# --- parsing ----------------------------------------------------------------------------------

_GRAMMARS: dict[tuple[str, str], tree_sitter.Language] = {}
_GRAMMAR_LOCK = threading.Lock()
_PARSERS = threading.local()
_PHP_ONLY = ("tree_sitter_php", "language_php_only")


def _grammar(key: tuple[str, str]) -> tree_sitter.Language:
    grammar = _GRAMMARS.get(key)
    if grammar is None:
        with _GRAMMAR_LOCK:
            grammar = _GRAMMARS.get(key)
            if grammar is None:
                module = importlib.import_module(key[0])
                grammar = tree_sitter.Language(getattr(module, key[1])())
                _GRAMMARS[key] = grammar
    return grammar


def grammar_key(language: Language, source: bytes) -> tuple[str, str]:
    """The grammar to parse this source with (PHP without `<?php` is parsed as pure PHP)."""
    if language.name == "php" and b"<?" not in source:
        return _PHP_ONLY
    return language.grammar


def parse(language: Language, text: str | bytes) -> tree_sitter.Tree:
    """Parse code with this thread's parser for the language."""
    source = text.encode("utf-8", "surrogatepass") if isinstance(text, str) else text
    key = grammar_key(language, source)
    parsers: dict[tuple[str, str], tree_sitter.Parser] | None = getattr(_PARSERS, "parsers", None)
    if parsers is None:
        parsers = _PARSERS.parsers = {}
    parser = parsers.get(key)
    if parser is None:
        parser = parsers[key] = tree_sitter.Parser(_grammar(key))
    return parser.parse(source)


def error_count(tree: tree_sitter.Tree) -> int:
    """The number of ERROR and MISSING nodes in a tree."""
    count = 0
    stack = [tree.root_node]
    while stack:
        node = stack.pop()
        if node.is_error or node.is_missing:
            count += 1
        stack.extend(child for child in node.children if child.has_error or child.is_missing)
    return count


def new_errors(before: str, after: str, language: Language) -> int:
    """How many more ERROR and MISSING nodes `after` parses with than `before`."""
    return error_count(parse(language, after)) - error_count(parse(language, before))
