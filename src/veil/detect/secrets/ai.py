"""AI and machine-learning platforms: OpenAI, Anthropic, Hugging Face and other model APIs.

Google AI Studio / Gemini keys are `AIza...` Google API keys: `cloud.GCP_API_KEY` finds them.
"""

from veil.detect.base import Examples, Rule, SecretRule, assigned, named, token
from veil.detect.samples import (
    ALNUM,
    B64URL,
    HEX,
    LOWER,
    UPPER,
    fake,
    fake_uuid,
)
from veil.detect.validators import mixed_case_body

# --- OpenAI: every key since 2023 carries `T3BlbkFJ` (base64 of "OpenAI") in its middle.

_OPENAI_BODY = r"[A-Za-z0-9_\-]{20,74}T3BlbkFJ[A-Za-z0-9_\-]{20,74}"


def _openai_key(prefix: str, seed: str, n: int = 74) -> str:
    return (
        prefix + fake(n, B64URL, seed=f"{seed}-a") + "T3BlbkFJ" + fake(n, B64URL, seed=f"{seed}-b")
    )


_OPENAI_LEGACY = (
    "sk-" + fake(20, ALNUM, seed="openai-l1") + "T3BlbkFJ" + fake(20, ALNUM, seed="ol2")
)
_OPENAI_PROJECT = _openai_key("sk-proj-", "openai-project")

OPENAI_API_KEY = SecretRule(
    id="openai-api-key",
    kind="openai_api_key",
    regex=token(r"sk-(?!svcacct-|admin-)(?:proj-|None-)?" + _OPENAI_BODY),
    keywords=("t3blbkfj",),
    entropy=4.0,
    confidence=0.97,
    examples=Examples(
        positives=(
            f"OPENAI_API_KEY={_OPENAI_PROJECT}",
            f'client = OpenAI(api_key="{_OPENAI_LEGACY}")',
            f"curl https://api.openai.com/v1/models -H 'Authorization: Bearer {_OPENAI_PROJECT}'",
        ),
        negatives=(
            f"OPENAI_API_KEY=sk-{fake(48, ALNUM, seed='openai-no-marker')}",  # no T3BlbkFJ marker
            f"OPENAI_API_KEY={_OPENAI_LEGACY[:-6]}",  # too short after the marker
            f"key = x{_OPENAI_PROJECT}",  # inside a longer token
        ),
        documented=(
            f"OPENAI_API_KEY=sk-proj-{'x' * 20}T3BlbkFJ{'x' * 20}",  # placeholder
        ),
    ),
)

_OPENAI_SVC = _openai_key("sk-svcacct-", "openai-svcacct")

OPENAI_SERVICE_ACCOUNT_KEY = SecretRule(
    id="openai-service-account-key",
    kind="openai_service_account_key",
    regex=token(r"sk-svcacct-" + _OPENAI_BODY),
    keywords=("sk-svcacct-",),
    entropy=4.0,
    confidence=0.98,
    examples=Examples(
        positives=(
            f"export OPENAI_API_KEY='{_OPENAI_SVC}'",
            f'openai:\n  api_key: "{_OPENAI_SVC}"',
        ),
        negatives=(
            f"OPENAI_API_KEY={_OPENAI_SVC.replace('T3BlbkFJ', 'T3BlbkFK')}",  # marker missing
            f"OPENAI_API_KEY={_OPENAI_SVC[:40]}",  # truncated
        ),
    ),
)

_OPENAI_ADMIN = _openai_key("sk-admin-", "openai-admin", 58)

OPENAI_ADMIN_KEY = SecretRule(
    id="openai-admin-key",
    kind="openai_admin_key",
    regex=token(r"sk-admin-" + _OPENAI_BODY),
    keywords=("sk-admin-",),
    entropy=4.0,
    confidence=0.98,
    examples=Examples(
        positives=(
            f"OPENAI_ADMIN_KEY={_OPENAI_ADMIN}",
            f'{{"object": "organization.admin_api_key", "value": "{_OPENAI_ADMIN}"}}',
        ),
        negatives=(
            f"OPENAI_ADMIN_KEY=sk-admin-{fake(40, ALNUM, seed='openai-admin-short')}",  # no marker
            f"OPENAI_ADMIN_KEY=x{_OPENAI_ADMIN}",  # inside a longer token
        ),
    ),
)

