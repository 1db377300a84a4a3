"""Free-standing texts, disguised and turned back: `veil sanitize`, `veil restore` and MCP.

Everything found is masked (as for a request with no destination: secrets, personal data,
organisation terms, internal hosts), comments go by `[disguise] comments`, and the map from
tokens back to originals is kept in a local vault file encrypted at rest (`vault.sealed` in the
user's data directory, under the key in their config directory), so that an answer pasted back
later, in another process, restores.
"""

from __future__ import annotations

import fcntl
import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import platformdirs

from veil.config import Settings, active_rules
from veil.detect import recall
from veil.detect.engine import Engine
from veil.pipeline.decide import PolicyStage
from veil.pipeline.disguise import merge
from veil.pipeline.request import Pipeline
from veil.pipeline.transform import replace_spans
from veil.vault.restore import restore_text
from veil.vault.sealed import SealedError, read_sealed, write_sealed
from veil.vault.tokens import PLACEHOLDER_RE
from veil.vault.vault import Vault, VaultMap, load_or_create_key

SCOPE = "sanitize"  # one map for every text sanitized on this machine
SEALED_NAME = "vault.sealed"


@dataclass(frozen=True, slots=True)
class Sanitized:
    """A disguised text and what was replaced in it, by kind (`comment` for stripped ones)."""

    text: str
    counts: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class MapEntry:
    """One line of the map: the kind of value, its token, and the original mostly hidden."""

    kind: str
    token: str
    masked: str


def vault_path(vault_dir: Path | None = None) -> Path:
    """Where the map is kept: `vault.sealed` in `vault_dir`, else in the user's data directory."""
    return (vault_dir or Path(platformdirs.user_data_dir("veil"))) / SEALED_NAME


def hide(value: str) -> str:
    """`value` with all but its first and last characters hidden (`A***e (5)`)."""
    if len(value) <= 4:
        return "*" * len(value)
    return f"{value[0]}{'*' * min(len(value) - 2, 8)}{value[-1]} ({len(value)})"


class TextSanitizer:
    """Sanitize and restore free-standing texts, with the map kept in an encrypted vault."""

    def __init__(
        self,
        settings: Settings,
        *,
        vault_dir: Path | None = None,
        key_dir: Path | None = None,
        pipeline: Pipeline | None = None,
    ) -> None:
        self._key = load_or_create_key(key_dir)
        self.path = vault_path(vault_dir)
        disguise = settings.disguise
        self._vault = Vault(
            self._key, terms=settings.org.terms, names=disguise.names, hosts=disguise.hosts
        )
        self._map = VaultMap(self._vault, SCOPE)
        self._kinds: dict[str, str] = {}  # token -> kind
        self._seen: tuple[int, int] | None = None  # the vault file's stamp when last read
        self.pipeline = pipeline or Pipeline(
            Engine(active_rules(settings) + recall.RULES, recall=True), PolicyStage(settings)
        )
        self._load()

    def sanitize(self, text: str, path: str | None = None) -> Sanitized:
        """`text` with everything found masked or disguised, and its comments as configured."""
        from veil.protocols.neutral import TextSlot

        self._refresh()
        pipeline = self.pipeline
        spans = pipeline.finder.spans_in(text)
        slot = TextSlot((), text)
        comments = pipeline.comments
        business = comments.business([slot], path=path)[0]
        spans = merge(spans, business)
        stripped = comments.stripped([slot], [spans], path=path)[0]
        spans = merge(spans, stripped)
        if any(self._map.disguises(s.label) for s in spans):
            self._map.settle([text])
        out = replace_spans(text, spans, self._map)
        counts: Counter[str] = Counter()
        for span in spans:
            counts["comment" if span.replacement is not None else span.kind] += 1
            if span.replacement is None:
                token = self._map.originals.get(span.original)
                if token is not None:
                    self._kinds.setdefault(token, span.kind)
        return Sanitized(out, dict(counts))

    def restore(self, text: str, *, values: bool = True) -> str:
        """An answer with every token this machine handed out turned back (without `values`,
        only names, hosts and URLs: secrets and personal data stay placeholders)."""
        return self.restored(text, values=values)[0]

    def restored(self, text: str, *, values: bool = True) -> tuple[str, int]:
        """An answer turned back, and how many tokens were."""
        self._refresh()
        count = 0

        def lookup(token: str) -> str | None:
            nonlocal count
            if not values and PLACEHOLDER_RE.fullmatch(token) and not _naming(token):
                return None
            found = self._map.lookup(token)
            count += found is not None
            return found

        return restore_text(text, lookup, shapes=self._map.shapes), count

    def entries(self) -> list[MapEntry]:
        """Every token in the map, with its kind and the original mostly hidden."""
        out = [
            MapEntry(self._kind(token), token, hide(original))
            for original, token in self._map.originals.items()
            if PLACEHOLDER_RE.fullmatch(token)
        ]
        book = self._map.book
        for token, original in [*book.items(), *book.retired()]:
            out.append(MapEntry(self._kind(token), token, hide(original)))
        return out

    def save(self) -> None:
        """Write the map to the encrypted vault file, with what other processes wrote to it
        since it was read (under a lock)."""
        self.path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        with open(self.path.with_name(self.path.name + ".lock"), "a") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            self._refresh()
            write_sealed(self.path, self._key, json.dumps(self._state()).encode("utf-8"))
            self._seen = _stamp(self.path)

    def _state(self) -> dict[str, object]:
        book = self._map.book
        return {
            "version": 1,
            "placeholders": [
                [token, original, self._kind(token)]
                for original, token in self._map.originals.items()
                if PLACEHOLDER_RE.fullmatch(token)
            ],
            "base": book.base,
            "host_base": book.host_base,
            "names": [[t, o, self._kind(t)] for t, o in book.items()],
            "retired": [[t, o] for t, o in book.retired()],
        }

    def _kind(self, token: str) -> str:
        found = self._kinds.get(token)
        if found is not None:
            return found
        return "internal_host" if token.endswith(".internal.example") else "org_term"

    def _refresh(self) -> None:
        """Take in what another process saved since this one last read the vault."""
        if _stamp(self.path) != self._seen:
            self._load()

    def _load(self) -> None:
        self._seen = _stamp(self.path)
        try:
            plain = read_sealed(self.path, self._key)
        except SealedError as exc:
            raise SealedError(
                f"{self.path}: {exc.reason}; delete it to start a new map", exc.reason
            ) from None
        if plain is None:
            return
        state = json.loads(plain)
        for token, original, kind in state.get("placeholders", []):
            label = token.split("_")[1] if token.startswith("VEIL_") else "EMAIL"
            made = self._vault.placeholder(SCOPE, original, label)
            if made == token:
                self._map.originals[original] = token
                self._map.reverse[token] = original
                self._kinds[token] = kind
        names = [(t, o) for t, o, _ in state.get("names", [])]
        retired = [(t, o) for t, o in state.get("retired", [])]
        self._map.book.restore_state(
            state.get("base", ""), state.get("host_base", ""), names, retired
        )
        if names or retired:
            self._map.neutral = True
        self._kinds.update({t: k for t, _, k in state.get("names", [])})


def _stamp(path: Path) -> tuple[int, int] | None:
    """The file's modification time and size, None when there is none."""
    try:
        st = path.stat()
    except FileNotFoundError:
        return None
    return st.st_mtime_ns, st.st_size


def _naming(token: str) -> bool:
    """Whether a placeholder stands for a name (an organisation term, a host, a URL)."""
    return token.startswith(("VEIL_ORG_", "VEIL_HOST_", "VEIL_URL_"))
