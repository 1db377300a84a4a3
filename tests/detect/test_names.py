"""Person names in rows, beside mail addresses, in calls, fixtures, greetings, signatures, log lines
and prose, with every built-in personal-data rule loaded, through both backends.

Many names here are in none of veil's lists (`Tilen Gorenc`, `Sinead`, `Mngomezulu`): a key, a
greeting or a title vouches for them; in rows and prose a listed first name or surname must.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from veil.detect import default_engine, disk_cache, pii
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
        "x\nPriya Patel, Tom Becker, and Wei Zhang reviewed it.\n",  # prose: spaced commas
        "First Name,Last Name\n",  # a header
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


@pytest.mark.parametrize("hs", BACKENDS)
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the last column of a row
        ("id,email,full_name\n7,tg@mailbox.org,Sarah Gorenc\n", ["Sarah Gorenc"]),
        (
            "7\tpro\tŁukasz Wróblewski\r\n8\tfree\tAnne Demuynck\n",
            ["Łukasz Wróblewski", "Anne Demuynck"],
        ),
        # a surname no list knows, with a listed first name, or a surname's ending
        (
            "id,name,plan\n1,Yusuf Mngomezulu,pro\n2,Tilen Kowalski,free\n",
            ["Yusuf Mngomezulu", "Tilen Kowalski"],
        ),
        # quoted `Surname, First`
        ('id,name,plan\n1,"Becker, Tom",pro\n', ["Becker, Tom"]),
        # single-word first and last name columns under their headers: one finding a cell
        ("id,first_name,last_name,plan\n1,Sarah,Gorenc,pro\n", ["Sarah", "Gorenc"]),
        ("id\tsurname\tgiven\n1\tGorenc\tSarah\n", ["Gorenc", "Sarah"]),
        # ... and side by side with no header: one finding for the pair
        ("1,Sarah,Gorenc,pro\n", ["Sarah,Gorenc"]),
        # SQL rows
        (
            "INSERT INTO users (id, name, email) VALUES\n(1, 'Sarah Gorenc', 'sg@mailbox.org'),\n"
            "(2, 'Ana María López', 'al@mailbox.org');\n",
            ["Sarah Gorenc", "Ana María López"],
        ),
        ("INSERT INTO users VALUES (7, 'Sarah', 'Gorenc', 'sg@mailbox.org');", ["Sarah', 'Gorenc"]),
    ],
)
def test_names_in_rows_and_tuples(text: str, expected: list[str], hs: bool) -> None:
    assert person_names(text, hs) == expected


@pytest.mark.parametrize("hs", BACKENDS)
@pytest.mark.parametrize(
    "text",
    [
        "id,city,country\n1,Paris,France\n2,Berlin,Germany\n",  # places
        "id,street,city\n1,12 Lopez Street,Springfield\n",  # a street named after a person
        "id,company,industry\n1,Gorenc Holdings,Retail\n",  # a company
        "sku,product,colour\n1,Kindle Paperwhite,Space Gray\n",  # products
        "id,status,next\n1,Active,Pending\n",  # ordinary words side by side
        "id,city\n1,Bahía Blanca\n2,Novi Marof\n3,Leers-Nord\n",  # towns no list knows
        "id,title\n1,Senior Software Engineer\n",  # a job title
        "(1, 'Spring Boot', 'Visual Studio Code')",  # libraries in a tuple
        'assert_equal(result, "Visual Studio")',  # a call, not a row
        'new UserGroup("Grant Thompson")',  # a call's argument, not a tuple
    ],
)
def test_row_and_tuple_near_misses(text: str, hs: bool) -> None:
    assert person_names(text, hs) == []


@pytest.mark.parametrize("hs", BACKENDS)
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # keys that name a person's name take a name no list knows
        ('{"first_name": "Ifeanyi", "last_name": "Mngomezulu"}', ["Ifeanyi", "Mngomezulu"]),
        ('{"firstName": "Tilen", "lastName": "Gorenc"}', ["Tilen", "Gorenc"]),
        ("given_name: Sinead\nsurname: Ó Bríonáin\n", ["Sinead", "Ó Bríonáin"]),
        ('{"full_name": "Tilen Gorenc"}', ["Tilen Gorenc"]),
        ("- fname: Hjalte\n  lname: Iversen\n", ["Hjalte", "Iversen"]),
        # roles and bare names: two words that read as a name
        ('{"assignee": "Tilen Gorenc", "priority": 2}', ["Tilen Gorenc"]),
        ("  - author: Liza Mac an Fhailghigh\n", ["Liza Mac an Fhailghigh"]),
        ('{"name": "Sverre Simonsen", "plan": "pro"}', ["Sverre Simonsen"]),
        ('customer="Max Gosch" order=7', ["Max Gosch"]),
        ("ts=1 INFO customer=Anne Demuynck plan=pro id=3", ["Anne Demuynck"]),
        # `Name:` lines
        (
            "Reported by: Zvonko Plažanin\nAccount holder: Linn Thorsen\n",
            ["Zvonko Plažanin", "Linn Thorsen"],
        ),
    ],
)
def test_names_in_fixtures_and_logs(text: str, expected: list[str], hs: bool) -> None:
    assert person_names(text, hs) == expected


@pytest.mark.parametrize("hs", BACKENDS)
@pytest.mark.parametrize(
    "text",
    [
        "def getUserName(self):\n    return self.firstName\n",  # identifiers
        "const { firstName, lastName } = props;",  # variables
        "class Name:\n    first: str\n",  # a class
        'first_name = forms.CharField(label="First name")',  # a form field
        '{"name": "Spring Boot", "version": "3.2"}',  # a library
        '{"name": "Kindle Paperwhite"}',  # a product no list knows
        '"owner": "Platform Team"',  # a team
        '"author": "Remix Software"',  # a company
        "- name: Build and Test\n- name: Deploy Production\n",  # CI steps
        '"display_name": "Guest User"',  # a default
        '"first_name": "Submit"',  # a button label
        '"customer": "Acme"',  # one word no list knows
    ],
)
def test_key_near_misses(text: str, hs: bool) -> None:
    assert person_names(text, hs) == []


@pytest.mark.parametrize("hs", BACKENDS)
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Hi Sinead,\n\nthe refund is done.", ["Sinead"]),
        ("Hello Øystein,\n", ["Øystein"]),
        ("Dear Mr. Mngomezulu,\n", ["Mngomezulu"]),
        ("Dear Ms Lüthi,\n", ["Lüthi"]),
        ("Hi Damir and Lėja,\n", ["Damir", "Lėja"]),
        ("Good morning Hugo!\n", ["Hugo"]),
        ("Report attached.\n\nThanks,\nTilen Gorenc\nSenior Accountant\n", ["Tilen Gorenc"]),
        ("Report attached.\n\nMany thanks,\n\nSinead\n", ["Sinead"]),
        ("see you\n-- \nHjalte Iversen\n", ["Hjalte Iversen"]),
    ],
)
def test_greetings_titles_and_signatures(text: str, expected: list[str], hs: bool) -> None:
    assert person_names(text, hs) == expected


@pytest.mark.parametrize("hs", BACKENDS)
@pytest.mark.parametrize(
    "text",
    [
        "Hi team,\n",
        "Hello World!",
        "Dear Valued Customer,\n",
        "Dear Sir or Madam,\n",
        "Thanks,\nThe Support Team\n",
        "Best,\nAcme Billing\n",
        "Dr. Pepper, 12 cans",
        "Our office moved to Baker Street, next to Main Street station.",
        "We have offices in Paris and Berlin.",
        "## Getting Started\n\nSee below.\n",
        "| Name | Type | Default |\n| --- | --- | --- |\n",
    ],
)
def test_greeting_and_text_near_misses(text: str, hs: bool) -> None:
    assert person_names(text, hs) == []


@pytest.mark.parametrize("hs", BACKENDS)
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("I spoke with Sarah Birkeland from accounting.", ["Sarah Birkeland"]),
        ("Ticket reassigned to Yasmin Whelan after the escalation.", ["Yasmin Whelan"]),
        ("Łukasz Wróblewski called about the invoice.", ["Łukasz Wróblewski"]),
        ("Done. Maria Lopez (Finance) approved it.", ["Maria Lopez"]),
    ],
)
def test_names_in_prose(text: str, expected: list[str], hs: bool) -> None:
    assert person_names(text, hs) == expected


@pytest.mark.parametrize("hs", BACKENDS)
@pytest.mark.parametrize(
    "text",
    [
        "Welcome to Visual Studio Code.",
        "We moved from Spring Boot to Quarkus.",
        "John Smith wrote this module",  # authorship in a comment, no reporting verb
        "Visual Studio Code is installed.",
        "Philemon Odongo called.",  # no list knows either word: prose needs one
    ],
)
def test_prose_near_misses(text: str, hs: bool) -> None:
    assert person_names(text, hs) == []


def test_unlisted_names_need_a_key_or_greeting() -> None:
    assert names.is_keyed_name("Tilen Gorenc")
    assert names.is_role_name("Tilen Gorenc")
    assert names.is_greeted_name("Sinead")
    assert not names.is_full_name("Tilen Gorenc")  # a row or a sentence needs a listed word
    assert names.is_full_name("Tilen Kowalski")  # or a surname's ending
    assert not names.is_role_name("Platform Team")
    assert not names.is_keyed_name("Guest User")
    assert names.is_name_pair("Sarah,Gorenc") and names.is_name_pair("Gorenc\tSarah")
    assert not names.is_name_pair("Paris,France")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("id,who,plan\n1,Tilen Gorenc,pro\n", ["Tilen Gorenc"]),
        ("id,email,contact\n1,tg@mailbox.org,Philemon Odongo\n", ["Philemon Odongo"]),
        ("id,last,first\n1,Gorenc,Tilen\n", ["Gorenc,Tilen"]),
        ("INSERT INTO t VALUES (1, 'Tilen Gorenc');", ["Tilen Gorenc"]),
        ("Philemon Odongo called about the invoice.", ["Philemon Odongo"]),
    ],
)
def test_gateway_masks_unlisted_names_in_rows_and_prose(text: str, expected: list[str]) -> None:
    """No list knows these names: `veil scan` stays quiet, the gateway masks them."""
    gateway = Engine(pii.RULES, recall=True)
    assert person_names(text, True) == []
    assert [f.value for f in gateway.scan(text) if f.kind == "person_name"] == expected


@pytest.mark.parametrize(
    "text",
    [
        "id,city,country\n1,Berlin,Germany\n",  # a country
        "id,city\n1,Bahía Blanca\n2,Novi Marof\n",  # place words
        "sku,product,colour\n1,Kindle Paperwhite,Space Gray\n",  # products
        "Welcome to Visual Studio Code.",  # a product
    ],
)
def test_gateway_near_misses(text: str) -> None:
    gateway = Engine(pii.RULES, recall=True)
    assert [f.value for f in gateway.scan(text) if f.kind == "person_name"] == []


def _forget_word_sets() -> None:
    names._stored.cache_clear()
    names.name_lists.cache_clear()
    for get in names._KEPT.values():
        get.cache_clear()  # type: ignore[attr-defined]


def test_word_sets_are_kept_on_disk_and_read_back_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The kept copy gives the sets faker and the census lists give; a damaged one is rebuilt."""
    built = {name: get() for name, get in names._KEPT.items()}
    monkeypatch.setattr(disk_cache.platformdirs, "user_cache_dir", lambda _app: str(tmp_path))
    try:
        _forget_word_sets()
        assert {name: get() for name, get in names._KEPT.items()} == built  # built and kept
        (kept,) = tmp_path.glob("names-*.bin")
        _forget_word_sets()
        assert names.first_names() == built["first_names"]  # read back
        kept.write_bytes(b"\x00damaged")
        _forget_word_sets()
        assert names.surnames() == built["surnames"]  # rebuilt
        assert kept.read_bytes() != b"\x00damaged"
    finally:
        _forget_word_sets()


