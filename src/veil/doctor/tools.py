"""The AI tools' checks: which are installed, whether each one's traffic goes through veil, and
what their config files say about their own reporting."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from urllib.parse import urlsplit

from veil.doctor.report import Check, Status
from veil.doctor.toolconfig import READERS, Places, Setting, Switch, ToolConfig, config_dir
from veil.gateway.hosts import is_loopback
from veil.launch.clients import CLIENTS, ClientSpec
from veil.launch.probe import probe

Probe = Callable[[str], str | None]  # a root URL -> the veil version answering there, or None

_CURSOR_NOTE = (
    "its requests leave from Cursor's servers, so no local gateway (veil included) sees or"
    " masks them"
)


def shown_url(url: str) -> str:
    """A URL safe to print: scheme, host, port and path; no user, password, query or fragment."""
    parts = urlsplit(url.strip())
    host = parts.hostname or ""
    if ":" in host:
        host = f"[{host}]"
    try:
        port = f":{parts.port}" if parts.port else ""
    except ValueError:
        port = ""
    return f"{parts.scheme}://{host}{port}{parts.path}" if parts.scheme else "(not a URL)"


class Veils:
    """Whether a base URL reaches veil: asked of the gateway itself, on this machine only (a
    URL elsewhere is never contacted), each address once."""

    def __init__(self, port: int, ask: Probe | None = None) -> None:
        self.port = port
        self._ask = ask or (lambda root: probe(root, timeout=0.5))
        self._seen: dict[str, str | None] = {}

    def judge(self, url: str) -> tuple[bool, str]:
        """Whether `url` is veil's, and a few words on where it points."""
        parts = urlsplit(url.strip())
        host = parts.hostname or ""
        try:
            port = parts.port
        except ValueError:
            return False, "not a valid URL"
        if parts.scheme not in ("http", "https") or not is_loopback(host):
            return False, f"points at {shown_url(url)}, not at veil"
        netloc = f"[{host}]" if ":" in host else host
        root = f"{parts.scheme}://{netloc}" + (f":{port}" if port else "")
        if root not in self._seen:
            self._seen[root] = self._ask(root)
        version = self._seen[root]
        if version:
            return True, f"veil {version} at {shown_url(url)}"
        if port == self.port:
            return True, f"veil's port ({shown_url(url)}; not answering now)"
        return False, f"points at {shown_url(url)}, where no veil answers"


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
    """Green when every base URL the tool is given is veil's; yellow otherwise."""
    title = f"{spec.title} goes through veil"
    run = f"veil run -- {spec.executables[0]}"
    if not found.urls:
        detail = "no base URL points it at veil: it talks to its provider directly"
        return Check(f"tool.{spec.key}.routed", title, Status.YELLOW, detail, run)
    verdicts = [(setting, *veils.judge(setting.url)) for setting in found.urls]
    astray: list[tuple[Setting, bool, str]] = [v for v in verdicts if not v[1]]
    if astray:
        setting, _, words = astray[0]
        fix = f"{run}, or set {setting.where} to {veil_url}"
        return Check(
            f"tool.{spec.key}.routed", title, Status.YELLOW, f"{setting.where} {words}", fix
        )
    setting, _, words = verdicts[0]
    return Check(f"tool.{spec.key}.routed", title, Status.GREEN, f"{setting.where}: {words}")


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
