"""Microsoft Azure: storage and service keys, connection strings, SAS tokens, Entra secrets, AI
services (OpenAI, Cognitive Services), API Management, Container Registry, Cosmos DB, Functions,
SignalR, Web PubSub, Communication Services, App Configuration, Event Grid, AI Search."""

import re

from veil.detect.base import Examples, Rule, SecretRule, assigned, token
from veil.detect.samples import ALNUM, B64, B64URL, HEX, fake

_AZ_ACCOUNT_KEY = fake(86, B64, seed="azure-account-key") + "=="
_AZ_SAS_KEY = fake(43, B64, seed="azure-sas-key") + "="

AZURE_STORAGE_ACCOUNT_KEY = SecretRule(
    id="azure-storage-account-key",
    kind="azure_storage_account_key",
    regex=assigned(
        r"(?i:azure[\w.\-]*?(?:key|secret)|(?:storage_?)?account_?key|(?:primary|secondary)_?access_?key)",
        r"[A-Za-z0-9+/]{86}==",
        r"[A-Za-z0-9+/=]",
    ),
    keywords=("azure", "account", "access_key"),
    entropy=4.5,
    confidence=0.85,
    examples=Examples(
        positives=(
            f"AZURE_STORAGE_KEY={_AZ_ACCOUNT_KEY}",
            f'azure_storage_account_key: "{_AZ_ACCOUNT_KEY}"',
            f'primary_access_key = "{_AZ_ACCOUNT_KEY}"',
        ),
        negatives=(
            f"AZURE_STORAGE_KEY={_AZ_ACCOUNT_KEY[4:]}",  # too short
            f"image_data = {_AZ_ACCOUNT_KEY}",  # base64 not named as an Azure key
            "AZURE_STORAGE_KEY=$(az storage account keys list --query [0].value)",  # command
        ),
    ),
)

AZURE_CONNECTION_STRING = SecretRule(
    id="azure-connection-string",
    kind="azure_connection_string",
    regex=r"(?i:AccountKey)\s*=\s*(?P<secret>[A-Za-z0-9+/]{86}==)(?![A-Za-z0-9+/=])",
    keywords=("accountkey",),
    entropy=4.5,
    confidence=0.95,
    examples=Examples(
        positives=(
            "AZURE_STORAGE_CONNECTION_STRING=DefaultEndpointsProtocol=https;AccountName=acme;"
            f"AccountKey={_AZ_ACCOUNT_KEY};EndpointSuffix=core.windows.net",
            '"CosmosDb": "AccountEndpoint=https://acme.documents.azure.com:443/;'
            f'AccountKey={_AZ_ACCOUNT_KEY};"',
        ),
        negatives=(
            "DefaultEndpointsProtocol=https;AccountName=acme;AccountKey=<key>;",  # template
            f"AccountKey={_AZ_ACCOUNT_KEY[:60]}==;",  # too short
        ),
    ),
)

AZURE_SHARED_ACCESS_KEY = SecretRule(
    id="azure-shared-access-key",
    kind="azure_shared_access_key",
    regex=r"(?i:SharedAccessKey)\s*=\s*(?P<secret>[A-Za-z0-9+/]{43}=)(?![A-Za-z0-9+/=])",
    keywords=("sharedaccesskey",),
    entropy=4.0,
    confidence=0.95,
    examples=Examples(
        positives=(
            "SERVICEBUS=Endpoint=sb://acme.servicebus.windows.net/;"
            f"SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey={_AZ_SAS_KEY}",
            f'"IotHub": "HostName=acme.azure-devices.net;SharedAccessKeyName=iothubowner;'
            f'SharedAccessKey={_AZ_SAS_KEY}"',
        ),
        negatives=(
            "Endpoint=sb://acme.servicebus.windows.net/;SharedAccessKeyName=Root;"
            "SharedAccessKey=${SB_KEY}",  # template
            f"SharedAccessKeyName={_AZ_SAS_KEY}",  # the key's name, not the key
        ),
    ),
)

