"""Identity and authentication platforms: their management and API keys.

Okta's API token (`SSWS ...`) is in `productivity`; Microsoft Entra client secrets in `azure`.
Stripe-like `sk_live_` / `sk_test_` keys of WorkOS and Clerk are told from Stripe's here: WorkOS's
by their base64 body, Clerk's only by the Clerk name they are kept under (their shape is Stripe's).
"""

from __future__ import annotations

import base64
import binascii
import json

from veil.detect.base import (
    UUID,
    Examples,
    Rule,
    SecretRule,
    assigned,
    named,
    padded,
)
from veil.detect.filters import LITERAL
from veil.detect.samples import (
    ALNUM,
    B64,
    B64URL,
    HEX,
    LOWER_ALNUM,
    UPPER_ALNUM,
    b64json,
    fake,
    fake_uuid,
)
from veil.detect.shapes import prefixed, service_named

# The characters that continue an unprefixed value (so a base64 value is not cut short).
_VALUE_CHARS = r"[A-Za-z0-9_\-+/=]"
# A signed JWT: header and claims are base64url JSON objects (`eyJ`), then a signature.
_JWT = r"eyJ[A-Za-z0-9_\-]{10,1000}\.eyJ[A-Za-z0-9_\-]{10,4000}\.[A-Za-z0-9_\-]{20,1000}"


def _b64decode(text: str) -> bytes | None:
    try:
        return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    except (binascii.Error, ValueError):
        return None


def _is_signed_jwt(value: str) -> bool:
    """A JWT whose header is a JSON object naming a real signing algorithm (not `none`)."""
    raw = _b64decode(value.split(".", 1)[0])
    try:
        header = json.loads(raw) if raw else None
    except (UnicodeDecodeError, ValueError):
        return False
    return isinstance(header, dict) and str(header.get("alg", "none")).lower() != "none"


def _jwt_sample(seed: str, claims: dict[str, object]) -> str:
    header = b64json(
        {"alg": "RS256", "typ": "JWT", "kid": fake(22, B64URL, seed=f"{seed}-kid")}, url=True
    )
    body = b64json(claims, url=True)
    return f"{header.rstrip('=')}.{body.rstrip('=')}.{fake(86, B64URL, seed=f'{seed}-sig')}"


# --- Auth0

# Auth0: an application's client secret is 64 base64url characters (the client ID, 32, is not a
# secret); SDKs and the Terraform/Pulumi providers read it from `AUTH0_CLIENT_SECRET`.
_AUTH0_SECRET = fake(64, B64URL, seed="auth0-client-secret")

AUTH0_CLIENT_SECRET = service_named(
    kind="auth0_client_secret",
    service="auth0",
    key=r"client_?secret",
    value=r"[A-Za-z0-9_\-]{64}",
    sample=_AUTH0_SECRET,
    env="AUTH0_CLIENT_SECRET",
    entropy=4.0,
    confidence=0.85,
    positives=(
        f'auth0 = Auth0(domain="acme.eu.auth0.com", client_id=cid, '
        f'client_secret="{_AUTH0_SECRET}")',
        f'provider "auth0" {{\n  client_secret = "{_AUTH0_SECRET}"\n}}',
    ),
    negatives=(
        f"AUTH0_CLIENT_ID={fake(32, ALNUM, seed='auth0-client-id')}",  # the ID is not a secret
        f"client_secret={_AUTH0_SECRET}",  # no Auth0 named
    ),
)

# Auth0: a Management API token is a JWT (RS256) issued for `https://<tenant>/api/v2/`; the
# providers read it from `AUTH0_API_TOKEN`. Under the Auth0 name it outranks a plain JWT.
_AUTH0_MGMT = _jwt_sample(
    "auth0-mgmt",
    {
        "iss": "https://acme.eu.auth0.com/",
        "sub": fake(32, ALNUM, seed="auth0-mgmt-sub") + "@clients",
        "aud": "https://acme.eu.auth0.com/api/v2/",
        "iat": 1714000000,
        "exp": 1714086400,
        "gty": "client-credentials",
    },
)

