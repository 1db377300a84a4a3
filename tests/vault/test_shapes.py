"""Neutral names and hosts restored like placeholders: in identifiers, prose and diffs, whole
and split at any point of a stream."""

from __future__ import annotations

import itertools

from hypothesis import given, settings
from hypothesis import strategies as st

from veil.vault.restore import Restorer, restore_text
from veil.vault.shapes import PLACEHOLDERS, neutral_shapes
from veil.vault.vault import Vault, VaultMap

VAULT = Vault(b"k" * 32, terms=("Acme", "Globex Corp"))


def _map() -> VaultMap:
    vmap = VaultMap(VAULT, "shapes-test")
    for surface in ("Acme", "acme", "ACME", "globex_corp"):
        vmap.mask(surface, "ORG")
    vmap.mask("billing.corp.acme.com", "HOST")
    vmap.mask("sk-test-value-not-real-0001", "SECRET")  # veil:allow test value
    return vmap


VMAP = _map()
SECRET_TOKEN = VMAP.originals["sk-test-value-not-real-0001"]  # veil:allow test value
ANSWER = (
    "Use `Org1BillingClient` from org1_billing; set ORG1_REGION and call calculateOrg1LTV().\n"
    "Org1's team runs https://service-1.internal.example:8443/v2 (org_2_export).\n"
    "--- a/org1/client.py\n+++ b/org1/client.py\n-    return Org1Client()\n"
    f"+    return Org1Client(key='{SECRET_TOKEN}')\n"
    "Also Org12 and Orgs, Organisation, org 1 stay."
)
EXPECTED = (
    "Use `AcmeBillingClient` from acme_billing; set ACME_REGION and call calculateAcmeLTV().\n"
    "Acme's team runs https://billing.corp.acme.com:8443/v2 (globex_corp_export).\n"
    "--- a/acme/client.py\n+++ b/acme/client.py\n-    return AcmeClient()\n"
    "+    return AcmeClient(key='sk-test-value-not-real-0001')\n"  # veil:allow test value
    "Also Acme2 and Orgs, Organisation, org 1 stay."
)


def _stream(pieces: list[str]) -> str:
    restorer = Restorer(VMAP.lookup, shapes=VMAP.shapes)
    return "".join(restorer.feed(p) for p in pieces) + restorer.flush()


def test_names_hosts_and_placeholders_restore_in_a_whole_text() -> None:
    assert restore_text(ANSWER, VMAP.lookup, shapes=VMAP.shapes) == EXPECTED


def test_names_restore_split_one_character_per_event() -> None:
    assert _stream(list(ANSWER)) == EXPECTED


def test_names_restore_split_at_every_offset() -> None:
    for cut in range(len(ANSWER) + 1):
        assert _stream([ANSWER[:cut], ANSWER[cut:]]) == EXPECTED, cut


@settings(max_examples=200, deadline=None)
@given(st.lists(st.integers(min_value=0, max_value=len(ANSWER)), max_size=12))
def test_any_chunking_restores_the_same(cuts: list[int]) -> None:
    points = [0, *sorted(cuts), len(ANSWER)]
    assert _stream([ANSWER[a:b] for a, b in itertools.pairwise(points)]) == EXPECTED


def test_text_without_a_token_shape_passes_at_once() -> None:
    restorer = Restorer(VMAP.lookup, shapes=VMAP.shapes)
    assert restorer.feed("plain words, nothing held ") == "plain words, nothing held "
    assert not restorer.holding


def test_a_name_is_held_until_it_cannot_take_more_digits() -> None:
    restorer = Restorer(VMAP.lookup, shapes=VMAP.shapes)
    assert restorer.feed("x Org1") == "x "
    assert restorer.feed("Client") == "AcmeClient"


def test_a_request_given_no_neutral_names_looks_only_for_placeholders() -> None:
    vmap = VaultMap(VAULT, "no-names")
    vmap.mask("sk-test-value-not-real-0002", "SECRET")  # veil:allow test value
    assert vmap.shapes is PLACEHOLDERS
    assert restore_text("Org1 stays", vmap.lookup, shapes=vmap.shapes) == "Org1 stays"


def test_shapes_follow_the_book_bases() -> None:
    shapes = neutral_shapes(("Firm",), ("svc",))
    assert shapes.pattern.fullmatch("FIRM_3")
    assert shapes.pattern.fullmatch("svc-2.internal.example")
    assert not shapes.pattern.fullmatch("Org1")


def test_json_escaped_text_gets_escaped_originals() -> None:
    vmap = VaultMap(Vault(b"k" * 32, terms=('Acme "Q"',)), "json")
    token = vmap.mask('Acme "Q"', "ORG")
    out = restore_text(f"call {token}", vmap.lookup, json_escaped=True, shapes=vmap.shapes)
    assert out == 'call Acme \\"Q\\"'
