"""Placeholders: deterministic per scope (keyed HMAC), reversible, and the streaming restorer."""

from veil.vault.restore import Restorer, restore_text
from veil.vault.tokens import PLACEHOLDER_RE, placeholder_for
from veil.vault.vault import Vault, VaultMap, load_or_create_key

__all__ = [
    "PLACEHOLDER_RE",
    "Restorer",
    "Vault",
    "VaultMap",
    "load_or_create_key",
    "placeholder_for",
    "restore_text",
]
