"""Social platforms: their API access tokens."""

from veil.detect.base import ASSIGN, Examples, Rule, SecretRule, assigned, named, padded, token
from veil.detect.filters import LITERAL
from veil.detect.samples import (
    ALNUM,
    B64,
    B64URL,
    DIGITS,
    HEX,
    LOWER,
    LOWER_ALNUM,
    UPPER_ALNUM,
    fake,
)
from veil.detect.shapes import prefixed, service_named
from veil.detect.validators import mixed_case


def _mixed(value: str) -> bool:
    """Random alphanumerics mix case; a word or an identifier in one case does not."""
    return mixed_case(value, 10)


# --- Social platforms

_TWITTER = (
    "A" * 22
    + fake(30, ALNUM, seed="twitter-1")
    + "%2B"
    + fake(30, ALNUM, seed="twitter-2")
    + "%3D"
    + fake(40, ALNUM, seed="twitter-3")
)

TWITTER_BEARER_TOKEN = SecretRule(
    id="twitter-bearer-token",
    kind="twitter_bearer_token",
    regex=padded(r"A{20,24}[A-Za-z0-9%]{70,120}", r"[A-Za-z0-9%+/_\-]"),
    keywords=("a" * 20,),
    entropy=4.0,
    confidence=0.9,
    examples=Examples(
        positives=(
            f"TWITTER_BEARER_TOKEN={_TWITTER}",
            f"curl https://api.x.com/2/users/me -H 'Authorization: Bearer {_TWITTER}'",
        ),
        negatives=(
            f"TWITTER_BEARER_TOKEN={_TWITTER[:60]}",  # too short
            f"data = {'A' * 22}{fake(300, B64, seed='twitter-blob')}",  # a base64 blob
        ),
    ),
)

_FACEBOOK = "EAAB" + fake(180, ALNUM, seed="facebook")

FACEBOOK_ACCESS_TOKEN = SecretRule(
    id="facebook-access-token",
    kind="facebook_access_token",
    regex=padded(r"EAA[A-Za-z0-9]{100,400}", r"[A-Za-z0-9%+/_\-]"),
    keywords=("eaa",),
    entropy=4.5,
    confidence=0.9,
    examples=Examples(
        positives=(
            f"FB_PAGE_ACCESS_TOKEN={_FACEBOOK}",
            f"https://graph.facebook.com/v19.0/me?fields=id&access_token={_FACEBOOK}",
        ),
        negatives=(
            f"FB_PAGE_ACCESS_TOKEN={_FACEBOOK[:60]}",  # too short
            f"blob = x{_FACEBOOK}",  # inside a longer token
        ),
    ),
)


# Facebook: an app access token is the app ID, `|`, and the app secret (32 hex) or a token
# (27 base64url); the value is the app's whole credential.
_FB_APP_ID = fake(16, DIGITS, seed="fb-app-id").replace("0", "1", 1)
_FB_APP_SECRET = fake(32, HEX, seed="fb-app-secret")
_FB_APP_TOKEN = f"{_FB_APP_ID}|{_FB_APP_SECRET}"


def _app_token_secret(value: str) -> bool:
    """The part after `|` is 32 hex or a random token, not a word or a column of a table."""
    secret = value.split("|", 1)[1]
    return len(secret) == 32 or mixed_case(secret, 10)


FACEBOOK_APP_ACCESS_TOKEN = SecretRule(
    id="facebook-app-access-token",
    kind="facebook_app_access_token",
    regex=token(r"[1-9][0-9]{13,16}\|(?:[0-9a-f]{32}|[A-Za-z0-9_\-]{27})"),
    keywords=("facebook", "graph", "fb_", "fb.", "access_token", "app_token", "meta"),
    entropy=3.0,
    validate=_app_token_secret,
    confidence=0.9,
    examples=Examples(
        positives=(
            f"FB_APP_TOKEN={_FB_APP_TOKEN}",
            f"curl 'https://graph.facebook.com/debug_token?input_token=x&access_token={_FB_APP_TOKEN}'",
            f"facebook {_FB_APP_ID}|{fake(27, B64URL, seed='fb-app-token')}",
        ),
        negatives=(
            f"row = {_FB_APP_TOKEN}",  # no Facebook context
            f"FB_APP_TOKEN={_FB_APP_ID}|{_FB_APP_SECRET[:20]}",  # too short
            f"graph_rows = {_FB_APP_ID}|meta_access_token_for_the_app",  # words, not a token
        ),
    ),
)

