"""`veil.toml` -> typed, validated settings, with messages that name the key and the problem."""

from __future__ import annotations

import difflib
import hashlib
import hmac
import json
import re
import tomllib
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Literal, Protocol, get_args, get_origin

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, PrivateAttr, ValidationError

from veil.errors import ConfigError, RuleError

if TYPE_CHECKING:
    from veil.detect.base import Rule

CONFIG_NAME = "veil.toml"


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def _gitignore(patterns: list[str]) -> list[str]:
    """Patterns in gitignore syntax, each checked to compile (`!` alone, `[z-a]` do not)."""
    import pathspec

    for pattern in patterns:
        try:
            pathspec.GitIgnoreSpec.from_lines([pattern], backend="simple")
        except Exception as exc:  # pathspec raises its own errors and re's
            reason = exc.msg if isinstance(exc, re.error) else "invalid"
            message = f"{pattern[:60]!r} is not a valid gitignore pattern ({reason})"
            raise ValueError(message) from None
    return patterns


Patterns = Annotated[list[str], AfterValidator(_gitignore)]


class ScanSettings(_Section):
    """`[scan]`: what `veil scan` reads."""

    max_file_size: int = Field(default=2_000_000, gt=0, description="Skip larger files (bytes).")
    exclude: Patterns = Field(default_factory=list, description="gitignore-style paths to skip.")
    only: list[Literal["secret", "pii", "org", "file"]] = Field(
        default_factory=list, description="Report only these categories (all when empty)."
    )


class DetectSettings(_Section):
    """`[detect]`: which rules run."""

    disable: list[str] = Field(default_factory=list, description="Rule ids to switch off.")
    private_ips: bool = Field(default=False, description="Also report private/loopback IPs.")


class OrgSettings(_Section):
    """`[org]`: organisation terms found case-insensitively, inside identifiers too."""

    terms: list[str] = Field(
        default_factory=list,
        description="Company, product, project and customer names: Internal wherever they"
        " appear, renamed where the policy pseudonymizes.",
    )
    domains: list[str] = Field(
        default_factory=list,
        description="Internal domains (`*.corp.example.com`): a host under one is Internal.",
    )
    url_prefixes: list[str] = Field(
        default_factory=list,
        description="URLs starting with one of these (`https://wiki.acme.internal/`) are Internal.",
    )


class DisguiseSettings(_Section):
    """`[disguise]`: what a request gets besides masked values where the policy pseudonymizes
    (per tier and provider: `[policy.*]`), and what `veil sanitize` does."""

    names: bool = Field(
        default=True,
        description="Organisation terms become neutral names in their case style"
        " (`AcmeClient` -> `Org1Client`); off: `VEIL_ORG_...` placeholders.",
    )
    hosts: bool = Field(
        default=True,
        description="Internal hosts become `service-N.internal.example`; off: placeholders.",
    )
    comments: Literal["keep", "strip", "business"] = Field(
        default="business",
        description="Code comments: keep; strip every one; or strip those that carry"
        " organisation terms or read as business context (docstrings that say what a"
        " function does are kept).",
    )


class RuleSettings(_Section):
    """`[[rules]]`: a user rule, of the same shape as the built-in ones."""

    id: str = Field(
        pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$",
        description="Unique rule id (lower-case words joined by `-`); not a built-in one.",
    )
    kind: str = Field(
        pattern=r"^[a-z0-9_]+$", description="What a match is; names its placeholders."
    )
    regex: str = Field(description="The pattern, in Python `re` syntax.")
    category: Literal["secret", "pii", "org"] = Field(
        default="secret", description="secret, pii or org: where it is reported and its tier."
    )
    keywords: list[str] = Field(
        default_factory=list,
        description="Literals (any case), one of which must be present for a match to count.",
    )
    entropy: float | None = Field(
        default=None, ge=0, le=8, description="Minimum Shannon entropy of the matched value."
    )
    confidence: float = Field(default=0.8, ge=0, le=1, description="Reported confidence.")
    max_len: int = Field(default=256, gt=0, le=65536, description="Longest match, in characters.")
    positives: list[str] = Field(
        min_length=1, description="Texts the rule must match (checked when veil loads it)."
    )
    negatives: list[str] = Field(
        default_factory=list, description="Texts the rule must not match (checked the same way)."
    )
    tier: Literal["restricted", "internal"] | None = Field(
        default=None,
        description="The tier a match gives a request (secret, pii: restricted; org: internal).",
    )


