"""View ▸ Theme (system / light / dark, remembered), View ▸ Presentation mode (F11: full screen, larger text,
points and lines; presentation.py) and View ▸ Hide Side Panel, added to the View menu the canvas's zoom
actions live in.

Themes are application palettes: every view already repaints on a PaletteChange (canvas, curves, network,
graphs). "System" hands the palette back to the platform and follows the system's light/dark switch live
(QStyleHints.colorSchemeChanged), standing in a palette of ours where a style ignores the scheme; a chosen
light or dark theme wins over the system's.
"""
from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtCore import QObject, Qt, Slot
from PySide6.QtGui import QAction, QActionGroup, QColor, QGuiApplication, QKeySequence, QPalette
from PySide6.QtWidgets import QApplication, QMainWindow, QMenu, QScrollArea

from playground.views.palette import is_dark
from playground.window.presentation import SidePanelToggle, ViewScaler

THEMES = ("system", "light", "dark")
THEME_KEY = "view/theme"
PRESENTATION_SCALE = 1.5        # text size in presentation mode, relative to the normal size


def dark_palette() -> QPalette:
    p = QPalette()
    roles = QPalette.ColorRole
    for role, color in ((roles.Window, "#2b2d2f"), (roles.WindowText, "#e6e6e6"), (roles.Base, "#1f2022"),
                        (roles.AlternateBase, "#2a2b2e"), (roles.ToolTipBase, "#3a3c3f"),
                        (roles.ToolTipText, "#f0f0f0"), (roles.PlaceholderText, "#8a8a8a"), (roles.Text, "#e6e6e6"),
                        (roles.Button, "#36383b"), (roles.ButtonText, "#e6e6e6"), (roles.BrightText, "#ff6b6b"),
                        (roles.Light, "#4a4c50"), (roles.Midlight, "#3e4043"), (roles.Mid, "#2f3134"),
                        (roles.Dark, "#18191b"), (roles.Shadow, "#000000"), (roles.Highlight, "#0877bd"),
                        (roles.HighlightedText, "#ffffff"), (roles.Link, "#66b3e6"), (roles.LinkVisited, "#b58ad8")):
        p.setColor(role, QColor(color))
    for role in (roles.WindowText, roles.Text, roles.ButtonText):
        p.setColor(QPalette.ColorGroup.Disabled, role, QColor("#7d7f83"))
    return p


def light_palette() -> QPalette:
    return QApplication.style().standardPalette()


def apply_theme_palette(theme: str, scheme: Qt.ColorScheme | None = None) -> None:
    """`scheme`: the system's colour scheme for "system" (default: what the style hints say now)."""
    app = QApplication.instance()
    if theme == "dark":
        app.setPalette(dark_palette())
    elif theme == "light":
        app.setPalette(light_palette())
    else:
        app.setPalette(QPalette())    # nothing set: the platform's palette, following the system live
        if scheme is None:
            scheme = QGuiApplication.styleHints().colorScheme()
        # Some styles keep a light palette in a dark system (and back): then ours stands in for theirs.
        if scheme == Qt.ColorScheme.Dark and not is_dark(app.palette().color(QPalette.ColorRole.Window)):
            app.setPalette(dark_palette())
        elif scheme == Qt.ColorScheme.Light and is_dark(app.palette().color(QPalette.ColorRole.Window)):
            app.setPalette(light_palette())
    palette = app.palette()           # plots made from now on start in the theme's colours too
    pg.setConfigOptions(background=palette.base().color(), foreground=palette.text().color())


class ViewMenu(QObject):
    def __init__(self, window: QMainWindow):
        super().__init__(window)
        self.setObjectName("viewMenuExtras")
        self.window = window
        self.menu = find_menu(window, "View") or window.menuBar().addMenu("&View")
        self.menu.addSeparator()
        theme_menu = self.menu.addMenu("&Theme")
        theme_menu.setObjectName("menuTheme")
        self.theme_group = QActionGroup(self, exclusive=True)
        self.theme_actions: dict[str, QAction] = {}
        for theme in THEMES:
            action = QAction(theme.capitalize(), self.theme_group, checkable=True, objectName=f"actionTheme{theme}")
            action.setToolTip(f"Use the {theme} colours" if theme != "system" else "Follow the system's colours")
            action.triggered.connect(lambda _checked=False, t=theme: self.set_theme(t))
            theme_menu.addAction(action)
            self.theme_actions[theme] = action
        self.presentation = QAction("&Presentation Mode", window, checkable=True, objectName="actionPresentation")
        self.presentation.setShortcut(QKeySequence("F11"))
        self.presentation.setToolTip("Full screen and larger text, for a projector")
        self.presentation.toggled.connect(self.set_presentation_mode)
        self.menu.addAction(self.presentation)
        window.addAction(self.presentation)         # F11 works with the menu bar out of sight
        self.side_panel = SidePanelToggle(window, window.findChild(QScrollArea, "sideScroll"))
        self.view_scaler = ViewScaler(window)
        self.menu.addAction(self.side_panel.action)
        self._normal_font_size = 0.0
        self._was_maximized = False
        # Live: the system switching light/dark re-themes the app, unless a theme is chosen (it wins).
        self._system_scheme = QGuiApplication.styleHints().colorScheme()
        QGuiApplication.styleHints().colorSchemeChanged.connect(self._on_color_scheme_changed)
        saved = window.settings.value(THEME_KEY, "system")
        self.set_theme(saved if saved in THEMES else "system", remember=False)

    def theme(self) -> str:
        return next(t for t, a in self.theme_actions.items() if a.isChecked())

    def set_theme(self, theme: str, remember: bool = True) -> None:
        self.theme_actions[theme].setChecked(True)
        apply_theme_palette(theme, self._system_scheme)
        if remember:
            self.window.settings.setValue(THEME_KEY, theme)

    @Slot(Qt.ColorScheme)
    def _on_color_scheme_changed(self, scheme: Qt.ColorScheme) -> None:
        self._system_scheme = scheme
        if self.theme() == "system":
            apply_theme_palette("system", scheme)

    def set_presentation_mode(self, on: bool) -> None:
        app = QApplication.instance()
        font = app.font()
        if on:
            self._normal_font_size = font.pointSizeF()
            self._was_maximized = self.window.isMaximized()
            font.setPointSizeF(self._normal_font_size * PRESENTATION_SCALE)
            app.setFont(font)
            self.view_scaler.set_scale(PRESENTATION_SCALE)
            self.side_panel.enter_presentation()
            self.window.showFullScreen()
        else:
            if self._normal_font_size > 0:
                font.setPointSizeF(self._normal_font_size)
                app.setFont(font)
            self.view_scaler.set_scale(1.0)
            self.side_panel.leave_presentation()
            self.window.showMaximized() if self._was_maximized else self.window.showNormal()


def find_menu(window: QMainWindow, title: str) -> QMenu | None:
    for action in window.menuBar().actions():
        if action.menu() is not None and action.text().replace("&", "") == title:
            return action.menu()
    return None


def install_view_menu(window: QMainWindow) -> ViewMenu:
    return ViewMenu(window)