FACEBOOK_APP_SECRET = service_named(
    kind="facebook_app_secret",
    service=r"facebook|(?<![A-Za-z0-9])fb|(?<![A-Za-z0-9])meta_?app|instagram|threads_?app",
    key=r"(?:app_?|client_?)?secret",
    value=r"[0-9a-f]{32}",
    sample=_FB_APP_SECRET,
    env="FACEBOOK_APP_SECRET",
    keywords=("facebook", "fb", "meta", "instagram", "threads"),
    confidence=0.8,
    positives=(
        f"FB_CLIENT_SECRET={_FB_APP_SECRET}",
        f"INSTAGRAM_APP_SECRET={_FB_APP_SECRET}",
        f'SOCIALACCOUNT_PROVIDERS = {{"facebook": {{"APP": {{"client_id": "1", '
        f'"secret": "{_FB_APP_SECRET}"}}}}}}',
    ),
    negatives=(f"FACEBOOK_APP_ID={_FB_APP_ID}",),  # the app ID, public
)

# Instagram: user access tokens start `IGQV` (Basic Display) or `IGAA` (Instagram Login);
# Threads' start `THQV` or `THAA`: long base64url runs either way.
_INSTAGRAM = "IGQVJ" + fake(145, B64URL, seed="instagram")
_THREADS = "THQVJ" + fake(145, B64URL, seed="threads")

INSTAGRAM_ACCESS_TOKEN = prefixed(
    kind="instagram_access_token",
    body=r"IG(?:QV|AA)[A-Za-z0-9_\-]{120,400}",
    sample=_INSTAGRAM,
    keywords=("igqv", "igaa"),
    env="INSTAGRAM_ACCESS_TOKEN",
    entropy=4.0,
    max_len=420,
    positives=(
        f"curl 'https://graph.instagram.com/me?fields=id,username&access_token={_INSTAGRAM}'",
        f"IG_TOKEN=IGAA{_INSTAGRAM[5:]}",
    ),
    negatives=(f"IG_TOKEN=IGXX{_INSTAGRAM[4:]}",),  # another prefix
)

THREADS_ACCESS_TOKEN = prefixed(
    kind="threads_access_token",
    body=r"TH(?:QV|AA)[A-Za-z0-9_\-]{120,400}",
    sample=_THREADS,
    keywords=("thqv", "thaa"),
    env="THREADS_ACCESS_TOKEN",
    entropy=4.0,
    max_len=420,
    positives=(
        f"curl -X POST 'https://graph.threads.net/v1.0/me/threads?text=hi&access_token={_THREADS}'",
    ),
    negatives=(f"THREADS_ACCESS_TOKEN=THXX{_THREADS[4:]}",),  # another prefix
)

# --- Twitch: client secrets and OAuth tokens are 30 lower-case alphanumerics; chat (IRC)
# clients take the token as the password `oauth:<token>`.
_TWITCH_SECRET = fake(30, LOWER_ALNUM, seed="twitch-secret")
_TWITCH_TOKEN = fake(30, LOWER_ALNUM, seed="twitch-token")

TWITCH_CLIENT_SECRET = service_named(
    kind="twitch_client_secret",
    service="twitch",
    key=r"(?:client_?|app_?)?secret",
    value=r"[a-z0-9]{30}",
    sample=_TWITCH_SECRET,
    env="TWITCH_CLIENT_SECRET",
    confidence=0.8,
    positives=(f"twitch = await Twitch(app_id, app_secret='{_TWITCH_SECRET}')",),
    negatives=(f"TWITCH_CLIENT_ID={_TWITCH_SECRET}",),  # the client ID, public
)

