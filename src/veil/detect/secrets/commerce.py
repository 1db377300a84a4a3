"""Commerce platforms: store and storefront API tokens, marketplaces, shipping and billing."""

from veil.detect.base import UUID, Examples, Rule, SecretRule, assigned, named, token
from veil.detect.filters import LITERAL
from veil.detect.samples import (
    ALNUM,
    B64,
    B64URL,
    HEX,
    LOWER_ALNUM,
    b64json,
    fake,
    fake_uuid,
)
from veil.detect.shapes import prefixed, service_named
from veil.detect.validators import mixed_case


def _mixed(value: str) -> bool:
    """Random alphanumerics mix case; a word or an identifier in one case does not."""
    return mixed_case(value, 10)


# --- Shopify: `shp<type>_` and 32 hex.


def _shopify(kind: str, prefix: str) -> Rule:
    value = prefix + fake(32, HEX, seed=f"shopify-{prefix}")
    return SecretRule(
        id=kind.replace("_", "-"),
        kind=kind,
        regex=token(prefix + r"[a-fA-F0-9]{32}"),
        keywords=(prefix,),
        entropy=3.0,
        confidence=0.98,
        examples=Examples(
            positives=(
                f"SHOPIFY_ACCESS_TOKEN={value}",
                f"curl -H 'X-Shopify-Access-Token: {value}' "
                "https://acme.myshopify.com/admin/api/2024-01/shop.json",
                f'session = ShopifyAPI::Auth::Session.new(shop: "acme.myshopify.com", '
                f'access_token: "{value}")',
            ),
            negatives=(
                f"SHOPIFY_ACCESS_TOKEN={value[:-4]}",  # too short
                f"SHOPIFY_ACCESS_TOKEN={value}0",  # inside a longer token
            ),
            documented=(
                f"SHOPIFY_ACCESS_TOKEN={prefix}{'0' * 32}",  # placeholder
            ),
        ),
    )


SHOPIFY_ACCESS_TOKEN = _shopify("shopify_access_token", "shpat_")
SHOPIFY_CUSTOM_APP_TOKEN = _shopify("shopify_custom_app_token", "shpca_")
SHOPIFY_PRIVATE_APP_TOKEN = _shopify("shopify_private_app_token", "shppa_")
SHOPIFY_SHARED_SECRET = _shopify("shopify_shared_secret", "shpss_")


# --- Store platforms

# BigCommerce: store API account tokens (`X-Auth-Token`) are about 31 lower-case alphanumerics; an
# app's client secret is 64 hex.
_BIGCOMMERCE_TOKEN = fake(31, LOWER_ALNUM, seed="bigcommerce-token")
_BIGCOMMERCE_SECRET = fake(64, HEX, seed="bigcommerce-secret")

BIGCOMMERCE_ACCESS_TOKEN = service_named(
    kind="bigcommerce_access_token",
    service="bigcommerce",
    key=r"(?:access_?|api_?|auth_?)?token",
    value=r"[a-z0-9]{30,32}",
    sample=_BIGCOMMERCE_TOKEN,
    env="BIGCOMMERCE_ACCESS_TOKEN",
    confidence=0.8,
    positives=(f'bigcommerce:\n  access_token: "{_BIGCOMMERCE_TOKEN}"',),
    negatives=(f"BIGCOMMERCE_STORE_HASH={_BIGCOMMERCE_TOKEN[:10]}",),  # an identifier
)

BIGCOMMERCE_CLIENT_SECRET = service_named(
    kind="bigcommerce_client_secret",
    service="bigcommerce",
    key=r"(?:client_?|app_?)?secret",
    value=r"[0-9a-f]{64}",
    sample=_BIGCOMMERCE_SECRET,
    env="BIGCOMMERCE_CLIENT_SECRET",
    confidence=0.8,
    positives=(f'{{"bigcommerce": {{"clientSecret": "{_BIGCOMMERCE_SECRET}"}}}}',),
)

# WooCommerce: REST API keys are a consumer key `ck_` and a consumer secret `cs_`, each 40 hex.
_WOO_CK = "ck_" + fake(40, HEX, seed="woo-ck")
_WOO_CS = "cs_" + fake(40, HEX, seed="woo-cs")

