"""Hosting and deployment platforms: Heroku, DigitalOcean, Cloudflare, Vercel, Netlify, Fly.io,
Render, Supabase, PlanetScale, Databricks, Railway, Linode, Vultr.

Tailscale and ngrok are in `network`."""

from veil.detect.base import ASSIGN, UUID, Examples, Rule, SecretRule, assigned, named, token
from veil.detect.samples import (
    ALNUM,
    B64,
    B64URL,
    DIGITS,
    HEX,
    LOWER_ALNUM,
    UPPER_ALNUM,
    fake,
    fake_uuid,
)
from veil.detect.shapes import prefixed, service_named
from veil.detect.validators import mixed_case, mixed_case_body

# --- Heroku: a UUID API key (named for Heroku, or in ~/.netrc), and the newer `HRKU-AA` keys.

_HEROKU = fake_uuid("heroku")

HEROKU_API_KEY = SecretRule(
    id="heroku-api-key",
    kind="heroku_api_key",
    regex=(
        rf"(?:{named('heroku', r'(?:api_?key|key|token|password|secret)')}{ASSIGN}"
        r"|machine\s+(?:api|git)\.heroku\.com\s+login\s+\S+\s+password\s+)"
        rf"(?P<secret>{UUID.replace('0-9a-f', '0-9A-Fa-f')})(?![A-Za-z0-9_\-])"
    ),
    keywords=("heroku",),
    confidence=0.85,
    examples=Examples(
        positives=(
            f"HEROKU_API_KEY={_HEROKU}",
            f'const HEROKU_KEY = "{_HEROKU.upper()}"',
            f"machine api.heroku.com\n  login ops@acme.io\n  password {_HEROKU}",
            "      - uses: akhileshns/heroku-deploy@v3\n        with:\n"
            f'          heroku_api_key: "{_HEROKU}"',
        ),
        negatives=(
            f"HEROKU_APP_ID={_HEROKU}",  # an identifier, not a key
            f"api_key = {_HEROKU}",  # no Heroku context
            "HEROKU_API_KEY=${{ secrets.HEROKU_API_KEY }}",  # reference
        ),
    ),
)

_HRKU = "HRKU-AA" + fake(58, B64URL, seed="heroku-v2")

HEROKU_API_KEY_V2 = SecretRule(
    id="heroku-api-key-v2",
    kind="heroku_api_key",
    regex=token(r"HRKU-AA[A-Za-z0-9_\-]{58}"),
    keywords=("hrku-aa",),
    entropy=4.0,
    confidence=0.97,
    examples=Examples(
        positives=(
            f"HEROKU_API_KEY={_HRKU}",
            f"curl -n https://api.heroku.com/apps -H 'Authorization: Bearer {_HRKU}'",
        ),
        negatives=(
            f"HEROKU_API_KEY={_HRKU[:-8]}",  # too short
            f"HEROKU_API_KEY=HRKU-AB{_HRKU[7:]}",  # unknown version
        ),
    ),
)

# --- DigitalOcean: `do<kind>_v1_` and 64 hex.


def _digitalocean(kind: str, prefix: str) -> Rule:
    value = prefix + fake(64, HEX, seed=f"digitalocean-{prefix}")
    return SecretRule(
        id=kind.replace("_", "-"),
        kind=kind,
        regex=token(prefix + r"[0-9a-f]{64}"),
        keywords=(prefix,),
        entropy=3.0,
        confidence=0.98,
        examples=Examples(
            positives=(
                f"DIGITALOCEAN_TOKEN={value}",
                f'provider "digitalocean" {{\n  token = "{value}"\n}}',
                f"doctl auth init --access-token {value}",
            ),
            negatives=(
                f"DIGITALOCEAN_TOKEN={value[:-4]}",  # too short
                f"DIGITALOCEAN_TOKEN={prefix.replace('v1', 'v9')}{value[7:]}",  # unknown version
            ),
            documented=(
                f"DIGITALOCEAN_TOKEN={prefix}{'0' * 64}",  # placeholder
            ),
        ),
    )


DIGITALOCEAN_PAT = _digitalocean("digitalocean_pat", "dop_v1_")
DIGITALOCEAN_OAUTH_TOKEN = _digitalocean("digitalocean_oauth_token", "doo_v1_")
DIGITALOCEAN_REFRESH_TOKEN = _digitalocean("digitalocean_refresh_token", "dor_v1_")

# --- Cloudflare

_CF_TOKEN = fake(40, B64URL, seed="cloudflare-token")
_CF_NAME = (
    r"(?i:cloudflare[\w.\-]*?(?:api_?)?token|(?<![A-Za-z0-9])cf_?(?:api_?)?token"
    r"|cloudflare\b[^\n]{0,40}?(?:\n[ \t]+[^\n]{0,40}?)?\b(?:api_?)?token"
    r"|api\.cloudflare\.com[^\n]{0,100}?Bearer)"
)

