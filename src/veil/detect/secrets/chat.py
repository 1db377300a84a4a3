"""Chat platforms and realtime messaging: Slack, Discord, Telegram, Microsoft Teams, Mattermost,
Zulip, Rocket.Chat, LINE, Google Chat, Webex; PubNub, Ably, Agora, Pusher, Sendbird."""

import base64

from veil.detect.base import Examples, SecretRule, assigned, padded, token
from veil.detect.filters import LITERAL
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
from veil.detect.validators import looks_random

# Dotted tokens (`MTk.x.y`) look like attribute access to `is_code_reference`: leave it out.


def _digits(n: int, seed: str) -> str:
    return fake(1, "123456789", seed=seed) + fake(n - 1, DIGITS, seed=seed)


_TEAM = _digits(12, "slack-team")
_XOXB = f"xoxb-{_TEAM}-{_digits(13, 'slack-bot-user')}-{fake(24, ALNUM, seed='slack-xoxb')}"
_XOXP = f"xoxp-{_TEAM}-{_digits(12, 'slack-user')}-{_digits(13, 'slack-user-2')}-" + fake(
    32, HEX, seed="slack-xoxp"
)

SLACK_BOT_TOKEN = SecretRule(
    id="slack-bot-token",
    kind="slack_bot_token",
    regex=token(r"xoxb-\d{8,14}-(?:\d{8,14}-)?[A-Za-z0-9]{18,34}"),
    keywords=("xoxb-",),
    entropy=3.0,
    confidence=0.97,
    examples=Examples(
        positives=(
            f"SLACK_BOT_TOKEN={_XOXB}",
            f'app = App(token="{_XOXB}", signing_secret=os.environ["SIGNING"])',
            f"curl -H 'Authorization: Bearer {_XOXB}' https://slack.com/api/auth.test",
        ),
        negatives=(
            f"SLACK_BOT_TOKEN={_XOXB[:-10]}",  # secret part too short
            "SLACK_BOT_TOKEN=xoxb-your-bot-token",  # placeholder
        ),
        documented=(
            f"SLACK_BOT_TOKEN=xoxb-{_TEAM}-{'0' * 13}-{'x' * 24}",  # placeholder
        ),
    ),
)

SLACK_USER_TOKEN = SecretRule(
    id="slack-user-token",
    kind="slack_user_token",
    regex=token(r"xox[pe](?:-\d{8,14}){3}-[A-Za-z0-9]{28,34}"),
    keywords=("xoxp-", "xoxe-"),
    entropy=3.0,
    confidence=0.97,
    examples=Examples(
        positives=(
            f"SLACK_USER_TOKEN={_XOXP}",
            f'{{"ok": true, "access_token": "{_XOXP}", "scope": "chat:write"}}',
        ),
        negatives=(
            f"token = {_XOXP[:-8]}",  # secret part too short
            f"token = {_XOXP.replace('xoxp-', 'xoxq-')}",  # not a Slack prefix
        ),
    ),
)

_XOXE_ACCESS = "xoxe.xoxp-1-" + fake(164, ALNUM, seed="xoxe")
_XOXE_REFRESH = "xoxe-1-" + fake(146, ALNUM, seed="xoxe-refresh")

SLACK_ROTATING_ACCESS_TOKEN = SecretRule(
    id="slack-rotating-access-token",
    kind="slack_rotating_access_token",
    regex=token(r"xoxe\.xox[bp]-\d-[A-Za-z0-9]{163,166}"),
    keywords=("xoxe.xox",),
    entropy=4.0,
    confidence=0.97,
    max_len=200,
    examples=Examples(
        positives=(
            f"SLACK_CONFIG_TOKEN={_XOXE_ACCESS}",
            f'{{"token": "{_XOXE_ACCESS}", "exp": 1700000000}}',
        ),
        negatives=(
            f"token = {_XOXE_ACCESS[:120]}",  # too short
            f"token = {_XOXE_ACCESS.replace('xoxe.xoxp', 'xoxe.xoxz')}",  # unknown inner prefix
        ),
    ),
)