TWITCH_ACCESS_TOKEN = SecretRule(
    id="twitch-access-token",
    kind="twitch_access_token",
    regex=(
        r"(?:(?:"
        + named("twitch", r"(?:access_?|oauth_?|user_?|app_?|bot_?|irc_?)?(?:token|password)")
        + rf"){ASSIGN}(?:oauth:)?|(?<![A-Za-z0-9_\-])oauth:)"
        r"(?P<secret>[a-z0-9]{30})(?![A-Za-z0-9_\-])"
    ),
    keywords=("twitch", "oauth:"),
    entropy=3.0,
    confidence=0.85,
    examples=Examples(
        positives=(
            f"TWITCH_ACCESS_TOKEN={_TWITCH_TOKEN}",
            f"TWITCH_OAUTH=oauth:{_TWITCH_TOKEN}",
            f"PASS oauth:{_TWITCH_TOKEN}",
            f'{{"password": "oauth:{_TWITCH_TOKEN}"}}',
        ),
        negatives=(
            f"TWITCH_CLIENT_ID={_TWITCH_TOKEN}",  # the client ID
            f"TOKEN={_TWITCH_TOKEN}",  # no Twitch name
            f"PASS oauth:{_TWITCH_TOKEN[:20]}",  # too short
        ),
    ),
)

# Spotify: an app's client secret is 32 hex (the client ID, also 32 hex, is public).
_SPOTIFY = fake(32, HEX, seed="spotify-secret")

SPOTIFY_CLIENT_SECRET = service_named(
    kind="spotify_client_secret",
    service="spotify|spotipy",
    key=r"(?:client_?)?secret",
    value=r"[0-9a-f]{32}",
    sample=_SPOTIFY,
    env="SPOTIFY_CLIENT_SECRET",
    keywords=("spotify", "spotipy"),
    confidence=0.8,
    positives=(
        f"SPOTIPY_CLIENT_SECRET={_SPOTIFY}",
        f"sp = spotipy.Spotify(auth_manager=SpotifyClientCredentials(client_secret='{_SPOTIFY}'))",
    ),
    negatives=(f"SPOTIFY_CLIENT_ID={_SPOTIFY}",),  # the client ID, public
)

# LinkedIn: client secrets issued since 2023 start `WPL_AP` and a version digit, then dot-separated
# base64 parts; older ones are 16 alphanumerics (found under a LinkedIn name). Member access
# tokens start `AQ` and run to hundreds of base64url characters.
_LINKEDIN_WPL = (
    f"WPL_AP1.{fake(16, ALNUM, seed='linkedin-wpl-1')}.{fake(8, ALNUM, seed='linkedin-wpl-2')}=="
)
_LINKEDIN_OLD = fake(16, ALNUM, seed="linkedin-secret-old")
_LINKEDIN_TOKEN = "AQ" + fake(300, B64URL, seed="linkedin-token")

LINKEDIN_CLIENT_SECRET = SecretRule(
    id="linkedin-client-secret",
    kind="linkedin_client_secret",
    regex=(
        r"(?<![A-Za-z0-9_\-.])(?P<secret>WPL_AP[0-9]\.[A-Za-z0-9]{8,32}\.[A-Za-z0-9+/]{4,64}={0,2})"
        r"(?![A-Za-z0-9_\-.+/=])"
    ),
    keywords=("wpl_ap",),
    entropy=3.5,
    filters=LITERAL,
    confidence=0.95,
    examples=Examples(
        positives=(
            f"LINKEDIN_CLIENT_SECRET={_LINKEDIN_WPL}",
            f"curl -d 'grant_type=client_credentials&client_id=x&client_secret={_LINKEDIN_WPL}' "
            "https://www.linkedin.com/oauth/v2/accessToken",
        ),
        negatives=(
            f"LINKEDIN_CLIENT_SECRET=WPL_AP1.{_LINKEDIN_WPL[8:14]}",  # cut short
            f"LINKEDIN_CLIENT_SECRET=XPL_AP1.{_LINKEDIN_WPL[8:]}",  # another prefix
        ),
    ),
)

