"""The app's files that are not code: its icon (SVG source and PNG sizes), the desktop entry, the AppStream
metainfo and the session MIME type. Read through `importlib.resources`, so the same call works from a clone,
an editable install and an installed wheel (they ship as package data: pyproject.toml lists them).

Qt-free: `playground.desktop` installs these files from a plain Python, without a display.
"""
from __future__ import annotations

from importlib.resources import files
from importlib.resources.abc import Traversable

APP_ID = "micrograd-playground"                 # desktop file, icon and metainfo names
SESSION_MIME_TYPE = "application/x-micrograd-playground+json"
ICON_SIZES = (16, 32, 48, 64, 128, 256)          # the PNGs scripts/render_icons.py makes from the SVG


def resource(*parts: str) -> Traversable:
    """One resource file, e.g. resource("icons", "micrograd-playground.svg")."""
    node = files(__name__)
    for part in parts:
        node = node.joinpath(part)
    return node


def icon_png(size: int) -> Traversable:
    return resource("icons", f"{APP_ID}-{size}.png")


def icon_svg() -> Traversable:
    return resource("icons", f"{APP_ID}.svg")
