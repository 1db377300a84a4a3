"""Person names where code and data carry them, without an NER model.

A candidate needs its context in the regex: a person field (`"name": "Jane Smith"`,
`full_name:`, `author=`, `customer_name`, `<name>`, `set("customer.name", "...")`,
`cfg["owner"] = "..."`, `<add key="Owner" value="..."/>`, `customer=Jane Smith plan=pro` in a log
line), a first-name or surname field (`"firstName": "Maria"`), a greeting, title or sign-off
(`Hi John,`, `Dear Mr. Lopez`, `Thanks,\nMaria Garcia`, a `-- ` signature), a byline
(`Signed-off-by:`, `Co-authored-by:`, `From:` with an address, `@author`, `__author__`), a mail
address beside it (`Jane Smith <jane@...>`), a person class (`new Customer("...")`), a role
sentence (``The owner is `Jane Smith`.``), a word that introduces a person in prose (`spoke with`,
`assigned to`, `... called about`), or a whole field of a delimited row or SQL tuple (`42,Jane
Smith,`, the last column too, `(7, 'Jane Smith', ...)`, `"Smith, Jane"`, and two one-word fields
side by side, `,Jane,Smith,`). Capitalised words elsewhere are never candidates.

How much the value must prove depends on how much the context does. The lists are the first-name
and surname lists that the `faker` package ships for several locales, loaded on first use.
- A key that names a person's name (`full_name`, `first_name`, `surname`, `customer_name`), a
  title (`Mr.`) or a greeting takes a name no list knows (`Tilen Gorenc`, `Sinead`), as long as
  it holds no non-name word (`Guest User`, `Submit`, `Platform Team`; `non_name_words`) and is
  no place.
- A role (`owner`, `assignee`, `author`) or a bare `name` takes two or more words that read as a
  name, or one listed first name; a bare `name` needs two words, as one is as often a language or
  product (`name = 'Dylan'`).
- A row field or a sentence, with no key to vouch for it, needs a listed first name first or a
  listed surname last (or a surname's ending: `-sson`, `-ović`, `-ski`), and no place or
  non-name word (`Sierra Leone`, `Bahía Blanca`, `Spring Boot`); two one-word fields need a
  listed first name between them. A header (`id,full_name,email`) is not used: a rule sees only
  the text near its match.
In the gateway (recall mode, where a false positive is restored and costs little) a row field or a
sentence's name of two to four words that read as a name needs no list (`Tilen Gorenc`), nor do
two one-word fields side by side (`Gorenc,Tilen`); a pair of towns no list knows is masked too.
A first name that is also an ordinary or product word (`Will`, `May`, `Grant`, `Chase`, `Ruby`,
`Claude`) counts alone only where a greeting or key vouches for it, and before an everyday word
never (`Rose Gold`). The placeholder people (`John Doe`, `Max Mustermann`) are dropped, except in
the gateway (`placeholders=True`). Identifiers (`JohnSmithFactory`), lower-case values
(`name: nginx`) and organisations (`"author": "OpenAI"`) never match.
"""

from __future__ import annotations

import bisect
import gzip
import hashlib
import importlib
import importlib.util
import marshal
import os
import re
import threading
import unicodedata
from collections.abc import Callable
from functools import cache, lru_cache, partial, wraps
from importlib import resources
from pathlib import Path

from veil.detect import disk_cache
from veil.detect.base import Examples, PiiRule


def _set(words: str) -> frozenset[str]:
    """The whitespace-separated words of `words`."""
    return frozenset(words.split())