LINKEDIN_LEGACY_CLIENT_SECRET = service_named(
    kind="linkedin_legacy_client_secret",
    service="linkedin",
    key=r"(?:client_?|app_?)?secret",
    value=r"[A-Za-z0-9]{16}",
    sample=_LINKEDIN_OLD,
    env="LINKEDIN_CLIENT_SECRET",
    positives=(f'linkedin:\n  client_secret: "{_LINKEDIN_OLD}"',),
    validate=_mixed,
    confidence=0.8,
    negatives=(f"LINKEDIN_CLIENT_ID={_LINKEDIN_OLD[:14]}",),  # the client ID, public
)

LINKEDIN_ACCESS_TOKEN = SecretRule(
    id="linkedin-access-token",
    kind="linkedin_access_token",
    regex=assigned(
        named("linkedin", r"(?:access_?|oauth2?_?|member_?)?token"), r"AQ[A-Za-z0-9_\-]{150,600}"
    ),
    keywords=("linkedin",),
    entropy=4.0,
    max_len=700,
    confidence=0.85,
    examples=Examples(
        positives=(
            f"LINKEDIN_ACCESS_TOKEN={_LINKEDIN_TOKEN}",
            f'linkedin:\n  access_token: "{_LINKEDIN_TOKEN}"',
        ),
        negatives=(
            f"ACCESS_TOKEN={_LINKEDIN_TOKEN}",  # no LinkedIn name
            f"LINKEDIN_ACCESS_TOKEN={_LINKEDIN_TOKEN[:100]}",  # too short
            f"LINKEDIN_ACCESS_TOKEN=BQ{_LINKEDIN_TOKEN[2:]}",  # not LinkedIn's shape
        ),
    ),
)

# Reddit: script and web apps have a client secret of about 27-30 base64url characters.
_REDDIT = fake(30, B64URL, seed="reddit-secret")

REDDIT_CLIENT_SECRET = service_named(
    kind="reddit_client_secret",
    service="reddit|praw",
    key=r"(?:client_?|app_?)?secret",
    value=r"[A-Za-z0-9_\-]{27,30}",
    sample=_REDDIT,
    env="REDDIT_CLIENT_SECRET",
    keywords=("reddit", "praw"),
    validate=_mixed,
    confidence=0.8,
    positives=(
        f'reddit = praw.Reddit(client_secret="{_REDDIT}", client_id="x", user_agent="bot")',
        f"REDDIT_SECRET={_REDDIT}",
    ),
)

# Pinterest: API v5 access tokens start `pina_`, refresh tokens `pinr_`.
_PINTEREST = "pina_" + fake(100, UPPER_ALNUM, seed="pinterest")

PINTEREST_ACCESS_TOKEN = prefixed(
    kind="pinterest_access_token",
    body=r"pin[ar]_[A-Za-z0-9_\-]{80,400}",
    sample=_PINTEREST,
    keywords=("pina_", "pinr_"),
    env="PINTEREST_ACCESS_TOKEN",
    entropy=3.5,
    max_len=420,
    positives=(
        f"curl https://api.pinterest.com/v5/user_account -H 'Authorization: Bearer {_PINTEREST}'",
        f"PINTEREST_REFRESH_TOKEN=pinr_{_PINTEREST[5:]}",
    ),
    negatives=(f"PINTEREST_ACCESS_TOKEN=pinx_{_PINTEREST[5:]}",),  # another prefix
)

# TikTok: an app's client secret is 32 alphanumerics; user access tokens start `act.` and
# refresh tokens `rft.`.
_TIKTOK_SECRET = fake(32, ALNUM, seed="tiktok-secret")
_TIKTOK_TOKEN = "act." + fake(60, ALNUM, seed="tiktok-token") + "!" + fake(4, DIGITS, seed="tt-n")

TIKTOK_CLIENT_SECRET = service_named(
    kind="tiktok_client_secret",
    service="tiktok",
    key=r"(?:client_?|app_?)?secret",
    value=r"[A-Za-z0-9]{32}",
    sample=_TIKTOK_SECRET,
    env="TIKTOK_CLIENT_SECRET",
    positives=(f'{{"tiktok": {{"client_key": "k", "client_secret": "{_TIKTOK_SECRET}"}}}}',),
    validate=_mixed,
    confidence=0.8,
    negatives=(f"TIKTOK_CLIENT_KEY={_TIKTOK_SECRET[:16]}",),  # the client key, public
)

