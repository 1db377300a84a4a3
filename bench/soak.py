"""Soak: `veil serve` under a steady mixed load for minutes, watching its memory and every error.

    .venv/bin/python bench/soak.py [--minutes 10] [--connections 32] [--json OUT]

Starts the project's fake provider (tests/fake_provider.py, keeping only its last requests in
memory) and `veil serve` in front of it, both real processes on 127.0.0.1 (veil with its own
throwaway config directory, so a throwaway vault key), and drives veil over keep-alive
connections with the lean client of bench/gateway_load.py, for `--minutes`, over every route:
Anthropic messages (streamed and not, with tool_use/tool_result turns and signed thinking
blocks), count_tokens, chat completions (streamed and not, with tool calls), Responses (streamed
and not, with function_call/function_call_output items), completions (prompt and suffix,
streamed and not) and embeddings.

Every request carries findings built at run time from random values (AWS key pairs, GitHub and
Slack tokens, e-mail addresses, card and phone numbers, IP addresses, passwords): each turn new
ones, and the conversation's history resent with the earlier ones, as an assistant does (it
also quotes some of them again). Conversations have a session id, end after a few turns and
come in sizes from 2 KB to about 200 KB, mostly small. Filler is real open-source code and prose
(bench/corpus_filler.py).

Checks:
- every answer's status, and on a sample (`--check-every`, and every thinking turn) the whole
  answer: the fake provider echoes the last user text (or tool result), so the restored answer
  must equal it exactly: text, thinking, tool arguments, streamed deltas and `.done` events;
- a sample of what the fake provider received (its last requests, fetched every second): no
  original planted in that request, nothing shaped like a planted kind, and every signed
  thinking block still matches its signature (veil must mask it back to the same bytes);
- veil's log: one line per request, the status of each, no traceback;
- veil's memory: VmRSS, CPU time and open descriptors from /proc every 2 s. A least-squares
  line through RSS gives the growth over a measured period: after the warm-up (10% of the run
  unless `--warmup`; requests/s and latencies are taken over the same period), and after veil's
  two bounded caches were full: its memo of findings per text (64 M characters) and its vault of
  placeholders (200,000 originals), which are meant to grow until then. When each was full is
  estimated from what the run sent (texts new to veil, originals planted), and both estimates are
  late if anything: veil keys a text once per context, and finds originals that were not planted.
  The verdict is taken after the caches were full when that leaves a quarter of the run, else
  after the warm-up (a short run then reports the caches filling as growth).

Memory is "flat" when the fitted growth over the period judged is under max(20 MB, 5% of RSS
at its start). Why that much: with 32 requests in flight, some of 200 KB, the bodies, their
parsed JSON and the restored answers in memory at one instant vary by tens of MB, and CPython's
allocator returns freed arenas to the system only when wholly empty, so RSS moves in steps of
several MB with what happens to be in flight. What it still catches: at 120 requests/s (this
2-core machine, shared) a period of 4 to 9 minutes holds 30,000 to 65,000 requests, so anything
kept per request from about 300 to 700 bytes up (a dict entry and its key, let alone a body)
shows; the slope, the second half's slope and the open descriptors are printed beside it.

Results: a table on stdout, JSON in bench/out/soak.json, veil's log in bench/out/soak-veil.log.
Exit status 1 on any error or memory that is not flat.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import hashlib
import itertools
import json
import os
import platform
import re
import resource
import shutil
import signal
import statistics
import sys
import tempfile
import time
import uuid
from collections import Counter, OrderedDict, defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from random import Random
from typing import Any

import orjson

from corpus_filler import docs_pool, python_pool
from gateway_bench import Proc, git_state, machine_busy_seconds, start
from gateway_load import Connection, Reply, build_request

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"

MB = 1024 * 1024
FLAT_MB = 20.0  # growth allowed over the measured period, or FLAT_SHARE of RSS if larger
FLAT_SHARE = 0.05
FAKE_KEEP = 16  # requests the fake provider keeps; all of them fetched every LEAK_POLL_S
LEAK_POLL_S = 1.0
PLANTED_KEPT = 8192  # originals of the latest requests kept for the leak check
# veil's bounded caches (MEMO_MAX_CHARS in veil.pipeline.find, Vault's max_entries);
# read from the code when it is importable, for the estimate of when each is full.
MEMO_CHARS_DEFAULT = 64_000_000
VAULT_ENTRIES_DEFAULT = 200_000

ROUTES: dict[str, tuple[str, str, bool]] = {  # name: (path, format, streamed)
    "messages": ("/v1/messages", "anthropic", False),
    "messages stream": ("/v1/messages", "anthropic", True),
    "count_tokens": ("/v1/messages/count_tokens", "count_tokens", False),
    "chat": ("/v1/chat/completions", "chat", False),
    "chat stream": ("/v1/chat/completions", "chat", True),
    "responses": ("/v1/responses", "responses", False),
    "responses stream": ("/v1/responses", "responses", True),
    "completions": ("/v1/completions", "completions", False),
    "completions stream": ("/v1/completions", "completions", True),
    "embeddings": ("/v1/embeddings", "embeddings", False),
}
TOOL = "run_command"
ECHO_TOOL = f"[[echo-tool {TOOL}]]"
ANTHROPIC_TOOLS = [
    {
        "name": TOOL,
        "description": "Run a shell command in the repository root.",
        "input_schema": {"type": "object", "properties": {"value": {"type": "string"}}},
    }
]
CHAT_TOOLS = [
    {
        "type": "function",
        "function": {
            "name": TOOL,
            "description": "Run a shell command in the repository root.",
            "parameters": {"type": "object", "properties": {"value": {"type": "string"}}},
        },
    }
]
RESPONSES_TOOLS = [
    {
        "type": "function",
        "name": TOOL,
        "description": "Run a shell command in the repository root.",
        "parameters": {"type": "object", "properties": {"value": {"type": "string"}}},
    }
]

# Shapes of what the run plants: one of these in a body the provider received is a leak
# (the filler is scrubbed of such shapes; veil's own e-mail placeholders are excluded).
LEAK_SHAPES = re.compile(
    r"AKIA[A-Z2-7]{16}"
    r"|ghp_[A-Za-z0-9]{36}"
    r"|xoxb-\d{12}-\d{12}-[A-Za-z0-9]{24}"
    r"|(?<![\w.+\\-])(?!veil-[0-9a-f]{8}@example\.com)[\w.+-]+@[\w-]+\.[\w.-]+"
)
SIGNATURE = re.compile(rb'"signature":\s*"([0-9a-f]+)"')


# ---------------------------------------------------------------- what the requests carry


B32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
FIRST = ("anna", "jonas", "maria", "tomas", "lena", "pavel", "ines", "oskar", "mei", "ravi")
LAST = ("lindqvist", "moreau", "keller", "novak", "santos", "brandt", "okafor", "haas", "ito")
WORDS = ("north", "fern", "quark", "ridge", "delta", "harbor", "cedar", "pixel", "orbit")
TLDS = ("dev", "io", "co", "net", "com")


class Values:
    """Fresh random findings, each a snippet of text and the originals it plants."""

    def __init__(self, rng: Random) -> None:
        self.rng = rng
        self.kinds: list[Callable[[], tuple[str, list[str]]]] = [
            self.aws,
            self.email,
            self.github,
            self.card,
            self.phone,
            self.ip,
            self.password,
            self.slack,
        ]

    def _chars(self, alphabet: str, n: int) -> str:
        return "".join(self.rng.choices(alphabet, k=n))

    def email_address(self) -> str:
        r = self.rng
        domain = f"{r.choice(WORDS)}{r.choice(WORDS)}-{r.randrange(100, 999)}.{r.choice(TLDS)}"
        return f"{r.choice(FIRST)}.{r.choice(LAST)}{r.randrange(10, 99999)}@{domain}"

    def aws(self) -> tuple[str, list[str]]:
        key_id = "AKIA" + self._chars(B32, 16)
        secret = self._chars(ALNUM + "+/", 40)
        text = (
            f"`.env.local`:\n\n```\naws_access_key_id = {key_id}\n"
            f"aws_secret_access_key = {secret}\nregion = eu-west-1\n```"
        )
        return text, [key_id, secret]

    def email(self) -> tuple[str, list[str]]:
        who = self.email_address()
        name = who.split("@")[0].rstrip("0123456789").replace(".", " ").title()
        text = (
            f"git log says:\n\n```\ncommit {self.rng.getrandbits(160):040x}\nAuthor: {name} "
            f"<{who}>\n\n    Fix the retry loop\n```\n\nAsk {who} before you merge it."
        )
        return text, [who]

    def github(self) -> tuple[str, list[str]]:
        token = "ghp_" + self._chars(ALNUM, 36)
        return f"CI fails to push; the workflow has\n\n    GITHUB_TOKEN={token}\n", [token]

    def card(self) -> tuple[str, list[str]]:
        digits = [4] + [self.rng.randrange(10) for _ in range(14)]
        total = 0
        for i, d in enumerate(reversed(digits)):
            if i % 2 == 0:
                d = d * 2 - 9 if d * 2 > 9 else d * 2
            total += d
        number = "".join(map(str, digits)) + str((10 - total % 10) % 10)
        return f"The customer's card on file is {number}, it was declined twice.", [number]

    def phone(self) -> tuple[str, list[str]]:
        r = self.rng
        number = f"+1 415 {r.randrange(200, 999)} {r.randrange(1000, 9999)}"
        return f"If the deploy breaks call the on-call at {number} at any hour.", [number]

    def ip(self) -> tuple[str, list[str]]:
        r = self.rng
        addr = f"{r.choice((23, 34, 51, 81, 93, 145, 185))}.{r.randrange(256)}.{r.randrange(256)}"
        addr += f".{r.randrange(1, 255)}"
        return f"The staging server at {addr} refuses connections since Monday.", [addr]

    def password(self) -> tuple[str, list[str]]:
        # With a digit, as generated passwords have: veil's gateway engine leaves a quoted
        # letters-only value such as `DB_PASSWORD = "LkzaaEYnLpsuTgkr"` unmasked (seen on
        # 2026-11 code; about 0.6% of these would lack a digit), a detection question that
        # this soak is not about.
        pw = self._chars(ALNUM, self.rng.randrange(11, 19))
        at = self.rng.randrange(len(pw) + 1)
        pw = pw[:at] + self.rng.choice("0123456789") + pw[at:]
        return f'settings.py has\n\n    DB_PASSWORD = "{pw}"\n', [pw]

    def slack(self) -> tuple[str, list[str]]:
        r = self.rng
        token = f"xoxb-{r.randrange(10**11, 10**12)}-{r.randrange(10**11, 10**12)}-"
        token += self._chars(ALNUM, 24)
        return f"The bot posts with\n\n    SLACK_BOT_TOKEN={token}\n", [token]

    def some(self, n: int) -> tuple[list[str], list[str]]:
        texts: list[str] = []
        originals: list[str] = []
        for kind in self.rng.choices(self.kinds, k=n):
            text, found = kind()
            texts.append(text)
            originals += found
        return texts, originals


class Filler:
    """Clean code and prose from real open-source files (read once), sliced at random."""

    def __init__(self, rng: Random, code: str, prose: str) -> None:
        self.rng, self.code, self.prose = rng, code, prose

    @classmethod
    def load(cls, rng: Random) -> Filler:
        code = cls._read(python_pool().stream(rng), 700_000)
        return cls(rng, code, cls._read(docs_pool().stream(rng), 200_000))

    @staticmethod
    def _read(stream: Iterator[list[str]], chars: int) -> str:
        lines: list[str] = []
        size = 0
        while size < chars:
            block = next(stream)
            lines += block
            size += sum(len(line) + 1 for line in block)
        return "\n".join(lines)

    def _slice(self, text: str, chars: int) -> str:
        chars = max(1, min(chars, len(text) - 1))
        at = self.rng.randrange(len(text) - chars)
        begin = text.rfind("\n", 0, at) + 1
        end = text.find("\n", begin + chars)
        return text[begin : end if end > 0 else len(text)].strip("\n")

    def code_block(self, chars: int) -> str:
        return self._slice(self.code, chars)

    def prose_block(self, chars: int) -> str:
        return self._slice(self.prose, chars)


def body_size(rng: Random) -> int:
    """Bytes a conversation grows to: mostly small, some of tens of KB, a few near 200 KB."""
    x = rng.random()
    if x < 0.65:
        return rng.randrange(2_000, 8_000)
    if x < 0.92:
        return rng.randrange(8_000, 50_000)
    return rng.randrange(50_000, 200_000)


class Maker:
    """One worker's supply of texts: filler with findings, new and repeated."""

    def __init__(self, rng: Random, filler: Filler) -> None:
        self.rng = rng
        self.filler = filler
        self.values = Values(rng)
        self.new_chars = 0  # characters of text never sent before (what veil has to scan)
        self.new_originals = 0

    def text(self, chars: int, findings: int, repeat: list[str]) -> tuple[str, list[str]]:
        """About `chars` of code and prose with `findings` new snippets and, when `repeat` holds
        earlier originals, one of them quoted again."""
        snippets, originals = self.values.some(findings)
        parts = [self.filler.prose_block(self.rng.randrange(150, 400))]
        room = max(chars - sum(map(len, snippets)) - len(parts[0]), 200)
        pieces = max(1, len(snippets))
        for snippet in snippets:
            path = f"src/{self.rng.choice(WORDS)}/{self.rng.choice(WORDS)}.py"
            code = self.filler.code_block(room // pieces)
            parts.append(f"Here is `{path}`:\n\n```python\n{code}\n```\n\n{snippet}")
        if not snippets:
            parts.append(self.filler.code_block(room))
        if repeat and self.rng.random() < 0.5:
            parts.append(f"Same problem as before with {self.rng.choice(repeat)}, by the way.")
        parts.append("Why does the retry loop never stop when the upstream times out?")
        out = "\n\n".join(parts)
        self.new_chars += len(out)
        self.new_originals += len(originals)
        return out, originals

    def turn(self, room: int, repeat: list[str]) -> tuple[str, list[str]]:
        """A user turn: mostly 1-3 KB, sometimes a pasted file of up to 30 KB."""
        if room > 12_000 and self.rng.random() < 0.1:
            chars = self.rng.randrange(5_000, min(30_000, room))
        else:
            chars = self.rng.randrange(700, 2_500)
        return self.text(chars, self.rng.choice((1, 1, 2, 3)), repeat)

    def tool_output(self) -> tuple[str, list[str]]:
        snippets, originals = self.values.some(self.rng.choice((1, 2)))
        log = self.filler.code_block(self.rng.randrange(300, 1500))
        out = "$ make deploy\n" + log + "\n\n" + "\n".join(snippets) + "\nexit status 2"
        self.new_chars += len(out)
        self.new_originals += len(originals)
        return out, originals

    def answer(self, originals: list[str]) -> str:
        """What the assistant said, as the client resends it: a short reply quoting a value."""
        quote = f" It comes from {self.rng.choice(originals)}." if originals else ""
        return "I found the cause: the retry loop ignores the timeout." + quote


# ---------------------------------------------------------------- requests and their checks


@dataclass(slots=True)
class Pending:
    """A request about to be sent: its body, what it planted and what the answer must be."""

    route: str
    body: bytes
    headers: dict[str, str]
    originals: list[str]  # every planted original in the body
    kind: str  # text, tool, result, thinking, count, complete, embed
    expect: str = ""  # the text the fake provider echoes back, as the client must see it
    inputs: int = 0  # embeddings: how many vectors
    chunk: int = 0  # streamed characters per event


class Conversation:
    """A chat with an assistant in one of the three conversational formats, turn after turn:
    history resent every turn, new findings in each, tool calls and (Anthropic) thinking."""

    def __init__(self, route: str, maker: Maker, rng: Random) -> None:
        self.route = route
        self.path, self.fmt, self.stream = ROUTES[route]
        self.maker = maker
        self.rng = rng
        self._pending: tuple[list[dict[str, Any]], str, list[str]] = ([], "", [])
        self.reset()

    def reset(self) -> None:
        self.session = str(uuid.UUID(int=self.rng.getrandbits(128)))
        self.items: list[dict[str, Any]] = []
        self.originals: list[str] = []
        self.cap = body_size(self.rng)
        self.turns_left = self.rng.randrange(1, 7)
        self.next_kind = "text"
        self.size = 0
        notes, found = self.maker.text(self.rng.randrange(300, 900), 1, [])
        system = "You are a careful senior engineer. Notes on this project:\n\n" + notes
        self.system: Any = system
        if self.fmt in ("anthropic", "count_tokens") and self.rng.random() < 0.5:
            self.system = [{"type": "text", "text": system, "cache_control": {"type": "ephemeral"}}]
        self.originals += found
        # History the conversation starts with (a resumed session), so that its requests land
        # near the size drawn: what is left for the turns to add is a few KB each.
        prefill = self.cap - self.turns_left * 2_500 - 1_500
        while prefill > 3_000:
            user, found = self.maker.text(self.rng.randrange(2_000, 6_000), 2, self.originals)
            self.originals += found
            self._add_user(user)
            self._add_answer(self.maker.answer(found))
            prefill -= len(user) + 200

    # -- rendering turns in the conversation's format

    def _add_user(self, text: str) -> None:
        if self.fmt == "responses":
            self.items.append(
                {
                    "type": "message",
                    "role": "user",
                    "content": [{"type": "input_text", "text": text}],
                }
            )
        elif self.fmt in ("anthropic", "count_tokens") and self.rng.random() < 0.5:
            self.items.append({"role": "user", "content": [{"type": "text", "text": text}]})
        else:
            self.items.append({"role": "user", "content": text})

    def _add_answer(self, text: str, thinking: tuple[str, str] | None = None) -> None:
        if self.fmt == "responses":
            part = {"type": "output_text", "text": text, "annotations": []}
            self.items.append({"type": "message", "role": "assistant", "content": [part]})
        elif thinking is not None:
            block = {"type": "thinking", "thinking": thinking[0], "signature": thinking[1]}
            self.items.append(
                {"role": "assistant", "content": [block, {"type": "text", "text": text}]}
            )
        else:
            self.items.append({"role": "assistant", "content": text})

    def _add_tool_call(self, value: str) -> None:
        arguments = json.dumps({"value": value})  # as the fake provider writes them
        if self.fmt == "responses":
            self.items.append(
                {
                    "type": "function_call",
                    "call_id": "call_fake_1",
                    "name": TOOL,
                    "arguments": arguments,
                }
            )
        elif self.fmt == "chat":
            call = {"name": TOOL, "arguments": arguments}
            self.items.append(
                {
                    "role": "assistant",
                    "content": None,
                    "tool_calls": [{"id": "call_fake_1", "type": "function", "function": call}],
                }
            )
        else:
            block = {
                "type": "tool_use",
                "id": "toolu_fake_1",
                "name": TOOL,
                "input": {"value": value},
            }
            self.items.append({"role": "assistant", "content": [block]})

    def _tool_result(self, output: str) -> dict[str, Any]:
        if self.fmt == "responses":
            return {"type": "function_call_output", "call_id": "call_fake_1", "output": output}
        if self.fmt == "chat":
            return {"role": "tool", "tool_call_id": "call_fake_1", "content": output}
        block = {"type": "tool_result", "tool_use_id": "toolu_fake_1", "content": output}
        return {"role": "user", "content": [block]}

    # -- the next request

    def next(self) -> Pending:
        if self.next_kind != "result" and (self.turns_left <= 0 or self.size > self.cap):
            self.reset()
        self.turns_left -= 1
        kind = self.next_kind
        if kind != "result":
            x = self.rng.random()
            kind = "text"
            if self.fmt != "count_tokens" and x < 0.2:
                kind = "tool"
            elif self.fmt == "anthropic" and x < 0.35:
                kind = "thinking"
        new_items: list[dict[str, Any]]
        if kind == "result":
            text, found = self.maker.tool_output()
            new_items = [self._tool_result(text)]
            expect = "tool said: " + text
        else:
            room = self.cap - self.size
            text, found = self.maker.turn(room if kind != "thinking" else 2_500, self.originals)
            if kind == "tool":
                text += "\n\n" + ECHO_TOOL
            saved, self.items = self.items, []
            self._add_user(text)
            new_items, self.items = self.items, saved
            expect = text if kind == "tool" else "echo: " + text
        body = self._body(new_items, kind)
        self.size = len(body)
        pending = Pending(self.route, body, self._headers(), self.originals + found, kind, expect)
        pending.chunk = chunk_size(self.rng, len(expect) * (2 if kind == "thinking" else 1))
        if self.stream:
            pending.headers["x-fake-chunk"] = str(pending.chunk)
        self._pending = (new_items, text, found)
        return pending

    def _headers(self) -> dict[str, str]:
        if self.fmt in ("anthropic", "count_tokens"):
            return {
                "x-api-key": "soak-client",
                "anthropic-version": "2023-06-01",
                "x-claude-code-session-id": self.session,
            }
        if self.fmt == "responses":
            return {"authorization": "Bearer soak-client", "session-id": self.session}
        return {"authorization": "Bearer soak-client"}  # chat: the default scope

    def _body(self, new_items: list[dict[str, Any]], kind: str) -> bytes:
        items = self.items + new_items
        data: dict[str, Any]
        if self.fmt == "responses":
            data = {"model": "gpt-soak", "instructions": self.system, "input": items}
            data["tools"] = RESPONSES_TOOLS
            data["store"] = False
        elif self.fmt == "chat":
            system = self.system if isinstance(self.system, str) else self.system[0]["text"]
            data = {"model": "gpt-soak", "messages": [{"role": "system", "content": system}]}
            data["messages"] += items
            data["tools"] = CHAT_TOOLS
            if self.stream and self.rng.random() < 0.5:
                data["stream_options"] = {"include_usage": True}
        else:
            data = {"model": "claude-soak", "system": self.system, "messages": items}
            data["tools"] = ANTHROPIC_TOOLS
            if self.fmt == "anthropic":
                data["max_tokens"] = 4096
            if kind == "thinking":
                data["thinking"] = {"type": "enabled", "budget_tokens": 2048}
        if self.stream:
            data["stream"] = True
        return orjson.dumps(data)

    def done(self, pending: Pending, reply: Reply) -> None:
        """The answer came (status 200): the turn joins the history as the client resends it."""
        new_items, text, found = self._pending
        self.items += new_items
        self.originals += found
        if pending.kind == "tool":
            self._add_tool_call(text)
            self.next_kind = "result"
            return
        self.next_kind = "text"
        if pending.kind == "thinking":
            m = SIGNATURE.search(reply.body)
            signature = m.group(1).decode() if m else ""
            thinking = "Thinking about " + pending.expect
            self._add_answer(self.maker.answer(found), (thinking, signature))
        else:
            self._add_answer(self.maker.answer(found or self.originals[-1:]))


class Completions:
    """Fill-in-the-middle: a prompt and a suffix from the file being edited."""

    def __init__(self, route: str, maker: Maker, rng: Random) -> None:
        self.route = route
        self.path, self.fmt, self.stream = ROUTES[route]
        self.maker = maker
        self.rng = rng

    def next(self) -> Pending:
        size = min(body_size(self.rng), 60_000)  # the echo of the prompt is streamed back
        prompt, found = self.maker.text(size * 3 // 4, self.rng.choice((1, 2)), [])
        suffix, found2 = self.maker.text(size // 4, 1, [])
        prompt += "\n# TODO: retry with backoff\ndef retry("
        data: dict[str, Any] = {"model": "gpt-soak", "prompt": prompt, "suffix": suffix}
        data["max_tokens"] = 256
        if self.stream:
            data["stream"] = True
        originals = found + found2
        expect = "echo: " + prompt
        pending = Pending(self.route, orjson.dumps(data), {}, originals, "complete", expect)
        pending.headers["authorization"] = "Bearer soak-client"
        if self.stream:
            pending.chunk = chunk_size(self.rng, len(expect))
            pending.headers["x-fake-chunk"] = str(pending.chunk)
        return pending

    def done(self, pending: Pending, reply: Reply) -> None:
        pass


class Embeddings:
    """Chunks of a repository to index, each with findings."""

    def __init__(self, route: str, maker: Maker, rng: Random) -> None:
        self.route = route
        self.maker = maker
        self.rng = rng

    def next(self) -> Pending:
        size = min(body_size(self.rng), 100_000)
        n = self.rng.choice((1, 1, 2, 4, 8))
        inputs: list[str] = []
        originals: list[str] = []
        for _ in range(n):
            text, found = self.maker.text(size // n, 1, [])
            inputs.append(text)
            originals += found
        data = {"model": "text-embedding-soak", "input": inputs[0] if n == 1 else inputs}
        pending = Pending(self.route, orjson.dumps(data), {}, originals, "embed", inputs=n)
        pending.headers["authorization"] = "Bearer soak-client"
        return pending

    def done(self, pending: Pending, reply: Reply) -> None:
        pass


def chunk_size(rng: Random, chars: int) -> int:
    """Characters per streamed event: small as a model's deltas, at most ~400 events a stream."""
    return max(rng.choice((3, 8, 16, 16, 32, 64)), chars // 400 + 1)


def sse(body: bytes) -> Iterator[tuple[str | None, Any]]:
    """(event name, parsed data) of each event of a stream; `[DONE]` as a string."""
    for event in body.split(b"\n\n"):
        name = None
        for line in event.split(b"\n"):
            if line.startswith(b"event:"):
                name = line[6:].strip().decode()
            elif line.startswith(b"data:"):
                payload = line[5:].strip()
                yield name, "[DONE]" if payload == b"[DONE]" else orjson.loads(payload)


def check(pending: Pending, reply: Reply, stream: bool) -> str | None:
    """What is wrong with this 200 answer, or None."""
    fmt = ROUTES[pending.route][1]
    try:
        if fmt == "count_tokens":
            ok = isinstance(orjson.loads(reply.body).get("input_tokens"), int)
            return None if ok else "no input_tokens"
        if fmt == "embeddings":
            data = orjson.loads(reply.body).get("data") or []
            return None if len(data) == pending.inputs else f"{len(data)} vectors"
        got = ANSWERS[fmt](reply.body, stream)
    except (ValueError, KeyError, TypeError, IndexError, AttributeError) as exc:
        return f"unreadable answer ({type(exc).__name__}: {exc})"
    wanted = dict(expected(pending))
    for key, value in wanted.items():
        have = got.get(key)
        if have != value:
            return f"{key} differs: {difference(value, have)}"
    return None


def expected(pending: Pending) -> Iterator[tuple[str, Any]]:
    if pending.kind == "tool":
        yield "tool", {"value": pending.expect}
    else:
        yield "text", pending.expect
    if pending.kind == "thinking":
        yield "thinking", "Thinking about " + pending.expect


def difference(want: Any, have: Any) -> str:
    """Where two answers part, without quoting more than a few characters of either."""
    if not isinstance(want, str) or not isinstance(have, str):
        want, have = json.dumps(want), json.dumps(have)
    at = next((i for i, (a, b) in enumerate(zip(want, have, strict=False)) if a != b), None)
    if at is None:
        at = min(len(want), len(have))
    return (
        f"lengths {len(want)} / {len(have)}, first difference at {at}: "
        f"want {want[at : at + 24]!r}, got {have[at : at + 24]!r}"
    )


def anthropic_answer(body: bytes, stream: bool) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if not stream:
        for block in orjson.loads(body)["content"]:
            if block["type"] == "text":
                out["text"] = out.get("text", "") + block["text"]
            elif block["type"] == "thinking":
                out["thinking"] = block["thinking"]
            elif block["type"] == "tool_use":
                out["tool"] = block["input"]
        return out
    parts: dict[str, list[str]] = defaultdict(list)
    for _, data in sse(body):
        if data.get("type") != "content_block_delta":
            continue
        delta = data["delta"]
        kind = delta["type"]
        if kind == "text_delta":
            parts["text"].append(delta["text"])
        elif kind == "thinking_delta":
            parts["thinking"].append(delta["thinking"])
        elif kind == "input_json_delta":
            parts["tool"].append(delta["partial_json"])
    out = {k: "".join(v) for k, v in parts.items()}
    if "tool" in out:
        out["tool"] = json.loads(out["tool"])
    return out


def chat_answer(body: bytes, stream: bool) -> dict[str, Any]:
    if not stream:
        message = orjson.loads(body)["choices"][0]["message"]
        if message.get("tool_calls"):
            return {"tool": json.loads(message["tool_calls"][0]["function"]["arguments"])}
        return {"text": message["content"]}
    text: list[str] = []
    args: list[str] = []
    done = False
    for _, data in sse(body):
        if data == "[DONE]":
            done = True
            continue
        for choice in data.get("choices") or ():
            delta = choice.get("delta") or {}
            if delta.get("content"):
                text.append(delta["content"])
            for call in delta.get("tool_calls") or ():
                args.append((call.get("function") or {}).get("arguments") or "")
    if not done:
        return {"error": "no [DONE]"}
    return {"tool": json.loads("".join(args))} if args else {"text": "".join(text)}


def responses_answer(body: bytes, stream: bool) -> dict[str, Any]:
    if not stream:
        return _responses_output(orjson.loads(body)["output"])
    text: list[str] = []
    args: list[str] = []
    out: dict[str, Any] = {}
    final: dict[str, Any] = {}
    for name, data in sse(body):
        if name == "response.output_text.delta":
            text.append(data["delta"])
        elif name == "response.function_call_arguments.delta":
            args.append(data["delta"])
        elif name == "response.output_text.done":
            out["done"] = data["text"]
        elif name == "response.function_call_arguments.done":
            out["done"] = json.loads(data["arguments"])
        elif name == "response.completed":
            final = _responses_output(data["response"]["output"])
    got = {"tool": json.loads("".join(args))} if args else {"text": "".join(text)}
    key = "tool" if args else "text"
    # the `.done` event and the completed response repeat the whole text: restored alike
    if out.get("done") != got[key] or final.get(key) != got[key]:
        return {key: {"deltas": got[key], "done": out.get("done"), "completed": final.get(key)}}
    return got


def _responses_output(output: list[dict[str, Any]]) -> dict[str, Any]:
    item = output[0]
    if item["type"] == "function_call":
        return {"tool": json.loads(item["arguments"])}
    return {"text": "".join(part["text"] for part in item["content"])}


def completions_answer(body: bytes, stream: bool) -> dict[str, Any]:
    if not stream:
        return {"text": orjson.loads(body)["choices"][0]["text"]}
    text: list[str] = []
    for _, data in sse(body):
        if data != "[DONE]":
            text += [c.get("text") or "" for c in data.get("choices") or ()]
    return {"text": "".join(text)}


ANSWERS: dict[str, Callable[[bytes, bool], dict[str, Any]]] = {
    "anthropic": anthropic_answer,
    "chat": chat_answer,
    "responses": responses_answer,
    "completions": completions_answer,
}


# ---------------------------------------------------------------- the run


@dataclass
class RouteStats:
    requests: int = 0
    measured: int = 0  # completed after the warm-up
    bytes_sent: int = 0
    checked: int = 0
    errors: Counter[str] = field(default_factory=Counter)
    latencies: list[float] = field(default_factory=list)  # measured period only


@dataclass
class Run:
    """Everything the workers and samplers record."""

    veil_port: int
    fake_port: int
    check_every: int
    timeout: float
    started: float = 0.0
    warm_end: float = 0.0
    deadline: float = 0.0
    routes: dict[str, RouteStats] = field(default_factory=lambda: {r: RouteStats() for r in ROUTES})
    samples: list[dict[str, Any]] = field(default_factory=list)
    error_log: list[dict[str, Any]] = field(default_factory=list)
    planted: OrderedDict[int, tuple[str, list[str]]] = field(default_factory=OrderedDict)
    ids: Iterator[int] = field(default_factory=lambda: itertools.count(1))
    leak: dict[str, Any] = field(
        default_factory=lambda: {
            "bodies_checked": 0,
            "with_known_id": 0,
            "signed_blocks_checked": 0,
            "leaks": 0,
            "shape_matches": 0,
            "signature_mismatches": 0,
            "polls": 0,
            "poll_errors": 0,
        }
    )
    makers: list[Maker] = field(default_factory=list)
    fill: dict[str, float | None] = field(default_factory=dict)  # when each cache was full
    stop: bool = False
    fatal: str | None = None

    def error(self, route: str, key: str, pending: Pending | None, detail: str = "") -> None:
        self.routes[route].errors[key] += 1
        if len(self.error_log) < 50:
            shape = {}
            if pending is not None:
                shape = {
                    "kind": pending.kind,
                    "stream": ROUTES[route][2],
                    "body_bytes": len(pending.body),
                    "chunk": pending.chunk,
                }
            self.error_log.append(
                {
                    "t": round(time.monotonic() - self.started, 1),
                    "route": route,
                    "error": key,
                    "detail": detail[:400],
                    **shape,
                }
            )


async def worker(run: Run, index: int, seed: int, filler: Filler) -> None:
    rng = Random(seed * 1000 + index)
    maker = Maker(rng, Filler(rng, filler.code, filler.prose))
    run.makers.append(maker)
    states: dict[str, Conversation | Completions | Embeddings] = {}
    for route, (_, fmt, _) in ROUTES.items():
        if fmt == "completions":
            states[route] = Completions(route, maker, rng)
        elif fmt == "embeddings":
            states[route] = Embeddings(route, maker, rng)
        else:
            states[route] = Conversation(route, maker, rng)
    names = list(ROUTES)
    conn = Connection(run.veil_port)
    try:
        while not run.stop and time.monotonic() < run.deadline:
            route = rng.choice(names)
            state = states[route]
            pending = state.next()
            rid = next(run.ids)
            run.planted[rid] = (route, pending.originals)
            if len(run.planted) > PLANTED_KEPT:
                run.planted.popitem(last=False)
            headers = {**pending.headers, "x-soak-id": str(rid)}
            raw = build_request(run.veil_port, ROUTES[route][0], pending.body, headers)
            stats = run.routes[route]
            stats.requests += 1
            stats.bytes_sent += len(pending.body)
            began = time.monotonic()
            try:
                reply = await asyncio.wait_for(conn.request(raw), run.timeout)
            except (OSError, asyncio.IncompleteReadError, TimeoutError, ValueError) as exc:
                run.error(route, type(exc).__name__, pending, str(exc))
                await conn.close()
                await asyncio.sleep(0.1)  # no busy loop while veil is unreachable
                if isinstance(state, Conversation):
                    state.reset()
                continue
            now = time.monotonic()
            if now >= run.warm_end:
                stats.measured += 1
                stats.latencies.append(now - began)
            if reply.status != 200:
                detail = reply.body[:300].decode("utf-8", "replace")
                run.error(route, f"status {reply.status}", pending, detail)
                if isinstance(state, Conversation):
                    state.reset()
                continue
            if stats.requests % run.check_every == 0 or pending.kind == "thinking":
                stats.checked += 1
                problem = check(pending, reply, ROUTES[route][2])
                if problem is not None:
                    run.error(route, "restore mismatch", pending, problem)
            state.done(pending, reply)
    finally:
        await conn.close()


def raw_get(port: int, path: str) -> bytes:
    head = f"GET {path} HTTP/1.1\r\nhost: 127.0.0.1:{port}\r\ncontent-length: 0\r\n\r\n"
    return head.encode("latin-1")


async def leak_checker(run: Run) -> None:
    """Reads the fake provider's latest requests every second and checks each body once."""
    conn = Connection(run.fake_port)
    seen: OrderedDict[int, None] = OrderedDict()
    stats = run.leak
    try:
        while not run.stop:
            await asyncio.sleep(LEAK_POLL_S)
            stats["polls"] += 1
            try:
                reply = await asyncio.wait_for(
                    conn.request(raw_get(run.fake_port, "/_fake/requests")), 30
                )
                entries = orjson.loads(reply.body)
            except (OSError, asyncio.IncompleteReadError, TimeoutError, ValueError):
                stats["poll_errors"] += 1
                await conn.close()
                continue
            for entry in entries:
                if entry["n"] in seen:
                    continue
                seen[entry["n"]] = None
                if len(seen) > 4 * FAKE_KEEP:
                    seen.popitem(last=False)
                check_upstream(run, entry)
    finally:
        await conn.close()


def check_upstream(run: Run, entry: dict[str, Any]) -> None:
    stats = run.leak
    body: str = entry.get("body") or ""
    stats["bodies_checked"] += 1
    rid = entry.get("headers", {}).get("x-soak-id")
    known = run.planted.get(int(rid)) if rid and rid.isdigit() else None
    route = known[0] if known else _route_of(entry.get("path", ""))
    if known is not None:
        stats["with_known_id"] += 1
        leaked = [o for o in known[1] if o in body]
        if leaked:
            stats["leaks"] += len(leaked)
            where = body.find(leaked[0])
            context = body[max(0, where - 60) : where].replace(leaked[0], "...")
            run.error(
                route,
                "leak",
                None,
                f"{len(leaked)} planted originals upstream, kinds {sorted(map(_shape, leaked))}; "
                f"the first after {context!r}",
            )
    shapes = LEAK_SHAPES.findall(body)
    if shapes:
        stats["shape_matches"] += len(shapes)
        run.error(
            route,
            "leak shape",
            None,
            f"{len(shapes)} values of a planted shape upstream, e.g. {shapes[0][:6]}...",
        )
    if '"signature"' in body:
        data = orjson.loads(body)
        for message in data.get("messages") or ():
            content = message.get("content")
            for block in content if isinstance(content, list) else ():
                if isinstance(block, dict) and block.get("type") == "thinking":
                    stats["signed_blocks_checked"] += 1
                    digest = hashlib.sha256(block.get("thinking", "").encode()).hexdigest()
                    if digest != block.get("signature"):
                        stats["signature_mismatches"] += 1
                        run.error(
                            route,
                            "signature mismatch",
                            None,
                            "a signed thinking block reached the provider changed",
                        )


def _route_of(path: str) -> str:
    for name, (route_path, _, _) in ROUTES.items():
        if route_path == path:
            return name
    return "messages"


def _shape(original: str) -> str:
    if original.startswith("AKIA"):
        return "aws key id"
    for prefix, kind in (("ghp_", "github token"), ("xoxb-", "slack token"), ("+1 ", "phone")):
        if original.startswith(prefix):
            return kind
    if "@" in original:
        return "email"
    if original.count(".") == 3:
        return "ip"
    if original.isdigit():
        return "card"
    return "aws secret" if len(original) == 40 else "password"


def proc_figures(pid: int) -> dict[str, Any]:
    """VmRSS (kB), CPU seconds, open descriptors and threads of one process, from /proc."""
    out: dict[str, Any] = {}
    base = Path(f"/proc/{pid}")
    for line in (base / "status").read_text().splitlines():
        if line.startswith(("VmRSS:", "VmHWM:", "Threads:")):
            key, value = line.split(":", 1)
            out[key] = int(value.split()[0])
    fields = (base / "stat").read_text().rpartition(")")[2].split()
    out["cpu_s"] = (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    out["fds"] = len(os.listdir(base / "fd"))
    return out


async def sampler(run: Run, veil: Proc, fake: Proc, every: float, caps: dict[str, int]) -> None:
    """veil's memory and CPU every `every` seconds, with the load's progress."""
    while True:
        for proc in (veil, fake):
            if proc.popen.poll() is not None:
                run.fatal = f"{proc.name} exited with status {proc.popen.returncode}"
                run.stop = True
                return
        take_sample(run, veil, fake, caps)
        if run.stop:
            return
        await asyncio.sleep(every)


def take_sample(run: Run, veil: Proc, fake: Proc, caps: dict[str, int]) -> None:
    t = time.monotonic() - run.started
    try:
        v = proc_figures(veil.popen.pid)
        f = proc_figures(fake.popen.pid)
    except (OSError, IndexError, ValueError, KeyError):  # gone, or a zombie without VmRSS
        return
    new_chars = sum(m.new_chars for m in run.makers)
    new_originals = sum(m.new_originals for m in run.makers)
    for name, sent, cap in (
        ("memo", new_chars, caps["memo_chars"]),
        ("vault", new_originals, caps["vault_entries"]),
    ):
        if sent >= cap and run.fill.get(name) is None:
            run.fill[name] = round(t, 1)
    ru = resource.getrusage(resource.RUSAGE_SELF)
    run.samples.append(
        {
            "t": round(t, 2),
            "rss_mb": round(v["VmRSS"] / 1024, 2),
            "hwm_mb": round(v["VmHWM"] / 1024, 2),
            "cpu_s": v["cpu_s"],
            "fds": v["fds"],
            "threads": v["Threads"],
            "fake_rss_mb": round(f["VmRSS"] / 1024, 2),
            "fake_cpu_s": f["cpu_s"],
            "client_cpu_s": round(ru.ru_utime + ru.ru_stime, 2),
            "machine_busy_s": round(machine_busy_seconds(), 2),
            "requests": sum(s.requests for s in run.routes.values()),
            "errors": sum(sum(s.errors.values()) for s in run.routes.values()),
            "new_chars": new_chars,
            "new_originals": new_originals,
            "loaded": not run.stop,
        }
    )


def veil_caps() -> dict[str, int]:
    """veil's memo and vault bounds, read from its code where it has them."""
    import importlib
    import inspect

    caps = {"memo_chars": MEMO_CHARS_DEFAULT, "vault_entries": VAULT_ENTRIES_DEFAULT}
    for module in ("veil.pipeline.find", "veil.gateway.disguise"):
        with contextlib.suppress(Exception):
            caps["memo_chars"] = int(importlib.import_module(module).MEMO_MAX_CHARS)
            break
    with contextlib.suppress(Exception):
        from veil.vault.vault import Vault

        caps["vault_entries"] = int(inspect.signature(Vault).parameters["max_entries"].default)
    return caps


def veil_log(path: Path) -> dict[str, Any]:
    """Request lines of veil's log by route and status; tracebacks and other lines."""
    statuses: Counter[str] = Counter()
    by_route: dict[str, Counter[str]] = defaultdict(Counter)
    lines = tracebacks = other = 0
    with open(path, "rb") as log:
        for raw in log:
            line = raw.decode("utf-8", "replace")
            if "Traceback" in line:
                tracebacks += 1
            m = re.search(r"\bstatus=(\d+)", line)
            if m is None:
                other += 1
                continue
            lines += 1
            route = re.search(r"\broute=(\S+)", line)
            statuses[m.group(1)] += 1
            by_route[route.group(1) if route else "?"][m.group(1)] += 1
    return {
        "request_lines": lines,
        "statuses": dict(statuses),
        "by_route": {k: dict(v) for k, v in by_route.items()},
        "tracebacks": tracebacks,
        "other_lines": other,
    }


def fit(points: list[tuple[float, float]]) -> float:
    """Least-squares slope of y over x (0 for fewer than 3 points)."""
    if len(points) < 3:
        return 0.0
    xs = [p[0] for p in points]
    ys = [p[1] for p in points]
    mx, my = statistics.fmean(xs), statistics.fmean(ys)
    den = sum((x - mx) ** 2 for x in xs)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / den if den else 0.0


def memory_period(samples: list[dict[str, Any]], since: float) -> dict[str, Any] | None:
    """RSS over the samples taken under load from `since` (seconds into the run) on."""
    measured = [s for s in samples if s["t"] >= since and s["loaded"]]
    if len(measured) < 3:
        return None
    start, end = measured[0], measured[-1]
    minutes = (end["t"] - start["t"]) / 60
    slope = fit([(s["t"] / 60, s["rss_mb"]) for s in measured])
    half = [s for s in measured if s["t"] >= (start["t"] + end["t"]) / 2]
    fitted = slope * minutes
    allowed = max(FLAT_MB, FLAT_SHARE * start["rss_mb"])
    return {
        "from_s": start["t"],
        "minutes": round(minutes, 2),
        "rss_start_mb": start["rss_mb"],
        "rss_end_mb": end["rss_mb"],
        "rss_max_mb": max(s["rss_mb"] for s in measured),
        "rss_growth_mb": round(end["rss_mb"] - start["rss_mb"], 2),
        "fitted_growth_mb": round(fitted, 2),
        "allowed_growth_mb": round(allowed, 2),
        "slope_mb_per_min": round(slope, 3),
        "slope_second_half_mb_per_min": round(fit([(s["t"] / 60, s["rss_mb"]) for s in half]), 3),
        "fds_start": start["fds"],
        "fds_end": end["fds"],
        "fds_max": max(s["fds"] for s in measured),
        "threads_end": end["threads"],
        "flat": fitted < allowed,
    }


def memory_verdict(run: Run) -> dict[str, Any]:
    """Growth after the warm-up and, when the run saw them full, after veil's caches filled.

    The verdict is taken on the second when there is one (at least a quarter of the run and five
    samples): until both bounded caches are full veil's memory is meant to grow."""
    total = run.deadline - run.started
    after_warmup = memory_period(run.samples, run.warm_end - run.started)
    filled = [run.fill.get("memo"), run.fill.get("vault")]
    after_full = None
    if all(t is not None for t in filled):
        full_at = max(t for t in filled if t is not None)
        period = memory_period(run.samples, full_at)
        if period is not None and period["minutes"] * 60 >= total / 4:
            after_full = period
    judged = after_full or after_warmup
    out: dict[str, Any] = {
        "after_warmup": after_warmup,
        "after_caches_full": after_full,
        "judged_on": "after_caches_full" if after_full else "after_warmup",
        "rss_max_mb": max((s["rss_mb"] for s in run.samples), default=None),
    }
    if judged is None:
        out.update(verdict="too short to judge", flat=False)
    else:
        out.update(verdict="flat" if judged["flat"] else "growing", flat=judged["flat"])
    return out


def pct(values: list[float], q: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


async def soak(args: argparse.Namespace, veil: Proc, fake: Proc, filler: Filler) -> Run:
    run = Run(veil.port, fake.port, args.check_every, args.timeout)
    run.started = time.monotonic()
    run.warm_end = run.started + args.warmup
    run.deadline = run.started + args.minutes * 60
    caps = veil_caps()
    run.fill = {"memo": None, "vault": None, **{f"{k}_cap": v for k, v in caps.items()}}
    tasks = [
        asyncio.create_task(sampler(run, veil, fake, args.sample_seconds, caps)),
        asyncio.create_task(leak_checker(run)),
    ]
    workers = [
        asyncio.create_task(worker(run, i, args.seed, filler)) for i in range(args.connections)
    ]
    progress = asyncio.create_task(report_progress(run, args.progress_seconds))
    try:
        await asyncio.gather(*workers)
    finally:
        for task in workers:
            task.cancel()
        run.stop = True
        progress.cancel()
        await asyncio.gather(*tasks, progress, return_exceptions=True)
    return run


async def report_progress(run: Run, every: float) -> None:
    while True:
        await asyncio.sleep(every)
        if not run.samples:
            continue
        s = run.samples[-1]
        print(
            f"  {s['t']:7.0f} s  {s['requests']:8d} requests  {s['errors']:4d} errors  "
            f"veil RSS {s['rss_mb']:7.1f} MB  fds {s['fds']:4d}  "
            f"bodies checked upstream {run.leak['bodies_checked']}",
            flush=True,
        )


def summarise(
    args: argparse.Namespace, run: Run, idle_rss: float | None, log: dict[str, Any]
) -> dict[str, Any]:
    seconds = max(run.deadline - run.warm_end, 1e-9)
    routes = {}
    for name, s in run.routes.items():
        routes[name] = {
            "requests": s.requests,
            "measured": s.measured,
            "per_s": round(s.measured / seconds, 1),
            "p50_ms": round(pct(s.latencies, 0.5) * 1000, 2),
            "p99_ms": round(pct(s.latencies, 0.99) * 1000, 2),
            "mb_sent": round(s.bytes_sent / MB, 1),
            "checked": s.checked,
            "errors": dict(s.errors),
        }
    everything = [x for s in run.routes.values() for x in s.latencies]
    memory = memory_verdict(run)
    memory["rss_after_idle_mb"] = idle_rss
    if not run.samples:
        raise RuntimeError("no sample of veil's memory was taken")
    first, last = run.samples[0], run.samples[-1]
    span = max(last["t"] - first["t"], 1e-9)
    cpu = {
        "veil_core_share": round((last["cpu_s"] - first["cpu_s"]) / span, 3),
        "fake_core_share": round((last["fake_cpu_s"] - first["fake_cpu_s"]) / span, 3),
        "client_core_share": round((last["client_cpu_s"] - first["client_cpu_s"]) / span, 3),
        "machine_busy_cores": round((last["machine_busy_s"] - first["machine_busy_s"]) / span, 3),
    }
    errors = sum(sum(s.errors.values()) for s in run.routes.values())
    unanswered = sum(  # connection errors and timeouts: no status came back
        n for s in run.routes.values() for k, n in s.errors.items() if k[0].isupper()
    )
    answered = sum(s.requests for s in run.routes.values()) - unanswered
    client_requests = sum(s.requests for s in run.routes.values())
    log_errors = sum(n for status, n in log["statuses"].items() if not status.startswith("2"))
    problems = []
    if errors:
        problems.append(f"{errors} errors")
    if run.fatal:
        problems.append(run.fatal)
    if log["tracebacks"]:
        problems.append(f"{log['tracebacks']} tracebacks in veil's log")
    if log_errors:
        problems.append(f"{log_errors} non-2xx lines in veil's log")
    if not memory["flat"]:
        problems.append(f"memory {memory['verdict']} ({memory['judged_on']})")
    if not run.leak["with_known_id"]:
        problems.append("no upstream body could be matched to its request")
    return {
        "routes": routes,
        "total": {
            "requests": client_requests,
            "measured": sum(s.measured for s in run.routes.values()),
            "per_s": round(sum(s.measured for s in run.routes.values()) / seconds, 1),
            "p50_ms": round(pct(everything, 0.5) * 1000, 2),
            "p99_ms": round(pct(everything, 0.99) * 1000, 2),
            "errors": errors,
            "answered": answered,
            "checked": sum(s.checked for s in run.routes.values()),
            "mb_sent": round(sum(s.bytes_sent for s in run.routes.values()) / MB, 1),
            "new_chars": last["new_chars"],
            "new_originals": last["new_originals"],
        },
        "memory": memory,
        "caches_full_at_s": run.fill,
        "cpu": cpu,
        "upstream_check": run.leak,
        "veil_log": log,
        "errors": run.error_log,
        "samples": run.samples,
        "verdict": "pass" if not problems else "fail",
        "problems": problems,
        "fatal": run.fatal,
        "warmup_s": args.warmup,
    }


def render(result: dict[str, Any]) -> str:
    lines = [
        f"{'route':<20} {'requests':>9} {'req/s':>7} {'p50 ms':>8} {'p99 ms':>8} "
        f"{'MB sent':>8} {'checked':>8} {'errors':>7}"
    ]
    rows = [*result["routes"].items(), ("total", result["total"])]
    for name, r in rows:
        errors = r["errors"] if isinstance(r["errors"], int) else sum(r["errors"].values())
        lines.append(
            f"{name:<20} {r['requests']:>9} {r['per_s']:>7.1f} {r.get('p50_ms', 0):>8.2f} "
            f"{r.get('p99_ms', 0):>8.2f} {r['mb_sent']:>8.1f} {r['checked']:>8} {errors:>7}"
        )
    m = result["memory"]
    lines.append("")
    for key, label in (
        ("after_warmup", f"after the {result['warmup_s']:.0f} s warm-up"),
        ("after_caches_full", "after veil's caches were full"),
    ):
        period = m.get(key)
        if period is None:
            lines.append(f"veil RSS {label}: not measured")
            continue
        judged = " <- verdict" if m["judged_on"] == key else ""
        lines += [
            f"veil RSS {label} ({period['minutes']} min from {period['from_s']:.0f} s): "
            f"start {period['rss_start_mb']:.1f} MB, end {period['rss_end_mb']:.1f} MB "
            f"({period['rss_growth_mb']:+.1f}), max {period['rss_max_mb']:.1f} MB",
            f"  slope {period['slope_mb_per_min']:+.2f} MB/min (second half "
            f"{period['slope_second_half_mb_per_min']:+.2f}); fitted growth "
            f"{period['fitted_growth_mb']:+.1f} MB, allowed {period['allowed_growth_mb']:.1f} "
            f"MB: {'flat' if period['flat'] else 'GROWING'}{judged}",
            f"  open fds {period['fds_start']} -> {period['fds_end']} (max "
            f"{period['fds_max']}), threads {period['threads_end']}",
        ]
    lines.append(
        f"veil RSS max {m['rss_max_mb']} MB, after 5 s idle {m['rss_after_idle_mb']} MB; "
        f"memory: {m['verdict'].upper()}"
    )
    fill = result["caches_full_at_s"]
    t = result["total"]
    lines.append(
        f"  veil's bounded caches, from what was sent: memo {t['new_chars'] / 1e6:.1f} M of "
        f"{fill['memo_chars_cap'] / 1e6:.0f} M new characters (full at {fill['memo'] or '-'} s), "
        f"vault {t['new_originals']} of {fill['vault_entries_cap']} originals "
        f"(full at {fill['vault'] or '-'} s)"
    )
    c = result["cpu"]
    lines.append(
        f"CPU, cores busy: veil {c['veil_core_share']:.2f}, fake provider "
        f"{c['fake_core_share']:.2f}, this client {c['client_core_share']:.2f}, machine "
        f"{c['machine_busy_cores']:.2f}"
    )
    u = result["upstream_check"]
    lines.append(
        f"upstream bodies checked: {u['bodies_checked']} ({u['with_known_id']} matched to their "
        f"request), signed thinking blocks {u['signed_blocks_checked']}: leaks {u['leaks']}, "
        f"planted shapes {u['shape_matches']}, signature mismatches {u['signature_mismatches']}"
    )
    log = result["veil_log"]
    lines.append(
        f"veil log: {log['request_lines']} request lines for {t['answered']} answered requests, "
        f"statuses {log['statuses']}, tracebacks {log['tracebacks']}"
    )
    for e in result["errors"][:10]:
        lines.append(f"  error: {e}")
    verdict = result["verdict"].upper()
    lines.append(
        f"verdict: {verdict}"
        + (f" ({'; '.join(result['problems'])})" if result["problems"] else "")
    )
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=10.0)
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument(
        "--warmup", type=float, default=None, help="seconds not measured (10%% of the run)"
    )
    parser.add_argument("--check-every", type=int, default=20, help="answers per route per check")
    parser.add_argument("--sample-seconds", type=float, default=2.0)
    parser.add_argument("--progress-seconds", type=float, default=30.0)
    parser.add_argument("--timeout", type=float, default=60.0, help="seconds per request")
    parser.add_argument("--seed", type=int, default=None, help="random by default")
    parser.add_argument("--json", type=Path, default=OUT / "soak.json")
    args = parser.parse_args()
    if args.warmup is None:
        args.warmup = 0.1 * args.minutes * 60
    if args.seed is None:
        args.seed = int.from_bytes(os.urandom(4), "big")

    OUT.mkdir(parents=True, exist_ok=True)

    def on_signal(signum: int, _frame: object) -> None:
        raise SystemExit(128 + signum)

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGHUP, on_signal)
    started: list[Proc] = []
    tmp = Path(tempfile.mkdtemp(prefix="veil-soak-"))
    try:
        print("reading filler text", flush=True)
        filler = Filler.load(Random(args.seed))
        env = {k: v for k, v in os.environ.items() if not k.upper().endswith("_PROXY")}
        env["XDG_CONFIG_HOME"] = str(tmp / "config")
        python = str(ROOT / ".venv" / "bin" / "python")
        if not Path(python).exists():
            python = sys.executable
        fake = start(
            "fake",
            [python, "-m", "tests.fake_provider", "--port", "0", "--keep", str(FAKE_KEEP)],
            env=env,
            cwd=ROOT,
            log=OUT / "soak-fake.log",
            banner="fake provider listening on",
            procs=started,
        )
        fake_url = f"http://127.0.0.1:{fake.port}"
        veil = start(
            "veil",
            [
                *(python, "-m", "veil", "serve", "--port", "0"),
                *("--upstream", f"openai={fake_url}/v1", "--upstream", f"anthropic={fake_url}"),
            ],
            env=env,
            cwd=tmp,  # no ./veil.toml: embedded defaults
            log=OUT / "soak-veil.log",
            banner="veil listening on",
            procs=started,
        )
        print(
            f"soak: {args.minutes:g} min at {args.connections} connections over "
            f"{len(ROUTES)} routes (warm-up {args.warmup:.0f} s, seed {args.seed}); "
            f"veil pid {veil.popen.pid} on port {veil.port}",
            flush=True,
        )
        loop_factory: Callable[[], asyncio.AbstractEventLoop] | None = None
        with contextlib.suppress(ImportError):
            import uvloop

            loop_factory = uvloop.new_event_loop
        with asyncio.Runner(loop_factory=loop_factory) as runner:
            run = runner.run(soak(args, veil, fake, filler))
        time.sleep(5)  # idle: what veil gives back once nothing is in flight
        idle_rss = None
        with contextlib.suppress(OSError, KeyError):
            idle_rss = round(proc_figures(veil.popen.pid)["VmRSS"] / 1024, 1)
        veil.stop()
        fake.stop()
        from veil import __version__ as veil_version

        result = summarise(args, run, idle_rss, veil_log(veil.log))
        result["meta"] = {
            "veil_version": veil_version,
            "veil_commit": git_state(),
            "python": platform.python_version(),
            "cpus": os.cpu_count(),
            "args": {k: str(v) for k, v in vars(args).items()},
            "when": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        }
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(result, indent=2))
        print()
        print(render(result))
        print(f"\nJSON: {args.json}; veil's log: {veil.log}")
        return 0 if result["verdict"] == "pass" else 1
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    finally:
        for proc in reversed(started):
            proc.stop()
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