CLOUDFLARE_API_TOKEN = SecretRule(
    id="cloudflare-api-token",
    kind="cloudflare_api_token",
    regex=assigned(_CF_NAME, r"[A-Za-z0-9_\-]{40}"),
    keywords=("cloudflare", "cf_api", "cf_token"),
    entropy=4.0,
    validate=mixed_case_body,
    confidence=0.8,
    examples=Examples(
        positives=(
            f"CLOUDFLARE_API_TOKEN={_CF_TOKEN}",
            f'provider "cloudflare" {{\n  api_token = "{_CF_TOKEN}"\n}}',
            f"curl https://api.cloudflare.com/client/v4/user/tokens/verify "
            f'-H "Authorization: Bearer {_CF_TOKEN}"',
            f"CF_API_TOKEN: {_CF_TOKEN}",
        ),
        negatives=(
            f"api_token = {_CF_TOKEN}",  # no Cloudflare context
            f"CLOUDFLARE_API_TOKEN={_CF_TOKEN[:32]}",  # too short
            f"CLOUDFLARE_ACCOUNT_ID={fake(40, B64URL, seed='cloudflare-account')}",  # not a token
        ),
    ),
)

_CF_TOKEN_V2 = "cfut_" + fake(40, ALNUM, seed="cloudflare-cfut") + fake(8, HEX, seed="cfut-crc")

CLOUDFLARE_API_TOKEN_V2 = SecretRule(
    id="cloudflare-api-token-v2",
    kind="cloudflare_api_token",
    regex=token(r"cf[ua]t_[A-Za-z0-9]{40}[0-9a-f]{8}"),
    keywords=("cfut_", "cfat_"),
    entropy=4.0,
    confidence=0.97,
    examples=Examples(
        positives=(
            f"CLOUDFLARE_API_TOKEN={_CF_TOKEN_V2}",
            f"wrangler:\n  token: {_CF_TOKEN_V2.replace('cfut_', 'cfat_')}",
        ),
        negatives=(
            f"CLOUDFLARE_API_TOKEN={_CF_TOKEN_V2[:-8]}",  # checksum missing
            f"CLOUDFLARE_API_TOKEN={_CF_TOKEN_V2.replace('cfut_', 'cfxt_')}",  # unknown type
        ),
    ),
)

_CF_GLOBAL = fake(37, HEX, seed="cloudflare-global")

CLOUDFLARE_GLOBAL_API_KEY = SecretRule(
    id="cloudflare-global-api-key",
    kind="cloudflare_global_api_key",
    regex=assigned(
        r"(?i:cloudflare[\w.\-]*?(?:global_?)?(?:api_?)?key|(?<![A-Za-z0-9])cf_?(?:api_?)?key"
        r"|x-auth-key)",
        r"[0-9a-f]{37}",
    ),
    keywords=("cloudflare", "cf_api_key", "cf_key", "x-auth-key"),
    entropy=3.0,
    confidence=0.85,
    examples=Examples(
        positives=(
            f"CLOUDFLARE_API_KEY={_CF_GLOBAL}",
            f"curl -H 'X-Auth-Email: ops@acme.io' -H 'X-Auth-Key: {_CF_GLOBAL}' https://x",
            f"CF_API_KEY: {_CF_GLOBAL}",
        ),
        negatives=(
            f"CLOUDFLARE_API_KEY={_CF_GLOBAL[:32]}",  # too short: 32 hex
            f"api_key = {_CF_GLOBAL}",  # no Cloudflare context
        ),
    ),
)

_CF_GLOBAL_V2 = "cfk_" + fake(40, ALNUM, seed="cloudflare-cfk") + fake(8, HEX, seed="cfk-crc")

CLOUDFLARE_GLOBAL_API_KEY_V2 = SecretRule(
    id="cloudflare-global-api-key-v2",
    kind="cloudflare_global_api_key",
    regex=token(r"cfk_[A-Za-z0-9]{40}[0-9a-f]{8}"),
    keywords=("cfk_",),
    entropy=4.0,
    confidence=0.97,
    examples=Examples(
        positives=(
            f"CLOUDFLARE_API_KEY={_CF_GLOBAL_V2}",
            f'{{"email": "ops@acme.io", "key": "{_CF_GLOBAL_V2}"}}',
        ),
        negatives=(
            f"CLOUDFLARE_API_KEY={_CF_GLOBAL_V2[:-8]}",  # checksum missing
            f"CLOUDFLARE_API_KEY=x{_CF_GLOBAL_V2}",  # inside a longer token
        ),
    ),
)

_CF_ORIGIN = f"v1.0-{fake(24, HEX, seed='cf-origin-1')}-{fake(146, HEX, seed='cf-origin-2')}"

CLOUDFLARE_ORIGIN_CA_KEY = SecretRule(
    id="cloudflare-origin-ca-key",
    kind="cloudflare_origin_ca_key",
    regex=token(r"v1\.0-[0-9a-f]{24}-[0-9a-f]{146}"),
    keywords=("v1.0-",),
    entropy=3.0,
    confidence=0.95,
    examples=Examples(
        positives=(
            f"CLOUDFLARE_ORIGIN_CA_KEY={_CF_ORIGIN}",
            f'provider "cloudflare" {{\n  api_user_service_key = "{_CF_ORIGIN}"\n}}',
        ),
        negatives=(
            f"key = {_CF_ORIGIN[:-20]}",  # too short
            f"key = v1.1-{_CF_ORIGIN[5:]}",  # unknown version
        ),
    ),
)

# --- Vercel, Netlify, Render

_VERCEL = fake(24, ALNUM, seed="vercel")

