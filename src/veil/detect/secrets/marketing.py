"""Marketing, e-mail delivery, forms and site builders: their API keys.

Mailchimp, SendGrid, Mailgun, Postmark, Brevo and Mailjet are in `comms`; Pusher in `chat`;
Segment in `content`.
"""

from __future__ import annotations

import base64
import binascii
import json

from veil.detect.base import UUID, Examples, Rule, SecretRule, assigned, named, token
from veil.detect.filters import LITERAL
from veil.detect.samples import (
    ALNUM,
    B64URL,
    HEX,
    LOWER,
    UPPER_ALNUM,
    b64json,
    fake,
    fake_uuid,
)
from veil.detect.shapes import prefixed, service_named
from veil.detect.validators import looks_random

_VALUE_CHARS = r"[A-Za-z0-9_\-+/=]"
# A signed JWT: header and claims are base64url JSON objects (`eyJ`), then a signature.
_JWT = r"eyJ[A-Za-z0-9_\-]{10,1000}\.eyJ[A-Za-z0-9_\-]{10,4000}\.[A-Za-z0-9_\-]{20,1000}"


def _is_signed_jwt(value: str) -> bool:
    """A JWT whose header is a JSON object naming a real signing algorithm (not `none`)."""
    head = value.split(".", 1)[0]
    try:
        header = json.loads(base64.urlsafe_b64decode(head + "=" * (-len(head) % 4)))
    except (binascii.Error, ValueError, UnicodeDecodeError):
        return False
    return isinstance(header, dict) and str(header.get("alg", "none")).lower() != "none"


def _letters_and_digits(value: str) -> bool:
    """A random body after the prefix: letters and digits both, not a word or a number."""
    body = value.split("_", 1)[1]
    return any(c.isdigit() for c in body) and any(c.isalpha() for c in body)


def _jwt_sample(seed: str, claims: dict[str, object], alg: str = "HS256") -> str:
    header = b64json({"alg": alg, "typ": "JWT"}, url=True).rstrip("=")
    body = b64json(claims, url=True).rstrip("=")
    return f"{header}.{body}.{fake(43, B64URL, seed=f'{seed}-sig')}"


# --- Prefixed keys

# Resend: API keys are `re_`, 8 alphanumerics (the key's ID), `_` and 24 more.
_RESEND = f"re_{fake(8, ALNUM, seed='resend-id')}_{fake(24, ALNUM, seed='resend')}"

RESEND_API_KEY = prefixed(
    kind="resend_api_key",
    body=r"re_[A-Za-z0-9]{8}_[A-Za-z0-9]{24}",
    sample=_RESEND,
    keywords=("re_",),
    env="RESEND_API_KEY",
    entropy=3.5,
    validate=lambda v: looks_random(v[3:]),  # not `re_compile_...` identifiers
    confidence=0.95,
    positives=(
        f"const resend = new Resend('{_RESEND}');",
        f"curl https://api.resend.com/emails -H 'Authorization: Bearer {_RESEND}'",
    ),
    negatives=("re_findall_patterns_orderedByDefaultLengths = 3",),  # an identifier
)

# Typeform: personal access tokens are `tfp_` and a long random body of letters and digits (with
# `_`, `-`, `.`, `=`).
_TYPEFORM = f"tfp_{fake(44, ALNUM, seed='typeform-1')}_{fake(14, ALNUM, seed='typeform-2')}"

TYPEFORM_PAT = SecretRule(
    id="typeform-pat",
    kind="typeform_pat",
    regex=token(r"tfp_[A-Za-z0-9_\-.=]{40,80}"),
    keywords=("tfp_",),
    entropy=3.5,
    validate=_letters_and_digits,
    filters=LITERAL,
    confidence=0.96,
    examples=Examples(
        positives=(
            f"TYPEFORM_TOKEN={_TYPEFORM}",
            f"curl https://api.typeform.com/forms -H 'Authorization: Bearer {_TYPEFORM}'",
            f"TYPEFORM_PERSONAL_TOKEN=tfp_{fake(40, HEX, seed='typeform-hex')}",
        ),
        negatives=(
            f"TYPEFORM_TOKEN={_TYPEFORM[:30]}",  # too short
            f"TYPEFORM_TOKEN=xtfp_{_TYPEFORM[4:]}",  # inside a longer token
        ),
    ),
)