# Locales whose first names and surnames veil loads. bench/names_eval.py draws its held-out names
# from other locales (its HELD_OUT): keep the two apart, or the evaluation measures the lists.
_LOCALES = (
    "en_US", "en_GB", "en_IN", "de_DE", "fr_FR", "es_ES", "it_IT", "nl_NL", "pt_BR",
    "pl_PL", "cs_CZ", "hu_HU", "ro_RO", "sv_SE", "fi_FI", "tr_TR", "id_ID", "lv_LV", "az_AZ",
    "es_CL", "es_CA", "en_PK", "fr_DZ", "yo_NG", "ha_NG",
)  # fmt: skip
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
    adelaide charlotte lincoln jackson dallas eugene orlando phoenix denver houston mac
    """
)
# Words that are more often not a name, in the Title Case of data, headings, menus and code: what
# a value needs none of when no list vouches for it (`Platform Team`, `Build Docs`, `Spring Boot`).
# faker's everyday words, job titles, slogans, colours and street words are added on first use.
# A capital inside a word is an identifier's (`TtyNam`, `LatestTimestamp`), except after the
# prefixes of names (`McLean`, `MacLeod`, `DeVito`, `DiCaprio`, `LeBlanc`, `VanDyke`, `O'Brien`).
_CAMEL = re.compile(r"[a-z][A-Z]")
_NAME_CAPITALS = re.compile(r"(?:Mc|Mac|De|Di|Da|Du|La|Le|Van|Von|Fitz)[A-Z][a-z]+$")
# Words of programming (types, keywords, built-in functions, the names of tools and formats)
# that stand in lists and regular expressions in source code, beside one another as fields do.
_CODE_WORDS = _set(
    """
    byte bytes char chars date datetime double integer int uint float boolean bool decimal long
    short round sin cos tan sqrt abs exp trim ltrim rtrim goto gosub hash path pair sum link
    pack block math matrix shape fail function query filter tag valid except category pointer
    grammar mix len asc mod sar shr shl void class struct enum interface module package import
    return break continue switch case try catch finally throw raise lambda yield async await
    const var let static public private protected virtual abstract final override extends
    implements delete sizeof typeof instanceof array list map dict tuple vector queue stack
    tree graph node edge object symbol bigint buffer stream file folder directory socket thread
    process timer event handler callback promise future channel mutex lock semaphore catalog
    patch log prover document orchestra instances instance storage maximum minimum disk memory
    cache index table column record schema view trigger procedure cursor embedded literate
    component lexer parser compiler interpreter script shell terminal console window frame
    bound upper lower wend sub dim redim alias byval byref true false nothing
    """
)
# Months and days as dates abbreviate them: two side by side are a calendar, not a name
# (`Jan` alone may be one).
_CALENDAR = _set(
    "jan feb mar apr may jun jul aug sep sept oct nov dec"
    " mon tue tues wed thu thur thurs fri sat sun"
)
_NON_NAME_WORDS = _CODE_WORDS | _set(
    """
    admin administrator user users guest anonymous unknown none null nil undefined nan true false
    yes no ok test tests testing example sample demo default todo tbd tba n/a na foo bar baz qux
    string str int text value values name names first last full middle given family surname
    display title label field key id type new old main primary secondary other misc general
    customer customers client clients contact contacts owner owners author authors team teams
    staff member members group groups org organization organisation company corp corporation
    inc ltd llc gmbh plc co limited holdings partners associates consulting services solutions
    systems technologies labs lab studio studios software hardware cloud platform platforms
    engineering devops ops sre security support help helpdesk desk billing accounts finance
    sales marketing legal hr operations product products design research data analytics
    infrastructure release releases notes note docs doc documentation readme changelog build
    builds deploy deployment deployments production staging development dev prod local ci
    pipeline pipelines job jobs task tasks workflow workflows action actions bot bots service
    server servers client api app apps application applications web site website portal
    dashboard console admin panel settings config configuration preferences profile account
    payment payments invoice invoices order orders cart checkout shipping delivery refund
    subscription plan plans premium basic standard pro enterprise free trial express gift card
    active inactive pending paused cancelled canceled closed open resolved done complete
    completed failed success successful error errors warning info debug critical urgent high low
    medium normal priority status state region country city street avenue road lane drive
    north south east west central upper lower inner outer greater little great grand
    january february march april may june july august september october november december
    monday tuesday wednesday thursday friday saturday sunday today tomorrow yesterday
    mr mrs ms mx miss dr prof mister madame monsieur herr frau
    hello hi hey dear dearest thanks thank regards cheers best sincerely everyone everybody
    all folks guys there world sir madam colleagues friends valued
    getting started known issues next steps open questions further reading breaking changes
    bug bugs fix fixes feature features quick start overview meeting agenda summary project
    projects model models table tables column columns row rows index list lists item items
    home page pages about privacy policy terms conditions license copyright contents
    visual studio code google chrome apple microsoft amazon adobe oracle android ios linux
    windows macos ubuntu debian docker kubernetes spring boot react router angular vue
    python java javascript typescript ruby rails node rust kotlin swift scala golang perl php
    kafka jenkins grafana kibana elastic redis postgres mysql mongo sql nosql graphql rest
    notebook jupyter teams slack zoom office excel word outlook power sheets drive docs
    galaxy pixel surface kindle paperwhite watch phone tablet laptop desktop mini plus ultra
    air light dark mode theme space gray grey silver gold rose midnight pacific graphite
    unit integration functional end smoke regression suite spec specs mock mocks stub fixture
    fixtures factory factories helper helpers util utils utility manager handler controller
    provider providers adapter wrapper builder parser loader reader writer formatter
    validator serializer middleware plugin plugins extension extensions module modules package
    packages library libraries framework sdk cli tool tools kit core common shared base
    abstract interface impl internal external public private static final class function
    submit cancel save delete edit update create login logout signup register search reset
    next previous back continue confirm apply close remove add upload download export import
    pepper robot clean strange markup markdown font fonts style styles theme themes icon icons
    lexer book regular italic bold oblique condensed cluster clusters replica replicas shard
    shards sharded node nodes
    method methods object objects instance event events message messages request response
    session sessions token tokens secret secrets password username email phone address
    """
)
# Words of place names in several languages (`Bahía Blanca`, `Novi Marof`, `Leers-Nord`): a value
# with one of them, or a hyphenated part of one, is a place as often as a name.
_PLACE_WORDS = _set(
    """
    north south east west nord sud süd ost ouest est norte sur oeste este leste noord zuid oost
    upper lower new old great little grand nuevo nueva viejo vieja novi nova novo nowy nowa nowe
    stary stara stare veliki velika veliko mali mala malo donji donja donje gornji gornja gornje
    dolnji dolnja spodnja zgornja horni dolni velke male san santa santo sao saint sainte st ste
    sankt bad gross klein ober unter nieder neu alt hoch rio porto puerto port fort mount mont
    monte val valle vale villa vila ville ciudad cidade city town lake lago lac isla islas ilha
    ile costa playa praia campo campos cerro sierra mar bahia grande blanca blanco branco branca
    alta alto baja bajo verde negro negra beach bay bridge castle church creek falls ferry forest
    harbor harbour heights hills island isle junction landing meadow meadows mills mountain park
    point ridge springs valley view village woods haven heath marsh moor republic republica
    republique republik republika kingdom kraljevina königreich koninkrijk reino regno royaume
    kralovstvo federation federacija islands inseln ilhas eilanden el los las estados unidos
    sint notre dame bois baie gora grad brod hora hrad polje selo dvor crna bela bijela horny
    horna dolne dolny caldas sabana
    """
)
# Endings of town names (`Port Williamhaven`, `Einarhavn`, `Lake Marcusmouth`): a word that ends
# in one, longer than the ending by three letters or more, is a place.
_PLACE_ENDINGS = (
    "ville", "chester", "mouth", "bury", "burgh", "borough", "haven", "havn", "shire", "furt",
    "fjell", "øy", "vær", "strøm", "stadt", "dorf", "hausen", "heim", "ingen", "dal",
)  # fmt: skip
_PLACEHOLDER_SURNAMES = frozenset({"doe", "mustermann", "musterfrau", "bloggs"})
# Words that begin a place named after a person (`Saint-Louis de Kent`, `Port Elizabeth`).
_PLACE_HEADS = _set(
    "saint sainte san santa santo sao st ste fort port mount lake new vila villa north south "
    "east west nuevo nueva puerto bad sankt gross klein neu alt upper lower"
)
_PARTICLES = _set(
    "van von vom zu zur de del della der den di da das dos du la le ter ten bin ibn al st. 's 't "
    "an ni nic bint binti y e"
)
# Letters of the Latin script: Latin-1, Extended-A and -B (`Łukasz`, `Dvořák`, `Ştefan`) and
# Extended Additional (`Nguyễn`). The extended ranges mix both cases, so a word may begin with a
# small extended letter; names seldom do, and nothing else needs them.
_UP = "A-ZÀ-ÖØ-ÞĀ-ɏḀ-ỿ"
_LO = "a-zß-öø-ÿĀ-ɏḀ-ỿ"
# A letter may also be a JSON escape (`Th\u00e9odore`, as `json.dumps` writes by default).
_CAP = rf"(?:[{_UP}]|\\u00[cdCD][0-9a-fA-F]|\\u01[0-7][0-9a-fA-F])"
_LOW = rf"(?:[{_LO}]|\\u00[d-fD-F][0-9a-fA-F]|\\u01[0-7][0-9a-fA-F])"
_WORD = rf"{_CAP}{_LOW}*(?:{_CAP}{_LOW}+)?(?:['’\-]{_CAP}?{_LOW}+)*"
_PARTICLE = (
    r"(?:van|von|vom|zu|zur|de|del|della|der|den|di|da|das|dos|du|la|le|ter|ten|bin|ibn|al|"
    r"an|ni|nic|bint|binti|y|e|['’][st])"
)
_NEXT_WORD = rf"[ ](?:[{_UP}]\.[ ])?(?:{_PARTICLE}[ ]){{0,2}}{_WORD}"
NAME = rf"{_WORD}(?:{_NEXT_WORD}){{0,3}}"
FULL_NAME = rf"{_WORD}(?:{_NEXT_WORD}){{1,3}}"

# Keys that name a person's name: any value of the right shape is one (`full_name: Tilen Gorenc`).
_NAME_KEYS = (
    r"(?:full|display|customer|contact|patient|employee|person|holder|cardholder|recipient|"
    r"sender|client|member|student|author|maintainer|reviewer|signer|legal|real|"
    r"passenger|guest|applicant|tenant|beneficiary|payee|requester|assignee)[_.\- ]?name"
)
# Keys of a role that a person holds, or a name with no role: the value must read as a person.
_PERSON_KEYS = (
    r"(?:user|owner|account|billing|shipping)[_.\-]?name|author|customer|contact|owner|assignee|"
    r"reporter|patient|employee|maintainer|recipient|sender|signer|cardholder|reviewer|"
    r"requester|requestor|submitter|approver|beneficiary|payee|tenant|applicant|attendee|"
    r"passenger|account[ _\-]?holder|(?:reported|requested|submitted|approved|signed|assigned)"
    r"[ _\-]?(?:by|to)"
)
_PART_KEYS = r"(?:first|last|given|family|middle|maiden|fore|sur)[_.\- ]?name|[fl]name"
# How a value is given to a key: `key = v`, `key: v`, `"key": "v"`, `<key>v`, `key: str = "v"`,
# `set("key", "v")`, `cfg["key"] = "v"`, `<add key="key" value="v"/>`, and a fallback
# (`process.env.KEY || "v"`, `os.getenv("KEY") or "v"`).
_ASSIGN = (
    r"""(?:["'`]?(?:[ \t]*(?::=|=>|[:=])[ \t]*|[ \t]+(?=["'])|>)"""
    r"""|["'`]?[ \t]*:[ \t]*[A-Za-z_][\w.\[\]]*[ \t]*=[ \t]*"""
    r"""|["'][ \t]*(?:,|\][ \t]*=|[ \t]value[ \t]*=)[ \t]*(?=["'`]))"""
    r"""(?:[\w.()\[\]"']{1,60}(?:[ \t]*(?:\|\||\?\?)[ \t]*|[ \t]+or[ \t]+))?[ \t]*["'`]?"""
)
# A value ends at a quote or a delimiter, or (unquoted, in a log line) before the next `key=`.
_VALUE_END = r"""(?=[ \t]*(?:["'`,;)\]}<#|\r\n]|$)|[ \t]+[A-Za-z_][\w.]*=)"""
# A role value may go on with an address or a note: `Owner: Jane Smith (jane@...)`.
_ROLE_VALUE_END = r"""(?=[ \t]*(?:["'`,;()\]}<#|\r\n]|$)|[ \t]+[A-Za-z_][\w.]*=)"""
_LINE_END = r"(?=[ \t]*(?:[,.!:;|\r\n]|$))"

# A bare `name` is as often a language, pet or product (`name = 'Dylan'`): it needs two words.
FIELD_REGEX = rf"(?=[Nn])(?<![A-Za-z0-9_])(?i:name){_ASSIGN}(?P<secret>{FULL_NAME}){_VALUE_END}"
NAMED_REGEX = (
    rf"(?=(?i:[abcdefghlmprst]))(?<![A-Za-z0-9_])(?i:{_NAME_KEYS}){_ASSIGN}"
    rf"(?P<secret>{NAME}){_ROLE_VALUE_END}"
)
ROLE_REGEX = (
    rf"(?=(?i:[abcemoprstu]))(?<![A-Za-z0-9_])(?i:{_PERSON_KEYS}){_ASSIGN}"
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
# A greeted name may be the first of two (`Hi Maria and Tom,`).
_GREETED_END = rf"(?=[ \t]*(?:[,.!:;|\r\n]|$)|[ ](?:and|&)[ ]{_WORD})"
GREETING_REGEX = (
    rf"(?=(?i:[abcdghkmrstwy])|-)(?<![\w\-])(?:(?i:{_GREETING})[ \t]+"
    rf"|(?i:{_SIGNOFF})[ \t]*[,!.]?[ \t]*(?:\r?\n[ \t]*(?:\r?\n[ \t]*)?|(?<=[,!.])[ \t]*)"
    rf"|(?<![^\n])--[ ]?\r?\n[ \t]*)"
    rf"(?P<secret>{NAME}){_GREETED_END}"
)
GREETING_PAIR_REGEX = (
    rf"(?=(?i:[dghy]))(?<![\w\-])(?i:{_GREETING})[ \t]+{NAME}[ ](?:and|&)[ ]"
    rf"(?P<secret>{NAME}){_LINE_END}"
)
# A title before a name: `Dear Mr. Lopez`, `Dr Okafor will call`.
TITLE_REGEX = (
    rf"(?=[DMP])(?<![\w.])(?:Mr|Mrs|Ms|Mx|Miss|Dr|Prof)\.?[ ]"
    rf"(?P<secret>{NAME})(?=[ \t]*(?:[,.!:;?)\r\n]|$)|[ ][a-z(])"
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

# A field of a delimited row (CSV, TSV, `;` or `|` separated) or of a SQL or code tuple: a whole
# field between delimiters, or the first field of a line (not of the file: that is the header).
# The delimiters are part of the match, so the Hyperscan pass needs `,First Last,` and never fires
# on a capitalised pair in prose; a delimiter followed by a space (`Jane Smith, Tom Becker, and`)
# is prose, not a row, unless a quote follows (`(7, 'Maria Lopez', 'pro')`).
_DELIM = r"[,;\t|]"
_FIELD_OPEN = r"""(?:[\n,;\t|]|\|[ ]|(?<![\w\])])[(\[][ \t]*(?=["'])|,[ \t]+(?=["']))["']?"""
_FIELD_CLOSE = r"""(?=["']?(?:[,;\t|](?![ ])|[ ]\|)|["'][ \t]*[,;)\]]|["']?[ \t]*(?:\r?\n|$))"""
# Single-word columns side by side (`,Maria,Lopez,`, `'Maria', 'Lopez'`) are one finding, as
# neither field alone says that it holds a name.
_PAIR_SEP = r"""["']?(?:[,;\t|](?![ ])|["'],[ \t]*(?=["'])|[ ]\|[ ])["']?"""
DATA_FIELD_REGEX = (
    rf"(?=[\n,;\t|(\[]){_FIELD_OPEN}"
    rf"(?P<secret>{_WORD}(?:(?:{_NEXT_WORD}){{1,3}}|{_PAIR_SEP}{_WORD})){_FIELD_CLOSE}"
)
# The Hyperscan pass ends on the delimiter after the field, so that it reports a field once (with
# a lookahead there, prefilter mode reports every letter of the last word).
_DATA_FIRST_PASS = (
    rf"""[\n,;\t|(]["' ]*(?:{FULL_NAME}|{_WORD}{_PAIR_SEP}{_WORD})["']?[ \t]*"""
    r"""(?:[,;\t|)\]\r\n]|$)"""
)
# A quoted `"Surname, First"`, as exports of a directory write it.
INVERTED_FIELD_REGEX = (
    rf"""(?:[\n,;\t|]|,[ ])"(?P<secret>{_WORD}(?:[ ]{_WORD})?,[ ]{_WORD}(?:[ ]{_WORD})?)"""
    rf"""["](?=[ \t]*(?:[,;\t|)]|\r?\n|$))"""
)
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
# Prose: a full name after a word that introduces a person (`spoke with`, `assigned to`, `per`)
# or at the start of a sentence before a verb of reporting (`Maria Lopez called ...`).
_BEFORE = (
    r"with|to|from|by|per|cc|thank|thanks|told|tell|ask|asked|ping|pinged|contact|contacted|"
    r"call|called|email|emailed|met|meet|cc'd|cc:"
)
PROSE_BEFORE_REGEX = (
    rf"(?<![\w\-])(?i:{_BEFORE})[ ](?P<secret>{FULL_NAME})"
    rf"(?=[ \t]*(?:[,.;:!?)\r\n]|$)|[ ](?:[a-z]|\())"
)
_AFTER = (
    r"called|calls|phoned|said|says|asked|asks|reported|reports|mentioned|approved|confirmed|"
    r"requested|emailed|replied|agreed|noted|suggested|explained|complained|signed|paid|"
    r"ordered|booked|cancelled|canceled|visited"
)
PROSE_AFTER_REGEX = (
    rf"(?:(?<![^\n])|(?<=[.!?][ ]))(?P<secret>{FULL_NAME})"
    rf"[ ](?:(?:{_AFTER})(?![\w\-])|\([{_UP}][{_LO}]+\)[ ][a-z])"
)


_ESCAPE = re.compile(r"\\u0([01][0-9a-fA-F]{2})")


@lru_cache(maxsize=1 << 16)
def _fold(word: str) -> str:
    """Lower case without accents or JSON escapes: `José`, `Jos\\u00e9` -> `jose`."""
    if word.isascii() and "\\" not in word:
        return word.lower()
    word = _ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), word)
    decomposed = unicodedata.normalize("NFKD", word.lower())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _provider_names(provider: object, attrs: tuple[str, ...]) -> set[str]:
    out: set[str] = set()
    for attr in attrs:
        value = getattr(provider, attr, None)
        if isinstance(value, (list, tuple, dict)):
            out.update(value)
    return out


_FIRST_ATTRS = ("first_names", "first_names_male", "first_names_female", "first_names_nonbinary")
_LAST_ATTRS = ("last_names", "last_names_male", "last_names_female", "last_names_nonbinary")


@cache
def name_lists() -> tuple[frozenset[str], frozenset[str]]:
    """(first names, surnames), folded (see `_build_name_lists`)."""
    return first_names(), surnames()


# The word sets below come from faker's data and the census lists: building them imports
# faker's locales and reads the lists (about 0.3 s, most of a pre-commit run that meets one
# name), so they are kept together in the user's cache directory, keyed by this module, its data
# and faker's version (loading them: about 20 ms).
_KEPT: dict[str, Callable[[], frozenset[str]]] = {}
_local = threading.local()


def _kept(build: Callable[[], frozenset[str]]) -> Callable[[], frozenset[str]]:
    """`build`'s set, from the kept copy when there is one."""

    @cache
    @wraps(build)
    def get() -> frozenset[str]:
        stored = None if getattr(_local, "building", False) else _stored()
        return stored[build.__name__] if stored is not None else build()

    _KEPT[build.__name__] = get
    return get


@cache
def _stored() -> dict[str, frozenset[str]] | None:
    """Every kept set, loaded, or built and kept (None while they are being built)."""
    digest = hashlib.sha256(_faker_stamp().encode())
    digest.update(Path(__file__).read_bytes())
    for name in ("census_first_names.txt.gz", "census_surnames.txt.gz"):
        digest.update(resources.files(__package__).joinpath(name).read_bytes())
    path = disk_cache.cache_file(f"names-{digest.hexdigest()[:32]}.bin")
    blob = disk_cache.read(path)
    try:
        loaded = marshal.loads(blob) if blob is not None else {}
        if set(loaded) == set(_KEPT):
            return {name: frozenset(words) for name, words in loaded.items()}
    except (ValueError, EOFError, TypeError):
        pass
    _local.building = True
    try:
        sets = {name: get() for name, get in _KEPT.items()}
    finally:
        _local.building = False
    blob = marshal.dumps({name: tuple(words) for name, words in sets.items()})
    disk_cache.write(path, blob, keep=2)  # this version's, and the one before
    return sets


def _faker_stamp() -> str:
    """Which faker is installed, without importing it (its lists change between versions)."""
    spec = importlib.util.find_spec("faker")
    if spec is None or spec.origin is None:  # pragma: no cover - faker is a dependency
        return ""
    stat = os.stat(spec.origin)
    return f"{spec.origin}\x00{stat.st_mtime_ns}\x00{stat.st_size}"


@_kept
def first_names() -> frozenset[str]:
    """First names, folded."""
    return _build_name_lists()[0]


@_kept
def surnames() -> frozenset[str]:
    """Surnames, folded."""
    return _build_name_lists()[1]


@cache
def _build_name_lists() -> tuple[frozenset[str], frozenset[str]]:
    """(first names, surnames), folded: `faker`'s person providers for `_LOCALES`,
    and the US Census Bureau's 1990 lists (88,799 surnames, 5,494 first names: English, Spanish,
    Irish, Italian, German, Chinese, Korean, Vietnamese, Indian, ... names as Americans bear
    them) shipped beside this module, less the census names that are everyday or non-name words
    (`Street`, `Cloud`, `Banker`), which only faker's lists may vouch for.

    A compound also counts by its words: `van der Laar` makes `Laar` a surname, `Juan Pablo`
    makes `Pablo` a first name.
    """
    first: set[str] = set()
    last: set[str] = set()
    for locale in _LOCALES:
        provider = importlib.import_module(f"faker.providers.person.{locale}").Provider
        first |= _provider_names(provider, _FIRST_ATTRS)
        last |= _provider_names(provider, _LAST_ATTRS)
    for locale in _ROMANIZED:
        provider = importlib.import_module(f"faker.providers.person.{locale}").Provider
        first.update(provider.first_romanized_names)
        last.update(provider.last_romanized_names)
    words = _vocabulary()
    census_first = _census("census_first_names.txt.gz") - words - _PARTICLES
    census_last = _census("census_surnames.txt.gz") - words - _PARTICLES
    return _with_words(first) | census_first, _with_words(last) | census_last


def _census(name: str) -> frozenset[str]:
    """The names, lower case, of a census list shipped beside this module."""
    data = gzip.decompress(resources.files(__package__).joinpath(name).read_bytes())
    lines = data.decode("ascii").splitlines()
    return frozenset(line for line in lines if line and not line.startswith("#"))


def _with_words(names: set[str]) -> frozenset[str]:
    folded = set(map(_fold, names))
    for name in list(folded):
        folded.update(w for w in name.split() if len(w) > 1 and w not in _PARTICLES)
    return frozenset(folded)


@_kept
def everyday_words() -> frozenset[str]:
    """Everyday English words and street suffixes (`Park`, `Lane`), from `faker`."""
    lorem = importlib.import_module("faker.providers.lorem.en_US").Provider.word_list
    return frozenset(w.lower() for w in lorem) | street_suffixes()


@_kept
def street_suffixes() -> frozenset[str]:
    """`Park`, `Hill`, `Wells`: what ends a street or a town as often as a surname."""
    streets = importlib.import_module("faker.providers.address.en_US").Provider.street_suffixes
    return frozenset(w.lower() for w in streets)


@_kept
def place_names() -> frozenset[str]:
    """Countries (in several languages), US states and the cities faker lists for veil's
    locales, folded."""
    cities = (
        city
        for locale in ("de_DE", "nl_NL", "pl_PL", "en_IN", "sv_SE")
        for city in importlib.import_module(f"faker.providers.address.{locale}").Provider.cities
    )
    return countries() | frozenset(_fold(c) for c in cities)


@_kept
def countries() -> frozenset[str]:
    """Countries (in several languages) and US states, folded: no word of a name."""
    address = importlib.import_module("faker.providers.address.en_US").Provider
    places = {*address.countries, *address.states}
    for locale in ("de_DE", "fr_FR", "es_ES", "it_IT", "nl_NL", "pt_BR", "pl_PL", "sv_SE"):
        provider = importlib.import_module(f"faker.providers.address.{locale}").Provider
        places.update(getattr(provider, "countries", ()))
    return frozenset(_fold(p) for p in places)


@cache
def ordinary_words() -> frozenset[str]:
    """Words that are names only sometimes: everyday words and AMBIGUOUS."""
    return everyday_words() | AMBIGUOUS


@_kept
def _faker_words() -> frozenset[str]:
    """The words of faker's job titles, slogans and colours."""
    company = importlib.import_module("faker.providers.company.en_US").Provider
    jobs = importlib.import_module("faker.providers.job.en_US").Provider.jobs
    colors = importlib.import_module("faker.providers.color.en_US").Provider.all_colors
    words = {w for group in (*company.catch_phrase_words, *company.bsWords) for w in group}
    words.update(re.findall(r"[A-Za-z]+", " ".join(jobs)))
    words.update(re.findall(r"[A-Z][a-z]+", " ".join(colors)))
    return frozenset(w.lower() for w in words if len(w) > 2)


@cache
def _vocabulary() -> frozenset[str]:
    return _faker_words() | everyday_words() | _NON_NAME_WORDS | _PLACE_WORDS


@_kept
def non_name_words() -> frozenset[str]:
    """Words more often not a name: everyday words, the words of job titles, slogans and
    colours (faker's; less the listed names among them: `Alice` of `AliceBlue`), and
    `_NON_NAME_WORDS`; a value no list vouches for holds none of them."""
    first, last = name_lists()
    return (_faker_words() - first - last) | everyday_words() | _NON_NAME_WORDS | _PLACE_WORDS


def _words(value: str) -> list[str]:
    return [w for w in value.split() if w.lower() not in _PARTICLES and not w.endswith(".") and w]


def _known(word: str, names: frozenset[str]) -> bool:
    folded = _fold(word)
    return folded in names or any(part in names for part in folded.split("-"))


@lru_cache(maxsize=1 << 16)
def _is_word(word: str) -> bool:
    """Not a non-name word (`Team`, `Build`), nor all of its hyphenated parts, nor an
    identifier's camel case (`TtyNam`, `ByRef`; `McLean`, `DeVito` are names)."""
    if _CAMEL.search(word) and not _NAME_CAPITALS.match(word):
        return False
    vocab = non_name_words()
    folded = _fold(word)
    if folded in vocab or _place_shaped(folded):
        return False
    parts = folded.split("-")
    if len(parts) > 2:  # `Sint-Joris-Weert`, `Onze-Lieve-Vrouw-Lombeek`
        return False
    return not all(p in vocab for p in parts) and not any(p in _PLACE_WORDS for p in parts)


def _place_shaped(folded: str) -> bool:
    return folded.endswith(_PLACE_ENDINGS) and any(
        len(folded) >= len(e) + 3 for e in _PLACE_ENDINGS if folded.endswith(e)
    )


def _placeholder(words: list[str], placeholders: bool) -> bool:
    return bool(words) and not placeholders and _fold(words[-1]) in _PLACEHOLDER_SURNAMES


def is_person_name(value: str, *, placeholders: bool = False) -> bool:
    """A first name, optionally followed by more names; an ambiguous word needs a surname."""
    first, last = name_lists()
    ordinary = ordinary_words()
    words = _words(value)
    if _placeholder(words, placeholders):
        return False
    if not words or not _known(words[0], first) or len(words[0]) < 2:
        return False
    if _fold(words[0]) not in ordinary:
        return len(words) > 1 or len(words[0]) >= 3
    return len(words) > 1 and _known(words[-1], last) and _fold(words[-1]) not in everyday_words()


def _reads_as_name(words: list[str]) -> bool:
    """Two or more words that no list need vouch for: none a non-name word (`Platform Team`),
    not a place (`Donja Stubica` is not known, `Sierra Leone` is), no place's first word
    (`Port Elizabeth`), no street word last (`Lopez Street`)."""
    if len(words) < 2 or len(words[0]) < 2 or not all(_is_word(w) for w in words):
        return False
    head, tail = _fold(words[0]), _fold(words[-1])
    if head.split("-", 1)[0] in _PLACE_HEADS or tail in street_suffixes():
        return False
    return _fold(" ".join(words)) not in place_names()


def is_keyed_name(value: str, *, placeholders: bool = False) -> bool:
    """The value of a key that names a person's name (`full_name`, `customer_name`): any name-
    shaped value that is not made of non-name words (`Guest User`, `Default`)."""
    words = _words(value)
    if not words or _placeholder(words, placeholders):
        return False
    if is_person_name(value, placeholders=placeholders) or _reads_as_name(words):
        return True
    return len(words) == 1 and len(words[0]) >= 2 and is_name_part(value)


def is_role_name(value: str, *, placeholders: bool = False) -> bool:
    """The value of a role (`owner`, `assignee`), a greeting, a sign-off or a `Name:` line: a
    listed first name, a listed name alone that is no everyday word (`Chen`), or two or more
    words that read as a name (`Tilen Gorenc`) and are no ordinary pair (`Rose Gold`)."""
    words = _words(value)
    if not words or _placeholder(words, placeholders):
        return False
    if is_person_name(value, placeholders=placeholders):
        return True
    if len(words) == 1:
        return _single_name(words[0])
    head, tail = _fold(words[0]), _fold(words[-1])
    if head in ordinary_words() and tail in everyday_words():
        return False
    rest = words[1:]
    if _known(words[0], name_lists()[0]) and all(_is_word(w) for w in rest):
        return tail not in street_suffixes() and _fold(" ".join(words)) not in place_names()
    return _reads_as_name(words)


def is_greeted_name(value: str, *, placeholders: bool = False) -> bool:
    """A greeted or signing name: as `is_role_name`, and one unlisted word that is no non-name
    word (`Hi Sinead,`, `Thanks,\\nOluwaseun`) is a name too."""
    if is_role_name(value, placeholders=placeholders):
        return True
    words = _words(value)
    word = words[0] if len(words) == 1 else ""
    if len(word) < 3 or not _is_word(word):
        return False
    return _fold(word) not in ordinary_words() or _known(word, name_lists()[0])


def _single_name(word: str) -> bool:
    """One word that a list vouches for and that is no everyday or ambiguous word."""
    first, last = name_lists()
    folded = _fold(word)
    if len(word) < 2 or folded in ordinary_words() or not _is_word(word):
        return False
    return _known(word, first) or _known(word, last)


def is_full_name(value: str, *, placeholders: bool = False) -> bool:
    """A name with no key to vouch for it: two to four words that read as a name (none a
    non-name word, no place), with a listed first name first or a listed surname last; not a
    word that is also a name before an everyday word (`Rose Gold`, `Jack Black`)."""
    first, last = name_lists()
    words = _words(value)
    if not 2 <= len(words) <= 4 or len(words[0]) < 2:
        return False
    head, tail = _fold(words[0]), _fold(words[-1])
    if tail in _PLACEHOLDER_SURNAMES and not placeholders:
        return False
    if head in ordinary_words() and tail in everyday_words():
        return False
    nations = countries()
    if head in nations or tail in nations:  # `France Paris`, `Georgia Tech`
        return False
    listed_head = head in first or _known(words[0], first)
    listed_tail = tail in last or _known(words[-1], last)
    if listed_head and listed_tail and head.split("-", 1)[0] not in _PLACE_HEADS:
        if any(_fold(w) in _PLACE_WORDS or _place_shaped(_fold(w)) for w in words):
            return False
        return tail not in street_suffixes() and _fold(value) not in place_names()
    if not _reads_as_name(words):
        return False
    if listed_head and head not in ordinary_words():
        return True
    if listed_tail and tail not in ordinary_words() and len(tail) >= 3:
        return True
    return _surname_shaped(words[-1])


# Endings of surnames in many languages (`Simonsen`, `Dagsdóttir`, `Carić`, `Kowalski`,
# `Popescu`, `Öztürk­oğlu`, `Virtanen`): a full name no list knows may end in one of them.
_SURNAME_ENDINGS = (
    "sson", "ssen", "sen", "dóttir", "dottir", "ović", "ević", "ić", "ič", "ski", "ska", "sky",
    "ský", "ská", "ová", "wicz", "escu", "enko", "oğlu", "oglu", "ström", "qvist", "quist",
    "gaard", "gård", "ovich", "evich", "shvili", "dze", "ainen", "inen", "poulos", "akis", "idis",
    "auskas", "avičius", "aitė", "ienė", "ytė", "chuk", "czyk", "czak", "ov", "ova", "ev", "yev",
)  # fmt: skip


def _surname_shaped(word: str) -> bool:
    low = word.lower()
    return len(low) >= 5 and low.endswith(_SURNAME_ENDINGS) and _is_word(word)


def is_inverted_name(value: str, *, placeholders: bool = False) -> bool:
    """`Surname, First`, as a full name."""
    surname, _, given = value.partition(", ")
    return is_full_name(f"{given} {surname}", placeholders=placeholders)


_PAIR_CHARS = frozenset(",;\t|'\"")


def is_row_value(value: str, *, placeholders: bool = False) -> bool:
    """A row field (`is_full_name`), or two one-word fields side by side (`is_name_pair`)."""
    if _PAIR_CHARS.isdisjoint(value):
        return is_full_name(value, placeholders=placeholders)
    return is_name_pair(value)


_PAIR_SPLIT = re.compile(r"""["']?(?:[,;\t|]|,[ \t]*|[ ]\|[ ])["']?""")


def is_name_pair(value: str) -> bool:
    """Two single-word fields side by side that read as first name and surname, either way
    round (`Maria,Lopez`, `Lopez,Maria`): one a listed first name, the other a word that is no
    everyday or non-name word, and neither a place (`Paris,France`, `Berlin,Germany`)."""
    words = _PAIR_SPLIT.split(value)
    if len(words) != 2:
        return False
    a, b = (w.strip(" \t'\"") for w in words)  # `'Lu', 'Ll'`: the split leaves ` 'Ll`
    if max(len(a), len(b)) < 3 or {_fold(a), _fold(b)} <= _CALENDAR:  # `Lu,Lo`; `Mon|Tue`
        return False
    for given, other in ((a, b), (b, a)):  # a listed first name beside a listed surname
        if _first_name(given) and _fold(other) not in place_names() and _surname_word(other):
            return True
    if not (_row_word(a) and _row_word(b)):
        return False
    if _first_name(a) or _first_name(b):
        return True
    # A surname beside a word no list knows (`Gorenc,Tilen`); two listed surnames side by side
    # are as often two towns (`Davos,Baar`).
    last = name_lists()[1]
    return (_surname(a) and not _known(b, last)) or (_surname(b) and not _known(a, last))


@lru_cache(maxsize=1 << 16)
def _surname_word(word: str) -> bool:
    """A listed surname, even one that is also a word (`Taylor`, `Brown`, `Blanco`)."""
    return len(word) >= 2 and _known(word, name_lists()[1]) and _fold(word) not in countries()


@lru_cache(maxsize=1 << 16)
def _surname(word: str) -> bool:
    """A listed surname that is no everyday word, or a word with a surname's ending."""
    return (_single_name(word) and _known(word, name_lists()[1])) or _surname_shaped(word)


@lru_cache(maxsize=1 << 16)
def _row_word(word: str) -> bool:
    folded = _fold(word)
    if len(word) < 2 or folded in ordinary_words() or folded in place_names():
        return False
    return _is_word(word)


@lru_cache(maxsize=1 << 16)
def _first_name(word: str) -> bool:
    """A listed first name that is no everyday word and no country (`France`, `Jordan`)."""
    return _single_name(word) and _known(word, name_lists()[0]) and _fold(word) not in countries()


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
    """A value of a first-name or surname field: any word of it is a known name, or it reads as
    a name (`Ifeanyi`, `Mac an Mhíleadha`): no non-name word (`Submit`, `Tbd`, `String`)."""
    first, last = name_lists()
    words = [w for w in _words(value) if len(w) >= 2]
    if any(_known(w, first) or _known(w, last) for w in words):
        return True
    return bool(words) and all(_is_word(w) and len(w) >= 3 for w in words)


def is_byline_name(value: str, *, placeholders: bool = False) -> bool:
    """A byline name: a known first name, or two or more words ending in a known surname."""
    if is_person_name(value, placeholders=placeholders):
        return True
    _, last = name_lists()
    words = _words(value)
    if _placeholder(words, placeholders):
        return False
    return len(words) > 1 and _known(words[-1], last) and _fold(words[-1]) not in ordinary_words()


def is_field_name(value: str, *, placeholders: bool = False) -> bool:
    """A bare `name` field's value: a listed first name and more, or a full name (one listed
    word, the rest reading as a name); never words no list knows (`Kindle Paperwhite`)."""
    return is_person_name(value, placeholders=placeholders) or is_full_name(
        value, placeholders=placeholders
    )


def is_prose_name(value: str, *, placeholders: bool = False) -> bool:
    """A full name in a sentence: as `is_full_name`."""
    return is_full_name(value, placeholders=placeholders)


def recall_full_name(value: str) -> bool:
    """The gateway's reading of a row field or a name in a sentence: a full name (placeholders
    too), or two to four words that read as a name though no list knows them (`Tilen Gorenc`).
    A town no list knows (`Donja Stubica`) is masked too; the gateway restores it."""
    if is_full_name(value, placeholders=True):
        return True
    words = _words(value)
    if not 2 <= len(words) <= 4:
        return False
    head, tail = _fold(words[0]), _fold(words[-1])
    if head in ordinary_words() or tail in countries() or head in countries():
        return False
    return _reads_as_name(words)


def recall_row_value(value: str) -> bool:
    """`is_row_value` for the gateway: a full name read by `recall_full_name`, or two one-word
    fields that read as names though no list knows either (`Gorenc,Tilen`)."""
    if _PAIR_CHARS.isdisjoint(value):
        return recall_full_name(value)
    if is_name_pair(value):
        return True
    words = _PAIR_SPLIT.split(value)
    return len(words) == 2 and all(len(w) >= 3 and _row_word(w) for w in words)


def _shaped(value: str) -> bool:
    return len(value) >= 2


PERSON_NAME_FIELD = PiiRule(
    id="person-name-field",
    kind="person_name",
    regex=FIELD_REGEX,
    validate=is_role_name,
    recall_validate=partial(is_role_name, placeholders=True),
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
            "level=info event=signup name=Tilen Gorenc plan=pro",
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
            '"name": "Kindle Paperwhite"',  # two words no list knows: a product as often
            '{"name": "Spring Boot"}',  # a library
        ),
        documented=(
            "user = User(name='John Doe')",  # the placeholder person
        ),
    ),
)