VERCEL_TOKEN = SecretRule(
    id="vercel-token",
    kind="vercel_token",
    regex=assigned(named("vercel", r"(?:api_?)?(?:token|key|secret)"), r"[A-Za-z0-9]{24}"),
    keywords=("vercel",),
    entropy=3.8,
    validate=mixed_case_body,
    confidence=0.75,
    examples=Examples(
        positives=(
            f"VERCEL_TOKEN={_VERCEL}",
            f"npx vercel deploy --prod --token {_VERCEL}",
            f"      - run: vercel pull --yes\n        env:\n          VERCEL_TOKEN: '{_VERCEL}'",
        ),
        negatives=(
            f"VERCEL_PROJECT_ID=prj_{_VERCEL}",  # an identifier, not a token
            f"token = {_VERCEL}",  # no Vercel context
        ),
        documented=(
            "VERCEL_TOKEN=VercelDeploymentTokenAbc",  # words, not a random token
        ),
    ),
)

_NETLIFY = "nfp_" + fake(36, ALNUM, seed="netlify")

NETLIFY_ACCESS_TOKEN = SecretRule(
    id="netlify-access-token",
    kind="netlify_access_token",
    regex=token(r"nfp_[A-Za-z0-9_]{36}"),
    keywords=("nfp_",),
    entropy=4.0,
    confidence=0.95,
    examples=Examples(
        positives=(
            f"NETLIFY_AUTH_TOKEN={_NETLIFY}",
            f"netlify deploy --prod --auth {_NETLIFY}",
        ),
        negatives=(
            f"NETLIFY_AUTH_TOKEN={_NETLIFY[:-6]}",  # too short
            f"NETLIFY_AUTH_TOKEN={_NETLIFY}-x",  # inside a longer token
        ),
    ),
)

_NETLIFY_LEGACY = fake(43, B64URL, seed="netlify-legacy")

NETLIFY_LEGACY_ACCESS_TOKEN = SecretRule(
    id="netlify-legacy-access-token",
    kind="netlify_access_token",
    regex=assigned(named("netlify", r"(?:auth_?)?(?:token|key|secret)"), r"[A-Za-z0-9_\-]{43}"),
    keywords=("netlify",),
    entropy=4.0,
    confidence=0.8,
    examples=Examples(
        positives=(
            f"NETLIFY_AUTH_TOKEN={_NETLIFY_LEGACY}",
            f"netlify:\n  auth_token: {_NETLIFY_LEGACY}",
        ),
        negatives=(
            f"NETLIFY_SITE_ID={_NETLIFY_LEGACY}",  # an identifier, not a token
            f"NETLIFY_AUTH_TOKEN={_NETLIFY_LEGACY[:30]}",  # too short
        ),
    ),
)

_RENDER = "rnd_" + fake(28, ALNUM, seed="render")

RENDER_API_KEY = SecretRule(
    id="render-api-key",
    kind="render_api_key",
    regex=token(r"rnd_[A-Za-z0-9]{28,32}"),
    keywords=("rnd_",),
    entropy=3.8,
    validate=mixed_case_body,
    confidence=0.9,
    examples=Examples(
        positives=(
            f"RENDER_API_KEY={_RENDER}",
            f'curl -H "Authorization: Bearer {_RENDER}" https://api.render.com/v1/services',
        ),
        negatives=(
            f"RENDER_API_KEY={_RENDER[:-8]}",  # too short
            "rnd_generateRandomNumberHelpers = 1",  # an identifier, not a key
        ),
    ),
)

# --- Fly.io: OAuth tokens `fo1_`, macaroon tokens `fm1a_`/`fm1r_`/`fm2_`, comma-joined.

_FLY_OAUTH = "fo1_" + fake(43, B64URL, seed="flyio-oauth")

FLY_IO_ACCESS_TOKEN = SecretRule(
    id="fly-io-access-token",
    kind="fly_io_access_token",
    regex=token(r"fo1_[A-Za-z0-9_\-]{43}"),
    keywords=("fo1_",),
    entropy=4.0,
    confidence=0.95,
    examples=Examples(
        positives=(
            f"FLY_ACCESS_TOKEN={_FLY_OAUTH}",
            f"access_token: {_FLY_OAUTH}",
        ),
        negatives=(
            f"FLY_ACCESS_TOKEN={_FLY_OAUTH[:-5]}",  # too short
            f"FLY_ACCESS_TOKEN=fo2_{_FLY_OAUTH[4:]}",  # unknown version
        ),
    ),
)

_FLY_MACAROON = (
    "fm2_" + fake(320, B64, seed="flyio-macaroon-1") + "==,fm2_" + fake(180, B64, seed="flyio-m2")
)