SLACK_REFRESH_TOKEN = SecretRule(
    id="slack-refresh-token",
    kind="slack_refresh_token",
    regex=token(r"xoxe-\d-[A-Za-z0-9]{146}"),
    keywords=("xoxe-",),
    entropy=4.0,
    confidence=0.95,
    max_len=200,
    examples=Examples(
        positives=(
            f"SLACK_REFRESH_TOKEN={_XOXE_REFRESH}",
            f'{{"refresh_token": "{_XOXE_REFRESH}"}}',
        ),
        negatives=(
            f"SLACK_REFRESH_TOKEN={_XOXE_REFRESH[:100]}",  # too short
            f"SLACK_REFRESH_TOKEN={_XOXE_REFRESH}abc",  # inside a longer token
        ),
    ),
)

_XAPP = f"xapp-1-A0{fake(9, UPPER_ALNUM, seed='xapp-app')}-{_digits(13, 'xapp')}-" + fake(
    64, HEX, seed="xapp-secret"
)

SLACK_APP_TOKEN = SecretRule(
    id="slack-app-token",
    kind="slack_app_token",
    regex=token(r"xapp-\d-[A-Za-z0-9]{8,16}-\d{8,16}-[a-fA-F0-9]{32,128}"),
    keywords=("xapp-",),
    entropy=3.0,
    confidence=0.97,
    examples=Examples(
        positives=(
            f"SLACK_APP_TOKEN={_XAPP}",
            f'handler = SocketModeHandler(app, "{_XAPP}")',
        ),
        negatives=(
            "SLACK_APP_TOKEN=xapp-1-A0000-000-abc",  # documentation placeholder
            f"SLACK_APP_TOKEN={_XAPP[:-40]}",  # secret part too short
        ),
    ),
)

_XOXA = f"xoxa-2-{_TEAM}-{_digits(12, 'xoxa')}-" + fake(32, HEX, seed="slack-xoxa")
_XOXS = f"xoxs-{_TEAM}-{_digits(12, 'xoxs')}-{_digits(12, 'xoxs2')}-" + fake(64, HEX, seed="xoxs")

SLACK_LEGACY_TOKEN = SecretRule(
    id="slack-legacy-token",
    kind="slack_legacy_token",
    regex=token(r"xox[aors]-(?:\d{1,14}-)+[A-Za-z0-9]{8,64}"),
    keywords=("xoxa-", "xoxo-", "xoxr-", "xoxs-"),
    entropy=3.0,
    confidence=0.9,
    examples=Examples(
        positives=(
            f"SLACK_WORKSPACE_TOKEN={_XOXA}",
            f"slack_token: {_XOXS}",
        ),
        negatives=(
            "SLACK_TOKEN=xoxa-2-abc",  # too short
            "# xoxa-faketoken",  # no numeric team and user sections
            "SLACK_TOKEN=xoxr-xxxxxxxxxxxxxxxx",  # placeholder
        ),
    ),
)

_SLACK_HOOK = (
    f"https://hooks.slack.com/services/T{fake(10, UPPER_ALNUM, seed='hook-t')}"
    f"/B{fake(10, UPPER_ALNUM, seed='hook-b')}/{fake(24, ALNUM, seed='hook-secret')}"
)

SLACK_WEBHOOK_URL = SecretRule(
    id="slack-webhook-url",
    kind="slack_webhook_url",
    regex=token(
        # Early workspaces' and bots' ids are shorter (`T024BE7LD`, `B0A1B2C3`).
        r"(?:https?://)?hooks\.slack\.com/services/T[A-Z0-9]{6,12}/B[A-Z0-9]{6,12}/[A-Za-z0-9]{24}"
    ),
    keywords=("hooks.slack.com",),
    confidence=0.97,
    examples=Examples(
        positives=(
            f"SLACK_WEBHOOK_URL={_SLACK_HOOK}",
            f'curl -X POST -d \'{{"text": "deploy ok"}}\' {_SLACK_HOOK}',
            f"http://hooks.slack.com/services/T{fake(8, UPPER_ALNUM, seed='hook-t8')}/"
            f"B{fake(7, UPPER_ALNUM, seed='hook-b7')}/{fake(24, ALNUM, seed='hook-s8')}",
        ),
        negatives=(
            f"{_SLACK_HOOK[:-6]}",  # secret part too short
        ),
        documented=(
            "https://hooks.slack.com/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX",  # docs
        ),
    ),
)

