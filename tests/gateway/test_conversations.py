"""Conversations kept local: named by the client's session header, else by their opening."""

from __future__ import annotations

from veil.gateway.conversations import KeptLocal, conversation_key
from veil.policy.tiers import Tier


def _messages(*texts: str) -> dict[str, object]:
    roles = ["user", "assistant"]
    return {"messages": [{"role": roles[i % 2], "content": t} for i, t in enumerate(texts)]}


def test_a_session_header_names_the_conversation_whatever_its_messages() -> None:
    first = conversation_key("", {"x-claude-code-session-id": "s-1"}, _messages("a"))
    later = conversation_key("", {"x-claude-code-session-id": "s-1"}, _messages("b", "c", "d"))
    other = conversation_key("", {"x-claude-code-session-id": "s-2"}, _messages("a"))
    assert first == later and first != other


def test_without_a_header_the_first_user_message_names_it_in_every_format() -> None:
    turn1 = conversation_key("", {}, _messages("fix the billing job"))
    turn3 = conversation_key("", {}, _messages("fix the billing job", "done", "thanks"))
    assert turn1 is not None and turn1 == turn3
    blocks = {"messages": [{"role": "user", "content": [{"type": "text", "text": "hi"}]}]}
    responses = {"input": [{"type": "message", "role": "user", "content": "hi"}]}
    assert conversation_key("", {}, blocks) == conversation_key("", {}, responses)
    assert conversation_key("", {}, {"input": "hi"}) == conversation_key("", {}, blocks)


def test_callers_never_share_a_conversation() -> None:
    assert conversation_key("alice", {}, _messages("hi")) != conversation_key(
        "bob", {}, _messages("hi")
    )


def test_nothing_names_a_body_without_user_text() -> None:
    assert conversation_key("", {}, {"messages": []}) is None
    assert conversation_key("", {}, [1, 2]) is None
    assert conversation_key("", {}, {"messages": [{"role": "system", "content": "x"}]}) is None


def test_kept_local_remembers_the_highest_tier_and_forgets_the_oldest() -> None:
    kept = KeptLocal(limit=2)
    assert kept.tier("a") is None and kept.tier(None) is None
    kept.keep("a", Tier.RESTRICTED)
    kept.keep("a", Tier.INTERNAL)
    assert kept.tier("a") is Tier.RESTRICTED
    kept.keep("b", Tier.INTERNAL)
    kept.keep("c", Tier.INTERNAL)
    assert kept.tier("a") is None and kept.tier("b") is Tier.INTERNAL
    kept.keep(None, Tier.RESTRICTED)  # nothing names it: nothing to remember


def test_only_digests_are_kept() -> None:
    kept = KeptLocal()
    key = conversation_key("", {}, _messages("the opening text"))
    kept.keep(key, Tier.RESTRICTED)
    assert all(isinstance(k, bytes) and b"opening" not in k for k in kept._tiers)
