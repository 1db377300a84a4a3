"""The strings of a JSON text as texts of their own: code in a tool result or in tool-call
arguments that are JSON (`{"path": "billing.py", "content": "def f():\\n    # ..."}`) is in
the decoded string, not in the JSON text.

Each string value that may hold code (it has a line break, or its object names a file of a
known language: `path`, `file_path`, `filename`...) is decoded, with the map from its offsets
to those of the JSON text and back: exact across escapes (`\\n`, `\\"`, `\\/`, `\\u00e9`, a
surrogate pair `\\ud83d\\ude00` for one character). A string that is itself JSON text is
walked in turn (a tool result that is JSON inside JSON). Text put in a string's place is
JSON-escaped (`escape`) as many times as the string is nested.
"""

from __future__ import annotations

import bisect
import json
import re
from dataclasses import dataclass, field

import orjson

from veil.code.languages import language_for_path

# A JSON string token, or a structural character.
_TOKEN = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"|[{}\[\]:]')
_ESCAPE = re.compile(
    r"\\(?:u[dD][89abAB][0-9a-fA-F]{2}\\u[dD][c-fC-F][0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|.)"
)
_JSON_START = re.compile(r"\s*[{\[]")
# Keys whose value names the file the other strings of the object are (or come from).
PATH_KEYS = frozenset(
    ("path", "file_path", "filePath", "filepath", "filename", "file_name", "fileName", "file")
)
# JSON inside JSON inside JSON is walked; deeper is not.
MAX_NESTING = 3


@dataclass(slots=True)
class JsonString:
    """One string value of a JSON text, decoded: `text`, standing at [start, end) (its content,
    quotes excluded) of the text it was found in, which is the decoded string `parent` when
    nested; `path`: the file its object names, if any."""

    start: int
    end: int
    text: str
    path: str | None = None
    parent: JsonString | None = None
    # The pieces of `text`, where each starts (decoded, raw) and whether it is one escape (one
    # character) or a run of plain characters. Empty when the string has no escape.
    _decoded: list[int] = field(default_factory=list, repr=False)
    _raw: list[int] = field(default_factory=list, repr=False)
    _escape: list[bool] = field(default_factory=list, repr=False)

    def raw(self, offset: int) -> int:
        """Where the character at `offset` of `text` starts in the outermost JSON text
        (`len(text)`: where the string's content ends)."""
        at = self._local(offset)
        return self.parent.raw(at) if self.parent is not None else at

    def _local(self, offset: int) -> int:
        if not self._decoded:
            return self.start + offset
        if offset >= len(self.text):
            return self.end
        index = bisect.bisect_right(self._decoded, offset) - 1
        return self._raw[index] + offset - self._decoded[index]  # an escape: offset is its own

    def decoded(self, raw: int) -> int:
        """The offset in `text` of the character at `raw` of the outermost JSON text (inside an
        escape: that escape's character); the string must hold it (`holds`), or `raw` be
        where its content ends."""
        if self.parent is not None:
            raw = self.parent.decoded(raw)
        if not self._decoded:
            return raw - self.start
        if raw >= self.end:
            return len(self.text)
        index = bisect.bisect_right(self._raw, raw) - 1
        if self._escape[index]:
            return self._decoded[index]
        return self._decoded[index] + raw - self._raw[index]

    def holds(self, raw: int) -> bool:
        """Whether the character at `raw` of the outermost JSON text is in this string."""
        outer = self.parent
        if outer is not None:
            if not outer.holds(raw):
                return False
            raw = outer.decoded(raw)
        return self.start <= raw < self.end

    def escape(self, text: str) -> str:
        """`text` as it is written in the outermost JSON text, in this string's place."""
        escaped = escape(text)
        return self.parent.escape(escaped) if self.parent is not None else escaped


def _decode(token: str, start: int) -> JsonString | None:
    """The string whose token (quotes included) stands at `start`; None if it is not valid."""
    content = token[1:-1]
    if "\\" not in content:
        return JsonString(start + 1, start + len(token) - 1, content)
    string = JsonString(start + 1, start + len(token) - 1, "")
    pieces: list[str] = []
    size = position = 0
    for m in _ESCAPE.finditer(content):
        if m.start() > position:
            string._decoded.append(size)
            string._raw.append(start + 1 + position)
            string._escape.append(False)
            pieces.append(content[position : m.start()])
            size += m.start() - position
        try:
            char = json.loads(f'"{m.group()}"')
        except ValueError:
            return None
        string._decoded.append(size)
        string._raw.append(start + 1 + m.start())
        string._escape.append(True)
        pieces.append(char)
        size += len(char)
        position = m.end()
    if position < len(content):
        string._decoded.append(size)
        string._raw.append(start + 1 + position)
        string._escape.append(False)
        pieces.append(content[position:])
    string.text = "".join(pieces)
    return string


def _file_name(token: str) -> str | None:
    """The file a string token names, if of a known language."""
    name = token[1:-1]
    if "\\" in name:
        decoded = _decode(token, 0)
        if decoded is None:
            return None
        name = decoded.text
    return name if language_for_path(name) is not None else None


def _is_json(text: str) -> bool:
    """Whether a string is itself a JSON object or array."""
    if not _JSON_START.match(text) or not text.rstrip().endswith(("}", "]")):
        return False
    try:
        orjson.loads(text)
    except orjson.JSONDecodeError:
        return False
    return True


def strings(text: str, *, _parent: JsonString | None = None, _depth: int = 0) -> list[JsonString]:
    """The string values of a JSON text that may hold code, decoded, in order (for a string
    that is JSON text itself, its own strings); [] when there are none."""
    last_key: list[str] = [""]  # of each object or array, in order of opening
    hints: list[str | None] = [None]
    stack = [0]
    candidates: list[tuple[int, str, int]] = []  # (its object, token, start)
    for m in _TOKEN.finditer(text):
        token = m.group()
        if token in ("{", "["):
            last_key.append("")
            hints.append(None)
            stack.append(len(hints) - 1)
            continue
        if token in ("}", "]"):
            if len(stack) > 1:
                stack.pop()
            continue
        if token == ":":
            continue
        owner = stack[-1]
        after = m.end()
        while after < len(text) and text[after] in " \t\r\n":
            after += 1
        if after < len(text) and text[after] == ":":
            last_key[owner] = token[1:-1]
            continue
        if last_key[owner] in PATH_KEYS:
            if hints[owner] is None:
                hints[owner] = _file_name(token)
            continue
        candidates.append((owner, token, m.start()))
    found: list[JsonString] = []
    for owner, token, start in candidates:
        hint = hints[owner]
        if hint is None and "\\n" not in token:
            continue
        string = _decode(token, start)
        if string is None:
            continue
        string.path, string.parent = hint, _parent
        if hint is None and _is_json(string.text):
            if _depth + 1 < MAX_NESTING:
                found.extend(strings(string.text, _parent=string, _depth=_depth + 1))
            continue  # JSON is data: no comments of its own
        found.append(string)
    return found


def escape(text: str) -> str:
    """`text` as the content of a JSON string."""
    return json.dumps(text, ensure_ascii=False)[1:-1]