_SLACK_WORKFLOW = (
    f"https://hooks.slack.com/workflows/T{fake(10, UPPER_ALNUM, seed='wf-t')}/"
    f"A{fake(10, UPPER_ALNUM, seed='wf-a')}/{_digits(18, 'wf-id')}/{fake(24, ALNUM, seed='wf-s')}"
)
_SLACK_TRIGGER = (
    f"https://hooks.slack.com/triggers/T{fake(10, UPPER_ALNUM, seed='tr-t')}/"
    f"{_digits(13, 'tr-id')}/{fake(32, HEX, seed='tr-s')}"
)

SLACK_WORKFLOW_WEBHOOK_URL = SecretRule(
    id="slack-workflow-webhook-url",
    kind="slack_workflow_webhook_url",
    regex=token(
        r"(?:https?://)?hooks\.slack\.com/(?:workflows|triggers)/T[A-Z0-9]{8,12}/"
        r"(?:A[A-Z0-9]{8,12}/)?\d{8,20}/[A-Za-z0-9]{24,40}"
    ),
    keywords=("hooks.slack.com",),
    confidence=0.97,
    examples=Examples(
        positives=(
            f"SLACK_WORKFLOW_URL={_SLACK_WORKFLOW}",
            f'requests.post("{_SLACK_TRIGGER}", json={{"msg": "hi"}})',
        ),
        negatives=(
            f"{_SLACK_TRIGGER[:-14]}",  # secret part too short
            "https://hooks.slack.com/workflows/T000/A000/123/abc",  # truncated documentation
        ),
    ),
)

_DISCORD_BOT = (
    "M" + fake(25, ALNUM, seed="discord-id") + "." + fake(6, B64URL, seed="discord-ts") + "."
) + fake(38, B64URL, seed="discord-hmac")

DISCORD_BOT_TOKEN = SecretRule(
    id="discord-bot-token",
    kind="discord_bot_token",
    regex=token(r"[MNO][A-Za-z0-9_\-]{23,25}\.[A-Za-z0-9_\-]{6}\.[A-Za-z0-9_\-]{27,38}"),
    keywords=("discord",),
    entropy=4.0,
    filters=LITERAL,
    confidence=0.85,
    examples=Examples(
        positives=(
            f"DISCORD_BOT_TOKEN={_DISCORD_BOT}",
            f'client = discord.Client(intents=intents)\nclient.run("{_DISCORD_BOT}")',
        ),
        negatives=(
            f"session = {_DISCORD_BOT}",  # no Discord context
            f"DISCORD_BOT_TOKEN={_DISCORD_BOT[:40]}",  # missing its HMAC part
        ),
    ),
)

_DISCORD_HOOK = (
    f"https://discord.com/api/webhooks/{_digits(19, 'dh-id')}/{fake(68, B64URL, seed='dh-tok')}"
)

DISCORD_WEBHOOK_URL = SecretRule(
    id="discord-webhook-url",
    kind="discord_webhook_url",
    regex=token(
        r"https://(?:(?:ptb|canary)\.)?discord(?:app)?\.com/api/(?:v\d{1,2}/)?webhooks/"
        r"\d{17,20}/[A-Za-z0-9_\-]{60,80}"
    ),
    keywords=("webhooks/",),
    confidence=0.97,
    examples=Examples(
        positives=(
            f"DISCORD_WEBHOOK={_DISCORD_HOOK}",
            f'webhook = DiscordWebhook(url="{_DISCORD_HOOK.replace("discord.", "discordapp.")}")',
        ),
        negatives=(
            f"{_DISCORD_HOOK[:-40]}",  # token too short
            "https://discord.com/api/webhooks/{webhook.id}/{webhook.token}",  # template
        ),
    ),
)

