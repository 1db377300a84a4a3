"""Person names in data: recall per shape and precision, for `veil scan` and for the gateway.

    .venv/bin/python bench/names_eval.py [--seed 7] [--docs 120] [--show 3] [--time]

A seeded generator writes labelled documents in the shapes where data carries names: CSV and TSV
rows (a middle column, the last column, single-word first/last name columns), JSON and YAML
fixtures, SQL `INSERT` rows, greetings, signatures, `Name:` lines, log lines and prose; and hard
negatives that hold no person: code identifiers, street addresses, cities, companies, products
and libraries, job titles, Title Case headings, table headers, teams in greetings, CI steps.

The names are held out: they come from faker's person providers for locales that veil's
`names.py` does not load (`HELD_OUT`, kept disjoint from `names._LOCALES` and `_ROMANIZED`; the
script refuses to run otherwise), and from a short list written here (`EXTRA_*`). Only names in
Latin script are used, as veil claims no other. Many of these names are still in veil's lists (a
Swiss first name is often a German one); the report says how many, so a gain from a longer list
can be told from a gain from context.

Scoring is by span: a person-name finding that overlaps a labelled name is a hit (one per label;
a second finding on the same label counts neither way), any other person-name finding is a false
positive. Findings of other kinds are ignored. `--time` also times `default_engine().scan` on a
dense 200 KB CSV export (best of five, after a warm-up).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
import unicodedata
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from random import Random

from faker import Faker

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from veil.detect import builtin_rules, default_engine, recall
from veil.detect.engine import Engine
from veil.detect.pii import names

# Locales veil's lists never see. Regional variants of a loaded language (de_AT, fr_CA, es_MX)
# are here on purpose: their names overlap the loaded ones about as much as real data does.
HELD_OUT = (
    "en_NZ", "en_IE", "en_KE", "en_NG", "de_AT", "de_CH", "fr_CA", "fr_BE", "es_MX", "es_AR",
    "es_CO", "pt_PT", "nl_BE", "da_DK", "no_NO", "sk_SK", "hr_HR", "sl_SI", "et_EE", "lt_LT",
    "ga_IE", "ig_NG", "zu_ZA", "tw_GH", "is_IS", "uz_UZ",
)  # fmt: skip
# A few more, written here: romanised names from languages faker has no Latin provider for.
EXTRA_FIRST = [
    "Aarav",
    "Ahmed",
    "Ananya",
    "Arjun",
    "Ayesha",
    "Bilal",
    "Chen",
    "Daiki",
    "Deepika",
    "Fatima",
    "Hamza",
    "Haruto",
    "Hiroshi",
    "Imran",
    "Jiho",
    "Kavya",
    "Kenji",
    "Mei",
    "Minjun",
    "Nguyen",
    "Omar",
    "Rahul",
    "Sakura",
    "Seo-yeon",
    "Shreya",
    "Tariq",
    "Wei",
    "Xiaoling",
    "Yerlan",
    "Yuki",
    "Zainab",
    "Farhan",
    "Anjali",
    "Rohan",
    "Sanjay",
    "Layla",
    "Youssef",
    "Leila",
    "Karim",
]
EXTRA_LAST = [
    "Abdullah",
    "Agarwal",
    "Banerjee",
    "Chatterjee",
    "Choi",
    "Deshmukh",
    "Fujimoto",
    "Gupta",
    "Hashimi",
    "Huang",
    "Iyer",
    "Kang",
    "Khan",
    "Kobayashi",
    "Kulkarni",
    "Lim",
    "Liu",
    "Matsumoto",
    "Mehta",
    "Nakamura",
    "Nair",
    "Okonkwo",
    "Park",
    "Qureshi",
    "Rahman",
    "Reddy",
    "Saito",
    "Sato",
    "Shah",
    "Siddiqui",
    "Tanaka",
    "Tran",
    "Watanabe",
    "Yamamoto",
    "Yilmaz",
    "Zhou",
    "Haddad",
    "Mansour",
]

STREETS = ("Street", "St.", "Avenue", "Road", "Lane", "Drive", "Way", "Boulevard", "Place")
PRODUCTS = (
    "Spring Boot", "React Router", "Visual Studio Code", "Google Chrome", "Apache Kafka",
    "Ruby on Rails", "Jupyter Notebook", "Adobe Photoshop", "Microsoft Teams", "Sublime Text",
    "Grafana Loki", "Mac Mini", "Galaxy Tab", "Surface Pro", "Kindle Paperwhite", "Apple Watch",
    "Power BI", "Google Sheets", "Azure Functions", "Cloud Run", "Android Studio", "Unity Hub",
    "Docker Desktop", "Jenkins Pipeline", "Angular Material", "Vue Router", "Next Auth",
    "Rose Gold", "Space Gray", "Midnight Blue", "Pacific Blue", "Graphite", "Sierra Blue",
    "Standard Class", "Office Supplies", "Express Shipping", "Gift Card", "Premium Plan",
)  # fmt: skip
HEADINGS = (
    "Getting Started", "Known Issues", "Release Notes", "Next Steps", "Action Items",
    "Open Questions", "Table of Contents", "Further Reading", "Breaking Changes", "Bug Fixes",
    "New Features", "Quick Start", "Project Overview", "Meeting Notes", "Data Model",
    "Customer Success", "Account Settings", "Billing History", "Payment Method", "User Profile",
)  # fmt: skip
TEAMS = ("team", "all", "everyone", "folks", "there", "Support", "Customer", "Sir or Madam")
SIGNERS = ("The Support Team", "Acme Billing", "Customer Success", "The Platform Team", "HR")
COMPANY_WORDS = ("Ltd", "GmbH", "Group", "Holdings", "Partners", "Consulting", "& Sons", "Inc.")
PERSON_COLUMNS = (
    "name", "full_name", "customer", "customer_name", "contact", "contact_name", "owner",
    "author", "assignee", "display_name", "employee", "reporter", "Name", "Full Name",
    "Customer Name",
)  # fmt: skip
PART_COLUMNS = (
    ("first_name", "last_name"), ("firstName", "lastName"), ("given_name", "surname"),
    ("fname", "lname"), ("First Name", "Last Name"), ("forename", "family_name"),
)  # fmt: skip


def _latin(text: str) -> bool:
    return all(not c.isalpha() or "LATIN" in unicodedata.name(c, "") for c in text)


@dataclass
class Doc:
    """A document being written, with the spans of the names planted in it."""

    shape: str
    parts: list[str] = field(default_factory=list)
    spans: list[tuple[int, int]] = field(default_factory=list)
    size: int = 0

    def add(self, text: str) -> Doc:
        self.parts.append(text)
        self.size += len(text)
        return self

    def name(self, text: str) -> Doc:
        self.spans.append((self.size, self.size + len(text)))
        return self.add(text)

    def text(self) -> str:
        return "".join(self.parts)


class People:
    """Held-out names, drawn from one seed."""

    def __init__(self, seed: int) -> None:
        clash = set(HELD_OUT) & {*names._LOCALES, *names._ROMANIZED}
        if clash:
            raise SystemExit(f"not held out: veil loads {sorted(clash)}")
        self.rng = Random(seed)
        self.fakers = []
        for i, loc in enumerate(HELD_OUT):
            fake = Faker(loc)
            fake.seed_instance(seed * 1000 + i)
            self.fakers.append(fake)
        self.drawn: list[tuple[str, str]] = []

    def pair(self) -> tuple[str, str]:
        rng = self.rng
        while True:
            if rng.random() < 0.08:
                first, last = rng.choice(EXTRA_FIRST), rng.choice(EXTRA_LAST)
            else:
                fake = rng.choice(self.fakers)
                first, last = fake.first_name(), fake.last_name()
            if _latin(first + last) and first.strip() and last.strip():
                self.drawn.append((first, last))
                return first, last

    def full(self) -> str:
        first, last = self.pair()
        if self.rng.random() < 0.08:
            return f"{first} {self.pair()[0]} {last}"  # a middle name
        return f"{first} {last}"

    @property
    def fake(self) -> Faker:
        return self.rng.choice(self.fakers)


def _email(rng: Random, first: str, last: str) -> str:
    def ascii_of(word: str) -> str:
        word = unicodedata.normalize("NFKD", word)
        return "".join(c for c in word if c.isascii() and c.isalnum()).lower() or "x"

    user = rng.choice(
        (f"{ascii_of(first)}.{ascii_of(last)}", f"{ascii_of(first)[0]}{ascii_of(last)}", "user")
    )
    return f"{user}{rng.randint(1, 99)}@{rng.choice(('mailbox.org', 'posteo.de', 'fastmail.com'))}"


def _row_values(rng: Random, ppl: People) -> dict[str, str]:
    fake = ppl.fake
    return {
        "id": str(rng.randint(1000, 999999)),
        "email": _email(rng, *ppl.pair()),
        "plan": rng.choice(("free", "pro", "team", "enterprise")),
        "created_at": f"2024-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
        "city": fake.city(),
        "country": fake.current_country_code(),
        "amount": f"{rng.randint(1, 9999)}.{rng.randint(0, 99):02d}",
        "status": rng.choice(("active", "churned", "trial", "paused")),
    }


# Shapes. Each builder writes one document of a few names.
def csv_rows(ppl: People, *, last: bool = False, sep: str = ",", shape: str = "csv") -> Doc:
    rng = ppl.rng
    col = rng.choice(PERSON_COLUMNS)
    others = rng.sample(["id", "email", "plan", "created_at", "city", "amount", "status"], 4)
    pos = len(others) if last else rng.randint(0, len(others) - 1)
    header = [*others]
    header.insert(pos, col)
    doc = Doc(shape).add(sep.join(header) + "\n")
    quote_all = sep == "," and rng.random() < 0.2
    for _ in range(rng.randint(3, 12)):
        values = _row_values(rng, ppl)
        cells: list[str | None] = [values[c] for c in others]
        cells.insert(pos, None)
        for i, cell in enumerate(cells):
            if i:
                doc.add(sep)
            q = '"' if quote_all else ""
            if cell is None:
                full = ppl.full()
                if sep == "," and rng.random() < 0.1:  # `"Lopez, Maria"`, as some exports write
                    first, _, rest = full.partition(" ")
                    doc.add('"').name(f"{rest}, {first}").add('"')
                else:
                    doc.add(q).name(full).add(q)
            else:
                doc.add(f"{q}{cell}{q}")
        doc.add("\r\n" if rng.random() < 0.1 else "\n")
    return doc


def csv_parts(ppl: People, *, sep: str = ",", shape: str = "csv_parts") -> Doc:
    rng = ppl.rng
    first_col, last_col = rng.choice(PART_COLUMNS)
    swapped = rng.random() < 0.15
    cols = [last_col, first_col] if swapped else [first_col, last_col]
    others = rng.sample(["id", "email", "plan", "created_at", "city", "status"], 3)
    pos = rng.randint(0, len(others))
    doc = Doc(shape).add(sep.join([*others[:pos], *cols, *others[pos:]]) + "\n")
    for _ in range(rng.randint(3, 12)):
        values = _row_values(rng, ppl)
        first, last = ppl.pair()
        names_ = [last, first] if swapped else [first, last]
        cells = [values[c] for c in others[:pos]]
        doc.add(sep.join([*cells, ""]) if cells else "")
        doc.name(names_[0]).add(sep).name(names_[1])
        rest = [values[c] for c in others[pos:]]
        doc.add((sep + sep.join(rest)) if rest else "").add("\n")
    return doc


def tsv(ppl: People) -> Doc:
    if ppl.rng.random() < 0.5:
        return csv_rows(ppl, sep="\t", last=ppl.rng.random() < 0.3, shape="tsv")
    return csv_parts(ppl, sep="\t", shape="tsv")


def json_fixture(ppl: People) -> Doc:
    rng = ppl.rng
    doc = Doc("json")
    style = rng.choice(("parts", "full", "camel", "role"))
    indent = rng.random() < 0.6
    doc.add("[\n" if indent else "[")
    for _ in range(rng.randint(2, 6)):
        first, last = ppl.pair()
        email = _email(rng, first, last)
        pad, nl = ("    ", "\n") if indent else ("", " ")
        doc.add(("  {" + nl) if indent else "{")
        doc.add(f'{pad}"id": {rng.randint(1, 9999)},{nl}')
        if style == "parts":
            doc.add(f'{pad}"first_name": "').name(first).add(f'",{nl}')
            doc.add(f'{pad}"last_name": "').name(last).add(f'",{nl}')
        elif style == "camel":
            key1, key2 = rng.choice((("firstName", "lastName"), ("givenName", "familyName")))
            doc.add(f'{pad}"{key1}": "').name(first).add(f'",{nl}')
            doc.add(f'{pad}"{key2}": "').name(last).add(f'",{nl}')
        elif style == "full":
            key = rng.choice(("name", "full_name", "fullName", "displayName", "customer_name"))
            doc.add(f'{pad}"{key}": "').name(f"{first} {last}").add(f'",{nl}')
        else:
            key = rng.choice(("author", "owner", "assignee", "customer", "contact", "reviewer"))
            value = f"{first} {last}" if rng.random() < 0.7 else first
            doc.add(f'{pad}"{key}": "').name(value).add(f'",{nl}')
        doc.add(f'{pad}"email": "{email}"{nl}' + ("  }" if indent else "}"))
        doc.add(",\n" if indent else ", ")
    doc.add('{"id": 0}]\n')
    return doc


def yaml_fixture(ppl: People) -> Doc:
    rng = ppl.rng
    doc = Doc("yaml").add(rng.choice(("users:\n", "customers:\n", "- model: accounts.user\n")))
    for _ in range(rng.randint(2, 6)):
        first, last = ppl.pair()
        q = rng.choice(("", "", '"', "'"))
        if rng.random() < 0.5:
            k1, k2 = rng.choice(PART_COLUMNS[:4])
            doc.add(f"  - {k1}: {q}").name(first).add(f"{q}\n")
            doc.add(f"    {k2}: {q}").name(last).add(f"{q}\n")
        else:
            key = rng.choice(("name", "full_name", "author", "owner", "contact", "assignee"))
            doc.add(f"  - {key}: {q}").name(f"{first} {last}").add(f"{q}\n")
        doc.add(f"    email: {_email(rng, first, last)}\n")
    return doc


def sql_insert(ppl: People) -> Doc:
    rng = ppl.rng
    doc = Doc("sql")
    parts = rng.random() < 0.5
    cols = "id, first_name, last_name, email" if parts else "id, name, email, plan"
    with_cols = rng.random() < 0.6
    table = rng.choice(("users", "customers", "employees", "contacts"))
    doc.add(f"INSERT INTO {table} ({cols}) VALUES\n" if with_cols else "")
    rows = rng.randint(2, 6)
    for i in range(rows):
        first, last = ppl.pair()
        if not with_cols:
            doc.add(f"INSERT INTO {table} VALUES ")
        doc.add(f"({rng.randint(1, 9999)}, '")
        if parts:
            doc.name(first.replace("'", "''")).add("', '").name(last.replace("'", "''"))
        else:
            doc.name(f"{first} {last}".replace("'", "''"))
        doc.add(f"', '{_email(rng, first, last)}'")
        doc.add(", 'pro')" if not parts else ")")
        doc.add((",\n" if i < rows - 1 else ";\n") if with_cols else ";\n")
    return doc


def greeting(ppl: People) -> Doc:
    rng = ppl.rng
    first, last = ppl.pair()
    doc = Doc("greeting")
    form = rng.randint(0, 4)
    if form == 0:
        doc.add(rng.choice(("Hi ", "Hello ", "Hey "))).name(first).add(",\n\n")
    elif form == 1:
        doc.add("Dear ").add(rng.choice(("Mr. ", "Ms. ", "Mrs. ", "Dr. ", "Mr ", "Ms "))).name(last)
        doc.add(",\n\n")
    elif form == 2:
        doc.add(rng.choice(("Dear ", "Hello "))).name(f"{first} {last}").add(",\n\n")
    elif form == 3:
        doc.add("Good morning ").name(first).add(rng.choice(("!\n\n", ",\n\n")))
    else:
        doc.add("Hi ").name(first).add(" and ")
        doc.name(ppl.pair()[0]).add(",\n\n")
    doc.add(
        rng.choice(
            (
                "Please find the invoice for March attached.\n",
                "Thanks for reporting the export issue; a fix ships on Friday.\n",
                "Your refund has been processed.\n",
            )
        )
    )
    return doc


def signature(ppl: People) -> Doc:
    rng = ppl.rng
    first, last = ppl.pair()
    doc = Doc("signature").add("The report is attached, let me know if anything is missing.\n\n")
    form = rng.randint(0, 3)
    value = first if rng.random() < 0.35 else f"{first} {last}"
    if form == 0:
        doc.add(rng.choice(("Thanks,\n", "Best,\n", "Regards,\n", "Cheers,\n", "Best regards,\n")))
    elif form == 1:
        doc.add("-- \n")
    elif form == 2:
        doc.add(rng.choice(("Kind regards\n", "Many thanks,\n\n", "Sincerely,\n")))
    else:
        doc.add(rng.choice(("Thanks, ", "Cheers, ", "Best, ")))
    doc.name(value).add("\n")
    if rng.random() < 0.5:
        doc.add(
            rng.choice(("Senior Accountant\n", "Customer Success | Acme\n", "+44 20 7946 0000\n"))
        )
    return doc


def name_line(ppl: People) -> Doc:
    rng = ppl.rng
    doc = Doc("name_line")
    for _ in range(rng.randint(1, 3)):
        label = rng.choice(
            (
                "Name", "Customer", "Contact", "Assignee", "Reported by", "Owner", "Requester",
                "Patient", "Employee", "Full name", "Account holder", "Cardholder", "Author",
            )
        )  # fmt: skip
        doc.add(rng.choice(("", "* ", "- ", "**"))).add(f"{label}: ").name(ppl.full()).add("\n")
        doc.add(rng.choice(("Priority: high\n", "Status: open\n", "Plan: pro\n", "")))
    return doc


def log_line(ppl: People) -> Doc:
    rng = ppl.rng
    doc = Doc("log")
    for _ in range(rng.randint(1, 4)):
        ts = f"2024-05-{rng.randint(1, 28):02d}T{rng.randint(0, 23):02d}:14:03Z"
        doc.add(f"{ts} INFO {rng.choice(('checkout', 'billing', 'auth'))} ")
        form = rng.randint(0, 2)
        if form == 0:
            key = rng.choice(("customer", "user_name", "name", "customer_name", "owner"))
            doc.add(f'order={rng.randint(1, 99999)} {key}="').name(ppl.full()).add('" ok\n')
        elif form == 1:
            key = rng.choice(("customer", "full_name", "display_name"))
            doc.add(f"{key}=").name(ppl.full()).add(f" plan=pro id={rng.randint(1, 999)}\n")
        else:
            doc.add('{"event": "signup", "name": "').name(ppl.full()).add('", "ok": true}\n')
    return doc


def prose(ppl: People) -> Doc:
    rng = ppl.rng
    doc = Doc("prose")
    who = ppl.full()
    form = rng.randint(0, 4)
    if form == 0:
        doc.name(who).add(" called about the invoice on Tuesday and asked for a refund.\n")
    elif form == 1:
        doc.add("I spoke with ").name(who).add(" from accounting; the export is still broken.\n")
    elif form == 2:
        doc.add("Ticket reassigned to ").name(who).add(" after the escalation.\n")
    elif form == 3:
        doc.add("Per ").name(who).add(", the migration can run on Sunday.\n")
    else:
        doc.name(who).add(" (").add(rng.choice(("Finance", "Legal", "Ops"))).add(") approved it.\n")
    return doc


# Hard negatives: no person anywhere.
def neg_code(ppl: People) -> Doc:
    rng = ppl.rng
    snippets = (
        "def getUserName(self):\n    return self.firstName + ' ' + self.lastName\n",
        "const { firstName, lastName } = props;\nconst fullName = `${firstName} ${lastName}`;\n",
        "class Name:\n    first: str\n    last: str\n",
        "first_name = models.CharField(max_length=100)\n",
        "last_name = models.CharField(max_length=100, blank=True)\n",
        "user.first_name = form.cleaned_data['first_name']\n",
        "public String getLastName() { return lastName; }\n",
        'first_name = forms.CharField(label="First name", required=True)\n',
        "name: str = Field(..., description='Display Name')\n",
        'System.out.println("Hello World");\n',
        "logger.info('Started Application in %s seconds', elapsed)\n",
        "SELECT first_name, last_name FROM users WHERE id = %s;\n",
        '<label for="firstName">First Name</label>\n<input id="firstName" name="firstName">\n',
        "    name = 'Django'\n    verbose_name = 'Accounts'\n",
        "- name: Build and Test\n  run: make test\n- name: Deploy Production\n",
        '{"name": "react-router", "author": "Remix Software", "license": "MIT"}\n',
        "from django.contrib.auth.models import User\nUser.objects.create(username='admin')\n",
        "@author Acme Platform Team\n",
        "Co-authored-by: GitHub Actions <actions@mailbox.org>\n",
    )
    return Doc("neg_code").add("".join(rng.sample(snippets, 4)))


def neg_address(ppl: People) -> Doc:
    rng = ppl.rng
    doc = Doc("neg_address").add("id,street,city,postcode,country\n")
    for _ in range(rng.randint(3, 10)):
        first, last = ppl.pair()
        street = f"{rng.choice((first, last))} {rng.choice(STREETS)}"
        fake = ppl.fake
        doc.add(f"{rng.randint(1, 999)},{rng.randint(1, 200)} {street},{fake.city()},")
        doc.add(f"{fake.postcode()},{fake.current_country_code()}\n")
    doc.add(
        f"Ship to: {rng.randint(1, 99)} {ppl.pair()[1]} {rng.choice(STREETS)}, {ppl.fake.city()}\n"
    )
    doc.add("Our office moved to Baker Street, next to Main Street station.\n")
    return doc


def neg_places(ppl: People) -> Doc:
    rng = ppl.rng
    doc = Doc("neg_places").add("code,city,region,country\n")
    for _ in range(rng.randint(3, 10)):
        fake = ppl.fake
        doc.add(f"{rng.randint(100, 999)},{fake.city()},{fake.city()},{fake.country()}\n")
    cities = ("Paris", "Berlin", "San Francisco", "New York", "Buenos Aires", "Cape Town")
    doc.add(f'{{"city": "{rng.choice(cities)}", "country": "{ppl.fake.country()}"}}\n')
    doc.add(f"We have offices in {rng.choice(cities)} and {rng.choice(cities)}.\n")
    return doc


def neg_products(ppl: People) -> Doc:
    rng = ppl.rng
    doc = Doc("neg_products").add("sku,product,colour,price\n")
    for _ in range(rng.randint(3, 8)):
        a, b = rng.sample(PRODUCTS, 2)
        doc.add(f"SKU-{rng.randint(100, 999)},{a},{b},{rng.randint(1, 999)}.00\n")
    doc.add(f'{{"name": "{rng.choice(PRODUCTS)}", "version": "2.1.0"}}\n')
    doc.add(f"INSERT INTO products (id, name, colour) VALUES (1, '{rng.choice(PRODUCTS)}', ")
    doc.add(f"'{rng.choice(PRODUCTS)}');\n")
    return doc


def neg_companies(ppl: People) -> Doc:
    rng = ppl.rng
    doc = Doc("neg_companies").add("id,company,industry,job_title\n")
    for _ in range(rng.randint(3, 8)):
        last = ppl.pair()[1]
        company = f"{last} {rng.choice(COMPANY_WORDS)}"
        job = Faker("en_US").job() if rng.random() < 0.1 else ppl.fake.job()
        doc.add(f"{rng.randint(1, 999)},{company},{rng.choice(('Retail', 'Energy'))},")
        doc.add(f'"{job}"\n' if "," in job else f"{job}\n")
    return doc


def neg_text(ppl: People) -> Doc:
    rng = ppl.rng
    doc = Doc("neg_text")
    for heading in rng.sample(HEADINGS, 3):
        doc.add(f"## {heading}\n\nSee the section below.\n\n")
    doc.add("First Name,Last Name,Email Address,Phone Number,Street Address\n")
    doc.add("| Name | Type | Default | Description |\n| --- | --- | --- | --- |\n")
    doc.add(f"{rng.choice(('Hi', 'Hello', 'Dear'))} {rng.choice(TEAMS)},\n\nThe release is out.\n")
    doc.add(f"\nThanks,\n{rng.choice(SIGNERS)}\n")
    doc.add(
        f"Name: {rng.choice(PRODUCTS)}\nOwner: {rng.choice(('Platform Team', 'SRE', 'Data Eng'))}\n"
    )
    return doc


POSITIVE: dict[str, Callable[[People], Doc]] = {
    "csv": csv_rows,
    "csv_last": lambda p: csv_rows(p, last=True, shape="csv_last"),
    "csv_parts": csv_parts,
    "tsv": tsv,
    "json": json_fixture,
    "yaml": yaml_fixture,
    "sql": sql_insert,
    "greeting": greeting,
    "signature": signature,
    "name_line": name_line,
    "log": log_line,
    "prose": prose,
}
NEGATIVE: dict[str, Callable[[People], Doc]] = {
    "neg_code": neg_code,
    "neg_address": neg_address,
    "neg_places": neg_places,
    "neg_products": neg_products,
    "neg_companies": neg_companies,
    "neg_text": neg_text,
}


@dataclass
class Tally:
    found: Counter[str] = field(default_factory=Counter)
    total: Counter[str] = field(default_factory=Counter)
    fp: Counter[str] = field(default_factory=Counter)
    misses: dict[str, list[str]] = field(default_factory=dict)
    false: dict[str, list[str]] = field(default_factory=dict)

    @property
    def tp(self) -> int:
        return sum(self.found.values())


def evaluate(engine: Engine, docs: list[Doc]) -> Tally:
    tally = Tally()
    for doc in docs:
        text = doc.text()
        found = [f for f in engine.scan(text) if f.kind == "person_name"]
        hit: set[int] = set()
        for f in found:
            near = [i for i, (s, e) in enumerate(doc.spans) if s < f.end and f.start < e]
            if not near:
                tally.fp[doc.shape] += 1
                line = text[text.rfind("\n", 0, f.start) + 1 : text.find("\n", f.end)]
                tally.false.setdefault(doc.shape, []).append(f"{f.value!r} in {line!r}")
            hit.update(near)
        tally.total[doc.shape] += len(doc.spans)
        tally.found[doc.shape] += len(hit)
        for i, (s, e) in enumerate(doc.spans):
            if i not in hit:
                line = text[text.rfind("\n", 0, s) + 1 : text.find("\n", e)]
                tally.misses.setdefault(doc.shape, []).append(f"{text[s:e]!r} in {line!r}")
    return tally


def dense_csv(seed: int, size: int = 200_000) -> str:
    """A customer export of about `size` characters: thousands of names (veil's own locales
    too: this measures speed, not recall)."""
    rng = Random(seed)
    fakes = [Faker(loc) for loc in ("en_US", "de_DE", "fr_FR", "es_ES", "pl_PL", "sv_SE")]
    for i, fake in enumerate(fakes):
        fake.seed_instance(seed + i)
    lines = ["id,first_name,last_name,full_name,email,phone,city,company,notes"]
    total = len(lines[0])
    while total < size:
        f = rng.choice(fakes)
        first, last = f.first_name(), f.last_name()
        line = (
            f"{rng.randint(1, 10**6)},{first},{last},{first} {last},{_email(rng, first, last)},"
            f'{f.phone_number()},{f.city()},"{f.company()}",{rng.choice(("", "vip", "late"))}'
        )
        lines.append(line)
        total += len(line) + 1
    return "\n".join(lines) + "\n"


def timing(seed: int) -> dict[str, object]:
    """`default_engine().scan` on two dense exports, best of five after a warm-up: one with
    first-name, surname and full-name columns, one with the full-name column only."""
    text = dense_csv(seed)
    rows = [line.split(",") for line in text.splitlines()]
    only_full = "\n".join(",".join([r[0], *r[3:]]) for r in rows) + "\n"
    engine = default_engine()
    out: dict[str, object] = {}
    for label, sample in (("first,last,full", text), ("full name only", only_full)):
        engine.scan(sample)
        best = min(_timed(engine, sample) for _ in range(5))
        found = sum(f.kind == "person_name" for f in engine.scan(sample))
        print(
            f"dense CSV ({label}): {len(sample) / 1000:.0f} KB, {len(rows) - 1} rows, "
            f"{found} person-name findings; default_engine().scan {best * 1000:.1f} ms"
        )
        out[label] = {"bytes": len(sample), "findings": found, "ms": round(best * 1000, 1)}
    return out


def _timed(engine: Engine, text: str) -> float:
    started = time.perf_counter()
    engine.scan(text)
    return time.perf_counter() - started


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--docs", type=int, default=120, help="documents per shape")
    parser.add_argument("--show", type=int, default=3, help="misses and false positives shown")
    parser.add_argument("--time", action="store_true", help="also time a dense CSV export")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args(argv)

    ppl = People(args.seed)
    docs = [b(ppl) for b in (*POSITIVE.values(), *NEGATIVE.values()) for _ in range(args.docs)]
    first, last = names.name_lists()
    known_first = sum(names._fold(f) in first for f, _ in ppl.drawn) / len(ppl.drawn)
    known_last = sum(names._fold(s) in last for _, s in ppl.drawn) / len(ppl.drawn)
    print(
        f"{len(docs)} documents, {sum(len(d.spans) for d in docs)} names "
        f"({len(HELD_OUT)} held-out locales); in veil's lists: "
        f"first names {known_first:.0%}, surnames {known_last:.0%}"
    )
    engines = {
        "scan": default_engine(),
        "recall": Engine(builtin_rules() + recall.RULES, recall=True),
    }
    tallies = {mode: evaluate(engine, docs) for mode, engine in engines.items()}
    print(f"\n{'shape':<14}" + "".join(f"{m + ' recall':>16}" for m in tallies) + "   false pos.")
    for shape in POSITIVE:
        cells = "".join(
            f"{t.found[shape] / t.total[shape]:7.3f} {t.found[shape]:4d}/{t.total[shape]:<4d}"
            for t in tallies.values()
        )
        fps = "/".join(str(t.fp[shape]) for t in tallies.values())
        print(f"{shape:<14}{cells}   {fps}")
    for shape in NEGATIVE:
        print(f"{shape:<14}{'':32}   " + "/".join(str(t.fp[shape]) for t in tallies.values()))
    out: dict[str, object] = {"seed": args.seed, "docs": args.docs}
    for mode, t in tallies.items():
        total, fp = sum(t.total.values()), sum(t.fp.values())
        r, p = t.tp / total, t.tp / (t.tp + fp) if t.tp + fp else 0.0
        print(f"{mode:<7} overall recall {r:.3f} ({t.tp}/{total}), precision {p:.4f} ({fp} FP)")
        out[mode] = {
            "recall": round(r, 4),
            "precision": round(p, 4),
            "by_shape": {s: [t.found[s], t.total[s], t.fp[s]] for s in (*POSITIVE, *NEGATIVE)},
        }
    if args.show:
        t = tallies["scan"]
        for shape in (*POSITIVE, *NEGATIVE):
            for kind, rows in (("miss", t.misses.get(shape, [])), ("FP", t.false.get(shape, []))):
                for row in rows[: args.show]:
                    print(f"  {shape:<13} {kind:<4} {row[:150]}")
    if args.time:
        out["timing"] = timing(args.seed)
    if args.json:
        args.json.write_text(json.dumps(out, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
