"""Cloud providers: AWS, Google Cloud, Azure, Alibaba, IBM."""

from veil.detect.base import Examples, SecretRule, assigned, token
from veil.detect.samples import B32, B64, fake

_AWS_ID = "AKIA" + fake(16, B32, seed="aws-id")
_AWS_SECRET = fake(40, B64, seed="aws-secret")

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
            "aws_access_key_id = AKIAIOSFODNN7EXAMPLE",  # AWS's documented example
            f"id = AKIA{_AWS_ID[4:18]}",  # too short
            f"x{_AWS_ID}y",  # inside a longer token
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
            "aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",  # documented
            "aws_secret_access_key = ${AWS_SECRET_ACCESS_KEY}",  # reference
            f"aws_secret_access_key = {_AWS_SECRET[:30]}",  # too short
        ),
    ),
)

RULES = (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY)