_SAS_SIG = fake(43, B64, seed="azure-sas-sig").replace("+", "%2B").replace("/", "%2F") + "%3D"

AZURE_SAS_TOKEN = SecretRule(
    id="azure-sas-token",
    kind="azure_sas_token",
    regex=(  # a query with an `sv` (version) or `se` (expiry) date and a `sig`, in any order
        r"""(?:\?|(?<![^\s"'`=;(])(?=s[a-z]{1,4}=))"""
        r"""(?=(?:[^\s"'`<>#]*&)?s[ve]=\d{4}-\d\d-\d\d)"""
        r"""(?:[^\s"'`<>#&]*&)*?sig=(?P<secret>(?:[A-Za-z0-9+/]|%2[BbFf]){43}(?:=|%3[Dd]))"""
        r"(?![A-Za-z0-9%])"
    ),
    keywords=("sig=",),
    confidence=0.95,
    max_len=1024,
    examples=Examples(
        positives=(
            "https://acme.blob.core.windows.net/backups/db.bak?sv=2022-11-02&ss=b&srt=sco"
            f"&sp=rl&se=2026-01-01T00:00:00Z&spr=https&sig={_SAS_SIG}",
            f'AZURE_SAS_TOKEN="sp=r&st=2025-01-01T00:00:00Z&sig={_SAS_SIG}&sv=2022-11-02&sr=b"',
        ),
        negatives=(
            f"https://example.org/callback?user=1&sig={_SAS_SIG}",  # not a SAS: no sv/se
            "https://acme.blob.core.windows.net/c?sv=2022-11-02&se=2026-01-01&sig=abc%3D",  # short
        ),
    ),
)

_MS_B64 = r"[A-Za-z0-9+/]"
# Microsoft's identifiable keys carry a service signature at a fixed offset (security-utilities):
# storage, Cosmos DB, Batch, ML, APIM (64 bytes); Service Bus, Event Hubs, Relay, IoT, Redis,
# Event Grid (32 bytes); then Functions, Search and Container Registry keys.
_SIG_64 = ("+ASt", "ACDb", "+ABa", "+AMC", "APIM")
_SIG_32 = ("+ASb", "+AEh", "+ARm", "AIoT", "AzCa", "AZEG")
_AZURE_IDENTIFIABLE = (
    rf"{_MS_B64}{{76}}(?:{'|'.join(map(re.escape, _SIG_64))}){_MS_B64}{{5}}[AQgw]=="
    rf"|{_MS_B64}{{33}}(?:{'|'.join(map(re.escape, _SIG_32))})[A-P]{_MS_B64}{{5}}="
    r"|[A-Za-z0-9_\-]{44}AzFu[A-Za-z0-9_\-]{5}[AQgw]=="
    r"|[A-Za-z0-9]{42}AzSe[A-D][A-Za-z0-9]{5}"
    rf"|{_MS_B64}{{42}}\+ACR[A-D]{_MS_B64}{{5}}"
)
_AZ_STORAGE_ID = fake(76, B64, seed="azure-id-st") + "+ASt" + fake(5, B64, seed="az-st2") + "Q=="
_AZ_BUS_ID = fake(33, B64, seed="azure-id-sb") + "+ASbF" + fake(5, B64, seed="az-sb2") + "="

