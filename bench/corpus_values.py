"""Planted values for the corpus: secrets in real-world formats and hard negatives.

Every secret is drawn at run time from the right alphabet and length for its format. Prefixes are
built by concatenation so that this file holds nothing shaped like a key.
"""

from __future__ import annotations

import base64
import json
import string
from collections.abc import Callable
from dataclasses import dataclass
from random import Random

ALNUM = string.ascii_letters + string.digits
LOWER_ALNUM = string.ascii_lowercase + string.digits
UPPER32 = string.ascii_uppercase + "234567"
HEX = "0123456789abcdef"
B64 = ALNUM + "+/"
B64URL = ALNUM + "-_"
DASHES = "-" * 5

_WORDS = (
    "amber apple arrow atlas autumn badger banjo bison blue breeze cactus canyon castle "
    "cedar cobalt comet copper coral cosmic crimson dragon eagle ember falcon forest fox "
    "galaxy garnet ginger glacier granite harbor hazel horizon iris ivory jade jaguar jasper "
    "kestrel koala lemon lilac lotus lunar maple marble meadow mercury mint monkey nebula "
    "nickel oasis olive onyx orchid otter panda pepper pine pixel plum quartz raven river "
    "rocket ruby saffron salmon sapphire shadow silver sparrow spruce storm summer sunset "
    "thunder tiger topaz tulip velvet violet walnut willow winter zebra"
)
WORDS = tuple(_WORDS.split())
_SERVICES = (
    "billing orders payments inventory auth gateway catalog search notifications reports "
    "ledger shipping accounts profile checkout analytics scheduler mailer webhooks exports"
)
SERVICES = tuple(_SERVICES.split())


@dataclass(frozen=True)
class Value:
    """One planted value. category is "secret", "pii", or "" for an unlabelled hard negative."""

    category: str
    kind: str
    text: str
    name: str  # snake_case field name the value is assigned to
    raw: bool = False  # the text is an expression (os.environ[...]): render it unquoted


def rand(rng: Random, alphabet: str, n: int) -> str:
    return "".join(rng.choices(alphabet, k=n))


def pem_body(rng: Random, nbytes: int, lead: bytes = b"") -> list[str]:
    raw = lead + rng.randbytes(nbytes - len(lead))
    text = base64.b64encode(raw).decode()
    return [text[i : i + 64] for i in range(0, len(text), 64)]


def pem(rng: Random, label: str, nbytes: int, lead: bytes = b"") -> str:
    head = DASHES + "BEGIN " + label + " KEY" + DASHES
    tail = DASHES + "END " + label + " KEY" + DASHES
    return "\n".join([head, *pem_body(rng, nbytes, lead), tail])


def host(rng: Random) -> str:
    svc = rng.choice(SERVICES)
    return rng.choice(
        (
            f"{svc}-db.internal",
            f"{svc}.prod.acme-corp.net",
            f"db-{rng.randint(1, 9)}.{svc}.svc.cluster.local",
            f"{svc}-primary.c{rand(rng, LOWER_ALNUM, 10)}.eu-west-1.rds.amazonaws.com",
        )
    )


def human_password(rng: Random) -> str:
    word = rng.choice(WORDS)
    style = rng.randrange(6)
    if style == 0:
        return word.capitalize() + str(rng.randint(1970, 2025)) + rng.choice("!#$%*?")
    if style == 1:
        return "-".join(rng.sample(WORDS, 3)) + str(rng.randint(1, 99))
    if style == 2:
        leet = word.translate(str.maketrans("aeios", "43105"))
        return leet.capitalize() + rng.choice("!@#$") + str(rng.randint(10, 999))
    if style == 3:
        return rng.choice(WORDS).capitalize() + rng.choice(WORDS).capitalize() + rand(rng, HEX, 4)
    if style == 4:
        return rand(rng, ALNUM + "!#%*+-", rng.randint(12, 20))
    return word + "_" + rng.choice(SERVICES) + "_" + str(rng.randint(2019, 2026))


