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
# Public domains whose hosts may carry a private-looking label, and documentation domains.
PUBLIC_DOMAINS = frozenset(
    {
        "amazonaws.com",
        "cloudapp.net",
        "azure.com",
        "windows.net",
        "azurewebsites.net",
        "googleapis.com",
        "cloudfront.net",
        "github.com",
        "githubusercontent.com",
        "gitlab.com",
        "bitbucket.org",
        "example.com",
        "example.net",
        "example.org",
    }
)

HOST = re.compile(
    r"(?<![\w.@-])((?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z](?:[a-z0-9-]{0,61}[a-z0-9])?)"
    r"(?![\w-]|\.[a-z0-9]|\s*[=:](?!\d))",  # not a dotted key (`app.cache.local = 1`)
    re.IGNORECASE,
)


def internal_zone(host: str) -> str | None:
    """The private zone `host` belongs to, or None when it is public or shared by everyone."""
    labels = host.lower().rstrip(".").split(".")
    if len(labels) < 2 or not all(labels):
        return None
    zone: list[str] | None = None
    if labels[-2:] == ["home", "arpa"]:
        zone = labels[-3:] if len(labels) >= 3 else None
    elif labels[-1] in PRIVATE_TOPS:
        zone = labels[-2:]
    else:
        size = 3 if len(labels[-1]) == 2 and labels[-2] in _SECOND_LEVEL else 2
        registrable = labels[-size:]
        private = [i for i, label in enumerate(labels[:-size]) if label in PRIVATE_LABELS]
        if private and ".".join(registrable) not in PUBLIC_DOMAINS:
            zone = labels[private[-1] :]
    if zone is None:
        return None
    name = ".".join(zone)
    return None if name in SHARED_ZONES else name


def internal_hosts(text: str) -> list[tuple[str, str, int]]:
    """(host, zone, line number) for each internal host in `text`, in order of appearance."""
    found = []
    for number, line in enumerate(text.splitlines(), 1):
        for match in HOST.finditer(line):
            zone = internal_zone(match[1])
            if zone is not None:
                found.append((match[1].lower(), zone, number))
    return found