_TELEGRAM = f"{_digits(10, 'tg-id')}:AA{fake(33, B64URL, seed='tg-secret')}"

TELEGRAM_BOT_TOKEN = SecretRule(
    id="telegram-bot-token",
    kind="telegram_bot_token",
    regex=r"(?<!\d)(?P<secret>\d{8,10}:AA[A-Za-z0-9_\-]{33})(?![A-Za-z0-9_\-])",
    keywords=("telegram", "bot"),
    entropy=4.0,
    confidence=0.9,
    examples=Examples(
        positives=(
            f"TELEGRAM_BOT_TOKEN={_TELEGRAM}",
            f"curl https://api.telegram.org/bot{_TELEGRAM}/getMe",
            f'bot = Bot(token="{_TELEGRAM}")',
        ),
        negatives=(
            f"TELEGRAM_BOT_TOKEN={_TELEGRAM[:-5]}",  # too short
            f"id = {_TELEGRAM}",  # no Telegram or bot context
            f"TELEGRAM_BOT_TOKEN={_TELEGRAM.replace(':AA', ':BB')}",  # wrong marker
        ),
    ),
)

_GUID = r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"


def _guid(seed: str) -> str:
    return "-".join(fake(n, HEX, seed=f"{seed}{n}{i}") for i, n in enumerate((8, 4, 4, 4, 12)))


_TEAMS_HOOK = (
    f"https://acme.webhook.office.com/webhookb2/{_guid('tm-g')}@{_guid('tm-t')}"
    f"/IncomingWebhook/{fake(32, HEX, seed='tm-s')}/{_guid('tm-u')}"
)

MS_TEAMS_WEBHOOK_URL = SecretRule(
    id="ms-teams-webhook-url",
    kind="ms_teams_webhook_url",
    regex=token(
        r"https://(?:[A-Za-z0-9\-]+\.webhook\.office\.com/webhookb2|outlook\.office(?:365)?\.com/"
        rf"webhook)/{_GUID}@{_GUID}/IncomingWebhook/[0-9a-fA-F]{{32}}/{_GUID}"
        r"(?:/V2[A-Za-z0-9_\-]{20,80})?"
    ),
    keywords=("incomingwebhook/",),
    confidence=0.97,
    max_len=400,
    examples=Examples(
        positives=(
            f"TEAMS_WEBHOOK_URL={_TEAMS_HOOK}",
            f'"teams": {{"url": "{_TEAMS_HOOK}/V2{fake(44, B64URL, seed="tm-v2")}"}}',
        ),
        negatives=(
            f"{_TEAMS_HOOK.replace('/IncomingWebhook/', '/OutgoingWebhook/')}",  # not incoming
            f"{_TEAMS_HOOK[:-20]}",  # truncated
        ),
    ),
)

_FLOW = (
    "https://prod-27.westeurope.logic.azure.com:443/workflows/"
    f"{fake(32, HEX, seed='flow-id')}/triggers/manual/paths/invoke?api-version=2016-06-01"
    f"&sp=%2Ftriggers%2Fmanual%2Frun&sv=1.0&sig={fake(43, B64URL, seed='flow-sig')}"
)

POWER_AUTOMATE_WEBHOOK_URL = SecretRule(
    id="power-automate-webhook-url",
    kind="power_automate_webhook_url",
    regex=token(
        r"https://[A-Za-z0-9.\-]+(?::443)?/(?:powerautomate/automations/direct/)?workflows/"
        r"[0-9a-f]{32}/triggers/\w+/paths/invoke\?[^\s\"'<>]*?sig=[A-Za-z0-9_\-]{43}"
    ),
    keywords=("/paths/invoke",),
    confidence=0.95,
    max_len=512,
    examples=Examples(
        positives=(
            f"TEAMS_WORKFLOW_URL={_FLOW}",
            f'Invoke-RestMethod -Method Post -Uri "{_FLOW}" -Body $card',
        ),
        negatives=(
            f"{_FLOW.split('&sig=')[0]}",  # no signature
            f"{_FLOW[:-20]}",  # signature truncated
        ),
    ),
)

