"""AI tooling: search, scraping, agents, evaluation, speech and vision APIs, and keys that
model hosts share a prefix with (known only with the service named)."""

from veil.detect.base import UUID, Examples, SecretRule, token
from veil.detect.filters import LITERAL
from veil.detect.samples import (
    ALNUM,
    B64URL,
    HEX,
    LOWER_ALNUM,
    b64json,
    fake,
    fake_uuid,
)
from veil.detect.shapes import prefixed, service_named
from veil.detect.validators import looks_random, mixed_case, mixed_case_body

# --- Search, agents and tooling APIs with a documented prefix.

# Tavily: keys start `tvly-` (development and production keys `tvly-dev-`, `tvly-prod-`).
TAVILY_API_KEY = prefixed(
    kind="tavily_api_key",
    body=r"tvly-(?:dev-|prod-)?[A-Za-z0-9]{28,40}",
    sample="tvly-dev-" + fake(32, ALNUM, seed="tavily"),
    keywords=("tvly-",),
    env="TAVILY_API_KEY",
    entropy=3.8,
    confidence=0.97,
    positives=(f'tavily_client = TavilyClient(api_key="tvly-{fake(32, ALNUM, seed="tavily-2")}")',),
    negatives=("TAVILY_API_KEY=tvly-YOUR_API_KEY",),  # the docs' placeholder
)

# Firecrawl: `fc-` and 32 hex, sent as `Authorization: Bearer fc-...`.
FIRECRAWL_API_KEY = prefixed(
    kind="firecrawl_api_key",
    body=r"fc-[0-9a-f]{32}",
    sample="fc-" + fake(32, HEX, seed="firecrawl"),
    keywords=("fc-",),
    env="FIRECRAWL_API_KEY",
    confidence=0.93,
    positives=(
        "curl -X POST https://api.firecrawl.dev/v1/scrape -H 'Authorization: Bearer fc-"
        + fake(32, HEX, seed="firecrawl-2")
        + "'",
    ),
    negatives=("FIRECRAWL_API_KEY=fc-123456789",),  # the docs' placeholder
)

# E2B: `e2b_` and 40 hex (the SDK rejects any other shape).
E2B_API_KEY = prefixed(
    kind="e2b_api_key",
    body=r"e2b_[0-9a-f]{40}",
    sample="e2b_" + fake(40, HEX, seed="e2b"),
    keywords=("e2b_",),
    env="E2B_API_KEY",
    confidence=0.97,
    positives=(f'sandbox = Sandbox.create(api_key="e2b_{fake(40, HEX, seed="e2b-2")}")',),
    documented=("E2B_API_KEY=e2b_" + "0" * 40,),  # the SDK's example
)

# NVIDIA API catalog (build.nvidia.com, NIM): `nvapi-` and 64 base64url characters.
NVIDIA_API_KEY = prefixed(
    kind="nvidia_api_key",
    body=r"nvapi-[A-Za-z0-9_\-]{64}",
    sample="nvapi-" + fake(64, B64URL, seed="nvidia"),
    keywords=("nvapi-",),
    env="NVIDIA_API_KEY",
    entropy=4.0,
    confidence=0.97,
    positives=(
        'client = OpenAI(base_url="https://integrate.api.nvidia.com/v1", '
        f'api_key="nvapi-{fake(64, B64URL, seed="nvidia-2")}")',
    ),
)

# LlamaCloud (LlamaParse, LlamaIndex cloud): `llx-` and about 48 alphanumerics.
LLAMACLOUD_API_KEY = prefixed(
    kind="llamacloud_api_key",
    body=r"llx-[A-Za-z0-9]{40,60}",
    sample="llx-" + fake(48, ALNUM, seed="llamacloud"),
    keywords=("llx-",),
    env="LLAMA_CLOUD_API_KEY",
    entropy=4.0,
    confidence=0.96,
    positives=(f'parser = LlamaParse(api_key="llx-{fake(48, ALNUM, seed="llamacloud-2")}")',),
)

