"""A commented `veil.toml`: the chosen preset, `[org]` from the suggestions, and the other main
sections commented out with their defaults and meaning, read from the config model itself so
the template never drifts from what veil accepts."""

from __future__ import annotations

import re
import textwrap
from collections.abc import Mapping, Sequence
from pathlib import Path

from pydantic import BaseModel

from veil.config import (
    CONFIG_NAME,
    AuditSettings,
    DetectSettings,
    DisguiseSettings,
    FilePolicySettings,
    GatePolicySettings,
    GatewaySettings,
    OrgSettings,
    PathPolicySettings,
    PolicySettings,
    ScanSettings,
)
from veil.errors import UsageError
from veil.policy.presets import PRESETS
from veil.setup.suggest import Suggestion
from veil.toml_text import toml_value

WIDTH = 100
DEFAULT_PRESET = str(PolicySettings.model_fields["preset"].default)
PRESET_HELP: Mapping[str, str] = {
    "personal": "one developer: secrets and personal data masked, everything else forwarded",
    "startup": "organisation terms disguised; nothing Restricted to a provider that trains",
    "enterprise": "Internal and Restricted only to providers with a DPA that do not train"
    " (Restricted also needs zero retention), else kept on this machine",
    "regulated": "Restricted never leaves this machine; Internal only to EU processing with"
    " a DPA and no training",
}
COMMENTED: Sequence[tuple[str, type[BaseModel]]] = (
    ("scan", ScanSettings),
    ("detect", DetectSettings),
    ("disguise", DisguiseSettings),
    ("gateway", GatewaySettings),
    ("policy.paths", PathPolicySettings),
    ("policy.files", FilePolicySettings),
    ("policy.gate", GatePolicySettings),
    ("audit", AuditSettings),
)
_HEADER = """\
# veil.toml: veil's settings for this repository, written by `veil init`.
#
# veil reads it when it runs here: the gateway (`veil serve`, `veil run -- claude`), `veil scan`
# and the pre-commit hook, `veil check`. Every key is optional: one left out or commented out
# keeps the default shown. A mistake is reported with the key's name and the fix: run
# `veil doctor` to check this file and this machine.
"""
_TAIL = """\
# [upstreams.NAME]: another provider or a model on this machine (kind, base_url, local = true).
# [[rules]]: rules of your own, with the examples they must and must not match
# (`veil rules test` checks them). See the README's "Configuration: veil.toml".
"""


def render(
    preset: str = DEFAULT_PRESET,
    accepted: Sequence[Suggestion] = (),
    to_review: Sequence[Suggestion] = (),
) -> str:
    """The text of `veil.toml`: `accepted` suggestions as values, `to_review` commented out."""
    if preset not in PRESETS:
        raise UsageError(f"unknown preset {preset!r}; choose one of {', '.join(PRESETS)}")
    parts = [_HEADER, _policy(preset), _org(accepted, to_review)]
    parts += [_commented(name, model) for name, model in COMMENTED]
    parts.append(_TAIL)
    return "\n".join(parts)


def target(directory: Path, *, force: bool = False) -> Path:
    """Where `veil.toml` goes in `directory`; a UsageError when one is there and not `force`."""
    path = directory / CONFIG_NAME
    if path.exists() and not force:
        raise UsageError(
            f"{path} already exists; edit it, or pass --force to write a new one over it"
        )
    return path


def write(directory: Path, text: str, *, force: bool = False) -> Path:
    """Write `text` to `directory/veil.toml`; over an existing file only with `force`."""
    path = target(directory, force=force)
    path.write_text(text, encoding="utf-8")
    return path


def _policy(preset: str) -> str:
    width = max(map(len, PRESETS))
    rows = [
        _comment(
            f"{name:<{width}}  "
            + ("(the default) " * (name == DEFAULT_PRESET))
            + PRESET_HELP[name],
            indent="  ",
            hanging=" " * (width + 2),
        )
        for name in PRESETS
    ]
    mode = PolicySettings.model_fields["mode"]
    return "\n".join(
        [
            "# What each tier of data (Public, Internal, Restricted) gets at each provider.",
            "[policy]",
            "# The preset the decisions start from:",
            *rows,
            f"preset = {toml_value(preset)}",
            _line("mode", mode.get_default(), mode.description),
            "# Refine one tier in [policy.public], [policy.internal] or [policy.restricted]",
            '# (e.g. `trains = "block"`); a key left out keeps the preset\'s.',
            "",
        ]
    )


def _org(accepted: Sequence[Suggestion], to_review: Sequence[Suggestion]) -> str:
    fields = OrgSettings.model_fields
    lines = [_about(OrgSettings), "[org]"]
    for key, kind in (("terms", "term"), ("domains", "domain")):
        chosen = [s for s in accepted if s.kind == kind]
        review = [s for s in to_review if s.kind == kind]
        lines.append(_comment(fields[key].description or ""))
        if not chosen and not review:
            lines.append(f"{key} = []")
            continue
        lines.append(f"{key} = [")
        lines += [f"    {toml_value(s.value)},  # {_one_line(s.source)}" for s in chosen]
        if review:
            lines.append("    # Suggested from this repository: uncomment those that are yours.")
            lines += [f"    # {toml_value(s.value)},  # {_one_line(s.source)}" for s in review]
        lines.append("]")
    prefixes = fields["url_prefixes"]
    lines += [
        _line(
            "url_prefixes", prefixes.get_default(call_default_factory=True), prefixes.description
        ),
        "",
    ]
    return "\n".join(lines)


def _about(model: type[BaseModel]) -> str:
    """A section model's docstring as a comment, without its leading `[name]`: label."""
    about = re.sub(r"^`\[[\w.|]+\]`:\s*", "", " ".join((model.__doc__ or "").split()))
    return _comment(about[:1].upper() + about[1:])


def _commented(name: str, model: type[BaseModel]) -> str:
    lines = [_about(model), f"# [{name}]"]
    for key, field in model.model_fields.items():
        lines.append(_line(key, field.get_default(call_default_factory=True), field.description))
    return "\n".join([*lines, ""])


def _line(key: str, default: object, description: str | None) -> str:
    """`# key = default  # description`, the description above when the line would be too long."""
    about = " ".join((description or "").split())
    if default is None:
        return _comment(f"{key} (unset): {about}" if about else f"{key} (unset)")
    line = f"# {key} = {toml_value(default)}"
    if not about:
        return line
    if len(line) + len(about) + 4 <= WIDTH:
        return f"{line}  # {about}"
    return f"{_comment(about)}\n{line}"


def _comment(text: str, indent: str = "", hanging: str = "") -> str:
    """`text` as `# ` comment lines of at most WIDTH characters."""
    wrapped = textwrap.wrap(
        text, WIDTH, initial_indent=f"# {indent}", subsequent_indent=f"# {indent}{hanging}"
    )
    return "\n".join(wrapped)


def _one_line(text: str) -> str:
    """`text` fit for a TOML comment: one line, no control characters."""
    return re.sub(r"[\x00-\x1f\x7f]", "?", " ".join(text.split()))
