"""The reference pages of the documentation site, written from the code at build time.

Each function returns the Markdown of one page (or, for `presets_table`, of one table), read
from what veil itself uses: the config model, the rules, the provider registry, the CLI and the
presets. Nothing here is committed as Markdown, so the pages cannot drift from the code.
"""

from __future__ import annotations

import inspect
import re
import types
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Literal, Union, get_args, get_origin

from pydantic import BaseModel
from pydantic.fields import FieldInfo

GITIGNORE_CHECK = "_gitignore"  # the AfterValidator veil.config puts on gitignore patterns
EXAMPLES = re.compile(r"^Examples?:[ \t]*$", re.M)  # where a command's help shows examples


def cell(text: str) -> str:
    """`text` made safe for one cell of a Markdown table: a `|` is escaped outside code spans
    (inside one, the table reads it as text, and an escape would show)."""
    parts = " ".join(text.split()).split("`")
    return "`".join(p if i % 2 else p.replace("|", "\\|") for i, p in enumerate(parts))


def first_paragraph(doc: str | None) -> str:
    """The first paragraph of a docstring, on one line."""
    return " ".join(inspect.cleandoc(doc or "").split("\n\n")[0].split())


# ---------------------------------------------------------------------------------------------
# Configuration


def _type_name(annotation: Any) -> str:
    """A TOML-minded name for a field's type: `string`, `list of string`, `"a" | "b"`."""
    origin, args = get_origin(annotation), get_args(annotation)
    if origin is Literal:
        return " \\| ".join(f'`"{a}"`' for a in args)
    if origin in (Union, types.UnionType):
        shown = [_type_name(a) for a in args if a is not type(None)]
        return " or ".join(shown)  # None: the key is left out (TOML has no null)
    if origin is list:
        return f"list of {_type_name(args[0])}"
    if origin is dict:
        return f"table of {_type_name(args[0])} → {_type_name(args[1])}"
    names = {str: "string", int: "integer", float: "number", bool: "boolean", Path: "path"}
    if annotation is Any:
        return "any"
    return names.get(annotation, getattr(annotation, "__name__", str(annotation)))


def _default(field: FieldInfo) -> str:
    if field.is_required():
        return "required"
    value = field.default_factory() if field.default_factory else field.default  # type: ignore[call-arg]
    if value is None:
        return "unset"
    if isinstance(value, BaseModel):
        return ""
    if isinstance(value, bool):
        return f"`{str(value).lower()}`"
    if isinstance(value, str):
        return f'`"{value}"`'
    if isinstance(value, int | float):
        return f"`{value}`"
    return f"`{value!r}`" if value else ("`[]`" if isinstance(value, list) else "`{}`")


def _constraints(field: FieldInfo) -> list[str]:
    """What the model checks beyond the type: bounds, patterns, gitignore syntax."""
    out = []
    symbols = {"gt": ">", "ge": "≥", "lt": "<", "le": "≤", "min_length": "at least"}
    for item in field.metadata:
        for attr, symbol in symbols.items():
            bound = getattr(item, attr, None)
            if bound is not None:
                out.append(f"{symbol} {bound}" + (" item" if attr == "min_length" else ""))
        pattern = getattr(item, "pattern", None)
        if pattern:
            out.append(f"matches `{pattern}`")
        if getattr(getattr(item, "func", None), "__name__", "") == GITIGNORE_CHECK:
            out.append("gitignore syntax")
    return out


def _model(annotation: Any) -> type[BaseModel] | None:
    return (
        annotation if isinstance(annotation, type) and issubclass(annotation, BaseModel) else None
    )


def _sections(model: type[BaseModel], prefix: str = "") -> Iterator[tuple[str, Any, str]]:
    """(how the section is written in TOML, its model or value type, its description); a
    list or table of tables counts as a section only at the top (`[[rules]]`,
    `[upstreams.NAME]`), below it is a key (`[policy.local] models`)."""
    for name, field in model.model_fields.items():
        annotation, origin = field.annotation, get_origin(field.annotation)
        dotted = f"{prefix}{name}"
        if not prefix and origin is list and _model(get_args(annotation)[0]):
            yield f"[[{dotted}]]", get_args(annotation)[0], field.description or ""
        elif not prefix and origin is dict:
            yield f"[{dotted}.NAME]", get_args(annotation)[1], field.description or ""
        elif inner := _model(annotation):
            if any(not _model(f.annotation) for f in inner.model_fields.values()):
                yield f"[{dotted}]", inner, field.description or ""
            yield from _sections(inner, f"{dotted}.")


def _key_rows(model: type[BaseModel]) -> list[str]:
    rows = ["| key | type | default | description |", "|---|---|---|---|"]
    for key, field in model.model_fields.items():
        if _model(field.annotation):
            continue
        text = field.description or ""
        notes = "; ".join(c for c in _constraints(field) if c not in text)
        if notes:
            text = f"{text} ({notes})" if text else f"({notes})"
        rows.append(
            f"| `{key}` | {_type_name(field.annotation)} | {_default(field)} | {cell(text)} |"
        )
    return rows


def section_id(section: str) -> str:
    """The anchor of a section on the configuration page: `[policy.public]` -> `policy-public`,
    `[[rules]]` -> `rules`, `[upstreams.NAME]` -> `upstreams`."""
    return section.strip("[]").removesuffix(".NAME").replace(".", "-")


