"""Finance, banking and crypto exchanges: their API keys and secrets."""

from veil.detect.base import UUID, Examples, Rule, SecretRule, assigned, named, token
from veil.detect.filters import LITERAL
from veil.detect.samples import (
    ALNUM,
    B64,
    B64URL,
    HEX,
    LOWER_ALNUM,
    UPPER_ALNUM,
    fake,
    fake_uuid,
)
from veil.detect.shapes import prefixed, service_named
from veil.detect.validators import mixed_case


def _mixed(value: str) -> bool:
    """Random alphanumerics mix case; a word or an identifier in one case does not."""
    return mixed_case(value, 10)


_B64_ALNUM = B64.replace("/", "")

# --- Crypto exchanges

# Coinbase: legacy API keys are 16 alphanumerics with a 32-alphanumeric secret; CDP API keys are a
# key name (`organizations/.../apiKeys/...`, an ID) and a secret, base64 of a 64-byte Ed25519 key
# (88 characters) or a PEM EC key (the private-key rule's).
_COINBASE_SECRET = fake(32, ALNUM, seed="coinbase-secret")
_CDP_SECRET = fake(86, B64, seed="cdp-secret") + "=="

COINBASE_API_SECRET = service_named(
    kind="coinbase_api_secret",
    service="coinbase",
    key=r"(?:api_?)?secret(?:_?key)?",
    value=r"[A-Za-z0-9]{32}",
    sample=_COINBASE_SECRET,
    env="COINBASE_API_SECRET",
    validate=_mixed,
    confidence=0.8,
    positives=(f"COINBASE_SECRET={_COINBASE_SECRET}",),
)

COINBASE_CDP_API_KEY_SECRET = service_named(
    kind="coinbase_cdp_api_key_secret",
    service=r"coinbase|(?<![A-Za-z0-9])cdp",
    key=r"(?:(?:api_?)?(?:key_?)?secret|private_?key)",
    value=r"[A-Za-z0-9+/]{86}==",
    sample=_CDP_SECRET,
    env="CDP_API_KEY_SECRET",
    keywords=("coinbase", "cdp"),
    confidence=0.88,
    positives=(f'cdp = CdpClient(api_key_id=key_id, api_key_secret="{_CDP_SECRET}")',),
    negatives=(f"CDP_API_KEY_ID={fake_uuid('cdp-id')}",),  # the key's ID
)

# Binance: API keys and secret keys are 64 alphanumerics each.
_BINANCE_KEY = fake(64, ALNUM, seed="binance-key")
_BINANCE_SECRET = fake(64, ALNUM, seed="binance-secret")

BINANCE_API_SECRET = service_named(
    kind="binance_api_secret",
    service="binance",
    key=r"(?:api_?)?secret(?:_?key)?",
    value=r"[A-Za-z0-9]{64}",
    sample=_BINANCE_SECRET,
    env="BINANCE_API_SECRET",
    validate=_mixed,
    confidence=0.82,
    positives=(f"BINANCE_SECRET_KEY={_BINANCE_SECRET}",),
)

BINANCE_API_KEY = service_named(
    kind="binance_api_key",
    service="binance",
    key=r"(?:api_?)?key",
    value=r"[A-Za-z0-9]{64}",
    sample=_BINANCE_KEY,
    env="BINANCE_API_KEY",
    validate=_mixed,
    confidence=0.8,
    positives=(f'{{"binance": {{"apiKey": "{_BINANCE_KEY}"}}}}',),
)

# Kraken: API keys are 56 base64 characters; the private key is base64 of 64 bytes (88).
_KRAKEN_KEY = fake(56, _B64_ALNUM, seed="kraken-key")
_KRAKEN_PRIVATE = fake(86, B64, seed="kraken-private") + "=="

KRAKEN_PRIVATE_KEY = service_named(
    kind="kraken_private_key",
    service="kraken",
    key=r"(?:(?:api_?)?(?:private|secret)(?:_?key)?)",
    value=r"[A-Za-z0-9+/]{86}==",
    sample=_KRAKEN_PRIVATE,
    env="KRAKEN_PRIVATE_KEY",
    confidence=0.85,
    positives=(f"KRAKEN_API_SECRET={_KRAKEN_PRIVATE}",),
)

