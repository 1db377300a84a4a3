"""Features a request uses that change what a provider keeps (the registry's `feature`
variants): Anthropic's batches, Files API and skills, Gemini's grounding with Google Search."""

from __future__ import annotations

from typing import Any

# Tool types and names that ask Gemini to ground answers in Google Search.
_GROUNDING = ("google_search", "googleSearch", "google_search_retrieval")


def request_features(body: Any, path: str) -> frozenset[str]:
    """The registry features `body`, sent to `path`, uses (empty for most requests)."""
    found: set[str] = set()
    if "/batches" in path:
        found.add("batch")
    if not isinstance(body, dict):
        return frozenset(found)
    container = body.get("container")
    if isinstance(container, dict) and container.get("skills"):
        found.add("skills")
    for tool in body.get("tools") or ():
        if isinstance(tool, dict) and _grounds(tool):
            found.add("grounding")
    if _uses_files(body.get("messages")):
        found.add("files-api")
    return frozenset(found)


def _grounds(tool: dict[str, Any]) -> bool:
    kind = tool.get("type")
    return any(k in tool for k in _GROUNDING) or (isinstance(kind, str) and kind in _GROUNDING)


def _uses_files(messages: Any) -> bool:
    """Whether an Anthropic message refers to a file uploaded with the Files API."""
    if not isinstance(messages, list):
        return False
    for message in messages:
        content = message.get("content") if isinstance(message, dict) else None
        for block in content if isinstance(content, list) else ():
            source = block.get("source") if isinstance(block, dict) else None
            if isinstance(source, dict) and source.get("type") == "file":
                return True
    return False