def random_token(rng: Random) -> str:
    shape = rng.randrange(4)
    if shape == 0:
        return rand(rng, HEX, rng.choice((32, 40, 64)))
    if shape == 1:
        return base64.b64encode(rng.randbytes(rng.choice((24, 32, 48)))).decode()
    if shape == 2:
        return rand(rng, B64URL, rng.randint(32, 48))
    return rand(rng, ALNUM, rng.randint(24, 48))


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def jwt(rng: Random) -> str:
    header = {"alg": rng.choice(("HS256", "RS256", "ES256")), "typ": "JWT"}
    now = rng.randint(1_600_000_000, 1_760_000_000)
    claims = {
        "sub": str(rng.randint(10_000, 9_999_999)),
        "iss": f"https://auth.{rng.choice(SERVICES)}.acme-corp.net",
        "iat": now,
        "exp": now + rng.choice((900, 3600, 86400)),
        "scope": " ".join(rng.sample(("read", "write", "admin", "orders", "billing"), 2)),
    }
    sig = rng.randbytes(256 if header["alg"] == "RS256" else 32)
    parts = (json.dumps(header).encode(), json.dumps(claims).encode(), sig)
    return ".".join(b64url(p) for p in parts)


Maker = Callable[[Random], list[Value]]


def one(kind: str, make: Callable[[Random], str], names: tuple[str, ...]) -> Maker:
    def build(rng: Random) -> list[Value]:
        return [Value("secret", kind, make(rng), rng.choice(names))]

    return build


def _aws_pair(rng: Random) -> list[Value]:
    key_id = rng.choice(("AK", "AS")) + "IA" + rand(rng, UPPER32, 16)
    secret = rand(rng, B64, 40)
    return [
        Value("secret", "aws_access_key_id", key_id, "aws_access_key_id"),
        Value("secret", "aws_secret_access_key", secret, "aws_secret_access_key"),
    ]


def _slack_bot(rng: Random) -> str:
    nums = f"{rng.randint(10**10, 10**13 - 1)}-{rng.randint(10**10, 10**13 - 1)}"
    return "xo" + "xb-" + nums + "-" + rand(rng, ALNUM, 24)


def _slack_webhook(rng: Random) -> str:
    team = "T" + rand(rng, UPPER32[:26] + string.digits, rng.choice((8, 10)))
    chan = "B" + rand(rng, UPPER32[:26] + string.digits, rng.choice((8, 10)))
    return "https://hooks.slack." + "com/services/" + f"{team}/{chan}/" + rand(rng, ALNUM, 24)


def _openai(rng: Random) -> str:
    return "sk-" + "proj-" + rand(rng, B64URL, 74) + "T3Blbk" + "FJ" + rand(rng, B64URL, 74)


def _anthropic(rng: Random) -> str:
    return "sk-" + "ant-api03-" + rand(rng, B64URL, 93) + "AA"


def _sentry(rng: Random) -> str:
    org, proj = rng.randint(10**5, 10**7), rng.randint(10**6, 10**7)
    return f"https://{rand(rng, HEX, 32)}@o{org}.ingest.sentry.io/{proj}"


def _azure(rng: Random) -> str:
    account = rng.choice(SERVICES) + rand(rng, LOWER_ALNUM, 6)
    key = base64.b64encode(rng.randbytes(64)).decode()
    return (
        f"DefaultEndpointsProtocol=https;AccountName={account};"
        f"AccountKey={key};EndpointSuffix=core.windows.net"
    )


def _db_url(rng: Random) -> list[Value]:
    user = rng.choice(("app", "admin", "postgres", "svc_" + rng.choice(SERVICES), "root"))
    pw = human_password(rng) if rng.random() < 0.5 else rand(rng, ALNUM, rng.randint(16, 32))
    db = rng.choice(SERVICES)
    scheme = rng.randrange(5)
    if scheme == 0:
        url = f"postgres://{user}:{pw}@{host(rng)}:5432/{db}"
        kind, names = "postgres_url", ("database_url", "db_url", "sqlalchemy_database_uri")
    elif scheme == 1:
        url = f"postgresql+psycopg2://{user}:{pw}@{host(rng)}/{db}?sslmode=require"
        kind, names = "postgres_url", ("database_url", "sqlalchemy_database_uri")
    elif scheme == 2:
        url = f"mysql://{user}:{pw}@{host(rng)}:3306/{db}"
        kind, names = "mysql_url", ("database_url", "mysql_url", "db_dsn")
    elif scheme == 3:
        cluster = f"cluster0.{rand(rng, LOWER_ALNUM, 5)}.mongodb.net"
        url = f"mongodb+srv://{user}:{pw}@{cluster}/{db}?retryWrites=true&w=majority"
        kind, names = "mongodb_url", ("mongo_uri", "mongodb_url", "mongo_url")
    else:
        url = f"redis://:{pw}@{host(rng)}:6379/{rng.randint(0, 5)}"
        kind, names = "redis_url", ("redis_url", "cache_url", "celery_broker_url")
    return [Value("secret", kind, url, rng.choice(names))]


