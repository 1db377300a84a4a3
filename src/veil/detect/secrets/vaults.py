"""Secrets managers and encryption tools: HashiCorp Vault and Terraform, Doppler, password
managers, `age`."""

from veil.detect.base import Examples, Rule, SecretRule, assigned, padded, token
from veil.detect.filters import LITERAL
from veil.detect.samples import (
    ALNUM,
    B64URL,
    DIGITS,
    HEX,
    LOWER,
    UPPER_ALNUM,
    b64json,
    fake,
)

# --- HashiCorp: Vault tokens (`hvs.`, `hvb.`, `hvr.`, legacy `s.`) and Terraform Cloud tokens.

_VAULT_SERVICE = "hvs.CAESI" + fake(90, B64URL, seed="vault-hvs")

VAULT_SERVICE_TOKEN = SecretRule(
    id="vault-service-token",
    kind="vault_service_token",
    regex=token(r"hvs\.[A-Za-z0-9_\-]{90,120}"),
    keywords=("hvs.",),
    entropy=4.0,
    filters=LITERAL,
    confidence=0.97,
    examples=Examples(
        positives=(
            f"VAULT_TOKEN={_VAULT_SERVICE}",
            f"curl -H 'X-Vault-Token: {_VAULT_SERVICE}' https://vault.acme.io/v1/secret/data/app",
        ),
        negatives=(
            f"VAULT_TOKEN={_VAULT_SERVICE[:60]}",  # too short
            f"VAULT_TOKEN=x{_VAULT_SERVICE}",  # inside a longer token
        ),
    ),
)

_VAULT_LEGACY = "s." + fake(24, ALNUM, seed="vault-legacy")

VAULT_LEGACY_SERVICE_TOKEN = SecretRule(
    id="vault-legacy-service-token",
    kind="vault_service_token",
    regex=assigned(r"(?i:vault[\w.\-]*?token|x-vault-token)", r"s\.[A-Za-z0-9]{24}"),
    keywords=("vault",),
    entropy=3.8,
    filters=LITERAL,
    confidence=0.85,
    examples=Examples(
        positives=(
            f"export VAULT_TOKEN={_VAULT_LEGACY}",
            f"X-Vault-Token: {_VAULT_LEGACY}",
        ),
        negatives=(
            f"token = {_VAULT_LEGACY}",  # no Vault context
            f"VAULT_TOKEN={_VAULT_LEGACY[:-6]}",  # too short
        ),
    ),
)

_VAULT_BATCH = "hvb.AAAAAQ" + fake(160, B64URL, seed="vault-hvb")

VAULT_BATCH_TOKEN = SecretRule(
    id="vault-batch-token",
    kind="vault_batch_token",
    regex=token(r"hvb\.[A-Za-z0-9_\-]{100,300}"),
    keywords=("hvb.",),
    entropy=4.0,
    filters=LITERAL,
    confidence=0.97,
    max_len=320,
    examples=Examples(
        positives=(
            f"VAULT_TOKEN={_VAULT_BATCH}",
            f'{{"auth": {{"client_token": "{_VAULT_BATCH}", "renewable": false}}}}',
        ),
        negatives=(
            f"VAULT_TOKEN={_VAULT_BATCH[:80]}",  # too short
            f"VAULT_TOKEN=hvx.{_VAULT_BATCH[4:]}",  # unknown token type
        ),
    ),
)

_VAULT_RECOVERY = "hvr." + fake(92, B64URL, seed="vault-hvr")

VAULT_RECOVERY_TOKEN = SecretRule(
    id="vault-recovery-token",
    kind="vault_recovery_token",
    regex=token(r"hvr\.[A-Za-z0-9_\-]{60,300}"),
    keywords=("hvr.",),
    entropy=4.0,
    filters=LITERAL,
    confidence=0.95,
    max_len=320,
    examples=Examples(
        positives=(
            f"VAULT_TOKEN={_VAULT_RECOVERY}",
            f"vault operator generate-root -decode={_VAULT_RECOVERY}",
        ),
        negatives=(
            f"VAULT_TOKEN={_VAULT_RECOVERY[:40]}",  # too short
            f"VAULT_TOKEN=x{_VAULT_RECOVERY}",  # inside a longer token
        ),
    ),
)

_TFC = f"{fake(14, ALNUM, seed='tfc-1')}.atlasv1.{fake(67, ALNUM, seed='tfc-2')}"

