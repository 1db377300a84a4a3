"""Record-shaped files: HTTP access logs, application logs, customer fixtures, support tickets."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from random import Random

from corpus_doc import Ctx, Doc
from corpus_negatives import private_ip, uuid
from corpus_values import ALNUM, SERVICES, Value, jwt, rand, random_token

AGENTS = (
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/120.0.6099.109 Safari/537.36",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) "
    "Version/17.2 Safari/605.1.15",
    "python-requests/2.31.0",
    "curl/8.4.0",
    "okhttp/4.12.0",
    "kube-probe/1.28",
)
PATHS = ("/api/v1/orders", "/api/v2/customers/search", "/healthz", "/static/app.js", "/login")


def _clock(rng: Random) -> datetime:
    return datetime(2024, 1, 1, tzinfo=UTC) + timedelta(seconds=rng.randint(0, 300 * 86400))


def access_log(ctx: Ctx, target: int) -> Doc:
    rng, doc = ctx.rng, Doc()
    now, due = _clock(rng), ctx.gap() * rng.uniform(0.1, 1)
    while doc.size < target:
        now += timedelta(milliseconds=rng.randint(1, 4000))
        ip, user, path = private_ip(rng), "-", rng.choice(PATHS)
        values: list[Value] = []
        if doc.size >= due:
            due = doc.size + ctx.gap()
            pick = rng.random()
            if pick < 0.45:
                v = ctx.pii.ipv4() if rng.random() < 0.8 else ctx.pii.ipv6()
                ip = v.text
            elif pick < 0.65:
                v = ctx.pii.email()
                user = v.text
            else:
                name = rng.choice(("access_token", "token", "api_key", "sig"))
                tok = random_token(rng).replace("+", "-").replace("/", "_").rstrip("=")
                v = Value("secret", "url_token", tok, name)
                path = f"{path}?{name}={tok}"
            values = [v]
        stamp = now.strftime("%d/%b/%Y:%H:%M:%S +0000")
        method = rng.choice(("GET", "GET", "GET", "POST", "PUT", "DELETE"))
        status = rng.choice((200, 200, 200, 201, 204, 301, 304, 400, 401, 404, 500))
        line = (
            f'{ip} - {user} [{stamp}] "{method} {path} HTTP/1.1" {status} '
            f'{rng.randint(0, 90000)} "-" "{rng.choice(AGENTS)}" {rng.uniform(0, 2):.3f}'
        )
        doc.plant([line], values)
    return doc


def _app_event(ctx: Ctx) -> tuple[str, list[Value]]:
    rng, pii = ctx.rng, ctx.pii
    pick = rng.random()
    if pick < 0.3:
        tok = jwt(rng) if rng.random() < 0.5 else random_token(rng)
        v = Value("secret", "jwt" if tok.count(".") == 2 else "bearer_token", "Bearer " + tok, "")
        host = f"{rng.choice(SERVICES)}.internal"
        return f"request headers: {{'Host': '{host}', 'Authorization': '{v.text}'}}", [v]
    if pick < 0.45:
        v = ctx.secret()[0]
        return f"loaded setting {v.name}={v.text}", [v]
    if pick < 0.8:
        email, phone = pii.email(), pii.phone()
        return f"user signup completed email={email.text} phone={phone.text!r}", [email, phone]
    v = pii.ipv4()
    return f"login succeeded user_id={rng.randint(1000, 99999)} ip={v.text}", [v]


FILLER_EVENTS = (
    "GET {path} completed status=200 duration_ms={n}",
    "cache miss key=customer:{n} ttl=300",
    "payment declined for card ending {last4}; retrying in {n}ms",
    "scheduled job {svc}.reconcile finished rows={n}",
    "connection pool stats active={small} idle={small} waiting=0",
    "retrying upstream call to {svc} attempt={small}",
)


def app_log(ctx: Ctx, target: int) -> Doc:
    rng, doc = ctx.rng, Doc()
    now, due = _clock(rng), ctx.gap() * rng.uniform(0.1, 1)
    svc = rng.choice(SERVICES)
    while doc.size < target:
        now += timedelta(milliseconds=rng.randint(1, 2000))
        level = rng.choice(("INFO", "INFO", "INFO", "DEBUG", "WARN", "ERROR"))
        values: list[Value] = []
        if doc.size >= due:
            due = doc.size + ctx.gap()
            msg, values = _app_event(ctx)
        else:
            msg = rng.choice(FILLER_EVENTS).format(
                path=rng.choice(PATHS), n=rng.randint(1, 5000), last4=rand(rng, "0123456789", 4),
                svc=rng.choice(SERVICES), small=rng.randint(0, 12),
            )  # fmt: skip
        stamp = now.isoformat(timespec="milliseconds").replace("+00:00", "Z")
        line = f"{stamp} {level:<5} [{svc}-worker-{rng.randint(1, 8)}] request_id={uuid(rng)} {msg}"
        doc.plant([line], values)
    return doc


def customers_csv(ctx: Ctx, target: int) -> Doc:
    rng, pii, doc = ctx.rng, ctx.pii, Doc()
    extra = rng.choice(("phone", "iban", "card", "ssn", "signup_ip"))
    make = {"phone": pii.phone, "iban": pii.iban, "card": pii.card, "ssn": pii.ssn}
    doc.add([f"id,full_name,email,{extra},plan,seats,mrr_cents,created_at"])
    while doc.size < target:
        name, email = pii.name(), pii.email()
        x = make.get(extra, pii.ipv4)()
        plan = rng.choice(("free", "pro", "team", "enterprise"))
        when = _clock(rng).date().isoformat()
        cell = f'"{x.text}"' if " " in x.text else x.text
        row = f"{rng.randint(1, 10**6)},{name.text},{email.text},{cell},{plan}"
        doc.plant([f"{row},{rng.randint(1, 500)},{rng.randint(0, 10**6)},{when}"], [name, email, x])
    return doc


def customers_json(ctx: Ctx, target: int) -> Doc:
    rng, pii = ctx.rng, ctx.pii
    rows: list[dict[str, object]] = []
    values: list[Value] = []
    size = 0
    while size < target:
        name, email, phone, iban = pii.name(), pii.email(), pii.phone(), pii.iban()
        row = {
            "id": uuid(rng),
            "name": name.text,
            "email": email.text,
            "phone": phone.text,
            "billing": {"iban": iban.text, "currency": rng.choice(("EUR", "GBP", "USD"))},
            "active": rng.random() < 0.8,
        }
        rows.append(row)
        values += [name, email, phone, iban]
        size += 260
    doc = Doc()
    doc.add(json.dumps(rows, indent=2, ensure_ascii=False).split("\n"))
    doc.locate(0, values)
    return doc


def ticket(ctx: Ctx, target: int) -> Doc:
    rng, pii, doc = ctx.rng, ctx.pii, Doc()
    sender, email, agent = pii.name(), pii.email(), pii.name()
    phone, card_hint = pii.phone(), rand(rng, "0123456789", 4)
    n = rng.randint(10000, 99999)
    doc.plant([f"From: {sender.text} <{email.text}>"], [sender, email])
    doc.add(["To: Acme Support", f"Subject: Re: [#{n}] duplicate charge", ""])
    doc.plant([f"Hi {agent.text},"], [agent])
    body = [
        "",
        f"I was charged twice for order {n} on the card ending {card_hint}.",
        "Could you please refund the second payment? The reference on my statement is",
        f"{rand(rng, ALNUM, 12).upper()}.",
        "",
    ]
    doc.add(body)
    if rng.random() < 0.5:
        iban = pii.iban()
        doc.plant([f"You can also send it to my account: {iban.text}", ""], [iban])
    doc.plant(["Best regards,", sender.text, phone.text], [sender, phone])
    return doc
