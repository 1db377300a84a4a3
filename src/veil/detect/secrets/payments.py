"""Payments: Stripe, Square, Braintree, Adyen, Razorpay, Plaid, Flutterwave, GoCardless."""

from veil.detect.base import Examples, SecretRule, assigned, token
from veil.detect.samples import ALNUM, B64, B64URL, HEX, LOWER_ALNUM, fake

_STRIPE_BODY = fake(99, ALNUM, seed="stripe-sk")
_STRIPE_SHORT = fake(24, ALNUM, seed="stripe-sk-short")

STRIPE_SECRET_KEY = SecretRule(
    id="stripe-secret-key",
    kind="stripe_secret_key",
    regex=token(r"sk_(?:org_)?(?:live|test)_[A-Za-z0-9]{24,247}|sk_org_[A-Za-z0-9]{24,247}"),
    keywords=("sk_live_", "sk_test_", "sk_org_"),
    entropy=3.5,
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

RULES = (
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
)