@pytest.mark.parametrize(
    "line",
    [
        "    'Transpose', 'Trim', 'TtyNam', 'UBound', 'UCoBound', 'UMask',",  # a keyword list
        r"    r'(Boolean|Byte|Char|Date|Decimal|Double|Integer|Long|'",  # a regex alternation
        "    categories = ['Lu', 'Ll', 'Lt', 'Lm', 'Lo', 'Mn', 'Mc', 'Me']",  # two-letter codes
        "    days = 'Mon|Tue|Wed|Thu|Fri'",  # a calendar
        "    name = 'Literate Haskell'",  # a lexer's name
    ],
)
def test_lists_in_source_code_are_no_names(line: str) -> None:
    assert [f for f in default_engine().scan(line) if f.kind == "person_name"] == []


@pytest.mark.parametrize("hs", [True, False])
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "id,name,plan\n1,Tilen Gorenc,pro\n2,Oluwaseun Adeyemi,free\n",
            ["Tilen Gorenc", "Oluwaseun Adeyemi"],
        ),
        ("id;Customer Name;city\n9;Philemon Odongo;Kampala\n", ["Philemon Odongo"]),
        ("email\tsurname\nx@mail.invalid\tMngomezulu\n", ["Mngomezulu"]),
        ('"id","full_name"\n"1","Tilen Gorenc"\n', ["Tilen Gorenc"]),
    ],
)
def test_a_cell_under_a_name_header_is_a_name_no_list_knows(
    text: str, expected: list[str], hs: bool
) -> None:
    assert person_names(text, hs) == expected


@pytest.mark.parametrize(
    "text",
    [
        "id,city,plan\n1,Kampala,pro\n",  # no name column
        "id,name\n\nrank,city\n1,Kampala\n",  # a blank line ends the header's block
        "id,name,plan\n1,Guest User,pro\n",  # non-name words
        "id,product_name,price\n1,Space Gray,999\n",  # a product's name is no person's
    ],
)
def test_a_cell_elsewhere_is_not_vouched_for(text: str) -> None:
    assert person_names(text, True) == []