AZURE_IDENTIFIABLE_KEY = SecretRule(
    id="azure-identifiable-key",
    kind="azure_identifiable_key",
    regex=rf"(?<![A-Za-z0-9+/_\-])(?P<secret>{_AZURE_IDENTIFIABLE})(?![A-Za-z0-9+/=_\-])",
    keywords=tuple(sig.lower() for sig in (*_SIG_64, *_SIG_32, "AzFu", "AzSe", "+ACR")),
    entropy=4.0,
    confidence=0.97,
    examples=Examples(
        positives=(
            f'"storageKey": "{_AZ_STORAGE_ID}"',
            f"SERVICE_BUS_KEY={_AZ_BUS_ID}",
        ),
        negatives=(
            f"key = {_AZ_STORAGE_ID[:70]}+ASt{_AZ_STORAGE_ID[80:]}",  # signature at wrong offset
            f"key = {_AZ_BUS_ID[:33]}+ASbZ{_AZ_BUS_ID[38:]}",  # checksum class out of range
        ),
    ),
)

_AAD_SECRET = fake(3, B64URL, seed="aad-1") + "8Q~" + fake(34, B64URL + "~.", seed="aad-2")

AZURE_AD_CLIENT_SECRET = SecretRule(
    id="azure-ad-client-secret",
    kind="azure_ad_client_secret",
    regex=token(r"[A-Za-z0-9_~.]{3}\dQ~[A-Za-z0-9_~.\-]{31,34}", r"[A-Za-z0-9_~.\-+/]"),
    keywords=("q~",),
    entropy=3.5,
    confidence=0.92,
    examples=Examples(
        positives=(
            f"AZURE_CLIENT_SECRET={_AAD_SECRET}",
            f'"ClientSecret": "{_AAD_SECRET}"',
            f"az login --service-principal -u app-id -p '{_AAD_SECRET}' --tenant t",
        ),
        negatives=(
            f"AZURE_CLIENT_SECRET={_AAD_SECRET[:30]}",  # too short
            f"AZURE_CLIENT_SECRET={_AAD_SECRET[:3]}8X~{_AAD_SECRET[6:]}",  # no `Q~` marker
        ),
    ),
)


# --- Microsoft's 84-character identifiable keys (2024+): 52 random characters, `JQQJ9`, a version,
# a date code, 16 more, then a 4-letter service signature and 4 characters. `AZDO` (Azure DevOps)
# is in `vcs`; `ACOG` is Azure AI services (OpenAI, Speech, Vision, Language, ...).

_AZ84_HEAD = r"[A-Za-z0-9]{52}JQQJ9[9DH][A-Za-z0-9][A-L][A-Za-z0-9]{16}"


def _azure84(signature: str, seed: str) -> str:
    return (
        fake(52, ALNUM, seed=f"{seed}-1")
        + "JQQJ99B"
        + fake(1, "ABCDEFGHIJKL", seed=f"{seed}-2")
        + fake(16, ALNUM, seed=f"{seed}-3")
        + signature
        + fake(4, ALNUM, seed=f"{seed}-4")
    )


_AZ_AI = _azure84("ACOG", "azure-ai-services")

AZURE_AI_SERVICES_KEY = SecretRule(
    id="azure-ai-services-key",
    kind="azure_ai_services_key",
    regex=token(_AZ84_HEAD + r"ACOG[A-Za-z0-9]{4}", r"[A-Za-z0-9]"),
    keywords=("acog",),
    entropy=4.0,
    confidence=0.98,
    examples=Examples(
        positives=(
            f'client = AzureOpenAI(api_key="{_AZ_AI}", api_version="2024-10-21")',
            f"SPEECH_KEY={_AZ_AI}",
        ),
        negatives=(
            f"key = {_AZ_AI[:76]}ACOX{_AZ_AI[80:]}",  # another signature
            f"key = {_AZ_AI[1:]}",  # signature at the wrong offset
        ),
    ),
)

_AZ_OTHER84 = _azure84("AWPS", "azure-web-pubsub")

