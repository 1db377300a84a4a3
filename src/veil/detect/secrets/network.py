"""Networks, tunnels, CDNs and DNS: their API tokens and auth keys.

Tailscale, ngrok, Cloudflare Tunnel, ZeroTier, NetBird, Akamai EdgeGrid, Fastly, and the DNS
registrars and hosts (DNSimple, Namecheap, GoDaddy, Gandi, Porkbun, NS1).
"""

import base64
import binascii
import json

from veil.detect.base import UUID, Examples, Rule, SecretRule, assigned, named, padded, token
from veil.detect.filters import LITERAL
from veil.detect.samples import ALNUM, B64, B64URL, DIGITS, HEX, LOWER_ALNUM, fake, fake_uuid
from veil.detect.shapes import prefixed, service_named
from veil.detect.validators import mixed_case


def _letters_and_digits(value: str) -> bool:
    """A random key of letters and digits has both; a word, a number or a name does not."""
    return any(c.isdigit() for c in value) and sum(c.isalpha() for c in value) >= len(value) / 4


# --- Tailscale: `tskey-<type>-<key id>-<secret>`; the type says what the key is.


def _tailscale(kind: str, kind_word: str, env: str, usage: str) -> Rule:
    value = f"tskey-{kind_word}-k{fake(10, ALNUM, seed=f'ts-id-{kind_word}')}CNTRL-" + fake(
        33, ALNUM, seed=f"ts-secret-{kind_word}"
    )
    return SecretRule(
        id=kind.replace("_", "-"),
        kind=kind,
        regex=token(rf"tskey-{kind_word}-[A-Za-z0-9]{{6,24}}-[A-Za-z0-9]{{20,64}}"),
        keywords=(f"tskey-{kind_word}-",),
        entropy=4.0,
        filters=LITERAL,
        confidence=0.97,
        examples=Examples(
            positives=(f"{env}={value}", usage.format(value)),
            negatives=(
                f"{env}={value.replace(f'-{kind_word}-', '-oops-')}",  # unknown key type
                f"{env}={value[:-20]}",  # secret part too short
                f"{env}=tskey-{kind_word}-{value.rsplit('-', 1)[1]}",  # key id missing
            ),
            documented=(f"{env}=tskey-{kind_word}-XXXXXXXXXXXX-XXXXXXXXXXXXXXXXXXXXXXXXXXXXXX",),
        ),
    )


TAILSCALE_AUTH_KEY = _tailscale(
    "tailscale_auth_key", "auth", "TS_AUTHKEY", "tailscale up --authkey={} --ssh"
)
TAILSCALE_API_TOKEN = _tailscale(
    "tailscale_api_token",
    "api",
    "TAILSCALE_API_KEY",
    "curl -u '{}:' https://api.tailscale.com/api/v2/tailnet/-/devices",
)
TAILSCALE_OAUTH_CLIENT_SECRET = _tailscale(
    "tailscale_oauth_client_secret",
    "client",
    "TS_OAUTH_CLIENT_SECRET",
    'provider "tailscale" {{\n  oauth_client_secret = "{}"\n}}',
)
TAILSCALE_SCIM_TOKEN = _tailscale(
    "tailscale_scim_token", "scim", "TAILSCALE_SCIM_TOKEN", '{{"scim_token": "{}"}}'
)
TAILSCALE_WEBHOOK_SECRET = _tailscale(
    "tailscale_webhook_secret", "webhook", "TS_WEBHOOK_SECRET", "webhook:\n  secret: {}"
)

# --- ngrok: authtokens (agent) and API keys share one shape, `2` and 26 alphanumerics, `_`, 21
# more; only the name they are kept under tells them apart.

_NGROK_BODY = r"2[A-Za-z0-9]{26}_[0-9][A-Za-z0-9]{20}"
_NGROK = (
    f"2{fake(26, ALNUM, seed='ngrok-1')}_{fake(1, DIGITS, seed='n')}{fake(20, ALNUM, seed='n2')}"
)
_NGROK_API = f"2{fake(26, ALNUM, seed='ngrok-api-1')}_{fake(1, DIGITS, seed='na')}" + fake(
    20, ALNUM, seed="ngrok-api-2"
)