# --- Anthropic: `sk-ant-<type><version>-`, 93 characters, then `AA`.


def _anthropic(kind: str, prefix: str, body: str, env: str) -> Rule:
    value = prefix + fake(93, B64URL, seed=f"anthropic-{prefix}") + "AA"
    return SecretRule(
        id=kind.replace("_", "-"),
        kind=kind,
        regex=token(prefix + body),
        keywords=(prefix.lower(),),
        entropy=4.0,
        confidence=0.98,
        examples=Examples(
            positives=(
                f"{env}={value}",
                f'client = anthropic.Anthropic(api_key="{value}")',
                f"curl https://api.anthropic.com/v1/messages -H 'x-api-key: {value}'",
            ),
            negatives=(
                f"{env}={value[:-20]}",  # too short
                f"{env}={value[:-2]}AB",  # does not end in AA
            ),
            documented=(
                f"{env}={prefix}{'x' * 93}AA",  # placeholder
            ),
        ),
    )


ANTHROPIC_API_KEY = _anthropic(
    "anthropic_api_key", "sk-ant-api03-", r"[A-Za-z0-9_\-]{93}AA", "ANTHROPIC_API_KEY"
)
ANTHROPIC_ADMIN_KEY = _anthropic(
    "anthropic_admin_key", "sk-ant-admin01-", r"[A-Za-z0-9_\-]{93}AA", "ANTHROPIC_ADMIN_KEY"
)
# OAuth access (`oat`) and refresh (`ort`) tokens of Claude subscriptions.
ANTHROPIC_OAUTH_TOKEN = _anthropic(
    "anthropic_oauth_token", "sk-ant-oat01-", r"[A-Za-z0-9_\-]{93}AA", "CLAUDE_CODE_OAUTH_TOKEN"
)

_ANT_REFRESH = "sk-ant-ort01-" + fake(93, B64URL, seed="anthropic-refresh") + "AA"

ANTHROPIC_REFRESH_TOKEN = SecretRule(
    id="anthropic-oauth-refresh-token",
    kind="anthropic_oauth_token",
    regex=token(r"sk-ant-ort01-[A-Za-z0-9_\-]{93}AA"),
    keywords=("sk-ant-ort01-",),
    entropy=4.0,
    confidence=0.98,
    examples=Examples(
        positives=(
            f'{{"claudeAiOauth": {{"accessToken": "x", "refreshToken": "{_ANT_REFRESH}"}}}}',
            f"refresh_token: {_ANT_REFRESH}",
        ),
        negatives=(
            f"refresh_token: {_ANT_REFRESH[:60]}",  # truncated
            f"refresh_token: {_ANT_REFRESH.replace('ort01', 'ort99')}",  # unknown version
        ),
    ),
)

# --- Hugging Face: `hf_` and 34 letters; organisation tokens `api_org_`.

_HF = "hf_" + fake(34, UPPER + LOWER, seed="huggingface")
_HF_ORG = "api_org_" + fake(34, UPPER + LOWER, seed="huggingface-org")

HUGGINGFACE_ACCESS_TOKEN = SecretRule(
    id="huggingface-access-token",
    kind="huggingface_access_token",
    regex=token(r"hf_[A-Za-z]{34}"),
    keywords=("hf_",),
    entropy=4.0,
    validate=mixed_case_body,
    confidence=0.95,
    examples=Examples(
        positives=(
            f"HF_TOKEN={_HF}",
            f'login(token="{_HF}")',
            f"huggingface-cli login --token {_HF}",
        ),
        negatives=(
            "from huggingface_hub import 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",  # identifier
            f"HF_TOKEN={_HF[:-4]}",  # too short
            f"HF_TOKEN={_HF[:-1]}7",  # a digit: not a letters-only token
        ),
    ),
)

