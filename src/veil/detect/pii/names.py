"""Person names where code and data carry them, without an NER model.

A candidate needs its context in the regex: a person field (`"name": "Jane Smith"`,
`full_name:`, `author=`, `customer_name`, `<name>`, `set("customer.name", "...")`,
`cfg["owner"] = "..."`, `<add key="Owner" value="..."/>`), a greeting or sign-off (`Hi John,`,
`Dear Jane Smith,`, `Thanks,\\nMaria Garcia`, a `-- ` signature), a byline (`Signed-off-by:`,
`Co-authored-by:`, `From:` with an address, `@author`, `__author__`), a mail address beside it
(`Jane Smith <jane@...>`, `Jane Smith (jane@...)`), a person class (`new Customer("...")`), a role
sentence (``The owner is `Jane Smith`.``), or a whole field of a delimited row (`42,Jane Smith,`).
Capitalised words elsewhere are never candidates. The value is then checked against the first-name
and surname lists that the `faker` package ships for several locales, loaded on first use.

Decisions: a single first name in a person field is a person (`owner = "Harry"`), unless the word
is also an ordinary or product word (`Will`, `May`, `Grant`, `Chase`, `Ruby`, `Claude`); such a
word counts only when followed by a known surname that is no everyday word (`Grant Thompson`, not
`Rose Gold`). A bare `name` field needs two words, as a single one is as often a language or
product (`name = 'Dylan'` in a lexer). A row field, with no key to vouch for it, needs a known
first name and a known surname, and is no place (`Sierra Leone`, `Morgan Hill`); the first line of
a file is its header and never a row. The placeholder people (`John Doe`, `Max Mustermann`) are
dropped, except in the gateway (`placeholders=True`). Identifiers (`JohnSmithFactory`),
lower-case values (`name: nginx`) and organisations
(`"author": "OpenAI"`) never match. A header (`id,full_name,email`) is not used: a rule sees only
the text near its match, and the row rule does without one.
"""

from __future__ import annotations

import importlib
import re
import unicodedata
from functools import cache, lru_cache, partial

from veil.detect.base import Examples, PiiRule


def _set(words: str) -> frozenset[str]:
    """The whitespace-separated words of `words`."""
    return frozenset(words.split())


_LOCALES = ("en_US", "en_GB", "en_IN", "de_DE", "fr_FR", "es_ES", "it_IT", "nl_NL", "pt_BR")
_ROMANIZED = ("ja_JP", "zh_CN")

# First names that are also everyday English words, product or tool names, or assistants.
AMBIGUOUS = _set(
    """
    will may grant chase bill mark rose ruby julia jasmine crystal jade amber pearl faith hope
    grace summer autumn max hunter mason jordan austin sierra coral luna aurora flora victoria
    georgia carolina virginia florence sydney paris madison savannah regina miranda alma mira
    luz flor sandy dale lynn glen kent kirk troy ray rich guy jack frank earl duke prince king
    rusty sunny dusty penny cash rock stone sky river storm dawn eve joy honor major marshal else
    meta lot mar mare che sol apollo corona nova don dom bo jo isa paz angel bella star sage ivy
    holly heather iris lily daisy violet olive hazel willow ginger candy brandy cherry april june
    august art bob pat sue ben nick ted drew gene lee kim val van wade page reed wood hill hall
    young white green brown black gray grey price ford case carter miles long short bright golden
    love happy lucky patience prudence constance mercy chance archer baker cook porter taylor
    tyler parker cooper fisher sawyer walker turner royal rex sterling hugo cassandra jasper
    phoenix pascal ada ember aurelia siri alexa cortana claude devin cody jules gemini sonnet
    opus haiku sir madam team sunday monday friday christian dean bishop pope baron
    marina sonny misty melody harmony destiny trinity unity liberty justice serenity journey
    rain raven blue jet lance chip buck bud pierce wolf fox hart doug bart clay
    """
)
_PLACEHOLDER_SURNAMES = frozenset({"doe", "mustermann", "musterfrau", "bloggs"})
# Words that begin a place named after a person (`Saint-Louis de Kent`, `Port Elizabeth`).
_PLACE_HEADS = _set("saint sainte san santa santo sao st ste fort port mount lake new vila villa")
_PARTICLES = _set(
    "van von vom zu zur de del della der den di da das dos du la le ter ten bin ibn al st. 's 't"
)