AUTH0_MANAGEMENT_API_TOKEN = SecretRule(
    id="auth0-management-api-token",
    kind="auth0_management_api_token",
    regex=assigned(
        named("auth0", r"(?:(?:api|management|mgmt)_?(?:api_?)?token|token)"), _JWT, _VALUE_CHARS
    ),
    keywords=("auth0",),
    validate=_is_signed_jwt,
    confidence=0.93,
    max_len=8192,
    examples=Examples(
        positives=(
            f"AUTH0_API_TOKEN={_AUTH0_MGMT}",
            f'new ManagementClient({{ domain: "acme.auth0.com", token: "{_AUTH0_MGMT}" }});',
            f"auth0:\n  management_token: {_AUTH0_MGMT}",
        ),
        negatives=(
            f"AUTH0_API_TOKEN={_AUTH0_MGMT.rsplit('.', 1)[0]}",  # no signature
            f"ID_TOKEN={_AUTH0_MGMT}",  # no Auth0 named: the JWT rule's
            f"AUTH0_API_TOKEN={b64json({'alg': 'none'}, url=True).rstrip('=')}."
            + _AUTH0_MGMT.split(".", 1)[1],  # alg none
        ),
    ),
)

# Auth0's Next.js and Express SDKs sign session cookies with `AUTH0_SECRET` (at least 32
# characters; the docs generate it with `openssl rand -hex 32`).
_AUTH0_COOKIE = fake(64, HEX, seed="auth0-session-secret")

AUTH0_SESSION_SECRET = SecretRule(
    id="auth0-session-secret",
    kind="auth0_session_secret",
    regex=assigned(r"(?i:\bauth0_secret\b)", r"[A-Za-z0-9_\-+/=]{32,128}", _VALUE_CHARS),
    keywords=("auth0_secret",),
    entropy=3.5,
    confidence=0.85,
    examples=Examples(
        positives=(
            f"AUTH0_SECRET={_AUTH0_COOKIE}",
            f"AUTH0_SECRET='{fake(44, B64URL, seed='auth0-session-b64')}'",
        ),
        negatives=(
            f"AUTH0_SECRET={_AUTH0_COOKIE[:20]}",  # too short
            f"AUTH0_SECRET_NAME={_AUTH0_COOKIE}",  # another variable
            "AUTH0_SECRET=use [openssl rand -hex 32] to generate a 32 bytes value",  # a comment
        ),
    ),
)

# --- WorkOS: API keys are `sk_test_` / `sk_live_` and the unpadded base64 of
# `key_01<ULID>,<secret>`, so the body always starts `a2V5XzAx` (Stripe's never do).


def _is_workos_key(value: str) -> bool:
    raw = _b64decode(value.split("_", 2)[2].replace("+", "-").replace("/", "_"))
    return raw is not None and raw.startswith(b"key_01") and b"," in raw


def _workos(mode: str, seed: str) -> str:
    raw = f"key_01{fake(24, UPPER_ALNUM, seed=f'{seed}-id')},{fake(31, ALNUM, seed=seed)}"
    return f"sk_{mode}_" + base64.b64encode(raw.encode()).decode().rstrip("=")


_WORKOS_TEST = _workos("test", "workos-test")
_WORKOS_LIVE = _workos("live", "workos-live")

WORKOS_API_KEY = SecretRule(
    id="workos-api-key",
    kind="workos_api_key",
    regex=padded(r"sk_(?:test|live)_a2V5XzAx[A-Za-z0-9+/]{40,120}"),
    keywords=("a2v5xzax",),
    entropy=4.0,
    validate=_is_workos_key,
    filters=LITERAL,
    confidence=0.99,
    examples=Examples(
        positives=(
            f"WORKOS_API_KEY={_WORKOS_TEST}",
            f"workos = WorkOSClient(api_key='{_WORKOS_LIVE}', client_id=client_id)",
            f"curl https://api.workos.com/organizations -H 'Authorization: Bearer {_WORKOS_LIVE}'",
        ),
        negatives=(
            f"WORKOS_API_KEY={_WORKOS_TEST[:40]}",  # too short
            f"WORKOS_API_KEY=sk_test_a2V5XzAx{fake(60, ALNUM, seed='workos-junk')}",  # not key_01
        ),
    ),
)

