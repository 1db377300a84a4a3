"""Package registries: npm, PyPI, Docker Hub, RubyGems, NuGet, crates.io, Clojars, JFrog."""

import base64
import binascii

from veil.detect.base import Examples, SecretRule, token
from veil.detect.samples import ALNUM, B64URL, DIGITS, HEX, LOWER, fake


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
)