_UP = "A-ZÀ-ÖØ-Þ"
_LO = "a-zß-öø-ÿ"
# A letter may also be a JSON escape (`Th\u00e9odore`, as `json.dumps` writes by default).
_CAP = rf"(?:[{_UP}]|\\u00[cdCD][0-9a-fA-F])"
_LOW = rf"(?:[{_LO}]|\\u00[d-fD-F][0-9a-fA-F])"
_WORD = rf"{_CAP}{_LOW}*(?:{_CAP}{_LOW}+)?(?:['’\-]{_CAP}?{_LOW}+)*"
_PARTICLE = (
    r"(?:van|von|vom|zu|zur|de|del|della|der|den|di|da|das|dos|du|la|le|ter|ten|bin|ibn|al|"
    r"['’][st])"
)
_NEXT_WORD = rf"[ ](?:[{_UP}]\.[ ])?(?:{_PARTICLE}[ ]){{0,2}}{_WORD}"
NAME = rf"{_WORD}(?:{_NEXT_WORD}){{0,3}}"
FULL_NAME = rf"{_WORD}(?:{_NEXT_WORD}){{1,3}}"

_PERSON_KEYS = (
    r"(?:full|display|customer|contact|patient|employee|person|user|owner|account|holder|"
    r"cardholder|billing|shipping|recipient|sender|client|member|student|author|maintainer|"
    r"reviewer|signer|legal|real)[_.\-]?name|author|customer|contact|owner|assignee|"
    r"reporter|patient|employee|maintainer|recipient|sender|signer|cardholder|reviewer"
)
_PART_KEYS = r"(?:first|last|given|family|middle|maiden|fore|sur)[_.\-]?name|[fl]name"
# How a value is given to a key: `key = v`, `key: v`, `"key": "v"`, `<key>v`, `key: str = "v"`,
# `set("key", "v")`, `cfg["key"] = "v"`, `<add key="key" value="v"/>`, and a fallback
# (`process.env.KEY || "v"`, `os.getenv("KEY") or "v"`).
_ASSIGN = (
    r"""(?:["'`]?(?:[ \t]*(?::=|=>|[:=])[ \t]*|[ \t]+(?=["'])|>)"""
    r"""|["'`]?[ \t]*:[ \t]*[A-Za-z_][\w.\[\]]*[ \t]*=[ \t]*"""
    r"""|["'][ \t]*(?:,|\][ \t]*=|[ \t]value[ \t]*=)[ \t]*(?=["'`]))"""
    r"""(?:[\w.()\[\]"']{1,60}(?:[ \t]*(?:\|\||\?\?)[ \t]*|[ \t]+or[ \t]+))?[ \t]*["'`]?"""
)
_VALUE_END = r"""(?=[ \t]*(?:["'`,;)\]}<#|\r\n]|$))"""
# A role value may go on with an address or a note: `Owner: Jane Smith (jane@...)`.
_ROLE_VALUE_END = r"""(?=[ \t]*(?:["'`,;()\]}<#|\r\n]|$))"""
_LINE_END = r"(?=[ \t]*(?:[,.!:;|\r\n]|$))"

