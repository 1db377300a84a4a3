"""Cloud providers: AWS, Google Cloud, Alibaba, IBM, Tencent (Azure has its own module)."""

from veil.detect.base import ASSIGN, Examples, SecretRule, assigned, token
from veil.detect.filters import LITERAL
from veil.detect.samples import ALNUM, B32, B64, B64URL, HEX, fake

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

GCP_API_KEY = SecretRule(
    id="gcp-api-key",
    kind="gcp_api_key",
    regex=token(r"AIza[A-Za-z0-9_\-]{35}"),
    keywords=("aiza",),
    entropy=4.0,
    confidence=0.95,
    examples=Examples(
        positives=(
            f"GOOGLE_MAPS_API_KEY={_GCP_KEY}",
            f'const firebaseConfig = {{ apiKey: "{_GCP_KEY}" }};',
            f"https://maps.googleapis.com/maps/api/geocode/json?key={_GCP_KEY}",
        ),
        negatives=(
            f"key = {_GCP_KEY[:-3]}",  # too short
            f"key = {_GCP_KEY}abc",  # inside a longer token
        ),
        documented=(
            "apiKey: AIzaXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX",  # placeholder
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
    GCP_API_KEY,
    GCP_SERVICE_ACCOUNT_PRIVATE_KEY,
    GCP_OAUTH_CLIENT_SECRET,
    GCP_OAUTH_ACCESS_TOKEN,
    ALIBABA_ACCESS_KEY_ID,
    ALIBABA_ACCESS_KEY_SECRET,
    IBM_CLOUD_API_KEY,
    TENCENT_CLOUD_SECRET_ID,
    TENCENT_CLOUD_SECRET_KEY,
)
