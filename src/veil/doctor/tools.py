"""The AI tools' checks: which are installed, whether each one's traffic goes through veil, and
what their config files say about their own reporting."""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlsplit

from veil.doctor.knock import Knock, knock
from veil.doctor.report import Check, Status
from veil.doctor.toolconfig import READERS, Places, Switch, ToolConfig, config_dir
from veil.gateway.hosts import is_loopback
from veil.launch.clients import CLIENTS, ClientSpec

Ask = Callable[[str], Knock]  # a root URL -> what answers there

_CURSOR_NOTE = (
    "its requests leave from Cursor's servers, so no local gateway (veil included) sees or"
    " masks them"
)
_SHOWN_SEGMENT = re.compile(r"[A-Za-z0-9._~-]{1,24}")
_START = "start it with `veil serve`"  # the fix when veil is not running


def shown_url(url: str) -> str:
    """A URL safe to print: scheme, host, port and path, never a user, password, query or
    fragment, and a path segment that could be a key (long, or digits enough) as `***`."""
    try:
        parts = urlsplit(url.strip())
        host = parts.hostname or ""
        port = f":{parts.port}" if parts.port else ""
    except ValueError:
        return "(not a URL)"
    if not parts.scheme or not host:
        return "(not a URL)"
    if ":" in host:
        host = f"[{host}]"
    path = "/".join(_segment(s) for s in parts.path.split("/"))
    return f"{parts.scheme}://{host}{port}{path}"


def _segment(segment: str) -> str:
    plain = _SHOWN_SEGMENT.fullmatch(segment) and sum(c.isdigit() for c in segment) <= 3
    return segment if plain or not segment else "***"


@dataclass(frozen=True, slots=True)
class Verdict:
    """Whether a base URL reaches veil, a few words on where it points, and the fix when that
    is not the usual one (point the tool at veil)."""

    routed: bool
    words: str
    fix: str | None = None
    answer: Knock | None = None  # what answered there (None: not asked)


class Veils:
    """Whether a base URL reaches veil: asked of the gateway itself, on this machine only
    (loopback, or the address `[gateway] host` names; a URL elsewhere is never contacted),
    each address once."""

    def __init__(self, port: int, host: str = "127.0.0.1", ask: Ask | None = None) -> None:
        self.port = port
        self.host = host
        self._ask = ask or knock
        self._seen: dict[str, Knock] = {}

    def judge(self, url: str) -> Verdict:
        """Whether `url` is veil's, in words."""
        shown = shown_url(url)
        try:
            parts = urlsplit(url.strip())
            host, port = parts.hostname or "", parts.port
        except ValueError:
            return Verdict(False, "is not a URL veil can read")
        if parts.scheme not in ("http", "https") or not host:
            return Verdict(False, f"is not an http:// or https:// URL ({shown})")
        if not (is_loopback(host) or host == self.host):
            return Verdict(False, f"points at {shown}, not at veil")
        netloc = f"[{host}]" if ":" in host else host
        root = f"{parts.scheme}://{netloc}" + (f":{port}" if port else "")
        if root not in self._seen:
            self._seen[root] = self._ask(root)
        answer = self._seen[root]
        if answer.version:
            return Verdict(True, f"veil {answer.version} at {shown}", answer=answer)
        if answer.refused:
            return Verdict(True, f"veil at {shown} (it answers, and needs a token)", answer=answer)
        if answer.answered:
            words = f"points at {shown}, where something other than veil answers"
            return Verdict(False, words, answer=answer)
        if port == self.port:
            return Verdict(False, f"veil is not running at {shown}", _START, answer)
        return Verdict(False, f"points at {shown}, where nothing answers", answer=answer)


def tool_checks(places: Places, veils: Veils, veil_url: str) -> list[Check]:
    """For each known client: routed through veil, and each reporting switch; then Cursor."""
    checks: list[Check] = []
    path = places.env.get("PATH")
    for spec in CLIENTS:
        on_path = any(shutil.which(exe, path=path) for exe in spec.executables)
        found = READERS[spec.key](places)
        if not (on_path or config_dir(spec.key, places).exists() or found.files):
            checks.append(
                Check(f"tool.{spec.key}.routed", spec.title, Status.SKIP, "not installed")
            )
            continue
        checks.append(routed_check(spec, found, veils, veil_url))
        checks += [switch_check(spec, s) for s in found.switches]
    cursor = shutil.which("cursor", path=path) or (places.home / ".cursor").is_dir()
    status = Status.YELLOW if cursor else Status.SKIP
    detail = _CURSOR_NOTE if cursor else "not installed"
    fix = "for code that must be protected use a client veil can route (veil run -- claude)"
    checks.append(Check("tool.cursor.routed", "Cursor", status, detail, fix if cursor else None))
    return checks


def routed_check(spec: ClientSpec, found: ToolConfig, veils: Veils, veil_url: str) -> Check:
    """Green when every base URL the tool is given is veil's and answers; yellow otherwise."""
    key = f"tool.{spec.key}.routed"
    title = f"{spec.title} goes through veil"
    run = f"veil run -- {spec.executables[0]}"
    if found.direct:
        return Check(key, title, Status.YELLOW, found.direct, f"unset it, then {run}")
    if found.unreadable:
        where = found.unreadable[0]
        detail = f"{where} is not a setting veil can read (not a string)"
        return Check(key, title, Status.YELLOW, detail, f"correct {where}, or {run}")
    if not found.urls:
        detail = "no base URL points it at veil: it talks to its provider directly"
        return Check(key, title, Status.YELLOW, detail, run)
    verdicts = [(setting, veils.judge(setting.url)) for setting in found.urls]
    astray = [(s, v) for s, v in verdicts if not v.routed]
    if astray:
        setting, verdict = astray[0]
        fix = verdict.fix or f"{run}, or set {setting.where} to {veil_url}"
        return Check(key, title, Status.YELLOW, f"{setting.where} {verdict.words}", fix)
    setting, verdict = verdicts[0]
    return Check(key, title, Status.GREEN, f"{setting.where}: {verdict.words}")


def switch_check(spec: ClientSpec, switch: Switch) -> Check:
    """A tool's reporting feature: green when a config turns it off, yellow otherwise."""
    key = switch.what.replace(" ", "_")
    title = f"{spec.title} {switch.what} off"
    if switch.off:
        return Check(f"tool.{spec.key}.{key}", title, Status.GREEN, f"off ({switch.where})")
    if switch.off is False:
        return Check(
            f"tool.{spec.key}.{key}", title, Status.YELLOW, f"on ({switch.where})", switch.fix
        )
    default = f"default: {switch.default}" if switch.default == "on" else switch.default
    return Check(f"tool.{spec.key}.{key}", title, Status.YELLOW, f"not set ({default})", switch.fix)