# Kit (formerly ConvertKit): v4 API keys are `kit_` and 32 hex digits.
_KIT = "kit_" + fake(32, HEX, seed="kit")

KIT_API_KEY = prefixed(
    kind="kit_api_key",
    body=r"kit_[0-9a-f]{32}",
    sample=_KIT,
    keywords=("kit_",),
    env="KIT_API_KEY",
    confidence=0.95,
    positives=(
        f"curl https://api.kit.com/v4/subscribers -H 'X-Kit-Api-Key: {_KIT}'",
        f"CONVERTKIT_API_KEY={_KIT}",
    ),
    negatives=(f"asset = 'kit_{fake(32, LOWER, seed='kit-word')}'",),  # not hex
)

# Klaviyo: private API keys are `pk_` and 34 alphanumerics (`Authorization: Klaviyo-API-Key`);
# the 6-character public key (site ID) is meant for browsers.
_KLAVIYO = "pk_" + fake(34, ALNUM, seed="klaviyo")

KLAVIYO_PRIVATE_API_KEY = prefixed(
    kind="klaviyo_private_api_key",
    body=r"pk_[A-Za-z0-9]{34}",
    sample=_KLAVIYO,
    keywords=("pk_",),
    env="KLAVIYO_PRIVATE_API_KEY",
    entropy=3.5,
    confidence=0.9,
    positives=(
        f"curl https://a.klaviyo.com/api/lists/ -H 'Authorization: Klaviyo-API-Key {_KLAVIYO}'",
        f"klaviyo = KlaviyoAPI('{_KLAVIYO}', max_delay=60, max_retries=3)",
    ),
    negatives=(
        f"STRIPE_PUBLISHABLE_KEY=pk_live_{fake(34, ALNUM, seed='klaviyo')}",  # Stripe's
        "KLAVIYO_PUBLIC_KEY=Ab3xYz",  # the site ID
    ),
)

# OneSignal: REST API keys are `os_v2_app_` (app keys) or `os_v2_org_` (organization keys) and
# lower-case base32; legacy keys were 48 base64 characters, known by the OneSignal name.
_ONESIGNAL = "os_v2_app_" + fake(103, "abcdefghijklmnopqrstuvwxyz234567", seed="onesignal")

ONESIGNAL_API_KEY = prefixed(
    kind="onesignal_api_key",
    body=r"os_v2_(?:app|org)_[a-z2-7]{100,140}",
    sample=_ONESIGNAL,
    keywords=("os_v2_app_", "os_v2_org_"),
    env="ONESIGNAL_REST_API_KEY",
    confidence=0.97,
    positives=(
        f"curl https://api.onesignal.com/notifications -H 'Authorization: Key {_ONESIGNAL}'",
        f"ONESIGNAL_ORG_API_KEY={_ONESIGNAL.replace('_app_', '_org_')}",
    ),
    negatives=(f"ONESIGNAL_APP_ID={fake_uuid('onesignal')}",),  # the app ID is public
)

_ONESIGNAL_LEGACY = fake(48, ALNUM, seed="onesignal-legacy")

ONESIGNAL_LEGACY_API_KEY = SecretRule(
    id="onesignal-legacy-api-key",
    kind="onesignal_api_key",
    regex=assigned(
        named("onesignal|one_signal", r"(?:rest_?api_?key|api_?key|auth_?key|key)"),
        r"[A-Za-z0-9+/]{48}",
        _VALUE_CHARS,
    ),
    keywords=("onesignal", "one_signal"),
    entropy=4.0,
    confidence=0.8,
    examples=Examples(
        positives=(
            f"ONESIGNAL_REST_API_KEY={_ONESIGNAL_LEGACY}",
            f'onesignal:\n  rest_api_key: "{_ONESIGNAL_LEGACY}"',
        ),
        negatives=(
            f"ONESIGNAL_REST_API_KEY={_ONESIGNAL_LEGACY[:30]}",  # too short
            f"REST_API_KEY={_ONESIGNAL_LEGACY}",  # no OneSignal named
        ),
    ),
)