HUGGINGFACE_ORG_TOKEN = SecretRule(
    id="huggingface-org-token",
    kind="huggingface_org_token",
    regex=token(r"api_org_[A-Za-z]{34}"),
    keywords=("api_org_",),
    entropy=4.0,
    validate=mixed_case_body,
    confidence=0.95,
    examples=Examples(
        positives=(
            f"HUGGINGFACEHUB_API_TOKEN={_HF_ORG}",
            f"headers = {{'Authorization': 'Bearer {_HF_ORG}'}}",
        ),
        negatives=(
            f"token = {_HF_ORG[:-6]}",  # too short
            "token = api_org_abcdefghijklmnopqrstuvwxyzabcdefgh",  # alphabet run, no mixed case
        ),
    ),
)

# --- Model APIs with a distinctive prefix.

_GROQ = "gsk_" + fake(52, ALNUM, seed="groq")

GROQ_API_KEY = SecretRule(
    id="groq-api-key",
    kind="groq_api_key",
    regex=token(r"gsk_[A-Za-z0-9]{52}"),
    keywords=("gsk_",),
    entropy=4.0,
    confidence=0.97,
    examples=Examples(
        positives=(
            f"GROQ_API_KEY={_GROQ}",
            f'client = Groq(api_key="{_GROQ}")',
        ),
        negatives=(
            f"GROQ_API_KEY={_GROQ[:-8]}",  # too short
            f"GROQ_API_KEY={_GROQ}Z",  # inside a longer token
        ),
    ),
)

_REPLICATE = "r8_" + fake(37, ALNUM, seed="replicate")

REPLICATE_API_TOKEN = SecretRule(
    id="replicate-api-token",
    kind="replicate_api_token",
    regex=token(r"r8_[A-Za-z0-9]{37}"),
    keywords=("r8_",),
    entropy=4.0,
    confidence=0.95,
    examples=Examples(
        positives=(
            f"REPLICATE_API_TOKEN={_REPLICATE}",
            f"curl -H 'Authorization: Bearer {_REPLICATE}' https://api.replicate.com/v1/predictions",
        ),
        negatives=(
            f"REPLICATE_API_TOKEN={_REPLICATE[:-5]}",  # too short
        ),
        documented=(
            "REPLICATE_API_TOKEN=r8_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",  # placeholder
        ),
    ),
)

_PPLX = "pplx-" + fake(48, ALNUM, seed="perplexity")

PERPLEXITY_API_KEY = SecretRule(
    id="perplexity-api-key",
    kind="perplexity_api_key",
    regex=token(r"pplx-[A-Za-z0-9]{48}"),
    keywords=("pplx-",),
    entropy=4.0,
    confidence=0.97,
    examples=Examples(
        positives=(
            f"PERPLEXITY_API_KEY={_PPLX}",
            f'{{"perplexity": {{"apiKey": "{_PPLX}"}}}}',
        ),
        negatives=(
            f"PERPLEXITY_API_KEY={_PPLX[:-10]}",  # too short
            f"PERPLEXITY_API_KEY={_PPLX}x",  # inside a longer token
        ),
    ),
)

_XAI = "xai-" + fake(80, ALNUM, seed="xai")

XAI_API_KEY = SecretRule(
    id="xai-api-key",
    kind="xai_api_key",
    regex=token(r"xai-[A-Za-z0-9]{80}"),
    keywords=("xai-",),
    entropy=4.0,
    confidence=0.97,
    examples=Examples(
        positives=(
            f"XAI_API_KEY={_XAI}",
            f"client = Client(api_key='{_XAI}')  # grok",
        ),
        negatives=(
            f"XAI_API_KEY={_XAI[:-20]}",  # too short
            f"XAI_API_KEY=x{_XAI}",  # inside a longer token
        ),
    ),
)

