"""Presentation mode beyond the widget font: the plots' text, points and lines (each view's `set_presentation`),
and View ▸ Hide Side Panel, which gives a projector's screen to the canvas and the plots.

pyqtgraph and QGraphicsView scenes do not follow the application's font, so the mode asks every view that
knows how (`set_presentation(scale)`) to scale itself; the side panel's state from before the mode comes back
when it ends.
"""
from __future__ import annotations

from PySide6.QtCore import QObject, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow, QScrollArea, QWidget

SIDE_PANEL_SHORTCUT = "Ctrl+B"


def scale_views(window: QMainWindow, scale: float) -> list[QWidget]:
    """Call `set_presentation(scale)` on every view of the window that has one; returns those views."""
    views = [w for w in window.findChildren(QWidget) if callable(getattr(type(w), "set_presentation", None))]
    for view in views:
        view.set_presentation(scale)
    return views


class SidePanelToggle(QObject):
    """View ▸ Hide Side Panel (Ctrl+B): the controls' column folds away and comes back."""

    def __init__(self, window: QMainWindow, panel: QScrollArea):
        super().__init__(window)
        self.panel = panel
        self.action = QAction("Hide &Side Panel", window, checkable=True, objectName="toggleSidePanelAction")
        self.action.setShortcut(QKeySequence(SIDE_PANEL_SHORTCUT))
        self.action.setToolTip("Fold the side panel away to give the canvas and plots the room (Ctrl+B)")
        self.action.toggled.connect(self._on_action_toggled)
        window.addAction(self.action)          # the shortcut works with the menu bar out of sight (full screen)
        self._before_presentation = (False, panel.minimumWidth())
        self._presenting = False

    def enter_presentation(self) -> None:
        """Called with the larger font set: the panel widens to fit its larger controls."""
        self._before_presentation = (self.action.isChecked(), self.panel.minimumWidth())
        self._presenting = True
        # The controls' size hints follow the new font from the event loop; the panel as context: a window
        # closed before then is left alone.
        QTimer.singleShot(0, self.panel, self._fit_width)

    def leave_presentation(self) -> None:
        self._presenting = False
        hidden, width = self._before_presentation
        self.panel.setMinimumWidth(width)
        self.action.setChecked(hidden)

    def _fit_width(self) -> None:
        content = self.panel.widget()
        if self._presenting and content is not None:
            scroll_bar = self.panel.verticalScrollBar().sizeHint().width()
            self.panel.setMinimumWidth(max(self.panel.minimumWidth(),
                                           content.sizeHint().width() + scroll_bar + 8))

    def _on_action_toggled(self, hidden: bool) -> None:
        self.panel.setVisible(not hidden)
