"""Microsoft Azure: storage and service keys, connection strings, SAS tokens, Entra secrets."""

import re

from veil.detect.base import Examples, SecretRule, assigned, token
from veil.detect.samples import B64, B64URL, fake

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

RULES = (
    AZURE_STORAGE_ACCOUNT_KEY,
    AZURE_CONNECTION_STRING,
    AZURE_SHARED_ACCESS_KEY,
    AZURE_SAS_TOKEN,
    AZURE_IDENTIFIABLE_KEY,
    AZURE_AD_CLIENT_SECRET,
)