AZURE_IDENTIFIABLE_KEY_84 = SecretRule(
    id="azure-identifiable-key-84",
    kind="azure_identifiable_key",
    regex=token(_AZ84_HEAD + r"[A-Z]{4}[A-Za-z0-9]{4}", r"[A-Za-z0-9]"),
    keywords=("jqqj9",),
    entropy=4.0,
    confidence=0.93,
    examples=Examples(
        positives=(
            f"WEB_PUBSUB_KEY={_AZ_OTHER84}",
            f'"primaryKey": "{_AZ_OTHER84}"',
        ),
        negatives=(
            f"key = {_AZ_OTHER84.replace('JQQJ99', 'JQQJ88')}",  # no marker
            f"key = {_AZ_OTHER84[:-2]}",  # too short
        ),
    ),
)

# --- Azure OpenAI and Cognitive Services: older keys are 32 hex, known by the service's name or
# the `api-key` header to an `openai.azure.com` endpoint.

_AZ_OPENAI = fake(32, HEX, seed="azure-openai")

AZURE_OPENAI_API_KEY = SecretRule(
    id="azure-openai-api-key",
    kind="azure_openai_api_key",
    regex=(
        r"(?:(?i:azure[\w.\-]*?openai[\w.\-]*?(?:api_?)?key|aoai[\w.\-]*?(?:api_?)?key"
        r"|azure_?openai\([^)\n]{0,120}?api_key)[\w.\-]*[\"']?\s*[=:]\s*[\"']?"
        r"|(?i:openai\.azure\.com)[^\n]{0,200}?(?i:api-key)[\"']?\s*[:=]\s*[\"']?)"
        r"(?P<secret>[0-9a-f]{32})(?![A-Za-z0-9_\-])"
    ),
    keywords=("openai", "aoai"),
    entropy=3.0,
    confidence=0.85,
    examples=Examples(
        positives=(
            f"AZURE_OPENAI_API_KEY={_AZ_OPENAI}",
            f'client = AzureOpenAI(azure_endpoint=ep, api_key="{_AZ_OPENAI}")',
            "curl https://acme.openai.azure.com/openai/deployments/gpt-4o/chat/completions"
            f"?api-version=2024-10-21 -H 'api-key: {_AZ_OPENAI}'",
        ),
        negatives=(
            f"OPENAI_ORG_ID={_AZ_OPENAI}",  # not Azure, not a key
            f"AZURE_OPENAI_API_KEY={_AZ_OPENAI[:24]}",  # too short
        ),
    ),
)

_AZ_COG = fake(32, HEX, seed="azure-cognitive")
_COG_NAMES = (
    r"azure[\w.\-]*?(?:cognitive|speech|translator|vision|language|text_?analytics|"
    r"form_?recognizer|document_?intelligence|ai_?services|content_?safety|face)[\w.\-]*?key"
    r"|(?<![a-z0-9])(?:speech|translator|cognitive_?services?|vision|form_?recognizer)_?"
    r"(?:api_?|subscription_?)?key"
)

AZURE_COGNITIVE_SERVICES_KEY = SecretRule(
    id="azure-cognitive-services-key",
    kind="azure_cognitive_services_key",
    regex=assigned(rf"(?i:{_COG_NAMES})", r"[0-9a-f]{32}"),
    keywords=(
        "azure",
        "speech",
        "translator",
        "cognitive",
        "vision",
        "form_recognizer",
        "formrecognizer",
    ),
    entropy=3.0,
    confidence=0.8,
    examples=Examples(
        positives=(
            f"AZURE_SPEECH_KEY={_AZ_COG}",
            f"TRANSLATOR_KEY={_AZ_COG}",
            f'AZURE_DOCUMENT_INTELLIGENCE_KEY: "{_AZ_COG}"',
        ),
        negatives=(
            f"AZURE_SPEECH_REGION={_AZ_COG}",  # not a key
            f"SPEECH_KEY={_AZ_COG[:20]}",  # too short
        ),
    ),
)

# API Management (and Cognitive Services) subscription keys: 32 hex, `Ocp-Apim-Subscription-Key`.
_AZ_APIM = fake(32, HEX, seed="azure-apim")

