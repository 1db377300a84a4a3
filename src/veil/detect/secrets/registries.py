"""Package registries: npm, PyPI, Docker Hub, RubyGems, NuGet, crates.io, Clojars, JFrog."""

import base64
import binascii

from veil.detect.base import Examples, SecretRule, assigned, named, token
from veil.detect.samples import ALNUM, B64, B64URL, DIGITS, HEX, LOWER, fake


def _mixed_case(value: str) -> bool:
    """Random keys mix upper and lower case throughout; identifiers and words do not."""
    least = len(value) / 6
    return sum(c.isupper() for c in value) >= least and sum(c.islower() for c in value) >= least


def _basic_pair(value: str) -> bool:
    """Base64 of `user:password`, as Docker and npm store registry credentials."""
    try:
        decoded = base64.b64decode(value, validate=True).decode("utf-8")
    except (binascii.Error, ValueError):
        return False
    user, sep, password = decoded.partition(":")
    return bool(sep and user and password) and decoded.isprintable()


def _uuid(seed: str) -> str:
    return "-".join(fake(n, HEX, seed=f"{seed}-{i}") for i, n in enumerate((8, 4, 4, 4, 12)))


_NPM = "npm_" + fake(36, ALNUM, seed="npm")

NPM_ACCESS_TOKEN = SecretRule(
    id="npm-access-token",
    kind="npm_access_token",
    regex=token(r"npm_[A-Za-z0-9]{36}"),
    keywords=("npm_",),
    entropy=4.0,
    confidence=0.97,
    examples=Examples(
        positives=(
            f"//registry.npmjs.org/:_authToken={_NPM}",
            f"NPM_TOKEN={_NPM}",
            f"      - run: npm publish\n        env:\n          NODE_AUTH_TOKEN: {_NPM}",
        ),
        negatives=(
            f"NPM_TOKEN={_NPM[:-6]}",  # too short
            f"NPM_TOKEN={_NPM}a",  # inside a longer token
        ),
        documented=(
            "NPM_TOKEN=npm_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",  # placeholder
        ),
    ),
)

# An upload token is a macaroon: base64 of a binary blob that names its location, pypi.org or
# test.pypi.org, right at the start.
_PYPI = "pypi-AgEIcHlwaS5vcmc" + fake(160, B64URL, seed="pypi")
_TESTPYPI = "pypi-AgENdGVzdC5weXBpLm9yZw" + fake(150, B64URL, seed="testpypi")

PYPI_UPLOAD_TOKEN = SecretRule(
    id="pypi-upload-token",
    kind="pypi_upload_token",
    regex=token(r"pypi-AgE(?:IcHlwaS5vcmc|NdGVzdC5weXBpLm9yZw)[A-Za-z0-9_\-]{50,}"),
    keywords=("pypi-ageichlwas5vcmc", "pypi-agendgvzdc5wexbplm9yzw"),
    entropy=4.0,
    confidence=0.98,
    max_len=1024,
    examples=Examples(
        positives=(
            f"[pypi]\n  username = __token__\n  password = {_PYPI}",
            f"TWINE_PASSWORD={_TESTPYPI}",
            f"uv publish --token {_PYPI}",
        ),
        negatives=(
            f"TWINE_PASSWORD={_PYPI[:50]}",  # truncated
            f"TWINE_PASSWORD=pypi-AgEIcHlwaS5vcmd{_PYPI[20:]}",  # not a pypi.org macaroon
        ),
    ),
)

_DOCKER_PAT = "dckr_pat_" + fake(27, B64URL, seed="docker-pat")
_DOCKER_OAT = "dckr_oat_" + fake(32, B64URL, seed="docker-oat")

DOCKER_HUB_PAT = SecretRule(
    id="docker-hub-pat",
    kind="docker_hub_pat",
    regex=token(r"dckr_pat_[A-Za-z0-9_\-]{27}"),
    keywords=("dckr_pat_",),
    entropy=3.5,
    confidence=0.97,
    examples=Examples(
        positives=(
            f"echo {_DOCKER_PAT} | docker login -u acme --password-stdin",
            f"DOCKERHUB_TOKEN={_DOCKER_PAT}",
        ),
        negatives=(
            f"DOCKERHUB_TOKEN={_DOCKER_PAT[:-4]}",  # too short
            f"DOCKERHUB_TOKEN={_DOCKER_PAT}abc",  # inside a longer token
        ),
    ),
)

