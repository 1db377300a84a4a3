"""Payments: Stripe, Square, Braintree, Adyen, Razorpay, Plaid, Flutterwave, GoCardless, PayPal,
Paystack, Mollie, Checkout.com, Xendit, Midtrans, Dwolla."""

import re

from veil.detect.base import UUID, Examples, Rule, SecretRule, assigned, token
from veil.detect.filters import LITERAL
from veil.detect.samples import ALNUM, B64, B64URL, HEX, LOWER_ALNUM, fake, fake_uuid
from veil.detect.shapes import prefixed, service_named
from veil.detect.validators import mixed_case

_STRIPE_BODY = fake(99, ALNUM, seed="stripe-sk")
_STRIPE_SHORT = fake(24, ALNUM, seed="stripe-sk-short")

# Stripe bodies are base62: a body of lower-case hex alone is another issuer's `sk_live_` key
# (Paystack's 40 hex, UploadThing's 64).
_HEX_BODY = re.compile(r"sk_(?:org_)?(?:live_|test_)?[0-9a-f]+")


def _stripe_body(value: str) -> bool:
    return not _HEX_BODY.fullmatch(value)


STRIPE_SECRET_KEY = SecretRule(
    id="stripe-secret-key",
    kind="stripe_secret_key",
    regex=token(r"sk_(?:org_)?(?:live|test)_[A-Za-z0-9]{24,247}|sk_org_[A-Za-z0-9]{24,247}"),
    keywords=("sk_live_", "sk_test_", "sk_org_"),
    entropy=3.5,
    validate=_stripe_body,
    confidence=0.97,
    max_len=264,
    examples=Examples(
        positives=(
            f"STRIPE_SECRET_KEY=sk_live_51{_STRIPE_BODY}",
            f'stripe.api_key = "sk_test_{_STRIPE_SHORT}"',
            f"curl https://api.stripe.com/v1/charges -u sk_live_{_STRIPE_SHORT}:",
        ),
        negatives=(
            f"STRIPE_KEY=pk_live_{_STRIPE_SHORT}",  # publishable key, meant to be public
            f"STRIPE_SECRET_KEY=sk_live_{_STRIPE_SHORT[:16]}",  # too short
            f"PAYSTACK_SECRET_KEY=sk_live_{fake(40, HEX, seed='stripe-not-paystack')}",  # hex
        ),
        documented=(
            "stripe.api_key = 'sk_test_" + "4eC39HqLyjWDarjtT1zdp7dc'",  # Stripe's documented key
            "STRIPE_SECRET_KEY=sk_live_xxxxxxxxxxxxxxxxxxxxxxxx",  # placeholder
        ),
    ),
)

STRIPE_RESTRICTED_KEY = SecretRule(
    id="stripe-restricted-key",
    kind="stripe_restricted_key",
    regex=token(r"rk_(?:live|test)_[A-Za-z0-9]{24,247}"),
    keywords=("rk_live_", "rk_test_"),
    entropy=3.5,
    confidence=0.97,
    max_len=264,
    examples=Examples(
        positives=(
            f"STRIPE_RESTRICTED_KEY=rk_live_51{_STRIPE_BODY}",
            f'{{"stripe": {{"key": "rk_test_{_STRIPE_SHORT}"}}}}',
        ),
        negatives=(
            f"key = rk_live_{_STRIPE_SHORT[:12]}",  # too short
            f"key = rk_prod_{_STRIPE_SHORT}",  # not a Stripe mode
        ),
    ),
)

_WHSEC = "whsec_" + fake(32, ALNUM, seed="stripe-whsec")
_SVIX = "whsec_" + fake(32, B64, seed="svix-whsec")

WEBHOOK_SIGNING_SECRET = SecretRule(
    id="webhook-signing-secret",
    kind="webhook_signing_secret",
    # Stripe's endpoint secrets, and Svix's (Clerk, Resend, ...), which are base64.
    regex=r"(?<![A-Za-z0-9_\-])(?P<secret>whsec_[A-Za-z0-9+/]{32,88}={0,2})(?![A-Za-z0-9+/=_\-])",
    keywords=("whsec_",),
    entropy=3.5,
    confidence=0.95,
    examples=Examples(
        positives=(
            f"STRIPE_WEBHOOK_SECRET={_WHSEC}",
            f'const wh = new Webhook("{_SVIX}");',
        ),
        negatives=(
            f"STRIPE_WEBHOOK_SECRET={_WHSEC[:20]}",  # too short
            "STRIPE_WEBHOOK_SECRET=whsec_...",  # elided
        ),
        documented=(
            "STRIPE_WEBHOOK_SECRET=whsec_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",  # placeholder
        ),
    ),
)