PERSON_NAME_NAMED_FIELD = PiiRule(
    id="person-name-named-field",
    kind="person_name",
    regex=NAMED_REGEX,
    validate=is_keyed_name,
    recall_validate=partial(is_keyed_name, placeholders=True),
    confidence=0.75,
    max_len=96,
    examples=Examples(
        positives=(
            "full_name: Maria Garcia\n",
            'customer = Customer(display_name="Tom Becker")',
            'props.setProperty("customer.name", "Daniel Hudson");',
            '"customerName": "Ngozi Okonkwo-Adeyemi"',
            "Full name: Tilen Gorenc\n",
            'contact_name = "Sinéad"',
        ),
        negatives=(
            'display_name = "Guest User"',  # a default, not a person
            '"holder_name": "Default"',  # a default
            "full_name: str",  # a type annotation
            'contact_name: "{{ contact.name }}"',  # a template
        ),
        documented=(
            '"full_name": "John Doe"',  # the placeholder person
        ),
    ),
)

PERSON_NAME_ROLE_FIELD = PiiRule(
    id="person-name-role-field",
    kind="person_name",
    regex=ROLE_REGEX,
    validate=is_role_name,
    recall_validate=partial(is_role_name, placeholders=True),
    confidence=0.7,
    max_len=96,
    examples=Examples(
        positives=(
            "pet = Pet(owner='Harry')",
            "Author: John Smith <jsmith@mail.invalid>",
            "<contact>Ludwig van Beethoven</contact>",
            '{"assignee": "Priya", "priority": 2}',
            'process.env.OWNER = process.env.OWNER || "Sara Elliott";',
            '<add key="Owner" value="Dakota Bradley" />',
            'config["customer"] = "Mohammed van Praagh"',
            "const owner: string = 'Jason Huffman';",
            "# Owner: Gregor Hayre (on leave)",
            "Reported by: Zvonko Plažanin\n",
            'ts=2024-05-01 customer="Bjørn Vik" order=7',
            '{"reviewer": "Chen"}',
        ),
        negatives=(
            '"owner": "Will"',  # an ordinary word that is also a first name
            '"author": "OpenAI"',  # an organisation
            '"owner": "Platform Team"',  # a team
            "contact: support",  # lower case
            'user_name: "jsmith"',  # a login, not a display name
            '"author": "Remix Software"',  # a company
            '"customer": "Acme"',  # one word no list knows
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
            '{"firstName": "Ifeanyi", "age": 34}',
            "surname: Mngomezulu\n",
        ),
        negatives=(
            '"last_name": "Tbd"',  # not a known name
            "first_name: str",  # a type annotation
            '"lastName": "string"',  # a schema placeholder
            'first_name = "Submit"',  # a button label, not a name
            "surname: ${LAST_NAME}",  # a template
            "lname = Column(String(64))",  # a column definition
            '<label for="firstName">First Name</label>',  # a label
        ),
    ),
)

