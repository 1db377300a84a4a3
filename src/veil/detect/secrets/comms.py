"""Messaging and email APIs: Twilio, SendGrid, Mailgun, Mailchimp, Postmark, Vonage, MessageBird,
Brevo, Mailjet; SMS and voice APIs: Telnyx, Africa's Talking, Infobip, Plivo, Sinch, Textmagic."""

from veil.detect.base import ASSIGN, Examples, SecretRule, assigned, token
from veil.detect.filters import LITERAL
from veil.detect.samples import ALNUM, B64URL, HEX, UPPER, fake, fake_uuid
from veil.detect.shapes import prefixed, service_named
from veil.detect.validators import looks_random

# Dotted tokens (`SG.x.y`) look like attribute access to `is_code_reference`: leave it out.

_TWILIO_SK = "SK" + fake(32, HEX, seed="twilio-sk")
_TWILIO_SID = "AC" + fake(32, HEX, seed="twilio-sid")
_TWILIO_TOKEN = fake(32, HEX, seed="twilio-auth-token")
_TWILIO_KEY_SECRET = fake(32, ALNUM, seed="twilio-key-secret")

TWILIO_API_KEY = SecretRule(
    id="twilio-api-key",
    kind="twilio_api_key",
    regex=token(r"SK[0-9a-fA-F]{32}"),
    keywords=("twilio",),
    entropy=3.0,
    confidence=0.85,
    examples=Examples(
        positives=(
            f"TWILIO_API_KEY={_TWILIO_SK}",
            f'client = twilio.rest.Client("{_TWILIO_SK}", api_secret, account_sid)',
        ),
        negatives=(
            f"sku = {_TWILIO_SK}",  # no Twilio context
            f"TWILIO_API_KEY={_TWILIO_SK[:-4]}",  # too short
        ),
    ),
)

TWILIO_AUTH_TOKEN = SecretRule(
    id="twilio-auth-token",
    kind="twilio_auth_token",
    # Named as an auth token, or after the account SID in `ACxxx:token` basic credentials.
    regex=(
        rf"(?:(?i:twilio[\w.\-]*?auth_?token|auth_?token){ASSIGN}|AC[0-9a-f]{{32}}:)"
        r"(?P<secret>[0-9a-f]{32})(?![A-Za-z0-9_\-])"
    ),
    keywords=("twilio",),
    entropy=3.0,
    confidence=0.85,
    examples=Examples(
        positives=(
            f"TWILIO_ACCOUNT_SID={_TWILIO_SID}\nTWILIO_AUTH_TOKEN={_TWILIO_TOKEN}",
            f"curl https://api.twilio.com/2010-04-01/Accounts -u {_TWILIO_SID}:{_TWILIO_TOKEN}",
            f'twilio:\n  auth_token: "{_TWILIO_TOKEN}"',
        ),
        negatives=(
            f"auth_token = {_TWILIO_TOKEN}",  # no Twilio context
            f"TWILIO_ACCOUNT_SID={_TWILIO_SID}",  # the account SID is an identifier
            "TWILIO_AUTH_TOKEN=your_auth_token",  # placeholder
        ),
    ),
)

TWILIO_API_KEY_SECRET = SecretRule(
    id="twilio-api-key-secret",
    kind="twilio_api_key_secret",
    regex=assigned(r"(?i:twilio[\w.\-]*?(?:api_?)?secret|api_?key_?secret)", r"[A-Za-z0-9]{32}"),
    keywords=("twilio",),
    entropy=4.0,
    confidence=0.85,
    examples=Examples(
        positives=(
            f"TWILIO_API_SECRET={_TWILIO_KEY_SECRET}",
            f"# twilio\nAPI_KEY_SID={_TWILIO_SK}\nAPI_KEY_SECRET={_TWILIO_KEY_SECRET}",
        ),
        negatives=(
            f"api_key_secret: {_TWILIO_KEY_SECRET}",  # no Twilio context
            f"TWILIO_API_SECRET={_TWILIO_KEY_SECRET[:20]}",  # too short
        ),
    ),
)

_SENDGRID = f"SG.{fake(22, B64URL, seed='sendgrid-1')}.{fake(43, B64URL, seed='sendgrid-2')}"