_MM_TOKEN = fake(26, LOWER_ALNUM, seed="mattermost-token")
_MM_HOOK = f"https://chat.acme.io/hooks/{fake(26, LOWER_ALNUM, seed='mattermost-hook')}"

MATTERMOST_ACCESS_TOKEN = SecretRule(
    id="mattermost-access-token",
    kind="mattermost_access_token",
    regex=assigned(
        r"(?i:mattermost[\w.\-]*?(?:token|key|secret|pat)|mm_(?:bot_|access_|personal_)?token)",
        r"[a-z0-9]{26}",
    ),
    keywords=("mattermost",),
    entropy=3.5,
    confidence=0.8,
    examples=Examples(
        positives=(
            f"MATTERMOST_TOKEN={_MM_TOKEN}",
            f"# mattermost bot\nMM_BOT_TOKEN: {_MM_TOKEN}",
        ),
        negatives=(
            f"MM_TOKEN={_MM_TOKEN}",  # no Mattermost context
            f"MATTERMOST_TOKEN={_MM_TOKEN[:20]}",  # too short
        ),
    ),
)

MATTERMOST_WEBHOOK_URL = SecretRule(
    id="mattermost-webhook-url",
    kind="mattermost_webhook_url",
    regex=token(r"https?://[A-Za-z0-9.\-]+(?::\d{2,5})?(?:/[\w.\-]+)*/hooks/[a-z0-9]{26}"),
    keywords=("mattermost",),
    entropy=3.5,
    confidence=0.75,
    examples=Examples(
        positives=(
            f"MATTERMOST_WEBHOOK_URL={_MM_HOOK}",
            f'mattermost:\n  url: "{_MM_HOOK}"',
        ),
        negatives=(
            f"callback: {_MM_HOOK}",  # no Mattermost context
        ),
        documented=(
            f"MATTERMOST_WEBHOOK_URL=https://chat.acme.io/hooks/{'x' * 26}",  # placeholder
        ),
    ),
)

# --- App secrets of chat platforms, known by their names.

# Slack apps: the signing secret (verifies requests from Slack) and the OAuth client secret are
# 32 hex.
_SLACK_SIGNING = fake(32, HEX, seed="slack-signing")

SLACK_SIGNING_SECRET = SecretRule(
    id="slack-signing-secret",
    kind="slack_signing_secret",
    regex=assigned(r"(?i:slack[\w.\-]*?signing_?secret|signing_?secret)", r"[0-9a-f]{32}"),
    keywords=("slack",),
    entropy=3.0,
    confidence=0.85,
    examples=Examples(
        positives=(
            f"SLACK_SIGNING_SECRET={_SLACK_SIGNING}",
            "const app = new App({ token: process.env.SLACK_BOT_TOKEN, "
            f"signingSecret: '{_SLACK_SIGNING}' }});",
        ),
        negatives=(
            f"signing_secret = {_SLACK_SIGNING}",  # no Slack context
            f"SLACK_SIGNING_SECRET={_SLACK_SIGNING[:24]}",  # too short
        ),
    ),
)

SLACK_CLIENT_SECRET = service_named(
    kind="slack_client_secret",
    service="slack",
    key=r"client_?secret",
    value=r"[0-9a-f]{32}",
    sample=fake(32, HEX, seed="slack-client-secret"),
    env="SLACK_CLIENT_SECRET",
    confidence=0.85,
    positives=(f"slack:\n  client_secret: {fake(32, HEX, seed='slack-cs-2')}",),
    negatives=(f"SLACK_CLIENT_ID={_digits(12, 'scid')}.{_digits(13, 'scid2')}",),  # the id
)