FLY_IO_MACAROON = SecretRule(
    id="fly-io-macaroon",
    kind="fly_io_macaroon",
    regex=(
        r"(?<![A-Za-z0-9_+/\-])(?P<secret>fm(?:1[ar]|2)_[A-Za-z0-9+/]{100,}={0,3}"
        r"(?:,fm(?:1[ar]|2)_[A-Za-z0-9+/]{100,}={0,3})*)(?![A-Za-z0-9_+/=\-])"
    ),
    keywords=("fm2_", "fm1a_", "fm1r_"),
    entropy=4.5,
    confidence=0.95,
    max_len=4096,
    examples=Examples(
        positives=(
            f"FLY_API_TOKEN=FlyV1 {_FLY_MACAROON}",
            f"FLY_API_TOKEN={_FLY_MACAROON}",
            f'fly deploy --access-token "FlyV1 {_FLY_MACAROON}"',
        ),
        negatives=(
            f"FLY_API_TOKEN=FlyV1 fm2_{fake(60, B64, seed='flyio-short')}",  # too short
            f"FLY_API_TOKEN=FlyV1 fm3_{_FLY_MACAROON[4:300]}",  # unknown version
        ),
    ),
)

# --- Supabase, PlanetScale, Databricks

_SUPABASE_PAT = "sbp_" + fake(40, LOWER_ALNUM, seed="supabase-pat")

SUPABASE_ACCESS_TOKEN = SecretRule(
    id="supabase-access-token",
    kind="supabase_access_token",
    regex=token(r"sbp_[a-z0-9]{40}"),
    keywords=("sbp_",),
    entropy=3.5,
    confidence=0.97,
    examples=Examples(
        positives=(
            f"SUPABASE_ACCESS_TOKEN={_SUPABASE_PAT}",
            f"supabase login --token {_SUPABASE_PAT}",
        ),
        negatives=(
            f"SUPABASE_ACCESS_TOKEN={_SUPABASE_PAT[:-4]}",  # too short
            f"SUPABASE_ACCESS_TOKEN={_SUPABASE_PAT}ab",  # inside a longer token
        ),
    ),
)

_SUPABASE_SECRET = f"sb_secret_{fake(22, B64URL, seed='supabase-sk-1')}_{fake(8, ALNUM, seed='s2')}"

SUPABASE_SECRET_KEY = SecretRule(
    id="supabase-secret-key",
    kind="supabase_secret_key",
    regex=token(r"sb_secret_[A-Za-z0-9_\-]{30,64}"),
    keywords=("sb_secret_",),
    entropy=3.8,
    confidence=0.95,
    examples=Examples(
        positives=(
            f"SUPABASE_SECRET_KEY={_SUPABASE_SECRET}",
            f'createClient("https://abc.supabase.co", "{_SUPABASE_SECRET}")',
        ),
        negatives=(
            f"SUPABASE_PUBLISHABLE_KEY=sb_publishable_{_SUPABASE_SECRET[10:]}",  # public key
            f"SUPABASE_SECRET_KEY={_SUPABASE_SECRET[:30]}",  # too short
        ),
    ),
)


def _planetscale(kind: str, prefix: str, env: str) -> Rule:
    value = prefix + fake(43, B64URL.replace("-", ""), seed=f"planetscale-{prefix}")
    return SecretRule(
        id=kind.replace("_", "-"),
        kind=kind,
        regex=token(prefix + r"[A-Za-z0-9_]{32,64}"),
        keywords=(prefix,),
        entropy=4.0,
        confidence=0.97,
        examples=Examples(
            positives=(
                f"{env}={value}",
                f"DATABASE_URL=mysql://x7k2q:{value}@aws.connect.psdb.cloud/app?sslaccept=strict"
                if kind == "planetscale_password"
                else f'{{"service_token": "{value}"}}',
            ),
            negatives=(
                f"{env}={value[:-16]}",  # too short
            ),
            documented=(
                f"{env}={prefix}xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",  # placeholder
            ),
        ),
    )


PLANETSCALE_API_TOKEN = _planetscale(
    "planetscale_api_token", "pscale_tkn_", "PLANETSCALE_SERVICE_TOKEN"
)
PLANETSCALE_PASSWORD = _planetscale("planetscale_password", "pscale_pw_", "DATABASE_PASSWORD")
PLANETSCALE_OAUTH_TOKEN = _planetscale(
    "planetscale_oauth_token", "pscale_oauth_", "PLANETSCALE_OAUTH_TOKEN"
)

_DATABRICKS = "dapi" + fake(32, HEX, seed="databricks")

DATABRICKS_TOKEN = SecretRule(
    id="databricks-token",
    kind="databricks_token",
    regex=token(r"dapi[0-9a-f]{32}(?:-[0-9])?"),
    keywords=("dapi",),
    entropy=3.0,
    confidence=0.95,
    examples=Examples(
        positives=(
            f"DATABRICKS_TOKEN={_DATABRICKS}",
            f"[DEFAULT]\nhost = https://acme.cloud.databricks.com\ntoken = {_DATABRICKS}-2",
        ),
        negatives=(
            f"DATABRICKS_TOKEN={_DATABRICKS[:-4]}",  # too short
            f"DATABRICKS_TOKEN={_DATABRICKS}abc",  # inside a longer token
        ),
    ),
)

# --- Railway, Linode, Vultr: no prefix, only a name says what they are.

_RAILWAY = fake_uuid("railway")

RAILWAY_TOKEN = SecretRule(
    id="railway-token",
    kind="railway_token",
    regex=assigned(named("railway", r"(?:api_?)?(?:token|key|secret)"), UUID),
    keywords=("railway",),
    confidence=0.8,
    examples=Examples(
        positives=(
            f"RAILWAY_TOKEN={_RAILWAY}",
            f"RAILWAY_API_TOKEN: '{_RAILWAY}'",
        ),
        negatives=(
            f"RAILWAY_PROJECT_ID={_RAILWAY}",  # an identifier, not a token
            f"token = {_RAILWAY}",  # no Railway context
        ),
    ),
)