PERSON_NAME_GREETING = PiiRule(
    id="person-name-greeting",
    kind="person_name",
    regex=GREETING_REGEX,
    validate=is_greeted_name,
    recall_validate=partial(is_greeted_name, placeholders=True),
    confidence=0.7,
    max_len=96,
    examples=Examples(
        positives=(
            "Hi John,\nthe invoice is attached.",
            "Dear Jane Smith,",
            "Thanks,\nMaria Garcia",
            "Best regards, Tom Becker",
            "see you soon\n-- \nPriya Patel\n",
            "Hello Øystein,\n",
            "Many thanks,\n\nSinead\n",
        ),
        negatives=(
            "Hi there,",  # no name
            "Dear Sir,",  # a title
            'print("Hello World!")',  # not a name
            "Thanks Will,",  # an ordinary word
            "Best Practices\n",  # a heading
            "-- \nSELECT 1",  # SQL after a comment
            "Hi team,\n",  # a team
            "Thanks,\nThe Support Team\n",  # a team
            "Dear Valued Customer,\n",  # no name
        ),
    ),
)

PERSON_NAME_GREETING_PAIR = PiiRule(
    id="person-name-greeting-pair",
    kind="person_name",
    regex=GREETING_PAIR_REGEX,
    validate=is_greeted_name,
    recall_validate=partial(is_greeted_name, placeholders=True),
    confidence=0.7,
    max_len=128,
    examples=Examples(
        positives=("Hi Damir and Lėja,\n", "Dear Tom & Priya Patel,"),
        negatives=("Hi Maria and team,", "Hello Tom and everyone,"),
    ),
)

