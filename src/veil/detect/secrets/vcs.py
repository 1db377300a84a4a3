"""Source hosting: GitHub, GitLab, Bitbucket, Azure DevOps, Sourcegraph, Gitea, Forgejo, Gogs,
Gitee, Phabricator."""

import zlib

from veil.detect.base import Examples, Rule, SecretRule, assigned, named, padded, token
from veil.detect.samples import ALNUM, B64, B64URL, HEX, LOWER, fake

_BASE36 = "0123456789abcdefghijklmnopqrstuvwxyz"


def _base36(n: int, width: int) -> str:
    digits = ""
    while n:
        n, r = divmod(n, 36)
        digits = _BASE36[r] + digits
    return digits.rjust(width, "0")


def _gitlab_crc_ok(value: str) -> bool:
    """A routable GitLab token ends in the base36 CRC32 of all before it; legacy ones pass."""
    if "." not in value:
        return True
    return value[-7:] == _base36(zlib.crc32(value[:-7].encode()), 7)


def _routable(prefix: str, payload: str) -> str:
    """A routable GitLab token: `<prefix><payload>.<version>.<payload length><crc32>`."""
    head = f"{prefix}{payload}.01.{_base36(len(payload), 2)}"
    return head + _base36(zlib.crc32(head.encode()), 7)


def _github(kind: str, prefix: str, what: str) -> Rule:
    value = prefix + fake(36, ALNUM, seed=f"github-{prefix}")
    return SecretRule(
        id=kind.replace("_", "-"),
        kind=kind,
        regex=token(prefix + r"[A-Za-z0-9]{36}"),
        keywords=(prefix,),
        entropy=3.5,
        confidence=0.97,
        examples=Examples(
            positives=(
                f"GITHUB_TOKEN={value}",
                f'{{"{what}": "{value}", "token_type": "bearer"}}',
                f"git clone https://x-access-token:{value}@github.com/acme/app.git",
            ),
            negatives=(
                f"token = {value[:-4]}",  # too short
                f"token = {value}abcd",  # inside a longer token
            ),
            documented=(
                f"token = {prefix}xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",  # placeholder
            ),
        ),
    )


GITHUB_PAT = _github("github_pat", "ghp_", "token")
GITHUB_OAUTH_TOKEN = _github("github_oauth_token", "gho_", "access_token")
GITHUB_USER_TO_SERVER_TOKEN = _github("github_user_to_server_token", "ghu_", "access_token")
GITHUB_SERVER_TO_SERVER_TOKEN = _github("github_server_to_server_token", "ghs_", "token")
GITHUB_REFRESH_TOKEN = _github("github_refresh_token", "ghr_", "refresh_token")

_GH_FINE = (
    "github_pat_" + fake(22, ALNUM, seed="gh-fine-1") + "_" + fake(59, ALNUM, seed="gh-fine-2")
)

GITHUB_FINE_GRAINED_PAT = SecretRule(
    id="github-fine-grained-pat",
    kind="github_fine_grained_pat",
    regex=token(r"github_pat_[A-Za-z0-9]{22}_[A-Za-z0-9]{59}"),
    keywords=("github_pat_",),
    entropy=4.0,
    confidence=0.98,
    examples=Examples(
        positives=(
            f"GH_TOKEN={_GH_FINE}",
            f"  token: {_GH_FINE}  # ci bot",
        ),
        negatives=(
            f"GH_TOKEN={_GH_FINE[:-10]}",  # too short
            f"GH_TOKEN={_GH_FINE.replace('_', '-', 3)}",  # separators wrong
        ),
    ),
)

# A routable GitLab token (2024+): a base64url payload, `.01.`, its length and a CRC32, base36.
_ROUTABLE = r"[A-Za-z0-9_\-]{27,300}\.(?:[0-9a-z]{2}\.)?[0-9a-z]{9}"


