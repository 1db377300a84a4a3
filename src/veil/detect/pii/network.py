"""Network addresses: IPv4, IPv6 and MAC.

By default only public addresses are reported; `ip_rules(include_private=True)` also reports the
private ranges (RFC 1918, CGNAT 100.64/10, link-local, IPv6 unique-local). Never reported:
loopback, unspecified, documentation (192.0.2/24, 198.51.100/24, 203.0.113/24, 2001:db8::/32),
benchmarking, multicast and reserved ranges (which covers masks such as 255.255.255.0), dotted
numbers named as a version (`version = "1.2.3.4"`, `v1.2.3.4`) or made of single digits only
(`2.7.2.2`, section `8.4.1.3`, and so also `8.8.8.8`), OIDs (`1.3.6.1.4.1`), `a.0.0.0` and CIDR
networks (`81.2.3.0/24`), well-known public resolvers, and IPv6-looking code (`std::vector`,
`a::b`, `12:30:45`). The gateway masks the documentation ranges too (RFC 7042's MACs as well).
"""

from __future__ import annotations

import re
from functools import partial

from veil.detect.base import Examples, PiiRule, Rule
from veil.detect.samples import HEX, fake
from veil.detect.validators import is_ip, is_mac

_OCTET = r"(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)"
IPV4_REGEX = (
    rf"(?=\d)(?<![\w.\-])(?P<secret>{_OCTET}(?:\.{_OCTET}){{3}})"
    r"(?!\.\d|(?<=\.0)/\d)(?:[^\w\-]|$)"  # not a longer dotted number, not a CIDR network
)
# The rest of an IPv6 candidate (closing the `secret` group); `ipaddress` decides. A `/64` after
# it makes a network, not a host.
# A full address has eight groups; a shorter one must compress with `::` (so `2024:06:22:16` in
# a log timestamp is never a candidate).
_V6_TAIL = (
    r"(?:(?::[0-9A-Fa-f]{1,4}){7}"
    r"|(?::[0-9A-Fa-f]{1,4}){0,5}::(?:[0-9A-Fa-f]{1,4}(?::[0-9A-Fa-f]{1,4}){0,5})?))"
    r"(?![\w:.]|-\w|/(?!128)\d)"
)
IPV6_PUBLIC_REGEX = rf"(?=[23])(?<![\w:.\-])(?P<secret>[23][0-9A-Fa-f]{{3}}{_V6_TAIL}"
IPV6_ANY_REGEX = (
    r"(?=[23Ff])(?<![\w:.\-])(?P<secret>(?:[23][0-9A-Fa-f]{3}|[Ff][CcDdEe][0-9A-Fa-f]{2})"
    + _V6_TAIL
)
_VERSION_PREFIX = re.compile(r"(?i)(?:version|\bver|\bv|release|build|firmware|\bfw)[\s\"'`:=(_]*$")


def named_as_version(value: str, prefix: str) -> bool:
    """A dotted number introduced as a version (`version = "1.2.3.4"`, `Version: 10.0.1.2`)."""
    return bool(_VERSION_PREFIX.search(prefix[-32:]))


# Well-known public resolvers: infrastructure, not anybody's address.
_PUBLIC_SERVICES = frozenset(
    {"8.8.8.8", "8.8.4.4", "1.1.1.1", "1.0.0.1", "9.9.9.9", "149.112.112.112", "208.67.222.222",
     "208.67.220.220"}
)  # fmt: skip


def is_not_a_host(value: str, prefix: str = "") -> bool:
    """`10.0.0.0`-style networks, `2.4.8.9`-style versions and section numbers, public resolvers."""
    octets = value.split(".")
    return value.endswith(".0.0.0") or all(len(o) == 1 for o in octets) or value in _PUBLIC_SERVICES