_SQUARE_TOKEN = "EAAA" + fake(60, B64URL, seed="square-eaaa")

SQUARE_ACCESS_TOKEN = SecretRule(
    id="square-access-token",
    kind="square_access_token",
    regex=token(r"EAAA[A-Za-z0-9_\-]{60}"),
    keywords=("square",),
    entropy=4.0,
    confidence=0.85,
    examples=Examples(
        positives=(
            f"SQUARE_ACCESS_TOKEN={_SQUARE_TOKEN}",
            f"const client = new SquareClient({{ token: '{_SQUARE_TOKEN}' }});",
        ),
        negatives=(
            f"fb_token = {_SQUARE_TOKEN}",  # no Square context (Meta tokens share `EAA`)
            f"SQUARE_ACCESS_TOKEN={_SQUARE_TOKEN[:-2]}",  # too short
        ),
        documented=(
            "SQUARE_ACCESS_TOKEN=EAAA" + "A" * 60,  # a run of base64 padding, no entropy
        ),
    ),
)

_SQ0ATP = "sq0atp-" + fake(22, B64URL, seed="square-sq0atp")
_SQ0CSP = "sq0csp-" + fake(43, B64URL, seed="square-sq0csp")

SQUARE_LEGACY_ACCESS_TOKEN = SecretRule(
    id="square-legacy-access-token",
    kind="square_legacy_access_token",
    regex=token(r"sq0atp-[A-Za-z0-9_\-]{22}"),
    keywords=("sq0atp-",),
    entropy=3.5,
    confidence=0.95,
    examples=Examples(
        positives=(
            f"SQUARE_TOKEN={_SQ0ATP}",
            f'square:\n  access_token: "{_SQ0ATP}"',
        ),
        negatives=(
            f"SQUARE_TOKEN={_SQ0ATP[:-4]}",  # too short
            f"SQUARE_APP_ID={_SQ0ATP.replace('sq0atp', 'sq0idp')}",  # application id, public
        ),
    ),
)

SQUARE_APPLICATION_SECRET = SecretRule(
    id="square-application-secret",
    kind="square_application_secret",
    regex=token(r"(?:sandbox-)?sq0cs[pb]-[A-Za-z0-9_\-]{43,44}"),
    keywords=("sq0csp-", "sq0csb-"),
    entropy=4.0,
    confidence=0.97,
    examples=Examples(
        positives=(
            f"SQUARE_APPLICATION_SECRET={_SQ0CSP}",
            f'{{"client_secret": "sandbox-{_SQ0CSP.replace("sq0csp", "sq0csb")}"}}',
        ),
        negatives=(
            f"SQUARE_APPLICATION_SECRET={_SQ0CSP[:-6]}",  # too short
            f"SQUARE_APPLICATION_ID={_SQ0CSP.replace('sq0csp', 'sq0idp')}",  # public id
        ),
    ),
)

_BRAINTREE = (
    f"access_token$production${fake(16, LOWER_ALNUM, seed='bt-merchant')}"
    f"${fake(32, HEX, seed='bt-secret')}"
)

BRAINTREE_ACCESS_TOKEN = SecretRule(
    id="braintree-access-token",
    kind="braintree_access_token",
    regex=token(r"access_token\$(?:production|sandbox)\$[0-9a-z]{16}\$[0-9a-f]{32}"),
    keywords=("access_token$",),
    entropy=3.5,
    confidence=0.97,
    examples=Examples(
        positives=(
            f"BRAINTREE_ACCESS_TOKEN={_BRAINTREE}",
            f'gateway = braintree.BraintreeGateway(access_token="{_BRAINTREE}")',
        ),
        negatives=(
            f"token = {_BRAINTREE[:-8]}",  # secret part too short
            "token = access_token$production$merchantid$secret",  # documentation template
        ),
    ),
)