# WorkOS AuthKit encrypts its session cookie with `WORKOS_COOKIE_PASSWORD` (32+ characters).
_WORKOS_COOKIE = fake(32, ALNUM, seed="workos-cookie")

WORKOS_COOKIE_PASSWORD = SecretRule(
    id="workos-cookie-password",
    kind="workos_cookie_password",
    regex=assigned(
        r"(?i:workos[\w.\-]*?cookie_?password|\bcookiePassword)",
        r"[A-Za-z0-9_\-+/=!@#$%^&*.~]{32,128}",
        r"[A-Za-z0-9_\-+/=!@#$%^&*.~]",
    ),
    keywords=("workos", "cookiepassword"),
    entropy=3.5,
    confidence=0.85,
    examples=Examples(
        positives=(
            f"WORKOS_COOKIE_PASSWORD={_WORKOS_COOKIE}",
            f'authkitMiddleware({{ cookiePassword: "{_WORKOS_COOKIE}" }})',
        ),
        negatives=(
            f"WORKOS_COOKIE_PASSWORD={_WORKOS_COOKIE[:20]}",  # too short
            f"COOKIE_PASSWORD={_WORKOS_COOKIE}",  # no WorkOS named
        ),
    ),
)

# --- Clerk: secret keys are `sk_test_` / `sk_live_` and alphanumerics, the same shape as
# Stripe's: only the Clerk name (`CLERK_SECRET_KEY`, `Clerk(bearer_auth=...)`) tells them apart,
# so this rule outranks Stripe's (0.97) where that name is present.
_CLERK = "sk_live_" + fake(42, ALNUM, seed="clerk-secret")
_CLERK_TEST = "sk_test_" + fake(42, ALNUM, seed="clerk-secret-test")

CLERK_SECRET_KEY = SecretRule(
    id="clerk-secret-key",
    kind="clerk_secret_key",
    regex=assigned(
        named("clerk", r"(?:secret_?key|api_?key|bearer_auth|key)"),
        r"sk_(?:test|live)_[A-Za-z0-9]{30,64}",
    ),
    keywords=("clerk",),
    entropy=3.5,
    confidence=0.98,
    examples=Examples(
        positives=(
            f"CLERK_SECRET_KEY={_CLERK}",
            f'clerk = Clerk(bearer_auth="{_CLERK_TEST}")',
            f'{{"clerk": {{"secretKey": "{_CLERK}"}}}}',
        ),
        negatives=(
            f"NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY=pk_live_{fake(40, ALNUM, seed='clerk-pk')}",
            f"CLERK_SECRET_KEY={_CLERK[:24]}",  # too short
        ),
    ),
)

# --- Stytch: project secrets are `secret-test-` / `secret-live-` and 26 random bytes in
# base64url; the project ID (`project-live-<uuid>`) and public token are identifiers.
_STYTCH = "secret-live-" + fake(35, B64URL, seed="stytch-secret") + "="

STYTCH_PROJECT_SECRET = SecretRule(
    id="stytch-project-secret",
    kind="stytch_project_secret",
    regex=padded(r"secret-(?:test|live)-[A-Za-z0-9_\-]{30,48}={0,2}"),
    keywords=("secret-test-", "secret-live-"),
    entropy=3.5,
    filters=LITERAL,
    confidence=0.97,
    examples=Examples(
        positives=(
            f"STYTCH_SECRET={_STYTCH}",
            f'client = stytch.Client(project_id="project-live-{fake_uuid("stytch")}", '
            f'secret="{_STYTCH.replace("-live-", "-test-")}")',
            f"curl https://test.stytch.com/v1/users -u 'project-test-{fake_uuid('st')}:{_STYTCH}'",
        ),
        negatives=(
            f"STYTCH_PROJECT_ID=project-live-{fake_uuid('stytch')}",  # an identifier
            f"STYTCH_SECRET={_STYTCH[:26]}",  # too short
            f"tag = my-secret-live-{_STYTCH[12:]}",  # inside a longer token
        ),
    ),
)