_LINODE = fake(64, HEX, seed="linode")

LINODE_TOKEN = SecretRule(
    id="linode-token",
    kind="linode_token",
    regex=assigned(named("linode"), r"[0-9a-f]{64}"),
    keywords=("linode",),
    entropy=3.0,
    confidence=0.8,
    examples=Examples(
        positives=(
            f"LINODE_TOKEN={_LINODE}",
            f'provider "linode" {{\n  token = "{_LINODE}"\n}}',
            f"LINODE_CLI_TOKEN: {_LINODE}",
        ),
        negatives=(
            f"LINODE_IMAGE_SHA256={_LINODE}",  # a digest, not a token
            f"token = {_LINODE}",  # no Linode context
        ),
    ),
)

_VULTR = fake(36, UPPER_ALNUM, seed="vultr")


def _vultr_ok(value: str) -> bool:
    digits = sum(c in DIGITS for c in value)
    return 4 <= digits <= 32


VULTR_API_KEY = SecretRule(
    id="vultr-api-key",
    kind="vultr_api_key",
    regex=assigned(named("vultr"), r"[A-Z0-9]{36}"),
    keywords=("vultr",),
    entropy=4.0,
    validate=_vultr_ok,
    confidence=0.8,
    examples=Examples(
        positives=(
            f"VULTR_API_KEY={_VULTR}",
            f'provider "vultr" {{\n  api_key = "{_VULTR}"\n}}',
        ),
        negatives=(
            f"VULTR_INSTANCE_ID={_VULTR}",  # an identifier, not a key
            f"VULTR_API_KEY={_VULTR[:30]}",  # too short
            "VULTR_API_KEY=VULTRAPIKEYFORPRODUCTIONDEPLOYMENTS1",  # words, not a random key
        ),
    ),
)


def _upper_key_ok(value: str) -> bool:
    """An upper-case random key id mixes letters and digits; a word in capitals has no digits."""
    return sum(c.isdigit() for c in value) >= 2 and sum(c.isalpha() for c in value) >= 4


# --- Newer Vercel credentials carry their type in a prefix: `vcp_` personal access tokens,
# `vci_` integration tokens, `vca_`/`vcr_` app access and refresh tokens, `vck_` API keys.


def _vercel(kind: str, prefix: str, env: str, rule_id: str | None = None) -> Rule:
    value = prefix + fake(48, ALNUM, seed=f"vercel-{prefix}")
    return SecretRule(
        id=rule_id or kind.replace("_", "-"),
        kind=kind,
        regex=token(prefix + r"[A-Za-z0-9]{24,96}"),
        keywords=(prefix,),
        entropy=4.0,
        validate=mixed_case_body,
        confidence=0.95,
        examples=Examples(
            positives=(
                f"{env}={value}",
                f"curl -H 'Authorization: Bearer {value}' https://api.vercel.com/v2/user",
            ),
            negatives=(
                f"{env}={value[:20]}",  # too short
                f"{env}=vcx_{value[4:]}",  # unknown type
                f"{env}={prefix}getProjectDeploymentsByTeam",  # an identifier, not a token
            ),
        ),
    )


VERCEL_TOKEN_V2 = _vercel("vercel_token", "vcp_", "VERCEL_TOKEN", "vercel-token-v2")
VERCEL_INTEGRATION_TOKEN = _vercel("vercel_integration_token", "vci_", "VERCEL_INTEGRATION_TOKEN")
VERCEL_APP_ACCESS_TOKEN = _vercel("vercel_app_access_token", "vca_", "VERCEL_ACCESS_TOKEN")
VERCEL_APP_REFRESH_TOKEN = _vercel("vercel_app_refresh_token", "vcr_", "VERCEL_REFRESH_TOKEN")
VERCEL_API_KEY = _vercel("vercel_api_key", "vck_", "VERCEL_API_KEY")

# --- Deploy and build hooks: a URL that alone triggers a deployment.

_RENDER_HOOK = (
    f"https://api.render.com/deploy/srv-{fake(20, LOWER_ALNUM, seed='render-hook-srv')}"
    f"?key={fake(11, B64URL, seed='render-hook-key')}"
)

RENDER_DEPLOY_HOOK_URL = SecretRule(
    id="render-deploy-hook-url",
    kind="render_deploy_hook_url",
    regex=r"(?P<secret>https://api\.render\.com/deploy/srv-[a-z0-9]{16,32}\?key=[A-Za-z0-9_\-]{8,64})"
    r"(?![A-Za-z0-9_\-])",
    keywords=("api.render.com/deploy/",),
    confidence=0.97,
    examples=Examples(
        positives=(
            f"RENDER_DEPLOY_HOOK_URL={_RENDER_HOOK}",
            f'      - run: curl -X POST "{_RENDER_HOOK}"',
        ),
        negatives=(
            _RENDER_HOOK.split("?")[0],  # the service URL without its key
            _RENDER_HOOK.split("?")[0] + "?key=abc12",  # key too short
        ),
    ),
)

