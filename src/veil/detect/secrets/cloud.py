"""Cloud providers: AWS, Google Cloud (and Firebase), Alibaba, IBM, Tencent (Azure has its own
module)."""

import base64
import binascii

from veil.detect.base import ASSIGN, Examples, SecretRule, assigned, padded, token
from veil.detect.filters import LITERAL, is_firebase_web_config
from veil.detect.samples import ALNUM, B32, B64, B64URL, DIGITS, HEX, fake
from veil.detect.secrets.generic import FIREBASE_WEB_KEY_AHEAD

# Dotted tokens (`ya29.x`) look like attribute access to `is_code_reference`: leave it out.

_AWS_ID = "AKIA" + fake(16, B32, seed="aws-id")
_AWS_SECRET = fake(40, B64, seed="aws-secret")
_AWS_SESSION = "IQoJb3JpZ2luX2VjE" + fake(340, B64, seed="aws-session")
_MWS_UUID = "-".join(fake(n, HEX, seed=f"aws-mws-{n}{i}") for i, n in enumerate((8, 4, 4, 4, 12)))

AWS_ACCESS_KEY_ID = SecretRule(
    id="aws-access-key-id",
    kind="aws_access_key_id",
    regex=token(r"(?:AKIA|ASIA|ABIA|ACCA|A3T[A-Z0-9])[A-Z2-7]{16}", r"[A-Za-z0-9]"),
    keywords=("akia", "asia", "abia", "acca", "a3t"),
    entropy=3.0,
    examples=Examples(
        positives=(
            f"aws_access_key_id = {_AWS_ID}",
            f'{{"AccessKeyId": "ASIA{_AWS_ID[4:]}"}}',
        ),
        negatives=(
            f"id = AKIA{_AWS_ID[4:18]}",  # too short
            f"x{_AWS_ID}y",  # inside a longer token
        ),
        documented=(
            "aws_access_key_id = AKIAIOSFODNN7EXAMPLE",  # AWS's documented example
        ),
    ),
)

AWS_SECRET_ACCESS_KEY = SecretRule(
    id="aws-secret-access-key",
    kind="aws_secret_access_key",
    regex=assigned(
        r"(?i:aws_?secret_?(?:access_?)?key|secret_?access_?key|aws_?secret)",
        r"[A-Za-z0-9/+]{40}",
        r"[A-Za-z0-9/+=]",
    ),
    keywords=("secret",),
    entropy=4.0,
    examples=Examples(
        positives=(
            f"aws_secret_access_key = {_AWS_SECRET}",
            f'AWS_SECRET_ACCESS_KEY="{_AWS_SECRET}"',
            f"SecretAccessKey: {_AWS_SECRET}",
        ),
        negatives=(
            "aws_secret_access_key = ${AWS_SECRET_ACCESS_KEY}",  # reference
            f"aws_secret_access_key = {_AWS_SECRET[:30]}",  # too short
        ),
        documented=(
            "aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",  # documented
        ),
    ),
)

AWS_SESSION_TOKEN = SecretRule(
    id="aws-session-token",
    kind="aws_session_token",
    regex=assigned(
        r"(?i:aws_?session_?token|aws_?security_?token|x-amz-security-token)|SessionToken",
        r"[A-Za-z0-9/+]{100,}={0,2}",
        r"[A-Za-z0-9/+=]",
    ),
    keywords=("session_token", "sessiontoken", "security_token", "security-token"),
    entropy=4.5,
    max_len=2048,
    examples=Examples(
        positives=(
            f"aws_session_token = {_AWS_SESSION}",
            f'{{"AccessKeyId": "x", "SessionToken": "{_AWS_SESSION}"}}',
            f"X-Amz-Security-Token: {_AWS_SESSION}",
        ),
        negatives=(
            f"aws_session_token = {_AWS_SESSION[:90]}",  # too short for an STS token
            "AWS_SESSION_TOKEN=${AWS_SESSION_TOKEN}",  # reference
            f"session_token = {_AWS_SESSION}",  # not named for AWS
        ),
    ),
)

AWS_MWS_KEY = SecretRule(
    id="aws-mws-auth-token",
    kind="aws_mws_auth_token",
    regex=token(r"amzn\.mws\.[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"),
    keywords=("amzn.mws.",),
    confidence=0.95,
    examples=Examples(
        positives=(
            f"MWS_AUTH_TOKEN=amzn.mws.{_MWS_UUID}",
            f'"mwsAuthToken": "amzn.mws.{_MWS_UUID}"',
        ),
        negatives=(
            f"amzn.mws.{_MWS_UUID[:30]}",  # truncated UUID
            f"amzn.mws.{_MWS_UUID}0",  # inside a longer token
        ),
    ),
)