TIKTOK_ACCESS_TOKEN = SecretRule(
    id="tiktok-access-token",
    kind="tiktok_access_token",
    regex=token(r"(?:act|rft)\.[A-Za-z0-9]{40,120}(?:![0-9]{3,6}(?:\.[a-z0-9]{1,6})?)?"),
    keywords=("tiktok",),
    entropy=4.0,
    filters=LITERAL,
    confidence=0.85,
    examples=Examples(
        positives=(
            f"TIKTOK_ACCESS_TOKEN={_TIKTOK_TOKEN}",
            f"curl https://open.tiktokapis.com/v2/user/info/ -H 'Authorization: Bearer "
            f"{_TIKTOK_TOKEN}.va'",
            f'{{"tiktok": {{"refresh_token": "rft.{_TIKTOK_TOKEN[4:]}"}}}}',
        ),
        negatives=(
            f"token = {_TIKTOK_TOKEN}",  # no TikTok context
            f"TIKTOK_ACCESS_TOKEN=act.{_TIKTOK_TOKEN[4:30]}",  # too short
        ),
    ),
)

# Mastodon: an application's access token is 43 base64url characters, for one instance.
_MASTODON = fake(43, B64URL, seed="mastodon")

MASTODON_ACCESS_TOKEN = service_named(
    kind="mastodon_access_token",
    service="mastodon",
    key=r"(?:(?:access_?|user_?|bot_?)?token|client_?secret)",
    value=r"[A-Za-z0-9_\-]{43}",
    sample=_MASTODON,
    env="MASTODON_ACCESS_TOKEN",
    validate=_mixed,
    confidence=0.8,
    positives=(
        f"mastodon = Mastodon(access_token='{_MASTODON}', api_base_url='https://mastodon.social')",
    ),
)

# Bluesky: app passwords are four groups of four lower-case alphanumerics (`xxxx-xxxx-xxxx-xxxx`),
# used in place of the account password to log in over AT Protocol.
_BSKY = "-".join(fake(4, LOWER + DIGITS, seed=f"bsky-{i}") for i in range(4))

BLUESKY_APP_PASSWORD = service_named(
    kind="bluesky_app_password",
    service="bluesky|bsky|atproto",
    key=r"(?:(?:app_?)?pass(?:word)?|secret)",
    value=r"[a-z0-9]{4}-[a-z0-9]{4}-[a-z0-9]{4}-[a-z0-9]{4}",
    sample=_BSKY,
    env="BLUESKY_APP_PASSWORD",
    keywords=("bluesky", "bsky", "atproto"),
    entropy=3.0,
    confidence=0.85,
    positives=(
        f"BSKY_PASSWORD={_BSKY}",
        f"ATPROTO_APP_PASSWORD={_BSKY}",
        f'bsky:\n  app_password: "{_BSKY}"',
    ),
    negatives=(f"BSKY_HANDLE={_BSKY}",),  # not a password's name
)

# Snapchat (Snap Kit, Marketing API): an OAuth client secret, under a Snapchat name.
_SNAP = fake(43, B64URL, seed="snapchat-secret")

SNAPCHAT_CLIENT_SECRET = service_named(
    kind="snapchat_client_secret",
    service=r"snapchat|snap_?kit|snap_?ads|snap_?marketing",
    key=r"(?:client_?|oauth_?)?secret",
    value=r"[A-Za-z0-9_\-]{43}",
    sample=_SNAP,
    env="SNAPCHAT_CLIENT_SECRET",
    positives=(f"SNAPKIT_CLIENT_SECRET={_SNAP}",),
    keywords=("snap",),
    validate=_mixed,
    confidence=0.8,
    negatives=(f"SNAPSHOT_SECRET={_SNAP}",),  # not Snapchat
)

# Tumblr: an app's OAuth consumer secret is 50 alphanumerics (the consumer key is public-ish).
_TUMBLR = fake(50, ALNUM, seed="tumblr-secret")