WOOCOMMERCE_CONSUMER_KEY = prefixed(
    kind="woocommerce_consumer_key",
    body=r"ck_[0-9a-f]{40}",
    sample=_WOO_CK,
    keywords=("ck_",),
    env="WOOCOMMERCE_CONSUMER_KEY",
    confidence=0.93,
    positives=(
        f"wcapi = API(url='https://shop.acme.io', consumer_key='{_WOO_CK}', consumer_secret=cs)",
    ),
)

WOOCOMMERCE_CONSUMER_SECRET = prefixed(
    kind="woocommerce_consumer_secret",
    body=r"cs_[0-9a-f]{40}",
    sample=_WOO_CS,
    keywords=("cs_",),
    env="WOOCOMMERCE_CONSUMER_SECRET",
    confidence=0.95,
    positives=(f"curl https://shop.acme.io/wp-json/wc/v3/orders -u ck:{_WOO_CS}",),
    negatives=(f"WOOCOMMERCE_CONSUMER_SECRET=cs_{_WOO_CS[3:].upper()}",),  # hex is lower case
)

# Squarespace: Commerce API keys, sent as a bearer token, under a Squarespace name.
_SQUARESPACE = fake_uuid("squarespace")

SQUARESPACE_API_KEY = service_named(
    kind="squarespace_api_key",
    service="squarespace",
    key=r"(?:api_?)?(?:key|token)",
    value=UUID,
    sample=_SQUARESPACE,
    env="SQUARESPACE_API_KEY",
    confidence=0.8,
    positives=(f"SQUARESPACE_TOKEN={_SQUARESPACE}",),
    negatives=(f"SQUARESPACE_SITE_ID={_SQUARESPACE}",),  # an identifier
)

# Ecwid: a store's secret token is `secret_` and 32 alphanumerics (`public_` tokens are public).
_ECWID = "secret_" + fake(32, ALNUM, seed="ecwid")

ECWID_SECRET_TOKEN = SecretRule(
    id="ecwid-secret-token",
    kind="ecwid_secret_token",
    regex=token(r"secret_[A-Za-z0-9]{32}"),
    keywords=("ecwid",),
    entropy=3.5,
    filters=LITERAL,
    confidence=0.9,
    examples=Examples(
        positives=(
            f"ECWID_SECRET_TOKEN={_ECWID}",
            f"curl 'https://app.ecwid.com/api/v3/1003/orders' -H 'Authorization: Bearer {_ECWID}'",
        ),
        negatives=(
            f"ECWID_PUBLIC_TOKEN=public_{_ECWID[7:]}",  # public token, meant for storefronts
            f"TOKEN={_ECWID}",  # no Ecwid context
        ),
    ),
)

# Saleor: app tokens (`Authorization: Bearer`) are 30 alphanumerics.
_SALEOR = fake(30, ALNUM, seed="saleor")

SALEOR_APP_TOKEN = service_named(
    kind="saleor_app_token",
    service="saleor",
    key=r"(?:app_?|auth_?|api_?)?token",
    value=r"[A-Za-z0-9]{30}",
    sample=_SALEOR,
    env="SALEOR_APP_TOKEN",
    validate=_mixed,
    confidence=0.8,
    positives=(f'saleor:\n  app_token: "{_SALEOR}"',),
)

# commercetools: an API client's secret is 32 base64url characters (`CTP_CLIENT_SECRET`).
_COMMERCETOOLS = fake(32, B64URL, seed="commercetools")

COMMERCETOOLS_CLIENT_SECRET = service_named(
    kind="commercetools_client_secret",
    service=r"commercetools|(?<![A-Za-z0-9])ctp",
    key=r"(?:client_?)?secret",
    value=r"[A-Za-z0-9_\-]{32}",
    sample=_COMMERCETOOLS,
    env="CTP_CLIENT_SECRET",
    keywords=("commercetools", "ctp"),
    validate=_mixed,
    confidence=0.8,
    positives=(f"COMMERCETOOLS_CLIENT_SECRET={_COMMERCETOOLS}",),
)

