"""The File menu: New, Open, Open Recent, Save, Save As, CSV import/export, image and model export.

FileMenu holds the window's SessionFiles and SessionExports (composed, not inherited): it makes the QActions
(stable objectNames, the usual shortcuts) and their slots, which ask for a file name and then call the
dialog-free operations of those two.
"""
from __future__ import annotations

import re

from PySide6.QtCore import QObject, Slot
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu, QMenuBar, QWidget

from playground.files import dialogs
from playground.files import view_export as export
from playground.files.dialogs import CSV_FILTER, SESSION_FILTER
from playground.files.session_exports import SessionExports
from playground.files.session_files import SessionFiles


class FileMenu(QObject):
    """The File menu's actions over `files` and `exports`; `parent` (the window) owns the actions and
    parents the dialogs. `actions` maps objectName -> QAction; install() puts them in a menu."""

    def __init__(self, files: SessionFiles, exports: SessionExports, parent: QWidget):
        if not isinstance(files, SessionFiles) or not isinstance(exports, SessionExports):
            raise ValueError("FileMenu needs the window's SessionFiles and SessionExports")
        if not isinstance(parent, QWidget):
            raise ValueError("parent must be the main window (a QWidget)")
        super().__init__(parent)
        self._files, self._exports, self._window = files, exports, parent
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
        menu.addMenu(self._files.recent_menu)
        menu.addSeparator()
        menu.addActions([a["actionSave"], a["actionSaveAs"]])
        menu.addSeparator()
        menu.addActions([a["actionImportCsv"], a["actionExportCsv"]])
        menu.addSeparator()
        menu.addActions([a["actionExportImage"], a["actionExportModel"]])
        return menu

    def _ask_save_name(self, title: str, name: str, filters: str) -> tuple[str, str]:
        return dialogs.ask_save_name(self._window, title, self._files.recent.last_folder(name), filters)

    @Slot()
    def _on_new_triggered(self) -> bool:
        return self._files.new_session()

    @Slot()
    def _on_open_triggered(self) -> bool:
        if not self._files.maybe_save():  # before the file dialog, so Cancel there is free of consequences
            return False
        path = dialogs.ask_open_name(self._window, "Open Session", self._files.recent.last_folder(), SESSION_FILTER)
        return bool(path) and self._files.open_path(path, ask_to_save=False)

    @Slot()
    def _on_save_triggered(self) -> bool:
        return self._files.save()

    @Slot()
    def _on_save_as_triggered(self) -> bool:
        return self._files.save_as()

    @Slot()
    def _on_import_csv_triggered(self) -> bool:
        path = dialogs.ask_open_name(self._window, "Import Dataset", self._files.recent.last_folder(), CSV_FILTER)
        return bool(path) and self._files.import_csv(path)

    @Slot()
    def _on_export_csv_triggered(self) -> bool:
        stem = self._files.path.stem if self._files.path else "dataset"
        path, _ = self._ask_save_name("Export Dataset", f"{stem}.csv", CSV_FILTER)
        return bool(path) and self._exports.export_csv(path)

    @Slot()
    def _on_export_image_triggered(self) -> bool:
        names = self._exports.image_names()
        if not names:
            self._files.report_error("There is no view to export.", ValueError("no views were registered"))
            return False
        name = dialogs.ask_item(self._window, "Export Image", "View to export:", names)
        if name is None:
            return False
        slug = re.sub(r"[^\w-]+", "-", name.lower()).strip("-") or "view"
        path, _ = self._ask_save_name("Export Image", f"{slug}.png", export.IMAGE_FILTERS)
        return bool(path) and self._exports.export_image(name, path)

    @Slot()
    def _on_export_model_triggered(self) -> bool:
        filters = ";;".join(export.MODEL_FILTERS.values())
        path, chosen = self._ask_save_name("Export Model", "model.py", filters)
        if not path:
            return False
        kinds = {f: k for k, f in export.MODEL_FILTERS.items()}
        kind = kinds.get(chosen) or ("json" if path.lower().endswith(".json") else "engine")
        return self._exports.export_model(path, kind)
