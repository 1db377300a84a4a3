"""The MCP server of `veil mcp`, on the official SDK's `MCPServer`: tools that read files masked
and deny-list aware, scan, sanitize and restore texts, and ask the policy. Each tool returns its
result as structured content and as text; a refusal is a tool error (`is_error`), not a crash."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any

from mcp.server.mcpserver import MCPServer
from mcp.server.mcpserver.exceptions import ToolError
from mcp_types import CallToolResult, TextContent, ToolAnnotations
from pydantic import BaseModel, Field

from veil import __version__
from veil.config import Settings
from veil.errors import VeilError
from veil.mcp.tools import Checked, ReadFile, Restored, Sanitized, Scan, Toolbox

INSTRUCTIONS = (
    "veil keeps secrets, personal data and internal names out of what you send. Read files with "
    "read_file instead of other file tools: it withholds credential files (.env, keys) and masks "
    "what the rest hold. Placeholders such as VEIL_SECRET_3F9A2C1B stand for values you must "
    "not see; copy them as they are."
)
READ_ONLY = ToolAnnotations(read_only_hint=True, open_world_hint=False)

PathArg = Annotated[str, Field(description="A file path, absolute or relative to the project.")]
TextArg = Annotated[str, Field(description="The text.")]


def build_server(settings: Settings, *, vault_dir: Path | None = None) -> MCPServer[Any]:
    """The `veil` MCP server with its five tools, over one Toolbox for `settings`."""
    box = Toolbox(settings, vault_dir=vault_dir)
    server: MCPServer[Any] = MCPServer(
        "veil", version=__version__, instructions=INSTRUCTIONS, log_level="WARNING"
    )

    @server.tool(annotations=READ_ONLY)
    def read_file(path: PathArg) -> Annotated[CallToolResult, ReadFile]:
        """Read a text file with its secrets and personal data masked and internal names
        disguised. Refuses credential files (.env, .ssh/*, *.pem, ...), binaries and files
        over 2 MB."""
        with _refusals():
            out = box.read_file(path)
        return _result(out, out.text, _masked(out.counts))

    @server.tool(annotations=READ_ONLY)
    def scan(
        path: Annotated[str | None, Field(description="A file or directory to scan.")] = None,
        text: Annotated[str | None, Field(description="A text to scan.")] = None,
    ) -> Annotated[CallToolResult, Scan]:
        """Find secrets, personal data, internal names and forbidden files in a file, a
        directory or a text: rule, kind, category and position of each, never the value."""
        with _refusals():
            out = box.scan(path, text)
        return _result(out, _scan_text(out))

    @server.tool(annotations=READ_ONLY)
    def sanitize(
        text: TextArg,
        path: Annotated[
            str | None, Field(description="The file the text comes from (its language).")
        ] = None,
    ) -> Annotated[CallToolResult, Sanitized]:
        """Disguise a text: secrets and personal data become placeholders, internal names
        stand-ins. restore (or `veil restore`) puts the originals back."""
        with _refusals():
            out = box.sanitize(text, path)
        return _result(out, out.text, _masked(out.counts))

    @server.tool(annotations=READ_ONLY)
    def restore(text: TextArg) -> Annotated[CallToolResult, Restored]:
        """Put the real names, hosts and URLs back into a text that holds veil's stand-ins.
        Secrets and personal data stay placeholders: `veil restore` in a terminal gives them
        back."""
        with _refusals():
            out = box.restore(text)
        return _result(out, out.text)

    @server.tool(annotations=READ_ONLY)
    def check(
        text: TextArg,
        provider: Annotated[
            str | None, Field(description="Only this provider or upstream (e.g. anthropic).")
        ] = None,
    ) -> Annotated[CallToolResult, Checked]:
        """The policy's decision for a text: its tier, the reasons, and what would happen to
        it at each provider (forward, mask, pseudonymize, local or block)."""
        with _refusals():
            out = box.check(text, provider)
        return _result(out, _check_text(out))

    return server


@contextmanager
def _refusals() -> Iterator[None]:
    """A VeilError becomes a tool error with its message (which names no value)."""
    try:
        yield
    except VeilError as exc:
        raise ToolError(str(exc)) from None


def _result(model: BaseModel, *texts: str) -> CallToolResult:
    """`model` as structured content, and `texts` (the non-empty ones) as text blocks."""
    return CallToolResult(
        content=[TextContent(type="text", text=t) for t in texts if t],
        structured_content=model.model_dump(mode="json"),
    )


def _masked(counts: dict[str, int]) -> str:
    """`veil masked: aws_access_key x1, org_term x3`, or nothing when nothing was."""
    if not counts:
        return ""
    return "veil masked: " + ", ".join(f"{k} x{n}" for k, n in sorted(counts.items()))


def _scan_text(out: Scan) -> str:
    lines = [f"{out.total} finding(s) in {out.scanned} scanned"]
    for f in out.findings:
        where = f"{f.path}:" if f.path else ""
        lines.append(f"{where}{f.line}:{f.column}: {f.category} {f.kind} ({f.rule_id})")
    if out.truncated:
        lines.append(f"... {out.total - len(out.findings)} more; run `veil scan` for all")
    return "\n".join(lines)


def _check_text(out: Checked) -> str:
    lines = [f"tier: {out.tier}"]
    if out.reasons:
        lines.append(
            "reasons: " + ", ".join(f"{r.source}:{r.detail} x{r.count}" for r in out.reasons)
        )
    for title, decisions in (("providers", out.decisions), ("upstreams", out.upstreams)):
        if decisions:
            lines.append(f"{title}:")
            lines += [f"  {name}: {d.decision} ({d.key})" for name, d in decisions.items()]
    return "\n".join(lines)