_ADYEN = (
    "AQE"
    + fake(90, B64, seed="adyen-1")
    + "=-"
    + fake(43, B64, seed="adyen-2")
    + "=-"
    + fake(16, ALNUM, seed="adyen-3")
)

ADYEN_API_KEY = SecretRule(
    id="adyen-api-key",
    kind="adyen_api_key",
    regex=(r"(?<![A-Za-z0-9+/_\-])(?P<secret>AQE[A-Za-z0-9+/=_\-]{60,300})(?![A-Za-z0-9+/=_\-])"),
    keywords=("adyen",),
    entropy=4.5,
    confidence=0.85,
    max_len=320,
    examples=Examples(
        positives=(
            f"ADYEN_API_KEY={_ADYEN}",
            f'const adyen = new Client({{ apiKey: "{_ADYEN}", environment: "LIVE" }});',
        ),
        negatives=(
            f"blob = {_ADYEN}",  # no Adyen context
            f"ADYEN_API_KEY={_ADYEN[:40]}",  # too short
        ),
    ),
)

_RAZORPAY = fake(24, ALNUM, seed="razorpay-secret")

RAZORPAY_KEY_SECRET = SecretRule(
    id="razorpay-key-secret",
    kind="razorpay_key_secret",
    regex=assigned(r"(?i:razorpay[\w.\-]*?secret|key_?secret)", r"[A-Za-z0-9]{24}"),
    keywords=("razorpay",),
    entropy=3.5,
    confidence=0.8,
    examples=Examples(
        positives=(
            f"RAZORPAY_KEY_SECRET={_RAZORPAY}",
            f'client = razorpay.Client(auth=("rzp_live_abc", key_secret="{_RAZORPAY}"))',
        ),
        negatives=(
            f"key_secret = {_RAZORPAY}",  # no Razorpay context
            f"RAZORPAY_KEY_SECRET={_RAZORPAY[:16]}",  # too short
        ),
    ),
)

_PLAID_TOKEN = "access-production-" + "-".join(
    fake(n, HEX, seed=f"plaid-{i}") for i, n in enumerate((8, 4, 4, 4, 12))
)
_PLAID_SECRET = fake(30, HEX, seed="plaid-secret")
_PLAID_ITEM = fake(37, ALNUM, seed="plaid-item")

PLAID_ACCESS_TOKEN = SecretRule(
    id="plaid-access-token",
    kind="plaid_access_token",
    regex=token(
        r"access-(?:sandbox|development|production)-"
        r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"
    ),
    keywords=("access-sandbox-", "access-development-", "access-production-"),
    confidence=0.95,
    examples=Examples(
        positives=(
            f"PLAID_ACCESS_TOKEN={_PLAID_TOKEN}",
            f'{{"access_token": "{_PLAID_TOKEN}", "item_id": "{_PLAID_ITEM}"}}',
        ),
        negatives=(
            f"token = {_PLAID_TOKEN.replace('production', 'staging')}",  # not a Plaid environment
            f"token = {_PLAID_TOKEN[:-4]}",  # truncated
        ),
    ),
)

PLAID_SECRET = SecretRule(
    id="plaid-secret",
    kind="plaid_secret",
    regex=assigned(r"(?i:plaid[\w.\-]*?secret)", r"[a-f0-9]{30}"),
    keywords=("plaid",),
    entropy=3.0,
    confidence=0.85,
    examples=Examples(
        positives=(
            f"PLAID_SECRET={_PLAID_SECRET}",
            f'plaid_secret: "{_PLAID_SECRET}"',
        ),
        negatives=(
            f"PLAID_SECRET={_PLAID_SECRET[:24]}",  # too short
            "PLAID_SECRET=${PLAID_SECRET}",  # reference
        ),
    ),
)

_FLW = f"FLWSECK-{fake(32, HEX, seed='flutterwave')}-X"

FLUTTERWAVE_SECRET_KEY = SecretRule(
    id="flutterwave-secret-key",
    kind="flutterwave_secret_key",
    regex=token(r"FLWSECK(?:_TEST)?-[0-9a-fA-F]{32}-X"),
    keywords=("flwseck",),
    entropy=3.0,
    confidence=0.97,
    examples=Examples(
        positives=(
            f"FLW_SECRET_KEY={_FLW}",
            f"const flw = new Flutterwave(PUBLIC, '{_FLW.replace('FLWSECK', 'FLWSECK_TEST')}');",
        ),
        negatives=(
            f"FLW_PUBLIC_KEY={_FLW.replace('FLWSECK', 'FLWPUBK')}",  # public key
            f"FLW_SECRET_KEY={_FLW[:-10]}-X",  # too short
        ),
    ),
)