DOCKER_HUB_ORG_TOKEN = SecretRule(
    id="docker-hub-org-token",
    kind="docker_hub_org_token",
    regex=token(r"dckr_oat_[A-Za-z0-9_\-]{32}"),
    keywords=("dckr_oat_",),
    entropy=3.5,
    confidence=0.97,
    examples=Examples(
        positives=(
            f"DOCKER_ORG_TOKEN={_DOCKER_OAT}",
            f'docker login -u acme-org -p "{_DOCKER_OAT}"',
        ),
        negatives=(
            f"DOCKER_ORG_TOKEN={_DOCKER_OAT[:-5]}",  # too short
            f"DOCKER_ORG_TOKEN={_DOCKER_OAT.replace('oat', 'xat')}",  # wrong prefix
        ),
    ),
)

_DOCKER_AUTH = base64.b64encode(f"acme-ci:{fake(24, ALNUM, seed='docker-auth')}".encode()).decode()

DOCKER_REGISTRY_AUTH = SecretRule(
    id="docker-config-auth",
    kind="docker_registry_auth",
    regex=(
        r'"auths"\s*:\s*\{[^}]{0,300}?"auth"\s*:\s*"'
        r'(?P<secret>[A-Za-z0-9+/]{8,}={0,2})"'
    ),
    keywords=('"auths"',),
    validate=_basic_pair,
    confidence=0.95,
    max_len=1024,
    examples=Examples(
        positives=(
            f'{{\n  "auths": {{\n    "https://index.docker.io/v1/": {{\n'
            f'      "auth": "{_DOCKER_AUTH}"\n    }}\n  }}\n}}',
            f'{{"auths":{{"ghcr.io":{{"auth":"{_DOCKER_AUTH}","email":"ci@acme.io"}}}}}}',
        ),
        negatives=(
            '{"auths": {"ghcr.io": {"auth": "bm90IGEgcGFpcg=="}}}',  # decodes without a colon
            '{"auths": {}, "credsStore": "desktop"}',  # credentials in a helper
        ),
    ),
)

_RUBYGEMS = "rubygems_" + fake(48, HEX, seed="rubygems")

RUBYGEMS_API_KEY = SecretRule(
    id="rubygems-api-key",
    kind="rubygems_api_key",
    regex=token(r"rubygems_[0-9a-f]{48}"),
    keywords=("rubygems_",),
    entropy=3.0,
    confidence=0.98,
    examples=Examples(
        positives=(
            f"---\n:rubygems_api_key: {_RUBYGEMS}",
            f"GEM_HOST_API_KEY={_RUBYGEMS}",
        ),
        negatives=(
            f"GEM_HOST_API_KEY={_RUBYGEMS[:-8]}",  # too short
            f"GEM_HOST_API_KEY={_RUBYGEMS}0",  # inside a longer token
        ),
    ),
)

_NUGET = "oy2" + fake(43, LOWER + DIGITS, seed="nuget")

NUGET_API_KEY = SecretRule(
    id="nuget-api-key",
    kind="nuget_api_key",
    regex=token(r"oy2[a-z0-9]{43}"),
    keywords=("oy2",),
    entropy=4.0,
    confidence=0.9,
    examples=Examples(
        positives=(
            f"dotnet nuget push pkg.nupkg --api-key {_NUGET} --source https://api.nuget.org/v3/index.json",
            f"NUGET_API_KEY={_NUGET}",
        ),
        negatives=(
            f"NUGET_API_KEY={_NUGET[:-5]}",  # too short
            f"NUGET_API_KEY={_NUGET.upper()}",  # upper case: not a NuGet key
        ),
    ),
)

_CRATES = "cio" + fake(32, ALNUM, seed="crates")