KRAKEN_API_KEY = service_named(
    kind="kraken_api_key",
    service="kraken",
    key=r"(?:api_?)?key",
    value=r"[A-Za-z0-9+/]{56}",
    sample=_KRAKEN_KEY,
    env="KRAKEN_API_KEY",
    positives=(f'kraken:\n  api_key: "{_KRAKEN_KEY}"',),
    validate=_mixed,
    confidence=0.8,
)

# Bitfinex: API keys and secrets are 43 alphanumerics.
_BITFINEX = fake(43, ALNUM, seed="bitfinex")

BITFINEX_API_SECRET = service_named(
    kind="bitfinex_api_secret",
    service="bitfinex|bfx",
    key=r"(?:api_?)?secret(?:_?key)?",
    value=r"[A-Za-z0-9]{43}",
    sample=_BITFINEX,
    env="BITFINEX_API_SECRET",
    keywords=("bitfinex", "bfx"),
    validate=_mixed,
    confidence=0.8,
    positives=(f"BFX_API_SECRET={_BITFINEX}",),
)

# Gemini (the exchange): API keys are `account-` (or `master-`) and 20 alphanumerics; the secret is
# 27-28 base58 characters.
_GEMINI_KEY = "account-" + fake(20, ALNUM, seed="gemini-key")
_GEMINI_SECRET = fake(28, ALNUM.replace("0", "").replace("O", "").replace("l", ""), seed="gem-s")

GEMINI_API_KEY = SecretRule(
    id="gemini-api-key",
    kind="gemini_api_key",
    regex=token(r"(?:account|master)-[A-Za-z0-9]{20}"),
    keywords=("gemini",),
    entropy=3.5,
    validate=lambda v: mixed_case(v.split("-", 1)[1], 10),
    filters=LITERAL,
    confidence=0.9,
    examples=Examples(
        positives=(
            f"GEMINI_API_KEY={_GEMINI_KEY}",
            f"curl -X POST https://api.gemini.com/v1/balances -H 'X-GEMINI-APIKEY: "
            f"master-{_GEMINI_KEY[8:]}'",
        ),
        negatives=(
            f"user = {_GEMINI_KEY}",  # no Gemini context
            f"GEMINI_API_KEY={_GEMINI_KEY[:-4]}",  # too short
        ),
    ),
)

GEMINI_API_SECRET = service_named(
    kind="gemini_api_secret",
    service="gemini",
    key=r"(?:api_?)?secret",
    value=r"[1-9A-HJ-NP-Za-km-z]{27,28}",
    sample=_GEMINI_SECRET,
    env="GEMINI_API_SECRET",
    positives=(f'{{"gemini": {{"api_key": "account-x", "api_secret": "{_GEMINI_SECRET}"}}}}',),
    validate=_mixed,
    confidence=0.8,
)

# --- Market data and brokerage

# Alpaca: API key IDs are `PK` (paper), `AK` (live) or `CK` and 18 upper-case alphanumerics; the
# secret key is 40 alphanumerics (`APCA_API_KEY_ID`, `APCA_API_SECRET_KEY`).
_ALPACA_ID = "PK" + fake(18, UPPER_ALNUM, seed="alpaca-id")
_ALPACA_SECRET = fake(40, ALNUM, seed="alpaca-secret")

ALPACA_API_KEY_ID = SecretRule(
    id="alpaca-api-key-id",
    kind="alpaca_api_key_id",
    regex=token(r"[PAC]K[A-Z0-9]{18}"),
    keywords=("alpaca", "apca"),
    entropy=3.0,
    filters=LITERAL,
    confidence=0.85,
    examples=Examples(
        positives=(
            f"APCA_API_KEY_ID={_ALPACA_ID}",
            f"alpaca = TradingClient('AK{_ALPACA_ID[2:]}', secret, paper=False)",
        ),
        negatives=(
            f"KEY_ID={_ALPACA_ID}",  # no Alpaca context
            f"APCA_API_KEY_ID=XK{_ALPACA_ID[2:]}",  # another prefix
        ),
    ),
)