_OPENROUTER = "sk-or-v1-" + fake(64, HEX, seed="openrouter")

OPENROUTER_API_KEY = SecretRule(
    id="openrouter-api-key",
    kind="openrouter_api_key",
    regex=token(r"sk-or-v1-[0-9a-f]{64}"),
    keywords=("sk-or-v1-",),
    entropy=3.0,
    confidence=0.98,
    examples=Examples(
        positives=(
            f"OPENROUTER_API_KEY={_OPENROUTER}",
            f'new OpenAI({{ baseURL: "https://openrouter.ai/api/v1", apiKey: "{_OPENROUTER}" }})',
        ),
        negatives=(
            f"OPENROUTER_API_KEY={_OPENROUTER[:-4]}",  # too short
            f"OPENROUTER_API_KEY=sk-or-v2-{_OPENROUTER[9:]}",  # unknown version
        ),
    ),
)

_FIREWORKS = "fw_" + fake(24, ALNUM, seed="fireworks")


def _fireworks_ok(value: str) -> bool:
    body = value[3:]
    return mixed_case_body(value) and any(c.isdigit() for c in body)


FIREWORKS_API_KEY = SecretRule(
    id="fireworks-api-key",
    kind="fireworks_api_key",
    regex=token(r"fw_[A-Za-z0-9]{24}"),
    keywords=("fw_",),
    entropy=3.8,
    validate=_fireworks_ok,
    confidence=0.85,
    examples=Examples(
        positives=(
            f"FIREWORKS_API_KEY={_FIREWORKS}",
            f'llm = Fireworks(api_key="{_FIREWORKS}", model="accounts/fireworks/models/x")',
        ),
        negatives=(
            "fw_VersionCheckRetryLimitMs = 3",  # an identifier, not a key
            f"FIREWORKS_API_KEY={_FIREWORKS[:-6]}",  # too short
        ),
    ),
)

_TOGETHER_V1 = "tgp_v1_" + fake(43, B64URL, seed="together-v1")

TOGETHER_API_KEY_V1 = SecretRule(
    id="together-api-key-v1",
    kind="together_api_key",
    regex=token(r"tgp_v1_[A-Za-z0-9_\-]{40,64}"),
    keywords=("tgp_v1_",),
    entropy=4.0,
    confidence=0.95,
    examples=Examples(
        positives=(
            f"TOGETHER_API_KEY={_TOGETHER_V1}",
            f'client = Together(api_key="{_TOGETHER_V1}")',
        ),
        negatives=(
            f"TOGETHER_API_KEY={_TOGETHER_V1[:30]}",  # too short
            f"TOGETHER_API_KEY=tgp_v2_{_TOGETHER_V1[7:]}",  # unknown version
        ),
    ),
)

_LANGSMITH = f"lsv2_pt_{fake(32, HEX, seed='langsmith-1')}_{fake(10, HEX, seed='langsmith-2')}"

LANGSMITH_API_KEY = SecretRule(
    id="langsmith-api-key",
    kind="langsmith_api_key",
    regex=token(r"lsv2_(?:pt|sk)_[0-9a-f]{32}_[0-9a-f]{10}"),
    keywords=("lsv2_pt_", "lsv2_sk_"),
    entropy=3.0,
    confidence=0.98,
    examples=Examples(
        positives=(
            f"LANGSMITH_API_KEY={_LANGSMITH}",
            f"LANGCHAIN_API_KEY: '{_LANGSMITH.replace('_pt_', '_sk_')}'",
        ),
        negatives=(
            f"LANGSMITH_API_KEY={_LANGSMITH[:-3]}",  # checksum part too short
            f"LANGSMITH_API_KEY={_LANGSMITH.replace('_pt_', '_xx_')}",  # unknown token type
        ),
    ),
)