NGROK_AUTHTOKEN = SecretRule(
    id="ngrok-authtoken",
    kind="ngrok_authtoken",
    regex=token(_NGROK_BODY),
    keywords=("ngrok", "authtoken"),
    entropy=4.0,
    confidence=0.85,
    examples=Examples(
        positives=(
            f"ngrok config add-authtoken {_NGROK}",
            f'version: "3"\nagent:\n  authtoken: {_NGROK}',
            f"NGROK_AUTHTOKEN={_NGROK}",
        ),
        negatives=(
            f"id = {_NGROK}",  # no ngrok context
            f"NGROK_AUTHTOKEN={_NGROK[:-4]}",  # too short
        ),
    ),
)

NGROK_API_KEY = SecretRule(
    id="ngrok-api-key",
    kind="ngrok_api_key",
    regex=assigned(
        rf"{named('ngrok', r'api_?key')}|(?i:ngrok\s+api\b[^\n]{{0,60}}?--api-key)", _NGROK_BODY
    ),
    keywords=("ngrok",),
    entropy=4.0,
    confidence=0.9,
    examples=Examples(
        positives=(
            f"NGROK_API_KEY={_NGROK_API}",
            f"ngrok api endpoints list --api-key {_NGROK_API}",
            f'provider "ngrok" {{\n  api_key = "{_NGROK_API}"\n}}',
        ),
        negatives=(
            f"api_key = {_NGROK_API}",  # no ngrok context
            f"NGROK_API_KEY={_NGROK_API[:-3]}",  # too short
        ),
    ),
)

# --- Cloudflare Tunnel: `cloudflared tunnel run --token` takes base64 JSON with the account tag
# (`a`), the tunnel id (`t`) and the tunnel secret (`s`), so every token starts `eyJhIjoi`.


def _tunnel_token_ok(value: str) -> bool:
    try:
        data = json.loads(base64.b64decode(value + "=" * (-len(value) % 4)))
    except (binascii.Error, ValueError):
        return False
    return isinstance(data, dict) and {"a", "t", "s"} <= data.keys()


_CF_TUNNEL = base64.b64encode(
    json.dumps(
        {
            "a": fake(32, HEX, seed="cf-tunnel-account"),
            "t": fake_uuid("cf-tunnel-id"),
            "s": base64.b64encode(fake(32, ALNUM, seed="cf-tunnel-secret").encode()).decode(),
        },
        separators=(",", ":"),
    ).encode()
).decode()

CLOUDFLARE_TUNNEL_TOKEN = SecretRule(
    id="cloudflare-tunnel-token",
    kind="cloudflare_tunnel_token",
    regex=padded(r"eyJhIjoi[A-Za-z0-9+/]{100,400}={0,2}"),
    keywords=("eyjhijoi",),
    validate=_tunnel_token_ok,
    filters=LITERAL,
    confidence=0.97,
    max_len=512,
    examples=Examples(
        positives=(
            f"cloudflared tunnel --no-autoupdate run --token {_CF_TUNNEL}",
            f"TUNNEL_TOKEN={_CF_TUNNEL}",
            f"    environment:\n      - TUNNEL_TOKEN={_CF_TUNNEL}",
        ),
        negatives=(
            f"TUNNEL_TOKEN={_CF_TUNNEL[:90]}",  # too short
            # base64 JSON with an `a` key but no tunnel secret
            "TUNNEL_TOKEN="
            + base64.b64encode(
                json.dumps({"a": fake(120, ALNUM, seed="cf-not-tunnel")}).encode()
            ).decode(),
        ),
    ),
)

# --- ZeroTier Central: API tokens are 32 alphanumerics, known by the ZeroTier name.

_ZEROTIER = fake(32, ALNUM, seed="zerotier")