# --- Magic (magic.link): secret keys are `sk_live_` / `sk_test_` and 16 upper-case hex digits
# (publishable keys, `pk_live_...`, are meant for browsers): too short to be Stripe's.
_MAGIC = "sk_live_" + fake(16, "0123456789ABCDEF", seed="magic-secret")

MAGIC_SECRET_KEY = prefixed(
    kind="magic_secret_key",
    body=r"sk_(?:live|test)_[0-9A-F]{16}",
    sample=_MAGIC,
    keywords=("sk_live_", "sk_test_"),
    env="MAGIC_SECRET_KEY",
    confidence=0.9,
    positives=(f"const magic = new Magic('{_MAGIC.replace('_live_', '_test_')}');",),
    negatives=(
        f"MAGIC_PUBLISHABLE_KEY={_MAGIC.replace('sk_', 'pk_')}",  # publishable
        f"MAGIC_SECRET_KEY=sk_live_{fake(16, 'abcdef0123456789', seed='magic-lower')}",  # lower
    ),
)

# --- Ory Network: project API keys are `ory_pat_` and 32 alphanumerics (older docs `ory_apikey_`),
# workspace keys `ory_wak_`; `ory_st_` are user session tokens, bearer credentials too.
_ORY = "ory_pat_" + fake(32, ALNUM, seed="ory-pat")
_ORY_ST = "ory_st_" + fake(32, ALNUM, seed="ory-st")

ORY_API_KEY = prefixed(
    kind="ory_api_key",
    body=r"ory_(?:pat|apikey|wak)_[A-Za-z0-9]{32,64}",
    sample=_ORY,
    keywords=("ory_pat_", "ory_apikey_", "ory_wak_"),
    env="ORY_API_KEY",
    entropy=3.5,
    confidence=0.97,
    positives=(
        f"curl https://acme.projects.oryapis.com/admin/identities -H 'Authorization: Bearer "
        f"{_ORY}'",
        f"ORY_WORKSPACE_API_KEY={_ORY.replace('ory_pat_', 'ory_wak_')}",
    ),
    negatives=(f"ORY_API_KEY=ory_xyz_{_ORY[8:]}",),  # unknown key type
)

ORY_SESSION_TOKEN = prefixed(
    kind="ory_session_token",
    body=r"ory_st_[A-Za-z0-9]{32,64}",
    sample=_ORY_ST,
    keywords=("ory_st_",),
    env="ORY_SESSION_TOKEN",
    entropy=3.5,
    confidence=0.95,
    positives=(f"curl https://acme.oryapis.com/sessions/whoami -H 'X-Session-Token: {_ORY_ST}'",),
    negatives=(f"session = ory_st_{_ORY_ST[7:30]}",),  # too short
)

# --- Persona: API keys are `persona_sandbox_` / `persona_production_` and a random tail (a UUID in
# most keys).
_PERSONA = "persona_production_" + fake_uuid("persona")

PERSONA_API_KEY = prefixed(
    kind="persona_api_key",
    body=r"persona_(?:sandbox|production)_[A-Za-z0-9_\-]{32,80}",
    sample=_PERSONA,
    keywords=("persona_sandbox_", "persona_production_"),
    env="PERSONA_API_KEY",
    confidence=0.98,
    positives=(
        f"curl https://withpersona.com/api/v1/inquiries -H 'Authorization: Bearer {_PERSONA}'",
        f"PERSONA_API_KEY={_PERSONA.replace('production', 'sandbox')}",
    ),
    negatives=(f"PERSONA_TEMPLATE_ID=itmpl_{fake(24, ALNUM, seed='persona-tmpl')}",),
)