# A bare `name` is as often a language, pet or product (`name = 'Dylan'`): it needs two words.
FIELD_REGEX = rf"(?=[Nn])(?<![A-Za-z0-9_])(?i:name){_ASSIGN}(?P<secret>{FULL_NAME}){_VALUE_END}"
ROLE_REGEX = (
    rf"(?=(?i:[abcdefhlmoprsu]))(?<![A-Za-z0-9_])(?i:{_PERSON_KEYS}){_ASSIGN}"
    rf"(?P<secret>{NAME}){_ROLE_VALUE_END}"
)
PART_REGEX = (
    rf"(?=(?i:[fglms]))(?<![A-Za-z0-9_])(?i:{_PART_KEYS}){_ASSIGN}"
    rf"(?P<secret>{NAME}){_ROLE_VALUE_END}"
)
_GREETING = r"hi|hello|hey|dear|greetings|howdy|good morning|good afternoon|good evening"
_SIGNOFF = (
    r"thanks|thank you|many thanks|thanks again|cheers|regards|best regards|kind regards|"
    r"warm regards|best wishes|all the best|best|sincerely|yours sincerely|yours truly|"
    r"yours faithfully|respectfully|cordially|take care"
)
GREETING_REGEX = (
    rf"(?=(?i:[abcdghkmrstwy])|-)(?<![\w\-])(?:(?i:{_GREETING})[ \t]+"
    rf"|(?i:{_SIGNOFF})[ \t]*[,!.]?[ \t]*(?:\r?\n[ \t]*|(?<=[,!.])[ \t]*)"
    rf"|(?<![^\n])--[ ]?\r?\n[ \t]*)"
    rf"(?P<secret>{NAME}){_LINE_END}"
)
_TRAILERS = (
    r"signed-off-by|co-authored-by|reviewed-by|acked-by|tested-by|reported-by|suggested-by|"
    r"helped-by|from|to|cc|reply-to|author|committer"
)
TRAILER_REGEX = (
    rf"(?=(?i:[acfhrst]))(?<![\w\-])(?i:{_TRAILERS})[ \t]*:[ \t]*[\"']?"
    rf"(?P<secret>{NAME})(?=[\"']?[ \t]*<[^<>\s@]+@)"
)
AUTHOR_REGEX = (
    r"(?=[@_])(?:(?<![\w\-])@author[ \t]+"
    r"|(?<![\w])__(?:author|maintainer)__[ \t]*=[ \t]*[\[(]?[ \t]*[\"'])"
    rf"(?P<secret>{NAME})(?=[ \t]*(?:[<(,*\"']|\r?\n|$))"
)

# A field of a delimited row (CSV, TSV, `;` or `|` separated): a whole field between delimiters,
# or the first field of a line (not of the file: that is the header). The delimiters are part of
# the match, so the Hyperscan pass needs `,First Last,` and never fires on a capitalised pair in
# prose; a delimiter followed by a space (`Jane Smith, Tom Becker, and`) is prose, not a row.
_DELIM = r"[,;\t|]"
DATA_FIELD_REGEX = rf"(?:[\n,;\t|]|\|[ ])\"?(?P<secret>{FULL_NAME})\"?(?:{_DELIM}(?![ ])|[ ]\|)"
_EMAIL = r"[\w.+\-]{1,64}@[\w\-]{1,63}(?:\.[\w\-]{1,63}){1,8}"
EMAIL_NAME_REGEX = (
    rf"(?<![{_UP}{_LO}0-9_@.\-])[\"']?(?P<secret>{FULL_NAME})(?:[\"'][ \t]*|[ \t]+)"
    rf"(?:<{_EMAIL}>|\({_EMAIL}\))"
)
_PERSON_CLASSES = (
    r"Customer|Person|User|Employee|Contact|Patient|Member|Student|Client|Author|Owner|"
    r"Passenger|Guest|Applicant|Subscriber|Buyer|Seller|Recipient|Tenant|Attendee|Participant"
)
CONSTRUCTOR_REGEX = (
    rf"(?<![A-Za-z0-9_])(?:{_PERSON_CLASSES})[ \t]*\([ \t]*[\"'](?P<secret>{FULL_NAME})[\"']"
)
_ROLES = r"owner|maintainer|author|contact|assignee|reviewer|approver|on-call|point of contact"
ROLE_PROSE_REGEX = (
    rf"(?<![A-Za-z0-9_\-])(?i:{_ROLES})s?[ \t]+(?:is|was)[ \t]+[`*_\"']{{0,2}}"
    rf"(?P<secret>{NAME})[`*_\"']{{0,2}}(?=[ \t]*(?:[.,;:!)\r\n]|$))"
)