def _examples(include_private: bool, v6: bool) -> Examples:
    a, b = int(fake(2, HEX, seed="ipv4-a"), 16), int(fake(2, HEX, seed="ipv4-b"), 16)
    public = f"{81 + a % 40}.{a}.{b}.{17 + b % 200}"
    public6 = f"2a0{a % 10}:{fake(4, HEX, seed='ipv6-a')}:{fake(3, HEX, seed='ipv6-b')}::{b:x}"
    if v6:
        positives = [
            f"server: {public6}",
            f'{{"client_ip": "{public6.upper()}"}}',
            f"curl -6 http://[{public6}]:8080/",
        ]
        negatives = [
            "auto x = std::vector<int>{};",  # a C++ scope
            "use a::b::c;",  # a Rust path
            "listen [::1]:443;",  # loopback
            "at 12:30:45",  # a time
            "ab:cd:ef:01:23:45",  # a MAC address
            f"route {public6.rsplit(':', 1)[0]}:/48",  # a network, not a host
        ]
        documented = ["addr = 2001:db8::42"]  # documentation range
        private_example = f"fd{fake(2, HEX, seed='ula')}:{fake(4, HEX, seed='ula-2')}::1"
        link_local = "fe80::1ff:fe23:4567:890a"
    else:
        positives = [
            f"ssh deploy@{public}",
            f'{{"remote_addr": "{public}"}}',
            f"Accepted connection from {public}:51234",
        ]
        negatives = [
            "bind 0.0.0.0:8080",  # unspecified
            "netmask 255.255.255.0",  # a mask
            'version = "1.2.3.4"',  # named as a version
            "pkg-v1.2.3.4.tar.gz",  # a version inside a name
            "oid 1.3.6.1.4.1.311",  # an SNMP OID
            "ping 127.0.0.1",  # loopback
            "route 4.0.0.0/8",  # a network number
            f"allow {public[: -len(public.split('.')[-1])]}0/24",  # a CIDR network, not a host
            "see RFC 9110 section 8.4.1.3",  # a section number
            "nameserver 8.8.8.8",  # a public resolver
        ]
        documented = ["DNS 203.0.113.7", "example: 198.51.100.23"]  # documentation ranges
        private_example = f"10.{a}.{b}.{1 + a % 250}"
        link_local = f"169.254.{a}.{b}"
    if include_private:
        positives += [f"host: {private_example}", f"gateway {link_local}"]
    else:
        negatives += [
            f"host: {private_example}",  # a private range
            f"gateway {link_local}",  # link-local
        ]
    return Examples(
        positives=tuple(positives), negatives=tuple(negatives), documented=tuple(documented)
    )


def ip_rules(include_private: bool) -> tuple[Rule, ...]:
    """The IPv4 and IPv6 rules; with `include_private`, private ranges are reported too."""
    ipv4 = PiiRule(
        id="ipv4-address",
        kind="ip_address",
        regex=IPV4_REGEX,
        validate=lambda v: is_ip(v, include_private=include_private),
        recall_validate=lambda v: is_ip(v, include_private=include_private, documentation=True),
        filters=(named_as_version, is_not_a_host),
        confidence=0.9,
        max_len=16,
        examples=_examples(include_private, v6=False),
    )
    ipv6 = PiiRule(
        id="ipv6-address",
        kind="ip_address",
        regex=IPV6_ANY_REGEX if include_private else IPV6_PUBLIC_REGEX,
        validate=lambda v: is_ip(v, include_private=include_private),
        recall_validate=lambda v: is_ip(v, include_private=include_private, documentation=True),
        confidence=0.9,
        max_len=39,
        examples=_examples(include_private, v6=True),
    )
    return ipv4, ipv6


_MAC = fake(12, HEX, seed="mac")
_MAC = f"{int(_MAC[:2], 16) & 0xFE:02x}{_MAC[2:]}"  # a unicast address
_MAC_COLON = ":".join(_MAC[i : i + 2] for i in range(0, 12, 2))

MAC_ADDRESS = PiiRule(
    id="mac-address",
    kind="mac_address",
    regex=(
        r"(?=[0-9A-Fa-f])(?<![\w:\-.])(?P<secret>[0-9A-Fa-f]{2}(?::[0-9A-Fa-f]{2}){5}"
        r"|[0-9A-Fa-f]{2}(?:-[0-9A-Fa-f]{2}){5})(?![\w:]|-\w)"
    ),
    validate=is_mac,
    recall_validate=partial(is_mac, documentation=True),
    confidence=0.9,
    max_len=17,
    examples=Examples(
        positives=(
            f"link/ether {_MAC_COLON} brd ff:ff:ff:ff:ff:ff",
            f'{{"mac": "{_MAC_COLON.replace(":", "-").upper()}"}}',
        ),
        negatives=(
            "ether 00:00:00:00:00:00",  # all zero
            "brd ff:ff:ff:ff:ff:ff",  # broadcast
            "01:00:5e:00:00:fb",  # multicast
            "log 12:30:45:10:20:30",  # all-decimal, a time-like run
            f"fingerprint {_MAC_COLON}:9a:bc:de",  # part of a longer fingerprint
        ),
        documented=(
            "00:00:5e:00:53:01",  # RFC 7042 documentation address
        ),
    ),
)

RULES = (*ip_rules(include_private=False), MAC_ADDRESS)