# Discord applications: the OAuth2 client secret, 32 base64url characters.
DISCORD_CLIENT_SECRET = service_named(
    kind="discord_client_secret",
    service="discord",
    key=r"(?:client_?|oauth_?|app_?)secret",
    value=r"[A-Za-z0-9_\-]{32}",
    sample=fake(32, B64URL, seed="discord-client-secret"),
    env="DISCORD_CLIENT_SECRET",
    entropy=4.0,
    validate=looks_random,
    positives=(f'{{"discord": {{"clientSecret": "{fake(32, B64URL, seed="dcs-2")}"}}}}',),
)

# Zulip: API keys are 32 alphanumerics (`zuliprc`'s `key=`, `ZULIP_API_KEY`).
ZULIP_API_KEY = service_named(
    kind="zulip_api_key",
    service="zulip",
    value=r"[A-Za-z0-9]{32}",
    sample=fake(32, ALNUM, seed="zulip"),
    env="ZULIP_API_KEY",
    entropy=4.0,
    validate=looks_random,
    positives=(f"client = zulip.Client(site=ZULIP_SITE, api_key='{fake(32, ALNUM, seed='z2')}')",),
)

# Rocket.Chat: personal access tokens are 43 base64url characters (`X-Auth-Token`).
ROCKETCHAT_ACCESS_TOKEN = service_named(
    kind="rocketchat_access_token",
    service=r"rocket[_.\-]?chat",
    keywords=("rocketchat", "rocket_chat", "rocket.chat", "rocket-chat"),
    key=r"(?:auth_?|access_?|api_?|personal_?)?token",
    value=r"[A-Za-z0-9_\-]{43}",
    sample=fake(43, B64URL, seed="rocketchat"),
    env="ROCKETCHAT_AUTH_TOKEN",
    entropy=4.0,
    validate=looks_random,
    positives=(f'{{"rocketchat": {{"authToken": "{fake(43, B64URL, seed="rc-2")}"}}}}',),
)

# LINE Messaging API: a channel's long-lived access token (about 172 base64 characters) and its
# 32-hex channel secret.
_LINE_TOKEN = fake(171, B64, seed="line-token") + "="

LINE_CHANNEL_ACCESS_TOKEN = SecretRule(
    id="line-channel-access-token",
    kind="line_channel_access_token",
    regex=assigned(
        r"(?i:line[\w.\-]*?channel_?access_?token|channel_?access_?token)",
        r"[A-Za-z0-9+/]{140,200}={0,2}",
        r"[A-Za-z0-9+/=]",
    ),
    keywords=("channel_access_token", "channelaccesstoken", "channel-access-token"),
    entropy=4.5,
    confidence=0.9,
    max_len=320,
    examples=Examples(
        positives=(
            f"LINE_CHANNEL_ACCESS_TOKEN={_LINE_TOKEN}",
            f"line_bot_api = LineBotApi(channel_access_token='{_LINE_TOKEN}')",
        ),
        negatives=(
            f"LINE_CHANNEL_ACCESS_TOKEN={_LINE_TOKEN[:100]}",  # too short
            f"ACCESS_TOKEN={_LINE_TOKEN}",  # no channel named
        ),
    ),
)

LINE_CHANNEL_SECRET = SecretRule(
    id="line-channel-secret",
    kind="line_channel_secret",
    regex=assigned(r"(?i:line[\w.\-]*?channel_?secret|channel_?secret)", r"[0-9a-f]{32}"),
    keywords=("channel_secret", "channelsecret", "channel-secret"),
    entropy=3.0,
    confidence=0.85,
    examples=Examples(
        positives=(
            f"LINE_CHANNEL_SECRET={fake(32, HEX, seed='line-secret')}",
            f"handler = WebhookHandler(channel_secret='{fake(32, HEX, seed='line-secret-2')}')",
        ),
        negatives=(
            f"LINE_CHANNEL_ID={fake(10, DIGITS, seed='line-id')}",  # the id
            f"secret = {fake(32, HEX, seed='line-secret')}",  # no channel named
        ),
    ),
)