_ESCAPE = re.compile(r"\\u00([0-9a-fA-F]{2})")


@lru_cache(maxsize=1 << 16)
def _fold(word: str) -> str:
    """Lower case without accents or JSON escapes: `José`, `Jos\\u00e9` -> `jose`."""
    if word.isascii() and "\\" not in word:
        return word.lower()
    word = _ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), word)
    decomposed = unicodedata.normalize("NFKD", word.lower())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


@cache
def name_lists() -> tuple[frozenset[str], frozenset[str]]:
    """(first names, surnames) from `faker`'s person providers, folded; loaded once.

    A compound also counts by its words: `van der Laar` makes `Laar` a surname, `Juan Pablo`
    makes `Pablo` a first name.
    """
    first: set[str] = set()
    last: set[str] = set()
    for locale in _LOCALES + _ROMANIZED:
        provider = importlib.import_module(f"faker.providers.person.{locale}").Provider
        romanized = locale in _ROMANIZED
        first.update(getattr(provider, "first_romanized_names" if romanized else "first_names"))
        last.update(getattr(provider, "last_romanized_names" if romanized else "last_names"))
    return _with_words(first), _with_words(last)


def _with_words(names: set[str]) -> frozenset[str]:
    folded = set(map(_fold, names))
    for name in list(folded):
        folded.update(w for w in name.split() if len(w) > 1 and w not in _PARTICLES)
    return frozenset(folded)


@cache
def everyday_words() -> frozenset[str]:
    """Everyday English words and street suffixes (`Park`, `Lane`), from `faker`."""
    lorem = importlib.import_module("faker.providers.lorem.en_US").Provider.word_list
    return frozenset(w.lower() for w in lorem) | street_suffixes()


@cache
def street_suffixes() -> frozenset[str]:
    """`Park`, `Hill`, `Wells`: what ends a street or a town as often as a surname."""
    streets = importlib.import_module("faker.providers.address.en_US").Provider.street_suffixes
    return frozenset(w.lower() for w in streets)


@cache
def place_names() -> frozenset[str]:
    """Countries and US states (`Sierra Leone`, `West Virginia`), folded."""
    address = importlib.import_module("faker.providers.address.en_US").Provider
    return frozenset(_fold(p) for p in (*address.countries, *address.states))


@cache
def ordinary_words() -> frozenset[str]:
    """Words that are names only sometimes: everyday words and AMBIGUOUS."""
    return everyday_words() | AMBIGUOUS


def _words(value: str) -> list[str]:
    return [w for w in value.split() if w.lower() not in _PARTICLES and not w.endswith(".") and w]


def _known(word: str, names: frozenset[str]) -> bool:
    folded = _fold(word)
    return folded in names or any(part in names for part in folded.split("-"))


def is_person_name(value: str, *, placeholders: bool = False) -> bool:
    """A first name, optionally followed by more names; an ambiguous word needs a surname."""
    first, last = name_lists()
    ordinary = ordinary_words()
    words = _words(value)
    if words and not placeholders and _fold(words[-1]) in _PLACEHOLDER_SURNAMES:
        return False
    if not words or not _known(words[0], first) or len(words[0]) < 2:
        return False
    if _fold(words[0]) not in ordinary:
        return len(words) > 1 or len(words[0]) >= 3
    return len(words) > 1 and _known(words[-1], last) and _fold(words[-1]) not in everyday_words()


def is_full_name(value: str, *, placeholders: bool = False) -> bool:
    """A name with no key to vouch for it: two to four words, a known first name, known names
    between, a known surname; not a place (`Sierra Leone`, `Morgan Hill`, `Grant Park`), not a
    word that is also a name before an everyday word (`Rose Gold`, `Jack Black`)."""
    first, last = name_lists()
    if not _known(value.split(" ", 1)[0], first):  # most candidates stop here, and cheaply
        return False
    words = _words(value)
    if not 2 <= len(words) <= 4 or len(words[0]) < 2:
        return False
    if not _known(words[0], first) or not _known(words[-1], last):
        return False
    head, tail = _fold(words[0]), _fold(words[-1])
    if (
        (tail in _PLACEHOLDER_SURNAMES and not placeholders)
        or tail in street_suffixes()
        or _fold(value) in place_names()
    ):
        return False
    if head.split("-", 1)[0] in _PLACE_HEADS:
        return False
    if head in ordinary_words() and tail in everyday_words():
        return False
    return all(_known(w, first) or _known(w, last) for w in words[1:-1])