# MailerSend: API tokens are `mlsn.` and 64 hex digits.
_MAILERSEND = "mlsn." + fake(64, HEX, seed="mailersend")

MAILERSEND_API_TOKEN = prefixed(
    kind="mailersend_api_token",
    body=r"mlsn\.[0-9a-f]{64}",
    sample=_MAILERSEND,
    keywords=("mlsn.",),
    env="MAILERSEND_API_KEY",
    confidence=0.97,
    positives=(
        f"curl https://api.mailersend.com/v1/email -H 'Authorization: Bearer {_MAILERSEND}'",
    ),
    negatives=(f"MAILERSEND_API_KEY=mlsn{fake(64, HEX, seed='mailersend')}",),  # no dot
)

# --- Keys known by the service's name

# Mandrill (Mailchimp Transactional): API keys are 22 base64url characters, newer ones `md-` first.
_MANDRILL = "md-" + fake(22, B64URL, seed="mandrill")

MANDRILL_API_KEY = service_named(
    kind="mandrill_api_key",
    service=r"mandrill|mailchimp_?transactional",
    keywords=("mandrill", "mailchimp_transactional", "mailchimptransactional"),
    value=r"(?:md-)?[A-Za-z0-9_\-]{22}",
    sample=_MANDRILL,
    env="MANDRILL_API_KEY",
    entropy=3.5,
    positives=(
        f"MAILCHIMP_TRANSACTIONAL_API_KEY={fake(22, B64URL, seed='mandrill-old')}",
        f'const mandrillKey = "{_MANDRILL}";',
    ),
)

# SparkPost: API keys are 40 hex digits (the `Authorization` header, no scheme).
_SPARKPOST = fake(40, HEX, seed="sparkpost")

SPARKPOST_API_KEY = service_named(
    kind="sparkpost_api_key",
    service="sparkpost|spark_post",
    keywords=("sparkpost", "spark_post"),
    value=r"[0-9a-f]{40}",
    sample=_SPARKPOST,
    env="SPARKPOST_API_KEY",
    positives=(f'{{"sparkpostApiKey": "{_SPARKPOST}"}}',),
)

# Customer.io: the Track API key is 20 hex digits (with the site ID, 20 hex too), the App API key
# (bearer) 32 hex digits.
_CUSTOMERIO = fake(32, HEX, seed="customerio")

CUSTOMERIO_API_KEY = service_named(
    kind="customerio_api_key",
    service=r"customer_?io|customerio",
    keywords=("customer_io", "customerio", "customer.io", "customer-io"),
    key=r"(?:(?:app_?|track_?|tracking_?)?api_?key|key|token|secret)",
    value=r"(?:[0-9a-f]{32}|[0-9a-f]{20})",
    sample=_CUSTOMERIO,
    env="CUSTOMERIO_APP_API_KEY",
    positives=(
        f"CUSTOMER_IO_TRACK_API_KEY={fake(20, HEX, seed='customerio-track')}",
        f'customerio:\n  api_key: "{_CUSTOMERIO}"',
    ),
    negatives=(f"CUSTOMERIO_SITE_ID={fake(20, HEX, seed='customerio-site')}",),
)

# Braze: REST API keys are UUIDs (`Authorization: Bearer`); app identifiers are UUIDs too.
_BRAZE = fake_uuid("braze")

BRAZE_REST_API_KEY = service_named(
    kind="braze_rest_api_key",
    service="braze|appboy",
    key=r"(?:(?:rest_?)?api_?key|key|token)",
    value=UUID,
    sample=_BRAZE,
    env="BRAZE_REST_API_KEY",
    positives=(f'braze:\n  api_key: "{_BRAZE}"\n  instance_url: https://rest.iad-01.braze.com',),
    negatives=(f"BRAZE_APP_ID={_BRAZE}",),  # an identifier
)

# Iterable: API keys are 32 hex digits (`Api-Key` header).
_ITERABLE = fake(32, HEX, seed="iterable")