AZURE_APIM_SUBSCRIPTION_KEY = SecretRule(
    id="azure-apim-subscription-key",
    kind="azure_apim_subscription_key",
    regex=(
        r"(?i:ocp-apim-subscription-key|subscription-key=|apim[\w.\-]*?subscription_?key)"
        r"[\"']?\s*[:=]?\s*[\"']?(?P<secret>[0-9a-f]{32})(?![A-Za-z0-9_\-])"
    ),
    keywords=("ocp-apim-subscription-key", "subscription-key=", "apim"),
    entropy=3.0,
    confidence=0.9,
    examples=Examples(
        positives=(
            f"curl https://api.acme.io/orders -H 'Ocp-Apim-Subscription-Key: {_AZ_APIM}'",
            f'headers = {{"Ocp-Apim-Subscription-Key": "{_AZ_APIM}"}}',
            f"https://api.acme.io/v1/orders?subscription-key={_AZ_APIM}",
        ),
        negatives=(
            f"Ocp-Apim-Subscription-Key: {_AZ_APIM[:24]}",  # too short
            "Ocp-Apim-Subscription-Key: {{apimKey}}",  # template
        ),
    ),
)

# --- Azure Container Registry: admin and token passwords (`docker login <x>.azurecr.io -p`,
# `ACR_PASSWORD`); 32 base64 characters, or 52 with the `+ACR` signature.
_ACR = fake(32, B64, seed="azure-acr")

AZURE_CONTAINER_REGISTRY_PASSWORD = SecretRule(
    id="azure-container-registry-password",
    kind="azure_container_registry_password",
    regex=(
        r"(?:(?i:(?<![a-z0-9])acr[\w.\-]*?password|azure_?container_?registry[\w.\-]*?password)"
        r"[\w.\-]*[\"']?\s*[=:]\s*[\"']?"
        r"|(?i:docker\s+login\s+[\w.\-]+\.azurecr\.io\b[^\n]{0,80}?(?:-p|--password))[ =][\"']?)"
        r"(?P<secret>[A-Za-z0-9+/]{32}(?:[A-Za-z0-9+/]{20})?={0,2})(?![A-Za-z0-9+/=])"
    ),
    keywords=("acr", "azurecr", "container_registry", "containerregistry"),
    entropy=4.0,
    confidence=0.85,
    examples=Examples(
        positives=(
            f"docker login acme.azurecr.io -u acme -p '{_ACR}'",
            f"ACR_PASSWORD={_ACR}",
        ),
        negatives=(
            f"ACR_USERNAME={_ACR}",  # not the password
            f"docker login acme.azurecr.io -u acme -p '{_ACR[:20]}'",  # too short
        ),
    ),
)

# --- Cosmos DB: account keys are 86 base64 characters and `==` (`COSMOS_KEY`, `CosmosClient`).
_COSMOS = fake(86, B64, seed="azure-cosmos") + "=="

AZURE_COSMOS_DB_KEY = SecretRule(
    id="azure-cosmos-db-key",
    kind="azure_cosmos_db_key",
    regex=(
        r"(?:(?i:cosmos[\w.\-]*?(?:key|secret|credential))[\w.\-]*[\"']?\s*[=:]\s*[\"']?"
        r"|(?i:cosmosclient)\([^\n]{0,120}?credential\s*=\s*[\"'])"
        r"(?P<secret>[A-Za-z0-9+/]{86}==)(?![A-Za-z0-9+/=])"
    ),
    keywords=("cosmos",),
    entropy=4.5,
    confidence=0.9,
    examples=Examples(
        positives=(
            f"COSMOS_KEY={_COSMOS}",
            f'client = CosmosClient(url, credential="{_COSMOS}")',
            f"AZURE_COSMOS_DB_KEY: '{_COSMOS}'",
        ),
        negatives=(
            f"COSMOS_KEY={_COSMOS[4:]}",  # too short
            f"image = {_COSMOS}",  # no Cosmos context
        ),
    ),
)

