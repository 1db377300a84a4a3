"""How a planted value is written in each file syntax: assignments, records, comments."""

from __future__ import annotations

import json
from collections.abc import Callable
from html import escape
from random import Random

from corpus_values import SERVICES, Value

STYLES = (
    "python", "javascript", "typescript", "go", "java", "yaml", "toml", "ini", "properties",
    "xml", "env", "shell", "dockerfile",
)  # fmt: skip
COMMENT = {
    "python": "# ", "javascript": "// ", "typescript": "// ", "go": "// ", "java": "// ",
    "yaml": "# ", "toml": "# ", "ini": "; ", "properties": "# ", "env": "# ", "shell": "# ",
    "dockerfile": "# ", "xml": "<!-- ",
}  # fmt: skip


def upper(name: str) -> str:
    return name.upper()


def camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(p.capitalize() for p in rest)


def pascal(name: str) -> str:
    return "".join(p.capitalize() for p in name.split("_"))


def dotted(name: str) -> str:
    return name.replace("_", ".")


def dq(v: Value, style: str = "") -> str:
    """v as a string literal: double-quoted unless it holds double quotes (inline JSON)."""
    if v.raw:
        return v.text
    if '"' not in v.text:
        return f'"{v.text}"'
    if style == "go":
        return f"`{v.text}`"
    if style == "java":
        return json.dumps(v.text)
    return f"'{v.text}'"


def yaml_scalar(v: Value) -> str:
    if v.raw or (v.text and all(c.isalnum() or c in "._-/+" for c in v.text)):
        return v.text
    return f"'{v.text}'" if '"' in v.text else f'"{v.text}"'


def env_ref(style: str, name: str) -> str:
    """How each syntax reads a value from the environment instead of holding it."""
    n = upper(name)
    return {
        "python": f'os.environ["{n}"]',
        "javascript": f"process.env.{n}",
        "typescript": f"process.env.{n} ?? ''",
        "go": f'os.Getenv("{n}")',
        "java": f'System.getenv("{n}")',
        "shell": f'"${{{n}}}"',
    }.get(style, f"${{{n}}}")


def _multi(lines: list[str], first: str, last: str, body_indent: str = "") -> list[str]:
    inner = [body_indent + line for line in lines[1:-1]]
    return [first + lines[0], *inner, body_indent + lines[-1] + last]


