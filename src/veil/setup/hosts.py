"""Internal host names, and the zone (domain) each belongs to, for `[org] domains` suggestions.

A host is internal when its top-level name is one no public DNS serves (`.internal`, `.corp`,
`.local`, `.lan`, `.intranet`, `.intra`, `.private`, `.priv`, `.home.arpa`), or when a label of
a public domain says it is private (`internal`, `corp`, `intranet`, `intra`, `int`, `priv`,
`private`, `lan`: `db.billing.corp.acme.example`). The zone suggested is the smallest name that
holds every such host of the organisation and nothing public: the private top-level name with
the label before it (`db.acme.internal` -> `acme.internal`), or the private label with the
registrable domain after it (`db.billing.corp.acme.example` -> `corp.acme.example`). Registrable
domains are approximated without the public suffix list: the last two labels, or three after a
two-letter country code's `co`, `com`, `net`, `org`, `gov`, `edu` or `ac` (`acme.co.uk`).
A `.local` name needs a label between the host and `.local` (`db.acme.local` -> `acme.local`):
`alice-macbook-pro.local` alone is one machine's multicast DNS name, not an organisation's zone.
A name whose labels before the top-level name are all numbers (`1.2.internal`, a version) or
whose zone would be named by a number (`v1.2.internal` -> `2.internal`) is not a host.

Subdomains of well-known public services are never suggested, even with a private-looking label
(`corp.google.com`, `internal.salesforce.com`): those names belong to the service, not to the
organisation using it, and masking them would hide which service a request is about. The list
(`PUBLIC_DOMAINS`: clouds, code hosts, SaaS such as Salesforce, Atlassian, Slack, Okta) is kept
short on purpose; the cost is that the service's own staff get no suggestion for their names,
which `[org] domains` can still list by hand.

In config text a dotted name counts as a host only where it stands as one: after `scheme://`
or `@`, before `:port` or `/path`, in the value of a key named like a host (`host`, `DB_HOST`,
`server`, `endpoint`, `url`, `dsn`, `addr`...), or as a whole value (`db: pg.acme.internal`,
`<host>...</host>`, a list item). Module and package paths are not hosts: the value of a key
such as `DJANGO_SETTINGS_MODULE`, `module`, `packages` or `known-first-party`, and reverse-DNS
names (`com.google.gson.internal`, `jdk.internal`). Nor is a name inside a filesystem path
(`src/acme.internal/foo`: after a `/` that is not the `//` of `scheme://`). A name inside a
sentence or a command line is left out.
"""

from __future__ import annotations

import re

PRIVATE_TOPS = frozenset(
    ["internal", "corp", "local", "lan", "intranet", "intra", "private", "priv"]
)
PRIVATE_LABELS = frozenset(
    ["internal", "corp", "intranet", "intra", "int", "priv", "private", "lan"]
)
_SECOND_LEVEL = frozenset(["co", "com", "net", "org", "gov", "edu", "ac"])

# Names every machine, cloud or cluster shares: they say nothing about the organisation.
SHARED_ZONES = frozenset(
    {
        "docker.internal",  # host.docker.internal
        "google.internal",  # metadata.google.internal
        "ec2.internal",  # AWS private DNS in us-east-1
        "compute.internal",  # AWS private DNS elsewhere
        "cluster.local",  # Kubernetes services
    }
)
# Public services whose hosts may carry a private-looking label (`corp.google.com`), and
# documentation domains: their subdomains are the service's, never an organisation's zone.
# fmt: off
PUBLIC_DOMAINS = frozenset([
    # clouds and CDNs
    "amazon.com", "amazonaws.com", "cloudfront.net", "azure.com", "windows.net",
    "azurewebsites.net", "cloudapp.net", "microsoft.com", "microsoftonline.com", "office.com",
    "google.com", "googleapis.com", "cloudflare.com", "oracle.com", "ibm.com",
    # code hosts
    "github.com", "githubusercontent.com", "gitlab.com", "bitbucket.org",
    # SaaS
    "salesforce.com", "force.com", "atlassian.net", "atlassian.com", "slack.com", "okta.com",
    "zoom.us", "servicenow.com", "apple.com",
    # documentation
    "example.com", "example.net", "example.org",
])
# fmt: on

