"""The gate on tool calls: what a call the model asks for would do on the developer's machine.

A call is judged as the client would run it (placeholders already restored): shell commands that
send data off the machine, reads of deny-listed files, secrets written into files or commands,
and tools the policy lists. Each verdict names a class and a reason, never a value.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

from veil.config import GatePolicySettings


class GateClass(StrEnum):
    EXFILTRATION = "exfiltration"  # data sent to a host off the allowlist
    DENIED_READ = "denied_read"  # a deny-listed file read (`cat .env`, Read ~/.ssh/id_rsa)
    SECRET_WRITE = "secret_write"  # a secret written into a file or a command
    LISTED_TOOL = "listed_tool"  # a tool `[policy.gate] tools` lists


@dataclass(frozen=True, slots=True)
class ToolCall:
    """One call as the client would run it: the tool's name and its arguments, JSON text for a
    function tool, the raw input for a custom (freeform) tool such as Codex's `apply_patch`, the
    JSON of the action for a Responses `local_shell_call`."""

    name: str
    arguments: str
    kind: str = "function"  # "function" | "custom" | "local_shell"


@dataclass(frozen=True, slots=True)
class Verdict:
    """Why a call is of a class: `reason` names the command's shape, the tool, the host or the
    kind of secret (e.g. "curl uploads a file to evil.example"), never a secret or file content."""

    cls: GateClass
    reason: str
    host: str | None = None  # the host data would go to (exfiltration)


class ToolGate:
    """Judges tool calls with one `[policy.gate]` configuration; safe to share across threads."""

    def __init__(
        self,
        settings: GatePolicySettings,
        denies: Callable[[str], bool],
        secrets: Callable[[str], list[str]],
    ) -> None:
        """`denies(path)`: whether a path is deny-listed; `secrets(text)`: the kinds of the
        secrets (credentials) found in a text."""
        raise NotImplementedError

    def judge(self, call: ToolCall) -> tuple[Verdict, ...]:
        """Every class `call` falls in, with its reason (empty when it is harmless)."""
        raise NotImplementedError

    def stops(self, verdicts: tuple[Verdict, ...]) -> bool:
        """Whether a call with these verdicts is replaced (any class whose action is replace)."""
        raise NotImplementedError

    def keeps_placeholders(self, verdicts: tuple[Verdict, ...]) -> bool:
        """Whether placeholders must stay placeholders in this call: it sends data to a host off
        the allowlist, so no original may be restored into it."""
        raise NotImplementedError

    def notice(self, call: ToolCall, verdicts: tuple[Verdict, ...]) -> str:
        """The text a stopped call becomes, for the developer and the model: what was stopped,
        why, and the configuration that would allow it."""
        raise NotImplementedError