# --- Azure Functions: a function key in the `code` query parameter of an `azurewebsites.net/api`
# URL calls the function.
_AZ_FUNC = fake(54, B64URL, seed="azure-function") + "=="
_AZ_FUNC_URL = f"https://acme-orders.azurewebsites.net/api/ingest?code={_AZ_FUNC}"

AZURE_FUNCTION_KEY = SecretRule(
    id="azure-function-key",
    kind="azure_function_key",
    regex=(
        r"\.azurewebsites\.net/api/[^\s?#\"']*\?(?:[^\s#\"'&]*&)*?code="
        r"(?P<secret>[A-Za-z0-9_\-]{40,100}(?:==|%3D%3D)?)(?![A-Za-z0-9_\-%=])"
    ),
    keywords=(".azurewebsites.net/api/",),
    entropy=4.0,
    confidence=0.95,
    examples=Examples(
        positives=(
            f"WEBHOOK_URL={_AZ_FUNC_URL}",
            f"curl -X POST '{_AZ_FUNC_URL}&clientId=default' -d @event.json",
        ),
        negatives=(
            "https://acme-orders.azurewebsites.net/api/ingest?code=abc",  # too short
            f"https://acme-orders.azurewebsites.net/home?code={_AZ_FUNC}",  # not a function URL
        ),
    ),
)

# --- Connection strings with an `AccessKey` or `Secret`: SignalR, Web PubSub, Communication
# Services, App Configuration.
_AZ_44 = fake(43, B64, seed="azure-access-key-44") + "="
_AZ_88 = fake(86, B64, seed="azure-access-key-88") + "=="


def _azure_cs(kind: str, host: str, field: str, value: str, example_host: str) -> Rule:
    return SecretRule(
        id=kind.replace("_", "-"),
        kind=kind,
        regex=(
            rf"(?i:endpoint=https://[\w.\-]+\.{host}/?;(?:[^;\s\"']*;)*?{field}=)"
            r"(?P<secret>[A-Za-z0-9+/]{86}==|[A-Za-z0-9+/]{43}=|[A-Za-z0-9]{84})"
            r"(?![A-Za-z0-9+/=])"
        ),
        keywords=(host.replace("\\", "").split("/")[0],),
        entropy=4.0,
        confidence=0.95,
        max_len=400,
        examples=Examples(
            positives=(
                f"CONNECTION_STRING=Endpoint=https://acme.{example_host};{field}={value};Version=1.0;",
                f'"ConnectionString": "endpoint=https://acme.{example_host}/;{field.lower()}={value}"',
            ),
            negatives=(
                f"Endpoint=https://acme.{example_host};{field}=${{KEY}};",  # reference
                f"Endpoint=https://acme.{example_host};{field}={value[:20]};",  # too short
            ),
        ),
    )


AZURE_SIGNALR_ACCESS_KEY = _azure_cs(
    "azure_signalr_access_key", r"service\.signalr\.net", "AccessKey", _AZ_44, "service.signalr.net"
)
AZURE_WEB_PUBSUB_ACCESS_KEY = _azure_cs(
    "azure_web_pubsub_access_key",
    r"webpubsub\.azure\.com",
    "AccessKey",
    _AZ_44,
    "webpubsub.azure.com",
)
AZURE_COMMUNICATION_SERVICES_KEY = _azure_cs(
    "azure_communication_services_key",
    r"communication\.azure\.com",
    "AccessKey",
    _AZ_88,
    "communication.azure.com",
)
AZURE_APP_CONFIGURATION_SECRET = _azure_cs(
    "azure_app_configuration_secret", r"azconfig\.io", "Secret", _AZ_44, "azconfig.io"
)

# --- Event Grid: topic access keys are 44 base64 characters, sent as `aeg-sas-key`.
_AZ_EG = fake(43, B64, seed="azure-event-grid") + "="