# Medusa: v2 secret API keys (admin API, basic auth) are `sk_` and 64 hex; `pk_` keys are
# publishable.
_MEDUSA = "sk_" + fake(64, HEX, seed="medusa")

MEDUSA_SECRET_API_KEY = prefixed(
    kind="medusa_secret_api_key",
    body=r"sk_[0-9a-f]{64}",
    sample=_MEDUSA,
    keywords=("sk_",),
    env="MEDUSA_ADMIN_API_KEY",
    confidence=0.88,
    positives=(f'const sdk = new Medusa({{ baseUrl: url, apiKey: "{_MEDUSA}" }})',),
    negatives=(f"MEDUSA_PUBLISHABLE_KEY=pk_{_MEDUSA[3:]}",),  # publishable, meant for storefronts
)

# Swell: a store's secret API key, under a Swell name (`swell.init(storeId, secretKey)`).
_SWELL = fake(32, ALNUM, seed="swell")

SWELL_SECRET_KEY = service_named(
    kind="swell_secret_key",
    service=r"(?<![A-Za-z0-9])swell",
    key=r"(?:secret_?)?key",
    value=r"[A-Za-z0-9]{32}",
    sample=_SWELL,
    env="SWELL_SECRET_KEY",
    keywords=("swell",),
    validate=_mixed,
    confidence=0.8,
    positives=(f'{{"swell": {{"storeId": "acme", "secretKey": "{_SWELL}"}}}}',),
    negatives=(f"SWELL_PUBLIC_KEY=pk_{_SWELL}",),  # public key
)

# --- Marketplaces

# Etsy: an app's keystring is 24 lower-case alphanumerics; Open API v3 takes `x-api-key` as
# `keystring:shared_secret` (10 more).
_ETSY = fake(24, LOWER_ALNUM, seed="etsy-key")
_ETSY_SECRET = fake(10, LOWER_ALNUM, seed="etsy-secret")

ETSY_API_KEY = service_named(
    kind="etsy_api_key",
    service="etsy",
    key=r"(?:api_?)?key(?:string)?",
    value=r"[a-z0-9]{24}(?::[a-z0-9]{10})?",
    sample=_ETSY,
    env="ETSY_API_KEY",
    confidence=0.8,
    positives=(f"ETSY_API_KEY={_ETSY}:{_ETSY_SECRET}",),
    negatives=(f"ETSY_SHOP_ID={_ETSY}",),  # an identifier
)

# eBay: an app's Cert ID (client secret) is `PRD-`/`SBX-`, 12 hex and four groups of 4 hex; user
# OAuth tokens start `v^1.1#i^1#` and run to a long base64 payload.
_EBAY_CERT = "PRD-" + "-".join(
    fake(n, HEX, seed=f"ebay-cert-{i}") for i, n in enumerate((12, 4, 4, 4, 4))
)
_EBAY_TOKEN = "v^1.1#i^1#p^3#r^1#f^0#I^3#t^" + fake(300, B64, seed="ebay-token") + "="

EBAY_CLIENT_SECRET = prefixed(
    kind="ebay_client_secret",
    body=r"(?:PRD|SBX)-[0-9a-f]{12}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}",
    sample=_EBAY_CERT,
    keywords=("prd-", "sbx-"),
    env="EBAY_CERT_ID",
    positives=(f'ebay:\n  cert_id: "SBX-{_EBAY_CERT[4:]}"',),
    negatives=(f"EBAY_APP_ID=Acme-Shop-PRD-{_EBAY_CERT[4:13]}-{_EBAY_CERT[17:25]}",),  # app ID
)

EBAY_OAUTH_TOKEN = SecretRule(
    id="ebay-oauth-token",
    kind="ebay_oauth_token",
    regex=r"(?<![A-Za-z0-9^#])(?P<secret>v\^1\.1#i\^1#[A-Za-z0-9^#=+/_\-]{60,3000})"
    r"(?![A-Za-z0-9^#=+/_\-])",
    keywords=("v^1.1#i^1#",),
    entropy=4.0,
    filters=LITERAL,
    confidence=0.97,
    max_len=3100,
    examples=Examples(
        positives=(
            f"EBAY_OAUTH_TOKEN={_EBAY_TOKEN}",
            f"curl https://api.ebay.com/sell/inventory/v1/inventory_item "
            f"-H 'Authorization: Bearer {_EBAY_TOKEN}'",
        ),
        negatives=(
            "EBAY_OAUTH_TOKEN=v^1.1#i^1#xxxxxxxx",  # placeholder, too short
            f"EBAY_OAUTH_TOKEN=v^2.1#i^1#{_EBAY_TOKEN[10:]}",  # another version
        ),
    ),
)