# Cerebras inference: `csk-` and 48 lower-case alphanumerics.
CEREBRAS_API_KEY = prefixed(
    kind="cerebras_api_key",
    body=r"csk-[a-z0-9]{40,56}",
    sample="csk-" + fake(48, LOWER_ALNUM, seed="cerebras"),
    keywords=("csk-",),
    env="CEREBRAS_API_KEY",
    confidence=0.95,
    positives=(f'client = Cerebras(api_key="csk-{fake(48, LOWER_ALNUM, seed="cerebras-2")}")',),
)

# Helicone: read keys `sk-helicone-`, write keys `pk-helicone-` (both secret: a write key logs
# and proxies as the account), EU keys with `eu-`; four groups of 7 lower-case base32.
_HELICONE = "sk-helicone-" + "-".join(fake(7, LOWER_ALNUM, seed=f"helicone-{i}") for i in range(4))

HELICONE_API_KEY = prefixed(
    kind="helicone_api_key",
    body=r"[ps]k-helicone-(?:eu-)?[a-z0-9]{7}(?:-[a-z0-9]{7}){3}",
    sample=_HELICONE,
    keywords=("k-helicone-",),
    env="HELICONE_API_KEY",
    confidence=0.98,
    positives=(
        "curl https://ai-gateway.helicone.ai/v1/chat/completions -H "
        f"'Authorization: Bearer {_HELICONE.replace('sk-', 'pk-')}'",
    ),
    negatives=(f"HELICONE_API_KEY={_HELICONE.replace('-helicone-', '-helicon-')}",),
)

# Browserbase: `bb_live_` and base64url characters.
BROWSERBASE_API_KEY = prefixed(
    kind="browserbase_api_key",
    body=r"bb_live_[A-Za-z0-9_\-]{24,40}",
    sample="bb_live_" + fake(27, B64URL, seed="browserbase"),
    keywords=("bb_live_",),
    env="BROWSERBASE_API_KEY",
    entropy=3.8,
    confidence=0.97,
    positives=(
        f"const bb = new Browserbase({{ apiKey: 'bb_live_{fake(27, B64URL, seed='bb-2')}' }});",
    ),
)

# Anyscale Endpoints: `esecret_` and lower-case alphanumerics.
ANYSCALE_API_KEY = prefixed(
    kind="anyscale_api_key",
    body=r"esecret_[a-z0-9]{20,40}",
    sample="esecret_" + fake(26, LOWER_ALNUM, seed="anyscale"),
    keywords=("esecret_",),
    env="ANYSCALE_API_KEY",
    confidence=0.96,
    positives=(
        'client = OpenAI(base_url="https://api.endpoints.anyscale.com/v1", '
        f'api_key="esecret_{fake(26, LOWER_ALNUM, seed="anyscale-2")}")',
    ),
)

# Modal: a token is an id `ak-` and a secret `as-`, 22 alphanumerics each (`modal token set`,
# `MODAL_TOKEN_SECRET`, `~/.modal.toml`). Only the secret is one.


def _modal_secret_ok(value: str) -> bool:
    """Random: a digit among mixed case, or case mixed throughout (not `as-SomeCamelCaseWord`)."""
    return looks_random(value) or mixed_case(value[3:], 4)


_MODAL_SECRET = "as-" + fake(22, ALNUM, seed="modal-secret")

MODAL_TOKEN_SECRET = prefixed(
    kind="modal_token_secret",
    body=r"as-[A-Za-z0-9]{22}",
    sample=_MODAL_SECRET,
    keywords=("as-",),
    env="MODAL_TOKEN_SECRET",
    validate=_modal_secret_ok,
    confidence=0.9,
    positives=(
        f"modal token set --token-id ak-{fake(22, ALNUM, seed='modal-id')} "
        f"--token-secret {_MODAL_SECRET}",
        f"[acme]\ntoken_id = 'ak-{fake(22, ALNUM, seed='modal-id')}'\n"
        f"token_secret = '{_MODAL_SECRET}'",
    ),
    negatives=(
        f"MODAL_TOKEN_ID=ak-{fake(22, ALNUM, seed='modal-id')}",  # the id, not the secret
        "return as-ComputeEngineInstances",  # words, not a random secret
    ),
)

# Humanloop: `hl_sk_` and hex.
HUMANLOOP_API_KEY = prefixed(
    kind="humanloop_api_key",
    body=r"hl_sk_[0-9a-f]{32,48}",
    sample="hl_sk_" + fake(40, HEX, seed="humanloop"),
    keywords=("hl_sk_",),
    env="HUMANLOOP_API_KEY",
    confidence=0.97,
    positives=(f'hl = Humanloop(api_key="hl_sk_{fake(40, HEX, seed="humanloop-2")}")',),
)