_GOCARDLESS = "live_" + fake(40, B64URL, seed="gocardless")

GOCARDLESS_ACCESS_TOKEN = SecretRule(
    id="gocardless-access-token",
    kind="gocardless_access_token",
    regex=token(r"(?:live|sandbox)_[A-Za-z0-9_\-=]{40}"),
    keywords=("gocardless",),
    entropy=4.0,
    confidence=0.85,
    examples=Examples(
        positives=(
            f"GOCARDLESS_ACCESS_TOKEN={_GOCARDLESS}",
            f'client = gocardless_pro.Client(access_token="{_GOCARDLESS}", environment="live")',
        ),
        negatives=(
            f"token = {_GOCARDLESS}",  # no GoCardless context
            f"GOCARDLESS_ACCESS_TOKEN={_GOCARDLESS[:30]}",  # too short
        ),
    ),
)
# --- More processors

# Paystack: secret keys are `sk_live_`/`sk_test_` and 40 hex (`pk_` keys are public).
_PAYSTACK = "sk_live_" + fake(40, HEX, seed="paystack")

PAYSTACK_SECRET_KEY = prefixed(
    kind="paystack_secret_key",
    body=r"sk_(?:live|test)_[0-9a-f]{40}",
    sample=_PAYSTACK,
    keywords=("sk_live_", "sk_test_"),
    env="PAYSTACK_SECRET_KEY",
    confidence=0.98,
    positives=(
        f"curl https://api.paystack.co/transaction -H 'Authorization: Bearer "
        f"sk_test_{_PAYSTACK[8:]}'",
    ),
    negatives=(f"PAYSTACK_PUBLIC_KEY=pk_live_{_PAYSTACK[8:]}",),  # public key
)

# Mollie: API keys are `live_`/`test_` and 30 alphanumerics; OAuth and organization access tokens
# `access_` and 40. Both prefixes are common words, so a Mollie name must be near.
_MOLLIE = "live_" + fake(30, ALNUM, seed="mollie")
_MOLLIE_ACCESS = "access_" + fake(40, ALNUM, seed="mollie-access")

MOLLIE_API_KEY = SecretRule(
    id="mollie-api-key",
    kind="mollie_api_key",
    regex=token(r"(?:live|test)_[A-Za-z0-9]{30}"),
    keywords=("mollie",),
    entropy=3.5,
    validate=lambda v: mixed_case(v[5:], 10),
    confidence=0.9,
    examples=Examples(
        positives=(
            f"MOLLIE_API_KEY={_MOLLIE}",
            f"mollie_client.set_api_key('test_{_MOLLIE[5:]}')",
        ),
        negatives=(
            f"API_KEY={_MOLLIE}",  # no Mollie context
            f"MOLLIE_API_KEY={_MOLLIE[:-4]}",  # too short
            f"MOLLIE_PROFILE_ID=pfl_{_MOLLIE[5:15]}",  # an identifier
        ),
    ),
)

MOLLIE_ACCESS_TOKEN = SecretRule(
    id="mollie-access-token",
    kind="mollie_access_token",
    regex=token(r"access_[A-Za-z0-9]{40}"),
    keywords=("mollie",),
    entropy=3.5,
    validate=lambda v: mixed_case(v[7:], 10),
    confidence=0.9,
    examples=Examples(
        positives=(
            f"MOLLIE_ACCESS_TOKEN={_MOLLIE_ACCESS}",
            f"curl https://api.mollie.com/v2/organizations/me -H 'Authorization: Bearer "
            f"{_MOLLIE_ACCESS}'",
        ),
        negatives=(
            f"token = {_MOLLIE_ACCESS}",  # no Mollie context
            f"MOLLIE_ACCESS_TOKEN={_MOLLIE_ACCESS[:-8]}",  # too short
        ),
    ),
)