_VERCEL_HOOK = (
    "https://api.vercel.com/v1/integrations/deploy/"
    f"prj_{fake(28, ALNUM, seed='vercel-hook-prj')}/{fake(10, ALNUM, seed='vercel-hook')}"
)

VERCEL_DEPLOY_HOOK_URL = SecretRule(
    id="vercel-deploy-hook-url",
    kind="vercel_deploy_hook_url",
    regex=r"(?P<secret>https://api\.vercel\.com/v1/integrations/deploy/prj_[A-Za-z0-9]{16,40}"
    r"/[A-Za-z0-9]{8,24})(?![A-Za-z0-9_\-])",
    keywords=("api.vercel.com/v1/integrations/deploy/",),
    confidence=0.97,
    examples=Examples(
        positives=(
            f"VERCEL_DEPLOY_HOOK={_VERCEL_HOOK}",
            f"curl -X POST {_VERCEL_HOOK}?buildCache=false",
        ),
        negatives=(
            _VERCEL_HOOK.rsplit("/", 1)[0],  # no hook id
            _VERCEL_HOOK[:-5],  # hook id too short
        ),
    ),
)

_NETLIFY_HOOK = f"https://api.netlify.com/build_hooks/{fake(24, HEX, seed='netlify-hook')}"

NETLIFY_BUILD_HOOK_URL = SecretRule(
    id="netlify-build-hook-url",
    kind="netlify_build_hook_url",
    regex=r"(?P<secret>https://api\.netlify\.com/build_hooks/[0-9a-f]{24})(?![A-Za-z0-9_\-])",
    keywords=("api.netlify.com/build_hooks/",),
    confidence=0.97,
    examples=Examples(
        positives=(
            f"NETLIFY_BUILD_HOOK={_NETLIFY_HOOK}",
            f"curl -X POST -d {{}} {_NETLIFY_HOOK}?trigger_title=nightly",
        ),
        negatives=(
            _NETLIFY_HOOK[:-4],  # hook id too short
            "https://api.netlify.com/build_hooks/",  # no hook id
        ),
    ),
)

# --- Deno Deploy: personal access tokens `ddp_`, organization tokens `ddo_`, 36 alphanumerics.

DENO_DEPLOY_TOKEN = prefixed(
    kind="deno_deploy_token",
    body=r"ddp_[A-Za-z0-9]{36}",
    sample="ddp_" + fake(36, ALNUM, seed="deno-ddp"),
    keywords=("ddp_",),
    env="DENO_DEPLOY_TOKEN",
    entropy=3.8,
    positives=(f"deployctl deploy --project=site --token ddp_{fake(36, ALNUM, seed='deno-ddp')}",),
)
DENO_DEPLOY_ORG_TOKEN = prefixed(
    kind="deno_deploy_org_token",
    body=r"ddo_[A-Za-z0-9]{36}",
    sample="ddo_" + fake(36, ALNUM, seed="deno-ddo"),
    keywords=("ddo_",),
    env="DENO_DEPLOY_TOKEN",
    entropy=3.8,
    positives=(
        f"curl -H 'Authorization: Bearer ddo_{fake(36, ALNUM, seed='deno-ddo')}' "
        "https://api.deno.com/v2/apps",
    ),
)

# --- DigitalOcean Spaces (S3-compatible): an access key `DO` and 18 upper-case alphanumerics,
# and a 43-character base64 secret, both known by the Spaces or DigitalOcean name.

_DO_SPACES_ID = "DO00" + fake(16, UPPER_ALNUM, seed="do-spaces-id")
_DO_SPACES_SECRET = fake(43, B64, seed="do-spaces-secret")

DIGITALOCEAN_SPACES_ACCESS_KEY = service_named(
    kind="digitalocean_spaces_access_key",
    service="spaces|digitalocean",
    value=r"DO[0-9A-Z]{18}",
    sample=_DO_SPACES_ID,
    env="SPACES_ACCESS_KEY_ID",
    key=r"(?:access_?key(?:_?id)?|key_?id)",
    keywords=("spaces", "digitalocean"),
    entropy=3.0,
    validate=_upper_key_ok,
    positives=(f"DIGITALOCEAN_SPACES_ACCESS_KEY_ID: {_DO_SPACES_ID}",),
    negatives=("SPACES_ACCESS_KEY_ID=DOCUMENTATIONSERVERS",),  # a word, not a key id
)

DIGITALOCEAN_SPACES_SECRET_KEY = service_named(
    kind="digitalocean_spaces_secret_key",
    service="spaces|digitalocean",
    value=r"[A-Za-z0-9+/]{43}",
    sample=_DO_SPACES_SECRET,
    env="SPACES_SECRET_ACCESS_KEY",
    key=r"secret(?:_?access)?_?key",
    keywords=("spaces", "digitalocean"),
    entropy=4.0,
    positives=(f"DIGITALOCEAN_SPACES_SECRET_KEY={_DO_SPACES_SECRET}",),
)

# --- Hetzner: Cloud API tokens are 64 alphanumerics (`HCLOUD_TOKEN`); DNS API tokens 32,
# sent as `Auth-API-Token`.

_HCLOUD = fake(64, ALNUM, seed="hetzner-cloud")