# Amazon Selling Partner API: Login with Amazon client secrets are `amzn1.oa2-cs.v1.` and 64 hex;
# LWA refresh tokens start `Atzr|` and access tokens `Atza|`, then long base64url.
_LWA_SECRET = "amzn1.oa2-cs.v1." + fake(64, HEX, seed="lwa-secret")  # veil:allow test value
_LWA_REFRESH = "Atzr|" + fake(380, B64URL, seed="lwa-refresh")
_LWA_ACCESS = "Atza|" + fake(380, B64URL, seed="lwa-access")

AMAZON_LWA_CLIENT_SECRET = prefixed(
    kind="amazon_lwa_client_secret",
    body=r"amzn1\.oa2-cs\.v1\.[0-9a-f]{64}",
    sample=_LWA_SECRET,
    keywords=("amzn1.oa2-cs.v1.",),
    env="LWA_CLIENT_SECRET",
    confidence=0.98,
    positives=(
        f'{{"lwaAppId": "amzn1.application-oa2-client.x", "clientSecret": "{_LWA_SECRET}"}}',
    ),
    negatives=(f"LWA_CLIENT_ID=amzn1.application-oa2-client.{_LWA_SECRET[16:48]}",),  # the ID
)


def _lwa(kind: str, prefix: str, sample: str, env: str) -> Rule:
    return SecretRule(
        id=kind.replace("_", "-"),
        kind=kind,
        regex=r"(?<![A-Za-z0-9|])(?P<secret>" + prefix + r"\|[A-Za-z0-9_\-]{200,800})"
        r"(?![A-Za-z0-9_\-])",
        keywords=(prefix.lower() + "|",),
        entropy=4.5,
        filters=LITERAL,
        confidence=0.97,
        max_len=820,
        examples=Examples(
            positives=(
                f"{env}={sample}",
                f'{{"{env.lower()}": "{sample}", "token_type": "bearer"}}',
            ),
            negatives=(f"{env}={sample[:150]}",),  # too short
            documented=(f"{env}={prefix}|" + "x" * 300,),  # placeholder
        ),
    )


AMAZON_LWA_REFRESH_TOKEN = _lwa("amazon_lwa_refresh_token", "Atzr", _LWA_REFRESH, "REFRESH_TOKEN")
AMAZON_LWA_ACCESS_TOKEN = _lwa("amazon_lwa_access_token", "Atza", _LWA_ACCESS, "ACCESS_TOKEN")

# --- Shipping

# Shippo: API tokens are `shippo_live_`/`shippo_test_` and 40 hex.
_SHIPPO = "shippo_live_" + fake(40, HEX, seed="shippo")

SHIPPO_API_TOKEN = prefixed(
    kind="shippo_api_token",
    body=r"shippo_(?:live|test)_[0-9a-f]{40}",
    sample=_SHIPPO,
    keywords=("shippo_live_", "shippo_test_"),
    env="SHIPPO_API_KEY",
    confidence=0.98,
    positives=(
        f"curl https://api.goshippo.com/addresses/ -H 'Authorization: ShippoToken {_SHIPPO}'",
    ),
)

# EasyPost: production API keys start `EZAK`, test keys `EZTK`, then 54 alphanumerics.
_EASYPOST = "EZAK" + fake(54, ALNUM, seed="easypost")

EASYPOST_API_KEY = prefixed(
    kind="easypost_api_key",
    body=r"EZ[AT]K[A-Za-z0-9]{54}",
    sample=_EASYPOST,
    keywords=("ezak", "eztk"),
    env="EASYPOST_API_KEY",
    confidence=0.97,
    positives=(f"client = easypost.EasyPostClient('EZTK{_EASYPOST[4:]}')",),
    negatives=(f"EASYPOST_API_KEY=EZXK{_EASYPOST[4:]}",),  # another prefix
)