ITERABLE_API_KEY = service_named(
    kind="iterable_api_key",
    service="iterable",
    key=r"(?:api_?key|server_?key|key|token)",
    value=r"[0-9a-f]{32}",
    sample=_ITERABLE,
    env="ITERABLE_API_KEY",
    positives=(f'iterable:\n  api_key: "{_ITERABLE}"',),
)

# ConvertKit (v3 API): the API secret is 43 base64url characters (the v3 API key is public).
_CONVERTKIT = fake(43, B64URL, seed="convertkit")

CONVERTKIT_API_SECRET = service_named(
    kind="convertkit_api_secret",
    service=r"convert_?kit|(?<![A-Za-z])kit",
    keywords=("convertkit", "convert_kit", "kit"),
    key=r"(?:api_?secret|secret)",
    value=r"[A-Za-z0-9_\-]{43}",
    sample=_CONVERTKIT,
    env="CONVERTKIT_API_SECRET",
    entropy=4.0,
    positives=(f"KIT_API_SECRET={_CONVERTKIT}",),
    negatives=(f"TOOLKIT_SECRET={fake(43, LOWER, seed='convertkit-word')}",),
)

# ActiveCampaign: API keys are 72 hex digits (`Api-Token` header).
_ACTIVECAMPAIGN = fake(72, HEX, seed="activecampaign")

ACTIVECAMPAIGN_API_KEY = service_named(
    kind="activecampaign_api_key",
    service=r"active_?campaign",
    keywords=("activecampaign", "active_campaign"),
    key=r"(?:api_?key|api_?token|key|token)",
    value=r"[0-9a-f]{72}",
    sample=_ACTIVECAMPAIGN,
    env="ACTIVECAMPAIGN_API_KEY",
    positives=(
        f'{{"activecampaign": {{"url": "https://acme.api-us1.com", "key": "{_ACTIVECAMPAIGN}"}}}}',
    ),
)

# Drip: API tokens are 32 hex digits (HTTP Basic user name).
_DRIP = fake(32, HEX, seed="drip")

DRIP_API_TOKEN = service_named(
    kind="drip_api_token",
    service="drip",
    key=r"(?:api_?token|api_?key|token|key)",
    value=r"[0-9a-f]{32}",
    sample=_DRIP,
    env="DRIP_API_TOKEN",
    positives=(f'drip:\n  api_token: "{_DRIP}"',),
)

# MailerLite: API tokens of the current API are long JWTs; classic keys were 32 hex digits.
_MAILERLITE = _jwt_sample(
    "mailerlite",
    {"aud": "4", "jti": fake(80, HEX, seed="ml-jti"), "iat": 1714000000, "sub": "123456"},
    alg="RS256",
)
_MAILERLITE_CLASSIC = fake(32, HEX, seed="mailerlite-classic")

MAILERLITE_API_TOKEN = SecretRule(
    id="mailerlite-api-token",
    kind="mailerlite_api_token",
    regex=assigned(
        named("mailer_?lite", r"(?:api_?key|api_?token|token|key)"),
        rf"(?:{_JWT}|[0-9a-f]{{32}})",
        _VALUE_CHARS,
    ),
    keywords=("mailerlite", "mailer_lite"),
    validate=lambda v: not v.startswith("eyJ") or _is_signed_jwt(v),
    confidence=0.93,  # above the plain JWT rule's 0.9
    max_len=8192,
    examples=Examples(
        positives=(
            f"MAILERLITE_API_KEY={_MAILERLITE}",
            f'mailerlite = MailerLite.Client({{"api_key": "{_MAILERLITE}"}})',
            f"MAILERLITE_API_KEY={_MAILERLITE_CLASSIC}",
        ),
        negatives=(
            f"MAILERLITE_API_KEY={_MAILERLITE_CLASSIC[:20]}",  # too short
            f"API_KEY={_MAILERLITE_CLASSIC}",  # no MailerLite named
            f"MAILERLITE_API_KEY={_MAILERLITE.rsplit('.', 1)[0]}",  # no signature
        ),
    ),
)

# Moosend: API keys are UUIDs (`apikey=` query parameter).
_MOOSEND = fake_uuid("moosend")

