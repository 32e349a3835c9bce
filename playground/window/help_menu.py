"""The Help menu: What's This? (Shift+F1), Keyboard shortcuts (made from the window's own actions) and About.

`install_help(window)` also gives every widget its help texts (playground/views/help_texts.py) and the app's
icon; the main window calls it once, after every panel exists.
"""
from __future__ import annotations

import platform
from html import escape
from importlib.metadata import PackageNotFoundError, version

import numpy
import pyqtgraph
import PySide6
from PySide6.QtCore import QObject, Qt, qVersion
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QMainWindow,
    QMenu,
    QMessageBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWhatsThis,
)

from playground.app_icon import app_icon
from playground.views.help_texts import explain_tree

DISTRIBUTION = "micrograd-playground"
LICENSE = "MIT"


def app_version() -> str:
    try:
        return version(DISTRIBUTION)
    except PackageNotFoundError:          # run from a clone that was never installed
        return "unknown (not installed)"


def plain(text: str) -> str:
    """A menu text as people read it: no mnemonic ampersands or trailing dots."""
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&").rstrip(".…").strip()


def shortcut_rows(window: QMainWindow) -> list[tuple[str, str, str]]:
    """(menu, action, keys) for every action of the window that has a shortcut, in menu order."""
    menus = {a.menu(): plain(a.text()) for a in window.menuBar().actions() if a.menu() is not None}
    order = list(menus.values())
    rows, seen = [], set()
    for action in window.findChildren(QAction):
        keys = [k.toString(QKeySequence.SequenceFormat.NativeText) for k in action.shortcuts()]
        if not keys or not action.text():
            continue
        menu = next((menus[o] for o in action.associatedObjects() if o in menus), "")
        row = (menu, plain(action.text()), ", ".join(keys))
        if row not in seen:
            seen.add(row)
            rows.append(row)
    rows.sort(key=lambda r: order.index(r[0]) if r[0] in order else len(order))
    return rows


def versions() -> list[tuple[str, str]]:
    return [("micrograd playground", app_version()), ("Python", platform.python_version()),
            ("Qt", qVersion()), ("PySide6", PySide6.__version__), ("pyqtgraph", pyqtgraph.__version__),
            ("numpy", numpy.__version__)]


def about_text() -> str:
    rows = "".join(f"<tr><td>{escape(name)}</td><td>&nbsp;&nbsp;{escape(v)}</td></tr>" for name, v in versions())
    return ("<h3>micrograd playground</h3>"
            "<p>Draw a 2D dataset, pick a small neural network, press Train and watch it learn, on a readable "
            "scalar autograd engine with micrograd's API.</p>"
            f"<table>{rows}</table>"
            f"<p>Licence: {LICENSE}.</p>")


class HelpMenu(QObject):
    """The menu's actions and the dialogs they open (kept, so tests and a second click find them)."""

    def __init__(self, window: QMainWindow):
        super().__init__(window)
        self.setObjectName("helpMenu")
        self.window = window
        self.about_box: QMessageBox | None = None
        self.shortcuts_dialog: QDialog | None = None
        self.menu: QMenu = window.menuBar().addMenu("&Help")
        self.menu.setObjectName("menuHelp")
        self.whats_this = QWhatsThis.createAction(window)
        self.whats_this.setObjectName("actionWhatsThis")
        self.whats_this.setText("What's &This?")
        self.whats_this.setShortcut(QKeySequence("Shift+F1"))
        self.shortcuts = QAction("&Keyboard Shortcuts", window, objectName="actionShortcuts")
        self.shortcuts.setShortcut(QKeySequence.StandardKey.HelpContents)
        self.shortcuts.triggered.connect(self.show_shortcuts)
        self.about = QAction("&About micrograd playground", window, objectName="actionAbout")
        self.about.setMenuRole(QAction.MenuRole.AboutRole)
        self.about.triggered.connect(self.show_about)
        for action in (self.whats_this, self.shortcuts):
            self.menu.addAction(action)
            window.addAction(action)          # their keys work with the menu bar hidden (full screen)
        self.menu.addSeparator()
        self.menu.addAction(self.about)

    def show_shortcuts(self) -> QDialog:
        rows = shortcut_rows(self.window)
        dialog = QDialog(self.window, objectName="shortcutsDialog", windowTitle="Keyboard shortcuts")
        table = QTableWidget(len(rows), 3, dialog, objectName="shortcutsTable")
        table.setHorizontalHeaderLabels(["Menu", "Action", "Keys"])
        for r, row in enumerate(rows):
            for c, text in enumerate(row):
                table.setItem(r, c, QTableWidgetItem(text))
        table.verticalHeader().hide()
        table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        table.horizontalHeader().setStretchLastSection(True)
        table.setAccessibleName("Keyboard shortcuts")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, dialog)
        buttons.rejected.connect(dialog.reject)
        layout = QVBoxLayout(dialog)
        layout.addWidget(table)
        layout.addWidget(buttons)
        width = table.horizontalHeader().length() + table.frameWidth() * 2 + 40
        height = table.verticalHeader().length() + table.horizontalHeader().height() + 90
        dialog.resize(max(width, 420), min(height, 640))
        if self.shortcuts_dialog is not None:      # one at a time; a new one lists the actions as they are now
            self.shortcuts_dialog.deleteLater()
        self.shortcuts_dialog = dialog
        dialog.open()
        return dialog

    def show_about(self) -> QMessageBox:
        box = QMessageBox(self.window, objectName="aboutBox", windowTitle="About micrograd playground")
        box.setTextFormat(Qt.TextFormat.RichText)
        box.setText(about_text())
        box.setIconPixmap(app_icon().pixmap(96, 96))
        box.setStandardButtons(QMessageBox.StandardButton.Close)
        if self.about_box is not None:
            self.about_box.deleteLater()
        self.about_box = box
        box.open()
        return box


def install_help(window: QMainWindow) -> HelpMenu:
    window.setWindowIcon(app_icon())
    explain_tree(window)
    return HelpMenu(window)