ZEROTIER_API_TOKEN = service_named(
    kind="zerotier_api_token",
    service="zerotier",
    value=r"[A-Za-z0-9]{32}",
    sample=_ZEROTIER,
    env="ZEROTIER_CENTRAL_TOKEN",
    entropy=3.8,
    validate=mixed_case,
    positives=(f'provider "zerotier" {{\n  zerotier_central_token = "{_ZEROTIER}"\n}}',),
    negatives=(f"ZEROTIER_NETWORK_ID={fake(16, HEX, seed='zt-network')}",),
)

# --- NetBird: personal access tokens are `nbp_`, 30 random characters and a 6-character
# checksum; setup keys (to enrol a peer) are UUIDs, known by their name or `--setup-key`.

NETBIRD_PAT = prefixed(
    kind="netbird_pat",
    body=r"nbp_[A-Za-z0-9]{36}",
    sample="nbp_" + fake(36, ALNUM, seed="netbird-pat"),
    keywords=("nbp_",),
    env="NETBIRD_API_TOKEN",
    entropy=3.8,
    positives=(
        "curl https://api.netbird.io/api/users -H 'Authorization: Token "
        f"nbp_{fake(36, ALNUM, seed='netbird-pat')}'",
    ),
)

_NB_SETUP = fake_uuid("netbird-setup").upper()

NETBIRD_SETUP_KEY = SecretRule(
    id="netbird-setup-key",
    kind="netbird_setup_key",
    regex=assigned(
        rf"{named('netbird', r'setup_?key')}|(?i:nb_setup_key|--setup-key)",
        UUID.replace("0-9a-f", "0-9A-Fa-f"),
    ),
    keywords=("setup_key", "setup-key", "setupkey"),
    confidence=0.85,
    examples=Examples(
        positives=(
            f"netbird up --setup-key {_NB_SETUP}",
            f"NB_SETUP_KEY={_NB_SETUP}",
            f'netbird:\n  setup_key: "{_NB_SETUP.lower()}"',
        ),
        negatives=(
            f"NB_PEER_ID={_NB_SETUP}",  # an identifier, not a setup key
            f"--setup-key {_NB_SETUP[:-4]}",  # cut short
        ),
    ),
)

# --- Akamai EdgeGrid (`.edgerc`): client and access tokens are `akab-` and two runs of
# lower-case letters and digits; the client secret is 44 base64 characters.

_AKAB = r"akab-[a-z0-9]{10,32}-[a-z0-9]{5,32}"
_AKAB_CHARS = r"[A-Za-z0-9_.\-]"  # a trailing `.` makes it a host name (`akab-...luna.akamaiapis`)
_AK_CLIENT = f"akab-{fake(16, LOWER_ALNUM, seed='ak-ct-1')}-{fake(16, LOWER_ALNUM, seed='ak-ct-2')}"
_AK_ACCESS = f"akab-{fake(16, LOWER_ALNUM, seed='ak-at-1')}-{fake(16, LOWER_ALNUM, seed='ak-at-2')}"
_AK_SECRET = fake(43, B64, seed="akamai-client-secret") + "="
_AK_HOST = f"akab-{fake(16, LOWER_ALNUM, seed='ak-h1')}-{fake(16, LOWER_ALNUM, seed='ak-h2')}"
_EDGERC = (
    f"[default]\nclient_secret = {_AK_SECRET}\nhost = {_AK_HOST}.luna.akamaiapis.net\n"
    f"access_token = {_AK_ACCESS}\nclient_token = {_AK_CLIENT}\n"
)


def _akamai_token(kind: str, name: str, value: str, env: str) -> Rule:
    label = name.replace("_?", "_")
    return SecretRule(
        id=kind.replace("_", "-"),
        kind=kind,
        regex=assigned(rf"(?i:(?:akamai[\w.\-]*?)?{name})", _AKAB, _AKAB_CHARS),
        keywords=("akab-",),
        entropy=3.5,
        filters=LITERAL,
        confidence=0.97,
        examples=Examples(
            positives=(_EDGERC, f"{env}={value}", f'{{"{label}": "{value}"}}'),
            negatives=(
                f"host = {value}.luna.akamaiapis.net",  # a host name
                f"{env}={value[:12]}",  # cut short
            ),
        ),
    )