MOOSEND_API_KEY = service_named(
    kind="moosend_api_key",
    service="moosend",
    value=UUID,
    sample=_MOOSEND,
    env="MOOSEND_API_KEY",
)

# Omnisend: API keys are the 24-hex brand ID, `-` and 50 alphanumerics (`X-API-KEY`).
_OMNISEND = f"{fake(24, HEX, seed='omnisend-brand')}-{fake(50, ALNUM, seed='omnisend')}"

OMNISEND_API_KEY = service_named(
    kind="omnisend_api_key",
    service="omnisend",
    value=r"[0-9a-f]{24}-[A-Za-z0-9]{50}",
    sample=_OMNISEND,
    env="OMNISEND_API_KEY",
    entropy=4.0,
)

# Loops: API keys are 32 hex digits (`Authorization: Bearer`).
_LOOPS = fake(32, HEX, seed="loops")

LOOPS_API_KEY = service_named(
    kind="loops_api_key",
    service=r"loops(?:_?so)?",
    keywords=("loops",),
    value=r"[0-9a-f]{32}",
    sample=_LOOPS,
    env="LOOPS_API_KEY",
    positives=(f'{{"loopsApiKey": "{_LOOPS}"}}',),
)

# Webflow: site and workspace API tokens are 64 hex digits.
_WEBFLOW = fake(64, HEX, seed="webflow")

WEBFLOW_API_TOKEN = service_named(
    kind="webflow_api_token",
    service="webflow",
    key=r"(?:api_?token|access_?token|site_?token|api_?key|token|key)",
    value=r"[0-9a-f]{64}",
    sample=_WEBFLOW,
    env="WEBFLOW_API_TOKEN",
    positives=(f"webflow = Webflow(access_token='{_WEBFLOW}')",),
)

# Airship (Urban Airship): an app's master secret is 22 base64url characters; the app key, also
# 22, is its public half.
_AIRSHIP = fake(22, B64URL, seed="airship")

AIRSHIP_MASTER_SECRET = service_named(
    kind="airship_master_secret",
    service=r"urban_?airship|airship|uairship",
    keywords=("airship",),
    key=r"(?:(?:app_?)?master_?secret|secret)",
    value=r"[A-Za-z0-9_\-]{22}",
    sample=_AIRSHIP,
    env="AIRSHIP_MASTER_SECRET",
    entropy=3.5,
    positives=(f'airship:\n  app_master_secret: "{_AIRSHIP}"',),
    negatives=(f"AIRSHIP_APP_KEY={_AIRSHIP}",),  # the public half
)

# Calendly: personal access tokens are JWTs (HS256).
_CALENDLY = _jwt_sample(
    "calendly",
    {"iss": "https://auth.calendly.com", "iat": 1714000000, "jti": fake_uuid("calendly-jti")},
)

CALENDLY_PAT = SecretRule(
    id="calendly-pat",
    kind="calendly_pat",
    regex=assigned(
        named(
            "calendly",
            r"(?:api_?key|api_?token|(?:personal_?)?access_?token|pat|token|key)",
        ),
        _JWT,
        _VALUE_CHARS,
    ),
    keywords=("calendly",),
    validate=_is_signed_jwt,
    confidence=0.93,
    max_len=8192,
    examples=Examples(
        positives=(
            f"CALENDLY_API_TOKEN={_CALENDLY}",
            f'calendly:\n  personal_access_token: "{_CALENDLY}"',
        ),
        negatives=(
            f"ID_TOKEN={_CALENDLY}",  # no Calendly named: the JWT rule's
            f"CALENDLY_API_TOKEN={_CALENDLY.rsplit('.', 1)[0]}",  # no signature
        ),
    ),
)

# Eventbrite: private OAuth tokens are 20 upper-case alphanumerics.
_EVENTBRITE = fake(20, UPPER_ALNUM, seed="eventbrite")