def _gitlab(kind: str, prefix: str, length: int = 20, routable: str | None = None) -> Rule:
    """A GitLab token: `prefix` and `length` characters, or, where `routable` names the payload's
    own prefix, also the routable form, kept only when its checksum holds."""
    body = rf"[A-Za-z0-9_\-]{{{length}}}"
    legacy = prefix + fake(length, B64URL, seed=f"gitlab-{prefix}")
    if routable is None:
        second = f'gitlab:\n  url: https://gitlab.acme.io\n  token: "{legacy}"\n'
        broken = f"{legacy}x"  # inside a longer token
    else:
        body = f"(?:{_ROUTABLE}|{body})"
        second = _routable(prefix, routable + fake(30, B64URL, seed=f"gitlab-routable-{prefix}"))
        broken = second[:-1] + ("0" if second[-1] != "0" else "1")  # routable, wrong checksum
        second = f'curl --header "PRIVATE-TOKEN: {second}" https://gitlab.com/api/v4/user'
    return SecretRule(
        id=kind.replace("_", "-"),
        kind=kind,
        regex=token(prefix + body),
        keywords=(prefix.lower(),),
        entropy=3.5,
        validate=_gitlab_crc_ok,
        confidence=0.97,
        max_len=320,
        examples=Examples(
            positives=(f"GITLAB_TOKEN={legacy}", second),
            negatives=(
                f"token: {legacy[:-3]}",  # too short
                f"token: {broken}",  # wrong checksum, or inside a longer token
            ),
            documented=(
                f"token: {prefix}{'x' * length}",  # placeholder
            ),
        ),
    )


GITLAB_PAT = _gitlab("gitlab_pat", "glpat-", routable="")
GITLAB_RUNNER_TOKEN = _gitlab("gitlab_runner_token", "glrt-", routable="t1_")
GITLAB_DEPLOY_TOKEN = _gitlab("gitlab_deploy_token", "gldt-")
GITLAB_FEED_TOKEN = _gitlab("gitlab_feed_token", "glft-")
GITLAB_SCIM_TOKEN = _gitlab("gitlab_scim_token", "glsoat-")
GITLAB_INCOMING_MAIL_TOKEN = _gitlab("gitlab_incoming_mail_token", "glimt-", length=25)
GITLAB_KUBERNETES_AGENT_TOKEN = _gitlab("gitlab_kubernetes_agent_token", "glagent-", length=50)
GITLAB_OAUTH_APP_SECRET = _gitlab("gitlab_oauth_app_secret", "gloas-", length=64)
GITLAB_RUNNER_REGISTRATION_TOKEN = _gitlab("gitlab_runner_registration_token", "GR1348941")

_GLPTT = "glptt-" + fake(40, HEX, seed="gitlab-glptt")
_GLCBT = "glcbt-" + fake(2, HEX, seed="gitlab-glcbt-1") + "_" + fake(20, B64URL, seed="glcbt")

GITLAB_PIPELINE_TRIGGER_TOKEN = SecretRule(
    id="gitlab-pipeline-trigger-token",
    kind="gitlab_pipeline_trigger_token",
    regex=token(r"glptt-(?:[0-9a-f]{40}|[A-Za-z0-9_\-]{20})"),
    keywords=("glptt-",),
    entropy=3.0,
    confidence=0.97,
    examples=Examples(
        positives=(
            f"curl -X POST -F token={_GLPTT} -F ref=main https://gitlab.com/api/v4/projects/1/trigger/pipeline",
            f"TRIGGER_TOKEN: {_GLPTT}",
        ),
        negatives=(
            f"TRIGGER_TOKEN: {_GLPTT[:30]}",  # neither 20 nor 40 characters
        ),
        documented=(
            "TRIGGER_TOKEN: glptt-0000000000000000000000000000000000000000",  # placeholder
        ),
    ),
)

GITLAB_CI_JOB_TOKEN = SecretRule(
    id="gitlab-ci-job-token",
    kind="gitlab_ci_job_token",
    regex=token(r"glcbt-[0-9a-fA-F]{1,5}_[A-Za-z0-9_\-]{20}"),
    keywords=("glcbt-",),
    entropy=3.0,
    confidence=0.95,
    examples=Examples(
        positives=(
            f"CI_JOB_TOKEN={_GLCBT}",
            f"git clone https://gitlab-ci-token:{_GLCBT}@gitlab.com/acme/app.git",
        ),
        negatives=(
            f"CI_JOB_TOKEN={_GLCBT[:-4]}",  # too short
        ),
        documented=(
            "CI_JOB_TOKEN=glcbt-64_xxxxxxxxxxxxxxxxxxxx",  # placeholder
        ),
    ),
)

_ATBB = "ATBB" + fake(24, ALNUM, seed="bitbucket-atbb") + fake(8, HEX, seed="atbb-crc").upper()
_ATCTT = (
    "ATCTT3xFfGN0"
    + fake(168, B64URL, seed="bitbucket-atctt")
    + "="
    + fake(8, HEX, seed="atctt-crc").upper()
)

