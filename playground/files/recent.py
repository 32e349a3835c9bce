"""Where the person's files are: File ▸ Open Recent (the last sessions opened or saved, newest first), the
folder file dialogs start in, and which dropped files are ours to open. Kept in QSettings."""
from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QMimeData, QObject, QSettings, Signal, Slot
from PySide6.QtWidgets import QMenu, QWidget

RECENT_KEY = "files/recent"
LAST_DIR_KEY = "files/lastDirectory"
MAX_RECENT = 8


def dropped_file(mime: QMimeData | None) -> Path | None:
    """The file a drag carries if it is one local .json (session) or .csv (dataset) file, else None."""
    if mime is None or not mime.hasUrls() or len(mime.urls()) != 1 or not mime.urls()[0].isLocalFile():
        return None
    path = Path(mime.urls()[0].toLocalFile())
    return path if path.suffix.lower() in (".json", ".csv") else None


class RecentFiles(QObject):
    """The list (QSettings key "files/recent", at most MAX_RECENT absolute paths) and its menu.

    `menu` ("menuRecent") holds actionRecent0..7 ("&1  name.json", the full path as tooltip) and
    actionClearRecent; it is disabled while the list is empty.
    """

    open_requested = Signal(str)  # the person picked this path from the menu

    def __init__(self, settings: QSettings, parent: QWidget):
        super().__init__(parent)
        if not isinstance(settings, QSettings):
            raise ValueError("settings must be a QSettings")
        self._settings = settings
        self.menu = QMenu("Open &Recent", parent, objectName="menuRecent")
        self._rebuild()

    def paths(self) -> list[str]:
        value = self._settings.value(RECENT_KEY, [])
        # QSettings hands back a bare string for a one-element list in some formats.
        value = [value] if isinstance(value, str) else value if isinstance(value, list) else []
        return [v for v in value if isinstance(v, str) and v][:MAX_RECENT]

    def add(self, path) -> None:
        full = str(Path(path).resolve())
        self._settings.setValue(RECENT_KEY, [full] + [p for p in self.paths() if p != full][:MAX_RECENT - 1])
        self._rebuild()

    def remove(self, path) -> None:
        full = str(Path(path).resolve())
        self._settings.setValue(RECENT_KEY, [p for p in self.paths() if p != full])
        self._rebuild()

    def remember_folder(self, path) -> None:
        """File dialogs start next in the folder of `path` (a file just read or written)."""
        self._settings.setValue(LAST_DIR_KEY, str(Path(path).resolve().parent))

    def last_folder(self, name: str = "") -> str:
        """The folder of the last file read or written (home if none, or gone), joined with `name` if given."""
        folder = self._settings.value(LAST_DIR_KEY, "")
        folder = folder if isinstance(folder, str) and os.path.isdir(folder) else os.path.expanduser("~")
        return os.path.join(folder, name) if name else folder

    @Slot()
    def clear(self) -> None:
        self._settings.setValue(RECENT_KEY, [])
        self._rebuild()

    def _rebuild(self) -> None:
        self.menu.clear()
        recent = self.paths()
        for i, full in enumerate(recent):
            action = self.menu.addAction(f"&{i + 1}  {Path(full).name}")
            action.setObjectName(f"actionRecent{i}")
            action.setToolTip(full)
            action.setStatusTip(full)
            action.triggered.connect(lambda _=False, p=full: self.open_requested.emit(p))
        self.menu.addSeparator()
        clear = self.menu.addAction("&Clear Menu")
        clear.setObjectName("actionClearRecent")
        clear.triggered.connect(self.clear)
        self.menu.setEnabled(bool(recent))