TERRAFORM_CLOUD_TOKEN = SecretRule(
    id="terraform-cloud-token",
    kind="terraform_cloud_token",
    regex=token(r"[A-Za-z0-9]{14}\.atlasv1\.[A-Za-z0-9_=\-]{60,70}"),
    keywords=("atlasv1",),
    entropy=4.0,
    filters=LITERAL,
    confidence=0.97,
    examples=Examples(
        positives=(
            f'credentials "app.terraform.io" {{\n  token = "{_TFC}"\n}}',
            f"TF_TOKEN_app_terraform_io={_TFC}",
            f'{{"credentials": {{"app.terraform.io": {{"token": "{_TFC}"}}}}}}',
        ),
        negatives=(
            f"TF_TOKEN_app_terraform_io={_TFC[:-20]}",  # too short
            f"TF_TOKEN_app_terraform_io={_TFC.replace('atlasv1', 'atlasv2')}",  # unknown version
        ),
    ),
)

# --- Doppler: `dp.<type>.` and 40-44 characters; service tokens may name their config.


def _doppler(kind: str, code: str, env: str, slug: str = "") -> Rule:
    value = f"dp.{code}.{slug}" + fake(43, ALNUM, seed=f"doppler-{code}")
    config = r"(?:[a-z0-9_\-]{2,35}\.)?" if code == "st" else ""
    return SecretRule(
        id=kind.replace("_", "-"),
        kind=kind,
        regex=token(rf"dp\.{code}\.{config}[A-Za-z0-9]{{40,44}}"),
        keywords=(f"dp.{code}.",),
        entropy=4.0,
        filters=LITERAL,
        confidence=0.97,
        examples=Examples(
            positives=(
                f"{env}={value}",
                f"doppler configure set token {value} --scope /srv/app",
                f'curl -H "Authorization: Bearer {value}" https://api.doppler.com/v3/me',
            ),
            negatives=(
                f"{env}={value[:-10]}",  # too short
            ),
            documented=(
                f"{env}=dp.{code}.{'x' * 43}",  # placeholder
            ),
        ),
    )


DOPPLER_PERSONAL_TOKEN = _doppler("doppler_personal_token", "pt", "DOPPLER_TOKEN")
DOPPLER_SERVICE_TOKEN = _doppler("doppler_service_token", "st", "DOPPLER_TOKEN", "prd.")
DOPPLER_SERVICE_ACCOUNT_TOKEN = _doppler("doppler_service_account_token", "sa", "DOPPLER_TOKEN")
DOPPLER_CLI_TOKEN = _doppler("doppler_cli_token", "ct", "DOPPLER_TOKEN")
DOPPLER_SCIM_TOKEN = _doppler("doppler_scim_token", "scim", "SCIM_BEARER_TOKEN")
DOPPLER_AUDIT_TOKEN = _doppler("doppler_audit_token", "audit", "DOPPLER_AUDIT_TOKEN")

# --- Password managers and encryption tools

_OP_SERVICE = "ops_" + b64json(
    {
        "signInAddress": "acme.1password.com",
        "userAuth": {"method": "SRPg-4096", "alg": "PBES2g-HS256", "iterations": 650000},
        "email": fake(12, LOWER, seed="op-email") + "@1passwordserviceaccounts.com",
        "srpX": fake(64, HEX, seed="op-srpx"),
        "muk": {"alg": "A256GCM", "k": fake(43, B64URL, seed="op-muk"), "kty": "oct"},
        "deviceUuid": fake(26, LOWER + DIGITS, seed="op-device"),
    }
)

ONEPASSWORD_SERVICE_ACCOUNT_TOKEN = SecretRule(
    id="1password-service-account-token",
    kind="onepassword_service_account_token",
    regex=padded(r"ops_eyJ[A-Za-z0-9+/]{250,}={0,3}"),
    keywords=("ops_eyj",),
    entropy=4.5,
    confidence=0.98,
    max_len=4096,
    examples=Examples(
        positives=(
            f"OP_SERVICE_ACCOUNT_TOKEN={_OP_SERVICE}",
            f"      - uses: 1password/load-secrets-action@v2\n        env:\n"
            f"          OP_SERVICE_ACCOUNT_TOKEN: {_OP_SERVICE}",
        ),
        negatives=(
            f"OP_SERVICE_ACCOUNT_TOKEN={_OP_SERVICE[:120]}",  # truncated
            f"OP_SERVICE_ACCOUNT_TOKEN=x{_OP_SERVICE}",  # inside a longer token
        ),
    ),
)

