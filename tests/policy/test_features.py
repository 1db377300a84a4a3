"""Request features the registry keys facts by, found where each API puts them."""

from __future__ import annotations

import pytest

from veil.policy.features import request_features

IMAGE = {"type": "image", "source": {"type": "base64", "media_type": "image/png", "data": "x"}}
FILE_DOC = {"type": "document", "source": {"type": "file", "file_id": "file_011"}}


@pytest.mark.parametrize(
    ("body", "path", "expected"),
    [
        ({"messages": [{"role": "user", "content": "hi"}]}, "/v1/messages", set()),
        ({"requests": []}, "/v1/messages/batches", {"batch"}),
        ({"messages": [{"role": "user", "content": [FILE_DOC]}]}, "/v1/messages", {"files-api"}),
        ({"messages": [{"role": "user", "content": [IMAGE]}]}, "/v1/messages", set()),
        (
            {"container": {"skills": [{"type": "anthropic", "skill_id": "xlsx"}]}},
            "/v1/messages",
            {"skills"},
        ),
        ({"container": {"skills": []}}, "/v1/messages", set()),
        ({"tools": [{"google_search": {}}]}, "/v1/chat/completions", {"grounding"}),
        ({"tools": [{"type": "google_search"}]}, "/v1/chat/completions", {"grounding"}),
        (
            {"tools": [{"type": "function", "function": {"name": "google"}}]},
            "/v1/chat/completions",
            set(),
        ),
        ("not an object", "/v1/messages", set()),
        ({"messages": "odd", "tools": None}, "/v1/messages", set()),
    ],
)
def test_features(body: object, path: str, expected: set[str]) -> None:
    assert request_features(body, path) == expected