# ShipStation: API key and secret (basic auth) are 32 hex each.
_SHIPSTATION = fake(32, HEX, seed="shipstation")

SHIPSTATION_API_SECRET = service_named(
    kind="shipstation_api_secret",
    service="shipstation",
    key=r"(?:api_?)?(?:secret|key)",
    value=r"[0-9a-f]{32}",
    sample=_SHIPSTATION,
    env="SHIPSTATION_API_SECRET",
    positives=(f'{{"shipstation": {{"apiKey": "k", "apiSecret": "{_SHIPSTATION}"}}}}',),
    confidence=0.8,
)

# Printful: private tokens are 40 alphanumerics.
_PRINTFUL = fake(40, ALNUM, seed="printful")

PRINTFUL_API_TOKEN = service_named(
    kind="printful_api_token",
    service="printful",
    key=r"(?:api_?|access_?|private_?)?(?:token|key)",
    value=r"[A-Za-z0-9]{40}",
    sample=_PRINTFUL,
    env="PRINTFUL_API_TOKEN",
    positives=(f'printful:\n  private_token: "{_PRINTFUL}"',),
    validate=_mixed,
    confidence=0.8,
)

# --- Digital sales and subscription billing

# Gumroad: an application's access token (43 or 64 base64url characters).
_GUMROAD = fake(64, B64URL, seed="gumroad")

GUMROAD_ACCESS_TOKEN = service_named(
    kind="gumroad_access_token",
    service="gumroad",
    key=r"(?:access_?|api_?)?(?:token|key)",
    value=r"(?:[A-Za-z0-9_\-]{64}|[A-Za-z0-9_\-]{43})",
    sample=_GUMROAD,
    env="GUMROAD_ACCESS_TOKEN",
    positives=(f'{{"gumroad": {{"access_token": "{_GUMROAD[:43]}"}}}}',),
    validate=_mixed,
    confidence=0.8,
)

# Lemon Squeezy: API keys are JWTs; under a Lemon Squeezy name they are its keys.
_LEMON = ".".join(
    (
        b64json({"typ": "JWT", "alg": "RS256"}, url=True).rstrip("="),
        b64json({"aud": "94d59cef", "jti": fake(64, HEX, seed="lemon-jti")}, url=True).rstrip("="),
        fake(342, B64URL, seed="lemon-sig"),
    )
)

LEMON_SQUEEZY_API_KEY = SecretRule(
    id="lemon-squeezy-api-key",
    kind="lemon_squeezy_api_key",
    regex=assigned(
        named(r"lemon_?squeezy|lmsqueezy", r"(?:api_?)?(?:key|token)"),
        r"eyJ[A-Za-z0-9_\-]{10,}\.eyJ[A-Za-z0-9_\-]{10,}\.[A-Za-z0-9_\-]{100,}",
    ),
    keywords=("lemonsqueezy", "lemon_squeezy", "lmsqueezy"),
    entropy=4.0,
    max_len=2000,
    confidence=0.92,  # over the generic JWT rule: the name says which service's key it is
    examples=Examples(
        positives=(
            f"LEMONSQUEEZY_API_KEY={_LEMON}",
            f"const config = {{ lemonSqueezyApiKey: '{_LEMON}' }};",
        ),
        negatives=(
            f"JWT={_LEMON}",  # no Lemon Squeezy name: the JWT rule's
            f"LEMONSQUEEZY_API_KEY={_LEMON.rsplit('.', 1)[0]}.abc",  # signature too short
        ),
    ),
)

# Paddle Billing: API keys are `pdl_live_apikey_`/`pdl_sdbx_apikey_`, a 26-character ULID, then two
# more underscore-separated parts (22 and 3 characters).
_PADDLE = (
    f"pdl_live_apikey_{fake(26, LOWER_ALNUM, seed='paddle-1')}_"
    f"{fake(22, ALNUM, seed='paddle-2')}_{fake(3, ALNUM, seed='paddle-3')}"
)