PERSON_NAME_TITLE = PiiRule(
    id="person-name-title",
    kind="person_name",
    regex=TITLE_REGEX,
    validate=is_greeted_name,
    recall_validate=partial(is_greeted_name, placeholders=True),
    confidence=0.7,
    max_len=96,
    examples=Examples(
        positives=("Dear Mr. Mngomezulu,\n", "Dr Okafor will call you back.", "Ms. Lüthi (HR)"),
        negatives=(
            "Dr. Pepper, 12 cans",  # a product
            "Mr. Robot season 2",  # a show
            "123 Oak Dr. Suite 100",  # a street
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
    first_pass=_DATA_FIRST_PASS,
    validate=is_row_value,
    recall_validate=recall_row_value,
    confidence=0.65,
    max_len=96,
    examples=Examples(
        positives=(
            "id,full_name,email\n1042,Dean Shaw,dshaw@mail.invalid,pro\n",
            "id,first_name,last_name\n7,Sarah,Gorenc,pro\n",
            "INSERT INTO users VALUES (7, 'Sarah', 'Gorenc');",
            "id,surname,given\n7,Gorenc,Sarah\n",
            "7\tLydia Scheuermann\tlydia@mail.invalid\tenterprise\n",
            'name;city;country\n"Joy van der Laar";"Rotterdam";"NL"\n',
            "42|Ana María López|Madrid|ES",
            "INSERT INTO users VALUES (7, 'Sarah Gorenc', 'tg@mail.invalid');",
            "id,name,plan\n9,Yusuf Mngomezulu,pro\n",
            "id,email,full_name\n7,tg@mail.invalid,Tilen Kowalski\n",
        ),
        negatives=(
            "venue,Grant Park,Chicago,IL",  # a place: an ordinary word and a street word
            "3,Sierra Leone,SL,7.9",  # a country
            "city,Morgan Hill,CA,95037",  # a town: ends in a street word
            "sku,Rose Gold,Space Gray,Silver",  # product colours
            "Thanks to Priya Patel, Tom Becker, and Wei Zhang.",  # prose: spaced commas
            "Hello World,Foo Bar,baz",  # not names
            "(1, 'Spring Boot', 'Visual Studio')",  # products
            "id,product\n1,Space Gray\n",  # a colour
            "id,city,country\n1,Paris,France\n",  # a place
            "id,status,next\n1,Active,Pending\n",  # ordinary words
            "id,city,country\n1,Berlin,Germany\n",  # places
            "id,a,b\n1,Foo,Bar\n",  # not names
            "id,product,colour\n1,Kindle,Paperwhite\n",  # no listed name
            "7,Donja Stubica,HR",  # a town: a place word
        ),
        documented=(
            "1,John Doe,jdoe@mail.invalid,free",  # the placeholder person
            "id,town,town\n1,Davos,Baar\n",  # two towns: the gateway masks name-like pairs
        ),
    ),
)

PERSON_NAME_INVERTED_FIELD = PiiRule(
    id="person-name-inverted-field",
    kind="person_name",
    regex=INVERTED_FIELD_REGEX,
    validate=is_inverted_name,
    recall_validate=partial(is_inverted_name, placeholders=True),
    confidence=0.65,
    max_len=96,
    examples=Examples(
        positives=('7,"Gorenc, Sarah",pro\n', 'id,name\n8,"Becker, Tom"\n'),
        negatives=('1,"Paris, France",FR\n', '2,"Widgets, Large",9.99\n'),
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

PERSON_NAME_PROSE = PiiRule(
    id="person-name-prose",
    kind="person_name",
    regex=PROSE_BEFORE_REGEX,
    validate=is_prose_name,
    recall_validate=recall_full_name,
    confidence=0.55,
    max_len=96,
    examples=Examples(
        positives=(
            "I spoke with Ove Bach from accounting.",
            "Ticket reassigned to Yasmin Whelan after the escalation.",
        ),
        negatives=(
            "Welcome to Visual Studio Code.",  # a product
            "We moved from Spring Boot to Quarkus.",  # libraries
            "Ship it to Grant Park by Friday.",  # a place
        ),
    ),
)

PERSON_NAME_PROSE_SUBJECT = PiiRule(
    id="person-name-prose-subject",
    kind="person_name",
    regex=PROSE_AFTER_REGEX,
    validate=is_prose_name,
    recall_validate=recall_full_name,
    confidence=0.55,
    max_len=112,
    examples=Examples(
        positives=(
            "Łukasz Wróblewski called about the invoice on Tuesday.",
            "Done. Maria Lopez (Finance) approved it.",
        ),
        negatives=(
            "Visual Studio Code is installed.",  # a product
            "Rose Gold is sold out.",  # a colour
            "Getting Started will follow.",  # a heading
        ),
    ),
)

# --- A cell of a delimited block under a header that names a name: `first_name,...` then
# `Sinead,...`. A rule sees no header, so the cell is checked against the block's header line
# (`under_name_header`); a name-shaped value there is a name even when no list knows it, as
# under a key.

_HEADER_NAME = re.compile(
    r"(?i)(?:(?:first|last|full|given|family|middle|display|legal|preferred|customer|contact|"
    r"client|patient|employee|person|account|owner|user|member|sender|recipient|author|"
    r"holder|guest|student|passenger|driver|applicant|candidate)[ _\-]?name|[fl]name|"
    r"surname|forename|given|family|name|full[ _\-]?name)s?"
)
# Lines that may be a block's header: a name-like word and a delimiter on one line.
_HEADER_LINE = re.compile(r"(?im)^(?=[^\n]*[,;\t|])[^\n]*(?:name|surname|forename)[^\n]*$")
_BLANK = re.compile(r"\n[ \t]*\n")
_BLOCKS: dict[str, tuple[list[int], list[str], list[int]]] = {}
_MAX_BLOCKS = 8
COLUMN_REGEX = (  # a quoted cell closes with its own quote: `"Becker, Tom"` is not `Becker`
    rf"""(?:(?<![^\n])|(?<=[,;\t|]))(?P<quote>["']?)(?P<secret>{NAME})(?P=quote)"""
    r"""(?=[ \t]*(?:[,;\t|]|\r?\n|$))"""
)
# One Hyperscan report per cell: the delimiter after it is part of the match.
_COLUMN_FIRST_PASS = rf"""(?:^|[\n,;\t|])["']?{NAME}["']?[ \t]*(?:[,;\t|\r\n]|$)"""


def _blocks(text: str) -> tuple[list[int], list[str], list[int]]:
    """Where the lines that may be headers start, those lines, and where blank lines are: once
    per text (the last few texts are kept)."""
    known = _BLOCKS.get(text)
    if known is None:
        found = [(m.start(), m.group()) for m in _HEADER_LINE.finditer(text)]
        blanks = [m.start() for m in _BLANK.finditer(text)]
        known = ([at for at, _ in found], [line for _, line in found], blanks)
        if len(_BLOCKS) >= _MAX_BLOCKS:
            _BLOCKS.clear()
        _BLOCKS[text] = known
    return known


def under_name_header(value: str, text: str, start: int) -> bool:
    """Whether the cell at `start` stands in a column whose header names a name: the nearest
    header-like line above it, with no blank line between, has a name header (`first_name`,
    `Customer Name`, `surname`) at the cell's position, counting the row's delimiter."""
    line_at = text.rfind("\n", 0, start) + 1
    starts, lines, blanks = _blocks(text)
    i = bisect.bisect_right(starts, line_at - 1) - 1
    if i < 0:
        return False
    header_at = starts[i]
    j = bisect.bisect_right(blanks, header_at)
    if j < len(blanks) and blanks[j] < line_at:
        return False  # a blank line ends the header's block
    line_end = text.find("\n", start)
    row = text[line_at : line_end if line_end >= 0 else len(text)]
    delim = max(",;\t|", key=row.count)
    if not row.count(delim):
        return False
    cells = lines[i].split(delim)
    column = text.count(delim, line_at, start)
    if column >= len(cells):
        return False
    return bool(_HEADER_NAME.fullmatch(cells[column].strip().strip("\"'").strip()))


PERSON_NAME_COLUMN = PiiRule(
    id="person-name-column",
    kind="person_name",
    regex=COLUMN_REGEX,
    first_pass=_COLUMN_FIRST_PASS,
    validate=is_keyed_name,
    recall_validate=partial(is_keyed_name, placeholders=True),
    validate_at=under_name_header,
    confidence=0.7,
    max_len=96,
    examples=Examples(
        positives=(
            "id,first_name,plan\n7,Sinead,pro\n",
            "id;Customer Name;city\n9;Tilen Gorenc;Ljubljana\n",
            "email\tsurname\nx@mail.invalid\tKowalczyk\n",
            "id,plan,name\n1,pro,Yusuf Mngomezulu\n",
            'id,"full name",plan\n1,"Tilen Gorenc",pro\n',
        ),
        negatives=(
            "id,city,plan\n7,Sinead,pro\n",  # no name column
            "id,first_name\n\nrank,city\n1,Sinead\n",  # a blank line ends the block
            "id,name,plan\n7,Guest User,pro\n",  # not a name: non-name words
            "id,first_name,plan\n7,pending,pro\n",  # not name-shaped
            "First Name,Last Name\n",  # the header itself
        ),
    ),
)

RULES = (
    PERSON_NAME_FIELD,
    PERSON_NAME_NAMED_FIELD,
    PERSON_NAME_ROLE_FIELD,
    PERSON_NAME_PART_FIELD,
    PERSON_NAME_GREETING,
    PERSON_NAME_GREETING_PAIR,
    PERSON_NAME_TITLE,
    PERSON_NAME_TRAILER,
    PERSON_NAME_AUTHOR,
    PERSON_NAME_WITH_EMAIL,
    PERSON_NAME_CONSTRUCTOR,
    PERSON_NAME_ROLE_STATEMENT,
    PERSON_NAME_PROSE,
    PERSON_NAME_PROSE_SUBJECT,
    PERSON_NAME_DATA_FIELD,
    PERSON_NAME_INVERTED_FIELD,
    PERSON_NAME_COLUMN,
)