# Neptune: the API token is base64 of `{"api_address":..., "api_url":..., "api_key":...}`, so it
# always starts with the base64 of `{"api_address":`.
_NEPTUNE = b64json(
    {
        "api_address": "https://app.neptune.ai",
        "api_url": "https://app.neptune.ai",
        "api_key": fake_uuid("neptune"),
    }
)

NEPTUNE_API_TOKEN = SecretRule(
    id="neptune-api-token",
    kind="neptune_api_token",
    regex=r"(?<![A-Za-z0-9+/])(?P<secret>eyJhcGlfYWRkcmVzcyI6[A-Za-z0-9+/]{60,400}={0,2})"
    r"(?![A-Za-z0-9+/=])",
    keywords=("eyjhcglfywrkcmvzcyi6",),
    entropy=4.0,
    filters=LITERAL,
    confidence=0.97,
    max_len=480,
    examples=Examples(
        positives=(
            f"NEPTUNE_API_TOKEN={_NEPTUNE}",
            f'run = neptune.init_run(project="acme/ml", api_token="{_NEPTUNE}")',
        ),
        negatives=(
            f"NEPTUNE_API_TOKEN={_NEPTUNE[:50]}",  # cut short
            f"NEPTUNE_API_TOKEN={b64json({'api_url': 'https://app.neptune.ai'})}",  # no address
        ),
    ),
)

# Weights & Biases on a dedicated or self-managed server: `local-` and 40 hex.
_WANDB_LOCAL = "local-" + fake(40, HEX, seed="wandb-local")

WANDB_LOCAL_API_KEY = SecretRule(
    id="wandb-local-api-key",
    kind="wandb_api_key",
    regex=token(r"local-[0-9a-f]{40}"),
    keywords=("wandb",),
    entropy=3.0,
    confidence=0.9,
    examples=Examples(
        positives=(
            f"WANDB_API_KEY={_WANDB_LOCAL}",
            f"wandb login --host https://wandb.acme.io {_WANDB_LOCAL}",
        ),
        negatives=(
            f"cache_key = {_WANDB_LOCAL}",  # no W&B context
            f"WANDB_API_KEY={_WANDB_LOCAL[:-6]}",  # too short
        ),
    ),
)

# --- Prefixes other services share: a key only with the service named nearby.

# Stability AI: `sk-` and 48 alphanumerics (the OpenAI shape without its marker).
_STABILITY = "sk-" + fake(48, ALNUM, seed="stability")

STABILITY_API_KEY = SecretRule(
    id="stability-api-key",
    kind="stability_api_key",
    regex=token(r"sk-[A-Za-z0-9]{48}"),
    keywords=("stability", "dreamstudio"),
    entropy=4.0,
    validate=mixed_case_body,
    confidence=0.85,
    examples=Examples(
        positives=(
            f"STABILITY_API_KEY={_STABILITY}",
            "curl https://api.stability.ai/v2beta/stable-image/generate/core "
            f"-H 'authorization: Bearer {_STABILITY}'",
        ),
        negatives=(
            f"api_key = {_STABILITY}",  # no Stability context
            f"STABILITY_API_KEY={_STABILITY[:-8]}",  # too short
        ),
    ),
)

# Braintrust: `sk-` and 48 alphanumerics, under a Braintrust name.
_BRAINTRUST = "sk-" + fake(48, ALNUM, seed="braintrust")

BRAINTRUST_API_KEY = SecretRule(
    id="braintrust-api-key",
    kind="braintrust_api_key",
    regex=token(r"sk-[A-Za-z0-9]{48}"),
    keywords=("braintrust",),
    entropy=4.0,
    validate=mixed_case_body,
    confidence=0.86,
    examples=Examples(
        positives=(
            f"BRAINTRUST_API_KEY={_BRAINTRUST}",
            f'braintrust.login(api_key="{_BRAINTRUST}")',
        ),
        negatives=(
            f"api_key = {_BRAINTRUST}",  # no Braintrust context
            f"BRAINTRUST_API_KEY={_BRAINTRUST[:-10]}",  # too short
        ),
    ),
)

