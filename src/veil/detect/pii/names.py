"""Person names where code and data carry them, without an NER model.

A candidate needs its context in the regex: a person field (`"name": "Jane Smith"`,
`full_name:`, `author=`, `customer_name`, `<name>`), a greeting or sign-off (`Hi John,`,
`Dear Jane Smith,`, `Thanks,\\nMaria Garcia`, a `-- ` signature), or a byline (`Signed-off-by:`,
`Co-authored-by:`, `From:` with an address, `@author`, `__author__`). Capitalised words elsewhere
are never candidates. The value is then checked against the first-name and surname lists that the
`faker` package ships for several locales, loaded on first use.

Decisions: a single first name in a person field is a person (`owner = "Harry"`), unless the word
is also an ordinary or product word (`Will`, `May`, `Grant`, `Chase`, `Ruby`, `Claude`); such a
word counts only when followed by a known surname (`Grant Thompson`). A bare `name` field needs two
words, as a single one is as often a language or product (`name = 'Dylan'` in a lexer). The
placeholder people (`John Doe`, `Max Mustermann`) are dropped. Identifiers (`JohnSmithFactory`),
lower-case values (`name: nginx`) and organisations (`"author": "OpenAI"`) never match.
"""

from __future__ import annotations

import importlib
import unicodedata
from functools import cache

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
_PARTICLES = _set("van von de del della der den di da das dos du la le ter ten bin ibn al st.")

_UP = "A-ZÀ-ÖØ-Þ"
_LO = "a-zß-öø-ÿ"
_WORD = rf"[{_UP}][{_LO}]*(?:[{_UP}][{_LO}]+)?(?:['’\-][{_UP}]?[{_LO}]+)*"
_PARTICLE = r"(?:van|von|de|del|della|der|den|di|da|das|dos|du|la|le|ter|ten|bin|ibn|al)"
_NEXT_WORD = rf"[ ](?:[{_UP}]\.[ ])?(?:{_PARTICLE}[ ]){{0,2}}{_WORD}"
NAME = rf"{_WORD}(?:{_NEXT_WORD}){{0,3}}"
FULL_NAME = rf"{_WORD}(?:{_NEXT_WORD}){{1,3}}"

_PERSON_KEYS = (
    r"(?:full|display|customer|contact|patient|employee|person|user|owner|account|holder|"
    r"cardholder|billing|shipping|recipient|sender|client|member|student|author|maintainer|"
    r"reviewer|signer|legal|real)[_\-]?name|author|customer|contact|owner|assignee|"
    r"reporter|patient|employee|maintainer|recipient|sender|signer|cardholder|reviewer"
)
_PART_KEYS = r"(?:first|last|given|family|middle|maiden|fore|sur)[_\-]?name|[fl]name"
_ASSIGN = r"""["'`]?(?:[ \t]*(?::=|=>|[:=])[ \t]*|[ \t]+(?=["'])|>)[ \t]*["'`]?"""
_VALUE_END = r"""(?=[ \t]*(?:["'`,;)\]}<#|\r\n]|$))"""
_LINE_END = r"(?=[ \t]*(?:[,.!:;|\r\n]|$))"

# A bare `name` is as often a language, pet or product (`name = 'Dylan'`): it needs two words.
FIELD_REGEX = rf"(?=[Nn])(?<![A-Za-z0-9_])(?i:name){_ASSIGN}(?P<secret>{FULL_NAME}){_VALUE_END}"
ROLE_REGEX = (
    rf"(?=(?i:[abcdefhlmoprsu]))(?<![A-Za-z0-9_])(?i:{_PERSON_KEYS}){_ASSIGN}"
    rf"(?P<secret>{NAME}){_VALUE_END}"
)
PART_REGEX = (
    rf"(?=(?i:[fglms]))(?<![A-Za-z0-9_])(?i:{_PART_KEYS}){_ASSIGN}(?P<secret>{NAME}){_VALUE_END}"
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


def _fold(word: str) -> str:
    """Lower case without accents: `José` -> `jose`."""
    decomposed = unicodedata.normalize("NFKD", word.lower())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


@cache
def name_lists() -> tuple[frozenset[str], frozenset[str]]:
    """(first names, surnames) from `faker`'s person providers, folded; loaded once."""
    first: set[str] = set()
    last: set[str] = set()
    for locale in _LOCALES + _ROMANIZED:
        provider = importlib.import_module(f"faker.providers.person.{locale}").Provider
        romanized = locale in _ROMANIZED
        first.update(getattr(provider, "first_romanized_names" if romanized else "first_names"))
        last.update(getattr(provider, "last_romanized_names" if romanized else "last_names"))
    return frozenset(map(_fold, first)), frozenset(map(_fold, last))


def _words(value: str) -> list[str]:
    return [w for w in value.split() if w.lower() not in _PARTICLES and not w.endswith(".") and w]


def _known(word: str, names: frozenset[str]) -> bool:
    folded = _fold(word)
    return folded in names or any(part in names for part in folded.split("-"))


def is_person_name(value: str) -> bool:
    """A first name, optionally followed by more names; an ambiguous word needs a surname."""
    first, last = name_lists()
    words = _words(value)
    if words and _fold(words[-1]) in _PLACEHOLDER_SURNAMES:
        return False
    if not words or not _known(words[0], first) or len(words[0]) < 2:
        return False
    if _fold(words[0]) not in AMBIGUOUS:
        return len(words) > 1 or len(words[0]) >= 3
    return len(words) > 1 and _known(words[-1], last) and _fold(words[-1]) not in AMBIGUOUS


def is_name_part(value: str) -> bool:
    """A value of a first-name or surname field: any word of it is a known name."""
    first, last = name_lists()
    return any(_known(w, first) or _known(w, last) for w in _words(value) if len(w) >= 2)


def is_byline_name(value: str) -> bool:
    """A byline name: a known first name, or two or more words ending in a known surname."""
    if is_person_name(value):
        return True
    _, last = name_lists()
    words = _words(value)
    if words and _fold(words[-1]) in _PLACEHOLDER_SURNAMES:
        return False
    return len(words) > 1 and _known(words[-1], last) and _fold(words[-1]) not in AMBIGUOUS


PERSON_NAME_FIELD = PiiRule(
    id="person-name-field",
    kind="person_name",
    regex=FIELD_REGEX,
    validate=is_person_name,
    confidence=0.7,
    max_len=96,
    examples=Examples(
        positives=(
            '{"name": "Jane Smith", "plan": "pro"}',
            "UPDATE users SET name = 'Priya Patel' WHERE id = 7;",
            'git config --global user.name "Grant Thompson"',
            "<name>Ludwig van Beethoven</name>",
            "Name: Ana María López\n",
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
            "user = User(name='John Doe')",  # the placeholder person
            "Voice(Name='Filiz', LanguageCode='tr-TR')",  # one word in a bare name field
        ),
    ),
)

PERSON_NAME_ROLE_FIELD = PiiRule(
    id="person-name-role-field",
    kind="person_name",
    regex=ROLE_REGEX,
    validate=is_person_name,
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

RULES = (
    PERSON_NAME_FIELD,
    PERSON_NAME_ROLE_FIELD,
    PERSON_NAME_PART_FIELD,
    PERSON_NAME_GREETING,
    PERSON_NAME_TRAILER,
    PERSON_NAME_AUTHOR,
)