CRATES_IO_TOKEN = SecretRule(
    id="crates-io-token",
    kind="crates_io_token",
    regex=token(r"cio[A-Za-z0-9]{32}"),
    keywords=("cio",),
    entropy=4.0,
    validate=_mixed_case,
    confidence=0.9,
    examples=Examples(
        positives=(
            f'[registry]\ntoken = "{_CRATES}"',
            f"CARGO_REGISTRY_TOKEN={_CRATES}",
        ),
        negatives=(
            "let cioConnectionPoolManagerFactoryImpl = 1;",  # an identifier (too few capitals)
            f"CARGO_REGISTRY_TOKEN={_CRATES[:-4]}",  # too short
        ),
    ),
)

_CLOJARS = "CLOJARS_" + fake(60, HEX, seed="clojars")

CLOJARS_DEPLOY_TOKEN = SecretRule(
    id="clojars-deploy-token",
    kind="clojars_deploy_token",
    regex=token(r"CLOJARS_[A-Za-z0-9]{60}"),
    keywords=("clojars_",),
    entropy=3.0,
    confidence=0.97,
    examples=Examples(
        positives=(
            f"CLOJARS_PASSWORD={_CLOJARS}",
            f'{{#"https://repo.clojars.org" {{:username "acme" :password "{_CLOJARS}"}}}}',
        ),
        negatives=(
            f"CLOJARS_PASSWORD={_CLOJARS[:-10]}",  # too short
            "CLOJARS_USERNAME_AND_PASSWORD_FROM_ENV_VARIABLES_ARE_REQUIRED_TO_DEPLOY",  # a name
        ),
    ),
)

_ARTIFACTORY = "AKCp" + fake(69, ALNUM, seed="artifactory")

ARTIFACTORY_API_KEY = SecretRule(
    id="artifactory-api-key",
    kind="artifactory_api_key",
    regex=token(r"AKCp[A-Za-z0-9]{69}"),
    keywords=("akcp",),
    entropy=4.0,
    confidence=0.95,
    examples=Examples(
        positives=(
            f"ARTIFACTORY_API_KEY={_ARTIFACTORY}",
            f"curl -H 'X-JFrog-Art-Api: {_ARTIFACTORY}' https://acme.jfrog.io/artifactory/api/x",
        ),
        negatives=(
            f"ARTIFACTORY_API_KEY={_ARTIFACTORY[:-9]}",  # too short
            f"ARTIFACTORY_API_KEY=x{_ARTIFACTORY}",  # inside a longer token
        ),
    ),
)

# Reference tokens are base64 of `reftkn:01:...`.
_ARTIFACTORY_REF = "cmVmdGtu" + fake(56, ALNUM, seed="artifactory-ref")

ARTIFACTORY_REFERENCE_TOKEN = SecretRule(
    id="artifactory-reference-token",
    kind="artifactory_reference_token",
    regex=token(r"cmVmdGtu[A-Za-z0-9]{56}"),
    keywords=("cmvmdgtu",),
    entropy=4.0,
    confidence=0.95,
    examples=Examples(
        positives=(
            f"JFROG_ACCESS_TOKEN={_ARTIFACTORY_REF}",
            f"jf c add --url https://acme.jfrog.io --access-token {_ARTIFACTORY_REF}",
        ),
        negatives=(
            f"JFROG_ACCESS_TOKEN={_ARTIFACTORY_REF[:-6]}",  # too short
            f"JFROG_ACCESS_TOKEN={_ARTIFACTORY_REF}0",  # inside a longer token
        ),
    ),
)

_NPMRC_LEGACY = _uuid("npmrc-legacy")
_YARN_TOKEN = fake(48, B64URL, seed="yarnrc")