AKAMAI_CLIENT_TOKEN = _akamai_token(
    "akamai_client_token", r"client_?token", _AK_CLIENT, "AKAMAI_CLIENT_TOKEN"
)
AKAMAI_ACCESS_TOKEN = _akamai_token(
    "akamai_access_token", r"access_?token", _AK_ACCESS, "AKAMAI_ACCESS_TOKEN"
)

AKAMAI_EDGEGRID_TOKEN = SecretRule(
    id="akamai-edgegrid-token",
    kind="akamai_edgegrid_token",
    regex=token(_AKAB, _AKAB_CHARS),
    keywords=("akab-",),
    entropy=3.5,
    filters=LITERAL,
    confidence=0.9,
    examples=Examples(
        positives=(
            f"creds = ['{_AK_CLIENT}', '{_AK_SECRET}']",
            f"akamai --section ops {_AK_ACCESS}",
        ),
        negatives=(
            f"host = {_AK_HOST}.luna.akamaiapis.net",  # a host name
            f"token = akab-{fake(16, LOWER_ALNUM, seed='ak-neg')}",  # one run only
        ),
    ),
)

AKAMAI_CLIENT_SECRET = SecretRule(
    id="akamai-client-secret",
    kind="akamai_client_secret",
    regex=(
        rf"(?:{named('akamai', r'client_?secret')}[\w.\-]*[\"']?\s*[=:]\s*[\"']?"
        r"|(?<![\w.])client_secret[ \t]*=[ \t]*(?=[A-Za-z0-9+/]{43}=[ \t]*\n"
        r"(?:[^\n]*\n){0,4}?[^\n]*akab-))"
        r"(?P<secret>[A-Za-z0-9+/]{43}=)(?![A-Za-z0-9+/=])"
    ),
    keywords=("client_secret", "akamai"),
    entropy=4.0,
    confidence=0.9,
    max_len=512,
    examples=Examples(
        positives=(
            _EDGERC,
            f"AKAMAI_CLIENT_SECRET={_AK_SECRET}",
            f'akamai:\n  client_secret: "{_AK_SECRET}"',
        ),
        negatives=(
            f"client_secret = {_AK_SECRET}\nscope = read\n",  # no Akamai context
            f"AKAMAI_CLIENT_SECRET={_AK_SECRET[:30]}",  # cut short
        ),
    ),
)

# --- Fastly: API tokens are 32 base64url characters, sent as `Fastly-Key`.

_FASTLY = fake(32, B64URL, seed="fastly")

FASTLY_API_TOKEN = SecretRule(
    id="fastly-api-token",
    kind="fastly_api_token",
    regex=assigned(
        rf"{named('fastly')}|(?i:fastly-key)", r"[A-Za-z0-9_\-]{32}", r"[A-Za-z0-9_\-+/=]"
    ),
    keywords=("fastly",),
    entropy=3.8,
    validate=mixed_case,
    confidence=0.8,
    examples=Examples(
        positives=(
            f"FASTLY_API_TOKEN={_FASTLY}",
            f"curl -H 'Fastly-Key: {_FASTLY}' https://api.fastly.com/service",
            f"fastly:\n  api_key: {_FASTLY}",
        ),
        negatives=(
            f"FASTLY_SERVICE_ID={_FASTLY[:22]}",  # an identifier, not a token
            f"api_token = {_FASTLY}",  # no Fastly context
        ),
    ),
)

# --- DNS hosts and registrars: unprefixed keys, known by the service's name.

_DNSIMPLE = fake(36, ALNUM, seed="dnsimple")