# --- Onfido: API tokens are `api_live.` / `api_sandbox.` (with a region, `api_live_us.`), then a
# token ID and a secret, dot-separated (or run together).
_ONFIDO = f"api_live.{fake(11, B64URL, seed='onfido-id')}.{fake(32, B64URL, seed='onfido-secret')}"

ONFIDO_API_TOKEN = prefixed(
    kind="onfido_api_token",
    body=(
        r"api_(?:live|sandbox)(?:_(?:us|ca|eu))?\.[A-Za-z0-9_\-]{8,16}"
        r"(?:\.[A-Za-z0-9_\-]{28,40}|[A-Za-z0-9_\-]{32,64})"
    ),
    sample=_ONFIDO,
    keywords=("api_live", "api_sandbox"),
    env="ONFIDO_API_TOKEN",
    confidence=0.96,
    positives=(
        f"curl https://api.eu.onfido.com/v3.6/applicants -H 'Authorization: Token token={_ONFIDO}'",
        f"onfido = Onfido::API.new(api_token: '{_ONFIDO.replace('api_live', 'api_sandbox')}')",
    ),
    negatives=(f"ONFIDO_API_TOKEN=api_test.{_ONFIDO[9:]}",),  # not a documented environment
)

# --- Userfront: admin API keys are `uf_test_admin_` / `uf_live_admin_`, the 8-character tenant
# ID, `_` and 32 hex digits.
_USERFRONT = f"uf_live_admin_{fake(8, LOWER_ALNUM, seed='uf-tenant')}_{fake(32, HEX, seed='uf')}"

USERFRONT_API_KEY = prefixed(
    kind="userfront_api_key",
    body=r"uf_(?:test|live)_admin_[a-z0-9]{8}_[0-9a-f]{32}",
    sample=_USERFRONT,
    keywords=("uf_test_admin_", "uf_live_admin_"),
    env="USERFRONT_API_KEY",
    confidence=0.97,
    positives=(
        f"curl https://api.userfront.com/v0/users -H 'Authorization: Bearer {_USERFRONT}'",
        f"USERFRONT_API_KEY={_USERFRONT.replace('uf_live_', 'uf_test_')}",
    ),
    negatives=(f"USERFRONT_API_KEY={_USERFRONT.replace('_admin_', '_public_')}",),
)

# --- Unprefixed client secrets and API keys, known by the platform's name.

# Okta: OIDC application client secrets are 40 or 64 base64url characters (the API token,
# `SSWS ...`, is `okta_api_token`).
_OKTA_SECRET = fake(64, B64URL, seed="okta-client-secret")

OKTA_CLIENT_SECRET = service_named(
    kind="okta_client_secret",
    service="okta",
    key=r"client[_\-]?secret",
    value=r"(?:[A-Za-z0-9_\-]{64}|[A-Za-z0-9_\-]{40})",
    sample=_OKTA_SECRET,
    env="OKTA_CLIENT_SECRET",
    entropy=4.0,
    confidence=0.8,
    positives=(
        f"OKTA_OAUTH2_CLIENT_SECRET={fake(40, B64URL, seed='okta-secret-40')}",
        f"okta.oauth2.client-secret={_OKTA_SECRET}",
    ),
    negatives=(f"OKTA_CLIENT_ID=0oa{fake(17, ALNUM, seed='okta-id')}",),  # an identifier
)

# FusionAuth: API keys (Authorization header, `FUSIONAUTH_API_KEY`) are 43 to 64 characters.
_FUSIONAUTH = fake(64, B64URL, seed="fusionauth")

