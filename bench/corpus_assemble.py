"""Files made of filler blocks with planted snippets between them: source code, configs, docs."""

from __future__ import annotations

from collections.abc import Iterator

import corpus_synth as synth
from corpus_doc import Ctx, Doc
from corpus_syntax import code_negatives, comment, env_ref, records, render
from corpus_values import SERVICES, Value

CODE = ("python", "javascript", "typescript", "go", "java")


def _pii_snippet(ctx: Ctx, style: str) -> tuple[list[str], list[Value]]:
    rng, pii = ctx.rng, ctx.pii
    pick = rng.random()
    if pick < 0.3 and style in (*CODE, "yaml"):
        rows = [pii.record(rng.randint(2, 3)) for _ in range(rng.randint(1, 3))]
        return records(style, rows), [v for row in rows for v in row]
    if pick < 0.55 and style != "xml":
        name, email = pii.name(), pii.email()
        text = rng.choice(("Contact: {n} <{e}>", "Owner: {n} ({e})", "Reviewed-by: {n} <{e}>"))
        return [comment(style, text.format(n=name.text, e=email.text))], [name, email]
    v = pii.any()
    return render(style, rng, [v]), [v]


def _negative_snippet(ctx: Ctx, style: str) -> tuple[list[str], list[Value]]:
    rng = ctx.rng
    if rng.random() < 0.35:
        return code_negatives(style, rng), []
    v = ctx.negative()
    if rng.random() < 0.15:
        v = Value("", "env_ref", env_ref(style, v.name), v.name, raw=style in CODE)
    return render(style, rng, [v]), [v]


def plant(ctx: Ctx, doc: Doc, style: str, pii_share: float) -> None:
    """One labelled item, and often a hard negative a little apart from it."""
    rng = ctx.rng
    if rng.random() < pii_share:
        lines, values = _pii_snippet(ctx, style)
    else:
        values = ctx.secret()
        lines = render(style, rng, values)
    doc.plant([*lines, ""], values)
    if rng.random() < 0.6:
        lines, values = _negative_snippet(ctx, style)
        doc.plant([*lines, ""], values)


def _stream(ctx: Ctx, style: str) -> Iterator[list[str]]:
    if style == "python":
        return ctx.python.stream(ctx.rng)
    return synth.stream(style, ctx.rng)


def assemble(
    ctx: Ctx, style: str, target: int, pii_share: float = 0.35, density: float = 1.0
) -> Doc:
    """A file of roughly target bytes in the given syntax."""
    doc = Doc()
    doc.add(synth.header(style, ctx.rng))
    due = ctx.gap(density) * ctx.rng.uniform(0.1, 1.0)
    for unit in _stream(ctx, style):
        doc.add(unit)
        if doc.size >= due:
            plant(ctx, doc, style, pii_share)
            due = doc.size + ctx.gap(density)
        if doc.size >= target:
            break
    doc.add(synth.footer(style))
    return doc


FENCE = {"bash": "shell", "yaml": "yaml", "python": "python", "ini": "env", "js": "javascript"}


def _greeting(ctx: Ctx) -> tuple[list[str], list[Value]]:
    rng, pii = ctx.rng, ctx.pii
    to, sender, phone = pii.name(), pii.name(), pii.phone()
    hello = rng.choice(("Hi", "Hello", "Dear", "Hey"))
    bye = rng.choice(("Best regards,", "Thanks,", "Cheers,", "Kind regards,"))
    body = rng.choice(
        (
            "Following up on the incident review: the retry storm is fixed in the next release.",
            "Attached are the notes from the planning session; please review before Friday.",
            "The migration finished overnight; dashboards should be back to normal.",
        )
    )
    lines = [f"{hello} {to.text},", "", body, "", bye, sender.text, phone.text, ""]
    return lines, [to, sender, phone]


def _doc_plant(ctx: Ctx, doc: Doc) -> None:
    rng = ctx.rng
    pick = rng.random()
    if pick < 0.5:
        lang = rng.choice(tuple(FENCE))
        values = ctx.secret()
        lines = ["Example configuration:", "", f"```{lang}", *render(FENCE[lang], rng, values)]
        doc.plant([*lines, "```", ""], values)
    elif pick < 0.7:
        lines, values = _greeting(ctx)
        doc.plant(lines, values)
    else:
        v = ctx.pii.any()
        svc = rng.choice(SERVICES)
        line = rng.choice((f"The {svc} owner is `{v.text}`.", f"- {v.name}: {v.text}"))
        doc.plant([line, ""], [v])
    if rng.random() < 0.5:
        v = ctx.negative()
        doc.plant([f"- `{v.name}`: `{v.text}` (sample value)", ""], [v])


def markdown(ctx: Ctx, target: int) -> Doc:
    doc = Doc()
    doc.add([f"# {ctx.rng.choice(SERVICES).capitalize()} notes", ""])
    due = ctx.gap() * ctx.rng.uniform(0.1, 1.0)
    for unit in ctx.docs.stream(ctx.rng):
        doc.add(unit)
        if doc.size >= due:
            _doc_plant(ctx, doc)
            due = doc.size + ctx.gap()
        if doc.size >= target:
            break
    return doc


def env_file(ctx: Ctx, target: int) -> Doc:
    """A dotenv file: short, dense with settings, so planted more often."""
    return assemble(ctx, "env", target, pii_share=0.1, density=3.0)