AZURE_EVENT_GRID_KEY = SecretRule(
    id="azure-event-grid-key",
    kind="azure_event_grid_key",
    regex=(
        r"(?:(?i:aeg-sas-key|event_?grid[\w.\-]*?(?:access_?)?key)[\w.\-]*[\"']?\s*[=:]\s*[\"']?)"
        r"(?P<secret>[A-Za-z0-9+/]{43}=)(?![A-Za-z0-9+/=])"
    ),
    keywords=("aeg-sas-key", "eventgrid", "event_grid"),
    entropy=4.0,
    confidence=0.9,
    examples=Examples(
        positives=(
            f"curl -X POST https://orders.westus2-1.eventgrid.azure.net/api/events "
            f"-H 'aeg-sas-key: {_AZ_EG}' -d @events.json",
            f"AZURE_EVENTGRID_KEY={_AZ_EG}",
        ),
        negatives=(
            f"aeg-sas-key: {_AZ_EG[:30]}",  # too short
            f"EVENT_GRID_TOPIC_ENDPOINT={_AZ_EG}",  # not a key
        ),
    ),
)

# --- Azure AI Search: admin and query keys, 32 upper-case hex (older) or 52 alphanumerics with
# the `AzSe` signature, known by the service's name or the `api-key` header to search.windows.net.
_AZ_SEARCH = fake(32, "0123456789ABCDEF", seed="azure-search")

AZURE_SEARCH_KEY = SecretRule(
    id="azure-search-key",
    kind="azure_search_key",
    regex=(
        r"(?:(?i:azure[\w.\-]*?search[\w.\-]*?key|(?:ai|cognitive)_?search[\w.\-]*?key)"
        r"[\w.\-]*[\"']?\s*[=:]\s*[\"']?"
        r"|(?i:search\.windows\.net)[^\n]{0,200}?(?i:api-key)[\"']?\s*[:=]\s*[\"']?)"
        r"(?P<secret>[0-9A-F]{32}|[A-Za-z0-9]{42}AzSe[A-D][A-Za-z0-9]{5})(?![A-Za-z0-9_\-])"
    ),
    keywords=("search",),
    entropy=3.0,
    confidence=0.85,
    examples=Examples(
        positives=(
            f"AZURE_SEARCH_ADMIN_KEY={_AZ_SEARCH}",
            "curl 'https://acme.search.windows.net/indexes?api-version=2024-07-01' "
            f"-H 'api-key: {_AZ_SEARCH}'",
        ),
        negatives=(
            f"AZURE_SEARCH_ADMIN_KEY={_AZ_SEARCH[:24]}",  # too short
            f"SEARCH_RESULT_ID={_AZ_SEARCH}",  # no Azure Search name
        ),
    ),
)

RULES = (
    AZURE_STORAGE_ACCOUNT_KEY,
    AZURE_CONNECTION_STRING,
    AZURE_SHARED_ACCESS_KEY,
    AZURE_SAS_TOKEN,
    AZURE_IDENTIFIABLE_KEY,
    AZURE_AD_CLIENT_SECRET,
    AZURE_AI_SERVICES_KEY,
    AZURE_IDENTIFIABLE_KEY_84,
    AZURE_OPENAI_API_KEY,
    AZURE_COGNITIVE_SERVICES_KEY,
    AZURE_APIM_SUBSCRIPTION_KEY,
    AZURE_CONTAINER_REGISTRY_PASSWORD,
    AZURE_COSMOS_DB_KEY,
    AZURE_FUNCTION_KEY,
    AZURE_SIGNALR_ACCESS_KEY,
    AZURE_WEB_PUBSUB_ACCESS_KEY,
    AZURE_COMMUNICATION_SERVICES_KEY,
    AZURE_APP_CONFIGURATION_SECRET,
    AZURE_EVENT_GRID_KEY,
    AZURE_SEARCH_KEY,
)