ALPACA_API_SECRET = service_named(
    kind="alpaca_api_secret",
    service="alpaca|apca",
    key=r"(?:api_?)?secret(?:_?key)?",
    value=r"[A-Za-z0-9]{40}",
    sample=_ALPACA_SECRET,
    env="APCA_API_SECRET_KEY",
    keywords=("alpaca", "apca"),
    validate=_mixed,
    confidence=0.85,
    positives=(f"ALPACA_SECRET_KEY={_ALPACA_SECRET}",),
)

# Polygon.io: API keys are 32 alphanumerics (with `_`), as `apiKey=` or a bearer token.
_POLYGON = fake(32, ALNUM, seed="polygon")

POLYGON_API_KEY = service_named(
    kind="polygon_api_key",
    service=r"polygon(?:_?io)?",
    key=r"(?:api_?)?key",
    value=r"[A-Za-z0-9_]{32}",
    sample=_POLYGON,
    env="POLYGON_API_KEY",
    keywords=("polygon",),
    validate=_mixed,
    confidence=0.8,
    positives=(f'polygon:\n  api_key: "{_POLYGON}"',),
    negatives=(f"POLYGONSCAN_API_KEY={fake(34, UPPER_ALNUM, seed='polygonscan')}",),  # explorer
)

# Finnhub: API keys are 20 lower-case alphanumerics (`token=` in queries, `X-Finnhub-Token`).
_FINNHUB = fake(20, LOWER_ALNUM, seed="finnhub")

FINNHUB_API_KEY = service_named(
    kind="finnhub_api_key",
    service="finnhub",
    key=r"(?:api_?)?(?:key|token)",
    value=r"[a-z0-9]{20}",
    sample=_FINNHUB,
    env="FINNHUB_API_KEY",
    confidence=0.8,
    positives=(f"finnhub_client = finnhub.Client(api_key='{_FINNHUB}')",),
)

# Alpha Vantage: API keys are 16 upper-case alphanumerics.
_ALPHAVANTAGE = fake(16, UPPER_ALNUM, seed="alphavantage")

ALPHA_VANTAGE_API_KEY = service_named(
    kind="alpha_vantage_api_key",
    service=r"alpha_?vantage",
    key=r"(?:api_?)?key",
    value=r"[A-Z0-9]{16}",
    sample=_ALPHAVANTAGE,
    env="ALPHA_VANTAGE_API_KEY",
    keywords=("alphavantage", "alpha_vantage"),
    confidence=0.8,
    positives=(f"ALPHAVANTAGE_KEY={_ALPHAVANTAGE}",),
)

# IEX Cloud: secret tokens are `sk_` (`Tsk_` in the sandbox) and 32 hex; `pk_` tokens are
# publishable.
_IEX = "sk_" + fake(32, HEX, seed="iex")

IEX_CLOUD_SECRET_TOKEN = SecretRule(
    id="iex-cloud-secret-token",
    kind="iex_cloud_secret_token",
    regex=token(r"T?sk_[0-9a-f]{32}"),
    keywords=("iex",),
    entropy=3.0,
    filters=LITERAL,
    confidence=0.9,
    examples=Examples(
        positives=(
            f"IEX_TOKEN={_IEX}",
            f"curl 'https://sandbox.iexapis.com/stable/stock/aapl/quote?token=T{_IEX}'",
        ),
        negatives=(
            f"IEX_PUBLISHABLE_TOKEN=pk_{_IEX[3:]}",  # publishable
            f"TOKEN={_IEX}",  # no IEX context
        ),
    ),
)

# --- Banking and card platforms

# Mercury: API tokens include their `secret-token:mercury_production_` (or `_sandbox_`) prefix.
_MERCURY = f"secret-token:mercury_production_wma_{fake(40, ALNUM, seed='mercury')}_yrucrem"