def pair(style: str, v: Value, t: int) -> list[str]:
    """One assignment of v in the given syntax; t picks among a few common shapes."""
    multi = "\n" in v.text and not v.raw
    lines = v.text.split("\n")
    if style == "python":
        if multi:
            return _multi(lines, f'{upper(v.name)} = """', '"""')
        shapes = (
            f"{upper(v.name)} = {dq(v, style)}",
            f"{v.name} = {dq(v, style)}",
            f'os.environ.setdefault("{upper(v.name)}", {dq(v, style)})',
            f'config["{v.name}"] = {dq(v, style)}',
            f"    {v.name}={dq(v, style)},",
        )
        return [shapes[t % len(shapes)]]
    if style in ("javascript", "typescript"):
        if multi:
            return _multi(lines, f"const {camel(v.name)} = `", "`;")
        typed = ": string" if style == "typescript" else ""
        shapes = (
            f"const {camel(v.name)}{typed} = {dq(v, style)};",
            f"export const {upper(v.name)} = {dq(v, style)};",
            f"  {camel(v.name)}: {dq(v, style)},",
            f"process.env.{upper(v.name)} = process.env.{upper(v.name)} || {dq(v, style)};",
        )
        return [shapes[t % len(shapes)]]
    if style == "go":
        if multi:
            return _multi(lines, f"const {camel(v.name)} = `", "`")
        shapes = (
            f"\t{pascal(v.name)}: {dq(v, style)},",
            f"const {camel(v.name)} = {dq(v, style)}",
            f'\tos.Setenv("{upper(v.name)}", {dq(v, style)})',
        )
        return [shapes[t % len(shapes)]]
    if style == "java":
        if multi:
            return [f'    private static final String {upper(v.name)} = """', *lines, '""";']
        shapes = (
            f"    private static final String {upper(v.name)} = {dq(v, style)};",
            f'        props.setProperty("{dotted(v.name)}", {dq(v, style)});',
            f"        String {camel(v.name)} = {dq(v, style)};",
        )
        return [shapes[t % len(shapes)]]
    if style == "yaml":
        ind = "  " if t % 2 else ""
        if multi:
            return [f"{ind}{v.name}: |", *(f"{ind}  {line}" for line in lines)]
        return [f"{ind}{v.name}: {yaml_scalar(v)}"]
    if style == "toml":
        if multi:
            return [f'{v.name} = """', *lines, '"""']
        return [f"{v.name} = {dq(v, style)}"]
    if style == "ini":
        if multi:
            return [f"{v.name} = {lines[0]}", *(f"    {line}" for line in lines[1:])]
        return [f"{v.name} = {v.text}"]
    if style == "properties":
        return [f"{dotted(v.name)}=" + "\\n".join(lines)]
    if style == "xml":
        if multi:
            return _multi(lines, f"    <{camel(v.name)}>", f"</{camel(v.name)}>")
        text = escape(v.text)
        shapes = (
            f'    <add key="{pascal(v.name)}" value="{text}" />',
            f"    <{camel(v.name)}>{text}</{camel(v.name)}>",
            f'    <property name="{dotted(v.name)}" value="{text}"/>',
        )
        return [shapes[t % len(shapes)]]
    if style == "env":
        if multi:
            return _multi(lines, f'{upper(v.name)}="', '"')
        shapes = (f"{upper(v.name)}={v.text}", f"{upper(v.name)}={dq(v, style)}")
        return [shapes[t % len(shapes)]]
    if style == "shell":
        if multi:
            return [f"cat > ~/.ssh/{v.name} <<'EOF'", *lines, "EOF"]
        return [(f"export {upper(v.name)}={dq(v, style)}", f"{upper(v.name)}='{v.text}'")[t % 2]]
    if style == "dockerfile":
        if multi:
            return ['RUN echo "' + "\\n".join(lines) + '" > /root/.ssh/id_rsa']
        return [(f"ENV {upper(v.name)}={v.text}", f"ARG {upper(v.name)}={dq(v, style)}")[t % 2]]
    raise ValueError(style)


def _wrap(style: str, t: int, rng: Random, body: list[str]) -> list[str]:
    svc = rng.choice(SERVICES)
    if style == "python" and t % 5 == 4:
        return [f"client = {pascal(svc)}Client(", *body, ")"]
    if style in ("javascript", "typescript") and t % 4 == 2:
        return [f"const {svc}Config = {{", *body, "};"]
    if style == "go" and t % 3 == 0:
        return [f"var {svc}Config = Config{{", *body, "}"]
    if style == "go" and t % 3 == 2:
        return ["func init() {", *body, "}"]
    if style == "java":
        return [f"public final class {pascal(svc)}Settings {{", *body, "}"]
    if style == "yaml" and t % 2:
        return [f"{svc}:", *body]
    if style in ("toml", "ini"):
        return [f"[{svc}]", *body]
    if style == "xml":
        return ["  <appSettings>", *body, "  </appSettings>"]
    return body


def _special(style: str, v: Value, rng: Random) -> list[str] | None:
    """Shapes that only some values take: HTTP headers, connection commands."""
    svc, version = rng.choice(SERVICES), rng.randint(1, 3)
    url = f"https://api.{svc}.acme-corp.net/v{version}/{rng.choice(SERVICES)}"
    if v.name == "authorization":
        return {
            "python": [f'headers = {{"Authorization": "{v.text}"}}'],
            "javascript": [f'  headers: {{ Authorization: "{v.text}" }},'],
            "typescript": [f'  headers: {{ Authorization: "{v.text}" }},'],
            "go": [f'\treq.Header.Set("Authorization", "{v.text}")'],
            "java": [f'        conn.setRequestProperty("Authorization", "{v.text}");'],
            "shell": [f'curl -sS -H "Authorization: {v.text}" {url}'],
            "dockerfile": [f'RUN curl -fsSL -H "Authorization: {v.text}" {url} -o /tmp/bundle'],
            "yaml": ["headers:", f'  Authorization: "{v.text}"'],
        }.get(style)
    if style == "shell" and v.kind.endswith("_url") and rng.random() < 0.5:
        if v.kind == "basic_auth_url":
            return [f"pip install --index-url {v.text} {rng.choice(SERVICES)}-client"]
        return [
            f'psql "{v.text}" -c "select 1"' if "postgres" in v.kind else f"export DSN={v.text}"
        ]
    return None