NPMRC_AUTH_TOKEN = SecretRule(
    id="npmrc-auth-token",
    kind="npmrc_auth_token",
    regex=(
        r"""(?:_authToken\s*=|npmAuthToken\s*:)\s*["']?"""
        r"""(?P<secret>[A-Za-z0-9_.+/=:\-]{16,})"""
    ),
    keywords=("_authtoken", "npmauthtoken"),
    confidence=0.9,
    max_len=1024,
    examples=Examples(
        positives=(
            f"//registry.npmjs.org/:_authToken={_NPMRC_LEGACY}",
            f'npmRegistries:\n  "https://npm.acme.io":\n    npmAuthToken: "{_YARN_TOKEN}"',
            f"@acme:registry=https://npm.acme.io/\n//npm.acme.io/:_authToken = {_YARN_TOKEN}",
        ),
        negatives=(
            "//registry.npmjs.org/:_authToken=${NPM_TOKEN}",  # reference
            'npmAuthToken: "${NPM_AUTH_TOKEN:-}"',  # reference
            "//registry.npmjs.org/:_authToken=changeme",  # placeholder, and too short
        ),
    ),
)

_NPMRC_AUTH = base64.b64encode(f"deploy:{fake(20, ALNUM, seed='npmrc-auth')}".encode()).decode()

NPMRC_AUTH = SecretRule(
    id="npmrc-auth",
    kind="npmrc_auth",
    regex=r"(?<![\w])_auth\s*=\s*[\"']?(?P<secret>[A-Za-z0-9+/]{8,}={0,2})(?![A-Za-z0-9+/=])",
    keywords=("_auth",),
    validate=_basic_pair,
    confidence=0.9,
    examples=Examples(
        positives=(
            f"//npm.acme.io/:_auth={_NPMRC_AUTH}",
            f'_auth = "{_NPMRC_AUTH}"\nalways-auth = true',
        ),
        negatives=(
            "_auth=${NPM_AUTH}",  # reference
            "_auth=bm90IGEgcGFpcg==",  # decodes without a colon: not user:password
            f"_authToken={_NPMRC_AUTH}",  # a different setting
        ),
    ),
)


# --- Quay.io: robot account tokens are 64 upper-case alphanumerics, used with the robot's
# `org+name` user in `docker login`; OAuth application tokens are 40 alphanumerics.
_QUAY_ROBOT = fake(64, "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", seed="quay-robot")

QUAY_ROBOT_TOKEN = SecretRule(
    id="quay-robot-token",
    kind="quay_robot_token",
    regex=(
        r"(?:(?i:quay[\w.\-]*?(?:robot_?)?(?:token|password|key))[\w.\-]*[\"']?\s*[=:]\s*[\"']?"
        r"|-u[= ][\"']?[a-z0-9_]+\+[a-z0-9_]+[\"']?\s+(?:-p|--password)[= ][\"']?)"
        r"(?P<secret>[A-Z0-9]{64})(?![A-Za-z0-9_\-])"
    ),
    keywords=("quay", "+"),
    entropy=4.0,
    confidence=0.9,
    examples=Examples(
        positives=(
            f'docker login -u="acme+deployer" -p="{_QUAY_ROBOT}" quay.io',
            f"QUAY_ROBOT_TOKEN={_QUAY_ROBOT}",
        ),
        negatives=(
            f"docker login -u=acme -p={_QUAY_ROBOT[:40]} quay.io",  # not a robot token's length
            f"digest = {_QUAY_ROBOT}",  # no Quay context
        ),
    ),
)

_QUAY_OAUTH = fake(40, ALNUM, seed="quay-oauth")

QUAY_API_TOKEN = SecretRule(
    id="quay-api-token",
    kind="quay_api_token",
    regex=assigned(
        r"(?i:quay[\w.\-]*?(?:api_?|oauth_?|access_?)?token)",
        r"[A-Za-z0-9]{40}",
        r"[A-Za-z0-9_\-+/=]",
    ),
    keywords=("quay",),
    entropy=4.0,
    validate=_mixed_case,
    confidence=0.8,
    examples=Examples(
        positives=(
            f"QUAY_OAUTH_TOKEN={_QUAY_OAUTH}",
            f'quay_api_token: "{_QUAY_OAUTH}"',
        ),
        negatives=(
            f"api_token = {_QUAY_OAUTH}",  # no Quay context
            f"QUAY_OAUTH_TOKEN={_QUAY_OAUTH[:30]}",  # too short
        ),
    ),
)