class GatewaySettings(_Section):
    """`[gateway]`: how `veil serve` listens and forwards."""

    host: str = Field(default="127.0.0.1", description="Address to listen on.")
    port: int = Field(default=8787, ge=0, le=65535, description="Port to listen on.")
    max_body_bytes: int = Field(default=32 * 1024 * 1024, gt=0, description="Largest request.")
    connect_timeout: float = Field(default=10.0, gt=0, description="Seconds to reach upstream.")
    read_timeout: float = Field(default=600.0, gt=0, description="Seconds between upstream bytes.")
    client_timeout: float = Field(
        default=60.0,
        gt=0,
        description="Seconds a client has to send a request's headers, and again its body.",
    )
    allowed_hosts: list[str] = Field(
        default_factory=list,
        description="Host names clients may reach veil by, besides loopback and the bound host.",
    )
    allowed_origins: list[str] = Field(
        default_factory=list,
        description="Browser origins (scheme://host[:port]) allowed to call veil; others get 403.",
    )
    tokens_file: Path | None = Field(
        default=None,
        description="Access tokens, one `name:token` or bare token a line; each is a caller.",
    )


class UpstreamSettings(_Section):
    """`[upstreams.NAME]`: a provider veil forwards to; `/NAME/...` selects it explicitly."""

    kind: Literal["anthropic", "openai"] = Field(description="The wire format it speaks.")
    base_url: str = Field(pattern=r"^https?://", description="OpenAI's includes /v1.")
    api_key_env: str | None = Field(
        default=None,
        description="Environment variable with a key, used when the client sends none.",
    )
    provider: str | None = Field(
        default=None,
        description="Its entry in the provider registry (`veil providers`); unknown when unset.",
    )
    local: bool = Field(default=False, description="A model server on this machine.")


ActionName = Literal["forward", "mask", "pseudonymize", "local", "block"]


class TierPolicySettings(_Section):
    """`[policy.public|internal|restricted]`: what a tier gets, by default and per provider trait;
    a key left out keeps the preset's."""

    default: ActionName | None = Field(default=None, description="At any provider.")
    trains: ActionName | None = Field(
        default=None, description="At a provider that trains on API data (or may)."
    )
    retains: ActionName | None = Field(
        default=None, description="At a provider that keeps API data (or may)."
    )
    outside_eu: ActionName | None = Field(
        default=None, description="At a provider processing outside the EU (or may)."
    )
    no_dpa: ActionName | None = Field(default=None, description="At a provider without a DPA.")
    no_zdr: ActionName | None = Field(
        default=None, description="At a provider without zero data retention."
    )
    local: ActionName | None = Field(default=None, description="At a local upstream.")


class PathPolicySettings(_Section):
    """`[policy.paths]`: files whose content makes a request Restricted or Internal."""

    restricted: Patterns = Field(
        default_factory=list, description="gitignore-style, relative to the workspace."
    )
    internal: Patterns = Field(
        default_factory=list, description="gitignore-style, relative to the workspace."
    )


class FilePolicySettings(_Section):
    """`[policy.files]`: the deny list of files whose content is withheld from every provider."""

    deny: Patterns = Field(default_factory=list, description="Added to the built-in deny list.")
    allow: Patterns = Field(
        default_factory=list, description="Taken out of the deny list (gitignore syntax)."
    )


class LocalPolicySettings(_Section):
    """`[policy.local]`: where requests the policy keeps on this machine go."""

    upstream: str | None = Field(
        default=None, description="A `local = true` upstream (the first one when unset)."
    )
    model: str | None = Field(default=None, description="The model to ask it for.")
    models: dict[str, str] = Field(
        default_factory=dict, description="Requested model -> local model; before `model`."
    )
    sticky: bool = Field(
        default=True,
        description="Once a conversation was kept local, its later turns stay local too.",
    )


