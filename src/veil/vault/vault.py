"""Original <-> placeholder maps: keyed HMAC per scope, bounded, safe under concurrency.

The same original in the same scope (a client session, or the workspace when the client names
none) always gets the same placeholder, across turns and across restarts, since the key lives on
disk. The reverse map is only a cache: clients resend the history on every turn, so each request
rebuilds what it needs from its own content.
"""

from __future__ import annotations

import hashlib
import hmac
import itertools
import os
import secrets
import threading
from collections import OrderedDict
from collections.abc import Iterable, Sequence
from pathlib import Path

import platformdirs

from veil.vault.names import BEFORE_DIGIT, NameBook
from veil.vault.shapes import PLACEHOLDERS, Shapes, neutral_shapes
from veil.vault.tokens import PLACEHOLDER_RE, placeholder_for

KEY_BYTES = 32
KEY_FILE = "vault.key"
# Scopes whose neutral names are kept, at most (the least recently used is forgotten first).
MAX_BOOKS = 10_000


def load_or_create_key(directory: Path | None = None) -> bytes:
    """The vault key from the user's config directory, created there (0600) on first use."""
    folder = directory or Path(platformdirs.user_config_dir("veil"))
    path = folder / KEY_FILE
    try:
        key = path.read_bytes()
    except FileNotFoundError:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        key = secrets.token_bytes(KEY_BYTES)
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:  # another process made it first: use theirs
            return path.read_bytes()
        with os.fdopen(fd, "wb") as out:
            out.write(key)
    if len(key) < 16:
        raise ValueError(f"{path}: vault key is too short; delete it to make a new one")
    return key


class Vault:
    """Placeholders for originals, per scope, in a bounded LRU shared by all requests."""

    def __init__(
        self,
        key: bytes,
        *,
        max_entries: int = 200_000,
        terms: Sequence[str] = (),
        names: bool = True,
        hosts: bool = True,
    ) -> None:
        self._key = key
        self._max = max_entries
        self._terms = tuple(terms)
        self.names = names  # organisation terms become neutral names (else placeholders)
        self.hosts = hosts  # internal hosts become neutral hosts (else placeholders)
        self._books: OrderedDict[str, NameBook] = OrderedDict()
        self._lock = threading.Lock()
        self._forward: OrderedDict[tuple[str, str], str] = OrderedDict()
        self._reverse: dict[tuple[str, str], str] = {}  # evicted with `_forward`, in its order
        self._by_scope: dict[str, dict[str, None]] = {}  # originals of each scope, in order

    def placeholder(self, scope: str, original: str, label: str) -> str:
        """The placeholder for `original` in `scope`, recorded so it can be restored."""
        with self._lock:
            known = self._forward.get((scope, original))
            if known is not None:
                self._forward.move_to_end((scope, original))
                return known
            salt = 0
            while True:
                token = placeholder_for(label, self._digest(scope, original, salt))
                taken = self._reverse.get((scope, token))
                if taken is None or taken == original:
                    break
                salt += 1  # a digest collision within the scope: derive another
            self._forward[(scope, original)] = token
            self._reverse[(scope, token)] = original
            self._by_scope.setdefault(scope, {})[original] = None
            while len(self._forward) > self._max:
                (old_scope, old), old_token = self._forward.popitem(last=False)
                self._reverse.pop((old_scope, old_token), None)
                remaining = self._by_scope.get(old_scope)
                if remaining is not None:
                    remaining.pop(old, None)
                    if not remaining:
                        del self._by_scope[old_scope]
            return token

    def originals(self, scope: str, limit: int = 2000) -> list[str]:
        """The originals this process has masked in `scope`, newest first, at most `limit`."""
        with self._lock:
            return list(itertools.islice(reversed(self._by_scope.get(scope, {})), limit))

    def original(self, scope: str, placeholder: str) -> str | None:
        """The original behind `placeholder` in `scope`, if this process has seen it."""
        with self._lock:
            return self._reverse.get((scope, placeholder))

    def book(self, scope: str) -> NameBook:
        """The neutral names of `scope`, made on first use."""
        with self._lock:
            found = self._books.get(scope)
            if found is None:
                found = self._books[scope] = NameBook(self._terms)
                if len(self._books) > MAX_BOOKS:
                    self._books.popitem(last=False)
            else:
                self._books.move_to_end(scope)
            return found

    def __len__(self) -> int:
        return len(self._forward)

    def _digest(self, scope: str, original: str, salt: int) -> str:
        msg = f"{scope}\x00{original}\x00{salt}".encode("utf-8", "surrogatepass")
        return hmac.new(self._key, msg, hashlib.sha256).hexdigest()


class VaultMap:
    """The tokens of one request: masks values and restores the response's tokens."""

    __slots__ = ("_book", "_held", "_vault", "neutral", "originals", "reverse", "scope")

    def __init__(self, vault: Vault, scope: str) -> None:
        self._vault = vault
        self.scope = scope
        self.reverse: dict[str, str] = {}
        self.originals: dict[str, str] = {}  # original -> token, for this request
        self._book: NameBook | None = None
        self.neutral = False  # whether this request was given neutral names or hosts
        self._held: frozenset[str] = frozenset()  # names its own text holds: never restored

    @property
    def book(self) -> NameBook:
        if self._book is None:
            self._book = self._vault.book(self.scope)
        return self._book

    def disguises(self, label: str) -> bool:
        """Whether a finding with this label gets a neutral name or host (not a placeholder)."""
        return (label == "ORG" and self._vault.names) or (label == "HOST" and self._vault.hosts)

    def settle(self, texts: Iterable[str]) -> None:
        """Make sure no neutral name handed out is text the request holds already (moving to
        other bases); the names it holds are never restored in its answer."""
        book = self.book
        bases = (book.base, book.host_base)
        self._held = book.settle(texts)
        if (book.base, book.host_base) != bases:
            for original, token in list(self.originals.items()):
                if PLACEHOLDER_RE.fullmatch(token) is None:
                    del self.originals[original]

    def mask(self, original: str, label: str, *, digit_after: bool = False) -> str:
        """The token for `original` (`digit_after`: a digit follows it in the text, which a
        neutral name must not run into)."""
        key = f"{original}{BEFORE_DIGIT}" if digit_after and label == "ORG" else original
        token = self.originals.get(key)
        if token is None and self.neutral:  # a term's surface masked again as a known literal
            token = self.book.get(key)
        if token is None:
            if self.disguises(label):
                book = self.book
                if label == "ORG":
                    token = book.name(original, digit_after=digit_after)
                else:
                    token = book.host(original)
                self.neutral = True
            else:
                token = self._vault.placeholder(self.scope, original, label)
            self.originals[key] = token
            self.reverse[token] = original
        return token

    def known(self) -> list[str]:
        """The originals masked in this request's scope so far (the newest 2,000 placeholders'
        and every neutral name's)."""
        known = self._vault.originals(self.scope)
        if self._vault.names or self._vault.hosts:
            book = self._vault.book(self.scope)
            if len(book):
                self._book, self.neutral = book, True
                known += book.surfaces()
        return known

    def lookup(self, token: str) -> str | None:
        if token in self._held:
            return None
        found = self.reverse.get(token)
        if found is not None:
            return found
        found = self._vault.original(self.scope, token)
        if found is None and self.neutral:
            found = self.book.original(token)
        return found

    @property
    def shapes(self) -> Shapes:
        """What the answer's restorer looks for."""
        if not self.neutral:
            return PLACEHOLDERS
        return neutral_shapes(*self.book.bases)