BITBUCKET_APP_PASSWORD = SecretRule(
    id="bitbucket-app-password",
    kind="bitbucket_app_password",
    regex=token(r"ATBB[A-Za-z0-9]{32}", r"[A-Za-z0-9]"),
    keywords=("atbb",),
    entropy=3.5,
    confidence=0.95,
    examples=Examples(
        positives=(
            f"git ls-remote https://jdoe:{_ATBB}@bitbucket.org/acme/app.git",
            f"BITBUCKET_APP_PASSWORD={_ATBB}",
        ),
        negatives=(
            f"BITBUCKET_APP_PASSWORD={_ATBB[:-6]}",  # too short
            f"BITBUCKET_APP_PASSWORD=x{_ATBB}",  # inside a longer token
        ),
    ),
)

BITBUCKET_ACCESS_TOKEN = SecretRule(
    id="bitbucket-access-token",
    kind="bitbucket_access_token",
    regex=token(r"ATCTT3xFfG[A-Za-z0-9_\-]{80,}=[0-9A-F]{8}"),
    keywords=("atctt3xffg",),
    entropy=4.0,
    confidence=0.97,
    max_len=1024,
    examples=Examples(
        positives=(
            f'curl -H "Authorization: Bearer {_ATCTT}" https://api.bitbucket.org/2.0/repositories',
            f"BITBUCKET_REPO_TOKEN={_ATCTT}",
        ),
        negatives=(
            f"token={_ATCTT[:60]}={_ATCTT[-8:]}",  # body too short
            f"token={_ATCTT[:-8]}{_ATCTT[-8:].lower()}",  # checksum tail not upper-case hex
        ),
    ),
)

_ADO = (
    fake(52, ALNUM, seed="ado-1")
    + "JQQJ99B"
    + fake(1, "ABCDEFGHIJKL", seed="ado-2")
    + fake(16, ALNUM, seed="ado-3")
    + "AZDO"
    + fake(4, ALNUM, seed="ado-4")
)
_ADO_LEGACY = fake(52, LOWER + "234567", seed="ado-legacy")

AZURE_DEVOPS_PAT = SecretRule(
    id="azure-devops-pat",
    kind="azure_devops_pat",
    regex=token(
        r"[A-Za-z0-9]{52}JQQJ9[9DH][A-Za-z0-9][A-L][A-Za-z0-9]{16}AZDO[A-Za-z0-9]{4}",
        r"[A-Za-z0-9]",
    ),
    keywords=("jqqj9",),
    entropy=4.0,
    confidence=0.97,
    examples=Examples(
        positives=(
            f"AZURE_DEVOPS_EXT_PAT={_ADO}",
            f'git -c http.extraheader="AUTHORIZATION: basic :{_ADO}" clone https://dev.azure.com/acme',
        ),
        negatives=(
            f"pat = {_ADO.replace('JQQJ9', 'JQQJ8')}",  # signature missing
            f"pat = {_ADO[1:]}",  # too short, signature at the wrong offset
            f"pat = {_ADO[:76]}ACOG{_ADO[80:]}",  # another service's key (Azure AI services)
        ),
    ),
)

AZURE_DEVOPS_LEGACY_PAT = SecretRule(
    id="azure-devops-legacy-pat",
    kind="azure_devops_legacy_pat",
    regex=assigned(
        r"(?i:azure_?devops[\w.\-]*?(?:pat|token)|ado_?pat|azdo[\w.\-]*?(?:pat|token)|"
        r"vsts[\w.\-]*?(?:pat|token)|system_?accesstoken)",
        r"[a-z2-7]{52}",
    ),
    keywords=("devops", "ado_", "adopat", "azdo", "vsts", "accesstoken"),
    entropy=4.0,
    confidence=0.8,
    examples=Examples(
        positives=(
            f"AZURE_DEVOPS_PAT={_ADO_LEGACY}",
            f'  azdo_token: "{_ADO_LEGACY}"',
        ),
        negatives=(
            f"AZURE_DEVOPS_PAT={_ADO_LEGACY[:40]}",  # too short
            f"checksum = {_ADO_LEGACY}",  # no Azure DevOps name
        ),
    ),
)


GITLAB_FEATURE_FLAG_CLIENT_TOKEN = _gitlab("gitlab_feature_flag_client_token", "glffct-")

# A GitLab session cookie is `_gitlab_session=` and 32 hex: a signed-in browser session.
_GITLAB_SESSION = fake(32, HEX, seed="gitlab-session")

