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
        ("db.acme.local", "acme.local"),
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
        "printer.local",
        "alice-macbook-pro.local",
        "localhost",
        "api.acme.com",
        "1.2.internal",  # a version, not a host
        "1.2.3.internal",
        "v1.2.internal",  # its zone would be `2.internal`
        "10.0.0.corp",
        "corp.google.com",  # a public service's own names, not an organisation's zone
        "internal.salesforce.com",
        "acme.corp.salesforce.com",
        "intranet.microsoft.com",
        "int.atlassian.net",
        "corp.okta.com",
        "internal.slack.com",
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
        ("mail.acme.internal", "acme.internal", 6),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "url: postgres://app:pw@db.acme.internal/billing",
        "redis: cache.acme.internal:6379",
        "image: registry.acme.internal/billing:1",
        "DB_HOST=db.acme.internal",
        "  redisUrl: 'cache.acme.internal'",
        "servers: a.acme.internal b.acme.internal",
        "db: db.acme.internal  # the primary",
        '{"db": "db.acme.internal", "x": 1}',
        "<host>db.acme.internal</host>",
        "HostName db.acme.internal",
        "hosts:\n  - db.acme.internal\n",
        "env:\n  - name: DB\n    value: db.acme.internal\n",
        "git@git.acme.internal:team/repo.git",
        "docs: https://acme.internal/foo",
        "mirror: //cdn.acme.internal/assets",  # a scheme-relative URL
        "build: v2.acme.internal",  # a number inside a label is fine
    ],
)
def test_a_name_standing_as_a_host_is_found(text: str) -> None:
    assert [zone for _, zone, _ in internal_hosts(text)][:1] == ["acme.internal"]


@pytest.mark.parametrize(
    "text",
    [
        "DJANGO_SETTINGS_MODULE: config.settings.local",
        '[tool.ruff.lint.isort]\nknown-first-party = ["billing.internal"]',
        'known_first_party = [\n    "billing.internal",\n]',
        'module = "acme.internal"',
        "packages:\n  - acme.internal\n",
        "<exclude>com.google.gson.internal</exclude>",
        "<annotation>com.google.gson.internal.bind.IgnoreJRERequirement</annotation>",
        "-dontnote module-info,jdk.internal.**",
        "-keep class org.acme.internal.** { *; }",
        "  - 'connect-viserver vc.lab.acme.internal -user admin'",
        "# see db.acme.internal for the details",
        "note: ask on wiki.acme.internal first",
        "value: alice-macbook-pro.local",
        "examples:\n  - Connect-VIServer -Server x\n  - '$x = connect-viserver vc.lab.acme.local'",
        "version: 1.2.internal",
        "version: 1.2.3.internal",
        "path: src/acme.internal/foo",
        "path: ./acme.internal/config.yaml",
        "root: /srv/acme.internal",
        "docs: https://corp.google.com",
        "crm: https://internal.salesforce.com/x",
    ],
)
def test_a_module_path_or_a_name_in_prose_is_not_a_host(text: str) -> None:
    assert internal_hosts(text) == []
