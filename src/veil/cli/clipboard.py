"""The system clipboard, through the first copy tool found on PATH."""

from __future__ import annotations

import shutil
import subprocess

# Each tool with the arguments that make it read the clipboard's new content from stdin.
TOOLS: tuple[tuple[str, ...], ...] = (
    ("wl-copy",),
    ("xclip", "-selection", "clipboard"),
    ("xsel", "--clipboard", "--input"),
    ("pbcopy",),
    ("clip.exe",),
)
TIMEOUT_S = 10


class ClipboardError(Exception):
    """No clipboard tool on PATH, or the one found failed."""


def copy_text(text: str) -> str:
    """Put `text` on the clipboard and return the tool's name; ClipboardError when none works."""
    for name, *args in TOOLS:
        found = shutil.which(name)
        if found is None:
            continue
        try:
            # xclip and xsel stay behind to serve the selection: they must not hold our pipes.
            done = subprocess.run(
                [found, *args],
                input=text.encode("utf-8"),
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                timeout=TIMEOUT_S,
                check=False,
            )
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise ClipboardError(f"{name} failed ({type(exc).__name__})") from None
        if done.returncode != 0:
            raise ClipboardError(f"{name} failed (exit {done.returncode})")
        return name
    names = ", ".join(t[0] for t in TOOLS)
    raise ClipboardError(f"no clipboard tool found on PATH ({names})")
