"""Person names in rows, beside mail addresses, in calls and in role sentences, with every built-in
personal-data rule loaded, through both backends."""

from __future__ import annotations

import pytest

from veil.detect import pii
from veil.detect.engine import HYPERSCAN_AVAILABLE, Engine
from veil.detect.pii import names

BACKENDS = [pytest.param(True, id="hyperscan"), pytest.param(False, id="re")]
if not HYPERSCAN_AVAILABLE:  # pragma: no cover - hyperscan is a hard dependency
    BACKENDS = BACKENDS[1:]

_ENGINES: dict[bool, Engine] = {}


def person_names(text: str, hs: bool) -> list[str]:
    """The person names found in `text`, in order."""
    if hs not in _ENGINES:
        _ENGINES[hs] = Engine(pii.RULES, use_hyperscan=hs)
    return [f.value for f in _ENGINES[hs].scan(text) if f.kind == "person_name"]


@pytest.mark.parametrize("hs", BACKENDS)
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "id,full_name,email,plan\n364017,Dean Shaw,dshaw@mailbox.org,team\n"
            "709465,Lydia Scheuermann,lydia@mailbox.org,pro\n",
            ["Dean Shaw", "Lydia Scheuermann"],
        ),
        ("id\tname\tcountry\n7\tAntón Méndez\tES\n", ["Antón Méndez"]),
        ('id;name;city\n1;"Joy van der Laar";"Rotterdam"\n', ["Joy van der Laar"]),
        ("a|b|c|d\n42|Ana María López|Madrid|ES\n", ["Ana María López"]),
        (
            "id,name,x\n1,Ann-Kathrin Reuter,x\n2,Susan Le Gall,y\n3,Mary Jane Watson,z\n",
            ["Ann-Kathrin Reuter", "Susan Le Gall", "Mary Jane Watson"],
        ),
        ("name,email,plan\nTom Becker,tb@mailbox.org,pro\n", ["Tom Becker"]),
        ("| Name | Role |\n| --- | --- |\n| Priya Patel | Maintainer |\n", ["Priya Patel"]),
    ],
)
def test_names_in_delimited_rows(text: str, expected: list[str], hs: bool) -> None:
    assert person_names(text, hs) == expected


@pytest.mark.parametrize("hs", BACKENDS)
@pytest.mark.parametrize(
    "text",
    [
        "id,country,code\n3,Sierra Leone,SL\n",  # a country
        "id,city,state\n4,Morgan Hill,CA\n",  # a town: ends in a street word
        "venue,city\nGrant Park,Chicago,IL\n",  # a park
        "sku,colour,alt\n1,Rose Gold,Space Gray\n",  # product colours
        "x\nThanks to Priya Patel, Tom Becker, and Wei Zhang.\n",  # prose: spaced commas
        "Priya Patel,Tom Becker\n",  # the first line, of two fields: a header
        "id,name\n1,John Doe,jdoe@mailbox.org\n",  # the placeholder person
        "id,class,kind\n1,Standard Class,Office Supplies\n",  # not names
        "x\n1,Jane Smith and Tom Becker,2\n",  # prose in a field
    ],
)
def test_row_near_misses(text: str, hs: bool) -> None:
    assert person_names(text, hs) == []


@pytest.mark.parametrize("hs", BACKENDS)
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("# Contact: Joy van der Laar <noemi17@mailbox.org>", ["Joy van der Laar"]),
        ("Tom Becker <tom@mailbox.org> <tbecker@mailbox.org>", ["Tom Becker"]),
        ("Copyright 2019 Giulia Rossi <giulia@mailbox.org>", ["Giulia Rossi"]),
        ("# Owner: Divya Hayre (patricia47@mailbox.org)", ["Divya Hayre"]),
        ("// Reviewed-by: Dawn Turner <dt@mailbox.org>", ["Dawn Turner"]),
        (
            '"authors": "Wei Zhang <wz@mailbox.org>, Lukas Becker <lb@mailbox.org>"',
            ["Wei Zhang", "Lukas Becker"],
        ),
    ],
)
def test_names_beside_mail_addresses(text: str, expected: list[str], hs: bool) -> None:
    assert person_names(text, hs) == expected