_OP_SECRET_KEY = "-".join(
    ["A3", *(fake(n, UPPER_ALNUM, seed=f"op-sk-{i}") for i, n in enumerate((6, 11, 5, 5, 5)))]
)

ONEPASSWORD_SECRET_KEY = SecretRule(
    id="1password-secret-key",
    kind="onepassword_secret_key",
    regex=token(
        r"A3-[A-Z0-9]{6}-(?:[A-Z0-9]{11}|[A-Z0-9]{6}-[A-Z0-9]{5})-[A-Z0-9]{5}-[A-Z0-9]{5}-[A-Z0-9]{5}"
    ),
    keywords=("a3-",),
    entropy=3.5,
    confidence=0.95,
    examples=Examples(
        positives=(
            f"OP_SECRET_KEY={_OP_SECRET_KEY}",
            f'{{"accountKey": "{_OP_SECRET_KEY}", "email": "ops@acme.io"}}',
        ),
        negatives=(
            f"OP_SECRET_KEY={_OP_SECRET_KEY.lower()}",  # lower case: not a secret key
            f"OP_SECRET_KEY={_OP_SECRET_KEY[:-6]}",  # a group missing
        ),
    ),
)

# age secret keys are Bech32 (BIP 173) with the human-readable part `age-secret-key-`.
_BECH32 = "qpzry9x8gf2tvdw0s3jn54khce6mua7l"
_BECH32_GEN = (0x3B6A57B2, 0x26508E6D, 0x1EA119FA, 0x3D4233DD, 0x2A1462B3)


def _bech32_polymod(values: list[int]) -> int:
    chk = 1
    for v in values:
        top = chk >> 25
        chk = (chk & 0x1FFFFFF) << 5 ^ v
        for i, g in enumerate(_BECH32_GEN):
            if (top >> i) & 1:
                chk ^= g
    return chk


def _bech32_hrp(hrp: str) -> list[int]:
    return [ord(c) >> 5 for c in hrp] + [0] + [ord(c) & 31 for c in hrp]


def _age_checksum_ok(value: str) -> bool:
    hrp, _, data = value.lower().rpartition("1")
    return _bech32_polymod(_bech32_hrp(hrp) + [_BECH32.index(c) for c in data]) == 1


def _age_key(seed: str) -> str:
    data = [_BECH32.index(c) for c in fake(52, _BECH32, seed=seed)]
    mod = _bech32_polymod([*_bech32_hrp("age-secret-key-"), *data, 0, 0, 0, 0, 0, 0]) ^ 1
    data += [(mod >> 5 * (5 - i)) & 31 for i in range(6)]
    return ("age-secret-key-1" + "".join(_BECH32[d] for d in data)).upper()


_AGE = _age_key("age")

AGE_SECRET_KEY = SecretRule(
    id="age-secret-key",
    kind="age_secret_key",
    regex=token(r"AGE-SECRET-KEY-1[QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L]{58}"),
    keywords=("age-secret-key-1",),
    validate=_age_checksum_ok,
    confidence=0.99,
    examples=Examples(
        positives=(
            f"# created: 2024-05-01T10:00:00Z\n# public key: age1qqq\n{_AGE}",
            f"SOPS_AGE_KEY={_AGE}",
        ),
        negatives=(
            f"SOPS_AGE_KEY={_AGE[:-1]}{'Q' if _AGE[-1] != 'Q' else 'P'}",  # checksum fails
            f"SOPS_AGE_KEY={_AGE[:-4]}",  # too short
        ),
    ),
)


RULES = (
    VAULT_SERVICE_TOKEN,
    VAULT_LEGACY_SERVICE_TOKEN,
    VAULT_BATCH_TOKEN,
    VAULT_RECOVERY_TOKEN,
    TERRAFORM_CLOUD_TOKEN,
    DOPPLER_PERSONAL_TOKEN,
    DOPPLER_SERVICE_TOKEN,
    DOPPLER_SERVICE_ACCOUNT_TOKEN,
    DOPPLER_CLI_TOKEN,
    DOPPLER_SCIM_TOKEN,
    DOPPLER_AUDIT_TOKEN,
    ONEPASSWORD_SERVICE_ACCOUNT_TOKEN,
    ONEPASSWORD_SECRET_KEY,
    AGE_SECRET_KEY,
)
