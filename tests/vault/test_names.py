"""Neutral names: the case style and separators kept, each surface its own, bases that avoid
the conversation's own text."""

from __future__ import annotations

import pytest

from veil.vault.names import NameBook, term_key

TERMS = ("Acme", "Globex Corp", "Initech")


@pytest.mark.parametrize(
    ("surface", "neutral"),
    [
        ("Acme", "Org1"),
        ("acme", "org1"),
        ("ACME", "ORG1"),
        ("Globex Corp", "Org 2"),
        ("GlobexCorp", "Org2"),
        ("globex_corp", "org_2"),
        ("GLOBEX_CORP", "ORG_2"),
        ("globex-corp", "org-2"),
        ("initech", "org3"),
    ],
)
def test_a_term_keeps_its_case_style_and_separator(surface: str, neutral: str) -> None:
    assert NameBook(TERMS).name(surface) == neutral


def test_the_rest_of_an_identifier_reads_as_before() -> None:
    book = NameBook(TERMS)
    renamed = {
        "AcmeBillingClient": book.name("Acme") + "BillingClient",
        "acme_billing": book.name("acme") + "_billing",
        "calculateAcmeLTV": "calculate" + book.name("Acme") + "LTV",
    }
    assert renamed == {
        "AcmeBillingClient": "Org1BillingClient",
        "acme_billing": "org1_billing",
        "calculateAcmeLTV": "calculateOrg1LTV",
    }


def test_every_surface_gets_its_own_name_and_restores_exactly() -> None:
    book = NameBook(TERMS)
    surfaces = ["Acme", "acme", "ACME", "AcMe", "aCME", "Globex.Corp", "globex  corp", "Hooli"]
    names = [book.name(s) for s in surfaces]
    assert len(set(names)) == len(surfaces)
    assert [book.original(n) for n in names] == surfaces
    assert book.name("AcMe") == names[3]  # the same surface, the same name


def test_a_form_taken_twice_gets_a_number_after_the_configured_terms() -> None:
    book = NameBook(TERMS)
    assert book.name("globexCorp") == "org2"
    assert book.name("globexcorp") == "org4"  # `org2` is taken by another surface
    assert book.name("Hooli") == "Org5"  # not configured (a user rule's name)


def test_hosts_are_numbered_in_order_of_appearance() -> None:
    book = NameBook(TERMS)
    assert book.host("billing.corp.acme.com") == "service-1.internal.example"
    assert book.host("db.corp.acme.com") == "service-2.internal.example"
    assert book.host("billing.corp.acme.com") == "service-1.internal.example"
    assert book.original("service-2.internal.example") == "db.corp.acme.com"


@pytest.mark.parametrize("text", ["org1 = load()", "see ORG_2", "Org 2 came", "x.Org12", "ORG3"])
def test_a_base_the_text_holds_already_is_not_used(text: str) -> None:
    book = NameBook(TERMS)
    assert book.name("Acme") == "Org1"
    held = book.settle([text])
    assert held and book.name("Acme") == "Firm1"
    assert all(book.original(name) is None for name in held)  # never restored
    assert book.original("Org1") == ("Acme" if "Org1" not in held else None)


def test_hosts_move_off_a_base_the_text_holds() -> None:
    book = NameBook(TERMS)
    book.settle(["curl https://service-1.internal.example/health"])
    assert book.host("db.corp.acme.com") == "svc-1.internal.example"


def test_settling_on_clean_text_keeps_the_names() -> None:
    book = NameBook(TERMS)
    first = book.name("Acme")
    book.settle(["an Organisation of 1 person", "organ 12"])
    assert book.name("Acme") == first == "Org1"


def test_state_restored_keeps_numbers_unique() -> None:
    book = NameBook(TERMS)
    pairs = [(book.name(s), s) for s in ("AcMe", "Hooli")] + [(book.host("a.corp.x"), "a.corp.x")]
    again = NameBook(TERMS)
    again.restore_state(book.base, book.host_base, pairs)
    assert again.original("Org4") == "AcMe"
    assert again.name("Umbrella") == "Org6"
    assert again.host("b.corp.x") == "service-2.internal.example"


def test_term_key_ignores_case_and_separators() -> None:
    assert term_key("Globex_Corp") == term_key("globex corp") == term_key("GLOBEX-CORP")


@pytest.mark.parametrize(
    "text", ["tenant = 'org-123'", "ORG_1", "Org 1", "org-1", "Org 17", "org0"]
)
def test_a_name_veil_could_never_hand_out_is_no_collision(text: str) -> None:
    book = NameBook(TERMS)  # Acme (1) and Initech (3) are one word: never `org-1`, `ORG_3`
    book.name("Acme")
    assert not book.settle([text])
    assert book.name("Acme") == "Org1"


def test_a_kept_map_moves_base_but_still_restores_the_old_names() -> None:
    book = NameBook(TERMS)
    old = book.name("Acme")
    assert book.settle(["org1 = 3"]) == {"org1"}
    assert book.name("Acme") == "Firm1"
    assert book.original(old) == "Acme" and book.original("Firm1") == "Acme"
    assert book.bases == (("Firm", "Org"), ("service",))


def test_a_switch_drops_the_request_map_s_neutral_names() -> None:
    from veil.vault.vault import Vault, VaultMap

    vmap = VaultMap(Vault(b"k" * 32, terms=TERMS), "switch")
    assert vmap.mask("Acme", "ORG") == "Org1"
    vmap.settle(["org1 here"])
    assert vmap.mask("Acme", "ORG") == "Firm1"
    assert vmap.lookup("org1") is None  # the request's own text: never restored
    assert vmap.lookup("Org1") == "Acme"  # an answer in flight still restores


def test_a_digit_after_a_term_never_makes_another_term_s_name() -> None:
    twelve = [f"Term{chr(65 + i)}x" for i in range(11)] + ["Wonka"]  # Wonka is the 12th
    book = NameBook(["Acme", *twelve[1:]])
    wonka = book.name("Wonka")
    before_digit = book.name("Acme", digit_after=True)
    assert wonka == "Org12"
    assert before_digit != "Org1" and not (before_digit + "2").startswith(wonka)
    assert book.original(before_digit) == "Acme" and book.name("Acme") == "Org1"


def test_a_host_base_move_never_reuses_a_host_number_of_a_kept_map() -> None:
    book = NameBook(TERMS)
    first = book.host("a.corp.acme.com")
    book.settle(["org1 = 1"])  # only the name base moves
    assert book.host("b.corp.acme.com") != first
    assert book.original(first) == "a.corp.acme.com"