_GCP_KEY = "AIza" + fake(35, B64URL, seed="gcp-api-key")
_FIREBASE_KEY = "AIza" + fake(35, B64URL, seed="firebase-web-api-key")
_GCP_KEY_BODY = r"AIza[A-Za-z0-9_\-]{35}"
# A Firebase web app's API key is public by design (Firebase's docs: it identifies the project;
# security rules and App Check guard the data), so `veil scan` does not report one: not on a line
# that names Firebase (`is_firebase_web_config`, a documentation filter: the gateway still masks
# it), nor where the config the Firebase console hands out follows it (`authDomain:
# "<project>.firebaseapp.com"`, `databaseURL`, `messagingSenderId`, `appId: "1:<n>:web:<hex>"`).
# That look ahead (`FIREBASE_WEB_KEY_AHEAD`, shared with the catch-alls) is in the pattern, so this
# rule leaves such a key to the gateway's `recall-high-entropy-token`.
_FIREBASE_CONFIG = (
    f'const firebaseConfig = {{\n  apiKey: "{_FIREBASE_KEY}",\n'
    '  authDomain: "acme-shop-4821.firebaseapp.com",\n  projectId: "acme-shop-4821",\n'
    '  messagingSenderId: "' + fake(12, DIGITS, seed="fb-sender") + '",\n'
    '  appId: "1:'
    + fake(12, DIGITS, seed="fb-app")
    + ":web:"
    + fake(22, HEX, seed="fb-web")
    + '"\n};'
)

GCP_API_KEY = SecretRule(
    id="gcp-api-key",
    kind="gcp_api_key",
    regex=f"(?!{FIREBASE_WEB_KEY_AHEAD})" + token(_GCP_KEY_BODY),
    keywords=("aiza",),
    entropy=4.0,
    filters=(*LITERAL, is_firebase_web_config),
    confidence=0.95,
    examples=Examples(
        positives=(
            f"GOOGLE_MAPS_API_KEY={_GCP_KEY}",
            f'const mapsConfig = {{ apiKey: "{_GCP_KEY}" }};',
            f"https://maps.googleapis.com/maps/api/geocode/json?key={_GCP_KEY}",
        ),
        negatives=(
            f"key = {_GCP_KEY[:-3]}",  # too short
            f"key = {_GCP_KEY}abc",  # inside a longer token
            _FIREBASE_CONFIG,  # a Firebase web app's key: public by design
        ),
        documented=(
            "apiKey: AIzaXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX",  # placeholder
            f"firebase.initializeApp({{ apiKey: '{_FIREBASE_KEY}', projectId: 'acme' }});",
            f"NEXT_PUBLIC_FIREBASE_API_KEY={_FIREBASE_KEY}",  # a Firebase web key, public
        ),
    ),
)

_SA_KEY_ID = fake(40, HEX, seed="gcp-sa-key-id")
_SA_PEM_BODY = "\\n".join(fake(64, B64, seed=f"gcp-sa-pem-{i}") for i in range(25))
_SA_PRIVATE_KEY = f"-----BEGIN PRIVATE KEY-----\\n{_SA_PEM_BODY}\\n-----END PRIVATE KEY-----\\n"
_SA_HEAD = '{\n  "type": "service_account",\n  "project_id": "acme-prod-4821",\n'

GCP_SERVICE_ACCOUNT_PRIVATE_KEY = SecretRule(
    id="gcp-service-account-private-key",
    kind="gcp_service_account_private_key",
    regex=(
        r'"private_key"\s*:\s*"(?P<secret>-----BEGIN PRIVATE KEY-----\\n'
        r"(?:[A-Za-z0-9+/=]|\\n)+-----END PRIVATE KEY-----(?:\\n)?)\""
    ),
    keywords=("private_key",),
    confidence=0.97,
    max_len=4096,
    examples=Examples(
        positives=(
            f'{_SA_HEAD}  "private_key_id": "{_SA_KEY_ID}",\n  "private_key": "{_SA_PRIVATE_KEY}",',
            f'{{"private_key":"{_SA_PRIVATE_KEY}","client_email":"a@p.iam.gserviceaccount.com"}}',
        ),
        negatives=(
            '"private_key": "-----BEGIN PRIVATE KEY-----\\n...\\n-----END PRIVATE KEY-----"',  # cut
            f'"private_key": "-----BEGIN PRIVATE KEY-----\\n{_SA_PEM_BODY}"',  # truncated, no END
        ),
    ),
)