def _basic_auth_url(rng: Random) -> str:
    user = rng.choice(("deploy", "ci", "jenkins", "readonly", "admin", "build-bot"))
    pw = human_password(rng) if rng.random() < 0.5 else rand(rng, ALNUM, 24)
    site = rng.choice(("artifactory", "nexus", "registry", "git", "proxy", "jenkins"))
    path = rng.choice(("/simple/", "/repository/npm-private/", "/api/v1/", "/", "/org/repo.git"))
    return f"https://{user}:{pw}@{site}.acme-corp.net{path}"


def _password(rng: Random) -> list[Value]:
    names = (
        "password", "db_password", "admin_password", "smtp_password", "postgres_password",
        "mysql_root_password", "redis_password", "ldap_bind_password", "keystore_password",
        "secret", "client_secret", "api_secret", "token", "auth_token",
    )  # fmt: skip
    name = rng.choice(names)
    human = rng.random() < 0.6 and "token" not in name
    text = human_password(rng) if human else random_token(rng)
    return [Value("secret", "password" if human else "generic_secret", text, name)]


def _generic(rng: Random) -> list[Value]:
    stem = rng.choice(("session", "jwt_signing", "webhook", "internal_api", "cookie", "app"))
    name = stem + rng.choice(("_secret", "_token", "_secret_key"))
    return [Value("secret", "generic_secret", random_token(rng), name)]


def _bearer(rng: Random) -> list[Value]:
    if rng.random() < 0.5:
        return [Value("secret", "jwt", "Bearer " + jwt(rng), "authorization")]
    return [Value("secret", "bearer_token", "Bearer " + random_token(rng), "authorization")]


def _pem(rng: Random) -> list[Value]:
    which = rng.randrange(4)
    if which == 0:
        text, kind = pem(rng, "RSA PRIVATE", rng.choice((1190, 1217, 2349)), b"\x30\x82"), "rsa"
    elif which == 1:
        text, kind = pem(rng, "EC PRIVATE", 121, b"\x30\x77\x02\x01\x01\x04\x20"), "ec"
    elif which == 2:
        lead = b"openssh-key-v1\x00"
        text, kind = pem(rng, "OPENSSH PRIVATE", rng.choice((399, 1679)), lead), "openssh"
    else:
        text, kind = pem(rng, "PRIVATE", 1218, b"\x30\x82\x04\xbe\x02\x01\x00"), "pkcs8"
    names = ("private_key", "ssh_private_key", "tls_key", "signing_key", "deploy_key")
    return [Value("secret", f"{kind}_private_key", text, rng.choice(names))]


def gcp_service_account(rng: Random) -> tuple[dict[str, str], Value]:
    """A service-account key as a dict, and the planted private key inside it."""
    project = f"{rng.choice(SERVICES)}-{rng.choice(WORDS)}-{rng.randint(100000, 999999)}"
    key = pem(rng, "PRIVATE", 1218, b"\x30\x82\x04\xbe\x02\x01\x00") + "\n"
    account = rng.choice(SERVICES) + "-sa"
    doc = {
        "type": "service_account",
        "project_id": project,
        "private_key_id": rand(rng, HEX, 40),
        "private_key": key,
        "client_email": f"{account}@{project}.iam.gserviceaccount.com",
        "client_id": str(rng.randint(10**20, 10**21 - 1)),
        "auth_uri": "https://accounts.google.com/o/oauth2/auth",
        "token_uri": "https://oauth2.googleapis.com/token",
    }
    return doc, Value("secret", "gcp_service_account_key", key, "private_key")


def _gcp_sa_inline(rng: Random) -> list[Value]:
    doc, key = gcp_service_account(rng)
    text = json.dumps(doc, separators=(",", ":"))
    return [Value("secret", key.kind, text, "google_application_credentials_json")]