HOST = re.compile(
    r"(?<![\w.-])((?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z](?:[a-z0-9-]{0,61}[a-z0-9])?)"
    r"(?![\w-]|\.[a-z0-9]|\s*=(?!\d)|\s*:(?![\w/]))",  # not a key (`app.cache.local = 1`)
    re.IGNORECASE,
)
# First labels of Java, Kotlin... package names (`com.acme.internal`), never of a host.
# fmt: off
REVERSE_DNS = frozenset([
    "com", "org", "net", "io", "edu", "gov", "jdk", "java", "javax", "jakarta", "sun", "android",
    "androidx", "kotlin", "kotlinx", "scala",
])
# fmt: on
_KEY = re.compile(r"""^\s*(?:-\s+)?(?:export\s+)?["']?([\w.-]+)["']?\s*[:=]""")
_DIRECTIVE = re.compile(r"^\s*([A-Za-z_][\w-]*)\s+\S")  # `HostName db.acme.internal`
_TAG = re.compile(r"<([\w.-]+)[^<>]*>[^<>]*$")  # the XML element a value is in
_HOST_KEY = re.compile(r"(host(name)?|server(_?name)?|endpoint|ur[il]|dsn|addr(ess)?)(e?s)?$", re.I)
_MODULE_KEY = re.compile(
    r"(^|[-_.])(modules?|packages?|first[-_]party|third[-_]party|namespaces?|class(es)?)$", re.I
)
_HOST_PLACE = re.compile(r"(//|@)$")  # scheme://host, user@host
_PORT_OR_PATH = re.compile(r":\d|/")
_VALUE_START = re.compile(r"""(^|[:=>\[,]|^\s*-)\s*["']?$""")
_VALUE_END = re.compile(r"""^["']?\s*([,\]<#;]|$)""")


def internal_zone(host: str) -> str | None:
    """The private zone `host` belongs to, or None when it is public or shared by everyone."""
    labels = host.lower().rstrip(".").split(".")
    if len(labels) < 2 or not all(labels):
        return None
    zone: list[str] | None = None
    if labels[-2:] == ["home", "arpa"]:
        zone = labels[-3:] if len(labels) >= 3 else None
    elif labels[-1] == "local":  # multicast DNS: one machine's name unless a zone is between
        zone = labels[-2:] if len(labels) >= 3 else None
    elif labels[-1] in PRIVATE_TOPS:
        zone = labels[-2:]
    else:
        size = 3 if len(labels[-1]) == 2 and labels[-2] in _SECOND_LEVEL else 2
        registrable = labels[-size:]
        private = [i for i, label in enumerate(labels[:-size]) if label in PRIVATE_LABELS]
        if private and ".".join(registrable) not in PUBLIC_DOMAINS:
            zone = labels[private[-1] :]
    if zone is None or zone[0].isdigit() or all(label.isdigit() for label in labels[:-1]):
        return None  # a version (`1.2.internal`), not a host
    name = ".".join(zone)
    return None if name in SHARED_ZONES else name


def internal_hosts(text: str) -> list[tuple[str, str, int]]:
    """(host, zone, line number) for each internal host standing as a host in config `text`."""
    found = []
    key = ""  # the last `key:` or `key =`: a list on the lines after it is its value
    for number, line in enumerate(text.splitlines(), 1):
        if named := _KEY.match(line):
            key = named[1]
        directive = _DIRECTIVE.match(line)
        for match in HOST.finditer(line):
            zone = internal_zone(match[1])
            if zone is not None and _stands_as_host(
                line, match, directive[1] if directive else key
            ):
                found.append((match[1].lower(), zone, number))
    return found


def _stands_as_host(line: str, match: re.Match[str], key: str) -> bool:
    """Whether the dotted name `match` in `line`, a value of `key`, is used as a host there."""
    labels = match[1].lower().split(".")
    if labels[0] in REVERSE_DNS and len(labels) >= 3:
        return False
    before, after = line[: match.start(1)], line[match.end(1) :]
    if before.endswith("/") and not before.endswith("//"):
        return False  # a folder in a path (`src/acme.internal/foo`), not scheme://host
    if _HOST_PLACE.search(before) or _PORT_OR_PATH.match(after):
        return True
    tag = _TAG.search(before)
    key = tag[1] if tag else key
    if _MODULE_KEY.search(key):
        return False
    if _HOST_KEY.search(key):
        return True
    return bool(_VALUE_START.search(before) and _VALUE_END.match(after))