DNSIMPLE_API_TOKEN = service_named(
    kind="dnsimple_api_token",
    service="dnsimple",
    value=r"[A-Za-z0-9_]{30,40}",
    sample=_DNSIMPLE,
    env="DNSIMPLE_TOKEN",
    entropy=3.8,
    validate=_letters_and_digits,
    positives=(
        f"DNSIMPLE_OAUTH_TOKEN={_DNSIMPLE}",
        f'provider "dnsimple" {{\n  token = "{_DNSIMPLE}"\n  account = "1234"\n}}',
    ),
    negatives=(f"DNSIMPLE_ACCOUNT_ID={fake(6, DIGITS, seed='dnsimple-acct')}",),
)

_NAMECHEAP = fake(32, LOWER_ALNUM, seed="namecheap")

NAMECHEAP_API_KEY = SecretRule(
    id="namecheap-api-key",
    kind="namecheap_api_key",
    regex=assigned(
        rf"{named('namecheap')}|(?i:namecheap\.com/xml\.response\?[^\s'\"]{{0,80}}?apikey)",
        r"[A-Za-z0-9]{32}",
        r"[A-Za-z0-9_\-+/=]",
    ),
    keywords=("namecheap",),
    entropy=3.5,
    validate=_letters_and_digits,
    confidence=0.75,
    examples=Examples(
        positives=(
            f"NAMECHEAP_API_KEY={_NAMECHEAP}",
            "curl 'https://api.namecheap.com/xml.response?ApiUser=acme&ApiKey="
            f"{_NAMECHEAP}&UserName=acme&Command=namecheap.domains.getList'",
        ),
        negatives=(
            f"api_key = {_NAMECHEAP}",  # no Namecheap context
            f"NAMECHEAP_API_KEY={_NAMECHEAP[:24]}",  # cut short
            "NAMECHEAP_API_KEY=namecheapProductionApiKeyForAcme",  # words, no digits
        ),
    ),
)

# GoDaddy: an API key (about 35 characters with `_`) and a secret (about 22 alphanumerics),
# sent together as `Authorization: sso-key <key>:<secret>`.
_GD_KEY = fake(40, ALNUM + "_", seed="godaddy-key")
_GD_SECRET = fake(22, ALNUM, seed="godaddy-secret")

GODADDY_API_KEY = service_named(
    kind="godaddy_api_key",
    service="godaddy",
    value=r"[A-Za-z0-9_]{30,45}",
    sample=_GD_KEY,
    env="GODADDY_API_KEY",
    key=r"(?:api_?)?key",
    entropy=3.8,
    validate=mixed_case,
    positives=(f'godaddy:\n  api_key: "{_GD_KEY}"',),
    negatives=(f"GODADDY_API_SECRET={_GD_SECRET}",),  # the secret: another kind
)

GODADDY_API_SECRET = SecretRule(
    id="godaddy-api-secret",
    kind="godaddy_api_secret",
    regex=(
        r"(?:(?i:godaddy[\w.\-]*?(?:api_?)?secret)[\w.\-]*[\"']?\s*[=:]\s*[\"']?"
        r"|(?i:sso-key)[ \t]+[A-Za-z0-9_]{20,50}:)"
        r"(?P<secret>[A-Za-z0-9]{16,32})(?![A-Za-z0-9_\-+/=])"
    ),
    keywords=("godaddy", "sso-key"),
    entropy=3.5,
    validate=mixed_case,
    confidence=0.85,
    examples=Examples(
        positives=(
            f"GODADDY_API_SECRET={_GD_SECRET}",
            "curl https://api.godaddy.com/v1/domains "
            f"-H 'Authorization: sso-key {_GD_KEY}:{_GD_SECRET}'",
        ),
        negatives=(
            f"api_secret = {_GD_SECRET}",  # no GoDaddy context
            f"Authorization: sso-key {_GD_KEY}:{_GD_SECRET[:10]}",  # cut short
        ),
    ),
)