_GOCSPX = "GOCSPX-" + fake(28, B64URL, seed="gcp-oauth-secret")

GCP_OAUTH_CLIENT_SECRET = SecretRule(
    id="gcp-oauth-client-secret",
    kind="gcp_oauth_client_secret",
    regex=token(r"GOCSPX-[A-Za-z0-9_\-]{28}"),
    keywords=("gocspx-",),
    entropy=3.5,
    confidence=0.97,
    examples=Examples(
        positives=(
            f'{{"web": {{"client_id": "1-a.apps.googleusercontent.com",\n'
            f'  "client_secret": "{_GOCSPX}"}}}}',
            f"GOOGLE_CLIENT_SECRET={_GOCSPX}",
        ),
        negatives=(
            f"GOOGLE_CLIENT_SECRET={_GOCSPX[:-4]}",  # too short
        ),
        documented=(
            "client_secret: GOCSPX-xxxxxxxxxxxxxxxxxxxxxxxxxxxx",  # placeholder
        ),
    ),
)

_YA29 = "ya29.a0" + fake(150, B64URL, seed="gcp-ya29")


GCP_OAUTH_ACCESS_TOKEN = SecretRule(
    id="gcp-oauth-access-token",
    kind="gcp_oauth_access_token",
    regex=token(r"ya29\.(?=[A-Za-z0-9_.\-]{35})[A-Za-z0-9_\-]+(?:\.[A-Za-z0-9_\-]+)*"),
    keywords=("ya29.",),
    entropy=4.0,
    filters=LITERAL,
    confidence=0.9,
    max_len=2048,
    examples=Examples(
        positives=(
            f"Authorization: Bearer {_YA29}",
            f'{{"access_token": "{_YA29}", "expires_in": 3599}}',
        ),
        negatives=(
            "token = ya29.abc123",  # too short to be a token
            f"x{_YA29}",  # inside a longer token
        ),
    ),
)

# Google OAuth refresh tokens (`gcloud auth application-default login` writes one into
# `application_default_credentials.json`): `1//` and a version digit, then base64url.
_GOOGLE_REFRESH = "1//0" + fake(100, B64URL, seed="gcp-refresh")

GCP_OAUTH_REFRESH_TOKEN = SecretRule(
    id="gcp-oauth-refresh-token",
    kind="gcp_oauth_refresh_token",
    regex=r"(?<![A-Za-z0-9_\-/])(?P<secret>1//0[A-Za-z0-9_\-]{40,})(?![A-Za-z0-9_\-])",
    keywords=("1//0",),
    entropy=4.0,
    filters=LITERAL,
    confidence=0.9,
    max_len=1024,
    examples=Examples(
        positives=(
            '{"client_id": "1-a.apps.googleusercontent.com",'
            f' "refresh_token": "{_GOOGLE_REFRESH}", "type": "authorized_user"}}',
            f"GOOGLE_REFRESH_TOKEN={_GOOGLE_REFRESH}",
        ),
        negatives=(
            '"refresh_token": "1//refresh-token"',  # too short: a placeholder
            f"https://cdn.internal/1//0{_GOOGLE_REFRESH[4:40]}",  # inside a path
            f"x1//0{_GOOGLE_REFRESH[4:]}",  # inside a longer token
        ),
    ),
)


def _b64_decodes_to(value: str, start: str) -> bool:
    try:
        text = base64.b64decode(value + "=" * (-len(value) % 4)).decode("ascii")
    except (binascii.Error, UnicodeDecodeError):
        return False
    return text.startswith(start)