def is_addressed_name(value: str, *, placeholders: bool = False) -> bool:
    """A name beside a mail address: two or more words, a known first name; one that is also a
    word (`Dawn Turner`) needs a known surname that is not an everyday word (`Grant Park`)."""
    first, last = name_lists()
    words = _words(value)
    if len(words) < 2 or len(words[0]) < 2 or not _known(words[0], first):
        return False
    head, tail = _fold(words[0]), _fold(words[-1])
    if tail in _PLACEHOLDER_SURNAMES and not placeholders:
        return False
    if head not in ordinary_words():
        return True
    return _known(words[-1], last) and tail not in everyday_words()


def is_name_part(value: str) -> bool:
    """A value of a first-name or surname field: any word of it is a known name."""
    first, last = name_lists()
    return any(_known(w, first) or _known(w, last) for w in _words(value) if len(w) >= 2)


def is_byline_name(value: str, *, placeholders: bool = False) -> bool:
    """A byline name: a known first name, or two or more words ending in a known surname."""
    if is_person_name(value, placeholders=placeholders):
        return True
    _, last = name_lists()
    words = _words(value)
    if words and not placeholders and _fold(words[-1]) in _PLACEHOLDER_SURNAMES:
        return False
    return len(words) > 1 and _known(words[-1], last) and _fold(words[-1]) not in ordinary_words()


PERSON_NAME_FIELD = PiiRule(
    id="person-name-field",
    kind="person_name",
    regex=FIELD_REGEX,
    validate=is_person_name,
    recall_validate=partial(is_person_name, placeholders=True),
    confidence=0.7,
    max_len=96,
    examples=Examples(
        positives=(
            '{"name": "Jane Smith", "plan": "pro"}',
            "UPDATE users SET name = 'Priya Patel' WHERE id = 7;",
            'git config --global user.name "Grant Thompson"',
            "<name>Ludwig van Beethoven</name>",
            "Name: Ana María López\n",
            '<property name="name" value="Yachana Kashyap"/>',
            'os.Setenv("NAME", "Victoria Graham")',
        ),
        negatives=(
            'name: "nginx"',  # a lower-case identifier
            '"name": "my-package"',  # a package name
            "- name: Grant permissions",  # a CI step, not a person
            "name = JohnSmithFactory()",  # an identifier
            "name: Optional[str] = None",  # a type annotation
            'hostname: "Jane Smith"',  # not a person field
            '"name": "Build Docs"',  # not a first name
            "    name = 'Dylan'",  # one word: as often a language, a pet, a product
            "Voice(Name='Filiz', LanguageCode='tr-TR')",  # one word in a bare name field
        ),
        documented=(
            "user = User(name='John Doe')",  # the placeholder person
        ),
    ),
)

PERSON_NAME_ROLE_FIELD = PiiRule(
    id="person-name-role-field",
    kind="person_name",
    regex=ROLE_REGEX,
    validate=is_person_name,
    recall_validate=partial(is_person_name, placeholders=True),
    confidence=0.7,
    max_len=96,
    examples=Examples(
        positives=(
            "full_name: Maria Garcia\n",
            'customer = Customer(display_name="Tom Becker")',
            "pet = Pet(owner='Harry')",
            "Author: John Smith <jsmith@mail.invalid>",
            "<contact>Ludwig van Beethoven</contact>",
            '{"assignee": "Priya", "priority": 2}',
            'props.setProperty("customer.name", "Daniel Hudson");',
            'process.env.OWNER = process.env.OWNER || "Sara Elliott";',
            '<add key="Owner" value="Dakota Bradley" />',
            'config["customer"] = "Mohammed van Praagh"',
            "const owner: string = 'Jason Huffman';",
            "# Owner: Gregor Hayre (on leave)",
        ),
        negatives=(
            '"owner": "Will"',  # an ordinary word that is also a first name
            '"author": "OpenAI"',  # an organisation
            '"owner": "Platform Team"',  # a team
            "contact: support",  # lower case
            'user_name: "jsmith"',  # a login, not a display name
        ),
    ),
)

