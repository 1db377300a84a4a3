"""A file encrypted at rest with AES-GCM, under a key derived from the vault key.

`veil sanitize` keeps its map here so that `veil restore`, later and in another process, can
turn an answer back; the file alone tells nothing without the key in the user's config
directory.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from veil.errors import VeilError

_MAGIC = b"veil-sealed-1\n"
_NONCE = 12
_INFO = b"veil sealed vault v1"


class SealedError(VeilError, ValueError):
    """A sealed file that cannot be opened with this key (another key, or altered); `reason`
    says which, without the file's content."""

    def __init__(self, message: str, reason: str | None = None) -> None:
        super().__init__(message)
        self.reason = reason or message


def _aead(key: bytes) -> AESGCM:
    derived = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=_INFO).derive(key)
    return AESGCM(derived)


def seal(key: bytes, plain: bytes) -> bytes:
    """`plain` encrypted and authenticated under `key`."""
    nonce = secrets.token_bytes(_NONCE)
    return _MAGIC + nonce + _aead(key).encrypt(nonce, plain, _MAGIC)


def unseal(key: bytes, blob: bytes) -> bytes:
    """What `seal` sealed; SealedError when the key is not the one or the file was altered."""
    if not blob.startswith(_MAGIC) or len(blob) < len(_MAGIC) + _NONCE + 16:
        raise SealedError("not a sealed veil file")
    nonce = blob[len(_MAGIC) : len(_MAGIC) + _NONCE]
    try:
        return _aead(key).decrypt(nonce, blob[len(_MAGIC) + _NONCE :], _MAGIC)
    except InvalidTag:
        raise SealedError(
            "cannot be opened with this vault key (another key, or altered)"
        ) from None


def write_sealed(path: Path, key: bytes, plain: bytes) -> None:
    """Seal `plain` into `path` (0600), replacing it whole (never half written)."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as out:
        out.write(seal(key, plain))
        out.flush()
        os.fsync(out.fileno())
    os.replace(tmp, path)


def read_sealed(path: Path, key: bytes) -> bytes | None:
    """The plain content of `path`, None when there is none yet."""
    try:
        blob = path.read_bytes()
    except FileNotFoundError:
        return None
    return unseal(key, blob)