# Voyage AI (embeddings): `pa-` and about 43 base64url characters.
_VOYAGE = "pa-" + fake(43, B64URL, seed="voyage")

VOYAGE_API_KEY = SecretRule(
    id="voyage-api-key",
    kind="voyage_api_key",
    regex=token(r"pa-[A-Za-z0-9_\-]{40,50}"),
    keywords=("voyage",),
    entropy=4.0,
    filters=LITERAL,
    confidence=0.9,
    examples=Examples(
        positives=(
            f"VOYAGE_API_KEY={_VOYAGE}",
            f'vo = voyageai.Client(api_key="{_VOYAGE}")',
        ),
        negatives=(
            f"key = {_VOYAGE}",  # no Voyage context
            f"VOYAGE_API_KEY={_VOYAGE[:30]}",  # too short
        ),
    ),
)

# Jina AI: `jina_` and about 60 characters.
JINA_API_KEY = prefixed(
    kind="jina_api_key",
    body=r"jina_[A-Za-z0-9_\-]{56,70}",
    sample="jina_" + fake(32, HEX, seed="jina-1") + fake(28, B64URL, seed="jina-2"),
    keywords=("jina_",),
    env="JINA_API_KEY",
    entropy=4.0,
    validate=lambda v: any(c.isdigit() for c in v) and any(c.isupper() for c in v),
    confidence=0.95,
    positives=(
        "curl https://api.jina.ai/v1/embeddings -H 'Authorization: Bearer jina_"
        + fake(32, HEX, seed="jina-3")
        + fake(28, B64URL, seed="jina-4")
        + "'",
    ),
    negatives=(
        "from jina_embeddings_v3_multilingual_text_retrieval_adapter_lora_weights import x",
    ),
)

# Scale AI: `live_` (and `test_`) and 32 hex, as the user name of basic auth.
_SCALE = "live_" + fake(32, HEX, seed="scale")

SCALE_API_KEY = SecretRule(
    id="scale-api-key",
    kind="scale_api_key",
    regex=token(r"(?:live|test)_[0-9a-f]{32}"),
    keywords=("scale",),
    entropy=3.0,
    confidence=0.85,
    examples=Examples(
        positives=(
            f"SCALE_API_KEY={_SCALE}",
            f'client = scaleapi.ScaleClient("{_SCALE}")',
            f"curl https://api.scale.com/v1/tasks -u {_SCALE}:",
        ),
        negatives=(
            f"session = {_SCALE}",  # no Scale context
            f"SCALE_API_KEY={_SCALE[:-4]}",  # too short
        ),
    ),
)

# --- Keys without a prefix: only a name that says the service makes them a key.

# AssemblyAI: 32 hex (`aai.settings.api_key`, `ASSEMBLYAI_API_KEY`, `authorization` header).
ASSEMBLYAI_API_KEY = service_named(
    kind="assemblyai_api_key",
    service=r"assembly_?ai|(?<![a-z])aai",
    keywords=("assemblyai", "assembly_ai", "aai"),
    value=r"[0-9a-f]{32}",
    sample=fake(32, HEX, seed="assemblyai"),
    env="ASSEMBLYAI_API_KEY",
    confidence=0.8,
    positives=(f'aai.settings.api_key = "{fake(32, HEX, seed="assemblyai-2")}"',),
)

# Deepgram: 40 hex (`DEEPGRAM_API_KEY`, `Authorization: Token ...`).
DEEPGRAM_API_KEY = service_named(
    kind="deepgram_api_key",
    service="deepgram",
    value=r"[0-9a-f]{40}",
    sample=fake(40, HEX, seed="deepgram"),
    env="DEEPGRAM_API_KEY",
    confidence=0.8,
    positives=(f'deepgram = DeepgramClient(api_key="{fake(40, HEX, seed="deepgram-2")}")',),
)

# AI21 Labs: 32 alphanumerics.
AI21_API_KEY = service_named(
    kind="ai21_api_key",
    service="ai21",
    value=r"[A-Za-z0-9]{32}",
    sample=fake(32, ALNUM, seed="ai21"),
    env="AI21_API_KEY",
    entropy=4.0,
    validate=looks_random,
    positives=(f'{{"ai21": {{"api_key": "{fake(32, ALNUM, seed="ai21-2")}"}}}}',),
)