# Checkout.com: secret keys are `sk_sbox_` (sandbox) or `sk_` (production) and about 26 lower-case
# base32 characters; the previous generation is `sk_test_`/`sk_` and a UUID.
_CKO = "sk_sbox_" + fake(27, "abcdefghijklmnopqrstuvwxyz234567", seed="checkout")
_CKO_OLD = "sk_test_" + fake_uuid("checkout-old")

CHECKOUT_COM_SECRET_KEY = SecretRule(
    id="checkout-com-secret-key",
    kind="checkout_com_secret_key",
    regex=token(rf"sk_(?:sbox_)?[a-z2-7]{{26,28}}|sk_(?:test_)?{UUID}"),
    keywords=("sk_sbox_", "checkout", "cko"),
    entropy=3.5,
    filters=LITERAL,
    confidence=0.9,
    examples=Examples(
        positives=(
            f"CKO_SECRET_KEY={_CKO}",
            f"api = CheckoutSdk.builder().secret_key('{_CKO_OLD}').build()",
            f"CHECKOUT_SECRET_KEY=sk_{_CKO[8:]}",
        ),
        negatives=(
            f"CKO_PUBLIC_KEY=pk_sbox_{_CKO[8:]}",  # public key
            f"KEY=sk_{_CKO[8:]}",  # no Checkout.com context, no sandbox prefix
            f"CKO_SECRET_KEY={_CKO[:20]}",  # too short
        ),
    ),
)

# Xendit: secret API keys are `xnd_development_`/`xnd_production_` and about 60 alphanumerics;
# `xnd_public_` keys are public.
_XENDIT = "xnd_production_" + fake(60, ALNUM, seed="xendit")

XENDIT_SECRET_KEY = prefixed(
    kind="xendit_secret_key",
    body=r"xnd_(?:development|production)_[A-Za-z0-9]{50,80}",
    sample=_XENDIT,
    keywords=("xnd_development_", "xnd_production_"),
    env="XENDIT_SECRET_KEY",
    confidence=0.98,
    positives=(f"curl https://api.xendit.co/balance -u {_XENDIT}:",),
    negatives=(f"XENDIT_PUBLIC_KEY=xnd_public_production_{_XENDIT[15:]}",),  # public key
)

# Midtrans: server keys are `Mid-server-` (sandbox `SB-Mid-server-`) and 24 base64url characters;
# `Mid-client-` keys are public.
_MIDTRANS = "Mid-server-" + fake(24, B64URL, seed="midtrans")

MIDTRANS_SERVER_KEY = prefixed(
    kind="midtrans_server_key",
    body=r"(?:SB-)?Mid-server-[A-Za-z0-9_\-]{24}",
    sample=_MIDTRANS,
    keywords=("mid-server-",),
    env="MIDTRANS_SERVER_KEY",
    confidence=0.97,
    positives=(f"snap = midtransclient.Snap(is_production=False, server_key='SB-{_MIDTRANS}')",),
    negatives=(f"MIDTRANS_CLIENT_KEY=Mid-client-{_MIDTRANS[11:]}",),  # client key, public
)

# Braintree: API credentials are a merchant ID, a public key and a private key (32 hex).
_BT_PRIVATE = fake(32, HEX, seed="braintree-private")

BRAINTREE_PRIVATE_KEY = service_named(
    kind="braintree_private_key",
    service="braintree",
    key=r"private_?key",
    value=r"[0-9a-f]{32}",
    sample=_BT_PRIVATE,
    env="BRAINTREE_PRIVATE_KEY",
    confidence=0.85,
    positives=(f'braintree:\n  private_key: "{_BT_PRIVATE}"',),
    negatives=(f"BRAINTREE_PUBLIC_KEY={_BT_PRIVATE[:16]}",),  # public key
)

# PayPal: REST apps have a client ID and an 80-character secret (base64url); OAuth access tokens
# start `A21AA`.
_PAYPAL_SECRET = "E" + fake(79, B64URL, seed="paypal-secret")
_PAYPAL_TOKEN = "A21AA" + fake(92, B64URL, seed="paypal-token")

PAYPAL_CLIENT_SECRET = service_named(
    kind="paypal_client_secret",
    service="paypal",
    key=r"(?:client_?|app_?)?secret",
    value=r"[A-Za-z0-9_\-]{80}",
    sample=_PAYPAL_SECRET,
    env="PAYPAL_CLIENT_SECRET",
    validate=lambda v: mixed_case(v, 10),
    confidence=0.85,
    positives=(f'paypal:\n  client_secret: "{_PAYPAL_SECRET}"',),
    negatives=(f"PAYPAL_CLIENT_ID={_PAYPAL_SECRET}",),  # the client ID, public
)