# --- Cloudsmith: API keys are 40 hex (`CLOUDSMITH_API_KEY`, `X-Api-Key` to api.cloudsmith.io).
_CLOUDSMITH = fake(40, HEX, seed="cloudsmith")

CLOUDSMITH_API_KEY = SecretRule(
    id="cloudsmith-api-key",
    kind="cloudsmith_api_key",
    regex=assigned(
        named("cloudsmith") + r"|(?i:x-api-key(?=[ \t:\"']+[0-9a-f]{40}[^\n]{0,80}cloudsmith))",
        r"[0-9a-f]{40}",
    ),
    keywords=("cloudsmith",),
    entropy=3.0,
    confidence=0.8,
    examples=Examples(
        positives=(
            f"CLOUDSMITH_API_KEY={_CLOUDSMITH}",
            f"cloudsmith:\n  api_key: {_CLOUDSMITH}",
        ),
        negatives=(
            f"GIT_SHA={_CLOUDSMITH}",  # no Cloudsmith context
            f"CLOUDSMITH_API_KEY={_CLOUDSMITH[:32]}",  # too short
        ),
    ),
)

# --- Packagecloud: API tokens are 48 hex (`PACKAGECLOUD_TOKEN`), also the user part of the
# repository URL `https://<token>:@packagecloud.io/`.
_PACKAGECLOUD = fake(48, HEX, seed="packagecloud")

PACKAGECLOUD_TOKEN = SecretRule(
    id="packagecloud-token",
    kind="packagecloud_token",
    regex=(
        rf"(?:{named('packagecloud')}[\w.\-]*[\"']?\s*[=:]\s*[\"']?"
        r"|https://(?=[0-9a-f]{48}:?@packagecloud\.io))"
        r"(?P<secret>[0-9a-f]{48})(?![A-Za-z0-9_\-])"
    ),
    keywords=("packagecloud", "https://"),
    entropy=3.0,
    confidence=0.85,
    examples=Examples(
        positives=(
            f"PACKAGECLOUD_TOKEN={_PACKAGECLOUD}",
            f"deb https://{_PACKAGECLOUD}:@packagecloud.io/acme/prod/ubuntu/ jammy main",
        ),
        negatives=(
            f"url = https://{_PACKAGECLOUD}.example.net/",  # a host, no Packagecloud
            f"PACKAGECLOUD_TOKEN={_PACKAGECLOUD[:40]}",  # too short
        ),
    ),
)

# --- Anaconda.org: API tokens (`ANACONDA_API_TOKEN`, `anaconda -t <token> upload`).
_ANACONDA = fake(2, LOWER, seed="anaconda-p") + "-" + _uuid("anaconda")

ANACONDA_API_TOKEN = SecretRule(
    id="anaconda-api-token",
    kind="anaconda_api_token",
    regex=assigned(
        r"(?i:anaconda[\w.\-]*?(?:api_?)?token|anaconda\s+(?:-t|--token))",
        r"[A-Za-z0-9_\-]{30,80}",
        r"[A-Za-z0-9_\-+/=]",
    ),
    keywords=("anaconda",),
    entropy=3.5,
    confidence=0.8,
    examples=Examples(
        positives=(
            f"ANACONDA_API_TOKEN={_ANACONDA}",
            f"anaconda -t {_ANACONDA} upload --user acme dist/*.conda",
        ),
        negatives=(
            f"api_token = {_ANACONDA}",  # no Anaconda context
            f"ANACONDA_API_TOKEN={_ANACONDA[:20]}",  # too short
        ),
    ),
)

# --- Hex.pm (Elixir/Erlang): API keys are 32 hex (`HEX_API_KEY`, `mix hex.config api_key`).
_HEX_PM = fake(32, HEX, seed="hexpm")