PADDLE_API_KEY = prefixed(
    kind="paddle_api_key",
    body=r"pdl_(?:live|sdbx)_apikey_[0-9a-z]{26}_[A-Za-z0-9]{22}_[A-Za-z0-9]{3}",
    sample=_PADDLE,
    keywords=("pdl_live_apikey_", "pdl_sdbx_apikey_"),
    env="PADDLE_API_KEY",
    confidence=0.99,
    positives=(
        f"curl https://sandbox-api.paddle.com/event-types -H 'Authorization: Bearer "
        f"{_PADDLE.replace('_live_', '_sdbx_')}'",
    ),
)

# Chargebee: site API keys are `live_`/`test_` and about 34 alphanumerics, under a Chargebee name.
_CHARGEBEE = "live_" + fake(34, ALNUM, seed="chargebee")

CHARGEBEE_API_KEY = service_named(
    kind="chargebee_api_key",
    service="chargebee",
    key=r"(?:api_?)?key",
    value=r"(?:live|test)_[A-Za-z0-9]{30,36}",
    sample=_CHARGEBEE,
    env="CHARGEBEE_API_KEY",
    confidence=0.85,
    positives=(f'{{"chargebee": {{"site": "acme", "api_key": "test_{_CHARGEBEE[5:]}"}}}}',),
)

# Recurly: private API keys are 32 hex.
_RECURLY = fake(32, HEX, seed="recurly")

RECURLY_API_KEY = service_named(
    kind="recurly_api_key",
    service="recurly",
    key=r"(?:private_?|api_?)*key",
    value=r"[0-9a-f]{32}",
    sample=_RECURLY,
    env="RECURLY_API_KEY",
    confidence=0.8,
    positives=(f"RECURLY_PRIVATE_API_KEY={_RECURLY}",),
    negatives=(f"RECURLY_PUBLIC_KEY=ewr1-{_RECURLY[:22]}",),  # public key, for Recurly.js
)

# Zuora: an OAuth client's secret, under a Zuora name.
_ZUORA = fake(44, B64.replace("/", ""), seed="zuora")

ZUORA_CLIENT_SECRET = service_named(
    kind="zuora_client_secret",
    service="zuora",
    key=r"(?:client_?|oauth_?)?secret",
    value=r"[A-Za-z0-9+/=]{36,48}",
    sample=_ZUORA,
    env="ZUORA_CLIENT_SECRET",
    validate=_mixed,
    confidence=0.8,
    positives=(f'zuora:\n  client_secret: "{_ZUORA}"',),
)

RULES: tuple[Rule, ...] = (
    SHOPIFY_ACCESS_TOKEN,
    SHOPIFY_CUSTOM_APP_TOKEN,
    SHOPIFY_PRIVATE_APP_TOKEN,
    SHOPIFY_SHARED_SECRET,
    BIGCOMMERCE_ACCESS_TOKEN,
    BIGCOMMERCE_CLIENT_SECRET,
    WOOCOMMERCE_CONSUMER_KEY,
    WOOCOMMERCE_CONSUMER_SECRET,
    SQUARESPACE_API_KEY,
    ECWID_SECRET_TOKEN,
    SALEOR_APP_TOKEN,
    COMMERCETOOLS_CLIENT_SECRET,
    MEDUSA_SECRET_API_KEY,
    SWELL_SECRET_KEY,
    ETSY_API_KEY,
    EBAY_CLIENT_SECRET,
    EBAY_OAUTH_TOKEN,
    AMAZON_LWA_CLIENT_SECRET,
    AMAZON_LWA_REFRESH_TOKEN,
    AMAZON_LWA_ACCESS_TOKEN,
    SHIPPO_API_TOKEN,
    EASYPOST_API_KEY,
    SHIPSTATION_API_SECRET,
    PRINTFUL_API_TOKEN,
    GUMROAD_ACCESS_TOKEN,
    LEMON_SQUEEZY_API_KEY,
    PADDLE_API_KEY,
    CHARGEBEE_API_KEY,
    RECURLY_API_KEY,
    ZUORA_CLIENT_SECRET,
)