GITLAB_SESSION_COOKIE = SecretRule(
    id="gitlab-session-cookie",
    kind="gitlab_session_cookie",
    regex=r"_gitlab_session=(?P<secret>[0-9a-f]{32})(?![A-Za-z0-9_\-])",
    keywords=("_gitlab_session=",),
    entropy=3.0,
    confidence=0.95,
    examples=Examples(
        positives=(
            f"curl -b '_gitlab_session={_GITLAB_SESSION}' https://gitlab.acme.io/api/v4/user",
            f"Cookie: known_sign_in=x; _gitlab_session={_GITLAB_SESSION}; event_filter=all",
        ),
        negatives=(
            f"_gitlab_session={_GITLAB_SESSION[:20]}",  # too short
            "_gitlab_session=${SESSION}",  # reference
        ),
    ),
)

# --- Sourcegraph: access tokens are `sgp_`, an optional instance id (16 hex, or `local` on a
# development instance) and `_`, then 40 hex; older ones are the 40 hex alone (`SRC_ACCESS_TOKEN`).

_SG_HEX = fake(40, HEX, seed="sourcegraph")
_SOURCEGRAPH = f"sgp_{fake(16, HEX, seed='sourcegraph-instance')}_{_SG_HEX}"

SOURCEGRAPH_ACCESS_TOKEN = SecretRule(
    id="sourcegraph-access-token",
    kind="sourcegraph_access_token",
    regex=token(r"sgp_(?:[0-9a-f]{16}_|local_)?[0-9a-f]{40}"),
    keywords=("sgp_",),
    entropy=3.0,
    confidence=0.97,
    examples=Examples(
        positives=(
            f"SRC_ACCESS_TOKEN={_SOURCEGRAPH}",
            f"curl -H 'Authorization: token sgp_{_SG_HEX}' https://sourcegraph.com/.api/graphql",
            f'{{"accessToken": "sgp_local_{_SG_HEX}"}}',
        ),
        negatives=(
            f"SRC_ACCESS_TOKEN=sgp_{_SG_HEX[:30]}",  # too short
            f"SRC_ACCESS_TOKEN=sgp_remote_{_SG_HEX}",  # not an instance id
        ),
    ),
)

SOURCEGRAPH_LEGACY_ACCESS_TOKEN = SecretRule(
    id="sourcegraph-legacy-access-token",
    kind="sourcegraph_access_token",
    regex=assigned(
        rf"{named('sourcegraph', r'(?:access_?)?token')}|(?i:(?<![a-z0-9])src_access_token)",
        r"[0-9a-f]{40}",
    ),
    keywords=("sourcegraph", "src_access_token"),
    entropy=3.0,
    confidence=0.8,
    examples=Examples(
        positives=(
            f"SRC_ACCESS_TOKEN={_SG_HEX}",
            f'sourcegraph:\n  token: "{_SG_HEX}"',
        ),
        negatives=(
            f"GIT_COMMIT={_SG_HEX}",  # a commit, not a token
            f"SRC_ACCESS_TOKEN={_SG_HEX[:32]}",  # too short
        ),
    ),
)

# --- Self-hosted forges: Gitea, Forgejo (Codeberg) and Gogs access tokens are 40 hex; Gitee
# (gitee.com) personal access tokens 32 hex. Only the name they are kept under says whose.


def _forge(kind: str, service: str, hexlen: int, env: str, usage: str) -> Rule:
    value = fake(hexlen, HEX, seed=f"forge-{kind}")
    words = tuple(service.split("|"))
    return SecretRule(
        id=kind.replace("_", "-"),
        kind=kind,
        regex=assigned(
            named(service, r"(?:access_?|api_?)?(?:token|key|pat)"), rf"[0-9a-f]{{{hexlen}}}"
        ),
        keywords=words,
        entropy=3.0,
        confidence=0.8,
        examples=Examples(
            positives=(f"{env}={value}", usage.format(value)),
            negatives=(
                f"GIT_COMMIT={value}",  # no forge named
                f"{env}={value[: hexlen - 8]}",  # too short
                f"{env.split('_')[0]}_RUNNER_UUID={value}",  # not a token
            ),
        ),
    )


