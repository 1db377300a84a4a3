"""Developer tooling and CI: code quality, coverage, CI services, workflow engines."""

from veil.detect.base import UUID, Examples, Rule, SecretRule, assigned, named, token
from veil.detect.filters import LITERAL
from veil.detect.samples import (
    ALNUM,
    B64URL,
    DIGITS,
    HEX,
    LOWER,
    fake,
    fake_uuid,
)
from veil.detect.validators import mixed_case

# --- Developer tooling and CI

_SNYK = fake_uuid("snyk")

SNYK_API_TOKEN = SecretRule(
    id="snyk-api-token",
    kind="snyk_api_token",
    regex=assigned(
        r"(?i:snyk[\w.\-]*?(?:api_?|oauth_?)?(?:key|token)|snyk\s+auth|snyk\s+config\s+set\s+api)",
        UUID,
    ),
    keywords=("snyk",),
    confidence=0.85,
    examples=Examples(
        positives=(
            f"SNYK_TOKEN={_SNYK}",
            f"snyk auth {_SNYK}",
            f"snyk config set api={_SNYK}",
        ),
        negatives=(
            f"SNYK_ORG_ID={_SNYK}",  # an identifier, not a token
            f"token = {_SNYK}",  # no Snyk context
        ),
    ),
)

_SONAR = "sqp_" + fake(40, HEX, seed="sonarqube")

SONARQUBE_TOKEN = SecretRule(
    id="sonarqube-token",
    kind="sonarqube_token",
    regex=token(r"sq[pua]_[0-9a-f]{40}"),
    keywords=("sqp_", "squ_", "sqa_"),
    entropy=3.0,
    confidence=0.97,
    examples=Examples(
        positives=(
            f"SONAR_TOKEN={_SONAR}",
            f"mvn sonar:sonar -Dsonar.token={_SONAR.replace('sqp_', 'squ_')}",
            f"sonar.login={_SONAR.replace('sqp_', 'sqa_')}",
        ),
        negatives=(
            f"SONAR_TOKEN={_SONAR[:-4]}",  # too short
            f"SONAR_TOKEN={_SONAR.replace('sqp_', 'sqx_')}",  # unknown token type
        ),
    ),
)

_CODECOV = fake_uuid("codecov")

CODECOV_TOKEN = SecretRule(
    id="codecov-token",
    kind="codecov_token",
    regex=assigned(named("codecov", r"(?:upload_?)?token"), UUID),
    keywords=("codecov",),
    confidence=0.85,
    examples=Examples(
        positives=(
            f"CODECOV_TOKEN={_CODECOV}",
            f"codecov:\n  token: {_CODECOV}",
        ),
        negatives=(
            f"CODECOV_REPO_ID={_CODECOV}",  # an identifier, not a token
            f"token: {_CODECOV}",  # no Codecov context
        ),
    ),
)


def _circleci(kind: str, prefix: str, env: str) -> Rule:
    value = f"{prefix}_{fake(22, ALNUM, seed=f'circleci-{prefix}')}_" + fake(
        40, HEX, seed=f"circleci-{prefix}-2"
    )
    return SecretRule(
        id=kind.replace("_", "-"),
        kind=kind,
        regex=token(prefix + r"_[A-Za-z0-9]{22}_[0-9a-f]{40}"),
        keywords=(prefix.lower() + "_",),
        entropy=4.0,
        confidence=0.98,
        examples=Examples(
            positives=(
                f"{env}={value}",
                f"curl https://circleci.com/api/v2/me -H 'Circle-Token: {value}'",
            ),
            negatives=(
                f"{env}={value[:-4]}",  # too short
                f"{env}={value}f",  # inside a longer token
            ),
        ),
    )


CIRCLECI_PERSONAL_TOKEN = _circleci("circleci_personal_token", "CCIPAT", "CIRCLECI_TOKEN")
CIRCLECI_PROJECT_TOKEN = _circleci("circleci_project_token", "CCIPRJ", "CIRCLE_PROJECT_TOKEN")

_TRAVIS = fake(22, B64URL, seed="travis")

