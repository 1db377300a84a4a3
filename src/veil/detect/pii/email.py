"""Email addresses (ASCII, RFC 5322 dot-atoms as people write them).

Not reported: documentation domains (RFC 2606/6761: example.com, *.test, *.invalid, ...),
placeholder domains and mailboxes (`user@`, `john.doe@`), no-reply and SSH service accounts
(`git@github.com:org/repo.git`), retina image names (`logo@2x.png`), `user@localhost`, package
specs (`lodash@4.17.21`), and URL credentials (`https://user:pass@host`), which the secret rules
own. The gateway (recall mode) masks an address at any domain, reserved ones included, and
of any mailbox (`is_email_address`); only veil's own placeholder addresses are exempt.
"""

from __future__ import annotations

import re

from veil.detect.base import Examples, PiiRule
from veil.detect.filters import is_placeholder, is_template
from veil.detect.samples import LOWER, fake


def _set(words: str) -> frozenset[str]:
    """The whitespace-separated words of `words`."""
    return frozenset(words.split())


_LOCAL = r"[A-Za-z0-9_%+\-]{1,64}(?:\.[A-Za-z0-9_%+\-]{1,64}){0,8}"
_DOMAIN = r"(?:[A-Za-z0-9](?:[A-Za-z0-9\-]{0,61}[A-Za-z0-9])?\.){1,8}[A-Za-z]{2,24}"
REGEX = (
    rf"(?=[A-Za-z0-9_%+\-])(?<![A-Za-z0-9._%+\-])(?P<secret>{_LOCAL}@{_DOMAIN})"
    r"(?![A-Za-z0-9\-]|\.[A-Za-z0-9]|:[\w~/])"
    r"(?:[^A-Za-z0-9\-]|$)"  # consumed, so that Hyperscan reports an address once, not per letter
)

# Generic and common sponsored TLDs; any two-letter country code is accepted unless it is also a
# common file extension (`x@2x.js`).
_TLDS = _set(
    """
    com net org edu gov mil int info biz name pro aero coop museum mobi jobs travel tel asia cat
    post app dev cloud tech online site store shop blog page email xyz club live life world today
    news media agency digital solutions services systems network group company ltd llc inc team
    tools software works zone space website host press social academy school university college
    health care clinic dental energy global international expert partners consulting studio
    design finance capital bank legal law fund money market marketing sale city berlin london
    paris nyc tokyo amsterdam wien hamburg bayern scot wales swiss quebec eus gal africa lat vip
    one plus icu top fun love family chat community center foundation ngo run build codes
    engineering engineer technology support help photo pics
    """
)
_FILE_EXTENSIONS = _set(
    """
    js ts py rs md sh go rb kt hs cs gz xz db png jpg jpeg gif svg webp avif ico bmp tif tiff pdf
    mjs cjs tsx jsx css scss sass less map json html htm xml yml yaml toml lock txt min wasm woff
    woff2 ttf eot otf mp3 mp4
    """
)
_DOC_DOMAINS = _set(
    """
    example.com example.org example.net example.edu domain.com yourdomain.com yourcompany.com
    company.com email.com foo.com bar.com foobar.com test.com acme.com mycompany.com website.com
    somewhere.com someone.com sample.com
    """
)
# Addresses of machines, not people: cloud service accounts, forge no-reply aliases.
_MACHINE_DOMAINS = ("users.noreply.github.com", "gserviceaccount.com")
_DOC_TLDS = frozenset({"test", "example", "invalid", "localhost", "local", "internal", "lan"})
_RETINA = re.compile(r"\d+x\.")  # `logo@2x.png`
_URL_USER = re.compile(r"://[^\s/@]*$")  # `https://user:pass@host`: a URL's credentials
_NOT_PEOPLE = re.compile(
    r"(?i)^(?:no-?reply|do-?not-?reply|donotreply|git|mailer-daemon|postmaster|bounces?"
    r"|user|username|name|email|someone|somebody|foo|test|(?:john|jane)[._]?doe)$"
)