# Google Chat incoming webhooks: `chat.googleapis.com/v1/spaces/<space>/messages?key=...&token=`;
# the key is a Google API key and the token the webhook's secret: the URL as a whole is one.
_GCHAT = (
    f"https://chat.googleapis.com/v1/spaces/AAAA{fake(7, B64URL, seed='gchat-space')}/messages"
    f"?key=AIzaSy{fake(33, B64URL, seed='gchat-key')}&token={fake(43, B64URL, seed='gchat-tok')}"
)

GOOGLE_CHAT_WEBHOOK_URL = SecretRule(
    id="google-chat-webhook-url",
    kind="google_chat_webhook_url",
    regex=token(
        r"https://chat\.googleapis\.com/v1/spaces/[A-Za-z0-9_\-]{6,20}/messages\?"
        r"key=[A-Za-z0-9_\-]{39}&token=[A-Za-z0-9_\-]{40,60}(?:%3D|=)?"
    ),
    keywords=("chat.googleapis.com",),
    filters=LITERAL,
    confidence=0.97,
    max_len=300,
    examples=Examples(
        positives=(
            f"GOOGLE_CHAT_WEBHOOK={_GCHAT}",
            f"curl -X POST -H 'Content-Type: application/json' '{_GCHAT}' -d @card.json",
        ),
        negatives=(
            _GCHAT.split("&token=")[0],  # no token
            "https://chat.googleapis.com/v1/spaces/AAAA/messages",  # the API, no webhook
        ),
    ),
)

# Webex: bot and personal access tokens are 64 alphanumerics, `_`, a 4-character cluster code,
# `_` and the org's UUID.
_WEBEX = f"{fake(64, ALNUM, seed='webex')}_PF84_{_guid('webex-org')}"

WEBEX_ACCESS_TOKEN = SecretRule(
    id="webex-access-token",
    kind="webex_access_token",
    regex=token(rf"[A-Za-z0-9]{{64}}_[A-Z0-9]{{4}}_{_GUID}"),
    first_pass=r"_[A-Z0-9]{4}_[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-",
    entropy=4.0,
    confidence=0.95,
    examples=Examples(
        positives=(
            f"WEBEX_ACCESS_TOKEN={_WEBEX}",
            f"curl https://webexapis.com/v1/people/me -H 'Authorization: Bearer {_WEBEX}'",
        ),
        negatives=(
            f"WEBEX_ACCESS_TOKEN={_WEBEX[20:]}",  # too short
            f"id = {fake(64, ALNUM, seed='webex')}_pf84_{_guid('webex-org')}",  # not a cluster code
        ),
    ),
)

# --- Realtime messaging APIs.

# PubNub: secret keys are `sec-c-` and base64 (publish `pub-c-` and subscribe `sub-c-` keys ship
# in clients: not secrets).
_PUBNUB = "sec-c-" + base64.b64encode(fake_uuid("pubnub").encode()).decode()

PUBNUB_SECRET_KEY = prefixed(
    kind="pubnub_secret_key",
    body=r"sec-c-[A-Za-z0-9+/]{40,64}={0,2}",
    sample=_PUBNUB,
    keywords=("sec-c-",),
    env="PUBNUB_SECRET_KEY",
    entropy=3.5,
    confidence=0.97,
    chars=r"[A-Za-z0-9_\-+/]",
    positives=(f"pnconfig.secret_key = '{_PUBNUB}'",),
    negatives=(f"PUBNUB_PUBLISH_KEY={_PUBNUB.replace('sec-c-', 'pub-c-')}",),  # public
)

# Ably: an API key is `<app id>.<key id>:<secret>`, the secret 43 base64 characters.
_ABLY = f"{fake(6, B64URL, seed='ably-app')}.{fake(6, B64URL, seed='ably-key')}:" + fake(
    43, B64URL, seed="ably-secret"
)