GITEA_ACCESS_TOKEN = _forge(
    "gitea_access_token", "gitea", 40, "GITEA_TOKEN", 'provider "gitea" {{\n  token = "{}"\n}}'
)
FORGEJO_ACCESS_TOKEN = _forge(
    "forgejo_access_token",
    "forgejo|codeberg",
    40,
    "FORGEJO_TOKEN",
    "codeberg:\n  token: {}",
)
GOGS_ACCESS_TOKEN = _forge("gogs_access_token", "gogs", 40, "GOGS_TOKEN", '{{"gogs_token": "{}"}}')
GITEE_ACCESS_TOKEN = _forge(
    "gitee_access_token", "gitee", 32, "GITEE_TOKEN", "gitee:\n  access_token: {}"
)

# --- Bitbucket Data Center / Server HTTP access tokens: `BBDC-` and base64.

_BBDC = "BBDC-" + fake(44, B64, seed="bitbucket-dc")

BITBUCKET_DATA_CENTER_TOKEN = SecretRule(
    id="bitbucket-data-center-token",
    kind="bitbucket_data_center_token",
    regex=padded(r"BBDC-[A-Za-z0-9+/]{40,60}"),
    keywords=("bbdc-",),
    entropy=4.0,
    confidence=0.95,
    examples=Examples(
        positives=(
            f"BITBUCKET_TOKEN={_BBDC}",
            f"git -c http.extraHeader='Authorization: Bearer {_BBDC}' clone https://git.acme.io/scm/app.git",
        ),
        negatives=(
            f"BITBUCKET_TOKEN={_BBDC[:30]}",  # too short
            f"BITBUCKET_TOKEN=x{_BBDC}",  # inside a longer token
        ),
    ),
)

# --- Phabricator / Phorge Conduit API tokens: `api-` and 28 lower-case letters and digits
# (`~/.arcrc`, `arc install-certificate`).


def _conduit_ok(value: str) -> bool:
    body = value[4:]
    return sum(c.isdigit() for c in body) >= 3 and sum(c.isalpha() for c in body) >= 8


_CONDUIT = "api-" + fake(28, LOWER + "0123456789", seed="phabricator")

PHABRICATOR_API_TOKEN = SecretRule(
    id="phabricator-api-token",
    kind="phabricator_api_token",
    regex=token(r"api-[a-z0-9]{28}"),
    keywords=("api-",),
    entropy=3.8,
    validate=_conduit_ok,
    confidence=0.85,
    examples=Examples(
        positives=(
            f'{{\n  "hosts": {{\n    "https://phab.acme.io/api/": {{\n      "token": "{_CONDUIT}"\n'
            "    }\n  }\n}",
            f'echo \'{{"__conduit__": {{"token": "{_CONDUIT}"}}}}\' | arc call-conduit user.whoami',
        ),
        negatives=(
            "route = api-gatewayrequestvalidations",  # words, no digits
            f"token = {_CONDUIT[:-4]}",  # too short
            f"token = {_CONDUIT}ab",  # inside a longer token
        ),
    ),
)

RULES = (
    GITHUB_PAT,
    GITHUB_OAUTH_TOKEN,
    GITHUB_USER_TO_SERVER_TOKEN,
    GITHUB_SERVER_TO_SERVER_TOKEN,
    GITHUB_REFRESH_TOKEN,
    GITHUB_FINE_GRAINED_PAT,
    GITLAB_PAT,
    GITLAB_DEPLOY_TOKEN,
    GITLAB_RUNNER_TOKEN,
    GITLAB_FEED_TOKEN,
    GITLAB_SCIM_TOKEN,
    GITLAB_INCOMING_MAIL_TOKEN,
    GITLAB_KUBERNETES_AGENT_TOKEN,
    GITLAB_OAUTH_APP_SECRET,
    GITLAB_RUNNER_REGISTRATION_TOKEN,
    GITLAB_PIPELINE_TRIGGER_TOKEN,
    GITLAB_CI_JOB_TOKEN,
    BITBUCKET_APP_PASSWORD,
    BITBUCKET_ACCESS_TOKEN,
    AZURE_DEVOPS_PAT,
    AZURE_DEVOPS_LEGACY_PAT,
    GITLAB_FEATURE_FLAG_CLIENT_TOKEN,
    GITLAB_SESSION_COOKIE,
    SOURCEGRAPH_ACCESS_TOKEN,
    SOURCEGRAPH_LEGACY_ACCESS_TOKEN,
    GITEA_ACCESS_TOKEN,
    FORGEJO_ACCESS_TOKEN,
    GOGS_ACCESS_TOKEN,
    GITEE_ACCESS_TOKEN,
    BITBUCKET_DATA_CENTER_TOKEN,
    PHABRICATOR_API_TOKEN,
)
