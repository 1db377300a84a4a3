"""Comments that are instructions to a tool, not notes to a reader: build constraints and code
generation (`//go:build`, `//go:generate`, `// +build`), bundler hints
(`/* webpackChunkName: "x" */`, `/*#__PURE__*/`), type comments (`# type: X`, `/** @type {X} */`,
`// @ts-ignore`), linter and formatter switches (`# noqa`, `# pylint:`, `// eslint-disable`,
`// NOLINT`, `// swiftlint:`, `# rubocop:`, `// prettier-ignore`), pragmas and folding marks
(`#pragma`, `#region`), encoding and editor lines (`# -*- coding: utf-8 -*-`, `# vim:`),
shebangs, source maps, fall-through marks, generated-file marks.

Stripping one changes what the code builds to or how it is checked, so they are never stripped:
not in `strip` mode, and not for holding an organisation term (the term in one is still given
its neutral name, as anywhere in code). One that reads as business context is a business
comment all the same (`veil.pipeline.disguise`): a leak weighs more than a build hint. A
directive is a comment of one line that starts with one, with no second comment after it
(`# type: ignore  # Acme's stubs` is an ordinary comment: its note is stripped with it).
"""

from __future__ import annotations

import re

# Directives after `#` (Python, Ruby, shell, YAML...).
_HASH = (
    r"type:",
    r"(?:pyright|mypy|pyre|ruff|flake8|pydocstyle|pytype):",
    r"pylint:[ \t]*(?:disable|enable|skip-file)",
    r"(?:fmt|yapf):[ \t]*(?:off|on|skip|disable|enable)\b",
    r"isort:[ \t]*(?:skip|skip_file|off|on|dont-add-imports|split)\b",
    r"noqa\b(?::[ \t]*[A-Z]+[0-9]*(?:[ \t,]+[A-Z]+[0-9]*)*)?[ \t]*$",
    r"nosec\b(?:[ \t]+B\d+(?:[ \t,]+B\d+)*)?[ \t]*$",
    r"pragma:",
    r"pragma[ \t]+(?:once|warning|mark|pack|comment|GCC|clang|omp|region|endregion)\b",
    r"(?:frozen_string_literal|typed|warn_indent|shareable_constant_value):",
    r"rubocop:",
    r":nocov:",
    r"shellcheck[ \t]+(?:disable|enable|source|shell|external-sources)=",
    r"(?:en)?coding[:=][ \t]*[-\w.]+[ \t]*$",
    r"@generated\b",
)
# Directives after `//`, `///`, `/*` or `/**` (Go, JavaScript, TypeScript, the C family, Java,
# Kotlin, Swift, PHP, Rust).
_SLASH = (
    r"\+build\b",
    r"@ts-(?:ignore|expect-error|nocheck|check)\b",
    r"(?:eslint|jshint|jscs|tslint|jslint)(?:-disable|-enable|:|[ \t]+[\w/@-]+[ \t]*:)",
    r"(?:prettier|biome|deno-lint|deno-fmt|dprint)-ignore",
    r"(?:istanbul|c8|v8)[ \t]+ignore\b",
    r"webpack(?:ChunkName|Mode|Prefetch|Preload|Ignore|Exports|Include|Exclude|FetchPriority)"
    r"[ \t]*:",
    r"@vite-ignore\b",
    r"[#@]__(?:PURE|NO_SIDE_EFFECTS|INLINE|NOINLINE|KEY)__",
    r"@(?:flow|noflow|jsx|jsxFrag|jsxRuntime|jsxImportSource|refresh)\b",
    r"@(?:type|typedef|satisfies|template|import)[ \t]*\{",
    r"[#@][ \t]*source(?:Mapping)?URL=",
    r"<(?:reference|amd-module|amd-dependency)\b",
    r"NOLINT(?:NEXTLINE|BEGIN|END)?\b",
    r"clang-format[ \t]+(?:off|on)\b",
    r"(?:swiftlint|swiftformat|phpcs|checkstyle|CHECKSTYLE):",
    r"ktlint-(?:disable|enable)\b",
    r"(?:NOSONAR|noinspection|ReSharper[ \t]+(?:disable|restore)|@formatter:(?:off|on))\b",
    r"@(?:phpstan|psalm)-",
    r"#(?:end)?region\b",
    r"(?:fall(?:s)?[ -]?thr(?:ough|u)|FALLTHROUGH|FALLTHRU|NOTREACHED|ARGSUSED)\b[ \t.]*(?:\*/)?$",
    r"Code generated .* DO NOT EDIT\.",
    r"@generated\b",
)
# Directives only after `/*` (ESLint's block-comment configuration).
_BLOCK = (r"(?:global|globals|exported|eslint-env)[ \t]",)
# Editor lines, in any comment syntax.
_ANY = (r"-\*-.*-\*-", r"vim?:[ \t]*\S")


def _any_of(forms: tuple[str, ...]) -> str:
    return "|".join(forms)


_DIRECTIVE = re.compile(
    "|".join(
        (
            r"#!",  # a shebang
            r"#(?:region|endregion|pragma)\b",  # folding marks, pragmas: no space after `#`
            r"//(?:go:\w|export[ \t]+\w+[ \t]*$|line[ \t]|nolint\b)",  # Go: no space after `//`
            rf"#[ \t]*(?:{_any_of(_HASH)})",
            rf"(?:///?|/\*\*?)[ \t]*(?:{_any_of(_SLASH)})",
            rf"/\*[ \t]*(?:{_any_of(_BLOCK)})",
            rf"(?:#|///?|/\*\*?|--|<!--)[ \t]*(?:{_any_of(_ANY)})",
        )
    )
)
# A second comment after the directive, on its line: `# type: ignore  # note`.
_SECOND = {"#": re.compile(r"\s#"), "//": re.compile(r"\s//"), "--": re.compile(r"\s--\s")}


def is_directive(comment: str) -> bool:
    """Whether a comment (its text, markers included) is an instruction to a tool: one line
    that opens with a directive, and no second comment after it."""
    if "\n" in comment.rstrip("\r\n"):
        return False
    m = _DIRECTIVE.match(comment)
    if m is None:
        return False
    if comment.startswith("#!"):
        return True
    marker = comment[:2] if comment[:2] in ("//", "--") else comment[:1]
    second = _SECOND.get(marker)
    return second is None or second.search(comment, m.end()) is None
