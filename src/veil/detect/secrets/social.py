"""Social platforms: their API access tokens."""

from veil.detect.base import Examples, SecretRule, padded
from veil.detect.samples import (
    ALNUM,
    B64,
    fake,
)

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


RULES = (
    TWITTER_BEARER_TOKEN,
    FACEBOOK_ACCESS_TOKEN,
)