def render(style: str, rng: Random, values: list[Value]) -> list[str]:
    """The lines that plant a group of values (an AWS key pair, say) in one syntax."""
    if len(values) == 1 and (special := _special(style, values[0], rng)) is not None:
        return special
    t = rng.randrange(12)
    body = [line for v in values for line in pair(style, v, t)]
    return _wrap(style, t, rng, body)


RECORD: dict[str, Callable[[list[Value]], str]] = {
    "python": lambda vs: "    Customer(" + ", ".join(f'{v.name}="{v.text}"' for v in vs) + "),",
    "javascript": lambda vs: "  { " + ", ".join(f'{camel(v.name)}: "{v.text}"' for v in vs) + " },",
    "typescript": lambda vs: "  { " + ", ".join(f'{camel(v.name)}: "{v.text}"' for v in vs) + " },",
    "go": lambda vs: "\t{" + ", ".join(f'{pascal(v.name)}: "{v.text}"' for v in vs) + "},",
    "java": lambda vs: "        new Customer(" + ", ".join(f'"{v.text}"' for v in vs) + "),",
    "yaml": lambda vs: "  - {" + ", ".join(f'{v.name}: "{v.text}"' for v in vs) + "}",
}
RECORD_WRAP = {
    "python": ("CUSTOMERS = [", "]"),
    "javascript": ("const users = [", "];"),
    "typescript": ("const users: User[] = [", "];"),
    "go": ("var fixtures = []Customer{", "}"),
    "java": ("    static final List<Customer> SAMPLE = List.of(", "    );"),
    "yaml": ("customers:", ""),
}


def records(style: str, rows: list[list[Value]]) -> list[str]:
    """Customer records, one per line, or plain assignments where the syntax has no records."""
    if style not in RECORD:
        return [line for row in rows for v in row for line in pair(style, v, 0)]
    head, tail = RECORD_WRAP[style]
    out = [head, *(RECORD[style](row) for row in rows)]
    return [*out, tail] if tail else out


def comment(style: str, text: str) -> str:
    prefix = COMMENT[style]
    return prefix + text + (" -->" if prefix == "<!-- " else "")


def code_negatives(style: str, rng: Random) -> list[str]:
    """Credential-looking code that holds no credential: annotations, defaults, env reads."""
    name = rng.choice(("password", "api_key", "secret", "token", "db_password"))
    ref = env_ref(style, name)
    shapes: dict[str, list[list[str]]] = {
        "python": [
            [f"def connect(host: str, user: str, {name}: str) -> Connection:"],
            [f"def login(self, username, {name}=None, timeout=30):"],
            [f"{name} = {ref}"],
            [f"{upper(name)}: str | None = None"],
        ],
        "javascript": [
            [f"const {camel(name)} = {ref};"],
            [f"function auth(user, {camel(name)}) {{"],
        ],
        "typescript": [[f"  {camel(name)}?: string;"], [f"const {camel(name)} = {ref};"]],
        "go": [[f'\t{pascal(name)} string `json:"{name}"`'], [f"\t{camel(name)} := {ref}"]],
        "java": [
            [f"    private String {camel(name)};"],
            [f"        String {camel(name)} = {ref};"],
        ],
        "yaml": [[f"{name}: {ref}"]],
        "env": [[f"{upper(name)}={ref}"]],
        "shell": [[f'{upper(name)}="{ref.strip(chr(34))}"']],
        "dockerfile": [[f"ENV {upper(name)}={ref}"]],
        "toml": [[f'{name} = "{ref}"']],
        "ini": [[f"{name} = {ref}"]],
        "properties": [[f"{dotted(name)}={ref}"]],
        "xml": [[f'    <add key="{pascal(name)}" value="{ref}" />']],
    }
    return rng.choice(shapes[style])
