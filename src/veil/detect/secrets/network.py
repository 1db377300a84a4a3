"""Networks, tunnels, CDNs and DNS: their API tokens and auth keys."""

from veil.detect.base import Rule

RULES: tuple[Rule, ...] = ()