_PINECONE = f"pcsk_{fake(6, ALNUM, seed='pinecone-1')}_{fake(63, ALNUM, seed='pinecone-2')}"

PINECONE_API_KEY = SecretRule(
    id="pinecone-api-key",
    kind="pinecone_api_key",
    regex=token(r"pcsk_[A-Za-z0-9]{5,6}_[A-Za-z0-9]{63}"),
    keywords=("pcsk_",),
    entropy=4.0,
    confidence=0.97,
    examples=Examples(
        positives=(
            f"PINECONE_API_KEY={_PINECONE}",
            f'pc = Pinecone(api_key="{_PINECONE}")',
        ),
        negatives=(
            f"PINECONE_API_KEY={_PINECONE[:-10]}",  # too short
            f"PINECONE_API_KEY=pcsk_{_PINECONE[5:11] * 2}_{_PINECONE[-63:]}",  # label too long
        ),
    ),
)

# --- Keys without a prefix: only a name that says the service makes them a key.

_PINECONE_LEGACY = fake_uuid("pinecone-legacy")

PINECONE_LEGACY_API_KEY = SecretRule(
    id="pinecone-legacy-api-key",
    kind="pinecone_api_key",
    regex=assigned(
        named("pinecone"), r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"
    ),
    keywords=("pinecone",),
    confidence=0.8,
    examples=Examples(
        positives=(
            f"PINECONE_API_KEY={_PINECONE_LEGACY}",
            f'pinecone.init(api_key="{_PINECONE_LEGACY}", environment="us-west1-gcp")',
        ),
        negatives=(
            f"PINECONE_INDEX_ID={_PINECONE_LEGACY}",  # an identifier, not a key
            f"request_id = {_PINECONE_LEGACY}",  # no Pinecone context
        ),
    ),
)

_COHERE = fake(40, ALNUM, seed="cohere")

COHERE_API_KEY = SecretRule(
    id="cohere-api-key",
    kind="cohere_api_key",
    regex=assigned(named("cohere|(?<![A-Za-z0-9])co_api"), r"[A-Za-z0-9]{40}"),
    keywords=("cohere", "co_api"),
    entropy=4.0,
    validate=mixed_case_body,
    confidence=0.75,
    examples=Examples(
        positives=(
            f"COHERE_API_KEY={_COHERE}",
            f'co = cohere.ClientV2(api_key="{_COHERE}")',
            f"CO_API_KEY: {_COHERE}",
        ),
        negatives=(
            f"api_key = {_COHERE}",  # no Cohere context
            f"COHERE_API_KEY={_COHERE[:32]}",  # too short
            "COHERE_API_KEY=${COHERE_API_KEY}",  # reference
        ),
    ),
)

_MISTRAL = fake(32, ALNUM, seed="mistral")

MISTRAL_API_KEY = SecretRule(
    id="mistral-api-key",
    kind="mistral_api_key",
    regex=assigned(named("mistral"), r"[A-Za-z0-9]{32}"),
    keywords=("mistral",),
    entropy=4.0,
    validate=mixed_case_body,
    confidence=0.75,
    examples=Examples(
        positives=(
            f"MISTRAL_API_KEY={_MISTRAL}",
            f'client = Mistral(api_key="{_MISTRAL}")',
            f"mistral:\n  api_key: {_MISTRAL}",
        ),
        negatives=(
            f"MISTRAL_MODEL_ID={_MISTRAL}",  # not a key name
            f"MISTRAL_API_KEY={_MISTRAL[:24]}",  # too short
            "MISTRAL_API_KEY=your_mistral_api_key_here",  # placeholder
        ),
    ),
)

_TOGETHER = fake(64, HEX, seed="together-legacy")