def config_reference(example: str) -> str:
    """Every section and key of `veil.toml`: type, default, checks and description."""
    from veil.config import Settings

    out = [
        "# Configuration reference",
        "",
        "Every key of `veil.toml`, read from veil's configuration model (`veil.config`) when",
        "this site was built. Every section is optional; a typo is an error that names the key",
        "and suggests the right one. `veil serve`, `veil scan`, `veil check` and the other",
        "commands read `./veil.toml` when present, or the file given with `--config`/`-c`.",
        "",
    ]
    for section, model, description in _sections(Settings):
        out += [f"## `{section}` {{#{section_id(section)}}}", ""]
        doc = description or first_paragraph(getattr(model, "__doc__", ""))
        doc = doc.split(": ", 1)[1] if doc.startswith("`[") and ": " in doc else doc
        doc = doc[:1].upper() + doc[1:]
        if _model(model):
            out += [doc, "", *_key_rows(model), ""]
        else:  # a table of free-form tables: the provider registry's overrides
            from veil.policy import registry

            keys = ", ".join(f"`{k}`" for k in (*registry.FIELDS, *registry.FACTS, "variants"))
            out += [
                "Overrides of, or additions to, the [provider registry](providers.md): one table",
                f"per provider id, with the keys of a registry entry ({keys}).",
                "",
                inspect.cleandoc(registry.load_registry.__doc__ or "").split("\n\n", 1)[-1],
                "",
            ]
    out += [
        "## A complete example",
        "",
        "The example from the README, which a test loads and validates:",
        "",
        "```toml",
        example.strip("\n"),
        "```",
        "",
    ]
    return "\n".join(out)


# ---------------------------------------------------------------------------------------------
# Commands


def _help_markdown(text: str) -> tuple[str, str]:
    """A command's help (Markdown, as `veil --help` renders it) cut where its examples start
    (a line `Example:` or `Examples:`), so that they can follow the options."""
    text = inspect.cleandoc(text)
    found = EXAMPLES.search(text)
    if found is None:
        return text, ""
    return text[: found.start()].strip(), text[found.start() :].strip()


# Typer's names for value types in `--help`, in the words a reader expects.
METAVARS = {
    "<list[str]>": "",
    "<str>": "TEXT",
    "<int>": "N",
    "<int range>": "N",
    "<float>": "NUMBER",
    "<float range>": "NUMBER",
    "<path>": "PATH",
}


def _names(names: str, argument: bool) -> str:
    for typer_name, shown in METAVARS.items():
        names = names.replace(typer_name, shown)
    if argument:
        name, _, rest = names.partition(" ")
        names = name.upper() + (f" {rest}" if rest else "")
    return " ".join(names.split())


def _command_section(path: str, command: Any, ctx: Any, level: int) -> list[str]:
    prose, examples = _help_markdown(command.help or "")
    out = [f"{'#' * level} `{path}` {{#{path.replace(' ', '-')}}}", "", prose, ""]
    out += ["```text", command.get_usage(ctx).strip(), "```", ""]
    params = [p for p in command.get_params(ctx) if not getattr(p, "hidden", False)]
    records = [(p, p.get_help_record(ctx)) for p in params]
    records = [(p, r) for p, r in records if r is not None and "--help" not in r[0]]
    if records:
        out += ["| argument or option | meaning |", "|---|---|"]
        for param, (names, meaning) in records:
            argument = param.param_type_name == "argument"
            shown = _names(names, argument)
            kind = "argument: " if argument else ""
            out.append(f"| {cell(f'`{shown}`')} | {kind}{cell(meaning)} |")
        out.append("")
    return [*out, examples, ""] if examples else out


def commands(group: Any, ctx: Any, prefix: str = "veil") -> Iterator[tuple[str, Any, Any]]:
    """(`veil audit list`, the command, its context) for every command, groups first."""
    from typer._click.core import Context

    for name in group.list_commands(ctx):
        command = group.get_command(ctx, name)
        if command is None or command.hidden:
            continue
        sub = Context(command, info_name=name, parent=ctx)
        yield f"{prefix} {name}", command, sub
        if hasattr(command, "list_commands"):
            yield from commands(command, sub, f"{prefix} {name}")


def commands_reference() -> str:
    """Every command and sub-command of the `veil` CLI: help, usage, arguments and options."""
    import typer.main
    from typer._click.core import Context

    from veil.cli.main import app

    group = typer.main.get_command(app.typer)
    root = Context(group, info_name="veil")
    found = list(commands(group, root))
    out = [
        "# Commands",
        "",
        "Every command of `veil`, written from the command line itself (`veil --help`, `veil",
        "COMMAND --help`) when this site was built. Exit codes: 0 success, 1 what the command",
        "checks failed (findings, a broken chain, a red doctor check), 2 a usage or",
        "configuration error, printed as one line `veil: error: ...` with the fix.",
        "",
        " ".join(f"[`{p}`](#{p.replace(' ', '-')})" for p, _, _ in found),
        "",
        *_command_section("veil", group, root, 2),
    ]
    for path, command, ctx in found:
        out += _command_section(path, command, ctx, 1 + path.count(" "))
    return "\n".join(out)