HEX_PM_API_KEY = SecretRule(
    id="hex-pm-api-key",
    kind="hex_pm_api_key",
    regex=assigned(
        r"(?i:(?<![a-z0-9])hex_?api_?key|hexpm[\w.\-]*?(?:api_?)?key|mix\s+hex\.config\s+api_key)",
        r"[0-9a-f]{32}",
    ),
    keywords=("hex_api_key", "hexapikey", "hexpm", "hex.config"),
    entropy=3.0,
    confidence=0.85,
    examples=Examples(
        positives=(
            f"HEX_API_KEY={_HEX_PM}",
            f"mix hex.config api_key {_HEX_PM}",
        ),
        negatives=(
            f"hex_key = {_HEX_PM}",  # a hex-encoded key, not Hex.pm's
            f"HEX_API_KEY={_HEX_PM[:24]}",  # too short
        ),
    ),
)

# --- Gemfury: push and deploy tokens, in `https://<token>@push.fury.io/<account>/` or
# `FURY_TOKEN` / `GEMFURY_TOKEN`.
_FURY = fake(20, ALNUM, seed="gemfury")

GEMFURY_TOKEN = SecretRule(
    id="gemfury-token",
    kind="gemfury_token",
    regex=(
        r"(?:(?i:(?<![a-z0-9])(?:gem)?fury[\w.\-]*?(?:push_?|deploy_?|api_?)?token)[\w.\-]*"
        r"[\"']?\s*[=:]\s*[\"']?"
        r"|https://(?=[A-Za-z0-9_\-]{16,40}:?@(?:push|repo|pypi|npm|git)\.fury\.io))"
        r"(?P<secret>[A-Za-z0-9_\-]{16,40})(?![A-Za-z0-9_\-])"
    ),
    keywords=("fury", "https://"),
    entropy=3.5,
    validate=lambda v: any(c.isdigit() for c in v) and any(c.isalpha() for c in v),
    confidence=0.85,
    examples=Examples(
        positives=(
            f"curl -F package=@pkg-1.0.0.gem https://{_FURY}@push.fury.io/acme/",
            f"GEMFURY_TOKEN={_FURY}",
            f"pip install --extra-index-url https://{_FURY}:@pypi.fury.io/acme/ app",
        ),
        negatives=(
            f"url = https://{_FURY}@example.net/",  # not Gemfury
            f"token = {_FURY}",  # no Gemfury context
        ),
    ),
)

# --- Yarn Berry: `npmAuthIdent` in `.yarnrc.yml` is `user:password` (or its base64).
_YARN_IDENT = f"deploy:{fake(20, ALNUM, seed='yarn-ident')}"

NPM_AUTH_IDENT = SecretRule(
    id="npm-auth-ident",
    kind="npm_auth_ident",
    regex=(
        r"""npmAuthIdent\s*:\s*["']?(?P<secret>[^\s"':]{1,64}:[^\s"']{6,128}"""
        r"""|[A-Za-z0-9+/]{12,}={0,2})(?![^\s"'])"""
    ),
    keywords=("npmauthident",),
    validate=lambda v: ":" in v or _basic_pair(v),
    confidence=0.9,
    examples=Examples(
        positives=(
            f'npmRegistries:\n  "https://npm.acme.io":\n    npmAuthIdent: "{_YARN_IDENT}"',
            f"npmAuthIdent: {base64.b64encode(_YARN_IDENT.encode()).decode()}",
        ),
        negatives=(
            'npmAuthIdent: "${NPM_AUTH_IDENT}"',  # reference
            "npmAuthIdent: bm90IGEgcGFpcg==",  # base64 without a colon
        ),
    ),
)

# --- Chocolatey: API keys are UUIDs (`choco apikey --key`, `choco push --api-key`).
_CHOCO = _uuid("chocolatey")