GateAction = Literal["replace", "record"]
GateClass = Literal["exfiltration", "denied_read", "secret_write", "listed_tool"]


class GatePolicySettings(_Section):
    """`[policy.gate]`: what veil does with the tool calls a model asks for, before the client
    runs them."""

    mode: GateAction = Field(
        default="replace",
        description="replace: a stopped call becomes a text saying why; record: log it only.",
    )
    actions: dict[GateClass, GateAction] = Field(
        default_factory=dict,
        description="Per class of call (exfiltration, denied_read, secret_write, listed_tool).",
    )
    allow_hosts: list[str] = Field(
        default_factory=list,
        description="Hosts data may be sent to (`*.example.com` matches subdomains).",
    )
    tools: list[str] = Field(
        default_factory=list,
        description="Tool names (globs, e.g. `mcp__github__*`) whose calls are stopped.",
    )


class PolicySettings(_Section):
    """`[policy]`: the tiers' decisions, from a preset refined by the keys below."""

    preset: Literal["personal", "startup", "enterprise", "regulated"] = Field(
        default="startup", description="The decisions to start from."
    )
    mode: Literal["enforce", "monitor"] = Field(
        default="enforce", description="monitor: decide and record, apply nothing but masking."
    )
    public: TierPolicySettings = TierPolicySettings()
    internal: TierPolicySettings = TierPolicySettings()
    restricted: TierPolicySettings = TierPolicySettings()
    paths: PathPolicySettings = PathPolicySettings()
    files: FilePolicySettings = FilePolicySettings()
    local: LocalPolicySettings = LocalPolicySettings()
    gate: GatePolicySettings = GatePolicySettings()


def _audit_url(url: str | None) -> str | None:
    """`sqlite:///PATH` or `postgresql://...`; checked at load so a typo fails at start."""
    if url is not None and not re.match(r"^(sqlite:///.+|postgres(ql)?://.+)$", url):
        raise ValueError("use sqlite:///PATH or postgresql://USER@HOST/DB")
    return url


class AuditSettings(_Section):
    """`[audit]`: the tamper-evident log of every request, check and scan."""

    enabled: bool = Field(default=True, description="Write an audit event per request.")
    url: Annotated[str | None, AfterValidator(_audit_url)] = Field(
        default=None,
        description="sqlite:///PATH or postgresql://...; SQLite in the user's data directory"
        " when unset (VEIL_AUDIT_URL overrides).",
    )
    retention_days: int | None = Field(
        default=90, gt=0, description="Events older are purged once a day; unset keeps all."
    )
    on_store_failure: Literal["spool", "refuse"] = Field(
        default="spool",
        description="spool: keep serving and write events to a local file replayed later;"
        " refuse: answer 503 until the store is back.",
    )
    batch_ms: int = Field(
        default=50, ge=1, le=5000, description="Events are written in batches this often."
    )
    keep_requests: bool = Field(
        default=False,
        description="Also store each request as sent (masked). Off by default: it holds the"
        " code and text your developers sent.",
    )


class Settings(_Section):
    """The whole of `veil.toml`."""

    scan: ScanSettings = ScanSettings()
    detect: DetectSettings = DetectSettings()
    org: OrgSettings = OrgSettings()
    disguise: DisguiseSettings = DisguiseSettings()
    rules: list[RuleSettings] = Field(default_factory=list)
    gateway: GatewaySettings = GatewaySettings()
    upstreams: dict[str, UpstreamSettings] = Field(default_factory=dict)
    policy: PolicySettings = PolicySettings()
    audit: AuditSettings = AuditSettings()
    providers: dict[str, dict[str, Any]] = Field(default_factory=dict)
    _source: Path | None = PrivateAttr(default=None)

    @property
    def workspace(self) -> Path:
        """Where `[policy.paths]` patterns start: the folder of the `veil.toml` read, else the
        current directory."""
        return self._source.parent if self._source is not None else Path.cwd()