# SerpApi: 64 hex (`SERPAPI_API_KEY`, `GoogleSearch({"api_key": ...})`).
SERPAPI_API_KEY = service_named(
    kind="serpapi_api_key",
    service=r"serp_?api",
    keywords=("serpapi", "serp_api"),
    value=r"[0-9a-f]{64}",
    sample=fake(64, HEX, seed="serpapi"),
    env="SERPAPI_API_KEY",
    confidence=0.8,
    positives=(
        f"curl 'https://serpapi.com/search?q=coffee&api_key={fake(64, HEX, seed='serp-2')}'",
    ),
)

# Exa (web search for AI): a UUID (`EXA_API_KEY`, `Exa(api_key=...)`).
EXA_API_KEY = service_named(
    kind="exa_api_key",
    service=r"(?<![a-z])exa(?![a-z])",
    keywords=("exa",),
    value=UUID,
    sample=fake_uuid("exa"),
    env="EXA_API_KEY",
    positives=(f'exa = Exa(api_key="{fake_uuid("exa-2")}")',),
    negatives=(f"EXAMPLE_API_KEY={fake_uuid('exa-3')}",),  # another word, not Exa
)

# Gladia (speech to text): a UUID in the `x-gladia-key` header.
GLADIA_API_KEY = service_named(
    kind="gladia_api_key",
    service="gladia",
    value=UUID,
    sample=fake_uuid("gladia"),
    # Above the generic header-credential rule: the header names the service.
    confidence=0.85,
    env="GLADIA_API_KEY",
    positives=(
        f"curl https://api.gladia.io/v2/pre-recorded -H 'x-gladia-key: {fake_uuid('gladia-2')}'",
    ),
)

# SambaNova Cloud: a UUID.
SAMBANOVA_API_KEY = service_named(
    kind="sambanova_api_key",
    service="sambanova",
    value=UUID,
    sample=fake_uuid("sambanova"),
    env="SAMBANOVA_API_KEY",
    positives=(f'client = SambaNova(api_key="{fake_uuid("sambanova-2")}")',),
)

# Hume AI: 48 alphanumerics (`HUME_API_KEY`, `X-Hume-Api-Key`).
HUME_API_KEY = service_named(
    kind="hume_api_key",
    service=r"(?<![a-z])hume(?![a-z])",
    keywords=("hume",),
    value=r"[A-Za-z0-9]{48}",
    sample=fake(48, ALNUM, seed="hume"),
    env="HUME_API_KEY",
    entropy=4.0,
    validate=looks_random,
    positives=(f'hume = HumeClient(api_key="{fake(48, ALNUM, seed="hume-2")}")',),
)

# Speechmatics: 32 alphanumerics.
SPEECHMATICS_API_KEY = service_named(
    kind="speechmatics_api_key",
    service="speechmatics",
    value=r"[A-Za-z0-9]{32}",
    sample=fake(32, ALNUM, seed="speechmatics"),
    env="SPEECHMATICS_API_KEY",
    entropy=4.0,
    validate=looks_random,
)

# Clarifai: personal access tokens are 32 hex (`CLARIFAI_PAT`).
CLARIFAI_PAT = service_named(
    kind="clarifai_pat",
    service="clarifai",
    key=r"(?:pat|api_?key|key|token)",
    value=r"[0-9a-f]{32}",
    sample=fake(32, HEX, seed="clarifai"),
    env="CLARIFAI_PAT",
    confidence=0.8,
    positives=(f"clarifai:\n  pat: {fake(32, HEX, seed='clarifai-2')}",),
)

# Roboflow: 20 alphanumerics (`ROBOFLOW_API_KEY`, `Roboflow(api_key=...)`).
ROBOFLOW_API_KEY = service_named(
    kind="roboflow_api_key",
    service="roboflow",
    value=r"[A-Za-z0-9]{20}",
    sample=fake(20, ALNUM, seed="roboflow"),
    env="ROBOFLOW_API_KEY",
    entropy=3.5,
    validate=lambda v: mixed_case(v, 10),
    positives=(f'rf = Roboflow(api_key="{fake(20, ALNUM, seed="roboflow-2")}")',),
)

