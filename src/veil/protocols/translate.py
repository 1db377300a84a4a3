"""What a translation between a client's wire format and OpenAI chat completions has to offer.

A request the policy keeps on this machine may go to a local server that speaks only chat
completions (Ollama, LM Studio, vLLM, llama.cpp). Each client format with a translation
(`anthropic_chat` for Anthropic Messages, `responses_chat` for OpenAI Responses) turns the
client's request into a chat request, and the chat answer, whole or streamed, back into the
answer the client expects.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol

from veil.protocols.neutral import JSON
from veil.protocols.sse import Event, encode_event
from veil.protocols.stream import dumps


@dataclass(slots=True)
class Translated:
    """A request in chat-completions form, and what of the original it could not carry (one
    short note per kind of part dropped, e.g. "2 thinking blocks"; never a value)."""

    body: dict[str, JSON]
    dropped: list[str] = field(default_factory=list)


class StreamTranslator(Protocol):
    """Chat-completions stream events in, the client format's stream events out."""

    complete: bool  # whether the client's stream has been finished properly

    def feed(self, event: Event) -> list[Event]:
        """The client events for one upstream chat event (`data: {...}` or `data: [DONE]`)."""
        ...

    def close(self) -> list[Event]:
        """Events the client is still owed when the upstream stream ends (none once complete)."""
        ...


def make_event(name: str | None, data: JSON) -> Event:
    """An SSE event with its raw bytes, from a name and a JSON value."""
    text = dumps(data)
    return Event(encode_event(name, text), name, text)


# What a streamed answer may hold while its tool calls are held until its choice finishes.
MAX_CALLS = 128  # tool calls a streamed answer may hold
MAX_CALL_ARGUMENTS = 1_000_000  # characters of arguments one held tool call may hold
SERVER_ERROR = "the local model server reported an error"
_STOPPED = "the local model's answer was stopped: "
TOO_LONG = f"{_STOPPED}a tool call's arguments passed {MAX_CALL_ARGUMENTS} characters"
TOO_MANY = f"{_STOPPED}it made more than {MAX_CALLS} tool calls"


class TooMuchHeldError(Exception):
    """A streamed answer holds more tool calls, or longer arguments, than it may."""


@dataclass(slots=True)
class HeldArguments:
    """The arguments of a streamed tool call held until its choice finishes, capped."""

    pieces: list[str] = field(default_factory=list)
    size: int = 0  # characters in `pieces`

    def add(self, piece: str) -> None:
        """Holds one more piece (raises `TooMuchHeldError` past `MAX_CALL_ARGUMENTS`)."""
        self.size += len(piece)
        if self.size > MAX_CALL_ARGUMENTS:
            raise TooMuchHeldError(TOO_LONG)
        self.pieces.append(piece)

    @property
    def text(self) -> str:
        return "".join(self.pieces)