FUSIONAUTH_API_KEY = service_named(
    kind="fusionauth_api_key",
    service="fusionauth|fusion_auth",
    keywords=("fusionauth", "fusion_auth"),
    value=r"[A-Za-z0-9_\-]{43,64}",
    sample=_FUSIONAUTH,
    env="FUSIONAUTH_API_KEY",
    entropy=4.0,
    confidence=0.82,  # above the header rule's 0.8, which reads `  apiKey:` as a header
    positives=(f"fusionauth:\n  apiKey: {_FUSIONAUTH}",),
)

# Frontegg: environment API keys (client ID and secret) are UUIDs.
_FRONTEGG = fake_uuid("frontegg")

FRONTEGG_API_KEY = service_named(
    kind="frontegg_api_key",
    service="frontegg",
    key=r"(?:api_?key|secret|client_?secret|token)",
    value=UUID,
    sample=_FRONTEGG,
    env="FRONTEGG_API_KEY",
    positives=(f"FRONTEGG_CLIENT_SECRET={_FRONTEGG}",),
    negatives=(f"FRONTEGG_CLIENT_ID={_FRONTEGG}",),  # the ID half
)

# Kinde: M2M and back-end application client secrets are ~50 alphanumerics.
_KINDE = fake(52, ALNUM, seed="kinde")

KINDE_CLIENT_SECRET = service_named(
    kind="kinde_client_secret",
    service="kinde",
    key=r"client_?secret",
    value=r"[A-Za-z0-9]{40,56}",
    sample=_KINDE,
    env="KINDE_CLIENT_SECRET",
    entropy=4.0,
    positives=(f'kinde:\n  client_secret: "{_KINDE}"',),
    negatives=(f"KINDE_CLIENT_ID={fake(32, HEX, seed='kinde-id')}",),
)

# OneLogin: API credentials are a client ID and a client secret, each 64 hex digits.
_ONELOGIN = fake(64, HEX, seed="onelogin")

ONELOGIN_CLIENT_SECRET = service_named(
    kind="onelogin_client_secret",
    service="onelogin|one_login",
    keywords=("onelogin", "one_login"),
    key=r"(?:(?:client_?)?secret)",
    value=r"[0-9a-f]{64}",
    sample=_ONELOGIN,
    env="ONELOGIN_CLIENT_SECRET",
    positives=(f'onelogin:\n  client_secret: "{_ONELOGIN}"\n  region: us',),
    negatives=(f"ONELOGIN_CLIENT_ID={_ONELOGIN}",),
)

# Ping Identity (PingOne, PingFederate): worker application client secrets are 64 characters of
# base64url and `~`, `.`.
_PING = fake(64, B64URL + "~.", seed="pingone")

PINGONE_CLIENT_SECRET = service_named(
    kind="pingone_client_secret",
    service=r"ping_?one|ping_?identity|ping_?fed(?:erate)?",
    keywords=("pingone", "ping_one", "pingidentity", "ping_identity", "pingfed", "ping_fed"),
    key=r"client_?secret",
    value=r"[A-Za-z0-9_\-~.]{64}",
    sample=_PING,
    env="PINGONE_CLIENT_SECRET",
    entropy=4.0,
    positives=(f'provider "pingone" {{\n  client_secret = "{_PING}"\n}}',),
    negatives=(f"MAPPING_CLIENT_SECRET={_PING}",),  # `ping` inside another word
)

# JumpCloud: API keys are 40 alphanumerics (hex in most), sent as `x-api-key`.
_JUMPCLOUD = fake(40, HEX, seed="jumpcloud")

JUMPCLOUD_API_KEY = service_named(
    kind="jumpcloud_api_key",
    service="jumpcloud|jump_cloud",
    keywords=("jumpcloud", "jump_cloud"),
    value=r"[A-Za-z0-9]{40}",
    sample=_JUMPCLOUD,
    env="JUMPCLOUD_API_KEY",
    positives=(f'provider "jumpcloud" {{\n  api_key = "{_JUMPCLOUD}"\n}}',),
)

# Duo: an application's secret key (`skey`) is 40 alphanumerics; the integration key (`ikey`,
# `DI...`) and API hostname are identifiers.
_DUO = fake(40, ALNUM, seed="duo-skey")

