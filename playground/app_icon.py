"""The app's icon as a QIcon: every packaged PNG size, so Qt picks a crisp one for the title bar, the task
switcher and the About box alike."""
from __future__ import annotations

from PySide6.QtGui import QIcon, QPixmap

from playground.resources import ICON_SIZES, icon_png


def app_icon() -> QIcon:
    icon = QIcon()
    for size in ICON_SIZES:
        pixmap = QPixmap()
        if pixmap.loadFromData(icon_png(size).read_bytes(), "PNG"):  # bytes: works from a zip or a wheel too
            icon.addPixmap(pixmap)
    return icon
