"""Developer tooling and CI: code quality, coverage, CI services, workflow engines."""

import dataclasses

from veil.detect.base import (
    ASSIGN,
    UUID,
    Examples,
    Rule,
    SecretRule,
    assigned,
    named,
    padded,
    token,
)
from veil.detect.filters import LITERAL
from veil.detect.samples import (
    ALNUM,
    B64,
    B64URL,
    DIGITS,
    HEX,
    LOWER,
    fake,
    fake_uuid,
)
from veil.detect.shapes import prefixed, service_named
from veil.detect.validators import looks_random, mixed_case

# --- Developer tooling and CI

# Snyk: API tokens are UUIDs, known by the Snyk name (`SNYK_TOKEN`, `snyk auth`, a `snyk:` block).
_SNYK = fake_uuid("snyk")
_UUID_ANY_CASE = UUID.replace("0-9a-f", "0-9A-Fa-f")

SNYK_API_TOKEN = SecretRule(
    id="snyk-api-token",
    kind="snyk_api_token",
    regex=assigned(
        rf"{named('snyk', r'(?:api_?|oauth_?|auth_?)?(?:key|token)')}"
        r"|(?i:snyk\s+auth|snyk\s+config\s+set\s+api)",
        _UUID_ANY_CASE,
    ),
    keywords=("snyk",),
    confidence=0.85,
    examples=Examples(
        positives=(
            f"SNYK_TOKEN={_SNYK}",
            f"snyk auth {_SNYK}",
            f"snyk config set api={_SNYK}",
            f"snyk:\n  token: {_SNYK}",
            f'const SNYK_API_KEY = "{_SNYK.upper()}"',
            f"      - uses: snyk/actions/node@master\n        env:\n          SNYK_TOKEN: {_SNYK}",
        ),
        negatives=(
            f"SNYK_ORG_ID={_SNYK}",  # an identifier, not a token
            f"token = {_SNYK}",  # no Snyk context
            f"snyk:\n  org: {_SNYK}",  # an organization id
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

# SonarQube and SonarCloud tokens from before the `sq?_` prefixes: 40 hex, known by the Sonar name
# (`SONAR_TOKEN`, `sonar.login=` in `sonar-project.properties`, `-Dsonar.token=`).
_SONAR_LEGACY = fake(40, HEX, seed="sonarqube-legacy")

SONARQUBE_LEGACY_TOKEN = service_named(
    kind="sonarqube_token",
    service="sonar(?:qube|cloud)?",
    keywords=("sonar",),
    value=r"[0-9a-f]{40}",
    sample=_SONAR_LEGACY,
    env="SONAR_TOKEN",
    key=r"(?:login|token|auth_?token|api_?key)",
    confidence=0.8,
    positives=(
        f"sonar.login={_SONAR_LEGACY}",
        f"mvn verify sonar:sonar -Dsonar.host.url=https://sq.acme.io -Dsonar.token={_SONAR_LEGACY}",
        f"const SONAR_LOGIN = '{_SONAR_LEGACY}'",
    ),
    negatives=(
        f"sonar.projectKey={_SONAR_LEGACY}",  # a project key, not a token
        f"git_sha = {_SONAR_LEGACY}",  # no Sonar context
    ),
)
SONARQUBE_LEGACY_TOKEN = dataclasses.replace(SONARQUBE_LEGACY_TOKEN, id="sonarqube-legacy-token")

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


def _letters_and_digits(value: str) -> bool:
    """A random key of letters and digits has both; a word, a number or a name does not."""
    return any(c.isdigit() for c in value) and sum(c.isalpha() for c in value) >= len(value) / 4


# --- CI servers

# Jenkins: API tokens are `11` and 32 hex (older ones 32 hex), used as the password of
# `-u user:token`, `jenkins-cli -auth user:token` or a `JENKINS_API_TOKEN`.
_JENKINS = "11" + fake(32, HEX, seed="jenkins")

JENKINS_API_TOKEN = SecretRule(
    id="jenkins-api-token",
    kind="jenkins_api_token",
    regex=(
        rf"(?:{named('jenkins', r'(?:api_?)?(?:token|key|password)')}{ASSIGN}"
        r"|(?i:jenkins)[^\n]{0,120}?(?:-auth|-u|--user)[ \t]+[\w.@\-]+:)"
        r"(?P<secret>(?:11)?[0-9a-f]{32})(?![A-Za-z0-9_\-])"
    ),
    keywords=("jenkins",),
    entropy=3.0,
    confidence=0.8,
    examples=Examples(
        positives=(
            f"JENKINS_API_TOKEN={_JENKINS}",
            f"java -jar jenkins-cli.jar -s https://ci.acme.io/ -auth deploy:{_JENKINS} who-am-i",
            f"curl -X POST https://jenkins.acme.io/job/app/build --user deploy:{_JENKINS}",
        ),
        negatives=(
            f"JENKINS_BUILD_ID={_JENKINS}",  # an identifier, not a token
            f"token = {_JENKINS}",  # no Jenkins context
            f"JENKINS_API_TOKEN={_JENKINS[:20]}",  # cut short
        ),
    ),
)

# TeamCity: access tokens are JWT-like, with a fixed header `{"typ": "TCV2"}` in base64.
_TEAMCITY = (
    "eyJ0eXAiOiAiVENWMiJ9."
    + fake(36, B64URL, seed="teamcity-1")
    + "."
    + fake(64, ALNUM, seed="teamcity-2")
)

TEAMCITY_ACCESS_TOKEN = prefixed(
    kind="teamcity_access_token",
    body=r"eyJ0eXAiOiAiVENWMiJ9\.[A-Za-z0-9_\-]{20,60}\.[A-Za-z0-9_\-]{40,100}",
    sample=_TEAMCITY,
    keywords=("eyj0exaioiaivenwmij9",),
    env="TEAMCITY_TOKEN",
    entropy=4.0,
    confidence=0.98,
    positives=(f"curl -H 'Authorization: Bearer {_TEAMCITY}' https://tc.acme.io/app/rest/builds",),
)

# Octopus Deploy: API keys are `API-` and upper-case letters and digits, sent as
# `X-Octopus-ApiKey`.
_OCTOPUS = "API-" + fake(27, "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", seed="octopus")


def _upper_key_ok(value: str) -> bool:
    body = value.split("-", 1)[-1]
    return sum(c.isdigit() for c in body) >= 3 and sum(c.isalpha() for c in body) >= 6


OCTOPUS_DEPLOY_API_KEY = prefixed(
    kind="octopus_deploy_api_key",
    body=r"API-[A-Z0-9]{25,32}",
    sample=_OCTOPUS,
    keywords=("api-",),
    env="OCTOPUS_API_KEY",
    validate=_upper_key_ok,
    confidence=0.9,
    positives=(f"curl -H 'X-Octopus-ApiKey: {_OCTOPUS}' https://octopus.acme.io/api/projects",),
    negatives=("ERROR_CODE=API-GATEWAYAUTHENTICATIONFAILED",),  # words, no digits
)

# Bitrise: personal access tokens, 86 base64url-like characters, known by the Bitrise name.
_BITRISE = fake(86, B64URL, seed="bitrise")

BITRISE_ACCESS_TOKEN = service_named(
    kind="bitrise_access_token",
    service="bitrise",
    value=r"[A-Za-z0-9_\-]{80,90}",
    sample=_BITRISE,
    env="BITRISE_TOKEN",
    entropy=4.5,
    validate=mixed_case,
    positives=(f"BITRISE_ACCESS_TOKEN: '{_BITRISE}'",),
)

# Semaphore: API tokens are 20 alphanumerics (`SEMAPHORE_API_TOKEN`, `sem connect <org> <token>`).
_SEMAPHORE = fake(20, ALNUM, seed="semaphore")

SEMAPHORE_API_TOKEN = SecretRule(
    id="semaphore-api-token",
    kind="semaphore_api_token",
    regex=assigned(
        rf"{named('semaphore')}|(?i:sem\s+connect\s+[\w.\-]+)",
        r"[A-Za-z0-9]{20}",
        r"[A-Za-z0-9_\-+/=]",
    ),
    keywords=("semaphore", "sem connect"),
    entropy=3.5,
    validate=mixed_case,
    confidence=0.8,
    examples=Examples(
        positives=(
            f"SEMAPHORE_API_TOKEN={_SEMAPHORE}",
            f"sem connect acme.semaphoreci.com {_SEMAPHORE}",
        ),
        negatives=(
            f"SEMAPHORE_PROJECT_ID={_SEMAPHORE}",  # an identifier
            f"api_token = {_SEMAPHORE}",  # no Semaphore context
        ),
    ),
)

# Drone: personal tokens are 32 alphanumerics (`DRONE_TOKEN`, with `DRONE_SERVER`).
_DRONE = fake(32, ALNUM, seed="drone")

DRONE_TOKEN = service_named(
    kind="drone_token",
    service=r"(?<![a-z0-9])drone",
    keywords=("drone",),
    value=r"[A-Za-z0-9]{32}",
    sample=_DRONE,
    env="DRONE_TOKEN",
    key=r"(?:api_?|access_?)?token",
    entropy=3.8,
    validate=mixed_case,
    positives=(f"export DRONE_SERVER=https://ci.acme.io\nexport DRONE_TOKEN={_DRONE}",),
    negatives=(f"DRONE_BUILD_NUMBER={_DRONE}",),
)

# Codemagic: API tokens (`CM_API_TOKEN`, `x-auth-token` to api.codemagic.io).
_CODEMAGIC = fake(43, B64URL, seed="codemagic")

CODEMAGIC_API_TOKEN = SecretRule(
    id="codemagic-api-token",
    kind="codemagic_api_token",
    regex=assigned(
        rf"{named('codemagic')}|(?i:(?<![a-z0-9])cm_api_token"
        r"|x-auth-token(?=[^\n]{0,100}codemagic))",
        r"[A-Za-z0-9_\-]{30,64}",
        r"[A-Za-z0-9_\-+/=]",
    ),
    keywords=("codemagic", "cm_api_token"),
    entropy=4.0,
    validate=mixed_case,
    confidence=0.8,
    examples=Examples(
        positives=(
            f"CM_API_TOKEN={_CODEMAGIC}",
            f"CODEMAGIC_API_TOKEN: {_CODEMAGIC}",
        ),
        negatives=(
            f"CODEMAGIC_APP_ID={_CODEMAGIC[:24]}",  # an identifier
            f"api_token = {_CODEMAGIC}",  # no Codemagic context
        ),
    ),
)

# AppVeyor: API keys (`APPVEYOR_API_TOKEN`), `v2.` and 20 alphanumerics for account-scoped ones.
_APPVEYOR = "v2." + fake(20, ALNUM, seed="appveyor")

APPVEYOR_API_KEY = SecretRule(
    id="appveyor-api-key",
    kind="appveyor_api_key",
    regex=assigned(named("appveyor"), r"(?:v2\.)?[A-Za-z0-9]{20,40}", r"[A-Za-z0-9_.\-+/=]"),
    keywords=("appveyor",),
    entropy=3.5,
    validate=lambda v: mixed_case(v.removeprefix("v2.")),
    confidence=0.75,
    examples=Examples(
        positives=(
            f"APPVEYOR_API_TOKEN={_APPVEYOR}",
            f"APPVEYOR_API_KEY={fake(32, ALNUM, seed='appveyor-legacy')}",
            f'appveyor:\n  api_key: "{_APPVEYOR}"',
        ),
        negatives=(
            f"api_key = {_APPVEYOR}",  # no AppVeyor context
            f"APPVEYOR_API_TOKEN=v2.{_APPVEYOR[3:15]}",  # too short
            f"APPVEYOR_PROJECT_ID={_APPVEYOR}",  # an identifier
        ),
    ),
)

# Coder: session tokens are 10 and 22 alphanumerics joined by `-` (`CODER_SESSION_TOKEN`,
# `Coder-Session-Token` header).
_CODER = f"{fake(10, ALNUM, seed='coder-1')}-{fake(22, ALNUM, seed='coder-2')}"

CODER_SESSION_TOKEN = SecretRule(
    id="coder-session-token",
    kind="coder_session_token",
    regex=assigned(
        rf"{named(r'(?<![a-z0-9])coder', r'(?:session_?)?token')}|(?i:coder-session-token)",
        r"[A-Za-z0-9]{10}-[A-Za-z0-9]{22}",
    ),
    keywords=("coder",),
    entropy=4.0,
    confidence=0.85,
    examples=Examples(
        positives=(
            f"CODER_SESSION_TOKEN={_CODER}",
            f"curl -H 'Coder-Session-Token: {_CODER}' https://coder.acme.io/api/v2/users/me",
        ),
        negatives=(
            f"session_token = {_CODER}",  # no Coder context
            f"CODER_SESSION_TOKEN={_CODER[:20]}",  # cut short
        ),
    ),
)

# --- Build caches and monorepo tools

# Nx Cloud: access tokens (`NX_CLOUD_ACCESS_TOKEN`, `nxCloudAccessToken` in nx.json) are base64,
# sometimes with a `|read-write` scope suffix.
_NX = fake(64, B64, seed="nx-cloud") + "|read-write"

NX_CLOUD_ACCESS_TOKEN = SecretRule(
    id="nx-cloud-access-token",
    kind="nx_cloud_access_token",
    regex=assigned(
        r"(?i:nx_?cloud[\w.\-]*?(?:access_?|auth_?)?token|nxCloudAccessToken)",
        r"[A-Za-z0-9+/]{36,120}={0,2}(?:\|read(?:-write|-only))?",
        r"[A-Za-z0-9_\-+/=|]",
    ),
    keywords=("nx_cloud", "nxcloud"),
    entropy=4.0,
    confidence=0.85,
    examples=Examples(
        positives=(
            f"NX_CLOUD_ACCESS_TOKEN={_NX}",
            f'{{\n  "nxCloudAccessToken": "{_NX.split("|")[0]}"\n}}',
        ),
        negatives=(
            f"NX_CLOUD_ID={fake(24, HEX, seed='nx-id')}",  # an identifier
            f"access_token = {_NX}",  # no Nx Cloud context
        ),
    ),
)

# Turborepo remote cache: `TURBO_TOKEN` (a Vercel token, or a self-hosted cache's own).
_TURBO = fake(24, ALNUM, seed="turbo")

TURBOREPO_REMOTE_CACHE_TOKEN = SecretRule(
    id="turborepo-remote-cache-token",
    kind="turborepo_remote_cache_token",
    regex=assigned(
        r"(?i:(?<![a-z0-9])turbo_?(?:remote_?cache_?)?token|turbo\s+(?:run|login)\b[^\n]{0,80}?--token)",
        r"[A-Za-z0-9_\-]{20,100}",
        r"[A-Za-z0-9_\-+/=]",
    ),
    keywords=("turbo",),
    entropy=3.8,
    validate=looks_random,
    confidence=0.8,
    examples=Examples(
        positives=(
            f"TURBO_TOKEN={_TURBO}",
            f"npx turbo run build --team=acme --token={_TURBO}",
        ),
        negatives=(
            f"TURBO_TEAM={_TURBO}",  # a team slug, not a token
            f"token = {_TURBO}",  # no Turborepo context
            "TURBO_TOKEN=turborepoRemoteCacheToken",  # words, not a random token
        ),
    ),
)

# --- Test and visual-testing clouds

# Cypress Cloud: record keys are UUIDs (`CYPRESS_RECORD_KEY`, `cypress run --record --key`).
_CYPRESS = fake_uuid("cypress")

CYPRESS_RECORD_KEY = SecretRule(
    id="cypress-record-key",
    kind="cypress_record_key",
    regex=assigned(
        rf"{named('cypress', r'record_?key')}|(?i:cypress\s+run\b[^\n]{{0,80}}?--key)",
        UUID,
    ),
    keywords=("cypress",),
    confidence=0.85,
    examples=Examples(
        positives=(
            f"CYPRESS_RECORD_KEY={_CYPRESS}",
            f"npx cypress run --record --key {_CYPRESS} --parallel",
        ),
        negatives=(
            f"CYPRESS_PROJECT_ID={_CYPRESS}",  # an identifier
            f"record_key = {_CYPRESS}",  # no Cypress context
        ),
    ),
)

# BrowserStack: access keys are 20 alphanumerics (`BROWSERSTACK_ACCESS_KEY`).
BROWSERSTACK_ACCESS_KEY = service_named(
    kind="browserstack_access_key",
    service="browserstack",
    value=r"[A-Za-z0-9]{20}",
    sample=fake(20, ALNUM, seed="browserstack"),
    env="BROWSERSTACK_ACCESS_KEY",
    key=r"(?:access_?)?key",
    entropy=3.5,
    validate=mixed_case,
    positives=(f"browserstack.key={fake(20, ALNUM, seed='browserstack')}",),
    negatives=(f"BROWSERSTACK_USERNAME={fake(20, ALNUM, seed='browserstack')}",),
)

# Sauce Labs: access keys are UUIDs (`SAUCE_ACCESS_KEY`).
SAUCE_LABS_ACCESS_KEY = service_named(
    kind="sauce_labs_access_key",
    service="sauce",
    value=UUID,
    sample=fake_uuid("saucelabs"),
    env="SAUCE_ACCESS_KEY",
    key=r"(?:access_?)?key",
    keywords=("sauce",),
    entropy=None,
    positives=(f"sauce:\n  access_key: {fake_uuid('saucelabs')}",),
    negatives=(f"SAUCE_TUNNEL_ID={fake_uuid('saucelabs')}",),
)

# LambdaTest: access keys, `LT_` and about 50 alphanumerics (`LT_ACCESS_KEY`).
_LAMBDATEST = "LT_" + fake(47, ALNUM, seed="lambdatest")

LAMBDATEST_ACCESS_KEY = SecretRule(
    id="lambdatest-access-key",
    kind="lambdatest_access_key",
    regex=assigned(
        r"(?i:lambdatest[\w.\-]*?(?:access_?)?key|(?<![a-z0-9])lt_access_key)",
        r"(?:LT_)?[A-Za-z0-9]{30,64}",
    ),
    keywords=("lambdatest", "lt_access_key"),
    entropy=4.0,
    validate=lambda v: mixed_case(v.removeprefix("LT_")),
    confidence=0.8,
    examples=Examples(
        positives=(
            f"LT_ACCESS_KEY={_LAMBDATEST}",
            f"LAMBDATEST_ACCESS_KEY: {_LAMBDATEST}",
        ),
        negatives=(
            f"LT_USERNAME={_LAMBDATEST}",  # not the key
            f"access_key = {_LAMBDATEST}",  # no LambdaTest context
        ),
    ),
)

# Percy (BrowserStack): project tokens are 64 hex, newer ones prefixed by project type
# (`web_`, `auto_`, `app_`); known by `PERCY_TOKEN`.
_PERCY = "web_" + fake(64, HEX, seed="percy")

PERCY_TOKEN = service_named(
    kind="percy_token",
    service="percy",
    value=r"(?:(?:web|auto|app|ss|vmw)_)?[0-9a-f]{64}",
    sample=_PERCY,
    env="PERCY_TOKEN",
    positives=(f"PERCY_TOKEN={fake(64, HEX, seed='percy-legacy')}",),
    negatives=(f"PERCY_BUILD_ID={fake(64, HEX, seed='percy-legacy')}",),
)

# Chromatic: project tokens (`CHROMATIC_PROJECT_TOKEN`, `chromatic --project-token`).
_CHROMATIC = "chpt_" + fake(14, "0123456789abcdef", seed="chromatic")

CHROMATIC_PROJECT_TOKEN = SecretRule(
    id="chromatic-project-token",
    kind="chromatic_project_token",
    regex=assigned(
        named("chromatic", r"(?:project_?)?token")
        + r"|(?i:chromatic\b[^\n]{0,80}?--project-token)",
        r"(?:chpt_)?[A-Za-z0-9]{12,40}",
    ),
    keywords=("chromatic",),
    entropy=3.0,
    validate=lambda v: _letters_and_digits(v.removeprefix("chpt_")),
    confidence=0.8,
    examples=Examples(
        positives=(
            f"CHROMATIC_PROJECT_TOKEN={_CHROMATIC}",
            f"npx chromatic --project-token={_CHROMATIC} --exit-zero-on-changes",
        ),
        negatives=(
            f"CHROMATIC_APP_ID={_CHROMATIC[5:]}",  # an identifier
            f"project_token = {_CHROMATIC}",  # no Chromatic context
        ),
    ),
)

# --- Code quality and coverage

# Coveralls: repository tokens (`COVERALLS_REPO_TOKEN`), 32 to 40 alphanumerics.
COVERALLS_REPO_TOKEN = service_named(
    kind="coveralls_repo_token",
    service="coveralls",
    value=r"[A-Za-z0-9]{30,40}",
    sample=fake(37, ALNUM, seed="coveralls"),
    env="COVERALLS_REPO_TOKEN",
    key=r"(?:repo_?)?(?:token|key|privatekey)",
    entropy=3.8,
    validate=mixed_case,
    positives=(f"# .coveralls.yml\ncoveralls:\n  repo_token: {fake(37, ALNUM, seed='coveralls')}",),
)

# Codacy: project and account API tokens, 32 hex (`CODACY_PROJECT_TOKEN`, `CODACY_API_TOKEN`).
CODACY_TOKEN = service_named(
    kind="codacy_token",
    service="codacy",
    value=r"[0-9a-f]{32}",
    sample=fake(32, HEX, seed="codacy"),
    env="CODACY_PROJECT_TOKEN",
    key=r"(?:project_?|api_?|account_?)?token",
    entropy=3.0,
    positives=(f"CODACY_API_TOKEN: {fake(32, HEX, seed='codacy')}",),
)

# DeepSource: the DSN a repository reports with is `https://<32 hex>@app.deepsource.com`.
_DEEPSOURCE = f"https://{fake(32, HEX, seed='deepsource')}@app.deepsource.com"

DEEPSOURCE_DSN = SecretRule(
    id="deepsource-dsn",
    kind="deepsource_dsn",
    regex=r"(?P<secret>https://[0-9a-f]{32}@(?:app\.)?deepsource\.(?:com|io))(?![A-Za-z0-9_\-.])",
    keywords=("deepsource.",),
    entropy=3.0,
    confidence=0.95,
    examples=Examples(
        positives=(
            f"DEEPSOURCE_DSN={_DEEPSOURCE}",
            f"      - run: ./bin/deepsource report --analyzer test-coverage\n        env:\n"
            f"          DEEPSOURCE_DSN: {_DEEPSOURCE}",
        ),
        negatives=(
            "DEEPSOURCE_DSN=https://app.deepsource.com",  # no key
            f"url = https://{fake(20, HEX, seed='ds-short')}@app.deepsource.com",  # too short
        ),
    ),
)

# Code Climate: the test reporter id (`CC_TEST_REPORTER_ID`) is 64 hex.
_CC_REPORTER = fake(64, HEX, seed="codeclimate")

CODECLIMATE_REPORTER_ID = SecretRule(
    id="codeclimate-reporter-id",
    kind="codeclimate_reporter_id",
    regex=assigned(
        r"(?i:cc_test_reporter_id|codeclimate[\w.\-]*?(?:reporter_?id|token|repo_?token))",
        r"[0-9a-f]{64}",
    ),
    keywords=("cc_test_reporter_id", "codeclimate"),
    entropy=3.0,
    confidence=0.85,
    examples=Examples(
        positives=(
            f"CC_TEST_REPORTER_ID={_CC_REPORTER}",
            f"      - uses: paambaati/codeclimate-action@v9\n        env:\n"
            f"          CC_TEST_REPORTER_ID: {_CC_REPORTER}",
        ),
        negatives=(
            f"CC_TEST_REPORTER_ID={_CC_REPORTER[:40]}",  # cut short
            f"sha256 = {_CC_REPORTER}",  # no Code Climate context
        ),
    ),
)

# --- Developer portals and mobile builds

# ReadMe: API keys are `rdme_` and alphanumerics.
_README = "rdme_" + fake(70, LOWER + DIGITS, seed="readme")

README_API_KEY = SecretRule(
    id="readme-api-key",
    kind="readme_api_key",
    regex=token(r"rdme_[A-Za-z0-9]{40,100}"),
    keywords=("rdme_",),
    entropy=4.0,
    filters=LITERAL,
    confidence=0.95,
    examples=Examples(
        positives=(
            f"README_API_KEY={_README}",
            f"npx rdme openapi upload openapi.json --key={_README}",
        ),
        negatives=(
            f"README_API_KEY={_README[:30]}",  # too short
            f"README_API_KEY=x{_README}",  # inside a longer token
        ),
    ),
)

# Expo (EAS): access tokens are 40 characters (`EXPO_TOKEN`).
EXPO_ACCESS_TOKEN = service_named(
    kind="expo_access_token",
    service=r"(?<![a-z0-9])expo(?![a-z])",
    keywords=("expo",),
    value=r"[A-Za-z0-9_\-]{40}",
    sample=fake(40, B64URL, seed="expo"),
    env="EXPO_TOKEN",
    key=r"(?:access_?)?token",
    entropy=4.0,
    validate=mixed_case,
    positives=(f"EXPO_ACCESS_TOKEN: {fake(40, B64URL, seed='expo')}",),
    negatives=(f"EXPORT_TOKEN={fake(40, B64URL, seed='expo')}",),
)

# --- Infrastructure automation and platforms

# Infisical: service tokens are `st.<id>.<key>.<decryption key>` (hex parts); Universal Auth client
# secrets are 64 hex known by their name.
_INFISICAL = (
    f"st.{fake(24, HEX, seed='inf-1')}.{fake(32, HEX, seed='inf-2')}.{fake(32, HEX, seed='inf-3')}"
)

INFISICAL_SERVICE_TOKEN = prefixed(
    kind="infisical_service_token",
    body=r"st\.[0-9a-f]{24}\.[0-9a-f]{32}\.[0-9a-f]{32}",
    sample=_INFISICAL,
    keywords=("st.",),
    env="INFISICAL_TOKEN",
    confidence=0.97,
    chars=r"[A-Za-z0-9_.\-]",
    positives=(f"infisical export --token={_INFISICAL} --env=prod",),
)

_INFISICAL_SECRET = fake(64, HEX, seed="infisical-client-secret")

INFISICAL_CLIENT_SECRET = service_named(
    kind="infisical_client_secret",
    service="infisical",
    value=r"[0-9a-f]{64}",
    sample=_INFISICAL_SECRET,
    env="INFISICAL_CLIENT_SECRET",
    key=r"client_?secret",
    positives=(
        f"INFISICAL_UNIVERSAL_AUTH_CLIENT_SECRET={_INFISICAL_SECRET}",
        f"infisical:\n  client_secret: {_INFISICAL_SECRET}",
    ),
    negatives=(f"INFISICAL_CLIENT_ID={fake_uuid('infisical-id')}",),
)

# Portainer: API keys are `ptr_` and base64 of 32 random bytes (`X-API-Key`).
_PORTAINER = "ptr_" + fake(43, B64, seed="portainer") + "="

PORTAINER_API_KEY = SecretRule(
    id="portainer-api-key",
    kind="portainer_api_key",
    regex=padded(r"ptr_[A-Za-z0-9+/]{43}="),
    keywords=("ptr_",),
    entropy=4.0,
    filters=LITERAL,
    confidence=0.95,
    examples=Examples(
        positives=(
            f"PORTAINER_API_KEY={_PORTAINER}",
            f"curl -H 'X-API-Key: {_PORTAINER}' https://portainer.acme.io/api/endpoints",
        ),
        negatives=(
            f"PORTAINER_API_KEY={_PORTAINER[:30]}",  # too short
            f"p = ptr_{fake(43, B64, seed='portainer')}",  # not padded: not base64 of 32 bytes
        ),
    ),
)

# Rancher: API keys are an access key `token-<5>` and a 54-character secret, joined by `:` as the
# bearer token; the secret alone sits in `RANCHER_SECRET_KEY` / `CATTLE_SECRET_KEY`.
_RANCHER_SECRET = fake(54, "bcdfghjklmnpqrstvwxz2456789", seed="rancher")
_RANCHER = f"token-{fake(5, 'bcdfghjklmnpqrstvwxz2456789', seed='rancher-id')}:{_RANCHER_SECRET}"

RANCHER_API_TOKEN = SecretRule(
    id="rancher-api-token",
    kind="rancher_api_token",
    regex=(
        r"(?:(?<![A-Za-z0-9_\-])token-[a-z0-9]{5}:|"
        + named("rancher2?|cattle", r"secret_?key|token")
        + ASSIGN
        + r")(?P<secret>[a-z0-9]{54})(?![A-Za-z0-9_\-])"
    ),
    keywords=("token-", "rancher", "cattle"),
    entropy=3.8,
    validate=_letters_and_digits,
    confidence=0.9,
    examples=Examples(
        positives=(
            f"RANCHER_TOKEN={_RANCHER}",
            f"rancher login https://rancher.acme.io --token {_RANCHER}",
            f'provider "rancher2" {{\n  secret_key = "{_RANCHER_SECRET}"\n}}',
        ),
        negatives=(
            f"RANCHER_TOKEN=token-{_RANCHER[6:11]}:{_RANCHER_SECRET[:40]}",  # secret too short
            f"secret_key = {_RANCHER_SECRET}",  # no Rancher context
        ),
    ),
)

# Codefresh: API keys are 24 hex, `.`, 32 hex (`CF_API_KEY`, `codefresh auth create-context`).
_CODEFRESH = f"{fake(24, HEX, seed='codefresh-1')}.{fake(32, HEX, seed='codefresh-2')}"

CODEFRESH_API_KEY = SecretRule(
    id="codefresh-api-key",
    kind="codefresh_api_key",
    regex=assigned(
        rf"{named('codefresh')}|(?i:(?<![a-z0-9])cf_api_key|codefresh\s+auth\b[^\n]{{0,80}}?--api-key)",
        r"[0-9a-f]{24}\.[0-9a-f]{32}",
        r"[A-Za-z0-9_.\-]",
    ),
    keywords=("codefresh", "cf_api_key"),
    entropy=3.0,
    confidence=0.9,
    examples=Examples(
        positives=(
            f"CF_API_KEY={_CODEFRESH}",
            f"codefresh auth create-context --api-key {_CODEFRESH}",
        ),
        negatives=(
            f"api_key = {_CODEFRESH}",  # no Codefresh context
            f"CF_API_KEY={_CODEFRESH[:40]}",  # cut short
        ),
    ),
)

# Spacelift: API keys are an id and a secret (`SPACELIFT_API_KEY_SECRET`).
_SPACELIFT = fake(48, ALNUM, seed="spacelift")

SPACELIFT_API_KEY_SECRET = SecretRule(
    id="spacelift-api-key-secret",
    kind="spacelift_api_key_secret",
    regex=assigned(
        named("spacelift", r"(?:api_?key_?)?secret"), r"[A-Za-z0-9]{32,64}", r"[A-Za-z0-9_\-+/=]"
    ),
    keywords=("spacelift",),
    entropy=4.0,
    validate=mixed_case,
    confidence=0.75,
    examples=Examples(
        positives=(
            f"SPACELIFT_API_KEY_SECRET={_SPACELIFT}",
            f"spacelift:\n  api_key_secret: {_SPACELIFT}",
        ),
        negatives=(
            f"SPACELIFT_API_KEY_ID={_SPACELIFT[:26]}",  # the key's id
            f"api_key_secret = {_SPACELIFT}",  # no Spacelift context
            f"SPACELIFT_API_KEY_SECRET={_SPACELIFT[:20]}",  # too short
        ),
    ),
)

# env0: API keys are an id and a secret (`ENV0_API_KEY`, `ENV0_API_SECRET`).
_ENV0 = fake(32, B64URL, seed="env0")

ENV0_API_SECRET = SecretRule(
    id="env0-api-secret",
    kind="env0_api_secret",
    regex=assigned(
        named(r"(?<![a-z0-9])env0", r"(?:api_?)?secret"),
        r"[A-Za-z0-9_\-]{24,64}",
        r"[A-Za-z0-9_\-+/=]",
    ),
    keywords=("env0",),
    entropy=4.0,
    validate=mixed_case,
    confidence=0.75,
    examples=Examples(
        positives=(
            f"ENV0_API_SECRET={_ENV0}",
            f'provider "env0" {{\n  api_secret = "{_ENV0}"\n}}',
        ),
        negatives=(
            f"ENV0_API_KEY={fake(16, ALNUM, seed='env0-id')}",  # the key's id
            f"api_secret = {_ENV0}",  # no env0 context
            f"ENV0_API_SECRET={_ENV0[:16]}",  # too short
        ),
    ),
)

RULES = (
    SNYK_API_TOKEN,
    SONARQUBE_TOKEN,
    SONARQUBE_LEGACY_TOKEN,
    CODECOV_TOKEN,
    CIRCLECI_PERSONAL_TOKEN,
    CIRCLECI_PROJECT_TOKEN,
    TRAVIS_CI_TOKEN,
    BUILDKITE_API_TOKEN,
    PREFECT_API_KEY,
    HARNESS_API_KEY,
    INFRACOST_API_KEY,
    JENKINS_API_TOKEN,
    TEAMCITY_ACCESS_TOKEN,
    OCTOPUS_DEPLOY_API_KEY,
    BITRISE_ACCESS_TOKEN,
    SEMAPHORE_API_TOKEN,
    DRONE_TOKEN,
    CODEMAGIC_API_TOKEN,
    APPVEYOR_API_KEY,
    CODER_SESSION_TOKEN,
    NX_CLOUD_ACCESS_TOKEN,
    TURBOREPO_REMOTE_CACHE_TOKEN,
    CYPRESS_RECORD_KEY,
    BROWSERSTACK_ACCESS_KEY,
    SAUCE_LABS_ACCESS_KEY,
    LAMBDATEST_ACCESS_KEY,
    PERCY_TOKEN,
    CHROMATIC_PROJECT_TOKEN,
    COVERALLS_REPO_TOKEN,
    CODACY_TOKEN,
    DEEPSOURCE_DSN,
    CODECLIMATE_REPORTER_ID,
    README_API_KEY,
    EXPO_ACCESS_TOKEN,
    INFISICAL_SERVICE_TOKEN,
    INFISICAL_CLIENT_SECRET,
    PORTAINER_API_KEY,
    RANCHER_API_TOKEN,
    CODEFRESH_API_KEY,
    SPACELIFT_API_KEY_SECRET,
    ENV0_API_SECRET,
)