CHOCOLATEY_API_KEY = SecretRule(
    id="chocolatey-api-key",
    kind="chocolatey_api_key",
    regex=assigned(
        r"(?i:choco(?:latey)?[\w.\-]*?api_?key|choco\s+(?:apikey|setapikey|push)\b[^\n]{0,80}?"
        r"(?:--key|--api-key|-k))",
        r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}",
    ),
    keywords=("choco",),
    confidence=0.85,
    examples=Examples(
        positives=(
            f"choco apikey --key {_CHOCO} --source https://push.chocolatey.org/",
            f"CHOCOLATEY_API_KEY={_CHOCO}",
            f"choco push app.1.0.0.nupkg --source https://push.chocolatey.org/ --api-key {_CHOCO}",
        ),
        negatives=(
            f"CHOCOLATEY_PACKAGE_ID={_CHOCO}",  # an identifier
            f"api_key = {_CHOCO}",  # no Chocolatey context
        ),
    ),
)

# --- Buf Schema Registry: tokens are 64 hex (`BUF_TOKEN`, `.netrc` for buf.build).
_BUF = fake(64, HEX, seed="buf")

BUF_TOKEN = SecretRule(
    id="buf-token",
    kind="buf_token",
    regex=(
        r"(?:(?i:(?<![a-z0-9])buf_token)[\"']?\s*[=:]\s*[\"']?"
        r"|machine\s+buf\.build\s+(?:login\s+\S+\s+)?password\s+)"
        r"(?P<secret>[0-9a-f]{64})(?![A-Za-z0-9_\-])"
    ),
    keywords=("buf_token", "buf.build"),
    entropy=3.0,
    confidence=0.85,
    examples=Examples(
        positives=(
            f"BUF_TOKEN={_BUF}",
            f"machine buf.build\n  login ci-bot\n  password {_BUF}",
        ),
        negatives=(
            f"buf_size = {_BUF}",  # not a token
            f"BUF_TOKEN={_BUF[:40]}",  # too short
        ),
    ),
)

# --- Sonatype (Maven Central, OSSRH, Nexus): user tokens are a short code and a passcode of
# about 44 base64 characters, kept as `OSSRH_PASSWORD`, `SONATYPE_PASSWORD`, `MAVEN_CENTRAL_TOKEN`.
_SONATYPE = fake(44, B64, seed="sonatype")

SONATYPE_USER_TOKEN = SecretRule(
    id="sonatype-user-token",
    kind="sonatype_user_token",
    regex=assigned(
        r"(?i:(?:ossrh|sonatype|maven_?central|nexus)[\w.\-]*?(?:password|token|passcode))",
        r"[A-Za-z0-9+/]{40,48}={0,2}",
        r"[A-Za-z0-9_\-+/=]",
    ),
    keywords=("ossrh", "sonatype", "maven", "nexus"),
    entropy=4.0,
    validate=_mixed_case,
    confidence=0.8,
    examples=Examples(
        positives=(
            f"OSSRH_PASSWORD={_SONATYPE}",
            f"ORG_GRADLE_PROJECT_mavenCentralPassword={_SONATYPE}",
            f"SONATYPE_TOKEN: '{_SONATYPE}'",
        ),
        negatives=(
            f"password = {_SONATYPE}",  # no Sonatype context
            f"OSSRH_PASSWORD={_SONATYPE[:30]}",  # too short
        ),
    ),
)

RULES = (
    NPM_ACCESS_TOKEN,
    PYPI_UPLOAD_TOKEN,
    DOCKER_HUB_PAT,
    DOCKER_HUB_ORG_TOKEN,
    DOCKER_REGISTRY_AUTH,
    RUBYGEMS_API_KEY,
    NUGET_API_KEY,
    CRATES_IO_TOKEN,
    CLOJARS_DEPLOY_TOKEN,
    ARTIFACTORY_API_KEY,
    ARTIFACTORY_REFERENCE_TOKEN,
    NPMRC_AUTH_TOKEN,
    NPMRC_AUTH,
    QUAY_ROBOT_TOKEN,
    QUAY_API_TOKEN,
    CLOUDSMITH_API_KEY,
    PACKAGECLOUD_TOKEN,
    ANACONDA_API_TOKEN,
    HEX_PM_API_KEY,
    GEMFURY_TOKEN,
    NPM_AUTH_IDENT,
    CHOCOLATEY_API_KEY,
    BUF_TOKEN,
    SONATYPE_USER_TOKEN,
)
