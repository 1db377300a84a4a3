"""Commerce platforms: store and storefront API tokens."""

from veil.detect.base import Examples, Rule, SecretRule, token
from veil.detect.samples import (
    HEX,
    fake,
)

# --- Shopify: `shp<type>_` and 32 hex.


def _shopify(kind: str, prefix: str) -> Rule:
    value = prefix + fake(32, HEX, seed=f"shopify-{prefix}")
    return SecretRule(
        id=kind.replace("_", "-"),
        kind=kind,
        regex=token(prefix + r"[a-fA-F0-9]{32}"),
        keywords=(prefix,),
        entropy=3.0,
        confidence=0.98,
        examples=Examples(
            positives=(
                f"SHOPIFY_ACCESS_TOKEN={value}",
                f"curl -H 'X-Shopify-Access-Token: {value}' "
                "https://acme.myshopify.com/admin/api/2024-01/shop.json",
                f'session = ShopifyAPI::Auth::Session.new(shop: "acme.myshopify.com", '
                f'access_token: "{value}")',
            ),
            negatives=(
                f"SHOPIFY_ACCESS_TOKEN={value[:-4]}",  # too short
                f"SHOPIFY_ACCESS_TOKEN={value}0",  # inside a longer token
            ),
            documented=(
                f"SHOPIFY_ACCESS_TOKEN={prefix}{'0' * 32}",  # placeholder
            ),
        ),
    )


SHOPIFY_ACCESS_TOKEN = _shopify("shopify_access_token", "shpat_")
SHOPIFY_CUSTOM_APP_TOKEN = _shopify("shopify_custom_app_token", "shpca_")
SHOPIFY_PRIVATE_APP_TOKEN = _shopify("shopify_private_app_token", "shppa_")
SHOPIFY_SHARED_SECRET = _shopify("shopify_shared_secret", "shpss_")


RULES = (
    SHOPIFY_ACCESS_TOKEN,
    SHOPIFY_CUSTOM_APP_TOKEN,
    SHOPIFY_PRIVATE_APP_TOKEN,
    SHOPIFY_SHARED_SECRET,
)