SECRETS: tuple[tuple[Maker, float], ...] = (
    (_aws_pair, 3),
    (one("aws_secret_access_key", lambda r: rand(r, B64, 40), ("aws_secret_access_key",)), 1.5),
    (one("gcp_api_key", lambda r: "AI" + "za" + rand(r, B64URL, 35),
         ("google_api_key", "firebase_api_key", "maps_api_key")), 2),
    (_gcp_sa_inline, 0.7),
    (one("azure_storage_connection_string", _azure,
         ("azure_storage_connection_string", "storage_connection_string")), 1.5),
    (one("github_pat", lambda r: "gh" + "p_" + rand(r, ALNUM, 36),
         ("github_token", "gh_token")), 2),
    (one("github_fine_grained_pat",
         lambda r: "github" + "_pat_" + rand(r, ALNUM, 22) + "_" + rand(r, ALNUM, 59),
         ("github_token", "github_pat")), 1.5),
    (one("github_oauth", lambda r: "gh" + "o_" + rand(r, ALNUM, 36), ("github_oauth_token",)), 1),
    (one("gitlab_pat", lambda r: "gl" + "pat-" + rand(r, B64URL, 20),
         ("gitlab_token", "gitlab_private_token")), 1.5),
    (one("slack_bot_token", _slack_bot, ("slack_bot_token", "slack_token")), 1.5),
    (one("slack_webhook", _slack_webhook, ("slack_webhook_url", "alerts_webhook")), 1.5),
    (one("stripe_live_key",
         lambda r: r.choice(("sk", "rk")) + "_live_" + rand(r, ALNUM, r.choice((24, 99))),
         ("stripe_secret_key", "stripe_api_key")), 1.5),
    (one("twilio_api_key", lambda r: "S" + "K" + rand(r, HEX, 32), ("twilio_api_key",)), 1),
    (one("twilio_auth_token", lambda r: rand(r, HEX, 32), ("twilio_auth_token",)), 0.7),
    (one("sendgrid_api_key",
         lambda r: "S" + "G." + rand(r, B64URL, 22) + "." + rand(r, B64URL, 43),
         ("sendgrid_api_key",)), 1),
    (one("openai_api_key", _openai, ("openai_api_key",)), 1.5),
    (one("anthropic_api_key", _anthropic, ("anthropic_api_key",)), 1.5),
    (one("huggingface_token", lambda r: "h" + "f_" + rand(r, string.ascii_letters, 34),
         ("hf_token", "huggingface_token")), 1),
    (one("npm_token", lambda r: "np" + "m_" + rand(r, ALNUM, 36), ("npm_token",)), 1),
    (one("pypi_token", lambda r: "pypi-" + "AgEIcHlwaS5vcmc" + rand(r, B64URL, r.randint(60, 160)),
         ("pypi_token", "twine_password")), 1),
    (one("dockerhub_pat", lambda r: "dckr" + "_pat_" + rand(r, B64URL, 27),
         ("docker_hub_token", "dockerhub_pat")), 1),
    (one("digitalocean_token", lambda r: "do" + "p_v1_" + rand(r, HEX, 64),
         ("digitalocean_token", "do_token")), 1),
    (one("shopify_token", lambda r: r.choice(("shpat", "shpss")) + "_" + rand(r, HEX, 32),
         ("shopify_access_token",)), 1),
    (one("datadog_api_key", lambda r: rand(r, HEX, 32), ("datadog_api_key", "dd_api_key")), 1),
    (one("sentry_dsn", _sentry, ("sentry_dsn",)), 1),
    (one("vault_token", lambda r: "hv" + "s." + rand(r, B64URL, r.choice((24, 91))),
         ("vault_token",)), 1),
    (one("jwt", jwt, ("access_token", "id_token", "jwt")), 1.5),
    (_pem, 2.5),
    (_db_url, 4),
    (one("basic_auth_url", _basic_auth_url, ("registry_url", "artifact_repo", "http_proxy")), 2),
    (_password, 8),
    (_generic, 4),
    (_bearer, 3),
)  # fmt: skip


def secret(rng: Random) -> list[Value]:
    makers, weights = zip(*SECRETS, strict=True)
    return rng.choices(makers, weights)[0](rng)