SENDGRID_API_KEY = SecretRule(
    id="sendgrid-api-key",
    kind="sendgrid_api_key",
    regex=token(r"SG\.[A-Za-z0-9_\-]{22}\.[A-Za-z0-9_\-]{43}"),
    keywords=("sg.",),
    entropy=4.0,
    filters=LITERAL,
    confidence=0.97,
    examples=Examples(
        positives=(
            f"SENDGRID_API_KEY={_SENDGRID}",
            f"sg = SendGridAPIClient('{_SENDGRID}')",
            f"Authorization: Bearer {_SENDGRID}",
        ),
        negatives=(
            f"SENDGRID_API_KEY={_SENDGRID[:-5]}",  # too short
        ),
        documented=(
            f"SENDGRID_API_KEY=SG.{'x' * 22}.{'x' * 43}",  # placeholder
        ),
    ),
)

_MAILGUN_LEGACY = "key-" + fake(32, HEX, seed="mailgun-legacy")
_MAILGUN = f"{fake(32, HEX, seed='mg-1')}-{fake(8, HEX, seed='mg-2')}-{fake(8, HEX, seed='mg-3')}"

MAILGUN_API_KEY = SecretRule(
    id="mailgun-api-key",
    kind="mailgun_api_key",
    regex=token(r"key-[0-9a-f]{32}|[0-9a-f]{32}-[0-9a-f]{8}-[0-9a-f]{8}"),
    keywords=("mailgun",),
    entropy=3.0,
    confidence=0.85,
    examples=Examples(
        positives=(
            f"MAILGUN_API_KEY={_MAILGUN_LEGACY}",
            f'mg = Mailgun(api_key="{_MAILGUN}", domain="mg.acme.io")',
        ),
        negatives=(
            f"cache_key = {_MAILGUN_LEGACY}",  # no Mailgun context
            f"MAILGUN_API_KEY=pub{_MAILGUN_LEGACY}",  # public validation key
        ),
    ),
)

_MAILCHIMP = fake(32, HEX, seed="mailchimp") + "-us21"

MAILCHIMP_API_KEY = SecretRule(
    id="mailchimp-api-key",
    kind="mailchimp_api_key",
    regex=token(r"[0-9a-f]{32}-us\d{1,2}"),
    keywords=("-us",),
    entropy=3.0,
    confidence=0.9,
    examples=Examples(
        positives=(
            f"MAILCHIMP_API_KEY={_MAILCHIMP}",
            f'mailchimp.setConfig({{ apiKey: "{_MAILCHIMP}", server: "us21" }});',
        ),
        negatives=(
            f"id = {_MAILCHIMP[:-5]}-us-east-1",  # a region, not a data center
            f"MAILCHIMP_API_KEY={_MAILCHIMP[4:]}",  # too short
        ),
    ),
)

_POSTMARK = "-".join(fake(n, HEX, seed=f"postmark-{i}") for i, n in enumerate((8, 4, 4, 4, 12)))

POSTMARK_SERVER_TOKEN = SecretRule(
    id="postmark-server-token",
    kind="postmark_server_token",
    regex=assigned(
        r"(?i:postmark[\w.\-]*?(?:token|key|secret))",
        r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}",
    ),
    keywords=("postmark",),
    entropy=3.0,
    confidence=0.85,
    examples=Examples(
        positives=(
            f"POSTMARK_SERVER_TOKEN={_POSTMARK}",
            f'curl -H "X-Postmark-Server-Token: {_POSTMARK}" https://api.postmarkapp.com/email',
        ),
        negatives=(
            f"request_id = {_POSTMARK}",  # a UUID that is not a Postmark token
        ),
        documented=(
            "POSTMARK_SERVER_TOKEN=00000000-0000-0000-0000-000000000000",  # placeholder
        ),
    ),
)

_VONAGE = fake(16, ALNUM, seed="vonage-secret")

VONAGE_API_SECRET = SecretRule(
    id="vonage-api-secret",
    kind="vonage_api_secret",
    regex=assigned(r"(?i:(?:vonage|nexmo)[\w.\-]*?secret)", r"[A-Za-z0-9]{16}"),
    keywords=("vonage", "nexmo"),
    entropy=3.0,
    confidence=0.8,
    examples=Examples(
        positives=(
            f"VONAGE_API_SECRET={_VONAGE}",
            f'nexmo_api_secret: "{_VONAGE}"',
        ),
        negatives=(
            f"VONAGE_API_SECRET={_VONAGE[:10]}",  # too short
            f"VONAGE_API_KEY={fake(8, HEX, seed='vonage-key')}",  # the key is an identifier
        ),
    ),
)