HETZNER_CLOUD_TOKEN = service_named(
    kind="hetzner_cloud_token",
    service="hcloud|hetzner",
    value=r"[A-Za-z0-9]{64}",
    sample=_HCLOUD,
    env="HCLOUD_TOKEN",
    entropy=4.0,
    validate=mixed_case,
    positives=(f'provider "hcloud" {{\n  token = "{_HCLOUD}"\n}}',),
    negatives=(f"HCLOUD_IMAGE_SHA={fake(64, HEX, seed='hcloud-sha')}",),
)

_HETZNER_DNS = fake(32, ALNUM, seed="hetzner-dns")

HETZNER_DNS_TOKEN = SecretRule(
    id="hetzner-dns-token",
    kind="hetzner_dns_token",
    regex=assigned(
        named(r"hetzner[\w.\-]*?dns") + r"|(?i:auth-api-token)",
        r"[A-Za-z0-9]{32}",
        r"[A-Za-z0-9_\-+/=]",
    ),
    keywords=("hetzner", "auth-api-token"),
    entropy=3.8,
    validate=mixed_case,
    confidence=0.8,
    examples=Examples(
        positives=(
            f"HETZNER_DNS_API_TOKEN={_HETZNER_DNS}",
            f"curl -H 'Auth-API-Token: {_HETZNER_DNS}' https://dns.hetzner.com/api/v1/zones",
        ),
        negatives=(
            f"HETZNER_DNS_ZONE_ID={_HETZNER_DNS[:22]}",  # an identifier, not a token
            f"api_token = {_HETZNER_DNS}",  # no Hetzner context
        ),
    ),
)

# --- OVHcloud: an application key (16), application secret and consumer key (32 alphanumerics
# each), in `OVH_*` variables or the `[ovh-eu]` section of `ovh.conf`.

_OVH_SECRET = fake(32, ALNUM, seed="ovh-app-secret")
_OVH_CONSUMER = fake(32, ALNUM, seed="ovh-consumer")
_OVH_CONF = (
    f"[default]\nendpoint=ovh-eu\n\n[ovh-eu]\napplication_key={fake(16, ALNUM, seed='ovh-ak')}\n"
    f"application_secret={_OVH_SECRET}\nconsumer_key={_OVH_CONSUMER}\n"
)


def _ovh(kind: str, what: str, value: str, env: str) -> Rule:
    return SecretRule(
        id=kind.replace("_", "-"),
        kind=kind,
        regex=assigned(
            rf"{named('ovh', what)}|\[ovh-[a-z\-]+\](?:\n[^\n\[]*){{0,4}}?\n{what}",
            r"[A-Za-z0-9]{32}",
            r"[A-Za-z0-9_\-+/=]",
        ),
        keywords=("ovh",),
        entropy=3.8,
        validate=mixed_case,
        confidence=0.8,
        max_len=400,
        examples=Examples(
            positives=(f"{env}={value}", _OVH_CONF),
            negatives=(
                f"{what.replace('_?', '_')} = {value}",  # no OVH context
                f"{env}={value[:24]}",  # cut short
            ),
        ),
    )


OVH_APPLICATION_SECRET = _ovh(
    "ovh_application_secret", r"application_?secret", _OVH_SECRET, "OVH_APPLICATION_SECRET"
)
OVH_CONSUMER_KEY = _ovh("ovh_consumer_key", r"consumer_?key", _OVH_CONSUMER, "OVH_CONSUMER_KEY")

# --- Scaleway: access keys are `SCW` and 17 upper-case alphanumerics; secret keys are UUIDs,
# known by the Scaleway name (`SCW_SECRET_KEY`, `scw init secret-key=`).

_SCW_ACCESS = "SCW" + fake(17, UPPER_ALNUM, seed="scaleway-access")
_SCW_SECRET = fake_uuid("scaleway-secret")


SCALEWAY_ACCESS_KEY = prefixed(
    kind="scaleway_access_key",
    body=r"SCW[A-Z0-9]{17}",
    sample=_SCW_ACCESS,
    keywords=("scw",),
    env="SCW_ACCESS_KEY",
    validate=_upper_key_ok,
    confidence=0.9,
    positives=(f"scw init access-key={_SCW_ACCESS} secret-key={_SCW_SECRET}",),
    negatives=("SCW_ACCESS_KEY=SCWDEFAULTPROJECTNAME",),  # a word, not a key
)

SCALEWAY_SECRET_KEY = SecretRule(
    id="scaleway-secret-key",
    kind="scaleway_secret_key",
    regex=assigned(
        rf"{named('scaleway|scw', r'secret_?key')}|(?i:scw\s+init\b[^\n]{{0,80}}?secret-key)",
        UUID,
    ),
    keywords=("scaleway", "scw"),
    confidence=0.85,
    examples=Examples(
        positives=(
            f"SCW_SECRET_KEY={_SCW_SECRET}",
            f"scw init access-key={_SCW_ACCESS} secret-key={_SCW_SECRET}",
            f'provider "scaleway" {{\n  secret_key = "{_SCW_SECRET}"\n}}',
        ),
        negatives=(
            f"SCW_DEFAULT_PROJECT_ID={_SCW_SECRET}",  # an identifier, not a key
            f"secret_key = {_SCW_SECRET}",  # no Scaleway context
        ),
    ),
)