DUO_SECRET_KEY = service_named(
    kind="duo_secret_key",
    service="duo",
    key=r"(?:skey|secret_?key|client_?secret|secret)",
    value=r"[A-Za-z0-9]{40}",
    sample=_DUO,
    env="DUO_SECRET_KEY",
    entropy=4.0,
    positives=(
        f'duo:\n  skey: "{_DUO}"',
        f"DUO_SKEY={_DUO}",
    ),
    negatives=(f"DUO_IKEY=DI{fake(18, UPPER_ALNUM, seed='duo-ikey')}",),
)

# Keycloak: a confidential client's secret is 32 alphanumerics (`credentials.secret` in the
# client JSON, `KEYCLOAK_CLIENT_SECRET` for adapters).
_KEYCLOAK = fake(32, ALNUM, seed="keycloak")

KEYCLOAK_CLIENT_SECRET = service_named(
    kind="keycloak_client_secret",
    service="keycloak",
    key=r"(?:client[_\-]?)?secret",
    value=r"[A-Za-z0-9]{32}",
    sample=_KEYCLOAK,
    env="KEYCLOAK_CLIENT_SECRET",
    entropy=4.0,
    positives=(
        f'keycloak:\n  client-secret: "{_KEYCLOAK}"',
        f"spring.security.oauth2.client.registration.keycloak.client-secret={_KEYCLOAK}",
    ),
    negatives=(f"KEYCLOAK_CLIENT_ID={_KEYCLOAK}",),
)

# Veriff: session requests are signed with the integration's shared secret key (a UUID); the
# API key, also a UUID, is public (the browser SDK takes it).
_VERIFF = fake_uuid("veriff")

VERIFF_SHARED_SECRET = service_named(
    kind="veriff_shared_secret",
    service="veriff",
    key=r"(?:(?:shared_?|master_?)?secret(?:_?key)?)",
    value=UUID,
    sample=_VERIFF,
    env="VERIFF_SHARED_SECRET_KEY",
    positives=(f'veriff:\n  shared_secret: "{_VERIFF}"',),
    negatives=(f"VERIFF_API_KEY={_VERIFF}",),  # the public half
)

# Jumio: API credentials are a token (UUID) and a secret of 32 alphanumerics.
_JUMIO = fake(32, ALNUM, seed="jumio")

JUMIO_API_SECRET = service_named(
    kind="jumio_api_secret",
    service="jumio",
    key=r"(?:(?:api_?|client_?)?secret)",
    value=r"[A-Za-z0-9]{32}",
    sample=_JUMIO,
    env="JUMIO_API_SECRET",
    entropy=4.0,
    positives=(f'jumio:\n  api_secret: "{_JUMIO}"\n  api_token: "{fake_uuid("jumio")}"',),
    negatives=(f"JUMIO_API_TOKEN={_JUMIO}",),  # the token half
)

# SuperTokens: the core's API key (`api_key` in config.yaml, `SUPERTOKENS_API_KEY`) is chosen by
# the operator: at least 20 characters of letters, digits, `=` and `-`.
_SUPERTOKENS = fake(40, ALNUM + "-=", seed="supertokens")

SUPERTOKENS_API_KEY = SecretRule(
    id="supertokens-api-key",
    kind="supertokens_api_key",
    regex=assigned(named("supertokens|super_tokens", r"api_?keys?"), r"[A-Za-z0-9=\-]{20,128}"),
    keywords=("supertokens", "super_tokens"),
    entropy=3.5,
    confidence=0.8,
    examples=Examples(
        positives=(
            f"SUPERTOKENS_API_KEY={_SUPERTOKENS}",
            f'supertokens:\n  api_key: "{_SUPERTOKENS}"\n  connection_uri: "https://try.supertokens.io"',
        ),
        negatives=(
            f"SUPERTOKENS_API_KEY={_SUPERTOKENS[:12]}",  # too short
            f"API_KEY={_SUPERTOKENS}",  # no SuperTokens named
        ),
    ),
)

