"""The File menu: New, Open, Open Recent, Save, Save As, CSV import/export, image and model export.

FileActions adds the QActions (stable objectNames, the usual shortcuts) and their slots, which ask for a file
name and then call the dialog-free operations of SessionFiles (session_files.py).
"""
from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtCore import Slot
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu, QMenuBar

from playground.files import dialogs
from playground.files import view_export as export
from playground.files.session_files import CSV_FILTER, SESSION_FILTER, SessionFiles


class FileActions(SessionFiles):
    """SessionFiles plus its File menu. Same constructor; `actions` maps objectName -> QAction."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.actions = self._make_actions()

    # -- building ----------------------------------------------------------------------------------
    def _make_actions(self) -> dict[str, QAction]:
        specs = [  # objectName, text, shortcut, slot
            ("actionNew", "&New", "Ctrl+N", self._on_new_triggered),
            ("actionOpen", "&Open…", "Ctrl+O", self._on_open_triggered),
            ("actionSave", "&Save", "Ctrl+S", self._on_save_triggered),
            ("actionSaveAs", "Save &As…", "Ctrl+Shift+S", self._on_save_as_triggered),
            ("actionImportCsv", "&Import Dataset CSV…", "", self._on_import_csv_triggered),
            ("actionExportCsv", "E&xport Dataset CSV…", "", self._on_export_csv_triggered),
            ("actionExportImage", "Export Ima&ge (PNG, SVG)…", "", self._on_export_image_triggered),
            ("actionExportModel", "Export &Model (Python, PyTorch, JSON)…", "", self._on_export_model_triggered),
        ]
        actions = {}
        for name, text, shortcut, slot in specs:
            action = QAction(text, self._window, objectName=name)
            if shortcut:
                action.setShortcut(QKeySequence(shortcut))
            action.triggered.connect(slot)
            actions[name] = action
        return actions

    def install(self, target: QMenuBar | QMenu) -> QMenu:
        """Fill the File menu: a QMenuBar gets a new first menu ("menuFile"); a QMenu (one the window already
        made) is filled as it is. Returns the menu."""
        if isinstance(target, QMenuBar):
            menu = QMenu("&File", target, objectName="menuFile")
            target.insertMenu(target.actions()[0] if target.actions() else None, menu)
        elif isinstance(target, QMenu):
            menu = target
            menu.setObjectName(menu.objectName() or "menuFile")
        else:
            raise ValueError("install() needs the window's QMenuBar or its File QMenu")
        a = self.actions
        menu.addActions([a["actionNew"], a["actionOpen"]])
        menu.addMenu(self.recent_menu)
        menu.addSeparator()
        menu.addActions([a["actionSave"], a["actionSaveAs"]])
        menu.addSeparator()
        menu.addActions([a["actionImportCsv"], a["actionExportCsv"]])
        menu.addSeparator()
        menu.addActions([a["actionExportImage"], a["actionExportModel"]])
        return menu

    @Slot()
    def _on_new_triggered(self) -> bool:
        return self.new_session()

    @Slot()
    def _on_open_triggered(self) -> bool:
        if not self.maybe_save():  # before the file dialog, so Cancel there is free of consequences
            return False
        path = dialogs.ask_open_name(self._window, "Open Session", self._folder(), SESSION_FILTER)
        return bool(path) and self._open_session(Path(path))

    @Slot()
    def _on_save_triggered(self) -> bool:
        return self.save()

    @Slot()
    def _on_save_as_triggered(self) -> bool:
        return self.save_as()

    @Slot()
    def _on_import_csv_triggered(self) -> bool:
        path = dialogs.ask_open_name(self._window, "Import Dataset", self._folder(), CSV_FILTER)
        return bool(path) and self.import_csv(path)

    @Slot()
    def _on_export_csv_triggered(self) -> bool:
        stem = self._path.stem if self._path else "dataset"
        path, _ = self._ask_save_name("Export Dataset", f"{stem}.csv", CSV_FILTER)
        return bool(path) and self.export_csv(path)

    @Slot()
    def _on_export_image_triggered(self) -> bool:
        names = list(self._image_targets())
        if not names:
            self._error("There is no view to export.", ValueError("no views were registered"))
            return False
        name = dialogs.ask_item(self._window, "Export Image", "View to export:", names)
        if name is None:
            return False
        slug = re.sub(r"[^\w-]+", "-", name.lower()).strip("-") or "view"
        path, _ = self._ask_save_name("Export Image", f"{slug}.png", export.IMAGE_FILTERS)
        return bool(path) and self.export_image(name, path)

    @Slot()
    def _on_export_model_triggered(self) -> bool:
        filters = ";;".join(export.MODEL_FILTERS.values())
        path, chosen = self._ask_save_name("Export Model", "model.py", filters)
        if not path:
            return False
        kinds = {f: k for k, f in export.MODEL_FILTERS.items()}
        kind = kinds.get(chosen) or ("json" if path.lower().endswith(".json") else "engine")
        return self.export_model(path, kind)