# Gandi: legacy API keys are 24 alphanumerics; personal access tokens 40 hex.
GANDI_API_KEY = service_named(
    kind="gandi_api_key",
    service="gandi",
    value=r"[A-Za-z0-9]{24}",
    sample=fake(24, ALNUM, seed="gandi-key"),
    env="GANDI_API_KEY",
    key=r"(?:api_?)?key",
    entropy=3.8,
    validate=mixed_case,
    positives=(f"GANDIV5_API_KEY={fake(24, ALNUM, seed='gandi-key')}",),
)

_GANDI_PAT = fake(40, HEX, seed="gandi-pat")

GANDI_PAT = service_named(
    kind="gandi_pat",
    service="gandi",
    value=r"[0-9a-f]{40}",
    sample=_GANDI_PAT,
    env="GANDI_PERSONAL_ACCESS_TOKEN",
    key=r"(?:personal_?access_?token|pat|token)",
    entropy=3.0,
    positives=(
        f"GANDIV5_PERSONAL_ACCESS_TOKEN={_GANDI_PAT}",
        f"gandi:\n  token: {_GANDI_PAT}",
    ),
    negatives=(f"GANDI_SHARING_ID={_GANDI_PAT}",),
)

# Porkbun: the secret API key is `sk1_` and 64 hex (the `pk1_` key is its public half).
PORKBUN_SECRET_API_KEY = prefixed(
    kind="porkbun_secret_api_key",
    body=r"sk1_[0-9a-f]{64}",
    sample="sk1_" + fake(64, HEX, seed="porkbun"),
    keywords=("sk1_",),
    env="PORKBUN_SECRET_API_KEY",
    positives=(
        '{"apikey": "pk1_' + fake(64, HEX, seed="porkbun-pk") + '", '
        f'"secretapikey": "sk1_{fake(64, HEX, seed="porkbun")}"}}',
    ),
    negatives=(f"PORKBUN_API_KEY=pk1_{fake(64, HEX, seed='porkbun-pk')}",),  # the public key
)

# NS1 (IBM NS1 Connect): API keys are 20 alphanumerics, sent as `X-NSONE-Key`.
_NS1 = fake(20, ALNUM, seed="ns1")

NS1_API_KEY = SecretRule(
    id="ns1-api-key",
    kind="ns1_api_key",
    regex=assigned(
        rf"{named(r'(?<![a-z0-9])ns1|nsone', r'(?:api_?)?key')}|(?i:x-nsone-key)",
        r"[A-Za-z0-9]{20}",
        r"[A-Za-z0-9_\-+/=]",
    ),
    keywords=("ns1", "nsone"),
    entropy=3.5,
    validate=mixed_case,
    confidence=0.8,
    examples=Examples(
        positives=(
            f"NS1_APIKEY={_NS1}",
            f"curl -H 'X-NSONE-Key: {_NS1}' https://api.nsone.net/v1/zones",
        ),
        negatives=(
            f"DNS1_KEY={_NS1}",  # not NS1
            f"api_key = {_NS1}",  # no NS1 context
        ),
    ),
)

RULES: tuple[Rule, ...] = (
    TAILSCALE_AUTH_KEY,
    TAILSCALE_API_TOKEN,
    TAILSCALE_OAUTH_CLIENT_SECRET,
    TAILSCALE_SCIM_TOKEN,
    TAILSCALE_WEBHOOK_SECRET,
    NGROK_AUTHTOKEN,
    NGROK_API_KEY,
    CLOUDFLARE_TUNNEL_TOKEN,
    ZEROTIER_API_TOKEN,
    NETBIRD_PAT,
    NETBIRD_SETUP_KEY,
    AKAMAI_CLIENT_TOKEN,
    AKAMAI_ACCESS_TOKEN,
    AKAMAI_EDGEGRID_TOKEN,
    AKAMAI_CLIENT_SECRET,
    FASTLY_API_TOKEN,
    DNSIMPLE_API_TOKEN,
    NAMECHEAP_API_KEY,
    GODADDY_API_KEY,
    GODADDY_API_SECRET,
    GANDI_API_KEY,
    GANDI_PAT,
    PORKBUN_SECRET_API_KEY,
    NS1_API_KEY,
)
