"""Text dense with findings, as a gateway sees it in a pasted log or a customer export: about one
finding per hundred characters (e-mail addresses, phone numbers, names, IP addresses, tokens),
between lines with none.

`dense_text(size, seed)` is deterministic; values are generated, none is real.
"""

from __future__ import annotations

from random import Random

_FIRST = ("Maria", "James", "Aiko", "Olu", "Sven", "Priya", "Luca", "Chen", "Fatima", "Diego")
_LAST = ("Lopez", "Okafor", "Tanaka", "Berg", "Sharma", "Rossi", "Wang", "Haddad", "Novak")
_DOMAINS = ("fastmail.com", "outlook.de", "proton.me", "gmx.net", "kundenmail.eu")
_ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"


def _phone(rng: Random) -> str:
    return rng.choice(
        (
            f"+1 415 {rng.randint(200, 999)} {rng.randint(1000, 9999)}",
            f"+44 20 7{rng.randint(100, 999)} {rng.randint(1000, 9999)}",
            f"+49 30 {rng.randint(1000000, 9999999)}",
            f"(212) {rng.randint(200, 999)}-{rng.randint(1000, 9999)}",
        )
    )


def _token(rng: Random) -> str:
    return "sk_live_" + "".join(rng.choice(_ALNUM) for _ in range(24))


def _ip(rng: Random) -> str:
    return (
        f"{rng.randint(11, 220)}.{rng.randint(0, 255)}.{rng.randint(0, 255)}.{rng.randint(1, 254)}"
    )


def _row(rng: Random, n: int) -> str:
    first, last = rng.choice(_FIRST), rng.choice(_LAST)
    email = f"{first.lower()}.{last.lower()}{rng.randint(1, 99)}@{rng.choice(_DOMAINS)}"
    plan = rng.choice(("free", "team", "business", "enterprise"))
    return (
        f"{n},{first},{last},{email},{_phone(rng)},{rng.randint(1, 900)} Market St,{plan},"
        f"2024-0{1 + n % 9}-{1 + n % 28:02d},{rng.randint(0, 99999) / 100:.2f},active"
    )


def _quiet(rng: Random, n: int) -> str:
    return (
        f"2024-03-{1 + n % 28:02d}T10:{n % 60:02d}:01Z DEBUG cache hit key=orders:{n} "
        f"took={rng.randint(1, 900)}us shard={n % 16} pool=primary"
    )


def _log(rng: Random, n: int) -> str:
    first = rng.choice(_FIRST)
    email = f"{first.lower()}{rng.randint(1, 999)}@{rng.choice(_DOMAINS)}"
    return (
        f"2024-03-{1 + n % 28:02d}T10:{n % 60:02d}:00Z INFO login ok user={email} "
        f"ip={_ip(rng)} key={_token(rng)}"
    )


def dense_text(size: int, seed: int = 1) -> str:
    """About `size` characters of customer-export rows and log lines."""
    rng = Random(seed)
    lines = ["id,first_name,last_name,email,phone,address,plan,created,amount,status"]
    total, n = len(lines[0]), 0
    while total < size:
        n += 1
        line = (_row, _log, _quiet, _quiet)[n % 4](rng, n)
        lines.append(line)
        total += len(line) + 1
    return "\n".join(lines)