TOGETHER_API_KEY = SecretRule(
    id="together-api-key",
    kind="together_api_key",
    regex=assigned(named("together"), r"[0-9a-f]{64}"),
    keywords=("together",),
    entropy=3.0,
    confidence=0.75,
    examples=Examples(
        positives=(
            f"TOGETHER_API_KEY={_TOGETHER}",
            f"together:\n  api_key: '{_TOGETHER}'",
        ),
        negatives=(
            f"sha256 = {_TOGETHER}",  # a digest, no Together context
            f"TOGETHER_API_KEY={_TOGETHER[:40]}",  # too short
        ),
    ),
)

_DEEPSEEK = "sk-" + fake(32, HEX, seed="deepseek")

DEEPSEEK_API_KEY = SecretRule(
    id="deepseek-api-key",
    kind="deepseek_api_key",
    regex=token(r"sk-[0-9a-f]{32}"),
    keywords=("deepseek",),
    entropy=3.0,
    confidence=0.8,
    examples=Examples(
        positives=(
            f"DEEPSEEK_API_KEY={_DEEPSEEK}",
            f'client = OpenAI(base_url="https://api.deepseek.com", api_key="{_DEEPSEEK}")',
        ),
        negatives=(
            f"API_KEY={_DEEPSEEK}",  # no DeepSeek context
            f"DEEPSEEK_API_KEY={_DEEPSEEK[:-4]}",  # too short
        ),
    ),
)

_WANDB = fake(40, HEX, seed="wandb")

WANDB_API_KEY = SecretRule(
    id="wandb-api-key",
    kind="wandb_api_key",
    regex=assigned(named("wandb", r"(?:api_?key|key|login)"), r"[0-9a-f]{40}"),
    keywords=("wandb",),
    entropy=3.0,
    confidence=0.8,
    examples=Examples(
        positives=(
            f"WANDB_API_KEY={_WANDB}",
            f"wandb login {_WANDB}",
            f'wandb.login(key="{_WANDB}")',
        ),
        negatives=(
            f"wandb @ git+https://github.com/wandb/wandb@{_WANDB}",  # a commit, not a key
            f"WANDB_API_KEY={_WANDB[:32]}",  # too short
        ),
    ),
)

_ELEVENLABS = "sk_" + fake(48, HEX, seed="elevenlabs")

ELEVENLABS_API_KEY = SecretRule(
    id="elevenlabs-api-key",
    kind="elevenlabs_api_key",
    regex=token(r"sk_[0-9a-f]{48}"),
    keywords=("elevenlabs", "xi-api-key", "eleven_"),
    entropy=3.0,
    confidence=0.85,
    examples=Examples(
        positives=(
            f"ELEVENLABS_API_KEY={_ELEVENLABS}",
            f"curl https://api.elevenlabs.io/v1/voices -H 'xi-api-key: {_ELEVENLABS}'",
        ),
        negatives=(
            f"secret = {_ELEVENLABS}",  # no ElevenLabs context
            f"ELEVENLABS_API_KEY={_ELEVENLABS[:-8]}",  # too short
        ),
    ),
)


RULES = (
    OPENAI_API_KEY,
    OPENAI_SERVICE_ACCOUNT_KEY,
    OPENAI_ADMIN_KEY,
    ANTHROPIC_API_KEY,
    ANTHROPIC_ADMIN_KEY,
    ANTHROPIC_OAUTH_TOKEN,
    ANTHROPIC_REFRESH_TOKEN,
    HUGGINGFACE_ACCESS_TOKEN,
    HUGGINGFACE_ORG_TOKEN,
    GROQ_API_KEY,
    REPLICATE_API_TOKEN,
    PERPLEXITY_API_KEY,
    XAI_API_KEY,
    OPENROUTER_API_KEY,
    FIREWORKS_API_KEY,
    TOGETHER_API_KEY_V1,
    LANGSMITH_API_KEY,
    PINECONE_API_KEY,
    PINECONE_LEGACY_API_KEY,
    COHERE_API_KEY,
    MISTRAL_API_KEY,
    TOGETHER_API_KEY,
    DEEPSEEK_API_KEY,
    WANDB_API_KEY,
    ELEVENLABS_API_KEY,
)