TUMBLR_CONSUMER_SECRET = service_named(
    kind="tumblr_consumer_secret",
    service="tumblr|pytumblr",
    key=r"(?:consumer_?|oauth_?(?:token_?)?)?secret",
    value=r"[A-Za-z0-9]{50}",
    sample=_TUMBLR,
    env="TUMBLR_CONSUMER_SECRET",
    keywords=("tumblr",),
    validate=_mixed,
    confidence=0.8,
    positives=(f"TUMBLR_OAUTH_SECRET={_TUMBLR}",),
)

# Yelp: Fusion API keys are 128 characters of base64url.
_YELP = fake(128, B64URL, seed="yelp")

YELP_API_KEY = service_named(
    kind="yelp_api_key",
    service="yelp",
    key=r"(?:api_?|fusion_?)?key",
    value=r"[A-Za-z0-9_\-]{128}",
    sample=_YELP,
    env="YELP_API_KEY",
    positives=(f'yelp:\n  fusion_key: "{_YELP}"',),
    entropy=4.5,
    max_len=300,
    confidence=0.85,
)

# Foursquare: Places API v3 keys start `fsq3` and run 44 base64 characters; legacy v2 client
# secrets are 48 upper-case alphanumerics.
_FSQ = "fsq3" + fake(44, B64.replace("/", ""), seed="foursquare")
_FSQ_SECRET = fake(48, UPPER_ALNUM, seed="foursquare-secret")

FOURSQUARE_API_KEY = SecretRule(
    id="foursquare-api-key",
    kind="foursquare_api_key",
    regex=padded(r"fsq3[A-Za-z0-9+/]{44}={0,2}"),
    keywords=("fsq3",),
    entropy=4.0,
    filters=LITERAL,
    confidence=0.95,
    examples=Examples(
        positives=(
            f"FOURSQUARE_API_KEY={_FSQ}",
            f"curl https://api.foursquare.com/v3/places/search -H 'Authorization: {_FSQ}'",
        ),
        negatives=(
            f"FOURSQUARE_API_KEY={_FSQ[:30]}",  # too short
            f"FOURSQUARE_API_KEY=x{_FSQ}",  # inside a longer token
        ),
    ),
)

FOURSQUARE_CLIENT_SECRET = service_named(
    kind="foursquare_client_secret",
    service="foursquare|fsq",
    key=r"(?:client_?)?secret",
    value=r"[A-Z0-9]{48}",
    sample=_FSQ_SECRET,
    env="FOURSQUARE_CLIENT_SECRET",
    positives=(f'foursquare:\n  client_secret: "{_FSQ_SECRET}"',),
    keywords=("foursquare", "fsq"),
    confidence=0.8,
    negatives=(f"FOURSQUARE_CLIENT_ID={_FSQ_SECRET}",),  # the client ID
)


RULES: tuple[Rule, ...] = (
    TWITTER_BEARER_TOKEN,
    FACEBOOK_ACCESS_TOKEN,
    FACEBOOK_APP_ACCESS_TOKEN,
    FACEBOOK_APP_SECRET,
    INSTAGRAM_ACCESS_TOKEN,
    THREADS_ACCESS_TOKEN,
    TWITCH_CLIENT_SECRET,
    TWITCH_ACCESS_TOKEN,
    SPOTIFY_CLIENT_SECRET,
    LINKEDIN_CLIENT_SECRET,
    LINKEDIN_LEGACY_CLIENT_SECRET,
    LINKEDIN_ACCESS_TOKEN,
    REDDIT_CLIENT_SECRET,
    PINTEREST_ACCESS_TOKEN,
    TIKTOK_CLIENT_SECRET,
    TIKTOK_ACCESS_TOKEN,
    MASTODON_ACCESS_TOKEN,
    BLUESKY_APP_PASSWORD,
    SNAPCHAT_CLIENT_SECRET,
    TUMBLR_CONSUMER_SECRET,
    YELP_API_KEY,
    FOURSQUARE_API_KEY,
    FOURSQUARE_CLIENT_SECRET,
)