# Comet ML: 25 alphanumerics (`COMET_API_KEY`, `~/.comet.config`).
COMET_API_KEY = service_named(
    kind="comet_api_key",
    service=r"comet(?:_?ml)?",
    keywords=("comet",),
    value=r"[A-Za-z0-9]{25}",
    sample=fake(25, ALNUM, seed="comet"),
    env="COMET_API_KEY",
    entropy=3.8,
    validate=looks_random,
    positives=(f'comet_ml.login(api_key="{fake(25, ALNUM, seed="comet-2")}")',),
)

# Baseten: an 8-character prefix, a dot and 32 alphanumerics.
BASETEN_API_KEY = service_named(
    kind="baseten_api_key",
    service="baseten",
    value=r"[A-Za-z0-9]{8}\.[A-Za-z0-9]{32}",
    sample=f"{fake(8, ALNUM, seed='baseten-1')}.{fake(32, ALNUM, seed='baseten-2')}",
    env="BASETEN_API_KEY",
    entropy=4.0,
    confidence=0.85,
    positives=(
        f'{{"baseten_api_key": "{fake(8, ALNUM, seed="baseten-3")}.'
        f'{fake(32, ALNUM, seed="baseten-4")}"}}',
    ),
)

# A JWT with an HMAC (HS256, HS512) or RSA-2048 signature, as a named value (the signature's
# exact length keeps the value from running on into another token).
_JWT_VALUE = (
    r"eyJ[A-Za-z0-9_\-]{10,200}\.eyJ[A-Za-z0-9_\-]{10,2000}\."
    r"(?:[A-Za-z0-9_\-]{43}|[A-Za-z0-9_\-]{86}|[A-Za-z0-9_\-]{342})"
)

# Labelbox: API keys are JWTs (`LABELBOX_API_KEY`, `Client(api_key=...)`).
_LABELBOX = (
    b64json({"alg": "HS256", "typ": "JWT"}, url=True).rstrip("=")
    + "."
    + b64json(
        {"userId": fake(25, LOWER_ALNUM, seed="lb-user"), "iat": 1700000000}, url=True
    ).rstrip("=")
    + "."
    + fake(43, B64URL, seed="labelbox-sig")
)

LABELBOX_API_KEY = service_named(
    kind="labelbox_api_key",
    service="labelbox",
    value=_JWT_VALUE,
    sample=_LABELBOX,
    env="LABELBOX_API_KEY",
    entropy=4.0,
    confidence=0.92,
    max_len=1400,
)

# Runway: developer API keys `key_` and 128 hex.
RUNWAY_API_KEY = service_named(
    kind="runway_api_key",
    service=r"runway(?:ml)?",
    keywords=("runway",),
    value=r"key_[0-9a-f]{128}",
    sample="key_" + fake(128, HEX, seed="runway"),
    env="RUNWAYML_API_SECRET",
    key=r"(?:api_?key|key|token|secret)",
    confidence=0.9,
    max_len=400,
)


RULES = (
    TAVILY_API_KEY,
    FIRECRAWL_API_KEY,
    E2B_API_KEY,
    NVIDIA_API_KEY,
    LLAMACLOUD_API_KEY,
    CEREBRAS_API_KEY,
    HELICONE_API_KEY,
    BROWSERBASE_API_KEY,
    ANYSCALE_API_KEY,
    MODAL_TOKEN_SECRET,
    HUMANLOOP_API_KEY,
    NEPTUNE_API_TOKEN,
    WANDB_LOCAL_API_KEY,
    STABILITY_API_KEY,
    BRAINTRUST_API_KEY,
    VOYAGE_API_KEY,
    JINA_API_KEY,
    SCALE_API_KEY,
    ASSEMBLYAI_API_KEY,
    DEEPGRAM_API_KEY,
    AI21_API_KEY,
    SERPAPI_API_KEY,
    EXA_API_KEY,
    GLADIA_API_KEY,
    SAMBANOVA_API_KEY,
    HUME_API_KEY,
    SPEECHMATICS_API_KEY,
    CLARIFAI_PAT,
    ROBOFLOW_API_KEY,
    COMET_API_KEY,
    BASETEN_API_KEY,
    LABELBOX_API_KEY,
    RUNWAY_API_KEY,
)