PERSON_NAME_PART_FIELD = PiiRule(
    id="person-name-part-field",
    kind="person_name",
    regex=PART_REGEX,
    validate=is_name_part,
    confidence=0.7,
    max_len=96,
    examples=Examples(
        positives=(
            '{"first_name": "Chase", "age": 40}',
            "last_name: Okafor-Smith\n",
            'user.lastName = "Becker";',
        ),
        negatives=(
            '"last_name": "Tbd"',  # not a known name
            "first_name: str",  # a type annotation
            '"lastName": "string"',  # a schema placeholder
            'first_name = "Submit"',  # a button label, not a name
            "surname: ${LAST_NAME}",  # a template
            "lname = Column(String(64))",  # a column definition
        ),
    ),
)

PERSON_NAME_GREETING = PiiRule(
    id="person-name-greeting",
    kind="person_name",
    regex=GREETING_REGEX,
    validate=is_person_name,
    recall_validate=partial(is_person_name, placeholders=True),
    confidence=0.7,
    max_len=96,
    examples=Examples(
        positives=(
            "Hi John,\nthe invoice is attached.",
            "Dear Jane Smith,",
            "Thanks,\nMaria Garcia",
            "Best regards, Tom Becker",
            "see you soon\n-- \nPriya Patel\n",
        ),
        negatives=(
            "Hi there,",  # no name
            "Dear Sir,",  # a title
            'print("Hello World!")',  # not a name
            "Thanks Will,",  # an ordinary word
            "Best Practices\n",  # a heading
            "-- \nSELECT 1",  # SQL after a comment
        ),
    ),
)

PERSON_NAME_TRAILER = PiiRule(
    id="person-name-trailer",
    kind="person_name",
    regex=TRAILER_REGEX,
    validate=is_byline_name,
    recall_validate=partial(is_byline_name, placeholders=True),
    confidence=0.7,
    max_len=112,
    examples=Examples(
        positives=(
            "Signed-off-by: Jane Smith <jane@mail.invalid>",
            "Co-authored-by: Wei Zhang <wzhang@mail.invalid>",
            "From: Maria Garcia <maria@mail.invalid>",
            'Reply-To: "Tom Becker" <tb@mail.invalid>',
        ),
        negatives=(
            "Co-Authored-By: Claude <noreply@mail.invalid>",  # an assistant
            "Signed-off-by: dependabot[bot] <support@mail.invalid>",  # a bot
            "Co-authored-by: GitHub Actions <actions@mail.invalid>",  # a product
            "From: Maria Garcia",  # no address: not a mail or commit trailer
            "To: Release Notes <notes@mail.invalid>",  # not a person
        ),
    ),
)

PERSON_NAME_AUTHOR = PiiRule(
    id="person-name-author",
    kind="person_name",
    regex=AUTHOR_REGEX,
    validate=is_byline_name,
    recall_validate=partial(is_byline_name, placeholders=True),
    confidence=0.7,
    max_len=96,
    examples=Examples(
        positives=(
            " * @author Tom Becker\n",
            '__author__ = "Priya Patel"',
            "@author Wei Zhang (wzhang)",
        ),
        negatives=(
            " * @author Acme Labs\n",  # an organisation
            '__author__ = "The Project Developers"',  # not a person
            "@author ${USER}",  # a template
            "@author: see CONTRIBUTORS",  # a pointer, not a name
            "__author__ = 'Will'",  # an ordinary word that is also a first name
        ),
    ),
)