TRAVIS_CI_TOKEN = SecretRule(
    id="travis-ci-token",
    kind="travis_ci_token",
    regex=assigned(named("travis", r"(?:api_?|access_?)?token"), r"[A-Za-z0-9_\-]{22}"),
    keywords=("travis",),
    entropy=3.8,
    validate=lambda v: mixed_case(v, 10),
    confidence=0.75,
    examples=Examples(
        positives=(
            f"TRAVIS_API_TOKEN={_TRAVIS}",
            f"travis login --pro --github-token x --api-token {_TRAVIS}",
        ),
        negatives=(
            f"TRAVIS_BUILD_ID={_TRAVIS}",  # an identifier, not a token
            f"token = {_TRAVIS}",  # no Travis context
        ),
    ),
)

_BUILDKITE = "bkua_" + fake(40, LOWER + DIGITS, seed="buildkite")

BUILDKITE_API_TOKEN = SecretRule(
    id="buildkite-api-token",
    kind="buildkite_api_token",
    regex=token(r"bkua_[a-z0-9]{40}"),
    keywords=("bkua_",),
    entropy=3.5,
    confidence=0.98,
    examples=Examples(
        positives=(
            f"BUILDKITE_API_TOKEN={_BUILDKITE}",
            f"curl -H 'Authorization: Bearer {_BUILDKITE}' https://api.buildkite.com/v2/user",
        ),
        negatives=(
            f"BUILDKITE_API_TOKEN={_BUILDKITE[:-4]}",  # too short
            f"BUILDKITE_API_TOKEN={_BUILDKITE}a",  # inside a longer token
        ),
    ),
)

_PREFECT = "pnu_" + fake(36, ALNUM, seed="prefect")

PREFECT_API_KEY = SecretRule(
    id="prefect-api-key",
    kind="prefect_api_key",
    regex=token(r"pnu_[A-Za-z0-9]{36}"),
    keywords=("pnu_",),
    entropy=4.0,
    confidence=0.97,
    examples=Examples(
        positives=(
            f"PREFECT_API_KEY={_PREFECT}",
            f"prefect cloud login --key {_PREFECT}",
        ),
        negatives=(
            f"PREFECT_API_KEY={_PREFECT[:-6]}",  # too short
            f"PREFECT_API_KEY={_PREFECT}x",  # inside a longer token
        ),
    ),
)

_HARNESS = f"pat.{fake(22, B64URL, seed='harness-1')}.{fake(24, ALNUM, seed='harness-2')}." + fake(
    20, ALNUM, seed="harness-3"
)

HARNESS_API_KEY = SecretRule(
    id="harness-api-key",
    kind="harness_api_key",
    regex=token(r"(?:pat|sat)\.[A-Za-z0-9_\-]{22}\.[A-Za-z0-9]{24}\.[A-Za-z0-9]{20}"),
    keywords=("pat.", "sat."),
    entropy=4.0,
    filters=LITERAL,
    confidence=0.95,
    examples=Examples(
        positives=(
            f"HARNESS_API_KEY={_HARNESS}",
            f"curl -H 'x-api-key: {_HARNESS}' https://app.harness.io/ng/api/user/currentUser",
        ),
        negatives=(
            f"HARNESS_API_KEY={_HARNESS[:-5]}",  # too short
            f"HARNESS_API_KEY=tok.{_HARNESS[4:]}",  # unknown key type
        ),
    ),
)

_INFRACOST = "ico-" + fake(32, ALNUM, seed="infracost")

INFRACOST_API_KEY = SecretRule(
    id="infracost-api-key",
    kind="infracost_api_key",
    regex=token(r"ico-[A-Za-z0-9]{32}"),
    keywords=("ico-",),
    entropy=4.0,
    confidence=0.95,
    examples=Examples(
        positives=(
            f"INFRACOST_API_KEY={_INFRACOST}",
            f"infracost configure set api_key {_INFRACOST}",
        ),
        negatives=(
            f"INFRACOST_API_KEY={_INFRACOST[:-6]}",  # too short
            f"icon = favicon-{_INFRACOST[4:]}",  # inside a longer token
        ),
    ),
)


RULES = (
    SNYK_API_TOKEN,
    SONARQUBE_TOKEN,
    CODECOV_TOKEN,
    CIRCLECI_PERSONAL_TOKEN,
    CIRCLECI_PROJECT_TOKEN,
    TRAVIS_CI_TOKEN,
    BUILDKITE_API_TOKEN,
    PREFECT_API_KEY,
    HARNESS_API_KEY,
    INFRACOST_API_KEY,
)