EVENTBRITE_PRIVATE_TOKEN = service_named(
    kind="eventbrite_private_token",
    service="eventbrite",
    key=r"(?:private_?token|oauth_?token|api_?key|token|key)",
    value=r"[A-Z0-9]{20}",
    sample=_EVENTBRITE,
    env="EVENTBRITE_PRIVATE_TOKEN",
    positives=(f'{{"eventbrite": {{"private_token": "{_EVENTBRITE}"}}}}',),
    negatives=(f"EVENTBRITE_ORGANIZER_ID={fake(12, '0123456789', seed='eb-org')}",),
)

# Jotform: API keys are 32 hex digits (`APIKEY` header, `apiKey=` query parameter).
_JOTFORM = fake(32, HEX, seed="jotform")

JOTFORM_API_KEY = service_named(
    kind="jotform_api_key",
    service="jotform",
    value=r"[0-9a-f]{32}",
    sample=_JOTFORM,
    env="JOTFORM_API_KEY",
    positives=(f"curl 'https://api.jotform.com/user/forms?apiKey={_JOTFORM}'",),
)

# Unbounce: API keys are 32 hex digits (HTTP Basic user name).
_UNBOUNCE = fake(32, HEX, seed="unbounce")

UNBOUNCE_API_KEY = service_named(
    kind="unbounce_api_key",
    service="unbounce",
    value=r"[0-9a-f]{32}",
    sample=_UNBOUNCE,
    env="UNBOUNCE_API_KEY",
)

# Buffer: access tokens are `1/` and 32 hex digits.
_BUFFER = "1/" + fake(32, HEX, seed="buffer")

BUFFER_ACCESS_TOKEN = SecretRule(
    id="buffer-access-token",
    kind="buffer_access_token",
    regex=assigned(
        named("buffer", r"(?:access_?token|api_?token|api_?key|token)"), r"1/[0-9a-f]{32}"
    ),
    keywords=("buffer",),
    entropy=3.0,
    confidence=0.85,
    examples=Examples(
        positives=(
            f"BUFFER_ACCESS_TOKEN={_BUFFER}",
            f'buffer:\n  access_token: "{_BUFFER}"',
        ),
        negatives=(
            f"BUFFER_SIZE_TOKEN=1/{fake(16, HEX, seed='buffer')}",  # too short
            f"ACCESS_TOKEN={_BUFFER}",  # no Buffer named
        ),
    ),
)

# SendPulse: REST API credentials are an ID and a secret of 32 hex digits.
_SENDPULSE = fake(32, HEX, seed="sendpulse")

SENDPULSE_CLIENT_SECRET = service_named(
    kind="sendpulse_client_secret",
    service=r"send_?pulse",
    keywords=("sendpulse", "send_pulse"),
    key=r"(?:(?:client_?|api_?|rest_?)?secret)",
    value=r"[0-9a-f]{32}",
    sample=_SENDPULSE,
    env="SENDPULSE_CLIENT_SECRET",
    positives=(f'sendpulse:\n  secret: "{_SENDPULSE}"',),
    negatives=(f"SENDPULSE_CLIENT_ID={_SENDPULSE}",),
)

RULES: tuple[Rule, ...] = (
    RESEND_API_KEY,
    TYPEFORM_PAT,
    KIT_API_KEY,
    KLAVIYO_PRIVATE_API_KEY,
    ONESIGNAL_API_KEY,
    ONESIGNAL_LEGACY_API_KEY,
    MAILERSEND_API_TOKEN,
    MANDRILL_API_KEY,
    SPARKPOST_API_KEY,
    CUSTOMERIO_API_KEY,
    BRAZE_REST_API_KEY,
    ITERABLE_API_KEY,
    CONVERTKIT_API_SECRET,
    ACTIVECAMPAIGN_API_KEY,
    DRIP_API_TOKEN,
    MAILERLITE_API_TOKEN,
    MOOSEND_API_KEY,
    OMNISEND_API_KEY,
    LOOPS_API_KEY,
    WEBFLOW_API_TOKEN,
    AIRSHIP_MASTER_SECRET,
    CALENDLY_PAT,
    EVENTBRITE_PRIVATE_TOKEN,
    JOTFORM_API_KEY,
    UNBOUNCE_API_KEY,
    BUFFER_ACCESS_TOKEN,
    SENDPULSE_CLIENT_SECRET,
)