_MESSAGEBIRD = fake(25, ALNUM, seed="messagebird")

MESSAGEBIRD_ACCESS_KEY = SecretRule(
    id="messagebird-access-key",
    kind="messagebird_access_key",
    regex=assigned(r"(?i:message[_\-]?bird[\w.\-]*?(?:key|token|secret))", r"[A-Za-z0-9]{25}"),
    keywords=("messagebird", "message_bird", "message-bird"),
    entropy=3.5,
    confidence=0.8,
    examples=Examples(
        positives=(
            f"MESSAGEBIRD_ACCESS_KEY={_MESSAGEBIRD}",
            f'"messagebird_api_key": "{_MESSAGEBIRD}"',
        ),
        negatives=(
            f"MESSAGEBIRD_ACCESS_KEY={_MESSAGEBIRD[:20]}",  # too short
            "MESSAGEBIRD_ACCESS_KEY=${MESSAGEBIRD_ACCESS_KEY}",  # reference
        ),
    ),
)

_BREVO = f"{fake(64, HEX, seed='brevo-1')}-{fake(16, ALNUM, seed='brevo-2')}"

BREVO_API_KEY = SecretRule(
    id="brevo-api-key",
    kind="brevo_api_key",
    regex=token(r"xkeysib-[0-9a-f]{64}-[A-Za-z0-9]{16}"),
    keywords=("xkeysib-",),
    entropy=3.5,
    confidence=0.98,
    examples=Examples(
        positives=(
            f"BREVO_API_KEY=xkeysib-{_BREVO}",
            f'configuration.api_key["api-key"] = "xkeysib-{_BREVO}"',
        ),
        negatives=(
            f"BREVO_API_KEY=xkeysib-{_BREVO[:-6]}",  # too short
            "BREVO_API_KEY=xkeysib-xxxxxxxx",  # placeholder
        ),
    ),
)

BREVO_SMTP_KEY = SecretRule(
    id="brevo-smtp-key",
    kind="brevo_smtp_key",
    regex=token(r"xsmtpsib-[0-9a-f]{64}-[A-Za-z0-9]{16}"),
    keywords=("xsmtpsib-",),
    entropy=3.5,
    confidence=0.98,
    examples=Examples(
        positives=(
            f"SMTP_PASSWORD=xsmtpsib-{_BREVO}",
            f"smtp:\n  host: smtp-relay.brevo.com\n  password: xsmtpsib-{_BREVO}",
        ),
        negatives=(
            f"SMTP_PASSWORD=xsmtpsib-{_BREVO[:40]}",  # too short
            f"SMTP_PASSWORD=xsmtpsib-{_BREVO}x",  # inside a longer token
        ),
    ),
)

_MAILJET = fake(32, HEX, seed="mailjet-secret")

MAILJET_SECRET_KEY = SecretRule(
    id="mailjet-secret-key",
    kind="mailjet_secret_key",
    regex=assigned(
        r"(?i:mailjet[\w.\-]*?(?:secret|private)[\w.\-]*|mj_apikey_private|secret_?key)",
        r"[0-9a-f]{32}",
    ),
    keywords=("mailjet", "mj_apikey_private"),
    entropy=3.0,
    confidence=0.85,
    examples=Examples(
        positives=(
            f"MJ_APIKEY_PRIVATE={_MAILJET}",
            f'mailjet:\n  secret_key: "{_MAILJET}"\n',
            f"MAILJET_SECRET_KEY={_MAILJET}",
        ),
        negatives=(
            f"MJ_APIKEY_PUBLIC={_MAILJET}",  # the public half
            f"MAILJET_SECRET_KEY={_MAILJET[:24]}",  # too short
        ),
    ),
)

# --- SMS and voice APIs.

# Telnyx: API v2 keys are `KEY`, 32 upper-case hex, `_` and 22 alphanumerics.
_TELNYX = f"KEY{fake(32, HEX, seed='telnyx').upper()}_{fake(22, ALNUM, seed='telnyx-2')}"

TELNYX_API_KEY = prefixed(
    kind="telnyx_api_key",
    body=r"KEY[0-9A-F]{32}_[A-Za-z0-9]{22}",
    sample=_TELNYX,
    keywords=("key",),
    env="TELNYX_API_KEY",
    confidence=0.97,
    positives=(
        f"curl https://api.telnyx.com/v2/messaging_profiles -H 'Authorization: Bearer {_TELNYX}'",
        f"telnyx.api_key = '{_TELNYX}'",
    ),
    negatives=(f"TELNYX_API_KEY=KEY{fake(32, HEX, seed='telnyx')}_{fake(22, ALNUM, seed='t3')}",),
)