MERCURY_API_TOKEN = prefixed(
    kind="mercury_api_token",
    body=r"secret-token:mercury_(?:production|sandbox)_[A-Za-z0-9_]{40,120}",
    sample=_MERCURY,
    keywords=("secret-token:mercury_",),
    env="MERCURY_API_TOKEN",
    confidence=0.98,
    positives=(f"curl https://api.mercury.com/api/v1/accounts --user '{_MERCURY}:'",),
    negatives=(f"MERCURY_API_TOKEN=secret-token:mercury_staging_{_MERCURY[37:]}",),
)

# Brex: user tokens start `bxt_`.
_BREX = "bxt_" + fake(36, ALNUM, seed="brex")

BREX_USER_TOKEN = prefixed(
    kind="brex_user_token",
    body=r"bxt_[A-Za-z0-9]{28,80}",
    sample=_BREX,
    keywords=("bxt_",),
    env="BREX_API_TOKEN",
    entropy=3.5,
    validate=lambda v: mixed_case(v[4:], 10),
    positives=(
        f"curl https://platform.brexapis.com/v2/users/me -H 'Authorization: Bearer {_BREX}'",
    ),
)

# Ramp: developer API client secrets are `ramp_sec_` and 48 alphanumerics (`ramp_id_` IDs are not
# secret).
_RAMP = "ramp_sec_" + fake(48, ALNUM, seed="ramp")

RAMP_CLIENT_SECRET = prefixed(
    kind="ramp_client_secret",
    body=r"ramp_sec_[A-Za-z0-9]{48}",
    sample=_RAMP,
    keywords=("ramp_sec_",),
    env="RAMP_CLIENT_SECRET",
    confidence=0.97,
    positives=(f"curl -u ramp_id_abc:{_RAMP} https://api.ramp.com/developer/v1/token",),
    negatives=(f"RAMP_CLIENT_ID=ramp_id_{_RAMP[9:]}",),  # the client ID
)

# Revolut Business: API access and refresh tokens are `oa_prod_` (`oa_sand_` in the sandbox) and 43
# base64url characters.
_REVOLUT = "oa_prod_" + fake(43, B64URL, seed="revolut")

REVOLUT_BUSINESS_TOKEN = prefixed(
    kind="revolut_business_token",
    body=r"oa_(?:prod|sand)_[A-Za-z0-9_\-]{43}",
    sample=_REVOLUT,
    keywords=("oa_prod_", "oa_sand_"),
    env="REVOLUT_ACCESS_TOKEN",
    entropy=4.0,
    positives=(
        f"curl https://b2b.revolut.com/api/1.0/accounts -H 'Authorization: Bearer "
        f"oa_sand_{_REVOLUT[8:]}'",
    ),
)

# Wise: personal API tokens are UUIDs, under a Wise (TransferWise) name.
_WISE = fake_uuid("wise")

WISE_API_TOKEN = service_named(
    kind="wise_api_token",
    service=r"(?<![A-Za-z0-9])wise|transferwise",
    key=r"(?:api_?|personal_?|access_?)?(?:token|key)",
    value=UUID,
    sample=_WISE,
    env="WISE_API_TOKEN",
    keywords=("wise",),
    confidence=0.8,
    positives=(f"TRANSFERWISE_API_TOKEN={_WISE}",),
    negatives=(
        f"WISE_PROFILE_ID={_WISE}",  # an identifier
        f"OTHERWISE_TOKEN={_WISE}",  # `wise` inside another word
    ),
)

# Modern Treasury: API keys (`live-`/`test-` and base62), sent with the organization ID.
_MODERN_TREASURY = "live-" + fake(48, ALNUM, seed="modern-treasury")