PAYPAL_ACCESS_TOKEN = prefixed(
    kind="paypal_access_token",
    body=r"A21AA[A-Za-z0-9_\-]{80,200}",
    sample=_PAYPAL_TOKEN,
    keywords=("a21aa",),
    env="PAYPAL_ACCESS_TOKEN",
    entropy=4.0,
    validate=lambda v: mixed_case(v, 10),
    positives=(
        f"curl https://api-m.paypal.com/v2/checkout/orders -H 'Authorization: Bearer "
        f"{_PAYPAL_TOKEN}'",
    ),
    negatives=("sha = A21AA" + fake(64, HEX, seed="paypal-hex").upper(),),  # upper-case hex
)

# Plaid: processor tokens hand an Item to a partner: `processor-<environment>-` and a UUID.
_PLAID_PROCESSOR = "processor-production-" + fake_uuid("plaid-processor")

PLAID_PROCESSOR_TOKEN = prefixed(
    kind="plaid_processor_token",
    body=rf"processor-(?:sandbox|development|production)-{UUID}",
    sample=_PLAID_PROCESSOR,
    keywords=("processor-sandbox-", "processor-development-", "processor-production-"),
    env="PLAID_PROCESSOR_TOKEN",
    positives=(f'{{"processor_token": "{_PLAID_PROCESSOR.replace("production", "sandbox")}"}}',),
)

# Adyen: webhook HMAC keys are 64 hex, under an Adyen name.
_ADYEN_HMAC = fake(64, HEX, seed="adyen-hmac").upper()

ADYEN_HMAC_KEY = service_named(
    kind="adyen_hmac_key",
    service="adyen",
    key=r"(?:webhook_?)?hmac_?(?:key|secret)",
    value=r"[0-9A-Fa-f]{64}",
    sample=_ADYEN_HMAC,
    env="ADYEN_HMAC_KEY",
    confidence=0.85,
    positives=(f'adyen:\n  webhook_hmac_key: "{_ADYEN_HMAC}"',),
    negatives=(f"ADYEN_MERCHANT_ACCOUNT={_ADYEN_HMAC[:20]}",),
)

# Dwolla: an application's key and secret are 50 alphanumerics each.
_DWOLLA = fake(50, ALNUM, seed="dwolla")

DWOLLA_API_SECRET = service_named(
    kind="dwolla_api_secret",
    service="dwolla",
    key=r"(?:api_?|app_?|client_?)?secret",
    value=r"[A-Za-z0-9]{50}",
    sample=_DWOLLA,
    env="DWOLLA_APP_SECRET",
    validate=lambda v: mixed_case(v, 10),
    confidence=0.8,
    positives=(f'{{"dwolla": {{"key": "k", "secret": "{_DWOLLA}"}}}}',),
)


RULES: tuple[Rule, ...] = (
    STRIPE_SECRET_KEY,
    STRIPE_RESTRICTED_KEY,
    WEBHOOK_SIGNING_SECRET,
    SQUARE_ACCESS_TOKEN,
    SQUARE_LEGACY_ACCESS_TOKEN,
    SQUARE_APPLICATION_SECRET,
    BRAINTREE_ACCESS_TOKEN,
    ADYEN_API_KEY,
    RAZORPAY_KEY_SECRET,
    PLAID_ACCESS_TOKEN,
    PLAID_SECRET,
    FLUTTERWAVE_SECRET_KEY,
    GOCARDLESS_ACCESS_TOKEN,
    PAYSTACK_SECRET_KEY,
    MOLLIE_API_KEY,
    MOLLIE_ACCESS_TOKEN,
    CHECKOUT_COM_SECRET_KEY,
    XENDIT_SECRET_KEY,
    MIDTRANS_SERVER_KEY,
    BRAINTREE_PRIVATE_KEY,
    PAYPAL_CLIENT_SECRET,
    PAYPAL_ACCESS_TOKEN,
    PLAID_PROCESSOR_TOKEN,
    ADYEN_HMAC_KEY,
    DWOLLA_API_SECRET,
)
