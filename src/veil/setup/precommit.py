"""veil's hook in a pre-commit framework config (`.pre-commit-config.yaml`), edited as text.

The user's comments and layout are kept: the veil entry is inserted as text at the end of the
`repos:` list, never by dumping a parsed document (a YAML dumper drops comments). A byte order
mark, a quoted `'repos':` key and an empty `repos: []` are handled; a list written in flow style
(`repos: [{...}]`) is refused. The result is parsed back and compared with the original, so a
file the text edit would break is refused instead of written.
"""

from __future__ import annotations

import re

from veil.errors import VeilError

CONFIG_NAME = ".pre-commit-config.yaml"
HOOK_ID = "veil"
ENTRY = "veil scan --staged"
HOOK: dict[str, str | bool] = {
    "id": HOOK_ID,
    "name": "veil (secrets and personal data)",
    "entry": ENTRY,
    "language": "system",
    "pass_filenames": False,
    "always_run": True,
}
LOCAL_REPO: dict[str, object] = {"repo": "local", "hooks": [HOOK]}

_ID = re.compile(r"^\s*(?:-\s+)?id:\s*(['\"]?)veil(?:-files)?\1\s*$")
_ENTRY = re.compile(r"^\s*(?:-\s+)?entry:\s*['\"]?(?:\S*python\S*\s+-m\s+)?veil\s+scan\b")
_REPOS = re.compile(r"^(?P<quote>['\"]?)repos(?P=quote):[ \t]*(?P<rest>[^#\r\n]*)")
_FIX = f"add a `repo: local` hook with `entry: {ENTRY}` to {CONFIG_NAME} yourself"


class PreCommitConfigError(VeilError):
    """The pre-commit config cannot be edited safely as text."""


def runs_veil(text: str) -> bool:
    """Whether a pre-commit config lists veil's hook (id `veil`, or an entry runs `veil scan`)."""
    for line in text.splitlines():
        content = line.split(" #", 1)[0]
        if not content.lstrip().startswith("#") and (_ID.match(content) or _ENTRY.match(content)):
            return True
    return False


def with_veil(text: str) -> str:
    """`text` with veil's `repo: local` hook appended to its `repos:` list."""
    newline = "\r\n" if "\r\n" in text else "\n"
    bom = "\ufeff" if text.startswith("\ufeff") else ""
    lines = text.removeprefix(bom).splitlines(keepends=True)
    if lines and not lines[-1].endswith(("\n", "\r")):
        lines[-1] += newline
    start = next((i for i, line in enumerate(lines) if _REPOS.match(line)), None)
    if start is None:
        if any(_is_content(line) for line in lines):
            raise PreCommitConfigError(f"{CONFIG_NAME} has no top-level `repos:` list; {_FIX}")
        start = len(lines)
        lines.append(f"repos:{newline}")
    elif (match := _REPOS.match(lines[start])) and (rest := match["rest"].strip()):
        if rest != "[]":
            raise PreCommitConfigError(f"{CONFIG_NAME} writes `repos:` on one line; {_FIX}")
        head, tail = lines[start][: match.start("rest")].rstrip(), lines[start][match.end() :]
        lines[start] = head + (f" {tail}" if tail.strip() else tail)  # `repos: []` -> `repos:`
    end, indent = _block(lines, start)
    entry = [f"{indent}{row}{newline}" for row in _entry_rows()]
    result = bom + "".join(lines[:end] + entry + lines[end:])
    _check(text, result)
    return result


def _is_content(line: str) -> bool:
    stripped = line.strip()
    return bool(stripped) and not stripped.startswith("#") and stripped != "---"


def _block(lines: list[str], start: int) -> tuple[int, str]:
    """Where the `repos:` list ends (after its last content line) and its items' indentation."""
    last, indent = start + 1, None
    for i in range(start + 1, len(lines)):
        line = lines[i]
        if not _is_content(line):
            continue
        if not line[0].isspace() and not line.startswith("-"):
            break
        if indent is None and line.lstrip().startswith("-"):
            indent = line[: len(line) - len(line.lstrip())]
        last = i + 1
    return last, "  " if indent is None else indent


def _entry_rows() -> list[str]:
    rows = ["- repo: local", "  hooks:"]
    for n, (key, value) in enumerate(HOOK.items()):
        shown = str(value).lower() if isinstance(value, bool) else value
        rows.append(f"    {'- ' if n == 0 else '  '}{key}: {shown}")
    return rows


def _check(before: str, after: str) -> None:
    """The edited file parses to the original document plus veil's repo."""
    import yaml

    try:
        old = yaml.safe_load(before) or {}
    except yaml.YAMLError:
        raise PreCommitConfigError(f"{CONFIG_NAME} is not valid YAML; fix it first") from None
    try:
        new = yaml.safe_load(after)
    except yaml.YAMLError:
        new = None
    if not isinstance(old, dict) or new != {
        **old,
        "repos": [*(old.get("repos") or []), LOCAL_REPO],
    }:
        raise PreCommitConfigError(f"{CONFIG_NAME} could not be edited safely as text; {_FIX}")