PERSON_NAME_DATA_FIELD = PiiRule(
    id="person-name-data-field",
    kind="person_name",
    regex=DATA_FIELD_REGEX,
    validate=is_full_name,
    recall_validate=partial(is_full_name, placeholders=True),
    confidence=0.65,
    max_len=96,
    examples=Examples(
        positives=(
            "id,full_name,email\n1042,Dean Shaw,dshaw@mail.invalid,pro\n",
            "7\tLydia Scheuermann\tlydia@mail.invalid\tenterprise\n",
            'name;city;country\n"Joy van der Laar";"Rotterdam";"NL"\n',
            "42|Ana María López|Madrid|ES",
        ),
        negatives=(
            "venue,Grant Park,Chicago,IL",  # a place: an ordinary word and a street word
            "3,Sierra Leone,SL,7.9",  # a country
            "city,Morgan Hill,CA,95037",  # a town: ends in a street word
            "sku,Rose Gold,Space Gray,Silver",  # product colours
            "Thanks to Priya Patel, Tom Becker, and Wei Zhang.",  # prose: spaced commas
            "1,John Doe,jdoe@mail.invalid,free",  # the placeholder person
            "Hello World,Foo Bar,baz",  # not names
        ),
    ),
)

PERSON_NAME_WITH_EMAIL = PiiRule(
    id="person-name-with-email",
    kind="person_name",
    regex=EMAIL_NAME_REGEX,
    keywords=("@",),
    validate=is_addressed_name,
    recall_validate=partial(is_addressed_name, placeholders=True),
    confidence=0.7,
    max_len=192,
    examples=Examples(
        positives=(
            "# Contact: Joy van der Laar <joy@mail.invalid>",
            "Tom Becker <tom@mail.invalid> <tbecker@mail.invalid>",
            '"author": "Wei Zhang (wzhang@mail.invalid)",',
            "// Owner: Divya Hayre (dhayre@mail.invalid)",
        ),
        negatives=(
            "GitHub Actions <actions@mail.invalid>",  # a product
            "Claude Code <noreply@mail.invalid>",  # an assistant
            "Maria <maria@mail.invalid>",  # one word: a first name alone
            "Release Notes <notes@mail.invalid>",  # not a person
        ),
        documented=(
            "John Doe <jdoe@mail.invalid>",  # the placeholder person
        ),
    ),
)

PERSON_NAME_CONSTRUCTOR = PiiRule(
    id="person-name-constructor",
    kind="person_name",
    regex=CONSTRUCTOR_REGEX,
    validate=is_person_name,
    recall_validate=partial(is_person_name, placeholders=True),
    confidence=0.65,
    max_len=128,
    examples=Examples(
        positives=(
            'new Customer("Leah Zuijdveld", "+1 250-877-6729"),',
            "people = [Person('Priya Patel', 34)]",
        ),
        negatives=(
            'new User("Admin User")',  # not a first name
            'Person("Dylan")',  # one word
            'new UserGroup("Grant Thompson")',  # not a person class
        ),
        documented=(
            'Customer("John Doe")',  # the placeholder person
        ),
    ),
)

PERSON_NAME_ROLE_STATEMENT = PiiRule(
    id="person-name-role-statement",
    kind="person_name",
    regex=ROLE_PROSE_REGEX,
    validate=is_person_name,
    recall_validate=partial(is_person_name, placeholders=True),
    confidence=0.6,
    max_len=96,
    examples=Examples(
        positives=(
            "The payments owner is `Benoît Maury`.",
            "Its maintainer was Priya Patel, until 2023.",
        ),
        negatives=(
            "The owner is Platform Team.",  # a team
            "The author is unknown.",  # no name
            "the owner is Will.",  # an ordinary word that is also a first name
        ),
    ),
)

RULES = (
    PERSON_NAME_FIELD,
    PERSON_NAME_ROLE_FIELD,
    PERSON_NAME_PART_FIELD,
    PERSON_NAME_GREETING,
    PERSON_NAME_TRAILER,
    PERSON_NAME_AUTHOR,
    PERSON_NAME_WITH_EMAIL,
    PERSON_NAME_CONSTRUCTOR,
    PERSON_NAME_ROLE_STATEMENT,
    PERSON_NAME_DATA_FIELD,
)
