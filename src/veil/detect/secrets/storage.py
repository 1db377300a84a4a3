"""File storage, media and asset services: their tokens and keys."""

from veil.detect.base import Examples, Rule, SecretRule, assigned, named, padded
from veil.detect.filters import LITERAL
from veil.detect.samples import (
    ALNUM,
    B32,
    B64,
    B64URL,
    DIGITS,
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


# --- Dropbox

# Dropbox: OAuth access tokens are short-lived and start `sl.` (newer ones `sl.u.`), then a long
# run of base64url.
_DROPBOX_SL = "sl." + fake(140, B64URL, seed="dropbox-sl")

DROPBOX_SHORT_LIVED_ACCESS_TOKEN = prefixed(
    kind="dropbox_short_lived_access_token",
    body=r"sl\.(?:u\.)?[A-Za-z0-9_\-]{130,1400}",
    sample=_DROPBOX_SL,
    keywords=("sl.",),
    env="DROPBOX_ACCESS_TOKEN",
    entropy=4.0,
    max_len=1420,
    positives=(
        f"curl -X POST https://api.dropboxapi.com/2/users/get_current_account "
        f"--header 'Authorization: Bearer {_DROPBOX_SL}'",
        f"dbx = dropbox.Dropbox('sl.u.{_DROPBOX_SL[3:]}')",
    ),
    negatives=(
        f"ssl.{_DROPBOX_SL[3:]}",  # another word ending in `sl`
        "model = sl.SequentialLayer(" + "a" * 140 + ")",  # no entropy
    ),
)

# Dropbox: an app's key and secret are 15 lower-case alphanumerics each; the key ships in clients,
# the secret must not.
_DROPBOX_SECRET = fake(15, LOWER_ALNUM, seed="dropbox-app-secret")

DROPBOX_APP_SECRET = service_named(
    confidence=0.8,
    kind="dropbox_app_secret",
    service="dropbox",
    key=r"(?:app_?|client_?)?secret",
    value=r"[a-z0-9]{15}",
    sample=_DROPBOX_SECRET,
    env="DROPBOX_APP_SECRET",
    positives=(
        f'dbx = dropbox.Dropbox(app_key="k", app_secret="{_DROPBOX_SECRET}")',
        f"dropbox:\n  app_secret: {_DROPBOX_SECRET}",
    ),
    negatives=(f"DROPBOX_APP_KEY={_DROPBOX_SECRET}",),  # the app key, which ships in clients
)

# Dropbox: long-lived access tokens (legacy) and refresh tokens are 64 base64url characters.
_DROPBOX_LONG = fake(64, B64URL, seed="dropbox-long")

DROPBOX_LONG_LIVED_TOKEN = service_named(
    confidence=0.8,
    kind="dropbox_long_lived_token",
    service="dropbox",
    key=r"(?:oauth2?_?)?(?:access_?|refresh_?)?token",
    value=r"[A-Za-z0-9_\-]{64}",
    sample=_DROPBOX_LONG,
    env="DROPBOX_REFRESH_TOKEN",
    validate=_mixed,
    positives=(f'dropbox.Dropbox(oauth2_access_token="{_DROPBOX_LONG}")',),
    negatives=(f"DROPBOX_FOLDER_ID={_DROPBOX_LONG}",),  # not a token's name
)

# --- Box

# Box: developer tokens (60 minutes) and OAuth client secrets are 32 alphanumerics. `box` must
# stand as a word of its own name (`BOX_`, `box.`), not the end of `sandbox` or `dropbox`.
_BOX_NAME = r"(?<![A-Za-z0-9])box"
_BOX_TOKEN = fake(32, ALNUM, seed="box-dev-token")
_BOX_SECRET = fake(32, ALNUM, seed="box-client-secret")

BOX_DEVELOPER_TOKEN = service_named(
    confidence=0.8,
    kind="box_developer_token",
    service=_BOX_NAME,
    key=r"(?:developer_?|access_?|dev_?)?token",
    value=r"[A-Za-z0-9]{32}",
    sample=_BOX_TOKEN,
    env="BOX_DEVELOPER_TOKEN",
    keywords=("box",),
    validate=_mixed,
    positives=(f'{{"boxDeveloperToken": "{_BOX_TOKEN}"}}',),
    negatives=(
        f"SANDBOX_TOKEN={_BOX_TOKEN}",  # `box` inside another word
        f"DROPBOX_TOKEN={_BOX_TOKEN}",  # another service
    ),
)

BOX_CLIENT_SECRET = service_named(
    confidence=0.8,
    kind="box_client_secret",
    service=_BOX_NAME,
    key=r"(?:client_?)?secret",
    value=r"[A-Za-z0-9]{32}",
    sample=_BOX_SECRET,
    env="BOX_CLIENT_SECRET",
    keywords=("box",),
    validate=_mixed,
    positives=(f'box:\n  client_secret: "{_BOX_SECRET}"',),
    negatives=(f"CHECKBOX_SECRET={_BOX_SECRET}",),  # `box` inside another word
)

# --- Cloudinary

# Cloudinary: `CLOUDINARY_URL=cloudinary://<api key: digits>:<api secret: 27 base64url>@<cloud>`.
_CLOUDINARY_KEY = fake(15, DIGITS, seed="cloudinary-key")
_CLOUDINARY_SECRET = fake(27, B64URL, seed="cloudinary-secret")

CLOUDINARY_URL = SecretRule(
    id="cloudinary-url",
    kind="cloudinary_url",
    regex=r"cloudinary://(?P<secret>[0-9]{12,18}:[A-Za-z0-9_\-]{27})@[A-Za-z0-9_\-]",
    keywords=("cloudinary://",),
    entropy=3.5,
    confidence=0.97,
    filters=LITERAL,
    examples=Examples(
        positives=(
            f"CLOUDINARY_URL=cloudinary://{_CLOUDINARY_KEY}:{_CLOUDINARY_SECRET}@acme-media",
            f'cloudinary.config(cloudinary_url="cloudinary://{_CLOUDINARY_KEY}:'
            f'{_CLOUDINARY_SECRET}@demo-cloud")',
        ),
        negatives=(
            "CLOUDINARY_URL=cloudinary://<api_key>:<api_secret>@<cloud_name>",  # template
            f"cloudinary://{_CLOUDINARY_KEY}:{_CLOUDINARY_SECRET[:20]}@acme",  # too short
        ),
    ),
)

CLOUDINARY_API_SECRET = service_named(
    confidence=0.8,
    kind="cloudinary_api_secret",
    service="cloudinary",
    key=r"(?:api_?)?secret",
    value=r"[A-Za-z0-9_\-]{27}",
    sample=_CLOUDINARY_SECRET,
    env="CLOUDINARY_API_SECRET",
    validate=_mixed,
    positives=(
        f"cloudinary.config(api_secret='{_CLOUDINARY_SECRET}', api_key='{_CLOUDINARY_KEY}')",
    ),
    negatives=(f"CLOUDINARY_API_KEY={_CLOUDINARY_KEY}",),  # the key, an identifier
)

# --- Backblaze, Wasabi

# Backblaze B2: an application key (the secret half; its ID is 25 hex) is 31 base64 characters,
# `K` and three digits first for a standard key; `B2_APPLICATION_KEY`, `b2 account authorize`.
_B2_KEY = "K005" + fake(27, B64.replace("+", "").replace("/", ""), seed="b2-key")
_B2_KEY_ID = fake(25, HEX, seed="b2-key-id")

BACKBLAZE_B2_APPLICATION_KEY = SecretRule(
    id="backblaze-b2-application-key",
    kind="backblaze_b2_application_key",
    regex=assigned(
        named(r"backblaze|(?<![A-Za-z0-9])b2", r"(?:application_?|app_?)?key")
        + r"|b2\s+(?:account\s+)?authorize(?:-account)?\s+[0-9a-f]{12,25}",
        r"[A-Za-z0-9+/]{31}",
        r"[A-Za-z0-9_\-+/=]",
    ),
    keywords=("backblaze", "b2"),
    entropy=3.5,
    validate=_mixed,
    confidence=0.8,
    examples=Examples(
        positives=(
            f"B2_APPLICATION_KEY={_B2_KEY}",
            f"b2 account authorize {_B2_KEY_ID} {_B2_KEY}",
            f'b2.authorize_account("production", kid, application_key="{_B2_KEY}")',
        ),
        negatives=(
            f"B2_APPLICATION_KEY_ID={_B2_KEY_ID}",  # the key's ID
            f"APPLICATION_KEY={_B2_KEY}",  # no Backblaze name
            f"B2_APPLICATION_KEY={_B2_KEY[:24]}",  # too short
        ),
    ),
)

# Wasabi: S3-compatible keys; the secret access key is 40 base64 characters under a Wasabi name.
_WASABI = fake(40, B64.replace("+", ""), seed="wasabi-secret")

WASABI_SECRET_ACCESS_KEY = service_named(
    confidence=0.92,  # over the AWS rule: the name says Wasabi
    kind="wasabi_secret_access_key",
    service="wasabi(?:sys)?",
    key=r"(?:aws_?)?secret(?:_?access)?(?:_?key)?",
    value=r"[A-Za-z0-9+/]{40}",
    sample=_WASABI,
    env="WASABI_SECRET_ACCESS_KEY",
    keywords=("wasabi",),
    validate=_mixed,
    positives=(
        f'boto3.client("s3", endpoint_url="https://s3.wasabisys.com", '
        f'aws_secret_access_key="{_WASABI}")',
    ),
    negatives=(f"WASABI_ACCESS_KEY_ID={fake(20, B32, seed='wasabi-id')}",),  # the key's ID
)

# --- Upload and media services

# Uploadcare: the public key is 20 hex and public; the secret key (REST API, signed uploads) too.
_UPLOADCARE = fake(20, HEX, seed="uploadcare-secret")

UPLOADCARE_SECRET_KEY = service_named(
    confidence=0.8,
    kind="uploadcare_secret_key",
    service="uploadcare",
    key=r"secret(?:_?key)?",
    value=r"[0-9a-f]{20}",
    sample=_UPLOADCARE,
    env="UPLOADCARE_SECRET_KEY",
    positives=(f'uploadcare = Uploadcare(public_key="demopublickey", secret_key="{_UPLOADCARE}")',),
    negatives=(f"UPLOADCARE_PUBLIC_KEY={_UPLOADCARE}",),  # the public key, meant for browsers
)

# Filestack: the API key is public (browser uploads); the app secret that signs security
# policies is 26 base32 characters.
_FILESTACK = fake(26, B32, seed="filestack-secret")

FILESTACK_APP_SECRET = service_named(
    confidence=0.8,
    kind="filestack_app_secret",
    service="filestack",
    key=r"(?:app_?)?secret",
    value=r"[A-Z2-7]{26}",
    sample=_FILESTACK,
    env="FILESTACK_APP_SECRET",
    positives=(f'FILESTACK = {{"api_key": "k", "app_secret": "{_FILESTACK}"}}',),
    negatives=(f"FILESTACK_API_KEY={fake(22, ALNUM, seed='filestack-key')}",),  # public
)

# ImageKit: the private API key is `private_` and base64 of 20 bytes (27 characters and `=`); the
# `public_` key is meant for browsers.
_IMAGEKIT = "private_" + fake(27, ALNUM, seed="imagekit-private") + "="

IMAGEKIT_PRIVATE_KEY = SecretRule(
    id="imagekit-private-key",
    kind="imagekit_private_key",
    regex=padded(r"private_[A-Za-z0-9+/]{27}=", r"[A-Za-z0-9_+/\-]"),
    keywords=("private_",),
    entropy=3.5,
    validate=lambda v: mixed_case(v[8:], 10),
    filters=LITERAL,
    confidence=0.93,
    examples=Examples(
        positives=(
            f"IMAGEKIT_PRIVATE_KEY={_IMAGEKIT}",
            f"imagekit = ImageKit(private_key='{_IMAGEKIT}', public_key='public_x', "
            "url_endpoint='https://ik.imagekit.io/acme')",
            f"curl https://api.imagekit.io/v1/files -u {_IMAGEKIT}:",
        ),
        negatives=(
            f"IMAGEKIT_PUBLIC_KEY=public_{_IMAGEKIT[8:]}",  # public key, meant for browsers
            f"IMAGEKIT_PRIVATE_KEY={_IMAGEKIT[:-8]}=",  # too short
            "private_" + "a" * 27 + "=",  # no entropy
        ),
    ),
)

# imgix: management API keys (purging, sources) are long alphanumerics; the per-source secure URL
# token that signs URLs is 16 alphanumerics.
_IMGIX_KEY = fake(64, HEX, seed="imgix-api-key")
_IMGIX_SIGN = fake(16, ALNUM, seed="imgix-token")

IMGIX_API_KEY = service_named(
    confidence=0.8,
    kind="imgix_api_key",
    service="imgix",
    key=r"(?:api_?)?(?:key|token)",
    value=r"[A-Za-z0-9]{64}",
    sample=_IMGIX_KEY,
    env="IMGIX_API_KEY",
    positives=(f"IMGIX_API_TOKEN={_IMGIX_KEY}",),
    negatives=(f"IMGIX_SOURCE_ID={_IMGIX_KEY[:24]}",),  # an identifier
)

IMGIX_SECURE_URL_TOKEN = service_named(
    confidence=0.8,
    kind="imgix_secure_url_token",
    service="imgix",
    key=r"(?:(?:secure_?url_?)?token|sign(?:ing)?_?key)",
    value=r"[A-Za-z0-9]{16}",
    sample=_IMGIX_SIGN,
    env="IMGIX_SECURE_URL_TOKEN",
    validate=_mixed,
    positives=(f'client = imgix.UrlBuilder("acme.imgix.net", sign_key="{_IMGIX_SIGN}")',),
    negatives=(f"IMGIX_DOMAIN={_IMGIX_SIGN}",),  # not a token's name
)

# Mux: an access token is an ID (a UUID) and a secret (base64, about 75 characters).
_MUX_SECRET = fake(88, B64.replace("/", ""), seed="mux-secret")
_MUX_ID = fake_uuid("mux-id")

MUX_TOKEN_SECRET = service_named(
    confidence=0.8,
    kind="mux_token_secret",
    service=r"(?<![A-Za-z0-9])mux",
    key=r"(?:token_?)?secret",
    value=r"[A-Za-z0-9+/]{70,90}={0,2}",
    sample=_MUX_SECRET,
    env="MUX_TOKEN_SECRET",
    keywords=("mux",),
    validate=_mixed,
    positives=(f"const mux = new Mux({{ tokenSecret: '{_MUX_SECRET}', tokenId: '{_MUX_ID}' }});",),
    negatives=(
        f"MUX_TOKEN_ID={_MUX_ID}",  # the ID
        f"TMUX_SECRET={_MUX_SECRET}",  # `mux` inside another word
    ),
)

# Vimeo: personal access tokens are 32 hex; an app's client secret is 128 base64 characters.
_VIMEO_TOKEN = fake(32, HEX, seed="vimeo-token")
_VIMEO_SECRET = fake(128, B64.replace("/", ""), seed="vimeo-secret")

VIMEO_ACCESS_TOKEN = service_named(
    confidence=0.8,
    kind="vimeo_access_token",
    service="vimeo",
    key=r"(?:access_?|personal_?)?token",
    value=r"[0-9a-f]{32}",
    sample=_VIMEO_TOKEN,
    env="VIMEO_ACCESS_TOKEN",
    positives=(f"client = vimeo.VimeoClient(token='{_VIMEO_TOKEN}', key='k', secret='s')",),
    negatives=(f"VIMEO_VIDEO_ID={_VIMEO_TOKEN}",),  # not a token's name
)

VIMEO_CLIENT_SECRET = service_named(
    confidence=0.8,
    kind="vimeo_client_secret",
    service="vimeo",
    key=r"(?:client_?)?secret",
    value=r"[A-Za-z0-9+/]{128}",
    sample=_VIMEO_SECRET,
    env="VIMEO_CLIENT_SECRET",
    positives=(f'{{"vimeo": {{"client_id": "x", "client_secret": "{_VIMEO_SECRET}"}}}}',),
    validate=_mixed,
    negatives=(f"VIMEO_CLIENT_ID={_VIMEO_TOKEN[:20]}",),
)

# Frame.io: developer tokens start `fio-u-`, then base64url.
_FRAMEIO = "fio-u-" + fake(64, B64URL, seed="frameio")

FRAMEIO_DEVELOPER_TOKEN = prefixed(
    kind="frameio_developer_token",
    body=r"fio-u-[A-Za-z0-9_\-]{56,100}",
    sample=_FRAMEIO,
    keywords=("fio-u-",),
    env="FRAMEIO_TOKEN",
    entropy=4.0,
    positives=(f"curl https://api.frame.io/v2/me -H 'Authorization: Bearer {_FRAMEIO}'",),
    negatives=(f"FRAMEIO_TOKEN=fio-x-{_FRAMEIO[6:]}",),  # another prefix
)

# Bunny.net: the account API key and storage zone passwords are a UUID and more hex groups,
# sent as `AccessKey`.
_BUNNY = fake_uuid("bunny-1") + "-" + fake_uuid("bunny-2")[9:]

BUNNY_API_KEY = SecretRule(
    id="bunny-api-key",
    kind="bunny_api_key",
    regex=assigned(
        named(r"bunny(?:cdn|net|_?storage)?", r"(?:api_?|access_?|storage_?)?(?:key|password)"),
        r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"
        r"(?:-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})?",
    ),
    keywords=("bunny",),
    confidence=0.8,
    examples=Examples(
        positives=(
            f"BUNNY_API_KEY={_BUNNY}",
            f"curl https://api.bunny.net/pullzone -H 'AccessKey: {_BUNNY}'",
            f"curl https://storage.bunnycdn.com/zone/f.txt -H 'AccessKey: {_BUNNY[:36]}'",
            f'bunny_storage:\n  password: "{_BUNNY[:36]}"',
        ),
        negatives=(
            f"API_KEY={_BUNNY}",  # no Bunny name
            f"BUNNY_PULLZONE_ID={_BUNNY[:36]}",  # an identifier
        ),
    ),
)

# Transloadit: the auth key is an account identifier; the auth secret that signs assemblies is
# 40 hex.
_TRANSLOADIT = fake(40, HEX, seed="transloadit")

TRANSLOADIT_AUTH_SECRET = service_named(
    confidence=0.8,
    kind="transloadit_auth_secret",
    service="transloadit",
    key=r"(?:auth_?)?secret",
    value=r"[0-9a-f]{40}",
    sample=_TRANSLOADIT,
    env="TRANSLOADIT_SECRET",
    positives=(f'{{"transloadit": {{"authKey": "k", "authSecret": "{_TRANSLOADIT}"}}}}',),
    negatives=(f"TRANSLOADIT_KEY={_TRANSLOADIT[:32]}",),  # the auth key, an identifier
)

# UploadThing: the v6 secret is `sk_live_` and 64 hex (not a Stripe key, whose body mixes case);
# v7's `UPLOADTHING_TOKEN` is base64 JSON holding it (`{"apiKey":"sk_live_...","appId":...}`).
_UPLOADTHING = "sk_live_" + fake(64, HEX, seed="uploadthing")
_UPLOADTHING_TOKEN = b64json(
    {"apiKey": _UPLOADTHING, "appId": fake(10, LOWER_ALNUM, seed="ut-app"), "regions": ["sea1"]}
)

UPLOADTHING_SECRET_KEY = prefixed(
    kind="uploadthing_secret_key",
    body=r"sk_live_[0-9a-f]{64}",
    sample=_UPLOADTHING,
    keywords=("sk_live_",),
    env="UPLOADTHING_SECRET",
    confidence=0.98,
    positives=(f"curl -H 'x-uploadthing-api-key: {_UPLOADTHING}' https://api.uploadthing.com",),
    negatives=(f"UPLOADTHING_SECRET=sk_test_{_UPLOADTHING[8:]}",),
)

UPLOADTHING_TOKEN = SecretRule(
    id="uploadthing-token",
    kind="uploadthing_token",
    regex=padded(r"eyJhcGlLZXkiOiJza19saXZl[A-Za-z0-9+/]{60,400}={0,2}"),
    keywords=("eyJhcGlLZXkiOiJza19saXZl".lower(),),
    entropy=4.0,
    filters=LITERAL,
    confidence=0.97,
    max_len=420,
    examples=Examples(
        positives=(
            f"UPLOADTHING_TOKEN={_UPLOADTHING_TOKEN}",
            f"UPLOADTHING_TOKEN='{_UPLOADTHING_TOKEN}'",
        ),
        negatives=(
            f"UPLOADTHING_TOKEN={_UPLOADTHING_TOKEN[:50]}",  # too short
            f"UPLOADTHING_TOKEN={b64json({'appId': 'x', 'regions': ['sea1']})}",  # no key in it
        ),
    ),
)

# api.video: API keys are 43 alphanumerics, sent as the basic-auth user or exchanged for a token.
_APIVIDEO = fake(43, ALNUM, seed="apivideo")

API_VIDEO_API_KEY = service_named(
    confidence=0.8,
    kind="api_video_api_key",
    service=r"api[._]?video|apivideo",
    key=r"(?:api_?)?key",
    value=r"[A-Za-z0-9]{43}",
    sample=_APIVIDEO,
    env="APIVIDEO_API_KEY",
    keywords=("apivideo", "api.video", "api_video"),
    validate=_mixed,
    positives=(
        f'{{"apivideo": {{"apiKey": "{_APIVIDEO}"}}}}',
        f"API_VIDEO_KEY={_APIVIDEO}",
    ),
)

RULES: tuple[Rule, ...] = (
    DROPBOX_SHORT_LIVED_ACCESS_TOKEN,
    DROPBOX_APP_SECRET,
    DROPBOX_LONG_LIVED_TOKEN,
    BOX_DEVELOPER_TOKEN,
    BOX_CLIENT_SECRET,
    CLOUDINARY_URL,
    CLOUDINARY_API_SECRET,
    BACKBLAZE_B2_APPLICATION_KEY,
    WASABI_SECRET_ACCESS_KEY,
    UPLOADCARE_SECRET_KEY,
    FILESTACK_APP_SECRET,
    IMAGEKIT_PRIVATE_KEY,
    IMGIX_API_KEY,
    IMGIX_SECURE_URL_TOKEN,
    MUX_TOKEN_SECRET,
    VIMEO_ACCESS_TOKEN,
    VIMEO_CLIENT_SECRET,
    FRAMEIO_DEVELOPER_TOKEN,
    BUNNY_API_KEY,
    TRANSLOADIT_AUTH_SECRET,
    UPLOADTHING_SECRET_KEY,
    UPLOADTHING_TOKEN,
    API_VIDEO_API_KEY,
)