ABLY_API_KEY = SecretRule(
    id="ably-api-key",
    kind="ably_api_key",
    regex=padded(r"[A-Za-z0-9_\-]{6}\.[A-Za-z0-9_\-]{6}:[A-Za-z0-9_\-+/]{43}={0,1}"),
    keywords=("ably",),
    entropy=4.0,
    filters=LITERAL,
    confidence=0.95,
    examples=Examples(
        positives=(
            f"ABLY_API_KEY={_ABLY}",
            f"const ably = new Ably.Realtime({{ key: '{_ABLY}' }});",
        ),
        negatives=(
            f"value = {_ABLY}",  # no Ably context
            f"ABLY_API_KEY={_ABLY[:-10]}",  # too short
        ),
    ),
)

# Agora: an app's certificate (signs RTC/RTM tokens) is 32 hex; the app id is public.
AGORA_APP_CERTIFICATE = service_named(
    kind="agora_app_certificate",
    service="agora",
    key=r"(?:app_?)?(?:certificate|cert|secret)",
    value=r"[0-9a-f]{32}",
    sample=fake(32, HEX, seed="agora"),
    env="AGORA_APP_CERTIFICATE",
    confidence=0.8,
    positives=(f"agora:\n  app_certificate: {fake(32, HEX, seed='agora-2')}",),
    negatives=(f"AGORA_APP_ID={fake(32, HEX, seed='agora')}",),  # the public id
)

# Pusher Channels: the app secret is 20 hex (the key is public).
PUSHER_APP_SECRET = service_named(
    kind="pusher_app_secret",
    service="pusher",
    key=r"(?:app_?)?secret",
    value=r"[0-9a-f]{20}",
    sample=fake(20, HEX, seed="pusher"),
    env="PUSHER_APP_SECRET",
    confidence=0.8,
    positives=(
        "pusher = pusher.Pusher(app_id='1234567', key='0123abcd', "
        f"secret='{fake(20, HEX, seed='pusher-2')}', cluster='eu')",
    ),
    negatives=(f"PUSHER_APP_KEY={fake(20, HEX, seed='pusher')}",),  # the public key
)

# Sendbird: API tokens (master and secondary) are 40 hex (`Api-Token` header).
SENDBIRD_API_TOKEN = service_named(
    kind="sendbird_api_token",
    service="sendbird",
    key=r"(?:api_?|master_?|secondary_?)?(?:token|key)",
    value=r"[0-9a-f]{40}",
    sample=fake(40, HEX, seed="sendbird"),
    env="SENDBIRD_API_TOKEN",
    confidence=0.8,
    positives=(
        "curl https://api-ABCD1234.sendbird.com/v3/users -H "
        f"'Api-Token: {fake(40, HEX, seed='sendbird-2')}'",
    ),
)


RULES = (
    SLACK_BOT_TOKEN,
    SLACK_USER_TOKEN,
    SLACK_ROTATING_ACCESS_TOKEN,
    SLACK_REFRESH_TOKEN,
    SLACK_APP_TOKEN,
    SLACK_LEGACY_TOKEN,
    SLACK_WEBHOOK_URL,
    SLACK_WORKFLOW_WEBHOOK_URL,
    DISCORD_BOT_TOKEN,
    DISCORD_WEBHOOK_URL,
    TELEGRAM_BOT_TOKEN,
    MS_TEAMS_WEBHOOK_URL,
    POWER_AUTOMATE_WEBHOOK_URL,
    MATTERMOST_ACCESS_TOKEN,
    MATTERMOST_WEBHOOK_URL,
    SLACK_SIGNING_SECRET,
    SLACK_CLIENT_SECRET,
    DISCORD_CLIENT_SECRET,
    ZULIP_API_KEY,
    ROCKETCHAT_ACCESS_TOKEN,
    LINE_CHANNEL_ACCESS_TOKEN,
    LINE_CHANNEL_SECRET,
    GOOGLE_CHAT_WEBHOOK_URL,
    WEBEX_ACCESS_TOKEN,
    PUBNUB_SECRET_KEY,
    ABLY_API_KEY,
    AGORA_APP_CERTIFICATE,
    PUSHER_APP_SECRET,
    SENDBIRD_API_TOKEN,
)