# Africa's Talking: API keys are `atsk_` and 64 hex.
AFRICASTALKING_API_KEY = prefixed(
    kind="africastalking_api_key",
    body=r"atsk_[0-9a-f]{64}",
    sample="atsk_" + fake(64, HEX, seed="africastalking"),
    keywords=("atsk_",),
    env="AT_API_KEY",
    confidence=0.98,
    positives=(
        "africastalking.initialize(username='acme', api_key='atsk_"
        + fake(64, HEX, seed="africastalking-2")
        + "')",
    ),
)

# Infobip: API keys are 32 hex, `-` and a UUID (`Authorization: App <key>`).
_INFOBIP = f"{fake(32, HEX, seed='infobip')}-{fake_uuid('infobip')}"

INFOBIP_API_KEY = SecretRule(
    id="infobip-api-key",
    kind="infobip_api_key",
    regex=token(r"[0-9a-f]{32}-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"),
    keywords=("infobip", "app "),
    entropy=3.0,
    confidence=0.9,
    examples=Examples(
        positives=(
            f"INFOBIP_API_KEY={_INFOBIP}",
            "curl https://xyz123.api.infobip.com/sms/2/text/advanced "
            f"-H 'Authorization: App {_INFOBIP}'",
        ),
        negatives=(
            f"id = {_INFOBIP}",  # no Infobip context
            f"INFOBIP_API_KEY={_INFOBIP[:-6]}",  # too short
        ),
    ),
)

# Plivo: the auth token is 40 alphanumerics (the auth id, `MA`/`SA` and 18 more, is its name).
PLIVO_AUTH_TOKEN = service_named(
    kind="plivo_auth_token",
    service="plivo",
    key=r"(?:auth_?)?(?:token|secret)",
    value=r"[A-Za-z0-9]{40}",
    sample=fake(40, ALNUM, seed="plivo"),
    env="PLIVO_AUTH_TOKEN",
    entropy=4.0,
    validate=looks_random,
    positives=(
        f"client = plivo.RestClient(auth_id=AUTH_ID, auth_token='{fake(40, ALNUM, seed='p2')}')",
    ),
    negatives=(f"PLIVO_AUTH_ID=MA{fake(18, UPPER, seed='plivo-id')}",),  # the id
)

# Sinch: SMS REST API tokens are 32 hex (the service plan id is an identifier).
SINCH_API_TOKEN = service_named(
    kind="sinch_api_token",
    service="sinch",
    key=r"(?:api_?|service_?plan_?|sms_?)?(?:token|secret|key)",
    value=r"[0-9a-f]{32}",
    sample=fake(32, HEX, seed="sinch"),
    env="SINCH_API_TOKEN",
    confidence=0.8,
    positives=(f'sinch:\n  api_token: "{fake(32, HEX, seed="sinch-2")}"',),
    negatives=(f"SINCH_SERVICE_PLAN_ID={fake(32, HEX, seed='sinch')}",),  # the id
)

# Textmagic: REST API keys are 30 alphanumerics.
TEXTMAGIC_API_KEY = service_named(
    kind="textmagic_api_key",
    service=r"text_?magic",
    keywords=("textmagic", "text_magic"),
    value=r"[A-Za-z0-9]{30}",
    sample=fake(30, ALNUM, seed="textmagic"),
    env="TEXTMAGIC_API_KEY",
    entropy=4.0,
    validate=looks_random,
)


RULES = (
    TWILIO_API_KEY,
    TWILIO_AUTH_TOKEN,
    TWILIO_API_KEY_SECRET,
    SENDGRID_API_KEY,
    MAILGUN_API_KEY,
    MAILCHIMP_API_KEY,
    POSTMARK_SERVER_TOKEN,
    VONAGE_API_SECRET,
    MESSAGEBIRD_ACCESS_KEY,
    BREVO_API_KEY,
    BREVO_SMTP_KEY,
    MAILJET_SECRET_KEY,
    TELNYX_API_KEY,
    AFRICASTALKING_API_KEY,
    INFOBIP_API_KEY,
    PLIVO_AUTH_TOKEN,
    SINCH_API_TOKEN,
    TEXTMAGIC_API_KEY,
)