MODERN_TREASURY_API_KEY = SecretRule(
    id="modern-treasury-api-key",
    kind="modern_treasury_api_key",
    regex=assigned(
        named(r"modern_?treasury|moderntreasury", r"(?:api_?)?key"),
        r"(?:live-|test-)?[A-Za-z0-9]{40,80}",
    ),
    keywords=("modern_treasury", "moderntreasury", "modern-treasury"),
    entropy=3.5,
    validate=lambda v: mixed_case(v, 10),
    confidence=0.82,
    examples=Examples(
        positives=(
            f"MODERN_TREASURY_API_KEY={_MODERN_TREASURY}",
            f"client = ModernTreasury(organization_id=org, api_key='{_MODERN_TREASURY}')",
        ),
        negatives=(
            f"API_KEY={_MODERN_TREASURY}",  # no Modern Treasury name
            f"MODERN_TREASURY_API_KEY={_MODERN_TREASURY[:30]}",  # too short
        ),
    ),
)

# Marqeta: the Core API authenticates with an application token (the user name) and an admin
# access token (the password), UUIDs; every other Marqeta `token` (user, card) is an object's ID.
_MARQETA = fake_uuid("marqeta")

MARQETA_ACCESS_TOKEN = service_named(
    kind="marqeta_access_token",
    service="marqeta",
    key=r"(?:(?:admin_?)?access_?token|password)",
    value=UUID,
    sample=_MARQETA,
    env="MARQETA_ADMIN_ACCESS_TOKEN",
    confidence=0.8,
    positives=(f'marqeta:\n  access_token: "{_MARQETA}"',),
    negatives=(
        f"MARQETA_CARD_TOKEN={_MARQETA}",  # a card's ID
        f"MARQETA_APPLICATION_TOKEN={_MARQETA}",  # the user name half
    ),
)

# Lithic: API keys are UUIDs, under a Lithic name.
_LITHIC = fake_uuid("lithic")

LITHIC_API_KEY = service_named(
    kind="lithic_api_key",
    service="lithic",
    key=r"(?:api_?)?key",
    value=UUID,
    sample=_LITHIC,
    env="LITHIC_API_KEY",
    confidence=0.8,
    positives=(f'lithic:\n  api_key: "{_LITHIC}"',),
    negatives=(f"LITHIC_CARD_ID={_LITHIC}",),
)

# Unit: API tokens are PASETO `v2.public.` tokens, under a Unit name.
_UNIT = "v2.public." + fake(220, B64URL, seed="unit")

UNIT_API_TOKEN = SecretRule(
    id="unit-api-token",
    kind="unit_api_token",
    regex=assigned(
        named(r"(?<![A-Za-z0-9])unit", r"(?:api_?|org_?)?token"),
        r"v2\.public\.[A-Za-z0-9_\-]{150,1000}",
    ),
    keywords=("unit",),
    entropy=4.0,
    max_len=1100,
    confidence=0.85,
    examples=Examples(
        positives=(
            f"UNIT_API_TOKEN={_UNIT}",
            f'unit:\n  org_token: "{_UNIT}"',
        ),
        negatives=(
            f"UNIT_TEST_TOKEN={_UNIT[:60]}",  # too short
            f"TOKEN={_UNIT}",  # no Unit name
        ),
    ),
)

RULES: tuple[Rule, ...] = (
    COINBASE_API_SECRET,
    COINBASE_CDP_API_KEY_SECRET,
    BINANCE_API_SECRET,
    BINANCE_API_KEY,
    KRAKEN_PRIVATE_KEY,
    KRAKEN_API_KEY,
    BITFINEX_API_SECRET,
    GEMINI_API_KEY,
    GEMINI_API_SECRET,
    ALPACA_API_KEY_ID,
    ALPACA_API_SECRET,
    POLYGON_API_KEY,
    FINNHUB_API_KEY,
    ALPHA_VANTAGE_API_KEY,
    IEX_CLOUD_SECRET_TOKEN,
    MERCURY_API_TOKEN,
    BREX_USER_TOKEN,
    RAMP_CLIENT_SECRET,
    REVOLUT_BUSINESS_TOKEN,
    WISE_API_TOKEN,
    MODERN_TREASURY_API_KEY,
    MARQETA_ACCESS_TOKEN,
    LITHIC_API_KEY,
    UNIT_API_TOKEN,
)
