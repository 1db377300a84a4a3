"""One request's translation to chat completions, and its answer's way back.

The glue between the gateway and the per-format translations (`anthropic_chat` for Claude
Code's Messages, `responses_chat` for Codex's Responses API): the chat request, what it could not
carry, and how the answer, whole or streamed, returns to the client's format.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from veil.protocols import anthropic_chat, responses_chat
from veil.protocols.neutral import JSON, dump_json
from veil.protocols.translate import StreamTranslator

_CHARS_PER_TOKEN = 4  # a rough count: what a token counter answers when kept local


@dataclass(slots=True)
class Translator:
    """A translated request: the chat body to send, notes on what was dropped, and the way
    back for its answer."""

    body: dict[str, JSON]
    dropped: list[str]
    whole: Callable[[dict[str, JSON]], dict[str, JSON]]
    stream: Callable[[], StreamTranslator]


def start_translation(
    name: str, parsed: dict[str, JSON], scrub: Callable[[str], str]
) -> Translator:
    """The translation of a request in format `name` (`messages` or `responses`); `scrub`
    makes the local server's error messages safe to show."""
    model = parsed.get("model") if isinstance(parsed.get("model"), str) else None
    if name == "messages":
        done = anthropic_chat.to_chat(parsed)
        return Translator(
            done.body,
            done.dropped,
            lambda data: anthropic_chat.from_chat(data, model),
            lambda: anthropic_chat.ChatToAnthropicStream(model, scrub=scrub),
        )
    if name == "responses":
        done = responses_chat.to_chat(parsed)
        return Translator(
            done.body,
            done.dropped,
            lambda data: responses_chat.from_chat(data, model, request=parsed),
            lambda: responses_chat.ChatToResponsesStream(model, request=parsed, scrub=scrub),
        )
    raise ValueError(f"no translation for {name!r}")


def estimate_tokens(parsed: JSON) -> int:
    """A rough token count of a request (its JSON text over four), for `count_tokens`."""
    return max(1, len(dump_json(parsed)) // _CHARS_PER_TOKEN)