# Amazon Bedrock API keys (docs.aws.amazon.com/bedrock/latest/userguide/api-keys-how.html). A
# long-term key is an IAM service-specific credential: `ABSK` and base64 of
# `BedrockAPIKey-<id>-at-<account>:<secret>`. A short-term key is `bedrock-api-key-` and base64 of
# a SigV4 presigned URL on `bedrock.amazonaws.com` (valid up to 12 hours).
_BEDROCK_LONG = (
    "ABSK"
    + base64.b64encode(
        (
            "BedrockAPIKey-"
            + fake(4, "abcdefghijklmnopqrstuvwxyz0123456789", seed="bedrock-id")
            + "-at-"
            + fake(12, DIGITS, seed="bedrock-account")
            + ":"
            + fake(60, B64, seed="bedrock-secret")
        ).encode()
    ).decode()
)
_BEDROCK_SHORT = (
    "bedrock-api-key-"
    + base64.b64encode(
        (
            "bedrock.amazonaws.com/?Action=CallWithBearerToken&X-Amz-Algorithm=AWS4-HMAC-SHA256"
            "&X-Amz-Credential=ASIA"
            + fake(16, B32, seed="bedrock-asia")
            + "%2F20250101%2Fus-east-1%2Fbedrock%2Faws4_request&X-Amz-Date=20250101T000000Z"
            "&X-Amz-Expires=43200&X-Amz-Security-Token="
            + fake(200, B64URL, seed="bedrock-sts")
            + "&X-Amz-Signature="
            + fake(64, HEX, seed="bedrock-sig")
            + "&Version=1"
        ).encode()
    ).decode()
)

AWS_BEDROCK_API_KEY = SecretRule(
    id="aws-bedrock-api-key",
    kind="aws_bedrock_api_key",
    regex=padded(r"ABSK[A-Za-z0-9+/]{100,400}={0,2}"),
    keywords=("absk",),
    entropy=4.0,
    validate=lambda v: _b64_decodes_to(v[4:], "BedrockAPIKey-"),
    filters=LITERAL,
    confidence=0.97,
    max_len=512,
    examples=Examples(
        positives=(
            f"AWS_BEARER_TOKEN_BEDROCK={_BEDROCK_LONG}",
            f'{{"bedrock_api_key": "{_BEDROCK_LONG}"}}',
        ),
        negatives=(
            f"AWS_BEARER_TOKEN_BEDROCK={_BEDROCK_LONG[:60]}",  # too short
            "AWS_BEARER_TOKEN_BEDROCK=ABSK" + fake(140, B64, seed="bedrock-junk"),  # not a key
        ),
    ),
)

AWS_BEDROCK_SHORT_TERM_API_KEY = SecretRule(
    id="aws-bedrock-short-term-api-key",
    kind="aws_bedrock_api_key",
    regex=padded(r"bedrock-api-key-YmVkcm9jay5hbWF6b25hd3MuY29t[A-Za-z0-9+/]{100,4000}={0,2}"),
    keywords=("bedrock-api-key-",),
    validate=lambda v: _b64_decodes_to(v[16:], "bedrock.amazonaws.com/"),
    filters=LITERAL,
    confidence=0.97,
    max_len=4096,
    examples=Examples(
        positives=(
            f"export AWS_BEARER_TOKEN_BEDROCK={_BEDROCK_SHORT}",
            f"Authorization: Bearer {_BEDROCK_SHORT}",
        ),
        negatives=(
            "AWS_BEARER_TOKEN_BEDROCK=bedrock-api-key-",  # the prefix alone
            f"AWS_BEARER_TOKEN_BEDROCK={_BEDROCK_SHORT[:60]}",  # cut short
        ),
    ),
)

_ALI_ID = "LTAI5t" + fake(18, ALNUM, seed="alibaba-id")
_ALI_SECRET = fake(30, ALNUM, seed="alibaba-secret")

ALIBABA_ACCESS_KEY_ID = SecretRule(
    id="alibaba-access-key-id",
    kind="alibaba_access_key_id",
    regex=token(r"LTAI[A-Za-z0-9]{12,20}"),
    keywords=("ltai",),
    entropy=3.5,
    examples=Examples(
        positives=(
            f"ALIBABA_CLOUD_ACCESS_KEY_ID={_ALI_ID}",
            f'access_key_id: "{_ALI_ID}"',
        ),
        negatives=(
            f"id = {_ALI_ID[:12]}",  # too short
            f"id = {_ALI_ID}{_ALI_SECRET}",  # inside a longer token
        ),
    ),
)

ALIBABA_ACCESS_KEY_SECRET = SecretRule(
    id="alibaba-access-key-secret",
    kind="alibaba_access_key_secret",
    regex=assigned(
        r"(?i:(?:alibaba|aliyun|alicloud)[\w.\-]*?secret|access_?key_?secret)",
        r"[A-Za-z0-9]{30}",
    ),
    keywords=("alibaba", "aliyun", "alicloud", "accesskeysecret", "access_key_secret"),
    entropy=4.0,
    confidence=0.8,
    examples=Examples(
        positives=(
            f"ALIBABA_CLOUD_ACCESS_KEY_SECRET={_ALI_SECRET}",
            f'client = AcsClient("{_ALI_ID}", access_key_secret="{_ALI_SECRET}")',
            f"aliyun_secret: {_ALI_SECRET}",
        ),
        negatives=(
            f"ALIBABA_CLOUD_ACCESS_KEY_SECRET={_ALI_SECRET[:24]}",  # too short
            "ALIBABA_CLOUD_ACCESS_KEY_SECRET=${ALIBABA_SECRET}",  # reference
        ),
    ),
)