# --- Session secrets of authentication libraries: Auth.js (`NEXTAUTH_SECRET`) and Better Auth
# (`BETTER_AUTH_SECRET`) sign and encrypt session cookies with them; their docs generate 32 random
# bytes (`openssl rand -base64 32`, `npx auth secret`).
_SESSION_VALUE = r"[A-Za-z0-9_\-+/=]{32,128}"
_NEXTAUTH = fake(43, B64, seed="nextauth-secret") + "="
_BETTER_AUTH = fake(43, B64, seed="better-auth-secret") + "="


def _session_secret(kind: str, name: str, env: str, sample: str, positive: str) -> Rule:
    return SecretRule(
        id=kind.replace("_", "-"),
        kind=kind,
        regex=assigned(rf"(?i:\b{name}\b)", _SESSION_VALUE, _VALUE_CHARS),
        keywords=(env.lower(),),
        entropy=3.5,
        confidence=0.85,
        examples=Examples(
            positives=(f"{env}={sample}", positive),
            negatives=(
                f"{env}={sample[:20]}",  # too short
                f"{env}_URL=https://auth.acme.io/{sample[:8]}",  # another variable
            ),
            documented=(f"{env}=change-me-to-a-random-string-at-least-32-chars",),
        ),
    )


NEXTAUTH_SECRET = _session_secret(
    "nextauth_secret",
    "nextauth_secret",
    "NEXTAUTH_SECRET",
    _NEXTAUTH,
    f'  NEXTAUTH_SECRET: "{_NEXTAUTH}"',
)
BETTER_AUTH_SECRET = _session_secret(
    "better_auth_secret",
    "better_auth_secret",
    "BETTER_AUTH_SECRET",
    _BETTER_AUTH,
    f"export BETTER_AUTH_SECRET='{fake(64, HEX, seed='better-auth-hex')}'",
)

# Amazon Cognito: an app client's secret is 51 or 52 lower-case letters and digits (the client ID,
# 26, is public).
_COGNITO = fake(52, LOWER_ALNUM, seed="cognito")

COGNITO_CLIENT_SECRET = service_named(
    kind="cognito_client_secret",
    service="cognito",
    key=r"(?:(?:app_?)?client[_\-]?secret|secret)",
    value=r"[a-z0-9]{51,52}",
    sample=_COGNITO,
    env="COGNITO_CLIENT_SECRET",
    entropy=3.5,
    positives=(f'cognito:\n  client_secret: "{_COGNITO}"',),
    negatives=(f"COGNITO_CLIENT_ID={fake(26, LOWER_ALNUM, seed='cognito-id')}",),
)

RULES: tuple[Rule, ...] = (
    AUTH0_CLIENT_SECRET,
    AUTH0_MANAGEMENT_API_TOKEN,
    AUTH0_SESSION_SECRET,
    WORKOS_API_KEY,
    WORKOS_COOKIE_PASSWORD,
    CLERK_SECRET_KEY,
    STYTCH_PROJECT_SECRET,
    MAGIC_SECRET_KEY,
    ORY_API_KEY,
    ORY_SESSION_TOKEN,
    PERSONA_API_KEY,
    ONFIDO_API_TOKEN,
    USERFRONT_API_KEY,
    OKTA_CLIENT_SECRET,
    FUSIONAUTH_API_KEY,
    FRONTEGG_API_KEY,
    KINDE_CLIENT_SECRET,
    ONELOGIN_CLIENT_SECRET,
    PINGONE_CLIENT_SECRET,
    COGNITO_CLIENT_SECRET,
    JUMPCLOUD_API_KEY,
    DUO_SECRET_KEY,
    KEYCLOAK_CLIENT_SECRET,
    VERIFF_SHARED_SECRET,
    JUMIO_API_SECRET,
    SUPERTOKENS_API_KEY,
    NEXTAUTH_SECRET,
    BETTER_AUTH_SECRET,
)
