"""Words of the languages themselves: keywords and builtin names, which no term may rename.

An organisation term found inside `typedef`, `typeof` or `ValueError` is not the company's: the
word is the language's, the same in every codebase, and renaming it breaks the code the model
reads (`org4def` does not parse; `Org2Error` is not Python's). The keywords are read from the
grammars themselves (their anonymous, word-shaped node kinds); the builtins are Python's own
and the standard globals of the other languages veil reads.
"""

from __future__ import annotations

import builtins
import functools
import importlib
import re

import tree_sitter

from veil.code.languages import LANGUAGES

_KEYWORD = re.compile(r"(?!\w*repeat)[A-Za-z][A-Za-z_]*|__[A-Za-z_]+")
# Standard globals and types of the languages besides Python, that code uses by name.
_GLOBAL_NAMES = """
    Array ArrayBuffer BigInt Boolean DataView Date Error EvalError Float32Array Float64Array
    Function Infinity Int8Array Int16Array Int32Array Intl JSON Map Math NaN Number Object Promise
    Proxy RangeError ReferenceError Reflect RegExp Set String Symbol SyntaxError TypeError
    URIError Uint8Array Uint16Array Uint32Array WeakMap WeakSet console document globalThis
    prototype undefined window require module exports process
    Boolean Byte Character Class Double Exception Float Integer Iterable List Long Map Math
    Object Optional Override Runnable RuntimeException Short String StringBuilder System Thread
    Throwable Void IllegalArgumentException IllegalStateException NullPointerException
    Console Decimal Dictionary Enumerable Guid IEnumerable IDisposable Int32 Int64 Task
    ArgumentException InvalidOperationException NotImplementedException DateTime TimeSpan
    error string int int8 int16 int32 int64 uint uint8 uint16 uint32 uint64 float32 float64
    byte rune bool complex64 complex128 uintptr append cap close copy delete len make new panic
    print println recover fmt errors context
    Vec Option Some None Ok Err Result Box Rc Arc String HashMap HashSet BTreeMap Default
    Clone Copy Debug Display Iterator Send Sync Sized Drop From Into
    size_t ssize_t uint8_t uint16_t uint32_t uint64_t int8_t int16_t int32_t int64_t printf
    malloc free memcpy memset strlen sizeof NULL FILE stdin stdout stderr std vector string
    StandardError RuntimeError ArgumentError NoMethodError Kernel Comparable Enumerable
"""
_GLOBALS = frozenset(_GLOBAL_NAMES.split())


@functools.cache
def reserved_words() -> frozenset[str]:
    """Every keyword of the grammars veil reads, and the builtin names of their languages."""
    words: set[str] = set(dir(builtins)) | _GLOBALS
    for language in LANGUAGES.values():
        module, function = language.grammar
        grammar = tree_sitter.Language(getattr(importlib.import_module(module), function)())
        for kind_id in range(grammar.node_kind_count):
            kind = grammar.node_kind_for_id(kind_id)
            if kind and not grammar.node_kind_is_named(kind_id) and _KEYWORD.fullmatch(kind):
                words.add(kind)
    return frozenset(words)


def in_reserved_word(text: str, start: int, end: int) -> bool:
    """Whether text[start:end] is part of a longer word that is the language's (`type` in
    `typedef`, `Value` in `ValueError`), the word being the whole run of word characters. A
    term that is the whole word (`Box`, `Meta`) is not: it may be the company's own name."""
    lo, hi = start, end
    while lo > 0 and (text[lo - 1].isalnum() or text[lo - 1] == "_"):
        lo -= 1
    while hi < len(text) and (text[hi].isalnum() or text[hi] == "_"):
        hi += 1
    return (lo, hi) != (start, end) and text[lo:hi] in reserved_words()