_NOBODY = re.compile(
    r"(?i)^(?:no-?reply|do-?not-?reply|donotreply|notifications?|mailer-daemon|postmaster"
    r"|bounces?)$"
)


def is_nobodys(value: str) -> bool:
    """An address no person reads: a no-reply sender (`noreply@anthropic.com`), a mailer, or
    a cloud service account. Not a person's data, though the gateway still masks it."""
    local, _, domain = value.rpartition("@")
    return bool(_NOBODY.match(local)) or domain.lower().endswith("gserviceaccount.com")


def is_email_address(value: str) -> bool:
    """An address at any domain with a real or reserved TLD (`example.com`, `.test` too), not a
    file name (`logo@2x.png`, `bundle.min.js`): what the gateway masks."""
    domain = value.rpartition("@")[2].lower()
    tld = domain.rsplit(".", 1)[-1]
    if tld in _FILE_EXTENSIONS or _RETINA.match(domain):
        return False
    return len(tld) == 2 or tld in _TLDS or tld in _DOC_TLDS


def is_email(value: str) -> bool:
    """A deliverable-looking address on a real TLD, not a placeholder or a service account."""
    local, _, domain = value.rpartition("@")
    domain = domain.lower()
    tld = domain.rsplit(".", 1)[-1]
    if tld in _FILE_EXTENSIONS or tld in _DOC_TLDS:
        return False
    if len(tld) > 2 and tld not in _TLDS:
        return False
    if domain in _DOC_DOMAINS or any(domain.endswith("." + d) for d in _DOC_DOMAINS):
        return False
    if _RETINA.match(domain) or domain.endswith(_MACHINE_DOMAINS):
        return False
    return not _NOT_PEOPLE.match(local)


def in_url_credentials(value: str, prefix: str) -> bool:
    """`scheme://user:password@host`: the part before `@` is a credential, not a mailbox."""
    return bool(_URL_USER.search(prefix))


_USER = fake(8, LOWER, seed="email-user")
_DOMAIN_NAME = fake(7, LOWER, seed="email-domain")

EMAIL_ADDRESS = PiiRule(
    id="email-address",
    kind="email_address",
    regex=REGEX,
    validate=is_email,
    recall_validate=is_email_address,
    filters=(is_placeholder, is_template, in_url_credentials),
    confidence=0.9,
    max_len=321,
    anchor=(("@",), r"[A-Za-z0-9._%+\-]"),  # the local part runs up to the `@`
    examples=Examples(
        positives=(
            f'{{"email": "jane.{_USER}@{_DOMAIN_NAME}.com"}}',
            f"Contact: {_USER}+billing@mail.{_DOMAIN_NAME}.co.uk",
            f"git commit --author='Jane <{_USER}@{_DOMAIN_NAME}.io>'",
            f"mailto:{_USER.upper()}@{_DOMAIN_NAME}.DE",
        ),
        negatives=(
            "ssh: user@localhost",  # no TLD
            "git clone git@github.com:org/repo.git",  # SSH remote, service account
            'src="img/logo@2x.png"',  # retina image name
            "foo@bar",  # no TLD
            '"@types/node": "^20.0.0"',  # npm scoped package
            "@app.route('/users')",  # decorator
            '"lodash@4.17.21"',  # package@version
            f"DB=postgres://{_USER}:hunter2@db.{_DOMAIN_NAME}.com/app",  # URL credentials
            "y = weights@inputs.transpose",  # matrix product, not a mailbox
            "name@bundle.min.js",  # file name
        ),
        documented=(
            "support: noreply@example.com",  # documentation domain
            f"contact {_USER}@{_DOMAIN_NAME}.test",  # reserved TLD for tests
        ),
    ),
)

RULES = (EMAIL_ADDRESS,)