# --- Equinix Metal (formerly Packet): API tokens are 32 alphanumerics (`METAL_AUTH_TOKEN`).

_METAL = fake(32, ALNUM, seed="equinix-metal")

EQUINIX_METAL_API_TOKEN = SecretRule(
    id="equinix-metal-api-token",
    kind="equinix_metal_api_token",
    regex=assigned(
        rf"{named('equinix', r'(?:api_?|auth_?)?(?:token|key)')}"
        r"|(?i:(?<![a-z0-9])(?:metal|packet)_auth_?token|x-auth-token(?=[^\n]{0,80}metal))",
        r"[A-Za-z0-9]{32}",
        r"[A-Za-z0-9_\-+/=]",
    ),
    keywords=("equinix", "metal_auth", "packet_auth", "metal_authtoken", "packet_authtoken"),
    entropy=3.8,
    validate=mixed_case,
    confidence=0.8,
    examples=Examples(
        positives=(
            f"METAL_AUTH_TOKEN={_METAL}",
            f"PACKET_AUTH_TOKEN={_METAL}",
            f'provider "equinix" {{\n  auth_token = "{_METAL}"\n}}',
        ),
        negatives=(
            f"METAL_PROJECT_ID={_METAL}",  # an identifier, not a token
            f"auth_token = {_METAL}",  # no Equinix context
        ),
    ),
)

# --- Huawei Cloud: an access key (AK, 20 upper-case alphanumerics) and secret key (SK, 40
# alphanumerics), in `HUAWEICLOUD_SDK_AK`/`_SK` or `huaweicloud` provider blocks.

_HW_AK = fake(20, UPPER_ALNUM, seed="huawei-ak")
_HW_SK = fake(40, ALNUM, seed="huawei-sk")

HUAWEI_CLOUD_ACCESS_KEY = service_named(
    kind="huawei_cloud_access_key",
    service="huaweicloud|huawei",
    value=r"[A-Z0-9]{20}",
    sample=_HW_AK,
    env="HUAWEICLOUD_SDK_AK",
    key=r"(?:ak|access_?key(?:_?id)?)",
    keywords=("huawei",),
    entropy=3.5,
    validate=_upper_key_ok,
    positives=(f'provider "huaweicloud" {{\n  access_key = "{_HW_AK}"\n}}',),
)

HUAWEI_CLOUD_SECRET_KEY = service_named(
    kind="huawei_cloud_secret_key",
    service="huaweicloud|huawei",
    value=r"[A-Za-z0-9]{40}",
    sample=_HW_SK,
    env="HUAWEICLOUD_SDK_SK",
    key=r"(?:sk|secret_?(?:access_?)?key)",
    keywords=("huawei",),
    entropy=4.0,
    validate=mixed_case,
    positives=(f'provider "huaweicloud" {{\n  secret_key = "{_HW_SK}"\n}}',),
)

RULES = (
    HEROKU_API_KEY,
    HEROKU_API_KEY_V2,
    DIGITALOCEAN_PAT,
    DIGITALOCEAN_OAUTH_TOKEN,
    DIGITALOCEAN_REFRESH_TOKEN,
    CLOUDFLARE_API_TOKEN,
    CLOUDFLARE_API_TOKEN_V2,
    CLOUDFLARE_GLOBAL_API_KEY,
    CLOUDFLARE_GLOBAL_API_KEY_V2,
    CLOUDFLARE_ORIGIN_CA_KEY,
    VERCEL_TOKEN,
    NETLIFY_ACCESS_TOKEN,
    NETLIFY_LEGACY_ACCESS_TOKEN,
    RENDER_API_KEY,
    FLY_IO_ACCESS_TOKEN,
    FLY_IO_MACAROON,
    SUPABASE_ACCESS_TOKEN,
    SUPABASE_SECRET_KEY,
    PLANETSCALE_API_TOKEN,
    PLANETSCALE_PASSWORD,
    PLANETSCALE_OAUTH_TOKEN,
    DATABRICKS_TOKEN,
    RAILWAY_TOKEN,
    LINODE_TOKEN,
    VULTR_API_KEY,
    VERCEL_TOKEN_V2,
    VERCEL_INTEGRATION_TOKEN,
    VERCEL_APP_ACCESS_TOKEN,
    VERCEL_APP_REFRESH_TOKEN,
    VERCEL_API_KEY,
    RENDER_DEPLOY_HOOK_URL,
    VERCEL_DEPLOY_HOOK_URL,
    NETLIFY_BUILD_HOOK_URL,
    DENO_DEPLOY_TOKEN,
    DENO_DEPLOY_ORG_TOKEN,
    DIGITALOCEAN_SPACES_ACCESS_KEY,
    DIGITALOCEAN_SPACES_SECRET_KEY,
    HETZNER_CLOUD_TOKEN,
    HETZNER_DNS_TOKEN,
    OVH_APPLICATION_SECRET,
    OVH_CONSUMER_KEY,
    SCALEWAY_ACCESS_KEY,
    SCALEWAY_SECRET_KEY,
    EQUINIX_METAL_API_TOKEN,
    HUAWEI_CLOUD_ACCESS_KEY,
    HUAWEI_CLOUD_SECRET_KEY,
)