@pytest.mark.parametrize("hs", BACKENDS)
@pytest.mark.parametrize(
    "text",
    [
        "GitHub Actions <actions@mailbox.org>",
        "Claude Code <noreply@mailbox.org>",
        "Support Team <help@mailbox.org>",
        "Maria <maria@mailbox.org>",
        "Chase Bank (alerts@mailbox.org)",
        "=item * Andreas Koenig C<andreas@mailbox.org>",  # POD markup, no space before the address
    ],
)
def test_mail_address_near_misses(text: str, hs: bool) -> None:
    assert person_names(text, hs) == []


@pytest.mark.parametrize("hs", BACKENDS)
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('props.setProperty("customer.name", "Daniel Hudson");', "Daniel Hudson"),
        ('os.Setenv("AUTHOR", "Victoria Graham")', "Victoria Graham"),
        ('os.environ.setdefault("OWNER", "Alex Carter")', "Alex Carter"),
        ('config["customer"] = "Mohammed van Praagh"', "Mohammed van Praagh"),
        ("process.env.FULL_NAME = process.env.FULL_NAME || 'Sara Elliott';", "Sara Elliott"),
        ('owner = os.getenv("OWNER") or "Priya Patel"', "Priya Patel"),
        ("owner: Gregor Smith\n", "Gregor Smith"),  # `or` inside a name is no fallback
        ("const owner: string = 'Jason Huffman';", "Jason Huffman"),
        ('<add key="Owner" value="Dakota Bradley" />', "Dakota Bradley"),
        ('<property name="full.name" value="Zarna Swamy"/>', "Zarna Swamy"),
        ('new Customer("Leah Zuijdveld", "+1 250-877-6729"),', "Leah Zuijdveld"),
        ("The scheduler owner is `Jagrati Narasimhan`.", "Jagrati Narasimhan"),
        ('"customerName": "Th\\u00e9odore Mercier"', "Th\\u00e9odore Mercier"),
        ('__author__ = "Lars Gust\\u00e4bel (lars@mailbox.org)"', "Lars Gust\\u00e4bel"),
    ],
)
def test_names_given_to_person_keys(text: str, expected: str, hs: bool) -> None:
    assert person_names(text, hs) == [expected]


@pytest.mark.parametrize("hs", BACKENDS)
@pytest.mark.parametrize(
    "text",
    [
        'parser.add_argument("name", "Build Docs")',  # not a person
        'cfg["owner"] = "Platform Team"',  # a team
        'os.Setenv("AUTHOR", "Will")',  # an ordinary word
        "The owner is responsible for the release.",  # no name
        "The author is Grant Park.",  # a place
        'new UserGroup("Grant Thompson")',  # not a person class
        'Person("Dylan")',  # one word
    ],
)
def test_person_key_near_misses(text: str, hs: bool) -> None:
    assert person_names(text, hs) == []


def test_validators() -> None:
    assert names.is_full_name("Joy van der Laar")
    assert names.is_full_name("Ann-Kathrin Reuter")
    assert names.is_full_name("Julia Brown")  # an ordinary first name, a plain surname
    assert not names.is_full_name("Jack Black")  # two everyday words
    assert not names.is_full_name("Emily Park")  # ends in a street word: a place as often
    assert not names.is_full_name("Sierra Leone")
    assert not names.is_full_name("Saint-Louis de Kent")  # a place named after a person
    assert not names.is_full_name("Dean")  # one word
    assert names.is_addressed_name("Dawn Turner")
    assert not names.is_addressed_name("Grant Park")
    assert names.is_person_name("Th\\u00e9odore Mercier")


def test_compound_names_count_by_their_words() -> None:
    _, last = names.name_lists()
    assert "laar" in last  # from `van der Laar`
    assert "'s" not in last and "van" not in last


def test_backends_agree_on_rows_and_calls() -> None:
    text = "\n".join(
        [
            "id,full_name,email,iban",
            "1,Dean Shaw,dshaw@mailbox.org,x",
            "2,Élodie Cousin,ec@mailbox.org,y",
            'config["customer"] = "Brandon Rose"',
            "# Owner: Stef de Korte (sdk@mailbox.org)",
            "| Priya Patel | Maintainer |",
            "The payments owner is `Benoît Maury`.",
        ]
        * 3
    )
    with_hs = Engine(pii.RULES, use_hyperscan=True).scan(text)
    with_re = Engine(pii.RULES, use_hyperscan=False).scan(text)
    assert [(f.rule_id, f.start, f.end) for f in with_hs] == [
        (f.rule_id, f.start, f.end) for f in with_re
    ]
    assert sum(f.kind == "person_name" for f in with_hs) == 3 * 6
