"""Internal hosts and their zones: private top-level names and labels; shared names left out."""

from __future__ import annotations

import pytest

from veil.setup.hosts import internal_hosts, internal_zone


@pytest.mark.parametrize(
    ("host", "zone"),
    [
        ("db.acme.internal", "acme.internal"),
        ("wiki.platform.acme.corp", "acme.corp"),
        ("nas.lan", "nas.lan"),
        ("printer.local", "printer.local"),
        ("nas.home.arpa", "nas.home.arpa"),
        ("db.billing.corp.acme.example", "corp.acme.example"),
        ("vault.int.acme.co.uk", "int.acme.co.uk"),
        ("a.internal.b.corp.acme.example", "corp.acme.example"),
        ("DB.Acme.Internal.", "acme.internal"),
    ],
)
def test_internal_hosts_give_their_private_zone(host: str, zone: str) -> None:
    assert internal_zone(host) == zone


@pytest.mark.parametrize(
    "host",
    [
        "github.com",
        "pypi.org",
        "s3.amazonaws.com",
        "host.docker.internal",
        "metadata.google.internal",
        "ip-10-0-0-1.ec2.internal",
        "ip-10-0-0-1.eu-west-1.compute.internal",
        "redis.default.svc.cluster.local",
        "vm1.internal.cloudapp.net",
        "db.internal.example.com",
        "home.arpa",
        "localhost",
        "api.acme.com",
    ],
)
def test_public_and_shared_hosts_have_no_zone(host: str) -> None:
    assert internal_zone(host) is None


def test_hosts_are_found_in_config_text_with_their_line() -> None:
    text = (
        "database:\n"
        "  host: db.billing.corp.acme.example:5432\n"
        "  docs: https://wiki.acme.internal/db?x=1\n"
        "app.cache.local = true\n"
        "files: .env.local settings.local.json\n"
        "mail: ops@mail.acme.internal\n"
        "public: https://github.com/acme\n"
    )
    assert internal_hosts(text) == [
        ("db.billing.corp.acme.example", "corp.acme.example", 2),
        ("wiki.acme.internal", "acme.internal", 3),
    ]