_IBM_KEY = fake(44, B64URL, seed="ibm-cloud-api-key")

IBM_CLOUD_API_KEY = SecretRule(
    id="ibm-cloud-api-key",
    kind="ibm_cloud_api_key",
    regex=(
        rf"""(?:(?i:ibm[\w.\-]*?api_?key|ibm_?cloud_?key|ic_api_key|--apikey){ASSIGN}|"apikey"\s*:\s*")"""
        r"""(?P<secret>[A-Za-z0-9_\-]{44})(?![A-Za-z0-9_\-])(?:"\s*,\s*"iam_apikey_)?"""
    ),
    keywords=("ibm", "ic_api_key", "iam_apikey"),
    entropy=4.0,
    confidence=0.85,
    examples=Examples(
        positives=(
            f"IBMCLOUD_API_KEY={_IBM_KEY}",
            f"ibmcloud login --apikey {_IBM_KEY} -r us-south",
            f'export IC_API_KEY="{_IBM_KEY}"',
            f'{{"apikey": "{_IBM_KEY}", "iam_apikey_description": "Auto-generated"}}',
        ),
        negatives=(
            f'{{"apikey": "{_IBM_KEY}"}}',  # a generic apikey, nothing says IBM
            f"IBMCLOUD_API_KEY={_IBM_KEY[:40]}",  # too short
        ),
    ),
)

_TENCENT_ID = "AKID" + fake(32, ALNUM, seed="tencent-id")
_TENCENT_KEY = fake(32, ALNUM, seed="tencent-key")

TENCENT_CLOUD_SECRET_ID = SecretRule(
    id="tencent-cloud-secret-id",
    kind="tencent_cloud_secret_id",
    regex=token(r"AKID[A-Za-z0-9]{32}"),
    keywords=("akid",),
    entropy=4.0,
    examples=Examples(
        positives=(
            f"TENCENTCLOUD_SECRET_ID={_TENCENT_ID}",
            f'cred = credential.Credential("{_TENCENT_ID}", secret_key)',
        ),
        negatives=(
            f"TENCENTCLOUD_SECRET_ID={_TENCENT_ID[:30]}",  # too short
            f"x{_TENCENT_ID}",  # inside a longer token
        ),
    ),
)

TENCENT_CLOUD_SECRET_KEY = SecretRule(
    id="tencent-cloud-secret-key",
    kind="tencent_cloud_secret_key",
    regex=assigned(r"(?i:tencent[\w.\-]*?secret_?key|secret_?key)", r"[A-Za-z0-9]{32}"),
    keywords=("tencent",),
    entropy=4.0,
    confidence=0.8,
    examples=Examples(
        positives=(
            f"TENCENTCLOUD_SECRET_KEY={_TENCENT_KEY}",
            f"# tencent cloud\nsecret_id: {_TENCENT_ID}\nsecret_key: {_TENCENT_KEY}",
        ),
        negatives=(
            f"secret_key: {_TENCENT_KEY}",  # no Tencent context
            f"TENCENTCLOUD_SECRET_KEY={_TENCENT_KEY[:20]}",  # too short
        ),
    ),
)

RULES = (
    AWS_ACCESS_KEY_ID,
    AWS_SECRET_ACCESS_KEY,
    AWS_SESSION_TOKEN,
    AWS_MWS_KEY,
    AWS_BEDROCK_API_KEY,
    AWS_BEDROCK_SHORT_TERM_API_KEY,
    GCP_API_KEY,
    GCP_SERVICE_ACCOUNT_PRIVATE_KEY,
    GCP_OAUTH_CLIENT_SECRET,
    GCP_OAUTH_ACCESS_TOKEN,
    GCP_OAUTH_REFRESH_TOKEN,
    ALIBABA_ACCESS_KEY_ID,
    ALIBABA_ACCESS_KEY_SECRET,
    IBM_CLOUD_API_KEY,
    TENCENT_CLOUD_SECRET_ID,
    TENCENT_CLOUD_SECRET_KEY,
)