def load_settings(path: Path | None = None, *, search_from: Path | None = None) -> Settings:
    """Settings from `path`, or from `veil.toml` in `search_from` if present, else defaults."""
    if path is None:
        candidate = (search_from or Path.cwd()) / CONFIG_NAME
        if not candidate.is_file():
            return Settings()
        path = candidate
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"{path}: no such file; check the --config path") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML: {exc}") from None
    try:
        settings = Settings.model_validate(raw)
    except ValidationError as exc:
        raise ConfigError(f"{path}: " + "; ".join(_explain(e) for e in exc.errors())) from None
    settings._source = path.resolve()
    return settings


def _explain(error: Any) -> str:
    loc = ".".join(str(p) for p in error["loc"])
    if error["type"] == "literal_error":
        # `only = ["secrets"]`: name the field, the wrong value and every valid one.
        field = ".".join(str(p) for p in error["loc"] if not isinstance(p, int))
        valid = re.findall(r"'([^']*)'", error.get("ctx", {}).get("expected", ""))
        close = difflib.get_close_matches(str(error["input"]), valid, n=1)
        hint = f" (did you mean {close[0]!r}?)" if close else ""
        return f"{field}: {error['input']!r} is not one of {', '.join(valid)}{hint}"
    if error["type"] == "extra_forbidden":
        key = str(error["loc"][-1])
        fields = _fields_at(error["loc"][:-1])
        close = difflib.get_close_matches(key, fields, n=1)
        hint = f" (did you mean {close[0]!r}?)" if close else f" (known keys: {', '.join(fields)})"
        return f"{loc}: unknown key{hint}"
    if error["type"] == "value_error":  # a validator's own message, without pydantic's prefix
        return f"{loc}: {error['ctx']['error']}"
    return f"{loc}: {error['msg']}"


def _fields_at(loc: tuple[Any, ...]) -> list[str]:
    model: type[BaseModel] = Settings
    skip_key = False  # the next part names an entry of a table of tables (`upstreams.NAME`)
    for part in loc:
        if isinstance(part, int) or skip_key:
            skip_key = False
            continue
        field = model.model_fields.get(str(part))
        if field is None:
            break
        args = get_args(field.annotation)
        skip_key = get_origin(field.annotation) is dict
        inner = args[-1] if skip_key else (args[0] if args else field.annotation)
        if isinstance(inner, type) and issubclass(inner, BaseModel):
            model = inner
    return sorted(model.model_fields)


class Routed(Protocol):
    """What a fingerprint takes of an upstream (a `veil.gateway.upstream.Upstream`)."""

    @property
    def name(self) -> str: ...
    @property
    def kind(self) -> str: ...
    @property
    def base_url(self) -> str: ...
    @property
    def local(self) -> bool: ...
    @property
    def provider(self) -> str: ...


def fingerprint(settings: Settings, upstreams: Iterable[Routed], key: bytes) -> str:
    """What decides how a gateway masks and where it sends, as 16 hex digits: the settings, the
    upstreams it resolved (name, kind, base URL, local, provider) and the workspace
    `[policy.paths]` starts from. An HMAC-SHA-256 keyed with the vault key: equal for gateways
    that mask and route alike, and no guess of the settings can be checked against it without
    the key. Computed the same by the gateway and by `veil run`, which reuses one only on a
    match."""
    routed = sorted((u.name, u.kind, u.base_url, u.local, u.provider) for u in upstreams)
    what = [settings.model_dump(mode="json"), routed, str(settings.workspace)]
    text = json.dumps(what, sort_keys=True, separators=(",", ":"))
    return hmac.new(key, text.encode(), hashlib.sha256).hexdigest()[:16]


def active_rules(settings: Settings) -> tuple[Rule, ...]:
    """The rules these settings switch on; user rules are checked against their own examples."""
    from veil.detect import builtin_rules
    from veil.detect.org import org_rules
    from veil.detect.ruleset import select_rules, user_rule

    builtin = builtin_rules(include_private_ips=settings.detect.private_ips)
    user = tuple(
        user_rule(**rule.model_dump(exclude={"tier"}, exclude_none=False))
        for rule in settings.rules
    )
    org = org_rules(settings.org.terms, settings.org.domains, settings.org.url_prefixes)
    try:
        return select_rules(builtin, user, settings.detect.disable, org)
    except RuleError as exc:
        raise ConfigError(str(exc)) from None
