"""Presentation mode beyond the widget font: the plots' text, points and lines (each view's `set_presentation`),
and View ▸ Hide Side Panel, which gives a projector's screen to the canvas and the plots.

pyqtgraph and QGraphicsView scenes do not follow the application's font, so the mode asks every view that
knows how (`set_presentation(scale)`) to scale itself, and a view made during the mode too (`ViewScaler`); the
side panel's state from before the mode comes back when it ends.
"""
from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QApplication, QMainWindow, QScrollArea, QWidget

from playground.error_guard import guard_override

SIDE_PANEL_SHORTCUT = "Ctrl+B"
SCALE_PROPERTY = "presentationScale"      # the scale a view was last given


def scales_itself(thing: QObject) -> bool:
    return callable(getattr(type(thing), "set_presentation", None))


def scale_views(window: QMainWindow, scale: float) -> list[QObject]:
    """Call `set_presentation(scale)` on every view of the window that has one (widgets, and helpers such as
    the loss plot's step marker); returns those views."""
    views = [o for o in window.findChildren(QObject) if scales_itself(o)]
    for view in views:
        view.set_presentation(scale)
        view.setProperty(SCALE_PROPERTY, scale)
    return views


class ViewScaler(QObject):
    """Gives every view the mode's scale: those there now, and in the mode a view made later (a tab, a panel
    added afterwards) when it is first polished, just before it is first shown. The application-wide event
    filter is installed only while the mode lasts."""

    def __init__(self, window: QMainWindow):
        super().__init__(window)
        self._window = window
        self.scale = 1.0

    def set_scale(self, scale: float) -> None:
        app = QApplication.instance()
        if scale != 1 and self.scale == 1:
            app.installEventFilter(self)
        elif scale == 1:
            app.removeEventFilter(self)
        self.scale = scale
        scale_views(self._window, scale)

    @guard_override(fallback=False)
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (event.type() == QEvent.Type.Polish and isinstance(watched, QWidget) and scales_itself(watched)
                and watched.property(SCALE_PROPERTY) != self.scale and self._window.isAncestorOf(watched)):
            watched.set_presentation(self.scale)
            watched.setProperty(SCALE_PROPERTY, self.scale)
        return False


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
